"""Step 3's material: a filled workbook handed in through a form, checked before it is stored.

:func:`terima_bahan` is what the upload button of the web app and of ``alur.ipynb`` calls. The
workbook is validated together with the quarter's other workbooks (cross-workbook rules see
it as they will in the report), in a private staging folder; an annotated copy
(``*-bertanda.xlsx``) is always produced for the person who uploaded it. Only a workbook
without a galat is stored into ``data/raw/<tahun>/triwulan-<n>/``. A stored workbook is never
silently replaced: the same name with different content is refused unless ``ganti`` is given,
and then the previous file is first moved to ``data/diganti/<tahun>/triwulan-<n>/``.

No widgets here: the forms only show what this returns.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from kinerja.alur.archive import sha256_file
from kinerja.atomic import make_dirs, write_bytes
from kinerja.config import Config
from kinerja.errors import KinerjaError, WorkflowError
from kinerja.lembar import schema
from kinerja.lembar.findings import Tingkat, to_frame
from kinerja.numbers import office_clock, zona_of
from kinerja.paths import Workspace

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

T = TypeVar("T")

MAX_BYTES = 20 * 1024 * 1024
"""Largest workbook accepted through a form (a Rencana Aksi workbook is well under 1 MB)."""

SUFFIXES = (".xlsx", ".xlsm")
_SAFE_NAME = re.compile(r"^[\w][\w .()\-]*$")


class UnggahDitolak(KinerjaError):
    """An uploaded file is refused before it is even validated (name, type, size)."""


class TidakTercatat(WorkflowError):
    """A stored upload whose ``simpan_bahan`` event could not be written: the file was taken back out.
    ``nama``: the file's name; the refusal it wraps is its ``__cause__``."""

    def __init__(self, message: str, nama: str = "") -> None:
        super().__init__(message)
        self.nama = nama


@dataclass
class HasilUnggah:
    """The outcome of one upload.

    Attributes:
        nama: the file name as stored (or as it would have been).
        disimpan: where it was stored, or None when it was not.
        temuan: findings of this workbook (``to_frame`` columns; ``berkas`` is the bare name).
        galat: number of galat findings; a workbook with a galat is not stored.
        bertanda: content of the annotated copy, and its file name.
        pesan: one Indonesian sentence saying what happened.
        diganti: where the previous file with the same name was moved, when it was replaced.
    """

    nama: str
    disimpan: Path | None
    temuan: pd.DataFrame
    galat: int
    bertanda: bytes
    nama_bertanda: str
    pesan: str
    diganti: Path | None = None
    lain: list[str] = field(default_factory=list)


def replaced_dir(workspace: Workspace, tahun: int, triwulan: int) -> Path:
    """Where a replaced workbook is kept: ``data/diganti/<tahun>/triwulan-<n>/`` (outside ``data/raw``)."""
    return workspace.root / "data" / "diganti" / str(tahun) / f"triwulan-{triwulan}"


def check_name(nama: str) -> str:
    """The bare file name of an upload, or :class:`UnggahDitolak`.

    >>> check_name("rencana-aksi-irban-2.xlsx")
    'rencana-aksi-irban-2.xlsx'
    >>> check_name("../../etc/passwd")
    Traceback (most recent call last):
    ...
    kinerja.alur.bahan.UnggahDitolak: Berkas '../../etc/passwd' bukan lembar kerja Excel: yang diterima hanya .xlsx atau .xlsm.
    """
    bare = Path(nama.replace("\\", "/")).name
    if Path(bare).suffix.lower() not in SUFFIXES:
        raise UnggahDitolak(f"Berkas '{nama}' bukan lembar kerja Excel: yang diterima hanya .xlsx atau .xlsm.")
    if not _SAFE_NAME.match(bare) or bare.startswith("~$"):
        raise UnggahDitolak(
            f"Nama berkas '{nama}' tidak dapat dipakai: gunakan huruf, angka, spasi, titik, tanda hubung "
            "atau garis bawah, tanpa awalan titik."
        )
    return bare


def terima_bahan(
    workspace: Workspace,
    config: Config,
    tahun: int,
    triwulan: int,
    nama: str,
    isi: bytes,
    *,
    ganti: bool = False,
    now: dt.datetime | None = None,
) -> HasilUnggah:
    """Validate an uploaded workbook with the quarter's others; store it when it has no galat.

    Raises:
        UnggahDitolak: not an Excel workbook, an unusable name, too large, or the same name
            with different content is already stored and ``ganti`` is False (nothing written).
    """
    from kinerja.lembar.annotate import write_annotated  # noqa: PLC0415 -- kinerja.lembar.annotate + pandas, openpyxl, numpy (~317 ms) kept off importing this module
    from kinerja.lembar.reader import Dataset  # noqa: PLC0415 -- kinerja.lembar.reader + pandas, numpy, dateutil (~229 ms) kept off importing this module
    from kinerja.lembar.validate import validate_workbooks  # noqa: PLC0415 -- kinerja.lembar.validate + pandas, numpy, dateutil (~245 ms) kept off importing this module

    bare = check_name(nama)
    if len(isi) > MAX_BYTES:
        raise UnggahDitolak(
            f"Berkas '{bare}' berukuran {len(isi) // (1024 * 1024)} MB; batasnya {MAX_BYTES // (1024 * 1024)} MB."
        )
    if not isi:
        raise UnggahDitolak(f"Berkas '{bare}' kosong (0 byte).")
    folder = workspace.quarter_folder(tahun, triwulan)
    target = folder / bare
    digest = hashlib.sha256(isi).hexdigest()
    same = target.is_file() and hashlib.sha256(target.read_bytes()).hexdigest() == digest
    label = f"TW {'I II III IV'.split()[triwulan - 1]} {tahun}"
    twin = next((p.name for p in workspace.quarter_workbooks(tahun, triwulan)
                 if p.name != bare and hashlib.sha256(p.read_bytes()).hexdigest() == digest), None)
    if twin:
        raise UnggahDitolak(
            f"Berkas '{bare}' isinya sama persis dengan {twin} yang sudah tersimpan untuk {label}; berkas yang sama "
            "tidak disimpan dua kali (indikatornya akan terhitung dua kali)."
        )
    if target.is_file() and not same and not ganti:
        raise UnggahDitolak(
            f"Untuk {label} sudah tersimpan berkas {bare} dengan isi berbeda; berkas yang tersimpan tidak ditimpa. "
            "Centang 'Ganti berkas bernama sama' bila berkas baru ini menggantikannya (berkas lama tetap disimpan)."
        )
    with tempfile.TemporaryDirectory(prefix="kinerja-unggah-") as scratch:
        staging = Path(scratch) / f"triwulan-{triwulan}"  # the reader takes the quarter from the folder name
        staging.mkdir()
        staged = staging / bare
        staged.write_bytes(isi)
        others = [path for path in workspace.quarter_workbooks(tahun, triwulan) if path.name != bare]
        dataset = validate_workbooks([*others, staged], config, tahun=tahun, triwulan=triwulan)
        period = other_period(dataset, staged, tahun, triwulan)
        if period:
            raise UnggahDitolak(f"{bare} tidak disimpan untuk {label}: {period}")
        own = [replace(t, berkas=bare) for t in dataset.temuan if t.berkas == str(staged)]
        files = [replace(f, berkas=bare) for f in dataset.files if f.berkas == str(staged)]
        mine = Dataset(dataset.data, own, files)  # shown as the bare name, never the staging path
        out = Path(scratch) / "bertanda"
        written = write_annotated(mine, out)
        annotated = written[0].read_bytes() if written else isi
        annotated_name = written[0].name if written else bare
        frame = to_frame(own)
        galat = sum(1 for t in own if t.tingkat == Tingkat.GALAT)
        others_galat = sorted({Path(t.berkas).name for t in dataset.temuan
                               if t.tingkat == Tingkat.GALAT and t.berkas != str(staged) and t.berkas})
    if galat:
        return HasilUnggah(bare, None, frame, galat, annotated, annotated_name,
                           f"{bare} TIDAK disimpan: {galat} galat harus diperbaiki dahulu. Unduh salinan bertanda, "
                           "perbaiki sel yang disorot, lalu unggah lagi.", lain=others_galat)
    warnings = len(frame)
    if same:
        return HasilUnggah(bare, target, frame, 0, annotated, annotated_name,
                           f"{bare} sudah tersimpan untuk {label} dengan isi yang sama; tidak ada yang berubah.",
                           lain=others_galat)
    moved = None
    if target.is_file():
        stamp = (now or office_clock(zona_of(config))).strftime("%Y%m%d-%H%M%S")
        keep = replaced_dir(workspace, tahun, triwulan)
        make_dirs(keep)
        moved = keep / f"{target.stem}-{stamp}{target.suffix}"
        shutil.copy2(target, moved)  # copy first: the old file is never lost, even if the write below fails
    write_bytes(target, isi)
    note = f" ({warnings} peringatan)" if warnings else " tanpa temuan"
    replaced = "; berkas lama tetap disimpan sebagai arsip penggantian" if moved else ""
    return HasilUnggah(bare, target, frame, 0, annotated, annotated_name,
                       f"{bare} disimpan untuk {label}{note}{replaced}.", diganti=moved, lain=others_galat)


def other_period(dataset, staged: Path, tahun: int, triwulan: int) -> str:
    """Why the staged workbook states another period than its case ('' when it does not): the
    Tahun cell names another year, or realisasi of a later quarter is already filled (a workbook
    of a later quarter uploaded to an earlier one)."""
    info = next((f for f in dataset.files if f.berkas == str(staged)), None)
    if info is None or not info.readable:
        return ""
    year = info.metadata.get("tahun")
    if isinstance(year, int) and year != tahun:
        cell = info.metadata_cells.get("tahun", "")
        return (f"sel Tahun {cell} lembar '{info.lembar}' berisi {year}, sedangkan kasus ini tahun {tahun}. "
                "Unggah lembar kerja tahun yang benar.")
    data = dataset.data
    if data.empty:
        return ""
    rows = data[data["berkas"] == str(staged)]
    for later in range(triwulan + 1, 5):
        name = f"realisasi_triwulan_{later}"
        filled = rows[rows[name].notna()] if name in rows else rows.iloc[0:0]
        if not filled.empty:
            letter = info.kolom.get(name, "")
            cell = f"{letter}{int(filled['baris'].iloc[0])}"
            label = schema.FIELDS[name].label
            return (f"kolom {label} sudah terisi (sel {cell} lembar '{info.lembar}'), jadi lembar kerja ini untuk "
                    f"triwulan sesudah TW {'I II III IV'.split()[triwulan - 1]}. Unggah ke triwulan yang sesuai.")
    return ""


def withdrawn_dir(workspace: Workspace, tahun: int, triwulan: int) -> Path:
    """Where a withdrawn workbook is kept: ``data/ditarik/<tahun>/triwulan-<n>/`` (outside ``data/raw``)."""
    return workspace.root / "data" / "ditarik" / str(tahun) / f"triwulan-{triwulan}"


def catat_simpan(workspace: Workspace, config: Config, tahun: int, triwulan: int, hasil: HasilUnggah, *,
                 username: str | None = None, now: dt.datetime | None = None):
    """Record a stored (or replacing) workbook as a signed ``simpan_bahan`` event with its checksum.

    Returns the event, or None when nothing new was stored (the same content again)."""
    from kinerja.alur.workflow import act  # noqa: PLC0415 -- kinerja.alur.workflow + logging (~64 ms) kept off importing this module

    if hasil.disimpan is None or "isi yang sama" in hasil.pesan:
        return None
    note = f"menggantikan versi sebelumnya (sha256 {sha256_file(hasil.diganti)})" if hasil.diganti else ""
    return act(workspace, config, "simpan_bahan", tahun, triwulan, username=username, berkas=hasil.disimpan,
               catatan=note, now=now)


def simpan_bahan(workspace: Workspace, config: Config, tahun: int, triwulan: int, nama: str, isi: bytes, *,
                 ganti: bool = False, username: str | None = None, now: dt.datetime | None = None) -> HasilUnggah:
    """An upload stored and then recorded, or neither: :func:`terima_bahan`, then :func:`catat_simpan`.

    When the recording fails (no signing key, the workflow refuses, the history cannot be
    written) the stored file is rolled back (removed, or the replaced version put back) and the
    refusal is raised naming the file, so no workbook sits in the material without its event.
    What the web app's upload panel, ``kinerja alur simpan_bahan`` and the demo call.

    Raises:
        UnggahDitolak: see :func:`terima_bahan` (nothing written).
        TidakTercatat: the store could not be recorded; the file was taken back out.
    """
    hasil = terima_bahan(workspace, config, tahun, triwulan, nama, isi, ganti=ganti, now=now)
    if hasil.disimpan is None:
        return hasil
    tercatat_atau_kembalikan(
        hasil.nama, hasil.disimpan, hasil.diganti,
        lambda: catat_simpan(workspace, config, tahun, triwulan, hasil, username=username, now=now),
        "bahan laporan")
    return hasil


def tercatat_atau_kembalikan(nama: str, disimpan: Path, diganti: Path | None, catat: Callable[[], T], apa: str) -> T:
    """Stored and recorded, or neither (the one home of that rule, for workbooks and the narasi): ``catat()``
    records the file just stored at ``disimpan``; when it fails (no signing key, the workflow refuses, the
    history cannot be written) the store is taken back (:func:`_roll_back`) and :class:`TidakTercatat` is
    raised naming the file (``apa``: what it was stored as) with the refusal as its cause."""
    try:
        return catat()
    except KinerjaError as exc:
        _roll_back(disimpan, diganti)
        raise TidakTercatat(f"{nama} tidak disimpan karena penyimpanannya tidak dapat dicatat di riwayat: {exc} "
                            f"Tidak ada yang berubah pada {apa}.", nama) from exc


def _roll_back(disimpan: Path, diganti: Path | None) -> None:
    """Take a stored upload back out: remove it, or put the version it replaced back (its kept copy,
    ``diganti``, is then removed too, since nothing was replaced)."""
    if diganti is not None:
        write_bytes(disimpan, diganti.read_bytes())
        diganti.unlink()
    else:
        disimpan.unlink(missing_ok=True)


def tarik_bahan(workspace: Workspace, config: Config, tahun: int, triwulan: int, nama: str, alasan: str, *,
                username: str | None = None, now: dt.datetime | None = None) -> Path:
    """Withdraw a stored workbook from the quarter's material: a signed ``tarik_bahan`` event with its
    name, checksum and the reason, then the file moves to :func:`withdrawn_dir` (never deleted).

    Raises:
        UnggahDitolak: no such stored workbook.
        ActionRefused: the workflow refuses (not the analyst, not while gathering, no reason).
    """
    from kinerja.alur.workflow import act  # noqa: PLC0415 -- kinerja.alur.workflow + logging (~64 ms) kept off importing this module

    target = next((p for p in workspace.quarter_workbooks(tahun, triwulan) if p.name == nama), None)
    label = f"TW {'I II III IV'.split()[triwulan - 1]} {tahun}"
    if target is None:
        raise UnggahDitolak(f"Tidak ada lembar kerja {nama} yang tersimpan untuk {label}.")
    event = act(workspace, config, "tarik_bahan", tahun, triwulan, username=username, berkas=target, catatan=alasan,
                now=now)
    keep = withdrawn_dir(workspace, tahun, triwulan)
    keep.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.fromisoformat(event.waktu).strftime("%Y%m%d-%H%M%S")
    moved = keep / f"{target.stem}-{stamp}{target.suffix}"
    shutil.copy2(target, moved)  # copy first: the file is never lost, even if the removal below fails
    target.unlink()
    return moved
