"""Anchors outside the workspace: the history's head written where an insider of the workspace cannot
rewrite it, and checked by the audit on its own.

After every committed action :class:`kinerja.alur.store.Store` appends one line (number of events,
last id, its hash, its time, the machine's UTC time, the workspace folder) to an *anchor file* in
every anchor folder (:func:`folders`):

* ``KINERJA_JANGKAR``: folders set by the admin (``os.pathsep``-separated; e.g. in the JupyterHub
  spawner's environment or ``/etc/environment``), typically on another server or share;
* the system folder :func:`system_folder` when it exists (POSIX ``/var/lib/kinerja/jangkar``,
  Windows ``%PROGRAMDATA%\\kinerja\\jangkar``): the admin makes it sticky and writable for all
  (``install -d -m 1777``), so each person appends to a file of their own that nobody else can
  remove or rewrite;
* the user's own folder (:func:`user_folder`), which the others of the group cannot touch.

A file is ``<workspace key>-<user>.jangkar`` (:func:`file_name`): one per workspace folder and per
person; its lines name the workspace folder, and only those lines count for it. An insider who deletes the last events from both ``kinerja.db`` and ``kinerja.rantai``
(or puts back older copies of both) cannot take back the lines other people's actions wrote
there: :func:`check` finds every anchored head that is no longer in the history.

Writing an anchor never undoes an action: a folder that cannot be written is skipped (logged).
This module reads no database (the store and the audit pass their heads and events in).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import logging
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kinerja.alur.identity import os_username

log = logging.getLogger("kinerja")

ENV = "KINERJA_JANGKAR"
SUFFIX = ".jangkar"


def system_folder() -> Path:
    """The machine-wide anchor folder (used only when the admin made it)."""
    if sys.platform == "win32":
        return Path(os.environ.get("PROGRAMDATA") or r"C:\ProgramData") / "kinerja" / "jangkar"
    return Path("/var/lib/kinerja/jangkar")


def user_folder() -> Path:
    """The current user's own anchor folder (``$XDG_DATA_HOME/kinerja/jangkar``, ``~/.local/share/…``;
    macOS ``~/Library/Application Support/kinerja/jangkar``; Windows ``%LOCALAPPDATA%\\kinerja\\jangkar``)."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        xdg = os.environ.get("XDG_DATA_HOME", "")
        base = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".local" / "share"
    return base / "kinerja" / "jangkar"


def folders(environ: dict[str, str] | None = None) -> list[Path]:
    """Every anchor folder, configured ones first (see the module docstring)."""
    env = os.environ if environ is None else environ
    found = [Path(p).expanduser() for p in env.get(ENV, "").split(os.pathsep) if p.strip()]
    if system_folder().is_dir():
        found.append(system_folder())
    found.append(user_folder())
    unique: list[Path] = []
    for folder in found:
        if folder not in unique:
            unique.append(folder)
    return unique


def _user() -> str:
    name = os_username() or f"uid{os.getuid() if hasattr(os, 'getuid') else 0}"
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name)


def key_of(root: Path) -> str:
    """16 hex characters naming a workspace folder in anchor file names."""
    return hashlib.sha256(str(root).encode("utf-8")).hexdigest()[:16]


def file_name(root: Path, user: str | None = None) -> str:
    """``<workspace key>-<user>.jangkar``.

    >>> file_name(Path("/srv/kinerja"), "siti")
    'faf9ad574d18526c-siti.jangkar'
    """
    return f"{key_of(root)}-{user or _user()}{SUFFIX}"


def write(root: Path, head: tuple[int, int, str, str], first_hash: str,
          where: Iterable[Path] | None = None) -> list[Path]:
    """Append the head ``(count, last id, last hash, last time)`` of the history of workspace ``root``
    to this user's anchor file in every folder; returns the files written (a failing folder is skipped)."""
    count, ident, digest, waktu = head
    line = json.dumps({
        "jumlah": count, "id": ident, "hash": digest, "waktu": waktu,
        "ditulis": dt.datetime.now(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "ruang_kerja": str(root), "awal": first_hash,
    }, ensure_ascii=False) + "\n"
    written = []
    for folder in (folders() if where is None else where):
        path = folder / file_name(root)
        try:
            if folder == user_folder():
                folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            with os.fdopen(fd, "a", encoding="utf-8") as handle:
                handle.write(line)
                handle.flush()
                os.fsync(handle.fileno())
            written.append(path)
        except OSError as exc:
            log.warning("jangkar tidak dapat ditulis ke %s: %s", path, exc)
    return written


@dataclass(frozen=True)
class Jangkar:
    """One anchored head, read back from a file."""

    berkas: Path
    jumlah: int
    id: int
    hash: str
    waktu: str
    ditulis: str
    ruang_kerja: str

    @property
    def penulis(self) -> str:
        """The user whose file it is (from the file name)."""
        return self.berkas.stem.split("-", 1)[1] if "-" in self.berkas.stem else "?"


def read(root: Path, where: Iterable[Path] | None = None) -> tuple[list[Jangkar], int]:
    """The newest anchor of workspace ``root`` in every readable anchor file of it; and how many of
    its files could not be read."""
    found: list[Jangkar] = []
    unreadable = 0
    for folder in (folders() if where is None else where):
        try:
            names = sorted(folder.glob(f"{key_of(root)}-*{SUFFIX}"))
        except OSError:
            continue
        for path in names:
            try:
                lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
            except OSError:
                unreadable += 1
                continue
            newest = _newest(path, lines, str(root))
            if newest is not None:
                found.append(newest)
    return found, unreadable


def _newest(path: Path, lines: list[str], root: str) -> Jangkar | None:
    best: Jangkar | None = None
    for line in lines:
        with contextlib.suppress(ValueError, TypeError, KeyError, AttributeError):
            data: dict[str, Any] = json.loads(line)
            if data.get("ruang_kerja") != root:
                continue
            item = Jangkar(path, int(data["jumlah"]), int(data["id"]), str(data["hash"]), str(data["waktu"]),
                           str(data.get("ditulis", "")), str(data.get("ruang_kerja", "")))
            if best is None or item.id >= best.id:
                best = item
    return best


def check(root: Path, events: list[Any], where: Iterable[Path] | None = None) -> tuple[list[tuple[int | None, str]], str]:
    """Every anchored head (the newest of each file) the history ``events`` no longer holds, as
    ``(event id, message)``; and a note saying which anchor was newest ('' when there is none)."""
    anchors, unreadable = read(root, where)
    by_id = {event.id: event.hash for event in events}
    last_id = events[-1].id if events else 0
    found: list[tuple[int | None, str]] = []
    same: dict[tuple[int, str], list[Jangkar]] = {}
    for anchor in sorted(anchors, key=lambda a: (a.id, str(a.berkas))):
        same.setdefault((anchor.id, anchor.hash), []).append(anchor)
    for (ident, digest), group in same.items():
        anchor = group[0]
        held = by_id.get(ident)
        if held == digest:
            continue
        also = f" dan {len(group) - 1} berkas jangkar lain" if len(group) > 1 else ""
        said = (f"jangkar di luar ruang kerja {anchor.berkas} (ditulis {anchor.penulis} pada {anchor.ditulis}){also} "
                f"mencatat {anchor.jumlah} peristiwa sampai #{anchor.id} (hash {anchor.hash[:12]}…)")
        if held is None:
            found.append((anchor.id, f"{said}, padahal riwayat kini hanya sampai #{last_id}: peristiwa terakhir dihapus "
                                     "dari basis data dan berkas rantai, atau keduanya diganti salinan lama"))
        else:
            found.append((anchor.id, f"{said}, padahal peristiwa #{anchor.id} dalam riwayat kini ber-hash {held[:12]}…: "
                                     "riwayat ditulis ulang sesudah jangkar itu"))
    note = ""
    if anchors:
        newest = max(anchors, key=lambda a: a.id)
        note = (f"jangkar terbaru di luar ruang kerja: {newest.berkas} (#{newest.id}, {newest.jumlah} peristiwa, "
                f"ditulis {newest.penulis} pada {newest.ditulis}); {len(anchors)} berkas jangkar diperiksa")
    elif events:
        note = (f"tidak ada jangkar di luar ruang kerja yang dapat dibaca (folder: {', '.join(str(f) for f in (folders() if where is None else where))}); "
                f"admin dapat menyediakan folder jangkar bersama ({system_folder()}, mode 1777) atau {ENV}")
    if unreadable:
        note += f"; {unreadable} berkas jangkar tidak dapat dibaca"
    return found, note
