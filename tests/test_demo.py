"""``kinerja demo`` (what ``make demo`` runs) on a fresh copy of the sample year."""

from __future__ import annotations

from pathlib import Path

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
