"""The results a quarterly run leaves for the annual report (plain JSON files).

Per quarter, in ``laporan/<tahun>/triwulan-<n>/``:

- ``capaian.json``: the rows of :func:`kinerja.capaian.tabel.capaian_table` (every column; NaN as
  null; targets and realisasi in the table's own text form, e.g. ``"80–90"`` or ``"WTP"``);
- ``temuan.json``: the validation findings (``Temuan.as_dict()``);
- ``meta.json``: tahun, triwulan, when and by which kinerja version it was made, the input
  workbooks with their SHA-256, the rows excluded because of a galat (keys: :data:`META_KEYS`).

The annual run leaves the same three files in ``laporan/<tahun>/tahunan/`` (``triwulan`` null,
``sumber_triwulan`` and ``masalah`` instead of ``sumber``, no findings).

This module is the one home of that format: :func:`write_quarter` and :func:`write_year` (called
by :mod:`kinerja.laporan.model.data`) build the files, :func:`read_results` reads them back. The
annual report reads only these files, never the workbooks, so the annual and the quarterly
figures can never disagree. Which stored results are official is decided here too:
:func:`official_results` (approved quarters) and :func:`official_annual_results` (a documented
annual report, the source of every earlier-year figure); a DRAF is never used.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from kinerja import __version__
from kinerja.alur.archive import recorded_version, verify_version, versions
from kinerja.atomic import shared_file_mode, write_text
from kinerja.domain import sop
from kinerja.domain.periode import Periode
from kinerja.errors import ReportError
from kinerja.lembar.findings import Temuan, Tingkat
from kinerja.numbers import triwulan_label
from kinerja.paths import user_cache_dir
from kinerja.terbitan import MANIFEST, TerbitanError, current

CAPAIAN_FILE = "capaian.json"
TEMUAN_FILE = "temuan.json"
META_FILE = "meta.json"


def _clean(value: Any) -> Any:
    """JSON-ready scalar: NaN/NA → None, numpy scalars → Python."""
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NA:
        return None
    if isinstance(value, tuple):
        return [_clean(v) for v in value]
    return value


def table_records(table: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of a capaian table as JSON-ready dicts.

    >>> table_records(pd.DataFrame({"a": [1.5, float("nan")], "b": ["x", None]}))
    [{'a': 1.5, 'b': 'x'}, {'a': None, 'b': None}]
    """
    columns = list(table.columns)
    return [{c: _clean(v) for c, v in zip(columns, row, strict=True)} for row in table.itertuples(index=False, name=None)]


META_KEYS = ("tahun", "triwulan", "unit", "dibuat", "versi", "berkas", "galat", "peringatan", "dikecualikan")
"""Keys every ``meta.json`` has; a quarter adds ``sumber``, the year ``sumber_triwulan`` and ``masalah``."""


PATH_KEYS = ("berkas", "sumber")
"""Keys whose values are file or folder paths: stored relative to the workspace (:func:`portable`)."""


def portable(payload: Any, root: str | Path | None) -> Any:
    """``payload`` with every absolute path under :data:`PATH_KEYS` made machine-independent: relative
    to the workspace ``root`` (``data/raw/2025/triwulan-1/a.xlsx``), or the file name alone when it lies
    elsewhere. Stored results then name no folder of the machine that made them.

    >>> portable({"berkas": "/srv/kantor/data/raw/a.xlsx", "n": [{"sumber": "/lain/b.xlsx"}], "x": "/tetap"}, "/srv/kantor")
    {'berkas': 'data/raw/a.xlsx', 'n': [{'sumber': 'b.xlsx'}], 'x': '/tetap'}
    """
    if isinstance(payload, list):
        return [portable(item, root) for item in payload]
    if not isinstance(payload, dict):
        return payload
    out = {}
    for key, value in payload.items():
        if key in PATH_KEYS and isinstance(value, str) and value and (Path(value).is_absolute() or value.startswith("\\\\")):
            path = Path(value)
            base = Path(root) if root else None
            value = path.relative_to(base).as_posix() if base is not None and path.is_relative_to(base) else path.name
        out[key] = portable(value, root) if isinstance(value, list | dict) else value
    return out


def write_results(folder: str | Path, table: pd.DataFrame, temuan: list[dict[str, Any]], meta: dict[str, Any], *,
                  root: str | Path | None = None) -> list[Path]:
    """Write the three result files into ``folder``, each atomically, ``meta.json`` last.

    ``meta.json`` is the set's completion mark (:func:`read_results` answers None without it):
    it is removed first and written after the others, so a reader never takes a half-written
    set for a whole one. Paths are stored relative to the workspace ``root`` (:func:`portable`).
    """
    folder = Path(folder)
    (folder / META_FILE).unlink(missing_ok=True)
    written = []
    for name, payload in ((CAPAIAN_FILE, portable(table_records(table), root)), (TEMUAN_FILE, portable(temuan, root)),
                          (META_FILE, portable(meta, root))):
        write_text(folder / name, json.dumps(payload, ensure_ascii=False, indent=1, default=str))
        (folder / name).chmod(shared_file_mode(folder))
        written.append(folder / name)
    return written


def _meta(tahun: int, triwulan: int | None, unit: str, dibuat: dt.datetime, berkas: list[dict[str, Any]],
          galat: int, peringatan: int, dikecualikan: list[dict[str, Any]]) -> dict[str, Any]:
    values = (tahun, triwulan, unit, dibuat.isoformat(), __version__, berkas, galat, peringatan, dikecualikan)
    return dict(zip(META_KEYS, values, strict=True))


def write_quarter(folder: str | Path, tabel: pd.DataFrame, temuan: Sequence[Temuan], *, tahun: int, triwulan: int,
                  unit: str, dibuat: dt.datetime, berkas: list[dict[str, Any]], dikecualikan: pd.DataFrame,
                  sumber: str | Path, root: str | Path | None = None) -> list[Path]:
    """Store a quarterly run's results: the capaian table, every finding, and the meta data.

    ``berkas`` are the input workbooks (name, SHA-256, unit, submission date), ``dikecualikan``
    the rows not computed because of a galat, ``sumber`` the quarter's raw folder.
    """
    galat = sum(1 for t in temuan if t.tingkat is Tingkat.GALAT)
    meta = _meta(tahun, triwulan, unit, dibuat, berkas, galat, len(temuan) - galat, dikecualikan.to_dict(orient="records"))
    meta["sumber"] = str(sumber)
    return write_results(folder, tabel, [t.as_dict() for t in temuan], meta, root=root)


def write_year(folder: str | Path, tabel: pd.DataFrame, *, tahun: int, unit: str, dibuat: dt.datetime,
               berkas: list[dict[str, Any]], sumber_triwulan: int | None, masalah: list[str],
               root: str | Path | None = None) -> list[Path]:
    """Store an annual run's results: the year's capaian table (aggregated from the latest approved
    quarter, ``sumber_triwulan``), its inputs and what is still wrong (``masalah``); no findings."""
    meta = _meta(tahun, None, unit, dibuat, berkas, 0, 0, [])
    meta.update(sumber_triwulan=sumber_triwulan, masalah=masalah)
    return write_results(folder, tabel, [], meta, root=root)


@dataclass
class Hasil:
    """The stored results of one quarter (or of a year's annual run)."""

    folder: Path
    meta: dict[str, Any] = field(default_factory=dict)
    capaian: pd.DataFrame = field(default_factory=pd.DataFrame)
    temuan: pd.DataFrame = field(default_factory=pd.DataFrame)


def read_results(folder: str | Path) -> Hasil | None:
    """The results stored in ``folder``, or None when the run never completed there."""
    folder = Path(folder)
    meta_file = folder / META_FILE
    if not meta_file.is_file() or not (folder / CAPAIAN_FILE).is_file():
        return None
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    capaian = pd.DataFrame(json.loads((folder / CAPAIAN_FILE).read_text(encoding="utf-8")))
    temuan_file = folder / TEMUAN_FILE
    temuan = pd.DataFrame(json.loads(temuan_file.read_text(encoding="utf-8"))) if temuan_file.is_file() else pd.DataFrame()
    return Hasil(folder, meta, capaian, temuan)


def scratch_dir(workspace: Any, tahun: int, triwulan: int | None) -> Path:
    """Where an exploration (a notebook run outside ``kinerja laporan``) writes its results.

    The user's own cache folder (:func:`kinerja.paths.user_cache_dir`), one folder per workspace
    (its name and a short hash of its path) and quarter: never the stored, official results, and
    never a folder another user of the same server writes too.
    """
    root = Path(workspace.root).resolve()
    label = f"{root.name or 'ruang-kerja'}-{hashlib.sha256(str(root).encode('utf-8')).hexdigest()[:12]}"
    return user_cache_dir() / "jelajah" / label / str(tahun) / Periode(tahun, triwulan).folder


def documented_folder(workspace: Any, state: Any, tahun: int, triwulan: int | None) -> Path:
    """The archive version a documented case recorded, checked against its manifest.

    The one rule for quarters and the annual report: the figures come from the ``versi-N``
    folder whose ``manifest.json`` has the SHA-256 recorded by the documenting event
    (``state.arsip``, :func:`kinerja.alur.workflow.approval`), never simply the latest folder:
    a later version nobody documented, or a rewritten manifest, is not the documented report.

    Raises:
        ReportError: no version has the recorded checksum, or the recorded version's files
            no longer match its manifest.
    """
    what = "laporan tahunan" if triwulan is None else triwulan_label(triwulan)
    folder = recorded_version(workspace, tahun, triwulan, state.arsip)
    if folder is None:
        where = workspace.shown(workspace.archive_dir(tahun, triwulan))
        found = ", ".join(p.name for p in versions(workspace, tahun, triwulan)) or "tidak ada"
        recorded = (f"{Path(state.arsip_berkas).name or 'versi'} dengan checksum manifest {state.arsip}" if state.arsip
                    else "checksum manifest yang tercatat saat didokumentasikan (tidak tercatat)")
        raise ReportError(
            f"Arsip {what} {tahun} di {where} tidak memuat versi yang didokumentasikan: diharapkan {recorded}; "
            f"versi yang ada ({found}) tidak cocok. Angkanya tidak dipakai; periksa folder arsip itu "
            "(versi yang tidak tercatat atau manifest yang diubah)."
        )
    damaged = verify_version(folder)
    if damaged:
        raise ReportError(f"Arsip {what} {tahun} ({folder.name}) rusak: {', '.join(damaged)} tidak cocok dengan manifest.")
    return folder


def official_results(workspace: Any, config: Any, tahun: int, triwulan: int) -> tuple[Hasil | None, str]:
    """The approved results of a quarter, for the annual report, and why not when there are none.

    A documented quarter is read from the archive version its documenting event recorded
    (:func:`documented_folder`); an approved, not yet documented quarter from the published set the Sekretaris
    approved (or its final rendering). Results of a quarter that is not approved are not used.

    Raises:
        ReportError: the stored results were changed, the archive lacks the documented
            version, or they cover one unit only (a report built by exploration), not the
            whole office.
    """
    from kinerja.alur.workflow import approval  # noqa: PLC0415 -- kinerja.alur.workflow (~52 ms) kept off importing this module

    label = triwulan_label(triwulan)
    state = approval(workspace, config, tahun, triwulan)
    if not state.disetujui:
        return None, f"belum disetujui (keadaan: {state.keadaan_label})"
    if state.keadaan == sop.Status.SELESAI and versions(workspace, tahun, triwulan):
        hasil = read_results(documented_folder(workspace, state, tahun, triwulan) / "laporan")
    else:
        try:
            published = current(workspace.report_dir(tahun, triwulan))
        except TerbitanError as exc:
            raise ReportError(str(exc)) from None
        if published is None or state.sha256 not in (published.manifest_sha256, published.info.get("dasar")):
            return None, "hasil yang disetujui tidak ditemukan (laporan terkini bukan yang disetujui)"
        damaged = published.damaged()
        if damaged:
            raise ReportError(f"Hasil {label} {tahun} ({published.folder.name}) berubah sesudah disetujui: {', '.join(damaged)}.")
        hasil = read_results(published.folder)
    if hasil is None:
        return None, "hasil yang disetujui tidak memuat capaian.json"
    if str(hasil.meta.get("unit") or ""):
        raise ReportError(
            f"Hasil tersimpan {label} {tahun} hanya mencakup unit {hasil.meta['unit']}, bukan seluruh kantor; angkanya "
            f"tidak dipakai. Jalankan `kinerja laporan triwulan --tahun {tahun} --triwulan {triwulan}`."
        )
    return hasil, ""


def official_annual_results(workspace: Any, config: Any, tahun: int) -> tuple[Hasil | None, str]:
    """The results of a year's documented annual report, for later years, and why not when there are none.

    The annual report is official once the annual case is documented (``dokumentasikan_tahunan``,
    the annual scope's final state of :mod:`kinerja.domain.sop`): its results are read from the
    archive version its documenting event recorded (:func:`documented_folder`, the quarters'
    rule: checked against the recorded manifest checksum and against its manifest; the
    archived set must be the ``final`` one). A published annual set that is not documented (a DRAF, or a final rendering
    not yet documented) is never used. The rule for quarters is :func:`official_results`.

    Returns:
        ``(results, "")``, or ``(None, reason)`` in Indonesian, about the report (e.g. ``"belum
        didokumentasikan (laporan terkini versi-2 masih DRAF)"``); the reason is ``""`` when the
        year has no annual report at all in this workspace (nothing published, nothing
        documented), so there is nothing to explain.

    Raises:
        ReportError: the archive lacks the documented version (a later unrecorded version is
            never taken instead), the archived version was changed, is not a final set, or
            covers one unit only, not the whole office.
    """
    from kinerja.alur.workflow import approval  # noqa: PLC0415 -- kinerja.alur.workflow (~52 ms) kept off importing this module

    state = approval(workspace, config, tahun, None)
    if not sop.keadaan(state.keadaan).akhir:
        try:
            published = current(workspace.report_dir(tahun, None))
        except TerbitanError:
            return None, "belum didokumentasikan (penunjuk laporan terkininya rusak)"
        if published is None:
            return None, ""
        kind = "masih DRAF" if published.info.get("status") != "final" else "sudah final tetapi belum didokumentasikan"
        return None, f"belum didokumentasikan (laporan terkini {published.folder.name} {kind})"
    if not versions(workspace, tahun, None):
        return None, "tercatat didokumentasikan, tetapi arsipnya tidak ditemukan"
    folder = documented_folder(workspace, state, tahun, None)
    info = json.loads((folder / "laporan" / MANIFEST).read_text(encoding="utf-8")).get("info", {})
    if info.get("status") != "final":
        raise ReportError(f"Arsip laporan tahunan {tahun} ({folder.name}) tidak memuat laporan final; angkanya tidak dipakai.")
    hasil = read_results(folder / "laporan")
    if hasil is None:
        return None, "diarsipkan tanpa capaian.json"
    if str(hasil.meta.get("unit") or ""):
        raise ReportError(f"Arsip laporan tahunan {tahun} ({folder.name}) hanya mencakup unit {hasil.meta['unit']}, bukan seluruh "
                          "kantor; angkanya tidak dapat dipakai sebagai tahun sebelumnya.")
    return hasil, ""


def read_published(folder: str | Path) -> Hasil | None:
    """The results of the current published set of a report folder (None when none).

    Whatever set is current, a DRAF included: never the source of figures a document presents as
    approved (those come from :func:`official_results` and :func:`official_annual_results`). Its
    one caller is the Pemda recap's preview (``kinerja pemda rekap --draf``), which marks every
    figure taken from here, and the whole document, as DRAF.
    """
    try:
        published = current(folder)
    except TerbitanError as exc:
        raise ReportError(str(exc)) from None
    return None if published is None else read_results(published.folder)
