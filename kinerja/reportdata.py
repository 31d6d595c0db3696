"""What the report notebooks show: data preparation, grouped tables, risk lists, sections.

The notebooks stay thin (a parameters cell, then one call per section); everything they
show is built here. Data functions return DataFrames (testable without a kernel); the
``*_html`` / section functions wrap them in :class:`IPython.display.HTML` objects styled by
the ``templates/kinerja`` stylesheet; charts are in :mod:`kinerja.grafik`.

Choice for a quarter with a galat (documented in docs/penjadwalan.md and in the report
itself): the report is still produced, with a banner on the first page. Capaian is computed
only from indicator rows without a galat; the rows left out are listed with the reason, so the
Sekretaris sees at once what is missing and why, and the rest of the quarter can be reviewed.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from kinerja.capaian import (
    BELUM_DIUKUR,
    DIHITUNG,
    TIDAK_DAPAT_DIUKUR,
    capaian_table,
    format_target,
    summary_counts,
)
from kinerja.config import Config, load_config, load_workspace_config
from kinerja.hasil import Hasil, read_results, write_results
from kinerja.numbers import (
    ROMAWI,
    format_date,
    format_datetime,
    format_number,
    format_percent,
    format_rupiah,
    parse_target,
    triwulan_label,
)
from kinerja.paths import Workspace, find_workspace

DOC_MIME = "application/vnd.kinerja.dokumen+json"
APPROVED_STATES = frozenset({"pendokumentasian", "selesai", "selesai_tahunan"})
"""Workflow states in which the Sekretaris has approved the quarter's report."""

_ROW = re.compile(r"(\d+)$")


# --------------------------------------------------------------------------- small helpers

def _e(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return html.escape(str(value))


def _html(text: str) -> Any:
    from IPython.display import HTML

    return HTML(text)


def _get(obj: Any, key: str, default: Any = None) -> Any:
    if isinstance(obj, dict):
        return obj.get(key, default)
    return getattr(obj, key, default)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")


def _capaian_text(row: Any) -> str:
    status = _get(row, "status", DIHITUNG)
    value = _get(row, "capaian")
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
    numeric: set[int] = frozenset(),
    caption: str = "",
    wide: set[int] = frozenset(),
    medium: set[int] = frozenset(),
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


def _workspace(ruang_kerja: str) -> Workspace:
    return find_workspace(ruang_kerja or None)


def _config(workspace: Workspace, konfigurasi: str) -> Config:
    return load_config(konfigurasi) if konfigurasi else load_workspace_config(workspace.root)


def _version() -> str:
    from kinerja import __version__

    return __version__


def _now() -> dt.datetime:
    return dt.datetime.now().astimezone().replace(microsecond=0)


# --------------------------------------------------------------------------- the document block

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
            "versi": _version(),
            "waktu": format_datetime(dibuat) + dibuat.strftime(" %Z").rstrip(),
            "notebook": notebook,
            "parameter": {k: ("" if v is None else str(v)) for k, v in parameter.items()},
            "berkas": [{"nama": b.get("nama", ""), "sha256": b.get("sha256", "")} for b in berkas],
        },
    })


# --------------------------------------------------------------------------- quarterly data

@dataclass
class LaporanTriwulan:
    """Everything the quarterly notebook shows."""

    tahun: int
    triwulan: int
    config: Config
    workspace: Workspace
    unit: str
    data: pd.DataFrame
    tabel: pd.DataFrame
    temuan: pd.DataFrame
    dikecualikan: pd.DataFrame
    berkas: list[dict[str, Any]]
    dibuat: dt.datetime
    parameter: dict[str, Any]
    status_alur: list[dict[str, Any]] | None = None
    catatan_alur: str = ""
    kemajuan: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def jumlah_galat(self) -> int:
        """Number of blocking findings."""
        return int((self.temuan["tingkat"] == "galat").sum()) if not self.temuan.empty else 0


def file_infos(files: list[Any]) -> list[dict[str, Any]]:
    """Name, SHA-256, unit and submission date of each input workbook (``Dataset.files``)."""
    infos = []
    for f in files:
        meta = _get(f, "metadata") or _get(f, "metadata_values") or {}
        path = _get(f, "path") or _get(f, "berkas") or ""
        tanggal = _get(meta, "tanggal_penyampaian")
        infos.append({
            "nama": Path(str(path)).name,
            "sha256": _get(f, "sha256") or "",
            "unit": str(_get(meta, "unit") or ""),
            "tanggal_penyampaian": tanggal.isoformat() if hasattr(tanggal, "isoformat") else (str(tanggal) if tanggal else ""),
        })
    return infos


def excluded_rows(data: pd.DataFrame, temuan: pd.DataFrame) -> pd.DataFrame:
    """Indicator rows that carry a galat (or sit in a file with a file-level galat).

    Returns a frame with ``berkas``, ``baris``, ``indikator`` and ``alasan`` (the findings'
    messages), one row per excluded indicator row.

    >>> data = pd.DataFrame({"berkas": ["a.xlsx", "a.xlsx"], "baris": [5, 6], "indikator": ["X", "Y"]})
    >>> temuan = pd.DataFrame([{"berkas": "a.xlsx", "sel": "F6", "tingkat": "galat", "pesan": "bukan angka", "kode": "bukan_angka"}])
    >>> excluded_rows(data, temuan)[["baris", "indikator"]].values.tolist()
    [[6, 'Y']]
    """
    columns = ["berkas", "baris", "indikator", "alasan"]
    if data.empty or temuan.empty:
        return pd.DataFrame(columns=columns)
    galat = temuan[temuan["tingkat"] == "galat"]
    reasons: dict[tuple[str, int], list[str]] = {}
    whole_files: dict[str, list[str]] = {}
    for t in galat.itertuples(index=False):
        match = _ROW.search(str(t.sel or ""))
        if match:
            reasons.setdefault((str(t.berkas), int(match.group(1))), []).append(str(t.pesan))
        else:
            whole_files.setdefault(str(t.berkas), []).append(str(t.pesan))
    rows = []
    for r in data.itertuples(index=False):
        key = (str(r.berkas), int(r.baris) if r.baris == r.baris else -1)
        found = reasons.get(key, []) + whole_files.get(key[0], [])
        if found:
            rows.append({"berkas": key[0], "baris": key[1], "indikator": r.indikator, "alasan": "; ".join(dict.fromkeys(found))})
    return pd.DataFrame(rows, columns=columns)


def clean_data(data: pd.DataFrame, dikecualikan: pd.DataFrame) -> pd.DataFrame:
    """``data`` without the excluded rows."""
    if dikecualikan.empty:
        return data.reset_index(drop=True)
    keys = set(zip(dikecualikan["berkas"].astype(str), dikecualikan["baris"].astype(int), strict=True))
    keep = [(str(b), int(r) if r == r else -1) not in keys for b, r in zip(data["berkas"], data["baris"], strict=True)]
    return data[keep].reset_index(drop=True)


def progress_frame(data: pd.DataFrame, config: Config, triwulan: int) -> pd.DataFrame:
    """Mean capaian per Sasaran for each quarter 1..triwulan (evaluable indicators only)."""
    frames = []
    for q in range(1, triwulan + 1):
        table = capaian_table(data, config, q)
        ok = table[table["status"] == DIHITUNG]
        if ok.empty:
            continue
        grouped = ok.groupby("sasaran", sort=False)["capaian"].mean().reset_index()
        grouped["triwulan"] = q
        frames.append(grouped)
    if not frames:
        return pd.DataFrame(columns=["sasaran", "capaian", "triwulan"])
    return pd.concat(frames, ignore_index=True)


def workflow_status(workspace: Workspace, config: Config, tahun: int, triwulan: int | None = None) -> tuple[list[dict[str, Any]] | None, str]:
    """The workflow cases (``kinerja.workflow.case_status``) and a note when unavailable."""
    try:
        from kinerja.workflow import case_status
    except ImportError:
        return None, "Modul alur kerja belum tersedia."
    if not workspace.database.is_file():
        return [], "Belum ada basis data alur kerja di ruang kerja ini; kasus belum dimulai."
    try:
        return list(case_status(workspace, config, tahun, triwulan)), ""
    except Exception as exc:  # noqa: BLE001 - the report must still be produced
        return None, f"Status alur kerja tidak dapat dibaca: {exc}"


def siapkan_triwulan(
    tahun: int,
    triwulan: int,
    *,
    ruang_kerja: str = "",
    unit: str = "",
    konfigurasi: str = "",
    keluaran: str = "",
) -> LaporanTriwulan:
    """Validate the quarter's workbooks, compute capaian and store the results.

    Args:
        tahun: the year.
        triwulan: the quarter (1-4).
        ruang_kerja: workspace folder ('' = the usual lookup, see :mod:`kinerja.paths`).
        unit: only this unit's rows ('' = every unit).
        konfigurasi: config file ('' = the workspace's).
        keluaran: folder for ``capaian.json``/``temuan.json``/``meta.json`` ('' = the
            quarter's report folder).
    """
    from kinerja.findings import to_frame
    from kinerja.validate import validate_workbooks

    workspace = _workspace(ruang_kerja)
    config = _config(workspace, konfigurasi)
    dibuat = _now()
    source = workspace.raw_for(tahun, triwulan)
    dataset = validate_workbooks([source], config, tahun=tahun, triwulan=triwulan)
    data = dataset.data
    temuan = to_frame(dataset.temuan)
    if unit:
        wanted = config.unit_by_name(unit)
        names = {unit.lower()} | ({wanted.kode.lower(), wanted.nama.lower()} if wanted else set())
        data = data[data["unit"].astype(str).str.strip().str.lower().isin(names)].reset_index(drop=True)
    dikecualikan = excluded_rows(data, temuan)
    bersih = clean_data(data, dikecualikan)
    tabel = capaian_table(bersih, config, triwulan)
    berkas = file_infos(dataset.files)
    parameter = {"tahun": tahun, "triwulan": triwulan, "ruang_kerja": str(workspace.root), "unit": unit or "semua"}
    status_alur, catatan = workflow_status(workspace, config, tahun, triwulan)
    lap = LaporanTriwulan(
        tahun, triwulan, config, workspace, unit, bersih, tabel, temuan, dikecualikan, berkas, dibuat, parameter,
        status_alur, catatan, progress_frame(bersih, config, triwulan),
    )
    meta = {
        "tahun": tahun, "triwulan": triwulan, "unit": unit, "dibuat": dibuat.isoformat(), "versi": _version(),
        "berkas": berkas, "galat": lap.jumlah_galat, "peringatan": int(len(temuan) - lap.jumlah_galat),
        "dikecualikan": dikecualikan.to_dict(orient="records"), "sumber": str(source),
    }
    target = Path(keluaran) if keluaran else workspace.report_dir(tahun, triwulan)
    write_results(target, tabel, [t.as_dict() for t in dataset.temuan], meta)
    return lap


# --------------------------------------------------------------------------- quarterly sections

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
        lap.config, judul=judul, periode=f"Periode {triwulan_label(lap.triwulan)} (s.d. {_period_end(lap.tahun, lap.triwulan)})",
        parameter=lap.parameter, berkas=lap.berkas, notebook="notebooks/triwulan.ipynb", dibuat=lap.dibuat, status=status,
    )


def _period_end(tahun: int, triwulan: int) -> str:
    month = triwulan * 3
    last = (dt.date(tahun + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1))
    return format_date(last)


def ringkasan_frame(tabel: pd.DataFrame, config: Config) -> dict[str, Any]:
    """Headline figures: counts per predikat, mean capaian, pagu, realisasi, serapan.

    >>> from kinerja.config import load_config
    >>> t = pd.DataFrame({"capaian": [100.0, 80.0], "predikat": ["Sangat Tinggi", "Tinggi"], "status": ["dihitung"] * 2,
    ...                   "pagu": [100.0, 300.0], "realisasi_anggaran": [50.0, 150.0]})
    >>> r = ringkasan_frame(t, load_config()); r["rata_rata"], r["serapan"], r["jumlah"]
    (90.0, 50.0, 2)
    """
    counts = summary_counts(tabel, config) if not tabel.empty else pd.Series(dtype=int)
    ok = tabel[tabel["status"] == DIHITUNG] if not tabel.empty else tabel
    pagu = float(pd.to_numeric(tabel["pagu"], errors="coerce").sum()) if not tabel.empty else 0.0
    real = float(pd.to_numeric(tabel["realisasi_anggaran"], errors="coerce").sum()) if not tabel.empty else 0.0
    return {
        "jumlah": len(tabel),
        "per_predikat": counts.to_dict(),
        "rata_rata": float(ok["capaian"].mean()) if not ok.empty else None,
        "pagu": pagu,
        "realisasi_anggaran": real,
        "serapan": real / pagu * 100 if pagu else None,
    }


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


def indikator_berisiko(tabel: pd.DataFrame, config: Config) -> pd.DataFrame:
    """Indicators that need attention: predikat below Tinggi, not yet measured, or not evaluable.

    >>> from kinerja.config import load_config
    >>> t = pd.DataFrame({"indikator": ["A", "B", "C"], "capaian": [95.0, 60.0, float("nan")],
    ...     "predikat": ["Sangat Tinggi", "Rendah", None], "status": ["dihitung", "dihitung", "belum diukur"],
    ...     "pptk": ["x", "y", "z"], "kendala": ["", "", ""], "tindak_lanjut": ["", "", ""], "keterangan": ["", "", ""]})
    >>> indikator_berisiko(t, load_config())["indikator"].tolist()
    ['B', 'C']
    """
    good = {b.nama for b in config.predikat[:2]}
    rows = []
    for row in tabel.to_dict(orient="records"):
        status = row.get("status")
        if status == DIHITUNG and row.get("predikat") in good:
            continue
        if status == DIHITUNG:
            alasan = f"capaian {format_percent(row['capaian'])} ({row['predikat']})"
        elif status == BELUM_DIUKUR:
            alasan = "realisasi belum diisi (belum diukur)"
        else:
            alasan = "tidak dapat diukur" + (f": {row['keterangan']}" if row.get("keterangan") else "")
        rows.append({"indikator": row["indikator"], "alasan": alasan, "pptk": row.get("pptk", ""),
                     "kendala": row.get("kendala", ""), "tindak_lanjut": row.get("tindak_lanjut", ""), "capaian": row.get("capaian")})
    return pd.DataFrame(rows, columns=["indikator", "alasan", "pptk", "kendala", "tindak_lanjut", "capaian"])


def tabel_berisiko_html(tabel: pd.DataFrame, config: Config) -> Any:
    """The at-risk list, or a sentence saying there is none."""
    risk = indikator_berisiko(tabel, config)
    if risk.empty:
        return _html('<p class="info-box">Semua indikator yang terukur berpredikat Tinggi atau Sangat Tinggi.</p>')
    rows = [[str(i), _e(r.indikator), _e(r.alasan), _e(r.pptk), _e(r.kendala) or "–", _e(r.tindak_lanjut) or "–"]
            for i, r in enumerate(risk.itertuples(index=False), start=1)]
    return _html(_table(["No", "Indikator", "Alasan", "Penanggung Jawab", "Kendala", "Tindak Lanjut"], rows, wide={1}, medium={2, 4, 5}))


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
            rows.append([str(i), level, _e(t.berkas), _e(t.sel) or "–", _e(t.pesan)])
        parts.append(_table(["No", "Tingkat", "Berkas", "Sel", "Uraian"], rows, wide={4}))
    if not lap.dikecualikan.empty:
        rows = [[str(i), _e(r.berkas), str(r.baris), _e(r.indikator), _e(r.alasan)]
                for i, r in enumerate(lap.dikecualikan.itertuples(index=False), start=1)]
        parts.append('<div class="peringatan-box"><strong>Indikator yang dikecualikan dari perhitungan capaian</strong> '
                     "karena lembar kerjanya memuat galat. Capaian indikator ini belum dilaporkan.</div>")
        parts.append(_table(["No", "Berkas", "Baris", "Indikator", "Galat"], rows))
    return _html("".join(parts))


def kelengkapan_frame(lap: LaporanTriwulan) -> pd.DataFrame:
    """Per configured unit: the workbook received, its submission date and its status."""
    late_files = set()
    if not lap.temuan.empty:
        late_files = set(lap.temuan.loc[lap.temuan["kode"] == "berkas_terlambat", "berkas"].astype(str))
    rows = []
    for unit in lap.config.unit:
        received = [b for b in lap.berkas if lap.config.unit_by_name(b["unit"] or "") == unit]
        if not received:
            rows.append({"unit": unit.nama, "berkas": "–", "tanggal": "–", "status": "belum masuk"})
            continue
        for b in received:
            tanggal = b["tanggal_penyampaian"]
            shown = format_date(dt.date.fromisoformat(tanggal[:10])) if tanggal else "–"
            status = "terlambat" if b["nama"] in late_files else "diterima"
            rows.append({"unit": unit.nama, "berkas": b["nama"], "tanggal": shown, "status": status})
    known = {b["nama"] for b in lap.berkas if lap.config.unit_by_name(b["unit"] or "")}
    for b in lap.berkas:
        if b["nama"] not in known:
            rows.append({"unit": b["unit"] or "(tidak dikenal)", "berkas": b["nama"], "tanggal": "–", "status": "unit tidak dikenal"})
    return pd.DataFrame(rows, columns=["unit", "berkas", "tanggal", "status"])


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


# --------------------------------------------------------------------------- annual data

@dataclass
class LaporanTahunan:
    """Everything the annual notebook shows."""

    tahun: int
    config: Config
    workspace: Workspace
    unit: str
    per_triwulan: dict[int, Hasil | None]
    status_triwulan: pd.DataFrame
    tabel: pd.DataFrame
    sumber_triwulan: int | None
    sebelumnya: pd.DataFrame | None
    tren: pd.DataFrame
    dibuat: dt.datetime
    parameter: dict[str, Any]
    status_alur: list[dict[str, Any]] | None = None
    catatan_alur: str = ""

    @property
    def masalah(self) -> list[str]:
        """Quarters missing, not approved or with galat, one sentence per kind of problem."""
        rows = list(self.status_triwulan.itertuples(index=False))
        missing = [r.label for r in rows if not r.tersedia]
        unapproved = [r.label for r in rows if r.tersedia and not r.disetujui]
        galat = [f"{r.label} ({r.galat} galat, {r.dikecualikan} indikator dikecualikan)" for r in rows if r.tersedia and r.galat]
        out = []
        if missing:
            out.append("hasil laporan belum ada untuk " + ", ".join(missing))
        if unapproved:
            out.append("persetujuan Sekretaris belum tercatat untuk " + ", ".join(unapproved))
        if galat:
            out.append("lembar kerja masih memuat galat pada " + ", ".join(galat))
        return out


def frame_from_results(capaian: pd.DataFrame) -> pd.DataFrame:
    """Rebuild the reader-shaped data frame from a stored capaian table (for re-aggregation).

    >>> f = frame_from_results(pd.DataFrame({"target_tahunan": ["80–90"], "realisasi_triwulan_1": ["WTP"]}))
    >>> f.loc[0, "target_tahunan"], f.loc[0, "realisasi_triwulan_1"]
    (Rentang(80.0, 90.0), 'WTP')
    """
    data = capaian.copy()
    for name in ["target_tahunan", *[f"target_triwulan_{q}" for q in range(1, 5)], *[f"realisasi_triwulan_{q}" for q in range(1, 5)]]:
        if name in data:
            data[name] = pd.Series([parse_target(v) for v in data[name]], index=data.index, dtype=object)
    for name in ["pagu", *[f"realisasi_anggaran_triwulan_{q}" for q in range(1, 5)]]:
        if name in data:
            data[name] = pd.to_numeric(data[name], errors="coerce").astype(float)
    return data


def quarter_status(per_triwulan: dict[int, Hasil | None], status_alur: list[dict[str, Any]] | None) -> pd.DataFrame:
    """One row per quarter: results available, workflow state, approved, galat count."""
    states: dict[int, str] = {}
    for case in status_alur or []:
        q = case.get("triwulan")
        state = case.get("keadaan") or case.get("state") or ""
        if isinstance(q, int) and state:
            states[q] = str(state)
    rows = []
    for q in range(1, 5):
        hasil = per_triwulan.get(q)
        state = states.get(q, "")
        rows.append({
            "triwulan": q, "label": triwulan_label(q), "tersedia": hasil is not None,
            "keadaan": state or ("tidak tercatat" if status_alur is not None else "alur tidak tersedia"),
            "disetujui": state in APPROVED_STATES,
            "galat": int(hasil.meta.get("galat", 0)) if hasil else 0,
            "dikecualikan": len(hasil.meta.get("dikecualikan", [])) if hasil else 0,
            "dibuat": hasil.meta.get("dibuat", "") if hasil else "",
        })
    return pd.DataFrame(rows)


def trend_frame(per_triwulan: dict[int, Hasil | None]) -> pd.DataFrame:
    """Capaian of every indicator as each quarter's report stated it (long format)."""
    frames = []
    for q, hasil in sorted(per_triwulan.items()):
        if hasil is None or hasil.capaian.empty:
            continue
        part = hasil.capaian[["indikator", "sasaran", "capaian", "serapan"]].copy()
        part["triwulan"] = q
        frames.append(part)
    if not frames:
        return pd.DataFrame(columns=["indikator", "sasaran", "capaian", "serapan", "triwulan"])
    out = pd.concat(frames, ignore_index=True)
    out["capaian"] = pd.to_numeric(out["capaian"], errors="coerce")
    out["serapan"] = pd.to_numeric(out["serapan"], errors="coerce")
    return out


def previous_year(workspace: Workspace, config: Config, tahun: int) -> pd.DataFrame | None:
    """Last year's annual capaian table, from its annual results or else its TW IV results."""
    annual = read_results(workspace.report_dir(tahun - 1, None))
    if annual is not None and not annual.capaian.empty:
        return annual.capaian
    fourth = read_results(workspace.report_dir(tahun - 1, 4))
    if fourth is not None and not fourth.capaian.empty:
        return capaian_table(frame_from_results(fourth.capaian), config, 4, tahunan=True)
    return None


def siapkan_tahunan(tahun: int, *, ruang_kerja: str = "", unit: str = "", konfigurasi: str = "", keluaran: str = "") -> LaporanTahunan:
    """Read the four quarters' results and compute the annual capaian (no workbook is read).

    The annual figures come from the latest quarter with results (normally TW IV), aggregated
    with each indicator's method against the annual target; the quarter-by-quarter trend is
    exactly what each quarterly report stated.
    """
    workspace = _workspace(ruang_kerja)
    config = _config(workspace, konfigurasi)
    dibuat = _now()
    per_triwulan = {q: read_results(workspace.report_dir(tahun, q)) for q in range(1, 5)}
    if unit:
        for hasil in per_triwulan.values():
            if hasil is not None and not hasil.capaian.empty:
                hasil.capaian = hasil.capaian[hasil.capaian["unit"].astype(str).str.lower() == unit.lower()].reset_index(drop=True)
    status_alur, catatan = workflow_status(workspace, config, tahun)
    status = quarter_status(per_triwulan, status_alur)
    latest = max((q for q, h in per_triwulan.items() if h is not None), default=None)
    if latest is None:
        tabel = capaian_table(pd.DataFrame(), config, 4, tahunan=True)
    else:
        tabel = capaian_table(frame_from_results(per_triwulan[latest].capaian), config, latest, tahunan=True)
    berkas = []
    for q in range(1, 5):
        if per_triwulan[q] is not None:
            berkas += [{"nama": f"TW {ROMAWI[q]}: {b['nama']}", "sha256": b.get("sha256", "")} for b in per_triwulan[q].meta.get("berkas", [])]
    parameter = {"tahun": tahun, "ruang_kerja": str(workspace.root), "unit": unit or "semua"}
    lap = LaporanTahunan(tahun, config, workspace, unit, per_triwulan, status, tabel, latest,
                         previous_year(workspace, config, tahun), trend_frame(per_triwulan), dibuat, parameter,
                         status_alur, catatan)
    lap.parameter["berkas"] = berkas  # kept for the provenance block
    meta = {"tahun": tahun, "triwulan": None, "unit": unit, "dibuat": dibuat.isoformat(), "versi": _version(),
            "sumber_triwulan": latest, "berkas": berkas, "galat": 0, "dikecualikan": [],
            "masalah": lap.masalah}
    target = Path(keluaran) if keluaran else workspace.report_dir(tahun, None)
    write_results(target, tabel, [], meta)
    return lap


# --------------------------------------------------------------------------- annual sections

def dokumen_tahunan(lap: LaporanTahunan) -> Dokumen:
    """The annual report's document block (banner when a quarter is missing/unapproved)."""
    status = ""
    if lap.masalah:
        status = "PERHATIAN: " + "; ".join(lap.masalah) + "."
    parameter = {k: v for k, v in lap.parameter.items() if k != "berkas"}
    judul = f"Laporan Kinerja Instansi Pemerintah (LKjIP) Tahun {lap.tahun}"
    return dokumen(lap.config, judul=judul, periode=f"Periode 1 Januari – 31 Desember {lap.tahun}", parameter=parameter,
                   berkas=lap.parameter.get("berkas", []), notebook="notebooks/tahunan.ipynb", dibuat=lap.dibuat, status=status)


def isian(teks: str) -> Any:
    """A box the Perencanaan staff replace with their narrative."""
    return _html(f'<div class="isian">[Diisi oleh Sub Bagian Perencanaan: {_e(teks)}]</div>')


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
    from kinerja.config import ROLE_LABELS

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


def anggaran_program_frame(tabel: pd.DataFrame) -> pd.DataFrame:
    """Pagu, realisasi and serapan per programme.

    >>> t = pd.DataFrame({"kode_program": ["1", "1"], "program": ["P", "P"], "pagu": [100.0, 100.0], "realisasi_anggaran": [50.0, 100.0]})
    >>> anggaran_program_frame(t)[["program", "serapan"]].values.tolist()
    [['P', 75.0]]
    """
    if tabel.empty:
        return pd.DataFrame(columns=["kode_program", "program", "pagu", "realisasi_anggaran", "serapan"])
    frame = tabel.assign(pagu=pd.to_numeric(tabel["pagu"], errors="coerce"),
                         realisasi_anggaran=pd.to_numeric(tabel["realisasi_anggaran"], errors="coerce"))
    grouped = frame.groupby(["kode_program", "program"], sort=False)[["pagu", "realisasi_anggaran"]].sum(min_count=1).reset_index()
    grouped["serapan"] = grouped["realisasi_anggaran"] / grouped["pagu"] * 100
    return grouped


def anggaran_program_html(tabel: pd.DataFrame) -> Any:
    """Budget realisation per programme, with the total."""
    frame = anggaran_program_frame(tabel)
    rows = [[_e(r.kode_program), _e(r.program), _e(format_rupiah(r.pagu)), _e(format_rupiah(r.realisasi_anggaran)), _e(format_percent(r.serapan))]
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
