"""What January needs before a new year's first quarter: the checklist of ``kinerja tahun-baru``.

A new year starts with last year closing (its TW IV and its LKjIP, due three months after the
year) and this year's Perjanjian Kinerja. :func:`daftar` looks at the workspace and says, item by
item, what is ready and what to do next (the command, in Indonesian):

1. last year's annual report documented (the source of every earlier-year figure of this year's LKjIP);
2. the Rencana Aksi template of the new year (new PK targets and the DPA's anggaran kas per quarter);
3. the quarter folders ``data/raw/<tahun>/triwulan-<n>/`` the Analis Data collects into;
4. the riwayat workbook (earlier years' realisasi and the Renstra end targets: ``kinerja riwayat templat``)
   covering the two previous years and a Renstra period that includes the new year;
5. every person who acts in the SOP with a registered signing key (and no sample key in a real office).

Reading only: nothing is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from kinerja.alur.kunci import registered, sample_key_people
from kinerja.domain import sop
from kinerja.domain.peran import ROLES
from kinerja.errors import KinerjaError
from kinerja.paths import Workspace


@dataclass(frozen=True)
class Butir:
    """One item of the checklist."""

    judul: str
    siap: bool
    keterangan: str
    perintah: str = ""   # what to run when it is not ready ('' when ready)


def _renstra_covers(periode: str, tahun: int) -> bool:
    """True when a Renstra period like ``2024–2026`` (or ``2024-2026``, ``2024 s.d. 2026``) includes ``tahun``.

    >>> _renstra_covers("2024–2026", 2026), _renstra_covers("2021 - 2025", 2026), _renstra_covers("", 2026)
    (True, False, False)
    """
    years = [int(y) for y in re.findall(r"\d{4}", periode)]
    return len(years) >= 2 and years[0] <= tahun <= years[-1]


def daftar(workspace: Workspace, config: Any, tahun: int) -> list[Butir]:
    """The January checklist for ``tahun`` (the year that starts)."""
    from kinerja.alur.workflow import approval  # noqa: PLC0415 -- kinerja.alur.workflow + logging, json (~66 ms) kept off importing this module

    items: list[Butir] = []
    previous = tahun - 1
    annual = approval(workspace, config, previous, None)
    done = sop.keadaan(annual.keadaan).akhir
    items.append(Butir(
        f"Laporan kinerja tahunan {previous} didokumentasikan", done,
        f"keadaan: {annual.keadaan_label}" + ("" if done else f"; LKjIP {tahun} membandingkan dengan {previous} hanya dari laporan "
                                              "tahunan yang didokumentasikan"),
        "" if done else f"kinerja laporan tahunan --tahun {previous}, lalu kinerja alur dokumentasikan_tahunan --tahun {previous}"))

    template = sorted(workspace.root.glob(f"*{tahun}*.xlsx")) + sorted((workspace.root / "data").glob(f"*{tahun}*.xlsx"))
    items.append(Butir(
        f"Templat Rencana Aksi {tahun} (target Perjanjian Kinerja baru dan anggaran kas per triwulan dari DPA)", bool(template),
        ", ".join(workspace.shown(p) for p in template) or "belum ada berkas templat tahun ini di ruang kerja",
        "" if template else f"kinerja templat --tahun {tahun} --keluaran rencana-aksi-{tahun}.xlsx, lalu bagikan ke setiap unit"))

    missing = [n for n in range(1, 5) if not (workspace.raw / str(tahun) / f"triwulan-{n}").is_dir()]
    items.append(Butir(
        f"Folder lembar kerja data/raw/{tahun}/triwulan-1 … triwulan-4", not missing,
        "semua ada" if not missing else "belum ada: " + ", ".join(f"triwulan-{n}" for n in missing),
        "" if not missing else f"kinerja tahun-baru --tahun {tahun} --siapkan-folder"))

    items.append(_riwayat_item(workspace, config, tahun))

    acting = {step.peran for step in sop.LANGKAH}
    without = [p.username for p in config.pegawai if any(p.has_role(r) for r in acting & set(ROLES)) and not registered(p)]
    sample = [] if config.contoh else sample_key_people(config)
    ready = not without and not sample
    detail = "setiap pegawai yang bertindak dalam alur punya kunci terdaftar"
    if without:
        detail = "belum punya kunci_publik: " + ", ".join(without)
    if sample:
        detail += ("; " if without else "") + "memakai kunci sampel yang diketahui umum: " + ", ".join(sample)
    items.append(Butir("Kunci tanda tangan setiap pelaku SOP", ready, detail,
                       "" if ready else "setiap orang itu: kinerja kunci buat; admin menyalin kunci_publik-nya ke kinerja.toml"))
    return items


def _riwayat_item(workspace: Workspace, config: Any, tahun: int) -> Butir:
    from kinerja.laporan.model.riwayat import RIWAYAT, load_referensi, riwayat_path  # noqa: PLC0415 -- kinerja.laporan.model.riwayat + pandas, numpy, dateutil (~234 ms) kept off importing this module

    title = f"Riwayat capaian ({RIWAYAT}): realisasi {tahun - 2} dan {tahun - 1}, target akhir Renstra"
    command = f"kinerja riwayat templat --tahun {tahun}, isi, lalu kinerja riwayat periksa --tahun {tahun}"
    if not riwayat_path(workspace.root).is_file():
        return Butir(title, False, "belum ada", command)
    try:
        ref = load_referensi(workspace, config, tahun)  # a documented annual report stands for its year's column
    except KinerjaError as exc:
        return Butir(title, False, str(exc), f"kinerja riwayat periksa --tahun {tahun}")
    gaps = [f"kolom Realisasi {y} kosong" for y in (tahun - 2, tahun - 1) if not ref.tahun.get(y)]
    if not _renstra_covers(ref.periode, tahun):
        gaps.append(f"periode Renstra '{ref.periode or 'kosong'}' tidak mencakup {tahun}")
    if not ref.renstra:
        gaps.append("Target Akhir Renstra kosong")
    return Butir(title, not gaps, "; ".join(gaps) or f"{len(ref.renstra)} target Renstra, periode {ref.periode}",
                 "" if not gaps else command)
