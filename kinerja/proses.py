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
"""

from __future__ import annotations

import ctypes
import multiprocessing
import sys
import threading
from collections.abc import Callable

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
