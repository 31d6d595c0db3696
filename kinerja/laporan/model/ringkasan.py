"""What the capaian table says, counted from the same rows the report prints: headline figures
(:func:`ringkasan_frame`), indicators at risk (:func:`indikator_berisiko`) and doing well, counts per
predikat group (:func:`kelompok_capaian`), and the analysis and conclusion sentences of the narrative
(:func:`kalimat_analisis`, :func:`kalimat_kesimpulan`). Pure over the DataFrame and the config.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from kinerja.capaian.rumus import berisiko_array
from kinerja.capaian.tabel import (
    BELUM_DIUKUR,
    DIHITUNG,
    TIDAK_DIHITUNG,
    capaian_text,
    serapan_anggaran,
    summary_counts,
)
from kinerja.config import Config
from kinerja.domain.predikat import batas_aman, nama_aman, teks_baik
from kinerja.numbers import (
    format_percent,
    format_rupiah,
)
from kinerja.periksa import HasilResmi


def ringkasan_frame(tabel: pd.DataFrame, config: Config) -> dict[str, Any]:
    """Headline figures: counts per predikat and status, mean capaian, pagu, realisasi, serapan.

    Every figure comes from ``tabel``, the table the report prints. Rows not computed count
    under their status, never as a value. Pagu, realisasi and serapan are all taken over the
    same rows, those whose budget could be computed (``anggaran_tidak_dihitung`` says how many
    could not), so the serapan printed is the realisasi printed over the pagu printed.

    >>> from kinerja.config import load_config
    >>> t = pd.DataFrame({"capaian": [100.0, 80.0], "predikat": ["Sangat Tinggi", "Tinggi"], "status": ["dihitung"] * 2,
    ...                   "pagu": [100.0, 300.0], "realisasi_anggaran": [50.0, 150.0]})
    >>> r = ringkasan_frame(t, load_config()); r["rata_rata"], r["serapan"], r["jumlah"]
    (90.0, 50.0, 2)
    """
    counts = summary_counts(tabel, config) if not tabel.empty else pd.Series(dtype=int)
    ok = tabel[tabel["status"] == DIHITUNG] if not tabel.empty else tabel
    if tabel.empty:
        pagu = real = 0.0
        serapan = None
        budget_galat = 0
    else:
        pagu_values = pd.to_numeric(tabel["pagu"], errors="coerce")
        real_values = pd.to_numeric(tabel["realisasi_anggaran"], errors="coerce")
        fine = (tabel["keterangan_anggaran"].fillna("") == "") if "keterangan_anggaran" in tabel else pd.Series(True, index=tabel.index)
        pagu, real = float(pagu_values[fine].sum()), float(real_values[fine].sum())
        serapan = serapan_anggaran(real, pagu)
        budget_galat = int((~fine).sum())
    return {
        "jumlah": len(tabel),
        "dihitung": len(ok),
        "tidak_dihitung": int((tabel["status"] == TIDAK_DIHITUNG).sum()) if not tabel.empty else 0,
        "per_predikat": counts.to_dict(),
        "rata_rata": float(pd.to_numeric(ok["capaian"], errors="coerce").mean()) if not ok.empty else None,
        "pagu": pagu,
        "realisasi_anggaran": real,
        "serapan": serapan,
        "anggaran_tidak_dihitung": budget_galat,
    }



def _berisiko(tabel: pd.DataFrame, config: Config) -> np.ndarray:
    """The at-risk rule of :func:`kinerja.capaian.rumus.berisiko_array`, row by row, with the
    office's bound (:func:`kinerja.domain.predikat.batas_aman`)."""
    capaian = pd.to_numeric(tabel["capaian"], errors="coerce").to_numpy(dtype=float)
    return berisiko_array(capaian, (tabel["status"] == DIHITUNG).to_numpy(), aman=batas_aman(config.predikat))



def indikator_berisiko(tabel: pd.DataFrame, config: Config) -> pd.DataFrame:
    """Indicators that need attention (:func:`kinerja.capaian.rumus.berisiko_array`): capaian
    below the office's bound (:func:`~kinerja.domain.predikat.batas_aman`: Sedang or lower by default), not yet measured, not
    evaluable or not computed (galat). One row per table row, with its key.

    >>> from kinerja.config import load_config
    >>> t = pd.DataFrame({"unit": ["U"] * 3, "kode": ["A", "B", "C"], "indikator": ["A", "B", "C"],
    ...     "capaian": [95.0, 60.0, float("nan")], "predikat": ["Sangat Tinggi", "Rendah", None],
    ...     "status": ["dihitung", "dihitung", "belum diukur"],
    ...     "pptk": ["x", "y", "z"], "kendala": ["", "", ""], "tindak_lanjut": ["", "", ""], "keterangan": ["", "", ""]})
    >>> indikator_berisiko(t, load_config())["kode"].tolist()
    ['B', 'C']
    """
    columns = ["unit", "kode", "unit_nama", "indikator", "alasan", "pptk", "kendala", "tindak_lanjut", "capaian"]
    if tabel.empty:
        return pd.DataFrame(columns=columns)
    risky = _berisiko(tabel, config)
    rows = []
    for row in tabel[risky].to_dict(orient="records"):
        status = row.get("status")
        if status == DIHITUNG:
            alasan = f"capaian {format_percent(row['capaian'])} ({row['predikat']})"
        elif status == BELUM_DIUKUR:
            alasan = "realisasi belum diisi (belum diukur)"
        elif status == TIDAK_DIHITUNG:
            alasan = capaian_text(status, row.get("capaian"), row.get("keterangan"))
        else:
            alasan = "tidak dapat diukur" + (f": {row['keterangan']}" if row.get("keterangan") else "")
        rows.append({"unit": row.get("unit", ""), "kode": row.get("kode", ""), "unit_nama": row.get("unit_nama") or row.get("unit", ""),
                     "indikator": row["indikator"], "alasan": alasan, "pptk": row.get("pptk", ""),
                     "kendala": row.get("kendala", ""), "tindak_lanjut": row.get("tindak_lanjut", ""), "capaian": row.get("capaian")})
    return pd.DataFrame(rows, columns=columns)



def kelompok_capaian(tabel: pd.DataFrame, config: Config) -> dict[str, int]:
    """How many indicators reach Tinggi/Sangat Tinggi (``baik``) and how many need attention
    (``perhatian``: the rows of :func:`indikator_berisiko`); ``baik + perhatian == jumlah``.

    >>> from kinerja.config import load_config
    >>> t = pd.DataFrame({"capaian": [80.0, 55.0, None], "status": ["dihitung", "dihitung", "tidak dihitung"]})
    >>> kelompok_capaian(t, load_config())
    {'jumlah': 3, 'baik': 1, 'perhatian': 2}
    """
    if tabel.empty:
        return {"jumlah": 0, "baik": 0, "perhatian": 0}
    baik = int((~_berisiko(tabel, config)).sum())
    return {"jumlah": len(tabel), "baik": baik, "perhatian": len(tabel) - baik}



def indikator_baik(tabel: pd.DataFrame, config: Config) -> pd.DataFrame:
    """The rows reaching Tinggi or Sangat Tinggi (the complement of :func:`indikator_berisiko`)."""
    if tabel.empty:
        return tabel
    return tabel[~_berisiko(tabel, config)]



def kalimat_analisis(tabel: pd.DataFrame, config: Config) -> str:
    """The sentence that opens the analysis of causes, from :func:`kelompok_capaian`."""
    k = kelompok_capaian(tabel, config)
    return (f"Dari {k['jumlah']} indikator, {k['baik']} indikator mencapai predikat {teks_baik(config.predikat)}; "
            f"{k['perhatian']} indikator memerlukan perhatian.")



def kalimat_kesimpulan(tabel: pd.DataFrame, config: Config, tahun: int, masalah: list[str] | None = None) -> str:
    """The generated opening of Bab IV: the year in numbers, from :func:`ringkasan_frame`."""
    r = ringkasan_frame(tabel, config)
    counts = ", ".join(f"{v} {k}" for k, v in r["per_predikat"].items() if v)
    text = (f"Pada tahun {tahun}, {config.instansi.nama} mengukur {r['jumlah']} indikator kinerja "
            f"dengan rata-rata capaian {format_percent(r['rata_rata'])} ({counts or 'belum ada yang terukur'}). "
            f"Realisasi anggaran {format_rupiah(r['realisasi_anggaran'])} dari pagu {format_rupiah(r['pagu'])} "
            f"(serapan {format_percent(r['serapan'])}).")
    if masalah:
        text += " Laporan ini belum final karena: " + "; ".join(masalah) + "."
    return text


def hasil_resmi(tabel: pd.DataFrame, config: Config, tahun: int, triwulan: int | None = None, *, referensi: Any = None) -> HasilResmi:
    """The figures of ``tabel`` for :mod:`kinerja.periksa`: what every sentence of the report and
    every ``{{ field }}`` of the narasi is checked against or filled from (counts and sums from
    :func:`ringkasan_frame`, the at-risk band :func:`~kinerja.domain.predikat.nama_aman`,
    Renstra end targets from ``referensi``).

    >>> from kinerja.config import load_config
    >>> t = pd.DataFrame({"capaian": [120.0, 80.0, None], "predikat": ["Sangat Tinggi", "Tinggi", None], "sasaran": ["S1", "S1", "S2"],
    ...     "status": ["dihitung", "dihitung", "belum diukur"], "indikator": ["A", "B", "C"], "pagu": [100.0, 300.0, 0.0],
    ...     "realisasi_anggaran": [50.0, 150.0, 0.0]})
    >>> h = hasil_resmi(t, load_config(), 2026)
    >>> h.jumlah, h.dihitung, h.rata_rata, h.ambang, h.perhatian, h.tercapai, h.sasaran, h.serapan
    (3, 2, 100.0, 'Tinggi', 1, 1, 2, 50.0)
    """
    r = ringkasan_frame(tabel, config)
    bands = [b.nama for b in config.predikat]
    ambang = nama_aman(config.predikat)
    counts = r["per_predikat"]
    ok = tabel[tabel["status"] == DIHITUNG] if not tabel.empty else tabel
    values = pd.to_numeric(ok["capaian"], errors="coerce") if not ok.empty else pd.Series(dtype=float)
    indikator: dict[str, tuple[float, ...]] = {}
    for name, value in zip(ok.get("indikator", pd.Series(dtype=object)), values, strict=False):
        if value == value:
            indikator[str(name)] = (*indikator.get(str(name), ()), float(value))
    dibandingkan = tercapai = None
    if referensi is not None and getattr(referensi, "renstra", None) and not tabel.empty:
        known = [v for v in (referensi.capaian_renstra(row, config) for row in tabel.to_dict(orient="records")) if v is not None]
        dibandingkan, tercapai = len(known), sum(v >= 100 for v in known)
    return HasilResmi(
        tahun=tahun, triwulan=triwulan, jumlah=r["jumlah"], dihitung=r["dihitung"], rata_rata=r["rata_rata"],
        per_predikat={b: int(counts.get(b, 0)) for b in bands},
        per_status={k: int(v) for k, v in counts.items() if k not in bands}, ambang=ambang,
        pagu=r["pagu"] if not tabel.empty else None, realisasi_anggaran=r["realisasi_anggaran"] if not tabel.empty else None,
        serapan=r["serapan"], sasaran=int(tabel.groupby("sasaran", sort=False).ngroups) if "sasaran" in tabel and not tabel.empty else 0,
        tercapai=int((values >= 100).sum()), renstra_dibandingkan=dibandingkan, renstra_tercapai=tercapai, indikator=indikator,
        nama_perhatian=tuple(str(n) for n in indikator_berisiko(tabel, config)["indikator"]))
