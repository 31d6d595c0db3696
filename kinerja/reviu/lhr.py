"""The Laporan Hasil Reviu (with its Catatan Hasil Reviu) in the house document model, as .docx and PDF.

Built from a :class:`~kinerja.reviu.periksa.HasilReviu` as model blocks
(:mod:`kinerja.laporan.model.dokumen`) and written by kinerja's own .docx renderer
(:func:`kinerja.laporan.render.ke_docx.render_docx`): letterhead and signer of the reviewing
Inspektorat when the workspace has them, the basis (PermenPAN-RB 53/2014), the scope, the
results (counts, every row that does not match with its page/table/row, rows explained only by
rounding, other findings), the Catatan Hasil Reviu (the corrections the office must make) and
the conclusion. Until the Pengendali Teknis approves it the document is DRAF: watermark, banner
naming who must approve it, and no signature block (``final`` false); ``setujui=True`` is the
approved rendering with the Inspektur's signature block. The PDF is LibreOffice's print of the .docx.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from kinerja.atomic import atomic_path, write_bytes
from kinerja.errors import ReportError
from kinerja.laporan.model.dokumen import (
    Bagian,
    Baris,
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
from kinerja.numbers import format_number
from kinerja.reviu.periksa import PEMBULATAN, SESUAI, TIDAK_DAPAT_DIHITUNG, TIDAK_SESUAI, HasilReviu

DRAF_LHR = "DRAF — menunggu persetujuan Pengendali Teknis; belum untuk ditandatangani Inspektur."


def _tempat(b) -> str:
    where = f"lembar {b.lembar}" if b.lembar is not None else (f"hal. {b.halaman}" if b.halaman else "")
    return ", ".join(x for x in (b.tabel, f"baris {b.baris}", where) if x)


def naskah_lhr(hasil: HasilReviu, *, obyek: str, tahun: int | None, config: Any = None, tanggal: str = "",
               setujui: bool = False):
    """The LHR as a :class:`~kinerja.laporan.model.dokumen.Naskah`."""
    counts = {s: sum(1 for b in hasil.baris if b.status == s) for s in (SESUAI, PEMBULATAN, TIDAK_SESUAI, TIDAK_DAPAT_DIHITUNG)}
    wrong = [b for b in hasil.baris if b.status == TIDAK_SESUAI]
    rounding = [b for b in hasil.baris if b.status == PEMBULATAN]
    other = [t for t in hasil.temuan if t.status == TIDAK_SESUAI]
    files = sorted({b.berkas for b in hasil.baris} | {t.berkas for t in hasil.temuan})
    instansi: Any = getattr(config, "instansi", None)
    kepala: Any = getattr(config, "kepala", None)
    info: dict[str, Any] = {
        "judul": "Laporan Hasil Reviu atas Laporan Kinerja",
        "subjudul": obyek,
        "periode": f"Tahun {tahun}" if tahun else "",
        "final": setujui,
        "status": "" if setujui else DRAF_LHR,
        "kop": list(getattr(instansi, "kop", ()) or ()) if instansi is not None else [],
        "kota": getattr(instansi, "kota", "") if instansi is not None else "",
        "tanggal": tanggal,
    }
    umum = Bagian([
        Judul("A. Dasar Reviu", 2),
        *[Paragraf(t) for t in (
            "Peraturan Menteri PANRB Nomor 53 Tahun 2014 tentang Petunjuk Teknis Perjanjian Kinerja, Pelaporan Kinerja dan "
            "Tata Cara Reviu atas Laporan Kinerja Instansi Pemerintah.",
        )],
        Judul("B. Ruang Lingkup", 2),
        Paragraf(f"Reviu dilakukan atas {', '.join(files)}: {len(hasil.baris)} baris capaian kinerja dihitung ulang dari "
                 "target dan realisasi yang tercetak, beserta rata-rata, predikat, serapan anggaran, angka yang dinyatakan "
                 "dalam teks, kelengkapan indikator Perjanjian Kinerja dan kerangka laporan. Reviu memberikan keyakinan "
                 "terbatas bahwa data kinerja akurat, andal dan valid; reviu bukan audit."),
        Judul("C. Hasil Reviu", 2),
        Ringkasan([(str(counts[SESUAI]), "baris sesuai"), (str(counts[PEMBULATAN]), "hanya karena pembulatan"),
                   (str(counts[TIDAK_SESUAI]), "tidak sesuai"), (str(counts[TIDAK_DAPAT_DIHITUNG]), "tidak dapat dihitung")]),
    ])

    def table(rows, judul: str) -> Tabel:
        return Tabel(
            ["No", "Letak", "Indikator", "Target", "Realisasi", "Tercetak", "Hitung ulang", "Uraian"],
            [Baris([Sel(str(i)), Sel(_tempat(b)), Sel(b.indikator), Sel(b.target), Sel(b.realisasi),
                    Sel(format_number(b.capaian_tercetak)), Sel(format_number(b.capaian_hitung)), Sel(b.pesan)])
             for i, b in enumerate(rows, start=1)],
            angka=[5, 6], lebar=[0.6, 2.6, 3.0, 1.3, 1.3, 1.4, 1.4, 5.4], judul=judul, rapat=True,
            kosong="Tidak ada.",
        )

    umum.blok += [table(wrong, "Capaian yang tidak sesuai dengan target dan realisasi yang tercetak")]
    umum.blok += [table(rounding, "Capaian yang hanya sesuai karena pembulatan atau pemotongan")]
    umum.blok += [Tabel(["No", "Jenis", "Letak", "Uraian"],
                        [Baris([Sel(str(i)), Sel(t.jenis), Sel(", ".join(str(x) for x in (t.tabel, t.baris and f"baris {t.baris}",
                                                                                         t.halaman and f"hal. {t.halaman}") if x)),
                                Sel(t.pesan)]) for i, t in enumerate(other, start=1)],
                        lebar=[0.6, 2.0, 3.6, 10.8], judul="Temuan lain", rapat=True, kosong="Tidak ada.")]
    catatan = Bagian([Judul("D. Catatan Hasil Reviu", 2),
                      Paragraf("Perangkat daerah memperbaiki hal-hal berikut sebelum laporan kinerja ditandatangani:")])
    koreksi = [f"{_tempat(b)}: {b.indikator} — capaian tercetak {format_number(b.capaian_tercetak)} %, menurut target dan "
               f"realisasi tercetak {format_number(b.capaian_hitung)} %." for b in wrong]
    koreksi += [t.pesan for t in other]
    if koreksi:
        catatan.blok += [Paragraf(f"{i}. {text}") for i, text in enumerate(koreksi, start=1)]
    else:
        catatan.blok += [Kotak("info", "Tidak ada koreksi.")]
    simpulan = Bagian([
        Judul("E. Simpulan", 2),
        Paragraf("Berdasarkan reviu, tidak ditemukan capaian yang berbeda dari target dan realisasi yang tercetak."
                 if not wrong else
                 f"Berdasarkan reviu, ditemukan {len(wrong)} capaian yang tidak sesuai dengan target dan realisasi yang "
                 "tercetak; laporan kinerja perlu diperbaiki sesuai Catatan Hasil Reviu sebelum ditandatangani."),
    ])
    if setujui and kepala is not None and kepala.nama:  # a DRAF carries no signature block (it is not for signing)
        simpulan.blok.append(TandaTangan([Penandatangan(f"{info['kota']}, {tanggal}".strip(", "),
                                                        f"{getattr(kepala, 'jabatan', 'Inspektur')},", kepala.nama,
                                                        getattr(kepala, "pangkat", ""), getattr(kepala, "nip", ""))]))

    return Naskah(info, [umum, catatan, simpulan])


def naskah_pernyataan(hasil: HasilReviu, *, obyek: str, tahun: int | None, config: Any = None, tanggal: str = "",
                      setujui: bool = False):
    """The *Pernyataan Telah Direviu* page attached to the reviewed LKjIP (PermenPAN-RB 53/2014).

    Without a row that does not match, the statement is unqualified; otherwise it names, as
    exceptions, the rows and findings of the Catatan Hasil Reviu. DRAF (no signature) until approved.
    """
    instansi: Any = getattr(config, "instansi", None)
    kepala: Any = getattr(config, "kepala", None)
    wrong = [b for b in hasil.baris if b.status == TIDAK_SESUAI]
    periode = f"tahun {tahun}" if tahun else "tahun yang dilaporkan"
    info: dict[str, Any] = {
        "judul": "Pernyataan Telah Direviu",
        "subjudul": obyek,
        "final": setujui,
        "status": "" if setujui else DRAF_LHR,
        "kop": list(getattr(instansi, "kop", ()) or ()) if instansi is not None else [],
    }
    blocks: list[Any] = [
        Paragraf(f"Kami telah mereviu Laporan Kinerja {obyek} untuk {periode} sesuai Peraturan Menteri PANRB Nomor 53 "
                 "Tahun 2014. Substansi informasi yang dimuat dalam laporan kinerja tersebut menjadi tanggung jawab "
                 "manajemen perangkat daerah yang menyusunnya."),
        Paragraf("Reviu bertujuan memberikan keyakinan terbatas bahwa laporan kinerja telah disajikan secara akurat, "
                 "andal dan valid."),
    ]
    if not wrong:
        blocks.append(Paragraf("Berdasarkan reviu kami, tidak terdapat kondisi atau hal yang menimbulkan perbedaan dalam "
                               "meyakini keandalan informasi yang disajikan dalam laporan kinerja ini."))
    else:
        blocks.append(Paragraf("Berdasarkan reviu kami, tidak terdapat kondisi atau hal yang menimbulkan perbedaan dalam "
                               "meyakini keandalan informasi yang disajikan dalam laporan kinerja ini, kecuali:"))
        blocks += [Paragraf(f"{i}. {_tempat(b)}: {b.indikator} — capaian tercetak {format_number(b.capaian_tercetak)} %, "
                            f"menurut target dan realisasi tercetak {format_number(b.capaian_hitung)} %.")
                   for i, b in enumerate(wrong, start=1)]
    kota = getattr(instansi, "kota", "") if instansi is not None else ""
    if setujui and kepala is not None and kepala.nama:
        blocks.append(TandaTangan([Penandatangan(f"{kota}, {tanggal}".strip(", "), f"{kepala.jabatan},", kepala.nama,
                                                 kepala.pangkat, kepala.nip)]))
    return Naskah(info, [Bagian(blocks)])


def tulis_pernyataan(hasil: HasilReviu, docx_path: Path, *, obyek: str, tahun: int | None, config: Any = None,
                     tanggal: str = "", setujui: bool = False, pdf: bool = False) -> Path:
    """Write the Pernyataan Telah Direviu .docx (atomically); with ``pdf`` also its PDF beside it (what the reviewed
    office attaches to its LKjIP: ``kinerja alur nyatakan_direviu --berkas``)."""
    from kinerja.laporan.render.ke_docx import render_docx  # noqa: PLC0415 -- kinerja.laporan.render.ke_docx + docx, lxml, email (~94 ms) kept off importing this module

    docx_path = Path(docx_path)
    write_bytes(docx_path, render_docx(naskah_pernyataan(hasil, obyek=obyek, tahun=tahun, config=config, tanggal=tanggal,
                                                         setujui=setujui)))
    if pdf:
        cetak_pdf(docx_path)
    return docx_path


def tulis_lhr(hasil: HasilReviu, docx_path: Path, *, obyek: str, tahun: int | None, config: Any = None,
              tanggal: str = "", setujui: bool = False, pdf: bool = True) -> list[Path]:
    """Write the LHR .docx (and its PDF, printed by LibreOffice, when one is installed); atomically."""
    from kinerja.laporan.render.ke_docx import render_docx  # noqa: PLC0415 -- kinerja.laporan.render.ke_docx + docx, lxml, email (~94 ms) kept off importing this module

    docx_path = Path(docx_path)
    write_bytes(docx_path, render_docx(naskah_lhr(hasil, obyek=obyek, tahun=tahun, config=config, tanggal=tanggal,
                                                  setujui=setujui)))
    written = [docx_path]
    if pdf:
        written.append(cetak_pdf(docx_path))
    return written


def cetak_pdf(docx_path: Path) -> Path:
    """The PDF of a reviu paper printed by LibreOffice beside its .docx (atomically)."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        raise ReportError(f"{docx_path.name} ditulis, tetapi PDF-nya tidak: LibreOffice (soffice) tidak ditemukan.")
    with tempfile.TemporaryDirectory() as work:
        done = subprocess.run([exe, f"-env:UserInstallation=file://{work}/profil", "--headless", "--convert-to", "pdf",
                               "--outdir", work, str(docx_path)], capture_output=True, timeout=300)
        made = Path(work) / (docx_path.stem + ".pdf")
        if done.returncode != 0 or not made.is_file():
            raise ReportError(f"{docx_path.name} ditulis, tetapi LibreOffice tidak dapat mencetaknya ke PDF.")
        target = docx_path.with_suffix(".pdf")
        with atomic_path(target) as tmp:
            shutil.copyfile(made, tmp)
    return target
