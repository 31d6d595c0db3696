"""The Pemda workspace: ``pemda.toml`` and one ordinary office workspace per OPD.

::

    pemda/
      pemda.toml                 [pemda] nama, kop, kota; [dask] alamat; [[opd]] kode, nama, folder
      opd/dinkes/kinerja.toml    each OPD: its own config, people, units, data/raw, laporan, kinerja.db
      opd/...
      laporan/2025/triwulan-3/   the Pemda recap (rekapitulasi kinerja perangkat daerah)

Every OPD is a complete workspace: all single-office commands work in its folder. The Pemda
config is strict: an unknown key is an error naming the file and the key.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kinerja.config import time_zone_name
from kinerja.errors import ConfigError, UsageError
from kinerja.numbers import DEFAULT_ZONA
from kinerja.paths import PEMDA_CONFIG_NAME, PemdaFolder

KEYS = {"pemda": {"nama", "kop", "kota", "zona_waktu", "penandatangan"}, "dask": {"alamat"}, "opd": {"kode", "nama", "folder"}}
"""Allowed keys of ``pemda.toml`` per table (anything else is refused)."""
PENANDATANGAN_KEYS = {"jabatan", "nama", "nip"}


@dataclass(frozen=True)
class Opd:
    """One perangkat daerah: its stable code, its name and its workspace folder."""

    kode: str
    nama: str
    root: Path


@dataclass(frozen=True)
class Pemda:
    """The Pemda config read from ``pemda.toml``."""

    folder: PemdaFolder
    nama: str
    kop: tuple[str, ...]
    kota: str
    opd: tuple[Opd, ...]
    penandatangan: dict[str, str]
    dask: str = ""
    zona_waktu: str = DEFAULT_ZONA
    """The Pemda office's time zone (``[pemda] zona_waktu``): the date printed on the recap."""

    def pilih(self, kode: list[str] | tuple[str, ...]) -> tuple[Opd, ...]:
        """The OPD with these codes (all when empty), in config order.

        Raises:
            UsageError: a code is not in the config.
        """
        if not kode:
            return self.opd
        wanted = {k.strip().upper() for k in kode}
        known = {o.kode.upper() for o in self.opd}
        unknown = sorted(wanted - known)
        if unknown:
            raise UsageError(f"OPD {', '.join(unknown)} tidak ada di {self.folder.config_file}; yang ada: {', '.join(sorted(known))}.")
        return tuple(o for o in self.opd if o.kode.upper() in wanted)


def _fail(source: Path, key: str, expected: str, got: Any = None) -> ConfigError:
    shown = "" if got is None else f" (tertulis: {got!r})"
    return ConfigError(f"{source}: kunci '{key}' tidak valid{shown}; yang diharapkan: {expected}.")


def _text(table: dict[str, Any], key: str, where: str, source: Path) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise _fail(source, f"{where}.{key}", "teks yang tidak kosong", value)
    return value.strip()


def _check_keys(table: dict[str, Any], allowed: set[str], where: str, source: Path) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise ConfigError(
            f"{source}: kunci '{where}.{unknown[0]}' tidak dikenal; yang dikenal di [{where}]: {', '.join(sorted(allowed))}."
        )


def load_pemda(root: str | os.PathLike[str]) -> Pemda:
    """Read ``<root>/pemda.toml``.

    Raises:
        ConfigError: the file is missing, not TOML, has an unknown key or a wrong value, or an
            OPD folder does not exist.
    """
    folder = PemdaFolder(Path(root).expanduser().resolve())
    source = folder.config_file
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(
            f"Berkas {PEMDA_CONFIG_NAME} tidak ditemukan di {folder.root}; --semua-opd memerlukan ruang kerja Pemda "
            f"(buat dengan `kinerja pemda sampel FOLDER`, atau sebutkan foldernya dengan --ruang-kerja)."
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"Berkas {source} tidak dapat dibaca: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: bukan TOML yang sah ({exc}).") from None
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise ConfigError(f"{source}: bagian '{unknown[0]}' tidak dikenal; yang dikenal: {', '.join(sorted(KEYS))}.")
    head = data.get("pemda")
    if not isinstance(head, dict):
        raise _fail(source, "pemda", "tabel [pemda] dengan nama, kop, kota", head)
    _check_keys(head, KEYS["pemda"], "pemda", source)
    kop = head.get("kop")
    if not isinstance(kop, list) or not kop or not all(isinstance(k, str) for k in kop):
        raise _fail(source, "pemda.kop", "daftar baris teks kop surat", kop)
    signer = head.get("penandatangan", {})
    if not isinstance(signer, dict):
        raise _fail(source, "pemda.penandatangan", "tabel dengan jabatan, nama, nip", signer)
    _check_keys(signer, PENANDATANGAN_KEYS, "pemda.penandatangan", source)
    zona = head.get("zona_waktu", DEFAULT_ZONA)
    zone = time_zone_name(zona) if isinstance(zona, str) else None
    if zone is None:
        raise _fail(source, "pemda.zona_waktu", '"WIB", "WITA", "WIT" atau zona waktu IANA, misalnya "Asia/Makassar" (WITA)', zona)
    dask = data.get("dask", {})
    if not isinstance(dask, dict):
        raise _fail(source, "dask", "tabel [dask] dengan alamat", dask)
    _check_keys(dask, KEYS["dask"], "dask", source)
    alamat = dask.get("alamat", "")
    if not isinstance(alamat, str):
        raise _fail(source, "dask.alamat", 'alamat penjadwal Dask, misalnya "tcp://10.0.0.5:8786"', alamat)
    rows = data.get("opd")
    if not isinstance(rows, list) or not rows or not all(isinstance(r, dict) for r in rows):
        raise _fail(source, "opd", "paling sedikit satu tabel [[opd]] dengan kode dan nama", rows)
    opd: list[Opd] = []
    seen: set[str] = set()
    for index, row in enumerate(rows, start=1):
        where = f"opd[{index}]"
        _check_keys(row, KEYS["opd"], where, source)
        kode = _text(row, "kode", where, source)
        if kode.upper() in seen:
            raise _fail(source, f"{where}.kode", "kode OPD yang unik", kode)
        seen.add(kode.upper())
        sub = row.get("folder", folder.default_opd_folder(kode))
        if not isinstance(sub, str) or not sub.strip():
            raise _fail(source, f"{where}.folder", "folder ruang kerja OPD (relatif terhadap folder Pemda)", sub)
        root_dir = folder.opd_dir(sub.strip())
        if not root_dir.is_dir():
            raise _fail(source, f"{where}.folder", f"folder yang ada (tidak ditemukan: {root_dir})", sub)
        opd.append(Opd(kode, _text(row, "nama", where, source), root_dir))
    return Pemda(
        folder=folder,
        nama=_text(head, "nama", "pemda", source),
        kop=tuple(kop),
        kota=_text(head, "kota", "pemda", source),
        opd=tuple(opd),
        penandatangan={k: str(v) for k, v in signer.items()},
        dask=alamat.strip(),
        zona_waktu=zone,
    )


def find_pemda(explicit: str | os.PathLike[str] | None = None) -> Pemda:
    """The Pemda workspace: ``explicit``, else ``KINERJA_WORKSPACE``, else the current folder."""
    root = explicit or os.environ.get("KINERJA_WORKSPACE") or Path.cwd()
    return load_pemda(root)
