"""Which files are a quarter's workbooks: one rule (paths.workbooks_in), used by the reader, the
report runner and the archive alike."""

from __future__ import annotations

import datetime as dt

from _util_alur import make_workspace, publish_report

from kinerja.alur.archive import document
from kinerja.laporan.jalan.runner import _has_inputs
from kinerja.lembar.reader import collect_paths
from kinerja.paths import Workspace, workbooks_in


def _files(folder, names):
    for name in names:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"PK isi")


def test_workbooks_in_the_rules(tmp_path):
    _files(tmp_path, ["b.xlsx", "a.XLSM", "lama.xls", "sub/irban-1.xlsx", "~$b.xlsx", ".tersembunyi.xlsx",
                      ".git/x.xlsx", "~$kunci/y.xlsx", "b-bertanda.xlsx", "catatan.txt", "data.csv"])
    (tmp_path / "folder.xlsx").mkdir()
    assert [p.relative_to(tmp_path).as_posix() for p in workbooks_in(tmp_path)] == [
        "a.XLSM", "b.xlsx", "lama.xls", "sub/irban-1.xlsx"]
    assert workbooks_in(tmp_path / "tidak-ada") == []


def test_a_workbook_in_a_subfolder_counts_for_reader_runner_and_archive(tmp_path):
    ws = make_workspace(tmp_path, reports_for=(2,))
    folder = ws.raw / "2025" / "triwulan-2"
    _files(folder, ["irban/rencana-aksi-irban-1.xlsx", "~$lock.xlsx"])
    assert [p for p, _ in collect_paths([folder])] == [folder / "irban" / "rencana-aksi-irban-1.xlsx"]
    assert _has_inputs(ws, 2025, 2)
    draft = publish_report(ws, 2025, 2)  # the report made from these inputs, approved, then rendered final
    publish_report(ws, 2025, 2, final=True)
    version = document(ws, 2025, 2, pengguna="rizal", waktu=dt.datetime(2025, 7, 11, 9), disetujui=["abc"],
                       laporan_disetujui=draft.manifest_sha256)
    assert "sumber/irban/rencana-aksi-irban-1.xlsx" in version.files
    assert not any("~$" in f for f in version.files)


def test_year_folder_without_quarter_folders_and_other_quarters_left_out(tmp_path):
    ws = Workspace(tmp_path)
    year = ws.raw / "2025"
    _files(year, ["semua.xlsx", "triwulan-1/tw1.xlsx"])
    assert ws.quarter_workbooks(2025, 1) == [year / "triwulan-1" / "tw1.xlsx"]
    assert ws.quarter_workbooks(2025, 3) == [year / "semua.xlsx"]  # no triwulan-3 folder: never TW I's files
    assert _has_inputs(ws, 2025, 4)  # the year folder itself holds semua.xlsx


def test_init_makes_one_folder_per_quarter_of_the_running_year(tmp_path):
    import datetime as dt

    from kinerja.numbers import last_finished_quarter
    from kinerja.workspace import init_workspace

    ws = init_workspace(tmp_path / "kantor")
    year = last_finished_quarter(dt.date.today())[0]
    assert [ws.quarter_folder(year, n).is_dir() for n in (1, 2, 3, 4)] == [True] * 4
    assert ws.quarter_folder(year, 2) == ws.raw / str(year) / "triwulan-2"
