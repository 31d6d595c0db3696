"""Anchors outside the workspace (kinerja.alur.jangkar): a deleted tail of both the database and the
side file is caught by the heads written elsewhere; and, with the same OS accounts, a key added to
the config by a group member (kinerja.alur.daftar).

The insider's attack is the issue's: the last events removed from ``kinerja.db`` *and* their lines
from ``kinerja.rantai`` (or older copies of both put back), so the two agree and the chain is
whole. Without an anchor outside the workspace the audit cannot see it (asserted, so the test
shows what the anchor adds); with one it names the anchored event. The OS-account test does it
as a group member in a shared workspace whose anchor folder is sticky (1777): she can neither
remove nor rewrite the other people's anchor files. Needs root for the accounts (skipped with
the reason elsewhere).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from _util_alur import drive, make_workspace, raw_sql, ready_for

from kinerja.alur import jangkar
from kinerja.alur.store import Store
from kinerja.alur.workflow import act, audit
from kinerja.config import load_config
from kinerja.numbers import office_clock, zona_of


@pytest.fixture
def anchors(tmp_path, monkeypatch):
    """A configured anchor folder outside the workspace, and a per-user folder of the test's own."""
    folder = tmp_path / "jangkar-kantor"
    folder.mkdir()
    monkeypatch.setenv(jangkar.ENV, str(folder))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-pengguna"))
    return folder


def walked(tmp_path: Path):
    ws = make_workspace(tmp_path / "ws")
    config = load_config(ws.config_file)
    start = office_clock(zona_of(config)) - dt.timedelta(minutes=30)
    drive(ws, config, "ajukan", start=start, step=dt.timedelta(minutes=1))
    return ws, config


def test_every_action_writes_the_head_outside_the_workspace(tmp_path, anchors):
    ws, _config = walked(tmp_path)
    with Store(ws.database) as store:
        events = store.events()
    files = list(anchors.glob("*.jangkar"))
    assert [f.name for f in files] == [jangkar.file_name(ws.root.resolve())]
    lines = files[0].read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(events) == 4
    newest, _unreadable = jangkar.read(ws.root.resolve(), [anchors])
    assert newest[0].id == events[-1].id and newest[0].hash == events[-1].hash and newest[0].jumlah == 4
    assert (Path(os.environ["XDG_DATA_HOME"]) / "kinerja" / "jangkar" / files[0].name).is_file()  # the user's own too


def test_a_deleted_tail_of_both_files_is_caught_by_the_anchor_outside(tmp_path, anchors, monkeypatch):
    ws, config = walked(tmp_path)
    chain = ws.database.with_suffix(".rantai")
    lines = chain.read_text(encoding="utf-8").splitlines(keepends=True)
    raw_sql(ws.database, "DELETE FROM peristiwa WHERE id > 2", "UPDATE sqlite_sequence SET seq = 2 WHERE name = 'peristiwa'")
    chain.write_text("".join(lines[:2]), encoding="utf-8")

    monkeypatch.setenv(jangkar.ENV, str(tmp_path / "kosong"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "kosong"))
    blind = audit(ws, config)
    assert blind.pelanggaran == [] and blind.jumlah == 2  # database and side file agree: only an anchor can tell

    monkeypatch.setenv(jangkar.ENV, str(anchors))
    found = [p for p in audit(ws, config).pelanggaran if p.jenis == "jangkar"]
    assert found and found[0].id == 4, found
    assert "sampai #4" in found[0].pesan and "hanya sampai #2" in found[0].pesan and str(anchors) in found[0].pesan


def test_older_copies_of_both_files_put_back_are_caught(tmp_path, anchors):
    ws = make_workspace(tmp_path / "ws")
    config = load_config(ws.config_file)
    start = office_clock(zona_of(config)) - dt.timedelta(minutes=30)
    drive(ws, config, "perintahkan", start=start, step=dt.timedelta(minutes=1))
    saved = tmp_path / "salinan"
    saved.mkdir()
    for name in ("kinerja.db", "kinerja.rantai"):
        shutil.copy2(ws.root / name, saved / name)
    ready_for(ws, config, "serahkan_bahan", 2025, 1)
    act(ws, config, "serahkan_bahan", 2025, 1, username="dewi")
    for name in ("kinerja.db", "kinerja.rantai"):
        shutil.copy2(saved / name, ws.root / name)
    found = [p for p in audit(ws, config).pelanggaran if p.jenis == "jangkar"]
    assert [p.id for p in found] == [3], found


def test_a_history_rewritten_from_the_start_is_still_found_by_its_folder(tmp_path, anchors):
    ws, config = walked(tmp_path)
    ws.database.unlink()
    ws.database.with_suffix(".rantai").unlink()
    result = audit(ws, config)
    found = [p for p in result.pelanggaran if p.jenis == "jangkar"]
    assert found and "hanya sampai #0" in found[0].pesan, result.pelanggaran


# -- with real OS accounts ---------------------------------------------------------------------------------

def test_an_insider_deletes_the_tail_of_both_files_in_a_shared_workspace(tmp_path):
    bersama = pytest.importorskip("test_bersama")
    if not (bersama.ROOT and bersama.TOOLS and bersama._own_namespace()):
        pytest.skip("needs root, useradd/groupadd, setpriv and unshare -m to make OS accounts; CI runs as root")
    office = bersama.Office()
    try:
        root = bersama.prepare(office, 0o002)
        folder = office.base / "jangkar"
        folder.mkdir()
        os.chmod(folder, 0o1777)  # as the admin makes /var/lib/kinerja/jangkar: sticky, writable for all
        env = {jangkar.ENV: str(folder)}
        budi = office.names["budi"]
        for person, *command in [("siti", "alur", "tugaskan", "--pptk", budi), ("siti", "alur", "perintahkan")]:
            done = office.run(person, *command, "--tahun", "2025", "--triwulan", "1", umask=0o002, workspace=root, env=env)
            assert done.returncode == 0, done.stdout + done.stderr
        # the insider (a PPTK, group member) keeps copies of both files, lets the analyst act, then puts them back
        own = office.base / "salinan-budi"
        own.mkdir()
        account = bersama.pwd.getpwnam(budi)
        os.chown(own, account.pw_uid, account.pw_gid)
        kept = office.run("budi", str(root / "kinerja.db"), str(root / "kinerja.rantai"), str(own), umask=0o002,
                          program=["cp", "-p"])
        assert kept.returncode == 0, kept.stderr
        done = office.run("dewi", "alur", "serahkan_bahan", "--tahun", "2025", "--triwulan", "1", umask=0o002,
                          workspace=root, env=env)
        assert done.returncode == 0, done.stdout + done.stderr
        for name in ("kinerja.db", "kinerja.rantai"):
            back = office.run("budi", str(own / name), str(root / name), umask=0o002,
                              program=["cp"])
            assert back.returncode == 0, back.stderr
        theirs = sorted(folder.glob("*.jangkar"))
        assert {p.stat().st_uid for p in theirs} >= {bersama.pwd.getpwnam(office.names["dewi"]).pw_uid}
        for path in theirs:  # she cannot remove or rewrite another person's anchor file
            removed = office.run("budi", str(path), umask=0o002, program=["rm", "-f"])
            assert path.exists(), removed.stderr
            assert not path.stat().st_mode & stat.S_IWOTH
        audited = office.run("siti", "audit", "verifikasi", umask=0o002, workspace=root, env=env)
        assert audited.returncode == 1 and "[jangkar]" in audited.stderr, audited.stdout + audited.stderr
        assert office.names["dewi"] in audited.stderr  # whose anchor caught it
        assert "Traceback" not in audited.stderr
    finally:
        office.remove()


FORGE = r'''
import os, re, sys
from pathlib import Path
from kinerja.alur import kunci
from kinerja.alur.store import Store
from kinerja.alur.workflow import ActionRefused, act
from kinerja.config import load_config
from kinerja.numbers import office_clock, zona_of
from kinerja.paths import Workspace

root, siti, budi, me = Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
mine = kunci.read_private(kunci.key_file(me))
evil = kunci.public_text(mine)
text = (root / "kinerja.toml").read_text(encoding="utf-8")
block = re.search(r'username = "%s"\n(?:.*\n)*?kunci_publik = "([^"]+)"' % siti, text)
text = text.replace(block.group(0), block.group(0).replace('kunci_publik = "%s"' % block.group(1),
                                                          'kunci_publik = ["%s", "%s"]' % (evil, block.group(1))))
(root / ".kinerja.toml.baru").write_text(text, encoding="utf-8")
os.replace(root / ".kinerja.toml.baru", root / "kinerja.toml")  # the folder is group-writable: a rename replaces it
ws = Workspace(root)
config = load_config(ws.config_file)
try:
    act(ws, config, "tugaskan", 2025, 1, username=siti, penerima=budi, kunci=kunci.Penanda(siti, mine, Path("x")))
except ActionRefused as exc:
    print("DITOLAK:", exc)
store = Store(ws.database)
with store.transaction() as conn:
    store.append(conn, signer=lambda h: kunci.sign(mine, h), tahun=2025, triwulan=1, unit="",
                 waktu=office_clock(zona_of(config)).isoformat(timespec="seconds"), pengguna=siti, peran="sekretaris",
                 aksi="tugaskan", dari="belum_mulai", ke="ditugaskan", penerima=budi)
print("DITULIS")
'''


def test_a_group_member_adds_her_key_to_the_sekretaris_by_renaming_kinerja_toml(tmp_path):
    """A member of the office group who is not in the config: kinerja.toml is 0640 (she cannot
    write it) but the folder is group-writable, so she renames her own copy over it with her key
    added to the Sekretaris's kunci_publik. The history's registry refuses her action and the
    audit, run by the Sekretaris, names the key; before the pin the audit said 'tanda tangan cocok'."""
    bersama = pytest.importorskip("test_bersama")
    if not (bersama.ROOT and bersama.TOOLS and bersama._own_namespace()):
        pytest.skip("needs root, useradd/groupadd, setpriv and unshare -m to make OS accounts; CI runs as root")
    import sys

    office = bersama.Office()
    mallory = f"kj{office.group[-6:]}mal"
    try:
        subprocess.run(["useradd", "-m", "-N", "-G", office.group, "-s", "/bin/sh", mallory], check=True)
        office.made.append(mallory)
        root = bersama.prepare(office, 0o002)
        office.names["mallory"] = mallory  # in the group, not in the config
        assert stat.S_IMODE((root / "kinerja.toml").stat().st_mode) == 0o640
        made = office.run("mallory", "kunci", "buat", umask=0o002)
        assert made.returncode == 0, made.stderr
        evil = re.search(r'kunci_publik = "(ed25519:[^"]+)"', made.stdout).group(1)
        forged = office.run("mallory", "-c", FORGE, str(root), office.names["siti"], office.names["budi"], mallory,
                            umask=0o002, program=[sys.executable])
        assert forged.returncode == 0, forged.stdout + forged.stderr
        assert "DITOLAK:" in forged.stdout and office.names["siti"] in forged.stdout and evil[:20] in forged.stdout
        assert "DITULIS" in forged.stdout and evil in (root / "kinerja.toml").read_text(encoding="utf-8")
        audited = office.run("siti", "audit", "verifikasi", umask=0o002, workspace=root)
        assert audited.returncode == 1 and "[daftar]" in audited.stderr, audited.stdout + audited.stderr
        assert evil[:20] in audited.stderr and office.names["siti"] in audited.stderr
        assert "tidak cocok dengan kunci yang didaftarkan admin" in audited.stderr
    finally:
        office.remove()
