"""Helpers for the reader/validation tests: write small real Rencana Aksi workbooks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

from kinerja.lembar import schema

LABELS = [c.label for c in schema.COLUMNS]


def good_row(**overrides: object) -> dict[str, object]:
    """A valid indicator row (kumulatif, four quarterly targets adding up)."""
    row: dict[str, object] = {
        "sasaran": "Meningkatnya kualitas pengawasan internal",
        "indikator": "Jumlah laporan hasil pengawasan kinerja",
        "satuan": "laporan",
        "arah": "Positif (semakin tinggi semakin baik)",
        "metode": "Kumulatif (dijumlahkan)",
        "target_tahunan": 12,
        "target_triwulan_1": 3, "target_triwulan_2": 3, "target_triwulan_3": 3, "target_triwulan_4": 3,
        "realisasi_triwulan_1": 3, "realisasi_triwulan_2": 2,
        "kode_program": "6.01.02", "program": "PROGRAM PENYELENGGARAAN PENGAWASAN",
        "kode_kegiatan": "6.01.02.2.01", "kegiatan": "Penyelenggaraan Pengawasan Internal",
        "kode_sub_kegiatan": "6.01.02.2.01.0001", "sub_kegiatan": "Pengawasan Kinerja Pemerintah Daerah",
        "pagu": 100_000_000, "realisasi_anggaran_triwulan_1": 20_000_000, "realisasi_anggaran_triwulan_2": 25_000_000,
        "pptk": "Rina Wulandari, S.E., M.Ak.", "unit": "Inspektur Pembantu Wilayah I",
    }
    row.update(overrides)
    return row


def write_workbook(
    path: Path,
    rows: list[dict[str, object]],
    *,
    metadata: dict[str, object] | None = None,
    fields: list[str] | None = None,
    headers: dict[str, str] | None = None,
    sheet: str = schema.DATA_SHEET,
    title: bool = True,
    blank_rows_before_data: int = 0,
) -> Path:
    """Write a workbook like the template: title, metadata (A label, C value), header, rows.

    ``fields`` picks and orders the columns (default: all); ``headers`` overrides labels.
    A row without ``kode_indikator`` gets :func:`test_kode` of its name (rows written with
    ``fields`` lacking the column have none, like an old workbook). Returns ``path``.
    """
    fields = fields or list(schema.FIELDS)
    headers = headers or {}
    book = Workbook()
    ws = book.active
    ws.title = sheet
    row_no = 1
    if title:
        ws.cell(1, 1, "RENCANA AKSI INSPEKTORAT KABUPATEN CONTOH")
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=8)
        row_no = 3
    meta = {"tahun": 2025, "unit": "Inspektur Pembantu Wilayah I", "tanggal_penyampaian": dt.date(2025, 7, 8)}
    if metadata is not None:
        meta.update(metadata)
    for key, label in schema.METADATA_LABELS.items():
        if meta.get(key) is None:
            continue
        ws.cell(row_no, 1, label)
        ws.cell(row_no, 3, meta[key])
        row_no += 1
    row_no += 1
    header_row = row_no
    for col, name in enumerate(fields, start=1):
        ws.cell(header_row, col, headers.get(name, schema.FIELDS[name].label if name in schema.FIELDS else name))
    row_no += 1 + blank_rows_before_data
    for data in rows:
        if "kode_indikator" not in data:
            data = {**data, "kode_indikator": test_kode(str(data.get("indikator") or ""))}
        for col, name in enumerate(fields, start=1):
            value = data.get(name)
            if value is not None:
                ws.cell(row_no, col, value)
        row_no += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def test_kode(indikator: str) -> str:
    """A test row's indicator code: the same for the same name (``IK-`` and 4 hex digits)."""
    import hashlib

    return "IK-" + hashlib.sha256(" ".join(indikator.lower().split()).encode()).hexdigest()[:4].upper()


def letter(field: str, fields: list[str] | None = None) -> str:
    """Column letter of ``field`` in a workbook written with ``fields``."""
    from openpyxl.utils import get_column_letter

    return get_column_letter((fields or list(schema.FIELDS)).index(field) + 1)


HEADER_ROW = 7
"""Header row of :func:`write_workbook` with the default title and three metadata rows."""
FIRST_ROW = HEADER_ROW + 1
