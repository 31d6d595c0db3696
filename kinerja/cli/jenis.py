"""The CLI's option types for periods, one home for every command module."""

import click

TAHUN = click.IntRange(2000, 2100)
"""A budget year."""
TRIWULAN = click.IntRange(1, 4)
"""A quarter (1–4)."""
