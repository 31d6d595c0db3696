"""Bounded input: hostile workbooks are findings before the parser sees them; .ods files are read."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from _util_hostile import build

from kinerja.config import Batas
from kinerja.lembar.batas import _xlsx_extent, check_workbook
from kinerja.lembar.findings import Kode
from kinerja.lembar.reader import read_workbooks

SCRIPT = str(Path(sys.executable).parent / "kinerja")


@pytest.fixture(scope="module")
def corpus(sample_year, tmp_path_factory):
    _raw, workbooks = sample_year
    return build(workbooks[0], tmp_path_factory.mktemp("hostile"))


EXPECTED = {
    "dimensi-raksasa": "baris 1.048.576 dan kolom 16.384",
    "kolom-raksasa": "kolom 16.384",
    "bom-zip": "setelah diurai",
    "sembilan-mb": "berukuran 9,0 MB",
    "banyak-baris": "melebihi batas 5.000 baris",
    "baris-siluman": "melebihi batas 5.000 baris",
    "kolom-siluman": "melebihi batas 5.000 baris × 200 kolom",
    "ods-berulang": "baris 1.048.576 dan kolom 16.384",
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_hostile_file_is_one_finding_and_never_parsed(corpus, name):
    dataset = read_workbooks([corpus[name]])
    [finding] = dataset.temuan
    assert finding.kode == Kode.BERKAS_TERLALU_BESAR and finding.tingkat.value == "galat"
    assert EXPECTED[name] in finding.pesan and corpus[name].name in finding.pesan
    assert "[batas]" in finding.pesan  # says which setting to change
    assert dataset.data.empty and not dataset.files[0].readable


def test_the_whole_corpus_through_the_real_command_exits_1_without_a_crash(corpus, tmp_path):
    folder = tmp_path / "masuk"
    folder.mkdir()
    for path in corpus.values():
        shutil.copy(path, folder / path.name)
    done = subprocess.run([SCRIPT, "validasi", str(folder), "--format", "json", "--tandai", str(tmp_path / "bertanda")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stderr  # findings, not a native crash (134) or a traceback
    assert "Traceback" not in done.stderr
    assert done.stdout.count("berkas_terlalu_besar") == len(corpus)


def test_limits_come_from_the_config(sample_year, tmp_path):
    _raw, workbooks = sample_year
    assert check_workbook(workbooks[0], Batas()) is None  # a real workbook is well inside the defaults
    tight = Batas(baris=10)
    assert "melebihi batas 10 baris" in check_workbook(workbooks[0], tight)
    from kinerja.config import load_config
    from kinerja.paths import SAMPLE_CONFIG

    config = tmp_path / "kinerja.toml"
    text = SAMPLE_CONFIG.read_text(encoding="utf-8")
    assert "\nbaris = 5000" in text
    config.write_text(text.replace("\nbaris = 5000", "\nbaris = 10"), encoding="utf-8")
    from kinerja.lembar.validate import validate_workbooks

    dataset = validate_workbooks([workbooks[0]], load_config(config))
    assert [t.kode for t in dataset.temuan if t.berkas == str(workbooks[0])] == [Kode.BERKAS_TERLALU_BESAR]


def test_a_lying_central_directory_is_caught_while_inflating(sample_year, tmp_path):
    """Declared sizes can be forged; inflated bytes are counted too."""
    import zipfile

    _raw, workbooks = sample_year
    bomb = tmp_path / "bohong.xlsx"
    shutil.copy(workbooks[0], bomb)
    with zipfile.ZipFile(bomb, "a", zipfile.ZIP_DEFLATED) as book:
        book.writestr("xl/worksheets/sheet9.xml", b"<worksheet>" + b" " * (20 << 20) + b"</worksheet>")
    problem = check_workbook(bomb, Batas(ukuran_terurai_mb=10, rasio_kompresi=10_000))
    assert problem and "diurai" in problem


@pytest.mark.slow
def test_ods_files_in_a_folder_are_read_and_annotated(sample_year, tmp_path, config):
    """An .ods saved by LibreOffice is read like its .xlsx (same findings), and --tandai writes its copy."""
    _raw, workbooks = sample_year
    office = shutil.which("libreoffice") or shutil.which("soffice")
    assert office, "LibreOffice is installed by scripts/install-system-deps.sh"
    source = next(p for p in workbooks if "triwulan-2" in str(p) and "irban-1" in p.name)
    folder = tmp_path / "masuk"
    folder.mkdir()
    subprocess.run([office, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "ods",
                    "--outdir", str(folder), str(source)], check=True, capture_output=True, timeout=240)
    ods = folder / (source.stem + ".ods")
    assert ods.is_file()
    from_ods, from_xlsx = read_workbooks([folder]), read_workbooks([source])
    assert [f.path.suffix for f in from_ods.files] == [".ods"]  # found in the folder, not skipped
    assert len(from_ods.data) == len(from_xlsx.data) > 0
    assert from_ods.data["indikator"].tolist() == from_xlsx.data["indikator"].tolist()
    done = subprocess.run([SCRIPT, "validasi", str(folder), "--tahun", "2025", "--triwulan", "2", "--tandai",
                           str(tmp_path / "bertanda")], capture_output=True, text=True, timeout=120)
    assert "Traceback" not in done.stderr, done.stderr
    assert (tmp_path / "bertanda" / f"{source.stem}-bertanda.xlsx").is_file()
    # the same copy made in this process: the .ods values in an .xlsx, its findings marked and listed
    from openpyxl import load_workbook

    from kinerja.lembar.annotate import write_annotated
    from kinerja.lembar.validate import validate_workbooks

    dataset = validate_workbooks([folder], config, tahun=2025, triwulan=2)
    copy = write_annotated(dataset, tmp_path / "dalam-proses")
    assert [p.name for p in copy] == [f"{source.stem}-bertanda.xlsx"]
    book = load_workbook(copy[0])
    shown = {cell.value for row in book["Rencana Aksi"].iter_rows() for cell in row}
    assert set(from_xlsx.data["indikator"]) <= shown
    listed = [row[4] for row in book["Temuan"].iter_rows(min_row=2, values_only=True)]
    assert sorted(listed) == sorted(t.kode.value for t in dataset.temuan if t.berkas == str(ods)) != []


@pytest.mark.parametrize(("name", "rows", "cols"), [("baris-siluman", 5000, 0), ("kolom-siluman", 0, 200)])
def test_rows_and_cells_without_r_attributes_are_counted_while_streaming(corpus, name, rows, cols):
    """650,000 rows, or one row of 300,000 cells, none with r=: under every size limit, found by counting."""
    import re

    from kinerja.config import Batas
    from kinerja.lembar.batas import MB

    path = corpus[name]
    assert path.stat().st_size < Batas().ukuran_berkas_mb * MB  # under the size limits: only counting finds it
    [finding] = read_workbooks([path]).temuan
    found_rows, found_cols = (int(n.replace(".", "")) for n in re.search(
        r"sampai baris ([\d.]+) dan kolom ([\d.]+)", finding.pesan).groups())
    assert found_rows > rows and found_cols > cols, finding.pesan


@pytest.mark.parametrize(("sheet", "expected"), [
    (b'<dimension ref="A1:Z9"/>', (9, 26)),
    (b'<x:dimension ref="A1:ZZ99"/>', (99, 702)),  # a prefixed tag counts
    (b'<a:b:dimension ref="A1:Z9"/>', (0, 0)),  # not a tag name
    (b'<t>dimension ref="A1:Z9"</t><dimension ref="B2"/>', (2, 2)),  # the word in a text: only the tag counts
    (b'<t>dimension<dimension ref="C1:D5"/>', (5, 4)),
    (b'<dimensionx ref="A1:B2"/><dimension  foo="1" ref="A1:XFD1048576">', (1048576, 16384)),
    (b'dimension ref="A1:B2" < dimension ref="A1:B2"', (0, 0)),
    (b'<_9:dimension ref="Q7"/><dimension ref="A1:C3"/>dimension ref="A1:D4"', (7, 17)),
])
def test_the_declared_dimension_counts_only_as_a_tag(sheet, expected):
    """``<dimension ref>`` (any prefix) widens the extent (rows, columns); the same word elsewhere does not."""
    assert _xlsx_extent(iter([sheet + b"</worksheet>"])) == expected


@pytest.mark.parametrize(("sheet", "expected"), [
    (b'<dimension ref="A1:B2"/><sheetData><row r="1"><c r="A1"/><c r="C900000"/></row></sheetData>', (900000, 3)),
    (b'<dimension ref="A1:AH107"/><row r="107"><c r="AH107"/><c r="AI00107"/></row>', (107, 35)),  # one column past
    (b'<dimension ref="A1:B2"/><row r="1"><c r="A1"/><c r="a7"/><c/></row>', (2, 3)),  # not a reference: counted in order
])
def test_a_cell_beyond_the_declared_dimension_and_rows_is_found(sheet, expected):
    """Every cell written with r=, the sheet read without collecting cells: one lying past the
    <dimension> and the <row> numbers still widens the extent."""
    assert _xlsx_extent(iter([sheet + b"</worksheet>"])) == expected


@pytest.mark.parametrize("chunks", [
    [b'<dimension ref="A1:B2"/><row r="1"><c r="A1"/></row><c r="XFD1048576"/>'],
    [b'<dimension ref="A1:B2"/><row r="1"><c r="A1"/></row><c r="XFD10', b'48576"/>'],  # cut by the chunk boundary
    [b'<dimension ref="A1:B2"/><row r="1"><c r="A1"/></row>', b"<row></row><row></row><row>"],  # no r=: the last row counts
])
def test_the_last_tag_of_a_sheet_is_read(chunks):
    """A sheet that ends in a bare cell or row, not ``</worksheet>``: its last tag still counts."""
    rows, cols = _xlsx_extent(iter(chunks))
    assert (rows, cols) == ((1048576, 16384) if b"XFD" in b"".join(chunks) else (4, 2))


def test_a_workbook_whose_data_sheet_ends_in_a_far_cell_is_refused(sample_year, tmp_path):
    """The hostile cell is the sheet's very last tag (no ``</sheetData>``, no ``</worksheet>`` after it)."""
    from _util_hostile import DATA_SHEET, _rebuild

    _raw, workbooks = sample_year
    import zipfile

    with zipfile.ZipFile(workbooks[0]) as book:
        sheet = book.read(DATA_SHEET)
    cut = sheet[:sheet.index(b"</sheetData>")] + b'<c r="XFD1048576"/>'
    path = _rebuild(workbooks[0], tmp_path / "sel-terakhir.xlsx", {DATA_SHEET: cut})
    [finding] = read_workbooks([path]).temuan
    assert finding.kode == Kode.BERKAS_TERLALU_BESAR
    assert "sel-terakhir.xlsx" in finding.pesan and "baris 1.048.576 dan kolom 16.384" in finding.pesan


@pytest.mark.parametrize(("sheet", "expected"), [
    (b'<row r="1"><c r="A1"/><c\tr="C900000"/></row>', (900000, 3)),  # another whitespace after the name
    (b'<row r="1"><c r="A1"/></row><row\nr="700000">', (700000, 1)),
    (b'<x:row r="1"><x:c r="A1"/><x:c r="XFD1048576"/></x:row>', (1048576, 16384)),  # a prefixed sheet
    (b'<row r="1"><c r="A1"/></row><row/><row/><row/>', (4, 1)),  # rows without r=, self-closed
    (b'<row r="1"><c r="B1"/><c/><c/></row>', (1, 4)),
    (b'<dimension ref="A1:AAAA1"/><row r="1"><c r="A1"/></row>', (1, 18279)),  # four letters: no crash
])
def test_every_way_of_writing_a_row_or_cell_is_counted(sheet, expected):
    """What a parser reads as a row or a cell counts, however its tag is written: no form slips
    past the extent (a tab before r=, a prefix, a self-closed tag without r=)."""
    assert _xlsx_extent(iter([sheet + b"</worksheet>"])) == expected
