"""The quarterly evaluation report (evaluasi hasil Renja, Form E.81) as sections of the document model.

:func:`laporan_triwulan` returns the whole report as a list of :class:`~kinerja.laporan.model.dokumen.Bagian`,
:func:`dokumen_triwulan` its document block; the notebook ``triwulan.ipynb`` displays both.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from kinerja.capaian.tabel import DIHITUNG, format_target
from kinerja.config import Config
from kinerja.domain.predikat import nama_aman, teks_baik
from kinerja.laporan.bagian.peringatan import peringatan_dini
from kinerja.laporan.bagian.umum import (
    CATATAN_ARAH,
    Dokumen,
    _aturan_efisiensi,
    _capaian_text,
    _efisiensi_text,
    _file_name,
    _gambar,
    _group,
    _judul,
    _label,
    _label_arah,
    _label_unit,
    _predikat,
    _row,
    _rp,
    _sasaran_groups,
    _text,
    _unit_name,
    catatan_belum_resmi,
    dokumen,
    judul_status_alur,
    kepala_penandatangan,
    realisasi_tahun,
    ringkasan,
    tabel_berisiko,
    tabel_status_alur,
)
from kinerja.laporan.model.data import LaporanTriwulan, kelengkapan_frame, period_end
from kinerja.laporan.model.dokumen import (
    Bagian,
    Baris,
    Kotak,
    Paragraf,
    Sel,
    Tabel,
    TandaTangan,
)
from kinerja.laporan.model.ringkasan import indikator_baik, indikator_berisiko
from kinerja.laporan.model.riwayat import RIWAYAT_NAMA, sumber_tahun
from kinerja.numbers import (
    ROMAWI,
    format_date,
    format_percent,
    triwulan_label,
    zona_of,
)


def dokumen_triwulan(lap: LaporanTriwulan) -> Dokumen:
    """The quarterly report's document block (with a banner when there are galat)."""
    status = ""
    if lap.jumlah_galat:
        status = (
            f"PERHATIAN: lembar kerja triwulan ini memuat {lap.jumlah_galat} galat. "
            f"{len(lap.dikecualikan)} indikator tidak dihitung seluruhnya atau anggarannya; barisnya tetap tampil dengan "
            "keterangan galat (rincian pada bagian Hasil validasi). Perbaiki lembar kerja lalu jalankan ulang laporan."
        )
    judul = f"Laporan Evaluasi Kinerja {triwulan_label(lap.triwulan)} Tahun {lap.tahun}"
    if lap.unit:
        judul += f" — {lap.unit}"
    return dokumen(
        lap.config, judul=judul, periode=f"Periode {triwulan_label(lap.triwulan)} (s.d. {period_end(lap.tahun, lap.triwulan)})",
        parameter=lap.parameter, berkas=lap.berkas, notebook="notebooks/triwulan.ipynb", dibuat=lap.dibuat, status=status,
        riwayat=lap.riwayat, draf=bool(getattr(lap, "draf", False)),
    )


def tabel_e81(lap: LaporanTriwulan) -> Bagian:
    """Form E.81 per Sasaran / Program / Kegiatan / Sub Kegiatan, as Permendagri 86/2017 lays it
    out: Renstra target, the year's target, realisasi per quarter (indicator above, rupiah below),
    realisasi to date and its capaian against the year's target (kinerja and serapan anggaran);
    then, as labelled extra columns, the target to date, the capaian against it and its predikat.
    Every row leads with its arah marker, so each printed capaian can be recomputed from its row."""
    tabel = lap.tabel
    triwulan = lap.triwulan
    tw = ROMAWI[triwulan]
    ref = getattr(lap, "referensi", None)
    headers = ["No", "Indikator Kinerja / Satuan", f"Target Renstra / Real. {lap.tahun - 1}", f"Target {lap.tahun} (K / Rp)",
               *[f"Real. TW {ROMAWI[q]}" for q in range(1, 5)], f"Real. s.d. TW {tw} (K / Rp)",
               f"Capaian thd target {lap.tahun} (K / Rp)", f"Target s.d. TW {tw}", f"Capaian thd target s.d. TW {tw}",
               f"Predikat (thd target s.d. TW {tw})"]
    width = len(headers)
    rows: list[Baris] = []
    number = 0
    for sasaran, part in _sasaran_groups(tabel):
        rows.append(_group(f"Sasaran: {sasaran}", width))
        last_program = last_kegiatan = last_sub = None
        for row in part.to_dict(orient="records"):
            if row.get("program") != last_program:
                rows.append(_group(f"Program {_text(row.get('kode_program'))} {_text(row.get('program')) or '–'}", width, 2))
                last_program, last_kegiatan, last_sub = row.get("program"), None, None
            if row.get("kegiatan") != last_kegiatan and _text(row.get("kegiatan")):
                rows.append(_group(f"Kegiatan {_text(row.get('kode_kegiatan'))} {_text(row.get('kegiatan'))}", width, 2))
                last_kegiatan, last_sub = row.get("kegiatan"), None
            if row.get("sub_kegiatan") != last_sub and _text(row.get("sub_kegiatan")):
                rows.append(_group(f"Sub Kegiatan {_text(row.get('kode_sub_kegiatan'))} {_text(row.get('sub_kegiatan'))}", width, 2))
                last_sub = row.get("sub_kegiatan")
            number += 1
            renstra = (ref.renstra_text(row) if ref is not None else "–") + "\n" + realisasi_tahun(ref, row, lap.tahun - 1)
            per_q = []
            for q in range(1, 5):
                if q > triwulan:
                    per_q.append("")
                    continue
                k = format_target(row.get(f"realisasi_triwulan_{q}")) or "–"
                rp = _rp(row.get(f"realisasi_anggaran_triwulan_{q}"))
                per_q.append(f"{k}\n{rp}" if _text(row.get("pagu")) and rp != "–" else k)
            pagu = _rp(row.get("pagu"))
            target = format_target(row.get("target_tahunan"))
            real = format_target(row.get("realisasi"))
            real_rp = _rp(row.get("realisasi_anggaran"))
            has_budget = pagu != "–"
            serapan = f"\n{format_percent(row.get('serapan'))}" if has_budget else ""
            unit = _unit_name(lap.config, row.get("unit"))
            rows.append(Baris([
                Sel(str(number)), Sel(f"{_label_arah(row)} ({_text(row.get('satuan'))})\n{unit}"), Sel(renstra),
                Sel(f"{target}\n{pagu}" if has_budget else target), *[Sel(v) for v in per_q],
                Sel(f"{real}\n{real_rp}" if has_budget else real),
                Sel(_capaian_tahunan_text(row) + serapan), Sel(format_target(row.get("target"))),
                Sel(_capaian_text(row, ringkas=True)), _predikat(row.get("predikat"), lap.config),
            ]))
    return Bagian([
        Paragraf("Bentuk evaluasi mengikuti Form E.81 Permendagri 86/2017 (evaluasi hasil Renja). Pada kolom target dan realisasi, "
                 "baris atas adalah indikator kinerja (K) dan baris bawah anggaran dalam rupiah (Rp). Capaian pada Form E.81 adalah "
                 f"realisasi sampai Triwulan {tw} terhadap target tahun {lap.tahun} (di bawahnya serapan anggaran terhadap pagu). "
                 f"Kolom tambahan di sebelah kanannya memuat target sampai Triwulan {tw} menurut rencana aksi, capaian terhadap "
                 f"target sampai Triwulan {tw} tersebut, dan predikatnya. " + CATATAN_ARAH + " Kolom Renstra memuat target akhir "
                 f"periode Renstra ({RIWAYAT_NAMA}) dan di bawahnya realisasi tahun {lap.tahun - 1}. " + sumber_tahun(ref, (lap.tahun - 1,)),
                 "catatan"),
        *[Paragraf(text, "catatan") for text in catatan_belum_resmi(ref, (lap.tahun - 1,))],
        Tabel(headers, rows, angka=list(range(2, width - 1)), lebar=[3.5, 12.5, 5.5, 9, 8.6, 8.6, 8.6, 8.6, 9, 7, 5.5, 6.5, 7],
              rapat=True),
    ])


def _capaian_tahunan_text(row: dict[str, Any]) -> str:
    """Form E.81's capaian (realisasi to date against the year's target), or why there is none."""
    value = row.get("capaian_target_tahunan")
    if row.get("status") == DIHITUNG:
        return format_percent(value) if value is not None and value == value else "–"
    return _capaian_text(row, ringkas=True)


def faktor_e81(lap: LaporanTriwulan) -> Bagian:
    """The closing parts of Form E.81: faktor pendorong, faktor penghambat, tindak lanjut in
    the next quarter and in the next Renja, written from the quarter's data."""
    tabel = lap.tabel
    risk = indikator_berisiko(tabel, lap.config)
    good = indikator_baik(tabel, lap.config)
    blocks: list[Any] = [_judul("Faktor pendorong keberhasilan pencapaian", 3)]
    if good.empty:
        blocks.append(Paragraf(f"Belum ada indikator yang mencapai predikat {teks_baik(lap.config.predikat)}."))
    else:
        best = good.sort_values("capaian", ascending=False).head(5)
        names = "; ".join(f"{_label(r)} ({format_percent(r['capaian'])})" for r in best.to_dict(orient="records"))
        blocks.append(Paragraf(f"{len(good)} indikator mencapai predikat {teks_baik(lap.config.predikat)}, terutama: {names}. "
                               "Pelaksanaan kegiatan sesuai jadwal dan ketersediaan anggaran mendukung capaian tersebut."))
    obstacles = [(r, _text(r.get("kendala"))) for r in tabel.to_dict(orient="records") if _text(r.get("kendala"))] if not tabel.empty else []
    blocks.append(_judul("Faktor penghambat pencapaian kinerja", 3))
    blocks.append(Paragraf("; ".join(f"{_label(r)}: {k}" for r, k in obstacles) + "." if obstacles
                           else "Tidak ada kendala yang dilaporkan pada lembar kerja triwulan ini."))
    follow = [(r, _text(r.get("tindak_lanjut"))) for r in tabel.to_dict(orient="records") if _text(r.get("tindak_lanjut"))] if not tabel.empty else []
    blocks.append(_judul("Tindak lanjut yang diperlukan dalam triwulan berikutnya", 3))
    blocks.append(Paragraf("; ".join(f"{_label(r)}: {t}" for r, t in follow) + "." if follow
                           else "Tidak ada tindak lanjut khusus; pelaksanaan kegiatan diteruskan sesuai rencana aksi."))
    blocks.append(_judul("Tindak lanjut yang diperlukan dalam Renja berikutnya", 3))
    if risk.empty:
        blocks.append(Paragraf("Target Renja berikutnya dapat dipertahankan atau ditingkatkan sesuai Renstra."))
    else:
        names = ", ".join(_label(r) for r in risk.head(6).to_dict(orient="records"))
        blocks.append(Paragraf(f"{len(risk)} indikator berpredikat di bawah {nama_aman(lap.config.predikat)} atau belum terukur ({names}"
                               f"{', dan lainnya' if len(risk) > 6 else ''}); target, strategi dan anggarannya perlu ditinjau dalam "
                               "penyusunan Renja berikutnya."))
    return Bagian(blocks)


def tabel_anggaran(tabel: pd.DataFrame, triwulan: int, config: Config | None = None) -> Bagian:
    """Budget, person in charge, obstacles and follow-up per indicator."""
    headers = ["No", "Indikator Kinerja", "Pagu (Rp)", f"Realisasi s.d. TW {ROMAWI[triwulan]} (Rp)", "Serapan", "Efisiensi",
               "Penanggung Jawab", "Kendala", "Tindak Lanjut"]
    rows = []
    for number, row in enumerate(tabel.to_dict(orient="records"), start=1):
        unit = _text(row.get("unit_nama")) or _text(row.get("unit"))
        pj = _text(row.get("pptk")) + (f"\n{unit}" if unit else "")
        rows.append(_row(number, _label(row), _rp(row.get("pagu")), _rp(row.get("realisasi_anggaran")), format_percent(row.get("serapan")),
                         _efisiensi_text(row), pj or "–", _text(row.get("kendala")) or "–", _text(row.get("tindak_lanjut")) or "–"))
    note = [_aturan_efisiensi(config)] if config is not None else []
    return Bagian([Tabel(headers, rows, angka=[2, 3, 4], lebar=[4, 20, 11, 11, 8, 8, 12, 13, 13], rapat=True), *note])


def tabel_temuan(lap: LaporanTriwulan) -> Bagian:
    """Validation findings (galat first) and the rows excluded from capaian."""
    blocks: list[Any] = []
    if lap.temuan.empty:
        blocks.append(Kotak("info", "Tidak ada temuan validasi: semua lembar kerja lengkap dan sesuai."))
    else:
        galat = lap.jumlah_galat
        blocks.append(Paragraf(f"{galat} galat dan {len(lap.temuan) - galat} peringatan pada {len(lap.berkas)} lembar kerja."))
        rows = []
        for i, t in enumerate(lap.temuan.itertuples(index=False), start=1):
            level = Sel(str(t.tingkat), "galat" if t.tingkat == "galat" else "")
            rows.append(_row(i, level, _file_name(t.berkas), _text(t.sel) or "–", t.pesan))
        blocks.append(Tabel(["No", "Tingkat", "Berkas", "Sel", "Uraian"], rows, lebar=[4, 10, 24, 6, 56]))
    if not lap.dikecualikan.empty:
        rows = [_row(i, _file_name(r["berkas"]), r["baris"], _label_unit(r), r["alasan"])
                for i, r in enumerate(lap.dikecualikan.to_dict(orient="records"), start=1)]
        blocks.append(Kotak("peringatan", "Indikator yang tidak dihitung (seluruhnya atau anggarannya) karena lembar kerjanya memuat "
                                          "galat. Barisnya tetap ada di setiap tabel dengan keterangan galatnya."))
        blocks.append(Tabel(["No", "Berkas", "Baris", "Indikator", "Galat"], rows, lebar=[4, 20, 6, 28, 42]))
    return Bagian(blocks)


def tabel_kelengkapan(lap: LaporanTriwulan) -> Bagian:
    """Missing or late worksheets per unit."""
    frame = kelengkapan_frame(lap)
    rows = [_row(i, r.unit, r.berkas, r.tanggal, Sel(r.status, "" if r.status == "diterima" else "galat"))
            for i, r in enumerate(frame.itertuples(index=False), start=1)]
    return Bagian([Tabel(["No", "Unit Kerja", "Lembar Kerja", "Tanggal Penyampaian", "Status"], rows, lebar=[5, 28, 37, 18, 12])])


def laporan_triwulan(lap: LaporanTriwulan) -> list[Bagian]:
    """The quarterly evaluation report, section by section."""
    from kinerja.laporan.render import grafik  # noqa: PLC0415 -- kinerja.laporan.render.grafik + matplotlib, pyparsing, mpl_toolkits (~450 ms) kept off importing this module

    q = lap.triwulan
    return [
        Bagian([_judul("1. Ringkasan kinerja triwulan", 1, daftar_isi=False)]) + ringkasan(
            lap.tabel, lap.config, dikecualikan=len(lap.dikecualikan), label=f"s.d. TW {ROMAWI[q]}"),
        Bagian([_judul("2. Evaluasi hasil Renja per sasaran, program, kegiatan dan sub kegiatan", 1, daftar_isi=False),
                Paragraf("Realisasi dan target sampai triwulan ini dihitung menurut metode tiap indikator (kumulatif, akhir periode "
                         "atau rata-rata). Predikat mengikuti Permendagri 86/2017.")]) + tabel_e81(lap) + faktor_e81(lap),
        Bagian([_judul("3. Anggaran, penanggung jawab, kendala dan tindak lanjut", 1, daftar_isi=False)]) + tabel_anggaran(lap.tabel, q, lap.config),
        Bagian([_judul("4. Grafik capaian", 1, daftar_isi=False), *_gambar(grafik.grafik_capaian(lap.tabel, lap.config.predikat)),
                *_gambar(grafik.grafik_capaian_serapan(lap.tabel)), *_gambar(grafik.grafik_kemajuan(lap.kemajuan)),
                Paragraf("Triwulan sebelumnya yang sudah disetujui Sekretaris ditampilkan sesuai laporannya yang disetujui; "
                         "triwulan lain dihitung dari lembar kerja triwulan ini.", "catatan")]),
        Bagian([_judul("5. Indikator yang perlu perhatian", 1, daftar_isi=False),
                Paragraf(f"Indikator dengan predikat di bawah {nama_aman(lap.config.predikat)}, yang realisasinya belum diisi, atau yang tidak dapat diukur.")])
        + tabel_berisiko(lap.tabel, lap.config) + peringatan_dini(lap.tabel, lap.config, q),
        Bagian([_judul("6. Hasil validasi lembar kerja", 1, daftar_isi=False)]) + tabel_temuan(lap)
        + Bagian([_judul("Kelengkapan lembar kerja per unit", 2, daftar_isi=False)]) + tabel_kelengkapan(lap),
        Bagian([judul_status_alur("7. Status alur kerja (SOP)", 1)]) + tabel_status_alur(lap.status_alur, lap.catatan_alur, zona_of(lap.config)),
        Bagian([TandaTangan([kepala_penandatangan(lap.config, f"{lap.config.instansi.kota}, {format_date(lap.dibuat)}")])]),
    ]

