"""The parts every report shares, built once as data (:mod:`kinerja.laporan.model.dokumen`).

:func:`~kinerja.laporan.bagian.triwulan.laporan_triwulan` and
:func:`~kinerja.laporan.bagian.tahunan.laporan_tahunan` return the whole report as a list of
:class:`~kinerja.laporan.model.dokumen.Bagian`; the notebooks display them (HTML) and the runner
renders the same blocks to .docx. Every function here is pure over the prepared data
(:class:`~kinerja.laporan.model.data.LaporanTriwulan` / ``LaporanTahunan``), so the sections are
tested in-process, without a kernel. Here: the small cell helpers the parts share, the document's
identity block (:func:`dokumen`: letterhead, lambang, title, status, signer, provenance) that the
export template uses, and the tables both reports show (summary, indicators at risk, workflow
status, earlier years' realisasi).

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
    DASAR_ANGGARAN_KAS,
    DIHITUNG,
    aturan_efisiensi,
    capaian_text,
    format_target,
)
from kinerja.config import Config
from kinerja.domain.predikat import kelas_predikat, teks_baik
from kinerja.laporan.model.data import attr_or_key, kinerja_version
from kinerja.laporan.model.dokumen import (
    DOC_MIME,
    ID_STATUS_ALUR,
    Bagian,
    Baris,
    Gambar,
    Judul,
    Kotak,
    Paragraf,
    Penandatangan,
    Ringkasan,
    Sel,
    Tabel,
    slug,
)
from kinerja.laporan.model.ringkasan import indikator_berisiko, ringkasan_frame
from kinerja.laporan.model.riwayat import RIWAYAT_NAMA
from kinerja.numbers import (
    format_date,
    format_datetime,
    format_number,
    format_percent,
    format_rupiah,
    zona_of,
)
from kinerja.paths import lambang_file

LAMBANG_CONTOH = Path(__file__).resolve().parents[1] / "data" / "lambang-contoh.png"

"""The neutral placeholder emblem shipped with the sample office."""


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
    return Paragraf(aturan_efisiensi(config), "catatan")


def _predikat(predikat: Any, config: Config) -> Sel:
    """A predikat cell, its class from the band's place among the office's bands (any names)."""
    if not isinstance(predikat, str) or not predikat:
        return Sel("–")
    return Sel(predikat, kelas_predikat(predikat, config.predikat))


def _label(row: dict[str, Any]) -> str:
    """The indicator as printed: its code (when the office numbers its indicators) and name."""
    kode = _text(row.get("kode"))
    return f"{kode} {row['indikator']}" if kode else str(row["indikator"])


NAIK, TURUN = "↑", "↓"
"""The arah marker on every row of every capaian table: higher is better, lower is better."""
CATATAN_ARAH = (f"{NAIK} semakin tinggi semakin baik: capaian = realisasi ÷ target × 100%; {TURUN} semakin rendah semakin baik "
                "(indikator negatif): capaian = (2 × target − realisasi) ÷ target × 100%, paling rendah 0%. Target berupa rentang: "
                "di dalam rentang 100%, di luar terhadap batas yang dilewati; nilai kualitatif memakai skala ordinalnya (semakin "
                "tinggi semakin baik).")
"""The note under every capaian table: what the markers mean and the formula each one takes."""


def _arah(row: dict[str, Any]) -> str:
    """The row's arah marker (a qualitative row is on an ordinal scale: higher is better, whatever it says).

    >>> _arah({"arah": "negatif"}), _arah({"arah": "positif"}), _arah({"arah": "negatif", "kualitatif": True})
    ('↓', '↑', '↑')
    """
    return TURUN if _text(row.get("arah")) == "negatif" and not row.get("kualitatif") else NAIK


def _label_arah(row: dict[str, Any]) -> str:
    """:func:`_label` led by the row's arah marker (capaian tables)."""
    return f"{_arah(row)} {_label(row)}"


def _label_unit(row: dict[str, Any]) -> str:
    """:func:`_label` with the unit on a second line: equal names in two units stay apart."""
    unit = _text(row.get("unit_nama")) or _text(row.get("unit"))
    return f"{_label(row)}\n{unit}" if unit else _label(row)


def _label_unit_arah(row: dict[str, Any]) -> str:
    """:func:`_label_unit` led by the row's arah marker (capaian tables)."""
    return f"{_arah(row)} {_label_unit(row)}"


def _unit_name(config: Config, unit: Any) -> str:
    found = config.unit_by_name(_text(unit)) if _text(unit) else None
    return found.nama if found else _text(unit)


def _row(*cells: Any) -> Baris:
    return Baris([c if isinstance(c, Sel) else Sel(str(c)) for c in cells])


def _group(text: str, width: int, level: int = 1) -> Baris:
    return Baris([Sel(text, colspan=width)], grup=level)


def _judul(teks: str, tingkat: int = 2, *, halaman_baru: bool = False, daftar_isi: bool = True) -> Judul:
    return Judul(teks, tingkat, slug(teks), daftar_isi, halaman_baru)


def _gambar(grafik: Any, judul: str = "") -> list[Any]:
    """A chart as printed: the picture with its caption (``judul``, else the chart's own ``keterangan``),
    then the note naming the rows it leaves out, when it leaves any out."""
    picture = Gambar(grafik.png(), round(grafik.figure.get_figwidth() * 2.54, 2), judul or getattr(grafik, "keterangan", ""))
    note = getattr(grafik, "catatan", "")
    return [picture, *([Paragraf(note, "catatan")] if note else [])]


def _sasaran_groups(tabel: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    if tabel.empty:
        return []
    return [(str(s), part) for s, part in tabel.groupby("sasaran", sort=False)]


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


def ringkasan(tabel: pd.DataFrame, config: Config, *, dikecualikan: int = 0, label: str = "") -> Bagian:
    """Summary boxes and the predikat distribution."""
    r = ringkasan_frame(tabel, config)
    boxes = Ringkasan([
        (str(r["jumlah"]), "indikator" if not r["tidak_dihitung"] else f"indikator ({r['tidak_dihitung']} tidak dihitung karena galat)"),
        (format_percent(r["rata_rata"]), "rata-rata capaian indikator terukur"),
        (format_rupiah(r["pagu"]), "pagu anggaran" + (f" (tanpa {r['anggaran_tidak_dihitung']} indikator dengan galat anggaran)"
                                                      if r["anggaran_tidak_dihitung"] else "")),
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
        return Bagian([Kotak("info", f"Semua indikator yang terukur berpredikat {teks_baik(config.predikat)}.")])
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
    "peran_berikut": "Giliran", "next_role": "Giliran", "pelaksana_berikut_nama": "Pelaksana berikut",  # names, never usernames
    "sejak": "Sejak", "since": "Sejak", "tenggat": "Tenggat", "due": "Tenggat", "terlambat": "Terlambat", "late": "Terlambat",
    "jumlah_pengembalian": "Dikembalikan",
}


def judul_status_alur(teks: str, tingkat: int) -> Judul:
    """The heading of a report's workflow section: its id (:data:`ID_STATUS_ALUR`) tells the final
    rendering which section to replace with the report's own approval (:func:`status_alur_final`)."""
    return Judul(teks, tingkat, ID_STATUS_ALUR, False)


def status_alur_final(persetujuan: str, versi: str) -> list[Any]:
    """What the workflow section of a final says: the report's own approval (who, by name and
    role, and when: ``persetujuan``, the workflow's sentence), which report set was approved
    (``versi``) and where its checksum stands (the provenance block, the only place for hashes).
    Never the state current while the report was drafted (step, next actor, deadline)."""
    rows = [_row("Keadaan", "final"),
            _row("Persetujuan", persetujuan or "final tanpa persetujuan tercatat pada riwayat alur kerja"),
            _row("Laporan yang disetujui", f"{versi}; sidik SHA-256-nya tercantum pada Keterangan pembuatan dokumen"
                 if versi else "–")]
    return [Tabel(["Langkah", "Keterangan"], rows, lebar=[25, 75])]


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
        source = (f" Realisasi {year} yang ditampilkan berasal dari {RIWAYAT_NAMA}." if ref.tahun.get(year)
                  else f" Realisasi {year} juga tidak ada pada {RIWAYAT_NAMA}, sehingga perbandingan dengan "
                       "tahun tersebut belum dapat disajikan.")
        out.append(f"Angka laporan tahunan {year} tidak ditampilkan karena laporan tersebut {reason}.{source}")
    return out

