"""Benchmark: the figure-checking engine (kinerja.periksa) and a final's read-back check.

1. ``periksa`` over the narrative of a 40-page LKjIP (the sample's Ikhtisar, Isu strategis,
   Renstra and Bab IV sentences, repeated to about 40 pages of prose): sentences and stated
   figures checked per second.
2. ``periksa_final`` on a rendered .docx and HTML of the same text (python-docx read back,
   every paragraph placed under its heading, guidance markers in paragraphs and tables).

Run: ``.venv/bin/python benchmarks/bench_periksa.py [--halaman 40]``
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from kinerja.laporan.model.dokumen import Bagian, Judul, Naskah, Paragraf
from kinerja.laporan.render.baca import periksa_final
from kinerja.laporan.render.ke_docx import write_docx
from kinerja.laporan.render.ke_html import render_bagian
from kinerja.periksa import HasilResmi, Potongan, periksa
from kinerja.periksa.teks import kalimat as kalimat_dalam

HASIL = HasilResmi(tahun=2025, jumlah=29, dihitung=29, rata_rata=92.4, sasaran=6, tercapai=21, renstra_dibandingkan=29,
                   renstra_tercapai=8, per_predikat={"Sangat Tinggi": 20, "Tinggi": 3, "Sedang": 4, "Rendah": 1, "Sangat Rendah": 1},
                   pagu=1_887_500_000, realisasi_anggaran=1_709_400_000, serapan=90.5642)
PARAGRAF = [
    "Pada tahun 2025, Inspektorat Kabupaten Contoh menetapkan 6 sasaran strategis dengan 29 indikator kinerja dalam Perjanjian "
    "Kinerja. Rata-rata capaian indikator yang terukur 81,15% (10 Sangat Tinggi, 3 Tinggi, 8 Sedang, 2 Rendah, 3 Sangat Rendah). "
    "Realisasi anggaran Rp 1.271.550.000 dari pagu Rp 1.887.500.000 (serapan 67,37%).",
    "Dari 29 indikator kinerja, 16 indikator belum mencapai predikat Tinggi atau belum terukur, antara lain Jumlah laporan hasil "
    "audit kinerja perangkat daerah. Kendala yang dilaporkan: satu penugasan audit bergeser karena tim dilibatkan dalam "
    "pendampingan pemeriksaan BPK.",
    "Dibandingkan dengan target akhir periode Renstra 2024–2026, 5 dari 26 indikator yang dapat dibandingkan sudah mencapai "
    "target akhir periode; 21 indikator masih memerlukan percepatan pada sisa periode Renstra.",
    "Langkah perbaikan tahun berikutnya: penugasan diselesaikan pada triwulan IV; penambahan tim gabungan; penagihan tertulis dan "
    "penyerahan ke Majelis TPTGR; rapat koordinasi dengan BPKAD dan Bapenda.",
]
PER_HALAMAN = 6  # paragraphs of this length on one A4 page


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--halaman", type=int, default=40)
    parser.add_argument("--ulang", type=int, default=5)
    args = parser.parse_args()
    count = args.halaman * PER_HALAMAN
    pieces = [Potongan(f"paragraf {i + 1}", PARAGRAF[i % len(PARAGRAF)]) for i in range(count)]
    sentences = sum(len(kalimat_dalam(p.teks)) for p in pieces)
    times, found = [], 0
    for _ in range(args.ulang):
        start = time.perf_counter()
        found = len(periksa(pieces, HASIL))
        times.append(time.perf_counter() - start)
    best = min(times)
    print(f"periksa: {args.halaman} halaman, {count} paragraf, {sentences} kalimat, {found} angka: "
          f"{best:.3f} s (median {statistics.median(times):.3f} s) = {sentences / best:,.0f} kalimat/s, {found / best:,.0f} angka/s")
    parts = [Bagian([Judul(f"BAB {n}", 1), *(Paragraf(p.teks) for p in pieces[n * PER_HALAMAN:(n + 1) * PER_HALAMAN])])
             for n in range(args.halaman)]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_docx(Naskah({"judul": "LKjIP", "final": True}, parts), root / "laporan.docx")
        (root / "laporan.html").write_text("".join(render_bagian(p) for p in parts), encoding="utf-8")
        times = []
        for _ in range(args.ulang):
            start = time.perf_counter()
            problems = periksa_final(root, "laporan", HASIL)
            times.append(time.perf_counter() - start)
    print(f"periksa_final (.docx dibaca ulang + HTML): {len(problems)} kalimat ditolak; {min(times):.3f} s "
          f"(median {statistics.median(times):.3f} s)")


if __name__ == "__main__":
    main()
