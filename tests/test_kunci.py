"""Signing keys: making one, registering it, acting with it, and what the audit says about signatures."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3

import pytest
from _util_alur import START, drive, make_workspace
from click.testing import CliRunner

from kinerja.alur import kunci
from kinerja.alur.store import Store, event_hash
from kinerja.alur.workflow import ActionRefused, Alasan, act, audit
from kinerja.cli.commands import main
from kinerja.config import load_config
from kinerja.paths import SAMPLE_CONFIG  # noqa: E402

TOML = SAMPLE_CONFIG.read_text(encoding="utf-8").split("[[pegawai]]")[0].replace("{", "{{").replace("}", "}}").replace(
    "\ncontoh = true", "\ncontoh = false") + """
[[pegawai]]
nama = "Siti"
nip = "1"
username = "siti"
peran = ["sekretaris"]
unit = "SEKRETARIAT"
{siti}
[[pegawai]]
nama = "Budi"
nip = "2"
username = "budi"
peran = ["pptk"]
unit = "SEKRETARIAT"
{budi}
[[pegawai]]
nama = "Dewi"
nip = "3"
username = "dewi"
peran = ["analis_data"]
unit = "SEKRETARIAT"
kunci_publik = "{dewi}"

[[pegawai]]
nama = "Rizal"
nip = "4"
username = "rizal"
peran = ["kasubag_perencanaan"]
unit = "SEKRETARIAT"
"""


def office(tmp_path, siti: str = "", budi: str = ""):
    """A real office: Siti's and Budi's registered keys as given, Dewi with her sample key."""
    path = tmp_path / "kinerja.toml"
    path.write_text(TOML.format(siti=siti, budi=budi, dewi=kunci.public_text(kunci.sample_key("dewi"))), encoding="utf-8")
    return load_config(path)


def test_kunci_buat_writes_a_private_key_only_its_owner_reads_and_prints_the_public_line(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "rumah"))
    done = CliRunner().invoke(main, ["--ruang-kerja", str(tmp_path), "kunci", "buat"])
    assert done.exit_code == 0, done.output
    import pwd

    path = kunci.key_file(pwd.getpwuid(os.getuid()).pw_name)
    assert path.is_file() and path.stat().st_mode & 0o777 == 0o600 and path.parent.stat().st_mode & 0o777 == 0o700
    line = next(ln for ln in done.output.splitlines() if ln.startswith("kunci_publik = "))
    assert line.split('"')[1] == kunci.public_text(kunci.read_private(path))
    again = CliRunner().invoke(main, ["--ruang-kerja", str(tmp_path), "kunci", "buat"])
    assert again.exit_code == 1 and "tidak ditimpa" in again.output and "Traceback" not in again.output


def test_passphrase_protected_key(tmp_path):
    path = kunci.write_private(tmp_path / "k" / "siti.pem", kunci.generate(), "rahasia sekali")
    assert kunci.needs_passphrase(path)
    with pytest.raises(kunci.KunciError, match="frasa sandi"):
        kunci.read_private(path)
    with pytest.raises(kunci.KunciError, match="salah"):
        kunci.read_private(path, "keliru")
    assert kunci.read_private(path, "rahasia sekali")


def test_act_refuses_without_a_registered_key_and_says_how_to_make_one(tmp_path):
    cfg = office(tmp_path)
    ws = make_workspace(tmp_path / "ws")
    with pytest.raises(ActionRefused) as info:
        act(ws, cfg, "tugaskan", 2025, 1, username="siti", penerima="budi", now=START)
    assert info.value.reason == Alasan.KUNCI
    assert "kinerja kunci buat" in str(info.value) and "kunci_publik" in str(info.value)
    assert not ws.database.exists()


def test_act_refuses_a_key_that_is_not_the_registered_one(tmp_path):
    other = kunci.public_text(kunci.generate())  # registered key whose private half siti does not have
    cfg = office(tmp_path, siti=f'kunci_publik = "{other}"')
    ws = make_workspace(tmp_path / "ws")
    with pytest.raises(ActionRefused) as info:
        act(ws, cfg, "tugaskan", 2025, 1, username="siti", penerima="budi", now=START)
    assert info.value.reason == Alasan.KUNCI and "bukan kunci yang terdaftar" in str(info.value)


def test_sample_folder_is_used_only_for_registered_sample_keys(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "kosong"))  # nobody has a key at home
    ws = make_workspace(tmp_path / "ws")
    kunci.write_sample_keys(ws.root / kunci.SAMPLE_DIR, ["siti", "dewi"])
    real = kunci.generate()
    cfg = office(tmp_path, siti=f'kunci_publik = "{kunci.public_text(real)}"')
    # Siti is a real person with a real key: the sample folder's siti.pem does not stand in for it
    with pytest.raises(ActionRefused) as info:
        act(ws, cfg, "tugaskan", 2025, 1, username="siti", penerima="budi", now=START)
    assert info.value.reason == Alasan.KUNCI
    # the sample office (every key a sample key) works from the marked workspace folder
    event = act(ws, load_config(), "tugaskan", 2025, 1, username="siti", penerima="budi", now=START)
    assert kunci.verify(kunci.sample_key("siti").public_key(), event.hash, event.tanda_tangan)


def test_every_event_is_signed_by_its_actor_and_the_audit_checks_it(tmp_path, config):
    ws = make_workspace(tmp_path, reports_for=(1,))
    drive(ws, config, "dokumentasikan")
    result = audit(ws, config)
    assert result.jumlah == 6 and result.pelanggaran == []
    assert any("kunci sampel" in note for note in result.catatan)
    for event in Store(ws.database).events():
        assert kunci.verify(kunci.sample_key(event.pengguna).public_key(), event.hash, event.tanda_tangan)


def forge_append(path, *, pengguna: str, peran: str, aksi: str, dari: str, ke: str, signer=None) -> None:
    """Append an event with raw SQL, as an attacker with write access to the file would (chain made right)."""
    from kinerja.alur.store import _COLUMNS

    conn = sqlite3.connect(path, isolation_level=None)
    last = dict(zip(_COLUMNS, conn.execute(f"SELECT {', '.join(_COLUMNS)} FROM peristiwa ORDER BY id DESC LIMIT 1").fetchone(),
                    strict=True))
    row = {**last, "urutan": last["urutan"] + 1, "waktu": "2025-04-10T11:00:00", "pengguna": pengguna, "peran": peran,
           "aksi": aksi, "dari": dari, "ke": ke, "catatan": "", "penerima": "", "berkas": "", "sha256": "",
           "hash_sebelumnya": last["hash"]}
    row["hash"] = event_hash(row)
    row["tanda_tangan"] = kunci.sign(signer, row["hash"]) if signer else ""
    names = [c for c in _COLUMNS if c != "id"]
    conn.execute(f"INSERT INTO peristiwa ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})", [row[c] for c in names])
    ident = conn.execute("SELECT MAX(id) FROM peristiwa").fetchone()[0]
    conn.close()
    with open(path.with_suffix(".rantai"), "a", encoding="utf-8") as log:  # and cover the tracks in the side file
        log.write(f"{ident} {row['hash']} {row['waktu']}\n")


@pytest.mark.parametrize("signer", ["budi", None])
def test_an_approval_appended_by_anyone_else_is_detected_and_named(tmp_path, config, signer):
    ws = make_workspace(tmp_path)
    drive(ws, config, "ajukan")
    # Budi (the PPTK) approves his own report "as Siti" by writing the database directly
    forge_append(ws.database, pengguna="siti", peran="sekretaris", aksi="setujui", dari="pemeriksaan", ke="pendokumentasian",
                 signer=kunci.sample_key(signer) if signer else None)
    result = audit(ws, config)
    messages = [(v.id, v.jenis, v.pesan) for v in result.pelanggaran]
    assert [(i, j) for i, j, _ in messages] == [(5, "tanda_tangan")], messages
    if signer:
        assert "kunci Budi Santoso, S.E. (budi)" in messages[0][2]
    else:
        assert "tidak bertanda tangan" in messages[0][2]
    out = CliRunner().invoke(main, ["--ruang-kerja", str(ws.root), "audit", "verifikasi"])
    assert out.exit_code == 1 and "[tanda_tangan] peristiwa #5 'setujui' atas nama siti" in out.output


def test_event_times_never_run_backwards(tmp_path, config):
    ws = make_workspace(tmp_path)
    future = dt.datetime.now() + dt.timedelta(days=3)  # another machine's clock ran ahead
    act(ws, config, "tugaskan", 2025, 1, username="siti", penerima="budi", now=future)
    second = act(ws, config, "perintahkan", 2025, 1, username="siti")
    assert dt.datetime.fromisoformat(second.waktu) >= future.replace(microsecond=0)


def test_a_real_office_does_not_accept_sample_keys(tmp_path, config):
    """Sample keys can be made by anyone: outside the sample office they neither act nor pass the audit."""
    real = office(tmp_path)
    assert not real.contoh and real.person("dewi").kunci_publik == (kunci.public_text(kunci.sample_key("dewi")),)
    ws = make_workspace(tmp_path / "ws")
    kunci.write_sample_keys(ws.root / kunci.SAMPLE_DIR, ["dewi"])
    with pytest.raises(ActionRefused) as info:
        act(ws, real, "serahkan_bahan", 2025, 1, username="dewi", now=START)
    assert info.value.reason == Alasan.KUNCI and "kunci sampel" in str(info.value)
    # a history signed with sample keys (the sample office's) fails the audit of a real office
    drive(ws, config, "serahkan_bahan")
    assert audit(ws, config).pelanggaran == []
    flagged = [v for v in audit(ws, real).pelanggaran if v.jenis == "tanda_tangan"]
    assert [v.id for v in flagged if "kunci sampel" in v.pesan] == [3]  # dewi's event; siti's are unknown keys


def test_a_passphrase_is_never_echoed_without_a_terminal(tmp_path):
    """Piped in (no terminal), a passphrase cannot be hidden: refused, nothing shown, no key written."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {"PATH": os.environ["PATH"], "XDG_CONFIG_HOME": str(tmp_path / "rumah")}
    done = subprocess.run([str(Path(sys.executable).parent / "kinerja"), "kunci", "buat", "--frasa-sandi"],
                          input="rahasia-sekali\nrahasia-sekali\n", capture_output=True, text=True, env=env,
                          cwd=tmp_path, timeout=120)
    assert done.returncode == 2 and "hanya dapat diketik di terminal" in done.stderr, done.stderr
    assert "rahasia-sekali" not in done.stdout + done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "rumah" / "kinerja" / "kunci").exists() or not any((tmp_path / "rumah").rglob("*.pem"))
