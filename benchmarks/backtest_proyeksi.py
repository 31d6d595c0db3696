"""Backtest of the year-end projection (kinerja.capaian.proyeksi) against years whose end is known.

For every indicator of a year with all four quarters filled, the projection made from TW II and
from TW III is compared with the year's real end (the annual capaian of capaian_table, tahunan):

- predikat benar: the share of indicators whose year-end predikat the projection called right;
- MAE capaian: the mean absolute error of the projected capaian, in points;

beside the naive rule "the year ends as the quarter did" (the quarter's capaian against the
target to date, taken as the year-end capaian). Years: the sample office's 2025 and 2026 (the
real sample data) and generated years with a known end — steady, late surge, early stall,
negative indicators, end-of-period levels and averages — seeded, so every run prints the same.

    python benchmarks/backtest_proyeksi.py [--per-skenario 200]
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kinerja.capaian.proyeksi import proyeksi_table
from kinerja.capaian.tabel import capaian_table
from kinerja.config import load_config
from kinerja.lembar.sample import INDICATORS, sample_realisasi

CONFIG = load_config()


@dataclass
class Baris:
    """One indicator of a known year."""

    skenario: str
    arah: str
    metode: str
    satuan: str
    target_tahunan: float
    target: list[float | None]
    realisasi: list[float | None]


def _frame(rows: list[Baris], triwulan: int) -> pd.DataFrame:
    out = []
    for i, b in enumerate(rows):
        row: dict[str, object] = {"unit": f"U{i % 7}", "kode_indikator": f"IK-{i}", "indikator": f"Indikator {i}",
                                  "satuan": b.satuan, "arah": b.arah, "metode": b.metode,
                                  "target_tahunan": b.target_tahunan}
        for q in range(1, 5):
            row[f"target_triwulan_{q}"] = b.target[q - 1]
            row[f"realisasi_triwulan_{q}"] = b.realisasi[q - 1] if q <= triwulan else None
        out.append(row)
    return pd.DataFrame(out)


def _generated(n: int, seed: int = 20261207) -> list[Baris]:
    rnd = random.Random(seed)
    rows: list[Baris] = []

    def counts(shape: Callable[[int, float], float], skenario: str, arah: str = "positif") -> None:
        for _ in range(n):
            plan = [float(rnd.randint(2, 12)) for _ in range(4)]
            level = rnd.uniform(0.55, 1.25)
            real = [max(0.0, round(plan[q] * shape(q, level) * rnd.uniform(0.85, 1.15))) for q in range(4)]
            rows.append(Baris(skenario, arah, "kumulatif", "laporan", sum(plan), plan, real))

    counts(lambda q, lv: lv, "stabil")
    counts(lambda q, lv: lv * (0.6 if q < 2 else 1.0 if q == 2 else 1.8), "lonjakan akhir")
    counts(lambda q, lv: lv * (1.2 if q < 2 else 0.5), "macet setelah awal")
    counts(lambda q, lv: lv, "negatif", arah="negatif")
    for _ in range(n):  # levels (percentages) rising towards a year-end target
        target = float(rnd.randint(70, 100))
        start, step = rnd.uniform(30, 70), rnd.uniform(0, 15)
        real = [min(100.0, round(start + step * q + rnd.uniform(-4, 4), 1)) for q in range(4)]
        rows.append(Baris("akhir periode", "positif", "akhir_periode", "%", target, [None] * 4, real))
    for _ in range(n):  # an index averaged over the quarters
        target = round(rnd.uniform(3.0, 4.0), 2)
        mean = target * rnd.uniform(0.8, 1.1)
        real = [round(mean + rnd.uniform(-0.3, 0.3), 2) for _ in range(4)]
        rows.append(Baris("rata-rata", "positif", "rata_rata", "indeks", target, [target] * 4, real))
    return rows


def _sample(tahun: int) -> list[Baris]:
    rows = []
    for ind in INDICATORS:
        real = sample_realisasi(ind, tahun)
        if not isinstance(ind.target_tahunan, int | float) or any(not isinstance(v, int | float) for v in real):
            continue  # grades and ranges: kept as they are, nothing to project
        rows.append(Baris(f"sampel {tahun}", ind.arah.value, ind.metode.value, ind.satuan, float(ind.target_tahunan),
                          [None if t is None else float(t) for t in ind.target], [float(v) for v in real]))
    return rows


def _score(rows: list[Baris], triwulan: int) -> dict[str, float]:
    truth = capaian_table(_frame(rows, 4), CONFIG, 4, tahunan=True)
    now = capaian_table(_frame(rows, triwulan), CONFIG, triwulan)
    proj = proyeksi_table(now, CONFIG).set_index(["unit", "kode"])
    keys = list(zip(truth["unit"], truth["kode"], strict=True))
    t_cap, t_pred = truth["capaian"].to_numpy(float), truth["predikat"].to_numpy(object)
    p_cap = np.array([float(proj.loc[k, "proyeksi_capaian"]) if proj.loc[k, "proyeksi_capaian"] is not None else np.nan
                      for k in keys])
    p_pred = np.array([proj.loc[k, "proyeksi_predikat"] for k in keys], dtype=object)
    n_cap, n_pred = now["capaian"].to_numpy(float), now["predikat"].to_numpy(object)
    ok = ~np.isnan(t_cap)
    return {
        "n": int(ok.sum()),
        "proyeksi_benar": float(np.mean(p_pred[ok] == t_pred[ok])),
        "naif_benar": float(np.mean(n_pred[ok] == t_pred[ok])),
        "proyeksi_mae": float(np.nanmean(np.abs(p_cap[ok] - t_cap[ok]))),
        "naif_mae": float(np.nanmean(np.abs(n_cap[ok] - t_cap[ok]))),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-skenario", type=int, default=200)
    args = parser.parse_args()
    generated = _generated(args.per_skenario)
    groups: dict[str, list[Baris]] = {}
    for b in [*_sample(2025), *_sample(2026), *generated]:
        groups.setdefault(b.skenario, []).append(b)
    groups["semua (dibangkitkan)"] = generated
    print(f"{'skenario':<22} {'dari':<6} {'n':>5} {'predikat benar':>22} {'MAE capaian (poin)':>24}")
    print(f"{'':<22} {'':<6} {'':>5} {'proyeksi':>11} {'naif':>10} {'proyeksi':>12} {'naif':>11}")
    for name, rows in groups.items():
        for triwulan in (2, 3):
            s = _score(rows, triwulan)
            print(f"{name:<22} {'TW ' + 'I' * triwulan:<6} {s['n']:>5} {s['proyeksi_benar']:>10.0%} {s['naif_benar']:>10.0%}"
                  f" {s['proyeksi_mae']:>12.2f} {s['naif_mae']:>11.2f}")


if __name__ == "__main__":
    main()
