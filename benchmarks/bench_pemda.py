"""Benchmark: many offices at once (issue 13).

Prints, side by side in one run, alternating the sides, ``--ulang`` rounds (median):

- **pool**: ``kinerja laporan triwulan --semua-opd`` on ``--opd`` generated offices (the sample
  office copied, TW III each), the whole CLI process;
- **floor**: the per-report floor measured here: one warm kernel and one warm browser, one
  office after the other, timing only executing the notebook + HTML + PDF + publishing of
  each office (no start-up); ``floor x offices / cores`` is what perfect parallelism on this
  machine would give if a report ran as fast beside another as alone;
- **floor-par**: the same floor loop, ``cores`` copies at once in separate processes (each its
  own kernel and browser, each on its own offices): nothing shared between them, so the
  slowdown from the alone floor is what the machine itself costs when every core is busy
  (printed beside a pure-Python loop run alone and ``cores`` at once);
- **dask**: the same offices as Dask tasks on a ``LocalCluster`` of 2 worker processes (1
  thread each), against **pool-inproc**, the local pool called in-process (same start-up
  share as the Dask side: both include starting kernels and browsers, neither the interpreter).

Run: ``.venv/bin/python benchmarks/bench_pemda.py --opd 40 --ulang 3``
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
TAHUN, TRIWULAN = 2025, 3


def run_pool_cli(root: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run([str(BIN / "kinerja"), "--ruang-kerja", str(root), "laporan", "triwulan", "--tahun", str(TAHUN),
                           "--triwulan", str(TRIWULAN), "--semua-opd"], capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"--semua-opd gagal:\n{done.stdout}\n{done.stderr}")
    return elapsed


def floor_per_report(root: Path, count: int, first: int = 0) -> tuple[float, float, float]:
    """Median seconds per report (execute, export+print+publish, both) with one warm kernel and
    browser, over offices ``first`` .. ``first + count`` (the first of them warms up, untimed)."""
    from kinerja.config import load_workspace_config
    from kinerja.laporan.jalan import runner
    from kinerja.laporan.jalan.kernel import KernelPool
    from kinerja.laporan.render.browser import PdfPrinter, find_browser
    from kinerja.paths import NOTEBOOKS_DIR, Workspace
    from kinerja.pemda.workspace import load_pemda

    pemda = load_pemda(root)
    kernels = KernelPool(runner.KERNEL_NAME, NOTEBOOKS_DIR)
    execute, export = [], []
    try:
        # The browser starts before the first kernel, in this same thread: Playwright's sync API marks
        # its event loop as running here, so the kernel's client is made on jupyter_core's runner loop
        # and stays there. A kernel made BEFORE the browser would be used on the wrong loop afterwards
        # and hang (the package therefore always prints from a PrintThread).
        with PdfPrinter(find_browser()) as printer:
            for index, opd in enumerate(pemda.opd[first: first + count + 1]):
                workspace, config = Workspace(opd.root), load_workspace_config(opd.root)
                kernels.acquire()  # warm (first call starts the kernel; not timed below)
                with runner._staging(workspace.report_dir(TAHUN, TRIWULAN)) as staging:
                    t0 = time.perf_counter()
                    notebook = runner._execute_run(workspace, config, TAHUN, TRIWULAN, staging, kernels)
                    t1 = time.perf_counter()
                    runner._export_run(workspace, config, TAHUN, TRIWULAN, staging, notebook, pdf=True, printer=printer)
                    t2 = time.perf_counter()
                if index:  # the first report warms the browser and the exporter
                    execute.append(t1 - t0)
                    export.append(t2 - t1)
    finally:
        kernels.close()
    return statistics.median(execute), statistics.median(export), statistics.median(a + b for a, b in zip(execute, export, strict=True))


def floor_parallel(root: Path, count: int, cores: int) -> tuple[float, float, float]:
    """The floor loop, ``cores`` copies at once in separate processes on disjoint offices; the
    median over the copies of their per-report medians."""
    import json

    procs = [subprocess.Popen([sys.executable, __file__, "--lantai-saja", str(root), "--mulai", str(i * (count + 1)),
                               "--jumlah", str(count)], stdout=subprocess.PIPE, text=True) for i in range(cores)]
    values = [json.loads(p.communicate()[0].strip().splitlines()[-1]) for p in procs]
    return tuple(statistics.median(v[i] for v in values) for i in range(3))  # type: ignore[return-value]


SPIN = "import time\nt = time.process_time()\nx = 0\nfor i in range(12_000_000): x += i * i % 7\nprint(time.process_time() - t)"


def cpu_contention(cores: int) -> tuple[float, float]:
    """CPU seconds of a pure-Python loop run alone, and (median) when ``cores`` copies run at once."""
    alone = float(subprocess.run([sys.executable, "-c", SPIN], capture_output=True, text=True, check=True).stdout)
    procs = [subprocess.Popen([sys.executable, "-c", SPIN], stdout=subprocess.PIPE, text=True) for _ in range(cores)]
    together = statistics.median(float(p.communicate()[0]) for p in procs)
    return alone, together


def run_pool_inproc(root: Path) -> float:
    from kinerja.pemda.pool import run_local
    from kinerja.pemda.workspace import load_pemda

    pemda = load_pemda(root)
    start = time.perf_counter()
    results = run_local(pemda.opd, TAHUN, TRIWULAN, workers=2)
    elapsed = time.perf_counter() - start
    assert all(h.berhasil for h in results), [h.alasan for h in results if not h.berhasil]
    return elapsed


def run_dask_local_cluster(root: Path) -> float:
    from distributed import Client, LocalCluster

    from kinerja.pemda.cluster import run_dask
    from kinerja.pemda.workspace import load_pemda

    pemda = load_pemda(root)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster, Client(cluster) as client:
        client.run(lambda: None)  # the worker processes are up (interpreter start-up is not part of either side)
        start = time.perf_counter()
        results = run_dask(pemda.opd, TAHUN, TRIWULAN, client=client)
        elapsed = time.perf_counter() - start
    assert all(h.berhasil for h in results), [h.alasan for h in results if not h.berhasil]
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--opd", type=int, default=40)
    parser.add_argument("--ulang", type=int, default=3)
    parser.add_argument("--tanpa-dask", action="store_true")
    parser.add_argument("--folder", type=Path, help="keep the generated Pemda here (reused when it has --opd offices)")
    parser.add_argument("--lantai-saja", type=Path, help=argparse.SUPPRESS)  # one floor-par copy: prints its medians
    parser.add_argument("--mulai", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--jumlah", type=int, default=8, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.lantai_saja:
        import json

        print(json.dumps(floor_per_report(args.lantai_saja, args.jumlah, args.mulai)))
        return
    from kinerja.pemda.sample import write_sample_pemda
    from kinerja.pemda.workspace import load_pemda

    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="bench-pemda-") as tmp:
        root = args.folder or Path(tmp) / "pemda"
        if not (root / "pemda.toml").is_file() or len(load_pemda(root).opd) != args.opd:
            write_sample_pemda(root, args.opd, timpa=True)
        count = min(args.opd // cores - 1, 8)
        sides = {"pool": lambda: run_pool_cli(root), "floor": lambda: floor_per_report(root, count),
                 "floor-par": lambda: floor_parallel(root, count, cores), "kontensi": lambda: cpu_contention(cores)}
        if not args.tanpa_dask:
            sides["pool-inproc"] = lambda: run_pool_inproc(root)
            sides["dask"] = lambda: run_dask_local_cluster(root)
        run_pool_cli(root)  # warm-up, not measured: OS file cache of every office, fonts, bytecode (the first run is ~25 % slower)
        times: dict[str, list] = {name: [] for name in sides}
        names = list(sides)
        for round_ in range(args.ulang):
            order = names if round_ % 2 == 0 else names[::-1]  # alternate which side goes first
            for name in order:
                value = sides[name]()
                times[name].append(value)
                shown = value if isinstance(value, float) else value[-1]
                print(f"  ronde {round_ + 1} {name:12s} {shown:7.2f} s", flush=True)
        pool = statistics.median(times["pool"])
        execute = statistics.median(v[0] for v in times["floor"])
        export = statistics.median(v[1] for v in times["floor"])
        per_report = statistics.median(v[2] for v in times["floor"])
        floor = args.opd * per_report / cores
        per_report_par = statistics.median(v[2] for v in times["floor-par"])
        floor_par = args.opd * per_report_par / cores
        alone = statistics.median(v[0] for v in times["kontensi"])
        together = statistics.median(v[1] for v in times["kontensi"])
        print(f"\n{args.opd} OPD, triwulan {TRIWULAN}, {cores} inti, median dari {args.ulang} ronde")
        print(f"  lantai per laporan (kernel hangat, browser hangat) : {per_report:6.2f} s  (eksekusi {execute:.2f} s + HTML/PDF/terbit {export:.2f} s)")
        print(f"  lantai = {args.opd} x {per_report:.2f} / {cores}              : {floor:6.1f} s")
        print(f"  lantai per laporan, {cores} salinan sekaligus          : {per_report_par:6.2f} s  ({per_report_par / per_report:.2f}x sendirian)")
        print(f"  lantai paralel = {args.opd} x {per_report_par:.2f} / {cores}      : {floor_par:6.1f} s")
        print(f"  loop Python murni: sendirian {alone:.2f} s CPU, {cores} sekaligus {together:.2f} s CPU ({together / alone:.2f}x)")
        print(f"  kinerja --semua-opd (CLI, seluruh proses)        : {pool:6.1f} s")
        print(f"  rasio pool / lantai                              : {pool / floor:6.2f}x   (target <= 1.2x)")
        print(f"  rasio pool / lantai paralel                      : {pool / floor_par:6.2f}x")
        if "dask" in times:
            inproc, dask = statistics.median(times["pool-inproc"]), statistics.median(times["dask"])
            print(f"  pool lokal (dalam proses, 2 kernel)              : {inproc:6.1f} s")
            print(f"  Dask LocalCluster (2 pekerja x 1 thread)         : {dask:6.1f} s")
            print(f"  rasio dask / pool lokal                          : {dask / inproc:6.2f}x   (target <= 1.3x)")


if __name__ == "__main__":
    main()
