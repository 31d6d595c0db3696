"""CLI for the SOP workflow: ``kinerja alur``, ``kinerja status``, ``kinerja audit``."""

from __future__ import annotations

COMMANDS: list = []
