"""The root exception of kinerja and its few subclasses.

Every error a user can cause (a wrong config, an unreadable workbook, a refused workflow
action) is a :class:`KinerjaError` whose message is already in Bahasa Indonesia and says
where the problem is and what is expected. The CLI prints that message without a traceback
and exits with :attr:`KinerjaError.exit_code`.
"""

from __future__ import annotations

import errno
import os
import sys


class KinerjaError(Exception):
    """Root of every user-facing error. ``str(error)`` is the Indonesian message."""

    exit_code = 1


class ConfigError(KinerjaError):
    """The office config (``kinerja.toml``) is missing a key or has a wrong value."""


class UsageError(KinerjaError):
    """The command line was used wrongly (exit code 2, like click's usage errors)."""

    exit_code = 2


class WorkflowError(KinerjaError):
    """A workflow action was refused (wrong role, wrong state, lost a race)."""


class WriteError(KinerjaError):
    """An output file could not be written (full disk, read-only folder, no permission); nothing half-written is left."""


class ReportError(KinerjaError):
    """Running or exporting a report failed (failing cell, missing browser, ...)."""


def describe_fault(exc: BaseException) -> str | None:
    """One Indonesian sentence naming the file and the cause of a system fault, or None.

    Covers what the machine, not the user's input, does wrong: a full disk, a read-only file
    system or folder, a missing file or folder, a database that cannot be used.

    >>> import errno
    >>> describe_fault(OSError(errno.ENOSPC, "No space left on device", "/srv/laporan/a.pdf"))
    'Berkas /srv/laporan/a.pdf tidak dapat ditulis: disk penuh. Kosongkan ruang disk lalu ulangi; keluaran lama tidak berubah.'
    """
    if type(exc).__module__ == "sqlite3":  # by name: this foundation module imports no database library
        return f"Basis data SQLite tidak dapat dipakai ({exc}); jalankan `kinerja audit verifikasi` atau pulihkan dari cadangan."
    if not isinstance(exc, OSError):
        return None
    name = exc.filename or ""
    if exc.filename2:
        name = f"{name} -> {exc.filename2}"
    where = f"Berkas {name}" if name else "Sebuah berkas"
    code = exc.errno
    if code in (errno.ENOSPC, errno.EDQUOT):
        return f"{where} tidak dapat ditulis: disk penuh. Kosongkan ruang disk lalu ulangi; keluaran lama tidak berubah."
    if code == errno.EROFS:
        return f"{where} tidak dapat ditulis: sistem berkasnya hanya-baca. Pilih folder lain atau minta admin membukanya."
    if code in (errno.EACCES, errno.EPERM):
        return f"{where} tidak dapat dibuka atau ditulis: izin tidak cukup (hanya-baca atau milik pengguna lain)."
    if code == errno.ENOENT:
        return f"{where} atau foldernya tidak ditemukan."
    if code == errno.EISDIR:
        return f"{where} adalah folder, bukan berkas."
    if code == errno.ENOTDIR:
        return f"{where}: sebagian jalurnya bukan folder."
    if code == errno.EIO:
        return f"{where} tidak dapat dibaca/ditulis: galat I/O disk."
    return f"{where} tidak dapat dipakai: {exc.strerror or exc}."


def silence_stderr() -> None:
    """After an intentional stop (Ctrl+C, a worker told to stop): what libraries print while their
    kernels and browser go away (a dead kernel's pending task, a closed Playwright pipe) is not
    for the user. Redirects this process's standard error (file descriptor 2) to the null device."""
    sys.stderr.flush()
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 2)
    os.close(null)
