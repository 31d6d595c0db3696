"""``python -m kinerja.cli``."""

from kinerja.cli.commands import run

if __name__ == "__main__":
    run()
