"""The rules across keys of ``kinerja.toml`` (references, orderings, uniqueness), run once every key
has the right kind, and :class:`Problem`, one thing wrong in the file."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from kinerja.config.schema import Config, Pegawai
from kinerja.domain.peran import PERAN_OPSIONAL, ROLES
from kinerja.paths import lambang_file


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
        if role in PERAN_OPSIONAL and not set(PERAN_OPSIONAL[role]) & cfg.opsi_sop:
            continue  # e.g. the Inspektur, needed only with [alur] reviu_apip or reviu_lkjip = true
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
    if cfg.instansi.lambang and lambang_file(cfg.instansi.lambang, cfg.source) is None:
        return [Problem("instansi.lambang", f"tidak valid: berkas {cfg.instansi.lambang!r} tidak ditemukan",
                        "nama berkas gambar (PNG/JPEG) di folder yang sama dengan kinerja.toml, atau kosongkan")]
    if cfg.instansi.lambang and not cfg.instansi.lambang.lower().endswith((".png", ".jpg", ".jpeg")):
        return [Problem("instansi.lambang", f"tidak valid (tertulis: {cfg.instansi.lambang!r})", "berkas .png, .jpg atau .jpeg")]
    return []


CHECKS: tuple[Callable[[Config], list[Problem]], ...] = (_check_units, _check_people, _check_bands, _check_hours, _check_efficiency,
                                                         _check_lambang)
"""Rules across keys, run once every key has the right kind."""
