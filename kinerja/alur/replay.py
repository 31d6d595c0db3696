"""The audit's replay of the history's times, event by event (the SOP's replay is
:func:`kinerja.alur.audit.replay_sop`, which asks the guards' one home, :func:`kinerja.alur.aturan.refusal`).

:func:`replay_time` checks the times: an event never earlier than the one before it (``act``
never records that), never later than now, and never far from the machine time its side-file
line recorded when it was written (:data:`TOLERANSI_WAKTU`). Lines written for a time a caller
gave (``act(now=…)``, only through the Python API) cannot be compared; the audit counts them in
a note.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from kinerja.alur.store import WAKTU_DIBERIKAN, BarisRantai, Pelanggaran, Peristiwa

TOLERANSI_WAKTU = dt.timedelta(hours=1)
"""How far an event's recorded time may lie from the machine time its side-file line was written
(clocks of two machines a few minutes apart; ``act`` never goes back before the last event)."""


def _what(event: Peristiwa) -> str:
    return f"peristiwa #{event.id} '{event.aksi}' oleh {event.pengguna} pada {event.waktu}"


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
