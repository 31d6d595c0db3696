"""Command line: thin click commands on top of everything else."""

from kinerja.cli.commands import main, run

__all__ = ["main", "run"]
