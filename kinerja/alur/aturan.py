"""The SOP's rules for one action on a case: who may take which step from which state (:func:`refusal`,
the one home of these guards), whom an assigning step names and which unit a case is for."""

from __future__ import annotations

from kinerja.alur.identity import describe_people
from kinerja.alur.kasus import ActionRefused, Alasan, Kasus, parse_time
from kinerja.config import Config, Pegawai
from kinerja.domain import sop
from kinerja.domain.peran import ROLE_LABELS
from kinerja.numbers import format_datetime


def refusal(config: Config, kasus: Kasus, person: Pegawai, aksi: str, catatan: str = "") -> ActionRefused | None:
    """Why ``person`` may not take ``aksi`` on ``kasus`` now, or None when allowed."""
    opsi = config.opsi_sop
    try:
        step = sop.langkah(aksi, opsi)
    except KeyError:
        known = ", ".join(s.aksi for s in sop.LANGKAH)
        return ActionRefused(Alasan.AKSI_TIDAK_DIKENAL, f"Aksi '{aksi}' tidak dikenal; yang ada: {known}.")
    if step.lingkup != kasus.lingkup:
        where = {sop.TAHUNAN: "laporan tahunan (tanpa --triwulan)", sop.TRIWULAN: "laporan triwulan (dengan --triwulan)",
                 sop.REVIU: "penugasan reviu LKjIP (`kinerja penugasan-reviu`)"}[step.lingkup]
        return ActionRefused(Alasan.LINGKUP_TIDAK_SESUAI, f"Aksi '{aksi}' hanya untuk {where}.")
    if not sop.dipakai(step.dari, opsi) and (kasus.keadaan != step.dari or not kasus.events):
        # a case that entered an optional state before the option was turned off may still leave it; none begins in one
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
            f"Hanya {role_label} yang ditugaskan untuk {kasus.label} yang boleh mengajukan laporan: "
            f"{describe_people_named(config, kasus.pptk)}.",
        )
    assigned = kasus.ditugaskan.get(step.peran, "")
    if (step.menyetujui or step.mengembalikan) and assigned and person.username != assigned:
        return ActionRefused(
            Alasan.BUKAN_YANG_DITUGASKAN,
            f"Hanya {role_label} yang ditugaskan untuk {kasus.label} yang boleh menelaahnya: "
            f"{describe_people_named(config, assigned)}.",
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


def kasus_reviu(opd: str) -> str:
    """The case key of the reviu of office ``opd``'s LKjIP (:func:`sop.kasus_reviu`); a code that cannot be a
    key and a folder name is refused."""
    if not sop.kode_opd_sah(opd):
        raise ActionRefused(Alasan.UNIT_TIDAK_DIKENAL, (
            f"Kode perangkat daerah '{opd}' tidak sah: pakai huruf, angka, titik, garis bawah atau tanda hubung "
            "(mis. DINKES, 1.02.01), paling banyak 40 tanda."))
    return sop.kasus_reviu(opd)


def normalize_unit(config: Config, unit: str | None) -> str:
    """The unit code of a case ('' = office-wide); unknown units are refused."""
    if not unit:
        return ""
    if sop.opd_reviu(unit):  # a reviu assignment's case: the reviewed office's code, not a unit of this office
        return kasus_reviu(sop.opd_reviu(unit))
    found = config.unit_by_name(unit)
    if found is None:
        raise ActionRefused(
            Alasan.UNIT_TIDAK_DIKENAL,
            f"Unit '{unit}' tidak ada di konfigurasi; pilihan: {', '.join(u.kode for u in config.unit)}.",
        )
    return found.kode
