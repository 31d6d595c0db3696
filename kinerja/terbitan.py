"""Published report sets: version folders, a pointer replaced in one step, stale staging cleaned.

One official run of a report publishes a *set* (the document, the executed notebook and the
results the annual report reads) into ``<report folder>/versi-<n>/`` with a ``manifest.json``
that lists every file with its SHA-256. The current set is named by the pointer file
``terkini.json`` beside the version folders; publishing renames the finished staging folder
to the next ``versi-<n>`` and then replaces the pointer with one atomic ``os.replace`` (a file
rename, atomic on POSIX and on Windows/NTFS). A reader therefore sees either the whole old set
or the whole new one, never a mix, even when the process is killed half-way.

A run assembles its set in a staging folder ``.<report folder name>.<random>.tmp`` beside the
report folder, while holding an OS lock on ``.<...>.kunci`` (released by the OS when the
process dies, ``kill -9`` included). :func:`clean_stale` removes staging folders whose lock is
free, so leftovers of killed runs disappear on the next run while a parallel run's staging
folder is left alone.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from kinerja.atomic import make_dirs, set_mode, shared_dir_mode, shared_file_mode, write_text
from kinerja.errors import KinerjaError

POINTER = "terkini.json"
MANIFEST = "manifest.json"
VERSION_PREFIX = "versi-"
KEEP_VERSIONS = 5
"""Versions kept per report folder (the current one is always kept)."""


class TerbitanError(KinerjaError):
    """A published set is missing, damaged or inconsistent."""


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class Terbitan:
    """One published set (a version folder and its manifest)."""

    folder: Path
    manifest: dict[str, Any]
    manifest_sha256: str

    @property
    def versi(self) -> int:
        return int(self.manifest["versi"])

    @property
    def info(self) -> dict[str, Any]:
        """What the publisher recorded about the set (status, unit, state of the case, ...)."""
        return dict(self.manifest.get("info", {}))

    @property
    def checksums(self) -> dict[str, str]:
        """File name → SHA-256, as recorded at publication."""
        return {e["berkas"]: e["sha256"] for e in self.manifest.get("berkas", [])}

    def path(self, name: str) -> Path:
        return self.folder / name

    def damaged(self) -> list[str]:
        """Files whose content no longer matches the manifest (or that vanished)."""
        return [name for name, digest in self.checksums.items()
                if not (self.folder / name).is_file() or sha256_file(self.folder / name) != digest]


def _version_number(path: Path) -> int | None:
    tail = path.name[len(VERSION_PREFIX):]
    return int(tail) if path.name.startswith(VERSION_PREFIX) and tail.isdigit() and path.is_dir() else None


def versions(folder: Path) -> list[Path]:
    """Version folders of a report folder, oldest first."""
    if not folder.is_dir():
        return []
    found = [(n, p) for p in folder.iterdir() if (n := _version_number(p)) is not None]
    return [p for _n, p in sorted(found)]


def awaiting_final(folder: str | os.PathLike[str]) -> bool:
    """True when ``folder``'s current published set is still a DRAF (its final document is not made yet).

    False when nothing was published or the pointer is broken: documenting then explains what is missing.
    """
    try:
        published = current(folder)
    except TerbitanError:
        return False
    return published is not None and published.info.get("status") != "final"


def current(folder: str | os.PathLike[str]) -> Terbitan | None:
    """The set the pointer names, or None when nothing was published yet.

    Raises:
        TerbitanError: the pointer names a missing version or the manifest does not match it.
    """
    folder = Path(folder)
    pointer = folder / POINTER
    if not pointer.is_file():
        return None
    try:
        target = json.loads(pointer.read_text(encoding="utf-8"))
        version = folder / str(target["versi"])
        raw = (version / MANIFEST).read_bytes()
        manifest = json.loads(raw)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise TerbitanError(f"Penunjuk laporan terkini {pointer.name} di folder {folder.name} rusak atau menunjuk "
                            f"versi yang tidak ada ({exc}); jalankan ulang laporan.") from None
    digest = hashlib.sha256(raw).hexdigest()
    if digest != target.get("manifest_sha256"):
        raise TerbitanError(f"Daftar berkas {version.name}/{MANIFEST} di folder {folder.name} telah diubah sesudah "
                            "diterbitkan; jalankan ulang laporan.")
    return Terbitan(version, manifest, digest)


def _lock(handle: IO[bytes]) -> bool:
    """Take an exclusive, non-blocking OS lock on an open file; False when someone holds it."""
    try:
        if sys.platform == "win32":  # tests/test_windows.py simulates it
            import msvcrt  # noqa: PLC0415 -- Windows only

            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl  # noqa: PLC0415 -- POSIX only: Windows has no fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _staging_glob(folder: Path) -> str:
    return f".{folder.name}.*.tmp"


def clean_stale(folder: str | os.PathLike[str]) -> list[Path]:
    """Remove staging folders (and their lock files) of ``folder`` left by runs that died."""
    folder = Path(folder)
    removed: list[Path] = []
    if not folder.parent.is_dir():
        return removed
    for staging in folder.parent.glob(_staging_glob(folder)):
        lock = staging.with_suffix(".kunci")
        if lock.exists():
            try:
                handle = lock.open("rb+")
            except OSError:
                continue
            with handle:
                if not _lock(handle):
                    continue  # a live run still holds it
                shutil.rmtree(staging, ignore_errors=True)
                removed.append(staging)
            with contextlib.suppress(OSError):
                lock.unlink()
        else:
            shutil.rmtree(staging, ignore_errors=True)
            removed.append(staging)
    for lock in folder.parent.glob(f".{folder.name}.*.kunci"):  # a lock whose staging is gone
        if not lock.with_suffix(".tmp").exists():
            with contextlib.suppress(OSError), lock.open("rb+") as handle:
                if _lock(handle):
                    lock.unlink()
    return removed


@contextlib.contextmanager
def staging(folder: str | os.PathLike[str]) -> Iterator[Path]:
    """A locked staging folder beside ``folder`` (stale ones are cleaned first); removed on exit."""
    folder = Path(folder)
    make_dirs(folder.parent)
    clean_stale(folder)
    fd, lock_name = tempfile.mkstemp(prefix=f".{folder.name}.", suffix=".kunci", dir=folder.parent)
    handle = os.fdopen(fd, "rb+")
    lock = Path(lock_name)
    try:
        set_mode(lock)  # another member of a shared workspace must be able to open it to test the lock
        _lock(handle)
        path = lock.with_suffix(".tmp")
        path.mkdir(mode=0o700)
        os.chmod(path, shared_dir_mode(folder.parent))
        try:
            yield path
        finally:
            shutil.rmtree(path, ignore_errors=True)
    finally:
        handle.close()
        with contextlib.suppress(OSError):
            lock.unlink()


def publish(staged: Path, folder: str | os.PathLike[str], info: dict[str, Any]) -> Terbitan:
    """Make the files of ``staged`` the current set of ``folder`` in one step.

    Writes ``manifest.json`` (every file with its SHA-256 and size, plus ``info``), renames the
    staging folder to the next ``versi-<n>`` and replaces the pointer atomically. Older
    versions beyond :data:`KEEP_VERSIONS` are removed afterwards.
    """
    folder = Path(folder)
    make_dirs(folder)
    mode = shared_file_mode(folder)
    entries = []
    for item in staged.rglob("*"):
        if item.is_dir():
            os.chmod(item, shared_dir_mode(folder))
    for item in sorted(p for p in staged.rglob("*") if p.is_file()):
        os.chmod(item, mode)  # temp files are private (0600); reports are shared documents
        entries.append({"berkas": item.relative_to(staged).as_posix(), "sha256": sha256_file(item),
                        "ukuran": item.stat().st_size})
    while True:
        existing = versions(folder)
        number = (_version_number(existing[-1]) or 0) + 1 if existing else 1
        manifest = {"versi": number, "diterbitkan": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
                    "info": info, "berkas": entries}
        raw = json.dumps(manifest, ensure_ascii=False, indent=1, default=str).encode("utf-8")
        (staged / MANIFEST).write_bytes(raw)
        os.chmod(staged / MANIFEST, mode)
        target = folder / f"{VERSION_PREFIX}{number}"
        try:
            _rename_retrying(staged, target)  # fails when a parallel run took this number (target not empty)
        except OSError as exc:
            if target.exists():
                continue
            raise _locked(exc, staged) from None
        break
    digest = hashlib.sha256(raw).hexdigest()
    write_text(folder / POINTER, json.dumps({"versi": target.name, "manifest_sha256": digest}, indent=1))
    os.chmod(folder / POINTER, mode)
    _prune(folder, keep=target)
    return Terbitan(target, manifest, digest)


RETRIES = (0.05, 0.1, 0.2, 0.4, 0.8, 1.6)
"""Pauses (seconds) between attempts on a file another program holds open: on Windows an antivirus
scan, an open PDF or .docx, or the search indexer lock a file for a moment (``PermissionError``)."""

TRASH_PREFIX = ".hapus-"
"""Old versions are renamed to ``.hapus-versi-N`` in one step before they are removed, so a version is
either whole or gone, never half-deleted; a leftover (a file still open) goes on the next run."""


def _rename_retrying(source: Path, target: Path) -> None:
    """``os.rename`` that waits out a short lock (Windows: ``PermissionError``) a few times before giving up."""
    for pause in (*RETRIES, None):
        try:
            os.rename(source, target)
            return
        except PermissionError:
            if pause is None or target.exists():
                raise
            time.sleep(pause)


def _locked(exc: OSError, what: Path) -> TerbitanError:
    """The message for a set that could not be moved into place: which file, and what to do."""
    name = exc.filename or what
    return TerbitanError(f"Set laporan tidak dapat diterbitkan: {name} sedang dipakai program lain atau tidak dapat dipindahkan "
                         f"({exc.strerror or exc}). Tutup berkas laporan yang terbuka (PDF, .docx) lalu ulangi; laporan "
                         "terbitan sebelumnya tidak berubah.")


def _prune(folder: Path, keep: Path) -> None:
    old = [p for p in versions(folder) if p != keep][:-(KEEP_VERSIONS - 1) or None]
    for path in old:
        trash = folder / f"{TRASH_PREFIX}{path.name}"
        try:
            _rename_retrying(path, trash)
        except OSError:
            continue  # a file of it is open: the version stays whole, pruned next time
        shutil.rmtree(trash, ignore_errors=True)
    for trash in folder.glob(f"{TRASH_PREFIX}*"):  # leftovers whose files were open last time
        shutil.rmtree(trash, ignore_errors=True)
