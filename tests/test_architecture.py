"""The layers of docs/arsitektur.md hold: import-linter contracts (pyproject.toml) and mypy.

The contracts are checked on the real package, then on a copy of it with one deliberately
wrong import per contract, which must break exactly that contract.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kinerja.paths import PROJECT_ROOT

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """``lint-imports`` with the project's contracts on the ``kinerja`` package found under ``root``."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(PROJECT_ROOT / "pyproject.toml"), "--no-cache"],
        cwd=root, env=env, capture_output=True, text=True, check=False,
    )


def test_import_contracts_hold():
    result = lint_imports(PROJECT_ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.fixture(scope="module")
def package_copy(tmp_path_factory) -> Path:
    """A pristine copy of the package; each case adds its wrong import to a copy of this copy."""
    root = tmp_path_factory.mktemp("salin")
    shutil.copytree(PROJECT_ROOT / "kinerja", root / "kinerja", ignore=shutil.ignore_patterns("__pycache__"))
    return root


@pytest.mark.parametrize(("module", "wrong_import", "contract"), [
    ("capaian/tabel.py", "import openpyxl", "Pure logic imports no I/O"),
    ("domain/sop.py", "import sqlite3", "Pure logic imports no I/O"),
    ("domain/workcalendar.py", "from kinerja.config import load_config", "Pure logic does not read files"),
    ("laporan/bagian/umum.py", "from kinerja.alur.store import Store", "Renderers do not reach the workflow store"),
    ("laporan/jalan/runner.py", "from kinerja.cli import run", "The CLI is on top"),
])
def test_a_wrong_import_breaks_its_contract(package_copy, tmp_path, module, wrong_import, contract):
    root = tmp_path / "paket"
    shutil.copytree(package_copy, root)
    target = root / "kinerja" / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{wrong_import}  # deliberately wrong\n", encoding="utf-8")
    result = lint_imports(root)
    assert result.returncode == 1, result.stdout + result.stderr
    broken = [line for line in result.stdout.splitlines() if line.endswith(" BROKEN")]
    assert len(broken) == 1 and broken[0].startswith(contract), result.stdout
    assert wrong_import.split()[1] in result.stdout  # the report names the offending module


@pytest.mark.slow
def test_mypy_finds_nothing():
    result = subprocess.run(
        [sys.executable, "-m", "mypy"],  # files and options: [tool.mypy] in pyproject.toml
        cwd=PROJECT_ROOT, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
