"""Form E.81 and every capaian table can be checked from their own printed rows.

Permendagri 86/2017's Form E.81 reports the realisasi to date against the year's target; the
capaian against the target to date is a different figure, printed in its own labelled columns.
Every row carries its arah (↑ higher is better, ↓ lower is better), so a reviewer recomputes
each printed capaian from the printed target and realisasi alone. The recomputation here is
written from DOMAIN.md, independently of :mod:`kinerja.capaian`.
"""

from __future__ import annotations

import re
import shutil

import pytest

from kinerja.config import load_config
from kinerja.laporan.bagian.tahunan import capaian_sasaran
from kinerja.laporan.bagian.triwulan import tabel_e81
from kinerja.laporan.model.dokumen import Tabel
from kinerja.paths import SAMPLE_CONFIG, Workspace

pytestmark = [pytest.mark.slow]

NAIK, TURUN = "↑", "↓"


@pytest.fixture(scope="module")
def sample(tmp_path_factory, sample_raw):
    """The sample year in-process: the four quarters' report data (approved where possible) and the annual data."""
    from _util_alur import official_sample_year

    from kinerja.laporan.model import data as rd
    from kinerja.laporan.model.riwayat import write_workspace_sample_riwayat

    root = tmp_path_factory.mktemp("ruang")
    shutil.copytree(sample_raw, root / "data" / "raw")
    (root / "kinerja.toml").write_bytes(SAMPLE_CONFIG.read_bytes())
    write_workspace_sample_riwayat(Workspace(root), load_config(), 2025)
    quarters = official_sample_year(root, load_config())
    return quarters, rd.siapkan_tahunan(2025, ruang_kerja=str(root))


# --- an independent reading of the printed figures -----------------------------------------

def _number(text: str) -> float:
    """``1.250,5`` -> 1250.5."""
    return float(text.replace(".", "").replace(",", "."))


def _value(text: str, config) -> tuple[float, float] | None:
    """A printed target or realisasi as (lower, upper): a number, a range ``80–90`` or a grade of a configured scale."""
    text = text.strip()
    if text in ("", "–"):
        return None
    for scale in config.skala.values():
        if text in scale:
            return float(scale[text]), float(scale[text])
    if "–" in text:
        low, high = text.split("–")
        return _number(low), _number(high)
    return _number(text), _number(text)


def _grade_row(*texts: str, config) -> bool:
    return any(t.strip() in scale for t in texts for scale in config.skala.values())


def _recompute(target: tuple[float, float], real: float, turun: bool) -> float:
    """DOMAIN.md: positive R/T×100, negative (2T−R)/T×100 floored at 0; a range scores 100 inside,
    else against the bound passed."""
    low, high = target
    if low <= real <= high:
        return 100.0
    bound = high if real > high else low
    return max((2 * bound - real) / bound * 100, 0.0) if turun else real / bound * 100


def _percent(text: str) -> float | None:
    match = re.fullmatch(r"(-?[\d.]+,\d\d)%", text.strip())
    return _number(match.group(1)) if match else None


def _check(printed: float, target: tuple[float, float], real: float, turun: bool) -> None:
    """The printed capaian equals the one recomputed from the printed figures, within their rounding
    (a realisasi printed with two decimals may move the capaian by 100 × 0.005 / target)."""
    expected = _recompute(target, real, turun)
    slack = 0.0051 + 100 * 0.005 / max(min(abs(target[0]), abs(target[1])), 1e-9) * (2 if turun else 1)
    assert abs(printed - expected) <= slack, (printed, expected, target, real, turun)


def _body(table: Tabel) -> list[list[str]]:
    return [[c.teks for c in row.sel] for row in table.baris if not row.grup]


def _column(table: Tabel, start: str) -> int:
    found = [i for i, h in enumerate(table.kepala) if h.startswith(start)]
    assert len(found) == 1, (start, table.kepala)
    return found[0]


# --- Form E.81 -----------------------------------------------------------------------------

def test_every_e81_row_of_the_sample_year_is_recomputable_from_its_printed_columns(sample) -> None:
    config = load_config()
    quarters, _annual = sample
    checked = {"tahunan": 0, "s.d.": 0}
    for q, lap in quarters.items():
        table = next(b for b in tabel_e81(lap).blok if isinstance(b, Tabel))
        tw = ["I", "II", "III", "IV"][q - 1]
        target_n = _column(table, "Target 2025")
        real = _column(table, f"Real. s.d. TW {tw}")
        cap_n = _column(table, "Capaian thd target 2025")
        target_q = _column(table, f"Target s.d. TW {tw}")
        cap_q = _column(table, f"Capaian thd target s.d. TW {tw}")
        predikat = _column(table, "Predikat")
        assert cap_n < target_q < cap_q < predikat  # the capaian against the year's target comes first; the extra columns after
        rows = _body(table)
        assert len(rows) == 29, q  # every indicator keeps its row, galat or not
        keys = {(r.unit, r.kode): r.arah == "negatif" and not r.kualitatif for r in lap.tabel.itertuples()}
        for row in rows:
            label = row[1]
            assert label[:1] in (NAIK, TURUN), label  # the arah on every row
            kode = label[2:].split()[0]
            unit = next(u.kode for u in config.unit if u.nama == label.splitlines()[-1])
            assert (label[:1] == TURUN) == keys[(unit, kode)], label  # a grade scale is higher-is-better
            turun = label[:1] == TURUN and not _grade_row(row[target_n], config=config)
            realisasi = _value(row[real].splitlines()[0], config)
            for column, target_column, kind in ((cap_n, target_n, "tahunan"), (cap_q, target_q, "s.d.")):
                printed = _percent(row[column].splitlines()[0])
                if printed is None:  # galat, belum diukur, tidak dapat diukur: no figure printed
                    continue
                target = _value(row[target_column].splitlines()[0], config)
                assert target is not None and realisasi is not None, row
                _check(printed, target, realisasi[0], turun)
                checked[kind] += 1
    # 29 indicators × 4 quarters, less TW II's galat rows and the ones not measured yet
    assert checked["tahunan"] >= 100 and checked["s.d."] >= 100, checked


def test_e81_says_which_capaian_is_which(sample) -> None:
    quarters, _annual = sample
    blocks = tabel_e81(quarters[2]).blok
    note = " ".join(b.teks for b in blocks if not isinstance(b, Tabel) and hasattr(b, "teks"))
    assert "terhadap target tahun 2025" in note and "terhadap target sampai Triwulan II" in note
    assert f"{NAIK} semakin tinggi semakin baik" in note and f"{TURUN} semakin rendah semakin baik" in note


# --- LKjIP per sasaran ---------------------------------------------------------------------

def test_every_lkjip_capaian_row_has_its_arah_and_is_recomputable(sample) -> None:
    config = load_config()
    _quarters, annual = sample
    checked = 0
    for _sasaran, part in annual.tabel.groupby("sasaran", sort=False):
        table = capaian_sasaran(annual, part)
        target, real, capaian = _column(table, "Target"), _column(table, "Realisasi"), _column(table, "Capaian")
        for row in _body(table):
            assert row[1][:1] in (NAIK, TURUN), row[1]
            printed = _percent(row[capaian])
            if printed is None:
                continue
            turun = row[1][:1] == TURUN and not _grade_row(row[target], config=config)
            _check(printed, _value(row[target], config), _value(row[real], config)[0], turun)
            checked += 1
    assert checked >= 25
