"""Every shipped notebook is thin (logic in the package) and committed without outputs; the report
notebooks take their parameters in one tagged cell. Read with nbformat and ast: no kernel, fast lane."""

from __future__ import annotations

import ast

import nbformat
import pytest

from kinerja.paths import NOTEBOOKS_DIR

NOTEBOOKS = sorted(p.name for p in NOTEBOOKS_DIR.glob("*.ipynb"))


def test_every_notebook_is_checked():
    assert {"triwulan.ipynb", "tahunan.ipynb", "review.ipynb", "alur.ipynb", "jelajah.ipynb"} <= set(NOTEBOOKS)


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_a_notebook_defines_nothing_and_keeps_no_outputs(name: str) -> None:
    notebook = nbformat.read(NOTEBOOKS_DIR / name, as_version=4)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert code, name
    for cell in code:
        tree = ast.parse(cell.source)
        defined = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda))]
        assert not defined, (name, cell.source)
        assert not cell.outputs, name  # committed without outputs


@pytest.mark.parametrize("name", ["triwulan.ipynb", "tahunan.ipynb"])
def test_a_report_notebook_takes_its_parameters_in_one_cell(name: str) -> None:
    notebook = nbformat.read(NOTEBOOKS_DIR / name, as_version=4)
    parameters = [c for c in notebook.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(parameters) == 1
    assert {"tahun", "ruang_kerja", "unit"} <= {n.target.id for n in ast.parse(parameters[0].source).body}
