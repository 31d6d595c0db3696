"""Every OPD's report on a Dask distributed cluster (several office machines).

One Dask task per OPD (:func:`opd_task`), submitted to an existing scheduler. Each worker
process keeps its warm state across tasks in a worker plugin (:class:`KinerjaWorker`): one
warm kernel per worker thread and one print thread with its browser. The task is the same
per-OPD run as the local pool's worker processes (:meth:`kinerja.pemda.pool.WarmState.run`), so the stored results and
the documents are the same. The OPD folders must be reachable under the same path on every
worker (a shared folder); see docs/pemda.md for starting a scheduler and workers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from distributed import Client, WorkerPlugin, as_completed, get_worker

from kinerja.errors import KinerjaError
from kinerja.pemda.pool import HasilOpd, WarmState
from kinerja.pemda.workspace import Opd

PLUGIN_NAME = "kinerja"


class KinerjaWorker(WorkerPlugin):
    """Per-worker warm state (:class:`kinerja.pemda.pool.WarmState`): kernels, one print thread."""

    name = PLUGIN_NAME

    def __init__(self, pdf: bool = True) -> None:
        self.pdf = pdf
        self.warm = WarmState(pdf)

    def __getstate__(self) -> dict[str, Any]:  # sent to the workers without running state
        return {"pdf": self.pdf}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.pdf = state["pdf"]
        self.warm = WarmState(self.pdf)

    def setup(self, worker: Any) -> None:
        """Nothing starts before the first task (a worker may never get one)."""

    def teardown(self, worker: Any) -> None:
        """Stop the browser and the kernels when the worker closes."""
        self.warm.close()


def opd_task(opd: Opd, tahun: int, triwulan: int, notebook: str | None = None) -> HasilOpd:
    """One OPD's report on a Dask worker, with that worker's warm kernel and browser."""
    plugin = get_worker().plugins[PLUGIN_NAME]
    assert isinstance(plugin, KinerjaWorker)
    return plugin.warm.run(opd, tahun, triwulan, Path(notebook) if notebook else None)


def connect(address: str) -> Any:
    """A client of the scheduler at ``address``.

    Raises:
        KinerjaError: the scheduler cannot be reached.
    """
    try:
        return Client(address, timeout="10s")
    except (OSError, TimeoutError) as exc:
        raise KinerjaError(
            f"Penjadwal Dask {address} tidak dapat dihubungi ({exc}). Jalankan `dask scheduler` di komputer itu "
            "dan `dask worker ALAMAT` di komputer pekerja (lihat docs/pemda.md), atau jalankan tanpa --dask."
        ) from None


def run_dask(
    opd: Sequence[Opd],
    tahun: int,
    triwulan: int,
    *,
    address: str | None = None,
    client: Any = None,
    pdf: bool = True,
    notebook: Path | None = None,
    on_done: Callable[[HasilOpd], None] | None = None,
) -> list[HasilOpd]:
    """Run every OPD's report as one Dask task each; results in the order of ``opd``.

    Give either ``address`` (a scheduler, e.g. ``tcp://10.0.0.5:8786``) or a ``client``.
    A task that dies with its worker is reported as that OPD's failure.
    """
    own = client is None
    if client is None:
        if not address:
            raise ValueError("run_dask needs a scheduler address or a client")
        client = connect(address)
    try:
        client.register_plugin(KinerjaWorker(pdf=pdf), name=PLUGIN_NAME)
        futures = [
            client.submit(opd_task, item, tahun, triwulan, str(notebook) if notebook else None, key=f"kinerja-{item.kode}-{tahun}-{triwulan}", pure=False)
            for item in opd
        ]
        index = {future.key: i for i, future in enumerate(futures)}
        results: list[HasilOpd | None] = [None] * len(opd)
        for future in as_completed(futures):
            item = opd[index[future.key]]
            try:
                hasil = future.result()
            except Exception as exc:  # noqa: BLE001 - a lost worker fails one OPD, not the run
                hasil = HasilOpd(item.kode, item.nama, False, f"tugas Dask gagal: {type(exc).__name__}: {exc}")
            results[index[future.key]] = hasil
            if on_done is not None:
                on_done(hasil)
        return [r for r in results if r is not None]
    finally:
        if own:
            client.close()
