"""The sample office's reference data for its riwayat workbook (``REFERENSI``: Renstra end targets within
each indicator's scale, national standards only where the RPJMN sets one; ``referensi_rows``: earlier
years' realisasi by the same yearly rule, counts whole)."""

from __future__ import annotations

from dataclasses import dataclass

from kinerja.lembar.sample_indikator import INDICATORS, SAMPLE_TAHUN, SampleIndicator, annual_realisasi
from kinerja.lembar.schema import Arah
from kinerja.numbers import round_half_up


@dataclass(frozen=True)
class SampleReferensi:
    """What the sample office's riwayat workbook holds for one indicator besides earlier years.

    ``renstra``: the Renstra's end target, on the indicator's own scale (a percentage or a
    0-100 score at most 100, a count whole); ``standar``: the national standard where one
    exists (None otherwise: most of an Inspektorat's indicators have none), with ``sumber``.
    """

    renstra: object
    standar: object = None
    sumber: str = ""


RPJMN = "RPJMN 2020–2024, Perpres 18/2020"

REFERENSI: dict[str, SampleReferensi] = {
    "predikat-sakip": SampleReferensi("A"),
    "opini-bpk": SampleReferensi("WTP", "WTP", RPJMN),
    "serapan-anggaran": SampleReferensi(97),
    "sosialisasi": SampleReferensi(60),
    "diklat": SampleReferensi(90),
    "sarpras": SampleReferensi(95),
    "kendaraan": SampleReferensi(100),
    "kepuasan-pegawai": SampleReferensi(85),
    "tindak-lanjut": SampleReferensi(90),
    "audit-kinerja": SampleReferensi(16),
    "temuan-berulang-1": SampleReferensi(8),
    "waktu-audit": SampleReferensi("85 - 95"),
    "reviu-lk": SampleReferensi(5),
    "kepuasan-auditi": SampleReferensi(3.8),
    "pengawasan-keuangan": SampleReferensi(12),
    "pengawasan-desa": SampleReferensi(35),
    "temuan-berulang-2": SampleReferensi(5),
    "reviu-lkjip": SampleReferensi(100),
    "reformasi-birokrasi": SampleReferensi(100),
    "asistensi": SampleReferensi(24),
    "kebijakan-teknis": SampleReferensi(5),
    "pengaduan": SampleReferensi(95),
    "tujuan-tertentu": SampleReferensi(12),
    "kerugian-daerah": SampleReferensi(75),
    "pencegahan-korupsi": SampleReferensi(12),
    "nilai-mcp": SampleReferensi(95),
    "integritas": SampleReferensi(100),
    "kapabilitas-apip": SampleReferensi("Level 3", "Level 3", RPJMN),
    "maturitas-spip": SampleReferensi(3.75, 3, RPJMN),
}
"""The sample office's Renstra end targets and national standards, by indicator key (written by
hand: a target is within its indicator's scale, a count is whole, a standard only where the
RPJMN sets one: the BPK opinion, APIP capability and SPIP maturity)."""


COUNTS = ("orang", "laporan", "dokumen", "kegiatan", "temuan")
"""Units of indicators that count things: their figures are whole numbers."""

SKALA_MAKS = {"%": 100.0, "nilai-mcp": 100.0, "maturitas-spip": 5.0, "kepuasan-auditi": 4.0, "kepuasan-pegawai": 100.0}
"""The top of an indicator's scale, by unit ``%`` or by indicator key (MCP KPK 0-100, SPIP maturity 1-5, …)."""

EARLIER = {Arah.POSITIF: (0.85, 0.93), Arah.NEGATIF: (1.25, 1.1)}
"""The realisasi two years and one year before a report's year, as a share of that year's (the sample
office improves year by year: fewer repeated findings, more reports)."""


def earlier_realisasi(indicator: SampleIndicator, tahun: int = SAMPLE_TAHUN) -> tuple[object, object]:
    """The realisasi of ``tahun - 2`` and ``tahun - 1`` the sample office's riwayat workbook holds:
    :data:`EARLIER` shares of ``tahun``'s annual realisasi, a count rounded to a whole number, any
    other figure to 2 decimals (half up), never above the top of its scale (:data:`SKALA_MAKS`); a
    qualitative realisasi (``B``, ``WTP``, ``Level 3``) as it is.

    >>> from kinerja.lembar.sample_indikator import BY_KEY
    >>> earlier_realisasi(BY_KEY["sosialisasi"]), earlier_realisasi(BY_KEY["temuan-berulang-1"])
    ((41, 45), (20, 18))
    >>> earlier_realisasi(BY_KEY["kendaraan"]), earlier_realisasi(BY_KEY["opini-bpk"])
    ((85, 93), ('WTP', 'WTP'))
    """
    annual = annual_realisasi(indicator, tahun)
    if annual is None or isinstance(annual, str) or not isinstance(annual, int | float):
        return annual, annual
    top = SKALA_MAKS.get(indicator.key, SKALA_MAKS.get(indicator.satuan))
    out: list[object] = []
    for share in EARLIER[indicator.arah]:
        value = annual * share
        if top is not None:
            value = min(value, top)
        if indicator.satuan in COUNTS:
            out.append(int(round_half_up(value, 0) or 0))
        else:
            rounded = round_half_up(value)
            out.append(int(rounded) if rounded is not None and float(rounded).is_integer() else rounded)
    return out[0], out[1]


def referensi_rows(tahun: int = SAMPLE_TAHUN) -> list[list[object]]:
    """The sample office's riwayat rows for a report of ``tahun``: unit, kode, indikator, satuan,
    Renstra end target, Renstra period, standard, its source, and the realisasi of the two years
    before (:func:`earlier_realisasi`)."""
    rows: list[list[object]] = []
    for indicator in INDICATORS:
        ref = REFERENSI[indicator.key]
        earlier = earlier_realisasi(indicator, tahun)
        rows.append([indicator.unit, indicator.kode_indikator, indicator.indikator, indicator.satuan, ref.renstra,
                     f"{tahun - 4}–{tahun + 1}", "" if ref.standar is None else ref.standar, ref.sumber,
                     *("" if value is None else value for value in earlier)])
    return rows
