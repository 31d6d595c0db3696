"""The Kertas Kerja Reviu (.xlsx): every row read, its check, where it stands, the reviewer's note.

One sheet ``Kertas Kerja Reviu`` (a row per capaian row: file, page or sheet, table, row, the
printed figures, the recomputed capaian, the direction and whether it was inferred, the result
and what was checked, an empty column for the reviewer's note) and one sheet ``Temuan Lain``
(averages, predikat, serapan, conventions, PK coverage, outline, stated figures). Text is
neutralised by :mod:`kinerja.spreadsheet`; the file is written atomically.
"""

from __future__ import annotations

from pathlib import Path

from kinerja.atomic import atomic_path
from kinerja.reviu.periksa import HasilReviu
from kinerja.reviu.temuan import PEMBULATAN, SESUAI, TIDAK_DAPAT_DIHITUNG, TIDAK_SESUAI
from kinerja.spreadsheet import neutralize_workbook

LABEL_STATUS = {
    SESUAI: "Sesuai",
    PEMBULATAN: "Pembulatan",
    TIDAK_SESUAI: "Tidak sesuai",
    TIDAK_DAPAT_DIHITUNG: "Tidak dapat dihitung",
}
WARNA_STATUS = {SESUAI: "E2EFDA", PEMBULATAN: "FFF2CC", TIDAK_SESUAI: "F8CBAD", TIDAK_DAPAT_DIHITUNG: "D9D9D9"}

KOLOM_KKR = (
    ("No", 5), ("Berkas", 22), ("Halaman/Lembar", 12), ("Tabel", 24), ("Baris", 7), ("Indikator", 40), ("Satuan", 9),
    ("Target", 12), ("Realisasi", 12), ("Capaian tercetak", 11), ("Capaian hitung", 11), ("Arah", 9),
    ("Arah disimpulkan", 10), ("Hasil", 14), ("Uraian pemeriksaan", 60), ("Catatan reviu", 30),
)
KOLOM_TEMUAN = (("No", 5), ("Berkas", 22), ("Jenis", 12), ("Halaman", 9), ("Tabel", 24), ("Baris", 7), ("Hasil", 14),
                ("Uraian", 80), ("Catatan reviu", 30))


def tulis_kkr(hasil: HasilReviu, path: Path, *, judul: str = "KERTAS KERJA REVIU LAPORAN KINERJA") -> Path:
    """Write the KKR workbook to ``path`` (atomically)."""
    from openpyxl import Workbook  # noqa: PLC0415 -- openpyxl + PIL, lxml (~86 ms) kept off importing this module
    from openpyxl.styles import Alignment, Font, PatternFill  # noqa: PLC0415 -- openpyxl.styles + PIL, lxml (~86 ms) kept off importing this module

    book = Workbook()
    sheet = book.active
    sheet.title = "Kertas Kerja Reviu"
    wrap = Alignment(wrap_text=True, vertical="top")

    def header(ws, title: str, columns) -> None:
        ws.append([title])
        ws["A1"].font = Font(bold=True, size=12)
        ws.append([])
        ws.append([name for name, _ in columns])
        for j, (_, width) in enumerate(columns, start=1):
            cell = ws.cell(row=3, column=j)
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            cell.fill = PatternFill("solid", fgColor="DDEBF7")
            ws.column_dimensions[cell.column_letter].width = width
        ws.freeze_panes = "A4"

    header(sheet, judul, KOLOM_KKR)
    for i, b in enumerate(hasil.baris, start=1):
        where = b.lembar if b.lembar is not None else b.halaman
        sheet.append([
            i, b.berkas, where, b.tabel, b.baris, b.indikator, b.satuan, b.target, b.realisasi, b.capaian_tercetak,
            b.capaian_hitung, b.arah or "", "ya" if b.arah_disimpulkan else "tidak", LABEL_STATUS[b.status], b.pesan, "",
        ])
        row = sheet.max_row
        for cell in sheet[row]:
            cell.alignment = wrap
        sheet.cell(row=row, column=14).fill = PatternFill("solid", fgColor=WARNA_STATUS[b.status])
        for col in (10, 11):
            sheet.cell(row=row, column=col).number_format = "0.00"
    other = book.create_sheet("Temuan Lain")
    header(other, "TEMUAN LAIN (rata-rata, predikat, serapan, konvensi, Perjanjian Kinerja, kerangka, angka dalam teks)", KOLOM_TEMUAN)
    for i, t in enumerate(hasil.temuan, start=1):
        other.append([i, t.berkas, t.jenis, t.halaman, t.tabel, t.baris, LABEL_STATUS.get(t.status, t.status), t.pesan, ""])
        row = other.max_row
        for cell in other[row]:
            cell.alignment = wrap
        if t.status in WARNA_STATUS:
            other.cell(row=row, column=7).fill = PatternFill("solid", fgColor=WARNA_STATUS[t.status])
    neutralize_workbook(book)
    path = Path(path)
    with atomic_path(path) as tmp:
        book.save(tmp)
    return path
