"""A 1 MB text in a Kendala cell: ``kinerja laporan triwulan`` prints a bounded PDF.

The issue measured a 1 MB cell killing the PDF printing after 900 s. The reader cuts text over
``[batas] teks`` (4 000 characters) with a galat naming the cell; this renders the whole report
(real kernel, real Chromium) from a workbook whose cell really holds 1 000 000 characters
(written into the sheet's XML: openpyxl itself stops at Excel's 32 767) and reads the PDF back.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile

import openpyxl
import pytest

pytestmark = [pytest.mark.notebook, pytest.mark.browser]

PHRASE = "Kendala panjang sekali. "


def _kendala_cell(path):
    """(sheet, first data cell of the Kendala column) of a sample workbook."""
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows(min_row=1, max_row=15):
            for cell in row:
                if isinstance(cell.value, str) and cell.value.strip().lower().startswith("kendala"):
                    below = cell.row + 1
                    while not sheet.cell(below, 2).value and below < cell.row + 10:
                        below += 1
                    return book, sheet.cell(below, cell.column)
    raise AssertionError(f"no Kendala column in {path}")


def test_a_1_mb_kendala_is_cut_and_printed_on_a_few_pages(sample_workspace, tmp_path):
    ws = sample_workspace
    path = sorted(ws.raw_for(2025, 1).glob("*.xlsx"))[0]
    book, cell = _kendala_cell(path)
    marker = "PENANDA-KENDALA-1MB"
    cell.value = marker
    book.save(path)
    big = (PHRASE * (1_000_000 // len(PHRASE) + 1))[:1_000_000]
    staged = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(staged, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item, zin.read(item.filename).replace(marker.encode(), big.encode()))
    staged.replace(path)

    done = subprocess.run([sys.executable, "-m", "kinerja.cli", "--ruang-kerja", str(ws.root), "laporan", "triwulan",
                           "--tahun", "2025", "--triwulan", "1"], capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    pdf = next(ws.report_dir(2025, 1).glob("versi-*/*.pdf"))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                                                                  check=True).stdout.splitlines() if line.startswith("Pages")))
    printed = text.count("Kendala panjang") * len(PHRASE)
    assert 0 < printed <= 3 * 4000, printed          # the cut text (the prose and the table), never the megabyte
    assert pages < 40, pages                         # the whole text would take some 330 pages
    assert f"{cell.coordinate}" in text and "melebihi batas 4.000 karakter" in text  # the galat names the cell
