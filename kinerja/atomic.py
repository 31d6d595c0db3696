"""Atomic file writes: write beside the target, then rename, so no reader ever sees half a file.

The one place that decides the mode of what kinerja writes: a published file gets the mode an
ordinary new file gets under the process umask (typically 0644, :func:`shared_file_mode`), a
folder the matching folder mode (:func:`shared_dir_mode`), although the temporary files and
folders they are staged in are private. Nothing here, nor anywhere else, changes the
process-wide umask while other threads run.
"""

from __future__ import annotations

import contextlib
import os
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
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        os.close(fd)
    except OSError as exc:
        raise _write_error(exc, target) from None
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        if tmp_path.exists():
            os.chmod(tmp_path, shared_file_mode())
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


_FILE_MODE: int | None = None


def shared_file_mode() -> int:
    """Permissions of an ordinary new file under the process umask (e.g. 0o644).

    Temporary files are private (0600); published documents get this mode. The umask is read
    once per process and, where the system allows (``/proc/self/status``), without changing
    it: ``os.umask`` is process-wide, and publishing may run in a worker thread.
    """
    global _FILE_MODE
    if _FILE_MODE is None:
        _FILE_MODE = 0o666 & ~_umask()
    return _FILE_MODE


def shared_dir_mode() -> int:
    """Permissions of an ordinary new folder under the process umask (e.g. 0o755)."""
    return 0o777 & ~_umask()


_UMASK: int | None = None


def _umask() -> int:
    global _UMASK
    if _UMASK is None:
        _UMASK = _read_umask()
    return _UMASK


def make_shared_dir(path: str | os.PathLike[str]) -> Path:
    """Give a (staging) folder made private by :func:`tempfile.mkdtemp` the ordinary folder mode."""
    os.chmod(path, shared_dir_mode())
    return Path(path)


def _read_umask() -> int:
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    umask = os.umask(0o022)  # no /proc (macOS, Windows): set and restore, once per process
    os.umask(umask)
    return umask
