"""The audit's replay of the history: the SOP and time, event by event.

A valid signature proves who made an event, not that the event was allowed. :func:`replay_sop`
folds the whole history in insertion order, as :func:`kinerja.alur.workflow.act` saw it, and
asks the workflow's own rule (:func:`kinerja.alur.workflow.refusal`, the one home of the SOP's
guards) whether each event was legal from the state before it: a step skipped, a state that
does not follow, a report submitted by someone other than the assigned PPTK, an approval by the
submitter, a return without its note, an annual case before its quarters were documented. The
actor's role is the one :func:`kinerja.alur.kunci.verify_signatures` checks (reported there,
not twice).

:func:`replay_time` checks the times: an event never earlier than the one before it (``act``
never records that), never later than now, and never far from the machine time its side-file
line recorded when it was written (:data:`TOLERANSI_WAKTU`). Lines written for a time a caller
gave (``act(now=…)``, only through the Python API) cannot be compared; the audit counts them in
a note.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from kinerja.alur.store import WAKTU_DIBERIKAN, BarisRantai, Pelanggaran, Peristiwa
from kinerja.domain import sop

if TYPE_CHECKING:  # pragma: no cover
    from kinerja.config import Config

TOLERANSI_WAKTU = dt.timedelta(hours=1)
"""How far an event's recorded time may lie from the machine time its side-file line was written
(clocks of two machines a few minutes apart; ``act`` never goes back before the last event)."""


def _what(event: Peristiwa) -> str:
    return f"peristiwa #{event.id} '{event.aksi}' oleh {event.pengguna} pada {event.waktu}"


def replay_sop(events: list[Peristiwa], config: Config) -> list[Pelanggaran]:
    """Every event that the SOP would have refused from the state before it (``jenis`` ``sop``)."""
    from kinerja.alur.workflow import Alasan, _annual_start, case_label, case_start, fold, refusal

    found: list[Pelanggaran] = []
    by_case: dict[tuple[int, int | None, str], list[Peristiwa]] = {}
    for event in events:
        key = (event.tahun, event.triwulan, event.unit)
        before = by_case.get(key, [])
        label = case_label(event.tahun, event.triwulan, event.unit)
        try:
            step = sop.langkah(event.aksi)
        except KeyError:
            found.append(Pelanggaran(event.id, "sop", f"{_what(event)}: aksi itu tidak ada dalam SOP"))
            by_case[key] = [*before, event]
            continue
        if event.triwulan is None:
            quarters = [fold(tahun, q, unit, evs, case_start(tahun, q, config))
                        for (tahun, q, unit), evs in by_case.items() if tahun == event.tahun and q is not None]
            quarters += [fold(event.tahun, q, "", [], case_start(event.tahun, q, config))
                         for q in (1, 2, 3, 4) if not any(k.triwulan == q for k in quarters)]
            start = _annual_start(quarters)
        else:
            start = case_start(event.tahun, event.triwulan, config)
        kasus = fold(event.tahun, event.triwulan, event.unit, before, start)
        problems = []
        if (event.dari, event.ke, event.peran) != (step.dari, step.ke, step.peran):
            problems.append(
                f"mencatat '{event.dari}' → '{event.ke}' sebagai {event.peran}, padahal langkah '{step.aksi}' dalam SOP "
                f"adalah '{step.dari}' → '{step.ke}' oleh {step.peran}")
        person = config.person(event.pengguna)
        if person is not None:
            refused = refusal(config, kasus, person, event.aksi, event.catatan)
            if refused is not None and refused.reason != Alasan.PERAN_TIDAK_SESUAI:  # roles: verify_signatures
                problems.append(f"tidak sah menurut SOP dari keadaan sebelumnya: {refused}")
        if step.menugaskan and event.penerima:
            assigned = config.person(event.penerima)
            if assigned is None or not assigned.has_role(step.menugaskan):
                problems.append(f"menugaskan '{event.penerima}', yang tidak memegang peran {step.menugaskan}")
            elif event.penerima == event.pengguna:
                problems.append("menugaskan dirinya sendiri")
        for problem in problems:
            found.append(Pelanggaran(event.id, "sop", f"{_what(event)} pada {label} {problem}"))
        by_case[key] = [*before, event]
    return found


def _parse(text: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(text).replace(tzinfo=None)
    except ValueError:
        return None


def replay_time(events: list[Peristiwa], lines: list[BarisRantai], zona: str,
                now: dt.datetime) -> tuple[list[Pelanggaran], int]:
    """Events whose time runs backwards, lies in the future, or lies far from when its line was
    written (``jenis`` ``waktu``); and how many lines carry a caller-given time.

    ``now``: the office's wall-clock time of the audit (naive).
    """
    from zoneinfo import ZoneInfo

    found: list[Pelanggaran] = []
    written = {line.id: line.ditulis for line in lines}
    given = 0
    previous: Peristiwa | None = None
    for event in events:
        moment = _parse(event.waktu)
        if moment is None:
            found.append(Pelanggaran(event.id, "waktu", f"{_what(event)}: waktunya bukan tanggal-jam yang sah"))
            continue
        if previous is not None and (earlier := _parse(previous.waktu)) is not None and moment < earlier:
            found.append(Pelanggaran(event.id, "waktu", (
                f"{_what(event)} bertanggal lebih awal dari peristiwa #{previous.id} sebelumnya ({previous.waktu}): "
                "waktu riwayat mundur (peristiwa diberi tanggal mundur)")))
        if moment > now + TOLERANSI_WAKTU:
            found.append(Pelanggaran(event.id, "waktu", f"{_what(event)} bertanggal di masa depan (sekarang {now:%Y-%m-%dT%H:%M})"))
        stamp = written.get(event.id, "")
        if stamp == WAKTU_DIBERIKAN:
            given += 1
        elif stamp:
            try:
                machine = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone(ZoneInfo(zona))
            except ValueError:
                found.append(Pelanggaran(event.id, "waktu", f"{_what(event)}: waktu di berkas rantai tidak terbaca ({stamp})"))
            else:
                office = machine.replace(tzinfo=None)
                if abs(office - moment) > TOLERANSI_WAKTU:
                    found.append(Pelanggaran(event.id, "waktu", (
                        f"{_what(event)} dicatat di berkas rantai pada {office:%Y-%m-%dT%H:%M:%S} (jam mesin): "
                        "waktu peristiwa itu tidak sesuai saat ia ditulis (diberi tanggal mundur atau maju)")))
        previous = event
    return found, given
