"""The win32 branches, run here with the platform simulated (``sys.platform`` and the Windows APIs they call).

Locks on published files: tests/test_terbitan.py; network drives and UNC paths: tests/test_jaringan.py.
"""

from __future__ import annotations

import ctypes
import stat
import sys

import pytest

from kinerja import proses  # imported for real before a test fakes sys.platform (multiprocessing reads it)
from kinerja.alur import identity, kunci
from kinerja.paths import user_cache_dir


@pytest.fixture
def windows(monkeypatch):
    monkeypatch.setattr(sys, "platform", "win32")


class _Advapi:
    def __init__(self, name: str | None) -> None:
        self.name = name

    def GetUserNameW(self, buffer, size):  # noqa: N802 - the Windows API's name
        if self.name is None:
            return 0
        buffer.value = self.name
        return 1


def test_the_os_account_on_windows_comes_from_getusernamew(windows, monkeypatch):
    fake = type("WinDLL", (), {})()
    fake.advapi32 = _Advapi("Siti")
    monkeypatch.setattr(ctypes, "windll", fake, raising=False)
    assert identity.os_username() == "Siti"
    fake.advapi32 = _Advapi(None)
    assert identity.os_username() == ""


def test_keys_live_in_appdata_on_windows(windows, monkeypatch, tmp_path):
    monkeypatch.setenv("APPDATA", str(tmp_path / "Roaming"))
    assert kunci.key_dir() == tmp_path / "Roaming" / "kinerja" / "kunci"
    monkeypatch.delenv("APPDATA")
    monkeypatch.setattr("pathlib.Path.home", lambda: tmp_path / "siti")
    assert kunci.key_dir() == tmp_path / "siti" / "AppData" / "Roaming" / "kinerja" / "kunci"


def test_a_key_is_written_on_windows_without_posix_folder_modes(windows, tmp_path):
    folder = tmp_path / "kunci"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    path = kunci.write_private(folder / "siti.pem", kunci.generate(), None)
    assert path.is_file() and stat.S_IMODE(folder.stat().st_mode) == 0o755  # NTFS ACLs protect the profile


def test_the_scratch_folder_is_in_localappdata_on_windows(windows, monkeypatch, tmp_path):
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "Local"))
    assert user_cache_dir() == tmp_path / "Local" / "kinerja" / "Cache"
    assert (tmp_path / "Local" / "kinerja" / "Cache").is_dir()


def test_a_chrome_installed_per_user_is_found_and_the_message_without_a_browser_is_for_windows(windows, monkeypatch, tmp_path):
    from kinerja.laporan.render import browser

    monkeypatch.setattr(browser, "DEBIAN_CHROMIUM", tmp_path / "tidak-ada")
    monkeypatch.setattr(browser.shutil, "which", lambda name: None)
    local = str(tmp_path / "Local")
    chrome = local + "\\Google\\Chrome\\Application\\chrome.exe"  # one file name here; a path on Windows
    env = {"LOCALAPPDATA": local, "PROGRAMFILES": str(tmp_path / "PF")}
    assert browser.find_browser(environ=env).channel == "msedge"  # nothing installed: Edge through Playwright's channel
    with open(chrome, "w", encoding="utf-8") as handle:
        handle.write("")
    spec = browser.find_browser(environ=env)
    assert spec.executable_path == chrome and spec.source == "lokasi Windows"
    message = browser.missing_message()
    assert "apt-get" not in message and "Windows Server" in message and "$env:KINERJA_BROWSER" in message
    assert "apt-get" in browser.missing_message("linux")


class _Msvcrt:
    """msvcrt.locking as Windows does it: a byte range locked through one handle refuses every other handle."""

    LK_NBLCK = 2

    def __init__(self) -> None:
        self.held: dict[int, int] = {}  # inode -> fd holding it

    def locking(self, fd: int, mode: int, nbytes: int) -> None:
        import os

        inode = os.fstat(fd).st_ino
        holder = self.held.get(inode)
        if holder is not None and holder != fd:
            raise OSError(36, "Resource deadlock avoided")  # what msvcrt raises for LK_NBLCK on a held range
        self.held[inode] = fd


def test_staging_locks_on_windows_keep_a_live_run_and_clean_a_dead_one(windows, monkeypatch, tmp_path):
    from kinerja import terbitan

    fake = _Msvcrt()
    monkeypatch.setitem(sys.modules, "msvcrt", fake)
    folder = tmp_path / "laporan" / "2025" / "triwulan-1"
    folder.parent.mkdir(parents=True)
    dead = folder.parent / ".triwulan-1.mati.tmp"
    dead.mkdir()
    (folder.parent / ".triwulan-1.mati.kunci").write_text("")
    with terbitan.staging(folder) as live:
        assert fake.held, "the live run took its lock through msvcrt"
        assert not dead.exists()
        assert terbitan.clean_stale(folder) == [] and live.is_dir()  # held by the live run: kept


class _Function:
    """A Windows API function as ctypes shows it: callable, with ``restype``/``argtypes`` to set."""

    def __init__(self, name: str, calls: list, result) -> None:
        self.name, self.calls, self.result = name, calls, result
        self.restype = self.argtypes = None

    def __call__(self, *args):
        self.calls.append((self.name, args))
        return self.result(*args) if callable(self.result) else self.result


class _Kernel32:
    """kernel32's job functions; ``assign`` is what AssignProcessToJobObject answers."""

    JOB, CURRENT = 0x1F4, -1

    def __init__(self, assign: int = 1) -> None:
        from kinerja.proses import ExtendedLimit

        self.calls: list = []
        self.flags: list[tuple[int, int, int]] = []

        def set_information(job, klass, pointer, size):
            info = ctypes.cast(pointer, ctypes.POINTER(ExtendedLimit)).contents
            self.flags.append((klass, info.BasicLimitInformation.LimitFlags, size))
            return 1

        self.CreateJobObjectW = _Function("CreateJobObjectW", self.calls, self.JOB)
        self.SetInformationJobObject = _Function("SetInformationJobObject", self.calls, set_information)
        self.AssignProcessToJobObject = _Function("AssignProcessToJobObject", self.calls, assign)
        self.GetCurrentProcess = _Function("GetCurrentProcess", self.calls, self.CURRENT)
        self.CloseHandle = _Function("CloseHandle", self.calls, 1)


def test_a_pool_worker_on_windows_puts_itself_in_a_job_that_ends_its_kernel_and_browser_with_it(windows, monkeypatch):
    """TerminateProcess (how the main process stops a worker at Ctrl+C) skips the worker's clean-up;
    the job's kill-on-close flag ends every process the worker started when the OS closes its handle."""
    kernel32 = _Kernel32()
    monkeypatch.setattr(ctypes, "windll", type("WinDLL", (), {"kernel32": kernel32})(), raising=False)
    assert proses.bind_children() is True
    assert [name for name, _ in kernel32.calls] == [
        "CreateJobObjectW", "SetInformationJobObject", "GetCurrentProcess", "AssignProcessToJobObject"]
    assert kernel32.flags == [(9, 0x2000, ctypes.sizeof(proses.ExtendedLimit))]  # JobObjectExtendedLimitInformation, KILL_ON_JOB_CLOSE
    assert ctypes.sizeof(proses.ExtendedLimit) == (144 if ctypes.sizeof(ctypes.c_void_p) == 8 else 112)  # the Windows SDK's size
    assert kernel32.calls[-1][1] == (_Kernel32.JOB, _Kernel32.CURRENT)  # this process, into the job
    assert kernel32.CreateJobObjectW.restype is not None  # a 64-bit handle is not cut to a C int

    refused = _Kernel32(assign=0)  # e.g. an old Windows that cannot nest jobs: the job is closed, the worker runs on
    monkeypatch.setattr(ctypes, "windll", type("WinDLL", (), {"kernel32": refused})(), raising=False)
    assert proses.bind_children() is False and refused.calls[-1] == ("CloseHandle", (_Kernel32.JOB,))


def test_a_pool_worker_on_windows_whose_main_process_is_gone_ends_at_once(windows, monkeypatch):
    from kinerja.pemda import pool

    ended: list[int] = []
    monkeypatch.setattr(pool.os, "_exit", ended.append)
    monkeypatch.setattr(pool.os, "kill", lambda *args: pytest.fail("no SIGTERM on Windows"))
    pool._stop_this_worker()
    assert ended == [1]  # the job then ends its kernel and browser
