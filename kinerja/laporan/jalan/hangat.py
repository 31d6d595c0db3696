"""Warm parts kept for many reports: a kernel pool (:class:`~kinerja.laporan.jalan.kernel.KernelPool`)
and one print thread with its browser (:class:`~kinerja.laporan.render.browser.PrintThread`).

A Pemda worker process (:class:`kinerja.pemda.pool.WarmState`) keeps one for its OPD, and
``kinerja layani`` keeps one for the app's "Susun laporan" (:mod:`kinerja.web.susun`): the same
parts the CLI's batch uses, started once and handed to :func:`kinerja.laporan.jalan.runner.run_report`.
"""

from __future__ import annotations

import threading
from typing import Any

from kinerja.laporan.jalan.kernel import KernelPool, close_together, import_client
from kinerja.laporan.render.browser import PrintThread
from kinerja.paths import NOTEBOOKS_DIR


class WarmParts:
    """A kernel pool (one kernel per thread that runs reports) and one print thread with its browser,
    both started on first use and kept until :meth:`close`; a kernel or browser that died is started
    again on its next use (:meth:`KernelPool.acquire`, :meth:`PrintThread.submit`)."""

    def __init__(self, pdf: bool = True) -> None:
        self.pdf = pdf
        self._lock = threading.Lock()
        self.kernels: Any = None
        self.print_thread: Any = None

    def get(self, config_source: str | None) -> tuple[Any, Any]:
        """The kernel pool and the print thread (``config_source``: the config that names the browser)."""
        with self._lock:
            if self.kernels is None:
                from kinerja.laporan.jalan.runner import KERNEL_NAME  # noqa: PLC0415 -- kinerja.laporan.jalan.runner + json (~53 ms) kept off importing this module

                self.kernels = KernelPool(KERNEL_NAME, NOTEBOOKS_DIR)
                self.print_thread = PrintThread(config_source, pdf=self.pdf)
                self.print_thread.warm()  # the browser starts (and prints once) while the kernel starts
            return self.kernels, self.print_thread

    def warm(self, config_source: str | None) -> None:
        """Start everything now, in parallel: the calling thread's kernel, the browser (in the print
        thread) and, in a helper thread meanwhile, the imports and the template the first report
        would otherwise wait for."""
        from kinerja.laporan.jalan.runner import preload  # noqa: PLC0415 -- kinerja.laporan.jalan.runner + json (~53 ms) kept off importing this module

        import_client()
        kernels, _printing = self.get(config_source)
        loader = threading.Thread(target=preload, name="kinerja-muat")
        loader.start()
        try:
            kernels.acquire()
        finally:
            loader.join()

    def close(self) -> None:
        """Stop the browser and the kernels."""
        with self._lock:
            close_together(self.print_thread, self.kernels)
            self.kernels = self.print_thread = None
