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

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from kinerja.capaian.metode import METODE, METODE_KUALITATIF, gabung, pilih
from kinerja.capaian.rumus import CUKUP_EFISIEN as CUKUP_EFISIEN
from kinerja.capaian.rumus import EFISIEN as EFISIEN
from kinerja.capaian.rumus import TIDAK_EFISIEN as TIDAK_EFISIEN
from kinerja.capaian.rumus import capaian_arrays, efisiensi_array, predikat_array, serapan_array
from kinerja.domain.predikat import batas_aman, nama_aman
from kinerja.numbers import Rentang, format_number, format_percent, format_rupiah, parse_target, triwulan_label

if TYPE_CHECKING:  # pragma: no cover
    from kinerja.config import Band, Config

PUBLIC_COLUMNS = (
    "unit", "kode", "indikator", "satuan", "arah", "metode", "target", "realisasi", "capaian", "predikat",
    "pagu", "realisasi_anggaran", "serapan", "efisiensi",
)
"""The columns of ``kinerja capaian --format json`` (exactly these keys), in this order."""

KEY_COLUMNS = ("unit", "kode")
"""The stable identity of an indicator: unit code plus Kode Indikator (never the name)."""

CONTEXT_COLUMNS = (
    "status", "keterangan", "keterangan_anggaran", "unit_nama", "rencana_anggaran", "serapan_rencana",
    "dasar_efisiensi", "capaian_target_tahunan", "kualitatif", "skala", "triwulan_terakhir",
    "target_bawah", "target_atas", "realisasi_nilai", "target_tahunan",
    *(f"target_triwulan_{n}" for n in range(1, 5)),
    *(f"realisasi_triwulan_{n}" for n in range(1, 5)),
    *(f"realisasi_anggaran_triwulan_{n}" for n in range(1, 5)),
    *(f"rencana_anggaran_triwulan_{n}" for n in range(1, 5)),
    "sasaran", "kode_program", "program", "kode_kegiatan", "kegiatan", "kode_sub_kegiatan",
    "sub_kegiatan", "pptk", "kendala", "tindak_lanjut", "berkas", "lembar", "baris",
)
"""Extra columns of :func:`capaian_table` for reports, after :data:`PUBLIC_COLUMNS`."""

DIHITUNG = "dihitung"
BELUM_DIUKUR = "belum diukur"
TIDAK_DAPAT_DIUKUR = "tidak dapat diukur"
TIDAK_DIHITUNG = "tidak dihitung"
STATUSES = (DIHITUNG, BELUM_DIUKUR, TIDAK_DAPAT_DIUKUR, TIDAK_DIHITUNG)
"""Values of the ``status`` column."""

METODES = tuple(METODE)
"""Names of the aggregation methods (the registry :data:`kinerja.capaian.metode.METODE`)."""

DASAR_PAGU = "pagu"
DASAR_ANGGARAN_KAS = "anggaran kas"

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

_QUARTERS = (1, 2, 3, 4)
_ANNUAL = 4  # index of target_tahunan in the target arrays (after the four quarters)


# --------------------------------------------------------------------------- scalar formulas


def capaian_positif(realisasi: float, target: float) -> float | None:
    """Capaian of a positive indicator (higher is better): ``realisasi / target × 100``.

    Returns None when the target is 0 or negative (not evaluable).

    >>> capaian_positif(85.0, 100.0), capaian_positif(12, 10), capaian_positif(5, 0)
    (85.0, 120.0, None)
    """
    return capaian_nilai(realisasi, target, "positif")


def capaian_negatif(realisasi: float, target: float) -> float | None:
    """Capaian of a negative indicator (lower is better), floored at 0.

    ``(2 × target − realisasi) / target × 100`` (PermenPAN-RB 6/2022). None when the target
    is 0.

    >>> capaian_negatif(8, 10), capaian_negatif(10, 10), capaian_negatif(12, 10), capaian_negatif(25, 10)
    (120.0, 100.0, 80.0, 0.0)
    """
    return capaian_nilai(realisasi, target, "negatif")


def capaian_nilai(
    realisasi: float | str | None,
    target: float | Rentang | str | None,
    arah: str = "positif",
    skala: dict[str, dict[str, float]] | None = None,
) -> float | None:
    """Capaian of one realisasi against one target (number, range or grade).

    Args:
        realisasi: the (aggregated) realisasi: a number, or a grade when ``skala`` is given.
        target: a number, a :class:`~kinerja.numbers.Rentang`, or a grade.
        arah: ``"positif"`` or ``"negatif"``; ignored for grades (always positive).
        skala: the ordinal scales (``config.skala``) used to value grades.

    Returns:
        The capaian in percent, or None when not evaluable (target 0 or missing, realisasi
        missing, a grade on no scale).

    >>> capaian_nilai(85, Rentang(80, 90)), capaian_nilai(95, Rentang(80, 90)), capaian_nilai(60, Rentang(80, 90))
    (100.0, 105.55555555555556, 75.0)
    >>> capaian_nilai(95, Rentang(80, 90), "negatif"), capaian_nilai(70, Rentang(80, 90), "negatif")
    (94.44444444444444, 112.5)
    >>> skala = {"opini": {"WTP": 4.0, "WDP": 3.0, "TW": 2.0, "TMP": 1.0}}
    >>> capaian_nilai("WDP", "WTP", skala=skala), capaian_nilai("WTP", "WTP", skala=skala)
    (75.0, 100.0)
    >>> capaian_nilai(None, 10), capaian_nilai(3, "XYZ", skala=skala)
    (None, None)
    """
    if isinstance(realisasi, str) or isinstance(target, str):
        values = _grade_values([v for v in (realisasi, target) if isinstance(v, str)], skala or {})
        if values is None:
            return None
        realisasi = values.get(realisasi, realisasi) if isinstance(realisasi, str) else realisasi
        target = values.get(target, target) if isinstance(target, str) else target
        arah = "positif"
    if realisasi is None or target is None or isinstance(realisasi, tuple) or _isnan(realisasi):
        return None
    low, high = (target.bawah, target.atas) if isinstance(target, Rentang) else (float(target), float(target))
    result, ok = capaian_arrays(
        np.array([float(realisasi)]), np.array([low]), np.array([high]), np.array([arah == "negatif"])
    )
    return float(result[0]) if ok[0] else None


def agregasi(values: Sequence[float | None], metode: str, triwulan: int = 4) -> float | None:
    """Aggregate quarterly values up to ``triwulan`` with a metode; None when none is filled.

    Empty quarters (None/NaN) are "belum diukur" and are skipped, never counted as 0.

    >>> agregasi([10, 20, None, None], "kumulatif", 2), agregasi([10, 20, 30, 40], "kumulatif", 2)
    (30.0, 30.0)
    >>> agregasi([2.0, None, 3.0, None], "akhir_periode", 4), agregasi([80, 90, None, None], "rata_rata", 4)
    (3.0, 85.0)
    >>> agregasi([None, None, None, None], "kumulatif", 4) is None
    True
    """
    if metode not in METODE:
        raise ValueError(f"metode tidak dikenal: {metode!r}")
    row = np.array([[np.nan if v is None else float(v) for v in list(values)[:triwulan]]])
    names = np.array([metode], dtype=object)
    result = gabung(names, row, pilih(names, ~np.isnan(row)))[0]
    return None if np.isnan(result) else float(result)


def serapan_anggaran(realisasi_anggaran: float | None, pagu: float | None) -> float | None:
    """Serapan anggaran in percent: ``realisasi anggaran / pagu × 100``; None without a pagu.

    >>> serapan_anggaran(625_000, 1_250_000), serapan_anggaran(100, 0), serapan_anggaran(None, 1000)
    (50.0, None, None)
    """
    if realisasi_anggaran is None or pagu is None:
        return None
    result = serapan_array(np.array([realisasi_anggaran], dtype=float), np.array([pagu], dtype=float))[0]
    return None if np.isnan(result) else float(result)


def efisiensi(capaian: float | None, serapan: float | None, ambang: float = 5.0, *, aman: float) -> str | None:
    """Efficiency: ``capaian − serapan`` above ``ambang`` points → efisien, within ± → cukup.

    An indicator at risk (capaian below ``aman``, the office's bound,
    :func:`kinerja.domain.predikat.batas_aman`) is never efficient: ``tidak efisien``
    when its spending outran it, else None (see :func:`kinerja.capaian.rumus.efisiensi_array`).

    >>> efisiensi(90, 80, aman=76), efisiensi(85, 80, aman=76), efisiensi(80, 84, aman=76), efisiensi(70, 80, aman=76)
    ('efisien', 'cukup efisien', 'cukup efisien', 'tidak efisien')
    >>> efisiensi(None, 80, aman=76) is None
    True
    >>> efisiensi(0, 0, aman=76), efisiensi(0, 3, aman=76)
    (None, 'tidak efisien')
    """
    if capaian is None or serapan is None:
        return None
    result = efisiensi_array(np.array([capaian], dtype=float), np.array([serapan], dtype=float), ambang, aman=aman)[0]
    return None if result is None else str(result)


def predikat(capaian: float | None, bands: Sequence[Band]) -> str | None:
    """The predikat band of one capaian (half-open bands, highest first); None when not evaluable.

    >>> from kinerja.config import load_config
    >>> bands = load_config().predikat
    >>> predikat(91.0, bands), predikat(90.99, bands), predikat(50.0, bands), predikat(None, bands)
    ('Sangat Tinggi', 'Tinggi', 'Sangat Rendah', None)
    """
    if capaian is None:
        return None
    result = predikat_array(np.array([capaian], dtype=float), bands)[0]
    return None if result is None else str(result)


def format_target(value: object) -> str:
    """A target or realisasi for people: Indonesian number, range with en dash, or grade.

    >>> format_target(1250000.0), format_target(85.5), format_target(Rentang(80, 90.5)), format_target("WTP")
    ('1.250.000', '85,5', '80–90,5', 'WTP')
    >>> format_target(None)
    '–'
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, Rentang) or (isinstance(value, tuple) and len(value) == 2):
        return f"{format_target(float(value[0]))}–{format_target(float(value[1]))}"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        text = format_number(float(value), 2)
        return text.rstrip("0").rstrip(",") if "," in text else text
    if isinstance(value, str):
        parsed = parse_target(value)
        return value if isinstance(parsed, str) or parsed is None else format_target(parsed)
    return str(value)


# --------------------------------------------------------------------------- the table


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
    if triwulan not in _QUARTERS:
        raise ValueError(f"triwulan harus 1 sampai 4, bukan {triwulan!r}")
    data = data.reset_index(drop=True)
    reasons = np.full(len(data), "", dtype=object)
    nilai = _read_values(data, config, reasons)
    arah, metode, negatif, metode_used = _direction_and_method(data, nilai.kualitatif, reasons)
    agg = _aggregate(nilai, metode_used, triwulan, tahunan)
    capaian, ok = capaian_arrays(agg.real, agg.low, agg.high, negatif)
    status = _status(ok & (reasons == ""), reasons, agg, triwulan)
    galat_map = _galat_rows(data, temuan)
    galat_indikator, galat_anggaran = _galat_texts(len(data), galat_map)
    for i in np.flatnonzero(galat_indikator != "").tolist():
        status[i] = TIDAK_DIHITUNG
        reasons[i] = galat_indikator[i]
    capaian = np.where(status == DIHITUNG, capaian, np.nan)
    # Form E.81's capaian: the realisasi to date against the year's target (equal to capaian when tahunan)
    capaian_target_tahunan = capaian_arrays(agg.real, nilai.low[:, _ANNUAL], nilai.high[:, _ANNUAL], negatif)[0]
    capaian_target_tahunan = np.where(status == DIHITUNG, capaian_target_tahunan, np.nan)
    notes = _notes(agg, status, nilai.kualitatif, metode, metode_used, triwulan, tahunan)
    budget = _budget(data, galat_map, galat_anggaran, capaian, config, triwulan, tahunan)
    target_out, realisasi_out = _represent(nilai, agg)
    unit, unit_nama = _units(data, config)
    out = {
        "unit": unit,
        "kode": _kodes(data, unit),
        "indikator": _text(data, "indikator"),
        "satuan": _text(data, "satuan"),
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

    targets: list[_Parsed]
    realisasis: list[_Parsed]
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
    targets = [_parse_column(_column(data, f)) for f in (*(f"target_triwulan_{q}" for q in _QUARTERS), "target_tahunan")]
    realisasis = [_parse_column(_column(data, f"realisasi_triwulan_{q}")) for q in _QUARTERS]
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
        found = _find_scale(grades, config.skala)
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
    arah = _column(data, "arah").to_numpy(dtype=object)
    metode = _column(data, "metode").to_numpy(dtype=object)
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


@dataclass
class _Anggaran:
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


def _budget(data: pd.DataFrame, galat_map: dict, galat_anggaran: np.ndarray, capaian: np.ndarray, config: Config,
            triwulan: int, tahunan: bool) -> _Anggaran:
    """Step 6: the budget (a galat in a budget cell blanks what it spoils, never the capaian); efisiensi
    against the anggaran kas mid-year, against the pagu at year end."""
    n, k = len(data), triwulan
    pagu = np.array(pd.to_numeric(_column(data, "pagu", np.nan), errors="coerce"), dtype=float)
    anggaran_q = _budget_columns(data, "realisasi_anggaran", n)
    rencana_q = _budget_columns(data, "rencana_anggaran", n)
    for i in np.flatnonzero(galat_anggaran != "").tolist():
        fields = _galat_fields(galat_map, i)
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
    return _Anggaran(pagu, anggaran_q, rencana_q, realisasi_anggaran, rencana_anggaran, serapan, serapan_rencana,
                     efisiensi_values, dasar)


def _represent(nilai: _Nilai, agg: _Agregat) -> tuple[np.ndarray, np.ndarray]:
    """Step 7: target and realisasi as shown: a single source field as written, else the aggregate."""
    target_out = _represent_aggregate(agg.low, agg.high)
    realisasi_out = _none_where_nan(agg.real)
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


def _assemble(out: dict, data: pd.DataFrame, nilai: _Nilai, budget: _Anggaran, triwulan: int, tahunan: bool) -> pd.DataFrame:
    """Step 8: the quarter-by-quarter and context columns after the computed ones, in column order."""
    target_json, realisasi_json = nilai.target_json, nilai.realisasi_json
    for q in _QUARTERS:
        out[f"target_triwulan_{q}"] = target_json[q - 1]
    for q in _QUARTERS:
        out[f"realisasi_triwulan_{q}"] = realisasi_json[q - 1]
    for q in _QUARTERS:
        out[f"realisasi_anggaran_triwulan_{q}"] = budget.anggaran_q[:, q - 1]
    for q in _QUARTERS:
        out[f"rencana_anggaran_triwulan_{q}"] = budget.rencana_q[:, q - 1]
    for name in _CONTEXT_TEXT:
        out[name] = _text(data, name)
    out["baris"] = pd.array(pd.to_numeric(_column(data, "baris", pd.NA), errors="coerce"), dtype="Int64")
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


# --------------------------------------------------------------------------- display

DISPLAY_LABELS = {
    "unit": "Unit", "kode": "Kode", "indikator": "Indikator", "satuan": "Satuan", "arah": "Arah", "metode": "Metode", "target": "Target",
    "realisasi": "Realisasi", "capaian": "Capaian", "predikat": "Predikat", "pagu": "Pagu",
    "realisasi_anggaran": "Realisasi Anggaran", "serapan": "Serapan", "efisiensi": "Efisiensi",
}
METODE_TEXT = {m.nama: m.teks for m in METODE.values()}


def capaian_text(status: object, capaian: object, keterangan: object = "", *, ringkas: bool = False) -> str:
    """The capaian cell of every table: ``85,50%``, or the status; a row not computed because
    of a galat says where (its ``keterangan``; ``ringkas`` for narrow columns: the cells only,
    the file being the row's unit workbook).

    >>> capaian_text("dihitung", 85.5), capaian_text("belum diukur", float("nan"))
    ('85,50%', 'belum diukur')
    >>> capaian_text("tidak dihitung", None, "tidak dihitung: galat di a.xlsx sel N12")
    'tidak dihitung: galat di a.xlsx sel N12'
    >>> capaian_text("tidak dihitung", None, "tidak dihitung: galat di a.xlsx sel N12", ringkas=True)
    'galat sel N12'
    """
    if status == DIHITUNG and isinstance(capaian, (int, float)) and not _isnan(float(capaian)):
        return format_percent(float(capaian))
    if status == TIDAK_DIHITUNG:
        text = str(keterangan) if isinstance(keterangan, str) and keterangan else TIDAK_DIHITUNG
        if ringkas:
            cells = [part.split(" sel ", 1)[1] for part in text.split("; ") if " sel " in part]
            return "galat sel " + ", ".join(cells) if cells else "galat"
        return text
    return str(status) if isinstance(status, str) and status != DIHITUNG else TIDAK_DAPAT_DIUKUR


def display_frame(table: pd.DataFrame) -> pd.DataFrame:
    """The public columns as Indonesian display strings (``85,50%``, ``Rp 1.250.000``).

    A capaian that is not evaluable shows its status (``tidak dapat diukur``, ``belum diukur``,
    or where the galat is, see :func:`capaian_text`).

    >>> t = pd.DataFrame([{"unit": "IRBAN-1", "kode": "IK-1", "indikator": "A", "satuan": "%", "arah": "positif",
    ...     "metode": "akhir_periode", "target": 80.0, "realisasi": 68.4, "capaian": 85.5, "predikat": "Tinggi",
    ...     "pagu": 1250000.0, "realisasi_anggaran": float("nan"), "serapan": float("nan"), "efisiensi": None,
    ...     "status": "dihitung"}])
    >>> display_frame(t).iloc[0].tolist()
    ['IRBAN-1', 'IK-1', 'A', '%', 'positif', 'akhir periode', '80', '68,4', '85,50%', 'Tinggi', 'Rp 1.250.000', '–', '–', '–']
    """
    status = table["status"] if "status" in table else pd.Series(DIHITUNG, index=table.index)
    keterangan = table["keterangan"] if "keterangan" in table else pd.Series("", index=table.index)
    capaian = [capaian_text(s, c, k) for c, s, k in zip(table["capaian"], status, keterangan, strict=True)]
    shown = pd.DataFrame({
        "unit": _column(table, "unit", "").map(lambda v: v if isinstance(v, str) and v else "–"),
        "kode": _column(table, "kode", "").map(lambda v: v if isinstance(v, str) and v else "–"),
        "indikator": table["indikator"].astype(str),
        "satuan": table["satuan"].astype(str),
        "arah": table["arah"].map(lambda v: v if isinstance(v, str) and v else "–"),
        "metode": table["metode"].map(lambda v: METODE_TEXT.get(v, "–") if isinstance(v, str) else "–"),
        "target": table["target"].map(format_target),
        "realisasi": table["realisasi"].map(format_target),
        "capaian": capaian,
        "predikat": table["predikat"].map(lambda v: v if isinstance(v, str) else "–"),
        "pagu": table["pagu"].map(format_rupiah),
        "realisasi_anggaran": table["realisasi_anggaran"].map(format_rupiah),
        "serapan": table["serapan"].map(format_percent),
        "efisiensi": table["efisiensi"].map(lambda v: v if isinstance(v, str) else "–"),
    }, index=table.index)
    return shown.rename(columns=DISPLAY_LABELS)


# --------------------------------------------------------------------------- helpers


class _Parsed:
    """One target/realisasi column as arrays: low/high bounds, grades, JSON representation."""

    __slots__ = ("low", "high", "grades", "ranges", "json")

    def __init__(self, n: int) -> None:
        self.low = np.full(n, np.nan)
        self.high = np.full(n, np.nan)
        self.grades: dict[int, str] = {}
        self.ranges: list[int] = []
        self.json = np.full(n, None, dtype=object)


def _parse_column(series: pd.Series) -> _Parsed:
    """Split an object column of float | Rentang | grade | None into arrays.

    Floats take a vectorized path; the other values (grades and ranges repeat a lot) are
    parsed once per distinct value and scattered back with numpy.
    """
    n = len(series)
    parsed = _Parsed(n)
    if pd.api.types.is_numeric_dtype(series.dtype):
        numbers = series.to_numpy(dtype=float, na_value=np.nan)
        parsed.low[:] = parsed.high[:] = numbers
        parsed.json[:] = np.where(np.isnan(numbers), None, numbers)
        return parsed
    values = series.to_numpy(dtype=object)
    kind = pd.api.types.infer_dtype(values, skipna=True)
    if kind in ("floating", "integer", "mixed-integer-float", "empty"):
        is_float = ~pd.isna(values)
        numbers = values[is_float].astype(float)
    else:
        is_float = _IS_FLOAT(values).astype(bool) if n else np.zeros(0, dtype=bool)
        numbers = values[is_float].astype(float)
    parsed.low[is_float] = parsed.high[is_float] = numbers
    parsed.json[is_float] = numbers.astype(object)
    parsed.json[np.isnan(parsed.low) & is_float] = None
    other = np.flatnonzero(~is_float & ~pd.isna(values))
    if not other.size:
        return parsed
    codes, uniques = pd.factorize(pd.Series(values[other], dtype=object))
    count = len(uniques)
    low_u, high_u = np.full(count, np.nan), np.full(count, np.nan)
    json_u = np.full(count, None, dtype=object)
    kind_u = np.zeros(count, dtype=np.int8)  # 0 empty, 1 number, 2 range, 3 grade
    for u, value in enumerate(uniques):
        value = _normalize_value(value)
        if isinstance(value, float):
            low_u[u] = high_u[u] = value
            json_u[u], kind_u[u] = value, 1
        elif isinstance(value, Rentang):
            low_u[u], high_u[u] = value.bawah, value.atas
            json_u[u], kind_u[u] = _range_text(value), 2
        elif isinstance(value, str):
            json_u[u], kind_u[u] = value, 3
    parsed.low[other], parsed.high[other], parsed.json[other] = low_u[codes], high_u[codes], json_u[codes]
    kinds = kind_u[codes]
    parsed.ranges = other[kinds == 2].tolist()
    grade_rows = other[kinds == 3]
    parsed.grades = dict(zip(grade_rows.tolist(), json_u[codes[kinds == 3]].tolist(), strict=True))
    return parsed


def _normalize_value(value: object) -> float | Rentang | str | None:
    """One non-float cell value as float | Rentang | grade | None (text parsed like the reader)."""
    if isinstance(value, str):
        return parse_target(value)
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float, np.integer, np.floating)):
        return None if math.isnan(value) else float(value)
    if isinstance(value, tuple) and len(value) == 2:
        return Rentang(*value)
    return None


_IS_FLOAT = np.frompyfunc(lambda v: type(v) is float, 1, 1)


def _find_scale(grades: list[str], skala: dict[str, dict[str, float]]) -> tuple[str, dict[str, float]] | None:
    """The first configured scale holding every grade, with its values."""
    for name, scale in skala.items():
        if all(g in scale for g in grades):
            return name, scale
    return None


def _grade_values(grades: list[str], skala: dict[str, dict[str, float]]) -> dict[str, float] | None:
    found = _find_scale([g.strip().upper() for g in grades], skala)
    if found is None:
        return None
    return {g: found[1][g.strip().upper()] for g in grades}


def _none_where_nan(values: np.ndarray) -> np.ndarray:
    """Floats as an object array with None for NaN (JSON null)."""
    out = values.astype(object)
    out[np.isnan(values)] = None
    return out


def _represent_aggregate(low: np.ndarray, high: np.ndarray) -> np.ndarray:
    out = _none_where_nan(low)
    for i in np.flatnonzero(~np.isnan(low) & (low != high)):
        out[i] = _range_text(Rentang(low[i], high[i]))
    return out


def _range_text(value: Rentang) -> str:
    """``"80–90.5"``: JSON-friendly, parseable by :func:`~kinerja.numbers.parse_target`."""
    return f"{_plain(value.bawah)}–{_plain(value.atas)}"


def _plain(x: float) -> str:
    return str(int(x)) if float(x).is_integer() and abs(x) < 1e15 else repr(float(x))


def _column(data: pd.DataFrame, name: str, default: object = None) -> pd.Series:
    if name in data.columns:
        return data[name]
    return pd.Series([default] * len(data), index=data.index, dtype=object)


def _text(data: pd.DataFrame, name: str) -> np.ndarray | pd.api.extensions.ExtensionArray:
    series = _column(data, name, "")
    if isinstance(series.dtype, pd.StringDtype):
        return series.fillna("").array if series.hasnans else series.array
    values = series.to_numpy(dtype=object).copy()
    values[pd.isna(values)] = ""
    odd = np.flatnonzero(~_IS_STR(values).astype(bool)).tolist() if len(values) else []
    for i in odd:
        values[i] = str(values[i])
    return values


_IS_STR = np.frompyfunc(lambda v: type(v) is str, 1, 1)


def _isnan(value: object) -> bool:
    return isinstance(value, float) and math.isnan(value)


# --------------------------------------------------------------------------- identity, galat, budget


def _units(data: pd.DataFrame, config: Config) -> tuple[np.ndarray, np.ndarray]:
    """(unit code, unit name) per row: the configured unit's, else the text as written."""
    texts = _text(data, "unit")
    known: dict[str, tuple[str, str]] = {}
    for text in set(texts):
        found = config.unit_by_name(text) if text else None
        known[text] = (found.kode, found.nama) if found is not None else (text, text)
    codes = np.array([known[t][0] for t in texts], dtype=object)
    names = np.array([known[t][1] for t in texts], dtype=object)
    return codes, names


def _kodes(data: pd.DataFrame, units: np.ndarray) -> np.ndarray:
    """The Kode Indikator per row, normalized; derived from the name where it is empty."""
    from kinerja.lembar.schema import derive_kodes, normalize_kode

    raw = [normalize_kode(k) for k in _text(data, "kode_indikator")]
    if all(raw):
        return np.array(raw, dtype=object)
    filled, _ = derive_kodes(raw, list(_text(data, "indikator")), list(units))
    return np.array(filled, dtype=object)


def indicator_keys(table: pd.DataFrame) -> pd.MultiIndex:
    """The (unit, kode) key of every row of a capaian table (or stored results).

    >>> indicator_keys(pd.DataFrame({"unit": ["IRBAN-1", "IRBAN-2"], "kode": ["IK-2.2", "IK-2.2"]})).tolist()
    [('IRBAN-1', 'IK-2.2'), ('IRBAN-2', 'IK-2.2')]
    """
    return pd.MultiIndex.from_arrays([table["unit"].astype(str), table["kode"].astype(str)], names=list(KEY_COLUMNS))


def _budget_columns(data: pd.DataFrame, prefix: str, n: int) -> np.ndarray:
    if not n:
        return np.empty((0, 4))
    return np.column_stack([
        pd.to_numeric(_column(data, f"{prefix}_triwulan_{q}", np.nan), errors="coerce").to_numpy(dtype=float)
        for q in _QUARTERS
    ])


def _label_fields() -> dict[str, str]:
    from kinerja.lembar.schema import COLUMNS

    return {c.label: c.field for c in COLUMNS}


def _galat_rows(data: pd.DataFrame, temuan: pd.DataFrame | None) -> dict[int, list[tuple[str, str, str]]]:
    """Row position -> [(file name, cell, field or '')] of the galat findings that touch it.

    A finding with a cell (``W10``) touches the row of that file and Excel row; one without
    (a whole-file galat such as a missing required column) touches every row of the file.
    """
    import re
    from pathlib import PurePath

    if temuan is None or len(temuan) == 0 or data.empty or "berkas" not in data:
        return {}
    galat = temuan[temuan["tingkat"].astype(str) == "galat"]
    if galat.empty:
        return {}
    fields = _label_fields()
    berkas = data["berkas"].astype(str).tolist()
    baris = pd.to_numeric(_column(data, "baris", np.nan), errors="coerce").tolist()
    position: dict[tuple[str, int], list[int]] = {}
    per_file: dict[str, list[int]] = {}
    for i, (b, r) in enumerate(zip(berkas, baris, strict=True)):
        per_file.setdefault(b, []).append(i)
        if r == r:
            position.setdefault((b, int(r)), []).append(i)
    out: dict[int, list[tuple[str, str, str]]] = {}
    for t in galat.itertuples(index=False):
        name = PurePath(str(t.berkas)).name
        sel = str(t.sel or "")
        field = fields.get(str(t.kolom or ""), "")
        match = re.search(r"(\d+)$", sel)
        rows = position.get((str(t.berkas), int(match.group(1))), []) if match else per_file.get(str(t.berkas), [])
        for i in rows:
            out.setdefault(i, []).append((name, sel, field))
    return out


def _galat_fields(galat_map: dict[int, list[tuple[str, str, str]]], i: int) -> set[str]:
    """The budget fields with a galat in row ``i`` (empty: a whole-file galat)."""
    from kinerja.lembar.schema import BUDGET_FIELDS

    found = galat_map.get(i, [])
    if any(not sel for _, sel, _ in found):
        return set()
    return {f for _, sel, f in found if f in BUDGET_FIELDS}


def _galat_text(prefix: str, found: list[tuple[str, str, str]]) -> str:
    by_file: dict[str, list[str]] = {}
    for name, sel, _ in found:
        cells = by_file.setdefault(name, [])
        if sel and sel not in cells:
            cells.append(sel)
    parts = [f"{name} sel {', '.join(cells)}" if cells else name for name, cells in by_file.items()]
    return f"{prefix}: galat di " + "; ".join(parts)


def galat_per_baris(data: pd.DataFrame, temuan: pd.DataFrame | None) -> tuple[np.ndarray, np.ndarray]:
    """The one galat policy: per row, why its capaian and why its budget are not computed.

    Returns two arrays of text ('' = fine): the indicator's own cells (everything but the
    budget cells of :data:`kinerja.lembar.schema.BUDGET_FIELDS`, and whole-file galat) and
    the budget cells. A galat in one never blanks the other.

    >>> data = pd.DataFrame({"berkas": ["d/a.xlsx", "d/a.xlsx"], "baris": [9, 10]})
    >>> temuan = pd.DataFrame([{"berkas": "d/a.xlsx", "sel": "X10", "kolom": "Realisasi Anggaran TW II",
    ...                         "tingkat": "galat"}])
    >>> indikator, anggaran = galat_per_baris(data, temuan)
    >>> indikator.tolist(), anggaran.tolist()
    (['', ''], ['', 'anggaran tidak dihitung: galat di a.xlsx sel X10'])
    """
    return _galat_texts(len(data), _galat_rows(data, temuan))


def _galat_texts(n: int, galat_map: dict[int, list[tuple[str, str, str]]]) -> tuple[np.ndarray, np.ndarray]:
    from kinerja.lembar.schema import BUDGET_FIELDS

    indikator = np.full(n, "", dtype=object)
    anggaran = np.full(n, "", dtype=object)
    for i, found in galat_map.items():
        own = [f for f in found if f[2] not in BUDGET_FIELDS or not f[1]]
        budget = [f for f in found if f[2] in BUDGET_FIELDS and f[1]]
        whole_file = [f for f in found if not f[1]]
        if own:
            indikator[i] = _galat_text(TIDAK_DIHITUNG, own)
        if budget or whole_file:
            anggaran[i] = _galat_text("anggaran tidak dihitung", budget + whole_file)
    return indikator, anggaran
