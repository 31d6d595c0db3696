"""``kinerja demo`` (what ``make demo`` runs) on a fresh copy of the sample year."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kinerja.cli.demo import run_demo
from kinerja.paths import Workspace


def test_demo_validates_the_sample_and_prints_capaian(sample_workspace: Workspace, config, capsys) -> None:
    code = run_demo(sample_workspace, config, reports=False)
    out = capsys.readouterr().out
    assert code == 0
    assert "Templat lembar kerja ditulis" in out
    for label in ("Triwulan I:", "Triwulan II:", "Triwulan III:", "Triwulan IV:"):
        assert label in out
    assert "Capaian" in out and "%" in out
    assert not (sample_workspace.root / "laporan").exists()


def test_demo_without_sample_data_fails_clearly(tmp_path: Path, config, capsys) -> None:
    assert run_demo(Workspace(tmp_path), config, reports=False) == 1
    assert "kinerja sampel" in capsys.readouterr().err


@pytest.mark.slow
def test_demo_walks_the_whole_sop_year_returning_and_approving_tw_ii(tmp_path: Path, capsys) -> None:
    """The whole demo in a sample workspace, as the SOP goes: TW II (deliberate galat) is returned
    by the Sekretaris with a note naming its galat, corrected, resubmitted and approved; every
    quarter is approved, finalized and documented by the sample people (their sample keys sign);
    the annual case is documented with its final report in the archive; the signed history
    passes the audit."""
    from kinerja.alur import sop
    from kinerja.alur.store import Store
    from kinerja.alur.workflow import load_case
    from kinerja.config import load_workspace_config
    from kinerja.lembar.findings import has_galat
    from kinerja.lembar.validate import validate_workbooks
    from kinerja.workspace import init_workspace

    ws = init_workspace(tmp_path / "contoh", contoh=True)
    (ws.root / "kunci-sampel").rename(ws.root / "kunci-lama")  # a fresh clone has no sample keys: the demo writes them
    config = load_workspace_config(ws.root)
    assert run_demo(ws, config) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert "Triwulan II: dikembalikan oleh Sekretaris untuk perbaikan (4 galat)" in out
    assert "Triwulan II: disetujui dan didokumentasikan" in out
    with Store(ws.database) as store:
        quarters = {n: load_case(store, config, 2025, n) for n in range(1, 5)}
        annual = load_case(store, config, 2025, None)
    assert {n: k.keadaan for n, k in quarters.items()} == {n: "selesai" for n in range(1, 5)}
    assert annual.keadaan == "selesai_tahunan"
    tw2 = [e.aksi for e in quarters[2].events]
    returned = [e for e in quarters[2].events if sop.langkah(e.aksi).mengembalikan]
    assert len(returned) == 1 and "4 galat" in returned[0].catatan
    assert tw2.index(returned[0].aksi) < tw2.index("setujui")  # returned first, approved after the correction
    assert tw2.count("ajukan") == 2
    assert all(not sop.langkah(e.aksi).mengembalikan for n in (1, 3, 4) for e in quarters[n].events)
    corrected = validate_workbooks([ws.raw_for(2025, 2)], config, tahun=2025, triwulan=2)
    assert not has_galat(corrected.temuan)
    archived = sorted(p.name for p in (ws.archive / "2025").iterdir())
    assert archived == ["tahunan", "triwulan-1", "triwulan-2", "triwulan-3", "triwulan-4"]
    assert list((ws.archive / "2025" / "tahunan").rglob("laporan-tahunan-2025.pdf"))
    final_html = next((ws.archive / "2025" / "tahunan").rglob("laporan-tahunan-2025.html")).read_text(encoding="utf-8")
    assert "belum ada untuk Triwulan II" not in final_html
    audit = subprocess.run([sys.executable, "-m", "kinerja.cli", "--ruang-kerja", str(ws.root), "audit", "verifikasi"],
                           capture_output=True, text=True, check=False)
    assert audit.returncode == 0, audit.stdout + audit.stderr
