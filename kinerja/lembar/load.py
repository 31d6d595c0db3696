"""Opening and parsing workbooks with python-calamine: the limits checked before parsing, what kind of
file it is (a legacy ``.xls``, a locked or broken file is a finding), the data sheet picked, and a few
files parsed ahead in worker threads but handed on strictly in file order."""

from __future__ import annotations

import hashlib
from collections import deque
from concurrent.futures import ThreadPoolExecutor

import python_calamine

from kinerja.config import Batas
from kinerja.lembar import findings as aturan
from kinerja.lembar import schema
from kinerja.lembar.batas import check_workbook
from kinerja.lembar.dataset import FileInfo, finding
from kinerja.lembar.findings import Temuan
from kinerja.lembar.header import find_header
from kinerja.lembar.rows import percent_cells

PARALLEL_LOADS = 2
"""Default number of threads that open and parse workbooks ahead of the main thread (python-calamine parses
without holding the GIL, so parsing the next files overlaps the Python work on this one).
Results are consumed strictly in file order: the output does not depend on this number."""


_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")


def _open(info: FileInfo, temuan: list[Temuan]) -> python_calamine.CalamineWorkbook | None:
    """Open the workbook, or add the finding that says why it cannot be read."""
    path = info.path
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        temuan.append(finding(info, aturan.BERKAS_TIDAK_ADA))
        return None
    except OSError as exc:
        temuan.append(finding(info, aturan.BERKAS_TIDAK_TERBUKA, sebab=exc.strerror or exc))
        return None
    info.sha256 = hashlib.sha256(content).hexdigest()
    if not content:
        temuan.append(finding(info, aturan.BERKAS_NOL_BYTE))
        return None
    if content.startswith(_OLE_MAGIC):
        if _ENCRYPTION_STREAM in content:
            temuan.append(finding(info, aturan.BERKAS_TERKUNCI))
        else:
            temuan.append(finding(info, aturan.BERKAS_BUKAN_XLS_LAMA))
        return None
    if not content.startswith(_ZIP_MAGIC):
        temuan.append(finding(info, aturan.BERKAS_BUKAN_XLSX))
        return None
    try:
        return python_calamine.CalamineWorkbook.from_path(str(path))
    except python_calamine.PasswordError:
        temuan.append(finding(info, aturan.BERKAS_TERKUNCI))
    except Exception as exc:  # calamine raises several error types for broken files
        temuan.append(finding(info, aturan.BERKAS_RUSAK, sebab=exc))
    return None


def _pick_sheet(book: python_calamine.CalamineWorkbook) -> tuple | None:
    """The data sheet: ``(name, rows, header index or -1, column map, duplicates, merged ranges)``
    (:func:`_load` adds its percentage-formatted cells)."""
    names = book.sheet_names
    preferred = [n for n in names if n.strip().lower() == schema.DATA_SHEET.lower()]
    order = preferred + [n for n in names if n not in preferred]
    for name in order:
        try:
            sheet = book.get_sheet_by_name(name)
            rows = sheet.to_python(skip_empty_area=False)
            merged = sheet.merged_cell_ranges or []
        except Exception:  # a chart sheet or an unreadable sheet: try the next
            continue
        header, mapping, dupes = find_header(rows)
        if header >= 0 or name in preferred:
            return name, rows, header, mapping, dupes, merged
    return None


def _within_limits(info: FileInfo, batas: Batas, found: list[Temuan]) -> bool:
    """The pre-parse limits check (:mod:`kinerja.lembar.batas`); a file beyond them becomes a finding."""
    try:
        problem = check_workbook(info.path, batas, info.berkas)
    except OSError:
        return True  # missing or unreadable: _open says so
    if problem:
        found.append(finding(info, aturan.BERKAS_TERLALU_BESAR, uraian=problem))
    return problem is None


def _load(info: FileInfo, batas: Batas) -> tuple[list[Temuan], bool, tuple | None]:
    """Open and parse one workbook: ``(findings, opened, picked sheet)``; runs in a worker thread."""
    found: list[Temuan] = []
    if not _within_limits(info, batas, found):
        return found, False, None
    book = _open(info, found)
    if book is None:
        return found, False, None
    try:
        picked = _pick_sheet(book)
    finally:
        book.close()
    if picked is None:
        return found, True, None
    percent = percent_cells(info.path, picked[0]) if picked[2] >= 0 else set()
    return found, True, (*picked, percent)


def load_all(files: list[FileInfo], parallel_loads: int, batas: Batas):
    """``(info, _load(info))`` for every file, in order; a few files are parsed ahead in threads."""
    workers = min(parallel_loads, len(files) - 1)
    if workers < 1:
        for info in files:
            yield info, _load(info, batas)
        return
    ahead = 2 * workers
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="kinerja-baca") as pool:
        pending: deque = deque()
        try:
            for info in files:
                pending.append((info, pool.submit(_load, info, batas)))
                if len(pending) > ahead:
                    first, future = pending.popleft()
                    yield first, future.result()
            while pending:
                first, future = pending.popleft()
                yield first, future.result()
        finally:
            for _, future in pending:
                future.cancel()
