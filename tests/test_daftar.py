"""Keys and roles as signed events of the history (kinerja.alur.daftar, ``kinerja admin``).

The attacks are the issue's: a group member who adds her own key to the Sekretaris's
``kunci_publik``, a config registering the PPTK's key for the Sekretaris too, ``--konfigurasi
own.toml`` giving someone every role, and a ``kinerja.toml`` replaced by rename in the
group-writable folder (a mode cannot stop a rename there: the history's pin is the fix). Real
SQLite files, real Ed25519 keys, the real CLI.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from _util_alur import drive, make_workspace, ready_for

from kinerja.alur import daftar, kunci
from kinerja.alur.store import Store
from kinerja.alur.workflow import ActionRefused, act, audit
from kinerja.config import load_config
from kinerja.numbers import office_clock, zona_of
from kinerja.paths import Workspace

ADMIN_PEM = Path(kunci.SAMPLE_DIR) / "admin.pem"


def pinned(tmp_path: Path) -> Workspace:
    """A sample workspace whose history pins the sample admin and the sample config (as ``kinerja init --contoh`` does)."""
    ws = make_workspace(tmp_path / "ws")
    daftar.pin_sample_admin(ws, load_config(ws.config_file))
    return ws


def cli(ws: Workspace, *args: str, config: Path | None = None) -> subprocess.CompletedProcess:
    extra = ["--konfigurasi", str(config)] if config else []
    return subprocess.run([sys.executable, "-m", "kinerja.cli", "--ruang-kerja", str(ws.root), *extra, *args],
                          capture_output=True, text=True, env=os.environ.copy())


def with_key(text: str, username: str, keys: list[str]) -> str:
    """The config text with ``username``'s kunci_publik replaced by ``keys``."""
    block = re.search(rf'username = "{username}"\n(?:.*\n)*?kunci_publik = [^\n]+', text).group(0)
    listed = ", ".join(f'"{k}"' for k in keys)
    return text.replace(block, re.sub(r"kunci_publik = [^\n]+", f"kunci_publik = [{listed}]", block))


def signer(username: str, private) -> kunci.Penanda:
    return kunci.Penanda(username, private, Path(f"{username}.pem"))


def now_of(ws: Workspace) -> dt.datetime:
    return office_clock(zona_of(load_config(ws.config_file)))


def test_init_contoh_pins_the_sample_admin_and_every_person_first(tmp_path):
    from kinerja.workspace import init_workspace

    ws = init_workspace(tmp_path / "contoh", contoh=True)
    with Store(ws.database) as store:
        events = store.events()
    assert events[0].aksi == daftar.TETAPKAN_ADMIN and events[0].penerima == daftar.SAMPLE_ADMIN
    config = load_config(ws.config_file)
    registry = daftar.fold(events)
    assert {p.username for p in config.pegawai} == set(registry.orang)
    assert registry.konfigurasi == daftar.fingerprint(config)
    assert daftar.mismatches(config, registry) == []
    shown = cli(ws, "admin", "daftar")
    assert shown.returncode == 0 and "sesuai dengan daftar dalam riwayat" in shown.stdout, shown.stdout + shown.stderr
    result = audit(ws, config)
    assert result.pelanggaran == [], result.pelanggaran


def test_a_key_added_to_the_sekretaris_in_the_config_is_refused_and_the_audit_names_it(tmp_path):
    ws = pinned(tmp_path)
    mallory = kunci.generate()
    evil = kunci.public_text(mallory)
    text = ws.config_file.read_text(encoding="utf-8")
    siti = load_config(ws.config_file).person("siti")
    ws.config_file.write_text(with_key(text, "siti", [evil, *siti.kunci_publik]), encoding="utf-8")
    config = load_config(ws.config_file)  # a valid config: only the history knows the key is not siti's

    with pytest.raises(ActionRefused) as refused:
        act(ws, config, "tugaskan", 2025, 1, username="siti", penerima="budi", kunci=signer("siti", mallory))
    assert "siti" in str(refused.value) and daftar.short(evil) in str(refused.value)
    assert len(Store(ws.database).events(2025)) == 0

    # she writes the event herself (bypassing act), signed with her key, which the rewritten config lists for siti
    store = Store(ws.database)
    with store.transaction() as conn:
        store.append(conn, signer=lambda h: kunci.sign(mallory, h), tahun=2025, triwulan=1, unit="",
                     waktu=now_of(ws).isoformat(timespec="seconds"), pengguna="siti", peran="sekretaris",
                     aksi="tugaskan", dari="belum_mulai", ke="ditugaskan", penerima="budi")
    store.close()
    found = audit(ws, config).pelanggaran
    registry = [p.pesan for p in found if p.jenis == "daftar"]
    assert any("siti" in m and daftar.short(evil) in m and "tidak didaftarkan admin" in m for m in registry), found
    assert any("'tugaskan' oleh siti" in m and "tidak cocok dengan kunci yang didaftarkan admin" in m for m in registry)
    shown = cli(ws, "audit", "verifikasi")
    assert shown.returncode == 1 and "[daftar]" in shown.stderr and daftar.short(evil) in shown.stderr


def test_the_pptks_key_registered_for_the_sekretaris_too_is_refused(tmp_path):
    ws = pinned(tmp_path)
    config = load_config(ws.config_file)
    budi = config.person("budi")
    change = daftar.Perubahan(daftar.DAFTARKAN, "siti", data={"peran": ["sekretaris"], "kunci": list(budi.kunci_publik)})
    admin = signer("admin", kunci.read_private(ws.root / ADMIN_PEM))
    with pytest.raises(daftar.DaftarError, match="sudah didaftarkan untuk budi"):
        daftar.record(ws, zona_of(config), admin, [change])


def test_another_config_with_every_role_is_refused_before_anything_is_recorded(tmp_path):
    ws = pinned(tmp_path)
    own = tmp_path / "own.toml"
    own.write_text(ws.config_file.read_text(encoding="utf-8").replace(
        'peran = ["pptk"]', 'peran = ["pptk", "sekretaris", "kasubag_perencanaan"]', 1), encoding="utf-8")
    config = load_config(own)
    with pytest.raises(ActionRefused) as refused:
        act(ws, config, "tugaskan", 2025, 1, username="budi", penerima="rina", now=now_of(ws))
    assert "peran" in str(refused.value) and "own.toml" in str(refused.value)
    done = cli(ws, "alur", "tugaskan", "--tahun", "2025", "--triwulan", "1", "--pptk", "rina", config=own)
    assert done.returncode == 1 and "tidak sesuai dengan daftar kunci dan peran" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    checked = cli(ws, "audit", "verifikasi", config=own)
    assert checked.returncode == 1 and "peran" in checked.stderr and "[daftar]" in checked.stderr
    assert len(Store(ws.database).events(2025)) == 0


def test_a_kinerja_toml_replaced_by_rename_is_refused_the_pin_is_the_fix(tmp_path):
    """A group-writable folder lets any member rename a file over kinerja.toml whatever its mode
    (0640 does not help): what stops her is the fingerprint the admin pinned in the history."""
    ws = pinned(tmp_path)
    forged = ws.root / ".kinerja.toml.baru"
    forged.write_text(ws.config_file.read_text(encoding="utf-8").replace("batas_bawah = 76", "batas_bawah = 70", 1),
                      encoding="utf-8")
    os.replace(forged, ws.config_file)
    config = load_config(ws.config_file)
    with pytest.raises(ActionRefused, match="bukan konfigurasi kantor yang ditetapkan admin"):
        act(ws, config, "tugaskan", 2025, 1, username="siti", penerima="budi", now=now_of(ws))
    found = [p.pesan for p in audit(ws, config).pelanggaran]
    assert any("sidik jari" in m for m in found), found
    # the admin adopts a legitimate edit: then it acts again
    done = cli(ws, "admin", "tetapkan", "--kunci", str(ws.root / ADMIN_PEM))
    assert done.returncode == 0 and "konfigurasi kantor ditetapkan" in done.stdout, done.stdout + done.stderr
    act(ws, config, "tugaskan", 2025, 1, username="siti", penerima="budi", now=now_of(ws))


def test_rotate_and_revoke_a_key_through_the_admin_cli(tmp_path):
    ws = pinned(tmp_path)
    admin_key = ["--kunci", str(ws.root / ADMIN_PEM)]
    old = kunci.sample_key("budi")
    new = kunci.generate()
    new_text = kunci.public_text(new)
    rotated = cli(ws, "admin", "ganti-kunci", "budi", new_text, *admin_key)
    assert rotated.returncode == 0 and "diganti" in rotated.stdout, rotated.stdout + rotated.stderr
    text = ws.config_file.read_text(encoding="utf-8")
    ws.config_file.write_text(with_key(text, "budi", [new_text, kunci.public_text(old)]), encoding="utf-8")
    config = load_config(ws.config_file)
    drive(ws, config, "perintahkan", start=now_of(ws), step=dt.timedelta(seconds=1))
    with pytest.raises(ActionRefused, match="diganti dengan kunci baru"):
        act(ws, config, "serahkan_bahan", 2025, 1, username="budi", kunci=signer("budi", old), now=now_of(ws))
    revoked = cli(ws, "admin", "cabut", "budi", "--kunci-publik", new_text, *admin_key)
    assert revoked.returncode == 0 and "dicabut" in revoked.stdout, revoked.stdout + revoked.stderr
    with pytest.raises(ActionRefused) as refused:
        act(ws, config, "serahkan_bahan", 2025, 1, username="dewi", now=now_of(ws))
    assert "budi" in str(refused.value) and daftar.short(new_text) in str(refused.value) and "dicabut" in str(refused.value)
    shown = cli(ws, "admin", "daftar")
    assert shown.returncode == 1 and "budi" in shown.stdout and "dicabut" in shown.stdout
    found = audit(ws, config).pelanggaran  # the events are sound; only the config still lists the revoked key
    assert found and all(p.jenis == "daftar" and p.id is None for p in found), found
    assert any(daftar.short(new_text) in p.pesan and "dicabut" in p.pesan for p in found)


def test_only_the_pinned_admin_changes_the_registry(tmp_path):
    ws = pinned(tmp_path)
    config = load_config(ws.config_file)
    siti = signer("siti", kunci.sample_key("siti"))
    with pytest.raises(daftar.DaftarError, match="bukan kunci admin"):
        daftar.record(ws, zona_of(config), siti, [daftar.Perubahan(daftar.CABUT, "budi")])
    store = Store(ws.database)  # written around the check: the audit names it
    with store.transaction() as conn:
        store.append(conn, signer=siti.sign, tahun=daftar.TAHUN_DAFTAR, triwulan=None, unit="",
                     waktu=now_of(ws).isoformat(timespec="seconds"), pengguna="siti", peran=daftar.PERAN_ADMIN,
                     aksi=daftar.CABUT, penerima="budi")
    store.close()
    found = [p.pesan for p in audit(ws, config).pelanggaran if p.jenis == "daftar"]
    assert any("hanya admin admin" in m for m in found) and any("kunci admin" in m for m in found), found


def test_an_existing_workspace_migrates_once_with_admin_mulai(tmp_path):
    ws = make_workspace(tmp_path / "lama")
    config = load_config(ws.config_file)
    drive(ws, config, "perintahkan", start=now_of(ws) - dt.timedelta(minutes=5), step=dt.timedelta(seconds=1))
    notes = audit(ws, config).catatan
    assert any("belum ada admin" in n for n in notes), notes
    home = tmp_path / "rumah-admin"
    kunci.write_private(kunci.key_file("x", home), kunci.generate())
    done = cli(ws, "admin", "mulai", "--kunci", str(kunci.key_file("x", home)))
    assert done.returncode == 0 and "admin ditetapkan" in done.stdout, done.stdout + done.stderr
    again = cli(ws, "admin", "mulai", "--kunci", str(kunci.key_file("x", home)))
    assert again.returncode == 1 and "sudah ditetapkan" in again.stderr
    result = audit(ws, config)
    assert result.pelanggaran == [], result.pelanggaran
    ready_for(ws, config, "serahkan_bahan", 2025, 1)
    assert act(ws, config, "serahkan_bahan", 2025, 1, username="dewi", now=now_of(ws)).aksi == "serahkan_bahan"


def test_other_commands_refuse_a_config_the_history_does_not_vouch_for(tmp_path):
    ws = pinned(tmp_path)
    own = tmp_path / "own.toml"
    own.write_text(ws.config_file.read_text(encoding="utf-8").replace('username = "budi"', 'username = "mallory"', 1),
                   encoding="utf-8")
    shown = cli(ws, "status", "--tahun", "2025", config=own)
    assert shown.returncode == 1 and "mallory" in shown.stderr and "tidak pernah didaftarkan admin" in shown.stderr
    assert "Traceback" not in shown.stderr
    assert cli(ws, "status", "--tahun", "2025").returncode == 0  # the office's own config


def test_a_real_office_refuses_the_well_known_sample_admin_key(tmp_path):
    ws = make_workspace(tmp_path / "kantor")
    ws.config_file.write_text(ws.config_file.read_text(encoding="utf-8").replace("contoh = true", "contoh = false", 1),
                              encoding="utf-8")
    config = load_config(ws.config_file)
    assert not config.contoh
    sample = signer(daftar.SAMPLE_ADMIN, kunci.sample_key(daftar.SAMPLE_ADMIN))
    with pytest.raises(daftar.DaftarError, match="kunci sampel"):
        daftar.adopt(ws, config, sample, daftar.SAMPLE_ADMIN)
    assert not ws.database.exists()


def test_admin_commands_refuse_what_the_history_does_not_allow_in_one_sentence_each(tmp_path):
    """Run in-process (click's runner, the same commands): each refusal names the person or key and what to do;
    nothing is recorded by a refused command."""
    from click.testing import CliRunner

    from kinerja.cli.commands import main

    ws = pinned(tmp_path)
    admin_key = ["--kunci", str(ws.root / ADMIN_PEM)]
    stranger = kunci.public_text(kunci.generate())

    def run(*args: str):
        return CliRunner().invoke(main, ["--ruang-kerja", str(ws.root), "admin", *args], catch_exceptions=False)

    before = len(daftar.read(ws).orang)
    refusals = {
        ("mulai", *admin_key): "Admin ruang kerja ini sudah ditetapkan dalam riwayat: admin.",
        ("daftarkan", "mallory", *admin_key): f"'mallory' tidak ada di {ws.config_file}; tambahkan [[pegawai]]-nya dahulu.",
        ("ganti-kunci", "mallory", stranger, *admin_key):
            "'mallory' belum terdaftar dalam riwayat; daftarkan dengan `kinerja admin daftarkan`.",
        ("cabut", "mallory", *admin_key): "'mallory' tidak terdaftar dalam riwayat; tidak ada yang dicabut.",
        ("cabut", "budi", "--kunci-publik", stranger, *admin_key):
            f"Kunci {daftar.short(stranger)} tidak didaftarkan untuk budi.",
    }
    for args, message in refusals.items():
        done = run(*args)
        assert done.exit_code != 0 and message in done.output, (args, done.output)
        assert "Traceback" not in done.output
    events = daftar.read(ws)
    unchanged = run("tetapkan", *admin_key)  # kinerja.toml is what the history holds: nothing to record
    assert unchanged.exit_code == 0, unchanged.output
    assert unchanged.output.strip() == "Riwayat sudah sesuai dengan konfigurasi; tidak ada yang dicatat."
    assert len(daftar.read(ws).orang) == before and daftar.read(ws) == events

    fresh = make_workspace(tmp_path / "baru")
    ws = fresh
    done = run("tetapkan", *admin_key)
    assert done.exit_code != 0
    assert "Belum ada admin dalam riwayat alur ruang kerja ini; tetapkan dengan `kinerja admin mulai`." in done.output
    shown = run("daftar")
    assert shown.exit_code == 0 and shown.output.startswith("Belum ada admin dalam riwayat: kinerja.toml dipercaya apa adanya.")


def _pinned_as_the_first_release_did(config) -> str:
    """The fingerprint as kinerja pinned it before ``[batas] batas_waktu_susun`` existed: every key of
    the parsed config with its value (the code of that release, written out here)."""
    import dataclasses
    import hashlib
    import json

    data = dataclasses.asdict(config)
    data.pop("source", None)
    data["batas"].pop("batas_waktu_susun")       # that release had no such key
    for person in data.get("pegawai", []):
        person.pop("kunci_publik", None)
        person.pop("peran", None)
        person["username"] = str(person.get("username", "")).lower()
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_an_upgrade_that_adds_a_config_key_does_not_lock_out_an_office_pinned_before(tmp_path):
    """An office whose admin pinned kinerja.toml with the release before a new key (with a default)
    keeps working after the upgrade; a real change of the config is still refused."""
    ws = pinned(tmp_path)
    config = load_config(ws.config_file)
    old_pin = _pinned_as_the_first_release_did(config)
    assert old_pin != daftar.fingerprint(config)
    admin = signer(daftar.SAMPLE_ADMIN, kunci.sample_key(daftar.SAMPLE_ADMIN))
    daftar.record(ws, zona_of(config), admin,
                  [daftar.Perubahan(daftar.TETAPKAN_KONFIGURASI, "", sha256=old_pin, data={"instansi": "lama"})])
    assert daftar.read(ws).konfigurasi == old_pin
    act(ws, config, "tugaskan", 2025, 1, username="siti", penerima="budi", now=now_of(ws))
    shown = cli(ws, "admin", "tetapkan", "--kunci", str(ws.root / ADMIN_PEM))
    assert shown.returncode == 0 and "tidak ada yang dicatat" in shown.stdout, shown.stdout + shown.stderr
    assert audit(ws, config).pelanggaran == []

    ws.config_file.write_text(ws.config_file.read_text(encoding="utf-8").replace(
        "batas_waktu_susun = 900", "batas_waktu_susun = 60", 1), encoding="utf-8")
    changed = load_config(ws.config_file)
    with pytest.raises(ActionRefused, match="bukan konfigurasi kantor yang ditetapkan admin"):
        act(ws, changed, "tugaskan", 2025, 2, username="siti", penerima="budi", now=now_of(ws))


def test_a_key_written_at_its_default_is_the_same_config_as_one_left_out(tmp_path):
    ws = pinned(tmp_path)
    text = ws.config_file.read_text(encoding="utf-8")
    assert "batas_waktu_susun = 900" in text
    same = tmp_path / "tanpa.toml"
    same.write_text(text.replace("batas_waktu_susun = 900", "", 1), encoding="utf-8")
    other = tmp_path / "lain.toml"
    other.write_text(text.replace("batas_waktu_susun = 900", "batas_waktu_susun = 899", 1), encoding="utf-8")
    written = daftar.fingerprint(load_config(ws.config_file))
    assert daftar.fingerprint(load_config(same)) == written
    assert daftar.fingerprint(load_config(other)) != written
    assert daftar.mismatches(load_config(same), daftar.read(ws)) == []
    assert any("sidik jari" in m for m in daftar.mismatches(load_config(other), daftar.read(ws)))
