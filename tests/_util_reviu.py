"""LKjIP fixtures for the reviu tests: one document typed as .docx, .xlsx and text PDF.

Sources of the typed rows (the printed target, realisasi and capaian as published):

- LKjIP Kabupaten Manggarai Timur 2019, Tabel 3.8 "Analisis Pencapaian Sasaran Strategis 5:
  Menurunnya Kematian Ibu Baru Melahirkan dan Anak Baru Lahir" (AKI 0,16 / 0,19 / 87,10;
  AKB 9,20 / 9,53 / 96,54; Angka Kematian Balita 0,64 / 0,18 / 72,52; Rata-rata 85,38), with
  its earlier-year columns and the merged "Tahun 2019" header over Target and Realisasi.
- LKj Provinsi Lampung 2015, Bab III (Angka Kematian Bayi per 1.000 KH: target 32, realisasi
  4,88, capaian 184,75; against the 2019 Renstra target 24: 179,67).
- LKjIP Inspektorat Daerah Kabupaten Sampang 2019, Tabel 3.1 (the stated bands: 91–100 Sangat
  Baik, 76–90 Baik, 66–75 Cukup, 51–65 Kurang, ≤ 50 Sangat Kurang) and its row "Persentase
  penurunan temuan keuangan yang bersifat materil: % 55% n/a n/a".
- Laporan kinerja SPKT Polda Jawa Tengah 2018, "Tabel Indikator Kinerja" (Tingkat kepuasan
  masyarakat terhadap Polri: 65 % / 90,83 % / 139,73 %: 90,83 / 65 = 139,738…, printed
  truncated).

No published row with a range target, an ordinal target with a printed capaian, a capaian
capped at 100 % or a budget table was found in the material searchable while these fixtures
were written; those rows are CONSTRUCTED (marked ``disusun`` below) in the same form, and the
expected verdict of every row is worked out by hand in :data:`HARAPAN`.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

# (indikator, satuan, target, realisasi, capaian, predikat)  -- Tabel 3.2, positive indicators
TABEL_32 = [
    # Sampang 2019: no realisasi measured
    ("Persentase penurunan temuan keuangan yang bersifat materil", "%", "55%", "n/a", "n/a", ""),
    # SPKT Polda Jateng 2018: 139,738… printed truncated
    ("Tingkat kepuasan masyarakat terhadap Polri", "%", "65 %", "90,83 %", "139,73 %", "Sangat Baik"),
    # disusun: range target, realisasi above it: 90,12 / 88,30 = 102,06
    ("Indeks Kepuasan Masyarakat", "indeks", "76,61 – 88,30", "90,12", "102,06", "Sangat Baik"),
    # disusun: ordinal (BPK opinion) WDP against WTP = 3/4; predikat printed wrong (75 is Cukup)
    ("Opini BPK atas laporan keuangan", "opini", "WTP", "WDP", "75,00", "Baik"),
    # disusun: capped at 100 % where 92,4 / 80 gives 115,50
    ("Persentase rekomendasi hasil pengawasan yang ditindaklanjuti", "%", "80", "92,4", "100,00", "Sangat Baik"),
    # disusun: ordinal level, Level 2 of Level 3 = 66,67
    ("Level kapabilitas APIP", "level", "Level 3", "Level 2", "66,67", "Cukup"),
]

# Tabel 3.8 (Manggarai Timur 2019): NO, indikator, capaian 2015–2018, target, realisasi, capaian 2019
TABEL_38 = [
    ("1.", "Angka Kematian Ibu per 100.000 KH", "0,15", "0,21", "0,19", "0,17", "0,16", "0,19", "87,10"),
    ("2.", "Angka Kematian Bayi per 1.000 KH", "8,49", "8,17", "8,17", "8,10", "9,20", "9,53", "96,54"),
    ("3.", "Angka Kematian Balita per 1.000 KH", "1,5", "0,55", "2,41", "0,30", "0,64", "0,18", "72,52"),
]
RATA_38 = ("", "Rata-rata Capaian Kinerja", "81,93", "83,65", "83,14", "91,02", "", "", "85,38")

# disusun: Bab III B realisasi anggaran
ANGGARAN = [
    ("Program Penyelenggaraan Pengawasan", "1.250.000.000", "1.187.500.000", "95,00"),
    ("Program Perumusan Kebijakan, Pendampingan dan Asistensi", "480.000.000", "412.300.000", "89,90"),
]

PK = [
    "Tingkat kepuasan masyarakat terhadap Polri", "Indeks Kepuasan Masyarakat", "Opini BPK atas laporan keuangan",
    "Persentase rekomendasi hasil pengawasan yang ditindaklanjuti", "Level kapabilitas APIP",
    "Angka Kematian Bayi per 1.000 KH",
    # disusun: a PK indicator with no capaian row
    "Persentase OPD dengan nilai SAKIP minimal BB",
]

PITA = [("1", "91 % ≤ 100 %", "Sangat Baik"), ("2", "76 % ≤ 90 %", "Baik"), ("3", "66 % ≤ 75 %", "Cukup"),
        ("4", "51 % ≤ 65 %", "Kurang"), ("5", "≤ 50 %", "Sangat Kurang")]

HARAPAN = {
    "Persentase penurunan temuan keuangan yang bersifat materil": "tidak_dapat_dihitung",
    "Tingkat kepuasan masyarakat terhadap Polri": "pembulatan",          # 139,738 truncated
    "Indeks Kepuasan Masyarakat": "sesuai",                               # 90,12/88,30 = 102,061
    "Opini BPK atas laporan keuangan": "sesuai",                          # 3/4 = 75
    "Persentase rekomendasi hasil pengawasan yang ditindaklanjuti": "tidak_sesuai",  # 115,5 capped at 100
    "Level kapabilitas APIP": "sesuai",                                   # 2/3 = 66,67
    "Angka Kematian Ibu per 100.000 KH": "tidak_sesuai",   # T/R 84,21; (2−R/T) 81,25; R in 0,185–0,195: ≤ 86,49
    "Angka Kematian Bayi per 1.000 KH": "sesuai",          # T/R = 9,20/9,53 = 96,537
    "Angka Kematian Balita per 1.000 KH": "tidak_sesuai",  # T/R 355,56; (2−R/T) 171,88
}
"""The verdict of every row, worked out by hand from the printed figures."""

SALAH = {k for k, v in HARAPAN.items() if v == "tidak_sesuai"}

IKHTISAR = [
    "Laporan Kinerja ini disusun untuk uji reviu dari baris-baris yang diterbitkan.",
    # right: 8 of the 9 rows have a printed capaian, their mean is 92,45; 4 are Sangat Baik by the stated bands
    "Dari 9 indikator kinerja, 8 indikator terukur dengan rata-rata capaian 92,45%.",
    "Sebanyak 4 indikator berpredikat Sangat Baik.",
    # wrong: 1.599.800.000 / 1.730.000.000 = 92,47 %
    "Realisasi anggaran Rp 1.599.800.000 atau serapan 95,00% dari pagu.",
    # another scope (one sasaran): not judged
    "Rata-rata capaian sasaran 5 tahun 2019 sebesar 85,38 %.",
]
TEKS_SALAH = ["95,00%"]


def write_docx(path: Path, *, pisah_halaman: bool = True, filler: int = 14) -> Path:
    """The fixture LKjIP as .docx (python-docx), outline of PermenPAN-RB 53/2014 included."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "Liberation Sans"
    style.font.size = Pt(10)

    def table(rows: list[tuple], widths: tuple[float, ...] | None = None):
        t = document.add_table(rows=len(rows), cols=len(rows[0]))
        t.style = "Table Grid"
        t.autofit = False
        for i, row in enumerate(rows):
            tr_pr = t.rows[i]._tr.get_or_add_trPr()
            tr_pr.append(OxmlElement("w:cantSplit"))  # a row is never broken over two pages
            for j, value in enumerate(row):
                cell = t.cell(i, j)
                cell.text = value
                for run in cell.paragraphs[0].runs:
                    run.font.size = Pt(8)
                if widths:
                    cell.width = Cm(widths[j])
        return t

    document.add_heading("LAPORAN KINERJA INSTANSI PEMERINTAH TAHUN 2019", 0)
    document.add_heading("KATA PENGANTAR", 1)
    document.add_paragraph("Laporan ini memuat capaian kinerja tahun 2019.")
    document.add_heading("IKHTISAR EKSEKUTIF", 1)
    for text in IKHTISAR:
        document.add_paragraph(text)
    document.add_heading("DAFTAR ISI", 1)
    document.add_paragraph("Bab I Pendahuluan; Bab II Perencanaan Kinerja; Bab III Akuntabilitas Kinerja; Bab IV Penutup")
    document.add_page_break()
    document.add_heading("BAB I PENDAHULUAN", 1)
    document.add_paragraph("Latar belakang, tugas, fungsi dan struktur organisasi, isu strategis.")
    document.add_heading("BAB II PERENCANAAN KINERJA", 1)
    document.add_paragraph("Tabel 2.1 Perjanjian Kinerja Tahun 2019")
    table([("No", "Indikator Kinerja", "Target")] + [(str(i), name, "–") for i, name in enumerate(PK, 1)])
    document.add_page_break()
    document.add_heading("BAB III AKUNTABILITAS KINERJA", 1)
    document.add_paragraph("Tabel 3.1 Interval Penilaian Kinerja")
    table([("NO", "INTERVAL NILAI REALISASI KINERJA", "KRITERIA PENILAIAN REALISASI KINERJA")] + PITA)
    if pisah_halaman:
        for i in range(filler):
            document.add_paragraph(f"Uraian pengukuran kinerja, paragraf {i + 1}.")
    document.add_paragraph("Tabel 3.2 Pencapaian Kinerja")
    # header row not repeated: the part on the next page starts with a data row
    table([("No", "Indikator Kinerja Utama", "Satuan", "Target", "Realisasi", "Capaian", "Predikat")]
          + [(str(i),) + row for i, row in enumerate(TABEL_32, 1)], (1.0, 5.4, 1.6, 2.4, 1.8, 1.8, 1.9))
    document.add_paragraph("Tabel 3.8 Analisis Pencapaian Sasaran Strategis 5")
    head1 = ("NO.", "Indikator Sasaran", "Capaian Kinerja Tahun 2015", "Capaian Kinerja Tahun 2016",
             "Capaian Kinerja Tahun 2017", "Capaian Kinerja Tahun 2018", "Tahun 2019", "", "Capaian Kinerja Tahun 2019")
    head2 = ("", "", "", "", "", "", "Target", "Realisasi", "")
    t = table([head1, head2, *TABEL_38, RATA_38], (1.0, 3.9, 1.6, 1.6, 1.6, 1.6, 1.6, 1.6, 1.8))
    for j in (0, 1, 2, 3, 4, 5, 8):
        top = t.cell(0, j)
        text = top.text
        merged = top.merge(t.cell(1, j))
        merged.text = text
    merged = t.cell(0, 6).merge(t.cell(0, 7))
    merged.text = "Tahun 2019"
    for row in t.rows[:2]:  # header rows repeat on every page
        tr_pr = row._tr.get_or_add_trPr()
        el = OxmlElement("w:tblHeader")
        el.set(qn("w:val"), "true")
        tr_pr.append(el)
    document.add_paragraph("B. Realisasi Anggaran")
    document.add_paragraph("Tabel 3.9 Realisasi Anggaran Tahun 2019")
    table([("Program", "Pagu Anggaran (Rp)", "Realisasi (Rp)", "Serapan (%)")] + ANGGARAN)
    document.add_heading("BAB IV PENUTUP", 1)
    document.add_paragraph("Kesimpulan dan langkah perbaikan.")
    document.add_heading("LAMPIRAN", 1)
    document.add_paragraph("Perjanjian Kinerja Tahun 2019.")
    document.save(str(path))
    return path


def write_xlsx(path: Path) -> Path:
    """The same tables as a workbook: numbers typed as numbers with their formats, merged headers."""
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Tabel 3.2"
    ws.append(["Tabel 3.2 Pencapaian Kinerja"])
    ws.append(["No", "Indikator Kinerja Utama", "Satuan", "Target", "Realisasi", "Capaian", "Predikat"])
    for i, row in enumerate(TABEL_32, 1):
        ws.append([i, *row])
    # typed as numbers where an office's workbook holds numbers
    ws["D4"], ws["E4"], ws["F4"] = 0.65, 0.9083, 1.3973
    ws["D4"].number_format, ws["E4"].number_format, ws["F4"].number_format = "0%", "0.00%", "0.00%"
    ws["E5"], ws["F5"] = 90.12, 102.06
    ws["E5"].number_format = ws["F5"].number_format = "0.00"
    ws["F6"], ws["F8"] = 75.0, 66.67
    ws["F6"].number_format = ws["F8"].number_format = "0.00"
    ws["D7"], ws["E7"], ws["F7"] = 80, 92.4, 100.0
    ws["F7"].number_format = "0.00"
    pita = book.create_sheet("Tabel 3.1")
    pita.append(["NO", "INTERVAL NILAI REALISASI KINERJA", "KRITERIA PENILAIAN REALISASI KINERJA"])
    for row in PITA:
        pita.append(list(row))
    ws = book.create_sheet("Tabel 3.8")
    ws.append(["NO.", "Indikator Sasaran", "Capaian Kinerja Tahun 2015", "Capaian Kinerja Tahun 2016",
               "Capaian Kinerja Tahun 2017", "Capaian Kinerja Tahun 2018", "Tahun 2019", None, "Capaian Kinerja Tahun 2019"])
    ws.append([None] * 6 + ["Target", "Realisasi", None])
    for col in "ABCDEFI":
        ws.merge_cells(f"{col}1:{col}2")
    ws.merge_cells("G1:H1")
    for row in (*TABEL_38, RATA_38):
        ws.append(list(row))
    ws["H4"], ws["I4"] = 9.53, 96.54  # AKB typed as numbers
    ws["H4"].number_format = ws["I4"].number_format = "0.00"
    pk = book.create_sheet("PK 2019")
    pk.append(["No", "Indikator Kinerja", "Target"])
    for i, name in enumerate(PK, 1):
        pk.append([i, name, "–"])
    ang = book.create_sheet("Anggaran")
    ang.append(["Program", "Pagu Anggaran (Rp)", "Realisasi (Rp)", "Serapan (%)"])
    for row in ANGGARAN:
        ang.append(list(row))
    book.save(str(path))
    return path


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_ods(xlsx_path: Path, outdir: Path) -> Path:
    """The workbook saved as .ods by LibreOffice (percent cells keep their format)."""
    exe = soffice()
    assert exe, "LibreOffice (soffice) is required for the .ods fixture"
    subprocess.run([exe, f"-env:UserInstallation=file://{outdir / '.lo-profile'}", "--headless", "--convert-to", "ods",
                    "--outdir", str(outdir), str(xlsx_path)], check=True, capture_output=True, timeout=300)
    ods = outdir / (xlsx_path.stem + ".ods")
    assert ods.is_file(), f"LibreOffice made no .ods of {xlsx_path}"
    return ods


def to_pdf(docx_path: Path, outdir: Path) -> Path:
    """The .docx printed to PDF by LibreOffice (as an office would export it)."""
    exe = soffice()
    assert exe, "LibreOffice (soffice) is required for the PDF fixtures"
    profile = outdir / ".lo-profile"
    subprocess.run(
        [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", "--outdir", str(outdir),
         str(docx_path)],
        check=True, capture_output=True, timeout=300,
    )
    pdf = outdir / (docx_path.stem + ".pdf")
    assert pdf.is_file(), f"LibreOffice made no PDF of {docx_path}"
    return pdf


def scanned_pdf(source_pdf: Path, out: Path) -> Path:
    """An image-only PDF (a scan) of the first page of ``source_pdf``."""
    from PIL import Image

    prefix = out.with_suffix("")
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(source_pdf), str(prefix)], check=True, timeout=120)
    png = next(out.parent.glob(prefix.name + "*.png"))
    Image.open(png).convert("RGB").save(out, "PDF")
    return out
