"""The schema of ``kinerja.toml``: frozen dataclasses whose fields are its keys.

How to add a config key (one place)
-----------------------------------
The dataclasses below *are* the schema: every field declared with :func:`key` (a value),
:func:`table` (a ``[section]``) or :func:`tables` (an array ``[[section]]``) is a TOML key.

* A key in an existing section: add one field to its dataclass, e.g. in :class:`Laporan`::

      zona_waktu: str = key(TEXT, "Asia/Makassar", "zona waktu IANA, misalnya \\"Asia/Jakarta\\"")

  The first argument is a :class:`~kinerja.config.kinds.Kind` (``TEXT``, ``OPTIONAL_TEXT``, ``TEXT_LIST``,
  ``NUMBER``, ``integer(lo, hi)``, ``BOOLEAN``, ``CLOCK``, ...; write a new ``Kind`` when none
  fits); leave out the default to make the key required.
* A new section: a new ``@dataclass(frozen=True)`` class with such fields (required ones
  first, or ``kw_only=True``), and a
  field ``nama: Kelas = table(Kelas)`` (or ``tables(Kelas)``) on :class:`Config`.
* A rule across keys (references, orderings): a function in ``kinerja.config.rules.CHECKS``.

Then add the key, commented, to the sample office (``kinerja/data/kinerja.toml``, copied to
the checkout's ``kinerja.toml``) and, when an office must or may set it, to the skeleton
``kinerja/data/kinerja-baru.toml`` that ``kinerja init`` writes. Unknown-key detection,
did-you-mean, defaults and messages follow from the field.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kinerja.config.kinds import (
    BAND_LIMIT,
    BOOLEAN,
    CLOCK,
    EMAIL,
    NUMBER,
    OPTIONAL_TEXT,
    PUBLIC_KEYS,
    REST,
    ROLE_LIST,
    SCALES,
    SECURITY,
    TEXT,
    TEXT_LIST,
    TIME_ZONE,
    WEEKDAY_LIST,
    ceiling,
    integer,
    key,
    positive,
    table,
    tables,
)
from kinerja.domain.predikat import DEFAULT_PREDIKAT, Band
from kinerja.domain.workcalendar import JamKerja
from kinerja.paths import SAMPLE_CONFIG

# -- the schema ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Instansi:
    """The office: name, letterhead lines, city for the signature block."""

    nama: str = key(TEXT, doc='nama instansi, misalnya "Inspektorat Daerah Kabupaten Maju"')
    pemerintah: str = key(TEXT, doc='pemerintah daerahnya, misalnya "Pemerintah Kabupaten Maju"')
    kop: tuple[str, ...] = key(TEXT_LIST, doc="baris kop surat dari atas ke bawah")
    kota: str = key(TEXT, doc="kota pada blok tanda tangan")
    urusan: str = key(TEXT, doc='kode urusan pada nomenklatur nasional, misalnya "6.01" (Inspektorat)')
    lambang: str = key(OPTIONAL_TEXT, "", "berkas gambar lambang daerah (PNG/JPEG) untuk kop, relatif terhadap kinerja.toml")
    zona_waktu: str = key(TIME_ZONE, "Asia/Jakarta", "zona waktu kantor; waktu di dokumen ditulis dengan WIB/WITA/WIT")


@dataclass(frozen=True)
class Kepala:
    """Head of office, who signs the reports."""

    jabatan: str = key(TEXT, doc='misalnya "Inspektur"')
    nama: str = key(TEXT, doc="nama lengkap dengan gelar")
    nip: str = key(TEXT, doc='NIP, misalnya "19700101 199503 1 001"')
    pangkat: str = key(OPTIONAL_TEXT, "", 'pangkat/golongan di bawah nama, misalnya "Pembina Utama Muda (IV/c)"')


@dataclass(frozen=True)
class KepalaDaerah:
    """The regional head (Bupati / Wali Kota), second party of the Perjanjian Kinerja."""

    jabatan: str = key(TEXT, "Bupati", 'misalnya "Bupati Maju" atau "Wali Kota Maju"')
    nama: str = key(OPTIONAL_TEXT, "", "nama lengkap dengan gelar (blok tanda tangan Perjanjian Kinerja)")
    pangkat: str = key(OPTIONAL_TEXT, "", "pangkat/golongan, bila ada")
    nip: str = key(OPTIONAL_TEXT, "", "NIP, bila ada")


@dataclass(frozen=True)
class Unit:
    """A bidang / sub bagian."""

    kode: str = key(TEXT, doc='kode unit yang unik, misalnya "IRBAN-1"')
    nama: str = key(TEXT, doc="nama unit")


@dataclass(frozen=True)
class Pegawai:
    """A person with one or more roles."""

    nama: str = key(TEXT)
    nip: str = key(TEXT)
    username: str = key(TEXT, doc="nama pengguna JupyterHub atau sistem operasi, unik")
    peran: tuple[str, ...] = key(ROLE_LIST)
    unit: str = key(TEXT, doc="kode unit dari [[unit]]")
    kunci_publik: tuple[str, ...] = key(PUBLIC_KEYS, ())  # ``ed25519:<base64>``, newest first (see kinerja.alur.kunci)
    surel: str = key(EMAIL, "", "alamat surel untuk pengingat tenggat (kinerja ingatkan)")

    def has_role(self, role: str) -> bool:
        """True when the person holds ``role``."""
        return role in self.peran


@dataclass(frozen=True)
class BandKunci:
    """The keys of one ``[[predikat]]`` band, read into :class:`kinerja.domain.predikat.Band`."""

    nama: str = key(TEXT)
    batas_bawah: float = key(BAND_LIMIT)


DEFAULT_SKALA = {
    "opini": {"WTP": 4.0, "WDP": 3.0, "TW": 2.0, "TMP": 1.0},
    "sakip": {"AA": 7.0, "A": 6.0, "BB": 5.0, "B": 4.0, "CC": 3.0, "C": 2.0, "D": 1.0},
    "level": {f"LEVEL {n}": float(n) for n in range(1, 6)},
}


@dataclass(frozen=True)
class Efisiensi:
    """capaian − serapan against ±ambang: efisien / cukup efisien / tidak efisien."""

    ambang: float = key(NUMBER, 5.0)


@dataclass(frozen=True)
class JamKerjaKunci:
    """The ``[jam_kerja]`` keys, read into :class:`kinerja.domain.workcalendar.JamKerja` (its defaults)."""

    hari: tuple[int, ...] = key(WEEKDAY_LIST, JamKerja.hari)  # ISO weekday numbers, Monday = 1
    mulai: dt.time = key(CLOCK, JamKerja.mulai)
    selesai: dt.time = key(CLOCK, JamKerja.selesai)
    istirahat: tuple[dt.time, dt.time] | None = key(REST, JamKerja.istirahat)


@dataclass(frozen=True)
class Alur:
    """Workflow settings."""

    tanggal_mulai: int = key(integer(1, 28), 10, "tanggal kasus triwulan dimulai pada bulan sesudah triwulan")
    reviu_apip: bool = key(BOOLEAN, False, "laporan tahunan memerlukan Pernyataan Telah Direviu APIP (Inspektur) "
                                           "sebelum didokumentasikan")
    reviu_lkjip: bool = key(BOOLEAN, False, "kantor ini (Inspektorat) mereviu LKjIP perangkat daerah sebagai kasus "
                                            "penugasan: Inspektur, Pengendali Teknis, auditor (`kinerja penugasan-reviu`)")


@dataclass(frozen=True)
class Laporan:
    """Report settings."""

    browser: str = key(OPTIONAL_TEXT, "", "program browser untuk PDF (kosong: dicari otomatis)")


@dataclass(frozen=True)
class Batas:
    """Limits on input workbooks, checked before and while a workbook is parsed (hostile or broken
    files). Each has a ceiling (:func:`ceiling`): an office may tighten a limit, never switch
    it off (``1e9`` is refused with the allowed range)."""

    ukuran_berkas_mb: float = key(ceiling(50), 5.0, "ukuran berkas di disk")
    ukuran_terurai_mb: float = key(ceiling(250), 100.0, "ukuran total isi zip setelah diurai")
    rasio_kompresi: float = key(ceiling(200), 100.0, "ukuran terurai / ukuran termampat")
    baris: int = key(ceiling(50_000, int), 5000, "baris satu lembar")
    kolom: int = key(ceiling(1000, int), 200, "kolom satu lembar")
    teks: int = key(ceiling(32_767, int), 4000, "karakter satu sel teks (lebih panjang: dipotong, dengan temuan)")
    batas_waktu_browser: float = key(ceiling(900), 120.0, "detik untuk satu PDF")
    batas_waktu_susun: float = key(ceiling(3600), 900.0,
                                   "detik untuk satu 'Susun laporan' di aplikasi tanpa bagian hangat (proses anak)")


@dataclass(frozen=True)
class Surel:
    """Reminders by email through the office's own SMTP server (``kinerja ingatkan``).

    The password is never written here: it is read from the environment variable named by
    ``sandi_env`` when the reminders are sent.
    """

    host: str = key(OPTIONAL_TEXT, "", "server SMTP kantor (kosong: pengingat surel belum dipakai)")
    port: int = key(integer(1, 65535), 587, "port SMTP (587 untuk starttls, 465 untuk ssl)")
    keamanan: str = key(SECURITY, "starttls", "starttls, ssl, atau tanpa (hanya untuk server di mesin yang sama)")
    pengirim: str = key(EMAIL, "", "alamat pengirim surel pengingat")
    pengguna: str = key(OPTIONAL_TEXT, "", "nama pengguna SMTP (kosong: tanpa login)")
    sandi_env: str = key(OPTIONAL_TEXT, "KINERJA_SUREL_SANDI", "nama variabel lingkungan yang memuat sandi SMTP")
    tautan: str = key(OPTIONAL_TEXT, "", "alamat aplikasi web kantor, dicantumkan di surel")
    jam_sebelum: float = key(positive(), 2.0, "jam kerja sebelum tenggat saat pengingat pertama dikirim")


@dataclass(frozen=True, kw_only=True)
class Config:
    """The whole office config."""

    contoh: bool = key(BOOLEAN, False, "true hanya untuk kantor contoh fiktif: laporannya bertanda CONTOH")
    instansi: Instansi = table(Instansi)
    kepala: Kepala = table(Kepala)
    kepala_daerah: KepalaDaerah = table(KepalaDaerah)
    unit: tuple[Unit, ...] = tables(Unit)
    pegawai: tuple[Pegawai, ...] = tables(Pegawai)
    predikat: tuple[Band, ...] = tables(BandKunci, DEFAULT_PREDIKAT, into=Band)
    efisiensi: Efisiensi = table(Efisiensi)
    skala: dict[str, dict[str, float]] = key(SCALES, DEFAULT_SKALA)
    jam_kerja: JamKerja = table(JamKerjaKunci, into=JamKerja)
    alur: Alur = table(Alur)
    laporan: Laporan = table(Laporan)
    batas: Batas = table(Batas)
    surel: Surel = table(Surel)
    source: str = str(SAMPLE_CONFIG)

    @property
    def ambang_efisiensi(self) -> float:
        """``[efisiensi] ambang``."""
        return self.efisiensi.ambang

    @property
    def tanggal_mulai(self) -> int:
        """``[alur] tanggal_mulai``."""
        return self.alur.tanggal_mulai

    @property
    def opsi_sop(self) -> frozenset[str]:
        """The optional SOP states this office turned on (``[alur] reviu_apip``, ``reviu_lkjip``; see
        :func:`kinerja.domain.sop.berlaku`)."""
        return frozenset(name for name, on in (("reviu_apip", self.alur.reviu_apip),
                                               ("reviu_lkjip", self.alur.reviu_lkjip)) if on)

    @property
    def tanda_air(self) -> tuple[str, ...]:
        """Watermark words this config puts on every report page (``("CONTOH",)`` for the sample)."""
        return ("CONTOH",) if self.contoh else ()

    def person(self, username: str) -> Pegawai | None:
        """The person with ``username`` (case-insensitive), or None."""
        wanted = username.strip().lower()
        return next((p for p in self.pegawai if p.username.lower() == wanted), None)

    def people_with_role(self, role: str) -> list[Pegawai]:
        """Everyone holding ``role``."""
        return [p for p in self.pegawai if p.has_role(role)]

    def person_by_name(self, nama: str) -> Pegawai | None:
        """The person whose name (or username) matches ``nama``, ignoring case and spaces."""
        wanted = " ".join(nama.split()).lower()
        for p in self.pegawai:
            if " ".join(p.nama.split()).lower() == wanted or p.username.lower() == wanted:
                return p
        return None

    def unit_by_name(self, value: str) -> Unit | None:
        """The unit whose code or name matches ``value``, ignoring case and spaces."""
        wanted = " ".join(value.split()).lower()
        for u in self.unit:
            if u.kode.lower() == wanted or " ".join(u.nama.split()).lower() == wanted:
                return u
        return None

    def unit_in_text(self, text: str) -> Unit | None:
        """The unit a workbook's Unit Kerja cell or file name names: its code or name exactly, or
        ending in it (``rencana-aksi-irban-1.xlsx`` stem → IRBAN-1). The one rule the validator's
        missing-unit check and the reports' unit table use."""
        if not text:
            return None
        found = self.unit_by_name(text)
        if found:
            return found
        folded = " ".join(str(text).lower().split()).replace("_", "-")
        for u in self.unit:
            if folded.endswith(u.kode.lower()) or folded.endswith(" ".join(u.nama.lower().split())):
                return u
        return None
