"""Benchmark: ``kinerja reviu`` — capaian rows read and checked per second from .docx, .xlsx and PDF.

Generates one LKjIP-like document of ``--tabel`` tables (default 28; its PDF is about 40 pages): each a caption, a
paragraph stating figures and a capaian table of ``--baris`` rows (default 8) cycling through
published rows (Manggarai Timur 2019, Lampung 2015, SPKT Polda Jateng 2018: negative T/R and
2 − R/T rows, a truncated figure, wrong rows) and constructed range/ordinal rows. The same rows
go into a workbook (one sheet per page's table) and, through LibreOffice, a text PDF.

Then, best of ``--ulang`` runs, for each format: (a) reading only (:func:`kinerja.reviu.baca.baca`),
(b) reading + finding tables + every check (:func:`kinerja.reviu.periksa.reviu`), printed side by
side as seconds and rows per second. Never asserts on time.

Run: ``.venv/bin/python benchmarks/bench_reviu.py [--tabel 28] [--baris 8] [--ulang 3] [--folder DIR]``
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

ROWS = [
    ("Angka Kematian Ibu per 100.000 KH", "per 100.000 KH", "0,16", "0,19", "87,10"),
    ("Angka Kematian Bayi per 1.000 KH", "per 1.000 KH", "9,20", "9,53", "96,54"),
    ("Angka Kematian Balita per 1.000 KH", "per 1.000 KH", "0,64", "0,18", "72,52"),
    ("Angka Kematian Bayi (Renstra) per 1.000 KH", "per 1.000 KH", "24", "4,88", "179,67"),
    ("Tingkat kepuasan masyarakat", "%", "65 %", "90,83 %", "139,73 %"),
    ("Indeks Kepuasan Masyarakat", "indeks", "76,61 – 88,30", "90,12", "102,06"),
    ("Opini BPK atas laporan keuangan", "opini", "WTP", "WDP", "75,00"),
    ("Level kapabilitas APIP", "level", "Level 3", "Level 2", "66,67"),
    ("Persentase rekomendasi yang ditindaklanjuti", "%", "80", "92,4", "100,00"),
    ("Persentase penurunan temuan keuangan", "%", "55%", "n/a", "n/a"),
]
HEADER = ("No", "Indikator Kinerja", "Satuan", "Target", "Realisasi", "Capaian (%)")


def rows_of_page(page: int, n: int) -> list[tuple[str, ...]]:
    return [(str(i + 1), f"{ROWS[(page + i) % len(ROWS)][0]} ({page + 1}.{i + 1})", *ROWS[(page + i) % len(ROWS)][1:])
            for i in range(n)]


def write_docx(path: Path, pages: int, n: int) -> None:
    import docx

    document = docx.Document()
    document.add_heading("LAPORAN KINERJA INSTANSI PEMERINTAH TAHUN 2019", 0)
    for page in range(pages):
        if page:
            document.add_page_break()
        document.add_heading(f"BAB III AKUNTABILITAS KINERJA — Sasaran {page + 1}", 1)
        document.add_paragraph(f"Dari {n} indikator sasaran ini, rata-rata capaian sasaran {page + 1} sebesar 90,00%.")
        document.add_paragraph(f"Tabel 3.{page + 1} Pencapaian Kinerja Sasaran {page + 1}")
        rows = [HEADER, *rows_of_page(page, n)]
        table = document.add_table(rows=len(rows), cols=len(HEADER))
        table.style = "Table Grid"
        for i, row in enumerate(rows):
            for j, text in enumerate(row):
                table.cell(i, j).text = text
    document.save(str(path))


def write_xlsx(path: Path, pages: int, n: int) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for page in range(pages):
        sheet = book.create_sheet(f"Tabel 3.{page + 1}")
        sheet.append([f"Tabel 3.{page + 1} Pencapaian Kinerja"])
        sheet.append(list(HEADER))
        for row in rows_of_page(page, n):
            sheet.append(list(row))
    book.save(str(path))


def to_pdf(docx_path: Path, folder: Path) -> Path:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        raise SystemExit("LibreOffice (soffice) diperlukan untuk PDF benchmark.")
    subprocess.run([exe, f"-env:UserInstallation=file://{folder / '.lo'}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(folder), str(docx_path)], check=True, capture_output=True, timeout=600)
    return folder / (docx_path.stem + ".pdf")


def best(fn, rounds: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(rounds):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tabel", type=int, default=28, help="tabel capaian (28 x 8 baris: PDF sekitar 40 halaman)")
    parser.add_argument("--baris", type=int, default=8)
    parser.add_argument("--ulang", type=int, default=3)
    parser.add_argument("--folder", type=Path)
    args = parser.parse_args()

    from kinerja.config import DEFAULT_PREDIKAT, DEFAULT_SKALA, Batas
    from kinerja.reviu.baca import baca
    from kinerja.reviu.periksa import Aturan, reviu

    folder = args.folder or Path(tempfile.mkdtemp(prefix="bench-reviu-"))
    folder.mkdir(parents=True, exist_ok=True)
    docx_path, xlsx_path = folder / "lkjip-bench.docx", folder / "lkjip-bench.xlsx"
    write_docx(docx_path, args.tabel, args.baris)
    write_xlsx(xlsx_path, args.tabel, args.baris)
    pdf_path = to_pdf(docx_path, folder)
    aturan = Aturan(skala=dict(DEFAULT_SKALA), pita=DEFAULT_PREDIKAT)
    batas = Batas()
    import pdfplumber

    with pdfplumber.open(str(pdf_path)) as pdf:
        pdf_pages = len(pdf.pages)
    print(f"{args.tabel} tabel x {args.baris} baris; PDF {pdf_pages} halaman; terbaik dari {args.ulang}; folder {folder}")
    print(f"{'format':<6} {'baris':>6} {'baca (s)':>9} {'baca+periksa (s)':>17} {'baris/s':>9} {'periksa/baca':>13}")
    for name, path in (("docx", docx_path), ("xlsx", xlsx_path), ("pdf", pdf_path)):
        t_read, _ = best(lambda p=path: baca(p, batas), args.ulang)
        t_all, result = best(lambda p=path: reviu([p], aturan, batas), args.ulang)
        rows = len(result.baris)
        print(f"{name:<6} {rows:>6} {t_read:>9.3f} {t_all:>17.3f} {rows / t_all:>9.0f} {t_all / t_read:>13.2f}")


if __name__ == "__main__":
    main()
