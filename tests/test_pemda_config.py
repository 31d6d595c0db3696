"""pemda.toml through the config's strict reader: every bad case names the file and the key (table.key)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kinerja.cli.commands import main
from kinerja.errors import ConfigError
from kinerja.pemda.sample import opd_names, pemda_config_text
from kinerja.pemda.workspace import OpdKunci, PemdaToml, PenandatanganPemda, load_pemda

REPO = Path(__file__).resolve().parents[1]

GOOD = """\
[pemda]
nama = "Pemerintah Kota Uji"
kop = ["PEMERINTAH KOTA UJI", "BAGIAN ORGANISASI"]
kota = "Uji"

[pemda.penandatangan]
jabatan = "Kepala Bagian Organisasi"
nama = "Rahmat, S.E."
nip = "19800101 200501 1 001"

[[opd]]
kode = "DISDIK"
nama = "Dinas Pendidikan"

[[opd]]
kode = "DINKES"
nama = "Dinas Kesehatan"
folder = "kantor/kesehatan"
"""


def _pemda(tmp_path: Path, text: str, folders: tuple[str, ...] = ("opd/disdik", "kantor/kesehatan")) -> Path:
    root = tmp_path / "pemda"
    for folder in folders:
        (root / folder).mkdir(parents=True, exist_ok=True)
    (root / "pemda.toml").write_text(text, encoding="utf-8")
    return root


def _refused(root: Path) -> str:
    with pytest.raises(ConfigError) as caught:
        load_pemda(root)
    message = str(caught.value)
    assert str(root / "pemda.toml") in message, message  # the file, as written on disk
    return message


def test_a_good_pemda_toml_reads_into_frozen_dataclasses(tmp_path: Path) -> None:
    root = _pemda(tmp_path, GOOD)
    pemda = load_pemda(root)
    assert (pemda.nama, pemda.kop, pemda.kota) == ("Pemerintah Kota Uji", ("PEMERINTAH KOTA UJI", "BAGIAN ORGANISASI"), "Uji")
    assert pemda.penandatangan == PenandatanganPemda("Kepala Bagian Organisasi", "Rahmat, S.E.", "19800101 200501 1 001")
    assert [(o.kode, o.nama, o.root) for o in pemda.opd] == [
        ("DISDIK", "Dinas Pendidikan", (root / "opd" / "disdik").resolve()),  # the default folder opd/<kode>
        ("DINKES", "Dinas Kesehatan", (root / "kantor" / "kesehatan").resolve())]
    assert pemda.zona_waktu == "Asia/Jakarta" and pemda.dask == ""  # the defaults: WIB, this computer's cores
    with pytest.raises(AttributeError):
        pemda.penandatangan.nama = "orang lain"  # type: ignore[misc]
    without_signer = load_pemda(_pemda(tmp_path / "b", GOOD.split("[pemda.penandatangan]")[0] + GOOD.split('"19800101 200501 1 001"')[1]))
    assert without_signer.penandatangan == PenandatanganPemda("", "", "")


def test_every_pemda_toml_the_project_writes_or_shows_still_loads(tmp_path: Path) -> None:
    rows = [(kode, nama, f"opd/{kode.lower()}") for kode, nama in opd_names(3)]
    sample = load_pemda(_pemda(tmp_path / "sampel", pemda_config_text(rows), tuple(r[2] for r in rows)))
    assert [o.kode for o in sample.opd] == ["DISDIK", "DINKES", "DPUPR"] and sample.zona_waktu == "Asia/Makassar"
    assert sample.penandatangan.nama == "Drs. Hasan Basri, M.Si." and sample.penandatangan.nip == "19720505 199803 1 004"
    docs = (REPO / "docs" / "pemda.md").read_text(encoding="utf-8")
    shown = re.search(r"`pemda.toml`[^\n]*\n\n```toml\n(.*?)```", docs, re.DOTALL)
    assert shown is not None, "docs/pemda.md shows pemda.toml"
    documented = load_pemda(_pemda(tmp_path / "dok", shown.group(1), ("opd/disdik",)))
    assert [(o.kode, o.nama) for o in documented.opd] == [("DISDIK", "Dinas Pendidikan")] and documented.kota == "Contoh"


@pytest.mark.parametrize(("change", "key", "expected"), [
    (("[pemda]\n", '[pemda]\nwarna = "merah"\n'), "'pemda.warna' tidak dikenal", "salah satu dari pemda.nama"),
    (("kota = ", "kot = "), "'pemda.kot' tidak dikenal", "maksud Anda pemda.kota?"),
    (("[[opd]]\n", '[laporan]\njudul = "x"\n\n[[opd]]\n', 1), "[laporan] tidak dikenal", "[pemda], [dask], [[opd]]"),
    (("[pemda.penandatangan]\n", "[pemda.penandatangan]\npangkat = \"IV/a\"\n"), "'pemda.penandatangan.pangkat' tidak dikenal",
     "pemda.penandatangan.jabatan"),
    (('kop = ["PEMERINTAH KOTA UJI", "BAGIAN ORGANISASI"]', 'kop = "PEMERINTAH KOTA UJI"'), "'pemda.kop' tidak valid (tertulis: "
     "'PEMERINTAH KOTA UJI')", "daftar teks yang tidak kosong"),
    (('nip = "19800101 200501 1 001"', "nip = 19800101200501"), "'pemda.penandatangan.nip' tidak valid", "teks"),
    (('kota = "Uji"\n', 'kota = "Uji"\nzona_waktu = "GMT+8"\n'), "'pemda.zona_waktu' tidak valid (tertulis: 'GMT+8')",
     "Asia/Makassar"),
    (('kota = "Uji"\n', ""), "'pemda.kota' belum diisi", "teks yang tidak kosong (kota pada blok tanda tangan)"),
    (('nama = "Pemerintah Kota Uji"', 'nama = "  "'), "'pemda.nama' belum diisi", "teks yang tidak kosong"),
    (("[[opd]]\n", "[dask]\nalamat = 8786\n\n[[opd]]\n", 1), "'dask.alamat' tidak valid (tertulis: 8786)", "tcp://10.0.0.5:8786"),
    (('kode = "DINKES"\nnama = "Dinas Kesehatan"\n', 'kode = "DINKES"\n'), "'opd[2].nama' belum diisi", "Dinas Pendidikan"),
    (('kode = "DINKES"', 'kode = "DINKES"\nalamat = "Jl. Sehat"'), "'opd[2].alamat' tidak dikenal", "maksud Anda opd[2].nama?"),
    (('kode = "DINKES"', "kode = 2"), "'opd[2].kode' tidak valid (tertulis: 2)", "kode OPD yang unik"),
    (('folder = "kantor/kesehatan"', 'folder = ""'), "'opd[2].folder' belum diisi", "relatif terhadap folder Pemda"),
    (('kode = "DINKES"', 'kode = "disdik"'), "'opd[2].kode' tidak valid (tertulis: 'disdik')", "kode OPD yang unik"),
    (('folder = "kantor/kesehatan"', 'folder = "kantor/tidak-ada"'), "'opd[2].folder' tidak valid (tertulis: 'kantor/tidak-ada'): "
     "folder", "folder ruang kerja OPD yang ada"),
])
def test_a_bad_pemda_toml_is_refused_naming_the_file_the_key_and_what_is_expected(
        tmp_path: Path, change: tuple, key: str, expected: str) -> None:
    old, new, *count = change
    assert old in GOOD
    message = _refused(_pemda(tmp_path, GOOD.replace(old, new, *count)))
    assert key in message, message
    assert expected in message.split(key, 1)[1], message


def test_bad_opd_lists_and_tables_and_every_problem_at_once(tmp_path: Path) -> None:
    head = GOOD.split("[[opd]]")[0]
    message = _refused(_pemda(tmp_path / "a", head))
    assert "kunci 'opd' belum diisi; yang diharapkan: tabel [[opd]] berisi kode, nama, folder" in message
    message = _refused(_pemda(tmp_path / "b", 'opd = "DISDIK"\n' + head))
    assert "kunci 'opd' tidak valid (tertulis: 'DISDIK'); yang diharapkan: paling sedikit satu tabel [[opd]]" in message
    message = _refused(_pemda(tmp_path / "c", 'pemda = "Kota Uji"\n\n[[opd]]\nkode = "A"\nnama = "B"\n', ("opd/a",)))
    assert "kunci 'pemda' tidak valid (tertulis: 'Kota Uji'); yang diharapkan: tabel [pemda]" in message
    message = _refused(_pemda(tmp_path / "d", GOOD.replace('kota = "Uji"\n', "").replace('kode = "DINKES"', 'kode = "disdik"')
                              .replace('kantor/kesehatan"', 'kantor/lain"')))
    assert "'pemda.kota' belum diisi" in message and "opd[2]" not in message  # the rules across keys wait for the kinds
    message = _refused(_pemda(tmp_path / "e", GOOD.replace('kode = "DINKES"', 'kode = "disdik"')
                              .replace('folder = "kantor/kesehatan"', 'folder = "kantor/lain"')))
    assert "(2 masalah)" in message and "'opd[2].kode'" in message and "'opd[2].folder'" in message


def test_a_pemda_toml_that_cannot_be_read_or_is_no_toml(tmp_path: Path) -> None:
    message = _refused(_pemda(tmp_path / "a", GOOD.replace('kota = "Uji"', 'kota = "Uji')))
    assert "bukan TOML yang sah pada baris 4" in message
    root = _pemda(tmp_path / "b", GOOD)
    (root / "pemda.toml").write_bytes(GOOD.replace("Uji", "Uji\xe9").encode("latin-1"))
    assert "bukan teks UTF-8" in _refused(root)
    (root / "pemda.toml").write_bytes(b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode("utf-8"))
    assert load_pemda(root).kota == "Uji"  # UTF-8 with BOM and CRLF (Notepad) are fine
    (root / "pemda.toml").unlink()
    (root / "pemda.toml").mkdir()
    assert "tidak dapat dibaca" in _refused(root)
    with pytest.raises(ConfigError, match=r"pemda\.toml tidak ditemukan di .*kinerja pemda sampel FOLDER"):
        load_pemda(tmp_path / "kosong")


def test_the_cli_says_what_is_wrong_in_one_message_and_exits_non_zero(tmp_path: Path) -> None:
    root = _pemda(tmp_path, GOOD.replace("[pemda]\n", '[pemda]\nwarna = "merah"\n'))
    result = CliRunner().invoke(main, ["--ruang-kerja", str(root), "pemda", "rekap", "--tahun", "2025", "--triwulan", "3", "--tanpa-pdf"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert f"{root / 'pemda.toml'}: kunci 'pemda.warna' tidak dikenal" in result.output
    assert "Traceback" not in result.output


def test_the_schema_is_declared_with_the_config_kinds() -> None:
    from kinerja.config.kinds import OPTIONAL_TEXT, TEXT, TEXT_LIST, TIME_ZONE, schema_fields
    from kinerja.pemda.workspace import PemdaKunci

    assert {f.name: f.metadata["kind"] for f in schema_fields(OpdKunci)} == {"kode": TEXT, "nama": TEXT, "folder": TEXT}
    head = {f.name: f.metadata.get("kind") or f.metadata.get("table") for f in schema_fields(PemdaKunci)}
    assert head == {"nama": TEXT, "kop": TEXT_LIST, "kota": TEXT, "zona_waktu": TIME_ZONE, "penandatangan": PenandatanganPemda}
    assert {f.metadata["kind"] for f in schema_fields(PenandatanganPemda)} == {OPTIONAL_TEXT}
    assert [f.name for f in schema_fields(PemdaToml)] == ["pemda", "dask", "opd"]
