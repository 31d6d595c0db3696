"""Every OPD's quarterly report at once, on this machine's cores.

One OPD's report is the ordinary single-office run of :mod:`kinerja.laporan.jalan.runner`, in two
parts (:func:`run_opd`): the notebook executes in a warm kernel, then the HTML and .docx are
rendered, the PDF printed and the set published in a print thread with its browser.

:func:`run_local` starts one worker *process* per core (:func:`default_workers`). Each keeps
its warm state for all its OPD (:class:`WarmState`: one kernel and one browser, the same state
a Dask worker keeps, :mod:`kinerja.pemda.cluster`) and runs one OPD after the other; the main
process only hands out OPD and collects the results. While one worker waits for its kernel the
other prints, so two workers keep two cores busy; and no worker's kernel waits for another's
Python work (with threads in one process, every kernel's messages, the rendering and the
browser driving shared one interpreter lock, which does not grow with more cores; on two cores
both designs measured the same, see benchmarks/README.md).

A failure (missing workbooks, a failing cell, a broken config) is caught per OPD and becomes
a :class:`HasilOpd` with its reason; the other OPD go on. A worker process that dies (killed,
out of memory) fails only the OPD it was running (its report folder keeps the last good set:
everything is staged and published in one step) and is replaced for the OPD still waiting.
Nothing here changes process-wide state (working directory, umask, rcParams): every path is
absolute and the notebooks run in their own kernel processes.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import sys
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kinerja.config import load_workspace_config
from kinerja.errors import KinerjaError, silence_stderr
from kinerja.laporan.jalan.hangat import WarmParts
from kinerja.paths import Workspace
from kinerja.pemda.workspace import Opd


@dataclass
class HasilOpd:
    """What one OPD's run gave: the files, or the reason it failed."""

    kode: str
    nama: str
    berhasil: bool
    alasan: str = ""
    berkas: list[str] = field(default_factory=list)
    catatan: list[str] = field(default_factory=list)
    galat: int = 0
    peringatan: int = 0
    detik: float = 0.0
    pekerja: str = ""


@dataclass
class _Executed:
    """A notebook executed into its staging folder, waiting to be exported and published."""

    opd: Opd
    workspace: Any
    config: Any
    tahun: int
    triwulan: int
    staging: Path
    notebook: Any
    cleanup: contextlib.ExitStack
    started: float


def _failure(opd: Opd, exc: BaseException, started: float) -> HasilOpd:
    reason = str(exc) if isinstance(exc, KinerjaError) else f"{type(exc).__name__}: {exc}"
    return HasilOpd(opd.kode, opd.nama, False, reason, detik=time.perf_counter() - started, pekerja=_where())


def _where() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def execute_opd(opd: Opd, tahun: int, triwulan: int, kernels: Any, *, notebook: Path | None = None) -> _Executed:
    """Part 1: load the OPD's config and execute its quarterly notebook in a warm kernel.

    Raises:
        KinerjaError: the config is wrong, the quarter has no workbooks, or a cell failed.
    """
    from kinerja.laporan.jalan import runner  # noqa: PLC0415 -- kinerja.laporan.jalan.runner (~52 ms) kept off importing this module

    started = time.perf_counter()
    workspace = Workspace(opd.root)
    config = load_workspace_config(opd.root)
    cleanup = contextlib.ExitStack()
    try:
        staging = cleanup.enter_context(runner._staging(workspace.report_dir(tahun, triwulan)))
        executed = runner._execute_run(workspace, config, tahun, triwulan, staging, kernels, notebook)
    except BaseException:
        cleanup.close()
        raise
    return _Executed(opd, workspace, config, tahun, triwulan, staging, executed, cleanup, started)


def export_opd(printer: Any, job: _Executed) -> HasilOpd:
    """Part 2 (in a print thread): HTML, PDF with ``printer`` (None: HTML only), publish."""
    from kinerja.laporan.jalan import runner  # noqa: PLC0415 -- kinerja.laporan.jalan.runner (~52 ms) kept off importing this module
    from kinerja.laporan.model.hasil import META_FILE  # noqa: PLC0415 -- kinerja.laporan.model.hasil + pandas, numpy, dateutil (~235 ms) kept off importing this module

    try:
        with job.cleanup:
            result = runner._export_run(job.workspace, job.config, job.tahun, job.triwulan, job.staging, job.notebook,
                                        pdf=printer is not None, printer=printer)
    except Exception as exc:  # noqa: BLE001 - one OPD's failure never stops the others
        return _failure(job.opd, exc, job.started)
    meta_path = result.folder / META_FILE
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.is_file() else {}
    return HasilOpd(
        job.opd.kode, job.opd.nama, True, "",
        berkas=[str(p) for p in result.outputs if p.suffix in (".html", ".pdf")],
        catatan=list(result.notes),
        galat=int(meta.get("galat", 0)), peringatan=int(meta.get("peringatan", 0)),
        detik=time.perf_counter() - job.started, pekerja=_where(),
    )


def run_opd(opd: Opd, tahun: int, triwulan: int, kernels: Any, print_thread: Any, *, notebook: Path | None = None) -> HasilOpd:
    """Both parts for one OPD, waiting for the print (used by Dask tasks); never raises."""
    started = time.perf_counter()
    try:
        job = execute_opd(opd, tahun, triwulan, kernels, notebook=notebook)
    except Exception as exc:  # noqa: BLE001 - reported per OPD
        return _failure(opd, exc, started)
    hasil = print_thread.submit(export_opd, job).result()
    if print_thread.note:
        hasil.catatan.append(print_thread.note)
    return hasil


class WarmState(WarmParts):
    """One process's warm state for its OPD: the warm parts (:class:`kinerja.laporan.jalan.hangat.WarmParts`:
    a kernel pool, one kernel per thread that runs OPD, and one print thread with its browser), both
    started on first use (a worker may never get a task) and kept until :meth:`close`."""

    def run(self, opd: Opd, tahun: int, triwulan: int, notebook: Path | None = None) -> HasilOpd:
        """One OPD's report with this state (:func:`run_opd`); never raises for the OPD's faults."""
        kernels, print_thread = self.get(str(opd.root / "kinerja.toml"))
        return run_opd(opd, tahun, triwulan, kernels, print_thread, notebook=notebook)


def default_workers() -> int:
    """Worker processes run at once by default: one per core (at least one)."""
    return max(1, os.cpu_count() or 1)


def _stop_on_sigterm(_signum: int, _frame: Any) -> None:
    """(A worker process.) Stopped on purpose by the main process (:func:`kinerja.errors.silence_stderr`)."""
    silence_stderr()
    raise SystemExit(1)


def _stop_this_worker() -> None:
    """(A worker process, its main process gone.) Stop now, the way the main process stops a worker:
    SIGTERM on POSIX (kernel and browser closed on the way out); on Windows, where the main process
    uses ``TerminateProcess``, end at once and let the OS end the rest (:func:`kinerja.proses.bind_children`)."""
    if sys.platform == "win32":  # tests/test_windows.py simulates it
        os._exit(1)
    else:
        os.kill(os.getpid(), signal.SIGTERM)


def _worker_main(conn: Any, pdf: bool, notebook: Path | None, config_source: str | None) -> None:
    """(A worker process.) Warm up, then run the OPD the main process sends, one after the other, until ``None``.

    Ctrl+C is the main process's to handle: a worker leaves the terminal's process group (so
    neither it nor its kernel and browser receive the terminal's SIGINT), ignores SIGINT, and is
    stopped by the main process with SIGTERM, which closes its kernel and browser on the way out.
    Whatever ends a worker, the processes it started end with it (:func:`kinerja.proses.bind_children`:
    on Windows a Job Object, since ``TerminateProcess`` skips every clean-up), and a worker whose
    main process is gone (killed, closed console) stops at once (:func:`kinerja.proses.stop_with_parent`).
    """
    from kinerja.proses import bind_children, stop_with_parent  # noqa: PLC0415 -- kinerja.proses + multiprocessing (~6 ms) kept off `import kinerja.pemda.pool`

    bind_children()  # first: before the kernel and the browser are started
    if hasattr(os, "setpgrp"):
        os.setpgrp()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    stop_with_parent(_stop_this_worker)
    state = WarmState(pdf)
    try:
        with contextlib.suppress(Exception):  # a kernel that cannot start fails each OPD with its reason instead
            state.warm(config_source)
        conn.send(_READY)
        while True:
            try:
                task = conn.recv()
            except EOFError:  # the main process is gone
                break
            if task is None:
                break
            index, opd, tahun, triwulan = task
            conn.send((index, state.run(opd, tahun, triwulan, notebook)))
    except SystemExit:  # stopped by the main process (SIGTERM)
        pass
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # closing already: a second stop must not cut it short
        state.close()
        conn.close()


_READY = "siap"
"""What a worker sends once it is warm (a worker that dies before it never ran the OPD it was given)."""


class _Worker:
    """The main process's handle on one worker process and the OPD it is running."""

    def __init__(self, context: Any, pdf: bool, notebook: Path | None, config_source: str | None) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child, pdf, notebook, config_source), name="kinerja-opd")
        self.process.start()
        child.close()
        self.current: int | None = None
        self.ready = False

    def give(self, index: int, opd: Opd, tahun: int, triwulan: int) -> None:
        self.current = index
        with contextlib.suppress(OSError):  # a worker that just died: the main loop sees it and reports this OPD
            self.conn.send((index, opd, tahun, triwulan))

    def take(self) -> tuple[int, HasilOpd] | str | None:
        """The finished OPD's result, :data:`_READY`, or None when the process died."""
        try:
            message = self.conn.recv()
        except (EOFError, OSError):
            return None
        if message == _READY:
            self.ready = True
            return _READY
        self.current = None
        return message

    def finish(self) -> None:
        """Tell the worker there is no more OPD (it closes its kernel and browser and ends)."""
        with contextlib.suppress(OSError):
            self.conn.send(None)

    def stop(self, *, now: bool = False, timeout: float = 30.0) -> None:
        """Let the worker finish (``None``: no more OPD) or, ``now``, stop it at once (SIGTERM: it
        still closes its kernel and browser); killed when it does not end within ``timeout``."""
        if now:
            self.process.terminate()
        else:
            self.finish()
        self.process.join(timeout)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(5)
        self.conn.close()


_CANNOT_START = (
    "Proses pekerja tidak dapat dimulai: proses pekerja berhenti sebelum siap bekerja (lihat pesan di atas). Bila "
    "kinerja dipanggil dari skrip Python, letakkan pemanggilannya di dalam blok `if __name__ == \"__main__\":` "
    "(proses pekerja menjalankan ulang skrip itu)."
)


def _died(opd: Opd, process: Any) -> HasilOpd:
    code = process.exitcode
    how = f"dihentikan sinyal {-code}" if code is not None and code < 0 else f"kode keluar {code}"
    return HasilOpd(
        opd.kode, opd.nama, False,
        f"Proses pekerja (pid {process.pid}) berhenti mendadak ({how}) saat membuat laporan OPD ini, mis. kehabisan "
        "memori atau dihentikan; laporan terbitan sebelumnya tidak diubah. Jalankan ulang untuk OPD ini dengan --opd "
        f"{opd.kode}.",
    )


class _LocalPool:
    """The worker processes of one :func:`run_local`, as named steps: start a worker per core
    (:meth:`start`), hand out the waiting OPD (:meth:`give_next`), take each message
    (:meth:`collect`), deal with a worker that died (:meth:`bury`: its OPD failed, or never ran and
    waits again), give up when workers cannot start at all (:meth:`give_up`), and let the workers
    end (:meth:`close`) or stop them at once (:meth:`stop_now`)."""

    def __init__(self, opd: Sequence[Opd], tahun: int, triwulan: int, *, pdf: bool, workers: int | None,
                 notebook: Path | None, on_done: Callable[[HasilOpd], None] | None) -> None:
        import multiprocessing  # noqa: PLC0415 -- multiprocessing (~3 ms) kept off `import kinerja.pemda.pool`, `import kinerja.reviu.opd`

        self.context = multiprocessing.get_context("spawn")  # the same on every platform; no threads forked
        self.opd, self.tahun, self.triwulan = opd, tahun, triwulan
        self.pdf, self.notebook, self.on_done = pdf, notebook, on_done
        self.waiting = deque(range(len(opd)))
        self.results: list[HasilOpd | None] = [None] * len(opd)
        self.count = max(1, min(workers or default_workers(), len(opd) or 1))
        self.config_source = str(opd[0].root / "kinerja.toml") if opd else None  # names the browser (every worker the same)
        self.workers: list[_Worker] = []
        self.failed_starts = 0  # workers that died before they were warm

    def settle(self, index: int, hasil: HasilOpd) -> None:
        """One OPD's result is known."""
        self.results[index] = hasil
        if self.on_done is not None:
            self.on_done(hasil)

    def give_next(self, worker: _Worker) -> None:
        """Hand the next waiting OPD to ``worker`` (nothing when none waits)."""
        if self.waiting:
            index = self.waiting.popleft()
            worker.give(index, self.opd[index], self.tahun, self.triwulan)

    def add_worker(self) -> None:
        """Start one more worker process and give it an OPD."""
        self.workers.append(_Worker(self.context, self.pdf, self.notebook, self.config_source))
        self.give_next(self.workers[-1])

    def start(self) -> None:
        """One worker per core (at most one per OPD)."""
        for _ in range(self.count if self.opd else 0):
            self.add_worker()

    def collect(self) -> bool:
        """Wait for the busy workers and take what they sent; False when no worker is busy any more."""
        from multiprocessing.connection import wait  # noqa: PLC0415 -- multiprocessing.connection (~6 ms) kept off importing this module

        busy = [w for w in self.workers if w.current is not None]
        if not busy:
            return False
        ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy])
        for worker in busy:
            if worker.conn not in ready and worker.process.sentinel not in ready:
                continue
            index = worker.current
            done = worker.take() if worker.conn.poll() or not worker.process.is_alive() else None
            if done == _READY:
                continue
            if done is not None:
                self.settle(*done)
                self.give_next(worker)
                continue
            if worker.process.is_alive():  # woken by a message that is not complete yet
                continue
            assert index is not None
            self.bury(worker, index)
        return True

    def bury(self, worker: _Worker, index: int) -> None:
        """A worker died: its OPD failed (it was warm) or waits again (it died starting); then a new
        worker takes the waiting OPD, unless workers cannot start here at all."""
        worker.process.join()
        self.workers.remove(worker)
        worker.conn.close()
        if worker.ready:
            self.settle(index, _died(self.opd[index], worker.process))
        else:  # died while starting: its OPD never ran
            self.waiting.appendleft(index)
            self.failed_starts += 1
        if self.waiting and self.failed_starts >= self.count:
            self.give_up()
        elif self.waiting:
            self.add_worker()

    def give_up(self) -> None:
        """Workers died before they were warm as many times as there are workers: every waiting OPD
        fails with that reason instead of workers being started forever."""
        while self.waiting:
            left = self.waiting.popleft()
            self.settle(left, HasilOpd(self.opd[left].kode, self.opd[left].nama, False, _CANNOT_START))

    def stop_now(self) -> None:
        """Ctrl+C or a fault of this process: stop every worker at once."""
        for worker in self.workers:
            worker.stop(now=True, timeout=10)

    def close(self) -> list[HasilOpd]:
        """Let every worker end (all at once: each closes its kernel and browser); the results in OPD order."""
        for worker in self.workers:
            worker.finish()
        for worker in self.workers:
            worker.stop()
        return [r for r in self.results if r is not None]


def run_local(
    opd: Sequence[Opd],
    tahun: int,
    triwulan: int,
    *,
    pdf: bool = True,
    workers: int | None = None,
    notebook: Path | None = None,
    on_done: Callable[[HasilOpd], None] | None = None,
) -> list[HasilOpd]:
    """Run every OPD's report on this machine; results in the order of ``opd``.

    Args:
        opd: the OPD to run.
        tahun, triwulan: the quarter.
        pdf: print PDFs (one browser per worker process).
        workers: worker processes at once, each with its warm kernel and browser (default: one
            per core).
        notebook: another quarterly notebook (tests); default the project's.
        on_done: called in this thread with each OPD's result as soon as it is known.

    The workers are started with ``spawn`` (the same on Linux, Windows and macOS), which imports
    the calling script again in each worker: a script (not a notebook, not the ``kinerja``
    command) must call this inside ``if __name__ == "__main__":``, as with any multiprocessing
    or Dask code. Workers that die before they are warm, as many times as there are workers, end
    the run: every waiting OPD fails with that reason instead of workers being started forever
    (:class:`_LocalPool` has the steps).
    """
    pool = _LocalPool(opd, tahun, triwulan, pdf=pdf, workers=workers, notebook=notebook, on_done=on_done)
    try:
        pool.start()
        while pool.collect():
            pass
    except BaseException:  # Ctrl+C (KeyboardInterrupt) or a fault of this process: stop the workers now
        pool.stop_now()
        raise
    return pool.close()
