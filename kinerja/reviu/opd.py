"""Reviu of every OPD of a Pemda from kinerja's own results: ``kinerja reviu --semua-opd --tahun N``.

Each OPD's documented annual report is read through the one rule for official annual results
(:func:`kinerja.laporan.model.hasil.official_annual_results`: the archived version the
documenting event recorded, never a DRAF); its stored capaian rows become one table (indicator
named by unit and code, satuan, the row's own arah, target, realisasi, and the capaian as the
reports print it, two decimals) and every row goes through the same check as a document's
(:func:`kinerja.reviu.periksa.periksa_baris`). No PDF is parsed. An OPD without a documented
annual report keeps its line with the reason. OPD run in worker processes (as many as
:func:`kinerja.pemda.pool.default_workers`) when there are more than a few of them; one OPD's
failure never stops the others.
"""

from __future__ import annotations

import json
import math
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from kinerja.atomic import make_dirs, write_text
from kinerja.capaian.tabel import format_target
from kinerja.config import load_workspace_config
from kinerja.errors import KinerjaError, describe_fault
from kinerja.laporan.model.hasil import official_annual_results
from kinerja.numbers import format_number, parse_target, round_half_up
from kinerja.paths import Workspace
from kinerja.pemda.pool import default_workers
from kinerja.reviu.baca import Grid, Sel
from kinerja.reviu.kkr import tulis_kkr
from kinerja.reviu.periksa import Aturan, HasilBaris, HasilReviu, periksa_baris
from kinerja.reviu.tabel import BarisTabel, Kolom, TabelKinerja
from kinerja.reviu.temuan import STATUS, TIDAK_DAPAT_DIHITUNG, TemuanReviu

DI_PROSES_INI = 4
"""Up to this many OPD are reviewed in this process (starting workers costs more than it saves)."""


@dataclass
class ReviuOpd:
    """One OPD's reviu: its rows' verdicts, or why there are none."""

    kode: str
    nama: str
    baris: list[HasilBaris]
    alasan: str = ""

    def jumlah(self, status: str) -> int:
        return sum(1 for b in self.baris if b.status == status)


def _teks(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else format_target(value)


def _sel_nilai(value: object):
    text = _teks(value)
    parsed = parse_target(value) if isinstance(value, str) else value
    if isinstance(parsed, float) and not math.isnan(parsed):
        return Sel(text, parsed, 6)  # kinerja's own figure, unrounded
    return Sel(text)


def baris_hasil(capaian, kode_opd: str, tahun: int, aturan: Aturan) -> list[HasilBaris]:
    """Every stored capaian row of one OPD's annual results, checked like a printed table's rows."""
    rows = []
    for record in capaian.to_dict("records"):
        name = f"{record.get('unit') or ''}/{record.get('kode') or ''} {record.get('indikator') or ''}".strip()
        value = record.get("capaian")
        printed = None if value is None or (isinstance(value, float) and math.isnan(value)) else round_half_up(float(value), 2)
        cap = Sel(format_number(printed, 2), printed, 2) if printed is not None else Sel("")
        rows.append([Sel(name), Sel(str(record.get("satuan") or "")), Sel(str(record.get("arah") or "")),
                     _sel_nilai(record.get("target")), _sel_nilai(record.get("realisasi")), cap])
    grid = Grid(Path(f"{kode_opd}-hasil-tahunan-{tahun}"), 1, rows, list(range(1, len(rows) + 1)), [None] * len(rows),
                judul=f"capaian laporan tahunan {tahun} (hasil terdokumentasi)")
    kolom = Kolom(indikator=0, satuan=1, arah=2, target=3, realisasi=4, capaian=5)
    table = TabelKinerja("capaian", grid, kolom, [BarisTabel(r, i, None) for i, r in enumerate(rows, start=1)],
                         grid.judul, 6)
    return [periksa_baris(r, table, aturan) for r in table.baris]


def reviu_satu_opd(kode: str, nama: str, root: str, tahun: int, aturan: Aturan) -> ReviuOpd:
    """One OPD (top-level so a worker process can run it); every fault becomes the reason."""
    try:
        workspace = Workspace(Path(root))
        config = load_workspace_config(workspace.root)
        own = Aturan.dari_config(config, aturan.batas_capaian)
        hasil, reason = official_annual_results(workspace, config, tahun)
    except KinerjaError as exc:
        return ReviuOpd(kode, nama, [], str(exc))
    except Exception as exc:  # a broken OPD workspace must not stop the others
        return ReviuOpd(kode, nama, [], describe_fault(exc) or f"{type(exc).__name__}: {exc}")
    if hasil is None:
        return ReviuOpd(kode, nama, [], reason or f"belum ada laporan tahunan {tahun}")
    return ReviuOpd(kode, nama, baris_hasil(hasil.capaian, kode, tahun, own))


def reviu_semua_opd(opd, tahun: int, aturan: Aturan, *, pekerja: int | None = None) -> list[ReviuOpd]:
    """Every OPD's documented annual report checked, in the Pemda's order."""
    jobs = [(o.kode, o.nama, str(o.root), tahun, aturan) for o in opd]
    if len(jobs) <= DI_PROSES_INI or pekerja == 1:
        return [reviu_satu_opd(*job) for job in jobs]

    workers = min(pekerja or default_workers(), len(jobs))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(reviu_satu_opd, *job) for job in jobs]
        out = []
        for job, future in zip(jobs, futures, strict=True):
            try:
                out.append(future.result())
            except Exception as exc:  # a worker that died
                out.append(ReviuOpd(job[0], job[1], [], f"proses pemeriksa berhenti ({type(exc).__name__})"))
        return out


def rekap(hasil: list[ReviuOpd]) -> list[dict]:
    """The recap: per OPD the rows checked and how many of each verdict."""
    return [{"kode": h.kode, "nama": h.nama, "baris": len(h.baris), **{s: h.jumlah(s) for s in STATUS},
             "keterangan": h.alasan} for h in hasil]


REKAP_JSON = "rekap-reviu-{tahun}.json"
KKR_XLSX = "kertas-kerja-reviu-{tahun}.xlsx"
"""The reviu's recap in the Pemda's recap folder of the year (``laporan/<tahun>/tahunan/``)."""


def tulis_rekap(pemda, tahun: int, hasil: list[ReviuOpd], *, dibuat: str) -> list[Path]:
    """Write the reviu of every OPD into the Pemda's recap folder of the year: ``rekap-reviu-<tahun>.json``
    (``{"tahun", "dibuat", "opd": one recap record per OPD, "baris": every row checked}``) and the Kertas Kerja
    Reviu of all OPD (``kertas-kerja-reviu-<tahun>.xlsx``); each written whole or not at all."""
    folder = pemda.folder.recap_dir(tahun, None)
    make_dirs(folder)
    semua = HasilReviu([b for h in hasil for b in h.baris],
                       [TemuanReviu(h.kode, "opd", TIDAK_DAPAT_DIHITUNG, f"{h.kode} {h.nama}: {h.alasan}")
                        for h in hasil if h.alasan])
    document = {"tahun": tahun, "dibuat": dibuat, "opd": rekap(hasil), "baris": [b.as_json() for b in semua.baris]}
    recap = folder / REKAP_JSON.format(tahun=tahun)
    write_text(recap, json.dumps(document, ensure_ascii=False, indent=1))
    kkr = tulis_kkr(semua, folder / KKR_XLSX.format(tahun=tahun),
                    judul=f"KERTAS KERJA REVIU LAPORAN KINERJA {tahun} — {pemda.nama}")
    return [recap, kkr]
