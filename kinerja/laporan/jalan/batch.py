"""A year's reports in one batch (`kinerja laporan triwulan --semua`): the four quarters and the annual
report overlapped on warm kernels, one print thread, sets published in report order. One report
is :mod:`kinerja.laporan.jalan.runner`'s; the batch reuses its three steps (execute, render, publish).
"""

from __future__ import annotations

import contextlib
import os
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import Any

from tqdm import tqdm

from kinerja import terbitan
from kinerja.config import Config
from kinerja.errors import ReportError
from kinerja.laporan.jalan.kernel import KernelPool, close_together, import_client
from kinerja.laporan.jalan.runner import (
    KERNEL_NAME,
    ReportResult,
    _add_print_note,
    _execute_run,
    _finalize_job,
    _has_inputs,
    _kept,
    _mode,
    _print_job,
    _publish_rendered,
    _render_run,
    _Rendered,
    preload,
)
from kinerja.laporan.render.browser import PrintThread
from kinerja.numbers import triwulan_label
from kinerja.paths import NOTEBOOKS_DIR, Workspace


def run_year(
    workspace: Workspace,
    config: Config,
    tahun: int,
    *,
    pdf: bool = True,
    progress: bool = False,
    triwulan_list: tuple[int, ...] = (1, 2, 3, 4),
    workers: int | None = None,
    notebook: Path | None = None,
) -> list[ReportResult]:
    """Run the quarterly reports and the annual report, keeping the cores busy.

    Three stages overlap: up to ``workers`` warm kernels (default: two, or one on a
    single-core machine; :mod:`kinerja.laporan.jalan.kernel`, namespace cleared in between) execute the
    notebooks; this thread renders each executed notebook to HTML and .docx as soon as it is
    done; one print thread with its own browser prints the PDFs while the next notebooks execute
    and render (a second browser and Playwright driver cost more CPU on two cores than printing
    two PDFs at once saves: the sample year took 9.4 s with one, 11.6 s with two). The annual notebook executes first: it reads only the
    approved quarters' stored results (:func:`kinerja.laporan.model.hasil.official_results`), never the
    drafts this run makes, and its Daftar Isi needs two prints, done while the quarters execute.

    The sets are published at the end, in report order (the quarters, then the year): a
    failing report (ReportError) is raised after the reports before it are published; the ones
    after it are not. A quarter without any workbook folder is skipped with a note (the annual
    report states it as missing). Each report follows its case's state like :func:`run_report`
    (DRAF run, kept while under review, final after approval; an approved quarter's final
    rendering does not wait for the others). ``notebook``: another quarterly notebook (tests).
    """
    quarters = [n for n in triwulan_list if _has_inputs(workspace, tahun, n)]
    skipped = [n for n in triwulan_list if n not in quarters]
    reports: list[int | None] = [*quarters, None]
    modes = {q: _mode(workspace, config, tahun, q) for q in reports}
    bar = None
    if progress:
        bar = tqdm(total=len(reports), desc="Laporan", unit="laporan", leave=True)
    workers = workers or max(1, min(2, os.cpu_count() or 1))
    import_client()
    printing = PrintThread(config.source, pdf=pdf)
    # start the browser while the kernels start; no warm-up print here: the start is CPU-bound on
    # two cores and the year measured 7.9 s with it, 7.5 s without (medians of 4)
    printing.submit(lambda _printer: None)
    kernels = KernelPool(KERNEL_NAME, NOTEBOOKS_DIR)
    outcome: dict[int | None, Future[Any]] = {}
    failure: dict[int | None, BaseException] = {}

    def tick(report: int | None) -> None:
        if bar is not None:
            bar.set_postfix_str("tahunan" if report is None else f"triwulan {report}")
            bar.update(1)

    def finalize(printer: Any, triwulan: int | None) -> ReportResult:
        result = _finalize_job(printer, workspace, config, tahun, triwulan)
        tick(triwulan)
        return result

    try:
        with contextlib.ExitStack() as stack, ThreadPoolExecutor(max_workers=workers, thread_name_prefix="kinerja-kernel") as pool:
            stagings: dict[int | None, Path] = {}
            executing: dict[Future[Any], int | None] = {}
            for report in [None, *quarters]:  # the year first (see above), then the quarters in order
                mode = modes[report][0]
                if mode == "susun":
                    stagings[report] = stack.enter_context(terbitan.staging(workspace.report_dir(tahun, report)))
                    own = notebook if report is not None else None
                    executing[pool.submit(_execute_run, workspace, config, tahun, report, stagings[report], kernels, own)] = report
                elif mode == "final":
                    outcome[report] = printing.submit(finalize, report)
            rendered: dict[int | None, _Rendered] = {}
            if executing:
                preload()  # while the kernels start
            for future in as_completed(executing):
                report = executing[future]
                try:
                    rendered[report] = _render_run(workspace, config, tahun, report, stagings[report], future.result(),
                                                   keadaan=modes[report][1].keadaan)
                except ReportError as exc:
                    failure[report] = exc
                    continue
                outcome[report] = printing.submit(_print_job, config, rendered[report])
            results: list[ReportResult] = []
            for report in reports:  # publish in report order, up to the first failure
                mode = modes[report][0]
                try:
                    if report in failure:
                        raise failure[report]
                    if mode == "tetap":
                        results.append(_kept(workspace, config, tahun, report))
                        tick(report)
                    elif mode == "final":
                        results.append(outcome[report].result())
                    else:
                        results.append(_publish_rendered(workspace, rendered[report], outcome[report].result()))
                        tick(report)
                except BaseException:
                    for pending in [*executing, *outcome.values()]:
                        pending.cancel()
                    raise
    finally:
        close_together(printing, kernels)
        if bar is not None:
            bar.close()
    _add_print_note(printing, results)
    if skipped and results:
        results[-1].notes.append(
            "Tidak ada lembar kerja untuk " + ", ".join(triwulan_label(n) for n in skipped) + "; triwulan itu dilewati."
        )
    return results
