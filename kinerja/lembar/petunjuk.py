"""The ``Petunjuk`` sheet of a Rencana Aksi workbook: how to fill each column (examples from the office
itself), number formats, arah and metode, the quarter's deadline and the next SOP steps, in Bahasa Indonesia."""

from __future__ import annotations

import datetime as dt

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from kinerja.config import Config
from kinerja.domain import sop
from kinerja.domain.peran import ROLE_LABELS
from kinerja.lembar import schema
from kinerja.lembar.layout import (
    BORDER,
    COLUMN_INDEX,
    FIRST_DATA_ROW,
    FIRST_METADATA_ROW,
    HEADER_FILL,
    HEADER_FONT,
    METADATA_VALUE_COLUMN,
    WRAP_TOP,
)
from kinerja.lembar.nomenklatur import Nomenklatur, nomenklatur
from kinerja.numbers import ROMAWI, format_date

_FIELD_HELP: dict[str, tuple[str, str]] = {
    "sasaran": ("Sasaran strategis yang didukung indikator (dari Renstra / Perjanjian Kinerja).", "Meningkatnya kualitas perencanaan dan pelaporan kinerja"),
    "kode_indikator": ("Kode indikator (IKU / IK) dari Perjanjian Kinerja, unik dalam unit kerja dan sama di setiap triwulan. "
                       "Laporan menggabungkan triwulan dan tahun berdasarkan unit kerja dan kode ini, bukan nama.", "IKU-01"),
    "indikator": ("Nama indikator kinerja, sama persis di setiap triwulan dan di setiap lembar kerja.", "Persentase kegiatan yang terlaksana tepat waktu"),
    "satuan": ("Satuan indikator. Pilih dari daftar atau ketik sendiri bila tidak ada.", "%"),
    "arah": ("Positif bila semakin tinggi semakin baik; Negatif bila semakin rendah semakin baik.", "Positif (semakin tinggi semakin baik)"),
    "metode": ("Cara menjumlahkan triwulan menjadi capaian tahunan (lihat penjelasan di bawah).", "Kumulatif (dijumlahkan)"),
    "target_tahunan": ("Target satu tahun: angka, rentang (\"80 - 90\") atau predikat (\"WTP\", \"BB\", \"Level 3\").", "85"),
    "target_triwulan": ("Target triwulan. Kosongkan triwulan yang tidak diukur (misalnya indikator yang hanya dinilai sekali setahun).", "20"),
    "realisasi_triwulan": ("Realisasi triwulan. Kosong berarti belum diukur, bukan nol; isi 0 bila memang nol.", "21,5"),
    "kode_program": ("Kode program menurut nomenklatur (lembar Referensi).", "6.01.02"),
    "program": ("Nama program.", "PROGRAM PENYELENGGARAAN PENGAWASAN"),
    "kode_kegiatan": ("Kode kegiatan menurut nomenklatur.", "6.01.02.2.01"),
    "kegiatan": ("Nama kegiatan.", "Penyelenggaraan Pengawasan Internal"),
    "kode_sub_kegiatan": ("Kode sub kegiatan menurut nomenklatur.", "6.01.02.2.01.0001"),
    "sub_kegiatan": ("Nama sub kegiatan.", "Pengawasan Kinerja Pemerintah Daerah"),
    "pagu": ("Pagu anggaran satu tahun dalam rupiah, tanpa \"Rp\" dan tanpa desimal.", "150000000"),
    "rencana_anggaran_triwulan": ("Anggaran kas (rencana penarikan dana) triwulan itu menurut DPA, dalam rupiah; jumlah keempat "
                                  "triwulan sama dengan pagu. Dipakai untuk menilai efisiensi di tengah tahun.", "30000000"),
    "realisasi_anggaran_triwulan": ("Realisasi anggaran (rupiah) yang dibelanjakan pada triwulan itu saja; jumlah keempat triwulan tidak boleh melebihi pagu.", "35250000"),
    "pptk": ("Nama PPTK / penanggung jawab, pilih dari daftar.", "(nama PPTK dari daftar)"),
    "unit": ("Unit kerja (bidang / sub bagian), pilih dari daftar.", "(unit kerja dari daftar)"),
    "kendala": ("Kendala atau hambatan pada triwulan ini, terutama bila capaian di bawah target.", "Jadwal kegiatan bergeser karena agenda pimpinan daerah"),
    "tindak_lanjut": ("Rencana tindak lanjut untuk mengatasi kendala.", "Penjadwalan ulang pada triwulan berikutnya"),
}


def _help_for(field: str, examples: dict[str, str] | None = None) -> tuple[str, str]:
    for prefix in ("realisasi_anggaran_triwulan", "rencana_anggaran_triwulan", "realisasi_triwulan", "target_triwulan"):
        if field.startswith(prefix + "_"):
            return _FIELD_HELP[prefix]
    text, example = _FIELD_HELP[field]
    return text, (examples or {}).get(field, example)


def office_examples(config: Config) -> dict[str, str]:
    """Examples of the Petunjuk sheet taken from the office itself: its first PPTK and unit, and a
    programme, kegiatan and sub kegiatan of its urusan from the nomenclature (never another office's)."""
    found: dict[str, str] = {}
    pptk = config.people_with_role("pptk")
    if pptk:
        found["pptk"] = pptk[0].nama
    if config.unit:
        found["unit"] = config.unit[0].nama
    rows = nomenklatur((config.instansi.urusan or "").strip()) if (config.instansi.urusan or "").strip() else ()
    chain: list[Nomenklatur] = []
    for jenis in ("Program", "Kegiatan", "Sub Kegiatan"):
        parent = chain[-1].kode + "." if chain else ""
        choice = next((r for r in rows if r.jenis == jenis and r.kode.startswith(parent)), None)
        if choice is None:
            break
        chain.append(choice)
    levels = ("program", "kegiatan", "sub_kegiatan")
    for n, level in enumerate(levels):
        if len(chain) == len(levels):
            found[f"kode_{level}"], found[level] = chain[n].kode, chain[n].nama
        else:
            found[f"kode_{level}"], found[level] = "(kode dari lembar Referensi)", "(nama dari lembar Referensi)"
    return found


_FORMAT_HELP = {
    schema.Kind.TEKS: "Teks",
    schema.Kind.PILIHAN: "Pilihan dari daftar",
    schema.Kind.TARGET: "Angka (#.##0,00), rentang atau predikat",
    schema.Kind.REALISASI: "Angka (#.##0,00) atau predikat",
    schema.Kind.RUPIAH: "Rupiah (#.##0)",
    schema.Kind.KODE: "Teks (kode bertitik)",
}


def deadline(tahun: int, triwulan: int, config: Config) -> dt.date:
    """Submission deadline of a quarter's worksheet: day ``config.tanggal_mulai`` of the month after it.

    >>> from kinerja.config import load_config
    >>> deadline(2025, 2, load_config()), deadline(2025, 4, load_config())
    (datetime.date(2025, 7, 10), datetime.date(2026, 1, 10))
    """
    return sop.start_date(tahun, triwulan, config.tanggal_mulai)


def instructions(tahun: int, config: Config) -> list[tuple[str, str]]:
    """The ``Petunjuk`` sheet as (style, text) lines; style is ``judul``, ``bagian`` or ``teks``."""
    deadlines = ", ".join(f"Triwulan {ROMAWI[n]}: {format_date(deadline(tahun, n, config))}" for n in schema.TRIWULAN)
    scales = "; ".join(f"{name}: " + ", ".join(f"{grade} = {value:g}" for grade, value in scale.items()) for name, scale in config.skala.items())
    lines = [
        ("judul", f"PETUNJUK PENGISIAN RENCANA AKSI TAHUN {tahun}"),
        ("teks", f"{config.instansi.nama} · {config.instansi.pemerintah}"),
        ("bagian", "1. Cara mengisi"),
        ("teks", f"• Isi lembar \"{schema.DATA_SHEET}\" mulai baris {FIRST_DATA_ROW}, satu baris untuk setiap indikator kinerja."),
        ("teks", f"• Lengkapi Unit Kerja dan Tanggal Penyampaian di bagian atas lembar (sel {get_column_letter(METADATA_VALUE_COLUMN)}{FIRST_METADATA_ROW + 1} dan {get_column_letter(METADATA_VALUE_COLUMN)}{FIRST_METADATA_ROW + 2}). Tahun sudah terisi."),
        ("teks", "• Sel berwarna kuning muda adalah tempat isian. Judul kolom dikunci agar tidak berubah; proteksi lembar tanpa kata sandi."),
        ("teks", "• Jangan mengubah, menghapus atau memindahkan judul kolom. Baris kosong di antara indikator boleh ada."),
        ("teks", "• Setiap triwulan kirim berkas yang sama dengan realisasi triwulan terbaru ditambahkan; realisasi triwulan sebelumnya tetap diisi."),
        ("bagian", "2. Format angka"),
        ("teks", "• Angka boleh ditulis dengan format Indonesia: 1.250.000 atau 85,5. Tanda % dan \"Rp\" boleh ada tetapi tidak perlu."),
        ("teks", "• Persentase ditulis sebagai angka 0–100 (85 berarti 85%), bukan jumlah absolut. Rupiah tanpa desimal."),
        ("teks", "• Target berupa rentang ditulis \"80 - 90\" (atau \"80 s.d. 90\"): realisasi di dalam rentang bernilai capaian 100%."),
        ("teks", "• Target kualitatif ditulis sebagai predikat menurut skala berikut (nilai lebih tinggi lebih baik): " + scales + "."),
        ("teks", "• Realisasi yang kosong berarti belum diukur (bukan nol). Target 0 tidak dapat dihitung capaiannya."),
        ("bagian", "3. Arah indikator"),
        ("teks", f"• {schema.ARAH_LABELS[schema.Arah.POSITIF]}: capaian = realisasi / target × 100."),
        ("teks", f"• {schema.ARAH_LABELS[schema.Arah.NEGATIF]}, misalnya jumlah temuan berulang: capaian = (2 × target − realisasi) / target × 100."),
        ("teks", "• Indikator yang sama harus memakai arah, satuan dan metode yang sama di semua lembar kerja."),
        ("bagian", "4. Metode perhitungan"),
        ("teks", f"• {schema.METODE_LABELS[schema.Metode.KUMULATIF]}: realisasi semua triwulan dijumlahkan dan dibandingkan dengan jumlah target triwulan yang sama (dokumen, laporan, kegiatan). Jumlah target triwulan harus sama dengan target tahunan."),
        ("teks", f"• {schema.METODE_LABELS[schema.Metode.AKHIR_PERIODE]}: nilai triwulan terakhir yang terisi mewakili tahun (level, indeks, persentase yang menyatakan keadaan). Indikator yang dinilai sekali setahun (nilai SAKIP, opini BPK, maturitas SPIP) hanya diisi pada triwulan terbitnya."),
        ("teks", f"• {schema.METODE_LABELS[schema.Metode.RATA_RATA]}: rata-rata triwulan yang terisi (misalnya indeks kepuasan)."),
        ("bagian", "5. Batas waktu penyampaian"),
        ("teks", f"• Lembar kerja triwulan disampaikan paling lambat tanggal {config.tanggal_mulai} bulan pertama setelah triwulan berakhir. {deadlines}."),
        ("teks", "• Keterlambatan data menunda seluruh laporan kinerja. Berkas yang terlambat dicatat dalam laporan triwulan."),
        ("bagian", "6. Langkah berikutnya (SOP penyusunan laporan data kinerja)"),
        *[("teks", f"• Langkah {step.langkah} — {ROLE_LABELS[step.peran]}: {step.uraian} ({sop.label_mutu(step.mutu_baku)}).")
          for step in sop.langkah_dipakai(config.opsi_sop) if step.lingkup != sop.REVIU],  # an Inspektorat's reviu: not the PPTK's
        ("teks", "• Analis Data memeriksa lembar kerja dengan kinerja (kinerja validasi) sebelum menyerahkan bahan; sel yang salah "
                 "ditandai dan dikembalikan untuk diperbaiki."),
        ("bagian", "7. Kolom lembar Rencana Aksi"),
    ]
    return lines



def write_instructions(sheet, tahun: int, config: Config) -> None:
    sheet.column_dimensions["A"].width = 26
    sheet.column_dimensions["B"].width = 70
    sheet.column_dimensions["C"].width = 34
    sheet.column_dimensions["D"].width = 40
    row = 1
    for style, text in instructions(tahun, config):
        cell = sheet.cell(row, 1, text)
        if style == "judul":
            cell.font = Font(bold=True, size=14)
            row += 1
        elif style == "bagian":
            cell.font = Font(bold=True, size=12, color="1F4E78")
            sheet.row_dimensions[row].height = 22
            cell.alignment = Alignment(vertical="bottom")
        else:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
            sheet.row_dimensions[row].height = 15 * max(1, -(-len(text) // 150))
        row += 1
    for offset, title in enumerate(("Kolom", "Cara mengisi", "Format", "Contoh")):
        cell = sheet.cell(row, 1 + offset, title)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.border = BORDER
    row += 1
    examples = office_examples(config)
    for column in schema.COLUMNS:
        text, example = _help_for(column.field, examples)
        wajib = " Wajib diisi." if column.required else ""
        cells = (f"{get_column_letter(COLUMN_INDEX[column.field])} · {column.label}", text + wajib, _FORMAT_HELP[column.kind], example)
        for offset, value in enumerate(cells):
            cell = sheet.cell(row, 1 + offset, value)
            cell.alignment = WRAP_TOP
            cell.border = BORDER
        lines = max(-(-len(cells[1]) // 68), -(-len(cells[2]) // 32), -(-len(cells[3]) // 38), 1)
        sheet.row_dimensions[row].height = 15 * lines
        row += 1
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
