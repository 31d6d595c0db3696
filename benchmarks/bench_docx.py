"""Benchmark: the .docx writer (``kinerja.laporan.render.ke_docx.render_docx``) on executed reports.

Reads every executed report notebook of a workspace (``laporan/<tahun>/*/versi-*/laporan-*.ipynb``;
make one with ``kinerja init --contoh DIR`` then ``kinerja --ruang-kerja DIR demo``), rebuilds its
Naskah once (``naskah_from_notebook``) and prints, per report, the best of ``--ulang`` runs of
``render_docx`` (wall clock, and CPU time of this process: steadier on a shared machine), the
table count and the .docx size. ``--simpan DIR`` also writes each rendered
.docx there (to compare two versions of the writer); ``--profil`` prints a cProfile of one
render of the largest report, sorted by cumulative time.

Run: ``.venv/bin/python benchmarks/bench_docx.py --ruang-kerja /tmp/ws [--ulang 5] [--simpan DIR]``
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import nbformat

from kinerja.laporan.model.dokumen import Naskah, Tabel
from kinerja.laporan.render.ke_docx import naskah_from_notebook, render_docx


def notebooks(root: Path, tahun: int) -> list[Path]:
    """The newest version's notebook of every report of ``tahun`` (quarters first, then annual)."""
    found: list[Path] = []
    for report in sorted((root / "laporan" / str(tahun)).iterdir()):
        versions = sorted(report.glob("versi-*"), key=lambda p: int(p.name.split("-")[-1]))
        for version in reversed(versions):
            books = sorted(version.glob("laporan-*.ipynb"))
            if books:
                found.append(books[0])
                break
    return found


def best_of(naskah: Naskah, rounds: int) -> tuple[float, float, bytes]:
    """Best wall-clock and best CPU seconds (this process) of ``rounds`` renders, and the .docx."""
    best, best_cpu, data = float("inf"), float("inf"), b""
    for _ in range(rounds):
        start, start_cpu = time.perf_counter(), time.process_time()
        data = render_docx(naskah)
        best_cpu = min(best_cpu, time.process_time() - start_cpu)
        best = min(best, time.perf_counter() - start)
    return best, best_cpu, data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ruang-kerja", type=Path, required=True)
    parser.add_argument("--tahun", type=int, default=2025)
    parser.add_argument("--ulang", type=int, default=5)
    parser.add_argument("--simpan", type=Path)
    parser.add_argument("--profil", action="store_true")
    args = parser.parse_args()
    books = notebooks(args.ruang_kerja, args.tahun)
    if not books:
        raise SystemExit(f"Tidak ada notebook laporan di {args.ruang_kerja / 'laporan' / str(args.tahun)}; jalankan `kinerja demo` dahulu.")
    print(f"{'laporan':<34} {'tabel':>5} {'baris':>6} {'KB':>6} {'detik':>7} {'CPU':>7}")
    total = total_cpu = 0.0
    largest: Naskah | None = None
    for book in books:
        naskah = naskah_from_notebook(nbformat.read(book, as_version=4))
        tables = [b for b in naskah.blok() if isinstance(b, Tabel)]
        rows = sum(len(t.baris) + 1 for t in tables)
        seconds, cpu, data = best_of(naskah, args.ulang)
        total, total_cpu = total + seconds, total_cpu + cpu
        print(f"{book.stem:<34} {len(tables):>5} {rows:>6} {len(data) // 1024:>6} {seconds:>7.3f} {cpu:>7.3f}")
        if args.simpan:
            args.simpan.mkdir(parents=True, exist_ok=True)
            (args.simpan / f"{book.stem}.docx").write_bytes(data)
        if largest is None or len(naskah.blok()) > len(largest.blok()):
            largest = naskah
    print(f"{'jumlah':<34} {'':>5} {'':>6} {'':>6} {total:>7.3f} {total_cpu:>7.3f}")
    if args.profil and largest is not None:
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.runcall(render_docx, largest)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(30)


if __name__ == "__main__":
    main()
