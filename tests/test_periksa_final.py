"""Figures in words in a final LKjIP: a narasi typed while TW IV was open is refused, sentence by
sentence; the same narasi with fields finalizes, and every figure of its PDF text equals its tables.

Everything is real: ``kinerja init --contoh``, every SOP step taken with ``kinerja alur`` by the
person whose role it is, the report notebooks in a Jupyter kernel, the final printed by Chromium,
the .docx and the PDF read back (python-docx, pypdf).
"""

from __future__ import annotations

import json
import re
import shutil
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from pypdf import PdfReader

from kinerja.cli.commands import main
from kinerja.paths import Workspace
from kinerja.terbitan import current

pytestmark = [pytest.mark.slow, pytest.mark.notebook, pytest.mark.browser]

SOP_BEFORE_REPORT = (("tugaskan", "siti", ("--pptk", "budi")), ("perintahkan", "siti", ()), ("serahkan_bahan", "dewi", ()))
SOP_AFTER_REPORT = (("ajukan", "budi"), ("setujui", "siti"), ("dokumentasikan", "rizal"))
FIELD = re.compile(r"\{\{\s*(\w+)\s*\}\}")


@pytest.fixture
def cli(hub, tmp_path):
    root = tmp_path / "kantor"

    def run(*args: str, user: str = "rizal", ok: bool = True):
        result = CliRunner().invoke(main, ["--ruang-kerja", str(root), *args], env=hub(user))
        assert (result.exit_code == 0) == ok, result.output
        return result

    run.root = root
    return run


def _quarter_steps(cli, triwulan: int, steps) -> None:
    for aksi, user, *extra in steps:
        cli("alur", aksi, "--tahun", "2025", "--triwulan", str(triwulan), *(extra[0] if extra else ()), user=user)


def _typed(path: Path, values: dict[str, str]) -> dict[str, str]:
    """What a person who typed the figures of the day would have written: every field of the
    draft replaced by its value then (the sentences of the draft stay); returns part -> text."""
    document = Document(str(path))
    part = ""
    typed: dict[str, str] = {}
    for paragraph in document.paragraphs:
        if paragraph.style.name == "Heading 1":
            part = paragraph.text
            continue
        if FIELD.search(paragraph.text):
            paragraph.text = FIELD.sub(lambda m: values[m.group(1)], paragraph.text)
            typed[part] = paragraph.text
    document.save(str(path))
    return typed


def _half_up(value: float, places: str = "0.01") -> Decimal:
    return Decimal(repr(value)).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def _id(value: Decimal, decimals: int = 2) -> str:
    """Indonesian figure, written here by hand (not with kinerja's formatter)."""
    whole, _, frac = f"{value:.{decimals}f}".partition(".")
    groups = f"{int(whole):,}".replace(",", ".")
    return f"{groups},{frac}" if decimals else groups


def test_a_narasi_typed_while_tw_iv_was_open_is_refused_and_fields_finalize(cli):
    cli("init", "--contoh", str(cli.root))
    ws = Workspace(cli.root)
    cli("sampel", "--tahun", "2025", "--timpa", "--tanpa-kesalahan", user="dewi")
    for triwulan in (1, 2, 3, 4):
        _quarter_steps(cli, triwulan, SOP_BEFORE_REPORT)
    cli("laporan", "triwulan", "--semua", "--tahun", "2025", "--tanpa-pdf", user="budi")
    for triwulan in (1, 2, 3):
        _quarter_steps(cli, triwulan, SOP_AFTER_REPORT)

    # --- the narasi is written while TW IV is still open: the command says so, the draft uses fields
    written = cli("narasi", "--tahun", "2025")
    assert "Peringatan: Triwulan IV 2025 belum disetujui Sekretaris" in written.output
    narasi = ws.root / "narasi" / "narasi-2025.docx"
    with_fields = narasi.with_name("dengan-bidang.docx")
    shutil.copy2(narasi, with_fields)
    drafted = "\n".join(p.text for p in Document(str(narasi)).paragraphs)
    assert "{{ capaian_rata_rata }}" in drafted and "{{ realisasi_anggaran }}" in drafted and "{{ jumlah_perhatian }}" in drafted
    assert not re.search(r"\d+,\d\d%|Rp \d", drafted.split("Kata Pengantar", 1)[1])  # no figure typed in any part

    # the figures of that day (TW I-III), typed in by hand, and an editing instruction left in Bab I B
    from kinerja.laporan.model.data import siapkan_tahunan

    day = siapkan_tahunan(2025, ruang_kerja=str(ws.root), keluaran=str(ws.root.parent / "scratch"))
    typed = _typed(narasi, {k: v for k, (v, _meaning) in day.bidang.items()})
    document = Document(str(narasi))
    index = next(i for i, p in enumerate(document.paragraphs) if p.text == "Tugas dan Fungsi")
    document.paragraphs[index + 1].text += " (sesuaikan dengan peraturan kepala daerah tentang tugas dan fungsi)"
    document.save(str(narasi))

    # --- TW IV approved and documented; the annual report made with the typed narasi
    _quarter_steps(cli, 4, SOP_AFTER_REPORT)
    made = cli("laporan", "tahunan", "--tahun", "2025")  # with its PDF: the messages name the page
    assert "Peringatan: laporan final akan ditolak selama 6 kalimat ini tidak sesuai" in made.output  # said at the DRAF already
    draft = current(ws.report_dir(2025, None))
    refused = cli("alur", "ajukan_tahunan", "--tahun", "2025", ok=False)  # its final would be refused: it is not submitted
    message = refused.output
    assert "Traceback" not in message and "'ajukan_tahunan' ditolak: laporan final Laporan tahunan 2025 akan ditolak" in message
    rows = json.loads((draft.folder / "capaian.json").read_text(encoding="utf-8"))
    measured = [r["capaian"] for r in rows if r["status"] == "dihitung"]
    mean = _half_up(sum(measured) / len(measured))
    stale_mean = re.search(r"terukur (\d+,\d\d%)", typed["Ikhtisar Eksekutif"]).group(1)
    assert stale_mean != f"{_id(mean)}%"
    # one line per sentence: where it stands (part, paragraph, page), what it says, what the tables say
    lines = [line for line in message.splitlines() if line.startswith("- ")]
    ikhtisar = next((line for line in lines if line.startswith("- IKHTISAR EKSEKUTIF") and stale_mean in line), "")
    assert re.match(r"- IKHTISAR EKSEKUTIF, paragraf 1 \(halaman \d+\): \"Rata-rata capaian indikator yang terukur", ikhtisar), message
    assert f"{stale_mean}, menurut tabel {_id(mean)}% (rata-rata capaian indikator terukur)" in ikhtisar
    realisasi = sum(r["realisasi_anggaran"] or 0 for r in rows)
    assert f"menurut tabel Rp {_id(Decimal(round(realisasi)), 0)} (realisasi anggaran)" in message
    assert any("C. Isu strategis, paragraf 1" in line and "(jumlah indikator di bawah predikat Tinggi)" in line for line in lines)
    assert any("Perbandingan dengan target akhir Renstra" in line and f"menurut tabel {len(rows)} (jumlah indikator yang dapat "
               "dibandingkan dengan target akhir Renstra)" in line for line in lines), message
    assert any("Analisis penyebab" in line and stale_mean in line for line in lines)
    assert any(line.startswith("- Word BAB I PENDAHULUAN › B. Tugas") and "(sesuaikan …)" in line for line in lines), message
    assert len(lines) == 6, message  # the two Ikhtisar sentences, Isu strategis, Renstra, Analisis, the instruction
    # nothing was published: the current set is still the DRAF that was refused
    assert current(ws.report_dir(2025, None)).folder == draft.folder and draft.info["status"] == "draf"

    # --- the same narasi with fields: it finalizes, and every figure of its PDF text equals its tables
    shutil.copy2(with_fields, narasi)
    assert "Peringatan" not in cli("laporan", "tahunan", "--tahun", "2025", "--tanpa-pdf").output
    cli("alur", "ajukan_tahunan", "--tahun", "2025")
    cli("alur", "setujui_tahunan", "--tahun", "2025", user="siti")  # renders the final, checked before it is published
    cli("alur", "dokumentasikan_tahunan", "--tahun", "2025")
    final = current(ws.report_dir(2025, None))
    assert final.info["status"] == "final"
    pdf = next(final.folder.glob("*.pdf"))
    text = " ".join(" ".join((page.extract_text() or "") for page in PdfReader(str(pdf)).pages).split())
    rows = json.loads((final.folder / "capaian.json").read_text(encoding="utf-8"))
    measured = [r["capaian"] for r in rows if r["status"] == "dihitung"]
    pagu = sum(r["pagu"] or 0 for r in rows)
    real = sum(r["realisasi_anggaran"] or 0 for r in rows)
    mean = f"{_id(_half_up(sum(measured) / len(measured)))}%"
    ikhtisar = re.search(r"Pada tahun 2025, .{0,80}? menetapkan (\d+) sasaran strategis dengan (\d+) indikator kinerja dalam "
                         r"Perjanjian Kinerja\. Rata-rata capaian indikator yang terukur (\S+) \(([^)]*)\)\. Realisasi anggaran "
                         r"(Rp [\d.]+) dari pagu (Rp [\d.]+) \(serapan (\S+)\)", text)
    assert ikhtisar, text[:3000]
    sasaran, jumlah, said_mean, per_predikat, said_real, said_pagu, said_serapan = ikhtisar.groups()
    assert int(sasaran) == len({r["sasaran"] for r in rows}) and int(jumlah) == len(rows)
    assert said_mean == mean
    assert said_real == f"Rp {_id(Decimal(round(real)), 0)}" and said_pagu == f"Rp {_id(Decimal(round(pagu)), 0)}"
    assert said_serapan == f"{_id(_half_up(real / pagu * 100))}%"
    counts = {name: sum(r["predikat"] == name for r in rows) for name in ("Sangat Tinggi", "Tinggi", "Sedang", "Rendah", "Sangat Rendah")}
    assert per_predikat == ", ".join(f"{v} {k}" for k, v in counts.items() if v)
    below = sum(v for k, v in counts.items() if k in ("Sedang", "Rendah", "Sangat Rendah")) + len(rows) - len(measured)
    assert f"Dari {len(rows)} indikator kinerja, {below} indikator belum mencapai predikat Tinggi atau belum terukur" in text
    assert f"Rata-rata capaian indikator yang terukur {mean}." in text  # Analisis penyebab
    # Bab IV's opening says the same, and the engine finds no figure in the final .docx's text that disagrees
    assert (f"mengukur {len(rows)} indikator kinerja dengan rata-rata capaian {mean} ({per_predikat}). Realisasi anggaran "
            f"{said_real} dari pagu {said_pagu} (serapan {said_serapan})") in text
    from kinerja.config import load_workspace_config
    from kinerja.laporan.model.data import load_referensi
    from kinerja.laporan.model.hasil import read_results
    from kinerja.laporan.model.ringkasan import hasil_resmi
    from kinerja.laporan.render.baca import docx_potongan
    from kinerja.periksa import Status, periksa

    config = load_workspace_config(ws.root)
    hasil = hasil_resmi(read_results(final.folder).capaian, config, 2025, referensi=load_referensi(ws, config, 2025))
    found = periksa(docx_potongan(next(final.folder.glob("*.docx"))), hasil)
    assert [t.pesan for t in found if t.status is Status.TIDAK_SESUAI] == []
    assert sum(t.status is Status.SESUAI for t in found) >= 15

    # --- kinerja reviews its own final (issue 20, item 4): the reviu's engine reads the rendered .docx back, tables
    # and text, not the data that made them; every capaian row gives its printed figure (a row whose realisasi prints
    # rounded is `pembulatan`, and only such a row), and every figure its text states agrees with its tables
    from kinerja.reviu.periksa import Aturan, reviu

    checked = reviu([next(final.folder.glob("*.docx"))], Aturan.dari_config(config))
    by_code = {r["kode"]: r for r in rows}
    assert len(checked.baris) >= len(rows)  # every indicator (some printed again beside the Renstra target)
    assert {re.search(r"IKU?-[\d.]+", b.indikator).group() for b in checked.baris} == set(by_code)
    for b in checked.baris:
        code = re.search(r"IKU?-[\d.]+", b.indikator).group()
        assert b.status in ("sesuai", "pembulatan"), (b.indikator, b.status, b.pesan)
        if b.status == "pembulatan":  # the stored realisasi has more decimals than the table prints
            stored = by_code[code]["realisasi"]
            assert isinstance(stored, float) and round(stored, 2) != stored, (b.indikator, stored, b.pesan)
    said = [t for t in checked.temuan if t.jenis == "teks" and t.status in ("sesuai", "tidak_sesuai")]
    assert said and all(t.status == "sesuai" for t in said), [t.pesan for t in said if t.status != "sesuai"]
    assert not [t for t in checked.temuan if t.status == "tidak_sesuai"], [t.pesan for t in checked.temuan]
    # the PDF printed by Chromium: no row that contradicts its figures (its sample watermark letters and narrow
    # cells can leave a row unreadable, never a wrong verdict)
    printed = reviu([pdf], Aturan.dari_config(config))
    assert printed.baris and not [b for b in printed.baris if b.status == "tidak_sesuai"]
