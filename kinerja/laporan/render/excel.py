"""The capaian table as a formatted Excel sheet (``kinerja capaian --keluaran capaian.xlsx``).

Rendering only: the numbers come from :func:`kinerja.capaian.tabel.capaian_table`; the file is
written atomically (:mod:`kinerja.atomic`), so a failure leaves no half-written workbook.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from kinerja.atomic import atomic_path
from kinerja.capaian.tabel import METODE_TEXT, format_target
from kinerja.config import Config
from kinerja.domain.predikat import PALET_MUDA, warna_predikat
from kinerja.numbers import triwulan_label
from kinerja.spreadsheet import neutralize, neutralize_frame

_XLSX_COLUMNS = (
    ("sasaran", "Sasaran", 30, None), ("unit", "Unit", 14, None), ("kode", "Kode", 10, None),
    ("indikator", "Indikator Kinerja", 42, None), ("satuan", "Satuan", 10, None),
    ("arah", "Arah", 10, None), ("metode", "Metode", 14, None), ("target", "Target", 13, None),
    ("realisasi", "Realisasi", 13, None), ("capaian", "Capaian (%)", 12, "0.00"), ("predikat", "Predikat", 14, None),
    ("status", "Status", 16, None), ("pagu", "Pagu (Rp)", 17, "#,##0"),
    ("realisasi_anggaran", "Realisasi Anggaran (Rp)", 19, "#,##0"), ("serapan", "Serapan (%)", 12, "0.00"),
    ("efisiensi", "Efisiensi", 14, None), ("program", "Program", 30, None), ("kegiatan", "Kegiatan", 30, None),
    ("sub_kegiatan", "Sub Kegiatan", 30, None), ("pptk", "PPTK", 24, None), ("unit_nama", "Unit Kerja", 22, None),
    ("kendala", "Kendala", 30, None), ("tindak_lanjut", "Tindak Lanjut", 30, None),
    ("keterangan", "Keterangan", 36, None), ("keterangan_anggaran", "Keterangan Anggaran", 30, None), ("berkas", "Berkas", 24, None), ("baris", "Baris", 7, "0"),
)


def write_capaian_xlsx(table: pd.DataFrame, path: str | Path, *, tahun: int, triwulan: int, config: Config) -> Path:
    """Write the capaian table as a formatted Excel sheet, atomically (no half-written file).

    The sheet ``Capaian`` has the office name and a title above a bold, frozen, filtered
    header; capaian and serapan are numbers with two decimals, rupiah with thousands
    separators, predikat cells coloured by band. Not evaluable capaian cells are empty and
    the status column says why.

    Returns:
        The path written.
    """
    path = Path(path)
    tahunan = bool(table.attrs.get("tahunan", False))
    judul = (f"Capaian Kinerja Tahunan {tahun}" if tahunan
             else f"Capaian Kinerja {triwulan_label(triwulan)} Tahun {tahun}")
    header_row = 4
    frame = neutralize_frame(pd.DataFrame({label: _xlsx_values(table, field) for field, label, _, _ in _XLSX_COLUMNS}))
    with atomic_path(path) as tmp:
        with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
            frame.to_excel(writer, sheet_name="Capaian", startrow=header_row - 1, index=False)
            ws = writer.sheets["Capaian"]
            ws["A1"] = neutralize(_ILLEGAL_XML.sub("", config.instansi.nama))
            ws["A1"].font = Font(bold=True, size=13)
            ws["A2"] = judul
            ws["A2"].font = Font(bold=True, size=12)
            thin = Side(style="thin", color="999999")
            fill = PatternFill("solid", fgColor="1F4E78")
            for col, (_field, _label, width, number_format) in enumerate(_XLSX_COLUMNS, start=1):
                letter = get_column_letter(col)
                ws.column_dimensions[letter].width = width
                cell = ws.cell(header_row, col)
                cell.font = Font(bold=True, color="FFFFFF")
                cell.fill = fill
                cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
                cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
                for row in range(header_row + 1, header_row + 1 + len(frame)):
                    data_cell = ws.cell(row, col)
                    data_cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
                    data_cell.alignment = Alignment(wrap_text=width >= 30, vertical="top")
                    if number_format:
                        data_cell.number_format = number_format
            bands = {nama: warna.lstrip("#").upper() for nama, warna in warna_predikat(config.predikat, PALET_MUDA).items()}
            predikat_col = [f for f, *_ in _XLSX_COLUMNS].index("predikat") + 1
            for row in range(header_row + 1, header_row + 1 + len(frame)):
                cell = ws.cell(row, predikat_col)
                if cell.value in bands:
                    cell.fill = PatternFill("solid", fgColor=bands[cell.value])
            ws.row_dimensions[header_row].height = 30
            ws.freeze_panes = ws.cell(header_row + 1, 3)
            ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(_XLSX_COLUMNS))}{header_row + max(len(frame), 1)}"
            ws.page_setup.orientation = "landscape"
            ws.page_setup.paperSize = ws.PAPERSIZE_A4
            ws.page_setup.fitToWidth = 1
            ws.page_setup.fitToHeight = 0
            ws.sheet_properties.pageSetUpPr.fitToPage = True
            ws.print_title_rows = f"{header_row}:{header_row}"
    return path


def _xlsx_values(table: pd.DataFrame, field: str) -> list[object]:
    column = table[field] if field in table else pd.Series([None] * len(table), index=table.index)
    if field == "metode":
        return [METODE_TEXT.get(v, v) if isinstance(v, str) else None for v in column]
    out: list[object] = []
    for v in column:
        if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
            out.append(None)
        elif isinstance(v, str) and field in ("target", "realisasi") and "–" in v:
            out.append(format_target(v))  # a range: Indonesian decimals for people
        elif isinstance(v, str):
            out.append(_ILLEGAL_XML.sub("", v))
        elif isinstance(v, (np.integer,)):
            out.append(int(v))
        elif isinstance(v, (np.floating,)):
            out.append(float(v))
        else:
            out.append(v)
    return out


_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
