"""The sections of the report notebooks as HTML (tables, summary boxes, narrative boxes).

Each function returns an :class:`IPython.display.HTML` object styled by the
``templates/kinerja`` stylesheet (classes ``angka``, ``grup``, ``rapat``, ``isian``, ...), or,
for :class:`Dokumen`, the invisible block that gives the export template the letterhead,
title, signature and provenance. Numbers and dates use the Indonesian formats of
:mod:`kinerja.numbers`. The data comes from :mod:`kinerja.laporan.data`.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

import pandas as pd

from kinerja.capaian.tabel import (
    DIHITUNG,
    TIDAK_DAPAT_DIUKUR,
    format_target,
)
from kinerja.config import Config
from kinerja.laporan.data import (
    LaporanTahunan,
    LaporanTriwulan,
    anggaran_program_frame,
    attr_or_key,
    indikator_berisiko,
    kelengkapan_frame,
    kinerja_version,
    period_end,
    ringkasan_frame,
)
from kinerja.numbers import (
    ROMAWI,
    format_date,
    format_datetime,
    format_number,
    format_percent,
    format_rupiah,
    triwulan_label,
)

DOC_MIME = "application/vnd.kinerja.dokumen+json"


def _e(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return html.escape(str(value))


def _html(text: str) -> Any:
    from IPython.display import HTML

    return HTML(text)


def _file_name(berkas: Any) -> str:
    """A workbook's file name without its folder (findings carry the path as given)."""
    return PurePath(str(berkas)).name if berkas else ""


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")


def _capaian_text(row: Any) -> str:
    status = attr_or_key(row, "status", DIHITUNG)
    value = attr_or_key(row, "capaian")
    if status == DIHITUNG and value is not None and value == value:
        return format_percent(value)
    return status if status != DIHITUNG else TIDAK_DAPAT_DIUKUR


def _predikat_cell(predikat: Any) -> str:
    if not isinstance(predikat, str) or not predikat:
        return "<td>–</td>"
    return f'<td class="predikat-{_slug(predikat)}">{_e(predikat)}</td>'


def _table(
    headers: list[str],
    rows: list[Any],
    *,
    numeric: AbstractSet[int] = frozenset(),
    caption: str = "",
    wide: AbstractSet[int] = frozenset(),
    medium: AbstractSet[int] = frozenset(),
    widths: list[int] | None = None,
    rapat: bool = False,
) -> str:
    """An HTML table; ``numeric`` columns are right-aligned, ``wide``/``medium`` get more room.

    ``widths`` (percentages, one per column) fixes the layout instead.
    """

    def classes(i: int) -> str:
        names = [n for n, cols in (("angka", numeric), ("lebar", wide), ("sedang", medium)) if i in cols]
        return f' class="{" ".join(names)}"' if names else ""

    def style(i: int) -> str:
        return f' style="width:{widths[i]}%"' if widths else ""

    head = "".join(f"<th{classes(i)}{style(i)}>{_e(h)}</th>" for i, h in enumerate(headers))
    body = []
    for row in rows:
        if isinstance(row, str):
            body.append(row)
            continue
        cells = []
        for i, cell in enumerate(row):
            if cell.startswith("<td"):
                cells.append(cell)
            else:
                cells.append(f"<td{classes(i)}>{cell}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    cap = f"<caption>{_e(caption)}</caption>" if caption else ""
    names = " ".join(n for n, on in (("tetap", bool(widths)), ("rapat", rapat)) if on)
    layout = f' class="{names}"' if names else ""
    return f"<table{layout}>{cap}<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


@dataclass
class Dokumen:
    """Letterhead, title, signature and provenance of a report, for the export template.

    Displayed in a notebook it is invisible in the HTML/PDF (the template uses it) and shows a
    one-line summary in JupyterLab.
    """

    info: dict[str, Any]

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return {DOC_MIME: self.info, "text/plain": f"Dokumen: {self.info.get('judul', '')}"}


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
) -> Dokumen:
    """The document block (see :class:`Dokumen`)."""
    return Dokumen({
        "judul": judul,
        "subjudul": config.instansi.nama,
        "periode": periode,
        "kop": list(config.instansi.kop),
        "kota": config.instansi.kota,
        "tanggal": format_date(dibuat),
        "kepala": {"jabatan": config.kepala.jabatan, "nama": config.kepala.nama, "nip": config.kepala.nip},
        "status": status,
        "provenans": {
            "versi": kinerja_version(),
            "waktu": format_datetime(dibuat) + dibuat.strftime(" %Z").rstrip(),
            "notebook": notebook,
            "parameter": {k: ("" if v is None else str(v)) for k, v in parameter.items()},
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
            f"{len(lap.dikecualikan)} baris indikator dikecualikan dari perhitungan capaian "
            "(rincian pada bagian 5). Perbaiki lembar kerja lalu jalankan ulang laporan."
        )
    judul = f"Laporan Evaluasi Kinerja {triwulan_label(lap.triwulan)} Tahun {lap.tahun}"
    if lap.unit:
        judul += f" — {lap.unit}"
    return dokumen(
        lap.config, judul=judul, periode=f"Periode {triwulan_label(lap.triwulan)} (s.d. {period_end(lap.tahun, lap.triwulan)})",
        parameter=lap.parameter, berkas=lap.berkas, notebook="notebooks/triwulan.ipynb", dibuat=lap.dibuat, status=status,
        riwayat=lap.riwayat,
    )


def ringkasan_html(tabel: pd.DataFrame, config: Config, *, dikecualikan: int = 0, label: str = "") -> Any:
    """Summary boxes and the predikat distribution."""
    r = ringkasan_frame(tabel, config)
    boxes = [
        (str(r["jumlah"]), "indikator dihitung" if not dikecualikan else f"indikator dihitung ({dikecualikan} dikecualikan)"),
        (format_percent(r["rata_rata"]), "rata-rata capaian indikator terukur"),
        (format_rupiah(r["pagu"]), "pagu anggaran"),
        (format_rupiah(r["realisasi_anggaran"]), f"realisasi anggaran {label}".strip()),
        (format_percent(r["serapan"]), "serapan anggaran"),
    ]
    box_html = "".join(f'<div class="kotak"><div class="nilai">{_e(v)}</div><div class="label">{_e(k)}</div></div>' for v, k in boxes)
    per = r["per_predikat"]
    rows = [[_e(name), str(count), format_percent(count / r["jumlah"] * 100 if r["jumlah"] else None)] for name, count in per.items()]
    table = _table(["Predikat / status", "Jumlah indikator", "Persentase"], rows, numeric={1, 2}, caption="Sebaran predikat capaian")
    return _html(f'<div class="ringkasan">{box_html}</div>{table}')


def _group_rows(tabel: pd.DataFrame) -> list[tuple[str, str, str, pd.DataFrame]]:
    groups = []
    for (sasaran, program, kegiatan), part in tabel.groupby(["sasaran", "program", "kegiatan"], sort=False):
        groups.append((sasaran, program, kegiatan, part))
    return groups


def tabel_capaian_html(tabel: pd.DataFrame, triwulan: int) -> Any:
    """Capaian per indicator, grouped by Sasaran / Program / Kegiatan."""
    quarters = list(range(1, triwulan + 1))
    headers = ["No", "Indikator Kinerja", "Satuan", "Target Tahun", *[f"Real. TW {ROMAWI[q]}" for q in quarters],
               f"Target s.d. TW {ROMAWI[triwulan]}", f"Realisasi s.d. TW {ROMAWI[triwulan]}", "Capaian", "Predikat"]
    width = len(headers)
    numeric = set(range(3, width - 1))
    rows: list[Any] = []
    number = 0
    last_sasaran = last_program = None
    for sasaran, program, kegiatan, part in _group_rows(tabel):
        if sasaran != last_sasaran:
            rows.append(f'<tr class="grup"><td colspan="{width}">Sasaran: {_e(sasaran) or "–"}</td></tr>')
            last_sasaran, last_program = sasaran, None
        if program != last_program:
            code = part["kode_program"].iloc[0]
            rows.append(f'<tr class="grup-2"><td colspan="{width}">Program: {_e(code)} {_e(program) or "–"}</td></tr>')
            last_program = program
        code = part["kode_kegiatan"].iloc[0]
        rows.append(f'<tr class="grup-2"><td colspan="{width}">Kegiatan: {_e(code)} {_e(kegiatan) or "–"}</td></tr>')
        for row in part.to_dict(orient="records"):
            number += 1
            rows.append([
                str(number), _e(row["indikator"]), _e(row["satuan"]), _e(format_target(row["target_tahunan"])),
                *[_e(format_target(row[f"realisasi_triwulan_{q}"])) for q in quarters],
                _e(format_target(row["target"])), _e(format_target(row["realisasi"])), _e(_capaian_text(row)),
                _predikat_cell(row["predikat"]),
            ])
    return _html(_table(headers, rows, numeric=numeric, wide={1}))


def tabel_anggaran_html(tabel: pd.DataFrame, triwulan: int) -> Any:
    """Budget, person in charge, obstacles and follow-up per indicator."""
    headers = ["No", "Indikator Kinerja", "Pagu", f"Realisasi Anggaran s.d. TW {ROMAWI[triwulan]}", "Serapan", "Efisiensi",
               "Penanggung Jawab", "Kendala", "Tindak Lanjut"]
    rows = []
    for number, row in enumerate(tabel.to_dict(orient="records"), start=1):
        rows.append([
            str(number), _e(row["indikator"]), _e(format_rupiah(row["pagu"])), _e(format_rupiah(row["realisasi_anggaran"])),
            _e(format_percent(row["serapan"])), _e(row["efisiensi"] or "–"), _e(row["pptk"]) + (f"<br><small>{_e(row['unit'])}</small>" if row["unit"] else ""),
            _e(row["kendala"]) or "–", _e(row["tindak_lanjut"]) or "–",
        ])
    return _html(_table(headers, rows, numeric={2, 3, 4}, widths=[4, 18, 11, 11, 8, 8, 14, 13, 13], rapat=True))


def tabel_berisiko_html(tabel: pd.DataFrame, config: Config) -> Any:
    """The at-risk list, or a sentence saying there is none."""
    risk = indikator_berisiko(tabel, config)
    if risk.empty:
        return _html('<p class="info-box">Semua indikator yang terukur berpredikat Tinggi atau Sangat Tinggi.</p>')
    rows = [[str(i), _e(r.indikator), _e(r.alasan), _e(r.pptk), _e(r.kendala) or "–", _e(r.tindak_lanjut) or "–"]
            for i, r in enumerate(risk.itertuples(index=False), start=1)]
    return _html(_table(["No", "Indikator", "Alasan", "Penanggung Jawab", "Kendala", "Tindak Lanjut"], rows, widths=[4, 28, 14, 18, 18, 18]))


def tabel_temuan_html(lap: LaporanTriwulan) -> Any:
    """Validation findings (galat first) and the rows excluded from capaian."""
    parts = []
    if lap.temuan.empty:
        parts.append('<p class="info-box">Tidak ada temuan validasi: semua lembar kerja lengkap dan sesuai.</p>')
    else:
        galat = lap.jumlah_galat
        parts.append(f"<p>{galat} galat dan {len(lap.temuan) - galat} peringatan pada {len(lap.berkas)} lembar kerja.</p>")
        rows = []
        for i, t in enumerate(lap.temuan.itertuples(index=False), start=1):
            level = f'<td class="galat">{_e(t.tingkat)}</td>' if t.tingkat == "galat" else f"<td>{_e(t.tingkat)}</td>"
            rows.append([str(i), level, _e(_file_name(t.berkas)), _e(t.sel) or "–", _e(t.pesan)])
        parts.append(_table(["No", "Tingkat", "Berkas", "Sel", "Uraian"], rows, widths=[4, 10, 24, 6, 56]))
    if not lap.dikecualikan.empty:
        rows = [[str(i), _e(_file_name(r.berkas)), str(r.baris), _e(r.indikator), _e(r.alasan)]
                for i, r in enumerate(lap.dikecualikan.itertuples(index=False), start=1)]
        parts.append('<div class="peringatan-box"><strong>Indikator yang dikecualikan dari perhitungan capaian</strong> '
                     "karena lembar kerjanya memuat galat. Capaian indikator ini belum dilaporkan.</div>")
        parts.append(_table(["No", "Berkas", "Baris", "Indikator", "Galat"], rows, widths=[4, 20, 6, 28, 42]))
    return _html("".join(parts))


def tabel_kelengkapan_html(lap: LaporanTriwulan) -> Any:
    """Missing or late worksheets per unit."""
    frame = kelengkapan_frame(lap)
    rows = []
    for i, r in enumerate(frame.itertuples(index=False), start=1):
        status = f'<td class="galat">{_e(r.status)}</td>' if r.status != "diterima" else f"<td>{_e(r.status)}</td>"
        rows.append([str(i), _e(r.unit), _e(r.berkas), _e(r.tanggal), status])
    return _html(_table(["No", "Unit Kerja", "Lembar Kerja", "Tanggal Penyampaian", "Status"], rows))


_ALUR_LABELS = {
    "triwulan": "Triwulan", "unit": "Unit", "keadaan_label": "Keadaan", "keadaan": "Keadaan", "state": "Keadaan",
    "peran_berikut": "Giliran", "next_role": "Giliran", "pelaksana_berikut": "Pelaksana berikut", "next_actor": "Pelaksana berikut",
    "sejak": "Sejak", "since": "Sejak", "tenggat": "Tenggat", "due": "Tenggat", "terlambat": "Terlambat", "late": "Terlambat",
    "jumlah_pengembalian": "Dikembalikan",
}


def _alur_value(value: Any) -> str:
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, dt.datetime):
        return format_datetime(value)
    if isinstance(value, str) and re.match(r"^\d{4}-\d\d-\d\d[T ]\d\d:\d\d", value):
        try:
            return format_datetime(dt.datetime.fromisoformat(value))
        except ValueError:
            return value
    return "–" if value in (None, "") else str(value)


def tabel_status_alur_html(status: list[dict[str, Any]] | None, catatan: str = "") -> Any:
    """The workflow cases (state, who acts next, since, due, late)."""
    if not status:
        return _html(f'<p class="info-box">{_e(catatan or "Belum ada kasus alur kerja untuk periode ini.")}</p>')
    keys = [k for k in _ALUR_LABELS if any(k in s for s in status)]
    seen_labels: list[str] = []
    columns = []
    for k in keys:
        if _ALUR_LABELS[k] not in seen_labels:
            seen_labels.append(_ALUR_LABELS[k])
            columns.append(k)
    rows = [[_e(_alur_value(s.get(k))) for k in columns] for s in status]
    return _html(_table(seen_labels, rows))


def dokumen_tahunan(lap: LaporanTahunan) -> Dokumen:
    """The annual report's document block (banner when a quarter is missing/unapproved)."""
    status = ""
    if lap.masalah:
        status = "PERHATIAN: " + "; ".join(lap.masalah) + "."
    parameter = {k: v for k, v in lap.parameter.items() if k != "berkas"}
    judul = f"Laporan Kinerja Instansi Pemerintah (LKjIP) Tahun {lap.tahun}"
    return dokumen(lap.config, judul=judul, periode=f"Periode 1 Januari – 31 Desember {lap.tahun}", parameter=parameter,
                   berkas=lap.parameter.get("berkas", []), notebook="notebooks/tahunan.ipynb", dibuat=lap.dibuat, status=status,
                   riwayat=lap.riwayat)


def isian(lap: LaporanTahunan, kunci: str, petunjuk: str) -> Any:
    """A narrative part: the text from ``narasi/<tahun>.toml`` [kunci], or a yellow box
    telling the Perencanaan staff what to write there. Blank lines separate paragraphs."""
    text = lap.narasi.get(kunci, "")
    if text:
        return _html("".join(f"<p>{_e(' '.join(part.split()))}</p>" for part in re.split(r"\n\s*\n", text) if part.strip()))
    return _html(f'<div class="isian">[Diisi oleh Sub Bagian Perencanaan: {_e(petunjuk)}. '
                 f'Tulis di narasi/{lap.tahun}.toml, kunci <code>{_e(kunci)}</code>.]</div>')


def sumber_data_html(lap: LaporanTahunan) -> Any:
    """Which quarterly results this report is built from, and their workflow state."""
    rows = []
    for r in lap.status_triwulan.itertuples(index=False):
        tersedia = "ada" if r.tersedia else '<span class="galat">belum ada</span>'
        approved = "ya" if r.disetujui else '<span class="galat">belum</span>'
        dibuat = format_datetime(dt.datetime.fromisoformat(r.dibuat)) if r.dibuat else "–"
        rows.append([_e(r.label), tersedia, _e(r.keadaan), approved, str(r.galat), str(r.dikecualikan), _e(dibuat)])
    note = ""
    if lap.sumber_triwulan is not None and lap.sumber_triwulan != 4:
        note = (f'<div class="peringatan-box">Hasil Triwulan IV belum ada; capaian tahunan dihitung dari data '
                f"{triwulan_label(lap.sumber_triwulan)} dan belum final.</div>")
    if lap.sumber_triwulan is None:
        note = '<div class="peringatan-box">Belum ada hasil laporan triwulan; capaian tahunan belum dapat dihitung.</div>'
    table = _table(["Triwulan", "Hasil laporan", "Keadaan alur", "Disetujui", "Galat", "Indikator dikecualikan", "Dibuat"],
                   rows, numeric={4, 5})
    return _html(note + table)


def struktur_organisasi_html(config: Config) -> Any:
    """Units and people of the office, from the config."""
    from kinerja.peran import ROLE_LABELS

    rows = []
    for unit in config.unit:
        people = [p for p in config.pegawai if p.unit == unit.kode]
        names = "<br>".join(f"{_e(p.nama)} ({', '.join(ROLE_LABELS[r] for r in p.peran)})" for p in people) or "–"
        rows.append([_e(unit.nama), names])
    return _html(_table(["Unit Kerja", "Pegawai dan peran dalam pengumpulan data kinerja"], rows))


def perjanjian_kinerja_html(tabel: pd.DataFrame, *, lengkap: bool = False, tahun: int | None = None) -> Any:
    """The Perjanjian Kinerja grouped by Sasaran: indicator, unit, annual target (and, in
    full, grouped by Program / Kegiatan as well, with the budget)."""
    headers = ["No", "Indikator Kinerja", "Satuan", "Target"] + (["Anggaran"] if lengkap else [])
    width = len(headers)
    rows: list[Any] = []
    last_sasaran = last_program = last_kegiatan = None
    for i, row in enumerate(tabel.to_dict(orient="records"), start=1):
        if row["sasaran"] != last_sasaran:
            rows.append(f'<tr class="grup"><td colspan="{width}">Sasaran: {_e(row["sasaran"]) or "–"}</td></tr>')
            last_sasaran, last_program, last_kegiatan = row["sasaran"], None, None
        if lengkap and row["program"] != last_program:
            rows.append(f'<tr class="grup-2"><td colspan="{width}">Program: {_e(row["kode_program"])} {_e(row["program"]) or "–"}</td></tr>')
            last_program, last_kegiatan = row["program"], None
        if lengkap and row["kegiatan"] != last_kegiatan:
            rows.append(f'<tr class="grup-2"><td colspan="{width}">Kegiatan: {_e(row["kode_kegiatan"])} {_e(row["kegiatan"]) or "–"}</td></tr>')
            last_kegiatan = row["kegiatan"]
        cells = [str(i), _e(row["indikator"]), _e(row["satuan"]), _e(format_target(row["target_tahunan"]))]
        if lengkap:
            cells.append(_e(format_rupiah(row["pagu"])))
        rows.append(cells)
    if lengkap and not tabel.empty:
        pagu = pd.to_numeric(tabel["pagu"], errors="coerce").sum()
        rows.append(f'<tr class="grup"><td colspan="{width - 1}">Jumlah anggaran</td><td class="angka">{_e(format_rupiah(pagu))}</td></tr>')
    widths = [5, 55, 12, 10, 18] if lengkap else [5, 65, 15, 15]
    caption = f"Perjanjian Kinerja Tahun {tahun}" if tahun else ""
    return _html(_table(headers, rows, numeric={3, 4}, widths=widths, caption=caption))


def tabel_capaian_tahunan_html(lap: LaporanTahunan) -> Any:
    """Annual target, realisasi, capaian and predikat, with each quarter's capaian."""
    trend = lap.tren.pivot_table(index="indikator", columns="triwulan", values="capaian", aggfunc="first") if not lap.tren.empty else pd.DataFrame()
    headers = ["No", "Indikator Kinerja", "Satuan", "Metode", "Target", "Realisasi", *[f"Cap. TW {ROMAWI[q]}" for q in range(1, 5)],
               "Capaian Tahunan", "Predikat"]
    rows: list[Any] = []
    last = None
    for i, row in enumerate(lap.tabel.to_dict(orient="records"), start=1):
        if row["sasaran"] != last:
            rows.append(f'<tr class="grup"><td colspan="{len(headers)}">Sasaran: {_e(row["sasaran"])}</td></tr>')
            last = row["sasaran"]
        per_q = [format_percent(trend.loc[row["indikator"], q]) if row["indikator"] in trend.index and q in trend.columns else "–" for q in range(1, 5)]
        rows.append([str(i), _e(row["indikator"]), _e(row["satuan"]), _e((row["metode"] or "–").replace("_", " ")),
                     _e(format_target(row["target"])), _e(format_target(row["realisasi"])), *per_q, _e(_capaian_text(row)),
                     _predikat_cell(row["predikat"])])
    return _html(_table(headers, rows, numeric=set(range(4, 11)), widths=[4, 19, 8, 8, 7, 7, 7, 7, 7, 7, 8, 9], rapat=True))


def perbandingan_tahun_lalu_html(lap: LaporanTahunan) -> Any:
    """This year's capaian against last year's, per indicator (by indicator name)."""
    if lap.sebelumnya is None or lap.sebelumnya.empty:
        return _html(f'<p class="info-box">Data capaian tahun {lap.tahun - 1} tidak tersedia di ruang kerja ini, '
                     "sehingga perbandingan dengan tahun sebelumnya belum dapat disajikan.</p>")
    before = lap.sebelumnya.drop_duplicates("indikator").set_index("indikator")
    rows = []
    for i, row in enumerate(lap.tabel.to_dict(orient="records"), start=1):
        old = before.loc[row["indikator"]] if row["indikator"] in before.index else None
        old_real = format_target(old["realisasi"]) if old is not None else "–"
        old_cap = _capaian_text(old) if old is not None else "–"
        now = row["capaian"] if row["status"] == DIHITUNG else None
        then = pd.to_numeric(old["capaian"], errors="coerce") if old is not None else None
        change = format_number(now - then) + " poin" if now is not None and then is not None and then == then else "–"
        rows.append([str(i), _e(row["indikator"]), _e(old_real), _e(old_cap), _e(format_target(row["realisasi"])), _e(_capaian_text(row)), _e(change)])
    return _html(_table(["No", "Indikator", f"Realisasi {lap.tahun - 1}", f"Capaian {lap.tahun - 1}", f"Realisasi {lap.tahun}",
                         f"Capaian {lap.tahun}", "Perubahan"], rows, numeric={2, 3, 4, 5, 6}))


def analisis_penyebab_html(tabel: pd.DataFrame, config: Config) -> Any:
    """Causes of success or failure: the obstacles and follow-ups the PPTK reported."""
    risk = indikator_berisiko(tabel, config)
    good = tabel[(tabel["status"] == DIHITUNG) & ~tabel["indikator"].isin(risk["indikator"])]
    parts = [f"<p>{len(good)} indikator mencapai predikat Tinggi atau Sangat Tinggi; {len(risk)} indikator memerlukan perhatian.</p>"]
    if not risk.empty:
        rows = [[str(i), _e(r.indikator), _e(r.alasan), _e(r.kendala) or "–", _e(r.tindak_lanjut) or "–"]
                for i, r in enumerate(risk.itertuples(index=False), start=1)]
        parts.append(_table(["No", "Indikator", "Capaian", "Kendala (dari lembar kerja)", "Tindak lanjut"], rows))
    return _html("".join(parts))


def efisiensi_html(tabel: pd.DataFrame) -> Any:
    """Capaian against serapan per indicator (efisiensi)."""
    rows = []
    for i, row in enumerate(tabel.to_dict(orient="records"), start=1):
        rows.append([str(i), _e(row["indikator"]), _e(_capaian_text(row)), _e(format_percent(row["serapan"])), _e(row["efisiensi"] or "–")])
    return _html(_table(["No", "Indikator", "Capaian", "Serapan Anggaran", "Efisiensi"], rows, numeric={2, 3}, widths=[5, 57, 12, 12, 14]))


def anggaran_program_html(tabel: pd.DataFrame) -> Any:
    """Budget realisation per programme, with the total."""
    frame = anggaran_program_frame(tabel)
    rows: list[Any] = [[_e(r.kode_program), _e(r.program), _e(format_rupiah(r.pagu)), _e(format_rupiah(r.realisasi_anggaran)), _e(format_percent(r.serapan))]
            for r in frame.itertuples(index=False)]
    pagu, real = frame["pagu"].sum(), frame["realisasi_anggaran"].sum()
    rows.append(f'<tr class="grup"><td colspan="2">Jumlah</td><td class="angka">{_e(format_rupiah(pagu))}</td>'
                f'<td class="angka">{_e(format_rupiah(real))}</td><td class="angka">{_e(format_percent(real / pagu * 100 if pagu else None))}</td></tr>')
    return _html(_table(["Kode", "Program", "Pagu", "Realisasi", "Serapan"], rows, numeric={2, 3, 4}, widths=[9, 43, 18, 19, 11]))


def program_pendukung_html(tabel: pd.DataFrame) -> Any:
    """Which programmes and activities support which indicators (grouped by programme)."""
    rows: list[Any] = []
    last = None
    for (program, kegiatan), part in tabel.groupby(["program", "kegiatan"], sort=False):
        if program != last:
            code = part["kode_program"].iloc[0]
            rows.append(f'<tr class="grup"><td colspan="2">Program: {_e(code)} {_e(program) or "–"}</td></tr>')
            last = program
        code = part["kode_kegiatan"].iloc[0]
        rows.append([f"{_e(code)} {_e(kegiatan) or '–'}", "<br>".join(_e(x) for x in part["indikator"])])
    return _html(_table(["Kegiatan", "Indikator yang didukung"], rows, widths=[40, 60]))


def kesimpulan_html(lap: LaporanTahunan) -> Any:
    """The generated opening of Bab IV: the year in numbers."""
    r = ringkasan_frame(lap.tabel, lap.config)
    counts = ", ".join(f"{v} {k}" for k, v in r["per_predikat"].items() if v)
    text = (f"Pada tahun {lap.tahun}, {lap.config.instansi.nama} mengukur {r['jumlah']} indikator kinerja "
            f"dengan rata-rata capaian {format_percent(r['rata_rata'])} ({counts or 'belum ada yang terukur'}). "
            f"Realisasi anggaran {format_rupiah(r['realisasi_anggaran'])} dari pagu {format_rupiah(r['pagu'])} "
            f"(serapan {format_percent(r['serapan'])}).")
    if lap.masalah:
        text += " Laporan ini belum final karena: " + "; ".join(lap.masalah) + "."
    return _html(f"<p>{_e(text)}</p>")
