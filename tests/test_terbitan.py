"""Published report sets: whole-set replacement, the pointer, stale staging, kill -9 during publish."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kinerja import terbitan
from kinerja.atomic import shared_file_mode


def _publish(folder: Path, generation: int, files: int = 3) -> terbitan.Terbitan:
    with terbitan.staging(folder) as staging:
        for i in range(files):
            (staging / f"berkas-{i}.txt").write_text(f"generasi {generation}")
        return terbitan.publish(staging, folder, {"status": "draf", "generasi": generation})


def test_a_new_set_replaces_the_whole_old_one(tmp_path):
    folder = tmp_path / "laporan" / "2025" / "triwulan-1"
    first = _publish(folder, 1)
    second = _publish(folder, 2, files=2)
    now = terbitan.current(folder)
    assert now.folder == second.folder == folder / "versi-2" and now.manifest_sha256 == second.manifest_sha256
    assert sorted(now.checksums) == ["berkas-0.txt", "berkas-1.txt"]  # berkas-2 of the old set is not current
    assert {now.path(n).read_text() for n in now.checksums} == {"generasi 2"}
    assert first.folder.is_dir() and now.damaged() == []
    assert (now.folder / "berkas-0.txt").stat().st_mode & 0o777 == shared_file_mode()
    assert not [p for p in folder.parent.iterdir() if p.name.startswith(".")]  # no staging or lock left


def test_old_versions_are_pruned_and_the_current_one_kept(tmp_path):
    folder = tmp_path / "triwulan-2"
    for generation in range(terbitan.KEEP_VERSIONS + 3):
        _publish(folder, generation)
    kept = [p.name for p in terbitan.versions(folder)]
    assert len(kept) == terbitan.KEEP_VERSIONS and kept[-1] == terbitan.current(folder).folder.name


def test_a_changed_manifest_or_file_is_detected(tmp_path):
    folder = tmp_path / "triwulan-1"
    published = _publish(folder, 1)
    published.path("berkas-1.txt").write_text("diubah")
    assert terbitan.current(folder).damaged() == ["berkas-1.txt"]
    (published.folder / terbitan.MANIFEST).write_text(json.dumps({"versi": 1, "berkas": []}))
    with pytest.raises(terbitan.TerbitanError):
        terbitan.current(folder)


def test_stale_staging_is_cleaned_but_a_live_one_is_kept(tmp_path):
    folder = tmp_path / "laporan" / "2025" / "triwulan-1"
    folder.parent.mkdir(parents=True)
    dead = folder.parent / ".triwulan-1.mati.tmp"  # a killed run: staging without a live lock
    dead.mkdir()
    (dead / "laporan.html").write_text("setengah")
    (folder.parent / ".triwulan-1.mati.kunci").write_text("")
    with terbitan.staging(folder) as live:
        assert not dead.exists() and not (folder.parent / ".triwulan-1.mati.kunci").exists()
        assert terbitan.clean_stale(folder) == []  # the live run's own staging stays
        assert live.is_dir()
        other = folder.parent / ".triwulan-2.x.tmp"
        other.mkdir()  # another quarter's staging is not this folder's business
        terbitan.clean_stale(folder)
        assert other.is_dir()


WRITER = textwrap.dedent('''
    import sys
    from pathlib import Path
    from kinerja import terbitan

    folder = Path(sys.argv[1])
    generation = int(sys.argv[2])
    payload = b"x" * (256 * 1024)
    while True:
        generation += 1
        with terbitan.staging(folder) as staging:
            for i in range(12):
                (staging / f"berkas-{i}.bin").write_bytes(str(generation).encode() + b"|" + payload)
            print("terbitkan", flush=True)
            terbitan.publish(staging, folder, {"generasi": generation})
''')


def test_kill_9_during_publish_leaves_one_whole_set_and_the_next_run_cleans_up(tmp_path):
    folder = tmp_path / "laporan" / "2025" / "triwulan-1"
    script = tmp_path / "penulis.py"
    script.write_text(WRITER)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    base = 0
    leftovers = []
    for round_ in range(6):
        process = subprocess.Popen([sys.executable, str(script), str(folder), str(base)], stdout=subprocess.PIPE, env=env)
        for _ in range(round_ + 1):  # kill it as it starts publishing its (round + 1)-th set
            assert process.stdout.readline().strip() == b"terbitkan"
        process.send_signal(signal.SIGKILL)
        process.wait()
        leftovers += [p for p in folder.parent.iterdir() if p.name.startswith(".triwulan-1.")]
        current = terbitan.current(folder)
        if current is not None:
            assert current.damaged() == []
            generations = {current.path(n).read_bytes().split(b"|")[0] for n in current.checksums}
            assert len(generations) == 1 and len(current.checksums) == 12  # one whole set, never a mix
            assert current.info["generasi"] == int(generations.pop())
            base = current.info["generasi"] + 1000
    assert leftovers  # the kills left staging folders and locks behind
    _publish(folder, 99)  # the next run removes whatever the killed runs left
    assert not [p for p in folder.parent.iterdir() if p.name.startswith(".triwulan-1.")]
    assert terbitan.current(folder).info["generasi"] == 99


# -- Windows file locks, simulated: PermissionError while another program holds a file open ----------------

def _locking(monkeypatch, times: int, *, only=lambda source: True):
    """os.rename raising PermissionError (Windows: ERROR_SHARING_VIOLATION) ``times`` times for matching sources."""
    real = os.rename
    calls: list[str] = []
    pauses: list[float] = []

    def rename(source, target):
        if only(Path(source)) and len(calls) < times:
            calls.append(str(source))
            raise PermissionError(13, "The process cannot access the file because it is being used by another process",
                                  str(Path(source) / "laporan.pdf"))
        return real(source, target)

    monkeypatch.setattr(terbitan.os, "rename", rename)
    monkeypatch.setattr(terbitan.time, "sleep", pauses.append)
    return calls, pauses


def test_a_short_lock_while_publishing_is_waited_out(tmp_path, monkeypatch):
    folder = tmp_path / "triwulan-1"
    calls, pauses = _locking(monkeypatch, 2)
    published = _publish(folder, 1)
    assert len(calls) == 2 and pauses == list(terbitan.RETRIES[:2])
    assert terbitan.current(folder).folder == published.folder and published.damaged() == []


def test_a_lasting_lock_names_the_file_and_leaves_the_published_set_as_it_was(tmp_path, monkeypatch):
    folder = tmp_path / "triwulan-1"
    before = _publish(folder, 1)
    _locking(monkeypatch, 100)
    with pytest.raises(terbitan.TerbitanError) as info:
        _publish(folder, 2)
    assert "laporan.pdf" in str(info.value) and "Tutup berkas laporan" in str(info.value)
    assert terbitan.current(folder).folder == before.folder and before.damaged() == []
    assert [p.name for p in terbitan.versions(folder)] == ["versi-1"]


def test_an_old_version_with_an_open_file_is_kept_whole_not_half_deleted(tmp_path, monkeypatch):
    folder = tmp_path / "triwulan-1"
    for generation in range(terbitan.KEEP_VERSIONS):
        _publish(folder, generation)
    oldest = folder / "versi-1"
    _locking(monkeypatch, 100, only=lambda source: source == oldest)
    _publish(folder, 99)
    assert oldest.is_dir() and terbitan.Terbitan(oldest, json.loads((oldest / "manifest.json").read_text()), "").damaged() == []
    monkeypatch.undo()
    _publish(folder, 100)  # closed now: pruned on the next run, through the hidden trash name
    assert not oldest.exists() and not list(folder.glob(f"{terbitan.TRASH_PREFIX}*"))
