"""Where things live. The only module that knows folder names.

A *workspace* is a folder holding an office's ``kinerja.toml``, its ``data/raw`` workbooks,
the write-once ``data/archive``, the ``laporan`` outputs and the workflow database
``kinerja.db``. The project checkout itself is a workspace with the sample office.

The workspace is chosen, in order, by an explicit path, the ``KINERJA_WORKSPACE``
environment variable, the current directory when it holds a ``kinerja.toml``, and finally
the project checkout.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent
PACKAGE_DATA = PACKAGE_DIR / "data"
DEFAULT_CONFIG = PACKAGE_DATA / "kinerja.toml"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
TEMPLATES_DIR = PROJECT_ROOT / "templates"
CONFIG_NAME = "kinerja.toml"
PEMDA_CONFIG_NAME = "pemda.toml"

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")
"""What counts as a workbook (legacy .xls is found, then reported as unreadable)."""

ANNOTATED_SUFFIX = "-bertanda"
"""Stem suffix of the annotated copies written for the PPTK (never an input)."""

_QUARTER_FOLDER = re.compile(r"triwulan-\d+")


def workbooks_in(folder: Path) -> list[Path]:
    """The workbooks under ``folder``: the one rule for "which files are inputs".

    Recursive (a workbook in a subfolder counts), sorted; a ``.xlsx``/``.xlsm``/``.xls`` file
    whose path below ``folder`` has no hidden part (``.name``) and no Excel lock file
    (``~$name``), and that is not an annotated copy (``*-bertanda.xlsx``).
    """
    if not folder.is_dir():
        return []
    found = []
    for path in folder.rglob("*"):
        if path.suffix.lower() not in WORKBOOK_SUFFIXES or path.stem.endswith(ANNOTATED_SUFFIX):
            continue
        if any(part.startswith((".", "~$")) for part in path.relative_to(folder).parts) or not path.is_file():
            continue
        found.append(path)
    return sorted(found)


@dataclass(frozen=True)
class Workspace:
    """The folders and files of one office's workspace."""

    root: Path

    @property
    def config_file(self) -> Path:
        """The office config; the embedded default is used when it does not exist."""
        return self.root / CONFIG_NAME

    @property
    def raw(self) -> Path:
        """Filled Rencana Aksi workbooks, as received (never modified)."""
        return self.root / "data" / "raw"

    @property
    def archive(self) -> Path:
        """Write-once archive of documented reports: ``archive/<tahun>/triwulan-<n>/``."""
        return self.root / "data" / "archive"

    @property
    def reports(self) -> Path:
        """Report outputs: ``laporan/<tahun>/triwulan-<n>/`` and ``laporan/<tahun>/tahunan/``."""
        return self.root / "laporan"

    @property
    def database(self) -> Path:
        """The SQLite workflow database."""
        return self.root / "kinerja.db"

    def raw_for(self, tahun: int, triwulan: int | None = None) -> Path:
        """Raw workbooks of one year (and quarter, when the office sorts them so)."""
        base = self.raw / str(tahun)
        if triwulan is not None and (base / f"triwulan-{triwulan}").is_dir():
            return base / f"triwulan-{triwulan}"
        return base

    def quarter_workbooks(self, tahun: int, triwulan: int) -> list[Path]:
        """The quarter's input workbooks: :func:`workbooks_in` of :meth:`raw_for`. When the
        office does not sort by quarter (no ``triwulan-<n>`` folder), the year folder's
        workbooks outside other quarters' ``triwulan-<m>`` folders."""
        folder = self.raw_for(tahun, triwulan)
        files = workbooks_in(folder)
        if folder.name == str(tahun):
            files = [p for p in files if not _QUARTER_FOLDER.fullmatch(p.relative_to(folder).parts[0])]
        return files

    def report_dir(self, tahun: int, triwulan: int | None = None) -> Path:
        """Folder of one quarter's (or, with ``triwulan=None``, the year's) report outputs."""
        leaf = "tahunan" if triwulan is None else f"triwulan-{triwulan}"
        return self.reports / str(tahun) / leaf

    def archive_dir(self, tahun: int, triwulan: int | None = None) -> Path:
        """Archive folder of one quarter (or of the annual report)."""
        leaf = "tahunan" if triwulan is None else f"triwulan-{triwulan}"
        return self.archive / str(tahun) / leaf


@dataclass(frozen=True)
class PemdaFolder:
    """A Pemda workspace: ``pemda.toml``, one office workspace per OPD (``opd/<kode>/`` unless
    the config names another folder) and the recap outputs in ``laporan/``."""

    root: Path

    @property
    def config_file(self) -> Path:
        """The Pemda config (name, letterhead, the OPD list, optional Dask scheduler)."""
        return self.root / PEMDA_CONFIG_NAME

    def opd_dir(self, folder: str) -> Path:
        """An OPD's workspace folder; ``folder`` as written in the config (relative to the root)."""
        return (self.root / folder).resolve()

    def default_opd_folder(self, kode: str) -> str:
        """Where a new OPD's workspace goes: ``opd/<kode in lower case>``."""
        return f"opd/{kode.lower()}"

    def recap_dir(self, tahun: int, triwulan: int) -> Path:
        """Folder of the Pemda recap of one quarter."""
        return self.root / "laporan" / str(tahun) / f"triwulan-{triwulan}"


def find_workspace(explicit: str | os.PathLike[str] | None = None) -> Workspace:
    """Resolve the workspace folder (see the module docstring for the order)."""
    if explicit:
        return Workspace(Path(explicit).expanduser().resolve())
    env = os.environ.get("KINERJA_WORKSPACE")
    if env:
        return Workspace(Path(env).expanduser().resolve())
    cwd = Path.cwd()
    if (cwd / CONFIG_NAME).is_file():
        return Workspace(cwd.resolve())
    return Workspace(PROJECT_ROOT)
