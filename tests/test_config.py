"""The office config: strict schema, no sample fallback, errors that name file, key and expectation."""

from __future__ import annotations

import datetime as dt
import math
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kinerja.capaian.tabel import predikat
from kinerja.cli import main
from kinerja.config import load_config, load_workspace_config
from kinerja.domain.peran import ROLE_LABELS, ROLES
from kinerja.errors import ConfigError, KinerjaError
from kinerja.paths import PROJECT_ROOT, SAMPLE_CONFIG, SKELETON_CONFIG, find_workspace
from kinerja.workspace import init_workspace

OFFICE = """\
[instansi]
nama = "Inspektorat Daerah Kabupaten Maju"
pemerintah = "Pemerintah Kabupaten Maju"
kop = ["PEMERINTAH KABUPATEN MAJU", "INSPEKTORAT DAERAH", "Jl. Sudirman 2, Maju"]
kota = "Maju"
urusan = "6.01"

[kepala]
jabatan = "Inspektur"
nama = "Ir. Maria Ulfa, M.M."
nip = "19710202 199603 2 001"

[[unit]]
kode = "SEKRETARIAT"
nama = "Sekretariat"

[[unit]]
kode = "IRBAN-1"
nama = "Irban I"

[[pegawai]]
nama = "Sekar"
nip = "1"
username = "sekar"
peran = ["sekretaris", "kasubag_perencanaan"]
unit = "SEKRETARIAT"

[[pegawai]]
nama = "Putu"
nip = "2"
username = "putu"
peran = ["pptk"]
unit = "IRBAN-1"

[[pegawai]]
nama = "Ana"
nip = "3"
username = "ana"
peran = ["analis_data"]
unit = "SEKRETARIAT"
"""

BANDS = """
[[predikat]]
nama = "Baik"
batas_bawah = 80

[[predikat]]
nama = "Cukup"
batas_bawah = 60

[[predikat]]
nama = "Kurang"
batas_bawah = -inf
"""


def write(tmp_path: Path, text: str, name: str = "kinerja.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def swap(old: str, new: str) -> str:
    assert old in OFFICE + BANDS, old
    return (OFFICE + BANDS).replace(old, new, 1)


# (name, the file's text, what the message must contain besides the file name)
BAD = [
    ("typo-table", OFFICE.replace("[kepala]", "[kepla]"), ["[kepla]", "maksud Anda [kepala]", "'kepala' belum diisi"]),
    ("typo-key", OFFICE.replace('kota = "Maju"', 'kotaa = "Maju"'), ["instansi.kotaa", "maksud Anda instansi.kota"]),
    ("typo-array", OFFICE.replace("[[unit]]", "[[unti]]", 1), ["[[unti]]", "maksud Anda [[unit]]"]),
    ("typo-in-person", OFFICE.replace('username = "putu"', 'usernme = "putu"'), ["pegawai[2].usernme", "maksud Anda pegawai[2].username"]),
    ("unknown-far", OFFICE + "\n[gudang]\nisi = 1\n", ["[gudang]", "salah satu dari", "[instansi]"]),
    ("only-instansi", OFFICE.split("[kepala]")[0], ["'kepala' belum diisi", "'unit' belum diisi", "'pegawai' belum diisi"]),
    ("empty-file", "", ["'instansi' belum diisi"]),
    ("head-empty", OFFICE.replace('nama = "Ir. Maria Ulfa, M.M."', 'nama = ""'), ["'kepala.nama' belum diisi"]),
    ("head-nip-number", OFFICE.replace('nip = "19710202 199603 2 001"', "nip = 19710202"), ["kepala.nip", "teks"]),
    ("instansi-not-table", 'instansi = "Inspektorat"\n' + OFFICE[OFFICE.index("[kepala]"):], ["'instansi'", "tabel [instansi]"]),
    ("kop-string", OFFICE.replace('kop = ["PEMERINTAH KABUPATEN MAJU", "INSPEKTORAT DAERAH", "Jl. Sudirman 2, Maju"]', 'kop = "satu baris"'), ["instansi.kop", "daftar teks"]),
    ("no-analis", OFFICE.replace('peran = ["analis_data"]', 'peran = ["pptk"]'), ["pegawai", "analis_data"]),
    ("unknown-role", OFFICE.replace('peran = ["pptk"]', 'peran = ["bos"]'), ["pegawai[2].peran", "sekretaris, pptk"]),
    ("person-unit", OFFICE.replace('unit = "IRBAN-1"\n', 'unit = "GUDANG"\n'), ["pegawai[2].unit", "IRBAN-1, SEKRETARIAT"]),
    ("same-username", OFFICE.replace('username = "ana"', 'username = "PUTU"'), ["pegawai[3].username", "unik"]),
    ("same-unit", OFFICE.replace('kode = "IRBAN-1"', 'kode = "sekretariat"'), ["unit[2].kode", "unik"]),
    ("units-empty", OFFICE + "\n", ["'unit'"]),  # replaced below: unit = [] is not expressible after [[unit]]
    ("band-nan", swap("batas_bawah = 60", "batas_bawah = nan"), ["predikat[2].batas_bawah", "nan", "terhingga"]),
    ("band-inf", swap("batas_bawah = 80", "batas_bawah = inf"), ["predikat[1].batas_bawah", "terhingga"]),
    ("band-order", swap("batas_bawah = 60", "batas_bawah = 85"), ["predikat[2].batas_bawah", "lebih kecil"]),
    ("band-equal", swap("batas_bawah = 60", "batas_bawah = 80"), ["predikat[2].batas_bawah"]),
    ("band-minus-inf-first", swap("batas_bawah = 80", "batas_bawah = -inf"), ["predikat[1].batas_bawah", "-inf hanya"]),
    ("band-same-name", swap('nama = "Cukup"', 'nama = "baik"'), ["predikat[2].nama", "unik"]),
    ("band-bool", swap("batas_bawah = 80", "batas_bawah = true"), ["predikat[1].batas_bawah"]),
    ("ambang-nan", OFFICE + "\n[efisiensi]\nambang = nan\n", ["efisiensi.ambang", "terhingga"]),
    ("ambang-text", OFFICE + '\n[efisiensi]\nambang = "lima"\n', ["efisiensi.ambang", "angka"]),
    ("ambang-negative", OFFICE + "\n[efisiensi]\nambang = -1\n", ["efisiensi.ambang", "0 atau lebih"]),
    ("scale-text", OFFICE + '\n[skala]\nopini = { WTP = "empat" }\n', ["skala.opini", "angka"]),
    ("scale-number", OFFICE + "\n[skala]\nopini = 4\n", ["skala.opini"]),
    ("day-typo", OFFICE + '\n[jam_kerja]\nhari = ["senen"]\n', ["jam_kerja.hari", "senin"]),
    ("clock-dot", OFFICE + '\n[jam_kerja]\nmulai = "7.30"\n', ["jam_kerja.mulai", "JJ:MM"]),
    ("clock-order", OFFICE + '\n[jam_kerja]\nmulai = "17:00"\n', ["jam_kerja.selesai", "sesudah jam mulai"]),
    ("rest-outside", OFFICE + '\n[jam_kerja]\nistirahat = ["06:00", "07:00"]\n', ["jam_kerja.istirahat", "di dalam jam kerja"]),
    ("rest-string", OFFICE + '\n[jam_kerja]\nistirahat = "12:00"\n', ["jam_kerja.istirahat"]),
    ("start-day", OFFICE + "\n[alur]\ntanggal_mulai = 31\n", ["alur.tanggal_mulai", "1 sampai 28"]),
    ("start-bool", OFFICE + "\n[alur]\ntanggal_mulai = true\n", ["alur.tanggal_mulai"]),
    ("contoh-text", 'contoh = "ya"\n' + OFFICE, ["'contoh'", "true atau false"]),
    ("browser-typo", OFFICE + '\n[laporan]\nbrowsr = "msedge"\n', ["laporan.browsr", "maksud Anda laporan.browser"]),
    ("clock-hour", OFFICE + '\n[jam_kerja]\nmulai = "25:00"\n', ["jam_kerja.mulai", "JJ:MM"]),
    ("rest-reversed", OFFICE + '\n[jam_kerja]\nistirahat = ["13:00", "12:00"]\n', ["jam_kerja.istirahat", "dua jam berurutan"]),
    ("day-twice", OFFICE + '\n[jam_kerja]\nhari = ["senin", "Senin"]\n', ["jam_kerja.hari", "tanpa pengulangan"]),
    ("role-number", OFFICE.replace('peran = ["pptk"]', "peran = 3"), ["pegawai[2].peran", "daftar peran"]),
    ("scale-empty", OFFICE + "\n[skala]\nopini = {}\n", ["skala.opini"]),
    ("key-not-ed25519", OFFICE.replace('username = "putu"', 'username = "putu"\nkunci_publik = "ed25519:abc"'),
     ["pegawai[2].kunci_publik", "kinerja kunci buat"]),
    ("keys-empty", OFFICE.replace('username = "putu"', 'username = "putu"\nkunci_publik = []'), ["pegawai[2].kunci_publik"]),
    ("smtp-security", OFFICE + '\n[surel]\nkeamanan = "tls"\n', ["surel.keamanan", "starttls, ssl, tanpa"]),
    ("smtp-sender", OFFICE + '\n[surel]\npengirim = "bukan-surel"\n', ["surel.pengirim", "alamat surel"]),
    ("smtp-port", OFFICE + "\n[surel]\nport = 0\n", ["surel.port", "1 sampai 65535"]),
    ("reminder-zero", OFFICE + "\n[surel]\njam_sebelum = 0\n", ["surel.jam_sebelum", "lebih dari 0"]),
    ("not-toml", OFFICE.replace("[kepala]", "[kepala"), ["bukan TOML", "baris 8"]),
]
BAD = [b for b in BAD if b[0] != "units-empty"] + [
    ("units-empty", "unit = []\n" + OFFICE.replace("[[unit]]\nkode", "[[unitx]]\nkode"), ["'unit'", "paling sedikit satu tabel [[unit]]"]),
]


def test_there_are_enough_bad_variants():
    assert len(BAD) >= 27 and len({name for name, _, _ in BAD}) == len(BAD)


@pytest.mark.parametrize(("name", "text", "expected"), BAD, ids=[b[0] for b in BAD])
def test_bad_config_is_one_clear_error(tmp_path, name, text, expected):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    message = str(info.value)
    assert str(path) in message
    for part in expected:
        assert part in message, f"{part!r} not in {message!r}"
    assert isinstance(info.value, KinerjaError) and info.value.exit_code == 1


@pytest.mark.parametrize(("name", "text", "expected"), BAD, ids=[b[0] for b in BAD])
def test_bad_config_stops_every_command_without_traceback(tmp_path, name, text, expected):
    write(tmp_path, text)
    result = CliRunner().invoke(main, ["--ruang-kerja", str(tmp_path), "status", "--tahun", "2025"])
    assert result.exit_code == 1, result.output
    assert result.output.startswith("Galat: ") and str(tmp_path / "kinerja.toml") in result.output
    assert "Traceback" not in result.output and not isinstance(result.exception, ConfigError | AttributeError | TypeError)


def test_bad_config_in_a_real_process_prints_no_traceback(tmp_path):
    write(tmp_path, OFFICE.replace("[kepala]", "[kepla]"))
    run = subprocess.run([sys.executable, "-m", "kinerja.cli", "--ruang-kerja", str(tmp_path), "konfigurasi"],
                         capture_output=True, text=True, encoding="utf-8", check=False)
    assert run.returncode == 1
    assert "maksud Anda [kepala]?" in run.stderr and "Traceback" not in run.stderr


def test_every_problem_is_listed_at_once(tmp_path):
    text = OFFICE.replace("[kepala]", "[kepla]").replace('kota = "Maju"', 'kotaa = "Maju"') + "\n[efisiensi]\nambang = nan\n"
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, text))
    message = str(info.value)
    assert "5 masalah" in message  # [kepla], kotaa, kota missing, kepala missing, ambang
    for part in ("[kepla]", "instansi.kotaa", "'instansi.kota' belum diisi", "'kepala' belum diisi", "efisiensi.ambang"):
        assert part in message


def test_an_office_config_has_only_its_own_data(tmp_path):
    cfg = load_config(write(tmp_path, OFFICE))
    assert not cfg.contoh and cfg.tanda_air == ()
    assert cfg.kepala.nama == "Ir. Maria Ulfa, M.M." and cfg.instansi.kota == "Maju"
    assert [p.username for p in cfg.pegawai] == ["sekar", "putu", "ana"]
    assert cfg.person("siti") is None and cfg.person("budi") is None  # no sample people
    assert [u.kode for u in cfg.unit] == ["SEKRETARIAT", "IRBAN-1"]
    # regulatory defaults only
    assert [b.nama for b in cfg.predikat][0] == "Sangat Tinggi" and predikat(84, cfg.predikat) == "Tinggi"
    assert cfg.ambang_efisiensi == 5.0 and cfg.tanggal_mulai == 10 and cfg.skala["opini"]["WTP"] == 4.0
    assert cfg.source == str(tmp_path / "kinerja.toml")


def test_bands_and_scales_replace_the_defaults(tmp_path):
    cfg = load_config(write(tmp_path, OFFICE + BANDS + '\n[skala]\nopini = { wtp = 4, wdp = 3 }\n'))
    assert [b.nama for b in cfg.predikat] == ["Baik", "Cukup", "Kurang"]
    assert predikat(84, cfg.predikat) == "Baik" and predikat(-5, cfg.predikat) == "Kurang"
    assert cfg.skala == {"opini": {"WTP": 4.0, "WDP": 3.0}}


def test_utf8_with_bom_and_crlf_is_read(tmp_path):
    path = tmp_path / "kinerja.toml"
    path.write_bytes(b"\xef\xbb\xbf" + OFFICE.replace("Maju\"\nurusan", "Maj\u00fa\"\nurusan").replace("\n", "\r\n").encode("utf-8"))
    assert load_config(path).instansi.kota == "Maj\u00fa"


def test_unreadable_files_say_what_to_do(tmp_path):
    with pytest.raises(ConfigError, match="tidak ditemukan.*kinerja init"):
        load_config(tmp_path / "tidak-ada.toml")
    latin = tmp_path / "latin1.toml"
    latin.write_bytes('[instansi]\nnama = "Caf\xe9"\n'.encode("latin-1"))
    with pytest.raises(ConfigError, match="bukan teks UTF-8.*simpan ulang"):
        load_config(latin)


def test_default_config_is_the_sample_office(config):
    assert config.contoh and config.tanda_air == ("CONTOH",)
    assert config.instansi.nama == "Inspektorat Kabupaten Contoh"
    assert [u.kode for u in config.unit] == ["SEKRETARIAT", "IRBAN-1", "IRBAN-2", "IRBAN-KHUSUS"]
    assert [p.username for p in config.people_with_role("pptk")] == ["budi", "rina", "ahmad", "yusuf"]
    assert [p.username for p in config.people_with_role("sekretaris")] == ["siti"]
    assert config.jam_kerja.hari == (1, 2, 3, 4, 5)
    assert (config.jam_kerja.mulai, config.jam_kerja.selesai) == (dt.time(7, 30), dt.time(16, 0))
    assert set(ROLE_LABELS) == set(ROLES)


def test_the_checkout_is_the_sample_workspace():
    assert (PROJECT_ROOT / "kinerja.toml").read_bytes() == SAMPLE_CONFIG.read_bytes()
    assert load_workspace_config(PROJECT_ROOT).contoh
    assert find_workspace(start=PROJECT_ROOT / "data" / "raw").root == PROJECT_ROOT


def test_lookups_ignore_case_and_spacing(config):
    assert config.person("  BUDI ").nama.startswith("Budi")
    assert config.person("nobody") is None
    assert config.person_by_name("budi   santoso, s.e.").username == "budi"
    assert config.unit_by_name("inspektur pembantu  wilayah ii").kode == "IRBAN-2"
    assert config.unit_by_name("Bidang Lain") is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [(100.0, "Sangat Tinggi"), (91.0, "Sangat Tinggi"), (90.999, "Tinggi"), (76.0, "Tinggi"), (75.99, "Sedang"),
     (66.0, "Sedang"), (65.5, "Rendah"), (51.0, "Rendah"), (50.99, "Sangat Rendah"), (0.0, "Sangat Rendah"),
     (250.0, "Sangat Tinggi"), (None, None), (math.nan, None)],
)
def test_predikat_bands_are_half_open(config, value, expected):
    assert predikat(value, config.predikat) == expected


# -- workspaces ------------------------------------------------------------------------------


def test_init_writes_a_skeleton_without_sample_people(tmp_path):
    ws = init_workspace(tmp_path / "kantor")
    assert ws.raw.is_dir() and ws.archive.is_dir()
    # one empty folder per quarter of one year (uploads always land in their case's quarter), no workbook
    years = list(ws.raw.iterdir())
    assert len(years) == 1 and sorted(q.name for q in years[0].iterdir()) == [f"triwulan-{n}" for n in (1, 2, 3, 4)]
    assert not [f for f in ws.raw.rglob("*") if f.is_file()]
    text = ws.config_file.read_text(encoding="utf-8")
    assert text == SKELETON_CONFIG.read_text(encoding="utf-8")
    for sample in ("Andi Pratama", "siti", "budi", "Contoh"):
        assert sample not in text
    with pytest.raises(ConfigError) as info:
        load_workspace_config(ws.root)
    for part in ("'instansi.nama' belum diisi", "'kepala.nama' belum diisi", "'unit[1].kode' belum diisi", "'pegawai[4].username'"):
        assert part in str(info.value)


def test_init_puts_the_notebooks_and_a_readme_into_the_workspace(tmp_path):
    from kinerja.paths import NOTEBOOKS_DIR
    from kinerja.workspace import copy_notebooks

    ws = init_workspace(tmp_path / "kantor")
    shipped = sorted(p.name for p in NOTEBOOKS_DIR.glob("*.ipynb"))
    assert {"triwulan.ipynb", "tahunan.ipynb", "jelajah.ipynb"} <= set(shipped)
    assert sorted(p.name for p in ws.notebooks.iterdir()) == shipped
    for name in shipped:
        assert (ws.notebooks / name).read_bytes() == (NOTEBOOKS_DIR / name).read_bytes()
    readme = (ws.root / "README.md").read_text(encoding="utf-8")
    assert "notebooks/" in readme and "kinerja konfigurasi" in readme and "data/archive/" in readme
    (ws.notebooks / "triwulan.ipynb").write_text("{}", encoding="utf-8")  # the office's own edits
    (ws.notebooks / "jelajah.ipynb").unlink()
    assert copy_notebooks(ws) == [ws.notebooks / "jelajah.ipynb"]
    assert (ws.notebooks / "triwulan.ipynb").read_text(encoding="utf-8") == "{}"  # never replaced


def test_filled_skeleton_is_valid(tmp_path):
    ws = init_workspace(tmp_path / "kantor")
    text = ws.config_file.read_text(encoding="utf-8")
    filled = text.replace('nama = ""', 'nama = "X"').replace('nip = ""', 'nip = "1"').replace('kota = ""', 'kota = "K"')
    filled = filled.replace('pemerintah = ""', 'pemerintah = "P"').replace('jabatan = ""', 'jabatan = "Kepala"')
    filled = filled.replace('kode = ""', 'kode = "U"').replace('unit = ""', 'unit = "U"').replace('  "",\n', '  "baris",\n')
    for n, role in enumerate(ROLES):
        filled = filled.replace(f'username = ""\nperan = ["{role}"]', f'username = "u{n}"\nperan = ["{role}"]')
    write(ws.root, filled)
    cfg = load_workspace_config(ws.root)
    assert not cfg.contoh and [p.username for p in cfg.pegawai] == ["u0", "u1", "u2", "u3"]
    assert cfg.predikat[0].nama == "Sangat Tinggi"


def test_init_never_overwrites(tmp_path):
    ws = init_workspace(tmp_path)
    ws.config_file.write_text(OFFICE, encoding="utf-8")
    result = CliRunner().invoke(main, ["init", str(tmp_path)])
    assert result.exit_code == 2 and "sudah ada" in result.output
    assert ws.config_file.read_text(encoding="utf-8") == OFFICE


def test_sample_workspace_is_marked_and_has_the_sample_year(tmp_path):
    result = CliRunner().invoke(main, ["init", "--contoh", str(tmp_path / "contoh")])
    assert result.exit_code == 0, result.output
    cfg = load_workspace_config(tmp_path / "contoh")
    assert cfg.contoh and cfg.tanda_air == ("CONTOH",)
    assert len(list((tmp_path / "contoh" / "data" / "raw" / "2025").rglob("*.xlsx"))) == 16


def test_no_workspace_is_an_error_saying_how_to_make_one(tmp_path, monkeypatch):
    monkeypatch.delenv("KINERJA_WORKSPACE", raising=False)
    monkeypatch.chdir(tmp_path)
    for args in (["status"], ["--ruang-kerja", str(tmp_path / "salah-ketik"), "status"], ["--ruang-kerja", str(tmp_path), "status"]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 1, (args, result.output)
        assert "kinerja init FOLDER" in result.output and "kinerja init --contoh" in result.output
        assert "Traceback" not in result.output
    monkeypatch.setenv("KINERJA_WORKSPACE", str(tmp_path / "tidak-ada"))
    with pytest.raises(ConfigError, match="KINERJA_WORKSPACE"):
        find_workspace()


def test_workspace_found_from_a_subfolder(tmp_path, monkeypatch):
    monkeypatch.delenv("KINERJA_WORKSPACE", raising=False)
    ws = init_workspace(tmp_path / "kantor")
    assert find_workspace(start=ws.raw).root == ws.root


def test_demo_and_sampel_refuse_an_office_workspace(tmp_path):
    write(tmp_path, OFFICE)
    for args in (["demo"], ["sampel"]):
        result = CliRunner().invoke(main, ["--ruang-kerja", str(tmp_path), *args])
        assert result.exit_code == 2 and "init --contoh" in result.output, result.output
    assert not (tmp_path / "data").exists()


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=40, deadline=None)
@given(
    ambang=st.floats(min_value=0, max_value=50, allow_nan=False),
    bounds=st.lists(st.integers(-100, 200), min_size=2, max_size=6, unique=True),
    value=st.floats(min_value=-500, max_value=500, allow_nan=False),
)
def test_config_values_round_trip_through_toml(tmp_path, ambang, bounds, value):
    bounds = sorted(bounds, reverse=True)
    bands = "".join(f'[[predikat]]\nnama = "K{b}"\nbatas_bawah = {b}\n' for b in bounds)
    path = write(tmp_path, f"{OFFICE}\n[efisiensi]\nambang = {ambang!r}\n{bands}")
    cfg = load_config(path)
    assert cfg.ambang_efisiensi == ambang
    reached = [b for b in bounds if value >= b]
    assert predikat(value, cfg.predikat) == (f"K{reached[0]}" if reached else f"K{bounds[-1]}")


@pytest.mark.parametrize(("written", "zone"), [("WITA", "Asia/Makassar"), (" wib ", "Asia/Jakarta"), ("WIT", "Asia/Jayapura"),
                                              ("Asia/Makassar", "Asia/Makassar")])
def test_an_indonesian_zone_abbreviation_is_the_zone_it_names(tmp_path, written, zone):
    from kinerja.numbers import format_datetime

    cfg = load_config(write(tmp_path, OFFICE.replace('urusan = "6.01"', f'urusan = "6.01"\nzona_waktu = "{written}"')))
    assert cfg.instansi.zona_waktu == zone
    assert format_datetime(dt.datetime(2026, 1, 10, 9, 15), cfg.instansi.zona_waktu).endswith(
        {"Asia/Makassar": "WITA", "Asia/Jakarta": "WIB", "Asia/Jayapura": "WIT"}[zone])


def test_another_zone_text_is_refused_naming_what_is_accepted(tmp_path):
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, OFFICE.replace('urusan = "6.01"', 'urusan = "6.01"\nzona_waktu = "GMT+8"')))
    assert "zona_waktu" in str(info.value) and '"WITA"' in str(info.value) and "Asia/Makassar" in str(info.value)


@pytest.mark.parametrize(("key", "value", "allowed"), [
    ("ukuran_terurai_mb", "1e9", "angka lebih dari 0 sampai 250"),
    ("rasio_kompresi", "1e9", "angka lebih dari 0 sampai 200"),
    ("baris", "100000000", "bilangan bulat 1 sampai 50000"),
    ("kolom", "0", "bilangan bulat 1 sampai 1000"),
    ("teks", "1e9", "bilangan bulat 1 sampai 32767"),
    ("batas_waktu_browser", "1e9", "angka lebih dari 0 sampai 900"),
])
def test_a_limit_can_be_tightened_but_not_switched_off(tmp_path, key, value, allowed):
    path = tmp_path / "kinerja.toml"
    path.write_text(OFFICE + f"\n[batas]\n{key} = {value}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert f"batas.{key}" in str(info.value) and allowed in str(info.value), str(info.value)
    path.write_text(OFFICE + "\n[batas]\nbaris = 2000\nukuran_terurai_mb = 20\n", encoding="utf-8")
    assert load_config(path).batas.baris == 2000  # tighter is fine


def test_one_key_cannot_belong_to_two_people(tmp_path):
    from kinerja.alur import kunci
    from kinerja.paths import SAMPLE_CONFIG

    budi = kunci.public_text(kunci.sample_key("budi"))
    text = SAMPLE_CONFIG.read_text(encoding="utf-8")
    siti = kunci.public_text(kunci.sample_key("siti"))
    path = tmp_path / "kinerja.toml"
    path.write_text(text.replace(f'kunci_publik = "{siti}"', f'kunci_publik = ["{siti}", "{budi}"]'), encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    message = str(info.value)
    assert "pegawai[2].kunci_publik" in message and "ed25519:ufS5v4" in message, message
    assert "sudah terdaftar untuk Hj. Siti Rahmawati, S.H., M.H. (siti), bukan untuk Budi Santoso, S.E. (budi)" in message
