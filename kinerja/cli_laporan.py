"""CLI for the reports: ``kinerja laporan triwulan|tahunan``."""

from __future__ import annotations

COMMANDS: list = []
