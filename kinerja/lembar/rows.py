"""A sheet's indicator rows below the header: column-numbering, blank and Sasaran heading rows skipped,
merged text cells filled, merged number cells a galat, percentage-formatted cells found in the sheet XML,
and each mapped column handed to its converter (:mod:`kinerja.lembar.cells`)."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Mapping

from kinerja.lembar import findings as aturan
from kinerja.lembar import schema
from kinerja.lembar.cells import CONVERTERS, EMPTY, Cells
from kinerja.lembar.dataset import NUMBER_KINDS, TEXT_KINDS, FileInfo, column_letter, finding
from kinerja.lembar.findings import Temuan
from kinerja.numbers import NotANumber, parse_number


def _is_column_numbers(row: list, cols: list[int]) -> bool:
    """A row like ``1 2 3 4 …`` under the header (column numbering)."""
    values = [row[c] for c in cols if c < len(row) and row[c] != ""]
    if len(values) < 3:
        return False
    try:
        numbers = [parse_number(v) for v in values]
    except NotANumber:
        return False
    if any(n is None or n != int(n) for n in numbers):
        return False
    whole = [float(n) for n in numbers if n is not None]
    return whole == sorted(whole) and whole[0] <= 2


def percent_cells(archive: zipfile.ZipFile, sheet: str, inflated: Mapping[str, bytes]) -> set[tuple[int, int]]:
    """0-based (row, col) of cells formatted as a percentage, read from the sheet XML of the open
    ``archive`` (in the worker thread that parsed the workbook: :func:`kinerja.lembar.load.load_all`);
    ``inflated``: worksheets already inflated (member name -> bytes), not inflated again.

    Only parsed when the workbook's styles contain a percentage number format at all.
    """
    try:
        styles = archive.read("xl/styles.xml").decode("utf-8", "replace")
        custom = {int(i) for i, code in re.findall(r'<numFmt [^>]*?numFmtId="(\d+)"[^>]*?formatCode="([^"]*)"', styles)
                  if "%" in code.replace('"%"', "")}
        percent_ids = {9, 10} | custom
        xfs_block = re.search(r"<cellXfs[^>]*>(.*?)</cellXfs>", styles, re.S)
        if not xfs_block:
            return set()
        xfs = re.findall(r"<xf\b([^>]*)", xfs_block.group(1))
        styled = {str(i) for i, attrs in enumerate(xfs)
                  if (m := re.search(r'numFmtId="(\d+)"', attrs)) and int(m.group(1)) in percent_ids}
        if not styled:
            return set()
        workbook = archive.read("xl/workbook.xml").decode("utf-8", "replace")
        rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
        rid = next((r for n, r in re.findall(r'<sheet [^>]*?name="([^"]*)"[^>]*?r:id="([^"]*)"', workbook) if _xml_unescape(n) == sheet), None)
        target = next((t for i, t in re.findall(r'<Relationship [^>]*?Id="([^"]*)"[^>]*?Target="([^"]*)"', rels) if i == rid), None)
        if target is None:
            for t_id, t_target in re.findall(r'<Relationship [^>]*?Target="([^"]*)"[^>]*?Id="([^"]*)"', rels):
                if t_target == rid:
                    target = t_id
        if target is None:
            return set()
        member = target.lstrip("/") if target.startswith("/") else "xl/" + target
        xml = (inflated[member] if member in inflated else archive.read(member)).decode("utf-8", "replace")
    except (KeyError, OSError, zipfile.BadZipFile):
        return set()
    cells = set()
    for letters, number, style in re.findall(r'<c r="([A-Z]+)(\d+)"[^>]*?\bs="(\d+)"', xml):
        if style in styled:
            col = 0
            for ch in letters:
                col = col * 26 + ord(ch) - 64
            cells.add((int(number) - 1, col - 1))
    return cells


def _xml_unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'").replace("&amp;", "&")


def read_data(info: FileInfo, rows: list[list], header: int, data_start: int, mapping: dict[int, str], merged_ranges: list,
               percent: set[tuple[int, int]], columns: dict[str, list], temuan: list[Temuan]) -> None:
    """Append the sheet's indicator rows to ``columns``: each field through the converter of its
    :class:`~kinerja.lembar.schema.Kind` (:data:`CONVERTERS`); ``percent``: :func:`percent_cells` of the sheet."""
    temuan.extend(_merged_number_cells(info, mapping, merged_ranges, data_start - 1))
    kept = _data_rows(rows, data_start, mapping, merged_ranges)
    info.rows = len(kept)
    if not kept:
        # An unchanged template (nothing but the pre-filled Tahun) is not a finding; a workbook
        # that says who sent it (Unit Kerja or Tanggal Penyampaian) but has no rows is.
        if "unit" in info.metadata or "tanggal_penyampaian" in info.metadata:
            temuan.append(finding(info, aturan.BERKAS_TANPA_BARIS, baris_judul=header + 1))
        return
    count = len(kept)
    columns["berkas"].extend([info.berkas] * count)
    columns["lembar"].extend([info.lembar] * count)
    columns["baris"].extend([i + 1 for i, _ in kept])
    by_field = {f: c for c, f in mapping.items()}
    # Transpose once: one tuple per sheet column (every kept row is at least ``width`` long).
    transposed = list(zip(*[row for _, row in kept], strict=False))
    percent_rows: dict[int, set[int]] = {}
    for r, c in percent:
        percent_rows.setdefault(c, set()).add(r)
    for name, column in schema.FIELDS.items():
        col = by_field.get(name)
        if col is None:
            columns[name].extend([EMPTY[column.kind]] * count)
            continue
        cells = Cells(info, column, info.kolom[name], transposed[col], kept, percent_rows.get(col), temuan)
        columns[name].extend(CONVERTERS[column.kind](cells))


def _data_rows(rows: list[list], data_start: int, mapping: dict[int, str], merged_ranges: list) -> list[tuple[int, list]]:
    """``(0-based sheet row, cells)`` of the indicator rows below the header.

    Skips a column-numbering row (``1 2 3 …``), empty rows and Sasaran heading rows (whose
    Sasaran is carried down to the rows below); merged text cells give their value to every
    covered cell. Every row returned is at least as wide as the mapped columns.
    """
    data_cols = sorted(mapping)
    width = max(data_cols) + 1
    key_cols = [c for c, f in mapping.items() if f != "sasaran" and schema.FIELDS[f].kind is not schema.Kind.TEKS or f == "indikator"]
    sasaran_col = next((c for c, f in mapping.items() if f == "sasaran"), None)
    indikator_col = next(c for c, f in mapping.items() if f == "indikator")
    sheet_rows = rows[data_start:]
    first = data_start
    if sheet_rows and _is_column_numbers(sheet_rows[0], data_cols):
        sheet_rows = sheet_rows[1:]
        first += 1
    text_cols = {c for c, f in mapping.items() if schema.FIELDS[f].kind in TEXT_KINDS or f in ("arah", "metode", "satuan")}
    merged = _merged_text_fill(merged_ranges, text_cols, rows, data_start - 1)

    kept: list[tuple[int, list]] = []
    carry_sasaran = ""
    for offset, row in enumerate(sheet_rows):
        index = first + offset  # 0-based sheet row
        if len(row) < width:
            row = row + [""] * (width - len(row))
        if index in merged:
            row = list(row)
            for c, value in merged[index].items():
                if row[c] == "":
                    row[c] = value
        if row[indikator_col] == "":  # fast path: a filled Indikator makes a data row
            if all(row[c] == "" or row[c] is None for c in data_cols):
                continue
            if not any(row[c] != "" and row[c] is not None for c in key_cols):
                if sasaran_col is not None and row[sasaran_col] != "":
                    carry_sasaran = row[sasaran_col]  # a Sasaran heading row
                continue
        if sasaran_col is not None:
            if row[sasaran_col] == "":
                if carry_sasaran:
                    row = list(row)
                    row[sasaran_col] = carry_sasaran
            else:
                carry_sasaran = row[sasaran_col]
        kept.append((index, row))
    return kept



def _merged_number_cells(info: FileInfo, mapping: dict[int, str], ranges: list, header: int) -> list[Temuan]:
    """A galat for every merged range below the header that covers a number cell (target, realisasi,
    rupiah): only its first cell holds the figure, the others read as empty, and a capaian would
    change without anyone seeing it (a target merged over G8:K8, a realisasi over L9:N9)."""
    found = []
    number_cols = {c: f for c, f in mapping.items()
                   if schema.FIELDS[f].kind in (*NUMBER_KINDS, schema.Kind.RUPIAH)}
    for (r0, c0), (r1, c1) in sorted(ranges):
        if r1 <= header or (r0, c0) == (r1, c1):
            continue
        covered = [c for c in range(c0, c1 + 1) if c in number_cols]
        if not covered:
            continue
        labels = ", ".join(schema.FIELDS[number_cols[c]].label for c in covered)
        rentang = f"{column_letter(c0)}{r0 + 1}:{column_letter(c1)}{r1 + 1}"
        found.append(finding(info, aturan.SEL_ANGKA_DIGABUNG, sel=f"{column_letter(c0)}{r0 + 1}",
                              kolom=schema.FIELDS[number_cols[covered[0]]].label, rentang=rentang, kolom_angka=labels))
    return found


def _merged_text_fill(ranges: list, text_cols: set[int], rows: list[list], header: int) -> dict[int, dict[int, object]]:
    """Below the header: row -> {column: value} for cells of text columns covered by a merged range."""
    fill: dict[int, dict[int, object]] = {}
    for (r0, c0), (r1, c1) in ranges:
        if r1 <= header or r0 >= len(rows) or c0 >= len(rows[r0]):
            continue
        value = rows[r0][c0]
        if value == "":
            continue
        for r in range(max(r0, header + 1), r1 + 1):
            for c in range(c0, c1 + 1):
                if c in text_cols and (r, c) != (r0, c0):
                    fill.setdefault(r, {})[c] = value
    return fill
