"""Opening and parsing workbooks with python-calamine: the limits checked before parsing, what kind of
file it is (a legacy ``.xls``, a locked or broken file is a finding), the data sheet picked, and a few
files parsed ahead in worker threads but handed on strictly in file order."""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections import deque
from concurrent.futures import ThreadPoolExecutor

import python_calamine

from kinerja.config import Batas
from kinerja.lembar import findings as aturan
from kinerja.lembar import schema
from kinerja.lembar.batas import check_archive, check_size
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


def _read(info: FileInfo, batas: Batas, temuan: list[Temuan]) -> tuple[bytes, zipfile.ZipFile | None, dict[str, bytes]] | None:
    """The file's bytes (read once), the archive over them when it is a zip, and its worksheets as
    inflated by the limits check; or None with the finding that says why it is not read: missing,
    unreadable, or beyond the limits (:mod:`kinerja.lembar.batas`, checked before the parser sees it)."""
    path = info.path
    try:
        size = path.stat().st_size
        problem = check_size(size, batas, info.berkas)  # a huge file is refused before it is read
        content = b"" if problem else path.read_bytes()
    except FileNotFoundError:
        temuan.append(finding(info, aturan.BERKAS_TIDAK_ADA))
        return None
    except OSError as exc:
        temuan.append(finding(info, aturan.BERKAS_TIDAK_TERBUKA, sebab=exc.strerror or exc))
        return None
    archive = None
    inflated: dict[str, bytes] = {}
    if not problem:
        try:
            archive = zipfile.ZipFile(io.BytesIO(content))
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            archive = None  # not a zip: _open says what it is
        else:
            problem = check_archive(archive, size, batas, info.berkas, inflated)
    if problem:
        temuan.append(finding(info, aturan.BERKAS_TERLALU_BESAR, uraian=problem))
        return None
    return content, archive, inflated


def _open(info: FileInfo, content: bytes, temuan: list[Temuan]) -> python_calamine.CalamineWorkbook | None:
    """Open the workbook, or add the finding that says why it cannot be read."""
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
        return python_calamine.CalamineWorkbook.from_path(str(info.path))
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


def _load(info: FileInfo, batas: Batas) -> tuple[list[Temuan], bool, tuple | None]:
    """Read, check and parse one workbook: ``(findings, opened, picked sheet)``; runs in a worker thread.
    The file is read once: its bytes give the SHA-256, the limits check and the percentage-formatted
    cells (the worksheets inflated by the check are reused); calamine parses the same file."""
    found: list[Temuan] = []
    read = _read(info, batas, found)
    if read is None:
        return found, False, None
    content, archive, inflated = read
    book = _open(info, content, found)
    if book is None:
        return found, False, None
    try:
        picked = _pick_sheet(book)
    finally:
        book.close()
    if picked is None:
        return found, True, None
    percent = percent_cells(archive, picked[0], inflated) if picked[2] >= 0 and archive is not None else set()
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
