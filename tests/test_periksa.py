"""The figure-checking engine (kinerja.periksa): pure text against a results summary."""

from __future__ import annotations

import pytest

from kinerja.errors import ConfigError
from kinerja.periksa import (
    PENANDA,
    HasilResmi,
    Jenis,
    Potongan,
    Status,
    bidang_dalam,
    cari_petunjuk,
    isi_bidang,
    nilai_bidang,
    periksa,
    pesan_per_kalimat,
    salah,
)

BANDS = {"Sangat Tinggi": 26, "Tinggi": 1, "Sedang": 2, "Rendah": 0, "Sangat Rendah": 0}
HASIL = HasilResmi(tahun=2026, jumlah=29, dihitung=29, rata_rata=108.6137, per_predikat=BANDS,
                   per_status={"belum diukur": 0}, pagu=1_887_500_000, realisasi_anggaran=1_709_400_000, serapan=90.5642,
                   sasaran=3, tercapai=21, renstra_dibandingkan=29, renstra_tercapai=9, rata_rata_tahun={2025: 101.2},
                   indikator={"Persentase rekomendasi hasil pengawasan yang ditindaklanjuti": (85.5,)})

# What a narasi drafted while TW II was open says (the figures of the final LKjIP).
STALE = [
    Potongan("Ikhtisar Eksekutif, paragraf 1",
             "Pada tahun 2026, Inspektorat Kabupaten Contoh menetapkan 3 sasaran strategis dengan 29 indikator kinerja dalam "
             "Perjanjian Kinerja. Rata-rata capaian indikator yang terukur 94,70% (12 Sangat Tinggi, 9 Tinggi, 6 Sedang). "
             "Realisasi anggaran Rp 1.271.550.000 dari pagu Rp 1.887.500.000 (serapan 67,37%)."),
    Potongan("Bab I C. Isu strategis, paragraf 1",
             "Dari 29 indikator kinerja, 8 indikator belum mencapai predikat Tinggi atau belum terukur, antara lain Indeks A. "
             "Kendala yang dilaporkan: realisasi 38 dari 40 laporan."),
    Potongan("Bab III A. Perbandingan dengan target akhir Renstra, paragraf 1",
             "Dibandingkan dengan target akhir periode Renstra 2025–2029, 9 dari 26 indikator yang dapat dibandingkan sudah "
             "mencapai target akhir periode; 17 indikator masih memerlukan percepatan pada sisa periode Renstra."),
]


def by_kind(temuan, status=None):
    return [(t.jenis, t.tertulis, t.tabel) for t in temuan if status is None or t.status is status]


def test_stale_figures_are_each_named_with_place_sentence_and_table_value():
    wrong = salah(periksa(STALE, HASIL))
    kinds = {(t.jenis, t.tertulis, t.tabel, t.letak) for t in wrong}
    assert (Jenis.RATA_RATA, "94,70%", "108,61%", "Ikhtisar Eksekutif, paragraf 1") in kinds
    assert (Jenis.REALISASI_ANGGARAN, "Rp 1.271.550.000", "Rp 1.709.400.000", "Ikhtisar Eksekutif, paragraf 1") in kinds
    assert (Jenis.SERAPAN, "67,37%", "90,56%", "Ikhtisar Eksekutif, paragraf 1") in kinds
    assert (Jenis.PREDIKAT, "12 Sangat Tinggi", "26", "Ikhtisar Eksekutif, paragraf 1") in kinds
    assert (Jenis.DI_BAWAH, "8 indikator", "2", "Bab I C. Isu strategis, paragraf 1") in kinds
    assert any(t.jenis is Jenis.RENSTRA_DIBANDINGKAN and t.tabel == "29" for t in wrong)
    assert any(t.jenis is Jenis.RENSTRA_BELUM and t.tertulis == "17 indikator" and t.tabel == "20" for t in wrong)
    assert len(wrong) == 9
    # the pagu, the totals, the sasaran and the 9 reaching the Renstra target are right
    right = by_kind(periksa(STALE, HASIL), Status.SESUAI)
    assert (Jenis.PAGU, "Rp 1.887.500.000", "Rp 1.887.500.000") in right
    assert (Jenis.SASARAN, "3 sasaran", "3") in right
    assert (Jenis.RENSTRA_TERCAPAI, "9 dari 26 indikator", "9") in right
    # "38 dari 40 laporan" is no statement about indicators
    assert not [t for t in periksa(STALE, HASIL) if "38" in t.tertulis]


def test_message_says_where_what_and_what_the_tables_say():
    wrong = salah(periksa(STALE[:1], HASIL))
    message = next(t.pesan for t in wrong if t.jenis is Jenis.RATA_RATA)
    assert message.startswith("Ikhtisar Eksekutif, paragraf 1: \"Rata-rata capaian indikator yang terukur 94,70%")
    assert "menyebut" in message and "capaian indikator yang terukur 94,70%" in message
    assert message.endswith("menurut tabel rata-rata capaian indikator terukur 108,61%.")
    # one message per sentence, every wrong figure of it named
    (first, *_rest) = pesan_per_kalimat(wrong)
    assert first == ('Ikhtisar Eksekutif, paragraf 1: "Rata-rata capaian indikator yang terukur 94,70% (12 Sangat Tinggi, 9 Tinggi, '
                     '6 Sedang)." menyebut 94,70%, menurut tabel 108,61% (rata-rata capaian indikator terukur); 12 Sangat Tinggi, '
                     'menurut tabel 26 (jumlah indikator berpredikat Sangat Tinggi); 9 Tinggi, menurut tabel 1 (jumlah indikator '
                     'berpredikat Tinggi); 6 Sedang, menurut tabel 2 (jumlah indikator berpredikat Sedang).')
    assert len(pesan_per_kalimat(wrong)) == 2  # the budget sentence is the other


def test_a_count_about_one_sasaran_is_not_the_whole_table():
    text = "7 dari 9 indikator sasaran ini berpredikat Tinggi atau Sangat Tinggi. Pada sasaran 2, 3 indikator berpredikat Sedang."
    assert salah(periksa([Potongan("x", text)], HASIL)) == []


def test_current_figures_in_other_words_pass():
    text = ("Tahun 2026 Inspektorat mengukur dua puluh sembilan indikator dengan capaian rata-rata sebesar 108,6 persen; "
            "26 indikator berpredikat Sangat Tinggi, 1 Tinggi dan 2 Sedang, jadi 27 indikator mencapai predikat Tinggi atau "
            "Sangat Tinggi dan 2 indikator di bawah Tinggi. Sebanyak 21 indikator telah mencapai target. Anggaran Rp 1,89 miliar "
            "terealisasi Rp1.709.400.000,00 atau 90,56%, dengan sisa anggaran Rp 178.100.000. Dibandingkan target akhir "
            "Renstra, 9 dari 29 indikator sudah mencapai target akhir; 20 indikator belum mencapai target akhir Renstra. "
            "Rata-rata capaian naik dari 101,20% pada tahun 2025. Capaian Persentase rekomendasi hasil pengawasan yang "
            "ditindaklanjuti 85,50%.")
    found = periksa([Potongan("Bab IV", text)], HASIL)
    assert salah(found) == []
    recognised = {t.jenis for t in found if t.status is Status.SESUAI}
    assert recognised >= {Jenis.JUMLAH_INDIKATOR, Jenis.RATA_RATA, Jenis.PREDIKAT, Jenis.MINIMAL, Jenis.DI_BAWAH, Jenis.TERCAPAI,
                          Jenis.PAGU, Jenis.REALISASI_ANGGARAN, Jenis.SERAPAN, Jenis.SISA_ANGGARAN, Jenis.RENSTRA_TERCAPAI,
                          Jenis.RENSTRA_DIBANDINGKAN, Jenis.RENSTRA_BELUM, Jenis.PERBANDINGAN, Jenis.INDIKATOR}


@pytest.mark.parametrize(("text", "kind", "tabel"), [
    ("Rata-rata capaian 108,62%.", Jenis.RATA_RATA, "108,61%"),   # one hundredth off at the decimals written
    ("Rata-rata capaian 109%.", Jenis.RATA_RATA, "108,61%"),      # 108,6137 written without decimals is 109: right
    ("Realisasi anggaran Rp 1,7 miliar.", Jenis.REALISASI_ANGGARAN, "Rp 1.709.400.000"),
    ("Realisasi anggaran Rp 1,70 miliar.", Jenis.REALISASI_ANGGARAN, "Rp 1.709.400.000"),
    ("Dari 30 indikator kinerja, semuanya terukur.", Jenis.JUMLAH_INDIKATOR, "29"),
    ("Rata-rata capaian turun dibanding tahun 2025.", Jenis.PERBANDINGAN, "rata-rata capaian naik (108,61% dibanding 101,20% pada tahun 2025)"),
    ("Sebanyak delapan indikator berpredikat Sedang.", Jenis.PREDIKAT, "2"),
    ("Ada 3 indikator yang memerlukan perhatian.", Jenis.PERHATIAN, "2"),
])
def test_each_kind_of_statement(text, kind, tabel):
    found = [t for t in periksa([Potongan("x", text)], HASIL) if t.jenis is kind]
    assert len(found) == 1, found
    expected = Status.SESUAI if text in ("Rata-rata capaian 109%.", "Realisasi anggaran Rp 1,7 miliar.") else Status.TIDAK_SESUAI
    assert (found[0].status, found[0].tabel) == (expected, tabel)


@pytest.mark.parametrize("text", [
    "Rata-rata capaian triwulan II sebesar 94,70%.",            # another quarter: not what an annual summary holds
    "Realisasi anggaran Program Penyelenggaraan Pengawasan Rp 900.000.000.",  # one program, not the whole budget
    "Rata-rata capaian tahun 2024 sebesar 88,00%.",              # a year the summary has no figure for
    "Sesuai Peraturan Presiden Nomor 29 Tahun 2014, 45 laporan diperiksa (12%).",
])
def test_figures_of_another_scope_are_not_refused(text):
    found = periksa([Potongan("x", text)], HASIL)
    assert salah(found) == []
    assert all(t.status is Status.TIDAK_DIKENALI for t in found)


def test_quarterly_summary_checks_its_own_quarter():
    tw = HasilResmi(tahun=2026, triwulan=2, jumlah=29, dihitung=27, rata_rata=94.7, per_predikat=BANDS)
    assert [t.status for t in periksa([Potongan("x", "Rata-rata capaian triwulan II 94,70%.")], tw)] == [Status.SESUAI]
    assert [t.status for t in periksa([Potongan("x", "Rata-rata capaian triwulan II 90,70%.")], tw)] == [Status.TIDAK_SESUAI]


def test_guidance_markers_each_found_with_place():
    samples = {
        "[Diisi oleh …]": "[Diisi oleh Sub Bagian Perencanaan: Isu Strategis] tulis di bawah judul.",
        "(sesuaikan …)": "oleh perangkat daerah (sesuaikan dengan peraturan kepala daerah tentang kedudukan).",
        "contoh:": "Uraikan kendala (contoh: keterlambatan data).",
        "[isi …] / (tulis …)": "Nomor Perbup [isi nomor] tahun 2020.",
        "petunjuk:": "Petunjuk: hapus paragraf ini.",
        "hapus teks ini": "Hapus teks ini sebelum dicetak.",
        "ganti dengan …": "Kepala (ganti dengan nama).",
        "lorem ipsum": "Lorem ipsum dolor sit amet.",
        "XXX": "Nomor XXX/2026.",
        "TODO": "TODO lengkapi.",
    }
    assert set(samples) == {p.label for p in PENANDA}  # every marker of the one list is tested
    for label, text in samples.items():
        found = cari_petunjuk([Potongan("Bab I B, paragraf 2", text)])
        assert label in {f.penanda for f in found}, label
        assert all(f.letak == "Bab I B, paragraf 2" for f in found)
    assert [f.penanda for f in cari_petunjuk([Potongan("x", "Contoh: keterlambatan data. Uraikan kendala, contoh: X.")])] == [
        "contoh:", "contoh:"]
    clean = ("Inspektorat mempunyai tugas membantu bupati; contoh kantor fiktif bertanda CONTOH. IKU-01 Predikat SAKIP "
             "Pemerintah Kabupaten Contoh: nilai komponen evaluasi. Tabel berikut menyajikan "
             "capaian (dalam persen) sesuai Peraturan Menteri PANRB Nomor 53 Tahun 2014. Isian formulir lengkap.")
    assert cari_petunjuk([Potongan("x", clean)]) == []


def test_fields_fill_from_results_and_the_filled_text_checks_clean():
    text = ("Rata-rata capaian {{ capaian_rata_rata }} ({{rincian_predikat}}); {{ jumlah_di_bawah_tinggi }} indikator di "
            "bawah Tinggi. Realisasi anggaran {{ realisasi_anggaran }} dari pagu {{ pagu }} (serapan {{ serapan }}); "
            "{{ renstra_tercapai }} dari {{ renstra_dibandingkan }} indikator sudah mencapai target akhir Renstra.")
    filled = isi_bidang(text, nilai_bidang(HASIL))
    assert filled == ("Rata-rata capaian 108,61% (26 Sangat Tinggi, 1 Tinggi, 2 Sedang); 2 indikator di bawah Tinggi. "
                      "Realisasi anggaran Rp 1.709.400.000 dari pagu Rp 1.887.500.000 (serapan 90,56%); 9 dari 29 indikator "
                      "sudah mencapai target akhir Renstra.")
    found = periksa([Potongan("x", filled)], HASIL)
    assert salah(found) == [] and sum(t.status is Status.SESUAI for t in found) >= 9


def test_unknown_field_is_refused_naming_place_and_the_fields_that_exist():
    assert bidang_dalam("{{ capaian_rata2 }} dan {{ pagu }}") == ["capaian_rata2", "pagu"]
    with pytest.raises(ConfigError) as info:
        isi_bidang("Rata-rata {{ capaian_rata2 }}.", nilai_bidang(HASIL), letak="narasi-2026.docx, Ikhtisar Eksekutif")
    message = str(info.value)
    assert message.startswith("narasi-2026.docx, Ikhtisar Eksekutif: bidang {{ capaian_rata2 }} tidak dikenal")
    assert "capaian_rata_rata" in message


def test_an_indicator_named_right_before_its_capaian_is_checked_and_its_name_is_no_keyword():
    hasil = HasilResmi(tahun=2026, jumlah=2, dihitung=2, rata_rata=90.0, per_predikat=BANDS, serapan=40.0,
                       indikator={"Persentase realisasi anggaran Inspektorat": (95.0,), "Indeks B": (85.0,)})
    said = periksa([Potongan("x", "Capaian Persentase realisasi anggaran Inspektorat sebesar 95,00%; Indeks B mencapai 80,00%.")], hasil)
    assert [(t.jenis, t.status) for t in said] == [(Jenis.INDIKATOR, Status.SESUAI), (Jenis.INDIKATOR, Status.TIDAK_SESUAI)]
    # a table row read as text: name, budget figures, then a percentage that is not its capaian
    row = periksa([Potongan("halaman 5", "28 IK-1.1 Persentase realisasi anggaran Inspektorat 85.000.000 14.250.000 16,76% efisien")], hasil)
    assert salah(row) == []
