"""Validation rules: each reason code, its level and its cell, on real .xlsx files."""

from __future__ import annotations

import datetime as dt
import zipfile

import pytest
from _util_validasi import FIRST_ROW, good_row, letter, write_workbook

from kinerja.lembar.findings import Kode, Tingkat, has_galat
from kinerja.lembar.validate import validate_workbooks

TODAY = dt.date(2025, 12, 31)


def run(config, paths, **kwargs):
    kwargs.setdefault("tahun", 2025)
    kwargs.setdefault("triwulan", 2)
    kwargs.setdefault("today", TODAY)
    return validate_workbooks(list(paths), config, **kwargs)


def found(dataset) -> set[tuple[str, str, str]]:
    """(kode, tingkat, sel) of every finding."""
    return {(t.kode.value, t.tingkat.value, t.sel) for t in dataset.temuan}


def one(config, tmp_path, *rows, **kwargs):
    return run(config, [write_workbook(tmp_path / "a.xlsx", list(rows))], **kwargs)


def cell(field, offset=0):
    return f"{letter(field)}{FIRST_ROW + offset}"


def test_clean_workbook_has_no_findings(config, tmp_path):
    dataset = one(config, tmp_path, good_row(), good_row(indikator="Opini BPK", satuan="opini", metode="akhir periode",
                                                          target_tahunan="WTP", target_triwulan_1=None, target_triwulan_2=None,
                                                          target_triwulan_3=None, target_triwulan_4="WTP",
                                                          realisasi_triwulan_1=None, realisasi_triwulan_2="wtp"))
    assert dataset.temuan == []
    assert dataset.data["realisasi_triwulan_2"].iloc[1] == "WTP"


@pytest.mark.parametrize(("overrides", "expected"), [
    ({"target_triwulan_3": "tiga"}, ("bukan_angka", "galat", "target_triwulan_3")),
    ({"realisasi_triwulan_1": -1}, ("nilai_negatif", "galat", "realisasi_triwulan_1")),
    ({"realisasi_anggaran_triwulan_1": -5}, ("nilai_negatif", "galat", "realisasi_anggaran_triwulan_1")),
    ({"arah": "ke atas"}, ("pilihan_tidak_dikenal", "galat", "arah")),
    ({"metode": "entah"}, ("pilihan_tidak_dikenal", "galat", "metode")),
    ({"satuan": None}, ("nilai_wajib_kosong", "galat", "satuan")),
    ({"pptk": "Orang Lain"}, ("pptk_tidak_dikenal", "peringatan", "pptk")),
    ({"pptk": "Dewi Lestari, S.Kom."}, ("pptk_tidak_dikenal", "peringatan", "pptk")),  # not a PPTK
    ({"unit": "Bidang Entah"}, ("unit_tidak_dikenal", "peringatan", "unit")),
    ({"kode_sub_kegiatan": "6.01.02.2.01.9999"}, ("kode_tidak_dikenal", "peringatan", "kode_sub_kegiatan")),
    ({"realisasi_anggaran_triwulan_2": 90_000_000}, ("anggaran_melebihi_pagu", "galat", "realisasi_anggaran_triwulan_2")),
    ({"target_triwulan_4": 4}, ("target_tidak_sesuai", "galat", "target_tahunan")),
    ({"realisasi_triwulan_2": None}, ("realisasi_belum_diisi", "peringatan", "realisasi_triwulan_2")),
])
def test_cell_rules(config, tmp_path, overrides, expected):
    kode, tingkat, field = expected
    dataset = one(config, tmp_path, good_row(**overrides))
    assert found(dataset) == {(kode, tingkat, cell(field))}


@pytest.mark.parametrize(("plan", "flagged"), [
    ((25_000_000, 25_000_000, 25_000_000, 24_000_000), True),  # Rp 99 juta against a pagu of Rp 100 juta
    ((25_000_000, 25_000_000, 25_000_000, 25_000_000.4), False),  # within half a rupiah
    ((25_000_000, 25_000_000, None, 25_000_000), False),  # not every quarter filled: not checked
])
def test_anggaran_kas_must_add_up_to_the_pagu(config, tmp_path, plan, flagged):
    quarters = {f"rencana_anggaran_triwulan_{n}": value for n, value in enumerate(plan, start=1)}
    dataset = one(config, tmp_path, good_row(**quarters))
    mine = [t for t in dataset.temuan if t.kode.value == "rencana_anggaran_tidak_sesuai"]
    assert [(t.tingkat.value, t.sel) for t in mine] == ([("peringatan", cell("rencana_anggaran_triwulan_4"))] if flagged else [])
    if flagged:
        assert "Rp 99.000.000 tidak sama dengan pagu Rp 100.000.000" in mine[0].pesan


def test_codes_of_another_kegiatan_program_or_urusan_are_flagged(config, tmp_path):
    unknown = one(config, tmp_path, good_row(kode_program="9.99.99", kode_kegiatan="9.99.99.2.01",
                                             kode_sub_kegiatan="9.99.99.2.01.0001"))
    assert ("kode_tidak_dikenal", "peringatan", cell("kode_program")) in found(unknown)
    assert ("kode_urusan_lain", "peringatan", cell("kode_program")) in found(unknown)  # 9.99, the office is 6.01
    assert not {f for f in found(unknown) if f[0] == "kode_tidak_sejalan"}  # the chain itself is consistent
    other_kegiatan = one(config, tmp_path, good_row(kode_sub_kegiatan="6.01.03.2.01.0001"))
    assert ("kode_tidak_sejalan", "peringatan", cell("kode_sub_kegiatan")) in found(other_kegiatan)
    other_program = one(config, tmp_path, good_row(kode_kegiatan="6.01.03.2.01", kode_sub_kegiatan="6.01.03.2.01.0001"))
    assert ("kode_tidak_sejalan", "peringatan", cell("kode_kegiatan")) in found(other_program)
    message = next(t.pesan for t in other_kegiatan.temuan if t.kode == "kode_tidak_sejalan")
    assert "6.01.03.2.01.0001" in message and "6.01.02.2.01" in message


def test_target_zero_range_and_qualitative(config, tmp_path):
    rows = [
        good_row(indikator="Nol", metode="akhir periode", target_tahunan=0, realisasi_triwulan_2=0),
        good_row(indikator="Rentang", metode="akhir periode", target_tahunan="90 - 80"),
        good_row(indikator="Predikat SAKIP", satuan="predikat", metode="akhir periode", target_tahunan="BB",
                 target_triwulan_1=None, target_triwulan_2=None, target_triwulan_3=None, target_triwulan_4="BB",
                 realisasi_triwulan_1=None, realisasi_triwulan_2="ZZ"),
    ]
    dataset = one(config, tmp_path, *rows)
    assert found(dataset) == {
        ("target_nol", "peringatan", cell("target_tahunan")),
        ("target_tidak_valid", "galat", cell("target_tahunan", 1)),
        ("predikat_tidak_dikenal", "galat", cell("realisasi_triwulan_2", 2)),
    }


def test_percent_far_above_100(config, tmp_path):
    row = good_row(indikator="Persentase tindak lanjut", satuan="%", metode="akhir periode", target_tahunan=85,
                   target_triwulan_1=40, target_triwulan_2=55, target_triwulan_3=70, target_triwulan_4=85,
                   realisasi_triwulan_1=38, realisasi_triwulan_2=222)
    assert found(one(config, tmp_path, row)) == {("persen_tidak_wajar", "galat", cell("realisasi_triwulan_2"))}
    row["realisasi_triwulan_2"] = 150  # above 100 but plausible
    assert found(one(config, tmp_path, row)) == set()


def test_realisasi_completeness_follows_triwulan(config, tmp_path):
    path = write_workbook(tmp_path / "a.xlsx", [good_row(realisasi_triwulan_1=None, realisasi_triwulan_2=None)])

    def missing(**kwargs):
        return {t.sel for t in run(config, [path], **kwargs).temuan if t.kode is Kode.REALISASI_BELUM_DIISI}

    assert missing(triwulan=2) == {cell("realisasi_triwulan_1"), cell("realisasi_triwulan_2")}
    assert missing(triwulan=1) == {cell("realisasi_triwulan_1")}
    assert run(config, [path], triwulan=None).temuan == []
    # a quarter with target 0 needs no realisasi; nor does a once-a-year indicator without quarterly targets
    zero = good_row(target_triwulan_1=0, target_triwulan_4=6, realisasi_triwulan_1=None)
    yearly = good_row(indikator="Nilai SAKIP", satuan="nilai", metode="akhir periode", target_tahunan=70,
                      target_triwulan_1=None, target_triwulan_2=None, target_triwulan_3=None, target_triwulan_4=None,
                      realisasi_triwulan_1=None, realisasi_triwulan_2=None)
    assert one(config, tmp_path, zero, yearly).temuan == []


def test_duplicate_indicator_in_one_workbook(config, tmp_path):
    dataset = one(config, tmp_path, good_row(), good_row(indikator=" jumlah LAPORAN hasil pengawasan kinerja"))
    assert found(dataset) == {("indikator_ganda", "galat", cell("indikator", 1))}
    other = good_row(kode_sub_kegiatan="6.01.02.2.01.0002", sub_kegiatan="Pengawasan Keuangan Pemerintah Daerah", kode_indikator="IK-2.2")
    assert one(config, tmp_path, good_row(), other).temuan == []


def test_one_unit_indicator_in_two_workbooks_of_a_quarter_is_a_galat_naming_both(config, tmp_path):
    folder = tmp_path / "2025" / "triwulan-1"
    folder.mkdir(parents=True)
    a = write_workbook(folder / "irban-1.xlsx", [good_row()])
    copy = folder / "irban-1 (1).xlsx"
    copy.write_bytes(a.read_bytes())  # the same workbook stored again under another name
    dataset = run(config, [folder], triwulan=1)
    twice = [t for t in dataset.temuan if t.kode is Kode.INDIKATOR_DUA_BERKAS]
    assert len(twice) == 1 and twice[0].tingkat.value == "galat" and twice[0].sel == cell("kode_indikator")
    assert "irban-1.xlsx" in twice[0].pesan and "irban-1 (1).xlsx" in twice[0].pesan
    # another unit's row with the same code, or another quarter's folder, is not counted twice
    other = tmp_path / "2025" / "triwulan-2"
    other.mkdir()
    write_workbook(other / "irban-1.xlsx", [good_row()])
    write_workbook(folder / "khusus.xlsx", [good_row(unit="Inspektur Pembantu Khusus")])
    copy.unlink()
    assert not [t for t in run(config, [tmp_path / "2025"]).temuan if t.kode is Kode.INDIKATOR_DUA_BERKAS]


def test_inconsistent_arah_metode_satuan_across_workbooks(config, tmp_path):
    a = write_workbook(tmp_path / "a.xlsx", [good_row()])
    b = write_workbook(tmp_path / "b.xlsx", [good_row(unit="Inspektur Pembantu Khusus")])
    c = write_workbook(tmp_path / "c.xlsx", [good_row(arah="Negatif", satuan="dokumen", metode="rata-rata",
                                                      unit="Inspektur Pembantu Wilayah II")])
    dataset = run(config, [a, b, c])
    assert {(t.berkas, t.kode.value, t.tingkat.value, t.sel) for t in dataset.temuan} == {
        (str(c), "arah_tidak_konsisten", "galat", cell("arah")),
        (str(c), "metode_tidak_konsisten", "galat", cell("metode")),
        (str(c), "satuan_tidak_konsisten", "peringatan", cell("satuan")),
    }
    # "%" and "persen" are the same unit
    d = write_workbook(tmp_path / "d.xlsx", [good_row(indikator="P", satuan="%")])
    e = write_workbook(tmp_path / "e.xlsx", [good_row(indikator="P", satuan="Persen", unit="Inspektur Pembantu Khusus")])
    assert run(config, [d, e]).temuan == []


def test_metadata_year_late_and_future_dates(config, tmp_path):
    late = write_workbook(tmp_path / "late.xlsx", [good_row()], metadata={"tanggal_penyampaian": dt.date(2025, 7, 15)})
    other_year = write_workbook(tmp_path / "year.xlsx", [good_row(indikator="X")], metadata={"tahun": 2024})
    future = write_workbook(tmp_path / "future.xlsx", [good_row(indikator="Y")], metadata={"tanggal_penyampaian": "40 Juli 2025"})
    dataset = run(config, [late, other_year, future])
    assert {(t.berkas, t.kode.value, t.tingkat.value, t.sel) for t in dataset.temuan} == {
        (str(late), "berkas_terlambat", "peringatan", "C5"),
        (str(other_year), "tahun_berbeda", "peringatan", "C3"),
        (str(future), "tanggal_tidak_valid", "peringatan", "C5"),
    }
    assert not has_galat(dataset.temuan)
    on_time = run(config, [late], triwulan=3)  # the triwulan III deadline is 10 October
    assert Kode.BERKAS_TERLAMBAT not in {t.kode for t in on_time.temuan}
    ahead = run(config, [late], today=dt.date(2025, 7, 1), triwulan=3)
    assert Kode.TANGGAL_TIDAK_VALID in {t.kode for t in ahead.temuan}


def test_missing_units_in_a_quarter_folder(config, tmp_path):
    folder = tmp_path / "2025" / "triwulan-2"
    write_workbook(folder / "rencana-aksi-irban-1.xlsx", [good_row()])
    write_workbook(folder / "isian-sekretariat.xlsx", [good_row(indikator="S", unit="Sekretariat", pptk="Budi Santoso")],
                   metadata={"unit": None})
    dataset = run(config, [tmp_path / "2025"], triwulan=None)
    missing = sorted(t.pesan.split("(")[1].split(")")[0] for t in dataset.temuan if t.kode is Kode.BERKAS_BELUM_MASUK)
    assert missing == ["IRBAN-2", "IRBAN-KHUSUS"]
    assert all(t.tingkat is Tingkat.PERINGATAN for t in dataset.temuan)
    # the folder name gives the triwulan: realisasi up to TW II is checked without --triwulan
    write_workbook(folder / "irban-2.xlsx", [good_row(indikator="Z", realisasi_triwulan_2=None, unit="IRBAN-2")])
    dataset = run(config, [folder], triwulan=None)
    assert Kode.REALISASI_BELUM_DIISI in {t.kode for t in dataset.temuan}


def test_unreadable_files_are_findings_not_crashes(config, tmp_path):
    good = write_workbook(tmp_path / "baik.xlsx", [good_row()])
    empty = tmp_path / "kosong.xlsx"
    empty.write_bytes(b"")
    text = tmp_path / "teks.xlsx"
    text.write_text("indikator;target\n", encoding="utf-8")
    broken = tmp_path / "rusak.xlsx"
    broken.write_bytes(good.read_bytes()[:400])
    no_sheet_xml = tmp_path / "tanpa-isi.xlsx"
    with zipfile.ZipFile(no_sheet_xml, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    dataset = run(config, [good, empty, text, broken, no_sheet_xml, tmp_path / "tidak-ada.xlsx"])
    by_file = {t.berkas.split("/")[-1]: (t.kode.value, t.tingkat.value) for t in dataset.temuan}
    assert by_file == {
        "kosong.xlsx": ("berkas_kosong", "galat"),
        "teks.xlsx": ("berkas_bukan_xlsx", "galat"),
        "rusak.xlsx": ("berkas_rusak", "galat"),
        "tanpa-isi.xlsx": ("berkas_rusak", "galat"),
        "tidak-ada.xlsx": ("berkas_tidak_ada", "galat"),
    }
    assert len(dataset.data) == 1  # the good workbook is still read
    (tmp_path / "kosong").mkdir()
    assert [t.kode for t in run(config, [tmp_path / "kosong"]).temuan] == [Kode.BERKAS_TIDAK_ADA]


def test_all_findings_are_collected(config, tmp_path):
    rows = [good_row(pagu="x", realisasi_triwulan_1=-3, pptk="Siapa", arah="?"), good_row(), good_row(indikator="B", satuan="")]
    dataset = one(config, tmp_path, *rows)
    assert {t.kode for t in dataset.temuan} == {
        Kode.BUKAN_ANGKA, Kode.NILAI_NEGATIF, Kode.PPTK_TIDAK_DIKENAL, Kode.PILIHAN_TIDAK_DIKENAL,
        Kode.INDIKATOR_GANDA, Kode.NILAI_WAJIB_KOSONG,
    }
    assert len(dataset.data) == 3  # rows with a galat stay in the data


def test_odd_cell_types_become_findings(config, tmp_path):
    row = good_row(realisasi_triwulan_1=True, realisasi_triwulan_2=dt.date(2025, 1, 1), pagu=dt.datetime(2025, 1, 1, 8, 0),
                   indikator=12345, arah=0)
    dataset = one(config, tmp_path, row)
    assert found(dataset) == {
        ("bukan_angka", "galat", cell("realisasi_triwulan_1")),
        ("bukan_angka", "galat", cell("realisasi_triwulan_2")),
        ("bukan_angka", "galat", cell("pagu")),
        ("pilihan_tidak_dikenal", "galat", cell("arah")),
    }
    assert dataset.data["indikator"].iloc[0] == "12345"


def test_blank_or_merged_quarterly_targets_of_a_kumulatif_indicator_are_a_galat(config, tmp_path):
    """Typed blank, or TW I–IV merged with the year's value in the first cell: capaian would change silently."""
    from openpyxl import load_workbook

    blank = one(config, tmp_path, good_row(target_triwulan_2=None, target_triwulan_1=6))
    assert (Kode.TARGET_TRIWULAN_KOSONG.value, "galat", cell("target_triwulan_2")) in found(blank)
    merged_path = write_workbook(tmp_path / "gabung.xlsx", [good_row(target_triwulan_1=12, target_triwulan_2=None,
                                                                     target_triwulan_3=None, target_triwulan_4=None)])
    book = load_workbook(merged_path)
    book.active.merge_cells(f"{cell('target_triwulan_1')}:{cell('target_triwulan_4')}")
    book.save(merged_path)
    merged = run(config, [merged_path])
    assert {(k, t) for k, t, s in found(merged) if k == Kode.TARGET_TRIWULAN_KOSONG.value} == {
        (Kode.TARGET_TRIWULAN_KOSONG.value, "galat")}
    assert {s for k, _, s in found(merged) if k == Kode.TARGET_TRIWULAN_KOSONG.value} == {
        cell(f"target_triwulan_{n}") for n in (2, 3, 4)}
    assert has_galat(merged.temuan)  # so capaian is not computed from a shrunken target


def test_text_longer_than_the_limit_is_cut_with_a_galat(config, tmp_path):
    """Made by a tool that writes more than a cell holds (openpyxl itself cuts at 32,767)."""
    path = write_workbook(tmp_path / "a.xlsx", [good_row(kendala="PENANDA-TEKS-PANJANG")])
    with zipfile.ZipFile(path) as book:
        parts = {name: book.read(name) for name in book.namelist()}
    sheet = next(name for name in parts if name.startswith("xl/worksheets/"))
    parts[sheet] = parts[sheet].replace(b"PENANDA-TEKS-PANJANG", b"x" * 40_000)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        for name, data in parts.items():
            book.writestr(name, data)
    dataset = run(config, [path])
    [finding] = [t for t in dataset.temuan if t.kode is Kode.TEKS_TERLALU_PANJANG]
    assert finding.sel == cell("kendala") and "40.000 karakter" in finding.pesan and "4.000 karakter" in finding.pesan
    assert finding.tingkat.value == "galat" and "[batas] teks" in finding.pesan
    kendala = dataset.data["kendala"].iloc[0]  # cut for reports and printing, so they stay bounded
    assert len(kendala) == 4000 and kendala.endswith("…")
