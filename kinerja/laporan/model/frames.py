"""Pure DataFrame helpers of the report data: rows a galat keeps from being computed, capaian per Sasaran
per quarter, the year's trend and each quarter's capaian beside the annual table (joined by ``(unit, kode)``),
stored results back into the reader's shape, budget per programme; tested without a kernel."""

from __future__ import annotations

from typing import Any

import pandas as pd

from kinerja.capaian.rumus import serapan_array
from kinerja.capaian.tabel import (
    DIHITUNG,
    KEY_COLUMNS,
    TIDAK_DIHITUNG,
    capaian_table,
    capaian_text,
    indicator_keys,
)
from kinerja.config import Config, load_config
from kinerja.laporan.model.hasil import (
    Hasil,
)
from kinerja.numbers import (
    parse_target,
)


def tidak_dihitung_frame(tabel: pd.DataFrame) -> pd.DataFrame:
    """The rows of a capaian table that a galat keeps from being computed (capaian or budget).

    Columns ``berkas``, ``baris``, ``unit``, ``kode``, ``indikator``, ``alasan``; the rows
    themselves stay in every table (the galat policy of :mod:`kinerja.capaian.tabel`).

    >>> t = pd.DataFrame({"berkas": ["a.xlsx", "a.xlsx"], "baris": [5, 6], "unit": ["U", "U"], "kode": ["K1", "K2"],
    ...     "indikator": ["X", "Y"], "status": ["dihitung", "tidak dihitung"],
    ...     "keterangan": ["", "tidak dihitung: galat di a.xlsx sel F6"], "keterangan_anggaran": ["", ""]})
    >>> tidak_dihitung_frame(t)[["kode", "alasan"]].values.tolist()
    [['K2', 'tidak dihitung: galat di a.xlsx sel F6']]
    """
    columns = ["berkas", "baris", "unit", "kode", "indikator", "alasan"]
    if tabel.empty:
        return pd.DataFrame(columns=columns)
    rows = []
    for row in tabel.to_dict(orient="records"):
        reasons = []
        if row.get("status") == TIDAK_DIHITUNG:
            reasons.append(str(row.get("keterangan") or TIDAK_DIHITUNG))
        if row.get("keterangan_anggaran"):
            reasons.append(str(row["keterangan_anggaran"]))
        if reasons:
            baris = row.get("baris")
            rows.append({"berkas": str(row.get("berkas") or ""), "baris": int(baris) if pd.notna(baris) else -1,
                         "unit": row.get("unit"), "kode": row.get("kode"), "indikator": row.get("indikator"),
                         "alasan": "; ".join(reasons)})
    return pd.DataFrame(rows, columns=columns)


def progress_frame(
    data: pd.DataFrame,
    config: Config,
    triwulan: int,
    *,
    temuan: pd.DataFrame | None = None,
    sebelumnya: dict[int, Hasil | None] | None = None,
) -> pd.DataFrame:
    """Mean capaian per Sasaran for each quarter 1..triwulan (computed indicators only).

    An earlier quarter with approved results (``sebelumnya``, from
    :func:`kinerja.laporan.model.hasil.official_results`) shows exactly what its approved report
    stated, for the indicators of this report (joined by key); otherwise it is computed from
    this quarter's workbooks. Rows not computed are never a value.
    """
    current = capaian_table(data, config, triwulan, temuan=temuan)
    keys = set(indicator_keys(current)) if not current.empty else set()
    frames = []
    for q in range(1, triwulan + 1):
        stored = (sebelumnya or {}).get(q) if q < triwulan else None
        if stored is not None and not stored.capaian.empty:
            table = with_keys(stored.capaian, config)
            table = table[[k in keys for k in indicator_keys(table)]]
        else:
            table = current if q == triwulan else capaian_table(data, config, q, temuan=temuan)
        ok = table[table["status"] == DIHITUNG].assign(capaian=lambda f: pd.to_numeric(f["capaian"], errors="coerce"))
        if ok.empty:
            continue
        grouped = ok.groupby("sasaran", sort=False)["capaian"].mean().reset_index()
        grouped["triwulan"] = q
        frames.append(grouped)
    if not frames:
        return pd.DataFrame(columns=["sasaran", "capaian", "triwulan"])
    return pd.concat(frames, ignore_index=True)


def with_keys(capaian: pd.DataFrame, config: Config) -> pd.DataFrame:
    """Stored results with the ``(unit, kode)`` key (results written before codes existed get
    the derived code, as the reader would give)."""
    if capaian.empty or all(c in capaian.columns for c in KEY_COLUMNS):
        return capaian
    keyed = capaian_table(frame_from_results(capaian), config, 4)
    out = capaian.copy()
    for column in (*KEY_COLUMNS, "unit_nama"):
        out[column] = keyed[column].to_numpy()
    return out



def frame_from_results(capaian: pd.DataFrame) -> pd.DataFrame:
    """Rebuild the reader-shaped data frame from a stored capaian table (for re-aggregation).

    >>> f = frame_from_results(pd.DataFrame({"target_tahunan": ["80–90"], "realisasi_triwulan_1": ["WTP"]}))
    >>> f.loc[0, "target_tahunan"], f.loc[0, "realisasi_triwulan_1"]
    (Rentang(80.0, 90.0), 'WTP')
    """
    data = capaian.copy()
    if "kode" in data and "kode_indikator" not in data:
        data["kode_indikator"] = data["kode"]
    for name in ["target_tahunan", *[f"target_triwulan_{q}" for q in range(1, 5)], *[f"realisasi_triwulan_{q}" for q in range(1, 5)]]:
        if name in data:
            data[name] = pd.Series([parse_target(v) for v in data[name]], index=data.index, dtype=object)
    for name in ["pagu", *[f"realisasi_anggaran_triwulan_{q}" for q in range(1, 5)],
                 *[f"rencana_anggaran_triwulan_{q}" for q in range(1, 5)]]:
        if name in data:
            data[name] = pd.to_numeric(data[name], errors="coerce").astype(float)
    return data



def trend_frame(per_triwulan: dict[int, Hasil | None], config: Config | None = None) -> pd.DataFrame:
    """Capaian of every indicator as each quarter's report stated it (long format, keyed by
    ``(unit, kode)``; ``status``/``keterangan`` say why a quarter has no value)."""
    columns = [*KEY_COLUMNS, "indikator", "sasaran", "capaian", "serapan", "status", "keterangan", "triwulan"]
    frames = []
    for q, hasil in sorted(per_triwulan.items()):
        if hasil is None or hasil.capaian.empty:
            continue
        stored = with_keys(hasil.capaian, config or load_config())
        part = stored.reindex(columns=columns[:-1]).copy()
        part["status"] = part["status"].fillna(DIHITUNG)
        part["keterangan"] = part["keterangan"].fillna("")
        part["triwulan"] = q
        frames.append(part)
    if not frames:
        return pd.DataFrame(columns=columns)
    out = pd.concat(frames, ignore_index=True)
    out["capaian"] = pd.to_numeric(out["capaian"], errors="coerce")
    out.loc[out["status"] != DIHITUNG, "capaian"] = float("nan")
    out["serapan"] = pd.to_numeric(out["serapan"], errors="coerce")
    return out


def capaian_triwulan_frame(tabel: pd.DataFrame, tren: pd.DataFrame, *, ringkas: bool = False) -> pd.DataFrame:
    """The annual table's rows with each quarter's capaian as that quarter's report stated it,
    joined by ``(unit, kode)``: columns ``capaian_tw_<q>`` (float, NaN when not a value) and
    ``teks_tw_<q>`` (what to print: ``85,50%``, the status, or ``–`` when the quarter has no
    row for the indicator; ``ringkas``: the short galat text of
    :func:`kinerja.capaian.tabel.capaian_text` for narrow columns).

    >>> tabel = pd.DataFrame({"unit": ["IRBAN-1", "IRBAN-2"], "kode": ["K", "K"], "indikator": ["Sama", "Sama"]})
    >>> tren = pd.DataFrame({"unit": ["IRBAN-1", "IRBAN-2"], "kode": ["K", "K"], "capaian": [66.67, 150.0],
    ...     "status": ["dihitung", "dihitung"], "keterangan": ["", ""], "triwulan": [1, 1]})
    >>> capaian_triwulan_frame(tabel, tren)["teks_tw_1"].tolist()
    ['66,67%', '150,00%']
    """
    out = tabel.copy()
    lookup: dict[tuple[tuple[str, str], int], dict[str, Any]] = {}
    if not tren.empty:
        for r in tren.to_dict(orient="records"):
            lookup.setdefault(((str(r["unit"]), str(r["kode"])), int(r["triwulan"])), r)
    keys = list(indicator_keys(tabel)) if not tabel.empty else []
    for q in range(1, 5):
        values, texts = [], []
        for key in keys:
            found = lookup.get((key, q))
            if found is None:
                values.append(float("nan"))
                texts.append("–")
                continue
            value = pd.to_numeric(found.get("capaian"), errors="coerce")
            status = found.get("status") or DIHITUNG
            values.append(float(value) if status == DIHITUNG and pd.notna(value) else float("nan"))
            texts.append(capaian_text(status, value, found.get("keterangan"), ringkas=ringkas))
        out[f"capaian_tw_{q}"] = values
        out[f"teks_tw_{q}"] = texts
    return out



def anggaran_program_frame(tabel: pd.DataFrame) -> pd.DataFrame:
    """Pagu, realisasi and serapan per programme.

    >>> t = pd.DataFrame({"kode_program": ["1", "1"], "program": ["P", "P"], "pagu": [100.0, 100.0], "realisasi_anggaran": [50.0, 100.0]})
    >>> anggaran_program_frame(t)[["program", "serapan"]].values.tolist()
    [['P', 75.0]]
    """
    if tabel.empty:
        return pd.DataFrame(columns=["kode_program", "program", "pagu", "realisasi_anggaran", "serapan"])
    frame = tabel.assign(pagu=pd.to_numeric(tabel["pagu"], errors="coerce"),
                         realisasi_anggaran=pd.to_numeric(tabel["realisasi_anggaran"], errors="coerce"))
    grouped = frame.groupby(["kode_program", "program"], sort=False)[["pagu", "realisasi_anggaran"]].sum(min_count=1).reset_index()
    grouped["serapan"] = serapan_array(grouped["realisasi_anggaran"].to_numpy(), grouped["pagu"].to_numpy())
    return grouped
