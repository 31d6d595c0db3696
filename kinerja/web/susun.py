"""The warm parts of ``kinerja layani``'s "Susun laporan": one kernel with kinerja and pandas
imported and one browser, kept by the server for every report composed in the app.

Composing in the app used to start ``kinerja laporan`` in a child process, which started a new
kernel and a new browser each time (7-11 s for a quarter); on warm parts the same report takes
about 1.5 s. :class:`LayananSusun` keeps the same warm parts the CLI's batch and the Pemda pool use
(:class:`kinerja.laporan.jalan.hangat.WarmParts`), started in the background when the server
starts, checked every :data:`PERIKSA_DETIK` seconds and started again when the kernel or the
browser died, and stopped when the server stops. It runs one report at a time, in one thread
(the kernel pool keeps one kernel per thread), through
:func:`kinerja.laporan.jalan.runner.run_report` itself: the report is the cold path's.

The page's kernel (a child of the server) asks through :mod:`kinerja.alur.susun`: a local
socket (``multiprocessing.connection``: a Unix socket in a private folder, a named pipe on
Windows) whose every connection must prove the key the server put in the kernels' environment.
A request for another workspace than the one served is answered "not here", and the page runs
the command itself.
"""

from __future__ import annotations

import logging
import os
import secrets
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from kinerja.alur.konteks import KonteksKerja
from kinerja.alur.susun import ENV_ALAMAT, ENV_KUNCI
from kinerja.config import load_workspace_config
from kinerja.errors import KinerjaError
from kinerja.laporan.jalan.hangat import WarmParts
from kinerja.paths import Workspace

PERIKSA_DETIK = 30
"""How often the warm kernel and browser are checked (and started again when one died)."""
log = logging.getLogger(__name__)


class LayananSusun:
    """The server's warm report parts and the socket the app's pages ask them through.

    Attributes:
        parts: the warm parts (kernel pool and print thread).
        alamat: the socket's address; ``kunci``: the key a connection must prove.
        dilayani: how many reports were composed here.
    """

    def __init__(self, workspace: Workspace) -> None:
        from multiprocessing.connection import Listener  # noqa: PLC0415 -- multiprocessing.connection + socket (~6 ms) kept off importing this module

        self.workspace = workspace
        self.parts = WarmParts()
        self.kunci = secrets.token_bytes(32)
        self._listener = Listener(authkey=self.kunci)  # AF_UNIX in a private temporary folder / a named pipe
        self.alamat = self._listener.address
        self._jalan = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kinerja-susun")
        self._berhenti = threading.Event()
        self._threads: list[threading.Thread] = []
        self.dilayani = 0

    def env(self) -> dict[str, str]:
        """What the server's kernels inherit so the page finds this service (:mod:`kinerja.alur.susun`)."""
        return {ENV_ALAMAT: str(self.alamat), ENV_KUNCI: self.kunci.hex()}

    def start(self) -> LayananSusun:
        """Warm the parts in the background (the server answers meanwhile), accept requests, check the
        parts every :data:`PERIKSA_DETIK` seconds."""
        self._jalan.submit(self._panaskan)
        for target, name in ((self._terima, "kinerja-susun-terima"), (self._jaga, "kinerja-susun-jaga")):
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def _config(self) -> Any:
        return load_workspace_config(self.workspace.root)

    def _panaskan(self) -> None:
        try:
            self.parts.warm(str(Path(self._config().source)))
        except Exception:  # noqa: BLE001 - a config mistake or no kernel now: the first request says why
            log.warning("Bagian hangat 'Susun laporan' belum dapat dimulai", exc_info=True)

    def _periksa(self) -> None:
        """(The report thread.) Start the kernel or the browser again if one died."""
        if self.parts.kernels is None:
            self._panaskan()
            return
        self.parts.kernels.acquire()  # a dead kernel is replaced (KernelPool.acquire)
        self.parts.print_thread.check().result()  # a dead browser is started again (PrintThread._run)

    def _jaga(self) -> None:
        while not self._berhenti.wait(PERIKSA_DETIK):
            try:
                self._jalan.submit(self._periksa).result()
            except RuntimeError:  # the executor is shut down: the server stops
                return
            except Exception:  # noqa: BLE001 - tried again at the next check
                log.warning("Pemeriksaan bagian hangat gagal", exc_info=True)

    def _terima(self) -> None:
        while not self._berhenti.is_set():
            try:
                conn = self._listener.accept()
            except OSError:  # the listener was closed: the server stops
                return
            except Exception:  # noqa: BLE001 - a connection without the key (AuthenticationError)
                continue
            threading.Thread(target=self._layani, args=(conn,), name="kinerja-susun-minta", daemon=True).start()

    def _layani(self, conn: Any) -> None:
        with conn:
            try:
                asked = conn.recv()
                reply = self._jalan.submit(self.susun, asked).result()
                conn.send(reply)
            except Exception:  # noqa: BLE001 - the page gave up, or the server stops: the page runs the command
                log.warning("Permintaan 'Susun laporan' tidak terjawab", exc_info=True)

    def susun(self, asked: dict) -> dict:
        """(The report thread.) One report as the page asked; what ``kinerja laporan`` would print."""
        from kinerja.laporan.jalan.runner import result_lines, run_report  # noqa: PLC0415 -- kinerja.laporan.jalan.runner + json (~52 ms) kept off importing this module

        if not isinstance(asked, dict) or Path(str(asked.get("ruang_kerja"))).resolve() != self.workspace.root.resolve():
            return {"bukan_di_sini": True}
        tahun, triwulan = int(asked["tahun"]), asked.get("triwulan")
        try:
            with KonteksKerja.buka(self.workspace) as ruang:  # one request, one context (the config as it is now)
                kernels, printing = self.parts.get(str(Path(ruang.config.source)))
                result = run_report(ruang, ruang.config, tahun, None if triwulan is None else int(triwulan),
                                    printing=printing, kernels=kernels)
        except KinerjaError as exc:
            return {"returncode": exc.exit_code, "stdout": "", "stderr": f"Galat: {exc}\n"}
        self.dilayani += 1
        out, notes = result_lines(result)
        return {"returncode": 0, "stdout": "".join(f"{line}\n" for line in out),
                "stderr": "".join(f"{line}\n" for line in notes)}

    def close(self) -> None:
        """Stop accepting, finish the report running now, stop the kernel and the browser."""
        self._berhenti.set()
        self._listener.close()
        self._jalan.shutdown(wait=True)
        self.parts.close()


def mulai(workspace: Workspace) -> LayananSusun:
    """Start the service for ``workspace`` and put its address in this process's environment (the
    server's kernels inherit it)."""
    layanan = LayananSusun(workspace).start()
    os.environ.update(layanan.env())
    return layanan
