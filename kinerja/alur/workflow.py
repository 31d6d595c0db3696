"""The SOP workflow: :func:`act`, the one way to move a case, used by the CLI and the forms alike.

It checks, in one ``BEGIN IMMEDIATE`` transaction, that the action leaves the current state, that
the user holds the step's role, that only the assigned PPTK submits, that nobody approves a report
they submitted (a PPTK, holding no Sekretaris role, never approves), that a return carries a note,
and that what the step hands on is there. A refusal raises :class:`ActionRefused` with a reason
code (:class:`Alasan`) and says who may act; nothing is written.

The workflow by what it does, its names handed on here for the CLI, forms, web app and reports:
:mod:`~kinerja.alur.kasus` (cases folded from their events, deadlines), :mod:`~kinerja.alur.aturan`
(who may take which step: :func:`refusal`), :mod:`~kinerja.alur.syarat` (the SOP table's guards:
:func:`prasyarat`), :mod:`~kinerja.alur.persetujuan` (approval of a report set),
:mod:`~kinerja.alur.status` (status and history) and :mod:`~kinerja.alur.audit` (the history checked).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from kinerja.alur import daftar
from kinerja.alur.archive import ArchiveError, document, restore, sha256_file
from kinerja.alur.aturan import choose_penerima, describe_people_named, normalize_unit, refusal
from kinerja.alur.audit import HasilAudit, audit, replay_sop
from kinerja.alur.identity import UnknownUser, describe_people, resolve_person
from kinerja.alur.kasus import (
    ActionRefused,
    Alasan,
    Kasus,
    case_label,
    case_start,
    current_year,
    due_after,
    due_of,
    fold,
    load_case,
    load_cases,
    parse_time,
)
from kinerja.alur.konteks import KonteksKerja, konteks_of, store_of
from kinerja.alur.kunci import KunciError, Penanda, load_signer, public_text
from kinerja.alur.persetujuan import Persetujuan, approval, submitted_report
from kinerja.alur.status import case_status, history, status_of
from kinerja.alur.store import Peristiwa, StoreError
from kinerja.alur.syarat import (
    EARLY_STATES,
    blocked_steps,
    material_state,
    prasyarat,
    returned_unchanged,
    unchanged_resubmission,
)
from kinerja.config import Config
from kinerja.domain import sop
from kinerja.domain.peran import ROLE_LABELS
from kinerja.domain.workcalendar import WorkCalendar
from kinerja.numbers import office_clock, zona_of

if TYPE_CHECKING:  # pragma: no cover
    from kinerja.paths import Workspace


def act(
    workspace: Workspace,
    config: Config,
    aksi: str,
    tahun: int,
    triwulan: int | None,
    *,
    unit: str | None = "",
    username: str | None = None,
    catatan: str = "",
    berkas: str | Path | None = None,
    penerima: str | None = None,
    now: dt.datetime | None = None,
    kunci: Penanda | None = None,
    frasa_sandi: str | None = None,
) -> Peristiwa:
    """Take action ``aksi`` on a case as ``username`` (default: the authenticated user).

    The event is signed with the actor's key (:mod:`kinerja.alur.kunci`): ``kunci`` when given
    (it must belong to the actor), else loaded from the actor's own key folder (``frasa_sandi``
    opens a protected key). Without a key that matches the one registered in the config the
    action is refused. The event's time never runs backwards: without ``now`` it is read under
    the write lock and is never earlier than the last event of the history.

    Returns:
        The appended event.

    Raises:
        ActionRefused: the action is not allowed now (nothing is written).
        UnknownUser: the user is not in the config.
    """
    ruang = konteks_of(workspace, config)  # one store for the registry, the case, its guards and the event
    with ruang:
        return _act(ruang, config, aksi, tahun, triwulan, unit=unit, username=username, catatan=catatan, berkas=berkas,
                    penerima=penerima, now=now, kunci=kunci, frasa_sandi=frasa_sandi)


def _act(
    workspace: KonteksKerja,
    config: Config,
    aksi: str,
    tahun: int,
    triwulan: int | None,
    *,
    unit: str | None,
    username: str | None,
    catatan: str,
    berkas: str | Path | None,
    penerima: str | None,
    now: dt.datetime | None,
    kunci: Penanda | None,
    frasa_sandi: str | None,
) -> Peristiwa:
    """:func:`act` in one workspace context."""
    registry = daftar.read(workspace)
    problems = daftar.mismatches(config, registry)  # first: a config the history does not vouch for decides nothing
    if problems:
        raise ActionRefused(Alasan.DAFTAR, daftar.refusal_text(config, problems))
    try:
        person = resolve_person(config, username)
    except UnknownUser as exc:
        raise ActionRefused(Alasan.PENGGUNA_TIDAK_DIKENAL, str(exc)) from None
    if kunci is not None and kunci.username.lower() != person.username:
        raise ActionRefused(Alasan.KUNCI, f"Kunci {kunci.path} milik {kunci.username}, bukan {person.username}.")
    if kunci is None:
        try:
            kunci = load_signer(person, config.source, workspace_root=workspace.root, passphrase=frasa_sandi,
                                sample_office=config.contoh)
        except KunciError as exc:
            raise ActionRefused(Alasan.KUNCI, str(exc)) from None
    unit_code = normalize_unit(config, unit)
    attached_name, attached_sum = "", ""
    if berkas is not None:
        path = Path(berkas)
        if not path.is_file():
            raise ActionRefused(Alasan.BERKAS_TIDAK_ADA, f"Berkas lampiran {path} tidak ditemukan.")
        submits = any(s.aksi == aksi and (s.mengajukan or s.menyetujui) for s in sop.LANGKAH)
        if submits and triwulan is not None and not path.resolve().is_relative_to(
                workspace.report_dir(tahun, triwulan).resolve()):
            raise ActionRefused(Alasan.BERKAS_TIDAK_ADA, (
                f"Berkas lampiran {path} bukan berkas laporan {case_label(tahun, triwulan)} di "
                f"{workspace.shown(workspace.report_dir(tahun, triwulan))}: yang diajukan atau disetujui hanyalah "
                "laporan terbitan kasus itu (tanpa --berkas: set laporan terkini)."))
        attached_name, attached_sum = path.name, sha256_file(path)
    calendar = WorkCalendar(config.jam_kerja)
    with store_of(workspace) as store, store.transaction() as conn:
        moment = (now or office_clock(zona_of(config))).replace(microsecond=0)
        last = store.last_time(conn)
        if now is None and last is not None and parse_time(last) > moment:
            moment = parse_time(last)  # another machine's clock ran ahead: never go back in time
        if registry.pinned:  # under the write lock: a key the admin rotated or revoked meanwhile signs nothing
            why = daftar.signer_active(daftar.fold(store.events(daftar.TAHUN_DAFTAR)), person.username,
                                       public_text(kunci.private_key))
            if why is not None:
                raise ActionRefused(Alasan.KUNCI, f"{why[0].upper()}{why[1:]}.")
        kasus = load_case(store, config, tahun, triwulan, unit_code)
        refused = (refusal(config, kasus, person, aksi, catatan) or prasyarat(workspace, config, kasus, aksi)
                   or unchanged_resubmission(workspace, kasus, aksi, catatan))
        if refused is not None:
            raise refused
        assert kasus.sejak is not None  # refusal() refuses a case that is not open
        step = sop.langkah(aksi, config.opsi_sop)
        if step.berkas_bahan and not attached_name:
            raise ActionRefused(Alasan.BERKAS_TIDAK_ADA, f"Aksi '{aksi}' mencatat satu berkas: sebutkan berkasnya.")
        chosen = choose_penerima(config, step, unit_code, penerima)
        if chosen and chosen == person.username:
            raise ActionRefused(Alasan.MENUGASKAN_SENDIRI, (
                f"{person.nama} tidak boleh menugaskan dirinya sendiri pada {kasus.label}; pilih "
                f"{ROLE_LABELS[step.menugaskan or step.peran]} lain: {describe_people(config, step.menugaskan or step.peran)}."))
        if step.menyebut_unit and chosen in kasus.unit_tidak_melapor:
            raise ActionRefused(Alasan.PENERIMA_TIDAK_VALID,
                                f"Unit {chosen} sudah dicatat tidak melapor untuk {kasus.label}.")
        due = due_of(calendar, kasus.sejak, step)
        if triwulan is not None and not kasus.events:
            workspace.quarter_folder(tahun, triwulan).mkdir(parents=True, exist_ok=True)  # one folder per quarter
        if step.mengajukan or step.menyetujui or sop.LHR_FINAL in step.syarat:
            recorded = submitted_report(workspace, tahun, triwulan, kasus, aksi)
            if berkas is None:  # the current report set is what is submitted/approved
                attached_name, attached_sum = recorded
        if step.mengarsipkan:
            try:
                approved = [e for e in kasus.events if sop.langkah(e.aksi).menyetujui][-1:]
                version = document(
                    workspace, tahun, triwulan, pengguna=person.username, waktu=moment,
                    disetujui=[e.hash for e in approved], unit=unit_code,
                    laporan_disetujui=approved[0].sha256 if approved else "",
                )
            except ArchiveError as exc:
                raise ActionRefused(Alasan.LAPORAN_BELUM_ADA, str(exc)) from None
            attached_name = version.relative
            attached_sum = version.manifest_sha256
        if step.memulihkan:
            catatan, attached_name, attached_sum = _restore(workspace, kasus, moment, catatan)
        return store.append(
            conn, signer=kunci.sign, jam_mesin=now is None,
            tahun=tahun, triwulan=triwulan, unit=unit_code,
            waktu=moment.isoformat(timespec="seconds"),
            pengguna=person.username, peran=step.peran, aksi=aksi, dari=step.dari, ke=step.ke,
            catatan=catatan.strip(), penerima=chosen, berkas=attached_name, sha256=attached_sum,
            tenggat=due.isoformat(timespec="seconds") if due else "", terlambat=bool(due and moment > due),
        )


def _restore(workspace: Workspace, kasus: Kasus, moment: dt.datetime, catatan: str) -> tuple[str, str, str]:
    """Restore a documented case's damaged archive and published set (:func:`kinerja.alur.archive.restore`);
    returns the event's note (what was restored, then the user's note), folder and manifest checksum."""
    documented = [(e.berkas, e.sha256) for e in kasus.events if sop.langkah(e.aksi).mengarsipkan]
    try:
        done = restore(workspace, kasus.tahun, kasus.triwulan, documented, moment)
    except ArchiveError as exc:
        raise ActionRefused(Alasan.ARSIP_TAK_TERPULIHKAN, str(exc)) from None
    if not done:
        folders = ", ".join(berkas for berkas, _sha in documented) or "tidak ada"
        raise ActionRefused(Alasan.ARSIP_UTUH, (
            f"Arsip {kasus.label} ({folders}) dan laporan terbitannya cocok dengan checksum yang tercatat; tidak ada "
            "yang perlu dipulihkan."))
    note = "; ".join(item.uraian for item in done) + (f". {catatan.strip()}" if catatan.strip() else "")
    return note, documented[-1][0], documented[-1][1]


__all__ = [  # the workflow's names, imported from here by the CLI, forms, web app and reports
    "EARLY_STATES", "ActionRefused", "Alasan", "HasilAudit", "Kasus", "Persetujuan", "StoreError",
    "act", "approval", "audit", "blocked_steps", "case_label", "case_start", "case_status", "choose_penerima",
    "current_year", "describe_people_named", "due_after", "fold", "history", "load_case", "load_cases",
    "material_state", "normalize_unit", "parse_time", "prasyarat", "refusal", "replay_sop", "returned_unchanged",
    "status_of", "submitted_report", "unchanged_resubmission",
]
