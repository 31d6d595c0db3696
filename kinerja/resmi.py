"""Official results are written only through the publish path: the one rule that refuses every other writer.

Two kinds of folder hold what an office has officially produced:

- the published report sets ``laporan/<tahun>/<triwulan-n | tahunan>/versi-K`` and their
  pointer (:mod:`kinerja.terbitan`), written only by ``kinerja laporan``'s publishing step;
- the write-once archive ``data/archive/…`` (:mod:`kinerja.alur.archive`), written only by
  documenting (``kinerja alur dokumentasikan``) and by ``kinerja arsip pulihkan``.

Everything else that writes where a user points it — a notebook's ``keluaran`` (an
exploration in JupyterLab or by plain papermill), the CLI's ``--keluaran``/``--tandai`` —
calls :func:`refuse_official_target` first, so a stray path can never overwrite an official
file. The check needs no workspace: it recognises those folders by what is in them (a
``versi-K`` folder with a ``manifest.json``, a report folder with its pointer) and by the
workspace layout of :class:`kinerja.paths.Workspace` for any folder holding a ``kinerja.toml``
above the target.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from kinerja.errors import UsageError
from kinerja.paths import CONFIG_NAME, Workspace

_VERSION = re.compile(r"versi-\d+")
_REPORT_LEAF = re.compile(r"triwulan-\d+|tahunan")


def _pointer_name() -> str:
    from kinerja.terbitan import POINTER  # noqa: PLC0415 -- kinerja.terbitan + json (~8 ms) kept off importing this module

    return POINTER


def official_folder(target: str | os.PathLike[str]) -> tuple[Path, str] | None:
    """The official folder ``target`` lies in (or is), with what it is in Indonesian, or None.

    >>> official_folder("/tmp/tidak-ada/hasil") is None
    True
    """
    path = Path(target).expanduser()
    try:
        path = path.resolve()  # links followed: a link into the archive is the archive
    except (OSError, RuntimeError):
        path = Path(os.path.abspath(path))
    pointer = _pointer_name()
    for folder in (path, *path.parents):
        if _VERSION.fullmatch(folder.name) and (folder / "manifest.json").is_file():
            return folder, "set laporan resmi (terbitan atau arsip)"
        if (folder / pointer).is_file():
            return folder, "folder laporan terbitan"
        if (folder / CONFIG_NAME).is_file():
            workspace = Workspace(folder)
            if path.is_relative_to(workspace.archive):
                return workspace.archive, "arsip laporan yang didokumentasikan"
            if path.is_relative_to(workspace.reports):
                parts = path.relative_to(workspace.reports).parts
                if len(parts) >= 2 and parts[0].isdigit() and _REPORT_LEAF.fullmatch(parts[1]):
                    return workspace.reports.joinpath(*parts[:2]), "folder laporan terbitan"
            return None
    return None


def refuse_official_target(target: str | os.PathLike[str], *, asal: str = "keluaran") -> None:
    """Refuse to write ``target`` when it lies inside a published set or the archive.

    Args:
        target: the file or folder about to be written.
        asal: how the user named it (``keluaran`` of a notebook, ``--keluaran``, ``--tandai``).

    Raises:
        UsageError: ``target`` is inside official results; the message names the folder and what
            to do instead.
    """
    found = official_folder(target)
    if found is None:
        return
    folder, what = found
    raise UsageError(
        f"{asal} {target} berada di dalam {what} {folder}. Hasil resmi hanya ditulis oleh `kinerja laporan` "
        "(terbitan) dan oleh pendokumentasian (`kinerja alur dokumentasikan`); penulisan lain ke sana ditolak agar "
        "tidak ada hasil resmi yang tertimpa. Pilih folder lain, atau kosongkan keluaran agar hasil eksplorasi "
        "ditulis ke folder sementara pribadi Anda."
    )
