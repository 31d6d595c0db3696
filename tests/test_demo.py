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
def test_demo_walks_the_whole_sop_year_in_its_own_workspace(tmp_path: Path, monkeypatch) -> None:
    """``kinerja demo`` in a repository checkout (what ``make demo`` runs) works in a sample workspace of
    its own and leaves every file of the checkout as it was. There the whole year goes as the SOP does:
    TW II (deliberate galat) cannot be handed over (the SOP's guard) until its corrected workbooks come
    in through the upload path (signed events; the earlier ones kept in data/diganti), then it is
    submitted and approved; every quarter is approved, final and documented by the sample people (their sample keys
    sign); the annual report is submitted, approved, final (saying who approved and when) and documented;
    the signed history passes the audit."""
    import hashlib

    from click.testing import CliRunner

    from kinerja import paths, terbitan
    from kinerja.alur.store import Store
    from kinerja.alur.workflow import load_case
    from kinerja.cli.commands import main
    from kinerja.cli.demo import DEMO_FOLDER
    from kinerja.config import load_workspace_config
    from kinerja.domain import sop
    from kinerja.lembar.findings import has_galat
    from kinerja.lembar.validate import validate_workbooks
    from kinerja.workspace import init_workspace

    checkout = init_workspace(tmp_path / "checkout", contoh=True).root
    (checkout / ".git").mkdir()
    (checkout / "kunci-sampel").rename(checkout / "kunci-lama")  # a fresh clone has no sample keys
    monkeypatch.setattr(paths, "PROJECT_ROOT", checkout)

    def files() -> dict[str, str]:
        return {p.relative_to(checkout).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in checkout.rglob("*") if p.is_file() and DEMO_FOLDER not in p.relative_to(checkout).parts}

    before = files()
    result = CliRunner().invoke(main, ["--ruang-kerja", str(checkout), "demo"])
    assert result.exit_code == 0, result.output
    assert files() == before  # the checkout is untouched: no file changed, added or removed
    out = result.output
    assert f"ruang kerja contoh baru {checkout / DEMO_FOLDER}" in out
    assert "Triwulan II: bahan belum dapat diserahkan (Bahan TW II 2025 belum dapat diserahkan: lembar kerja" in out
    assert "Triwulan II: perbaikan rencana-aksi-" in out
    assert "Triwulan II: disetujui dan didokumentasikan" in out

    ws = paths.Workspace(checkout / DEMO_FOLDER)
    config = load_workspace_config(ws.root)
    with Store(ws.database) as store:
        quarters = {n: load_case(store, config, 2025, n) for n in range(1, 5)}
        annual = load_case(store, config, 2025, None)
    assert {n: k.keadaan for n, k in quarters.items()} == {n: "selesai" for n in range(1, 5)}
    tw2 = [e.aksi for e in quarters[2].events]
    # TW II's material had galat: it could not be handed over until the corrected workbooks came in
    # through the upload path, each a signed event, before the handover
    assert tw2[:2] == ["tugaskan", "perintahkan"] and tw2.count("simpan_bahan") == 4
    assert tw2.index("simpan_bahan") < tw2.index("serahkan_bahan") < tw2.index("ajukan") < tw2.index("setujui")
    assert all(not quarters[n].pengembalian for n in (1, 2, 3, 4))
    corrected = validate_workbooks([ws.raw_for(2025, 2)], config, tahun=2025, triwulan=2)
    assert not has_galat(corrected.temuan)
    assert len(list((ws.root / "data" / "diganti" / "2025" / "triwulan-2").glob("*.xlsx"))) == 4  # returned copies kept
    assert [e.aksi for e in annual.events] == [s.aksi for s in sop.jalur_utama(sop.TAHUNAN)]
    assert [e.pengguna for e in annual.events] == ["rizal", "siti", "rizal"]
    archived = sorted(p.name for p in (ws.archive / "2025").iterdir())
    assert archived == ["tahunan", "triwulan-1", "triwulan-2", "triwulan-3", "triwulan-4"]
    final = terbitan.current(ws.report_dir(2025, None))
    assert final.info["status"] == "final" and final.info["persetujuan"].startswith(
        "disetujui oleh Hj. Siti Rahmawati, S.H., M.H. (Sekretaris) pada ")
    assert (final.folder / "laporan-tahunan-2025.pdf").is_file()
    final_html = (final.folder / "laporan-tahunan-2025.html").read_text(encoding="utf-8")
    assert "belum ada untuk Triwulan II" not in final_html and "DRAF" not in final_html.split("<main", 1)[-1][:2000]
    audit = subprocess.run([sys.executable, "-m", "kinerja.cli", "--ruang-kerja", str(ws.root), "audit", "verifikasi"],
                           capture_output=True, text=True, check=False)
    assert audit.returncode == 0, audit.stdout + audit.stderr


def test_demo_in_another_workspace_runs_there(tmp_path: Path) -> None:
    """Outside the checkout ``kinerja --ruang-kerja W demo`` runs in W itself."""
    from kinerja.cli.demo import demo_workspace

    ws = Workspace(tmp_path)
    assert demo_workspace(ws) == (ws, "")
