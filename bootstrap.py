"""Set up kinerja and run it, the same on Linux, macOS and Windows.

    python bootstrap.py demo        # set up, then run the main job on the sample data
    python bootstrap.py test        # set up, then run the tests
    python bootstrap.py test-fast   # the fast lane (no notebooks, browsers, LibreOffice), with branch coverage
    python bootstrap.py setup       # only set up

`make demo` / `make test` call this script; on Windows run it with `py bootstrap.py demo`.
Setting up means: a virtual environment in `.venv` (made again only when pyproject.toml is newer
than the last install), kinerja installed editable with its dev tools, and on Debian/Ubuntu as
root the system programs (scripts/install-system-deps.sh: Chromium, poppler-utils, LibreOffice).
On Windows the PDFs are printed with Microsoft Edge, which is found automatically.
Only the standard library is used; extra arguments after `test` go to pytest.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("VENV", ROOT / ".venv"))
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
KINERJA = BIN / ("kinerja.exe" if os.name == "nt" else "kinerja")
MARKER = VENV / ".installed"


def _run(args: list[object]) -> None:
    print("+ " + " ".join(str(a) for a in args), flush=True)
    done = subprocess.run([str(a) for a in args], cwd=ROOT, check=False)
    if done.returncode:
        sys.exit(done.returncode)


def setup() -> None:
    """Create/refresh the virtual environment when pyproject.toml changed since the last install."""
    if sys.version_info < (3, 11):  # noqa: UP036 - this script runs under whatever python3 is there
        sys.exit(f"kinerja memerlukan Python 3.11 atau lebih baru (sekarang {sys.version.split()[0]}).")
    pyproject = ROOT / "pyproject.toml"
    if MARKER.is_file() and MARKER.stat().st_mtime >= pyproject.stat().st_mtime:
        return
    if not PYTHON.exists():
        _run([sys.executable, "-m", "venv", VENV])
    _run([PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
    _run([PYTHON, "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[dev]"])
    if sys.platform.startswith("linux") and shutil.which("bash"):
        _run(["bash", ROOT / "scripts" / "install-system-deps.sh"])
    elif os.name == "nt":
        print("PDF: Microsoft Edge dicari otomatis; browser lain: $env:KINERJA_BROWSER = 'C:\\...\\chrome.exe'")
    MARKER.touch()


def main(argv: list[str]) -> None:
    command = argv[0] if argv else "demo"
    extra = argv[1:]
    setup()
    if command == "setup":
        return
    if command == "demo":
        _run([KINERJA, "demo", *extra])
    elif command == "test":
        _run([PYTHON, "-m", "pytest", "-n", "2", "--dist", "loadgroup", *extra])
    elif command == "test-fast":
        _run([PYTHON, "-m", "pytest", "-n", "2", "-m", "not slow", "--cov=kinerja", "--cov-report=term-missing:skip-covered", *extra])
    else:
        sys.exit(f"Perintah tidak dikenal: {command}. Pakai: demo, test, test-fast atau setup.")


if __name__ == "__main__":
    main(sys.argv[1:])
