"""The office config: instansi, people and roles, units, rating bands and scales.

One TOML file per workspace (``kinerja.toml``). Every key has a default taken from
DOMAIN.md (the embedded ``kinerja/data/kinerja.toml`` describes the fictional sample office),
so an office only writes what differs. A wrong value raises :class:`ConfigError` naming the
file, the key and what is expected.
"""

from __future__ import annotations

import base64
import datetime as dt
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kinerja.errors import ConfigError
from kinerja.paths import DEFAULT_CONFIG
from kinerja.peran import ROLES

WEEKDAYS = ("senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu")


@dataclass(frozen=True)
class Instansi:
    """The office: name, letterhead lines, city for the signature block."""

    nama: str
    pemerintah: str
    kop: tuple[str, ...]
    kota: str
    urusan: str


@dataclass(frozen=True)
class Kepala:
    """Head of office, who signs the reports."""

    jabatan: str
    nama: str
    nip: str


@dataclass(frozen=True)
class Unit:
    """A bidang / sub bagian."""

    kode: str
    nama: str


@dataclass(frozen=True)
class Pegawai:
    """A person with one or more roles."""

    nama: str
    nip: str
    username: str
    peran: tuple[str, ...]
    unit: str
    kunci_publik: tuple[str, ...] = ()  # ``ed25519:<base64>``, newest first (see kinerja.alur.kunci)

    def has_role(self, role: str) -> bool:
        """True when the person holds ``role``."""
        return role in self.peran


@dataclass(frozen=True)
class Band:
    """One predikat band: values ``>= batas_bawah`` (and below the next band) get ``nama``."""

    nama: str
    batas_bawah: float


@dataclass(frozen=True)
class JamKerja:
    """Working time used to count time standards."""

    hari: tuple[int, ...]  # ISO weekday numbers, Monday = 1
    mulai: dt.time
    selesai: dt.time
    istirahat: tuple[dt.time, dt.time] | None


@dataclass(frozen=True)
class Batas:
    """Limits on input workbooks, checked before a workbook is parsed (hostile or broken files)."""

    ukuran_berkas_mb: float = 10.0       # file size on disk
    ukuran_terurai_mb: float = 100.0     # total uncompressed size of the zip members
    rasio_kompresi: float = 100.0        # uncompressed / compressed, over the whole file
    baris: int = 5000                    # rows of one sheet
    kolom: int = 200                     # columns of one sheet
    batas_waktu_browser: float = 120.0   # seconds for one PDF before the browser is given up


@dataclass(frozen=True)
class Config:
    """The whole office config."""

    instansi: Instansi
    kepala: Kepala
    unit: tuple[Unit, ...]
    pegawai: tuple[Pegawai, ...]
    predikat: tuple[Band, ...]
    ambang_efisiensi: float
    skala: dict[str, dict[str, float]]
    jam_kerja: JamKerja
    tanggal_mulai: int
    batas: Batas = field(default_factory=Batas)
    source: str = field(default=str(DEFAULT_CONFIG))

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


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Tables merge key by key; arrays of tables and values replace."""
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


class _Reader:
    """Reads typed values out of the merged TOML, raising ConfigError with the key path."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, key: str, expected: str, got: Any = None) -> ConfigError:
        shown = "" if got is None else f" (tertulis: {got!r})"
        return ConfigError(f"{self.source}: kunci '{key}' tidak valid{shown}; yang diharapkan: {expected}.")

    def table(self, data: dict[str, Any], key: str) -> dict[str, Any]:
        value = data.get(key, {})
        if not isinstance(value, dict):
            raise self.fail(key, f"tabel [{key}]", value)
        return value

    def text(self, table: dict[str, Any], key: str, path: str) -> str:
        value = table.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{path}.{key}", "teks yang tidak kosong", value)
        return value.strip()

    def number(self, table: dict[str, Any], key: str, path: str) -> float:
        value = table.get(key)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(f"{path}.{key}", "angka", value)
        return float(value)

    def table_list(self, data: dict[str, Any], key: str) -> list[dict[str, Any]]:
        value = data.get(key)
        if not isinstance(value, list) or not value or not all(isinstance(v, dict) for v in value):
            raise self.fail(key, f"paling sedikit satu tabel [[{key}]]", value)
        return value

    def clock(self, value: Any, path: str) -> dt.time:
        try:
            hour, minute = str(value).split(":")
            return dt.time(int(hour), int(minute))
        except (ValueError, TypeError):
            raise self.fail(path, "jam dengan format JJ:MM, misalnya \"07:30\"", value) from None


def load_config(path: str | Path | None = None) -> Config:
    """Load ``path`` over the embedded defaults; with no path, the defaults alone.

    Raises:
        ConfigError: the file is missing, not TOML, or a key has a wrong value.
    """
    try:
        base = tomllib.loads(DEFAULT_CONFIG.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:  # pragma: no cover - packaging error
        raise ConfigError(f"Konfigurasi bawaan {DEFAULT_CONFIG} rusak: {exc}") from exc
    source = str(DEFAULT_CONFIG)
    if path is not None:
        path = Path(path)
        source = str(path)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ConfigError(f"Berkas konfigurasi {path} tidak ditemukan.") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"Berkas konfigurasi {path} tidak dapat dibaca: {exc}") from None
        try:
            override = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: bukan TOML yang sah ({exc}).") from None
        base = _merge(base, override)
    return _build(base, source)


def _build(data: dict[str, Any], source: str) -> Config:
    r = _Reader(source)
    inst = r.table(data, "instansi")
    kop = inst.get("kop")
    if not isinstance(kop, list) or not kop or not all(isinstance(k, str) for k in kop):
        raise r.fail("instansi.kop", "daftar baris teks kop surat", kop)
    instansi = Instansi(
        nama=r.text(inst, "nama", "instansi"),
        pemerintah=r.text(inst, "pemerintah", "instansi"),
        kop=tuple(kop),
        kota=r.text(inst, "kota", "instansi"),
        urusan=r.text(inst, "urusan", "instansi"),
    )
    kep = r.table(data, "kepala")
    kepala = Kepala(r.text(kep, "jabatan", "kepala"), r.text(kep, "nama", "kepala"), r.text(kep, "nip", "kepala"))

    units = []
    for i, u in enumerate(r.table_list(data, "unit"), start=1):
        units.append(Unit(r.text(u, "kode", f"unit[{i}]"), r.text(u, "nama", f"unit[{i}]")))
    unit_codes = {u.kode for u in units}

    people = []
    seen_users: set[str] = set()
    for i, p in enumerate(r.table_list(data, "pegawai"), start=1):
        where = f"pegawai[{i}]"
        roles = p.get("peran")
        if isinstance(roles, str):
            roles = [roles]
        if not isinstance(roles, list) or not roles or any(role not in ROLES for role in roles):
            raise r.fail(f"{where}.peran", "daftar peran dari: " + ", ".join(ROLES), roles)
        username = r.text(p, "username", where).lower()
        if username in seen_users:
            raise r.fail(f"{where}.username", "username yang unik", username)
        seen_users.add(username)
        unit = r.text(p, "unit", where)
        if unit not in unit_codes:
            raise r.fail(f"{where}.unit", "kode unit yang ada di [[unit]]: " + ", ".join(sorted(unit_codes)), unit)
        people.append(Pegawai(r.text(p, "nama", where), r.text(p, "nip", where), username, tuple(roles), unit,
                              _public_keys(r, p.get("kunci_publik"), f"{where}.kunci_publik")))

    bands = []
    for i, b in enumerate(r.table_list(data, "predikat"), start=1):
        bands.append(Band(r.text(b, "nama", f"predikat[{i}]"), r.number(b, "batas_bawah", f"predikat[{i}]")))
    if any(a.batas_bawah <= b.batas_bawah for a, b in zip(bands, bands[1:], strict=False)):
        raise r.fail("predikat", "kelas predikat urut dari batas_bawah tertinggi ke terendah")

    eff = r.table(data, "efisiensi")
    ambang = r.number(eff, "ambang", "efisiensi")

    skala: dict[str, dict[str, float]] = {}
    for name, scale in r.table(data, "skala").items():
        if not isinstance(scale, dict) or not scale or not all(
            isinstance(v, (int, float)) and not isinstance(v, bool) for v in scale.values()
        ):
            raise r.fail(f"skala.{name}", "tabel nilai ordinal, misalnya { WTP = 4, WDP = 3 }", scale)
        skala[name] = {str(k).strip().upper(): float(v) for k, v in scale.items()}

    jk = r.table(data, "jam_kerja")
    hari = jk.get("hari")
    if not isinstance(hari, list) or not hari or any(str(h).lower() not in WEEKDAYS for h in hari):
        raise r.fail("jam_kerja.hari", "daftar nama hari: " + ", ".join(WEEKDAYS), hari)
    mulai = r.clock(jk.get("mulai"), "jam_kerja.mulai")
    selesai = r.clock(jk.get("selesai"), "jam_kerja.selesai")
    if selesai <= mulai:
        raise r.fail("jam_kerja.selesai", "jam selesai sesudah jam mulai", jk.get("selesai"))
    rest = jk.get("istirahat")
    istirahat = None
    if rest:
        if not isinstance(rest, list) or len(rest) != 2:
            raise r.fail("jam_kerja.istirahat", "dua jam, misalnya [\"12:00\", \"13:00\"]", rest)
        istirahat = (r.clock(rest[0], "jam_kerja.istirahat"), r.clock(rest[1], "jam_kerja.istirahat"))
        if not (mulai <= istirahat[0] < istirahat[1] <= selesai):
            raise r.fail("jam_kerja.istirahat", "rentang di dalam jam kerja", rest)
    jam_kerja = JamKerja(tuple(WEEKDAYS.index(str(h).lower()) + 1 for h in hari), mulai, selesai, istirahat)

    alur = r.table(data, "alur")
    tanggal = alur.get("tanggal_mulai", 10)
    if isinstance(tanggal, bool) or not isinstance(tanggal, int) or not 1 <= tanggal <= 28:
        raise r.fail("alur.tanggal_mulai", "tanggal 1 sampai 28", tanggal)

    lim = r.table(data, "batas")
    defaults = Batas()
    limits: dict[str, Any] = {}
    for name in ("ukuran_berkas_mb", "ukuran_terurai_mb", "rasio_kompresi", "baris", "kolom", "batas_waktu_browser"):
        value = lim.get(name, getattr(defaults, name))
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise r.fail(f"batas.{name}", "angka lebih dari 0", value)
        limits[name] = int(value) if name in ("baris", "kolom") else float(value)

    return Config(
        instansi=instansi,
        kepala=kepala,
        unit=tuple(units),
        pegawai=tuple(people),
        predikat=tuple(bands),
        ambang_efisiensi=ambang,
        skala=skala,
        jam_kerja=jam_kerja,
        tanggal_mulai=tanggal,
        batas=Batas(**limits),
        source=source,
    )


def _public_keys(r: _Reader, value: Any, path: str) -> tuple[str, ...]:
    """``kunci_publik``: absent, one ``ed25519:<base64>`` string, or a list of them (newest first)."""
    if value is None:
        return ()
    values = [value] if isinstance(value, str) else value
    expected = "kunci publik dari `kinerja kunci buat` (\"ed25519:...\") atau daftar kunci itu"
    if not isinstance(values, list) or not values:
        raise r.fail(path, expected, value)
    out = []
    for item in values:
        text = item.strip() if isinstance(item, str) else ""
        try:
            ok = text.startswith("ed25519:") and len(base64.b64decode(text[8:], validate=True)) == 32
        except ValueError:
            ok = False
        if not ok:
            raise r.fail(path, expected, item)
        out.append(text)
    return tuple(out)


def load_workspace_config(workspace_root: str | Path) -> Config:
    """The config of a workspace: its ``kinerja.toml`` when present, else the defaults."""
    path = Path(workspace_root) / "kinerja.toml"
    return load_config(path if path.is_file() else None)
