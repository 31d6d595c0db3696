"""Running notebooks: atomic replacement of a run's outputs, failing cells, kept partial notebook."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from kinerja.errors import ReportError
from kinerja.laporan.jalan import runner as report
from kinerja.paths import Workspace

META = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}, "language_info": {"name": "python"}}


def _write_notebook(path: Path, body: str) -> Path:
    cells = [
        new_code_cell('tahun = 2025\ntriwulan = 1\nruang_kerja = ""\nunit = ""\nkonfigurasi = ""\nkeluaran = ""', metadata={"tags": ["parameters"]}),
        new_code_cell(body),
    ]
    nbformat.write(new_notebook(cells=cells, metadata=META), path)
    return path


@pytest.mark.notebook
def test_failing_cell_keeps_last_good_outputs_and_the_partial_notebook(tmp_path: Path, config, monkeypatch) -> None:
    workspace = Workspace(tmp_path / "ruang")
    inbox = workspace.raw / "2025" / "triwulan-1"
    inbox.mkdir(parents=True)
    (inbox / "unit.xlsx").write_bytes(b"")  # the fixture notebooks do not read it; the runner wants one
    good = _write_notebook(tmp_path / "baik.ipynb", "from pathlib import Path\nPath(keluaran, 'meta.json').write_text('{}')\nprint('ok')")
    bad = _write_notebook(tmp_path / "buruk.ipynb", "x = 1\nraise ValueError('angka tidak sah di sel uji.')")

    monkeypatch.setattr(report, "notebook_path", lambda triwulan: good)
    first = report.run_report(workspace, config, 2025, 1, pdf=False)
    folder = workspace.report_dir(2025, 1)
    assert first.folder == folder / "versi-1" and first.status == "draf"
    names = sorted(p.name for p in first.folder.iterdir())
    assert names == ["laporan-triwulan-1-2025.docx", "laporan-triwulan-1-2025.html", "laporan-triwulan-1-2025.ipynb",
                     "manifest.json", "meta.json"]
    assert sorted(p.name for p in folder.iterdir()) == ["terkini.json", "versi-1"]
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}

    monkeypatch.setattr(report, "notebook_path", lambda triwulan: bad)
    with pytest.raises(ReportError) as info:
        report.run_report(workspace, config, 2025, 1, pdf=False)
    message = str(info.value)
    assert "buruk.ipynb" in message and "sel indeks 2 (In [" in message and "ValueError" in message and "angka tidak sah" in message
    assert "angka tidak sah di sel uji. Notebook yang terhenti" in message  # one full stop, not two
    failed = folder / "laporan-triwulan-1-2025.gagal.ipynb"
    assert failed.is_file()
    partial = nbformat.read(failed, as_version=4)
    assert any(o.get("output_type") == "error" for c in partial.cells for o in c.get("outputs", []))
    after = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file() and p != failed}
    assert after == before
    # no staging folder left behind, nothing written to the archive
    assert not [p for p in folder.parent.iterdir() if p.name.startswith(".")]
    assert not workspace.archive.exists()

    # a good run again replaces the outputs and removes the stale failure
    monkeypatch.setattr(report, "notebook_path", lambda triwulan: good)
    report.run_report(workspace, config, 2025, 1, pdf=False)
    assert not failed.exists()


def test_unknown_quarter_is_refused(tmp_path: Path, config) -> None:
    with pytest.raises(ReportError):
        report.run_report(Workspace(tmp_path), config, 2025, 5, pdf=False)


def test_a_quarter_without_any_workbook_is_an_error_and_writes_nothing(tmp_path: Path, config) -> None:
    workspace = Workspace(tmp_path)
    (workspace.raw / "2025" / "triwulan-2").mkdir(parents=True)
    (workspace.raw / "2025" / "triwulan-2" / "~$terkunci.xlsx").write_bytes(b"")
    with pytest.raises(ReportError) as info:
        report.run_report(workspace, config, 2025, 2, pdf=False)
    assert "triwulan-2" in str(info.value)
    assert not any(workspace.reports.rglob("*.*"))


@pytest.mark.notebook
def test_a_warm_kernel_runs_notebooks_with_a_clean_namespace(tmp_path: Path) -> None:
    from kinerja.laporan.jalan.kernel import KernelPool

    first = _write_notebook(tmp_path / "satu.ipynb", "bocor = 'dari notebook satu'")
    second = _write_notebook(tmp_path / "dua.ipynb", "import sys\nassert 'bocor' not in globals()\nassert 'kinerja.laporan.model.data' in sys.modules")
    pool = KernelPool(report.KERNEL_NAME, tmp_path)
    try:
        km = pool.acquire()
        report.execute(first, tmp_path / "satu.out.ipynb", {}, failed_copy=tmp_path / "satu.gagal.ipynb", km=km)
        again = pool.acquire()
        assert again is km  # the same kernel process is reused
        report.execute(second, tmp_path / "dua.out.ipynb", {}, failed_copy=tmp_path / "dua.gagal.ipynb", km=again)
    finally:
        pool.close()
    assert not (tmp_path / "dua.gagal.ipynb").exists()




def _set_files(meta: dict, notebook=None) -> dict[str, bytes]:
    import json

    files = {"capaian.json": b"[]", "temuan.json": b"[]", "meta.json": json.dumps(meta).encode()}
    if notebook is not None:
        files["laporan-tahunan-2025.ipynb"] = nbformat.writes(notebook).encode()
    return files


def test_a_final_annual_report_with_missing_narrative_is_refused_naming_the_keys(tmp_path: Path, config) -> None:
    from _util_alur import drive, make_workspace, publish_report
    from nbformat.v4 import new_output

    from kinerja.alur.workflow import case_start
    from kinerja.laporan.render.export import DOC_MIME

    ws = make_workspace(tmp_path)
    for triwulan in (1, 2, 3, 4):
        publish_report(ws, 2025, triwulan)
        drive(ws, config, "dokumentasikan", triwulan=triwulan, start=case_start(2025, triwulan, config))
    notebook = new_notebook(cells=[new_code_cell("x", outputs=[
        new_output("display_data", data={DOC_MIME: {"judul": "LKjIP 2025"}, "text/plain": "dokumen"}),
        new_output("display_data", data={"text/html": '<div class="isian">[Diisi oleh Sub Bagian Perencanaan: isu. Tulis '
                                                      'pada narasi-2025.docx, bagian "Isu Strategis".]</div>'}),
    ])], metadata=META)
    publish_report(ws, 2025, None, files=_set_files({"unit": ""}, notebook))
    import datetime as dt

    from kinerja.alur.workflow import act

    moment = dt.datetime(2026, 1, 20, 9, 0)  # the annual report takes the quarters' path: submitted, then approved
    act(ws, config, "ajukan_tahunan", 2025, None, username="rizal", now=moment)
    act(ws, config, "setujui_tahunan", 2025, None, username="siti", now=moment + dt.timedelta(hours=1))
    with pytest.raises(ReportError) as info:
        report.finalize_report(ws, config, 2025, None, pdf=False)
    assert "isu_strategis" in str(info.value) and "naratif" in str(info.value)
    assert report.terbitan.current(ws.report_dir(2025, None)).info["status"] == "draf"  # nothing final published


def test_the_annual_report_refuses_stored_results_of_one_unit(tmp_path: Path, config) -> None:
    from _util_alur import drive, make_workspace, publish_report

    from kinerja.laporan.model.hasil import official_results

    ws = make_workspace(tmp_path)
    publish_report(ws, 2025, 1, files=_set_files({"unit": "irban-1"}))
    drive(ws, config, "setujui")
    with pytest.raises(ReportError) as info:
        official_results(ws, config, 2025, 1)
    assert "hanya mencakup unit irban-1" in str(info.value)
    assert official_results(ws, config, 2025, 2) == (None, "belum disetujui (keadaan: Belum dimulai)")


@pytest.mark.notebook
def test_a_failing_quarter_stops_the_year_after_publishing_the_reports_before_it(sample_workspace: Workspace, config, tmp_path: Path) -> None:
    """run_year overlaps the notebooks, yet publishes in report order: TW I (before the failing
    TW II) is published; TW III, TW IV and the annual report (after it) are not, though their
    notebooks may already have run; no staging folder is left behind."""
    from nbformat.v4 import new_code_cell

    from kinerja import terbitan
    from kinerja.laporan.jalan.batch import run_year
    from kinerja.laporan.jalan.runner import notebook_path

    notebook = nbformat.read(str(notebook_path(1)), as_version=4)
    after = next(i for i, c in enumerate(notebook.cells) if "parameters" in c.metadata.get("tags", [])) + 1
    notebook.cells.insert(after, new_code_cell("assert triwulan != 2, 'uji: triwulan 2 gagal'"))
    failing = tmp_path / "triwulan-uji.ipynb"
    nbformat.write(notebook, failing)

    with pytest.raises(ReportError) as info:
        run_year(sample_workspace, config, 2025, pdf=False, notebook=failing)
    assert "triwulan-uji.ipynb" in str(info.value) and "uji: triwulan 2 gagal" in str(info.value)
    first = terbitan.current(sample_workspace.report_dir(2025, 1))
    assert first is not None and (first.folder / "capaian.json").is_file()
    for later in (2, 3, 4, None):
        assert terbitan.current(sample_workspace.report_dir(2025, later)) is None, later
    assert (sample_workspace.report_dir(2025, 2) / "laporan-triwulan-2-2025.gagal.ipynb").is_file()
    assert not [p for p in sample_workspace.reports.rglob("*.tmp")], "staging folders left behind"
