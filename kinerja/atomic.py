"""Atomic file writes: write beside the target, then rename, so no reader ever sees half a file.

The one place that decides the mode of what kinerja writes (files, folders, the workflow
database, its side file and lock files alike): in a group-shared workspace (setgid,
group-writable folders, as ``kinerja init --bersama GRUP`` prepares it) a file gets the
folder's read/write bits (0660 in a 2770 folder) and a folder the folder's mode, whatever the
user's umask, so every member of the group can go on; elsewhere a published file gets the mode an
ordinary new file gets under the process umask (typically 0644, :func:`shared_file_mode`), a
folder the matching folder mode (:func:`shared_dir_mode`). The temporary files and folders
things are staged in are private until published. Nothing here, nor anywhere else, changes the
process-wide umask while other threads run.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from kinerja.errors import WriteError, describe_fault


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success it replaces ``target``.

    On an exception the temporary file is removed and ``target`` is left as it was. A fault
    while writing it (full disk, read-only folder, no permission) becomes a
    :class:`~kinerja.errors.WriteError` naming ``target`` and the cause.
    """
    target = Path(target)
    try:
        make_dirs(target.parent)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        os.close(fd)
    except OSError as exc:
        raise _write_error(exc, target) from None
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        if tmp_path.exists():
            os.chmod(tmp_path, shared_file_mode(target.parent))
        os.replace(tmp_path, target)
    except OSError as exc:
        if exc.filename not in (None, str(tmp_path), str(target), tmp, target):
            raise  # about another file (an input read inside the block)
        raise _write_error(exc, target) from None
    finally:
        with contextlib.suppress(OSError):
            tmp_path.unlink()


def _write_error(exc: OSError, target: Path) -> WriteError:
    named = OSError(exc.errno, exc.strerror or str(exc), str(target))
    return WriteError(describe_fault(named) or f"Berkas {target} tidak dapat ditulis: {exc}.")


def write_bytes(target: str | os.PathLike[str], data: bytes) -> None:
    """Atomically write ``data`` to ``target``."""
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)


def write_text(target: str | os.PathLike[str], text: str) -> None:
    """Atomically write UTF-8 ``text`` to ``target``."""
    write_bytes(target, text.encode("utf-8"))


def shared_file_mode(folder: str | os.PathLike[str] | None = None) -> int:
    """Permissions of a file kinerja publishes in ``folder``.

    In a group-shared workspace (:func:`group_shared`: the folder, or its nearest existing
    parent, has the setgid bit and is group-writable, as ``kinerja init --bersama`` makes it) a
    file gets the folder's own read/write bits for owner, group and others, never execute bits
    (0o660 in a 2770 folder), whatever the user's umask: everybody of the group can replace it.
    Elsewhere (or without ``folder``) it is the mode an ordinary new file gets under the process
    umask (e.g. 0o644). Temporary files are private (0600) until they are published.
    """
    shared = group_shared(folder) if folder is not None else None
    if shared is not None:
        return shared & 0o666
    return 0o666 & ~_umask()


def shared_dir_mode(folder: str | os.PathLike[str] | None = None) -> int:
    """Permissions of a folder kinerja makes inside ``folder``: a group-shared folder's own mode
    (setgid and group-writable, e.g. 0o2770) whatever the umask; elsewhere the ordinary new
    folder's mode under the umask (e.g. 0o755)."""
    shared = group_shared(folder) if folder is not None else None
    if shared is not None:
        return shared
    return 0o777 & ~_umask()


def group_shared(folder: str | os.PathLike[str]) -> int | None:
    """The mode of ``folder`` (or of its nearest existing parent) when it is group-shared, else None.

    Group-shared means: the setgid bit is set and the group may write (``chmod 2770``, what
    ``kinerja init --bersama GRUP`` sets). Only the permission bits and setgid are returned
    (the sticky bit is not passed on). Never shared where the system has no setgid (Windows).
    """
    path = Path(folder)
    for candidate in (path, *path.parents):
        try:
            mode = candidate.stat().st_mode
        except FileNotFoundError:
            continue
        except OSError:
            return None
        if not stat.S_ISDIR(mode):
            return None
        if mode & stat.S_ISGID and mode & stat.S_IWGRP:
            return mode & (0o777 | stat.S_ISGID)
        return None
    return None


def set_mode(path: str | os.PathLike[str], *, folder: bool = False) -> None:
    """Give ``path`` (made by kinerja, or by SQLite/``mkstemp`` for it) the mode kinerja's outputs
    get in its folder (:func:`shared_file_mode`, :func:`shared_dir_mode`).

    A file owned by someone else cannot be changed by its non-owner and is left as it is (its
    owner made it with this mode already).
    """
    path = Path(path)
    mode = shared_dir_mode(path.parent) if folder else shared_file_mode(path.parent)
    try:
        os.chmod(path, mode)
    except PermissionError:
        if path.stat().st_uid == os.geteuid():
            raise


def make_dirs(path: str | os.PathLike[str]) -> Path:
    """``mkdir -p`` where every folder made gets kinerja's folder mode (group-writable and setgid
    inside a group-shared workspace, whatever the umask). Existing folders are left alone."""
    path = Path(path)
    missing = []
    for candidate in (path, *path.parents):
        if candidate.exists():
            break
        missing.append(candidate)
    for folder in reversed(missing):
        try:
            folder.mkdir()
        except FileExistsError:
            continue  # made meanwhile by a parallel run
        set_mode(folder, folder=True)
    if not path.is_dir():
        path.mkdir()  # raises the ordinary error (a file in the way)
    return path


_UMASK: int | None = None


def _umask() -> int:
    """The process umask, read once per process and, where the system allows
    (``/proc/self/status``), without changing it: ``os.umask`` is process-wide, and publishing
    may run in a worker thread."""
    global _UMASK
    if _UMASK is None:
        _UMASK = _read_umask()
    return _UMASK


def make_shared_dir(path: str | os.PathLike[str]) -> Path:
    """Give a (staging) folder made private by :func:`tempfile.mkdtemp` kinerja's folder mode."""
    set_mode(path, folder=True)
    return Path(path)


def _read_umask() -> int:
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    umask = os.umask(0o022)  # no /proc (macOS, Windows): set and restore, once per process
    os.umask(umask)
    return umask
