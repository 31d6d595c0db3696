"""Capaian (achievement): indicator formulas, quarter aggregation, predikat, serapan, efisiensi.

The formulas of DOMAIN.md, as pure functions. The scalar functions
(:func:`capaian_positif`, :func:`capaian_negatif`, :func:`capaian_nilai`, :func:`agregasi`,
:func:`serapan_anggaran`, :func:`efisiensi`) document one value at a time; the table
:func:`capaian_table` applies the same rules to every indicator at once with numpy, so 20,000
rows take a few tens of milliseconds. Nothing is rounded here; rounding is for display
(:func:`display_frame`; the Excel sheet is :mod:`kinerja.laporan.render.excel`).

Rules (and the choices DOMAIN.md leaves open):

- Positive indicator: ``realisasi / target × 100``. Negative indicator:
  ``(2 × target − realisasi) / target × 100``, floored at 0.
- Range target ``Rentang(bawah, atas)``: inside the range (bounds included) scores 100; above
  it the indicator's formula is applied with ``atas``, below it with ``bawah``. For a
  *negative* indicator with a range this means: below the range is better than planned
  (``(2 × bawah − realisasi) / bawah × 100`` > 100), above it is worse (floored at 0). A plain
  number is the degenerate range ``bawah == atas``, so one formula covers both.
- Qualitative values (grades such as ``WTP``, ``BB``, ``LEVEL 3``) are mapped through
  ``config.skala``: the row uses the first scale that holds every grade it contains; then
  the positive formula is applied to the grade values (ordinal scales are "higher is better",
  whatever the ``arah`` column says). Grades are never summed or averaged: a qualitative
  indicator is always aggregated as ``akhir_periode`` (released-once values such as the BPK
  opinion or the SAKIP grade).
- Target 0, a missing target, a grade on no scale, a realisasi typed as a range, an unknown
  ``arah``/``metode``: not evaluable (status ``tidak dapat diukur``, ``capaian`` NaN, null in
  JSON, left out of every average). No realisasi in the quarters so far: status
  ``belum diukur`` (not zero).
- Quarters up to ``triwulan`` (``kumulatif``: Σ filled quarters against Σ the same quarters'
  targets; ``akhir_periode``: the last filled quarter against that quarter's target;
  ``rata_rata``: mean of filled quarters against the mean of their targets). When a filled
  quarter has no quarterly target the annual target is used instead (noted in
  ``keterangan``). With ``tahunan=True`` the aggregated realisasi is compared with
  ``target_tahunan`` (the annual report). ``capaian_target_tahunan`` is always the aggregated
  realisasi against ``target_tahunan`` (Form E.81's capaian of Permendagri 86/2017; equal to
  ``capaian`` with ``tahunan=True``), NaN where ``capaian`` is not computed or the year's target
  cannot be divided by.
- Serapan anggaran: Σ realisasi anggaran of quarters 1..triwulan / pagu × 100 (NaN when the
  pagu is empty or 0, or no quarter's realisasi anggaran is filled).
- Efisiensi (:data:`ATURAN_EFISIENSI`, printed in the reports' methods note): capaian is set
  against the share of the budget *planned to date* that was spent. For the annual report
  and TW IV the plan is the pagu (``serapan``). Mid-year it is the anggaran kas (rencana
  penarikan dana) of quarters 1..triwulan (``serapan_rencana`` = realisasi anggaran to date /
  anggaran kas to date × 100); without an anggaran kas for every quarter so far there is no
  mid-year judgement (``efisiensi`` None, ``dasar_efisiensi`` ``""``): serapan of the
  full-year pagu is not comparable with capaian of a quarterly target. Then
  ``capaian − serapan > ambang`` → ``efisien``; within ``±ambang`` (inclusive) → ``cukup
  efisien``; below → ``tidak efisien``. An indicator at risk (capaian below the office's
  bound, :func:`kinerja.domain.predikat.batas_aman`, e.g. Sangat Rendah) is never efficient: ``tidak efisien`` when spending outran it, otherwise
  no judgement (money not spent on a missed target was not saved; 0 % of nothing is not "cukup").
- Galat (``temuan`` given): every row stays. A galat in the indicator's own cells (anything
  but the budget cells) makes the row ``tidak dihitung`` with ``keterangan`` saying where
  (``tidak dihitung: galat di rencana-aksi-irban-2.xlsx sel N12``), left out of every
  average and counted under that status; a galat in a budget cell (pagu, anggaran kas,
  realisasi anggaran) blanks only the budget figures it spoils (``keterangan_anggaran``) and
  leaves the capaian alone; the reverse holds too.
- Identity: ``unit`` is the configured unit's code (the text as written when the unit is not
  configured), ``unit_nama`` its name, ``kode`` the Kode Indikator (derived from the name
  when the data has none, as the reader does). ``(unit, kode)`` is the key every join uses.

Output representation (JSON-friendly): ``target``, ``realisasi``, ``target_tahunan`` and the
per-quarter ``target_triwulan_n``/``realisasi_triwulan_n`` columns hold a float for a number,
a string ``"80–90"`` (en dash, dot decimals, parseable by :func:`kinerja.numbers.parse_target`)
for a range, the grade string (``"WTP"``) for a qualitative value, and None when empty. The
numeric columns ``target_bawah``, ``target_atas`` and ``realisasi_nilai`` always hold floats
(the grade's scale value for qualitative rows) for charts and sorting.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from kinerja.capaian.anggaran import ATURAN_EFISIENSI, Anggaran, aturan_efisiensi, budget_of
from kinerja.capaian.galat import galat_per_baris, galat_rows, galat_texts
from kinerja.capaian.kolom import (
    Parsed,
    column_of,
    find_scale,
    none_where_nan,
    parse_column,
    represent_aggregate,
    text_of,
)
from kinerja.capaian.metode import METODE, METODE_KUALITATIF, gabung, pilih
from kinerja.capaian.nilai import (
    agregasi,
    capaian_negatif,
    capaian_nilai,
    capaian_positif,
    efisiensi,
    format_target,
    predikat,
    serapan_anggaran,
)
from kinerja.capaian.rumus import (
    CUKUP_EFISIEN,
    EFISIEN,
    TIDAK_EFISIEN,
    capaian_arrays,
    predikat_array,
)
from kinerja.capaian.skema import (
    BELUM_DIUKUR,
    CONTEXT_COLUMNS,
    DASAR_ANGGARAN_KAS,
    DASAR_PAGU,
    DIHITUNG,
    KEY_COLUMNS,
    METODES,
    PUBLIC_COLUMNS,
    QUARTERS,
    STATUSES,
    TIDAK_DAPAT_DIUKUR,
    TIDAK_DIHITUNG,
    indicator_keys,
)
from kinerja.capaian.tampilan import DISPLAY_LABELS, METODE_TEXT, capaian_text, display_frame
from kinerja.lembar.schema import derive_kodes, normalize_kode
from kinerja.numbers import triwulan_label

if TYPE_CHECKING:  # pragma: no cover
    from kinerja.config import Config


_ANNUAL = 4  # index of target_tahunan in the target arrays (after the four quarters)


def capaian_table(
    data: pd.DataFrame, config: Config, triwulan: int, *, tahunan: bool = False, temuan: pd.DataFrame | None = None
) -> pd.DataFrame:
    """One row per indicator row of ``data``: target, realisasi, capaian, predikat, budget.

    Args:
        data: the reader's tidy frame (``Dataset.data``): target/realisasi fields as float,
            :class:`~kinerja.numbers.Rentang`, grade string or None; ``pagu`` and
            ``realisasi_anggaran_triwulan_n`` as float (NaN when empty). Text columns that are
            missing are filled with ''.
        config: the office config (``skala``, ``predikat``, ``ambang_efisiensi``).
        triwulan: the quarter reported on (1-4); quarters after it are ignored.
        tahunan: compare the aggregated realisasi with ``target_tahunan`` (annual report)
            instead of the targets of the same quarters.
        temuan: the validation findings (:func:`kinerja.lembar.findings.to_frame`); rows with
            a galat stay and say why they are not computed (see :func:`galat_per_baris`).

    Returns:
        A DataFrame with :data:`PUBLIC_COLUMNS` then :data:`CONTEXT_COLUMNS`, in input order.
        ``attrs`` holds ``triwulan`` and ``tahunan``.

    >>> from kinerja.config import load_config
    >>> row = {"indikator": "Laporan hasil pengawasan", "satuan": "laporan", "arah": "positif",
    ...        "metode": "kumulatif", "target_tahunan": 40.0, "target_triwulan_1": 10.0,
    ...        "target_triwulan_2": 10.0, "realisasi_triwulan_1": 9.0, "realisasi_triwulan_2": 12.0,
    ...        "pagu": 1_000_000.0, "realisasi_anggaran_triwulan_1": 250_000.0,
    ...        "realisasi_anggaran_triwulan_2": 250_000.0}
    >>> t = capaian_table(pd.DataFrame([row]), load_config(), 2)
    >>> r = t.iloc[0]
    >>> r.target, r.realisasi, float(r.capaian), r.predikat, float(r.serapan), r.efisiensi
    (20.0, 21.0, 105.0, 'Sangat Tinggi', 50.0, None)
    >>> plan = {"rencana_anggaran_triwulan_1": 300_000.0, "rencana_anggaran_triwulan_2": 300_000.0}
    >>> r = capaian_table(pd.DataFrame([{**row, **plan}]), load_config(), 2).iloc[0]
    >>> round(float(r.serapan_rencana), 2), r.efisiensi, r.dasar_efisiensi, r.kode.startswith("IND-")
    (83.33, 'efisien', 'anggaran kas', True)
    """
    if triwulan not in QUARTERS:
        raise ValueError(f"triwulan harus 1 sampai 4, bukan {triwulan!r}")
    data = data.reset_index(drop=True)
    reasons = np.full(len(data), "", dtype=object)
    nilai = _read_values(data, config, reasons)
    arah, metode, negatif, metode_used = _direction_and_method(data, nilai.kualitatif, reasons)
    agg = _aggregate(nilai, metode_used, triwulan, tahunan)
    capaian, ok = capaian_arrays(agg.real, agg.low, agg.high, negatif)
    status = _status(ok & (reasons == ""), reasons, agg, triwulan)
    galat_map = galat_rows(data, temuan)
    galat_indikator, galat_anggaran = galat_texts(len(data), galat_map)
    for i in np.flatnonzero(galat_indikator != "").tolist():
        status[i] = TIDAK_DIHITUNG
        reasons[i] = galat_indikator[i]
    capaian = np.where(status == DIHITUNG, capaian, np.nan)
    # Form E.81's capaian: the realisasi to date against the year's target (equal to capaian when tahunan)
    capaian_target_tahunan = capaian_arrays(agg.real, nilai.low[:, _ANNUAL], nilai.high[:, _ANNUAL], negatif)[0]
    capaian_target_tahunan = np.where(status == DIHITUNG, capaian_target_tahunan, np.nan)
    notes = _notes(agg, status, nilai.kualitatif, metode, metode_used, triwulan, tahunan)
    budget = budget_of(data, galat_map, galat_anggaran, capaian, config, triwulan, tahunan)
    target_out, realisasi_out = _represent(nilai, agg)
    unit, unit_nama = _units(data, config)
    out = {
        "unit": unit,
        "kode": _kodes(data, unit),
        "indikator": text_of(data, "indikator"),
        "satuan": text_of(data, "satuan"),
        "arah": arah,
        "metode": metode,
        "target": target_out,
        "realisasi": realisasi_out,
        "capaian": capaian,
        "predikat": predikat_array(capaian, config.predikat),
        "pagu": budget.pagu,
        "realisasi_anggaran": budget.realisasi_anggaran,
        "serapan": budget.serapan,
        "efisiensi": budget.efisiensi,
        "status": status,
        "keterangan": np.where(reasons != "", reasons, notes),
        "keterangan_anggaran": galat_anggaran,
        "unit_nama": unit_nama,
        "rencana_anggaran": budget.rencana_anggaran,
        "serapan_rencana": budget.serapan_rencana,
        "dasar_efisiensi": budget.dasar,
        "capaian_target_tahunan": capaian_target_tahunan,
        "kualitatif": nilai.kualitatif,
        "skala": nilai.skala,
        "triwulan_terakhir": pd.array(np.where(agg.count > 0, agg.last + 1, 0), dtype="Int64"),
        "target_bawah": agg.low,
        "target_atas": agg.high,
        "realisasi_nilai": agg.real,
        "target_tahunan": nilai.target_json[_ANNUAL],
    }
    out["triwulan_terakhir"][agg.count == 0] = pd.NA
    return _assemble(out, data, nilai, budget, triwulan, tahunan)


@dataclass
class _Nilai:
    """Targets (the four quarters, then the annual one) and realisasi as numbers, per row."""

    targets: list[Parsed]
    realisasis: list[Parsed]
    low: np.ndarray       # (n, 5) target lower bounds
    high: np.ndarray      # (n, 5) target upper bounds
    real: np.ndarray      # (n, 4) realisasi values
    qual_rows: list[int]  # rows holding a grade somewhere
    kualitatif: np.ndarray
    skala: np.ndarray     # the scale each qualitative row uses (None elsewhere)

    @property
    def target_json(self) -> list[np.ndarray]:
        return [p.json for p in self.targets]

    @property
    def realisasi_json(self) -> list[np.ndarray]:
        return [p.json for p in self.realisasis]


def _read_values(data: pd.DataFrame, config: Config, reasons: np.ndarray) -> _Nilai:
    """Step 1: every target/realisasi as a number; a realisasi typed as a range is not evaluable."""
    n = len(data)
    targets = [parse_column(column_of(data, f)) for f in (*(f"target_triwulan_{q}" for q in QUARTERS), "target_tahunan")]
    realisasis = [parse_column(column_of(data, f"realisasi_triwulan_{q}")) for q in QUARTERS]
    low = np.column_stack([p.low for p in targets]) if n else np.empty((0, 5))
    high = np.column_stack([p.high for p in targets]) if n else np.empty((0, 5))
    real = np.column_stack([p.low for p in realisasis]) if n else np.empty((0, 4))
    for j, p in enumerate(realisasis):
        for i in p.ranges:
            reasons[i] = reasons[i] or "realisasi ditulis sebagai rentang"
        real[p.ranges, j] = np.nan
    qual_rows = sorted(set().union(*(p.grades for p in targets), *(p.grades for p in realisasis)))
    nilai = _Nilai(targets, realisasis, low, high, real, qual_rows, np.zeros(n, dtype=bool), np.full(n, None, dtype=object))
    _value_grades(nilai, config, reasons)
    return nilai


def _value_grades(nilai: _Nilai, config: Config, reasons: np.ndarray) -> None:
    """Qualitative rows: grades become their scale value (the first scale holding every grade of the row)."""
    for i in nilai.qual_rows:
        nilai.kualitatif[i] = True
        grades = [p.grades[i] for p in (*nilai.targets, *nilai.realisasis) if i in p.grades]
        found = find_scale(grades, config.skala)
        if found is None:
            listed = ", ".join(dict.fromkeys(grades))
            reasons[i] = reasons[i] or f"nilai kualitatif {listed} tidak berada pada satu skala yang dikonfigurasi"
            continue
        nilai.skala[i], values = found
        for j, p in enumerate(nilai.targets):
            if i in p.grades:
                nilai.low[i, j] = nilai.high[i, j] = values[p.grades[i]]
        for j, p in enumerate(nilai.realisasis):
            if i in p.grades:
                nilai.real[i, j] = values[p.grades[i]]


def _direction_and_method(
    data: pd.DataFrame, kualitatif: np.ndarray, reasons: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Step 2: arah and metode per row (qualitative rows: positive, akhir periode); unknown ones say so."""
    arah = column_of(data, "arah").to_numpy(dtype=object)
    metode = column_of(data, "metode").to_numpy(dtype=object)
    negatif = (arah == "negatif") & ~kualitatif
    metode_used = np.where(kualitatif, METODE_KUALITATIF, metode)
    unknown_arah = ~np.isin(arah, ("positif", "negatif")) & ~kualitatif
    for i in np.flatnonzero(unknown_arah).tolist():
        reasons[i] = reasons[i] or "arah belum dipilih"
    for i in np.flatnonzero(~np.isin(metode_used, METODES)).tolist():
        reasons[i] = reasons[i] or "metode perhitungan belum dipilih"
    return arah, metode, negatif, metode_used


@dataclass
class _Agregat:
    """The quarters up to the reported one, aggregated with each row's method."""

    real: np.ndarray           # aggregated realisasi (NaN: nothing filled)
    low: np.ndarray            # the target compared with (lower, upper bound)
    high: np.ndarray
    count: np.ndarray          # quarters with a realisasi
    last: np.ndarray           # 0-based last filled quarter
    single: np.ndarray         # the method uses one quarter's value (akhir periode)
    use_annual: np.ndarray     # compared with target_tahunan
    target_source: np.ndarray  # quarter index of the target shown, -1 aggregated, 4 annual


def _aggregate(nilai: _Nilai, metode_used: np.ndarray, triwulan: int, tahunan: bool) -> _Agregat:
    """Step 3: aggregate the quarters up to ``triwulan`` (:mod:`kinerja.capaian.metode`)."""
    n, k = len(metode_used), triwulan
    rq = nilai.real[:, :k]
    filled = ~np.isnan(rq)
    count = filled.sum(axis=1)
    last = k - 1 - np.argmax(filled[:, ::-1], axis=1) if n else np.zeros(0, dtype=int)
    # Not measured yet: the target shown is the one of all quarters so far.
    counted = filled | (count == 0)[:, None]
    tl_q, th_q = nilai.low[:, :k], nilai.high[:, :k]
    used_real, used_target = pilih(metode_used, filled), pilih(metode_used, counted)
    agg_real = gabung(metode_used, rq, used_real)
    agg_low = gabung(metode_used, tl_q, used_target)
    agg_high = gabung(metode_used, th_q, used_target)
    missing = (used_target & np.isnan(tl_q)).any(axis=1)
    single = np.array([METODE[m].hanya_terakhir if m in METODE else False for m in metode_used], dtype=bool)
    last_target = k - 1 - np.argmax(used_target[:, ::-1], axis=1) if n else np.zeros(0, dtype=int)
    use_annual = np.full(n, True) if tahunan else missing
    return _Agregat(
        real=np.where(count > 0, agg_real, np.nan),
        low=np.where(use_annual, nilai.low[:, _ANNUAL], agg_low),
        high=np.where(use_annual, nilai.high[:, _ANNUAL], agg_high),
        count=count, last=last, single=single, use_annual=use_annual,
        target_source=np.where(use_annual, _ANNUAL, np.where(single, last_target, -1)),
    )


def _status(ok: np.ndarray, reasons: np.ndarray, agg: _Agregat, triwulan: int) -> np.ndarray:
    """Step 4: dihitung, belum diukur or tidak dapat diukur, with the reason of a row not computed."""
    status = np.full(len(ok), DIHITUNG, dtype=object)
    for i in np.flatnonzero(~ok).tolist():
        status[i] = TIDAK_DAPAT_DIUKUR
        if reasons[i]:
            continue
        if agg.count[i] == 0:
            status[i] = BELUM_DIUKUR
            reasons[i] = f"realisasi sampai {triwulan_label(triwulan)} belum diisi"
        elif np.isnan(agg.low[i]):
            reasons[i] = "target tahunan kosong" if agg.target_source[i] == _ANNUAL else "target kosong"
        else:
            reasons[i] = "target 0" if agg.high[i] == 0 else "target tidak dapat dipakai sebagai pembagi (0, negatif atau rentang terbalik)"
    return status


def _notes(agg: _Agregat, status: np.ndarray, kualitatif: np.ndarray, metode: np.ndarray, metode_used: np.ndarray,
           triwulan: int, tahunan: bool) -> np.ndarray:
    """Step 5: what a computed row's reader should know (annual target used, which quarter's value)."""
    notes = np.full(len(status), "", dtype=object)
    computed = status == DIHITUNG
    if not tahunan:
        for i in np.flatnonzero(agg.use_annual & computed).tolist():
            notes[i] = "target triwulan kosong; dibandingkan dengan target tahunan"
    for i in np.flatnonzero(agg.single & (agg.count > 0) & (agg.last < triwulan - 1) & computed).tolist():
        note = f"nilai {triwulan_label(int(agg.last[i]) + 1)} dipakai ({METODE[metode_used[i]].teks})"
        notes[i] = f"{notes[i]}; {note}" if notes[i] else note
    for i in np.flatnonzero(kualitatif & (metode != METODE_KUALITATIF) & computed).tolist():
        note = f"nilai kualitatif: dihitung sebagai {METODE[METODE_KUALITATIF].teks}"
        notes[i] = f"{notes[i]}; {note}" if notes[i] else note
    return notes


def _represent(nilai: _Nilai, agg: _Agregat) -> tuple[np.ndarray, np.ndarray]:
    """Step 7: target and realisasi as shown: a single source field as written, else the aggregate."""
    target_out = represent_aggregate(agg.low, agg.high)
    realisasi_out = none_where_nan(agg.real)
    target_json, realisasi_json = nilai.target_json, nilai.realisasi_json
    for i in np.flatnonzero(agg.target_source >= 0).tolist():
        value = target_json[agg.target_source[i]][i]  # one quarter's target or the annual one
        if value is not None:
            target_out[i] = value
    for i in nilai.qual_rows:
        if agg.count[i]:
            realisasi_out[i] = realisasi_json[agg.last[i]][i]
    return target_out, realisasi_out


_CONTEXT_TEXT = ("sasaran", "kode_program", "program", "kode_kegiatan", "kegiatan", "kode_sub_kegiatan",
                 "sub_kegiatan", "pptk", "kendala", "tindak_lanjut", "berkas", "lembar")


def _assemble(out: dict, data: pd.DataFrame, nilai: _Nilai, budget: Anggaran, triwulan: int, tahunan: bool) -> pd.DataFrame:
    """Step 8: the quarter-by-quarter and context columns after the computed ones, in column order."""
    target_json, realisasi_json = nilai.target_json, nilai.realisasi_json
    for q in QUARTERS:
        out[f"target_triwulan_{q}"] = target_json[q - 1]
    for q in QUARTERS:
        out[f"realisasi_triwulan_{q}"] = realisasi_json[q - 1]
    for q in QUARTERS:
        out[f"realisasi_anggaran_triwulan_{q}"] = budget.anggaran_q[:, q - 1]
    for q in QUARTERS:
        out[f"rencana_anggaran_triwulan_{q}"] = budget.rencana_q[:, q - 1]
    for name in _CONTEXT_TEXT:
        out[name] = text_of(data, name)
    out["baris"] = pd.array(pd.to_numeric(column_of(data, "baris", pd.NA), errors="coerce"), dtype="Int64")
    table = pd.DataFrame(out, columns=[*PUBLIC_COLUMNS, *CONTEXT_COLUMNS])
    table.attrs.update(triwulan=triwulan, tahunan=tahunan)
    return table


def summary_counts(table: pd.DataFrame, config: Config) -> pd.Series:
    """How many indicators per predikat band (in band order) and per status without one.

    >>> from kinerja.config import load_config
    >>> t = pd.DataFrame({"predikat": ["Tinggi", None, "Tinggi"], "status": ["dihitung", "belum diukur", "dihitung"]})
    >>> summary_counts(t, load_config()).to_dict()
    {'Sangat Tinggi': 0, 'Tinggi': 2, 'Sedang': 0, 'Rendah': 0, 'Sangat Rendah': 0, 'belum diukur': 1, 'tidak dapat diukur': 0, 'tidak dihitung': 0}
    """
    names = [b.nama for b in config.predikat] + [BELUM_DIUKUR, TIDAK_DAPAT_DIUKUR, TIDAK_DIHITUNG]
    counts = pd.concat([table["predikat"].dropna(), table.loc[table["status"] != DIHITUNG, "status"]]).value_counts()
    return counts.reindex(names, fill_value=0).astype(int)


def _units(data: pd.DataFrame, config: Config) -> tuple[np.ndarray, np.ndarray]:
    """(unit code, unit name) per row: the configured unit's, else the text as written."""
    texts = text_of(data, "unit").tolist()  # a list, not a StringArray iterated cell by cell
    known: dict[str, tuple[str, str]] = {}
    for text in set(texts):
        found = config.unit_by_name(text) if text else None
        known[text] = (found.kode, found.nama) if found is not None else (text, text)
    codes = np.array([known[t][0] for t in texts], dtype=object)
    names = np.array([known[t][1] for t in texts], dtype=object)
    return codes, names


def _kodes(data: pd.DataFrame, units: np.ndarray) -> np.ndarray:
    """The Kode Indikator per row, normalized; derived from the name where it is empty."""
    texts = text_of(data, "kode_indikator").tolist()
    normalized = {text: normalize_kode(text) for text in set(texts)}  # each distinct code once
    raw = [normalized[text] for text in texts]
    if all(raw):
        return np.array(raw, dtype=object)
    filled, _ = derive_kodes(raw, text_of(data, "indikator").tolist(), list(units))
    return np.array(filled, dtype=object)


__all__ = [  # the capaian names callers import from here (each has its own module)
    "ATURAN_EFISIENSI", "BELUM_DIUKUR", "CONTEXT_COLUMNS", "CUKUP_EFISIEN", "DASAR_ANGGARAN_KAS", "DASAR_PAGU", "DIHITUNG",
    "DISPLAY_LABELS", "EFISIEN", "KEY_COLUMNS", "METODES", "METODE_TEXT", "PUBLIC_COLUMNS", "STATUSES", "TIDAK_DAPAT_DIUKUR",
    "TIDAK_DIHITUNG", "TIDAK_EFISIEN", "agregasi", "aturan_efisiensi", "capaian_negatif", "capaian_nilai",
    "capaian_positif", "capaian_table", "capaian_text", "display_frame", "efisiensi", "format_target",
    "galat_per_baris", "indicator_keys", "predikat", "serapan_anggaran", "summary_counts",
]
