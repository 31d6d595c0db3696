"""Benchmark: reading + validation + capaian of many Rencana Aksi workbooks vs a bare read.

Generates N filled workbooks of R indicator rows (default 200 x 100) once into a temporary
folder, then times, best of ``--ulang`` runs:

  (a) bare read with ``pd.read_excel(engine="calamine", sheet_name=None)`` of every file,
  (b) bare read with python-calamine itself (every sheet to Python lists),
  (c) ``kinerja.lembar.validate.validate_workbooks`` (reading + every check),
  (d) ``kinerja.capaian.tabel.capaian_table`` on the validated data,

and, for information, python-calamine reading only the ``Rencana Aksi`` sheet (what the
reader needs; (a) and (b) read every sheet of the files).

The issue-26 ratio, (c+d) against (b) with the reader's threads, is measured alternating in one run
(the order rotated each round), wall and CPU seconds and the load average per round.

Prints rows per second for each, the ratios (c+d)/(a) and (c+d)/(b), and the overhead in
percent over the faster bare read. Target (issue 2): validation and capaian add at most 50 %
to the bare read time at 200 workbooks x 100 rows. This is a script, not a test: it prints
figures and never asserts on time.

    python benchmarks/bench_lembar_kerja.py --berkas 200 --baris 100
    python benchmarks/bench_lembar_kerja.py --profil   # also cProfile (c)+(d), top functions
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

TAHUN = 2025
TRIWULAN = 4
TARGET_OVERHEAD = 50.0


def generate(folder: Path, count: int, rows: int) -> list[Path]:
    """N realistic workbooks: the sample indicators via kinerja.lembar.sample (engineer C's helper)."""
    from kinerja.lembar.sample import write_synthetic_workbooks

    return write_synthetic_workbooks(folder, count, rows, TAHUN)


def best_of(repeat: int, function: Callable[[], object]) -> tuple[float, object]:
    """Fastest wall time of ``repeat`` runs, and the last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def alternating(rounds: int, sides: dict[str, Callable[[], object]]) -> dict[str, list[tuple[float, float, float]]]:
    """Every side once per round, the order rotated each round (a load that comes and goes falls on
    every side alike): ``side -> [(wall s, CPU s of the process, 1-min load), ...]``."""
    names = list(sides)
    found: dict[str, list[tuple[float, float, float]]] = {name: [] for name in names}
    for r in range(rounds):
        for name in names[r % len(names):] + names[:r % len(names)]:
            wall, cpu = time.perf_counter(), time.process_time()
            sides[name]()
            found[name].append((time.perf_counter() - wall, time.process_time() - cpu, os.getloadavg()[0]))
    return found


def bare_pandas(paths: list[Path]) -> int:
    import pandas as pd

    cells = 0
    for path in paths:
        for sheet in pd.read_excel(path, engine="calamine", sheet_name=None, header=None).values():
            cells += sheet.size
    return cells


def bare_calamine(paths: list[Path]) -> int:
    from python_calamine import CalamineWorkbook

    cells = 0
    for path in paths:
        workbook = CalamineWorkbook.from_path(str(path))
        for name in workbook.sheet_names:
            cells += sum(len(row) for row in workbook.get_sheet_by_name(name).to_python())
    return cells


def bare_calamine_threads(paths: list[Path], threads: int) -> int:
    """(b) with ``threads`` worker threads, as many as the reader parses ahead with (python-calamine
    parses without the GIL): the bare read with the same threads."""
    from concurrent.futures import ThreadPoolExecutor

    def one(path: Path) -> int:
        from python_calamine import CalamineWorkbook

        workbook = CalamineWorkbook.from_path(str(path))
        return sum(sum(len(row) for row in workbook.get_sheet_by_name(name).to_python()) for name in workbook.sheet_names)

    with ThreadPoolExecutor(max_workers=threads) as pool:
        return sum(pool.map(one, paths))


def bare_calamine_data_sheet(paths: list[Path]) -> int:
    """Only the ``Rencana Aksi`` sheet: what the reader itself needs (for information)."""
    from python_calamine import CalamineWorkbook

    from kinerja.lembar.schema import DATA_SHEET

    cells = 0
    for path in paths:
        workbook = CalamineWorkbook.from_path(str(path))
        cells += sum(len(row) for row in workbook.get_sheet_by_name(DATA_SHEET).to_python())
    return cells


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--berkas", type=int, default=200, help="number of workbooks (default 200)")
    parser.add_argument("--baris", type=int, default=100, help="indicator rows per workbook (default 100)")
    parser.add_argument("--ulang", type=int, default=3, help="runs per measurement; the best counts (default 3)")
    parser.add_argument("--folder", type=Path, help="keep the generated workbooks here (reused when present)")
    parser.add_argument("--profil", action="store_true", help="cProfile validation + capaian and print the top functions")
    args = parser.parse_args(argv)

    from kinerja.capaian.tabel import capaian_table
    from kinerja.config import load_config
    from kinerja.lembar.findings import Tingkat
    from kinerja.lembar.load import PARALLEL_LOADS
    from kinerja.lembar.validate import validate_workbooks

    config = load_config()
    scratch = None
    folder = args.folder
    if folder is None:
        scratch = Path(tempfile.mkdtemp(prefix="kinerja-bench-"))
        folder = scratch
    try:
        paths = sorted(folder.glob("*.xlsx"))
        if len(paths) != args.berkas:
            start = time.perf_counter()
            for old in paths:
                old.unlink()
            paths = generate(folder, args.berkas, args.baris)
            print(f"Menulis {len(paths)} lembar kerja x {args.baris} baris: {time.perf_counter() - start:.1f} s ({folder})")
        rows = args.berkas * args.baris
        size = sum(p.stat().st_size for p in paths) / 1e6
        print(f"{len(paths)} berkas, {rows} baris indikator, {size:.1f} MB; terbaik dari {args.ulang} kali\n")

        time_a, _ = best_of(args.ulang, lambda: bare_pandas(paths))
        time_b, _ = best_of(args.ulang, lambda: bare_calamine(paths))
        time_b2, _ = best_of(args.ulang, lambda: bare_calamine_data_sheet(paths))
        results: dict[str, object] = {}

        def kinerja_side() -> None:
            results["dataset"] = dataset = validate_workbooks(paths, config, tahun=TAHUN, triwulan=TRIWULAN)
            results["table"] = capaian_table(dataset.data, config, TRIWULAN)

        # the two sides of the issue-26 ratio, alternating in one run: (c+d) and (b) with the same threads
        rounds = alternating(args.ulang, {"bare": lambda: bare_calamine_threads(paths, PARALLEL_LOADS),
                                          "kinerja": kinerja_side})
        time_bt = min(wall for wall, _, _ in rounds["bare"])
        dataset, table = results["dataset"], results["table"]
        time_c, _ = best_of(args.ulang, lambda: validate_workbooks(paths, config, tahun=TAHUN, triwulan=TRIWULAN))
        time_d, _ = best_of(args.ulang, lambda: capaian_table(dataset.data, config, TRIWULAN))

        galat = sum(1 for t in dataset.temuan if t.tingkat is Tingkat.GALAT)
        print(f"{'langkah':<44} {'detik':>8} {'baris/detik':>12}")
        for label, seconds in (
            ("(a) pd.read_excel(engine='calamine')", time_a),
            ("(b) python_calamine langsung", time_b),
            (f"(b{PARALLEL_LOADS}) python_calamine, {PARALLEL_LOADS} thread", time_bt),
            ("    (info) python_calamine, Rencana Aksi saja", time_b2),
            ("(c) validate_workbooks (baca + periksa)", time_c),
            ("(d) capaian_table", time_d),
            ("(c+d) kinerja seluruhnya", time_c + time_d),
        ):
            print(f"{label:<44} {seconds:>8.3f} {rows / seconds:>12,.0f}")
        total = time_c + time_d
        fastest = min(time_a, time_b)
        overhead = (total / fastest - 1) * 100
        print()
        print(f"Bergantian, {args.ulang} putaran (detik dinding / detik CPU proses / beban 1 menit):")
        for name, label in (("bare", f"(b{PARALLEL_LOADS}) python_calamine {PARALLEL_LOADS} thread"), ("kinerja", "(c+d) kinerja")):
            shown = "  ".join(f"{wall:.3f}/{cpu:.3f}/{load:.1f}" for wall, cpu, load in rounds[name])
            print(f"  {label:<34} {shown}")
        walls = {name: [wall for wall, _, _ in found] for name, found in rounds.items()}
        cpus = {name: [cpu for _, cpu, _ in found] for name, found in rounds.items()}
        ratio_best = min(walls["kinerja"]) / min(walls["bare"])
        ratio_median = statistics.median(walls["kinerja"]) / statistics.median(walls["bare"])
        ratio_cpu = statistics.median(cpus["kinerja"]) / statistics.median(cpus["bare"])
        print(f"(c+d)/(b{PARALLEL_LOADS}) = {ratio_best:.2f} terbaik, {ratio_median:.2f} median, CPU {ratio_cpu:.2f} median"
              f" (sasaran issue 26: <= 1.5, thread yang sama: {PARALLEL_LOADS})")
        print()
        print(f"(c+d)/(a) = {total / time_a:.2f}   tambahan atas pandas+calamine: {(total / time_a - 1) * 100:+.0f} %")
        print(f"(c+d)/(b) = {total / time_b:.2f}   tambahan atas python-calamine: {(total / time_b - 1) * 100:+.0f} %")
        print(f"(info) (c+d) / baca lembar Rencana Aksi saja = {total / time_b2:.2f}")
        verdict = "TERCAPAI" if overhead <= TARGET_OVERHEAD else "BELUM TERCAPAI"
        print(f"Sasaran: tambahan <= {TARGET_OVERHEAD:.0f} % atas pembacaan tercepat -> {overhead:+.0f} %: {verdict}")
        print(f"Periksa: {len(dataset.data)} baris data, {len(table)} baris capaian, {len(dataset.temuan)} temuan ({galat} galat)")

        if args.profil:
            profiler = cProfile.Profile()
            profiler.enable()
            data = validate_workbooks(paths, config, tahun=TAHUN, triwulan=TRIWULAN).data
            capaian_table(data, config, TRIWULAN)
            profiler.disable()
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(25)
            print(out.getvalue())
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
