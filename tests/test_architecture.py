"""The layers of docs/arsitektur.md hold: import-linter contracts (pyproject.toml), no import circle, mypy.

The contracts are checked on the real package, then on a copy of it with one deliberately
wrong import per case, which must break exactly the contracts it should. Import circles are
counted over every module, function-level imports included, and a planted circle is seen.
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


LAYERS = "The layers of the house"


@pytest.mark.parametrize(("module", "wrong_import", "contracts"), [
    ("capaian/tabel.py", "import openpyxl", ["Pure logic imports no I/O"]),
    ("domain/sop.py", "import sqlite3", ["Pure logic imports no I/O"]),
    ("domain/workcalendar.py", "from kinerja.config import load_config", [LAYERS, "Pure logic does not read files"]),
    ("laporan/render/excel.py", "from kinerja.alur.store import Store", ["Renderers do not reach the workflow store"]),
    ("lembar/reader.py", "import kinerja.laporan.jalan.runner", [LAYERS, "Reports by what they do"]),
    ("lembar/validate.py", "def _later():\n    from kinerja.alur import workflow", [LAYERS]),
    ("laporan/model/dokumen.py", "from kinerja.laporan.render import ke_html", ["Reports by what they do"]),
    ("laporan/jalan/runner.py", "from kinerja.cli import run", [LAYERS]),
])
def test_a_wrong_import_breaks_its_contract(package_copy, tmp_path, module, wrong_import, contracts):
    """A wrong import, at module level or inside a function, breaks exactly the contracts it should."""
    root = tmp_path / "paket"
    shutil.copytree(package_copy, root)
    target = root / "kinerja" / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{wrong_import}  # deliberately wrong\n", encoding="utf-8")
    result = lint_imports(root)
    assert result.returncode == 1, result.stdout + result.stderr
    broken = sorted(line for line in result.stdout.splitlines() if line.endswith(" BROKEN"))
    assert len(broken) == len(contracts), result.stdout
    assert all(any(line.startswith(c) for line in broken) for c in contracts), result.stdout
    assert wrong_import.split()[-3 if wrong_import.startswith("def") else 1] in result.stdout  # names the offending module


COUNT_CYCLES = """
import sys

import grimp

graph = grimp.build_graph("kinerja", exclude_type_checking_imports=True)
modules = set(graph.modules)
edges = {m: {n for n in graph.find_modules_directly_imported_by(m) if n in modules} for m in modules}
for m in modules:  # importing a.b.c runs a.b's __init__ too (the root package's aside: every module is under it)
    for n in list(edges[m]):
        parts = n.split(".")
        edges[m] |= {".".join(parts[:i]) for i in range(2, len(parts)) if not m.startswith(".".join(parts[:i]) + ".")}
index, low, stack, on, cycles = {}, {}, [], set(), []
sys.setrecursionlimit(10_000)

def visit(v):
    index[v] = low[v] = len(index)
    stack.append(v)
    on.add(v)
    for w in edges[v]:
        if w not in index:
            visit(w)
            low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        group = []
        while True:
            w = stack.pop()
            on.discard(w)
            group.append(w)
            if w == v:
                break
        if len(group) > 1:
            cycles.append(sorted(group))

for m in sorted(modules):
    if m not in index:
        visit(m)
print(len(modules), len(cycles))
for group in cycles:
    print(" <-> ".join(group))
"""


def import_cycles(root: Path) -> tuple[int, list[str]]:
    """(modules, circles) of the ``kinerja`` package under ``root``: every import grimp finds, function-level
    ones included (TYPE_CHECKING imports never run), plus the parent packages an import runs."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    result = subprocess.run([sys.executable, "-c", COUNT_CYCLES], cwd=root, env=env, capture_output=True, text=True, check=True)
    first, *circles = result.stdout.splitlines()
    return int(first.split()[0]), circles


def test_no_module_takes_part_in_an_import_circle():
    modules, circles = import_cycles(PROJECT_ROOT)
    assert modules > 100  # the whole package was read
    assert circles == []


def test_the_cycle_count_sees_a_circle_made_by_a_function_level_import(package_copy, tmp_path):
    root = tmp_path / "paket"
    shutil.copytree(package_copy, root)
    target = root / "kinerja" / "laporan" / "model" / "narasi.py"
    target.write_text(target.read_text(encoding="utf-8") + "\n\ndef _later():\n    from kinerja.laporan.model import data  # deliberately wrong\n",
                      encoding="utf-8")
    _, circles = import_cycles(root)
    assert circles == ["kinerja.laporan.model.data <-> kinerja.laporan.model.narasi"]


def test_mypy_finds_nothing():  # in the fast lane: a type error is found before any slow test runs
    result = subprocess.run(
        [sys.executable, "-m", "mypy"],  # files and options: [tool.mypy] in pyproject.toml
        cwd=PROJECT_ROOT, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


MAX_MODULE_LINES = 600
"""A module that grows past this is split by what it does (issue 25)."""


def test_no_module_of_the_package_is_over_600_lines():
    sizes = {path.relative_to(PROJECT_ROOT).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
             for path in (PROJECT_ROOT / "kinerja").rglob("*.py")}
    assert len(sizes) > 100  # the package itself was walked
    assert {name: n for name, n in sizes.items() if n > MAX_MODULE_LINES} == {}
