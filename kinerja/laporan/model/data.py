"""What the report notebooks compute: the quarter's and the year's data, ready to show.

:func:`siapkan_triwulan` validates a quarter's workbooks, computes capaian and stores the
results the annual report reads (:mod:`kinerja.laporan.model.hasil`); :func:`siapkan_tahunan` reads the
four quarters' stored results (never the workbooks) and aggregates them. The pure DataFrame
helpers (rows not computed, progress per Sasaran, trend, budget per programme) are
:mod:`kinerja.laporan.model.frames`', tested without a kernel. How they are shown is in :mod:`kinerja.laporan.bagian.umum` (HTML) and
:mod:`kinerja.laporan.render.grafik` (charts).

Choice for a quarter with a galat (documented in docs/penjadwalan.md and in the report
itself): the report is still produced, with a banner on the first page. The galat policy is
the capaian module's (:func:`kinerja.capaian.tabel.capaian_table` with ``temuan``): every
indicator keeps its row; a row whose own cells carry a galat is "tidak dihitung" and says
where, a galat in a budget cell blanks only the budget figures. The CLI, the reports and the
review form all call it the same way.

Every join between tables (quarter → year, trend, at-risk list) uses the key
``(unit, kode)`` of :data:`kinerja.capaian.tabel.KEY_COLUMNS`, never the indicator's name;
earlier years' figures are :mod:`kinerja.laporan.model.riwayat`'s (:func:`load_referensi`). The
counts and sentences of the narrative (:mod:`kinerja.laporan.model.ringkasan`) are computed from the same table as the tables themselves.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from kinerja import __version__
from kinerja.alur.konteks import KonteksKerja, store_of
from kinerja.capaian.tabel import (
    capaian_table,
)
from kinerja.config import Config
from kinerja.domain import sop
from kinerja.domain.periode import Periode
from kinerja.laporan.model import narasi as narasi_model
from kinerja.laporan.model import riwayat as riwayat_model
from kinerja.laporan.model.frames import (
    anggaran_program_frame,
    capaian_triwulan_frame,
    frame_from_results,
    progress_frame,
    tidak_dihitung_frame,
    trend_frame,
    with_keys,
)
from kinerja.laporan.model.hasil import (
    Hasil,
    official_results,
    scratch_dir,
    write_quarter,
    write_year,
)
from kinerja.laporan.model.narasi import docx_path, narasi_files
from kinerja.laporan.model.narasi import isi_narasi as isi
from kinerja.laporan.model.ringkasan import hasil_resmi
from kinerja.lembar.findings import to_frame
from kinerja.numbers import (
    ROMAWI,
    format_date,
    office_now,
    triwulan_label,
    zona_of,
)
from kinerja.paths import Workspace
from kinerja.periksa import HasilResmi, nilai_bidang
from kinerja.resmi import refuse_official_target

APPROVED_STATES = sop.keadaan_disetujui()
"""Workflow states in which the Sekretaris has approved the quarter's report (from the SOP table)."""


_ROW = re.compile(r"(\d+)$")


def attr_or_key(obj: Any, key: str, default: Any = None) -> Any:
    """``obj[key]`` for a dict, else ``obj.key`` (``default`` when missing).

    >>> attr_or_key({"a": 1}, "a"), attr_or_key(object(), "a", 2)
    (1, 2)
    """
    if isinstance(obj, dict):
        return obj.get(key, default)
    return getattr(obj, key, default)


def _konteks(ruang_kerja: str | Workspace, konfigurasi: str) -> KonteksKerja:
    """The run's workspace context, resolved once here at the notebook's edge (:class:`~kinerja.alur.konteks.KonteksKerja`:
    the config read once, one store for every reading of the history) and handed down."""
    return KonteksKerja.buka(ruang_kerja or None, konfigurasi=konfigurasi)


def kinerja_version() -> str:
    """The installed kinerja version (for provenance)."""
    return __version__


def _now(config: Config) -> dt.datetime:
    """Now in the office's time zone (``[instansi] zona_waktu``): dates on documents are the office's."""
    return office_now(zona_of(config))


@dataclass
class LaporanDasar:
    """What the quarterly and the annual report data share: DRAF until approved."""

    final: bool = field(default=False, kw_only=True)
    """Always False in a notebook: a notebook makes a DRAF; the runner renders the approved report
    final (:func:`kinerja.laporan.jalan.runner.finalize_report`, which sets ``final`` in the document block)."""

    @property
    def draf(self) -> bool:
        """True until approved: the DRAF watermark and the awaiting-approval signature block."""
        return not self.final


@dataclass
class LaporanTriwulan(LaporanDasar):
    """Everything the quarterly notebook shows."""

    tahun: int
    triwulan: int
    config: Config
    workspace: Workspace
    unit: str
    data: pd.DataFrame
    tabel: pd.DataFrame
    temuan: pd.DataFrame
    dikecualikan: pd.DataFrame
    berkas: list[dict[str, Any]]
    dibuat: dt.datetime
    parameter: dict[str, Any]
    status_alur: list[dict[str, Any]] | None = None
    catatan_alur: str = ""
    kemajuan: pd.DataFrame = field(default_factory=pd.DataFrame)
    riwayat: str = ""  # the workflow history's anchor (:func:`history_anchor`) for the provenance footer
    referensi: Any = None  # kinerja.laporan.model.riwayat.Referensi (Renstra targets, standards, earlier years)

    @property
    def jumlah_galat(self) -> int:
        """Number of blocking findings."""
        return int((self.temuan["tingkat"] == "galat").sum()) if not self.temuan.empty else 0


def file_infos(files: list[Any]) -> list[dict[str, Any]]:
    """Name, SHA-256, unit and submission date of each input workbook (``Dataset.files``)."""
    infos = []
    for f in files:
        meta = attr_or_key(f, "metadata") or attr_or_key(f, "metadata_values") or {}
        path = attr_or_key(f, "path") or attr_or_key(f, "berkas") or ""
        tanggal = attr_or_key(meta, "tanggal_penyampaian")
        infos.append({
            "berkas": str(attr_or_key(f, "berkas") or path),
            "nama": Path(str(attr_or_key(f, "berkas") or path)).name,
            "sha256": attr_or_key(f, "sha256") or "",
            "unit": str(attr_or_key(meta, "unit") or ""),
            "terbaca": attr_or_key(f, "readable") is not False,  # stored results carry no such field: read then
            "tanggal_penyampaian": tanggal.isoformat() if hasattr(tanggal, "isoformat") else (str(tanggal) if tanggal else ""),
        })
    return infos


def workflow_status(workspace: Workspace, config: Config, tahun: int, triwulan: int | None = None) -> tuple[list[dict[str, Any]] | None, str]:
    """The workflow cases (``kinerja.alur.workflow.case_status``) and a note when unavailable."""
    from kinerja.alur.workflow import case_status  # noqa: PLC0415 -- kinerja.alur.workflow (~40 ms) kept off importing this module
    if not workspace.database.is_file():
        return [], "Belum ada basis data alur kerja di ruang kerja ini; kasus belum dimulai."
    try:
        return list(case_status(workspace, config, tahun, triwulan)), ""
    except Exception as exc:  # noqa: BLE001 - the report must still be produced
        return None, f"Status alur kerja tidak dapat dibaca: {exc}"


def history_anchor(workspace: Workspace) -> str:
    """The workflow history's event count and last hash, for the provenance footer."""
    with store_of(workspace) as store:
        head = store.head()
    return "" if head is None else f"{head[0]} peristiwa; hash terakhir {head[1]}"


def _target(keluaran: str) -> Path | None:
    """The results folder a run named, refused inside official results (:func:`kinerja.resmi.refuse_official_target`):
    only publishing writes there. None: an exploration, written to :func:`scratch_dir`."""
    if not keluaran:
        return None

    refuse_official_target(keluaran, asal="Folder keluaran")
    return Path(keluaran)


def siapkan_triwulan(
    tahun: int,
    triwulan: int,
    *,
    ruang_kerja: str | Workspace = "",
    unit: str = "",
    konfigurasi: str = "",
    keluaran: str = "",
) -> LaporanTriwulan:
    """Validate the quarter's workbooks, compute capaian and store the results.

    Args:
        tahun: the year.
        triwulan: the quarter (1-4).
        ruang_kerja: workspace folder ('' = the usual lookup, see :mod:`kinerja.paths`), or a workspace
            (context) already resolved.
        unit: only this unit's rows ('' = every unit).
        konfigurasi: config file ('' = the workspace's).
        keluaran: folder for ``capaian.json``/``temuan.json``/``meta.json``. ``kinerja laporan``
            passes its staging folder; '' (a run in JupyterLab or by plain papermill, an
            exploration) writes to :func:`kinerja.laporan.model.hasil.scratch_dir`, never to the stored
            results.
    """
    target = _target(keluaran)
    with _konteks(ruang_kerja, konfigurasi) as workspace:
        return _siapkan_triwulan(workspace, tahun, triwulan, unit, target)


def _siapkan_triwulan(workspace: KonteksKerja, tahun: int, triwulan: int, unit: str, target: Path | None) -> LaporanTriwulan:
    """:func:`siapkan_triwulan` in the run's context."""
    from kinerja.lembar.validate import validate_workbooks  # noqa: PLC0415 -- the reader + calamine (~0.1 s): only a quarter reads workbooks, kept off the annual report's kernel

    config = workspace.config
    dibuat = _now(config)
    source = workspace.raw_for(tahun, triwulan)
    inputs: list[Path] = list(workspace.quarter_workbooks(tahun, triwulan)) or [source]  # none: the reader says so
    dataset = validate_workbooks(inputs, config, tahun=tahun, triwulan=triwulan)
    data = dataset.data
    temuan = to_frame(dataset.temuan)
    if unit:
        data = data[_unit_mask(data["unit"], unit, config)].reset_index(drop=True)
    tabel = capaian_table(data, config, triwulan, temuan=temuan)
    dikecualikan = tidak_dihitung_frame(tabel)
    # earlier quarters as their approved reports stated them: never a draft (a batch run makes the
    # drafts of all quarters at once, so a draft earlier quarter would depend on timing)
    sebelumnya = {q: official_results(workspace, config, tahun, q)[0] for q in range(1, triwulan)}
    berkas = file_infos(dataset.files)
    parameter = {"tahun": tahun, "triwulan": triwulan, "ruang_kerja": str(workspace.root), "unit": unit or "semua"}
    status_alur, catatan = workflow_status(workspace, config, tahun, triwulan)
    lap = LaporanTriwulan(
        tahun, triwulan, config, workspace, unit, data, tabel, temuan, dikecualikan, berkas, dibuat, parameter,
        status_alur, catatan, progress_frame(data, config, triwulan, temuan=temuan, sebelumnya=sebelumnya),
        history_anchor(workspace), load_referensi(workspace, config, tahun),
    )
    write_quarter(target or scratch_dir(workspace, tahun, triwulan), tabel, dataset.temuan, tahun=tahun, root=workspace.root,
                  triwulan=triwulan, unit=unit, dibuat=dibuat, berkas=berkas, dikecualikan=dikecualikan, sumber=source)
    return lap


def _unit_mask(units: pd.Series, unit: str, config: Config) -> pd.Series:
    """Rows of ``unit`` (its code or name, as configured, or the text itself)."""
    wanted = config.unit_by_name(unit)
    names = {unit.strip().lower()} | ({wanted.kode.lower(), wanted.nama.lower()} if wanted else set())
    return units.astype(str).str.strip().str.lower().isin(names)


def period_end(tahun: int, triwulan: int) -> str:
    """Last day of a quarter, in Indonesian.

    >>> period_end(2025, 1), period_end(2025, 4)
    ('31 Maret 2025', '31 Desember 2025')
    """
    return format_date(Periode(tahun, triwulan).akhir)


def kelengkapan_frame(lap: LaporanTriwulan) -> pd.DataFrame:
    """Per configured unit: the workbook received, its submission date and its status."""
    late_files = set()
    if not lap.temuan.empty:
        late_files = set(lap.temuan.loc[lap.temuan["kode"] == "berkas_terlambat", "berkas"].astype(str))
    rows = []
    def unit_of(b: dict) -> Any:  # the Unit Kerja cell, else the file name (a refused file has no cells)
        return lap.config.unit_in_text(b["unit"] or "") or lap.config.unit_in_text(Path(b["nama"]).stem)

    for unit in lap.config.unit:
        received = [b for b in lap.berkas if unit_of(b) == unit]
        if not received:
            rows.append({"unit": unit.nama, "berkas": "–", "tanggal": "–", "status": "belum masuk"})
            continue
        for b in received:
            tanggal = b["tanggal_penyampaian"]
            shown = format_date(dt.date.fromisoformat(tanggal[:10])) if tanggal else "–"
            status = ("masuk, tidak terbaca (galat)" if not b.get("terbaca", True)
                      else "terlambat" if b["berkas"] in late_files else "diterima")
            rows.append({"unit": unit.nama, "berkas": b["nama"], "tanggal": shown, "status": status})
    known = {b["nama"] for b in lap.berkas if unit_of(b)}
    for b in lap.berkas:
        if b["nama"] not in known:
            rows.append({"unit": b["unit"] or "(tidak dikenal)", "berkas": b["nama"], "tanggal": "–", "status": "unit tidak dikenal"})
    return pd.DataFrame(rows, columns=["unit", "berkas", "tanggal", "status"])


@dataclass
class LaporanTahunan(LaporanDasar):
    """Everything the annual notebook shows."""

    tahun: int
    config: Config
    workspace: Workspace
    unit: str
    per_triwulan: dict[int, Hasil | None]
    status_triwulan: pd.DataFrame
    tabel: pd.DataFrame
    sumber_triwulan: int | None
    tren: pd.DataFrame
    dibuat: dt.datetime
    parameter: dict[str, Any]
    status_alur: list[dict[str, Any]] | None = None
    catatan_alur: str = ""
    narasi: dict[str, str] = field(default_factory=dict)
    riwayat: str = ""  # the workflow history's anchor (:func:`history_anchor`)
    referensi: Any = None  # kinerja.laporan.model.riwayat.Referensi (Renstra targets, standards, earlier years)

    @cached_property
    def hasil(self) -> HasilResmi:
        """The year's figures (:func:`kinerja.laporan.model.ringkasan.hasil_resmi`): what the
        narrative's fields are filled from and its stated figures are checked against."""
        return hasil_resmi(self.tabel, self.config, self.tahun, referensi=self.referensi)

    @property
    def bidang(self) -> dict[str, tuple[str, str]]:
        """Every ``{{ field }}`` of the narrative with its value (:func:`kinerja.periksa.nilai_bidang`)."""
        return nilai_bidang(self.hasil)

    @property
    def triwulan_terbuka(self) -> list[str]:
        """The quarters without approved results ("Triwulan III", …): a narrative written now
        speaks of a year that is not over."""
        return [r.label for r in self.status_triwulan.itertuples(index=False) if not (r.tersedia and r.disetujui)]

    @property
    def masalah(self) -> list[str]:
        """Quarters missing, not approved or with galat, one sentence per kind of problem."""
        rows = list(self.status_triwulan.itertuples(index=False))
        missing = [r.label for r in rows if not r.tersedia]
        unapproved = [r.label for r in rows if r.tersedia and not r.disetujui]
        galat = [f"{r.label} ({r.galat} galat, {r.dikecualikan} indikator tidak dihitung seluruhnya atau anggarannya)" for r in rows if r.tersedia and r.galat]
        out = []
        if missing:
            out.append("hasil laporan yang disetujui belum ada untuk " + ", ".join(missing))
        if unapproved:
            out.append("persetujuan Sekretaris belum tercatat untuk " + ", ".join(unapproved))
        if galat:
            out.append("lembar kerja masih memuat galat pada " + ", ".join(galat))
        return out


def quarter_status(per_triwulan: dict[int, Hasil | None], status_alur: list[dict[str, Any]] | None) -> pd.DataFrame:
    """One row per quarter: results available, workflow state, approved, galat count."""
    states: dict[int, str] = {}
    for case in status_alur or []:
        q = case.get("triwulan")
        state = case.get("keadaan") or case.get("state") or ""
        if isinstance(q, int) and state:
            states[q] = str(state)
    rows = []
    for q in range(1, 5):
        hasil = per_triwulan.get(q)
        state = states.get(q, "")
        rows.append({
            "triwulan": q, "label": triwulan_label(q), "tersedia": hasil is not None,
            "keadaan": state or ("tidak tercatat" if status_alur is not None else "alur tidak tersedia"),
            "disetujui": state in APPROVED_STATES,
            "galat": int(hasil.meta.get("galat", 0)) if hasil else 0,
            "dikecualikan": len(hasil.meta.get("dikecualikan", [])) if hasil else 0,
            "dibuat": hasil.meta.get("dibuat", "") if hasil else "",
        })
    return pd.DataFrame(rows)



def narasi_path(workspace: Workspace, tahun: int) -> Path:
    """Where the annual report's narrative is written in Word: ``narasi/narasi-<tahun>.docx``."""
    return docx_path(workspace.root, tahun)


def isi_narasi(parts: dict[str, str], bidang: dict[str, tuple[str, str]], tahun: int) -> dict[str, str]:
    """The narrative parts with their ``{{ fields }}`` filled (:func:`kinerja.laporan.model.narasi.isi_narasi`)."""
    return isi(parts, bidang, tahun)


def load_narasi(workspace: Workspace, tahun: int) -> dict[str, str]:
    """The narrative texts written by the Perencanaan staff (see :mod:`kinerja.laporan.model.narasi`)."""
    return narasi_model.load_narasi(workspace.root, tahun)


def load_referensi(workspace: Workspace, config: Config, tahun: int) -> Any:
    """Renstra targets, standards and earlier years (:mod:`kinerja.laporan.model.riwayat`; a year's
    stored figures only from its documented annual report)."""
    return riwayat_model.load_referensi(workspace, config, tahun)


def siapkan_tahunan(tahun: int, *, ruang_kerja: str | Workspace = "", unit: str = "", konfigurasi: str = "",
                    keluaran: str = "") -> LaporanTahunan:
    """Read the four quarters' results and compute the annual capaian (no workbook is read).

    The annual figures come from the latest quarter with approved results (normally TW IV),
    aggregated with each indicator's method against the annual target; the quarter-by-quarter
    trend is exactly what each quarterly report stated. Only approved quarters count, read
    from the archive once documented (:func:`kinerja.laporan.model.hasil.official_results`).
    """
    target = _target(keluaran)
    with _konteks(ruang_kerja, konfigurasi) as workspace:
        return _siapkan_tahunan(workspace, tahun, unit, target)


def _siapkan_tahunan(workspace: KonteksKerja, tahun: int, unit: str, target: Path | None) -> LaporanTahunan:
    """:func:`siapkan_tahunan` in the run's context."""
    config = workspace.config
    dibuat = _now(config)
    per_triwulan = {q: official_results(workspace, config, tahun, q)[0] for q in range(1, 5)}
    if unit:
        for hasil in per_triwulan.values():
            if hasil is not None and not hasil.capaian.empty:
                hasil.capaian = hasil.capaian[_unit_mask(hasil.capaian["unit"], unit, config)].reset_index(drop=True)
    status_alur, catatan = workflow_status(workspace, config, tahun)
    status = quarter_status(per_triwulan, status_alur)
    present = {q: h for q, h in per_triwulan.items() if h is not None}
    latest = max(present, default=None)
    if latest is None:
        tabel = capaian_table(pd.DataFrame(), config, 4, tahunan=True)
    else:
        source = present[latest]
        tabel = capaian_table(frame_from_results(source.capaian), config, latest, tahunan=True, temuan=source.temuan)
    berkas = []
    for q, hasil in sorted(present.items()):
        berkas += [{"nama": f"TW {ROMAWI[q]}: {b['nama']}", "sha256": b.get("sha256", "")} for b in hasil.meta.get("berkas", [])]

    for narasi_file in narasi_files(workspace.root, tahun):
        berkas.append({"nama": f"narasi/{narasi_file.name}", "sha256": hashlib.sha256(narasi_file.read_bytes()).hexdigest()})
    parameter = {"tahun": tahun, "ruang_kerja": str(workspace.root), "unit": unit or "semua"}
    lap = LaporanTahunan(tahun, config, workspace, unit, per_triwulan, status, tabel, latest,
                         trend_frame(per_triwulan, config), dibuat, parameter, status_alur, catatan, load_narasi(workspace, tahun),
                         history_anchor(workspace), load_referensi(workspace, config, tahun))
    lap.parameter["berkas"] = berkas  # kept for the provenance block
    lap.narasi = isi_narasi(lap.narasi, lap.bidang, tahun)  # {{ fields }} filled from the year's official figures
    write_year(target or scratch_dir(workspace, tahun, None), tabel, tahun=tahun, unit=unit, dibuat=dibuat, root=workspace.root,
               berkas=berkas, sumber_triwulan=latest, masalah=lap.masalah)
    return lap


__all__ = [  # the frames notebooks and sections import from here (their home is frames)
    "anggaran_program_frame", "capaian_triwulan_frame", "frame_from_results", "progress_frame", "tidak_dihitung_frame",
    "trend_frame", "with_keys",
]
