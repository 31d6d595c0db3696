"""Cases: what a case is, its state folded from its events, and its deadlines.

A *case* is one quarter's report (``tahun``, ``triwulan``, and ``unit`` when an office runs
one case per unit; ``""`` is the office-wide case) or the annual report (``triwulan=None``), or, in an
Inspektorat with ``[alur] reviu_lkjip``, the reviu assignment of another office's LKjIP (``triwulan=None``,
``unit`` :func:`kinerja.domain.sop.kasus_reviu`: ``reviu:<OPD>``).
Its state is never stored on its own: it is the fold of its events in :mod:`kinerja.alur.store`,
so state and history cannot disagree. A refused action raises :class:`ActionRefused` with a
reason code (:class:`Alasan`).

Deadlines (see ``docs/alur.md``): the quarter's case starts on ``config.tanggal_mulai`` of the
first month after the quarter; each step's time standard counts working time
(:mod:`kinerja.domain.workcalendar`) from the moment the case entered the step's state.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from kinerja.alur.store import Peristiwa, Store
from kinerja.config import Config
from kinerja.domain import sop
from kinerja.domain.workcalendar import WorkCalendar
from kinerja.errors import WorkflowError
from kinerja.numbers import last_finished_quarter, office_clock, office_today, zona_of

if TYPE_CHECKING:  # pragma: no cover
    from kinerja.paths import Workspace


class Alasan(StrEnum):
    """Reason codes of a refused action."""

    AKSI_TIDAK_DIKENAL = "aksi_tidak_dikenal"
    LINGKUP_TIDAK_SESUAI = "lingkup_tidak_sesuai"      # annual action on a quarter or vice versa
    KEADAAN_TIDAK_SESUAI = "keadaan_tidak_sesuai"      # the action does not leave the current state
    PERAN_TIDAK_SESUAI = "peran_tidak_sesuai"
    BUKAN_PPTK_DITUGASKAN = "bukan_pptk_ditugaskan"
    MENYETUJUI_SENDIRI = "menyetujui_sendiri"
    MENGEMBALIKAN_SENDIRI = "mengembalikan_sendiri"    # the submitter returns their own report
    MENUGASKAN_SENDIRI = "menugaskan_sendiri"          # the assigner names themselves
    CATATAN_WAJIB = "catatan_wajib"
    PENERIMA_TIDAK_VALID = "penerima_tidak_valid"
    TRIWULAN_BELUM_SELESAI = "triwulan_belum_selesai"
    UNIT_TIDAK_DIKENAL = "unit_tidak_dikenal"
    BERKAS_TIDAK_ADA = "berkas_tidak_ada"
    LAPORAN_BELUM_ADA = "laporan_belum_ada"
    BAHAN_BELUM_LENGKAP = "bahan_belum_lengkap"        # a unit's workbook missing and not noted as not reporting
    BAHAN_BERGALAT = "bahan_bergalat"                  # a stored workbook of the quarter has a galat
    BAHAN_BERUBAH = "bahan_berubah"                    # a stored workbook changed/removed outside the app since recorded
    LAPORAN_BERUBAH = "laporan_berubah"                # the current report set is not the submitted one
    LAPORAN_BERGALAT = "laporan_bergalat"              # the submitted report still has galat
    LAPORAN_KEDALUWARSA = "laporan_kedaluwarsa"        # made before the material was handed over
    PENGGUNA_TIDAK_DIKENAL = "pengguna_tidak_dikenal"
    PENGAJUAN_ULANG_SAMA = "pengajuan_ulang_sama"      # the returned report again, unchanged and without a reply
    KUNCI = "kunci"                                    # no usable signing key for the actor
    ARSIP_UTUH = "arsip_utuh"                          # recovery: nothing damaged, nothing to restore
    ARSIP_TAK_TERPULIHKAN = "arsip_tak_terpulihkan"    # recovery: no good copy left, or not the folders' owner
    LANGKAH_TIDAK_DIPAKAI = "langkah_tidak_dipakai"    # an optional step the office did not turn on
    BUKAN_YANG_DITUGASKAN = "bukan_yang_ditugaskan"    # approved/returned by another than the one assigned to the case
    DAFTAR = "daftar"                                  # the config disagrees with the history's key registry


class ActionRefused(WorkflowError):
    """A refused workflow action; ``reason`` is an :class:`Alasan`."""

    def __init__(self, reason: Alasan, message: str) -> None:
        super().__init__(message)
        self.reason = reason



# -- pure logic ---------------------------------------------------------------------------


def case_label(tahun: int, triwulan: int | None, unit: str = "") -> str:
    """Indonesian name of a case.

    >>> case_label(2025, 2, "IRBAN-1"), case_label(2025, None), case_label(2024, None, "reviu:DINKES")
    ('TW II 2025 (IRBAN-1)', 'Laporan tahunan 2025', 'Reviu LKjIP 2024 (DINKES)')
    """
    if sop.opd_reviu(unit):
        return f"Reviu LKjIP {tahun} ({sop.opd_reviu(unit)})"
    base = f"Laporan tahunan {tahun}" if triwulan is None else f"TW {'I II III IV'.split()[triwulan - 1]} {tahun}"
    return f"{base} ({unit})" if unit else base


def case_start(tahun: int, triwulan: int, config: Config) -> dt.datetime:
    """Start of a quarter's case: ``tanggal_mulai`` of the month after the quarter, at opening time.

    >>> from kinerja.config import load_config
    >>> case_start(2025, 1, load_config()), case_start(2025, 4, load_config())
    (datetime.datetime(2025, 4, 10, 7, 30), datetime.datetime(2026, 1, 10, 7, 30))
    """
    return dt.datetime.combine(sop.start_date(tahun, triwulan, config.tanggal_mulai), config.jam_kerja.mulai)


def due_after(calendar: WorkCalendar, entered: dt.datetime, durasi: sop.Durasi) -> dt.datetime:
    """The moment a time standard runs out, counted in working time from ``entered`` (a step without a
    standard, :attr:`sop.Langkah.mutu_baku` None, has no deadline: see :func:`due_of`)."""
    if durasi.satuan == "hari":
        return calendar.add(entered, days=durasi.jumlah)
    return calendar.add(entered, minutes=durasi.menit_kerja or 0)


def due_of(calendar: WorkCalendar, entered: dt.datetime, step: sop.Langkah) -> dt.datetime | None:
    """A step's deadline from ``entered``, or None when the SOP gives it no time standard."""
    return None if step.mutu_baku is None else due_after(calendar, entered, step.mutu_baku)


def report_folder(workspace: Workspace, kasus: Kasus) -> Path:
    """The folder of a case's published sets: a quarter's or the year's reports, or a reviu assignment's papers."""
    opd = sop.opd_reviu(kasus.unit)
    return workspace.reviu_dir(kasus.tahun, opd) if opd else workspace.report_dir(kasus.tahun, kasus.triwulan)


def parse_time(text: str) -> dt.datetime:
    """Event time (ISO) as a naive wall-clock datetime."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=None)


@dataclass
class Kasus:
    """The folded state of one case."""

    tahun: int
    triwulan: int | None
    unit: str
    keadaan: str
    events: list[Peristiwa] = field(default_factory=list)
    pptk: str = ""          # assigned at step 1
    pengaju: str = ""       # who submitted the report under review
    sejak: dt.datetime | None = None  # when the current state was entered (None: not yet open)
    mulai: dt.datetime | None = None  # when the case opened (quarter: the 10th; annual: TW IV documented)
    ditugaskan: dict[str, str] = field(default_factory=dict)  # role → the person its assigning step named

    @property
    def lingkup(self) -> str:
        return sop.lingkup_of(self.triwulan, self.unit)

    @property
    def pengembalian(self) -> list[Peristiwa]:
        """The returns for correction, oldest first."""
        return [e for e in self.events if sop.langkah(e.aksi).mengembalikan]

    @property
    def label(self) -> str:
        return case_label(self.tahun, self.triwulan, self.unit)

    @property
    def unit_tidak_melapor(self) -> dict[str, Peristiwa]:
        """Units recorded as not reporting this quarter (unit code → the note's event)."""
        return {e.penerima: e for e in self.events if sop.langkah(e.aksi).menyebut_unit and e.penerima}


def fold(tahun: int, triwulan: int | None, unit: str, events: list[Peristiwa], start: dt.datetime | None) -> Kasus:
    """Replay ``events`` (one case, insertion order) from the scope's initial state."""
    kasus = Kasus(tahun, triwulan, unit, sop.awal(sop.lingkup_of(triwulan, unit)), list(events), sejak=start, mulai=start)
    for event in events:
        step = sop.langkah(event.aksi)
        if step.mencatat:
            continue  # a note or a recovery: recorded, but the case stays where (and since when) it was
        kasus.keadaan = event.ke
        kasus.sejak = parse_time(event.waktu)
        if step.menugaskan:
            kasus.pptk = event.penerima  # the last one assigned submits (the PPTK; the reviu's auditor)
            kasus.ditugaskan[step.menugaskan] = event.penerima
        elif step.mengajukan:
            kasus.pengaju = event.pengguna
    return kasus


# -- cases from the store -----------------------------------------------------------------


def annual_start(quarter_cases: list[Kasus]) -> dt.datetime | None:
    """The annual case opens when every quarter has cases and all of them are documented."""
    quarters = {k.triwulan for k in quarter_cases}
    if quarters != {1, 2, 3, 4} or any(not sop.keadaan(k.keadaan).akhir for k in quarter_cases):
        return None
    return max(k.sejak for k in quarter_cases if k.sejak is not None)


def _group(events: list[Peristiwa]) -> dict[tuple[int | None, str], list[Peristiwa]]:
    grouped: dict[tuple[int | None, str], list[Peristiwa]] = {}
    for event in events:
        grouped.setdefault((event.triwulan, event.unit), []).append(event)
    return grouped


def load_cases(store: Store, config: Config, tahun: int, triwulan: int | None = None) -> list[Kasus]:
    """Every case of a year (or only of one quarter): those with events, plus office-wide cases not yet started."""
    if triwulan is not None:
        grouped = _group(store.events(tahun, triwulan))
        if not grouped:
            grouped[(triwulan, "")] = []
        cases = [fold(tahun, triwulan, unit, events, case_start(tahun, triwulan, config))
                 for (_, unit), events in grouped.items()]
        return sorted(cases, key=lambda k: k.unit)
    grouped = _group(store.events(tahun))
    for quarter in (1, 2, 3, 4):
        if not any(key[0] == quarter for key in grouped):
            grouped[(quarter, "")] = []
    quarters = [
        fold(tahun, quarter, unit, events, case_start(tahun, quarter, config))
        for (quarter, unit), events in grouped.items()
        if quarter is not None
    ]
    start = annual_start(quarters)
    annual_keys = [key for key in grouped if key[0] is None and not sop.opd_reviu(key[1])] or [(None, "")]
    annual = [fold(tahun, None, unit, grouped.get((None, unit), []), start) for _, unit in annual_keys]
    reviews = [fold(tahun, None, unit, events, reviu_start(config, events))
               for (quarter, unit), events in sorted(grouped.items(), key=lambda item: item[0][1])
               if quarter is None and sop.opd_reviu(unit)]
    quarters.sort(key=lambda k: (k.triwulan, k.unit))
    return quarters + annual + reviews


def reviu_start(config: Config, events: list[Peristiwa]) -> dt.datetime:
    """A reviu assignment opens when the Inspektur assigns it: its first event, else now (it can be assigned)."""
    return parse_time(events[0].waktu) if events else office_clock(zona_of(config)).replace(microsecond=0)


def load_case(store: Store, config: Config, tahun: int, triwulan: int | None, unit: str = "") -> Kasus:
    """One case, folded from its events."""
    if triwulan is None and sop.opd_reviu(unit):
        events = store.events(tahun, None, unit)
        return fold(tahun, None, unit, events, reviu_start(config, events))
    if triwulan is None:
        return next(k for k in load_cases(store, config, tahun) if k.triwulan is None and k.unit == unit)
    return fold(tahun, triwulan, unit, store.events(tahun, triwulan, unit), case_start(tahun, triwulan, config))


def current_year(config: Config, today: dt.date | None = None) -> int:
    """The year whose cases run now: the year of the last quarter that has ended. From January to
    March that is last year: its TW IV case starts in January and its annual report (LKjIP, due
    three months after the year) follows; this year's first case starts only in April. ``today``
    defaults to the office's date (its zone, not the machine's)."""
    return last_finished_quarter(today or office_today(zona_of(config)))[0]
