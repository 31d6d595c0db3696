"""The office config: defaults, overrides from a real TOML file, and errors that name the key."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kinerja.capaian.tabel import predikat
from kinerja.config import load_config, load_workspace_config
from kinerja.errors import ConfigError, KinerjaError
from kinerja.peran import ROLE_LABELS, ROLES


def write(tmp_path: Path, text: str, name: str = "kinerja.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_default_config_describes_the_sample_office(config):
    assert config.instansi.nama == "Inspektorat Kabupaten Contoh"
    assert config.instansi.urusan == "6.01"
    assert [u.kode for u in config.unit] == ["SEKRETARIAT", "IRBAN-1", "IRBAN-2", "IRBAN-KHUSUS"]
    assert [p.username for p in config.people_with_role("pptk")] == ["budi", "rina", "ahmad", "yusuf"]
    assert [p.username for p in config.people_with_role("sekretaris")] == ["siti"]
    assert config.ambang_efisiensi == 5.0
    assert config.skala["opini"]["WTP"] == 4.0 and config.skala["sakip"]["AA"] == 7.0
    assert config.skala["level"]["LEVEL 3"] == 3.0
    assert config.jam_kerja.hari == (1, 2, 3, 4, 5)
    assert (config.jam_kerja.mulai, config.jam_kerja.selesai) == (dt.time(7, 30), dt.time(16, 0))
    assert config.tanggal_mulai == 10
    assert set(ROLE_LABELS) == set(ROLES)


def test_lookups_ignore_case_and_spacing(config):
    assert config.person("  BUDI ").nama.startswith("Budi")
    assert config.person("nobody") is None
    assert config.person_by_name("budi   santoso, s.e.").username == "budi"
    assert config.person_by_name("Rina").username == "rina"
    assert config.unit_by_name("irban-1").kode == "IRBAN-1"
    assert config.unit_by_name("inspektur pembantu  wilayah ii").kode == "IRBAN-2"
    assert config.unit_by_name("Bidang Lain") is None
    assert config.person("dewi").has_role("analis_data") and not config.person("dewi").has_role("pptk")


@pytest.mark.parametrize(
    ("value", "expected"),
    [(100.0, "Sangat Tinggi"), (91.0, "Sangat Tinggi"), (90.999, "Tinggi"), (76.0, "Tinggi"), (75.99, "Sedang"),
     (66.0, "Sedang"), (65.5, "Rendah"), (51.0, "Rendah"), (50.99, "Sangat Rendah"), (0.0, "Sangat Rendah"),
     (250.0, "Sangat Tinggi"), (None, None), (math.nan, None)],
)
def test_predikat_bands_are_half_open(config, value, expected):
    assert predikat(value, config.predikat) == expected


def test_override_file_merges_over_defaults(tmp_path):
    path = write(tmp_path, """
[instansi]
nama = "Inspektorat Daerah Kabupaten Lain"

[efisiensi]
ambang = 10

[skala]
opini = { wtp = 4, wdp = 3, tw = 2, tmp = 1 }
nilai = { "SANGAT BAIK" = 5, BAIK = 4 }
""")
    cfg = load_config(path)
    assert cfg.instansi.nama == "Inspektorat Daerah Kabupaten Lain"
    assert cfg.instansi.kota == "Contoh"  # untouched keys keep their defaults
    assert cfg.ambang_efisiensi == 10.0
    assert cfg.skala["opini"] == {"WTP": 4.0, "WDP": 3.0, "TW": 2.0, "TMP": 1.0}
    assert cfg.skala["nilai"]["SANGAT BAIK"] == 5.0 and "sakip" in cfg.skala
    assert cfg.source == str(path)


def test_arrays_of_tables_replace_the_defaults(tmp_path):
    path = write(tmp_path, """
[[unit]]
kode = "SEKRETARIAT"
nama = "Sekretariat"

[[pegawai]]
nama = "Ani"
nip = "1"
username = "Ani"
peran = "pptk"
unit = "SEKRETARIAT"

[[predikat]]
nama = "Baik"
batas_bawah = 80

[[predikat]]
nama = "Kurang"
batas_bawah = 0
""")
    cfg = load_config(path)
    assert [u.kode for u in cfg.unit] == ["SEKRETARIAT"]
    assert cfg.person("ani").peran == ("pptk",)
    assert [b.nama for b in cfg.predikat] == ["Baik", "Kurang"]
    assert predikat(80, cfg.predikat) == "Baik" and predikat(-5, cfg.predikat) == "Kurang"


def test_workspace_config_used_when_present(tmp_path):
    assert load_workspace_config(tmp_path).instansi.nama == "Inspektorat Kabupaten Contoh"
    write(tmp_path, '[kepala]\nnama = "Drs. Baru"\n')
    assert load_workspace_config(tmp_path).kepala.nama == "Drs. Baru"


def test_missing_and_unreadable_files(tmp_path):
    with pytest.raises(ConfigError, match="tidak ditemukan"):
        load_config(tmp_path / "tidak-ada.toml")
    with pytest.raises(ConfigError, match="bukan TOML"):
        load_config(write(tmp_path, "[instansi\nnama = 1"))
    bad = tmp_path / "latin1.toml"
    bad.write_bytes('[instansi]\nnama = "Caf\xe9"\n'.encode("latin-1"))
    with pytest.raises(ConfigError):
        load_config(bad)


@pytest.mark.parametrize(
    ("toml", "key"),
    [
        ('instansi = "Inspektorat"', "'instansi'"),
        ('[instansi]\nnama = ""', "instansi.nama"),
        ("[instansi]\nnama = 5", "instansi.nama"),
        ('[instansi]\nkop = "satu baris"', "instansi.kop"),
        ("[kepala]\nnip = 19700101", "kepala.nip"),
        ("unit = []", "'unit'"),
        ('[[unit]]\nkode = "A"', "unit[1].nama"),
        ('[[pegawai]]\nnama = "X"\nnip = "1"\nusername = "x"\nperan = ["bos"]\nunit = "SEKRETARIAT"', "pegawai[1].peran"),
        ('[[pegawai]]\nnama = "X"\nnip = "1"\nusername = "x"\nperan = ["pptk"]\nunit = "GUDANG"', "pegawai[1].unit"),
        ('[[pegawai]]\nnama = "X"\nnip = "1"\nusername = "x"\nperan = ["pptk"]\nunit = "SEKRETARIAT"\n'
         '[[pegawai]]\nnama = "Y"\nnip = "2"\nusername = "X"\nperan = ["pptk"]\nunit = "SEKRETARIAT"', "pegawai[2].username"),
        ('[[predikat]]\nnama = "A"\nbatas_bawah = 50\n[[predikat]]\nnama = "B"\nbatas_bawah = 60', "'predikat'"),
        ('[[predikat]]\nnama = "A"\nbatas_bawah = true', "predikat[1].batas_bawah"),
        ('[efisiensi]\nambang = "lima"', "efisiensi.ambang"),
        ('skala = ["opini"]', "'skala'"),
        ('[skala]\nopini = { WTP = "empat" }', "skala.opini"),
        ("[skala]\nopini = 4", "skala.opini"),
        ('[jam_kerja]\nhari = ["senen"]', "jam_kerja.hari"),
        ('[jam_kerja]\nmulai = "7.30"', "jam_kerja.mulai"),
        ('[jam_kerja]\nmulai = "17:00"', "jam_kerja.selesai"),
        ('[jam_kerja]\nistirahat = ["06:00", "07:00"]', "jam_kerja.istirahat"),
        ('[jam_kerja]\nistirahat = "12:00"', "jam_kerja.istirahat"),
        ("[alur]\ntanggal_mulai = 31", "alur.tanggal_mulai"),
        ("[alur]\ntanggal_mulai = true", "alur.tanggal_mulai"),
    ],
)
def test_wrong_values_raise_config_error_naming_the_key(tmp_path, toml, key):
    path = write(tmp_path, toml + "\n")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    message = str(info.value)
    assert key in message
    assert str(path) in message
    assert isinstance(info.value, KinerjaError) and info.value.exit_code == 1


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=40, deadline=None)
@given(
    ambang=st.floats(min_value=0, max_value=50, allow_nan=False),
    bounds=st.lists(st.integers(-100, 200), min_size=2, max_size=6, unique=True),
    value=st.floats(min_value=-500, max_value=500, allow_nan=False),
)
def test_config_values_round_trip_through_toml(tmp_path, ambang, bounds, value):
    bounds = sorted(bounds, reverse=True)
    bands = "".join(f'[[predikat]]\nnama = "K{b}"\nbatas_bawah = {b}\n' for b in bounds)
    path = write(tmp_path, f"[efisiensi]\nambang = {ambang!r}\n{bands}")
    cfg = load_config(path)
    assert cfg.ambang_efisiensi == ambang
    reached = [b for b in bounds if value >= b]
    assert predikat(value, cfg.predikat) == (f"K{reached[0]}" if reached else f"K{bounds[-1]}")
