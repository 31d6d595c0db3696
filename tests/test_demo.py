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
def test_demo_walks_the_sop_so_the_annual_report_counts_approved_quarters(tmp_path: Path, capsys) -> None:
    """The whole demo in a sample workspace: every clean quarter is approved, finalized and archived by
    the sample people (their sample keys sign), TW II with its deliberate galat stays DRAF, the annual
    report says so, and the signed history passes the audit."""
    from kinerja.alur.store import Store
    from kinerja.alur.workflow import load_case
    from kinerja.config import load_workspace_config
    from kinerja.workspace import init_workspace

    ws = init_workspace(tmp_path / "contoh", contoh=True)
    (ws.root / "kunci-sampel").rename(ws.root / "kunci-lama")  # a fresh clone has no sample keys: the demo writes them
    config = load_workspace_config(ws.root)
    assert run_demo(ws, config) == 0, capsys.readouterr().err
    with Store(ws.database) as store:
        states = {n: load_case(store, config, 2025, n).keadaan for n in range(1, 5)}
    assert states == {1: "selesai", 2: "pemeriksaan", 3: "selesai", 4: "selesai"}
    assert sorted(p.name for p in (ws.archive / "2025").iterdir()) == ["triwulan-1", "triwulan-3", "triwulan-4"]
    annual = next((ws.reports / "2025" / "tahunan").rglob("laporan-tahunan-2025.html")).read_text(encoding="utf-8")
    assert "belum ada untuk Triwulan II" in annual
    audit = subprocess.run([sys.executable, "-m", "kinerja.cli", "--ruang-kerja", str(ws.root), "audit", "verifikasi"],
                           capture_output=True, text=True, check=False)
    assert audit.returncode == 0, audit.stdout + audit.stderr
