"""kinerja reviu: another office's LKjIP read from .docx, .xlsx and text PDF, every capaian row recomputed.

The fixture document (tests/_util_reviu.py) carries rows typed from published LKjIPs with their
printed capaian; the expected verdict of each row was worked out by hand (HARAPAN), so every
wrong row must be flagged and no right row, in all three formats.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import _util_reviu as fx  # noqa: E402

from kinerja.config import DEFAULT_PREDIKAT, DEFAULT_SKALA  # noqa: E402
from kinerja.reviu.baca import desimal_tercetak  # noqa: E402
from kinerja.reviu.periksa import KOLOM_JSON, Aturan, hitung, reviu  # noqa: E402
from kinerja.reviu.tabel import roles_of  # noqa: E402

ATURAN = Aturan(skala=dict(DEFAULT_SKALA), pita=DEFAULT_PREDIKAT)


@pytest.fixture(scope="module")
def berkas(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("lkjip")
    docx = fx.write_docx(folder / "lkjip-2019.docx")
    xlsx = fx.write_xlsx(folder / "lkjip-2019.xlsx")
    return {"docx": docx, "xlsx": xlsx, "pdf": fx.to_pdf(docx, folder), "ods": fx.to_ods(xlsx, folder)}


def _kinerja(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kinerja.cli", *args], cwd=cwd, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("jenis", ["docx", "xlsx", "pdf", "ods"])
def test_every_wrong_row_flagged_and_no_right_row(berkas, jenis):
    hasil = reviu([berkas[jenis]], ATURAN)
    verdicts = {" ".join(b.indikator.split()): b.status for b in hasil.baris}
    assert verdicts == fx.HARAPAN
    flagged = {b.indikator for b in hasil.baris if b.status == "tidak_sesuai"}
    assert flagged == fx.SALAH
    assert hasil.ada_tidak_sesuai


@pytest.mark.parametrize("jenis", ["docx", "xlsx", "pdf"])
def test_messages_name_the_convention_the_inference_and_the_uncapped_figure(berkas, jenis):
    rows = {b.indikator: b for b in reviu([berkas[jenis]], ATURAN).baris}
    akb = rows["Angka Kematian Bayi per 1.000 KH"]
    assert akb.arah == "negatif" and akb.arah_disimpulkan
    assert "T/R × 100 (kebalikan)" in akb.pesan and "disimpulkan dari kata 'Kematian'" in akb.pesan
    assert akb.capaian_hitung == pytest.approx(96.5373, abs=1e-4)
    capped = rows["Persentase rekomendasi hasil pengawasan yang ditindaklanjuti"]
    assert "dibatasi 100 %" in capped.pesan and "tanpa batas 115,50" in capped.pesan
    assert capped.capaian_hitung == pytest.approx(115.5)
    truncated = rows["Tingkat kepuasan masyarakat terhadap Polri"]
    assert truncated.capaian_tercetak == pytest.approx(139.73) and "dipotong" in truncated.pesan
    balita = rows["Angka Kematian Balita per 1.000 KH"]
    assert "171,88" in balita.pesan and "355,56" in balita.pesan
    opini = rows["Opini BPK atas laporan keuangan"]
    assert "skala" in opini.pesan and opini.capaian_hitung == pytest.approx(75.0)


@pytest.mark.parametrize("jenis", ["docx", "xlsx", "pdf"])
def test_findings_around_the_rows(berkas, jenis):
    temuan = reviu([berkas[jenis]], ATURAN).temuan
    by = {(t.jenis, t.status): t for t in temuan}
    # predikat against the bands the report states (Sampang 2019: 66–75 Cukup), not the config's names
    assert "'Cukup'" in by[("predikat", "tidak_sesuai")].pesan
    assert len([t for t in temuan if t.jenis == "predikat"]) == 1
    # the published average 85,38 is 85,3867 truncated
    assert "85,3867" in by[("rata_rata", "pembulatan")].pesan
    serapan = [t for t in temuan if t.jenis == "serapan"]
    assert len(serapan) == 1 and "85,90" in serapan[0].pesan
    iku = [t for t in temuan if t.jenis == "iku"]
    assert [t.pesan for t in iku] == ["indikator Perjanjian Kinerja 'Persentase OPD dengan nilai SAKIP minimal BB' tidak memiliki baris capaian"]
    kerangka = [t for t in temuan if t.jenis == "kerangka"]
    assert [t.status for t in kerangka] == ([] if jenis == "xlsx" else ["sesuai"])
    assert not [t for t in temuan if t.jenis == "konvensi"]


def test_pdf_table_split_over_two_pages_is_one_table_with_rows_counted_on(berkas):
    rows = [b for b in reviu([berkas["pdf"]], ATURAN).baris if b.tabel.startswith("Tabel 3.2")]
    assert len(rows) == len(fx.TABEL_32)
    assert len({b.halaman for b in rows}) == 2, "the fixture's Tabel 3.2 must run over a page break"
    assert [b.baris for b in rows] == sorted({b.baris for b in rows})


def test_merged_header_takes_this_years_capaian_not_earlier_years(berkas):
    for jenis in ("docx", "xlsx", "pdf"):
        rows = [b for b in reviu([berkas[jenis]], ATURAN).baris if "Kematian" in b.indikator]
        assert [b.target for b in rows] == ["0,16", "9,20", "0,64"]
        assert [b.capaian_tercetak for b in rows] == [87.10, 96.54, 72.52]


def test_cli_json_has_exactly_the_issue_fields_and_exit_1(berkas, tmp_path):
    done = _kinerja("reviu", str(berkas["pdf"]), "--format", "json", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    items = json.loads(done.stdout)
    rows = [x for x in items if "jenis" not in x]
    assert rows and all(tuple(x) == KOLOM_JSON for x in rows)
    assert {x["jenis"] for x in items if "jenis" in x} >= {"rata_rata", "predikat", "serapan", "iku", "kerangka"}
    done = _kinerja("reviu", str(berkas["xlsx"]), "--format", "json", cwd=tmp_path)
    rows = [x for x in json.loads(done.stdout) if "jenis" not in x]
    assert all("lembar" in x and "halaman" not in x for x in rows)
    assert "Traceback" not in done.stderr


def test_cli_named_cap_makes_the_capped_row_sesuai(berkas, tmp_path):
    done = _kinerja("reviu", str(berkas["docx"]), "--format", "json", "--batas-capaian", "100", cwd=tmp_path)
    rows = {x["indikator"]: x for x in json.loads(done.stdout) if "jenis" not in x}
    capped = rows["Persentase rekomendasi hasil pengawasan yang ditindaklanjuti"]
    assert capped["status"] == "sesuai" and "dibatasi 100 %" in capped["pesan"]


def test_cli_table_and_summary(berkas, tmp_path):
    done = _kinerja("reviu", str(berkas["xlsx"]), cwd=tmp_path)
    assert done.returncode == 1
    assert "9 baris capaian dibaca: 4 sesuai, 1 pembulatan, 3 tidak sesuai, 1 tidak dapat dihitung." in done.stdout


def test_scanned_pdf_is_refused_in_indonesian(berkas, tmp_path):
    scan = fx.scanned_pdf(berkas["pdf"], tmp_path / "pindaian.pdf")
    done = _kinerja("reviu", str(scan), cwd=tmp_path)
    assert done.returncode == 3
    assert "tidak dapat dibaca: PDF hasil pindaian" in done.stderr and "Traceback" not in done.stderr


def test_broken_and_unknown_files_are_one_sentence(tmp_path):
    broken = tmp_path / "rusak.docx"
    broken.write_bytes(b"bukan zip")
    done = _kinerja("reviu", str(broken), cwd=tmp_path)
    assert done.returncode == 3 and "rusak.docx: tidak dapat dibaca" in done.stderr and "Traceback" not in done.stderr
    assert "berkas rusak atau bukan" in done.stderr
    assert "Error" not in done.stderr and "Bad" not in done.stderr, done.stderr  # no library's English fault name
    broken_pdf = tmp_path / "rusak.pdf"
    broken_pdf.write_bytes(b"%PDF-1.7 bukan pdf")
    done = _kinerja("reviu", str(broken_pdf), cwd=tmp_path)
    assert done.returncode == 3 and "rusak.pdf: tidak dapat dibaca: bukan PDF yang sah." in done.stderr, done.stderr
    assert "Error" not in done.stderr and "Traceback" not in done.stderr, done.stderr
    other = tmp_path / "catatan.txt"
    other.write_text("x")
    done = _kinerja("reviu", str(other), cwd=tmp_path)
    assert done.returncode == 3 and "jenis berkas .txt tidak dikenal" in done.stderr
    done = _kinerja("reviu", cwd=tmp_path)
    assert done.returncode == 2 and "Sebutkan berkas" in done.stderr


def _docx_table(path: Path, header: tuple, rows: list[tuple]) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph("Tabel 3.1 Capaian")
    table = document.add_table(rows=len(rows) + 1, cols=len(header))
    for j, text in enumerate(header):
        table.cell(0, j).text = text
    for i, row in enumerate(rows, start=1):
        for j, text in enumerate(row):
            table.cell(i, j).text = text
    document.save(str(path))
    return path


def test_two_conventions_for_negative_indicators_in_one_report_is_a_finding(tmp_path):
    # Lampung 2015 (PermenPAN: 2 − 4,88/32 = 184,75) beside Manggarai Timur 2019 (T/R: 9,20/9,53 = 96,54)
    path = _docx_table(tmp_path / "campur.docx", ("Indikator", "Target", "Realisasi", "Capaian (%)"), [
        ("Angka Kematian Bayi (Lampung) per 1.000 KH", "32", "4,88", "184,75"),
        ("Angka Kematian Bayi per 1.000 KH", "9,20", "9,53", "96,54"),
    ])
    hasil = reviu([path], ATURAN)
    assert [b.status for b in hasil.baris] == ["sesuai", "sesuai"]
    assert "PermenPAN" in hasil.baris[0].pesan and "kebalikan" in hasil.baris[1].pesan
    konvensi = [t for t in hasil.temuan if t.jenis == "konvensi"]
    assert len(konvensi) == 1 and "dua konvensi" in konvensi[0].pesan


def test_direction_from_the_figure_when_words_say_nothing_and_from_an_arah_column(tmp_path):
    path = _docx_table(tmp_path / "arah.docx", ("Indikator", "Satuan", "Target", "Realisasi", "Capaian"), [
        ("Rasio beban pegawai", "%", "40", "35", "112,50"),       # only (2 − R/T) gives it
        ("Jumlah dokumen perencanaan", "dokumen", "10", "12", "120"),
    ])
    rows = reviu([path], ATURAN).baris
    assert rows[0].status == "sesuai" and rows[0].arah == "negatif" and rows[0].arah_disimpulkan
    assert "disimpulkan dari angka tercetak" in rows[0].pesan
    assert rows[1].status == "sesuai" and rows[1].arah == "positif"
    path = _docx_table(tmp_path / "kolom.docx", ("Indikator", "Arah", "Target", "Realisasi", "Capaian"), [
        ("Rasio beban pegawai", "Positif", "40", "35", "112,50"),
    ])
    row = reviu([path], ATURAN).baris[0]
    assert row.status == "tidak_sesuai" and not row.arah_disimpulkan and row.arah == "positif"


def test_negative_indicator_computed_as_positive_is_named(tmp_path):
    path = _docx_table(tmp_path / "salah-arah.docx", ("Indikator", "Target", "Realisasi", "Capaian"), [
        ("Prevalensi stunting", "20", "24", "120,00"),
    ])
    row = reviu([path], ATURAN).baris[0]
    assert row.status == "tidak_sesuai" and "rumus positif" in row.pesan and "80,00" in row.pesan


def test_realisasi_printed_rounded_is_pembulatan(tmp_path):
    # 0,02 stands for 0,015–0,025: against 0,03 that is 50–83,33
    path = _docx_table(tmp_path / "bulat.docx", ("Indikator", "Target", "Realisasi", "Capaian"), [
        ("Rasio dokumen", "0,03", "0,02", "60,00"),
        ("Rasio dokumen lain", "0,03", "0,02", "90,00"),
        ("Jumlah laporan", "12", "10", "84"),    # 83,33 printed without decimals as 84: nothing gives it
    ])
    rows = reviu([path], ATURAN).baris
    assert [r.status for r in rows] == ["pembulatan", "tidak_sesuai", "tidak_sesuai"]
    assert "0,015–0,025" in rows[0].pesan


def test_printed_at_fewer_decimals_is_sesuai(tmp_path):
    path = _docx_table(tmp_path / "nol.docx", ("Indikator", "Target", "Realisasi", "Capaian"), [
        ("Persentase laporan tepat waktu", "90", "76", "84"),    # 84,44
        ("Persentase laporan tepat waktu 2", "90", "76", "84,4"),
        ("Target nol", "0", "5", "100"),
    ])
    rows = reviu([path], ATURAN).baris
    assert [r.status for r in rows] == ["sesuai", "sesuai", "tidak_dapat_dihitung"]


def test_header_words_in_other_spellings():
    assert roles_of("Realisai 2019") == {"realisasi"}
    assert roles_of("Taget") == {"target"}
    assert roles_of("% Capain") == {"capaian"}
    assert "indikator" in roles_of("INDIKATOR KINERJA UTAMA")
    assert desimal_tercetak("1.250.000") == 0 and desimal_tercetak("96,54") == 2 and desimal_tercetak("n/a") is None


def test_inverse_convention_with_a_range_uses_the_bound_left():
    from kinerja.numbers import Rentang

    assert hitung("kebalikan", 12.0, Rentang(8.0, 10.0), {}) == pytest.approx(10 / 12 * 100)
    assert hitung("kebalikan", 9.0, Rentang(8.0, 10.0), {}) == 100.0
    assert hitung("kebalikan", 4.0, Rentang(8.0, 10.0), {}) == pytest.approx(200.0)


def test_kkr_workbook_opens_in_libreoffice(berkas, tmp_path):
    kkr = tmp_path / "kkr.xlsx"
    done = _kinerja("reviu", str(berkas["pdf"]), "--format", "xlsx", "--keluaran", str(kkr), cwd=tmp_path)
    assert done.returncode == 1 and kkr.is_file()
    exe = fx.soffice()
    assert exe, "LibreOffice is needed to open the KKR"
    subprocess.run([exe, f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--headless", "--convert-to", "csv",
                    "--outdir", str(tmp_path / "csv"), str(kkr)], check=True, capture_output=True, timeout=300)
    text = (tmp_path / "csv" / "kkr.csv").read_text(encoding="utf-8", errors="replace")
    assert "KERTAS KERJA REVIU" in text
    assert "Angka Kematian Balita per 1.000 KH" in text and "Tidak sesuai" in text
    assert "Tabel 3.8 Analisis Pencapaian Sasaran Strategis 5" in text


@pytest.mark.parametrize("jenis", ["docx", "pdf"])
def test_figures_stated_in_the_text_checked_with_kinerjas_engine_against_the_printed_tables(berkas, jenis):
    teks = [t for t in reviu([berkas[jenis]], ATURAN).temuan if t.jenis == "teks"]
    wrong = [t for t in teks if t.status == "tidak_sesuai"]
    assert len(wrong) == 1 and "serapan 95,00%" in wrong[0].pesan and "92,47%" in wrong[0].pesan
    assert wrong[0].halaman == 1
    right = " ".join(t.pesan for t in teks if t.status == "sesuai")
    assert "rata-rata capaian indikator terukur 92,45%" in right and "berpredikat Sangat Baik 4" in right
    assert "Rp 1.599.800.000" in right
    # the sentence about one sasaran is another scope: not judged, only counted
    assert not any("85,38" in t.pesan for t in teks if t.status in ("sesuai", "tidak_sesuai"))


def test_workbook_has_no_text_to_check(berkas):
    assert not [t for t in reviu([berkas["xlsx"]], ATURAN).temuan if t.jenis == "teks"]


def test_lhr_docx_and_pdf_are_draf_until_approved_and_libreoffice_opens_them(berkas, tmp_path):
    import docx
    import pdfplumber

    from kinerja.reviu.lhr import DRAF_LHR, tulis_lhr

    root = Path(__file__).resolve().parents[1]  # the checkout is the sample workspace (letterhead, Inspektur)
    lhr = tmp_path / "lhr-2019.docx"
    done = _kinerja("--ruang-kerja", str(root), "reviu", str(berkas["pdf"]), "--lhr", str(lhr), "--tahun", "2019",
                    "--format", "json", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert lhr.is_file() and lhr.with_suffix(".pdf").is_file()
    document = docx.Document(str(lhr))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "D. Catatan Hasil Reviu" in text and "E. Simpulan" in text and "ditemukan 3 capaian" in text
    assert DRAF_LHR in cells and "Angka Kematian Balita per 1.000 KH" in cells and "Tabel 3.8" in cells
    with pdfplumber.open(str(lhr.with_suffix(".pdf"))) as pdf:
        printed = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert "LAPORAN HASIL REVIU" in printed and "menunggu persetujuan Pengendali Teknis" in printed
    exe = fx.soffice()
    subprocess.run([exe, f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--headless", "--convert-to", "txt:Text",
                    "--outdir", str(tmp_path / "txt"), str(lhr)], check=True, capture_output=True, timeout=300)
    assert "Catatan Hasil Reviu" in (tmp_path / "txt" / "lhr-2019.txt").read_text(encoding="utf-8", errors="replace")
    # approved: no DRAF banner, no draft note over the signature
    approved = tmp_path / "lhr-final.docx"
    tulis_lhr(reviu([berkas["docx"]], ATURAN), approved, obyek="lkjip-2019.docx", tahun=2019, setujui=True, pdf=False)
    final = docx.Document(str(approved))
    everything = "\n".join(p.text for p in final.paragraphs) + "\n".join(
        c.text for t in final.tables for row in t.rows for c in row.cells)
    assert "DRAF" not in everything and "Catatan Hasil Reviu" in everything
    assert "NIP " not in text + cells  # the DRAF has no signature block


def test_pernyataan_telah_direviu_names_the_exceptions_and_is_signed_only_when_approved(berkas, tmp_path):
    import docx

    from kinerja.config import load_workspace_config
    from kinerja.reviu.lhr import tulis_pernyataan

    root = Path(__file__).resolve().parents[1]
    config = load_workspace_config(root)

    def text_of(path: Path) -> str:
        d = docx.Document(str(path))
        return "\n".join(p.text for p in d.paragraphs) + "\n" + "\n".join(
            c.text for t in d.tables for row in t.rows for c in row.cells)

    draf = tulis_pernyataan(reviu([berkas["docx"]], ATURAN), tmp_path / "pernyataan.docx", obyek="lkjip-2019.docx",
                            tahun=2019, config=config, tanggal="8 Desember 2026")
    text = text_of(draf)
    assert "PERNYATAAN TELAH DIREVIU" in text and "kecuali:" in text and "Angka Kematian Balita per 1.000 KH" in text
    assert "menunggu persetujuan Pengendali Teknis" in text and config.kepala.nip not in text
    clean = _docx_table(tmp_path / "lampung.docx", ("Indikator", "Target", "Realisasi", "Capaian"), [
        ("Angka Kematian Bayi per 1.000 KH", "32", "4,88", "184,75"),
    ])
    final = tulis_pernyataan(reviu([clean], ATURAN), tmp_path / "pernyataan-final.docx", obyek="lampung.docx",
                             tahun=2015, config=config, tanggal="8 Desember 2026", setujui=True)
    text = text_of(final)
    assert "kecuali" not in text and "DRAF" not in text and config.kepala.nama in text and config.kepala.nip in text
