"""A child process with a time limit (kinerja.proses.run_limited, the app's cold "Susun laporan") and the
end of a whole process tree (end_tree): real processes, a grandchild in a session of its own (as Playwright
starts its browser), nothing left running afterwards."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kinerja.proses import BatasWaktu, descendants, end_tree, run_limited

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the POSIX tree walk; Windows uses taskkill /T")

TREE = r"""
import subprocess, sys, time
grandchild = subprocess.Popen([sys.executable, "-c", "import time\nwhile True: time.sleep(1)"], start_new_session=True)
open(sys.argv[1], "w").write(f"{grandchild.pid}\n")
print("mulai", flush=True)
while True:
    time.sleep(1)
"""


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    stat = Path(f"/proc/{pid}/stat")
    return stat.is_file() and stat.read_text().rsplit(")", 1)[1].split()[0] == "Z"  # ended, not yet reaped


def _until(condition, what: str, limit: float = 120):
    deadline = time.monotonic() + limit  # a bound against a hang only
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"never reached: {what}")


def test_the_tree_ends_with_a_grandchild_in_a_session_of_its_own(tmp_path):
    pids = tmp_path / "pid"
    process = subprocess.Popen([sys.executable, "-c", TREE, str(pids)], stdout=subprocess.DEVNULL)
    _until(lambda: pids.is_file() and pids.read_text().endswith("\n"), "the grandchild started")
    grandchild = int(pids.read_text())
    assert grandchild in descendants(process.pid)
    end_tree(process, grace=5)
    assert process.returncode is not None
    _until(lambda: _gone(grandchild), "the grandchild ended")


def test_a_child_past_its_limit_is_ended_with_what_it_started_and_says_so(tmp_path):
    pids = tmp_path / "pid"
    with pytest.raises(BatasWaktu) as info:  # the child never ends: its limit is always passed
        run_limited([sys.executable, "-c", TREE, str(pids)], 1.0)
    assert info.value.hasil.returncode != 0
    if pids.is_file() and pids.read_text().endswith("\n"):  # started before the limit: ended with its parent
        _until(lambda: _gone(int(pids.read_text())), "the grandchild ended")


def test_a_child_within_its_limit_gives_what_it_printed():
    done = run_limited([sys.executable, "-c", "import sys; print('selesai'); sys.stderr.write('catatan\\n')"], 600)
    assert (done.returncode, done.stdout, done.stderr) == (0, "selesai\n", "catatan\n")
