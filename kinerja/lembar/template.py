"""The Rencana Aksi workbook that PPTK and analysts fill in.

One builder, :func:`build_workbook`, lays out every Rencana Aksi workbook kinerja writes:
the empty template (:func:`write_template`, ``kinerja templat``), the sample year and the
synthetic benchmark workbooks (:mod:`kinerja.lembar.sample`). The workbook has three sheets:

* ``Petunjuk`` — how to fill each column, number formats, what arah and metode mean, the
  deadline of each quarter and what happens next in the SOP (all in Bahasa Indonesia).
* ``Rencana Aksi`` — a merged title row, the metadata rows of :data:`kinerja.lembar.schema.METADATA_LABELS`
  (label in column A, value in column C), the header row from :data:`kinerja.lembar.schema.COLUMNS`,
  then the data rows. Panes are frozen below the header and right of the indicator column.
  The sheet is protected without a password (so users can still unprotect it); only the
  data cells and metadata values are unlocked. Dropdowns (arah, metode, satuan, unit, PPTK)
  refer to ranges on the reference sheet.
* ``Referensi`` — the dropdown lists, the qualitative scales of the config and the national
  nomenclature (program / kegiatan / sub kegiatan) of the office's urusan.

:func:`save_workbook` writes atomically and deterministically: fixed document timestamps and
fixed zip entry times, so the same input gives the same bytes.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import os
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.writer.excel import ExcelWriter

from kinerja.atomic import atomic_path
from kinerja.config import Config
from kinerja.domain import sop
from kinerja.domain.peran import ROLE_LABELS
from kinerja.lembar import schema
from kinerja.numbers import ROMAWI, format_date
from kinerja.paths import PACKAGE_DATA

EMPTY_ROWS = 50
"""Empty, formatted rows with dropdowns below the data rows of a workbook."""

TITLE_ROW = 1
SUBTITLE_ROW = 2
FIRST_METADATA_ROW = 3
HEADER_ROW = FIRST_METADATA_ROW + len(schema.METADATA_LABELS) + 1
FIRST_DATA_ROW = HEADER_ROW + 1
METADATA_VALUE_COLUMN = 3  # column C, as schema.METADATA_LABELS says

RUPIAH_FORMAT = "#,##0"
NUMBER_FORMAT = "#,##0.00"
DATE_FORMAT = "DD/MM/YYYY"
TEXT_FORMAT = "@"

COLUMN_INDEX = {column.field: index for index, column in enumerate(schema.COLUMNS, start=1)}
"""Field -> 1-based column number on the data sheet."""


def column_letter(field: str) -> str:
    """Excel column letter of a field on the data sheet.

    >>> column_letter("sasaran"), column_letter("kode_indikator"), column_letter("indikator"), column_letter("pagu")
    ('A', 'B', 'C', 'V')
    """
    return get_column_letter(COLUMN_INDEX[field])


LAST_COLUMN = get_column_letter(len(schema.COLUMNS))

_THIN = Side(style="thin", color="9E9E9E")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_LABEL_FILL = PatternFill("solid", fgColor="DDEBF7")
_INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
_LOCKED = Protection(locked=True)
_UNLOCKED = Protection(locked=False)
_WRAP_TOP = Alignment(wrap_text=True, vertical="top")
_RIGHT_TOP = Alignment(horizontal="right", vertical="top")
_CENTER_TOP = Alignment(horizontal="center", vertical="top", wrap_text=True)


@dataclass(frozen=True)
class Nomenklatur:
    """One row of the national nomenclature."""

    jenis: str  # "Program", "Kegiatan", "Sub Kegiatan"
    kode: str
    nama: str
    indikator: str = ""
    satuan: str = ""


@lru_cache(maxsize=8)
def nomenklatur(urusan: str) -> tuple[Nomenklatur, ...]:
    """Program, kegiatan and sub kegiatan of ``urusan`` (e.g. ``"6.01"``), sorted by code.

    >>> rows = nomenklatur("6.01")
    >>> rows[0].jenis, rows[0].kode
    ('Program', '6.01.01')
    >>> any(r.kode == "6.01.02.2.01.0001" and r.jenis == "Sub Kegiatan" for r in rows)
    True
    """
    found: list[Nomenklatur] = []
    for jenis, name in (("Program", "program.csv"), ("Kegiatan", "kegiatan.csv"), ("Sub Kegiatan", "sub_kegiatan.csv")):
        with (PACKAGE_DATA / name).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                kode = row["kode"].strip()
                if kode == urusan or kode.startswith(urusan + "."):
                    found.append(
                        Nomenklatur(jenis, kode, row["nomenklatur"].strip(), (row.get("indikator") or "").strip(), (row.get("satuan") or "").strip())
                    )
    return tuple(sorted(found, key=lambda r: tuple(int(part) for part in r.kode.split("."))))


def nomenklatur_by_code(urusan: str) -> dict[str, Nomenklatur]:
    """:func:`nomenklatur` keyed by code."""
    return {row.kode: row for row in nomenklatur(urusan)}


# --- Reference lists ---------------------------------------------------------------------


@dataclass(frozen=True)
class ReferenceList:
    """One dropdown list on the reference sheet."""

    key: str
    title: str
    values: tuple[str, ...]
    column: int  # 1-based column on the reference sheet

    @property
    def formula(self) -> str:
        """The absolute range of the values, for a DataValidation ``formula1``."""
        letter = get_column_letter(self.column)
        last = 1 + max(len(self.values), 1)
        return f"{schema.REFERENCE_SHEET}!${letter}$2:${letter}${last}"


def reference_lists(config: Config) -> tuple[ReferenceList, ...]:
    """The dropdown lists of a workbook for ``config``, in reference-sheet order."""
    pptk = tuple(p.nama for p in config.people_with_role("pptk"))
    return (
        ReferenceList("arah", "Arah", tuple(schema.ARAH_LABELS[a] for a in schema.Arah), 1),
        ReferenceList("metode", "Metode Perhitungan", tuple(schema.METODE_LABELS[m] for m in schema.Metode), 2),
        ReferenceList("satuan", "Satuan", schema.SATUAN_UMUM, 3),
        ReferenceList("unit", "Unit Kerja", tuple(u.nama for u in config.unit), 4),
        ReferenceList("pptk", "PPTK", pptk, 5),
    )


# --- Instructions ---------------------------------------------------------------------------

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
        *[("teks", f"• Langkah {step.langkah} — {ROLE_LABELS[step.peran]}: {step.uraian} ({step.mutu_baku.label}).")
          for step in sop.langkah_dipakai(config.opsi_sop)],
        ("teks", "• Analis Data memeriksa lembar kerja dengan kinerja (kinerja validasi) sebelum menyerahkan bahan; sel yang salah "
                 "ditandai dan dikembalikan untuk diperbaiki."),
        ("bagian", "7. Kolom lembar Rencana Aksi"),
    ]
    return lines


# --- The builder ---------------------------------------------------------------------------


def build_workbook(
    tahun: int,
    config: Config,
    *,
    rows: Sequence[Mapping[str, object]] = (),
    metadata: Mapping[str, object] | None = None,
    empty_rows: int = EMPTY_ROWS,
) -> Workbook:
    """Lay out a Rencana Aksi workbook.

    Args:
        tahun: the budget year, prefilled in the metadata.
        config: the office config (units, PPTK, scales, urusan for the nomenclature).
        rows: data rows, each a mapping of :data:`kinerja.lembar.schema.FIELDS` to cell values
            (numbers, text, None); written in order from :data:`FIRST_DATA_ROW`.
        metadata: values of the metadata rows other than ``tahun`` (``unit``,
            ``tanggal_penyampaian``); missing ones stay empty for the user to fill in.
        empty_rows: formatted empty rows (with dropdowns) after the data rows.

    Returns:
        The openpyxl workbook; save it with :func:`save_workbook`.
    """
    workbook = Workbook()
    guide = workbook.active
    guide.title = schema.INSTRUCTIONS_SHEET
    data = workbook.create_sheet(schema.DATA_SHEET)
    reference = workbook.create_sheet(schema.REFERENCE_SHEET)
    lists = reference_lists(config)
    _write_reference(reference, lists, config)
    _write_instructions(guide, tahun, config)
    _write_data_sheet(data, tahun, config, rows, dict(metadata or {}), empty_rows, {r.key: r for r in lists})
    workbook.active = workbook.index(data)
    guide.sheet_view.tabSelected = False
    workbook.security = WorkbookProtection(lockStructure=False)
    workbook.properties.creator = "kinerja"
    workbook.properties.lastModifiedBy = "kinerja"
    workbook.properties.title = f"Rencana Aksi {tahun}"
    workbook.properties.subject = config.instansi.nama
    return workbook


def _write_data_sheet(
    sheet,
    tahun: int,
    config: Config,
    rows: Sequence[Mapping[str, object]],
    metadata: dict[str, object],
    empty_rows: int,
    lists: dict[str, ReferenceList],
) -> None:
    ncols = len(schema.COLUMNS)
    title = sheet.cell(TITLE_ROW, 1, f"RENCANA AKSI KINERJA {config.instansi.nama.upper()} TAHUN {tahun}")
    title.font = Font(bold=True, size=14)
    title.alignment = Alignment(vertical="center")
    sheet.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=ncols)
    sheet.row_dimensions[TITLE_ROW].height = 24
    subtitle = sheet.cell(SUBTITLE_ROW, 1, config.instansi.pemerintah)
    subtitle.font = Font(italic=True, color="595959")
    sheet.merge_cells(start_row=SUBTITLE_ROW, start_column=1, end_row=SUBTITLE_ROW, end_column=ncols)

    values = {"tahun": tahun, **metadata}
    for offset, (key, label) in enumerate(schema.METADATA_LABELS.items()):
        row = FIRST_METADATA_ROW + offset
        label_cell = sheet.cell(row, 1, label)
        label_cell.font = Font(bold=True)
        label_cell.fill = _LABEL_FILL
        label_cell.protection = _LOCKED
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=METADATA_VALUE_COLUMN - 1)
        value_cell = sheet.cell(row, METADATA_VALUE_COLUMN, values.get(key))
        value_cell.alignment = Alignment(horizontal="left")
        value_cell.border = _BORDER
        if key == "tahun":
            value_cell.protection = _LOCKED
            value_cell.number_format = "0"
            value_cell.font = Font(bold=True)
        else:
            value_cell.protection = _UNLOCKED
            value_cell.fill = _INPUT_FILL
        if key == "tanggal_penyampaian":
            value_cell.number_format = DATE_FORMAT
        sheet.merge_cells(start_row=row, start_column=METADATA_VALUE_COLUMN, end_row=row, end_column=METADATA_VALUE_COLUMN + 2)

    for column in schema.COLUMNS:
        index = COLUMN_INDEX[column.field]
        cell = sheet.cell(HEADER_ROW, index, column.label)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _BORDER
        cell.protection = _LOCKED
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.row_dimensions[HEADER_ROW].height = 32

    last_row = FIRST_DATA_ROW + len(rows) + empty_rows - 1
    # Style one cell per column, then share its style record (copying openpyxl's StyleArray is
    # much faster than assigning four style objects to every cell).
    prototypes = []
    for column in schema.COLUMNS:
        number_format, alignment = _cell_style(column)
        cell = sheet.cell(FIRST_DATA_ROW, COLUMN_INDEX[column.field])
        cell.number_format = number_format
        cell.alignment = alignment
        cell.border = _BORDER
        cell.protection = _UNLOCKED
        prototypes.append((column.field, COLUMN_INDEX[column.field], cell._style))
    for row_index in range(FIRST_DATA_ROW, last_row + 1):
        values_row = rows[row_index - FIRST_DATA_ROW] if row_index - FIRST_DATA_ROW < len(rows) else None
        for field_name, column_index, style in prototypes:
            value = None if values_row is None else values_row.get(field_name)
            cell = sheet.cell(row_index, column_index, value)
            cell._style = copy.copy(style)
        if values_row is not None:
            sheet.row_dimensions[row_index].height = _row_height(values_row)

    _add_validations(sheet, lists, tahun, last_row)
    sheet.freeze_panes = f"{get_column_letter(COLUMN_INDEX['indikator'] + 1)}{FIRST_DATA_ROW}"
    sheet.auto_filter.ref = None
    sheet.protection.sheet = True
    # Users may still resize, format, insert and delete rows; only locked cells are protected.
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    sheet.protection.formatCells = False
    sheet.protection.insertRows = False
    sheet.protection.deleteRows = False
    sheet.protection.sort = False
    sheet.protection.autoFilter = False
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4 if hasattr(sheet, "PAPERSIZE_A4") else 9
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.sheet_view.zoomScale = 90


def _row_height(values: Mapping[str, object]) -> float:
    """Height (points) that shows every wrapped text cell of a data row in full."""
    lines = 1
    for field, value in values.items():
        column = schema.FIELDS.get(field)
        if column is None or not isinstance(value, str) or column.kind not in (schema.Kind.TEKS, schema.Kind.PILIHAN):
            continue
        per_line = max(1.0, column.width * 1.15 - 1)
        lines = max(lines, sum(-(-len(part) // int(per_line)) or 1 for part in value.split("\n")))
    return 15.0 * lines


def _cell_style(column: schema.Column) -> tuple[str, Alignment]:
    if column.kind is schema.Kind.RUPIAH:
        return RUPIAH_FORMAT, _RIGHT_TOP
    if column.kind in (schema.Kind.TARGET, schema.Kind.REALISASI):
        return NUMBER_FORMAT, _RIGHT_TOP
    if column.kind is schema.Kind.KODE or column.field == "kode_indikator":
        return TEXT_FORMAT, Alignment(vertical="top")
    if column.kind is schema.Kind.PILIHAN or column.field == "satuan":
        return "General", _CENTER_TOP
    return "General", _WRAP_TOP


def _add_validations(sheet, lists: dict[str, ReferenceList], tahun: int, last_row: int) -> None:
    def rows_of(field: str) -> str:
        letter = column_letter(field)
        return f"{letter}{FIRST_DATA_ROW}:{letter}{last_row}"

    strict = {"arah": "Arah", "metode": "Metode perhitungan", "unit": "Unit kerja", "pptk": "PPTK"}
    for key, title in strict.items():
        validation = DataValidation(
            type="list", formula1=lists[key].formula, allow_blank=True, showDropDown=False,
            showErrorMessage=True, errorTitle=f"{title} tidak dikenal", error=f"Pilih {title.lower()} dari daftar.",
            showInputMessage=True, promptTitle=title, prompt=f"Pilih {title.lower()} dari daftar.",
        )
        validation.add(rows_of(key))
        if key == "unit":
            validation.add(f"{get_column_letter(METADATA_VALUE_COLUMN)}{FIRST_METADATA_ROW + 1}")
        sheet.add_data_validation(validation)
    satuan = DataValidation(
        type="list", formula1=lists["satuan"].formula, allow_blank=True, showErrorMessage=True, errorStyle="warning",
        errorTitle="Satuan di luar daftar", error="Satuan ini tidak ada di daftar. Pilih Ya untuk tetap memakainya.",
    )
    satuan.add(rows_of("satuan"))
    sheet.add_data_validation(satuan)
    rupiah = DataValidation(
        type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True, showErrorMessage=True,
        errorStyle="warning", errorTitle="Rupiah", error="Isi angka rupiah 0 atau lebih, tanpa \"Rp\".",
    )
    for field in schema.BUDGET_FIELDS:
        rupiah.add(rows_of(field))
    sheet.add_data_validation(rupiah)
    tanggal = DataValidation(
        type="date", operator="between", formula1=f"DATE({tahun},1,1)", formula2=f"DATE({tahun + 1},12,31)", allow_blank=True,
        showErrorMessage=True, errorStyle="warning", errorTitle="Tanggal", error="Isi tanggal penyampaian (hh/bb/tttt).",
    )
    tanggal.add(f"{get_column_letter(METADATA_VALUE_COLUMN)}{FIRST_METADATA_ROW + 2}")
    sheet.add_data_validation(tanggal)


def _write_reference(sheet, lists: Sequence[ReferenceList], config: Config) -> None:
    header_font = Font(bold=True)
    for item in lists:
        letter = get_column_letter(item.column)
        sheet.cell(1, item.column, item.title).font = header_font
        sheet.cell(1, item.column).fill = _LABEL_FILL
        for offset, value in enumerate(item.values, start=2):
            sheet.cell(offset, item.column, value)
        sheet.column_dimensions[letter].width = max(14, min(40, max((len(v) for v in item.values), default=10) + 2))

    scale_col = max(item.column for item in lists) + 2
    for offset, title in enumerate(("Skala", "Predikat", "Nilai")):
        cell = sheet.cell(1, scale_col + offset, title)
        cell.font = header_font
        cell.fill = _LABEL_FILL
    row = 2
    for name, scale in config.skala.items():
        for grade, nilai in scale.items():
            sheet.cell(row, scale_col, name)
            sheet.cell(row, scale_col + 1, grade)
            sheet.cell(row, scale_col + 2, nilai)
            row += 1
    for offset, width in enumerate((10, 12, 8)):
        sheet.column_dimensions[get_column_letter(scale_col + offset)].width = width

    nom_col = scale_col + 4
    titles = ("Jenis", "Kode", "Nomenklatur", "Indikator Keluaran", "Satuan Keluaran")
    for offset, title in enumerate(titles):
        cell = sheet.cell(1, nom_col + offset, f"{title} (urusan {config.instansi.urusan})" if title == "Nomenklatur" else title)
        cell.font = header_font
        cell.fill = _LABEL_FILL
    for row, entry in enumerate(nomenklatur(config.instansi.urusan), start=2):
        for offset, value in enumerate((entry.jenis, entry.kode, entry.nama, entry.indikator, entry.satuan)):
            cell = sheet.cell(row, nom_col + offset, value)
            cell.number_format = TEXT_FORMAT
            cell.alignment = _WRAP_TOP
        if entry.jenis != "Sub Kegiatan":
            sheet.cell(row, nom_col + 2).font = header_font
    for offset, width in enumerate((13, 19, 60, 50, 14)):
        sheet.column_dimensions[get_column_letter(nom_col + offset)].width = width
    sheet.freeze_panes = "A2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False


def _write_instructions(sheet, tahun: int, config: Config) -> None:
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
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
    row += 1
    examples = office_examples(config)
    for column in schema.COLUMNS:
        text, example = _help_for(column.field, examples)
        wajib = " Wajib diisi." if column.required else ""
        cells = (f"{get_column_letter(COLUMN_INDEX[column.field])} · {column.label}", text + wajib, _FORMAT_HELP[column.kind], example)
        for offset, value in enumerate(cells):
            cell = sheet.cell(row, 1 + offset, value)
            cell.alignment = _WRAP_TOP
            cell.border = _BORDER
        lines = max(-(-len(cells[1]) // 68), -(-len(cells[2]) // 32), -(-len(cells[3]) // 38), 1)
        sheet.row_dimensions[row].height = 15 * lines
        row += 1
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


# --- Saving ----------------------------------------------------------------------------------


def document_timestamp(tahun: int) -> dt.datetime:
    """The fixed created/modified time written into every generated workbook of ``tahun``.

    >>> document_timestamp(2025)
    datetime.datetime(2025, 1, 2, 8, 0)
    """
    return dt.datetime(tahun, 1, 2, 8, 0)


def workbook_bytes(workbook: Workbook, *, timestamp: dt.datetime) -> bytes:
    """The .xlsx bytes of ``workbook`` with fixed timestamps (same input, same bytes).

    Args:
        workbook: built by :func:`build_workbook`.
        timestamp: document created/modified time and zip entry time.
    """
    workbook.properties.created = timestamp
    workbook.properties.modified = timestamp
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    buffer.seek(0)
    zip_time = (max(timestamp.year, 1980), timestamp.month, timestamp.day, timestamp.hour, timestamp.minute, timestamp.second)
    output = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=zip_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            out.writestr(entry, source.read(info.filename))
    return output.getvalue()


def save_workbook(workbook: Workbook, path: str | os.PathLike[str], *, timestamp: dt.datetime) -> Path:
    """Write ``workbook`` to ``path`` atomically, with fixed timestamps (see :func:`workbook_bytes`)."""
    target = Path(path)
    data = workbook_bytes(workbook, timestamp=timestamp)
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
    return target


def write_template(path: str | os.PathLike[str], tahun: int, config: Config) -> Path:
    """Write the empty Rencana Aksi template for ``tahun`` (atomic).

    Args:
        path: the .xlsx file to write (replaced when it exists; the CLI asks first).
        tahun: the budget year, prefilled in the metadata.
        config: the office config (dropdowns for unit and PPTK, nomenclature, scales).

    Returns:
        The written path.
    """
    return save_workbook(build_workbook(tahun, config), path, timestamp=document_timestamp(tahun))
