"""Faults of the machine are one Indonesian sentence, exit 1, no traceback, nothing half-written.

Real processes (the installed ``kinerja`` script), real file systems: a tiny tmpfs that is full,
a read-only tmpfs, a corrupt / empty / locked SQLite file.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from _util_alur import drive, make_workspace

from kinerja.lembar.sample import write_sample_year

SCRIPT = str(Path(sys.executable).parent / "kinerja")


def kinerja(*args: str, cwd: Path | None = None, user: str | None = None, hub=None) -> subprocess.CompletedProcess:
    env = {"PATH": os.environ["PATH"], "XDG_CONFIG_HOME": os.environ["XDG_CONFIG_HOME"],
           "PYTHONPATH": os.environ.get("PYTHONPATH", ""), **(hub(user) if hub and user else {})}
    return subprocess.run([SCRIPT, *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=300)


def one_message(done: subprocess.CompletedProcess, *words: str) -> str:
    """The run failed with exit 1 and one 'Galat:' sentence containing ``words``, no traceback."""
    assert done.returncode == 1, (done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr + done.stdout, done.stderr
    lines = [ln for ln in done.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("Galat: "), lines
    for word in words:
        assert word in lines[0], (word, lines[0])
    return lines[0]


@pytest.fixture
def mount(tmp_path):
    """``mount(name, size, readonly)``: a real tmpfs at ``tmp_path/name`` (unmounted afterwards)."""
    mounted: list[Path] = []

    def make(name: str, size: str = "256k", readonly: bool = False) -> Path:
        point = tmp_path / name
        point.mkdir()
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(point)], capture_output=True, text=True)
        if done.returncode != 0:
            pytest.skip(f"tmpfs cannot be mounted here (needs root): {done.stderr.strip()}")
        mounted.append(point)
        if readonly:
            subprocess.run(["mount", "-o", "remount,ro", str(point)], check=True)
        return point

    yield make
    for point in reversed(mounted):
        subprocess.run(["umount", "-l", str(point)], check=False)


def fill(folder: Path) -> None:
    """Fill a file system to the last byte."""
    handle = open(folder / "pengisi", "wb")  # noqa: SIM115 - closed below, where a full disk also fails
    try:
        while True:
            handle.write(b"\0" * 4096)
            handle.flush()
    except OSError:
        pass
    try:
        handle.close()
    except OSError:
        pass


def test_template_on_a_full_disk(mount):
    disk = mount("penuh", "64k")
    fill(disk)
    done = kinerja("templat", "--tahun", "2025", "--keluaran", str(disk / "templat.xlsx"))
    one_message(done, str(disk / "templat.xlsx"), "disk penuh")
    assert sorted(p.name for p in disk.iterdir()) == ["pengisi"]  # no temporary file left behind


def test_capaian_xlsx_into_a_read_only_folder(tmp_path, mount):
    write_sample_year(tmp_path / "raw", 2025)
    target = mount("hanya-baca", readonly=True) / "capaian.xlsx"
    done = kinerja("capaian", str(tmp_path / "raw" / "2025" / "triwulan-1"), "--tahun", "2025", "--triwulan", "1",
                   "--format", "xlsx", "--keluaran", str(target))
    one_message(done, str(target), "hanya-baca")


def test_annotated_copies_onto_a_full_disk(tmp_path, mount):
    write_sample_year(tmp_path / "raw", 2025)
    disk = mount("penuh", "64k")
    fill(disk)
    done = kinerja("validasi", str(tmp_path / "raw" / "2025" / "triwulan-2"), "--tahun", "2025", "--triwulan", "2",
                   "--tandai", str(disk / "bertanda"))
    assert "Traceback" not in done.stderr
    assert done.returncode == 1 and "disk penuh" in done.stderr
    assert not [p for p in disk.rglob("*.tmp")]


def test_workflow_action_on_a_full_disk_records_nothing(tmp_path, mount, config, hub):
    disk = mount("ruang", "1m")
    ws = make_workspace(disk / "ws")
    drive(ws, config, "tugaskan")
    before = ws.database.read_bytes()
    fill(disk)
    done = kinerja("--ruang-kerja", str(ws.root), "alur", "perintahkan", "--tahun", "2025", "--triwulan", "1",
                   "--catatan", "x" * 20000, user="siti", hub=hub)
    one_message(done, str(ws.database))
    assert "no transaction" not in done.stderr
    assert ws.database.read_bytes() == before


def test_read_only_database(tmp_path, mount, config, hub):
    disk = mount("ruang", "1m")
    ws = make_workspace(disk / "ws")
    drive(ws, config, "tugaskan")
    subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
    done = kinerja("--ruang-kerja", str(ws.root), "alur", "perintahkan", "--tahun", "2025", "--triwulan", "1",
                   user="siti", hub=hub)
    one_message(done, str(ws.database), "hanya-baca")
    assert kinerja("--ruang-kerja", str(ws.root), "audit", "verifikasi").returncode == 0  # reading still works


@pytest.mark.parametrize("command", [["status", "--tahun", "2025"], ["audit", "verifikasi"],
                                     ["alur", "tugaskan", "--tahun", "2025", "--triwulan", "1", "--pptk", "budi"]])
@pytest.mark.parametrize("content", [b"bukan basis data sama sekali" * 100, b""])
def test_corrupt_or_empty_database(tmp_path, command, content, hub):
    ws = make_workspace(tmp_path / "ws")
    ws.database.write_bytes(content)
    if not content:  # emptied although the side file shows it held events: a truncated history
        ws.database.with_suffix(".rantai").write_text(f"1 {'a' * 64} 2025-04-10T08:10:00 2025-04-10T00:10:00Z\n")
    done = kinerja("--ruang-kerja", str(ws.root), *command, user="siti", hub=hub)
    if command[0] == "audit" and not content:  # an empty file: the audit lists it as a finding
        assert done.returncode == 1 and "Traceback" not in done.stderr and "TIDAK utuh" in done.stderr
        message = done.stderr
    else:
        message = one_message(done, str(ws.database))
    assert ("rusak" in message) if content else ("kosong (0 bita)" in message)
    assert ws.database.read_bytes() == content


def test_an_empty_database_without_history_does_not_block_and_a_folder_in_its_place_does(tmp_path, hub):
    """A full disk while the database was first made leaves 0 bytes and no side-file line: nothing was
    recorded, so the next command simply goes on. A folder where the database should be is a message."""
    ws = make_workspace(tmp_path / "ws")
    ws.database.write_bytes(b"")
    done = kinerja("--ruang-kerja", str(ws.root), "alur", "tugaskan", "--tahun", "2025", "--triwulan", "1", "--pptk",
                   "budi", user="siti", hub=hub)
    assert done.returncode == 0, done.stderr
    assert kinerja("--ruang-kerja", str(ws.root), "audit", "verifikasi").returncode == 0
    other = make_workspace(tmp_path / "lain")
    other.database.mkdir()
    for command in (["status", "--tahun", "2025"], ["audit", "verifikasi"]):
        message = one_message(kinerja("--ruang-kerja", str(other.root), *command, user="siti", hub=hub),
                              str(other.database))
        assert "bukan berkas" in message


def test_locked_database_is_a_message(tmp_path, config):
    from kinerja.alur.store import Store, StoreError

    ws = make_workspace(tmp_path)
    drive(ws, config, "tugaskan")
    holder = sqlite3.connect(ws.database, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        store = Store(ws.database, timeout=0.2)
        with pytest.raises(StoreError, match="dikunci oleh proses lain"), store.transaction():
            pass
        store.close()
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_debug_shows_the_traceback_and_log_keeps_it(tmp_path):
    ws = make_workspace(tmp_path / "ws")
    ws.database.write_bytes(b"rusak" * 100)
    log = tmp_path / "kinerja.log"
    quiet = kinerja("--ruang-kerja", str(ws.root), "--log", str(log), "status", "--tahun", "2025")
    one_message(quiet, "rusak")
    text = log.read_text(encoding="utf-8")
    assert "mulai: kinerja" in text and "ERROR kinerja: galat (kode keluar 1)" in text
    loud = kinerja("--ruang-kerja", str(ws.root), "--debug", "status", "--tahun", "2025")
    assert loud.returncode == 1 and "Traceback" in loud.stderr and "StoreError" in loud.stderr


def test_report_into_a_read_only_folder(tmp_path, mount, sample_raw):
    ws = tmp_path / "ws"
    assert kinerja("init", "--contoh", str(ws)).returncode == 0
    shutil.copytree(sample_raw, ws / "data" / "raw", dirs_exist_ok=True)
    reports = ws / "laporan"
    reports.mkdir(exist_ok=True)
    disk = mount("laporan", readonly=True)
    subprocess.run(["mount", "--bind", str(disk), str(reports)], check=True)
    try:
        done = kinerja("--ruang-kerja", str(ws), "laporan", "triwulan", "--tahun", "2025", "--triwulan", "1", "--tanpa-pdf")
    finally:
        subprocess.run(["umount", "-l", str(reports)], check=False)
    one_message(done, str(reports), "hanya-baca")


def test_a_log_in_a_missing_folder_is_one_indonesian_sentence(tmp_path):
    ws = make_workspace(tmp_path / "ws")
    result = kinerja("--ruang-kerja", str(ws.root), "--log", str(tmp_path / "tidak-ada" / "run.log"), "status")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "tidak ditemukan" in result.stderr and "No such file" not in result.stderr and "--log kinerja.log" in result.stderr


def test_debug_logs_the_sqlite_cause_of_a_corrupt_database(tmp_path, hub):
    ws = make_workspace(tmp_path / "ws")
    ws.database.write_bytes(b"bukan basis data sama sekali" * 100)
    plain = kinerja("--ruang-kerja", str(ws.root), "status", "--tahun", "2025", user="siti", hub=hub)
    one_message(plain, "rusak")
    log = tmp_path / "kinerja.log"
    debug = kinerja("--ruang-kerja", str(ws.root), "--debug", "--log", str(log), "status", "--tahun", "2025",
                    user="siti", hub=hub)
    assert debug.returncode == 1 and "Galat: " in debug.stderr
    for text in (debug.stderr, log.read_text(encoding="utf-8")):  # printed with --debug, kept by --log
        assert "Traceback" in text and "sqlite3.DatabaseError" in text and "StoreError" in text
