"""Annotated copies: highlighted cells, comments, a Temuan sheet; inputs never modified."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from _util_validasi import FIRST_ROW, good_row, letter, write_workbook
from openpyxl import load_workbook

from kinerja.errors import UsageError
from kinerja.lembar.annotate import FILL_COLORS, annotated_name, write_annotated
from kinerja.lembar.findings import Kode, Temuan, Tingkat
from kinerja.lembar.validate import validate_workbooks


def sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture()
def inputs(tmp_path):
    bad = write_workbook(tmp_path / "in" / "irban-1.xlsx", [good_row(pagu="sejuta", pptk="Orang Lain"), good_row(indikator="B")])
    clean = write_workbook(tmp_path / "in" / "irban-2.xlsx", [good_row(indikator="C", unit="IRBAN-2")])
    locked = tmp_path / "in" / "rusak.xlsx"
    locked.write_bytes(b"PK\x03\x04 not really a zip")
    return [bad, clean, locked]


def validate(config, paths):
    return validate_workbooks(paths, config, tahun=2025, triwulan=2, today=dt.date(2025, 12, 31))


def test_annotated_copy_marks_cells_and_lists_findings(config, tmp_path, inputs):
    before = {p: sha(p) for p in inputs}
    dataset = validate(config, inputs)
    written = write_annotated(dataset, tmp_path / "out")
    assert [p.name for p in written] == ["irban-1-bertanda.xlsx", "irban-2-bertanda.xlsx"]  # no copy of the broken file
    assert {p: sha(p) for p in inputs} == before

    book = load_workbook(written[0])
    sheet = book["Rencana Aksi"]
    pagu = sheet[f"{letter('pagu')}{FIRST_ROW}"]
    assert pagu.fill.start_color.rgb.endswith(FILL_COLORS[Tingkat.GALAT])
    assert "galat" in pagu.comment.text
    pptk = sheet[f"{letter('pptk')}{FIRST_ROW}"]
    assert pptk.fill.start_color.rgb.endswith(FILL_COLORS[Tingkat.PERINGATAN])
    assert sheet[f"{letter('indikator')}{FIRST_ROW + 1}"].comment is None
    rows = list(book["Temuan"].iter_rows(values_only=True))
    assert rows[0] == ("Berkas", "Lembar", "Sel", "Kolom", "Kode", "Tingkat", "Pesan")
    assert {(r[2], r[4]) for r in rows[1:]} == {(t.sel, t.kode.value) for t in dataset.temuan if t.berkas == str(inputs[0])}
    assert sheet[f"{letter('indikator')}{FIRST_ROW}"].value == "Jumlah laporan hasil pengawasan kinerja"

    clean_rows = list(load_workbook(written[1])["Temuan"].iter_rows(values_only=True))
    assert clean_rows[1][-1] == "Tidak ada temuan."


def test_existing_copies_are_never_overwritten(config, tmp_path, inputs):
    dataset = validate(config, inputs[:1])
    first = write_annotated(dataset, tmp_path / "out")
    stamp = sha(first[0])
    second = write_annotated(dataset, tmp_path / "out")
    third = write_annotated(dataset, tmp_path / "out")
    assert [p.name for p in second + third] == ["irban-1-bertanda-2.xlsx", "irban-1-bertanda-3.xlsx"]
    assert sha(first[0]) == stamp
    assert annotated_name(inputs[0], tmp_path / "out").name == "irban-1-bertanda-4.xlsx"


def test_copy_beside_the_input_keeps_the_input(config, tmp_path, inputs):
    before = sha(inputs[0])
    written = write_annotated(validate(config, inputs[:1]), inputs[0].parent)
    assert written[0].parent == inputs[0].parent and sha(inputs[0]) == before


def test_output_folder_that_is_a_file_is_refused(config, tmp_path, inputs):
    target = tmp_path / "berkas.txt"
    target.write_text("x")
    with pytest.raises(UsageError):
        write_annotated(validate(config, inputs[:1]), target)
    assert target.read_text() == "x"


def test_an_output_folder_that_cannot_be_made_is_refused(config, tmp_path, inputs):
    blocker = tmp_path / "berkas.txt"
    blocker.write_text("x")
    with pytest.raises(UsageError, match="tidak dapat dibuat"):
        write_annotated(validate(config, inputs[:1]), blocker / "bertanda")


def test_two_inputs_of_one_name_get_two_copies(config, tmp_path):
    first = write_workbook(tmp_path / "a" / "irban-1.xlsx", [good_row(pptk="Orang Lain")])
    second = write_workbook(tmp_path / "b" / "irban-1.xlsx", [good_row(indikator="B", pagu="sejuta")])
    written = write_annotated(validate(config, [first, second]), tmp_path / "out")
    assert [p.name for p in written] == ["irban-1-bertanda.xlsx", "irban-1-bertanda-2.xlsx"]
    pagu = f"{letter('pagu')}{FIRST_ROW}"
    assert load_workbook(written[0])["Rencana Aksi"][pagu].comment is None  # each copy carries its own findings
    assert "bukan angka rupiah" in load_workbook(written[1])["Rencana Aksi"][pagu].comment.text


def test_a_finding_on_merged_cells_marks_the_merged_cell(config, tmp_path):
    """Targets merged across TW I–IV: TW II–IV are blank to the reader (a galat each); the copy marks the one
    visible cell, with the three messages in its comment."""
    from openpyxl import load_workbook as load

    path = write_workbook(tmp_path / "in" / "irban-1.xlsx", [good_row()])
    book = load(path)
    sheet = book["Rencana Aksi"]
    first, last = letter("target_triwulan_1"), letter("target_triwulan_4")
    sheet.merge_cells(f"{first}{FIRST_ROW}:{last}{FIRST_ROW}")
    book.save(path)
    dataset = validate(config, [path])
    blank = [t for t in dataset.temuan if t.kode.value == "target_triwulan_kosong"]
    assert [t.sel for t in blank] == [f"{letter(f'target_triwulan_{n}')}{FIRST_ROW}" for n in (2, 3, 4)]
    copy = load_workbook(write_annotated(dataset, tmp_path / "out")[0])["Rencana Aksi"]
    shown = copy[f"{first}{FIRST_ROW}"]
    assert shown.value == 3 and shown.fill.start_color.rgb.endswith(FILL_COLORS[Tingkat.GALAT])
    assert [line for line in shown.comment.text.splitlines() if "kosong padahal" in line] == [
        f"[galat] Target Triwulan {n} kosong padahal target triwulan lain terisi (metode kumulatif); capaian akan "
        "berubah diam-diam. Isi target setiap triwulan (0 bila memang tidak ada) dan jangan menggabungkan (merge) sel target."
        for n in ("II", "III", "IV")
    ]


def test_a_workbook_with_its_own_temuan_sheet_keeps_it(config, tmp_path):
    from openpyxl import load_workbook as load

    path = write_workbook(tmp_path / "in" / "irban-1.xlsx", [good_row(pptk="Orang Lain")])
    book = load(path)
    book.create_sheet("Temuan")["A1"] = "catatan PPTK sendiri"
    book.save(path)
    copy = load_workbook(write_annotated(validate(config, [path]), tmp_path / "out")[0])
    assert copy["Temuan"]["A1"].value == "catatan PPTK sendiri"
    assert [row[4] for row in copy["Temuan 2"].iter_rows(min_row=2, values_only=True)] == ["pptk_tidak_dikenal"]


def _as_ods(xlsx, target):
    """The values of ``xlsx`` saved as an OpenDocument spreadsheet (content.xml written by hand: what a
    LibreOffice .ods holds for plain values), one table per sheet."""
    import zipfile
    from xml.sax.saxutils import escape, quoteattr

    book = load_workbook(xlsx, data_only=True)
    tables = []
    for sheet in book.worksheets:
        rows = []
        for values in sheet.iter_rows(values_only=True):
            cells = []
            for value in values:
                if value is None:
                    cells.append("<table:table-cell/>")
                elif isinstance(value, dt.datetime | dt.date):
                    cells.append(f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}">'
                                 f"<text:p>{value:%d/%m/%Y}</text:p></table:table-cell>")
                elif isinstance(value, int | float) and not isinstance(value, bool):
                    cells.append(f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}'
                                 "</text:p></table:table-cell>")
                else:
                    cells.append(f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p>'
                                 "</table:table-cell>")
            rows.append(f"<table:table-row>{''.join(cells)}</table:table-row>")
        tables.append(f"<table:table table:name={quoteattr(sheet.title)}>{''.join(rows)}</table:table>")
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
               f"<office:body><office:spreadsheet>{''.join(tables)}</office:spreadsheet></office:body>"
               "</office:document-content>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                "</manifest:manifest>")
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w") as out:
        out.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        out.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        out.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return target


def test_an_ods_input_gets_an_xlsx_copy_with_its_values_and_marked_findings(config, tmp_path):
    """openpyxl cannot open .ods: the copy is an .xlsx holding the .ods values, its findings marked and listed."""
    source = write_workbook(tmp_path / "xlsx" / "irban-1.xlsx", [good_row(pagu="sejuta"), good_row(indikator="B")])
    ods = _as_ods(source, tmp_path / "in" / "irban-1.ods")
    before = sha(ods)
    dataset = validate(config, [ods])
    assert [f.readable for f in dataset.files] == [True]
    written = write_annotated(dataset, tmp_path / "out")
    assert [p.name for p in written] == ["irban-1-bertanda.xlsx"] and sha(ods) == before
    copy = load_workbook(written[0])
    sheet = copy["Rencana Aksi"]
    assert sheet[f"{letter('indikator')}{FIRST_ROW}"].value == "Jumlah laporan hasil pengawasan kinerja"
    assert sheet[f"{letter('indikator')}{FIRST_ROW + 1}"].value == "B"
    pagu = sheet[f"{letter('pagu')}{FIRST_ROW}"]
    assert pagu.value == "sejuta" and pagu.fill.start_color.rgb.endswith(FILL_COLORS[Tingkat.GALAT])
    assert "bukan angka rupiah" in pagu.comment.text
    listed = [(row[1], row[2], row[4]) for row in copy["Temuan"].iter_rows(min_row=2, values_only=True)]
    assert listed == [("Rencana Aksi", f"{letter('pagu')}{FIRST_ROW}", "bukan_angka")]


def test_a_finding_on_no_cell_or_on_a_sheet_the_copy_lacks_is_listed_not_marked(config, tmp_path):
    """A whole-file finding (no cell) and one naming a sheet that is not in the workbook: in the Temuan
    sheet only, no cell of the copy gets a comment for them."""
    import dataclasses

    path = write_workbook(tmp_path / "in" / "irban-1.xlsx", [good_row()])
    dataset = validate(config, [path])
    assert dataset.temuan == []

    extra = [Temuan(berkas=str(path), lembar="Lembar Lain", sel="B2", kolom="pagu", kode=Kode.BUKAN_ANGKA,
                    tingkat=Tingkat.GALAT, pesan="Pagu di lembar lain bukan angka."),
             Temuan(berkas=str(path), lembar="Rencana Aksi", sel="", kolom="", kode=Kode.PPTK_TIDAK_DIKENAL,
                    tingkat=Tingkat.PERINGATAN, pesan="Pesan untuk seluruh berkas.")]
    dataset = dataclasses.replace(dataset, temuan=[*dataset.temuan, *extra])
    copy = load_workbook(write_annotated(dataset, tmp_path / "out")[0])
    comments = [cell.comment for sheet in copy.worksheets for row in sheet.iter_rows() for cell in row if cell.comment]
    assert not any("lembar lain" in c.text or "seluruh berkas" in c.text for c in comments)
    messages = [row[6] for row in copy["Temuan"].iter_rows(min_row=2, values_only=True)]
    assert {"Pagu di lembar lain bukan angka.", "Pesan untuk seluruh berkas."} <= set(messages)
