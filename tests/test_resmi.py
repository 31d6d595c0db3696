"""The one rule that keeps every writer but publishing and documenting out of official results."""

from __future__ import annotations

import sys

import pytest
from _util_alur import drive, make_workspace
from click.testing import CliRunner

from kinerja.cli.commands import main
from kinerja.errors import UsageError
from kinerja.resmi import official_folder, refuse_official_target
from kinerja.terbitan import current


@pytest.fixture
def documented(tmp_path, config):
    ws = make_workspace(tmp_path / "ws", reports_for=(1,))
    drive(ws, config, "dokumentasikan")
    return ws


def test_published_sets_report_folders_and_the_archive_are_official(documented):
    ws = documented
    published = current(ws.report_dir(2025, 1)).folder
    archived = ws.archive_dir(2025, 1) / "versi-1"
    for target in (published, published / "capaian.json", ws.report_dir(2025, 1) / "capaian.json",
                   ws.report_dir(2025, 3) / "baru", archived / "laporan", ws.archive / "2026" / "x.json",
                   ws.archive_dir(2025, 1) / ".cadangan" / "versi-1"):
        assert official_folder(target) is not None, target
        with pytest.raises(UsageError) as info:
            refuse_official_target(target)
        assert "kinerja laporan" in str(info.value) and str(target) in str(info.value)


def test_everything_else_may_be_written(documented, tmp_path):
    ws = documented
    for target in (tmp_path / "hasil", ws.root / "eksplorasi" / "capaian.json", ws.reports / "2025" / ".triwulan-1.abc.tmp",
                   ws.reports / "rekap.xlsx", ws.raw / "2025"):
        assert official_folder(target) is None, target
        refuse_official_target(target)


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need administrator rights on Windows")
def test_a_link_into_the_archive_is_the_archive(documented, tmp_path):
    link = tmp_path / "pintasan"
    link.symlink_to(documented.archive_dir(2025, 1) / "versi-1", target_is_directory=True)
    assert official_folder(link / "capaian.json") is not None


def test_a_published_set_outside_any_workspace_is_recognised(documented, tmp_path):
    import shutil

    copy = tmp_path / "salinan"
    shutil.copytree(documented.report_dir(2025, 1), copy)
    assert official_folder(copy / current(copy).folder.name / "meta.json") is not None


def test_the_cli_refuses_an_output_inside_official_results(documented):
    ws = documented
    target = current(ws.report_dir(2025, 1)).folder / "capaian.csv"
    result = CliRunner().invoke(main, ["--ruang-kerja", str(ws.root), "templat", "--tahun", "2025", "--keluaran",
                                       str(ws.archive_dir(2025, 1) / "versi-1" / "templat.xlsx")])
    assert result.exit_code == 2 and "arsip" in result.output and "Traceback" not in result.output
    result = CliRunner().invoke(main, ["--ruang-kerja", str(ws.root), "status", "--tahun", "2025", "--format", "csv",
                                       "--keluaran", str(target)])
    assert result.exit_code == 2 and "Hasil resmi hanya ditulis" in result.output
    assert not target.exists()
    result = CliRunner().invoke(main, ["--ruang-kerja", str(ws.root), "sampel", "--keluaran", str(ws.archive / "2025")])
    assert result.exit_code == 2 and not list((ws.archive / "2025").glob("*.xlsx"))
