"""What a leader may sign: a draft cannot be signed in any format, a final states the final state.

The sample year's reports are built in-process (no kernel) from the same sections the notebooks
display; the .docx is read back with python-docx and rendered page by page by LibreOffice
(``soffice --headless --convert-to pdf``, then ``pdftotext`` and ``pdftoppm``).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from kinerja.config import load_config
from kinerja.laporan.bagian.lampiran import kepala_daerah
from kinerja.laporan.bagian.tahunan import dokumen_tahunan, laporan_tahunan
from kinerja.laporan.bagian.triwulan import dokumen_triwulan, laporan_triwulan
from kinerja.laporan.model.dokumen import DRAF_SPANDUK, DRAF_TANDA_TANGAN, Naskah, TandaTangan
from kinerja.laporan.render.ke_docx import render_docx
from kinerja.paths import SAMPLE_CONFIG, Workspace

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("draf_tahun_sampel")]


@pytest.fixture(scope="module")
def sample(tmp_path_factory, sample_raw):
    """The sample year in-process: the four quarters' report data (TW II with its galat stays a
    draft) and the annual data."""
    from _util_alur import official_sample_year

    from kinerja.laporan.model import data as rd
    from kinerja.laporan.model.riwayat import write_workspace_sample_riwayat

    root = tmp_path_factory.mktemp("ruang")
    shutil.copytree(sample_raw, root / "data" / "raw")
    (root / "kinerja.toml").write_bytes(SAMPLE_CONFIG.read_bytes())
    write_workspace_sample_riwayat(Workspace(root), load_config(), 2025)
    quarters = official_sample_year(root, load_config())
    return quarters, rd.siapkan_tahunan(2025, ruang_kerja=str(root))


def _final(info: dict) -> dict:
    """The document block as the runner marks an approved report final (``export.mark_final``)."""
    return {**info, "final": True, "draf": False, "tanda_air": [w for w in info.get("tanda_air", []) if w != "DRAF"]}


def _without_watermark(info: dict) -> dict:
    return {**info, "tanda_air": []}


def _convert(office: str, folder: Path, documents: dict[str, bytes]) -> dict[str, Path]:
    """Every document converted to PDF by LibreOffice in one run; name -> PDF."""
    for name, data in documents.items():
        (folder / f"{name}.docx").write_bytes(data)
    subprocess.run([office, "--headless", f"-env:UserInstallation={(folder / 'lo').as_uri()}", "--convert-to", "pdf",
                    "--outdir", str(folder), *[str(folder / f"{n}.docx") for n in documents]],
                   check=True, capture_output=True, timeout=400)
    return {name: folder / f"{name}.pdf" for name in documents}


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [page for page in text.split("\f") if page.strip()]


def _images(pdf: Path, folder: Path) -> list:
    """Every page as a grey-scale image (pdftoppm, 40 dpi)."""
    from PIL import Image

    prefix = folder / pdf.stem
    subprocess.run(["pdftoppm", "-r", "40", "-gray", "-png", str(pdf), str(prefix)], check=True, capture_output=True, timeout=120)
    return [Image.open(p).convert("L") for p in sorted(folder.glob(f"{pdf.stem}-*.png"))]


def _changed(a, b) -> int:
    """Pixels that differ visibly between two renderings of one page."""
    from PIL import ImageChops

    diff = ImageChops.difference(a, b).point(lambda v: 255 if v > 8 else 0)
    return sum(diff.histogram()[255:])


def test_a_docx_draft_cannot_be_signed_on_any_page(sample, tmp_path) -> None:
    office = shutil.which("libreoffice") or shutil.which("soffice")
    assert office, "LibreOffice is installed by scripts/install-system-deps.sh"
    from docx import Document

    config = load_config()
    quarters, annual = sample
    reports = {"triwulan-2": (dokumen_triwulan(quarters[2]).info, laporan_triwulan(quarters[2])),
               "tahunan": (dokumen_tahunan(annual).info, laporan_tahunan(annual))}
    documents = {}
    for name, (info, parts) in reports.items():
        assert info["final"] is False and "DRAF" in info["tanda_air"]
        documents[name] = render_docx(Naskah(info, parts))
        documents[f"{name}-tanpa-tanda-air"] = render_docx(Naskah(_without_watermark(info), parts))
        documents[f"{name}-final"] = render_docx(Naskah(_final(info), parts))

    for name in reports:
        # read back with python-docx: the banner and the watermark in every section's header, no signature anywhere
        document = Document(io.BytesIO(documents[name]))
        for section in document.sections:
            assert not section.different_first_page_header_footer
            header = section.header
            assert DRAF_SPANDUK in [p.text for p in header.paragraphs], name
            assert 'string="CONTOH · DRAF"' in header._element.xml, name
        body = "\n".join([p.text for p in document.paragraphs]
                         + [c.text for t in document.tables for row in t.rows for c in row.cells])
        assert DRAF_TANDA_TANGAN in body
        assert "NIP " not in body, name  # no name and NIP block to sign
        assert not re.search(rf"{config.instansi.kota}, \d+ \w+ \d{{4}}", body), name  # nor the dated line above it
        final = Document(io.BytesIO(documents[f"{name}-final"]))
        assert not any(DRAF_SPANDUK in p.text for s in final.sections for p in s.header.paragraphs)
        assert "DRAF" not in final.sections[0].header._element.xml

    pdfs = _convert(office, tmp_path, documents)
    for name in reports:
        pages = _pages(pdfs[name])
        assert len(pages) >= 5, name
        for number, page in enumerate(pages, start=1):
            assert DRAF_SPANDUK in page, (name, number)  # the banner is printed on every page
            assert "NIP " not in page, (name, number)
        final_pages = _pages(pdfs[f"{name}-final"])
        assert not any("DRAF" in page for page in final_pages)
        assert sum(f"NIP {config.kepala.nip}" in page for page in final_pages) >= 1
        # the diagonal watermark on every page: the same document without it differs on every page, widely
        drawn = _images(pdfs[name], tmp_path)
        bare = _images(pdfs[f"{name}-tanpa-tanda-air"], tmp_path)
        assert len(drawn) == len(bare) == len(pages)
        changed = [_changed(a, b) for a, b in zip(drawn, bare, strict=True)]
        assert min(changed) > 400, (name, changed)


def test_the_perjanjian_kinerja_is_signed_once_in_the_lkjip(sample) -> None:
    config = load_config()
    _quarters, annual = sample
    blocks = [b for part in laporan_tahunan(annual) for b in part.blok]
    head = kepala_daerah(config)
    pk = [b for b in blocks if isinstance(b, TandaTangan) and any(p.nama == head.nama for p in b.blok)]
    assert len(pk) == 1
    from docx import Document

    document = Document(io.BytesIO(render_docx(Naskah(_final(dokumen_tahunan(annual).info), laporan_tahunan(annual)))))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert sum(text.startswith("Pihak Kedua,") for text in cells) == 1


# --- a final states the final state ----------------------------------------------------------

def _notebook(info: dict, parts: list) -> object:
    """An executed report notebook as the kernel leaves it: the document block, then every
    section as one output (the model as JSON and its HTML)."""
    from nbformat.v4 import new_code_cell, new_notebook, new_output

    from kinerja.laporan.model.dokumen import DOC_MIME, MODEL_MIME
    from kinerja.laporan.render.ke_html import render_bagian

    outputs = [new_output("display_data", data={DOC_MIME: info, "text/plain": "dokumen"})]
    outputs += [new_output("display_data", data={"text/html": render_bagian(p), MODEL_MIME: p.to_json()}) for p in parts]
    return new_notebook(cells=[new_code_cell("laporan", outputs=outputs)], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})


def _section(naskah: Naskah, ident: str) -> str:
    """The text of the section under the heading ``ident``, up to the next heading of its level or above."""
    from kinerja.laporan.model.dokumen import Judul, Kotak, Paragraf, Tabel

    out, level = [], None
    for block in naskah.blok():
        if isinstance(block, Judul):
            if level is not None and block.tingkat <= level:
                break
            if block.id == ident:
                level = block.tingkat
        if level is None:
            continue
        if isinstance(block, Paragraf | Kotak | Judul):
            out.append(block.teks)
        elif isinstance(block, Tabel):
            out += [" | ".join(block.kepala)] + [" | ".join(c.teks for c in row.sel) for row in block.baris]
    assert level is not None, ident
    return "\n".join(out)


def test_a_final_quarterly_report_states_its_own_approval_not_the_drafting_state(sample, tmp_path) -> None:
    import nbformat
    from _util_alur import drive, make_workspace, publish_report

    from kinerja.alur.workflow import act, approval
    from kinerja.laporan.jalan.runner import finalize_report
    from kinerja.laporan.model.dokumen import ID_STATUS_ALUR
    from kinerja.laporan.render.ke_docx import naskah_from_notebook
    from kinerja.terbitan import current

    config = load_config()
    quarters, _annual = sample
    lap = quarters[1]
    drafted = _notebook(dokumen_triwulan(lap).info, laporan_triwulan(lap))
    drafted_text = _section(naskah_from_notebook(drafted), ID_STATUS_ALUR)
    assert "Penyusunan laporan" in drafted_text and "Tenggat" in drafted_text  # the state current while it was drafted
    assert "(budi)" not in drafted_text  # people by name, never by username

    ws = make_workspace(tmp_path / "kantor")
    event = drive(ws, config, "serahkan_bahan")
    publish_report(ws, 2025, 1, files={"laporan-triwulan-1-2025.ipynb": nbformat.writes(drafted).encode(),
                                        "capaian.json": b"[]", "temuan.json": b"[]", "meta.json": b'{"unit": ""}'})
    moment = dt.datetime.fromisoformat(event.waktu)
    act(ws, config, "ajukan", 2025, 1, username="budi", now=moment + dt.timedelta(hours=1))
    act(ws, config, "setujui", 2025, 1, username="siti", now=moment + dt.timedelta(hours=2))
    state = approval(ws, config, 2025, 1)
    approved = current(ws.report_dir(2025, 1))
    finalize_report(ws, config, 2025, 1, pdf=False)

    final = current(ws.report_dir(2025, 1))
    html = final.path("laporan-triwulan-1-2025.html").read_text(encoding="utf-8")
    start = html.index(f'id="{ID_STATUS_ALUR}"')
    section = html[start:html.index("</section>", start)]
    text = " ".join(re.sub(r"<[^>]+>", " ", section).split())
    siti = config.person("siti")
    assert f"disetujui oleh {siti.nama} (Sekretaris)" in text and state.uraian in text
    assert approved.folder.name in text and "Keterangan pembuatan dokumen" in text  # which set; its checksum in the provenance
    for stale in ("Penyusunan laporan", "Tenggat", "Giliran", "(siti)", "(budi)", state.sha256):
        assert stale not in text, stale
    footer = html[html.index('class="provenans"'):]
    assert state.sha256 in footer and html.count(state.sha256) == 1  # the checksum only in the provenance block
    from docx import Document

    document = Document(str(final.path("laporan-triwulan-1-2025.docx")))
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert state.uraian in cells and "Penyusunan laporan" not in cells and state.sha256 not in cells
    assert any(state.sha256 in p.text for p in document.paragraphs)  # provenance


def test_a_final_lkjip_states_its_own_approval_not_the_drafting_state(sample) -> None:
    from kinerja.laporan.bagian.umum import status_alur_final
    from kinerja.laporan.model.dokumen import ID_STATUS_ALUR
    from kinerja.laporan.render.export import mark_final
    from kinerja.laporan.render.ke_docx import naskah_from_notebook

    config = load_config()
    _quarters, annual = sample
    notebook = _notebook(dokumen_tahunan(annual).info, laporan_tahunan(annual))
    drafted = _section(naskah_from_notebook(notebook), ID_STATUS_ALUR)
    assert "laporan kinerja tahunan" in drafted.lower() and "Tenggat" in drafted
    uraian = f"disetujui oleh {config.person('siti').nama} (Sekretaris) pada 20 Januari 2026 pukul 09.00 WITA"
    mark_final(notebook, config, approval=uraian, alur=status_alur_final(uraian, "versi-3"), dasar="a" * 64)
    naskah = naskah_from_notebook(notebook)
    text = _section(naskah, ID_STATUS_ALUR)
    assert uraian in text and "versi-3" in text
    assert "Tenggat" not in text and "Penyusunan" not in text and "a" * 64 not in text
    assert "a" * 64 in str(naskah.info["provenans"])
    # the rest of the Lampiran is untouched: the sources table is still there
    assert "Sumber data laporan" in "\n".join(j.teks for j in naskah.judul())


# --- smaller defects: what a signed page shows ------------------------------------------------

def _texts(parts: list) -> list[str]:
    """Every text a report's sections print (headings, paragraphs, boxes, cells, summary boxes), not the provenance block."""
    from kinerja.laporan.model.dokumen import Judul, Kotak, Paragraf, Ringkasan, Tabel

    out = []
    for block in (b for part in parts for b in part.blok):
        if isinstance(block, Judul | Paragraf | Kotak):
            out.append(block.teks)
        elif isinstance(block, Tabel):
            out += [block.judul, *block.kepala, *(c.teks for row in block.baris for c in row.sel)]
        elif isinstance(block, Ringkasan):
            out += [f"{value} {label}" for value, label in block.butir]
    return out


def test_pages_name_people_by_name_and_role_and_show_no_hash_or_workspace_path(sample) -> None:
    config = load_config()
    quarters, annual = sample
    usernames = [p.username for p in config.pegawai]
    for name, parts in [*((f"TW {q}", laporan_triwulan(lap)) for q, lap in quarters.items()), ("tahunan", laporan_tahunan(annual))]:
        for text in _texts(parts):
            for username in usernames:
                assert f"({username})" not in text, (name, text)
            assert not re.search(r"\b[0-9a-f]{16,}\b", text), (name, text)  # no hashes
            assert "hash" not in text.lower() and "data/" not in text and "/tmp" not in text, (name, text)


def test_the_summary_card_serapan_is_its_own_realisasi_over_its_own_pagu(sample) -> None:
    from kinerja.laporan.bagian.umum import ringkasan
    from kinerja.laporan.model.dokumen import Ringkasan

    config = load_config()
    quarters, annual = sample
    for tabel in [lap.tabel for lap in quarters.values()] + [annual.tabel]:
        card = next(b for b in ringkasan(tabel, config).blok if isinstance(b, Ringkasan))
        values = {label: value for value, label in card.butir}
        pagu = next(float(v.removeprefix("Rp ").replace(".", "")) for k, v in values.items() if k.startswith("pagu"))
        real = next(float(v.removeprefix("Rp ").replace(".", "")) for k, v in values.items() if k.startswith("realisasi anggaran"))
        serapan = next(float(v.rstrip("%").replace(",", ".")) for k, v in values.items() if k.startswith("serapan"))
        assert serapan == pytest.approx(real / pagu * 100, abs=0.006), values
    # TW II: two budget galat rows; the card says its figures leave them out
    labels = [label for _v, label in next(b for b in ringkasan(quarters[2].tabel, config).blok if isinstance(b, Ringkasan)).butir]
    assert any("galat" in label for label in labels if label.startswith("pagu")), labels


def test_the_draft_lkjip_lists_no_galat_count_for_a_quarter_it_has_no_results_of(sample) -> None:
    from kinerja.laporan.bagian.lampiran import sumber_data
    from kinerja.laporan.model.dokumen import Tabel

    _quarters, annual = sample
    table = next(b for b in sumber_data(annual).blok if isinstance(b, Tabel) and "Galat" in b.kepala)
    column = table.kepala.index("Galat")
    tw2 = next(row for row in table.baris if row.sel[0].teks == "Triwulan II")
    assert tw2.sel[1].teks == "belum ada" and tw2.sel[column].teks == "–"


def test_bab_iii_b_does_not_call_the_indicators_budget_the_dpa(sample) -> None:
    from kinerja.laporan.bagian.tahunan import anggaran_program_kegiatan

    _quarters, annual = sample
    table = anggaran_program_kegiatan(annual.tabel)
    texts = [table.judul, *table.kepala, *(c.teks for row in table.baris for c in row.sel)]
    assert not any("DPA" in text for text in texts), texts
    assert any(text.startswith("Jumlah pagu") for text in texts)
