"""Where things live. The only module that knows folder names.

A *workspace* is a folder holding an office's ``kinerja.toml``, its ``data/raw`` workbooks,
the write-once ``data/archive``, the ``laporan`` outputs and the workflow database
``kinerja.db``. ``kinerja init FOLDER`` creates one; ``kinerja init --contoh FOLDER`` creates
a sample workspace (the fictional office, ``contoh = true``). The repository checkout is
such a sample workspace: its ``kinerja.toml`` is the sample office and ``data/raw`` holds the
sample year.

The workspace is chosen, in order, by an explicit path (``--ruang-kerja``), the
``KINERJA_WORKSPACE`` environment variable, and the current folder or the nearest parent
holding a ``kinerja.toml``. Anything else is an error that says how to create one; there is
no fallback to the sample office.

The notebooks and the nbconvert template live at the repository top (``notebooks/``,
``templates/``) and are shipped inside the wheel as ``kinerja/notebooks`` and
``kinerja/templates`` (see ``[tool.setuptools]`` in pyproject.toml); :func:`shipped_dir` finds
them either way with :mod:`importlib.resources`. Nothing is ever written there.
"""

from __future__ import annotations

import importlib.resources
import os
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from kinerja.domain.periode import Periode
from kinerja.errors import ConfigError

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent
"""The checkout (only meaningful when running from one; an installed wheel has none)."""
PACKAGE_DATA = PACKAGE_DIR / "data"
SAMPLE_CONFIG = PACKAGE_DATA / "kinerja.toml"
"""The fictional sample office (``contoh = true``)."""
DEFAULT_CONFIG = SAMPLE_CONFIG  # former name, kept for callers
SKELETON_CONFIG = PACKAGE_DATA / "kinerja-baru.toml"
"""The commented skeleton ``kinerja init`` writes for a new office."""
CONFIG_NAME = "kinerja.toml"
PEMDA_CONFIG_NAME = "pemda.toml"
WORKSPACE_ENV = "KINERJA_WORKSPACE"
INIT_HINT = (
    "Buat ruang kerja kantor dengan `kinerja init FOLDER` (lalu isi kinerja.toml-nya), atau ruang kerja contoh "
    "dengan `kinerja init --contoh FOLDER`; lalu jalankan perintah dari folder itu atau pakai --ruang-kerja FOLDER."
)
"""How to create a workspace: the tail of every "no workspace / no config" message."""


def shipped_dir(name: str) -> Path:
    """A folder shipped with the package: ``notebooks`` or ``templates``.

    Inside an installed wheel it is ``kinerja/<name>`` (found through importlib.resources);
    in a checkout (editable install, or ``PYTHONPATH``) it is ``<checkout>/<name>``.
    """
    inside = importlib.resources.files("kinerja").joinpath(name)
    if inside.is_dir():
        return Path(str(inside))
    return PROJECT_ROOT / name


NOTEBOOKS_DIR = shipped_dir("notebooks")
TEMPLATES_DIR = shipped_dir("templates")

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
"""What counts as a workbook (legacy .xls is found, then reported as unreadable)."""

ANNOTATED_SUFFIX = "-bertanda"
"""Stem suffix of the annotated copies written for the PPTK (never an input)."""

_QUARTER_FOLDER = re.compile(r"triwulan-\d+")


def workbooks_in(folder: Path) -> list[Path]:
    """The workbooks under ``folder``: the one rule for "which files are inputs".

    Recursive (a workbook in a subfolder counts), sorted; a ``.xlsx``/``.xlsm``/``.ods``/``.xls`` file
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
        """The office config (``kinerja.toml``); required."""
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
    def notebooks(self) -> Path:
        """The office's own copies of the notebooks for exploring in JupyterLab (``kinerja init``);
        official reports are always made from the notebooks shipped with kinerja (:data:`NOTEBOOKS_DIR`)."""
        return self.root / "notebooks"

    @property
    def database(self) -> Path:
        """The SQLite workflow database."""
        return self.root / "kinerja.db"

    def shown(self, path: Path) -> str:
        """``path`` as messages and reports name it: relative to the workspace (``data/archive/2025/
        tahunan/versi-1``), or whole when it lies elsewhere."""
        return path.relative_to(self.root).as_posix() if path.is_relative_to(self.root) else str(path)

    def raw_for(self, tahun: int, triwulan: int | None = None) -> Path:
        """Raw workbooks of one year (and quarter, when the office sorts them so)."""
        base = self.raw / str(tahun)
        if triwulan is not None and (base / Periode(tahun, triwulan).folder).is_dir():
            return base / Periode(tahun, triwulan).folder
        return base

    def quarter_folder(self, tahun: int, triwulan: int) -> Path:
        """The quarter's own folder ``data/raw/<tahun>/triwulan-<n>/``, whether it exists or not:
        where ``init`` and a case's first action create it and where every upload of that
        quarter's case goes (never the year folder, so quarters cannot mix)."""
        return self.raw / str(tahun) / f"triwulan-{triwulan}"

    def quarter_workbooks(self, tahun: int, triwulan: int) -> list[Path]:
        """The quarter's input workbooks: :func:`workbooks_in` of :meth:`raw_for`. When the
        office does not sort by quarter (no ``triwulan-<n>`` folder), the year folder's
        workbooks outside other quarters' ``triwulan-<m>`` folders."""
        folder = self.raw_for(tahun, triwulan)
        files = workbooks_in(folder)
        if folder.name == str(tahun):
            files = [p for p in files if not _QUARTER_FOLDER.fullmatch(p.relative_to(folder).parts[0])]
        return files

    def narasi_docx(self, tahun: int) -> Path:
        """The LKjIP's narasi of ``tahun``, ``narasi/narasi-<tahun>.docx`` (written in Word, uploaded in
        the app; every upload a signed ``simpan_narasi`` event, checked by the audit)."""
        return self.root / "narasi" / f"narasi-{tahun}.docx"

    def report_dir(self, tahun: int, triwulan: int | None = None) -> Path:
        """Folder of one quarter's (or, with ``triwulan=None``, the year's) report outputs."""
        return self.reports / str(tahun) / Periode(tahun, triwulan).folder

    def reviu_dir(self, tahun: int, opd: str) -> Path:
        """Folder of the reviu sets of office ``opd``'s LKjIP of ``tahun`` (the Inspektorat's reviu assignment):
        ``laporan/reviu/<tahun>/<OPD>/versi-N``."""
        return self.reports / "reviu" / str(tahun) / opd

    def archive_dir(self, tahun: int, triwulan: int | None = None) -> Path:
        """Archive folder of one quarter (or of the annual report)."""
        return self.archive / str(tahun) / Periode(tahun, triwulan).folder


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

    def recap_dir(self, tahun: int, triwulan: int | None) -> Path:
        """Folder of the Pemda recap of one quarter (``None``: of the year: the reviu of every OPD's LKjIP)."""
        return self.root / "laporan" / str(tahun) / Periode(tahun, triwulan).folder


def find_workspace(explicit: str | os.PathLike[str] | None = None, *, start: Path | None = None) -> Workspace:
    """Resolve the workspace folder (see the module docstring for the order).

    Raises:
        ConfigError: the named folder does not exist, or no ``kinerja.toml`` is found from
            ``start`` (default: the current folder) upwards.
    """
    for value, origin in ((explicit, "--ruang-kerja"), (os.environ.get(WORKSPACE_ENV), WORKSPACE_ENV)):
        if value:
            root = Path(value).expanduser().resolve()
            if not root.is_dir():
                raise ConfigError(f"Folder ruang kerja {root} ({origin}) tidak ada. {INIT_HINT}")
            return Workspace(root)
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return Workspace(folder)
    raise ConfigError(f"Tidak ada ruang kerja kinerja di {here} atau folder induknya (berkas {CONFIG_NAME} tidak ditemukan). {INIT_HINT}")


def user_cache_dir() -> Path:
    """The current user's own cache folder for kinerja (made private, 0700, when created).

    Linux and other POSIX: ``$XDG_CACHE_HOME/kinerja`` or ``~/.cache/kinerja``; macOS
    ``~/Library/Caches/kinerja``; Windows ``%LOCALAPPDATA%\\kinerja\\Cache``. Without a usable home
    folder (a service account): ``<temp>/kinerja-<uid>``, still one per user. Never a folder two
    users share.
    """
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        folder = Path(base) / "kinerja" / "Cache"
    elif sys.platform == "darwin":
        folder = Path.home() / "Library" / "Caches" / "kinerja"
    else:
        xdg = os.environ.get("XDG_CACHE_HOME", "")
        folder = (Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache") / "kinerja"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not os.access(folder, os.W_OK | os.X_OK):
            raise PermissionError(folder)
    except (OSError, RuntimeError):
        import getpass  # noqa: PLC0415 -- getpass, termios: only on a broken cache folder, kept off `kinerja --help`

        uid = os.getuid() if hasattr(os, "getuid") else getpass.getuser()
        folder = Path(tempfile.gettempdir()) / f"kinerja-{uid}"
        folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def lambang_file(name: str, config_source: str | os.PathLike[str] | None) -> Path | None:
    """The lambang daerah image named in the config: relative to the config file's folder, else
    one shipped with kinerja (the sample's placeholder ``lambang-contoh.png``); None when missing."""
    if not name:
        return None
    path = Path(name)
    candidates = [path] if path.is_absolute() else [Path(config_source).parent / path if config_source else path,
                                                     Path(__file__).resolve().parent / "data" / path.name]
    return next((c for c in candidates if c.is_file()), None)
