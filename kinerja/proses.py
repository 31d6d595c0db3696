"""Processes that end with the process that started them (the Pemda pool's workers and what they start).

A worker of :mod:`kinerja.pemda.pool` starts a Jupyter kernel, and Playwright's driver with its
browser. When the worker is stopped without its clean-up (Windows' ``TerminateProcess``, which the
main process uses to stop a worker at Ctrl+C; a kill; running out of memory), they must not be left
running, and a worker whose main process is gone must not run on.

- :func:`bind_children` (called by a worker first): on Windows this process joins a Job Object
  with ``JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE``. Everything it starts afterwards is in that job too;
  the job's one handle is this process's, which the OS closes when the process ends however it
  ends, and then ends every process still in the job: the kernel, the driver, the browser. On
  POSIX nothing is needed: a kernel stops when its parent is gone (ipykernel polls the parent
  that jupyter_client names in ``JPY_PARENT_PID``) and Playwright's driver, with its browser, when
  its pipe to the worker closes.
- :func:`stop_with_parent`: a thread waits for the process that started this one
  (``multiprocessing.parent_process()``) and calls the given stop when it ends.
- :func:`run_limited`: a child process with a time limit (the app's cold "Susun laporan"); past it
  the child and everything it started are ended (:func:`end_tree`: the tree taken from ``ps``,
  asked to stop, then killed; ``taskkill /T`` on Windows) and :class:`BatasWaktu` is raised.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence

KILL_ON_JOB_CLOSE = 0x2000
"""``JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE``: closing the job's last handle ends every process in it."""

EXTENDED_LIMIT_INFORMATION = 9
"""``JobObjectExtendedLimitInformation``, the information class that carries the flag."""


class _BasicLimit(ctypes.Structure):
    """``JOBOBJECT_BASIC_LIMIT_INFORMATION`` (fixed-width fields: the same layout on every build)."""

    _fields_ = [
        ("PerProcessUserTimeLimit", ctypes.c_int64),
        ("PerJobUserTimeLimit", ctypes.c_int64),
        ("LimitFlags", ctypes.c_uint32),
        ("MinimumWorkingSetSize", ctypes.c_size_t),
        ("MaximumWorkingSetSize", ctypes.c_size_t),
        ("ActiveProcessLimit", ctypes.c_uint32),
        ("Affinity", ctypes.c_size_t),
        ("PriorityClass", ctypes.c_uint32),
        ("SchedulingClass", ctypes.c_uint32),
    ]


class _IoCounters(ctypes.Structure):
    _fields_ = [(name, ctypes.c_uint64) for name in (
        "ReadOperationCount", "WriteOperationCount", "OtherOperationCount", "ReadTransferCount",
        "WriteTransferCount", "OtherTransferCount")]


class ExtendedLimit(ctypes.Structure):
    """``JOBOBJECT_EXTENDED_LIMIT_INFORMATION``."""

    _fields_ = [
        ("BasicLimitInformation", _BasicLimit),
        ("IoInfo", _IoCounters),
        ("ProcessMemoryLimit", ctypes.c_size_t),
        ("JobMemoryLimit", ctypes.c_size_t),
        ("PeakProcessMemoryUsed", ctypes.c_size_t),
        ("PeakJobMemoryUsed", ctypes.c_size_t),
    ]


def bind_children() -> bool:
    """Make every process this one starts from now on end when this one ends (Windows: a Job Object).

    Returns True when a job holds this process (Windows), False where nothing is needed (POSIX)
    or the job could not be made (the kernel's own parent poll is left then).
    """
    if sys.platform != "win32":
        return False
    from ctypes import wintypes  # noqa: PLC0415 -- Windows only

    kernel32 = ctypes.windll.kernel32  # tests/test_windows.py simulates it
    kernel32.CreateJobObjectW.restype = wintypes.HANDLE
    kernel32.CreateJobObjectW.argtypes = (wintypes.LPVOID, wintypes.LPCWSTR)
    kernel32.SetInformationJobObject.restype = wintypes.BOOL
    kernel32.SetInformationJobObject.argtypes = (wintypes.HANDLE, ctypes.c_int, wintypes.LPVOID, ctypes.c_uint32)
    kernel32.AssignProcessToJobObject.restype = wintypes.BOOL
    kernel32.AssignProcessToJobObject.argtypes = (wintypes.HANDLE, wintypes.HANDLE)
    kernel32.GetCurrentProcess.restype = wintypes.HANDLE
    kernel32.CloseHandle.argtypes = (wintypes.HANDLE,)
    job = kernel32.CreateJobObjectW(None, None)
    if not job:
        return False
    info = ExtendedLimit()
    info.BasicLimitInformation.LimitFlags = KILL_ON_JOB_CLOSE
    if (kernel32.SetInformationJobObject(job, EXTENDED_LIMIT_INFORMATION, ctypes.byref(info), ctypes.sizeof(info))
            and kernel32.AssignProcessToJobObject(job, kernel32.GetCurrentProcess())):
        return True  # the handle stays open for this process's life: the OS closes it at the end
    kernel32.CloseHandle(job)
    return False


def stop_with_parent(stop: Callable[[], None]) -> threading.Thread | None:
    """Call ``stop`` (in a daemon thread) when the process that started this one ends.

    Only in a process started by :mod:`multiprocessing` (None elsewhere): it waits on the parent's
    sentinel, a handle to the parent process on Windows and a pipe the parent holds open on POSIX.
    """
    parent = multiprocessing.parent_process()
    if parent is None:
        return None

    def watch() -> None:
        parent.join()
        stop()

    thread = threading.Thread(target=watch, name="kinerja-induk", daemon=True)
    thread.start()
    return thread


class BatasWaktu(Exception):  # noqa: N818 - an outcome, named as the message says it
    """A child process ran past its time limit; it was ended with everything it started. ``hasil``: what it
    printed until then (a :class:`subprocess.CompletedProcess` with its return code after the kill)."""

    def __init__(self, hasil: subprocess.CompletedProcess) -> None:
        super().__init__(f"proses anak melewati batas waktu: {hasil.args}")
        self.hasil = hasil


def descendants(pid: int) -> list[int]:
    """Every process started by ``pid``, directly or further down (POSIX: ``ps``'s parent ids, as
    Linux and macOS print them; Windows: not needed, ``taskkill /T`` walks the tree itself)."""
    try:
        listing = subprocess.run(["ps", "-A", "-o", "pid=", "-o", "ppid="], capture_output=True, text=True,
                                 check=False).stdout
    except OSError:
        return []
    children: dict[int, list[int]] = {}
    for line in listing.splitlines():
        fields = line.split()
        if len(fields) == 2 and fields[0].isdigit() and fields[1].isdigit():
            children.setdefault(int(fields[1]), []).append(int(fields[0]))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.append(child)
                todo.append(child)
    return found


def end_tree(process: subprocess.Popen, grace: float = 5.0) -> None:
    """End ``process`` and every process it started (a report's kernel, Playwright's driver, the browser,
    which may sit in process groups of their own): asked to stop first, killed after ``grace`` seconds.
    Windows: ``taskkill /T /F`` on the tree."""
    if sys.platform == "win32":
        subprocess.run(["taskkill", "/T", "/F", "/PID", str(process.pid)], capture_output=True, check=False)
        process.wait()
        return
    tree = [process.pid, *descendants(process.pid)]  # taken before anything ends (orphans lose their parent)
    _send(tree, signal.SIGTERM)
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        pass
    _send([pid for pid in tree if _alive(pid)], signal.SIGKILL)
    process.wait()


def _send(pids: list[int], sig: int) -> None:
    for pid in pids:
        try:
            os.kill(pid, sig)
        except (ProcessLookupError, PermissionError):
            pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a child of another parent that ended but was not reaped yet is gone for our purposes
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return True


def run_limited(command: Sequence[str], batas_waktu: float | None, **kwargs) -> subprocess.CompletedProcess:
    """``subprocess.run(command, capture_output=True, text=True)`` with a time limit: past ``batas_waktu``
    seconds the child and every process it started are ended (:func:`end_tree`) and :class:`BatasWaktu`
    is raised with what it printed. ``kwargs`` go to :class:`subprocess.Popen` (``cwd``, ``env``)."""
    process = subprocess.Popen(list(command), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)
    try:
        out, err = process.communicate(timeout=batas_waktu)
    except subprocess.TimeoutExpired:
        end_tree(process)
        try:
            out, err = process.communicate(timeout=30)  # the pipes close with the tree
        except subprocess.TimeoutExpired:
            out, err = "", ""
        raise BatasWaktu(subprocess.CompletedProcess(process.args, process.returncode, out, err)) from None
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)
