"""The annual report (LKjIP, the outline of PermenPAN-RB 53/2014) as sections of the document model.

:func:`laporan_tahunan` returns the whole report as a list of :class:`~kinerja.laporan.model.dokumen.Bagian`
(Kata Pengantar, Ikhtisar Eksekutif, Daftar Isi, Bab I-IV, the appendices of :mod:`.lampiran`),
:func:`dokumen_tahunan` its document block; the notebook ``tahunan.ipynb`` displays both.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from kinerja.capaian.tabel import (
    DIHITUNG,
    format_target,
    serapan_anggaran,
)
from kinerja.config import Config
from kinerja.domain.peran import ROLE_LABELS
from kinerja.domain.predikat import teks_baik
from kinerja.laporan.bagian.lampiran import lampiran_formula, lampiran_perjanjian, perjanjian_kinerja, sumber_data
from kinerja.laporan.bagian.umum import (
    CATATAN_ARAH,
    Dokumen,
    _aturan_efisiensi,
    _capaian_text,
    _efisiensi_text,
    _gambar,
    _judul,
    _label,
    _label_unit,
    _label_unit_arah,
    _predikat,
    _row,
    _rp,
    _sasaran_groups,
    _text,
    _unit_name,
    catatan_belum_resmi,
    dokumen,
    kepala_penandatangan,
    realisasi_tahun,
    ringkasan,
)
from kinerja.laporan.model.data import LaporanTahunan, anggaran_program_frame, capaian_triwulan_frame
from kinerja.laporan.model.dokumen import (
    Bagian,
    Baris,
    Kotak,
    Paragraf,
    Sel,
    Tabel,
    TandaTangan,
    daftar_isi,
    paragraf,
)
from kinerja.laporan.model.narasi import JUDUL
from kinerja.laporan.model.ringkasan import indikator_berisiko, kalimat_kesimpulan, kelompok_capaian, ringkasan_frame
from kinerja.laporan.model.riwayat import RIWAYAT_NAMA, sumber_tahun
from kinerja.numbers import (
    ROMAWI,
    format_date,
    format_percent,
)
from kinerja.periksa import isi_bidang


def dokumen_tahunan(lap: LaporanTahunan) -> Dokumen:
    """The annual report's document block (banner when a quarter is missing/unapproved)."""
    status = ""
    if lap.masalah:
        status = "PERHATIAN: " + "; ".join(lap.masalah) + "."
    parameter = {k: v for k, v in lap.parameter.items() if k != "berkas"}
    judul = f"Laporan Kinerja Instansi Pemerintah (LKjIP) Tahun {lap.tahun}"
    return dokumen(lap.config, judul=judul, periode=f"Periode 1 Januari – 31 Desember {lap.tahun}", parameter=parameter,
                   berkas=lap.parameter.get("berkas", []), notebook="notebooks/tahunan.ipynb", dibuat=lap.dibuat, status=status,
                   riwayat=lap.riwayat, draf=bool(getattr(lap, "draf", False)))


def isian(lap: LaporanTahunan, kunci: str, petunjuk: str) -> list[Any]:
    """A narrative part: the text Perencanaan wrote (``narasi-<tahun>.docx`` or
    ``narasi/<tahun>.toml``), else a yellow box saying what to write there."""
    text = lap.narasi.get(kunci, "")
    if text:
        return paragraf(text)
    return [Kotak("isian", f"[Diisi oleh Sub Bagian Perencanaan: {narasi_title(kunci)}] {petunjuk}; tulis di bawah judul "
                           f"\"{narasi_title(kunci)}\" pada narasi/narasi-{lap.tahun}.docx (kinerja narasi --tahun {lap.tahun}).")]


def narasi_title(kunci: str) -> str:
    """The heading of a narrative part in narasi-<tahun>.docx."""
    return JUDUL.get(kunci, kunci)


def struktur_organisasi(config: Config) -> Tabel:
    """Units and people of the office, from the config."""
    rows = []
    for unit in config.unit:
        people = [p for p in config.pegawai if p.unit == unit.kode]
        names = "\n".join(f"{p.nama} ({', '.join(ROLE_LABELS[r] for r in p.peran)})" for p in people) or "–"
        rows.append(_row(unit.nama, names))
    return Tabel(["Unit Kerja", "Pegawai dan peran dalam pengumpulan data kinerja"], rows, lebar=[35, 65])


def tabel_iku(lap: LaporanTahunan) -> Tabel:
    """The Indikator Kinerja Utama: indicators coded IKU (all indicators when the office does
    not number them), with the Renstra end target and the formula."""
    tabel = lap.tabel
    ref = getattr(lap, "referensi", None)
    if "kode" in tabel and tabel["kode"].astype(str).str.upper().str.startswith("IKU").any():
        tabel = tabel[tabel["kode"].astype(str).str.upper().str.startswith("IKU")]
    rows = []
    for i, row in enumerate(tabel.to_dict(orient="records"), start=1):
        arah = "semakin tinggi semakin baik" if _text(row.get("arah")) != "negatif" else "semakin rendah semakin baik"
        rows.append(_row(i, _label(row), _text(row.get("satuan")), format_target(row.get("target_tahunan")),
                         ref.renstra_text(row) if ref is not None else "–", f"{arah}; {(_text(row.get('metode')) or '–').replace('_', ' ')}",
                         _unit_name(lap.config, row.get("unit"))))
    return Tabel(["No", "Indikator Kinerja Utama", "Satuan", f"Target {lap.tahun}", "Target akhir Renstra", "Arah dan metode", "Penanggung jawab"],
                 rows, angka=[3, 4], lebar=[4, 34, 9, 10, 11, 17, 15])


def kata_pengantar(lap: LaporanTahunan) -> Bagian:
    """Kata Pengantar: the narrative's text, else the office's standard foreword."""
    cfg = lap.config
    text = lap.narasi.get("kata_pengantar") or draf_kata_pengantar(lap)
    return Bagian([_judul("KATA PENGANTAR", 1), *paragraf(text),
                   TandaTangan([kepala_penandatangan(cfg, f"{cfg.instansi.kota}, {format_date(lap.dibuat)}")])])


def draf_kata_pengantar(lap: LaporanTahunan) -> str:
    cfg = lap.config
    return (f"Puji syukur kami panjatkan ke hadirat Tuhan Yang Maha Esa, atas rahmat-Nya Laporan Kinerja Instansi Pemerintah "
            f"(LKjIP) {cfg.instansi.nama} Tahun {lap.tahun} dapat diselesaikan. Laporan ini disusun sebagai wujud "
            "pertanggungjawaban atas pelaksanaan tugas dan fungsi serta pengelolaan anggaran, sesuai Peraturan Presiden "
            "Nomor 29 Tahun 2014 dan Peraturan Menteri PANRB Nomor 53 Tahun 2014.\n\n"
            f"LKjIP ini menyajikan capaian kinerja tahun {lap.tahun} terhadap Perjanjian Kinerja, perbandingannya dengan tahun-tahun "
            "sebelumnya dan dengan target Rencana Strategis, serta realisasi anggaran yang mendukungnya. Kami berharap laporan "
            "ini menjadi bahan evaluasi dan perbaikan kinerja pada tahun berikutnya.")


def ikhtisar_eksekutif(lap: LaporanTahunan) -> Bagian:
    """Ikhtisar Eksekutif (one page): the sasaran, indicators per predikat, main successes
    and failures, budget absorbed (all from the annual table)."""
    r = ringkasan_frame(lap.tabel, lap.config)
    sasaran = [s for s, _ in _sasaran_groups(lap.tabel)]
    blocks: list[Any] = [_judul("IKHTISAR EKSEKUTIF", 1, halaman_baru=True)]
    blocks += paragraf(lap.narasi.get("ikhtisar_eksekutif") or draf_ikhtisar(lap))
    rows = [_row(i, s) for i, s in enumerate(sasaran, start=1)]
    blocks.append(Tabel(["No", "Sasaran strategis"], rows, lebar=[6, 94], judul="Sasaran strategis tahun " + str(lap.tahun)))
    pred_rows = [_row(name, count) for name, count in r["per_predikat"].items()]
    blocks.append(Tabel(["Predikat capaian", "Jumlah indikator"], pred_rows, angka=[1], lebar=[60, 40], judul="Indikator per predikat"))
    ok = lap.tabel[lap.tabel["status"] == DIHITUNG] if not lap.tabel.empty else lap.tabel
    if not ok.empty:
        best = ok.sort_values("capaian", ascending=False).head(3)
        worst = ok.sort_values("capaian").head(3)
        blocks.append(Paragraf("Keberhasilan utama: " + "; ".join(f"{_label(x)} ({format_percent(x['capaian'])})" for x in best.to_dict(orient="records")) + "."))
        blocks.append(Paragraf("Capaian terendah: " + "; ".join(f"{_label(x)} ({format_percent(x['capaian'])})" for x in worst.to_dict(orient="records")) + "."))
    return Bagian(blocks)


def draf_ikhtisar(lap: LaporanTahunan) -> str:
    """The Ikhtisar Eksekutif's opening, written from the annual table (:func:`ikhtisar_bidang`
    with its fields filled)."""
    return isi_bidang(ikhtisar_bidang(lap), lap.bidang)


def ikhtisar_bidang(lap: LaporanTahunan) -> str:
    """The Ikhtisar Eksekutif's opening with its figures as ``{{ fields }}`` (the narasi draft
    keeps them live; :func:`draf_ikhtisar` fills them)."""
    if lap.tabel.empty:  # no approved quarter yet: nothing to count, and "0 sasaran" would be false
        return (f"Laporan tahunan {lap.tahun} ini belum memuat capaian: belum ada laporan triwulan {lap.config.instansi.nama} "
                "yang disetujui Sekretaris. Sasaran, indikator, capaian dan realisasi anggaran disajikan setelah laporan "
                "triwulan disetujui.")
    return (f"Pada tahun {{{{ tahun }}}}, {lap.config.instansi.nama} menetapkan {{{{ jumlah_sasaran }}}} sasaran strategis dengan "
            "{{ jumlah_indikator }} indikator kinerja dalam Perjanjian Kinerja. Rata-rata capaian indikator yang terukur "
            "{{ capaian_rata_rata }} ({{ rincian_predikat }}). Realisasi anggaran {{ realisasi_anggaran }} dari pagu {{ pagu }} "
            "(serapan {{ serapan }}).")


def bab_1(lap: LaporanTahunan) -> Bagian:
    cfg = lap.config
    return Bagian([
        _judul("BAB I PENDAHULUAN", 1, halaman_baru=True),
        _judul("A. Latar belakang", 2),
        *paragraf(lap.narasi.get("latar_belakang") or (
            "Laporan Kinerja Instansi Pemerintah (LKjIP) disusun sebagai wujud pertanggungjawaban atas pelaksanaan tugas dan fungsi "
            "serta pengelolaan anggaran, sesuai Peraturan Presiden Nomor 29 Tahun 2014 tentang Sistem Akuntabilitas Kinerja Instansi "
            "Pemerintah dan Peraturan Menteri PANRB Nomor 53 Tahun 2014. Laporan ini menyajikan capaian kinerja selama satu tahun "
            "anggaran berdasarkan Perjanjian Kinerja dan Rencana Aksi yang dipantau setiap triwulan.")),
        _judul("B. Tugas, fungsi dan struktur organisasi", 2),
        *isian(lap, "tugas_fungsi", "tugas pokok dan fungsi organisasi sesuai peraturan bupati tentang kedudukan, susunan organisasi, tugas dan fungsi"),
        Paragraf(f"Susunan organisasi {cfg.instansi.nama} dan pegawai yang terlibat dalam pengumpulan data kinerja:"),
        struktur_organisasi(cfg),
        _judul("C. Isu strategis", 2),
        *isian(lap, "isu_strategis", "isu strategis yang dihadapi organisasi pada tahun ini"),
        _judul("D. Sistematika penyajian", 2),
        Paragraf("Bab I Pendahuluan; Bab II Perencanaan Kinerja (Rencana Strategis, Indikator Kinerja Utama, Perjanjian Kinerja); "
                 "Bab III Akuntabilitas Kinerja (capaian per sasaran dan realisasi anggaran); Bab IV Penutup; Lampiran."),
    ])


def bab_2(lap: LaporanTahunan) -> Bagian:
    ref = getattr(lap, "referensi", None)
    blocks: list[Any] = [_judul("BAB II PERENCANAAN KINERJA", 1, halaman_baru=True), _judul("A. Rencana Strategis", 2)]
    blocks += isian(lap, "renstra", "ringkasan tujuan, sasaran dan target jangka menengah dalam Renstra")
    if ref is not None and ref.periode:
        blocks.append(Paragraf(f"Target akhir periode Renstra {ref.periode} per indikator disajikan pada tabel Indikator Kinerja Utama "
                               "dan pada analisis per sasaran di Bab III."))
    blocks += [_judul("B. Indikator Kinerja Utama", 2), tabel_iku(lap),
               _judul("C. Perjanjian Kinerja", 2),
               Paragraf("Ringkasan sasaran, indikator dan target tahunan yang diperjanjikan (rincian lengkap dengan program, kegiatan "
                        "dan anggaran pada Lampiran)."),
               perjanjian_kinerja(lap.tabel)]
    return Bagian(blocks)


def _riwayat_cells(lap: LaporanTahunan, row: dict[str, Any]) -> list[str]:
    ref = getattr(lap, "referensi", None)
    return [realisasi_tahun(ref, row, year) for year in (lap.tahun - 2, lap.tahun - 1)]


def perbandingan_sasaran(lap: LaporanTahunan, part: pd.DataFrame) -> list[Any]:
    """Per indicator of one sasaran: realisasi of the two previous years and this year, the
    Renstra end target and how far it is reached, the national/provincial standard."""
    ref = getattr(lap, "referensi", None)
    rows = []
    for i, row in enumerate(part.to_dict(orient="records"), start=1):
        before = _riwayat_cells(lap, row)
        renstra = ref.renstra_text(row) if ref is not None else "–"
        renstra_cap = ref.capaian_renstra(row, lap.config) if ref is not None else None
        standar = ref.standar_text(row) if ref is not None else "–"
        rows.append(_row(i, _label_unit_arah(row), *before, format_target(row.get("realisasi")), renstra,
                         format_percent(renstra_cap), standar))
    return [Tabel(["No", "Indikator", f"Realisasi {lap.tahun - 2}", f"Realisasi {lap.tahun - 1}", f"Realisasi {lap.tahun}",
                   "Target akhir Renstra", "Capaian thd Renstra", "Standar nasional/provinsi"], rows, angka=[2, 3, 4, 5, 6],
                  lebar=[4, 30, 10, 10, 10, 11, 10, 15], rapat=True, judul="Perbandingan dengan tahun sebelumnya, Renstra dan standar")]


def analisis_sasaran(lap: LaporanTahunan, part: pd.DataFrame) -> list[Any]:
    """Causes of success or failure and alternative solutions (from the kendala and tindak
    lanjut the PPTK reported), efficiency, supporting programmes and activities."""
    blocks: list[Any] = []
    risk = indikator_berisiko(part, lap.config)
    groups = kelompok_capaian(part, lap.config)
    text = f"{groups['baik']} dari {groups['jumlah']} indikator sasaran ini berpredikat {teks_baik(lap.config.predikat)}."
    if not risk.empty:
        text += " Indikator yang belum optimal: " + "; ".join(f"{_label(r)} ({r['alasan']})" for r in risk.to_dict(orient="records")) + "."
    blocks.append(Paragraf(text))
    causes = [r for r in part.to_dict(orient="records") if _text(r.get("kendala")) or _text(r.get("tindak_lanjut"))]
    if causes:
        blocks.append(Tabel(["Indikator", "Penyebab (kendala)", "Alternatif solusi (tindak lanjut)"],
                            [_row(_label_unit(r), _text(r.get("kendala")) or "–", _text(r.get("tindak_lanjut")) or "–") for r in causes],
                            lebar=[34, 33, 33], judul="Penyebab keberhasilan/kegagalan dan alternatif solusi"))
    eff_rows = []
    for r in part.to_dict(orient="records"):
        if pd.isna(pd.to_numeric(r.get("pagu"), errors="coerce")):
            continue
        eff_rows.append(_row(_label_unit_arah(r), _capaian_text(r), _rp(r.get("pagu")), _rp(r.get("realisasi_anggaran")),
                             format_percent(r.get("serapan")), _efisiensi_text(r)))
    if eff_rows:
        blocks.append(Tabel(["Indikator", "Capaian", "Pagu (Rp)", "Realisasi (Rp)", "Serapan", "Efisiensi"], eff_rows, angka=[1, 2, 3, 4],
                            lebar=[36, 10, 15, 15, 10, 14], judul="Efisiensi penggunaan sumber daya"))
        blocks.append(_aturan_efisiensi(lap.config))
    programs = []
    for (kp, program, kk, kegiatan), sub in part.groupby(["kode_program", "program", "kode_kegiatan", "kegiatan"], sort=False, dropna=False):
        programs.append(_row(f"{_text(kp)} {_text(program)}".strip() or "–", f"{_text(kk)} {_text(kegiatan)}".strip() or "–",
                             "\n".join(_label(x) for x in sub.to_dict(orient="records"))))
    blocks.append(Tabel(["Program", "Kegiatan", "Indikator yang didukung"], programs, lebar=[30, 30, 40],
                        judul="Program dan kegiatan yang menunjang"))
    return blocks


def capaian_sasaran(lap: LaporanTahunan, part: pd.DataFrame) -> Tabel:
    """Target vs realisasi per indicator of one sasaran, with each quarter's capaian as that
    quarter's report stated it (joined by unit and Kode Indikator)."""
    frame = capaian_triwulan_frame(part, lap.tren, ringkas=True)
    rows = []
    for i, row in enumerate(frame.to_dict(orient="records"), start=1):
        per_q = [row[f"teks_tw_{q}"] for q in range(1, 5)]
        rows.append(Baris([Sel(str(i)), Sel(_label_unit_arah(row)), Sel(_text(row.get("satuan"))), Sel(format_target(row.get("target")) or "–"),
                           Sel(format_target(row.get("realisasi")) or "–"), *[Sel(x) for x in per_q], Sel(_capaian_text(row)),
                           _predikat(row.get("predikat"), lap.config)]))
    return Tabel(["No", "Indikator Kinerja", "Satuan", "Target", "Realisasi", *[f"Cap. TW {ROMAWI[q]}" for q in range(1, 5)],
                  "Capaian", "Predikat"], rows, angka=list(range(3, 10)), lebar=[3, 22, 7, 7, 9, 8, 8, 8, 8, 9, 11], rapat=True,
                 judul="Target, realisasi dan capaian")


KEPALA_ANGGARAN = ["Kode", "Program / Kegiatan", "Pagu (Rp)", "Realisasi (Rp)", "Serapan", "Porsi pagu"]
CATATAN_ANGGARAN = ("Jumlah pada tabel ini adalah pagu dan realisasi anggaran yang tercantum pada lembar kerja indikator "
                    "kinerja (rencana aksi), bukan keseluruhan DPA perangkat daerah; porsi pagu dihitung terhadap jumlah tersebut.")


def anggaran_program_kegiatan(tabel: pd.DataFrame) -> Tabel:
    """Realisasi anggaran per program and per kegiatan, each against its pagu and as a share of
    the sum of the indicators' pagu (the worksheets' budget, not the whole DPA: :data:`CATATAN_ANGGARAN`)."""
    rows: list[Baris] = []
    if tabel.empty:
        return Tabel(KEPALA_ANGGARAN, [])
    frame = tabel.assign(pagu=pd.to_numeric(tabel["pagu"], errors="coerce"),
                         realisasi_anggaran=pd.to_numeric(tabel["realisasi_anggaran"], errors="coerce"))
    dpa = float(frame["pagu"].sum())  # the indicators' pagu, not the whole DPA
    programs = anggaran_program_frame(tabel)
    for p in programs.itertuples(index=False):
        share = p.pagu / dpa * 100 if dpa else None
        rows.append(Baris([Sel(_text(p.kode_program)), Sel(f"Program {_text(p.program)}"), Sel(_rp(p.pagu)), Sel(_rp(p.realisasi_anggaran)),
                           Sel(format_percent(p.serapan)), Sel(format_percent(share))], grup=2))
        sub = frame[frame["kode_program"] == p.kode_program]
        grouped = sub.groupby(["kode_kegiatan", "kegiatan"], sort=False, dropna=False)[["pagu", "realisasi_anggaran"]].sum(min_count=1)
        for (kk, kegiatan), v in grouped.iterrows():
            if pd.isna(v["pagu"]):
                continue
            rows.append(_row(_text(kk), f"Kegiatan {_text(kegiatan)}", _rp(v["pagu"]), _rp(v["realisasi_anggaran"]),
                             format_percent(serapan_anggaran(v["realisasi_anggaran"], v["pagu"])),
                             format_percent(v["pagu"] / dpa * 100 if dpa else None)))
    real = float(frame["realisasi_anggaran"].sum())
    rows.append(Baris([Sel(""), Sel("Jumlah pagu indikator kinerja"), Sel(_rp(dpa), "angka"), Sel(_rp(real), "angka"),
                       Sel(format_percent(serapan_anggaran(real, dpa)), "angka"), Sel(format_percent(100.0 if dpa else None), "angka")], grup=1))
    return Tabel(KEPALA_ANGGARAN, rows, angka=[2, 3, 4, 5], lebar=[14, 38, 15, 15, 9, 9],
                 judul="Realisasi anggaran per program dan kegiatan")


def bab_3(lap: LaporanTahunan) -> Bagian:
    from kinerja.laporan.render import grafik  # noqa: PLC0415 -- kinerja.laporan.render.grafik + matplotlib, pyparsing, mpl_toolkits (~450 ms) kept off importing this module

    blocks: list[Any] = [_judul("BAB III AKUNTABILITAS KINERJA", 1, halaman_baru=True), _judul("A. Capaian kinerja organisasi", 2),
                         Paragraf("Capaian tahunan dihitung menurut metode tiap indikator terhadap target tahunan; kolom TW I–IV "
                                  "menunjukkan capaian sebagaimana dilaporkan setiap triwulan."),
                         Paragraf(CATATAN_ARAH, "catatan")]
    blocks += ringkasan(lap.tabel, lap.config, label="tahun ini").blok
    kosong = KOSONG_TAHUNAN if lap.tabel.empty else ""  # an empty chart says what an empty table says
    blocks += _gambar(grafik.grafik_capaian(lap.tabel, lap.config.predikat, judul="Capaian tahunan per indikator", kosong=kosong))
    ref = getattr(lap, "referensi", None)
    # a year whose annual report is not documented has its one note from catatan_belum_resmi
    missing = [y for y in (lap.tahun - 2, lap.tahun - 1) if (ref is None or not ref.tahun.get(y)) and not (ref and ref.catatan.get(y))]
    if missing:
        blocks.append(Kotak("info", f"Data realisasi tahun {' dan '.join(map(str, missing))} tidak tersedia di ruang kerja ini (hasil "
                                    f"laporan tahunan yang sudah didokumentasikan atau {RIWAYAT_NAMA}), sehingga "
                                    "perbandingan dengan tahun tersebut belum dapat disajikan."))
    blocks += [Kotak("info", text) for text in catatan_belum_resmi(ref, (lap.tahun - 2, lap.tahun - 1))]
    if source := sumber_tahun(ref, (lap.tahun - 2, lap.tahun - 1)):
        blocks.append(Paragraf(source, "catatan"))
    if ref is None or not ref.renstra:
        blocks.append(Kotak("info", f"Target akhir Renstra dan standar nasional/provinsi belum diisi pada {RIWAYAT_NAMA}."))
    for n, (sasaran, part) in enumerate(_sasaran_groups(lap.tabel), start=1):
        blocks.append(_judul(f"Sasaran {n}: {sasaran}", 3))
        blocks.append(capaian_sasaran(lap, part))
        blocks += perbandingan_sasaran(lap, part)
        blocks += analisis_sasaran(lap, part)
    blocks += [_judul("Tren capaian triwulan", 3, daftar_isi=False), *_gambar(grafik.grafik_tren_tahunan(lap.tren, kosong=kosong)),
               *_gambar(grafik.grafik_capaian_serapan(lap.tabel, kosong=kosong))]  # titled by the chart itself
    if lap.narasi.get("perbandingan_renstra"):
        blocks += [_judul("Perbandingan dengan target akhir Renstra", 3, daftar_isi=False), *paragraf(lap.narasi["perbandingan_renstra"])]
    blocks += [_judul("Analisis penyebab keberhasilan dan kegagalan", 3, daftar_isi=False)]
    blocks += isian(lap, "analisis_penyebab", "analisis penyebab keberhasilan atau kegagalan serta alternatif solusi")
    blocks += [_judul("B. Realisasi anggaran", 2), anggaran_program_kegiatan(lap.tabel), Paragraf(CATATAN_ANGGARAN, "catatan"),
               *_gambar(grafik.grafik_serapan_triwulan(lap.tabel, kosong=kosong))]
    return Bagian(blocks)


def kesimpulan(lap: LaporanTahunan) -> Paragraf:
    """The generated opening of Bab IV: the year in numbers (the same table as every figure)."""
    return Paragraf(kalimat_kesimpulan(lap.tabel, lap.config, lap.tahun, lap.masalah))


def bab_4(lap: LaporanTahunan) -> Bagian:
    cfg = lap.config
    return Bagian([
        _judul("BAB IV PENUTUP", 1, halaman_baru=True), _judul("A. Kesimpulan", 2), kesimpulan(lap),
        _judul("B. Rencana tindak lanjut", 2),
        *isian(lap, "rencana_tindak_lanjut", "langkah perbaikan untuk tahun berikutnya"),
        TandaTangan([kepala_penandatangan(cfg, f"{cfg.instansi.kota}, {format_date(lap.dibuat)}")]),
    ])


KOSONG_TAHUNAN = "Belum ada angka: belum ada laporan triwulan yang disetujui Sekretaris."

"""What an empty table of the annual report says when no quarter is approved yet."""


def laporan_tahunan(lap: LaporanTahunan) -> list[Bagian]:
    """The LKjIP in the outline of PermenPAN-RB 53/2014, section by section."""
    body = [bab_1(lap), bab_2(lap), bab_3(lap), bab_4(lap), lampiran_perjanjian(lap) + lampiran_formula(lap) + sumber_data(lap)]
    front = [kata_pengantar(lap), ikhtisar_eksekutif(lap)]
    toc = daftar_isi([*front, *body])
    parts = [*front, Bagian([_judul("DAFTAR ISI", 1, halaman_baru=True, daftar_isi=False), toc]), *body]
    if lap.tabel.empty:  # every table built from the approved quarters is empty: say why in each
        for block in (b for part in parts for b in part.blok):
            if isinstance(block, Tabel) and not block.baris:
                block.kosong = KOSONG_TAHUNAN
    return parts


PARTS_TAHUNAN = ("KATA PENGANTAR", "IKHTISAR EKSEKUTIF", "DAFTAR ISI", "BAB I PENDAHULUAN", "BAB II PERENCANAAN KINERJA",
                 "BAB III AKUNTABILITAS KINERJA", "BAB IV PENUTUP", "LAMPIRAN")

"""The chapter headings every annual report has (checked by the tests in HTML and .docx)."""

