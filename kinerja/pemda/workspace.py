"""The Pemda workspace: ``pemda.toml`` and one ordinary office workspace per OPD.

::

    pemda/
      pemda.toml                 [pemda] nama, kop, kota; [dask] alamat; [[opd]] kode, nama, folder
      opd/dinkes/kinerja.toml    each OPD: its own config, people, units, data/raw, laporan, kinerja.db
      opd/...
      laporan/2025/triwulan-3/   the Pemda recap (rekapitulasi kinerja perangkat daerah)

Every OPD is a complete workspace: all single-office commands work in its folder. The Pemda
config is read by the office config's strict reader (:func:`kinerja.config.parse_schema`) into
the frozen dataclasses of its schema (:class:`PemdaToml`): an unknown key, a wrong or missing value,
a duplicate OPD code or a missing OPD folder is an error naming the file and the key.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

from kinerja.config import Problem, parse_schema, read_toml_text
from kinerja.config.kinds import OPTIONAL_TEXT, TEXT, TEXT_LIST, TIME_ZONE, key, table, tables
from kinerja.errors import UsageError
from kinerja.numbers import DEFAULT_ZONA
from kinerja.paths import PEMDA_CONFIG_NAME, PemdaFolder

# -- the schema of pemda.toml (read by the config's strict reader, kinerja.config.parse_schema) ---------------


@dataclass(frozen=True)
class PenandatanganPemda:
    """``[pemda.penandatangan]``: who signs the recap (no name: the recap has no signature block)."""

    jabatan: str = key(OPTIONAL_TEXT, "", 'misalnya "Kepala Bagian Organisasi"')
    nama: str = key(OPTIONAL_TEXT, "", "nama lengkap dengan gelar")
    nip: str = key(OPTIONAL_TEXT, "", 'NIP, misalnya "19720505 199803 1 004"')


@dataclass(frozen=True)
class PemdaKunci:
    """``[pemda]``: the Pemda's name, letterhead, city, time zone and signer."""

    nama: str = key(TEXT, doc='misalnya "Pemerintah Kabupaten Contoh"')
    kop: tuple[str, ...] = key(TEXT_LIST, doc="baris kop surat rekapitulasi dari atas ke bawah")
    kota: str = key(TEXT, doc="kota pada blok tanda tangan")
    zona_waktu: str = key(TIME_ZONE, DEFAULT_ZONA, "zona waktu kantor Pemda: tanggal yang tertulis pada rekapitulasi")
    penandatangan: PenandatanganPemda = table(PenandatanganPemda)


@dataclass(frozen=True)
class Dask:
    """``[dask]``: the Dask scheduler that runs the OPD on several computers (empty: this computer's cores)."""

    alamat: str = key(OPTIONAL_TEXT, "", 'alamat penjadwal Dask, misalnya "tcp://10.0.0.5:8786"')


@dataclass(frozen=True)
class OpdKunci:
    """One ``[[opd]]``: the OPD's stable code, its name and its workspace folder."""

    kode: str = key(TEXT, doc='kode OPD yang unik, misalnya "DISDIK"')
    nama: str = key(TEXT, doc='misalnya "Dinas Pendidikan"')
    folder: str = key(TEXT, "", 'folder ruang kerja OPD relatif terhadap folder Pemda (bawaan "opd/<kode>")')


@dataclass(frozen=True, kw_only=True)
class PemdaToml:
    """The whole ``pemda.toml``: its keys, as written."""

    pemda: PemdaKunci = table(PemdaKunci)
    dask: Dask = table(Dask)
    opd: tuple[OpdKunci, ...] = tables(OpdKunci)


def _check_opd(folder: PemdaFolder, toml: PemdaToml) -> list[Problem]:
    """OPD codes are unique (ignoring case) and every OPD folder exists."""
    out = []
    seen: set[str] = set()
    for index, row in enumerate(toml.opd, start=1):
        if row.kode.upper() in seen:
            out.append(Problem(f"opd[{index}].kode", f"tidak valid (tertulis: {row.kode!r})", "kode OPD yang unik"))
        seen.add(row.kode.upper())
        root = folder.opd_dir(row.folder or folder.default_opd_folder(row.kode))
        if not root.is_dir():
            written = row.folder or f"{folder.default_opd_folder(row.kode)} (bawaan)"
            out.append(Problem(f"opd[{index}].folder", f"tidak valid (tertulis: {written!r}): folder {root} tidak ditemukan",
                               "folder ruang kerja OPD yang ada, relatif terhadap folder Pemda"))
    return out


# -- the Pemda as the commands use it ------------------------------------------------------------------------


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
    penandatangan: PenandatanganPemda = PenandatanganPemda()
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


def load_pemda(root: str | os.PathLike[str]) -> Pemda:
    """Read ``<root>/pemda.toml`` through the config's strict reader (:func:`kinerja.config.parse_schema`,
    schema :class:`PemdaToml`): every unknown key, wrong value or missing key named by file and key.

    Raises:
        kinerja.errors.ConfigError: the file is missing, unreadable, not UTF-8 or TOML, has an unknown key or a wrong or
            missing value, two OPD share a code, or an OPD folder does not exist.
    """
    folder = PemdaFolder(Path(root).expanduser().resolve())
    source = folder.config_file
    missing = (f"Berkas {PEMDA_CONFIG_NAME} tidak ditemukan di {folder.root}; --semua-opd memerlukan ruang kerja Pemda "
               f"(buat dengan `kinerja pemda sampel FOLDER`, atau sebutkan foldernya dengan --ruang-kerja).")
    text = read_toml_text(source, missing)
    toml = parse_schema(PemdaToml, text, str(source), checks=[functools.partial(_check_opd, folder)])
    head = toml.pemda
    return Pemda(
        folder=folder,
        nama=head.nama,
        kop=head.kop,
        kota=head.kota,
        opd=tuple(Opd(o.kode, o.nama, folder.opd_dir(o.folder or folder.default_opd_folder(o.kode))) for o in toml.opd),
        penandatangan=head.penandatangan,
        dask=toml.dask.alamat,
        zona_waktu=head.zona_waktu,
    )


def find_pemda(explicit: str | os.PathLike[str] | None = None) -> Pemda:
    """The Pemda workspace: ``explicit``, else ``KINERJA_WORKSPACE``, else the current folder."""
    root = explicit or os.environ.get("KINERJA_WORKSPACE") or Path.cwd()
    return load_pemda(root)
