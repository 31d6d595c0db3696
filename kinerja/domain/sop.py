"""The SOP "Pengumpulan Data Kinerja" as one declarative table.

Every step of the SOP is a :class:`Langkah` (a transition; the rows' shape is
:mod:`kinerja.domain.sop_langkah`): the state it leaves, the state it reaches, the action's name (the
CLI verb), the role allowed to take it, its time standard (*mutu baku*) and the document it produces.
Everything else is derived from :data:`LANGKAH`: the CLI subcommands, the form buttons, the state diagram
in ``docs/alur.md`` (:mod:`kinerja.domain.sop_markdown`) and the rules in :mod:`kinerja.alur.workflow`.

A quarterly case (``lingkup="triwulan"``) runs steps 1-6; step 5 either approves (on to
documentation) or returns the report to the PPTK with a mandatory note, any number of times.
The annual case (``lingkup="tahunan"``, the LKjIP) opens when the four quarters are documented
and follows the same path: the Kasubag Perencanaan composes it from them and submits it within
15 working days (step 6's second half), the Sekretaris approves it or returns it with a note
(step 5), and the Kasubag Perencanaan documents the approved final (step 6).

A state may be optional (:attr:`Keadaan.bila`): the office's config turns it on (``[alur]
reviu_apip = true``: the APIP's *Pernyataan Telah Direviu*, signed by the Inspektur, recorded
before the annual report is documented). When it is off, a step that would reach it reaches
the state after it instead (:func:`berlaku`); every function taking ``opsi`` (the options the
office turned on, :attr:`kinerja.config.Config.opsi_sop`) reads that effective table.

Pure data: no I/O, no third-party imports.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import replace
from enum import StrEnum

from kinerja.domain.sop_langkah import (
    BAHAN_LENGKAP,
    KASUS_REVIU,
    KKR_TERKINI,
    LAPORAN_TERKINI,
    LHR_FINAL,
    REVIU,
    SYARAT,  # noqa: F401 - handed on: importers read the table's guards from sop
    TAHUNAN,
    TANPA_GALAT,
    TRIWULAN,
    Durasi,
    Keadaan,
    Langkah,
)

KEADAAN: tuple[Keadaan, ...] = (
    Keadaan("belum_dimulai", "Belum dimulai", TRIWULAN),
    Keadaan("ditugaskan", "PPTK ditugaskan", TRIWULAN),
    Keadaan("pengumpulan_bahan", "Pengumpulan bahan laporan", TRIWULAN),
    Keadaan("penyusunan", "Penyusunan laporan oleh PPTK", TRIWULAN),
    Keadaan("pemeriksaan", "Pemeriksaan oleh Sekretaris", TRIWULAN),
    Keadaan("pendokumentasian", "Pendokumentasian", TRIWULAN),
    Keadaan("selesai", "Selesai didokumentasikan", TRIWULAN, akhir=True),
    Keadaan("penyusunan_tahunan", "Penyusunan laporan kinerja tahunan", TAHUNAN),
    Keadaan("pemeriksaan_tahunan", "Pemeriksaan laporan tahunan oleh Sekretaris", TAHUNAN),
    Keadaan("reviu_apip", "Reviu APIP: menunggu Pernyataan Telah Direviu", TAHUNAN, bila="reviu_apip"),
    Keadaan("pendokumentasian_tahunan", "Pendokumentasian laporan tahunan", TAHUNAN),
    Keadaan("selesai_tahunan", "Laporan tahunan didokumentasikan", TAHUNAN, akhir=True),
    Keadaan("reviu_belum_ditugaskan", "Reviu LKjIP belum ditugaskan", REVIU, bila="reviu_lkjip"),
    Keadaan("reviu_ditugaskan", "Pengendali Teknis reviu ditugaskan", REVIU, bila="reviu_lkjip"),
    Keadaan("reviu_pelaksanaan", "Pelaksanaan reviu oleh auditor", REVIU, bila="reviu_lkjip"),
    Keadaan("reviu_telaah", "Telaah hasil reviu oleh Pengendali Teknis", REVIU, bila="reviu_lkjip"),
    Keadaan("reviu_penyelesaian", "Penerbitan Laporan Hasil Reviu oleh Inspektur", REVIU, bila="reviu_lkjip"),
    Keadaan("reviu_selesai", "Reviu selesai: LHR diterbitkan", REVIU, akhir=True, bila="reviu_lkjip"),
)
"""Every state; the first of each scope is where its cases begin."""


class Status(StrEnum):
    """Every state of :data:`KEADAAN` by name: a case's state is compared with these, never with a string
    literal. A member equals its code as the history stores it (``Status.SELESAI == "selesai"``);
    ``tests/test_sop.py`` holds the members equal to the table's states.
    """

    BELUM_DIMULAI = "belum_dimulai"
    DITUGASKAN = "ditugaskan"
    PENGUMPULAN_BAHAN = "pengumpulan_bahan"
    PENYUSUNAN = "penyusunan"
    PEMERIKSAAN = "pemeriksaan"
    PENDOKUMENTASIAN = "pendokumentasian"
    SELESAI = "selesai"
    PENYUSUNAN_TAHUNAN = "penyusunan_tahunan"
    PEMERIKSAAN_TAHUNAN = "pemeriksaan_tahunan"
    REVIU_APIP = "reviu_apip"
    PENDOKUMENTASIAN_TAHUNAN = "pendokumentasian_tahunan"
    SELESAI_TAHUNAN = "selesai_tahunan"
    REVIU_BELUM_DITUGASKAN = "reviu_belum_ditugaskan"
    REVIU_DITUGASKAN = "reviu_ditugaskan"
    REVIU_PELAKSANAAN = "reviu_pelaksanaan"
    REVIU_TELAAH = "reviu_telaah"
    REVIU_PENYELESAIAN = "reviu_penyelesaian"
    REVIU_SELESAI = "reviu_selesai"

LANGKAH: tuple[Langkah, ...] = (
    Langkah(
        "tugaskan", 1, "belum_dimulai", "ditugaskan", "sekretaris", Durasi(15, "menit"), "Disposisi",
        "Tugaskan PPTK",
        "Menugaskan PPTK untuk menyusun laporan data kinerja kegiatan setiap tanggal 10 awal triwulan",
        menugaskan="pptk",
    ),
    Langkah(
        "perintahkan", 2, "ditugaskan", "pengumpulan_bahan", "sekretaris", Durasi(30, "menit"), "Disposisi",
        "Perintahkan Analis Data",
        "Memerintahkan analis mengumpulkan bahan laporan kinerja",
    ),
    Langkah(
        "serahkan_bahan", 3, "pengumpulan_bahan", "penyusunan", "analis_data", Durasi(1, "hari"),
        "Bahan laporan data kinerja", "Serahkan bahan laporan",
        "Menyerahkan bahan laporan kinerja pada PPTK", syarat=(BAHAN_LENGKAP,),
    ),
    Langkah(
        "unit_tidak_melapor", 3, "pengumpulan_bahan", "pengumpulan_bahan", "analis_data", Durasi(1, "hari"),
        "Catatan unit tidak melapor", "Catat unit tidak melapor",
        "Mencatat unit kerja yang tidak mengirim lembar kerja triwulan ini, dengan alasannya",
        catatan_wajib=True, menyebut_unit=True,
    ),
    Langkah(
        "simpan_bahan", 3, "pengumpulan_bahan", "pengumpulan_bahan", "analis_data", Durasi(1, "hari"),
        "Lembar kerja tersimpan", "Simpan lembar kerja",
        "Menyimpan (atau mengganti) lembar kerja unit yang sudah diperiksa sebagai bahan laporan",
        berkas_bahan=True,
    ),
    Langkah(
        "tarik_bahan", 3, "pengumpulan_bahan", "pengumpulan_bahan", "analis_data", Durasi(1, "hari"),
        "Lembar kerja ditarik", "Tarik lembar kerja",
        "Menarik lembar kerja yang tersimpan dari bahan laporan, dengan alasannya (berkasnya tetap disimpan)",
        catatan_wajib=True, berkas_bahan=True,
    ),
    Langkah(
        "ajukan", 4, "penyusunan", "pemeriksaan", "pptk", Durasi(4, "jam"), "Laporan data kinerja",
        "Ajukan laporan", "Membuat laporan data kinerja", mengajukan=True, syarat=(LAPORAN_TERKINI,),
    ),
    Langkah(
        "kembalikan_bahan", 4, "penyusunan", "pengumpulan_bahan", "pptk", Durasi(4, "jam"), "Disposisi",
        "Kembalikan ke pengumpulan bahan",
        "Mengembalikan bahan laporan kepada Analis Data untuk dilengkapi atau diperbaiki",
        catatan_wajib=True, mundur=True,
    ),
    Langkah(
        "setujui", 5, "pemeriksaan", "pendokumentasian", "sekretaris", Durasi(1, "jam"), "Laporan, disposisi",
        "Setujui",
        "Memeriksa laporan kinerja; jika disetujui diserahkan pada Sub Bagian Perencanaan dan didokumentasikan",
        menyetujui=True, syarat=(LAPORAN_TERKINI, TANPA_GALAT),
    ),
    Langkah(
        "kembalikan", 5, "pemeriksaan", "penyusunan", "sekretaris", Durasi(1, "jam"), "Disposisi",
        "Kembalikan untuk perbaikan",
        "Memeriksa laporan kinerja; jika tidak disetujui dikembalikan kepada PPTK untuk diperbaiki",
        catatan_wajib=True, mengembalikan=True,
    ),
    Langkah(
        "dokumentasikan", 6, "pendokumentasian", "selesai", "kasubag_perencanaan", Durasi(1, "hari"),
        "Laporan triwulan", "Dokumentasikan",
        "Mendokumentasikan laporan kinerja setiap triwulan",
        mengarsipkan=True,
    ),
    Langkah(
        "simpan_narasi", 6, "penyusunan_tahunan", "penyusunan_tahunan", "kasubag_perencanaan", Durasi(15, "hari"),
        "Narasi LKjIP tersimpan", "Simpan narasi",
        "Menyimpan (atau mengganti) narasi LKjIP yang sudah diisi, yang menjadi bagian laporan tahunan",
        lingkup=TAHUNAN, berkas_bahan=True,
    ),
    Langkah(
        "ajukan_tahunan", 6, "penyusunan_tahunan", "pemeriksaan_tahunan", "kasubag_perencanaan",
        Durasi(15, "hari"), "Laporan kinerja tahunan (LKjIP)", "Ajukan laporan tahunan",
        "Menyusun laporan kinerja setiap tahun menggunakan laporan kinerja triwulan",
        lingkup=TAHUNAN, mengajukan=True, syarat=(LAPORAN_TERKINI,),
    ),
    Langkah(
        "setujui_tahunan", 5, "pemeriksaan_tahunan", "reviu_apip", "sekretaris", Durasi(1, "jam"), "Laporan, disposisi",
        "Setujui laporan tahunan",
        "Memeriksa laporan kinerja tahunan; jika disetujui diserahkan pada Sub Bagian Perencanaan dan didokumentasikan",
        lingkup=TAHUNAN, menyetujui=True, syarat=(LAPORAN_TERKINI, TANPA_GALAT),
    ),
    Langkah(
        "kembalikan_tahunan", 5, "pemeriksaan_tahunan", "penyusunan_tahunan", "sekretaris", Durasi(1, "jam"),
        "Disposisi", "Kembalikan laporan tahunan untuk perbaikan",
        "Memeriksa laporan kinerja tahunan; jika tidak disetujui dikembalikan kepada Kasubag Perencanaan untuk diperbaiki",
        lingkup=TAHUNAN, catatan_wajib=True, mengembalikan=True,
    ),
    Langkah(
        "nyatakan_direviu", 6, "reviu_apip", "pendokumentasian_tahunan", "inspektur", Durasi(5, "hari"),
        "Pernyataan Telah Direviu", "Catat Pernyataan Telah Direviu",
        "Mencatat Pernyataan Telah Direviu APIP yang ditandatangani Inspektur (langkah tambahan di luar SOP, "
        "PermenPAN-RB 53/2014), dengan berkas pernyataannya",
        lingkup=TAHUNAN,
    ),
    Langkah(
        "dokumentasikan_tahunan", 6, "pendokumentasian_tahunan", "selesai_tahunan", "kasubag_perencanaan",
        Durasi(1, "hari"), "Laporan kinerja tahunan", "Dokumentasikan laporan tahunan",
        "Mendokumentasikan laporan kinerja tahunan yang disetujui",
        lingkup=TAHUNAN, mengarsipkan=True,
    ),
    # The Inspektorat's reviu of another office's LKjIP (PermenPAN-RB 53/2014), an assignment case of its own
    # (``reviu:<kode OPD>``), turned on by ``[alur] reviu_lkjip``. The issue gives no time standards: none here.
    Langkah(
        "tugaskan_reviu", 1, "reviu_belum_ditugaskan", "reviu_ditugaskan", "inspektur", None, "Surat tugas reviu",
        "Tugaskan Pengendali Teknis",
        "Menugaskan reviu LKjIP perangkat daerah dengan Pengendali Teknisnya", lingkup=REVIU,
        menugaskan="pengendali_teknis",
    ),
    Langkah(
        "tugaskan_auditor", 2, "reviu_ditugaskan", "reviu_pelaksanaan", "inspektur", None, "Surat tugas reviu",
        "Tugaskan auditor", "Menugaskan auditor yang melaksanakan reviu LKjIP itu", lingkup=REVIU,
        menugaskan="auditor",
    ),
    Langkah(
        "laksanakan_reviu", 3, "reviu_pelaksanaan", "reviu_telaah", "auditor", None,
        "Kertas Kerja Reviu, temuan, LHR DRAF", "Ajukan hasil reviu",
        "Mereviu LKjIP (`kinerja reviu` atas dokumennya) dan mengajukan Kertas Kerja Reviu kepada Pengendali Teknis",
        lingkup=REVIU, mengajukan=True, syarat=(KKR_TERKINI,),
    ),
    Langkah(
        "setujui_reviu", 4, "reviu_telaah", "reviu_penyelesaian", "pengendali_teknis", None, "Kertas Kerja Reviu disetujui",
        "Setujui hasil reviu", "Menelaah Kertas Kerja Reviu; jika disetujui diteruskan kepada Inspektur",
        lingkup=REVIU, menyetujui=True, syarat=(KKR_TERKINI,),
    ),
    Langkah(
        "kembalikan_reviu", 4, "reviu_telaah", "reviu_pelaksanaan", "pengendali_teknis", None, "Catatan telaah",
        "Kembalikan hasil reviu", "Menelaah Kertas Kerja Reviu; jika tidak disetujui dikembalikan kepada auditor",
        lingkup=REVIU, catatan_wajib=True, mengembalikan=True,
    ),
    Langkah(
        "terbitkan_lhr", 5, "reviu_penyelesaian", "reviu_selesai", "inspektur", None,
        "Laporan Hasil Reviu, Pernyataan Telah Direviu", "Terbitkan Laporan Hasil Reviu",
        "Menandatangani Laporan Hasil Reviu dan Pernyataan Telah Direviu yang masuk ke LKjIP perangkat daerah",
        lingkup=REVIU, syarat=(LHR_FINAL,),
    ),
)
"""The SOP table. Order matters only for display."""



def _akhir(lingkup: str) -> str:
    return next(k.kode for k in KEADAAN if k.akhir and k.lingkup == lingkup)


PEMULIHAN: tuple[Langkah, ...] = (
    Langkah(
        "pulihkan_arsip", 6, _akhir(TRIWULAN), _akhir(TRIWULAN), "kasubag_perencanaan", Durasi(1, "hari"),
        "Arsip laporan triwulan dipulihkan", "Pulihkan arsip",
        "Memulihkan arsip laporan triwulan yang rusak dari salinan cadangannya", memulihkan=True,
    ),
    Langkah(
        "pulihkan_arsip_tahunan", 6, _akhir(TAHUNAN), _akhir(TAHUNAN), "kasubag_perencanaan", Durasi(1, "hari"),
        "Arsip laporan tahunan dipulihkan", "Pulihkan arsip",
        "Memulihkan arsip laporan kinerja tahunan yang rusak dari salinan cadangannya", lingkup=TAHUNAN,
        memulihkan=True,
    ),
)
"""Recorded actions outside the SOP's path (``kinerja arsip pulihkan``): an event of the history like
any other (signed, role-checked), taken only in a case's final state, which it does not change."""

OPSI: dict[str, str] = {
    "reviu_apip": "laporan tahunan memerlukan Pernyataan Telah Direviu APIP (ditandatangani Inspektur) "
                  "sebelum didokumentasikan",
    "reviu_lkjip": "kantor ini (Inspektorat, APIP) mereviu LKjIP perangkat daerah sebagai kasus penugasan: Inspektur "
                   "menugaskan Pengendali Teknis dan auditor, auditor mengajukan hasil reviu, Pengendali Teknis "
                   "menyetujui atau mengembalikan, Inspektur menerbitkan Laporan Hasil Reviu (`kinerja penugasan-reviu`)",
}
"""The ``[alur]`` options that turn an optional state (:attr:`Keadaan.bila`) on, with their meaning."""

_KEADAAN_BY_CODE = {k.kode: k for k in KEADAAN}


def keadaan(kode: str) -> Keadaan:
    """The state with ``kode``.

    >>> keadaan("pemeriksaan").label
    'Pemeriksaan oleh Sekretaris'
    """
    return _KEADAAN_BY_CODE[kode]


@functools.cache
def berlaku(opsi: frozenset[str] = frozenset()) -> tuple[Langkah, ...]:
    """The table an office runs: :data:`LANGKAH` with the optional states not in ``opsi`` left out.

    A step reaching a left-out state reaches the state after it instead; the steps leaving it
    stay (a case that entered it before the option was turned off can still move on).

    >>> langkah("setujui_tahunan").ke, langkah("setujui_tahunan", frozenset({"reviu_apip"})).ke
    ('pendokumentasian_tahunan', 'reviu_apip')
    """
    unknown = opsi - OPSI.keys()
    if unknown:
        raise ValueError(f"unknown SOP options {sorted(unknown)}")
    skipped = {k.kode for k in KEADAAN if k.bila and k.bila not in opsi}

    def through(kode: str) -> str:
        while kode in skipped:
            kode = next(step.ke for step in LANGKAH if step.dari == kode)
        return kode

    return tuple(replace(step, ke=through(step.ke)) if step.ke in skipped and step.dari not in skipped else step
                 for step in LANGKAH)


def langkah_dipakai(opsi: frozenset[str] = frozenset()) -> tuple[Langkah, ...]:
    """The steps an office takes (:func:`berlaku`, without those leaving an optional state it left out),
    in table order: what its forms offer and its worksheets' instructions list.

    >>> "nyatakan_direviu" in [s.aksi for s in langkah_dipakai()]
    False
    """
    return tuple(step for step in berlaku(opsi) if dipakai(step.dari, opsi))


def dipakai(kode: str, opsi: frozenset[str] = frozenset()) -> bool:
    """True when state ``kode`` is part of the office's path (not an optional state left out)."""
    bila = keadaan(kode).bila
    return not bila or bila in opsi


@functools.cache
def _by_aksi(opsi: frozenset[str]) -> dict[str, Langkah]:
    return {step.aksi: step for step in berlaku(opsi) + PEMULIHAN}


def langkah(aksi: str, opsi: frozenset[str] = frozenset()) -> Langkah:
    """The transition of action ``aksi`` in the office's table (:func:`berlaku`), or a step of
    :data:`PEMULIHAN` (KeyError when unknown)."""
    return _by_aksi(opsi)[aksi]


def awal(lingkup: str) -> str:
    """The initial state of a scope.

    >>> awal("triwulan"), awal("tahunan")
    ('belum_dimulai', 'penyusunan_tahunan')
    """
    return next(k.kode for k in KEADAAN if k.lingkup == lingkup)


def aksi_dari(kode: str, opsi: frozenset[str] = frozenset()) -> list[Langkah]:
    """The transitions that leave state ``kode``.

    >>> [s.aksi for s in aksi_dari("pemeriksaan")]
    ['setujui', 'kembalikan']
    >>> [s.aksi for s in aksi_dari("penyusunan")]
    ['ajukan', 'kembalikan_bahan']
    """
    return [step for step in berlaku(opsi) if step.dari == kode]


def pemulihan(lingkup: str) -> Langkah:
    """The recovery action of a scope.

    >>> pemulihan("triwulan").aksi, pemulihan("tahunan").dari
    ('pulihkan_arsip', 'selesai_tahunan')
    """
    return next(step for step in PEMULIHAN if step.lingkup == lingkup)


def jalur_utama(lingkup: str, opsi: frozenset[str] = frozenset()) -> list[Langkah]:
    """The happy path of a scope: from its initial state, first transition each time.

    >>> [s.aksi for s in jalur_utama("triwulan")]
    ['tugaskan', 'perintahkan', 'serahkan_bahan', 'ajukan', 'setujui', 'dokumentasikan']
    >>> [s.aksi for s in jalur_utama("tahunan", frozenset({"reviu_apip"}))]
    ['ajukan_tahunan', 'setujui_tahunan', 'nyatakan_direviu', 'dokumentasikan_tahunan']
    """
    path: list[Langkah] = []
    state = awal(lingkup)
    while not keadaan(state).akhir:
        step = next(s for s in aksi_dari(state, opsi) if not s.mencatat)
        path.append(step)
        state = step.ke
    return path


def keadaan_disetujui() -> frozenset[str]:
    """States of an approved case: from an approving step's ``ke`` on (optional states included), and every final state.

    >>> sorted(k for k in keadaan_disetujui() if not k.startswith("reviu_"))
    ['pendokumentasian', 'pendokumentasian_tahunan', 'selesai', 'selesai_tahunan']
    >>> sorted(k for k in keadaan_disetujui() if k.startswith("reviu_"))
    ['reviu_apip', 'reviu_penyelesaian', 'reviu_selesai']
    """
    found = {k.kode for k in KEADAAN if k.akhir}
    todo = [step.ke for step in LANGKAH if step.menyetujui]
    while todo:
        kode = todo.pop()
        if kode not in found:
            found.add(kode)
            todo.extend(step.ke for step in LANGKAH if step.dari == kode)
    return frozenset(found)


def keadaan_siap_final() -> frozenset[str]:
    """States in which a case's report may be rendered final: from the documenting step's state on.

    Every step between the approval and the documentation (the optional APIP reviu) is taken
    first, so the final states who approved and who reviewed.

    >>> sorted(keadaan_siap_final())
    ['pendokumentasian', 'pendokumentasian_tahunan', 'selesai', 'selesai_tahunan']
    """
    return frozenset({step.dari for step in LANGKAH if step.mengarsipkan} | {step.ke for step in LANGKAH if step.mengarsipkan})


def sedang_diperiksa(kode: str) -> bool:
    """True when a case in state ``kode`` awaits the approval (the submitted report is under review).

    >>> sedang_diperiksa("pemeriksaan"), sedang_diperiksa("pemeriksaan_tahunan"), sedang_diperiksa("penyusunan")
    (True, True, False)
    """
    return any(step.menyetujui for step in LANGKAH if step.dari == kode)


def langkah_khusus(lingkup: str, flag: str) -> Langkah:
    """The step of scope ``lingkup`` with ``flag`` set (``mengajukan``, ``menyetujui``, ``mengembalikan``, …).

    >>> langkah_khusus("tahunan", "mengembalikan").aksi
    'kembalikan_tahunan'
    """
    return next(step for step in LANGKAH if step.lingkup == lingkup and getattr(step, flag))


def lingkup_of(triwulan: int | None, unit: str = "") -> str:
    """Scope of a case: ``triwulan`` for a quarter, ``tahunan`` when ``triwulan`` is None, ``reviu`` for a
    reviu assignment (its key :data:`KASUS_REVIU` ``<kode OPD>``).

    >>> lingkup_of(2), lingkup_of(None), lingkup_of(None, kasus_reviu("DINKES"))
    ('triwulan', 'tahunan', 'reviu')
    """
    if opd_reviu(unit):
        return REVIU
    return TAHUNAN if triwulan is None else TRIWULAN


def kasus_reviu(opd: str) -> str:
    """The case key of the reviu of office ``opd``'s LKjIP (stored as the event's ``unit``)."""
    return f"{KASUS_REVIU}{opd.strip().upper()}"


def kode_opd_sah(opd: str) -> bool:
    """A reviewed office's code usable as a case key and a folder name (no path, no spaces).

    >>> kode_opd_sah("DINKES"), kode_opd_sah("1.02.01"), kode_opd_sah("../x"), kode_opd_sah("")
    (True, True, False, False)
    """
    return re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,39}", opd.strip()) is not None and ".." not in opd


def opd_reviu(unit: str) -> str:
    """The reviewed office's code of a reviu case key ('' for any other case)."""
    return unit[len(KASUS_REVIU):] if unit.startswith(KASUS_REVIU) else ""


def label_mutu(durasi: Durasi | None) -> str:
    """How a step's time standard is printed (``tanpa mutu baku`` when the SOP gives none)."""
    return durasi.label if durasi is not None else "tanpa mutu baku"


def start_date(tahun: int, triwulan: int, tanggal_mulai: int) -> dt.date:
    """Day a quarter's case starts and its worksheets are due: ``tanggal_mulai`` of the month after it.

    >>> start_date(2025, 2, 10), start_date(2025, 4, 10)
    (datetime.date(2025, 7, 10), datetime.date(2026, 1, 10))
    """
    month = triwulan * 3 + 1
    return dt.date(tahun + (month > 12), (month - 1) % 12 + 1, tanggal_mulai)
