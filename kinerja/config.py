"""The office config (``kinerja.toml``): a strict schema, read into frozen dataclasses.

Every workspace has its own ``kinerja.toml`` (``kinerja init`` writes a skeleton to fill).
Nothing is merged over another file: the office's own data (``[instansi]``, ``[kepala]``,
``[[unit]]``, ``[[pegawai]]`` with at least one person per role) must be written; only the
regulatory tables (``[[predikat]]`` bands of Permendagri 86/2017, ``[efisiensi]``, ``[skala]``,
``[jam_kerja]`` of Perpres 21/2023, ``[alur]``, ``[laporan]``) have defaults. The fictional
sample office (``kinerja/data/kinerja.toml``) carries ``contoh = true``: it is used only in a
sample workspace (``kinerja init --contoh``, ``kinerja demo``) and its reports say CONTOH.

Validation collects every problem before failing (one :class:`ConfigError` listing them
all), each naming the file, the key (``pegawai[2].unit``) and what is expected. Unknown keys
are errors with a did-you-mean (``[kepla]`` → "maksud Anda [kepala]?"); numbers must be
finite; predikat bands run strictly downward. The file is read as UTF-8 with or without BOM.

How to add a config key (one place)
-----------------------------------
The dataclasses below *are* the schema: every field declared with :func:`key` (a value),
:func:`table` (a ``[section]``) or :func:`tables` (an array ``[[section]]``) is a TOML key.

* A key in an existing section: add one field to its dataclass, e.g. in :class:`Laporan`::

      zona_waktu: str = key(TEXT, "Asia/Makassar", "zona waktu IANA, misalnya \\"Asia/Jakarta\\"")

  The first argument is a :class:`Kind` (``TEXT``, ``OPTIONAL_TEXT``, ``TEXT_LIST``,
  ``NUMBER``, ``integer(lo, hi)``, ``BOOLEAN``, ``CLOCK``, ...; write a new ``Kind`` when none
  fits); leave out the default to make the key required.
* A new section: a new ``@dataclass(frozen=True)`` class with such fields (required ones
  first, or ``kw_only=True``), and a
  field ``nama: Kelas = table(Kelas)`` (or ``tables(Kelas)``) on :class:`Config`.
* A rule across keys (references, orderings): a function in ``_CHECKS``.

Then add the key, commented, to the sample office (``kinerja/data/kinerja.toml``, copied to
the checkout's ``kinerja.toml``) and, when an office must or may set it, to the skeleton
``kinerja/data/kinerja-baru.toml`` that ``kinerja init`` writes. Unknown-key detection,
did-you-mean, defaults and messages follow from the field.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import difflib
import math
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kinerja.domain.peran import PERAN_OPSIONAL, ROLES
from kinerja.domain.peran import ROLE_LABELS as ROLE_LABELS  # re-exported for callers
from kinerja.errors import ConfigError
from kinerja.paths import CONFIG_NAME, INIT_HINT, SAMPLE_CONFIG

WEEKDAYS = ("senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu")



# -- kinds of values -------------------------------------------------------------------------


class Invalid(Exception):
    """A value does not fit its kind (internal; turned into a ConfigError line)."""


@dataclass(frozen=True)
class Kind:
    """What a key holds: the Indonesian description shown to the user and a converter."""

    expected: str
    convert: Callable[[Any], Any]


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise Invalid
    return value.strip()


def _optional_text(value: Any) -> str:
    if not isinstance(value, str):
        raise Invalid
    return value.strip()


def _text_list(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        raise Invalid
    return tuple(v.strip() for v in value)


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise Invalid
    return float(value)


def _band_limit(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value) or value == math.inf:
        raise Invalid
    return float(value)


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Invalid
    return value


def _clock(value: Any) -> dt.time:
    if not isinstance(value, str) or not re.fullmatch(r"\d{1,2}:\d{2}", value.strip()):
        raise Invalid
    hour, minute = value.strip().split(":")
    try:
        return dt.time(int(hour), int(minute))
    except ValueError:
        raise Invalid from None


def _rest(value: Any) -> tuple[dt.time, dt.time] | None:
    if value is None or value == []:
        return None
    if not isinstance(value, list) or len(value) != 2:
        raise Invalid
    start, end = _clock(value[0]), _clock(value[1])
    if end <= start:
        raise Invalid
    return start, end


def _weekdays(value: Any) -> tuple[int, ...]:
    if not isinstance(value, list) or not value or any(not isinstance(h, str) or h.strip().lower() not in WEEKDAYS for h in value):
        raise Invalid
    days = [WEEKDAYS.index(h.strip().lower()) + 1 for h in value]
    if len(set(days)) != len(days):
        raise Invalid
    return tuple(days)


def _roles(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or any(not isinstance(r, str) or r.strip() not in ROLES for r in value):
        raise Invalid
    return tuple(dict.fromkeys(r.strip() for r in value))


def _scales(value: Any) -> dict[str, dict[str, float]]:
    if not isinstance(value, dict):
        raise Invalid
    out: dict[str, dict[str, float]] = {}
    for name, scale in value.items():
        if not isinstance(scale, dict) or not scale:
            raise Invalid(name)
        try:
            out[str(name)] = {str(grade).strip().upper(): _number(v) for grade, v in scale.items()}
        except Invalid:
            raise Invalid(name) from None
    return out


def _public_keys(value: Any) -> tuple[str, ...]:
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not values:
        raise Invalid
    out = []
    for item in values:
        text = item.strip() if isinstance(item, str) else ""
        try:
            ok = text.startswith("ed25519:") and len(base64.b64decode(text[8:], validate=True)) == 32
        except ValueError:
            ok = False
        if not ok:
            raise Invalid
        out.append(text)
    return tuple(out)


def positive(kind: type = float) -> Kind:
    """A number above 0 (``int`` for counts)."""

    def convert(value: Any) -> float | int:
        number = _number(value)
        if number <= 0 or (kind is int and number != int(number)):
            raise Invalid
        return int(number) if kind is int else number

    return Kind("bilangan bulat lebih dari 0" if kind is int else "angka lebih dari 0", convert)


def ceiling(high: float, kind: type = float) -> Kind:
    """A number above 0 and at most ``high``: a limit a config may tighten but never switch off.

    >>> ceiling(50).expected, ceiling(1000, int).expected
    ('angka lebih dari 0 sampai 50', 'bilangan bulat 1 sampai 1000')
    """

    def convert(value: Any) -> float | int:
        number = _number(value)
        if number <= 0 or number > high or (kind is int and number != int(number)):
            raise Invalid
        return int(number) if kind is int else number

    expected = f"bilangan bulat 1 sampai {high:g}" if kind is int else f"angka lebih dari 0 sampai {high:g}"
    return Kind(expected, convert)


def integer(low: int, high: int) -> Kind:
    """An integer from ``low`` to ``high`` inclusive."""

    def convert(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise Invalid
        return value

    return Kind(f"bilangan bulat {low} sampai {high}", convert)


def _email(value: Any) -> str:
    text = _optional_text(value)
    if text and not re.fullmatch(r"[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+", text):
        raise Invalid
    return text


def _security(value: Any) -> str:
    text = _text(value).lower()
    if text not in SMTP_SECURITY:
        raise Invalid
    return text


SMTP_SECURITY = ("starttls", "ssl", "tanpa")
"""How kinerja talks to the office's SMTP server: STARTTLS on 587, TLS from the start on 465, or
plain (only for a server on the same machine)."""


def known_time_zone(name: str) -> bool:
    """True when ``name`` is an IANA time zone this machine knows (``Asia/Makassar``)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def time_zone_name(text: str) -> str | None:
    """The IANA zone an office wrote (``zona_waktu``), Indonesia's WIB/WITA/WIT taken as the zone they
    name; None when it is neither. The one rule for the office's and the Pemda's ``zona_waktu``.

    >>> time_zone_name(" wita "), time_zone_name("Asia/Jayapura"), time_zone_name("GMT+8")
    ('Asia/Makassar', 'Asia/Jayapura', None)
    """
    from kinerja.numbers import ZONA_DARI_SINGKATAN

    text = text.strip()
    text = ZONA_DARI_SINGKATAN.get(text.upper(), text)
    return text if text and known_time_zone(text) else None


def _time_zone(value: Any) -> str:
    zone = time_zone_name(_text(value))
    if zone is None:
        raise Invalid
    return zone


TEXT = Kind("teks yang tidak kosong", _text)
TIME_ZONE = Kind('"WIB", "WITA", "WIT" atau nama zona waktu IANA: "Asia/Jakarta" (WIB), "Asia/Makassar" (WITA), "Asia/Jayapura" (WIT)',
                 _time_zone)
OPTIONAL_TEXT = Kind("teks (boleh kosong)", _optional_text)
TEXT_LIST = Kind('daftar teks yang tidak kosong, misalnya ["baris 1", "baris 2"]', _text_list)
NUMBER = Kind("angka terhingga, misalnya 5 atau 5.0 (bukan nan/inf, bukan teks)", _number)
BAND_LIMIT = Kind("angka terhingga (hanya kelas terendah boleh -inf; bukan nan)", _band_limit)
BOOLEAN = Kind("true atau false", _boolean)
CLOCK = Kind('jam dengan format JJ:MM, misalnya "07:30"', _clock)
REST = Kind('dua jam berurutan, misalnya ["12:00", "13:00"], atau [] bila tanpa istirahat', _rest)
WEEKDAY_LIST = Kind("daftar nama hari tanpa pengulangan dari: " + ", ".join(WEEKDAYS), _weekdays)
ROLE_LIST = Kind("daftar peran dari: " + ", ".join(ROLES), _roles)
PUBLIC_KEYS = Kind('kunci publik dari `kinerja kunci buat` ("ed25519:...") atau daftar kunci itu', _public_keys)
EMAIL = Kind("alamat surel, misalnya nama@kantor.go.id (boleh kosong)", _email)
SECURITY = Kind("salah satu dari: " + ", ".join(SMTP_SECURITY), _security)
SCALES = Kind("tabel skala berisi nilai angka, misalnya opini = { WTP = 4, WDP = 3 }", _scales)

_REQUIRED = dataclasses.MISSING


def key(kind: Kind, default: Any = _REQUIRED, doc: str = "") -> Any:
    """A TOML value key (see the module docstring). No ``default``: the key is required."""
    meta = {"kind": kind, "doc": doc}
    if default is _REQUIRED:
        return field(metadata=meta)
    if isinstance(default, (dict, list)):
        return field(default_factory=lambda: default.copy(), metadata=meta)
    return field(default=default, metadata=meta)


def table(cls: type, *, required: bool | None = None) -> Any:
    """A ``[section]`` read into dataclass ``cls``; optional when every field has a default."""
    optional = all(f.default is not _REQUIRED or f.default_factory is not _REQUIRED for f in _schema_fields(cls))
    if required is None:
        required = not optional
    meta = {"table": cls}
    if required:
        return field(metadata=meta)
    return field(default_factory=lambda: cls(), metadata=meta)


def tables(cls: type, default: tuple[Any, ...] | None = None) -> Any:
    """An array ``[[section]]`` of dataclass ``cls``, at least one; required without ``default``."""
    meta = {"tables": cls}
    if default is None:
        return field(metadata=meta)
    return field(default=default, metadata=meta)


def _schema_fields(cls: type) -> list[dataclasses.Field]:
    return [f for f in dataclasses.fields(cls) if {"kind", "table", "tables"} & set(f.metadata)]


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
class Band:
    """One predikat band: values ``>= batas_bawah`` (and below the next band) get ``nama``."""

    nama: str = key(TEXT)
    batas_bawah: float = key(BAND_LIMIT)


DEFAULT_PREDIKAT = (
    Band(nama="Sangat Tinggi", batas_bawah=91.0),
    Band(nama="Tinggi", batas_bawah=76.0),
    Band(nama="Sedang", batas_bawah=66.0),
    Band(nama="Rendah", batas_bawah=51.0),
    Band(nama="Sangat Rendah", batas_bawah=-math.inf),
)
"""Permendagri 86/2017 bands, used when the office writes no ``[[predikat]]``."""

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
class JamKerja:
    """Working time used to count time standards (37,5 hours a week, Perpres 21/2023)."""

    hari: tuple[int, ...] = key(WEEKDAY_LIST, (1, 2, 3, 4, 5))  # ISO weekday numbers, Monday = 1
    mulai: dt.time = key(CLOCK, dt.time(7, 30))
    selesai: dt.time = key(CLOCK, dt.time(16, 0))
    istirahat: tuple[dt.time, dt.time] | None = key(REST, (dt.time(12, 0), dt.time(13, 0)))


@dataclass(frozen=True)
class Alur:
    """Workflow settings."""

    tanggal_mulai: int = key(integer(1, 28), 10, "tanggal kasus triwulan dimulai pada bulan sesudah triwulan")
    reviu_apip: bool = key(BOOLEAN, False, "laporan tahunan memerlukan Pernyataan Telah Direviu APIP (Inspektur) "
                                           "sebelum didokumentasikan")


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
    predikat: tuple[Band, ...] = tables(Band, DEFAULT_PREDIKAT)
    efisiensi: Efisiensi = table(Efisiensi)
    skala: dict[str, dict[str, float]] = key(SCALES, DEFAULT_SKALA)
    jam_kerja: JamKerja = table(JamKerja)
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
        """The optional SOP states this office turned on (``[alur] reviu_apip``; see :func:`kinerja.domain.sop.berlaku`)."""
        return frozenset({"reviu_apip"} if self.alur.reviu_apip else ())

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


# -- reading ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the file: the key's path, what is wrong, what is expected."""

    key: str
    problem: str
    expected: str = ""

    def line(self) -> str:
        shown = self.key if self.key.startswith("[") else f"'{self.key}'"
        text = f"kunci {shown} {self.problem}"
        return text + (f"; yang diharapkan: {self.expected}" if self.expected else "")


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _blank(value: Any) -> bool:
    """An empty skeleton value: ``""`` or a list of only ``""``."""
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, list) and bool(value) and all(isinstance(v, str) and not v.strip() for v in value)


def _label(name: str, value: Any, cls_field: dataclasses.Field | None = None) -> str:
    """How a key is written in TOML: ``[x]`` for a table, ``[[x]]`` for an array of tables."""
    if cls_field is not None:
        if "table" in cls_field.metadata:
            return f"[{name}]"
        if "tables" in cls_field.metadata:
            return f"[[{name}]]"
        return name
    if isinstance(value, dict):
        return f"[{name}]"
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        return f"[[{name}]]"
    return name


def _read_table(cls: type, data: dict[str, Any], where: str, problems: list[Problem]) -> Any:
    """Convert one TOML table into ``cls``; problems are appended, None returned when any."""
    fields = {f.name: f for f in _schema_fields(cls)}
    before = len(problems)
    prefix = f"{where}." if where else ""
    for name, value in data.items():
        if name not in fields:
            close = difflib.get_close_matches(name, list(fields), n=1, cutoff=0.6)
            hint = f"maksud Anda {_label(prefix + close[0], None, fields[close[0]])}?" if close else (
                "salah satu dari " + ", ".join(_label(prefix + n, None, f) for n, f in fields.items()))
            problems.append(Problem(_label(prefix + name, value), "tidak dikenal", hint))
    values: dict[str, Any] = {}
    for name, f in fields.items():
        path = prefix + name
        if name not in data:
            if f.default is _REQUIRED and f.default_factory is _REQUIRED:
                expected = f.metadata["kind"].expected if "kind" in f.metadata else (
                    f"tabel {_label(name, None, f)} berisi " + ", ".join(sf.name for sf in _schema_fields(f.metadata.get("table") or f.metadata["tables"])))
                doc = f.metadata.get("doc", "")
                problems.append(Problem(path, "belum diisi", expected + (f" ({doc})" if doc else "")))
            continue
        value = data[name]
        if "table" in f.metadata:
            sub = f.metadata["table"]
            if not isinstance(value, dict):
                problems.append(Problem(path, f"tidak valid (tertulis: {_shown(value)})", f"tabel [{name}]"))
                continue
            values[name] = _read_table(sub, value, path, problems)
        elif "tables" in f.metadata:
            sub = f.metadata["tables"]
            if not isinstance(value, list) or not value or not all(isinstance(v, dict) for v in value):
                problems.append(Problem(path, f"tidak valid (tertulis: {_shown(value)})", f"paling sedikit satu tabel [[{name}]]"))
                continue
            values[name] = tuple(_read_table(sub, item, f"{path}[{i}]", problems) for i, item in enumerate(value, start=1))
        else:
            kind: Kind = f.metadata["kind"]
            doc = f.metadata.get("doc", "")
            if kind is not OPTIONAL_TEXT and _blank(value):
                problems.append(Problem(path, "belum diisi", kind.expected + (f" ({doc})" if doc else "")))
                continue
            try:
                values[name] = kind.convert(value)
            except Invalid as exc:
                inner = f".{exc.args[0]}" if exc.args else ""
                problems.append(Problem(path + inner, f"tidak valid (tertulis: {_shown(value)})",
                                        kind.expected + (f" ({doc})" if doc else "")))
    if len(problems) > before:
        return None
    return cls(**values)


# -- rules across keys -----------------------------------------------------------------------


def _check_units(cfg: Config) -> list[Problem]:
    seen: set[str] = set()
    out = []
    for i, u in enumerate(cfg.unit, start=1):
        if u.kode.lower() in seen:
            out.append(Problem(f"unit[{i}].kode", f"tidak valid (tertulis: {u.kode!r})", "kode unit yang unik"))
        seen.add(u.kode.lower())
    return out


def _check_people(cfg: Config) -> list[Problem]:
    out = []
    codes = {u.kode for u in cfg.unit}
    seen: set[str] = set()
    for i, p in enumerate(cfg.pegawai, start=1):
        if p.username.lower() in seen:
            out.append(Problem(f"pegawai[{i}].username", f"tidak valid (tertulis: {p.username!r})", "username yang unik"))
        seen.add(p.username.lower())
        if p.unit not in codes:
            out.append(Problem(f"pegawai[{i}].unit", f"tidak valid (tertulis: {p.unit!r})",
                               "kode unit yang ada di [[unit]]: " + ", ".join(sorted(codes))))
    owners: dict[str, Pegawai] = {}
    for i, p in enumerate(cfg.pegawai, start=1):
        for text in p.kunci_publik:
            other = owners.setdefault(text.strip(), p)
            if other is not p and other.username.lower() != p.username.lower():
                out.append(Problem(f"pegawai[{i}].kunci_publik",
                                   f"tidak valid: kunci {text.strip()[:24]}… sudah terdaftar untuk {other.nama} "
                                   f"({other.username}), bukan untuk {p.nama} ({p.username})",
                                   "satu kunci publik hanya milik satu orang; setiap pegawai membuat kuncinya sendiri "
                                   "dengan `kinerja kunci buat`"))
    for role in ROLES:
        if role in PERAN_OPSIONAL and PERAN_OPSIONAL[role] not in cfg.opsi_sop:
            continue  # e.g. the Inspektur, needed only with [alur] reviu_apip = true
        if not cfg.people_with_role(role):
            out.append(Problem("pegawai", f"tidak memuat siapa pun berperan {role}",
                               f'paling sedikit satu [[pegawai]] dengan peran = ["{role}"]'))
    return out


def _check_bands(cfg: Config) -> list[Problem]:
    out = []
    bands = cfg.predikat
    for i, (upper, lower) in enumerate(zip(bands, bands[1:], strict=False), start=2):
        if lower.batas_bawah >= upper.batas_bawah:
            out.append(Problem(f"predikat[{i}].batas_bawah", f"tidak valid (tertulis: {lower.batas_bawah:g})",
                               f"lebih kecil dari batas_bawah kelas di atasnya ({upper.batas_bawah:g}); "
                               "kelas ditulis urut dari batas_bawah tertinggi ke terendah"))
    for i, band in enumerate(bands[:-1], start=1):
        if band.batas_bawah == -math.inf:
            out.append(Problem(f"predikat[{i}].batas_bawah", "tidak valid (tertulis: -inf)", "-inf hanya untuk kelas terendah (terakhir)"))
    names = [b.nama.lower() for b in bands]
    for i, name in enumerate(names, start=1):
        if name in names[: i - 1]:
            out.append(Problem(f"predikat[{i}].nama", f"tidak valid (tertulis: {bands[i - 1].nama!r})", "nama kelas yang unik"))
    return out


def _check_hours(cfg: Config) -> list[Problem]:
    jk = cfg.jam_kerja
    if jk.selesai <= jk.mulai:
        return [Problem("jam_kerja.selesai", f"tidak valid (tertulis: {jk.selesai:%H:%M})", f"jam selesai sesudah jam mulai ({jk.mulai:%H:%M})")]
    if jk.istirahat and not (jk.mulai <= jk.istirahat[0] < jk.istirahat[1] <= jk.selesai):
        return [Problem("jam_kerja.istirahat", f"tidak valid (tertulis: {jk.istirahat[0]:%H:%M}-{jk.istirahat[1]:%H:%M})",
                        f"rentang di dalam jam kerja {jk.mulai:%H:%M}-{jk.selesai:%H:%M}")]
    return []


def _check_efficiency(cfg: Config) -> list[Problem]:
    if cfg.efisiensi.ambang < 0:
        return [Problem("efisiensi.ambang", f"tidak valid (tertulis: {cfg.efisiensi.ambang:g})", "angka 0 atau lebih")]
    return []


def _check_lambang(cfg: Config) -> list[Problem]:
    from kinerja.paths import lambang_file

    if cfg.instansi.lambang and lambang_file(cfg.instansi.lambang, cfg.source) is None:
        return [Problem("instansi.lambang", f"tidak valid: berkas {cfg.instansi.lambang!r} tidak ditemukan",
                        "nama berkas gambar (PNG/JPEG) di folder yang sama dengan kinerja.toml, atau kosongkan")]
    if cfg.instansi.lambang and not cfg.instansi.lambang.lower().endswith((".png", ".jpg", ".jpeg")):
        return [Problem("instansi.lambang", f"tidak valid (tertulis: {cfg.instansi.lambang!r})", "berkas .png, .jpg atau .jpeg")]
    return []


_CHECKS: tuple[Callable[[Config], list[Problem]], ...] = (_check_units, _check_people, _check_bands, _check_hours, _check_efficiency,
                                                          _check_lambang)
"""Rules across keys, run once every key has the right kind."""


def _fail(source: str, problems: list[Problem]) -> ConfigError:
    if len(problems) == 1:
        return ConfigError(f"{source}: {problems[0].line()}.")
    lines = "\n".join(f"  - {p.line()}" for p in problems)
    return ConfigError(f"{source}: konfigurasi tidak valid ({len(problems)} masalah):\n{lines}")


def parse_config(text: str, source: str) -> Config:
    """Validate TOML ``text`` against the schema; ``source`` names the file in messages.

    Raises:
        ConfigError: not TOML, or listing every key that is unknown, missing or wrong.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        detail = re.sub(r"\s*\(at line.*\)$", "", str(exc))
        place = f" pada baris {where.group(1)}, kolom {where.group(2)}" if where else ""
        raise ConfigError(f"{source}: bukan TOML yang sah{place} ({detail}). "
                          'Periksa tanda kurung [ ], tanda kutip dan tanda = di baris itu.') from None
    problems: list[Problem] = []
    config = _read_table(Config, data, "", problems)
    if config is not None:
        config = dataclasses.replace(config, source=source)  # rules may resolve files next to the config
        for check in _CHECKS:
            problems.extend(check(config))
    if problems:
        raise _fail(source, problems)
    return config


def read_toml_text(path: Path) -> str:
    """A config file's text: UTF-8 with or without BOM (old Notepad), CRLF or LF.

    Raises:
        ConfigError: the file is missing, unreadable or not UTF-8.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"Berkas konfigurasi {path} tidak ditemukan. {INIT_HINT}") from None
    except OSError as exc:
        raise ConfigError(f"Berkas konfigurasi {path} tidak dapat dibaca: {exc.strerror or exc}.") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: bukan teks UTF-8 (bita ke-{exc.start + 1}); "
                          "simpan ulang berkas ini sebagai UTF-8 (Notepad: Simpan sebagai → Pengodean UTF-8).") from None


def load_config(path: str | Path | None = None) -> Config:
    """Load and validate ``path``; with no path, the fictional sample office (``contoh = true``).

    Raises:
        ConfigError: the file is missing, not UTF-8/TOML, or breaks the schema.
    """
    path = SAMPLE_CONFIG if path is None else Path(path)
    return parse_config(read_toml_text(path), str(path))


def load_workspace_config(workspace_root: str | Path) -> Config:
    """The config of a workspace: its ``kinerja.toml``, which must exist.

    Raises:
        ConfigError: no ``kinerja.toml`` there (the message says how to create one), or invalid.
    """
    path = Path(workspace_root) / CONFIG_NAME
    if not path.is_file():
        raise ConfigError(f"Folder {Path(workspace_root)} bukan ruang kerja kinerja: tidak ada {CONFIG_NAME}. {INIT_HINT}")
    return load_config(path)
