"""Warm Jupyter kernels for a batch of report notebooks.

papermill normally starts a fresh kernel per notebook, and each new kernel spends about as
long starting and importing pandas, matplotlib, seaborn and kinerja as the notebook takes to
run. For a batch (:func:`kinerja.laporan.runner.run_year`) each worker thread keeps one kernel alive,
pre-imports those modules once, and hands the kernel to papermill (``km=``) for each of its
notebooks. Before every notebook the user namespace is cleared (IPython ``%reset -f``), so
a notebook never sees another notebook's variables; only the imported modules stay warm.

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

WARM_UP = "import pandas, matplotlib, seaborn, kinerja.capaian.tabel, kinerja.laporan.data, kinerja.laporan.sections, kinerja.laporan.grafik"
RESET = "get_ipython().run_line_magic('reset', '-f')"


class WarmKernel:
    """One running kernel that executes several notebooks, one after the other."""

    def __init__(self, kernel_name: str, cwd: Path) -> None:
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        self._run_sync = run_sync
        self._socket_dir: str | None = None
        if os.name == "posix":
            self._socket_dir = tempfile.mkdtemp(prefix="kinerja-kernel-")
            self.km = AsyncKernelManager(kernel_name=kernel_name, transport="ipc", ip=os.path.join(self._socket_dir, "k"))
        else:  # pragma: no cover - Windows has no IPC transport
            self.km = AsyncKernelManager(kernel_name=kernel_name)
        run_sync(self.km.start_kernel)(cwd=str(cwd))
        self.run_code(WARM_UP)

    def run_code(self, code: str) -> str:
        """Execute ``code`` in the kernel (not recorded in any notebook); returns the status."""

        async def go() -> str:
            client = self.km.client()
            client.start_channels()
            try:
                await client.wait_for_ready(timeout=60)
                reply = await client.execute_interactive(code, timeout=300, store_history=False, output_hook=lambda _msg: None)
                return reply["content"]["status"]
            finally:
                client.stop_channels()

        return self._run_sync(go)()

    def alive(self) -> bool:
        """True while the kernel process runs."""
        return bool(self._run_sync(self.km.is_alive)())

    def prepare(self) -> Any:
        """Clear the user namespace; returns the kernel manager to pass to papermill."""
        self.run_code(RESET)
        return self.km

    def close(self) -> None:
        """Stop the kernel."""
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

    def acquire(self) -> Any:
        """The calling thread's kernel manager, warm and with an empty namespace."""
        kernel: WarmKernel | None = getattr(self._local, "kernel", None)
        if kernel is None or not kernel.alive():
            kernel = WarmKernel(self.kernel_name, self.cwd)
            self._local.kernel = kernel
            with self._lock:
                self._all.append(kernel)
        return kernel.prepare()

    def close(self) -> None:
        """Stop every kernel of the pool."""
        with self._lock:
            kernels, self._all = self._all, []
        for kernel in kernels:
            kernel.close()
