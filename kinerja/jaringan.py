"""Is a folder on a network file system? (the workflow history must not live there).

SQLite relies on the file system's locks; on SMB/CIFS and NFS shares those locks are not
reliable (the SQLite documentation says so), so two people acting at once can corrupt
``kinerja.db`` or lose an event, and the audit would then report the damage as tampering.
:func:`network_filesystem` answers where the workspace lives:

- Linux: the mount that holds the folder, from ``/proc/mounts`` (the longest mount point that
  contains it), when its type is one of :data:`NETWORK_TYPES`;
- Windows: a UNC path (``\\\\server\\share``) or a mapped drive whose type is ``DRIVE_REMOTE``
  (``GetDriveTypeW``);
- elsewhere (macOS): unknown, None.

:mod:`kinerja.alur.store` refuses to open the history there, with a message pointing to the
supported set-up in ``docs/layani.md`` (one server, the workspace on its own disk).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path, PureWindowsPath

NETWORK_TYPES = frozenset({
    "cifs", "smb3", "smbfs", "nfs", "nfs4", "ncpfs", "afs", "ceph", "glusterfs", "fuse.glusterfs", "fuse.sshfs",
    "sshfs", "davfs", "fuse.davfs", "fuse.rclone", "9p", "drvfs", "lustre", "gpfs", "beegfs",
})
"""Mount types whose locking SQLite cannot trust (``9p``/``drvfs``: Windows drives seen from WSL)."""

MOUNTS = Path("/proc/mounts")
DRIVE_REMOTE = 4
"""``GetDriveTypeW``'s answer for a network drive."""


def _unescape(field: str) -> str:
    r"""A mount point as ``/proc/mounts`` writes it (space as ``\040``, tab ``\011``, ...).

    >>> _unescape(r"/mnt/data\040kantor")
    '/mnt/data kantor'
    """
    out, i = [], 0
    while i < len(field):
        if field[i] == "\\" and i + 3 < len(field) and field[i + 1:i + 4].isdigit():
            out.append(chr(int(field[i + 1:i + 4], 8)))
            i += 4
        else:
            out.append(field[i])
            i += 1
    return "".join(out)


def mount_of(path: str | os.PathLike[str], mounts_text: str) -> tuple[str, str] | None:
    """(mount point, type) of the mount holding ``path`` in a ``/proc/mounts`` text.

    >>> text = "/dev/vda / ext4 rw 0 0\\n//nas/kantor /srv/kinerja cifs rw 0 0\\n"
    >>> mount_of("/srv/kinerja/opd/kinerja.db", text), mount_of("/srv/kinerja2", text)
    (('/srv/kinerja', 'cifs'), ('/', 'ext4'))
    """
    target = str(path)
    best: tuple[str, str] | None = None
    for line in mounts_text.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        point, kind = _unescape(parts[1]), parts[2]
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and (best is None or len(point) >= len(best[0])):
            best = (point, kind)
    return best


def _drive_type(root: str) -> int:  # pragma: no cover - Windows only
    import ctypes  # noqa: PLC0415 -- Windows only: ctypes kept off `kinerja status`

    return int(ctypes.windll.kernel32.GetDriveTypeW(ctypes.c_wchar_p(root)))  # type: ignore[attr-defined]


def network_filesystem(path: str | os.PathLike[str], *, platform: str | None = None, mounts: Path | None = None,
                       drive_type: Callable[[str], int] | None = None) -> str | None:
    """Describe the network share ``path`` lies on (e.g. ``"cifs di /srv/kinerja"``), or None when it is local
    or cannot be told.

    ``platform``, ``mounts`` and ``drive_type`` stand in for ``sys.platform``, ``/proc/mounts`` and
    ``GetDriveTypeW`` (tests simulate Windows and Linux mounts with them).
    """
    platform = platform or sys.platform
    if platform == "win32":
        text = str(path)
        windows = PureWindowsPath(text)
        if text.startswith(("\\\\", "//")) and not text.startswith(("\\\\?\\", "\\\\.\\")):
            return f"folder jaringan {windows.anchor.rstrip(chr(92))}"
        drive = windows.drive
        if drive and (drive_type or _drive_type)(drive + "\\") == DRIVE_REMOTE:
            return f"drive jaringan {drive}"
        return None
    source = mounts or MOUNTS
    try:
        text = source.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None  # no /proc (macOS): cannot tell
    resolved = Path(path)
    try:
        resolved = resolved.resolve()
    except (OSError, RuntimeError):
        pass
    found = mount_of(resolved, text)
    if found is None or found[1] not in NETWORK_TYPES:
        return None
    return f"{found[1]} di {found[0]}"
