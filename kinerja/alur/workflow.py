"""The SOP workflow: cases, the rules for each action, deadlines and lateness.

A *case* is one quarter's report (``tahun``, ``triwulan``, and ``unit`` when an office runs
one case per unit; ``""`` is the office-wide case) or the annual report (``triwulan=None``).
Its state is never stored on its own: it is the fold of its events in :mod:`kinerja.alur.store`,
so state and history cannot disagree.

:func:`act` is the one way to move a case, used by the CLI and the forms alike. It checks, in
one ``BEGIN IMMEDIATE`` transaction, that the action leaves the current state, that the user
holds the step's role, that only the assigned PPTK submits, that nobody approves a report they
submitted (a PPTK, holding no Sekretaris role, never approves), and that a return carries a note. A refusal
raises :class:`ActionRefused` with a reason code (:class:`Alasan`) and says who may act;
nothing is written.

Deadlines (see ``docs/alur.md``): the quarter's case starts on ``config.tanggal_mulai`` of the
first month after the quarter; each step's time standard counts working time
(:mod:`kinerja.domain.workcalendar`) from the moment the case entered the step's state.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kinerja.alur.archive import sha256_file
from kinerja.alur.identity import describe_people, resolve_person
from kinerja.alur.kunci import Penanda
from kinerja.alur.store import Pelanggaran, Peristiwa, Store, StoreError  # noqa: F401 - StoreError re-exported
from kinerja.config import Config, Pegawai
from kinerja.domain import sop
from kinerja.domain.peran import ROLE_LABELS
from kinerja.domain.workcalendar import WorkCalendar
from kinerja.errors import WorkflowError
from kinerja.numbers import format_datetime, last_finished_quarter, office_clock, office_today, zona_of

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
    LAPORAN_BERUBAH = "laporan_berubah"                # the current report set is not the submitted one
    LAPORAN_BERGALAT = "laporan_bergalat"              # the submitted report still has galat
    LAPORAN_KEDALUWARSA = "laporan_kedaluwarsa"        # made before the material was handed over
    PENGGUNA_TIDAK_DIKENAL = "pengguna_tidak_dikenal"
    PENGAJUAN_ULANG_SAMA = "pengajuan_ulang_sama"      # the returned report again, unchanged and without a reply
    KUNCI = "kunci"                                    # no usable signing key for the actor
    ARSIP_UTUH = "arsip_utuh"                          # recovery: nothing damaged, nothing to restore
    ARSIP_TAK_TERPULIHKAN = "arsip_tak_terpulihkan"    # recovery: no good copy left, or not the folders' owner
    LANGKAH_TIDAK_DIPAKAI = "langkah_tidak_dipakai"    # an optional step the office did not turn on


class ActionRefused(WorkflowError):
    """A refused workflow action; ``reason`` is an :class:`Alasan`."""

    def __init__(self, reason: Alasan, message: str) -> None:
        super().__init__(message)
        self.reason = reason


# -- pure logic ---------------------------------------------------------------------------


def case_label(tahun: int, triwulan: int | None, unit: str = "") -> str:
    """Indonesian name of a case.

    >>> case_label(2025, 2, "IRBAN-1"), case_label(2025, None)
    ('TW II 2025 (IRBAN-1)', 'Laporan tahunan 2025')
    """
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
    """The moment a time standard runs out, counted in working time from ``entered``."""
    if durasi.satuan == "hari":
        return calendar.add(entered, days=durasi.jumlah)
    return calendar.add(entered, minutes=durasi.menit_kerja or 0)


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

    @property
    def lingkup(self) -> str:
        return sop.lingkup_of(self.triwulan)

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
    kasus = Kasus(tahun, triwulan, unit, sop.awal(sop.lingkup_of(triwulan)), list(events), sejak=start, mulai=start)
    for event in events:
        step = sop.langkah(event.aksi)
        if step.mencatat:
            continue  # a note or a recovery: recorded, but the case stays where (and since when) it was
        kasus.keadaan = event.ke
        kasus.sejak = parse_time(event.waktu)
        if step.menugaskan:
            kasus.pptk = event.penerima
        elif step.mengajukan:
            kasus.pengaju = event.pengguna
    return kasus


def refusal(config: Config, kasus: Kasus, person: Pegawai, aksi: str, catatan: str = "") -> ActionRefused | None:
    """Why ``person`` may not take ``aksi`` on ``kasus`` now, or None when allowed."""
    opsi = config.opsi_sop
    try:
        step = sop.langkah(aksi, opsi)
    except KeyError:
        known = ", ".join(s.aksi for s in sop.LANGKAH)
        return ActionRefused(Alasan.AKSI_TIDAK_DIKENAL, f"Aksi '{aksi}' tidak dikenal; yang ada: {known}.")
    if step.lingkup != kasus.lingkup:
        where = "laporan tahunan (tanpa --triwulan)" if step.lingkup == sop.TAHUNAN else "laporan triwulan (dengan --triwulan)"
        return ActionRefused(Alasan.LINGKUP_TIDAK_SESUAI, f"Aksi '{aksi}' hanya untuk {where}.")
    if not sop.dipakai(step.dari, opsi) and kasus.keadaan != step.dari:
        bila = sop.keadaan(step.dari).bila
        return ActionRefused(
            Alasan.LANGKAH_TIDAK_DIPAKAI,
            f"Aksi '{aksi}' adalah langkah tambahan yang tidak dipakai kantor ini ([alur] {bila} = false di "
            f"{config.source}): {sop.OPSI[bila]}.",
        )
    if step.dari != kasus.keadaan:
        now_label = sop.keadaan(kasus.keadaan).label
        possible = ", ".join(f"'{s.aksi}'" for s in sop.aksi_dari(kasus.keadaan, opsi)) or "tidak ada (kasus selesai)"
        last = kasus.events[-1] if kasus.events else None
        by = f" (aksi terakhir '{last.aksi}' oleh {last.pengguna} pada {format_datetime(parse_time(last.waktu))})" if last else ""
        return ActionRefused(
            Alasan.KEADAAN_TIDAK_SESUAI,
            f"{kasus.label} sedang dalam keadaan '{now_label}'{by}; aksi '{aksi}' tidak dapat diambil. "
            f"Aksi yang mungkin: {possible}.",
        )
    if kasus.sejak is None:
        return ActionRefused(
            Alasan.TRIWULAN_BELUM_SELESAI,
            f"{kasus.label} baru dapat disusun setelah laporan TW I-IV {kasus.tahun} didokumentasikan.",
        )
    role_label = ROLE_LABELS[step.peran]
    if not person.has_role(step.peran):
        who = describe_people(config, step.peran)
        if step.mengajukan and kasus.pptk:
            who = describe_people_named(config, kasus.pptk)
        return ActionRefused(
            Alasan.PERAN_TIDAK_SESUAI,
            f"{person.nama} ({person.username}) tidak memegang peran {role_label}. "
            f"Aksi '{aksi}' pada {kasus.label} hanya boleh diambil oleh: {who}.",
        )
    if step.mengajukan and _assigned_scope(step.lingkup) and person.username != kasus.pptk:
        return ActionRefused(
            Alasan.BUKAN_PPTK_DITUGASKAN,
            f"Hanya PPTK yang ditugaskan untuk {kasus.label} yang boleh mengajukan laporan: "
            f"{describe_people_named(config, kasus.pptk)}.",
        )
    if step.menyetujui:
        others = [p for p in config.people_with_role(step.peran) if p.username not in (kasus.pengaju, kasus.pptk)]
        who = ", ".join(f"{p.nama} ({p.username})" for p in others) or "(tidak ada Sekretaris lain)"
        if person.username == kasus.pengaju:
            return ActionRefused(
                Alasan.MENYETUJUI_SENDIRI,
                f"{person.nama} mengajukan laporan {kasus.label} sendiri dan tidak boleh menyetujuinya. "
                f"Yang boleh menyetujui: {who}.",
            )
    if step.mengembalikan and kasus.pengaju and person.username == kasus.pengaju:
        return ActionRefused(
            Alasan.MENGEMBALIKAN_SENDIRI,
            f"{person.nama} mengajukan laporan {kasus.label} sendiri dan tidak boleh mengembalikannya; pemeriksaan "
            f"dilakukan orang lain: {describe_people(config, step.peran)}.",
        )
    if step.catatan_wajib and not catatan.strip():
        return ActionRefused(Alasan.CATATAN_WAJIB, f"Aksi '{aksi}' wajib disertai catatan perbaikan: tuliskan apa yang harus diperbaiki.")
    return None


def _assigned_scope(lingkup: str) -> bool:
    """True when a scope's submitter is the person its assigning step named (the quarters' PPTK);
    the annual report has no assigning step: its role (Kasubag Perencanaan) submits it."""
    return any(step.menugaskan for step in sop.LANGKAH if step.lingkup == lingkup)


def describe_people_named(config: Config, username: str) -> str:
    """``nama (username)`` of one person, or the bare username when unknown."""
    person = config.person(username) if username else None
    return f"{person.nama} ({person.username})" if person else (username or "(belum ditugaskan)")


def choose_penerima(config: Config, step: sop.Langkah, unit: str, penerima: str | None) -> str:
    """The person an assigning action names (step 1: the PPTK), or the unit kerja a note names
    (:attr:`sop.Langkah.menyebut_unit`), validated against the config."""
    if step.menyebut_unit:
        found = config.unit_by_name(penerima or "")
        if found is None:
            choices = ", ".join(f"{u.nama} ({u.kode})" for u in config.unit) or "(tidak ada unit di konfigurasi)"
            raise ActionRefused(Alasan.PENERIMA_TIDAK_VALID, f"Pilih unit kerja yang tidak melapor: {choices}.")
        return found.kode
    if step.menugaskan is None:
        return ""
    candidates = config.people_with_role(step.menugaskan)
    label = ROLE_LABELS[step.menugaskan]
    if penerima:
        person = config.person(penerima) or config.person_by_name(penerima)
        if person is None or not person.has_role(step.menugaskan):
            raise ActionRefused(
                Alasan.PENERIMA_TIDAK_VALID,
                f"'{penerima}' bukan {label}. Pilih salah satu: {describe_people(config, step.menugaskan)}.",
            )
        return person.username
    in_unit = [p for p in candidates if unit and p.unit == unit]
    if len(in_unit) == 1:
        return in_unit[0].username
    if len(candidates) == 1:
        return candidates[0].username
    raise ActionRefused(
        Alasan.PENERIMA_TIDAK_VALID,
        f"Sebutkan {label} yang ditugaskan (--pptk). Pilihan: {describe_people(config, step.menugaskan)}.",
    )


def normalize_unit(config: Config, unit: str | None) -> str:
    """The unit code of a case ('' = office-wide); unknown units are refused."""
    if not unit:
        return ""
    found = config.unit_by_name(unit)
    if found is None:
        raise ActionRefused(
            Alasan.UNIT_TIDAK_DIKENAL,
            f"Unit '{unit}' tidak ada di konfigurasi; pilihan: {', '.join(u.kode for u in config.unit)}.",
        )
    return found.kode


# -- cases from the store -----------------------------------------------------------------


def _annual_start(quarter_cases: list[Kasus]) -> dt.datetime | None:
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
    start = _annual_start(quarters)
    annual_keys = [key for key in grouped if key[0] is None] or [(None, "")]
    annual = [fold(tahun, None, unit, grouped.get((None, unit), []), start) for _, unit in annual_keys]
    quarters.sort(key=lambda k: (k.triwulan, k.unit))
    return quarters + annual


def load_case(store: Store, config: Config, tahun: int, triwulan: int | None, unit: str = "") -> Kasus:
    """One case, folded from its events."""
    if triwulan is None:
        return next(k for k in load_cases(store, config, tahun) if k.triwulan is None and k.unit == unit)
    return fold(tahun, triwulan, unit, store.events(tahun, triwulan, unit), case_start(tahun, triwulan, config))


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
    from kinerja.alur.identity import UnknownUser
    from kinerja.alur.kunci import KunciError, load_signer

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
    store = Store(workspace.database)
    try:
        with store.transaction() as conn:
            moment = (now or office_clock(zona_of(config))).replace(microsecond=0)
            last = store.last_time(conn)
            if now is None and last is not None and parse_time(last) > moment:
                moment = parse_time(last)  # another machine's clock ran ahead: never go back in time
            kasus = load_case(store, config, tahun, triwulan, unit_code)
            refused = (refusal(config, kasus, person, aksi, catatan) or prasyarat(workspace, config, kasus, aksi)
                       or unchanged_resubmission(workspace, kasus, aksi, catatan))
            if refused is not None:
                raise refused
            assert kasus.sejak is not None  # refusal() refuses a case that is not open
            step = sop.langkah(aksi, config.opsi_sop)
            if step.berkas_bahan and not attached_name:
                raise ActionRefused(Alasan.BERKAS_TIDAK_ADA, f"Aksi '{aksi}' mencatat satu lembar kerja: sebutkan berkasnya.")
            chosen = choose_penerima(config, step, unit_code, penerima)
            if chosen and chosen == person.username:
                raise ActionRefused(Alasan.MENUGASKAN_SENDIRI, (
                    f"{person.nama} tidak boleh menugaskan dirinya sendiri pada {kasus.label}; pilih "
                    f"{ROLE_LABELS[step.menugaskan or step.peran]} lain: {describe_people(config, step.menugaskan or step.peran)}."))
            if step.menyebut_unit and chosen in kasus.unit_tidak_melapor:
                raise ActionRefused(Alasan.PENERIMA_TIDAK_VALID,
                                    f"Unit {chosen} sudah dicatat tidak melapor untuk {kasus.label}.")
            due = due_after(calendar, kasus.sejak, step.mutu_baku)
            if triwulan is not None and not kasus.events:
                workspace.quarter_folder(tahun, triwulan).mkdir(parents=True, exist_ok=True)  # one folder per quarter
            if step.mengajukan or step.menyetujui:
                recorded = submitted_report(workspace, tahun, triwulan, kasus, aksi)
                if berkas is None:  # the current report set is what is submitted/approved
                    attached_name, attached_sum = recorded
            if step.mengarsipkan:
                from kinerja.alur.archive import ArchiveError, document

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
                tenggat=due.isoformat(timespec="seconds"), terlambat=moment > due,
            )
    finally:
        store.close()


def _restore(workspace: Workspace, kasus: Kasus, moment: dt.datetime, catatan: str) -> tuple[str, str, str]:
    """Restore a documented case's damaged archive and published set (:func:`kinerja.alur.archive.restore`);
    returns the event's note (what was restored, then the user's note), folder and manifest checksum."""
    from kinerja.alur.archive import ArchiveError, restore

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


# -- approval of a report set ---------------------------------------------------------------

def _states_before_material() -> frozenset[str]:
    """Quarter states before the material reaches the PPTK (the submitting step's state):
    a report made then cannot be submitted."""
    submit = next(s for s in sop.LANGKAH if s.mengajukan)
    before = set()
    for step in sop.jalur_utama(sop.TRIWULAN):
        before.add(step.dari)
        if step.ke == submit.dari:
            break
    return frozenset(before)


EARLY_STATES = _states_before_material()


@dataclass(frozen=True)
class Persetujuan:
    """Where a case stands with respect to approval, and which report set was approved."""

    keadaan: str
    disetujui: bool = False
    pengguna: str = ""
    waktu: str = ""
    sha256: str = ""    # manifest checksum of the report set recorded at approval ('' = none recorded)
    berkas: str = ""
    terbuka: bool = False  # annual case: open (the four quarters are documented)
    uraian: str = ""    # e.g. "disetujui oleh Siti Rahma (Sekretaris) pada 10 April 2025 pukul 08.40"
    siap_final: bool = False  # approved and every step before the documentation taken (the final may be rendered)
    arsip: str = ""     # checksum of the archive version's manifest recorded when documented ('' = not documented)
    arsip_berkas: str = ""  # that version's folder as recorded, e.g. data/archive/2025/tahunan/versi-1

    @property
    def keadaan_label(self) -> str:
        return sop.keadaan(self.keadaan).label


def current_year(config: Config, today: dt.date | None = None) -> int:
    """The year whose cases run now: the year of the last quarter that has ended. From January to
    March that is last year: its TW IV case starts in January and its annual report (LKjIP, due
    three months after the year) follows; this year's first case starts only in April. ``today``
    defaults to the office's date (its zone, not the machine's)."""
    return last_finished_quarter(today or office_today(zona_of(config)))[0]


def approval(workspace: Workspace, config: Config, tahun: int, triwulan: int | None, unit: str = "") -> Persetujuan:
    """The approval state of a case (office-wide by default); reading never creates the database.

    For a documented case (a quarter or the annual report) ``arsip`` is the archive version's
    manifest checksum its documenting event recorded (:func:`kinerja.laporan.model.hasil.documented_folder`
    reads figures only from that version).
    """
    store = Store(workspace.database)
    try:
        kasus = load_case(store, config, tahun, triwulan, unit)
    finally:
        store.close()
    documented = [e for e in kasus.events if sop.langkah(e.aksi).mengarsipkan][-1:]
    arsip, arsip_berkas = (documented[0].sha256, documented[0].berkas) if documented else ("", "")
    terbuka = kasus.sejak is not None
    approvals = [e for e in kasus.events if sop.langkah(e.aksi).menyetujui]
    if kasus.keadaan not in sop.keadaan_disetujui() or not approvals:
        return Persetujuan(kasus.keadaan, terbuka=terbuka, arsip=arsip, arsip_berkas=arsip_berkas)
    event = approvals[-1]
    after = kasus.events[kasus.events.index(event) + 1:]  # the steps taken since the approval (the APIP reviu)
    uraian = "; ".join(_uraian_langkah(config, e) for e in [event, *after]
                       if not (sop.langkah(e.aksi).mengarsipkan or sop.langkah(e.aksi).memulihkan))
    return Persetujuan(kasus.keadaan, True, event.pengguna, event.waktu, event.sha256, event.berkas, terbuka=terbuka,
                       uraian=uraian, arsip=arsip, arsip_berkas=arsip_berkas,
                       siap_final=kasus.keadaan in sop.keadaan_siap_final())


def _uraian_langkah(config: Config, event: Peristiwa) -> str:
    """One recorded step as a final document states it: what, who (name and role, never the username), when.

    ``disetujui oleh Hj. Siti Rahmawati, S.H., M.H. (Sekretaris) pada 10 April 2025 pukul 08.40 WITA``
    """
    person = config.person(event.pengguna)
    who = f"{person.nama} ({ROLE_LABELS[event.peran]})" if person else f"{event.pengguna} ({ROLE_LABELS[event.peran]})"
    when = format_datetime(parse_time(event.waktu), zona_of(config))
    step = sop.langkah(event.aksi)
    what = "disetujui" if step.menyetujui else f"{step.keluaran} dicatat"
    return f"{what} oleh {who} pada {when}"


def submitted_report(workspace: Workspace, tahun: int, triwulan: int | None, kasus: Kasus, aksi: str) -> tuple[str, str]:
    """The current report set recorded by ``ajukan``/``setujui``: (relative manifest path, checksum).

    Returns ``("", "")`` when no report set has been published (:func:`prasyarat` refuses that
    before). Raises :class:`ActionRefused` when the published sets cannot be read.
    """
    from kinerja.terbitan import MANIFEST, TerbitanError, current

    try:
        published = current(workspace.report_dir(tahun, triwulan))
    except TerbitanError as exc:
        raise ActionRefused(Alasan.LAPORAN_BERUBAH, str(exc)) from None
    if published is None:
        return "", ""
    relative = (published.folder / MANIFEST).relative_to(workspace.root).as_posix()
    return relative, published.manifest_sha256


# -- guards: what a step hands on (sop.Langkah.syarat) --------------------------------------

_MATERIAL_CACHE: dict[tuple, tuple[list[str], dict[str, int]]] = {}


def material_state(workspace: Workspace, config: Config, tahun: int, triwulan: int) -> tuple[list[str], dict[str, int]]:
    """The quarter's stored material: (unit codes with a workbook, {file name: galat count} of
    the files with galat). Validated together, as the report reads them; remembered while
    the files are unchanged (forms ask at every refresh)."""
    from kinerja.lembar.findings import Tingkat
    from kinerja.lembar.validate import units_present, validate_workbooks

    files = workspace.quarter_workbooks(tahun, triwulan)
    key = (str(workspace.root), tahun, triwulan, id(config),
           tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files))
    if key in _MATERIAL_CACHE:
        return _MATERIAL_CACHE[key]
    present: set[str] = set()
    galat: dict[str, int] = {}
    if files:
        dataset = validate_workbooks(files, config, tahun=tahun, triwulan=triwulan)
        for units in units_present(dataset, config, every_folder=True).values():
            present |= units
        for t in dataset.temuan:
            if t.tingkat is Tingkat.GALAT:
                name = Path(t.berkas).name
                galat[name] = galat.get(name, 0) + 1
    if len(_MATERIAL_CACHE) > 32:
        _MATERIAL_CACHE.clear()
    _MATERIAL_CACHE[key] = (sorted(present), galat)
    return _MATERIAL_CACHE[key]


def _bahan_lengkap(workspace: Workspace, config: Config, kasus: Kasus) -> ActionRefused | None:
    assert kasus.triwulan is not None
    present, galat = material_state(workspace, config, kasus.tahun, kasus.triwulan)
    if galat:
        listed = ", ".join(f"{name} ({n} galat)" for name, n in sorted(galat.items()))
        return ActionRefused(Alasan.BAHAN_BERGALAT, (
            f"Bahan {kasus.label} belum dapat diserahkan: lembar kerja yang tersimpan masih memuat galat: {listed}. "
            "Perbaiki lembar kerja itu lalu unggah ulang."))
    expected = [u for u in config.unit if not kasus.unit or u.kode == kasus.unit]
    missing = [u for u in expected if u.kode not in present and u.kode not in kasus.unit_tidak_melapor]
    if missing or not config.unit and not workspace.quarter_workbooks(kasus.tahun, kasus.triwulan):
        who = ", ".join(f"{u.nama} ({u.kode})" for u in missing) or "unit mana pun"
        return ActionRefused(Alasan.BAHAN_BELUM_LENGKAP, (
            f"Bahan {kasus.label} belum lengkap: belum ada lembar kerja dari {who}. Unggah lembar kerjanya, atau "
            "catat unit itu sebagai unit tidak melapor beserta alasannya."))
    return None


def _report_name(kasus: Kasus) -> str:
    """``Laporan TW I 2025`` / ``Laporan tahunan 2025``: a case's report in a sentence."""
    return kasus.label if kasus.label.startswith("Laporan") else f"Laporan {kasus.label}"


def _laporan_terkini(workspace: Workspace, config: Config, kasus: Kasus, step: sop.Langkah) -> ActionRefused | None:
    from kinerja.alur.archive import input_changes
    from kinerja.terbitan import TerbitanError, current

    name = _report_name(kasus)
    try:
        published = current(workspace.report_dir(kasus.tahun, kasus.triwulan))
    except TerbitanError as exc:
        return ActionRefused(Alasan.LAPORAN_BERUBAH, str(exc))
    if published is None:
        return ActionRefused(Alasan.LAPORAN_BELUM_ADA, f"{name} belum disusun: susun laporannya dahulu.")
    info = published.info
    if info.get("keadaan_alur") in EARLY_STATES:
        return ActionRefused(Alasan.LAPORAN_KEDALUWARSA, (
            f"{name} terkini ({published.folder.name}) disusun sebelum bahan laporan diserahkan "
            f"(keadaan saat itu: {sop.keadaan(info['keadaan_alur']).label}); susun ulang laporan."))
    changes = input_changes(workspace, kasus.tahun, kasus.triwulan, published) if kasus.triwulan is not None else []
    if changes:
        return ActionRefused(Alasan.LAPORAN_KEDALUWARSA, (
            f"{name} terkini ({published.folder.name}) tidak disusun dari bahan yang tersimpan sekarang "
            f"(lembar kerja {'; '.join(changes)}); susun ulang laporan."))
    if step.menyetujui:
        submitted = [e for e in kasus.events if sop.langkah(e.aksi).mengajukan][-1:]
        if submitted and submitted[0].sha256 and not _same_set(published, submitted[0]):
            return ActionRefused(Alasan.LAPORAN_BERUBAH, (
                f"{name} terkini ({published.folder.name}) bukan laporan yang diajukan; kembalikan agar diajukan ulang."))
    return None


def _tanpa_galat(workspace: Workspace, config: Config, kasus: Kasus) -> ActionRefused | None:
    from kinerja.terbitan import TerbitanError, current

    try:
        published = current(workspace.report_dir(kasus.tahun, kasus.triwulan))
    except TerbitanError as exc:
        return ActionRefused(Alasan.LAPORAN_BERUBAH, str(exc))
    if published is not None and published.info.get("galat"):
        return ActionRefused(Alasan.LAPORAN_BERGALAT, (
            f"{_report_name(kasus)} yang diajukan masih memuat {published.info['galat']} galat pada lembar kerja; "
            "laporan dengan galat tidak dapat disetujui. Kembalikan untuk perbaikan dengan catatan."))
    return None


def returned_unchanged(workspace: Workspace, kasus: Kasus) -> Peristiwa | None:
    """The return a resubmission would answer when the current report set is still the one that
    was returned (None when the case was not returned since its last submission, or the report
    changed since)."""
    from kinerja.terbitan import TerbitanError, current

    returns = [i for i, e in enumerate(kasus.events) if sop.langkah(e.aksi).mengembalikan]
    if not returns:
        return None
    if any(sop.langkah(e.aksi).mengajukan for e in kasus.events[returns[-1]:]):
        return None  # already submitted again since the last return
    returned = kasus.events[returns[-1]]
    submitted = [e for e in kasus.events[:kasus.events.index(returned)] if sop.langkah(e.aksi).mengajukan][-1:]
    if not submitted or not submitted[0].sha256:
        return None
    try:
        published = current(workspace.report_dir(kasus.tahun, kasus.triwulan))
    except TerbitanError:
        return None
    if published is None or not _same_set(published, submitted[0]):
        return None
    return returned


def unchanged_resubmission(workspace: Workspace, kasus: Kasus, aksi: str, catatan: str) -> ActionRefused | None:
    """A returned report is submitted again only changed (a newly composed set) or with a reply
    to the return's note: the conversation goes on, it is not clicked away."""
    if not sop.langkah(aksi).mengajukan or catatan.strip():
        return None
    returned = returned_unchanged(workspace, kasus)
    if returned is None:
        return None
    return ActionRefused(Alasan.PENGAJUAN_ULANG_SAMA, (
        f"{_report_name(kasus)} masih sama dengan yang dikembalikan pada "
        f"{format_datetime(parse_time(returned.waktu))} dengan catatan \"{returned.catatan}\". Perbaiki lalu susun "
        "ulang laporan, atau tulis balasan atas catatan itu pada kolom catatan."))


def prasyarat(workspace: Workspace, config: Config, kasus: Kasus, aksi: str) -> ActionRefused | None:
    """Why a step cannot be taken yet because what it hands on is missing, or None.

    The guards of the SOP table (:attr:`sop.Langkah.syarat`, described in :data:`sop.SYARAT`),
    checked here only: :func:`act` refuses with this sentence, and the forms show it on the
    disabled button's form before anyone clicks (the annual report's steps carry the report guards).
    """
    step = sop.langkah(aksi)
    if not step.syarat:
        return None
    for key in step.syarat:
        if key == sop.BAHAN_LENGKAP:
            why = _bahan_lengkap(workspace, config, kasus)
        elif key == sop.LAPORAN_TERKINI:
            why = _laporan_terkini(workspace, config, kasus, step)
        elif key == sop.TANPA_GALAT:
            why = _tanpa_galat(workspace, config, kasus)
        else:  # pragma: no cover - a guard named in the table without a check is a programming error
            raise KeyError(key)
        if why is not None:
            return why
    return None


def _same_set(published: Any, submitted: Peristiwa) -> bool:
    """True when what ``ajukan`` recorded (the set's manifest, or one file of it) is in the current set."""
    if submitted.berkas.endswith("manifest.json"):
        return submitted.sha256 == published.manifest_sha256
    return published.checksums.get(Path(submitted.berkas).name) == submitted.sha256


def blocked_steps(workspace: Workspace, config: Config, tahun: int, triwulan: int | None, unit: str = "") -> dict[str, str]:
    """{step label: why it cannot be taken yet} for the steps leaving the case's state whose
    guards are not met (what ``kinerja status`` prints and the forms show on a disabled button)."""
    store = Store(workspace.database)
    try:
        kasus = load_case(store, config, tahun, triwulan, unit)
    finally:
        store.close()
    if kasus.sejak is None:
        return {}  # not open yet: the status says why
    found = {}
    for step in sop.aksi_dari(kasus.keadaan, config.opsi_sop):
        why = prasyarat(workspace, config, kasus, step.aksi)
        if why is not None:
            found[step.label] = str(why)
    return found


# -- status -------------------------------------------------------------------------------


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
    due = due_after(calendar, kasus.sejak, steps[0].mutu_baku) if steps and kasus.sejak else None
    start = kasus.mulai
    case_due = None
    if start is not None:
        case_due = start
        for step in sop.jalur_utama(kasus.lingkup, config.opsi_sop):
            case_due = due_after(calendar, case_due, step.mutu_baku)
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
    store = Store(workspace.database)
    try:
        cases = load_cases(store, config, tahun, triwulan)
    finally:
        store.close()
    return [status_of(k, config, calendar, moment) for k in cases]


def history(workspace: Workspace, tahun: int, triwulan: int | None, unit: str = "") -> list[Peristiwa]:
    """The events of one case, oldest first (empty when there is no database)."""
    store = Store(workspace.database)
    try:
        return store.events(tahun, triwulan, unit)
    finally:
        store.close()


# -- audit --------------------------------------------------------------------------------


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
    from kinerja.alur.replay import _what

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



@dataclass
class HasilAudit:
    """What ``kinerja audit verifikasi`` reports."""

    path: Path
    jumlah: int
    pelanggaran: list
    catatan: list[str]
    arsip: int = 0      # archive versions checked against the history (kinerja.alur.integritas)
    terbitan: int = 0   # published report sets checked


def audit(workspace: Workspace, config: Config, jangkar: tuple[str, ...] | list[str] = ()) -> HasilAudit:
    """Check the whole history: hash chain, side file (a line for every event), guard triggers, each
    event's signature and role, the SOP replayed event by event and the times
    (:mod:`kinerja.alur.replay`), and every archived/published set against the history.

    ``jangkar``: head hashes printed on signed reports; each must still be in the history.
    Problems that make the database unusable (corrupt, locked) raise :class:`StoreError`.
    """
    from kinerja.alur.kunci import sample_key_people, verify_signatures
    from kinerja.alur.replay import replay_time

    store = Store(workspace.database, timeout=10)
    try:
        found = store.verify()
        usable = store.exists and store.path.stat().st_size > 0 and not store.missing_table
        events = store.events() if usable else []
        lines = store.chain_lines()
    finally:
        store.close()
    found.extend(verify_signatures(events, config))
    found.extend(replay_sop(events, config))
    timing, given = replay_time(events, lines, zona_of(config), office_clock(zona_of(config)))
    found.extend(timing)
    known = {event.hash for event in events}
    for anchor in jangkar:
        if anchor.strip().lower() not in known:
            found.append(Pelanggaran(None, "jangkar", (
                f"hash {anchor} yang tercetak pada laporan tidak ada lagi dalam riwayat: riwayat telah "
                "ditulis ulang sesudah laporan itu dicetak.")))
    notes = []
    if given:
        notes.append(f"{given} peristiwa dicatat dengan waktu yang diberikan pemanggil API (act(now=…)), bukan jam mesin; "
                     "waktunya hanya diperiksa urutannya.")
    sample = sample_key_people(config)
    if sample:
        notes.append(f"kunci publik {', '.join(sample)} adalah kunci sampel yang diketahui umum (hanya untuk kantor "
                     f"contoh); kantor sungguhan mendaftarkan kunci buatan `kinerja kunci buat` di {config.source}.")
    sets = _verify_sets(workspace, events)
    found.extend(sets.pelanggaran)
    notes.extend(sets.catatan)
    return HasilAudit(workspace.database, len(events), found, notes, sets.arsip, sets.terbitan)


def _verify_sets(workspace: Workspace, events: list[Peristiwa]) -> Any:
    """Every archived and published set against the checksums the history recorded (:mod:`kinerja.alur.integritas`)."""
    from kinerja.alur.integritas import verify_sets

    return verify_sets(workspace, events)
