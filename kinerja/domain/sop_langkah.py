"""The shape of the SOP table's rows (:mod:`kinerja.domain.sop`, which hands every name here on): the
scopes of a case, the keys of what a step hands on (:data:`SYARAT`), a time standard (:class:`Durasi`),
a state (:class:`Keadaan`) and a step (:class:`Langkah`).

Pure data: no I/O, no third-party imports.
"""

from __future__ import annotations

from dataclasses import dataclass

TRIWULAN = "triwulan"
TAHUNAN = "tahunan"
REVIU = "reviu"

KASUS_REVIU = "reviu:"
"""Prefix of the case key (the event's ``unit``) of a reviu assignment: ``reviu:<kode OPD>``. A reviu case
is the reviewed office's year (``tahun``, annual) in the reviewing office's own history."""

BAHAN_LENGKAP = "bahan_lengkap"
LAPORAN_TERKINI = "laporan_terkini"
TANPA_GALAT = "tanpa_galat"
KKR_TERKINI = "kkr_terkini"
LHR_FINAL = "lhr_final"

SYARAT: dict[str, str] = {
    BAHAN_LENGKAP: "lembar kerja setiap unit tersimpan tanpa galat, atau catatan 'unit tidak melapor' untuk unit "
                   "yang tidak mengirim",
    LAPORAN_TERKINI: "laporan sudah disusun dari bahan yang tersimpan sekarang (sesudah bahan diserahkan); untuk "
                     "persetujuan: laporan itu yang diajukan",
    TANPA_GALAT: "laporan itu tanpa galat",
    KKR_TERKINI: "hasil reviu (dokumen yang direviu, temuannya, Kertas Kerja Reviu, LHR DRAF) tersimpan dengan "
                 "checksum; untuk persetujuan: hasil itu yang diajukan auditor",
    LHR_FINAL: "Laporan Hasil Reviu dan Pernyataan Telah Direviu final dibuat dari hasil reviu yang disetujui",
}
"""What a step hands on (the guards of :attr:`Langkah.syarat`): the condition, in the words the
status page and ``docs/alur.md`` use. :func:`kinerja.alur.workflow.prasyarat` checks them."""


@dataclass(frozen=True)
class Durasi:
    """A time standard: ``jumlah`` working minutes, hours or days.

    >>> Durasi(4, "jam").menit_kerja
    240
    >>> Durasi(1, "hari").label
    '1 hari kerja'
    """

    jumlah: int
    satuan: str  # "menit" | "jam" | "hari"

    def __post_init__(self) -> None:
        if self.satuan not in ("menit", "jam", "hari") or self.jumlah <= 0:
            raise ValueError(f"invalid Durasi {self.jumlah} {self.satuan}")

    @property
    def menit_kerja(self) -> int | None:
        """Working minutes for minute/hour standards; None for day standards."""
        if self.satuan == "hari":
            return None
        return self.jumlah * (60 if self.satuan == "jam" else 1)

    @property
    def label(self) -> str:
        """Indonesian label, e.g. ``15 menit``, ``4 jam kerja``."""
        return f"{self.jumlah} menit" if self.satuan == "menit" else f"{self.jumlah} {self.satuan} kerja"


@dataclass(frozen=True)
class Keadaan:
    """A state of a case; ``bila``: the ``[alur]`` option that turns an optional state on ('' = always)."""

    kode: str
    label: str
    lingkup: str
    akhir: bool = False
    bila: str = ""


@dataclass(frozen=True)
class Langkah:
    """One transition of the SOP table.

    Attributes:
        aksi: action identifier and CLI verb (``kinerja alur <aksi>``).
        langkah: SOP step number (1-6).
        dari: state the action leaves.
        ke: state it reaches.
        peran: the role allowed to take it (a key of ``config.ROLES``).
        mutu_baku: time standard, counted from the moment the case entered ``dari`` (None: the SOP gives
            none, as for the reviu assignment's steps; no deadline, never late).
        keluaran: the document the step produces.
        label: button label in the forms.
        uraian: the SOP's wording of the step.
        lingkup: ``"triwulan"`` or ``"tahunan"``.
        catatan_wajib: a note is mandatory (returning a report).
        menugaskan: the role of the person this action assigns (step 1 names the PPTK; the reviu's steps name
            the Pengendali Teknis and the auditor). Once assigned, only that person takes the steps of that
            role in the case (submits, approves or returns).
        mengarsipkan: the action archives the reports (documentation).
        mengajukan: the submission: only the person assigned by the ``menugaskan`` step may
            take it, and its actor is the case's submitter.
        menyetujui: the approval: the submitter may not take it (four eyes); the states from
            its ``ke`` on are approved (:func:`keadaan_disetujui`).
        mengembalikan: sends the report back for correction (a return, counted in the status).
        memulihkan: restores a documented case's damaged archive (or published set) from the copy
            kept beside it; it does not move the case (``dari == ke``, a final state) and is not a
            step of the SOP's path (:data:`PEMULIHAN`, not :data:`LANGKAH`).
        syarat: what the step hands on and so needs before it can be taken (keys of :data:`SYARAT`).
        menyebut_unit: the action names a unit kerja (recorded in the event's ``penerima``): the
            note that a unit did not report this quarter.
        mundur: moves the case back to an earlier state of the main path (a stuck case).
        berkas_bahan: a note about one stored input file (a workbook stored, replaced or withdrawn; the
            LKjIP's narasi stored or replaced), recorded with its name and checksum by the panel that
            stores it, never a button of its own.
    """

    aksi: str
    langkah: int
    dari: str
    ke: str
    peran: str
    mutu_baku: Durasi | None
    keluaran: str
    label: str
    uraian: str
    lingkup: str = TRIWULAN
    catatan_wajib: bool = False
    menugaskan: str | None = None
    mengarsipkan: bool = False
    mengajukan: bool = False
    menyetujui: bool = False
    mengembalikan: bool = False
    memulihkan: bool = False
    syarat: tuple[str, ...] = ()
    menyebut_unit: bool = False
    mundur: bool = False
    berkas_bahan: bool = False

    @property
    def mencatat(self) -> bool:
        """A note on the case that leaves its state as it is (the time in the state keeps running)."""
        return self.dari == self.ke
