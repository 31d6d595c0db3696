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
from kinerja.laporan.model.dokumen import DRAF_SPANDUK
from kinerja.laporan.render.export import external_references
from kinerja.lembar.findings import has_galat, to_frame
from kinerja.numbers import format_percent
from kinerja.paths import SAMPLE_CONFIG, Workspace

pytestmark = [pytest.mark.notebook, pytest.mark.browser, pytest.mark.xdist_group("laporan_tahun_sampel")]


@pytest.fixture(scope="module")
def year(tmp_path_factory, config, sample_raw):
    from kinerja.laporan.jalan.batch import run_year

    root = tmp_path_factory.mktemp("ruang")
    shutil.copytree(sample_raw, root / "data" / "raw")
    workspace = Workspace(root)
    workspace.config_file.write_bytes(SAMPLE_CONFIG.read_bytes())
    # Every quarter goes through the SOP (real workflow database): the report is made after the
    # material is handed over (DRAF), submitted and approved; TW II's material has galat, so it
    # cannot even be handed over (the SOP's guard) and stays a DRAF. The second run renders the
    # approved quarters final and the annual report from them.
    from kinerja.alur.workflow import ActionRefused, act, case_start

    refusals = {}

    def steps(triwulan, names):
        start = case_start(2025, triwulan, config)
        for i, (aksi, user, extra) in enumerate(names):
            try:
                act(workspace, config, aksi, 2025, triwulan, username=user, now=start + dt.timedelta(minutes=10 * i),
                    **extra)
            except ActionRefused as exc:
                refusals[triwulan] = exc

    for q in (1, 2, 3, 4):
        steps(q, [("tugaskan", "siti", {"penerima": "budi"}), ("perintahkan", "siti", {}), ("serahkan_bahan", "dewi", {})])
    drafts = {r.triwulan: r for r in run_year(workspace, config, 2025, pdf=True)}
    draft_bytes = {q: (r.pdf.read_bytes() if r.pdf else b"", (r.folder / "capaian.json").read_bytes()) for q, r in drafts.items()}
    for q in (1, 3, 4):
        start = case_start(2025, q, config) + dt.timedelta(hours=1)
        act(workspace, config, "ajukan", 2025, q, username="budi", now=start)
        try:
            act(workspace, config, "setujui", 2025, q, username="siti", now=start + dt.timedelta(minutes=20))
        except ActionRefused as exc:
            refusals[q] = exc
    results = run_year(workspace, config, 2025, pdf=True)
    return workspace, {r.triwulan: r for r in results}, drafts, draft_bytes, refusals


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
    _workspace, results, *_ = year
    assert sorted(results, key=lambda q: q or 9) == [1, 2, 3, 4, None]
    for result in results.values():
        assert result.html.is_file() and result.pdf is not None
        box = pypdf.PdfReader(result.pdf).pages[0].mediabox
        assert abs(float(box.width) - 595) < 2 and abs(float(box.height) - 842) < 2


def test_html_has_no_code_no_prompts_and_no_external_links(year) -> None:
    _workspace, results, *_ = year
    for result in results.values():
        html = result.html.read_text(encoding="utf-8")
        assert external_references(html) == []
        assert "<script" not in html
        assert "siapkan_triwulan" not in html and "siapkan_tahunan" not in html and "import " not in html
        assert "In&nbsp;[" not in html
        assert len(re.findall(r'<img [^>]*src="data:image/png;base64,', html)) >= 3


def test_quarterly_numbers_equal_the_package_computation(year, config) -> None:
    workspace, results, *_ = year
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
    workspace, results, *_ = year
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
    _workspace, results, *_ = year
    text = _text(results[1].pdf)
    assert config.instansi.kop[0] in text and "Halaman 1 dari" in text
    assert config.kepala.nama in text and f"NIP {config.kepala.nip}" in text
    assert "Triwulan I" in text and "Berkas masukan" in text and re.search(r"\b[0-9a-f]{64}\b", text)
    annual = _text(results[None].pdf)
    for heading in ("BAB I PENDAHULUAN", "BAB II PERENCANAAN KINERJA", "BAB III AKUNTABILITAS KINERJA", "BAB IV PENUTUP",
                    "LAMPIRAN"):
        assert heading in annual


def test_annual_report_reads_the_quarterly_results_and_agrees_with_them(year, config) -> None:
    workspace, results, *_ = year
    expected, _dataset = _clean_table(workspace, config, 4, tahunan=True)
    stored = json.loads((results[None].folder / "capaian.json").read_text(encoding="utf-8"))
    assert [r["indikator"] for r in stored] == expected["indikator"].tolist()
    assert [r["capaian"] for r in stored] == pytest.approx([None if c != c else c for c in expected["capaian"]], nan_ok=True)
    html = results[None].html.read_text(encoding="utf-8")
    assert "tahun 2023 dan 2024 tidak tersedia" in html
    # TW II (galat) could not be approved: the annual report leaves it out and says so
    assert "hasil laporan yang disetujui belum ada untuk Triwulan II" in html
    quarterly = results[1].html.read_text(encoding="utf-8")
    # the final TW I states its own approval, not the state current when the approved report was made
    assert "Penyusunan laporan oleh PPTK" not in quarterly and "Laporan yang disetujui" in quarterly


def _pages(pdf: Path) -> list[str]:
    """Text of each page; pypdf also extracts the rotated watermark, which pdftotext leaves out."""
    import pypdf

    return [page.extract_text() for page in pypdf.PdfReader(pdf).pages]


def test_draf_on_every_page_before_approval_and_not_after(year, config) -> None:
    _workspace, results, drafts, _draft_bytes, refusals = year
    assert set(refusals) == {2} and "galat" in str(refusals[2])
    for q, draft in drafts.items():
        pages = _pages(draft.pdf)
        assert draft.status == "draf" and pages and all("DRAF" in page for page in pages), q
        assert all(DRAF_SPANDUK in " ".join(page.split()) for page in pages), q  # the banner in every page's running header
        shown = "".join(pages)  # what a reader sees: hidden parts of the HTML are not printed
        assert "menunggu persetujuan Sekretaris" in shown and f"NIP {config.kepala.nip}" not in shown
    for q in (1, 3, 4):
        final = results[q]
        assert final.status == "final" and final.folder != drafts[q].folder
        assert not any("DRAF" in page for page in _pages(final.pdf)), q
        text = _text(final.pdf)
        assert f"NIP {config.kepala.nip}" in text and "disetujui oleh" in text
        # its workflow section states its own approval, not the step and deadline current while it was drafted
        section = " ".join(text[text.index("Status alur kerja"):text.index("Keterangan pembuatan dokumen")].split())
        assert "disetujui oleh" in section and "Tenggat" not in section and "Penyusunan laporan" not in section, q
    assert results[2].status == "draf"  # its material (with galat) was never handed over: still a DRAF
    assert results[None].status == "draf" and all("DRAF" in page for page in _pages(results[None].pdf))


def test_final_carries_the_approved_results_and_is_what_gets_archived(year, config) -> None:
    from kinerja.alur.workflow import act, history
    from kinerja.terbitan import current

    workspace, results, drafts, draft_bytes, _refusals = year
    final = current(workspace.report_dir(2025, 1))
    approval = [e for e in history(workspace, 2025, 1) if e.aksi == "setujui"][-1]
    assert final.info["dasar"] == approval.sha256 == current(drafts[1].folder.parent).info["dasar"]
    assert (final.folder / "capaian.json").read_bytes() == draft_bytes[1][1]
    event = act(workspace, config, "dokumentasikan", 2025, 1, username="rizal",
                now=dt.datetime.fromisoformat(approval.waktu) + dt.timedelta(hours=1))
    archived = workspace.root / event.berkas / "laporan"
    assert (archived / results[1].pdf.name).read_bytes() == results[1].pdf.read_bytes()
    assert (archived / "capaian.json").read_bytes() == draft_bytes[1][1]


def test_documents_show_file_names_only_and_office_time(year) -> None:
    _workspace, results, *_ = year
    for result in results.values():
        html = result.html.read_text(encoding="utf-8")
        assert str(_workspace.root) not in html and "ruang_kerja" not in html and "/tmp/" not in html
        assert re.search(r"pukul \d\d\.\d\d WITA", html)  # the sample office is in Sulawesi Selatan


def test_exploring_the_notebook_leaves_stored_results_untouched(year, tmp_path) -> None:
    import papermill

    from kinerja.paths import NOTEBOOKS_DIR

    workspace, *_ = year
    before = {p: p.read_bytes() for p in (workspace.root / "laporan").rglob("*") if p.is_file()}
    papermill.execute_notebook(str(NOTEBOOKS_DIR / "triwulan.ipynb"), str(tmp_path / "jelajah.ipynb"),
                               parameters={"tahun": 2025, "triwulan": 1, "ruang_kerja": str(workspace.root), "unit": "irban-1"},
                               progress_bar=False)
    after = {p: p.read_bytes() for p in (workspace.root / "laporan").rglob("*") if p.is_file()}
    assert after == before


def test_every_report_has_a_docx_with_the_same_parts(year) -> None:
    from docx import Document

    from kinerja.laporan.bagian.tahunan import PARTS_TAHUNAN

    _workspace, results, *_ = year
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

    _workspace, results, *_ = year
    html = results[None].html.read_text(encoding="utf-8")
    numbers = dict(re.findall(r'<span class="hal" data-untuk="([^"]+)">(\d+)</span>', html))
    assert len(numbers) >= 20
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(results[None].pdf).pages]
    titles = dict(re.findall(r'<a href="#([^"]+)">([^<]+)</a>', html))
    for ident in ("bab-i-pendahuluan", "bab-iii-akuntabilitas-kinerja", "lampiran"):
        page = int(numbers[ident])
        assert titles[ident] in pages[page - 1], (ident, page)
    # and the printed Daftar Isi shows them (the PDF is the second print of the same file, after the numbers were written)
    toc_page = next(text for text in pages if "DAFTAR ISI" in text and "BAB I PENDAHULUAN" in text)
    assert f"{titles['bab-i-pendahuluan']} {numbers['bab-i-pendahuluan']}" in toc_page
