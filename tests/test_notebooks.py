"""Both report notebooks executed with papermill on the sample year, checked for content.

One module-scoped run of the whole year (4 quarters + annual, HTML + PDF through one
Chromium) feeds every test here, so the suite starts six kernels in total.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from kinerja.capaian.tabel import DIHITUNG, capaian_table
from kinerja.laporan.export import external_references
from kinerja.lembar.findings import has_galat, to_frame
from kinerja.numbers import format_percent
from kinerja.paths import SAMPLE_CONFIG, Workspace

pytestmark = [pytest.mark.notebook, pytest.mark.browser, pytest.mark.xdist_group("laporan_tahun_sampel")]


@pytest.fixture(scope="module")
def year(tmp_path_factory, config, sample_raw):
    from kinerja.laporan.runner import run_year

    root = tmp_path_factory.mktemp("ruang")
    shutil.copytree(sample_raw, root / "data" / "raw")
    workspace = Workspace(root)
    workspace.config_file.write_bytes(SAMPLE_CONFIG.read_bytes())
    # Triwulan I goes through the SOP up to the Sekretaris's approval (real workflow database).
    from kinerja.alur.workflow import act

    start = dt.datetime(2025, 4, 10, 8, 0)
    steps = [("tugaskan", "siti", {"penerima": "budi"}), ("perintahkan", "siti", {}), ("serahkan_bahan", "dewi", {}),
             ("ajukan", "budi", {}), ("setujui", "siti", {})]
    for i, (aksi, user, extra) in enumerate(steps):
        act(workspace, config, aksi, 2025, 1, username=user, now=start + dt.timedelta(minutes=10 * i), **extra)
    results = run_year(workspace, config, 2025, pdf=True)
    return workspace, {r.triwulan: r for r in results}


def _clean_table(workspace: Workspace, config, triwulan: int, *, tahunan: bool = False):
    """The package's own computation of a quarter, with the one galat policy (rows stay)."""
    from kinerja.lembar.validate import validate_workbooks

    dataset = validate_workbooks([workspace.raw_for(2025, triwulan)], config, tahun=2025, triwulan=triwulan)
    temuan = to_frame(dataset.temuan)
    return capaian_table(dataset.data, config, triwulan, tahunan=tahunan, temuan=temuan), dataset


def _text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_every_report_has_html_and_an_a4_pdf(year) -> None:
    pypdf = pytest.importorskip("pypdf")
    _workspace, results = year
    assert sorted(results, key=lambda q: q or 9) == [1, 2, 3, 4, None]
    for result in results.values():
        assert result.html.is_file() and result.pdf is not None
        box = pypdf.PdfReader(result.pdf).pages[0].mediabox
        assert abs(float(box.width) - 595) < 2 and abs(float(box.height) - 842) < 2


def test_html_has_no_code_no_prompts_and_no_external_links(year) -> None:
    _workspace, results = year
    for result in results.values():
        html = result.html.read_text(encoding="utf-8")
        assert external_references(html) == []
        assert "<script" not in html
        assert "siapkan_triwulan" not in html and "siapkan_tahunan" not in html and "import " not in html
        assert "In&nbsp;[" not in html
        assert len(re.findall(r'<img [^>]*src="data:image/png;base64,', html)) >= 3


def test_quarterly_numbers_equal_the_package_computation(year, config) -> None:
    workspace, results = year
    table, _dataset = _clean_table(workspace, config, 1)
    html = results[1].html.read_text(encoding="utf-8")
    evaluable = table[table["status"] == DIHITUNG]
    assert len(evaluable) > 5
    for value in evaluable["capaian"]:
        assert format_percent(value) in html
    stored = json.loads((results[1].folder / "capaian.json").read_text(encoding="utf-8"))
    assert [r["indikator"] for r in stored] == table["indikator"].tolist()
    assert [r["capaian"] for r in stored] == pytest.approx([None if c != c else c for c in table["capaian"]], nan_ok=True)


def test_a_quarter_with_galat_is_reported_with_the_excluded_rows(year, config) -> None:
    workspace, results = year
    for triwulan in (1, 2, 3, 4):
        _table, dataset = _clean_table(workspace, config, triwulan)
        html = results[triwulan].html.read_text(encoding="utf-8")
        meta = json.loads((results[triwulan].folder / "meta.json").read_text(encoding="utf-8"))
        if has_galat(dataset.temuan):
            assert "PERHATIAN" in html and "tidak dihitung: galat di" in html
            assert meta["galat"] > 0 and meta["dikecualikan"]
            stored = json.loads((results[triwulan].folder / "capaian.json").read_text(encoding="utf-8"))
            assert len(stored) == len(dataset.data)  # every indicator keeps its row
        else:
            assert "PERHATIAN" not in html and meta["galat"] == 0


def test_pdf_text_has_letterhead_page_numbers_and_signature(year, config) -> None:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext not installed")
    _workspace, results = year
    text = _text(results[1].pdf)
    assert config.instansi.kop[0] in text and "Halaman 1 dari" in text
    assert config.kepala.nama in text and f"NIP {config.kepala.nip}" in text
    assert "Triwulan I" in text and "Berkas masukan" in text and re.search(r"\b[0-9a-f]{64}\b", text)
    annual = _text(results[None].pdf)
    for heading in ("BAB I PENDAHULUAN", "BAB II PERENCANAAN KINERJA", "BAB III AKUNTABILITAS KINERJA", "BAB IV PENUTUP",
                    "LAMPIRAN"):
        assert heading in annual


def test_annual_report_reads_the_quarterly_results_and_agrees_with_them(year, config) -> None:
    workspace, results = year
    expected, _dataset = _clean_table(workspace, config, 4, tahunan=True)
    stored = json.loads((results[None].folder / "capaian.json").read_text(encoding="utf-8"))
    assert [r["indikator"] for r in stored] == expected["indikator"].tolist()
    assert [r["capaian"] for r in stored] == pytest.approx([None if c != c else c for c in expected["capaian"]], nan_ok=True)
    html = results[None].html.read_text(encoding="utf-8")
    assert "tahun 2023 dan 2024 tidak tersedia" in html
    # TW I was approved in the workflow; the others are stated as not approved
    assert "persetujuan Sekretaris belum tercatat untuk Triwulan II, Triwulan III, Triwulan IV" in html
    quarterly = results[1].html.read_text(encoding="utf-8")
    assert "Pendokumentasian" in quarterly and "Kasubag Perencanaan" in quarterly


def test_annual_report_states_a_missing_quarter(year, config) -> None:
    from kinerja.laporan.runner import run_report

    workspace, _results = year
    (workspace.report_dir(2025, 3) / "meta.json").unlink()
    result = run_report(workspace, config, 2025, None, pdf=False)
    html = result.html.read_text(encoding="utf-8")
    assert "hasil laporan belum ada untuk Triwulan III" in html


@pytest.mark.parametrize("name", ["triwulan.ipynb", "tahunan.ipynb"])
def test_notebooks_are_thin_and_parameterised(name: str) -> None:
    import ast

    import nbformat

    from kinerja.paths import NOTEBOOKS_DIR

    notebook = nbformat.read(NOTEBOOKS_DIR / name, as_version=4)
    parameters = [c for c in notebook.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(parameters) == 1
    assert {"tahun", "ruang_kerja", "unit"} <= {n.target.id for n in ast.parse(parameters[0].source).body}
    for cell in notebook.cells:
        if cell.cell_type == "code":
            tree = ast.parse(cell.source)
            assert not [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda))]
            assert not cell.outputs  # committed without outputs


def test_every_report_has_a_docx_with_the_same_parts(year) -> None:
    from docx import Document

    from kinerja.laporan.sections import PARTS_TAHUNAN

    _workspace, results = year
    for triwulan, result in results.items():
        path = result.html.with_suffix(".docx")
        assert path in result.outputs
        headings = [p.text for p in Document(str(path)).paragraphs if p.style.name.startswith("Heading")]
        html = result.html.read_text(encoding="utf-8")
        for heading in headings:
            assert f">{heading.replace('&', '&amp;')}</h" in html, heading
        if triwulan is None:
            assert set(PARTS_TAHUNAN) <= set(headings)


def test_daftar_isi_page_numbers_are_the_pages_of_the_headings(year) -> None:
    from pypdf import PdfReader

    _workspace, results = year
    html = results[None].html.read_text(encoding="utf-8")
    numbers = dict(re.findall(r'<span class="hal" data-untuk="([^"]+)">(\d+)</span>', html))
    assert len(numbers) >= 20
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(results[None].pdf).pages]
    titles = dict(re.findall(r'<a href="#([^"]+)">([^<]+)</a>', html))
    for ident in ("bab-i-pendahuluan", "bab-iii-akuntabilitas-kinerja", "lampiran"):
        page = int(numbers[ident])
        assert titles[ident] in pages[page - 1], (ident, page)
