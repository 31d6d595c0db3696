"""The budget of every row of the capaian table: pagu, realisasi and anggaran kas to date, serapan and
efisiensi (against the anggaran kas mid-year, the pagu at year end), and the efisiensi rule in words."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from kinerja.capaian.galat import galat_fields
from kinerja.capaian.kolom import column_of
from kinerja.capaian.rumus import efisiensi_array, serapan_array
from kinerja.capaian.skema import DASAR_ANGGARAN_KAS, DASAR_PAGU, QUARTERS
from kinerja.domain.predikat import batas_aman, nama_aman
from kinerja.numbers import format_number

if TYPE_CHECKING:  # pragma: no cover
    from kinerja.config import Config


ATURAN_EFISIENSI = (
    "Efisiensi membandingkan capaian kinerja dengan serapan anggaran yang direncanakan sampai "
    "periode yang sama. Pada laporan tahunan dan Triwulan IV pembandingnya pagu; pada Triwulan I–III "
    "pembandingnya anggaran kas (rencana penarikan dana) sampai triwulan itu. Bila anggaran kas "
    "tidak diisi, efisiensi tidak dinilai sebelum Triwulan IV dan hanya serapan terhadap pagu yang "
    "ditampilkan. Selisih capaian dikurangi serapan lebih dari {ambang} poin: efisien; "
    "antara −{ambang} dan {ambang} poin: cukup efisien; kurang dari −{ambang} poin: tidak efisien. "
    "Indikator yang capaiannya di bawah {aman}% (di bawah predikat {nama_aman}) tidak pernah "
    "disebut efisien, karena targetnya tidak tercapai: tidak efisien bila serapan melampaui capaian lebih dari {ambang} "
    "poin, selain itu efisiensinya tidak dinilai."
)
"""The efisiensi rule in words, for the reports' methods note: :func:`aturan_efisiensi`."""


def aturan_efisiensi(config: Config) -> str:
    """:data:`ATURAN_EFISIENSI` for the office: its ``ambang`` and its at-risk bound."""
    bands = config.predikat
    return ATURAN_EFISIENSI.format(ambang=format_number(config.ambang_efisiensi, 0),
                                   aman=format_number(batas_aman(bands), 0), nama_aman=nama_aman(bands))


@dataclass
class Anggaran:
    """Budget per row: pagu, realisasi and anggaran kas to date, serapan, efisiensi."""

    pagu: np.ndarray
    anggaran_q: np.ndarray  # (n, 4) realisasi anggaran per quarter
    rencana_q: np.ndarray   # (n, 4) anggaran kas per quarter
    realisasi_anggaran: np.ndarray
    rencana_anggaran: np.ndarray
    serapan: np.ndarray
    serapan_rencana: np.ndarray
    efisiensi: np.ndarray
    dasar: np.ndarray


def budget_of(data: pd.DataFrame, galat_map: dict, galat_anggaran: np.ndarray, capaian: np.ndarray, config: Config,
            triwulan: int, tahunan: bool) -> Anggaran:
    """Step 6: the budget (a galat in a budget cell blanks what it spoils, never the capaian); efisiensi
    against the anggaran kas mid-year, against the pagu at year end."""
    n, k = len(data), triwulan
    pagu = np.array(pd.to_numeric(column_of(data, "pagu", np.nan), errors="coerce"), dtype=float)
    anggaran_q = budget_columns(data, "realisasi_anggaran", n)
    rencana_q = budget_columns(data, "rencana_anggaran", n)
    for i in np.flatnonzero(galat_anggaran != "").tolist():
        fields = galat_fields(galat_map, i)
        if "pagu" in fields or not fields:
            pagu[i] = np.nan
        if not fields or any(f.startswith("realisasi_anggaran") for f in fields):
            anggaran_q[i, :] = np.nan
        if not fields or any(f.startswith("rencana_anggaran") for f in fields):
            rencana_q[i, :] = np.nan
    anggaran_filled = ~np.isnan(anggaran_q[:, :k])
    realisasi_anggaran = np.where(anggaran_filled.any(axis=1), np.nansum(anggaran_q[:, :k], axis=1), np.nan)
    plan_complete = ~np.isnan(rencana_q[:, :k]).any(axis=1)
    rencana_anggaran = np.where(plan_complete, rencana_q[:, :k].sum(axis=1), np.nan)
    serapan = serapan_array(realisasi_anggaran, pagu)
    serapan_rencana = serapan_array(realisasi_anggaran, rencana_anggaran)
    year_end = tahunan or triwulan == 4
    basis = serapan if year_end else serapan_rencana
    dasar = np.where(np.isnan(basis), "", DASAR_PAGU if year_end else DASAR_ANGGARAN_KAS).astype(object)
    efisiensi_values = efisiensi_array(capaian, basis, config.ambang_efisiensi, aman=batas_aman(config.predikat))
    dasar[pd.isna(efisiensi_values)] = ""
    return Anggaran(pagu, anggaran_q, rencana_q, realisasi_anggaran, rencana_anggaran, serapan, serapan_rencana,
                     efisiensi_values, dasar)


def budget_columns(data: pd.DataFrame, prefix: str, n: int) -> np.ndarray:
    if not n:
        return np.empty((0, 4))
    return np.column_stack([
        pd.to_numeric(column_of(data, f"{prefix}_triwulan_{q}", np.nan), errors="coerce").to_numpy(dtype=float)
        for q in QUARTERS
    ])
