"""Helpers for the workflow tests: a workspace in tmp_path, driving a case, tampering."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from kinerja.alur.workflow import act
from kinerja.paths import SAMPLE_CONFIG, Workspace

START = dt.datetime(2025, 4, 10, 8, 0)

# (aksi, username, extra) along the happy path with the default config
HAPPY = [
    ("tugaskan", "siti", {"penerima": "budi"}),
    ("perintahkan", "siti", {}),
    ("serahkan_bahan", "dewi", {}),
    ("ajukan", "budi", {}),
    ("setujui", "siti", {}),
    ("dokumentasikan", "rizal", {}),
]


def make_workspace(root: Path, *, reports_for: tuple[int, ...] = (), tahun: int = 2025) -> Workspace:
    """An empty sample workspace (the sample office's config); optionally with a report file per quarter."""
    root.mkdir(parents=True, exist_ok=True)
    ws = Workspace(root)
    ws.config_file.write_bytes(SAMPLE_CONFIG.read_bytes())
    for triwulan in reports_for:
        folder = ws.report_dir(tahun, triwulan)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "laporan.pdf").write_bytes(f"%PDF laporan TW {triwulan}".encode())
    return ws


def drive(ws: Workspace, config, until: str, *, tahun: int = 2025, triwulan: int = 1, unit: str = "",
          start: dt.datetime = START, step: dt.timedelta = dt.timedelta(minutes=10)):
    """Take the happy-path actions up to and including ``until``; returns the last event."""
    moment = start
    event = None
    for aksi, user, extra in HAPPY:
        moment += step
        event = act(ws, config, aksi, tahun, triwulan, unit=unit, username=user, now=moment, **extra)
        if aksi == until:
            return event
    return event


def raw_sql(path: Path, *statements: str) -> None:
    """Run SQL as an attacker would: drop the guard triggers, tamper, restore the triggers."""
    from kinerja.alur.store import SCHEMA

    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("DROP TRIGGER IF EXISTS peristiwa_tanpa_ubah")
        conn.execute("DROP TRIGGER IF EXISTS peristiwa_tanpa_hapus")
        for sql in statements:
            conn.execute(sql)
        conn.executescript(SCHEMA)
    finally:
        conn.close()
