"""Benchmark: how fast the everyday commands start and answer (issue 13: under 0.5 s).

Each command runs as its own process in a fresh copy of the sample workspace (``kinerja init
--contoh``), ``--ulang`` rounds, the commands alternating within every round; prints the median
wall time and CPU time (user + system of the child) per command, beside two floors measured
the same way: the bare interpreter and the interpreter importing pandas (which
``kinerja validasi`` needs to read the workbooks).

Run: ``.venv/bin/python benchmarks/bench_mulai.py --ulang 7``
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child) of one run; the command must succeed (exit 0 or 1)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, env={**os.environ, "COLUMNS": "120"})
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} gagal ({done.returncode}):\n{done.stderr.decode()[-2000:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ulang", type=int, default=7)
    args = parser.parse_args()
    kinerja = str(BIN / "kinerja")
    with tempfile.TemporaryDirectory(prefix="bench-mulai-") as tmp:
        root = Path(tmp) / "kantor"
        subprocess.run([kinerja, "init", "--contoh", str(root)], check=True, capture_output=True)
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "python -c 'import pandas'": [sys.executable, "-c", "import pandas"],
            "kinerja --help": [kinerja, "--help"],
            "kinerja status": [kinerja, "status"],
            "kinerja validasi (TW III)": [kinerja, "validasi", "data/raw/2025/triwulan-3", "--tahun", "2025", "--triwulan", "3"],
        }
        for command in commands.values():  # OS file cache and bytecode
            timed(command, root)
        walls: dict[str, list[float]] = {name: [] for name in commands}
        cpus: dict[str, list[float]] = {name: [] for name in commands}
        names = list(commands)
        for round_ in range(args.ulang):
            order = names[round_ % len(names):] + names[: round_ % len(names)]
            for name in order:
                wall, cpu = timed(commands[name], root)
                walls[name].append(wall)
                cpus[name].append(cpu)
    print(f"Waktu mulai dan menjawab, median dari {args.ulang} ronde (detik)")
    print(f"  {'perintah':32s} {'dinding':>8s} {'CPU':>8s}")
    for name in names:
        print(f"  {name:32s} {statistics.median(walls[name]):8.3f} {statistics.median(cpus[name]):8.3f}")


if __name__ == "__main__":
    main()
