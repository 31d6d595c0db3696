"""The document model and its two renderers, on the sample year, in-process (no kernel)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from _util_alur import official_sample_year

from kinerja.config import load_config
from kinerja.laporan.model.dokumen import (
    DRAF_SPANDUK,
    Bagian,
    Baris,
    DaftarIsi,
    EntriDaftarIsi,
    Gambar,
    Judul,
    Kotak,
    Naskah,
    Paragraf,
    Penandatangan,
    Ringkasan,
    Sel,
    Tabel,
    TandaTangan,
)
from kinerja.laporan.render.ke_docx import render_docx
from kinerja.laporan.render.ke_html import render_bagian
from kinerja.paths import SAMPLE_CONFIG, Workspace

pytestmark = pytest.mark.xdist_group("dokumen_tahun_sampel")


def _docx_headings(data: bytes) -> list[str]:
    from docx import Document

    return [p.text for p in Document(io.BytesIO(data)).paragraphs if p.style.name.startswith("Heading")]


def _docx_tables(data: bytes) -> list[list[list[str]]]:
    from docx import Document

    return [[[c.text for c in row.cells] for row in t.rows] for t in Document(io.BytesIO(data)).tables]


@pytest.fixture(scope="module")
def sample(tmp_path_factory, sample_raw):
    """The sample year prepared in-process: four quarters' results, riwayat workbook, annual data."""
    from kinerja.laporan.model import data as rd
    from kinerja.laporan.model.riwayat import write_workspace_sample_riwayat

    root = tmp_path_factory.mktemp("ruang")
    shutil.copytree(sample_raw, root / "data" / "raw")
    assert write_workspace_sample_riwayat(Workspace(root), load_config(), 2025) is not None
    (root / "kinerja.toml").write_bytes(SAMPLE_CONFIG.read_bytes())
    quarters = official_sample_year(root, load_config())  # approved quarters: what the annual report counts
    annual = rd.siapkan_tahunan(2025, ruang_kerja=str(root))
    return Workspace(root), quarters, annual


def test_blocks_round_trip_through_json() -> None:
    part = Bagian([
        Judul("BAB I", 1, "bab-i"), Paragraf("a\nb", "catatan"), Kotak("isian", "x"), Ringkasan([("1", "indikator")]),
        Tabel(["A", "B"], [Baris([Sel("1", "angka"), Sel("<b>")]), Baris([Sel("g", colspan=2)], grup=1)], angka=[0], lebar=[50, 50]),
        Gambar(b"\x89PNG..", 10.0, "grafik"), TandaTangan([Penandatangan("Kota, 1 Januari 2026", "Inspektur,", "Nama", "Pembina (IV/a)", "1")]),
        DaftarIsi([EntriDaftarIsi("bab-i", "BAB I", 1, 3)]),
    ])
    again = Bagian.from_json(part.to_json())
    assert again == part
    html = render_bagian(again)
    assert "&lt;b&gt;" in html and "<b>" not in html
    assert 'data-untuk="bab-i">3</span>' in html


@pytest.mark.slow
def test_annual_report_has_every_part_in_html_and_docx(sample) -> None:
    from kinerja.laporan.bagian.tahunan import PARTS_TAHUNAN, dokumen_tahunan, laporan_tahunan

    _workspace, _quarters, lap = sample
    parts = laporan_tahunan(lap)
    html = "".join(render_bagian(p) for p in parts)
    data = render_docx(Naskah(dokumen_tahunan(lap).info, parts))
    headings = _docx_headings(data)
    for part in PARTS_TAHUNAN:
        assert f">{part}</h2>" in html, part
        assert part in headings, part
    for sub in ("B. Indikator Kinerja Utama", "C. Perjanjian Kinerja", "A. Capaian kinerja organisasi", "B. Realisasi anggaran",
                "1. Perjanjian Kinerja Tahun 2025", "2. Formula capaian dan interval predikat"):
        assert sub in headings and f">{sub}</h3>" in html, sub
    # every sasaran has its own analysis with the comparisons filled from the riwayat workbook
    sasaran = list(dict.fromkeys(lap.tabel["sasaran"]))
    assert sum(h.startswith("Sasaran ") for h in headings) == len(sasaran)
    assert "Realisasi 2023" in html and "Realisasi 2024" in html and "Target akhir Renstra" in html
    comparison = [t for t in _docx_tables(data) if t[0][:5] == ["No", "Indikator", "Realisasi 2023", "Realisasi 2024", "Realisasi 2025"]]
    assert len(comparison) == len(sasaran)
    filled = [row for t in comparison for row in t[1:] if row[2] != "–" and row[5] != "–"]
    assert len(filled) >= len(lap.tabel) - 3  # earlier years and Renstra targets are there
    # the Perjanjian Kinerja annex: pernyataan and both signers, once
    assert "kami yang bertanda tangan di bawah ini" in html
    assert html.count('class="tanda-tangan ttd-dua"') == 1
    # budget per program AND kegiatan against the indicators' pagu (not called the DPA)
    assert "Jumlah pagu indikator kinerja" in html and "Kegiatan " in html and "Porsi pagu" in html and "Jumlah DPA" not in html
    # pangkat/golongan under the names, the Bupati as second party, the lambang in the letterhead
    assert lap.config.kepala.pangkat and html.count(f'<p class="ttd-pangkat">{lap.config.kepala.pangkat}</p>') >= 3
    assert lap.config.kepala_daerah.nama in html
    from docx import Document

    letterhead = Document(io.BytesIO(data)).tables[0]
    assert letterhead.rows[0].cells[0]._tc.xpath(".//pic:pic"), "lambang daerah in the .docx letterhead"
    assert dokumen_tahunan(lap).info["lambang_png"]


@pytest.mark.slow
def test_the_same_tables_in_html_and_docx(sample) -> None:
    from kinerja.laporan.bagian.triwulan import dokumen_triwulan, laporan_triwulan

    _workspace, quarters, _annual = sample
    lap = quarters[2]
    parts = laporan_triwulan(lap)
    tables = [b for p in parts for b in p.blok if isinstance(b, Tabel)]
    data = render_docx(Naskah(dokumen_triwulan(lap).info, parts))
    docx_tables = [t for t in _docx_tables(data) if len(t[0]) > 1 and t[0][0] in ("No", "Predikat / status", "Triwulan", "Unit")]
    model = [t for t in tables if t.kepala[0] in ("No", "Predikat / status", "Triwulan", "Unit")]
    assert len(docx_tables) == len(model)
    for ours, theirs in zip(model, docx_tables, strict=True):
        assert theirs[0] == ours.kepala
        assert len(theirs) == len(ours.baris) + 1


@pytest.mark.slow
def test_e81_has_renstra_target_quarters_in_rupiah_and_factors(sample) -> None:
    from kinerja.laporan.bagian.triwulan import faktor_e81, tabel_e81

    _workspace, quarters, _annual = sample
    lap = quarters[4]
    html = render_bagian(tabel_e81(lap) + faktor_e81(lap))
    for text in ("Target Renstra", "Real. TW I", "Real. TW IV", "Capaian thd target 2025 (K / Rp)", "Sub Kegiatan", "Faktor pendorong keberhasilan",
                 "Faktor penghambat", "Tindak lanjut yang diperlukan dalam triwulan berikutnya", "Renja berikutnya"):
        assert text in html, text
    # rupiah of each quarter under the indicator's realisasi (e.g. Irban I's audit kinerja: Rp 41.200.000 in TW I)
    assert "41.200.000" in html
    # the Renstra end target of every indicator that has one (from data/referensi/riwayat-capaian.xlsx)
    model = tabel_e81(lap).blok[-1]
    with_target = [row for row in model.baris if not row.grup and row.sel[2].teks.split("\n")[0] != "–"]
    assert len(with_target) == len(lap.tabel)


@pytest.mark.browser
def test_huge_budgets_fit_their_columns_in_the_pdf_print(tmp_path) -> None:
    """Rp 999.999.999.999 in every rupiah cell: no cell's content is wider than the cell."""
    import pandas as pd

    from kinerja.laporan.bagian.tahunan import anggaran_program_kegiatan
    from kinerja.laporan.bagian.triwulan import tabel_anggaran
    from kinerja.laporan.render.browser import find_browser

    rows = []
    for i in range(6):
        rows.append({"indikator": f"Indikator {i} dengan nama yang cukup panjang untuk dua baris", "kode": f"IK-{i}", "unit": "IRBAN-1",
                     "sasaran": "S", "kode_program": "6.01.02", "program": "Program Pengawasan", "kode_kegiatan": f"6.01.02.2.0{i}",
                     "kegiatan": f"Kegiatan {i}", "pagu": 999_999_999_999.0, "realisasi_anggaran": 999_999_999_999.0, "serapan": 100.0,
                     "efisiensi": "cukup efisien", "pptk": "Rina Wulandari, S.E., M.Ak.", "kendala": "–", "tindak_lanjut": "–",
                     "satuan": "%", "status": "dihitung", "capaian": 100.0, "predikat": "Sangat Tinggi"})
    tabel = pd.DataFrame(rows)
    html = render_bagian(tabel_anggaran(tabel, 4) + Bagian([anggaran_program_kegiatan(tabel)]))
    css = (Path(__file__).resolve().parents[1] / "templates" / "kinerja" / "kinerja.css").read_text(encoding="utf-8")
    page = tmp_path / "anggaran.html"
    page.write_text(f"<html><head><style>{css}</style></head><body><main class='dokumen'>{html}</main></body></html>", encoding="utf-8")
    from playwright.sync_api import sync_playwright

    spec = find_browser()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=spec.executable_path, args=["--no-sandbox"])
        try:
            tab = browser.new_page()
            tab.goto(page.as_uri())
            tab.emulate_media(media="print")
            tab.set_viewport_size({"width": 650, "height": 900})  # the A4 text width at 96 dpi
            overflowing = tab.evaluate("""() => [...document.querySelectorAll('td, th')]
                .filter(c => c.scrollWidth > c.clientWidth + 1).map(c => c.textContent)""")
        finally:
            browser.close()
    assert "999.999.999.999" in html
    assert overflowing == []


@pytest.mark.slow
def test_docx_converts_in_libreoffice(sample, tmp_path) -> None:
    from kinerja.laporan.bagian.tahunan import dokumen_tahunan, laporan_tahunan

    office = shutil.which("libreoffice") or shutil.which("soffice")
    assert office, "LibreOffice is installed by scripts/install-system-deps.sh"
    from kinerja.laporan.bagian.triwulan import dokumen_triwulan, laporan_triwulan

    _workspace, quarters, lap = sample
    target = tmp_path / "tahunan.docx"
    target.write_bytes(render_docx(Naskah(dokumen_tahunan(lap).info, laporan_tahunan(lap))))
    quarter = tmp_path / "triwulan-2.docx"
    quarter.write_bytes(render_docx(Naskah(dokumen_triwulan(quarters[2]).info, laporan_triwulan(quarters[2]))))
    subprocess.run([office, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(target), str(quarter)], check=True, capture_output=True, timeout=240)
    text = subprocess.run(["pdftotext", str(tmp_path / "tahunan.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    assert "BAB III AKUNTABILITAS KINERJA" in text and "PERJANJIAN KINERJA TAHUN 2025" in text
    # the Daftar Isi's PAGEREF fields are computed by LibreOffice: BAB III is listed on the page it starts on
    pages = text.split("\f")
    listed = re.search(r"BAB III AKUNTABILITAS KINERJA[ .]*(\d+)", pages[2])
    assert listed, pages[2][:500]
    page = pages[int(listed.group(1)) - 1].lstrip()
    assert page.removeprefix(DRAF_SPANDUK).lstrip().startswith("BAB III AKUNTABILITAS KINERJA")  # under the draft's banner
    quarterly = subprocess.run(["pdftotext", str(tmp_path / "triwulan-2.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    assert "Evaluasi hasil Renja" in quarterly and "Faktor penghambat" in quarterly


@pytest.mark.slow
def test_narasi_docx_is_drafted_then_read_back(sample, tmp_path) -> None:
    from docx import Document

    from kinerja.errors import ConfigError
    from kinerja.laporan.bagian.narasi import write_narasi_docx
    from kinerja.laporan.bagian.tahunan import laporan_tahunan
    from kinerja.laporan.model import data as rd
    from kinerja.laporan.model.narasi import JUDUL, docx_path

    workspace, _quarters, lap = sample
    path = docx_path(workspace.root, 2025)
    write_narasi_docx(lap, path)
    with pytest.raises(ConfigError):
        write_narasi_docx(lap, path)  # never overwritten silently
    document = Document(str(path))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == list(JUDUL.values())
    text = "\n".join(p.text for p in document.paragraphs)
    parts = text.split(JUDUL["kata_pengantar"], 1)[1]
    # drafts written from the data, every figure about results a live field (the field list stands before the first heading)
    assert "indikator" in parts and "{{ capaian_rata_rata }}" in parts and "{{ realisasi_anggaran }}" in parts
    assert not re.search(r"\d,\d\d%|Rp \d", parts)
    fields = [row.cells[0].text for row in document.tables[0].rows[1:]]
    assert {"{{ capaian_rata_rata }}", "{{ jumlah_sangat_tinggi }}", "{{ jumlah_di_bawah_tinggi }}", "{{ serapan }}"} <= set(fields)
    # Perencanaan edits one paragraph in Word, using a field
    index = next(i for i, p in enumerate(document.paragraphs) if p.text == JUDUL["isu_strategis"])
    document.paragraphs[index + 1].text = "Isu strategis yang ditulis sendiri: {{ jumlah_perhatian }} indikator perlu perhatian."
    document.save(str(path))
    again = rd.siapkan_tahunan(2025, ruang_kerja=str(workspace.root), keluaran=str(tmp_path / "keluaran"))
    html = "".join(render_bagian(p) for p in laporan_tahunan(again))
    rows = again.tabel.to_dict(orient="records")
    perhatian = sum(r["status"] != "dihitung" or r["capaian"] < 76 for r in rows)
    assert f"Isu strategis yang ditulis sendiri: {perhatian} indikator perlu perhatian." in html
    measured = [r["capaian"] for r in rows if r["status"] == "dihitung"]
    mean = Decimal(repr(sum(measured) / len(measured))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert f"Rata-rata capaian indikator yang terukur {str(mean).replace('.', ',')}%." in html  # Analisis penyebab, filled
    assert "{{" not in html
    # a field that does not exist is named with its part
    document.paragraphs[index + 1].text = "Isu {{ capaian_rata2 }}."
    document.save(str(path))
    with pytest.raises(ConfigError, match=r'bagian "Isu Strategis": bidang \{\{ capaian_rata2 \}\} tidak dikenal'):
        rd.siapkan_tahunan(2025, ruang_kerja=str(workspace.root), keluaran=str(tmp_path / "keluaran"))
    path.unlink()


@pytest.mark.slow
def test_kinerja_narasi_command(sample, tmp_path) -> None:
    from click.testing import CliRunner

    from kinerja.cli.commands import main

    workspace, _quarters, _annual = sample
    runner = CliRunner()
    first = runner.invoke(main, ["--ruang-kerja", str(workspace.root), "narasi", "--tahun", "2025"])
    assert first.exit_code == 0, first.output
    assert (workspace.root / "narasi" / "narasi-2025.docx").is_file()
    again = runner.invoke(main, ["--ruang-kerja", str(workspace.root), "narasi", "--tahun", "2025"])
    assert again.exit_code == 1 and "tidak ditimpa" in again.output and "Traceback" not in again.output
    (workspace.root / "narasi" / "narasi-2025.docx").unlink()
    (tmp_path / "kinerja.toml").write_bytes(SAMPLE_CONFIG.read_bytes())
    empty = runner.invoke(main, ["--ruang-kerja", str(tmp_path), "narasi", "--tahun", "2025"])
    assert empty.exit_code == 1 and "yang disetujui Sekretaris" in empty.output and "Triwulan I:" in empty.output


def test_a_missing_lambang_is_a_config_error_naming_the_key(tmp_path) -> None:
    from kinerja.config import load_config
    from kinerja.errors import ConfigError
    from kinerja.paths import SAMPLE_CONFIG

    text = SAMPLE_CONFIG.read_text(encoding="utf-8").replace('lambang = "lambang-contoh.png"', 'lambang = "tidak-ada.png"')
    (tmp_path / "kinerja.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match="instansi.lambang"):
        load_config(tmp_path / "kinerja.toml")
    (tmp_path / "tidak-ada.png").write_bytes((SAMPLE_CONFIG.parent / "lambang-contoh.png").read_bytes())
    assert load_config(tmp_path / "kinerja.toml").instansi.lambang == "tidak-ada.png"


def test_narasi_says_no_quarter_is_approved_when_drafts_exist(tmp_path, config) -> None:
    """The condition is approval, not the existence of quarterly results: a submitted DRAF is named with its state."""
    from _util_alur import drive, make_workspace
    from click.testing import CliRunner

    from kinerja.cli.commands import main

    ws = make_workspace(tmp_path / "ws", reports_for=(1,))
    drive(ws, config, "ajukan")
    result = CliRunner().invoke(main, ["--ruang-kerja", str(ws.root), "narasi", "--tahun", "2025"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "Belum ada laporan triwulan tahun 2025 yang disetujui Sekretaris" in result.output
    assert "Triwulan I: Pemeriksaan oleh Sekretaris" in result.output and "kinerja alur setujui" in result.output
