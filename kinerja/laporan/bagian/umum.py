"""The report sections, built once as data (:mod:`kinerja.laporan.model.dokumen`).

:func:`laporan_triwulan` and :func:`laporan_tahunan` return the whole report as a list of
:class:`~kinerja.laporan.model.dokumen.Bagian`; the notebooks display them (HTML) and the runner
renders the same blocks to .docx. Every function here is pure over the prepared data
(:class:`~kinerja.laporan.model.data.LaporanTriwulan` / ``LaporanTahunan``), so the sections are
tested in-process, without a kernel. :func:`dokumen` builds the document's identity block
(letterhead, lambang, title, status, signer, provenance) that the export template uses.

Numbers and dates use the Indonesian formats of :mod:`kinerja.numbers`; rupiah in tables are
written without "Rp" (the header says "(Rp)") so that any budget up to Rp 999.999.999.999
fits its column.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd

from kinerja.capaian.tabel import (
    ATURAN_EFISIENSI,
    DASAR_ANGGARAN_KAS,
    DIHITUNG,
    capaian_text,
    format_target,
    serapan_anggaran,
)
from kinerja.config import Config
from kinerja.laporan.model.data import (
    LaporanTahunan,
    LaporanTriwulan,
    anggaran_program_frame,
    attr_or_key,
    capaian_triwulan_frame,
    indikator_baik,
    indikator_berisiko,
    kalimat_kesimpulan,
    kelengkapan_frame,
    kelompok_capaian,
    kinerja_version,
    period_end,
    ringkasan_frame,
)
from kinerja.laporan.model.dokumen import (
    DOC_MIME,
    Bagian,
    Baris,
    DaftarIsi,
    Gambar,
    Judul,
    Kotak,
    Paragraf,
    Penandatangan,
    Ringkasan,
    Sel,
    Tabel,
    TandaTangan,
    daftar_isi,
    paragraf,
    slug,
)
from kinerja.laporan.model.riwayat import RIWAYAT, sumber_tahun
from kinerja.numbers import (
    ROMAWI,
    format_date,
    format_datetime,
    format_number,
    format_percent,
    format_rupiah,
    triwulan_label,
    zona_of,
)

LAMBANG_CONTOH = Path(__file__).resolve().parents[1] / "data" / "lambang-contoh.png"
"""The neutral placeholder emblem shipped with the sample office."""


# --- small helpers -----------------------------------------------------------------------

def _file_name(berkas: Any) -> str:
    """A workbook's file name without its folder (findings carry the path as given)."""
    return PurePath(str(berkas)).name if berkas else ""


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value).strip()


def _rp(value: Any) -> str:
    """Whole rupiah without the "Rp" prefix (for table cells under a "(Rp)" header)."""
    number = pd.to_numeric(value, errors="coerce")
    return "–" if pd.isna(number) else format_number(float(number), 0)


def _capaian_text(row: Any, *, ringkas: bool = False) -> str:
    """Capaian, or why there is none (a galat says where: the one galat policy of the capaian module)."""
    return capaian_text(attr_or_key(row, "status", DIHITUNG), attr_or_key(row, "capaian"), attr_or_key(row, "keterangan", ""),
                        ringkas=ringkas)


def _efisiensi_text(row: dict[str, Any]) -> str:
    """Efisiensi with its basis (mid-year: against the anggaran kas) or why the budget is blank."""
    text = _text(row.get("efisiensi")) or "–"
    if row.get("dasar_efisiensi") == DASAR_ANGGARAN_KAS:
        text += f"\n(anggaran kas {format_percent(row.get('serapan_rencana'))})"
    if _text(row.get("keterangan_anggaran")):
        text += f"\n{_text(row.get('keterangan_anggaran'))}"
    return text


def _aturan_efisiensi(config: Config) -> Paragraf:
    """The efisiensi rule as the methods note under every efisiensi column."""
    return Paragraf(ATURAN_EFISIENSI.format(ambang=format_number(config.ambang_efisiensi, 0)), "catatan")


def _predikat(predikat: Any) -> Sel:
    if not isinstance(predikat, str) or not predikat:
        return Sel("–")
    return Sel(predikat, f"predikat-{slug(predikat)}")


def _label(row: dict[str, Any]) -> str:
    """The indicator as printed: its code (when the office numbers its indicators) and name."""
    kode = _text(row.get("kode"))
    return f"{kode} {row['indikator']}" if kode else str(row["indikator"])


def _label_unit(row: dict[str, Any]) -> str:
    """:func:`_label` with the unit on a second line: equal names in two units stay apart."""
    unit = _text(row.get("unit_nama")) or _text(row.get("unit"))
    return f"{_label(row)}\n{unit}" if unit else _label(row)


def _unit_name(config: Config, unit: Any) -> str:
    found = config.unit_by_name(_text(unit)) if _text(unit) else None
    return found.nama if found else _text(unit)


def _row(*cells: Any) -> Baris:
    return Baris([c if isinstance(c, Sel) else Sel(str(c)) for c in cells])


def _group(text: str, width: int, level: int = 1) -> Baris:
    return Baris([Sel(text, colspan=width)], grup=level)


def _judul(teks: str, tingkat: int = 2, *, halaman_baru: bool = False, daftar_isi: bool = True) -> Judul:
    return Judul(teks, tingkat, slug(teks), daftar_isi, halaman_baru)


def _gambar(grafik: Any, judul: str = "") -> Gambar:
    return Gambar(grafik.png(), round(grafik.figure.get_figwidth() * 2.54, 2), judul)


def _sasaran_groups(tabel: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    if tabel.empty:
        return []
    return [(str(s), part) for s, part in tabel.groupby("sasaran", sort=False)]


# --- the document's identity -------------------------------------------------------------

@dataclass
class Dokumen:
    """Letterhead, title, status, signer and provenance of a report, for the export template
    and the .docx renderer. Displayed in a notebook it is invisible in the HTML/PDF (the
    template uses it) and shows a one-line summary in JupyterLab."""

    info: dict[str, Any]

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return {DOC_MIME: self.info, "text/plain": f"Dokumen: {self.info.get('judul', '')}"}


def lambang_path(config: Config) -> Path | None:
    """The lambang daerah image of the config (``instansi.lambang``), or None."""
    from kinerja.paths import lambang_file

    return lambang_file(config.instansi.lambang, config.source)


def kepala_penandatangan(config: Config, pengantar: str, *, koma: bool = True) -> Penandatangan:
    """The head of office as a signer (jabatan, name, pangkat/golongan, NIP)."""
    k = config.kepala
    return Penandatangan(pengantar, k.jabatan + ("," if koma else ""), k.nama, k.pangkat, k.nip)


def tanda_air(config: Config, draf: bool) -> list[str]:
    """The watermark words printed across every page (HTML/PDF and .docx): the one mechanism.

    ``CONTOH`` for the sample office (``contoh = true``), ``DRAF`` while the report awaits
    approval; empty for an approved report of a real office.

    >>> from kinerja.config import load_config
    >>> tanda_air(load_config(), True)
    ['CONTOH', 'DRAF']
    """
    return [*config.tanda_air, *(["DRAF"] if draf else [])]


def dokumen(
    config: Config,
    *,
    judul: str,
    periode: str,
    parameter: dict[str, Any],
    berkas: list[dict[str, Any]],
    notebook: str,
    dibuat: dt.datetime,
    status: str = "",
    riwayat: str = "",
    draf: bool = False,
) -> Dokumen:
    """The document block (see :class:`Dokumen`).

    ``final`` is False here: a notebook always makes a DRAF; only the runner marks the approved
    report final (:func:`kinerja.laporan.render.export.mark_final`). Renderers (HTML template, .docx)
    read ``final`` from this block. Times are in the office's time zone; the provenance names
    files only (no folders) and the scope in words.
    """
    zona = zona_of(config)
    unit = str(parameter.get("unit", "") or "")
    lingkup = "seluruh unit kerja" if unit in ("", "semua") else f"unit kerja {unit} saja"
    lambang = lambang_path(config)
    return Dokumen({
        "final": False,
        "judul": judul,
        "subjudul": config.instansi.nama,
        "periode": periode,
        "kop": list(config.instansi.kop),
        "lambang_png": base64.b64encode(lambang.read_bytes()).decode("ascii") if lambang else "",
        "kota": config.instansi.kota,
        "tanggal": format_date(dibuat.astimezone(ZoneInfo(zona)) if dibuat.tzinfo else dibuat),
        "kepala": {"jabatan": config.kepala.jabatan, "nama": config.kepala.nama, "nip": config.kepala.nip,
                   "pangkat": config.kepala.pangkat},
        "status": status,
        "draf": draf,
        "tanda_air": tanda_air(config, draf),
        "tanda_tangan_di_isi": True,
        "provenans": {
            "versi": kinerja_version(),
            "waktu": format_datetime(dibuat, zona),
            "lingkup": lingkup,
            "notebook": PurePath(notebook).name,
            "parameter": {k: ("" if v is None else str(v)) for k, v in parameter.items() if k != "ruang_kerja"},
            "berkas": [{"nama": b.get("nama", ""), "sha256": b.get("sha256", "")} for b in berkas],
            "riwayat": riwayat,
        },
    })


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


# --- shared tables -----------------------------------------------------------------------

def ringkasan(tabel: pd.DataFrame, config: Config, *, dikecualikan: int = 0, label: str = "") -> Bagian:
    """Summary boxes and the predikat distribution."""
    r = ringkasan_frame(tabel, config)
    boxes = Ringkasan([
        (str(r["jumlah"]), "indikator" if not r["tidak_dihitung"] else f"indikator ({r['tidak_dihitung']} tidak dihitung karena galat)"),
        (format_percent(r["rata_rata"]), "rata-rata capaian indikator terukur"),
        (format_rupiah(r["pagu"]), "pagu anggaran"),
        (format_rupiah(r["realisasi_anggaran"]), f"realisasi anggaran {label}".strip()),
        (format_percent(r["serapan"]), "serapan anggaran"),
    ])
    rows = [_row(name, count, format_percent(count / r["jumlah"] * 100 if r["jumlah"] else None))
            for name, count in r["per_predikat"].items()]
    table = Tabel(["Predikat / status", "Jumlah indikator", "Persentase"], rows, angka=[1, 2], lebar=[50, 25, 25],
                  judul="Sebaran predikat capaian")
    return Bagian([boxes, table])


def tabel_berisiko(tabel: pd.DataFrame, config: Config) -> Bagian:
    """The at-risk list, or a sentence saying there is none."""
    risk = indikator_berisiko(tabel, config)
    if risk.empty:
        return Bagian([Kotak("info", "Semua indikator yang terukur berpredikat Tinggi atau Sangat Tinggi.")])
    rows = [_row(i, _label_unit(r), r["alasan"], r["pptk"], _text(r["kendala"]) or "–", _text(r["tindak_lanjut"]) or "–")
            for i, r in enumerate(risk.to_dict(orient="records"), start=1)]
    return Bagian([Tabel(["No", "Indikator", "Alasan", "Penanggung Jawab", "Kendala", "Tindak Lanjut"], rows,
                         lebar=[4, 28, 14, 18, 18, 18])])


def tabel_status_alur(status: list[dict[str, Any]] | None, catatan: str = "", zona: str = "") -> Bagian:
    """The workflow cases (state, who acts next, since, due, late)."""
    if not status:
        return Bagian([Kotak("info", catatan or "Belum ada kasus alur kerja untuk periode ini.")])
    keys = [k for k in _ALUR_LABELS if any(k in s for s in status)]
    seen: list[str] = []
    columns = []
    for k in keys:
        if _ALUR_LABELS[k] not in seen:
            seen.append(_ALUR_LABELS[k])
            columns.append(k)
    rows = [_row(*[_alur_value(s.get(k), zona) for k in columns]) for s in status]
    return Bagian([Tabel(seen, rows)])


_ALUR_LABELS = {
    "triwulan": "Triwulan", "unit": "Unit", "keadaan_label": "Keadaan", "keadaan": "Keadaan", "state": "Keadaan",
    "peran_berikut": "Giliran", "next_role": "Giliran", "pelaksana_berikut": "Pelaksana berikut", "next_actor": "Pelaksana berikut",
    "sejak": "Sejak", "since": "Sejak", "tenggat": "Tenggat", "due": "Tenggat", "terlambat": "Terlambat", "late": "Terlambat",
    "jumlah_pengembalian": "Dikembalikan",
}


def _alur_value(value: Any, zona: str = "") -> str:
    """A workflow status value in words; times in the office's time zone (``zona``)."""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, dt.datetime):
        return format_datetime(value, zona or None)
    if isinstance(value, str) and re.match(r"^\d{4}-\d\d-\d\d[T ]\d\d:\d\d", value):
        try:
            return format_datetime(dt.datetime.fromisoformat(value), zona or None)
        except ValueError:
            return value
    return "–" if value in (None, "") else str(value)


def realisasi_tahun(ref: Any, row: Any, year: int) -> str:
    """An earlier year's realisasi of one indicator as printed, "–" when there is none (every
    table showing earlier years: Form E.81, LKjIP Bab III)."""
    value = ref.realisasi(row, year) if ref is not None else None
    return (format_target(value) or "–") if value is not None else "–"


def catatan_belum_resmi(ref: Any, years: tuple[int, ...]) -> list[str]:
    """One sentence per earlier year whose annual report is not documented yet, so its stored
    figures are left out (``Referensi.catatan``); says where the figures shown come from instead,
    or that the year cannot be compared when the workbook has no figures for it either (then the
    only note about that year: :func:`bab_3`'s "tidak tersedia" box leaves such a year to this one)."""
    out = []
    for year in years:
        reason = ref.catatan.get(year) if ref is not None else None
        if not reason:
            continue
        source = (f" Realisasi {year} yang ditampilkan berasal dari {RIWAYAT}." if ref.tahun.get(year)
                  else f" Realisasi {year} juga tidak ada pada {RIWAYAT}, sehingga perbandingan dengan "
                       "tahun tersebut belum dapat disajikan.")
        out.append(f"Angka laporan tahunan {year} tidak ditampilkan karena laporan tersebut {reason}.{source}")
    return out


# --- the quarterly report (evaluasi hasil Renja, Form E.81) ----------------------------------

def tabel_e81(lap: LaporanTriwulan) -> Bagian:
    """Form E.81 per Sasaran / Program / Kegiatan / Sub Kegiatan: Renstra target, the year's
    target, realisasi per quarter (indicator above, rupiah below), realisasi to date, capaian
    (kinerja and anggaran), predikat and the unit in charge."""
    tabel = lap.tabel
    triwulan = lap.triwulan
    ref = getattr(lap, "referensi", None)
    headers = ["No", "Indikator Kinerja / Satuan", f"Target Renstra / Real. {lap.tahun - 1}", f"Target {lap.tahun} (K / Rp)",
               *[f"Real. TW {ROMAWI[q]}" for q in range(1, 5)], f"Real. s.d. TW {ROMAWI[triwulan]}", "Capaian K / Rp", "Predikat"]
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
            cap = _capaian_text(row, ringkas=True) + (f"\n{format_percent(row.get('serapan'))}" if has_budget else "")
            unit = _unit_name(lap.config, row.get("unit"))
            rows.append(Baris([
                Sel(str(number)), Sel(f"{_label(row)} ({_text(row.get('satuan'))})\n{unit}"), Sel(renstra),
                Sel(f"{target}\n{pagu}" if has_budget else target), *[Sel(v) for v in per_q],
                Sel(f"{real}\n{real_rp}" if has_budget else real), Sel(cap), _predikat(row.get("predikat")),
            ]))
    return Bagian([
        Paragraf("Bentuk evaluasi mengikuti Form E.81 Permendagri 86/2017 (evaluasi hasil Renja). Pada kolom target dan realisasi, "
                 "baris atas adalah indikator kinerja (K) dan baris bawah anggaran dalam rupiah (Rp); kolom capaian menunjukkan capaian "
                 f"kinerja dan serapan anggaran. Kolom Renstra memuat target akhir periode Renstra ({RIWAYAT}) "
                 f"dan di bawahnya realisasi tahun {lap.tahun - 1}. " + sumber_tahun(ref, (lap.tahun - 1,)), "catatan"),
        *[Paragraf(text, "catatan") for text in catatan_belum_resmi(ref, (lap.tahun - 1,))],
        Tabel(headers, rows, angka=list(range(2, width - 1)), lebar=[4, 20, 7, 10, 8.5, 8.5, 8.5, 8.5, 9, 8, 8.5][:width], rapat=True),
    ])


def faktor_e81(lap: LaporanTriwulan) -> Bagian:
    """The closing parts of Form E.81: faktor pendorong, faktor penghambat, tindak lanjut in
    the next quarter and in the next Renja, written from the quarter's data."""
    tabel = lap.tabel
    risk = indikator_berisiko(tabel, lap.config)
    good = indikator_baik(tabel, lap.config)
    blocks: list[Any] = [_judul("Faktor pendorong keberhasilan pencapaian", 3)]
    if good.empty:
        blocks.append(Paragraf("Belum ada indikator yang mencapai predikat Tinggi atau Sangat Tinggi."))
    else:
        best = good.sort_values("capaian", ascending=False).head(5)
        names = "; ".join(f"{_label(r)} ({format_percent(r['capaian'])})" for r in best.to_dict(orient="records"))
        blocks.append(Paragraf(f"{len(good)} indikator mencapai predikat Tinggi atau Sangat Tinggi, terutama: {names}. "
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
        blocks.append(Paragraf(f"{len(risk)} indikator berpredikat di bawah Tinggi atau belum terukur ({names}"
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
    from kinerja.laporan.render import grafik

    q = lap.triwulan
    return [
        Bagian([_judul("1. Ringkasan kinerja triwulan", 1, daftar_isi=False)]) + ringkasan(
            lap.tabel, lap.config, dikecualikan=len(lap.dikecualikan), label=f"s.d. TW {ROMAWI[q]}"),
        Bagian([_judul("2. Evaluasi hasil Renja per sasaran, program, kegiatan dan sub kegiatan", 1, daftar_isi=False),
                Paragraf("Realisasi dan target sampai triwulan ini dihitung menurut metode tiap indikator (kumulatif, akhir periode "
                         "atau rata-rata). Predikat mengikuti Permendagri 86/2017.")]) + tabel_e81(lap) + faktor_e81(lap),
        Bagian([_judul("3. Anggaran, penanggung jawab, kendala dan tindak lanjut", 1, daftar_isi=False)]) + tabel_anggaran(lap.tabel, q, lap.config),
        Bagian([_judul("4. Grafik capaian", 1, daftar_isi=False), _gambar(grafik.grafik_capaian(lap.tabel)),
                _gambar(grafik.grafik_capaian_serapan(lap.tabel)), _gambar(grafik.grafik_kemajuan(lap.kemajuan)),
                Paragraf("Triwulan sebelumnya yang sudah disetujui Sekretaris ditampilkan sesuai laporannya yang disetujui; "
                         "triwulan lain dihitung dari lembar kerja triwulan ini.", "catatan")]),
        Bagian([_judul("5. Indikator yang perlu perhatian", 1, daftar_isi=False),
                Paragraf("Indikator dengan predikat di bawah Tinggi, yang realisasinya belum diisi, atau yang tidak dapat diukur.")])
        + tabel_berisiko(lap.tabel, lap.config),
        Bagian([_judul("6. Hasil validasi lembar kerja", 1, daftar_isi=False)]) + tabel_temuan(lap)
        + Bagian([_judul("Kelengkapan lembar kerja per unit", 2, daftar_isi=False)]) + tabel_kelengkapan(lap),
        Bagian([_judul("7. Status alur kerja (SOP)", 1, daftar_isi=False)]) + tabel_status_alur(lap.status_alur, lap.catatan_alur, zona_of(lap.config)),
        Bagian([TandaTangan([kepala_penandatangan(lap.config, f"{lap.config.instansi.kota}, {format_date(lap.dibuat)}")])]),
    ]


# --- the annual report (LKjIP, PermenPAN-RB 53/2014) ------------------------------------------

PERNYATAAN = (
    "Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan dan akuntabel serta berorientasi pada hasil, "
    "kami yang bertanda tangan di bawah ini:"
)


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
    from kinerja.laporan.model.narasi import JUDUL

    return JUDUL.get(kunci, kunci)


def struktur_organisasi(config: Config) -> Tabel:
    """Units and people of the office, from the config."""
    from kinerja.peran import ROLE_LABELS

    rows = []
    for unit in config.unit:
        people = [p for p in config.pegawai if p.unit == unit.kode]
        names = "\n".join(f"{p.nama} ({', '.join(ROLE_LABELS[r] for r in p.peran)})" for p in people) or "–"
        rows.append(_row(unit.nama, names))
    return Tabel(["Unit Kerja", "Pegawai dan peran dalam pengumpulan data kinerja"], rows, lebar=[35, 65])


def perjanjian_kinerja(tabel: pd.DataFrame, *, lengkap: bool = False, tahun: int | None = None) -> Tabel:
    """The Perjanjian Kinerja grouped by Sasaran: indicator, unit, annual target (and, in
    full, grouped by Program / Kegiatan as well, with the budget)."""
    headers = ["No", "Indikator Kinerja", "Satuan", "Target"] + (["Anggaran (Rp)"] if lengkap else [])
    width = len(headers)
    rows: list[Baris] = []
    last_sasaran = last_program = last_kegiatan = None
    for i, row in enumerate(tabel.to_dict(orient="records"), start=1):
        if row["sasaran"] != last_sasaran:
            rows.append(_group(f"Sasaran: {_text(row['sasaran']) or '–'}", width))
            last_sasaran, last_program, last_kegiatan = row["sasaran"], None, None
        if lengkap and row["program"] != last_program:
            rows.append(_group(f"Program: {_text(row['kode_program'])} {_text(row['program']) or '–'}", width, 2))
            last_program, last_kegiatan = row["program"], None
        if lengkap and row["kegiatan"] != last_kegiatan:
            rows.append(_group(f"Kegiatan: {_text(row['kode_kegiatan'])} {_text(row['kegiatan']) or '–'}", width, 2))
            last_kegiatan = row["kegiatan"]
        cells = [str(i), _label_unit(row), _text(row["satuan"]), format_target(row["target_tahunan"])]
        if lengkap:
            cells.append(_rp(row["pagu"]))
        rows.append(_row(*cells))
    if lengkap and not tabel.empty:
        pagu = pd.to_numeric(tabel["pagu"], errors="coerce").sum()
        rows.append(Baris([Sel("Jumlah anggaran", colspan=width - 1), Sel(_rp(pagu), "angka")], grup=1))
    widths = [5, 55, 12, 12, 16] if lengkap else [5, 63, 16, 16]
    return Tabel(headers, rows, angka=[3, 4], lebar=widths, judul=f"Perjanjian Kinerja Tahun {tahun}" if tahun else "")


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
    """The Ikhtisar Eksekutif's opening, written from the annual table."""
    r = ringkasan_frame(lap.tabel, lap.config)
    if not r["jumlah"]:  # no approved quarter yet: nothing to count, and "0 sasaran" would be false
        return (f"Laporan tahunan {lap.tahun} ini belum memuat capaian: belum ada laporan triwulan {lap.config.instansi.nama} "
                "yang disetujui Sekretaris. Sasaran, indikator, capaian dan realisasi anggaran disajikan setelah laporan "
                "triwulan disetujui.")
    counts = ", ".join(f"{v} {k}" for k, v in r["per_predikat"].items() if v) or "belum ada yang terukur"
    sasaran = len(_sasaran_groups(lap.tabel))
    return (f"Pada tahun {lap.tahun}, {lap.config.instansi.nama} menetapkan {sasaran} sasaran strategis dengan {r['jumlah']} indikator "
            f"kinerja dalam Perjanjian Kinerja. Rata-rata capaian indikator yang terukur {format_percent(r['rata_rata'])} ({counts}). "
            f"Realisasi anggaran {format_rupiah(r['realisasi_anggaran'])} dari pagu {format_rupiah(r['pagu'])} "
            f"(serapan {format_percent(r['serapan'])}).")


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
        rows.append(_row(i, _label_unit(row), *before, format_target(row.get("realisasi")), renstra,
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
    text = f"{groups['baik']} dari {groups['jumlah']} indikator sasaran ini berpredikat Tinggi atau Sangat Tinggi."
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
        eff_rows.append(_row(_label_unit(r), _capaian_text(r), _rp(r.get("pagu")), _rp(r.get("realisasi_anggaran")),
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
        rows.append(Baris([Sel(str(i)), Sel(_label_unit(row)), Sel(_text(row.get("satuan"))), Sel(format_target(row.get("target")) or "–"),
                           Sel(format_target(row.get("realisasi")) or "–"), *[Sel(x) for x in per_q], Sel(_capaian_text(row)),
                           _predikat(row.get("predikat"))]))
    return Tabel(["No", "Indikator Kinerja", "Satuan", "Target", "Realisasi", *[f"Cap. TW {ROMAWI[q]}" for q in range(1, 5)],
                  "Capaian", "Predikat"], rows, angka=list(range(3, 10)), lebar=[3, 22, 7, 7, 9, 8, 8, 8, 8, 9, 11], rapat=True,
                 judul="Target, realisasi dan capaian")


def anggaran_program_kegiatan(tabel: pd.DataFrame) -> Tabel:
    """Realisasi anggaran per program and per kegiatan, each against its pagu and as a share
    of the whole DPA."""
    rows: list[Baris] = []
    if tabel.empty:
        return Tabel(["Kode", "Program / Kegiatan", "Pagu (Rp)", "Realisasi (Rp)", "Serapan", "Porsi DPA"], [])
    frame = tabel.assign(pagu=pd.to_numeric(tabel["pagu"], errors="coerce"),
                         realisasi_anggaran=pd.to_numeric(tabel["realisasi_anggaran"], errors="coerce"))
    dpa = float(frame["pagu"].sum())
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
    rows.append(Baris([Sel(""), Sel("Jumlah DPA"), Sel(_rp(dpa), "angka"), Sel(_rp(real), "angka"),
                       Sel(format_percent(serapan_anggaran(real, dpa)), "angka"), Sel(format_percent(100.0 if dpa else None), "angka")], grup=1))
    return Tabel(["Kode", "Program / Kegiatan", "Pagu (Rp)", "Realisasi (Rp)", "Serapan", "Porsi DPA"], rows, angka=[2, 3, 4, 5],
                 lebar=[14, 38, 15, 15, 9, 9], judul="Realisasi anggaran per program dan kegiatan terhadap DPA")


def bab_3(lap: LaporanTahunan) -> Bagian:
    from kinerja.laporan.render import grafik

    blocks: list[Any] = [_judul("BAB III AKUNTABILITAS KINERJA", 1, halaman_baru=True), _judul("A. Capaian kinerja organisasi", 2),
                         Paragraf("Capaian tahunan dihitung menurut metode tiap indikator terhadap target tahunan; kolom TW I–IV "
                                  "menunjukkan capaian sebagaimana dilaporkan setiap triwulan.")]
    blocks += ringkasan(lap.tabel, lap.config, label="tahun ini").blok
    kosong = KOSONG_TAHUNAN if lap.tabel.empty else ""  # an empty chart says what an empty table says
    blocks.append(_gambar(grafik.grafik_capaian(lap.tabel, judul="Capaian tahunan per indikator", kosong=kosong)))
    ref = getattr(lap, "referensi", None)
    # a year whose annual report is not documented has its one note from catatan_belum_resmi
    missing = [y for y in (lap.tahun - 2, lap.tahun - 1) if (ref is None or not ref.tahun.get(y)) and not (ref and ref.catatan.get(y))]
    if missing:
        blocks.append(Kotak("info", f"Data realisasi tahun {' dan '.join(map(str, missing))} tidak tersedia di ruang kerja ini (hasil "
                                    f"laporan tahunan yang sudah didokumentasikan atau {RIWAYAT}), sehingga "
                                    "perbandingan dengan tahun tersebut belum dapat disajikan."))
    blocks += [Kotak("info", text) for text in catatan_belum_resmi(ref, (lap.tahun - 2, lap.tahun - 1))]
    if source := sumber_tahun(ref, (lap.tahun - 2, lap.tahun - 1)):
        blocks.append(Paragraf(source, "catatan"))
    if ref is None or not ref.renstra:
        blocks.append(Kotak("info", f"Target akhir Renstra dan standar nasional/provinsi belum diisi pada {RIWAYAT}."))
    for n, (sasaran, part) in enumerate(_sasaran_groups(lap.tabel), start=1):
        blocks.append(_judul(f"Sasaran {n}: {sasaran}", 3))
        blocks.append(capaian_sasaran(lap, part))
        blocks += perbandingan_sasaran(lap, part)
        blocks += analisis_sasaran(lap, part)
    blocks += [_judul("Tren capaian triwulan", 3, daftar_isi=False), _gambar(grafik.grafik_tren_tahunan(lap.tren, kosong=kosong)),
               _gambar(grafik.grafik_capaian_serapan(lap.tabel, kosong=kosong))]  # titled by the chart itself
    if lap.narasi.get("perbandingan_renstra"):
        blocks += [_judul("Perbandingan dengan target akhir Renstra", 3, daftar_isi=False), *paragraf(lap.narasi["perbandingan_renstra"])]
    blocks += [_judul("Analisis penyebab keberhasilan dan kegagalan", 3, daftar_isi=False)]
    blocks += isian(lap, "analisis_penyebab", "analisis penyebab keberhasilan atau kegagalan serta alternatif solusi")
    blocks += [_judul("B. Realisasi anggaran", 2), anggaran_program_kegiatan(lap.tabel),
               _gambar(grafik.grafik_serapan_triwulan(lap.tabel, kosong=kosong))]
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


def kepala_daerah(config: Config) -> Penandatangan:
    """The regional head (Bupati/Wali Kota) as a signer; config ``[kepala_daerah]``."""
    head = config.kepala_daerah
    return Penandatangan("Pihak Kedua,", head.jabatan + ",", head.nama or "(nama kepala daerah)", head.pangkat, head.nip)


def lampiran_perjanjian(lap: LaporanTahunan) -> Bagian:
    """Lampiran 1: the Perjanjian Kinerja with its pernyataan and both signatures."""
    cfg = lap.config
    head = kepala_daerah(cfg)
    k = cfg.kepala
    pangkat = k.pangkat
    pihak = [
        _row("Nama", ":", k.nama), _row("Jabatan", ":", f"{k.jabatan} {cfg.instansi.nama.removeprefix(k.jabatan).strip()}".strip()),
    ]
    if pangkat:
        pihak.insert(1, _row("Pangkat/golongan", ":", pangkat))
    return Bagian([
        _judul("LAMPIRAN", 1, halaman_baru=True),
        _judul(f"1. Perjanjian Kinerja Tahun {lap.tahun}", 2),
        Paragraf(f"PERJANJIAN KINERJA TAHUN {lap.tahun}\n{cfg.instansi.nama.upper()}", "tengah"),
        Paragraf(PERNYATAAN),
        Tabel(["Pihak Pertama", "", ""], pihak, lebar=[22, 3, 75]),
        Paragraf("selanjutnya disebut pihak pertama;"),
        Tabel(["Pihak Kedua", "", ""], [_row("Nama", ":", head.nama), _row("Jabatan", ":", head.jabatan.rstrip(","))], lebar=[22, 3, 75]),
        Paragraf("selaku atasan pihak pertama, selanjutnya disebut pihak kedua."),
        *paragraf("Pihak pertama berjanji akan mewujudkan target kinerja yang seharusnya sesuai lampiran perjanjian ini, dalam "
                   "rangka mencapai target kinerja jangka menengah seperti yang telah ditetapkan dalam dokumen perencanaan. "
                   "Keberhasilan dan kegagalan pencapaian target kinerja tersebut menjadi tanggung jawab kami.\n\n"
                   "Pihak kedua akan melakukan supervisi yang diperlukan serta akan melakukan evaluasi terhadap capaian kinerja dari "
                   "perjanjian ini dan mengambil tindakan yang diperlukan dalam rangka pemberian penghargaan dan sanksi."),
        TandaTangan([head, Penandatangan(f"{cfg.instansi.kota}, 2 Januari {lap.tahun}\nPihak Pertama,", k.jabatan + ",", k.nama, pangkat, k.nip)]),
        perjanjian_kinerja(lap.tabel, lengkap=True, tahun=lap.tahun),
        TandaTangan([head, Penandatangan("Pihak Pertama,", k.jabatan + ",", k.nama, pangkat, k.nip)]),
    ])


def lampiran_formula(lap: LaporanTahunan) -> Bagian:
    """Lampiran 2: how capaian is computed and the predikat intervals of the config."""
    bands = list(lap.config.predikat)
    rows = []
    for i, band in enumerate(bands):
        upper = bands[i - 1].batas_bawah if i else None
        low = band.batas_bawah
        if upper is None:
            text = f"capaian ≥ {format_number(low, 0)}%"
        elif low == float("-inf"):
            text = f"capaian < {format_number(upper, 0)}%"
        else:
            text = f"{format_number(low, 0)}% ≤ capaian < {format_number(upper, 0)}%"
        rows.append(_row(band.nama, text))
    formula = [
        _row("Indikator positif (semakin tinggi semakin baik)", "capaian = realisasi ÷ target × 100%"),
        _row("Indikator negatif (semakin rendah semakin baik)", "capaian = (2 × target − realisasi) ÷ target × 100%, paling rendah 0%"),
        _row("Target berupa rentang", "di dalam rentang: 100%; di atas: terhadap batas atas; di bawah: terhadap batas bawah"),
        _row("Target kualitatif (opini, predikat, level)", "nilai pada skala ordinal yang dikonfigurasi, lalu rumus di atas"),
        _row("Metode kumulatif / akhir periode / rata-rata", "jumlah triwulan terisi / nilai triwulan terakhir yang terisi / rata-rata triwulan terisi"),
        _row("Serapan anggaran", "realisasi anggaran ÷ pagu × 100%; di tengah tahun juga terhadap anggaran kas (rencana penarikan "
                                 "dana) sampai triwulan itu"),
        _row("Efisiensi", ATURAN_EFISIENSI.format(ambang=format_number(lap.config.ambang_efisiensi, 0))),
    ]
    return Bagian([
        _judul("2. Formula capaian dan interval predikat", 2),
        Tabel(["Perhitungan", "Rumus"], formula, lebar=[38, 62], judul="Formula perhitungan capaian"),
        Tabel(["Predikat", "Interval capaian"], rows, lebar=[38, 62], judul="Interval predikat capaian (Permendagri 86/2017)"),
        Paragraf("Capaian dibulatkan dua desimal hanya untuk tampilan (pembulatan setengah ke atas); perhitungan memakai nilai penuh.", "catatan"),
    ])


def sumber_data(lap: LaporanTahunan) -> Bagian:
    """Lampiran 3: which quarterly results this report is built from, and their workflow state."""
    rows = []
    for r in lap.status_triwulan.itertuples(index=False):
        dibuat = format_datetime(dt.datetime.fromisoformat(r.dibuat), zona_of(lap.config)) if r.dibuat else "–"
        rows.append(_row(r.label, Sel("ada" if r.tersedia else "belum ada", "" if r.tersedia else "galat"), r.keadaan,
                         Sel("ya" if r.disetujui else "belum", "" if r.disetujui else "galat"), r.galat, r.dikecualikan, dibuat))
    blocks: list[Any] = [_judul("3. Sumber data laporan dan status alur kerja", 2)]
    if lap.sumber_triwulan is None:
        blocks.append(Kotak("peringatan", "Belum ada hasil laporan triwulan; capaian tahunan belum dapat dihitung."))
    elif lap.sumber_triwulan != 4:
        blocks.append(Kotak("peringatan", f"Hasil Triwulan IV belum ada; capaian tahunan dihitung dari data "
                                          f"{triwulan_label(lap.sumber_triwulan)} dan belum final."))
    blocks.append(Tabel(["Triwulan", "Hasil laporan", "Keadaan alur", "Disetujui", "Galat", "Tidak dihitung", "Dibuat"], rows,
                        angka=[4, 5], lebar=[13, 12, 19, 11, 8, 12, 25]))
    return Bagian(blocks) + tabel_status_alur(lap.status_alur, lap.catatan_alur, zona_of(lap.config))


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

__all__ = ["DaftarIsi", "Dokumen", "dokumen", "laporan_tahunan", "laporan_triwulan"]
