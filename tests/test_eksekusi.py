"""Executing a report notebook with papermill's Python API, through a fake papermill engine.

The engine is the external part replaced: instead of a Jupyter kernel it runs each code cell in
this process (the parameters papermill injects included) and records its printed output or its
error as a kernel would. Everything else is papermill's and kinerja's own: the injected
parameters, the executed notebook written, the failing cell found, the partial notebook kept as
``.gagal.ipynb`` and the Indonesian message naming the cell. The real kernel: test_notebooks.py.
"""

from __future__ import annotations

import nbformat
import pytest
from _util_papermill import pasang
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from kinerja.errors import ReportError
from kinerja.laporan.jalan.eksekusi import execute


@pytest.fixture()
def mesin(monkeypatch):
    """The fake engine (tests/_util_papermill.py) as papermill's default engine, restored after."""
    return pasang(monkeypatch)


def notebook(path, *sources: str):
    cells = [new_markdown_cell("# Laporan uji"), new_code_cell("tahun = 0\ntriwulan = 0", metadata={"tags": ["parameters"]})]
    cells += [new_code_cell(source) for source in sources]
    path.parent.mkdir(parents=True, exist_ok=True)
    metadata = {"kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"},
                "language_info": {"name": "python"}}
    nbformat.write(new_notebook(cells=cells, metadata=metadata), str(path))
    return path


def test_the_parameters_reach_the_cells_and_the_executed_notebook_is_written(tmp_path, mesin):
    source = notebook(tmp_path / "uji.ipynb", "print(f'Laporan triwulan {triwulan} tahun {tahun}')")
    out = tmp_path / "keluaran" / "uji.ipynb"
    out.parent.mkdir()

    done = execute(source, out, {"tahun": 2025, "triwulan": 2}, failed_copy=tmp_path / "gagal" / "uji.gagal.ipynb")

    saved = nbformat.read(str(out), as_version=4)
    assert [c.source for c in saved.cells] == [c.source for c in done.cells]
    printed = [o.text for c in saved.cells if c.cell_type == "code" for o in c.outputs]
    assert printed == ["Laporan triwulan 2 tahun 2025\n"]
    assert "injected-parameters" in saved.cells[2].metadata["tags"]  # papermill's own cell after the parameters
    assert not (tmp_path / "gagal").exists()
    assert mesin.diberi == [{"kernel_name": "python3"}]


def test_a_failing_cell_is_named_and_the_partial_notebook_kept_beside_nothing_else(tmp_path, mesin):
    source = notebook(tmp_path / "uji.ipynb", "nilai = tahun * 2", "raise ValueError('Sel F12 di IRBAN-1.xlsx kosong.')",
                      "print('tidak sampai')")
    out = tmp_path / "keluaran" / "uji.ipynb"
    out.parent.mkdir()
    failed = tmp_path / "laporan" / ".gagal" / "uji.gagal.ipynb"

    with pytest.raises(ReportError) as caught:
        execute(source, out, {"tahun": 2025}, failed_copy=failed)

    assert str(caught.value) == (
        "Notebook uji.ipynb gagal pada sel indeks 4 (In [4]: raise ValueError('Sel F12 di IRBAN-1.xlsx kosong.')): "
        f"ValueError: Sel F12 di IRBAN-1.xlsx kosong. Notebook yang terhenti disimpan di {failed}; keluaran "
        "sebelumnya tidak diubah.")
    kept = nbformat.read(str(failed), as_version=4)
    assert kept.cells[0].source.startswith('<span style="color:red; font-family:Helvetica Neue')  # papermill's marker
    errors = [o for c in kept.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert [(o.ename, o.evalue) for o in errors] == [("ValueError", "Sel F12 di IRBAN-1.xlsx kosong.")]
    assert not any("tidak sampai" in o.get("text", "") for c in kept.cells if c.cell_type == "code" for o in c.outputs)


def test_a_running_kernel_manager_is_handed_to_the_engine(tmp_path, mesin):
    """A kernel manager without a connected client (not a warm kernel) goes to papermill as ``km``."""
    sentinel = object()
    source = notebook(tmp_path / "uji.ipynb", "x = 1")
    execute(source, tmp_path / "uji-keluar.ipynb", {"tahun": 2025}, failed_copy=tmp_path / "g.ipynb", km=sentinel)
    assert mesin.diberi == [{"kernel_name": "python3", "km": sentinel}]


def test_an_output_folder_that_cannot_hold_the_notebook_is_one_sentence_naming_it(tmp_path, mesin):
    source = notebook(tmp_path / "uji.ipynb", "x = 1")
    blocker = tmp_path / "bukan-folder"
    blocker.write_text("x")
    with pytest.raises(ReportError, match=r"^Laporan tidak dibuat: .*bukan-folder/uji\.ipynb"):
        execute(source, blocker / "uji.ipynb", {"tahun": 2025}, failed_copy=tmp_path / "g.ipynb")
    assert blocker.read_text() == "x"


def test_a_notebook_file_that_is_not_a_notebook_cannot_be_run(tmp_path, mesin):
    broken = tmp_path / "rusak.ipynb"
    broken.write_text("bukan json", encoding="utf-8")
    with pytest.raises(ReportError, match=rf"^Notebook {broken} tidak dapat dijalankan: "):
        execute(broken, tmp_path / "keluar.ipynb", {"tahun": 2025}, failed_copy=tmp_path / "g.ipynb")
    assert mesin.diberi == [] and not (tmp_path / "keluar.ipynb").exists()


def test_a_runs_files_parameters_and_its_documents_are_named_by_the_period(tmp_path):
    from types import SimpleNamespace

    from kinerja.laporan.jalan.eksekusi import ReportResult, notebook_path, report_parameters
    from kinerja.paths import Workspace

    assert (notebook_path(2).name, notebook_path(None).name) == ("triwulan.ipynb", "tahunan.ipynb")
    config = SimpleNamespace(source=tmp_path / "kinerja.toml")
    out = tmp_path / "staging"
    assert report_parameters(Workspace(tmp_path), config, 2025, 3, out) == {
        "tahun": 2025, "ruang_kerja": str(tmp_path), "unit": "", "konfigurasi": str(tmp_path / "kinerja.toml"),
        "keluaran": str(out), "triwulan": 3}
    assert "triwulan" not in report_parameters(Workspace(tmp_path), config, 2025, None, out)
    folder = tmp_path / "laporan" / "2025" / "tahunan" / "versi-1"
    annual = ReportResult(2025, None, folder, outputs=[folder / "laporan-tahunan-2025.html"])
    assert annual.html == folder / "laporan-tahunan-2025.html" and annual.pdf is None  # not printed
    quarter = ReportResult(2025, 4, folder, outputs=[folder / "laporan-triwulan-4-2025.pdf"])
    assert quarter.pdf == folder / "laporan-triwulan-4-2025.pdf" and quarter.status == "draf"


def test_a_failing_cell_that_cannot_be_found_is_still_named_by_what_is_known():
    from kinerja.laporan.jalan.eksekusi import _cell_label

    book = new_notebook(cells=[new_code_cell("")])
    assert _cell_label(None, 7, 3) == "sel indeks 7 (In [3])"
    assert _cell_label(book, 5, None) == "sel indeks 5"
    assert _cell_label(None, None, None) == "sel yang tidak diketahui"
    assert _cell_label(book, 0, 1) == "sel indeks 0 (In [1])"  # an empty cell: no first line to show
