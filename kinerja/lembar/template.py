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
import datetime as dt
import io
import os
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.writer.excel import ExcelWriter

from kinerja.atomic import atomic_path
from kinerja.config import Config
from kinerja.lembar import schema
from kinerja.lembar.layout import (
    BORDER,
    CENTER_TOP,
    COLUMN_INDEX,
    DATE_FORMAT,
    EMPTY_ROWS,
    FIRST_DATA_ROW,
    FIRST_METADATA_ROW,
    HEADER_FILL,
    HEADER_FONT,
    HEADER_ROW,
    INPUT_FILL,
    LABEL_FILL,
    LOCKED,
    METADATA_VALUE_COLUMN,
    NUMBER_FORMAT,
    RIGHT_TOP,
    RUPIAH_FORMAT,
    SUBTITLE_ROW,
    TEXT_FORMAT,
    TITLE_ROW,
    UNLOCKED,
    WRAP_TOP,
    column_letter,
)
from kinerja.lembar.nomenklatur import nomenklatur
from kinerja.lembar.petunjuk import write_instructions

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
    write_instructions(guide, tahun, config)
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
        label_cell.fill = LABEL_FILL
        label_cell.protection = LOCKED
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=METADATA_VALUE_COLUMN - 1)
        value_cell = sheet.cell(row, METADATA_VALUE_COLUMN, values.get(key))
        value_cell.alignment = Alignment(horizontal="left")
        value_cell.border = BORDER
        if key == "tahun":
            value_cell.protection = LOCKED
            value_cell.number_format = "0"
            value_cell.font = Font(bold=True)
        else:
            value_cell.protection = UNLOCKED
            value_cell.fill = INPUT_FILL
        if key == "tanggal_penyampaian":
            value_cell.number_format = DATE_FORMAT
        sheet.merge_cells(start_row=row, start_column=METADATA_VALUE_COLUMN, end_row=row, end_column=METADATA_VALUE_COLUMN + 2)

    for column in schema.COLUMNS:
        index = COLUMN_INDEX[column.field]
        cell = sheet.cell(HEADER_ROW, index, column.label)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = BORDER
        cell.protection = LOCKED
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
        cell.border = BORDER
        cell.protection = UNLOCKED
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
        return RUPIAH_FORMAT, RIGHT_TOP
    if column.kind in (schema.Kind.TARGET, schema.Kind.REALISASI):
        return NUMBER_FORMAT, RIGHT_TOP
    if column.kind is schema.Kind.KODE or column.field == "kode_indikator":
        return TEXT_FORMAT, Alignment(vertical="top")
    if column.kind is schema.Kind.PILIHAN or column.field == "satuan":
        return "General", CENTER_TOP
    return "General", WRAP_TOP


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
        sheet.cell(1, item.column).fill = LABEL_FILL
        for offset, value in enumerate(item.values, start=2):
            sheet.cell(offset, item.column, value)
        sheet.column_dimensions[letter].width = max(14, min(40, max((len(v) for v in item.values), default=10) + 2))

    scale_col = max(item.column for item in lists) + 2
    for offset, title in enumerate(("Skala", "Predikat", "Nilai")):
        cell = sheet.cell(1, scale_col + offset, title)
        cell.font = header_font
        cell.fill = LABEL_FILL
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
        cell.fill = LABEL_FILL
    for row, entry in enumerate(nomenklatur(config.instansi.urusan), start=2):
        for offset, value in enumerate((entry.jenis, entry.kode, entry.nama, entry.indikator, entry.satuan)):
            cell = sheet.cell(row, nom_col + offset, value)
            cell.number_format = TEXT_FORMAT
            cell.alignment = WRAP_TOP
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


__all__ = [  # the layout names tests and the sample import from here (each has its home in layout)
    "EMPTY_ROWS", "FIRST_DATA_ROW", "FIRST_METADATA_ROW", "HEADER_ROW", "METADATA_VALUE_COLUMN", "NUMBER_FORMAT",
    "RUPIAH_FORMAT", "TEXT_FORMAT", "ReferenceList", "build_workbook", "column_letter", "document_timestamp",
    "reference_lists", "save_workbook", "workbook_bytes", "write_template",
]
