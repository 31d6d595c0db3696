"""Benchmark: each report chart, the chart module of an earlier commit against today's (issue 26).

Makes the sample year (``kinerja init --contoh`` + ``kinerja demo``, or ``--ruang-kerja`` of one
already made), then for each chart of a TW I report and of the annual report: build + PNG, CPU
milliseconds, the two modules alternating in one process, median of ``--ulang``; and whether
the two PNGs have the same pixels. The load average is printed before and after.

    .venv/bin/python benchmarks/bench_grafik.py                       # against b6935d2^ (before issue 26)
    .venv/bin/python benchmarks/bench_grafik.py --sebelum REV --ulang 7 --ruang-kerja /tmp/ws
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sebelum", default="b6935d2^", help="git revision of the earlier chart module")
    parser.add_argument("--ulang", type=int, default=5)
    parser.add_argument("--ruang-kerja", type=Path, help="a sample workspace after `kinerja demo` (else made here)")
    args = parser.parse_args()
    import numpy as np
    from PIL import Image

    from kinerja.capaian.proyeksi import proyeksi_table
    from kinerja.domain.predikat import batas_aman
    from kinerja.laporan.model import data as rd
    from kinerja.laporan.render import grafik as new

    with tempfile.TemporaryDirectory(prefix="bench-grafik-") as tmp:
        old_file = Path(tmp) / "grafik_sebelum.py"
        old_file.write_text(subprocess.run(["git", "-C", str(REPO), "show", f"{args.sebelum}:kinerja/laporan/render/grafik.py"],
                                           check=True, capture_output=True, text=True).stdout, encoding="utf-8")
        spec = importlib.util.spec_from_file_location("grafik_sebelum", old_file)
        assert spec and spec.loader
        old = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(old)
        ws = args.ruang_kerja
        if ws is None:
            ws = Path(tmp) / "ws"
            subprocess.run([str(BIN / "kinerja"), "init", "--contoh", str(ws)], check=True, capture_output=True)
            subprocess.run([str(BIN / "kinerja"), "--ruang-kerja", str(ws), "demo"], check=True, capture_output=True)
        lap = rd.siapkan_triwulan(2025, 1, ruang_kerja=str(ws), keluaran=str(Path(tmp) / "tw1"))
        tah = rd.siapkan_tahunan(2025, ruang_kerja=str(ws), keluaran=str(Path(tmp) / "tahunan"))
        table = lap.tabel.copy()
        table.attrs["triwulan"] = 1
        frame = proyeksi_table(table, lap.config)
        aman = batas_aman(lap.config.predikat)

        def charts(g):
            return {
                "TW I capaian": lambda: g.grafik_capaian(lap.tabel, lap.config.predikat),
                "TW I capaian-serapan": lambda: g.grafik_capaian_serapan(lap.tabel),
                "TW I kemajuan": lambda: g.grafik_kemajuan(lap.kemajuan),
                "TW I proyeksi": lambda: g.grafik_proyeksi(frame, aman=aman),
                "tahunan capaian": lambda: g.grafik_capaian(tah.tabel, tah.config.predikat, judul="Capaian tahunan per indikator"),
                "tahunan tren": lambda: g.grafik_tren_tahunan(tah.tren),
                "tahunan capaian-serapan": lambda: g.grafik_capaian_serapan(tah.tabel),
                "tahunan serapan triwulan": lambda: g.grafik_serapan_triwulan(tah.tabel),
            }

        before, after = charts(old), charts(new)
        print(f"beban {' '.join(f'{x:.2f}' for x in os.getloadavg())}; sebelum = {args.sebelum}, median dari {args.ulang}")
        print(f"  {'grafik':26s} {'sebelum':>10s} {'sesudah':>10s} {'rasio':>7s}  piksel")
        sums = [0.0, 0.0]
        for name in before:
            pa, pb = before[name]().png(), after[name]().png()
            ia, ib = np.asarray(Image.open(io.BytesIO(pa))), np.asarray(Image.open(io.BytesIO(pb)))
            same = ia.shape == ib.shape and bool((ia == ib).all())
            times: list[list[float]] = [[], []]
            for i in range(args.ulang):
                for side in ((0, 1) if i % 2 == 0 else (1, 0)):
                    draw = (before, after)[side][name]
                    start = time.process_time()
                    draw().png()
                    times[side].append(time.process_time() - start)
            a, b = (statistics.median(t) * 1000 for t in times)
            sums[0] += a
            sums[1] += b
            print(f"  {name:26s} {a:8.1f} ms {b:8.1f} ms {b / a:6.2f}x  {'sama' if same else 'BERBEDA'}", flush=True)
        print(f"  {'jumlah':26s} {sums[0]:8.1f} ms {sums[1]:8.1f} ms {sums[1] / sums[0]:6.2f}x")
        print(f"beban {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
