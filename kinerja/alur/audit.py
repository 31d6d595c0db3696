"""``kinerja audit verifikasi``: the whole history checked (chain, side file, signatures and roles, the
SOP and time replayed, official sets against the history)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kinerja.alur import daftar
from kinerja.alur import jangkar as luar
from kinerja.alur.aturan import refusal
from kinerja.alur.integritas import verify_sets
from kinerja.alur.kasus import Alasan, annual_start, case_label, case_start, fold, reviu_start
from kinerja.alur.kunci import sample_key_people, verify_signatures
from kinerja.alur.replay import _what, replay_time
from kinerja.alur.store import Pelanggaran, Peristiwa, Store
from kinerja.config import Config
from kinerja.domain import sop
from kinerja.numbers import office_clock, zona_of

if TYPE_CHECKING:  # pragma: no cover
    from kinerja.paths import Workspace


def replay_sop(events: list[Peristiwa], config: Config) -> list[Pelanggaran]:
    """Every event that the SOP would have refused from the state before it (``jenis`` ``sop``).

    A valid signature proves who made an event, not that it was allowed: the whole history is
    folded in insertion order, as :func:`act` saw it, and :func:`refusal` (the one home of the
    guards) asked whether each event was legal from the state before it: a step skipped, a state
    that does not follow, a report submitted by someone other than the assigned PPTK, an approval
    or a return by the submitter, someone assigning themselves, a return without its note, an
    annual case before its quarters were documented. The actor's role is what
    :func:`kinerja.alur.kunci.verify_signatures` checks (reported there, not twice).
    """
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
        start: dt.datetime | None
        if sop.opd_reviu(event.unit):
            start = reviu_start(config, before or [event])  # a reviu assignment opens with its first event
        elif event.triwulan is None:
            quarters = [fold(tahun, q, unit, evs, case_start(tahun, q, config))
                        for (tahun, q, unit), evs in by_case.items() if tahun == event.tahun and q is not None]
            quarters += [fold(event.tahun, q, "", [], case_start(event.tahun, q, config))
                         for q in (1, 2, 3, 4) if not any(k.triwulan == q for k in quarters)]
            start = annual_start(quarters)
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


@dataclass
class HasilAudit:
    """What ``kinerja audit verifikasi`` reports."""

    path: Path
    jumlah: int
    pelanggaran: list
    catatan: list[str]
    arsip: int = 0      # archive versions checked against the history (kinerja.alur.integritas)
    terbitan: int = 0   # published report sets checked
    daftar: int = 0     # key-registry events (kinerja.alur.daftar), not counted in ``jumlah``


def audit(workspace: Workspace, config: Config, jangkar: tuple[str, ...] | list[str] = ()) -> HasilAudit:
    """Check the whole history: hash chain, side file (a line for every event), guard triggers, each
    event's signature and role, the SOP replayed event by event and the times
    (:mod:`kinerja.alur.replay`), and every archived/published set against the history.

    ``jangkar``: head hashes printed on signed reports; each must still be in the history. The heads
    written to the anchor folders outside the workspace (:mod:`kinerja.alur.jangkar`) are checked
    too, and keys and roles against the history's registry (:mod:`kinerja.alur.daftar`).
    Problems that make the database unusable (corrupt, locked) raise :class:`StoreError`.
    """
    store = Store(workspace.database, timeout=10)
    try:
        found = store.verify()
        usable = store.exists and store.path.stat().st_size > 0 and not store.missing_table
        events = store.events() if usable else []
        lines = store.chain_lines()
    finally:
        store.close()
    registry = daftar.fold(events)
    pin = registry.admin_event.id if registry.admin_event is not None else None
    steps = [e for e in events if not daftar.is_registry(e)]
    # before the admin's pin the config vouches for keys and roles; after it, the history does (daftar)
    found.extend(verify_signatures([e for e in steps if pin is None or e.id < pin], config))
    found.extend(daftar.verify_registry(events, config))
    found.extend(replay_sop(steps, config))
    timing, given = replay_time(events, lines, zona_of(config), office_clock(zona_of(config)))
    found.extend(timing)
    anchored, anchor_note = luar.check(workspace.root.resolve(), events)
    found.extend(Pelanggaran(ident, "jangkar", text) for ident, text in anchored)
    known = {event.hash for event in events}
    for anchor in jangkar:
        if anchor.strip().lower() not in known:
            found.append(Pelanggaran(None, "jangkar", (
                f"hash {anchor} yang tercetak pada laporan tidak ada lagi dalam riwayat: riwayat telah "
                "ditulis ulang sesudah laporan itu dicetak.")))
    notes = [anchor_note] if anchor_note else []
    if events and not registry.pinned:
        notes.append("belum ada admin dalam riwayat: kunci dan peran di kinerja.toml dipercaya apa adanya; admin "
                     "menetapkannya sekali dengan `kinerja admin mulai`")
    if given:
        notes.append(f"{given} peristiwa dicatat dengan waktu yang diberikan pemanggil API (act(now=…)), bukan jam mesin; "
                     "waktunya hanya diperiksa urutannya.")
    sample = sample_key_people(config)
    if sample:
        notes.append(f"kunci publik {', '.join(sample)} adalah kunci sampel yang diketahui umum (hanya untuk kantor "
                     f"contoh); kantor sungguhan mendaftarkan kunci buatan `kinerja kunci buat` di {config.source}.")
    sets = _verify_sets(workspace, steps)
    found.extend(sets.pelanggaran)
    notes.extend(sets.catatan)
    return HasilAudit(workspace.database, len(steps), found, notes, sets.arsip, sets.terbitan,
                      daftar=len(events) - len(steps))


def _verify_sets(workspace: Workspace, events: list[Peristiwa]) -> Any:
    """Every archived and published set against the checksums the history recorded (:mod:`kinerja.alur.integritas`)."""
    return verify_sets(workspace, events)
