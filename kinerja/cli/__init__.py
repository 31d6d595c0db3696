"""Command line: thin click commands on top of everything else."""

from kinerja.cli import bahasa

bahasa.install()  # before the commands are built: click's texts (and Path type names) in Indonesian

from kinerja.cli.commands import main, run  # noqa: E402

__all__ = ["main", "run"]
