"""Predikat presentation has one home (kinerja.domain.predikat): the at-risk bound, the colours and the
cell classes follow the office's configured bands, whatever their names and number."""

from __future__ import annotations

import math

import pytest

from kinerja.config import DEFAULT_PREDIKAT, Band
from kinerja.domain.predikat import (
    GAYA_KELAS,
    PALET,
    PALET_MUDA,
    batas_aman,
    gaya,
    kelas_predikat,
    nama_aman,
    teks_baik,
    warna_predikat,
)

DUA = (Band("Tercapai", 100.0), Band("Belum tercapai", -math.inf))
TIGA = (Band("Baik", 80.0), Band("Cukup", 60.0), Band("Kurang", -math.inf))


@pytest.mark.parametrize(("bands", "bound", "name", "good"), [
    (DEFAULT_PREDIKAT, 76.0, "Tinggi", "Tinggi atau Sangat Tinggi"),
    (DUA, 100.0, "Tercapai", "Tercapai"),
    (TIGA, 80.0, "Baik", "Baik"),
])
def test_the_at_risk_bound_is_the_upper_half_of_the_office_bands(bands, bound, name, good):
    assert batas_aman(bands) == bound
    assert nama_aman(bands) == name
    assert teks_baik(bands) == good


@pytest.mark.parametrize("bands", [DEFAULT_PREDIKAT, DUA, TIGA], ids=["lima", "dua", "tiga"])
def test_every_band_has_a_colour_from_green_down_to_red(bands):
    for palet in (PALET, PALET_MUDA):
        colours = warna_predikat(bands, palet)
        assert list(colours) == [b.nama for b in bands]
        assert colours[bands[0].nama] == palet[0] and colours[bands[-1].nama] == palet[-1]
        assert len(set(colours.values())) == len(bands)


def test_cell_classes_follow_the_band_place_not_its_name():
    assert [kelas_predikat(b.nama, DUA) for b in DUA] == ["predikat-teratas", "predikat-bawah"]
    assert [kelas_predikat(b.nama, TIGA) for b in TIGA] == ["predikat-teratas", "predikat", "predikat-bawah"]
    assert kelas_predikat("Sangat Tinggi", DUA) == "predikat"  # a default name is nothing special
    assert gaya("predikat-bawah").tebal and gaya("predikat-bawah").warna == GAYA_KELAS["galat"].warna
    assert gaya("predikat-teratas").warna and not gaya("predikat-teratas").tebal
