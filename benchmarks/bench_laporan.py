"""Benchmark: the full sample year (4 quarterly + 1 annual report, HTML + PDF).

kinerja (``kinerja laporan triwulan --semua``: papermill's Python API in one process,
in-process nbconvert, one reused Chromium for all PDFs) against the stock tool chain run
per notebook: the ``papermill`` CLI, then ``jupyter nbconvert --to html`` (same template),
then Chromium's own ``--headless --print-to-pdf``. Prints both wall times and the ratio.

Run: ``.venv/bin/python benchmarks/bench_laporan.py``
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kinerja.laporan.browser import find_browser
from kinerja.lembar.sample import write_sample_year
from kinerja.paths import NOTEBOOKS_DIR, TEMPLATES_DIR

BIN = Path(sys.executable).parent
TAHUN = 2025


def _workspace(root: Path) -> Path:
    write_sample_year(root / "data" / "raw", TAHUN)
    return root


def run_kinerja(root: Path) -> float:
    start = time.perf_counter()
    subprocess.run([str(BIN / "kinerja"), "--ruang-kerja", str(root), "laporan", "triwulan", "--tahun", str(TAHUN), "--semua"],
                   check=True, capture_output=True)
    return time.perf_counter() - start


def run_stock(root: Path) -> float:
    browser = find_browser().executable_path
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
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-laporan-") as tmp:
        kinerja_root = _workspace(Path(tmp) / "kinerja")
        stock_root = _workspace(Path(tmp) / "stok")
        run_kinerja(kinerja_root)  # warm the OS file cache and Python bytecode for both
        kinerja_time = run_kinerja(kinerja_root)
        stock_time = run_stock(stock_root)
        pdfs = sorted(p.name for p in (stock_root / "stok").glob("*.pdf"))
        assert len(pdfs) == 5, pdfs
        print("Laporan satu tahun sampel (4 triwulan + 1 tahunan, HTML + PDF)")
        print(f"  kinerja laporan triwulan --semua : {kinerja_time:6.1f} s")
        print(f"  papermill + nbconvert + chromium : {stock_time:6.1f} s")
        print(f"  rasio (stok / kinerja)           : {stock_time / kinerja_time:6.2f}x")


if __name__ == "__main__":
    main()
