"""Warm Jupyter kernels for a batch of report notebooks.

papermill normally starts a fresh kernel per notebook, and each new kernel spends about as
long starting and importing pandas, matplotlib and kinerja as the notebook takes to
run. For a batch (:func:`kinerja.laporan.jalan.batch.run_year`) each worker thread keeps one kernel alive,
pre-imports those modules once, and hands the kernel to papermill (``km=``) for each of its
notebooks. Before every notebook the user namespace is cleared (IPython ``%reset -f``), so
a notebook never sees another notebook's variables; only the imported modules stay warm.

Each warm kernel also keeps one connected client for its whole life. papermill would
otherwise connect a new client per notebook and wait for it to be ready (jupyter_client
listens on the output channel for 0.2 s to flush it), and so would every namespace reset:
about half a second per notebook hand-over. The client is handed to papermill through the
``kinerja-hangat`` engine (:func:`engine_name`), a papermill engine that differs from the
stock one only in using that client.

On POSIX systems the kernel talks over IPC (Unix sockets in a private temporary folder)
rather than TCP on localhost: nothing is reachable from other users, and ipykernel has no
reason to warn about unencrypted TCP.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Any

WARM_UP = "import pandas, matplotlib, kinerja.capaian.tabel, kinerja.laporan.model.data, kinerja.laporan.bagian.triwulan, kinerja.laporan.bagian.tahunan, kinerja.laporan.render.grafik"
RESET = "__import__('kinerja.laporan.jalan.kernel', fromlist=['clean_namespace']).clean_namespace()"
"""What runs in the kernel before every notebook (leaves no name of its own in the namespace)."""


def clean_namespace() -> None:
    """(Runs inside a warm kernel.) Empty the user namespace like IPython's ``%reset -f``,
    without its two full garbage collections.

    ``%reset -f`` deletes every user name, the output history (``_``, ``Out``, ``_1`` ...) and the
    hidden names, then re-creates the default namespace; its display hook's flush and the magic
    each run ``gc.collect()``, which over a heap holding pandas and matplotlib takes about 0.14 s
    per notebook. The names are what isolates one notebook from the next; the collector still
    runs on its own schedule.
    """
    from IPython import get_ipython  # noqa: PLC0415 -- IPython + traitlets, logging (~57 ms) kept off importing this module

    shell = get_ipython()
    hook = shell.displayhook
    hook._, hook.__, hook.___ = "", "", ""  # the display hook's own references to the last outputs
    full_cache, hook.do_full_cache = hook.do_full_cache, False  # skip flush(): its names go with user_ns below
    try:
        shell.reset(new_session=False)
    finally:
        hook.do_full_cache = full_cache


def import_client() -> None:
    """Import jupyter_client now, before other threads start importing (papermill, Playwright, the
    templates): a kernel's process is launched only after it, and its start is the longest path of
    every run. Imported first, a Pemda worker launched its kernel 0.9 s after it started instead
    of 2.2 s (measured with the machine busy)."""
    import jupyter_client.manager  # noqa: F401, PLC0415 -- imported first, on purpose, before other threads import (see above)


class WarmKernel:
    """One running kernel that executes several notebooks, one after the other."""

    def __init__(self, kernel_name: str, cwd: Path) -> None:
        from jupyter_client.manager import AsyncKernelManager  # noqa: PLC0415 -- jupyter_client.manager + zmq, asyncio (~95 ms) kept off importing this module
        from jupyter_core.utils import run_sync  # noqa: PLC0415 -- jupyter_core.utils + asyncio, ssl, logging (~24 ms) kept off importing this module

        self._run_sync = run_sync
        self._socket_dir: str | None = None
        if os.name == "posix":
            self._socket_dir = tempfile.mkdtemp(prefix="kinerja-kernel-")
            # the connection file beside the sockets: private, removed with them, and naming the process
            # (``kinerja-kernel-`` in its command line) apart from a Jupyter server's own kernels
            self.km = AsyncKernelManager(kernel_name=kernel_name, transport="ipc", ip=os.path.join(self._socket_dir, "k"),
                                         connection_file=os.path.join(self._socket_dir, "kernel.json"))
        else:  # pragma: no cover - Windows has no IPC transport
            self.km = AsyncKernelManager(kernel_name=kernel_name)
        self.client: Any = None
        """The kernel's one client, connected for the kernel's life (used only by the thread that made it)."""

        async def connect() -> None:
            self.client.start_channels()
            await self.client.wait_for_ready(timeout=60)

        try:
            run_sync(self.km.start_kernel)(cwd=str(cwd))
            self.client = self.km.client()
            run_sync(connect)()
            self.run_code(WARM_UP)
        except BaseException:  # not ready, or stopped while starting (Ctrl+C, SIGTERM): leave no kernel behind
            self.close()
            raise

    def run_code(self, code: str) -> str:
        """Execute ``code`` in the kernel (not recorded in any notebook); returns the status."""

        async def go() -> str:
            reply = await self.client.execute_interactive(code, timeout=300, store_history=False, output_hook=lambda _msg: None)
            return str(reply["content"]["status"])

        return self._run_sync(go)()

    def alive(self) -> bool:
        """True while the kernel process runs."""
        return bool(self._run_sync(self.km.is_alive)())

    def prepare(self) -> WarmKernel:
        """Clear the user namespace; returns this kernel, to pass to :func:`kinerja.laporan.jalan.runner.execute`."""
        self.run_code(RESET)
        return self

    def close(self) -> None:
        """Stop the kernel."""
        try:
            self.client.stop_channels()
        except Exception:  # noqa: BLE001 - a client of a dead kernel needs no stopping
            pass
        try:
            self._run_sync(self.km.shutdown_kernel)(now=True)
        except Exception:  # noqa: BLE001 - a kernel that already died needs no shutdown
            pass
        if self._socket_dir:
            shutil.rmtree(self._socket_dir, ignore_errors=True)


class KernelPool:
    """One :class:`WarmKernel` per thread, created on first use, all stopped by :meth:`close`."""

    def __init__(self, kernel_name: str, cwd: Path) -> None:
        self.kernel_name = kernel_name
        self.cwd = cwd
        self._local = threading.local()
        self._all: list[WarmKernel] = []
        self._lock = threading.Lock()

    def acquire(self) -> WarmKernel:
        """The calling thread's kernel, warm and with an empty namespace."""
        kernel: WarmKernel | None = getattr(self._local, "kernel", None)
        if kernel is None or not kernel.alive():
            kernel = WarmKernel(self.kernel_name, self.cwd)
            self._local.kernel = kernel
            with self._lock:
                self._all.append(kernel)
        return kernel.prepare()

    def close(self) -> None:
        """Stop every kernel of the pool, all at once (:func:`close_together`)."""
        with self._lock:
            kernels, self._all = self._all, []
        close_together(*kernels)


def close_together(*parts: Any) -> None:
    """Call ``close()`` on every part (``None`` skipped) at the same time, each in its own thread,
    and return when all are closed; the first error, if any, is raised afterwards. A part's
    ``close()`` must work from any thread (a :class:`KernelPool`, a ``PrintThread``; not a
    ``PdfPrinter``, whose Playwright objects belong to the thread that started it).

    Stopping a kernel waits for its process (jupyter_client polls every 0.1 s) and stopping a
    browser waits for Chromium and its driver to exit: one after the other they took 0.38 s at
    the end of every run with two kernels and a browser, together the longest of them (~0.15 s).
    """
    parts = tuple(part for part in parts if part is not None)
    if len(parts) <= 1:
        for part in parts:
            part.close()
        return
    errors: list[BaseException] = []

    def close(part: Any) -> None:
        try:
            part.close()
        except BaseException as exc:  # noqa: BLE001 - kept and raised in the caller's thread
            errors.append(exc)

    threads = [threading.Thread(target=close, args=(part,), name="kinerja-tutup") for part in parts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]


ENGINE = "kinerja-hangat"


def engine_name() -> str:
    """Register (once) and name the papermill engine that executes with a warm kernel's own client.

    It is papermill's stock ``nbclient`` engine except that the notebook client is given the
    kernel's connected client (``kc=``) instead of connecting a new one.
    """
    from papermill.engines import papermill_engines  # noqa: PLC0415 -- papermill.engines + rfc3987_syntax, urllib3 (~2629 ms) kept off importing this module

    if ENGINE not in papermill_engines._engines:
        papermill_engines.register(ENGINE, _warm_engine())
    return ENGINE


def _warm_engine() -> Any:
    from papermill.clientwrap import PapermillNotebookClient  # noqa: PLC0415 -- papermill.clientwrap + rfc3987_syntax, urllib3 (~2629 ms) kept off importing this module
    from papermill.engines import NBClientEngine  # noqa: PLC0415 -- papermill.engines + rfc3987_syntax, urllib3 (~2629 ms) kept off importing this module
    from papermill.log import logger  # noqa: PLC0415 -- papermill.log + rfc3987_syntax, urllib3 (~2629 ms) kept off importing this module
    from papermill.utils import merge_kwargs, remove_args  # noqa: PLC0415 -- papermill.utils + rfc3987_syntax, urllib3 (~2629 ms) kept off importing this module

    class WarmClient(PapermillNotebookClient):
        def __init__(self, nb_man: Any, km: Any = None, kc: Any = None, **kw: Any) -> None:
            super().__init__(nb_man, km=km, **kw)
            self.kc = kc  # nbclient connects a new client only when it has none

    class WarmEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(  # same steps as NBClientEngine's, with WarmClient
            cls, nb_man: Any, kernel_name: str, log_output: bool = False, stdout_file: Any = None, stderr_file: Any = None,
            start_timeout: int = 60, execution_timeout: Any = None, **kwargs: Any,
        ) -> Any:
            kwargs = remove_args(["input_path"], **kwargs)
            safe_kwargs = remove_args(["timeout", "startup_timeout"], **kwargs)
            final_kwargs = merge_kwargs(
                safe_kwargs, timeout=execution_timeout if execution_timeout else kwargs.get("timeout"),
                startup_timeout=start_timeout, kernel_name=kernel_name, log=logger, log_output=log_output,
                stdout_file=stdout_file, stderr_file=stderr_file,
            )
            return WarmClient(nb_man, **final_kwargs).execute()

    return WarmEngine
