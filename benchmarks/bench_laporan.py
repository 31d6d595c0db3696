"""Benchmark: the full sample year (4 quarterly + 1 annual report, HTML + PDF), three ways.

Side by side in one run, alternating the order of the sides every round, ``--ulang`` rounds,
median (issue 13):

- **kinerja**: ``kinerja laporan triwulan --semua`` (one process: warm kernels, two notebooks
  at a time, in-process nbconvert, PDFs through a reused Chromium; it also writes the .docx);
- **stok**: the stock tool chain per notebook: the ``papermill`` CLI, then ``jupyter nbconvert
  --to html`` (same template), then Chromium's own ``--headless --print-to-pdf``;
- **rakitan**: the best hand-built pipeline of the same tools (``handbuilt_pipeline.py``: papermill
  API two notebooks at a time, no per-cell saves, in-process nbconvert, one Playwright browser).

Every side runs as its own process in its own fresh copy of the sample workspace.
Targets: stok / kinerja >= 5, rakitan / kinerja >= 2.

Run: ``.venv/bin/python benchmarks/bench_laporan.py --ulang 3``
"""

from __future__ import annotations

import argparse
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


def run_kinerja(root: Path) -> float:
    start = time.perf_counter()
    subprocess.run([str(BIN / "kinerja"), "--ruang-kerja", str(root), "laporan", "triwulan", "--tahun", str(TAHUN), "--semua"],
                   check=True, capture_output=True)
    return time.perf_counter() - start


def run_stock(root: Path) -> float:
    browser = find_browser().executable_path
    assert browser
    out = root / "stok"
    out.mkdir()
    start = time.perf_counter()
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
    elapsed = time.perf_counter() - start
    assert len(list(out.glob("*.pdf"))) == 5
    return elapsed


def run_handbuilt(root: Path) -> float:
    browser = find_browser().executable_path
    assert browser
    start = time.perf_counter()
    subprocess.run([sys.executable, str(HERE / "handbuilt_pipeline.py"), str(root), str(NOTEBOOKS_DIR), str(TEMPLATES_DIR), browser],
                   check=True, capture_output=True)
    elapsed = time.perf_counter() - start
    assert len(list((root / "laporan").rglob("*.pdf"))) == 5
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ulang", type=int, default=3)
    args = parser.parse_args()
    sides = {"kinerja": run_kinerja, "stok": run_stock, "rakitan": run_handbuilt}
    times: dict[str, list[float]] = {name: [] for name in sides}
    with tempfile.TemporaryDirectory(prefix="bench-laporan-") as tmp:
        base = Path(tmp)
        subprocess.run([str(BIN / "kinerja"), "init", "--contoh", str(base / "contoh")], check=True, capture_output=True)
        run_kinerja(_fresh(base, "pemanasan", base / "contoh"))  # OS file cache and bytecode for every side
        names = list(sides)
        for round_ in range(args.ulang):
            order = names[round_ % len(names):] + names[: round_ % len(names)]  # rotate who goes first
            for name in order:
                value = sides[name](_fresh(base, name, base / "contoh"))
                times[name].append(value)
                print(f"  ronde {round_ + 1} {name:8s} {value:7.1f} s", flush=True)
    kinerja, stock, hand = (statistics.median(times[n]) for n in names)
    print(f"\nLaporan satu tahun sampel (4 triwulan + 1 tahunan, HTML + PDF), median dari {args.ulang} ronde")
    print(f"  kinerja laporan triwulan --semua         : {kinerja:6.1f} s")
    print(f"  stok: papermill + nbconvert + chromium   : {stock:6.1f} s   rasio {stock / kinerja:5.2f}x  (target >= 5x)")
    print(f"  rakitan terbaik (handbuilt_pipeline.py)  : {hand:6.1f} s   rasio {hand / kinerja:5.2f}x  (target >= 2x)")


if __name__ == "__main__":
    main()
