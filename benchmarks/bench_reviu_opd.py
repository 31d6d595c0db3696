"""Benchmark: ``kinerja reviu --semua-opd`` — every OPD's documented LKjIP checked, on ``--opd`` offices (default 40).

The offices are copies of one documented year (default ``ruang-kerja-demo/``, the sample office's whole SOP
year made by ``make demo`` / ``kinerja demo``): its config, its signed history and its documented annual
archive (files hard-linked, not copied), listed in a generated ``pemda.toml``. Nothing is faked: each OPD's
results are read through the one rule for official annual results (the archive version its documenting event
recorded) and every row is checked.

Printed side by side, best of ``--ulang`` runs: the reviu in this process (one OPD after the other), in worker
processes (``pemda.pool.default_workers``), and the whole CLI (``kinerja reviu --semua-opd``, interpreter start
and writing the recap included), as seconds, rows checked per second and OPD per second, with the machine's
load average before each run. Never asserts on time.

Run: ``.venv/bin/python benchmarks/bench_reviu_opd.py [--opd 40] [--ulang 3] [--sumber ruang-kerja-demo]``
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def build(source: Path, folder: Path, count: int, tahun: int) -> Path:
    """A Pemda of ``count`` OPD, each the documented year of ``source``."""
    from kinerja.paths import PEMDA_CONFIG_NAME
    from kinerja.pemda.sample import pemda_config_text

    rows = []
    for number in range(1, count + 1):
        kode = f"OPD-{number:02d}"
        sub = f"opd/opd-{number:02d}"
        target = folder / sub
        (target / "data" / "archive" / str(tahun)).mkdir(parents=True)
        for name in ("kinerja.toml", "kinerja.db", "kinerja.rantai"):
            shutil.copy2(source / name, target / name)
        shutil.copytree(source / "data" / "archive" / str(tahun) / "tahunan",
                        target / "data" / "archive" / str(tahun) / "tahunan", copy_function=os.link)
        rows.append((kode, f"Perangkat Daerah {number}", sub))
    (folder / PEMDA_CONFIG_NAME).write_text(pemda_config_text(rows), encoding="utf-8")
    return folder


def best(runs: int, job) -> tuple[float, object, float]:
    """(best seconds, the last result, the 1-minute load average before the best run)."""
    times = []
    result = None
    for _ in range(runs):
        load = os.getloadavg()[0]
        start = time.perf_counter()
        result = job()
        times.append((time.perf_counter() - start, load))
    elapsed, load = min(times)
    return elapsed, result, load


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--opd", type=int, default=40)
    parser.add_argument("--ulang", type=int, default=3)
    parser.add_argument("--tahun", type=int, default=2025)
    parser.add_argument("--sumber", type=Path, default=ROOT / "ruang-kerja-demo")
    args = parser.parse_args()
    source = args.sumber
    if not (source / "data" / "archive" / str(args.tahun) / "tahunan").is_dir():
        raise SystemExit(f"{source} has no documented annual report {args.tahun}: run `make demo` (or `kinerja demo`) first.")

    from kinerja.pemda.pool import default_workers
    from kinerja.pemda.workspace import load_pemda
    from kinerja.reviu.opd import reviu_semua_opd
    from kinerja.reviu.periksa import Aturan

    with tempfile.TemporaryDirectory(prefix="bench-reviu-opd-") as tmp:
        folder = build(source, Path(tmp) / "pemda", args.opd, args.tahun)
        pemda = load_pemda(folder)
        aturan = Aturan(skala={}, pita=())
        workers = default_workers()
        results = []
        for label, job in (
            ("dalam proses (1 OPD demi 1)", lambda: reviu_semua_opd(pemda.opd, args.tahun, aturan, pekerja=1)),
            (f"proses pemeriksa ({workers})", lambda: reviu_semua_opd(pemda.opd, args.tahun, aturan, pekerja=workers)),
        ):
            elapsed, hasil, load = best(args.ulang, job)
            rows = sum(len(h.baris) for h in hasil)  # type: ignore[union-attr]
            missing = [h.kode for h in hasil if h.alasan]  # type: ignore[union-attr]
            if missing:
                raise SystemExit(f"OPD without a documented report: {missing}")
            results.append((label, elapsed, rows, load))

        def cli() -> int:
            done = subprocess.run([str(BIN / "kinerja"), "--ruang-kerja", str(folder), "reviu", "--semua-opd", "--tahun",
                                   str(args.tahun), "--format", "json"], capture_output=True, text=True)
            if done.returncode not in (0, 1):
                raise SystemExit(f"kinerja reviu --semua-opd failed:\n{done.stderr}")
            return done.returncode

        elapsed, _code, load = best(args.ulang, cli)
        results.append(("CLI utuh (kinerja reviu --semua-opd)", elapsed, results[0][2], load))

    print(f"kinerja reviu --semua-opd: {args.opd} OPD, {results[0][2]} baris capaian, {os.cpu_count()} inti, "
          f"terbaik dari {args.ulang}")
    print(f"{'jalan':40} {'detik':>8} {'baris/detik':>12} {'OPD/detik':>10} {'beban 1 mnt':>12}")
    for label, elapsed, rows, load in results:
        print(f"{label:40} {elapsed:8.2f} {rows / elapsed:12.0f} {args.opd / elapsed:10.1f} {load:12.2f}")


if __name__ == "__main__":
    main()
