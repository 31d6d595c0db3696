"""Benchmark: the full sample year (4 quarterly + 1 annual report, HTML + PDF), five ways.

Side by side in one run, rotating the order of the sides every round, ``--ulang`` rounds,
median of wall time and CPU seconds (the process and every child it waited for: kernels,
Chromium), the machine's load average printed at the start of each round (issues 13, 26):

- **kinerja**: ``kinerja laporan triwulan --semua`` (one process: warm kernels, two notebooks
  at a time, in-process nbconvert, PDFs through a reused Chromium; it also writes the .docx);
- **stok**: the stock tool chain per notebook: the ``papermill`` CLI, then ``jupyter nbconvert
  --to html`` (same template), then Chromium's own ``--headless --print-to-pdf``;
- **rakitan**: a hand-built pipeline of the same tools (``handbuilt_pipeline.py``: papermill
  API two notebooks at a time, no per-cell saves, in-process nbconvert, one Playwright browser,
  the annual notebook after the quarters' PDFs, a new page per PDF);
- **cermat**: the careful hand-built pipeline (``handbuilt_careful.py``): the same, with the annual
  notebook first in the same two-notebook pool, each PDF printed as its notebook finishes, one
  reused page;
- **lantai** (floor): one warm kernel and one warm browser in one process, the five reports one
  after the other (after one untimed warm-up report), timing only executing each notebook and
  its HTML/.docx/PDF/publishing; ``floor = sum / cores`` is what perfect parallelism without any
  start-up would give. Its CPU is that of the timed steps (process, kernel and browser processes).

Every side runs as its own process in its own fresh copy of the sample workspace.
Targets: stok / kinerja >= 5, cermat / kinerja >= 2.

Run: ``.venv/bin/python benchmarks/bench_laporan.py --ulang 3``
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kinerja.laporan.render.browser import find_browser
from kinerja.paths import NOTEBOOKS_DIR, TEMPLATES_DIR

BIN = Path(sys.executable).parent
HERE = Path(__file__).resolve().parent
TAHUN = 2025


def _fresh(base: Path, name: str, template: Path) -> Path:
    """A fresh copy of the sample workspace (``kinerja init --contoh``: kinerja.toml, data, keys)."""
    root = base / name
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(template, root)
    return root


def _children_cpu() -> float:
    """CPU seconds (user + system) of every child process waited for so far, and theirs."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class _Clock:
    """Wall time and children's CPU seconds between start and stop."""

    def __enter__(self) -> _Clock:
        self.cpu0, self.wall0 = _children_cpu(), time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall, self.cpu = time.perf_counter() - self.wall0, _children_cpu() - self.cpu0


def run_kinerja(root: Path) -> tuple[float, float]:
    with _Clock() as clock:
        subprocess.run([str(BIN / "kinerja"), "--ruang-kerja", str(root), "laporan", "triwulan", "--tahun", str(TAHUN), "--semua"],
                       check=True, capture_output=True)
    return clock.wall, clock.cpu


def run_stock(root: Path) -> tuple[float, float]:
    browser = find_browser().executable_path
    assert browser
    out = root / "stok"
    out.mkdir()
    with _Clock() as clock:
        for triwulan in (1, 2, 3, 4, None):
            name = "tahunan" if triwulan is None else f"triwulan-{triwulan}"
            notebook = NOTEBOOKS_DIR / ("tahunan.ipynb" if triwulan is None else "triwulan.ipynb")
            executed = out / f"{name}.ipynb"
            params = ["-p", "tahun", str(TAHUN), "-p", "ruang_kerja", str(root)]
            if triwulan is not None:
                params += ["-p", "triwulan", str(triwulan)]
            subprocess.run([str(BIN / "papermill"), str(notebook), str(executed), *params, "--cwd", str(NOTEBOOKS_DIR)],
                           check=True, capture_output=True)
            subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--template", "kinerja",
                            f"--TemplateExporter.extra_template_basedirs={TEMPLATES_DIR}", "--HTMLExporter.exclude_input=True",
                            str(executed)], check=True, capture_output=True)
            html = executed.with_suffix(".html")
            subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                            f"--print-to-pdf={executed.with_suffix('.pdf')}", html.as_uri()], check=True, capture_output=True)
    assert len(list(out.glob("*.pdf"))) == 5
    return clock.wall, clock.cpu


def _run_script(script: str, root: Path) -> tuple[float, float]:
    browser = find_browser().executable_path
    assert browser
    with _Clock() as clock:
        subprocess.run([sys.executable, str(HERE / script), str(root), str(NOTEBOOKS_DIR), str(TEMPLATES_DIR), browser],
                       check=True, capture_output=True)
    assert len(list((root / "rakitan").rglob("*.pdf"))) == 5
    return clock.wall, clock.cpu


def run_handbuilt(root: Path) -> tuple[float, float]:
    return _run_script("handbuilt_pipeline.py", root)


def run_careful(root: Path) -> tuple[float, float]:
    return _run_script("handbuilt_careful.py", root)


def run_floor(root: Path) -> tuple[float, float]:
    """The floor in its own process (``--lantai-saja``): (sum of the five reports' timed steps, their CPU)."""
    done = subprocess.run([sys.executable, __file__, "--lantai-saja", str(root)], check=True, capture_output=True, text=True)
    wall, cpu = json.loads(done.stdout.strip().splitlines()[-1])
    return wall, cpu


def floor_year(root: Path) -> tuple[float, float]:
    """One warm kernel, one warm browser: the five reports one after the other (TW I once before, untimed);
    the sum of the timed steps (execute + HTML/.docx/PDF/publish) and the CPU of this process tree meanwhile."""
    import psutil

    from kinerja.config import load_workspace_config
    from kinerja.laporan.jalan import runner
    from kinerja.laporan.jalan.kernel import KernelPool
    from kinerja.laporan.render.browser import PdfPrinter
    from kinerja.paths import Workspace

    def tree_cpu() -> float:
        me = psutil.Process()
        total = 0.0
        for proc in [me, *me.children(recursive=True)]:
            try:
                times = proc.cpu_times()
            except psutil.Error:
                continue
            total += times.user + times.system
        return total

    workspace, config = Workspace(root), load_workspace_config(root)
    kernels = KernelPool(runner.KERNEL_NAME, NOTEBOOKS_DIR)
    wall = cpu = 0.0
    try:
        # the browser before the first kernel, in this thread (see bench_pemda.floor_per_report)
        with PdfPrinter(find_browser()) as printer:
            for index, triwulan in enumerate((1, None, 1, 2, 3, 4)):
                kernels.acquire()  # warm: the first call starts the kernel, not timed
                with runner._staging(workspace.report_dir(TAHUN, triwulan)) as staging:
                    c0, t0 = tree_cpu(), time.perf_counter()
                    notebook = runner._execute_run(workspace, config, TAHUN, triwulan, staging, kernels)
                    runner._export_run(workspace, config, TAHUN, triwulan, staging, notebook, pdf=True, printer=printer)
                    t1, c1 = time.perf_counter(), tree_cpu()
                if index:  # the first report warms kernel, browser and exporter
                    wall += t1 - t0
                    cpu += c1 - c0
    finally:
        kernels.close()
    return wall, cpu


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"beban {one:.2f} {five:.2f} {fifteen:.2f}"


LABELS = {
    "kinerja": "kinerja laporan triwulan --semua",
    "stok": "stok: papermill + nbconvert + chromium",
    "rakitan": "rakitan (handbuilt_pipeline.py)",
    "cermat": "rakitan cermat (handbuilt_careful.py)",
    "lantai": "lantai: jumlah 5 laporan hangat / inti",
}
TARGETS = {"stok": ">= 5x", "cermat": ">= 2x"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ulang", type=int, default=3)
    parser.add_argument("--sisi", default=",".join(LABELS), help="sides to run, comma-separated (default: all)")
    parser.add_argument("--lantai-saja", type=Path, help=argparse.SUPPRESS)  # the floor's own process: prints its figures
    args = parser.parse_args()
    if args.lantai_saja:
        print(json.dumps(floor_year(args.lantai_saja)))
        return
    every = {"kinerja": run_kinerja, "stok": run_stock, "rakitan": run_handbuilt, "cermat": run_careful, "lantai": run_floor}
    names = [n for n in args.sisi.split(",") if n]
    unknown = [n for n in names if n not in every]
    if unknown or "kinerja" not in names:
        parser.error(f"--sisi: pilih dari {', '.join(every)} (kinerja wajib); tidak dikenal: {', '.join(unknown) or '-'}")
    cores = os.cpu_count() or 1
    walls: dict[str, list[float]] = {name: [] for name in names}
    cpus: dict[str, list[float]] = {name: [] for name in names}
    loads: list[str] = []
    with tempfile.TemporaryDirectory(prefix="bench-laporan-") as tmp:
        base = Path(tmp)
        subprocess.run([str(BIN / "kinerja"), "init", "--contoh", str(base / "contoh")], check=True, capture_output=True)
        run_kinerja(_fresh(base, "pemanasan", base / "contoh"))  # OS file cache and bytecode for every side
        for round_ in range(args.ulang):
            order = names[round_ % len(names):] + names[: round_ % len(names)]  # rotate who goes first
            loads.append(_load())
            print(f"ronde {round_ + 1} ({loads[-1]}; urutan {', '.join(order)})", flush=True)
            for name in order:
                wall, cpu = every[name](_fresh(base, name, base / "contoh"))
                if name == "lantai":
                    wall /= cores
                walls[name].append(wall)
                cpus[name].append(cpu)
                print(f"  {name:8s} {wall:7.2f} s  CPU {cpu:6.2f} s", flush=True)
    med = {n: (statistics.median(walls[n]), statistics.median(cpus[n])) for n in names}
    kinerja = med["kinerja"][0]
    print(f"\nLaporan satu tahun sampel (4 triwulan + 1 tahunan, HTML + PDF; kinerja juga .docx), {cores} inti, "
          f"median dari {args.ulang} ronde bergiliran")
    print(f"  {'sisi':42s} {'dinding':>9s} {'CPU':>9s} {'rasio':>8s}  per ronde (dinding)")
    for name in names:
        wall, cpu = med[name]
        ratio = "" if name == "kinerja" else f"{wall / kinerja:6.2f}x"
        target = f"  (target {TARGETS[name]})" if name in TARGETS else ""
        rounds = ", ".join(f"{w:.1f}" for w in walls[name])
        print(f"  {LABELS[name]:42s} {wall:7.2f} s {cpu:7.2f} s {ratio:>8s}  {rounds}{target}")
    print("  beban mesin per ronde (uptime: 1, 5, 15 menit): " + "; ".join(f"ronde {i + 1} {load}" for i, load in enumerate(loads)))
    if "lantai" in names:
        print(f"  kinerja / lantai: {kinerja / med['lantai'][0]:.2f}x (lantai = jumlah langkah 5 laporan pada kernel dan browser "
              f"hangat / {cores} inti, tanpa start-up)")


if __name__ == "__main__":
    main()
