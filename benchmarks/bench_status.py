"""Benchmark: status query and audit verification over a Pemda-sized workflow history.

50 units x 4 quarters x 10 years of cases (2,000 cases), each run through the SOP with 0-2
returns for correction, i.e. about 16,000 hash-chained events in a real SQLite file. Prints
the time of ``case_status`` for one year and for every year, of ``Store.verify`` (what
``kinerja audit verifikasi`` runs), and of one ``act`` on the full database.

Run: ``.venv/bin/python benchmarks/bench_status.py [--units 50 --years 10]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import tempfile
import time
from pathlib import Path

from kinerja.alur.store import Store
from kinerja.alur.workflow import act, case_start, case_status
from kinerja.config import load_config
from kinerja.domain import sop
from kinerja.paths import Workspace

FIRST_YEAR = 2015


def build_history(store: Store, units: int, years: int, seed: int = 7) -> int:
    """Append every case's events directly (as the workflow would have written them)."""
    rng = random.Random(seed)
    count = 0
    config = load_config()
    with store.transaction() as conn:
        for tahun in range(FIRST_YEAR, FIRST_YEAR + years):
            for triwulan in (1, 2, 3, 4):
                for u in range(units):
                    unit = f"UNIT-{u:02d}"
                    moment = case_start(tahun, triwulan, config)
                    path = [s.aksi for s in sop.jalur_utama(sop.TRIWULAN)]
                    loops = rng.choice((0, 0, 1, 2))
                    index = path.index("setujui")
                    path[index:index] = ["kembalikan", "ajukan"] * loops
                    for aksi in path:
                        step = sop.langkah(aksi)
                        moment += dt.timedelta(minutes=rng.randint(5, 600))
                        store.append(
                            conn, tahun=tahun, triwulan=triwulan, unit=unit, waktu=moment.isoformat(timespec="seconds"),
                            pengguna="siti", peran=step.peran, aksi=aksi, dari=step.dari, ke=step.ke,
                            catatan="perbaiki" if aksi == "kembalikan" else "", penerima="budi" if aksi == "tugaskan" else "",
                            tenggat=moment.isoformat(timespec="seconds"), terlambat=rng.random() < 0.2,
                        )
                        count += 1
    return count


def timed(func, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=50)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    config = load_config()
    with tempfile.TemporaryDirectory() as folder:
        ws = Workspace(Path(folder))
        store = Store(ws.database)
        start = time.perf_counter()
        events = build_history(store, args.units, args.years)
        store.close()
        build = time.perf_counter() - start
        size = ws.database.stat().st_size / 1e6
        print(f"riwayat: {args.units} unit x 4 triwulan x {args.years} tahun = {args.units * 4 * args.years} kasus, "
              f"{events} peristiwa, {size:.1f} MB ({build:.2f} s untuk menulis)")
        last = FIRST_YEAR + args.years - 1
        now = dt.datetime(last + 1, 2, 1, 9, 0)
        one_year, rows = timed(lambda: case_status(ws, config, last, now=now), args.repeat)
        print(f"case_status satu tahun ({len(rows)} kasus): {one_year * 1000:.1f} ms (median dari {args.repeat})")
        one_quarter, rows = timed(lambda: case_status(ws, config, last, 2, now=now), args.repeat)
        print(f"case_status satu triwulan ({len(rows)} kasus): {one_quarter * 1000:.1f} ms")
        every, _ = timed(lambda: [case_status(ws, config, t, now=now) for t in range(FIRST_YEAR, last + 1)], 1)
        print(f"case_status semua {args.years} tahun: {every * 1000:.0f} ms")

        def verify():
            s = Store(ws.database)
            try:
                return s.verify()
            finally:
                s.close()

        audit, found = timed(verify, max(1, args.repeat // 2))
        assert found == [], found
        print(f"audit verifikasi ({events} peristiwa): {audit * 1000:.0f} ms")
        report = ws.report_dir(last + 1, 1)
        report.mkdir(parents=True)
        (report / "laporan.pdf").write_bytes(b"%PDF")
        moments = []
        for aksi, user, extra in [("tugaskan", "siti", {"penerima": "budi"}), ("perintahkan", "siti", {}),
                                  ("serahkan_bahan", "dewi", {}), ("ajukan", "budi", {}), ("setujui", "siti", {})]:
            t0 = time.perf_counter()
            act(ws, config, aksi, last + 1, 1, username=user, now=now, **extra)
            moments.append(time.perf_counter() - t0)
        print(f"satu aksi (act) pada basis data penuh: median {statistics.median(moments) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
