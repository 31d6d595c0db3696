"""Every OPD's quarterly report at once, on this machine's cores.

One OPD's report is the ordinary single-office run of :mod:`kinerja.laporan.runner`, in two
parts: the notebook executes in a warm kernel (:class:`kinerja.laporan.kernel.KernelPool`, one
kernel per worker thread, kept for all its OPD), then the HTML is rendered, the PDF printed and
the files published in a print thread (:class:`kinerja.laporan.browser.PrintThread`, one
browser each; one by default). A worker hands its finished notebook to the print thread and starts the next
OPD at once, so report *n* is printed while the kernel runs report *n+1*.

A failure (missing workbooks, a failing cell, a broken config) is caught per OPD and becomes
a :class:`HasilOpd` with its reason; the other OPD go on. Nothing here changes process-wide
state (working directory, umask, rcParams): every path is absolute and the notebooks run in
their own kernel processes.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kinerja.errors import KinerjaError
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
    import socket

    return f"{socket.gethostname()}:{os.getpid()}"


def execute_opd(opd: Opd, tahun: int, triwulan: int, kernels: Any, *, notebook: Path | None = None) -> _Executed:
    """Part 1: load the OPD's config and execute its quarterly notebook in a warm kernel.

    Raises:
        KinerjaError: the config is wrong, the quarter has no workbooks, or a cell failed.
    """
    from kinerja.config import load_workspace_config
    from kinerja.laporan import runner
    from kinerja.paths import Workspace

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
    from kinerja.laporan import runner
    from kinerja.laporan.hasil import META_FILE

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


def default_workers() -> int:
    """Kernels run at once by default: one per core (at least one)."""
    return max(1, os.cpu_count() or 1)


def run_local(
    opd: Sequence[Opd],
    tahun: int,
    triwulan: int,
    *,
    pdf: bool = True,
    workers: int | None = None,
    printers: int | None = None,
    notebook: Path | None = None,
    on_done: Callable[[HasilOpd], None] | None = None,
) -> list[HasilOpd]:
    """Run every OPD's report on this machine; results in the order of ``opd``.

    Args:
        opd: the OPD to run.
        tahun, triwulan: the quarter.
        pdf: print PDFs (one browser per print thread).
        workers: kernels running at once (default: one per core).
        printers: print threads, each with its own browser (default one: on two cores a second
            browser and Playwright driver cost more CPU than printing two PDFs at once saves).
        notebook: another quarterly notebook (tests); default the project's.
        on_done: called in this thread with each OPD's result as soon as it is known.
    """
    from kinerja.laporan.browser import PrintThread
    from kinerja.laporan.kernel import KernelPool
    from kinerja.laporan.runner import KERNEL_NAME
    from kinerja.paths import NOTEBOOKS_DIR

    workers = max(1, min(workers or default_workers(), len(opd) or 1))
    kernels = KernelPool(KERNEL_NAME, NOTEBOOKS_DIR)
    first_config = str(opd[0].root / "kinerja.toml") if opd else None
    print_threads = [PrintThread(first_config, pdf=pdf) for _ in range(max(1, printers or 1))]
    for thread in print_threads:  # the browsers start while the kernels start
        thread.submit(lambda _printer: None)
    finals: list[Future[HasilOpd]] = [Future() for _ in opd]
    turn = iter(range(1 << 62))
    lock = threading.Lock()

    def execute(index: int) -> None:
        item, final = opd[index], finals[index]
        started = time.perf_counter()
        try:
            job = execute_opd(item, tahun, triwulan, kernels, notebook=notebook)
        except Exception as exc:  # noqa: BLE001 - reported per OPD
            final.set_result(_failure(item, exc, started))
            return
        with lock:
            thread = print_threads[next(turn) % len(print_threads)]
        printed = thread.submit(export_opd, job)

        def settle(done: Future[HasilOpd]) -> None:
            try:
                hasil = done.result()
            except BaseException as exc:  # noqa: BLE001 - reported per OPD
                hasil = _failure(item, exc, started)
            if thread.note:
                hasil.catatan.append(thread.note)
            final.set_result(hasil)

        printed.add_done_callback(settle)

    try:
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="kinerja-opd") as pool:
            for index in range(len(opd)):
                pool.submit(execute, index)
            from kinerja.laporan.export import warm_up

            warm_up()  # the exporter and its template, while the kernels start
            for done in as_completed(finals):
                if on_done is not None:
                    on_done(done.result())
    finally:
        for thread in print_threads:
            thread.close()
        kernels.close()
    return [f.result() for f in finals]
