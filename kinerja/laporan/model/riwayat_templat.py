"""The office's own riwayat capaian workbook: ``kinerja riwayat templat`` writes it, ``kinerja riwayat periksa`` checks it.

Every new office's first LKjIP needs its earlier years and its Renstra end targets (PermenPAN-RB
53/2014 compares each indicator with them). :func:`write_riwayat_template` writes
``data/referensi/riwayat-capaian.xlsx`` (the layout :mod:`kinerja.laporan.model.riwayat` reads) with one
row per indicator of the office's year, keyed by unit + Kode Indikator as the year's workbooks
have them, and empty cells for the Renstra target and period, the standard and the realisasi of the
two previous years (a year whose annual report this workspace documented is filled from it).

:func:`check_riwayat` checks a filled workbook like a Rencana Aksi workbook is checked: every problem a
:class:`~kinerja.lembar.findings.Temuan` naming file, sheet and cell (the findings table's rules), a
galat for what would break the comparison (missing columns, empty keys, duplicates, text where a
number belongs), a peringatan for rows the year's LKjIP will not use (an unknown unit or indicator).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from kinerja.atomic import atomic_path
from kinerja.capaian.tabel import capaian_table
from kinerja.errors import KinerjaError, UsageError
from kinerja.laporan.model.riwayat import FIXED, RIWAYAT, SHEET, load_referensi, read_riwayat, riwayat_path
from kinerja.lembar import findings as aturan
from kinerja.lembar.findings import Temuan, to_frame
from kinerja.lembar.validate import validate_workbooks
from kinerja.numbers import parse_target
from kinerja.spreadsheet import neutralize

YEAR_COLUMN = "Realisasi {tahun}"
INPUT_FILL = "FFF2CC"
"""The light yellow of the Rencana Aksi template's input cells."""


def office_indicators(workspace: Any, config: Any, tahun: int, dari: Path | None = None) -> tuple[pd.DataFrame, str]:
    """The year's indicators (``unit``, ``kode``, ``indikator``, ``satuan``) and where they were read.

    From ``dari`` (a Rencana Aksi workbook, e.g. the new year's filled template) when given, else from
    the latest quarter of ``tahun`` with workbooks, else of the year before.

    Raises:
        UsageError: no workbook to read the indicators from.
    """
    candidates: list[tuple[list[Path], int, int, str]] = []
    if dari is not None:
        if not dari.is_file():
            raise UsageError(f"Lembar kerja {dari} (--dari) tidak ditemukan.")
        candidates.append(([dari], tahun, 4, str(dari)))
    else:
        for year in (tahun, tahun - 1):
            for quarter in (4, 3, 2, 1):
                files = workspace.quarter_workbooks(year, quarter)
                if files:
                    candidates.append((files, year, quarter, workspace.shown(workspace.raw_for(year, quarter))))
    for files, year, quarter, where in candidates[:1]:
        dataset = validate_workbooks(files, config, tahun=year, triwulan=quarter)
        tabel = capaian_table(dataset.data, config, quarter, temuan=to_frame(dataset.temuan))
        rows = tabel[["unit", "kode", "indikator", "satuan"]].astype(str)
        rows = rows[rows["kode"].str.strip() != ""].drop_duplicates(["unit", "kode"]).sort_values(["unit", "kode"])
        return rows.reset_index(drop=True), where
    raise UsageError(
        f"Belum ada lembar kerja Rencana Aksi tahun {tahun} atau {tahun - 1} di {workspace.shown(workspace.raw)}; templat riwayat "
        f"dibuat dari indikator kantor. Sebutkan lembar kerja yang memuat indikator tahun {tahun} (mis. templat Rencana Aksi yang "
        f"sudah diisi target PK): kinerja riwayat templat --tahun {tahun} --dari BERKAS.xlsx"
    )


def write_riwayat_template(workspace: Any, config: Any, tahun: int, *, dari: Path | None = None,
                           timpa: bool = False) -> tuple[Path, int, str]:
    """Write the office's riwayat workbook for ``tahun``'s LKjIP; returns (path, rows, where the indicators came from).

    Raises:
        UsageError: the workbook exists (and ``timpa`` is false), or there are no indicators to list.
    """
    target = riwayat_path(workspace.root)
    if target.exists() and not timpa:
        raise UsageError(f"{RIWAYAT} sudah ada; isinya tidak ditimpa. Periksa dengan `kinerja riwayat periksa --tahun {tahun}`, "
                         "atau pakai --timpa untuk menulis templat kosong di atasnya.")
    indicators, where = office_indicators(workspace, config, tahun, dari)
    years = (tahun - 2, tahun - 1)
    documented = load_referensi(workspace, config, tahun) if not target.exists() else None
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    header = [*FIXED, *(YEAR_COLUMN.format(tahun=y) for y in years)]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    fill = PatternFill("solid", fgColor=INPUT_FILL)
    for number, row in enumerate(indicators.itertuples(index=False), start=2):
        filled = []
        for year in years:
            value = documented.tahun.get(year, {}).get((row.unit.upper(), row.kode.upper())) if documented else None
            filled.append("" if value is None else value)
        values = [row.unit, row.kode, row.indikator, row.satuan, "", "", "", "", *filled]
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(number, column, neutralize(value))
            if column > 4:
                cell.fill = fill
    for letter, width in zip("ABCDEFGHIJ", (14, 16, 60, 10, 16, 16, 12, 24, 15, 15), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "E2"
    guide = book.create_sheet("Petunjuk")
    lines = [
        f"RIWAYAT CAPAIAN DAN TARGET RENSTRA untuk LKjIP {tahun} · {config.instansi.nama}",
        f"Baris indikator diambil dari {where} (unit kerja + Kode Indikator); jangan mengubah kolom Unit dan Kode Indikator.",
        "Isi sel kuning: Target Akhir Renstra (target indikator pada akhir periode Renstra), Periode Renstra (mis. 2025–2029), "
        "Standar nasional/provinsi bila ada dan sumbernya, serta realisasi tahun-tahun sebelumnya.",
        "Angka ditulis seperti di lembar Rencana Aksi: 85 atau 85,5 (persen tanpa %), rentang \"80 - 90\", atau predikat (WTP, BB, Level 3).",
        "Realisasi sebuah tahun yang laporan tahunannya sudah didokumentasikan di kinerja diambil dari arsip laporan itu, bukan dari kolom ini.",
        f"Setelah diisi, periksa: kinerja riwayat periksa --tahun {tahun}",
    ]
    for number, text in enumerate(lines, start=1):
        guide.cell(number, 1, text).font = Font(bold=number == 1)
    guide.column_dimensions["A"].width = 140
    target.parent.mkdir(parents=True, exist_ok=True)
    book.properties.created = book.properties.modified = dt.datetime(tahun, 1, 1)
    with atomic_path(target) as tmp:
        book.save(tmp)
    return target, len(indicators), where


def check_riwayat(workspace: Any, config: Any, tahun: int, indicators: pd.DataFrame | None = None) -> list[Temuan]:
    """Every problem of the workspace's riwayat workbook for ``tahun``'s LKjIP (empty list: ready).

    ``indicators``: the year's indicators (:func:`office_indicators`); rows outside them are a peringatan.
    """
    path = riwayat_path(workspace.root)
    name = RIWAYAT
    if not path.is_file():
        return [aturan.BERKAS_TIDAK_ADA.temuan(name)]
    try:
        read_riwayat(workspace.root)
    except KinerjaError:
        pass  # every problem is listed below, cell by cell
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook is the same user error
        return [aturan.BERKAS_RUSAK.temuan(name, sebab=type(exc).__name__)]
    try:
        if SHEET not in book.sheetnames:
            return [aturan.LEMBAR_TIDAK_ADA.temuan(name, lembar_data=SHEET)]
        rows = list(book[SHEET].iter_rows(values_only=True))
    finally:
        book.close()
    found: list[Temuan] = []
    header = [str(h).strip() if h is not None else "" for h in (rows[0] if rows else ())]
    col = {h.lower(): i for i, h in enumerate(header) if h}
    for required in ("Unit", "Kode Indikator"):
        if required.lower() not in col:
            found.append(aturan.KOLOM_WAJIB_HILANG.temuan(name, SHEET, "", required, baris_judul=1))
    if found:
        return found
    wanted = [YEAR_COLUMN.format(tahun=y) for y in (tahun - 2, tahun - 1)]
    missing = [c for c in (*FIXED[4:], *wanted) if c.lower() not in col]
    if missing:
        found.append(aturan.KOLOM_HILANG.temuan(name, SHEET, "", "", baris_judul=1, daftar=", ".join(missing)))
    known = None if indicators is None else {(u.upper(), k.upper()) for u, k in zip(indicators["unit"], indicators["kode"], strict=True)}
    unit_codes = {u.kode.upper() for u in config.unit}
    seen: dict[tuple[str, str], tuple[int, str]] = {}
    scales = {grade.upper() for scale in config.skala.values() for grade in scale}
    value_columns = [c for c in ("Target Akhir Renstra", "Standar", *[h for h in header if h.lower().startswith("realisasi ")])
                     if c.lower() in col]
    for number, values in enumerate(rows[1:], start=2):
        cells = list(values) + [None] * (len(header) - len(values))
        if not any(str(c).strip() for c in cells if c is not None):
            continue
        text = {h: ("" if cells[i] is None else str(cells[i]).strip()) for h, i in col.items()}
        unit, kode, indikator = text["unit"], text["kode indikator"], text.get("indikator", "")
        label = indikator or kode or f"baris {number}"
        for column, value in (("Unit", unit), ("Kode Indikator", kode)):
            if not value:
                found.append(aturan.NILAI_WAJIB_KOSONG.temuan(
                    name, SHEET, f"{get_column_letter(col[column.lower()] + 1)}{number}", column, indikator=label))
        if not unit or not kode:
            continue
        cell_unit = f"{get_column_letter(col['unit'] + 1)}{number}"
        if unit.upper() not in unit_codes:
            found.append(aturan.UNIT_TIDAK_DIKENAL.temuan(name, SHEET, cell_unit, "Unit", nama=unit,
                                                           pilihan=", ".join(u.kode for u in config.unit)))
        key = (unit.upper(), kode.upper())
        cell_kode = f"{get_column_letter(col['kode indikator'] + 1)}{number}"
        if key in seen:
            found.append(aturan.KODE_INDIKATOR_GANDA.temuan(name, SHEET, cell_kode, "Kode Indikator", kode=kode,
                                                             indikator_lain=seen[key][1], berkas_lain=name, baris_lain=seen[key][0]))
        else:
            seen[key] = (number, label)
        if known is not None and key not in known and unit.upper() in unit_codes:
            found.append(aturan.RIWAYAT_TIDAK_DIPAKAI.temuan(name, SHEET, cell_kode, "Kode Indikator", unit=unit, kode=kode,
                                                              tahun=tahun))
        for column in value_columns:
            raw = cells[col[column.lower()]]
            if raw is None or str(raw).strip() == "":
                continue
            parsed = parse_target(raw)
            if isinstance(parsed, str) and parsed not in scales:
                found.append(aturan.BUKAN_ANGKA.temuan(name, SHEET, f"{get_column_letter(col[column.lower()] + 1)}{number}",
                                                        column, nilai=str(raw).strip()))
    return found
