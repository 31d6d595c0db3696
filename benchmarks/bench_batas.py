"""Hostile workbooks against `kinerja validasi` (and `--tandai`): time and peak memory until the finding.

The stealth workbooks of issue 23 are under every size limit (a few MB, a normal compression ratio)
but carry 650,000 rows, or one row of 300,000 cells, without any ``r=`` attribute, so only counting
the elements while streaming finds them. Each run is a fresh ``kinerja`` process; its peak memory is
that process's maximum resident set size (``wait4``). Prints one line per workbook and command:

    python benchmarks/bench_batas.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kinerja.paths import SAMPLE_CONFIG

ROOT = Path(__file__).resolve().parents[1]

KINERJA = str(Path(sys.executable).parent / "kinerja")


def run(args: list[str]) -> tuple[float, float, int, str]:
    """(seconds, peak MB of this one process, exit code, last line of its output)."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        child = subprocess.Popen([KINERJA, "--konfigurasi", str(SAMPLE_CONFIG), *args], stdout=out, stderr=out)
        _pid, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        output = out.read().decode("utf-8", "replace").strip().splitlines()
    return seconds, usage.ru_maxrss / 1024, child.returncode, output[-1][:90] if output else ""


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="kinerja-bench-batas-"))
    try:
        measure(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def measure(folder: Path) -> None:
    # built by another process: a child's peak memory on Linux includes what its parent held when it started
    subprocess.run([sys.executable, str(ROOT / "tests" / "_util_hostile.py"), str(folder / "korpus")], check=True,
                   capture_output=True)
    corpus = {p.stem: p for p in (folder / "korpus").glob("*.*")}
    print(f"{'berkas':<16} {'perintah':<16} {'MB':>5} {'detik':>6} {'puncak MB':>9} {'kode':>4}  hasil")
    for name in ("baris-siluman", "kolom-siluman", "banyak-baris", "bom-zip"):
        path = corpus[name]
        for label, extra in (("validasi", []), ("validasi --tandai", ["--tandai", str(folder / f"tanda-{name}")])):
            seconds, peak, code, last = run(["validasi", str(path), "--tahun", "2025", "--triwulan", "1", *extra])
            print(f"{name:<16} {label:<16} {path.stat().st_size / 2**20:>5.1f} {seconds:>6.2f} {peak:>9.0f} {code:>4}  {last}")
    print("(puncak MB: the process's maximum resident set size, as the kernel counts it; the issue's bar: "
          "10 s and 500 MB per hostile workbook)")


if __name__ == "__main__":
    main()
