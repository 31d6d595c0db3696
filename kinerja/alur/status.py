"""The status of cases for the CLI, forms and reports: the state, who acts next, deadlines and lateness
(:func:`case_status`), and a case's history."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from kinerja.alur.aturan import describe_people_named
from kinerja.alur.identity import describe_people
from kinerja.alur.kasus import Kasus, due_of, load_cases
from kinerja.alur.konteks import store_of
from kinerja.alur.store import Peristiwa
from kinerja.config import Config
from kinerja.domain import sop
from kinerja.domain.peran import ROLE_LABELS
from kinerja.domain.workcalendar import WorkCalendar
from kinerja.numbers import office_clock, zona_of

if TYPE_CHECKING:  # pragma: no cover
    from kinerja.paths import Workspace


def _next_actors(config: Config, kasus: Kasus) -> tuple[str, str, str]:
    """(role label, ``nama (username)`` for messages, names only for documents) of who acts next."""
    steps = sop.aksi_dari(kasus.keadaan, config.opsi_sop)
    if not steps:
        return "", "", ""
    role = steps[0].peran
    if steps[0].mengajukan and kasus.pptk:
        person = config.person(kasus.pptk)
        return ROLE_LABELS[role], describe_people_named(config, kasus.pptk), person.nama if person else kasus.pptk
    return ROLE_LABELS[role], describe_people(config, role), ", ".join(p.nama for p in config.people_with_role(role))


def status_of(kasus: Kasus, config: Config, calendar: WorkCalendar, now: dt.datetime) -> dict:
    """One status row of a case (the shape :func:`case_status` returns)."""
    steps = sop.aksi_dari(kasus.keadaan, config.opsi_sop)
    final = not steps
    due = due_of(calendar, kasus.sejak, steps[0]) if steps and kasus.sejak else None
    start = kasus.mulai
    case_due: dt.datetime | None = None
    path = sop.jalur_utama(kasus.lingkup, config.opsi_sop)
    if start is not None and all(step.mutu_baku for step in path):  # a path without time standards: no deadline
        case_due = start
        for step in path:
            case_due = due_of(calendar, case_due, step) or case_due
    finished = kasus.sejak if final else None
    reference = finished or now
    role_label, actors, names = _next_actors(config, kasus)
    return {
        "tahun": kasus.tahun,
        "triwulan": kasus.triwulan,
        "unit": kasus.unit,
        "kasus": kasus.label,
        "keadaan": kasus.keadaan,
        "keadaan_label": sop.keadaan(kasus.keadaan).label,
        "langkah": steps[0].langkah if steps else None,
        "aksi_berikut": [s.aksi for s in steps],
        "peran_berikut": role_label,
        "pelaksana_berikut": actors,
        "pelaksana_berikut_nama": names,
        "pptk": kasus.pptk,
        "mulai": start.isoformat(timespec="seconds") if start else None,
        "sejak": kasus.sejak.isoformat(timespec="seconds") if kasus.sejak else None,
        "tenggat": due.isoformat(timespec="seconds") if due else None,
        "terlambat": bool(due and now > due),
        "tenggat_kasus": case_due.isoformat(timespec="seconds") if case_due else None,
        "kasus_terlambat": bool(case_due and reference > case_due),
        "langkah_terlambat": sum(1 for e in kasus.events if e.terlambat),
        "jumlah_pengembalian": len(kasus.pengembalian),
        "selesai": finished.isoformat(timespec="seconds") if finished else None,
    }


def case_status(
    workspace: Workspace, config: Config, tahun: int, triwulan: int | None = None, *, now: dt.datetime | None = None
) -> list[dict]:
    """Status of every case of ``tahun`` (or of one quarter), for the CLI, forms and reports.

    Each dict: ``tahun, triwulan (None = tahunan), unit, kasus, keadaan, keadaan_label,
    langkah, aksi_berikut, peran_berikut, pelaksana_berikut (``nama (username)``),
    pelaksana_berikut_nama (names only, for printed documents), pptk, mulai, sejak, tenggat, terlambat,
    tenggat_kasus, kasus_terlambat, langkah_terlambat, jumlah_pengembalian, selesai`` (times
    are ISO strings). ``terlambat``: the current step's time standard is exceeded;
    ``kasus_terlambat``: the case (finished or not) is past its overall deadline.
    Reading never creates the database.
    """
    moment = now or office_clock(zona_of(config))
    calendar = WorkCalendar(config.jam_kerja)
    with store_of(workspace) as store:
        cases = load_cases(store, config, tahun, triwulan)
    return [status_of(k, config, calendar, moment) for k in cases]


def history(workspace: Workspace, tahun: int, triwulan: int | None, unit: str = "") -> list[Peristiwa]:
    """The events of one case, oldest first (empty when there is no database)."""
    with store_of(workspace) as store:
        return store.events(tahun, triwulan, unit)
