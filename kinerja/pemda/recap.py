"""The Pemda recap (rekapitulasi kinerja perangkat daerah) of one quarter: HTML, PDF, .xlsx.

Reads only each OPD's stored results of the quarter (``capaian.json``, ``temuan.json``,
``meta.json``, see :mod:`kinerja.laporan.model.hasil`), never the workbooks, so the recap always
agrees with the reports the OPD published. By default only approved results count, chosen by
the one home of that rule, :func:`kinerja.laporan.model.hasil.official_results`: an OPD without them
keeps its row with the reason and gets no rank. ``draf=True`` is a preview: such an OPD is
taken from its latest published set (status ``DRAF``), and the whole document is marked DRAF,
not for signing, written under its own file names so it never replaces the official recap.
Per OPD: indicators per predikat, average
capaian and serapan (:func:`kinerja.laporan.model.ringkasan.ringkasan_frame`, the reports' own figures),
workbooks submitted on time against the SOP deadline (the validator's ``berkas_terlambat``
finding), the number of findings, then a ranking and two charts.

Charts are drawn on ``Figure`` objects with explicit styling: no pyplot and no rcParams, so
nothing process-wide changes.
"""

from __future__ import annotations

import base64
import html
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from kinerja.atomic import atomic_path, make_dirs, write_text
from kinerja.capaian.tabel import BELUM_DIUKUR, TIDAK_DAPAT_DIUKUR, TIDAK_DIHITUNG
from kinerja.domain.predikat import TANPA_PREDIKAT, warna_urut
from kinerja.numbers import format_date, format_number, format_percent, triwulan_label
from kinerja.pemda.workspace import Pemda

TERLAMBAT = "berkas_terlambat"
"""Reason code of a workbook submitted after the SOP deadline (:class:`kinerja.lembar.findings.Kode`)."""

RESMI, DRAF = "resmi", "DRAF"
"""Values of the ``status_hasil`` column: approved results, or the latest unapproved set (``draf`` preview only)."""
DRAF_PERNYATAAN = ("DRAF — pratinjau yang memuat hasil OPD yang belum disetujui Sekretaris; angkanya dapat berubah. "
                   "Bukan dokumen final dan tidak untuk ditandatangani.")
"""The sentence a DRAF recap shows under its title and in place of the signature."""

COLUMNS = {
    "peringkat": "Peringkat", "kode": "Kode", "nama": "Perangkat Daerah", "status_hasil": "Status Hasil",
    "jumlah_indikator": "Indikator",
    "rata_rata_capaian": "Rata-rata Capaian (%)", "serapan": "Serapan (%)", "berkas": "Lembar Kerja",
    "berkas_terlambat": "Terlambat", "ketepatan_waktu": "Tepat Waktu (%)", "galat": "Galat",
    "peringatan": "Peringatan", "berisiko_proyeksi": "Berisiko (proyeksi)", "keterangan": "Keterangan",
}


PROYEKSI_KALIMAT = (" Kolom Berisiko (proyeksi): jumlah indikator OPD yang, bila lajunya tetap, diproyeksikan berada di "
                    "bawah batas aman pada akhir tahun (peringatan dini, kinerja capaian --proyeksi).")


@dataclass
class RekapResult:
    """The recap's files and notes."""

    folder: Path
    draf: bool = False
    berkas: list[Path] = field(default_factory=list)
    catatan: list[str] = field(default_factory=list)
    tabel: pd.DataFrame = field(default_factory=pd.DataFrame)


def _opd_results(root: Path, tahun: int, triwulan: int, *, draf: bool) -> tuple[Any, Any, str, str]:
    """``(config, results, status_hasil, keterangan)`` of one OPD's quarter.

    The approved results (:func:`kinerja.laporan.model.hasil.official_results`), status ``resmi``; without
    them no results and the reason, unless ``draf``: then the latest published set (status
    ``DRAF``, the reason kept as keterangan). A set covering one unit only is never taken.

    Raises:
        KinerjaError: the config cannot be read, or the stored results were changed.
    """
    from kinerja.config import load_workspace_config
    from kinerja.laporan.model.hasil import official_results, read_published
    from kinerja.paths import Workspace

    config = load_workspace_config(root)
    workspace = Workspace(root)
    hasil, reason = official_results(workspace, config, tahun, triwulan)
    if hasil is not None:
        return config, hasil, RESMI, ""
    if not draf:
        return config, None, "", reason
    latest = read_published(workspace.report_dir(tahun, triwulan))
    if latest is None:
        return config, None, "", f"{reason}; belum ada laporan terbitan"
    if str(latest.meta.get("unit") or ""):
        return config, None, "", f"{reason}; laporan terkini hanya mencakup unit {latest.meta['unit']}, bukan seluruh kantor"
    return config, latest, DRAF, reason


def recap_frame(pemda: Pemda, tahun: int, triwulan: int, *, draf: bool = False) -> tuple[pd.DataFrame, list[str]]:
    """One row per OPD (config order) and the predikat column names, ranked.

    Only approved results unless ``draf`` (see :func:`_opd_results`); ``status_hasil`` says which
    (``resmi``/``DRAF``, empty without results). OPD without results keep their row (keterangan
    says why) and get no rank; a problem of one OPD (changed archive, broken config) is its
    keterangan, the others go on.
    """
    from kinerja.errors import KinerjaError
    from kinerja.laporan.model.data import frame_from_results
    from kinerja.laporan.model.ringkasan import ringkasan_frame

    rows: list[dict[str, Any]] = []
    for opd in pemda.opd:
        row: dict[str, Any] = {"kode": opd.kode, "nama": opd.nama, "status_hasil": "", "keterangan": ""}
        try:
            config, hasil, status, reason = _opd_results(opd.root, tahun, triwulan, draf=draf)
        except (KinerjaError, OSError, ValueError) as exc:
            row["keterangan"] = f"hasil tidak dapat dipakai: {exc}"
            rows.append(row)
            continue
        row["keterangan"] = reason
        if hasil is None or hasil.capaian.empty:
            row["keterangan"] = reason or "hasil triwulan ini tidak memuat indikator"
            rows.append(row)
            continue
        ringkasan = ringkasan_frame(frame_from_results(hasil.capaian), config)
        berkas = hasil.meta.get("berkas") or []
        codes = hasil.temuan["kode"].tolist() if "kode" in hasil.temuan else []
        late = sum(1 for c in codes if c == TERLAMBAT)
        row.update({
            "status_hasil": status,
            "jumlah_indikator": ringkasan["jumlah"],
            **{f"predikat:{k}": int(v) for k, v in ringkasan["per_predikat"].items()},
            "rata_rata_capaian": ringkasan["rata_rata"],
            "serapan": ringkasan["serapan"],
            "berkas": len(berkas),
            "berkas_terlambat": late,
            "ketepatan_waktu": (len(berkas) - late) / len(berkas) * 100 if berkas else None,
            "galat": int(hasil.meta.get("galat", 0)),
            "peringatan": int(hasil.meta.get("peringatan", 0)),
            "berisiko_proyeksi": _at_risk(hasil.capaian, config, triwulan),
        })
        rows.append(row)
    frame = pd.DataFrame(rows)
    for name in ["jumlah_indikator", "rata_rata_capaian", "serapan", "berkas", "berkas_terlambat", "ketepatan_waktu", "galat", "peringatan",
                 "berisiko_proyeksi"]:
        if name not in frame:
            frame[name] = float("nan")
    predikat_columns = [c for c in frame.columns if str(c).startswith("predikat:")]
    return rank(frame), predikat_columns


def _at_risk(capaian: pd.DataFrame, config: Any, triwulan: int) -> int | None:
    """How many of an OPD's indicators the year-end projection calls ``berisiko`` (TW I–III; None at TW IV)."""
    if triwulan >= 4:
        return None
    from kinerja.capaian.proyeksi import BERISIKO, proyeksi_table
    from kinerja.laporan.model.data import frame_from_results

    table = frame_from_results(capaian)
    table.attrs["triwulan"] = triwulan
    return int((proyeksi_table(table, config)["status_proyeksi"] == BERISIKO).sum())


def rank(frame: pd.DataFrame) -> pd.DataFrame:
    """Rank by average capaian, then serapan, then timeliness (higher is better); no results, no rank.

    >>> f = pd.DataFrame({"kode": ["A", "B", "C"], "rata_rata_capaian": [90.0, 95.0, None],
    ...                   "serapan": [50.0, 40.0, None], "ketepatan_waktu": [100.0, 100.0, None]})
    >>> rank(f)[["kode", "peringkat"]].values.tolist()
    [['B', 1], ['A', 2], ['C', None]]
    """
    has = frame["rata_rata_capaian"].notna()
    ordered = pd.concat([
        frame[has].sort_values(["rata_rata_capaian", "serapan", "ketepatan_waktu", "kode"],
                               ascending=[False, False, False, True], na_position="last"),
        frame[~has],
    ])
    ordered = ordered.reset_index(drop=True)
    ranks = [i + 1 if ok else None for i, ok in enumerate(ordered["rata_rata_capaian"].notna())]
    ordered.insert(0, "peringkat", pd.Series(ranks, index=ordered.index, dtype=object))
    return ordered


# ----------------------------------------------------------------------------- charts



def _png(figure: Any) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=130, facecolor="white")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _legend_below(figure: Any, axis: Any, *, columns: int) -> None:
    """Lay the figure out with the legend in a band of its own under the axes."""
    handles, labels = axis.get_legend_handles_labels()
    rows = -(-len(labels) // columns)
    band = (0.22 + 0.16 * rows) / figure.get_figheight()
    figure.legend(handles, labels, loc="lower center", ncol=columns, fontsize=7.5, frameon=False)
    figure.tight_layout(rect=(0, band, 1, 1))


def _labels(data: pd.DataFrame) -> list[str]:
    """Axis labels: the OPD code, marked when its figures are a DRAF."""
    status = data["status_hasil"] if "status_hasil" in data else pd.Series("", index=data.index)
    return [f"{k} (DRAF)" if s == DRAF else str(k) for k, s in zip(data["kode"], status, strict=True)]


def chart_capaian(frame: pd.DataFrame) -> str:
    """Horizontal bars of average capaian and serapan per OPD (ranked), base64 PNG."""
    from matplotlib.figure import Figure

    data = frame[frame["rata_rata_capaian"].notna()].iloc[::-1]
    figure = Figure(figsize=(7.2, max(2.2, 0.32 * len(data) + 1.0)))
    axis = figure.add_subplot()
    positions = range(len(data))
    axis.barh([p + 0.2 for p in positions], data["rata_rata_capaian"].astype(float), height=0.4, color="#2c7fb8", label="Rata-rata capaian")
    axis.barh([p - 0.2 for p in positions], data["serapan"].astype(float).fillna(0), height=0.4, color="#fdae61", label="Serapan anggaran")
    axis.set_yticks(list(positions), _labels(data), fontsize=7.5)
    axis.axvline(100, color="#555", linewidth=0.8, linestyle="--")
    axis.set_xlabel("%", fontsize=8)
    axis.tick_params(axis="x", labelsize=7.5)
    axis.grid(axis="x", color="#ddd", linewidth=0.6)
    axis.set_axisbelow(True)
    for side in ("top", "right"):
        axis.spines[side].set_visible(False)
    axis.set_title("Rata-rata capaian dan serapan anggaran per OPD", fontsize=9.5)
    _legend_below(figure, axis, columns=2)
    return _png(figure)


def chart_predikat(frame: pd.DataFrame, predikat_columns: list[str]) -> str:
    """Stacked bars: indicators per predikat for every OPD with results, base64 PNG."""
    from matplotlib.figure import Figure

    data = frame[frame["rata_rata_capaian"].notna()].iloc[::-1]
    figure = Figure(figsize=(7.2, max(2.2, 0.3 * len(data) + 1.2)))
    axis = figure.add_subplot()
    left = [0.0] * len(data)
    names = [column.split(":", 1)[1] for column in predikat_columns]
    colours = warna_urut([n for n in names if n not in (BELUM_DIUKUR, TIDAK_DAPAT_DIUKUR, TIDAK_DIHITUNG)])
    for column, name in zip(predikat_columns, names, strict=True):
        values = data[column].fillna(0).astype(float).tolist()
        axis.barh(range(len(data)), values, left=left, color=colours.get(name, TANPA_PREDIKAT), label=name, height=0.7)
        left = [a + b for a, b in zip(left, values, strict=True)]
    axis.set_yticks(range(len(data)), _labels(data), fontsize=7.5)
    axis.set_xlabel("Jumlah indikator", fontsize=8)
    axis.tick_params(axis="x", labelsize=7.5)
    for side in ("top", "right"):
        axis.spines[side].set_visible(False)
    axis.set_title("Indikator per predikat capaian", fontsize=9.5)
    _legend_below(figure, axis, columns=4)
    return _png(figure)


# ----------------------------------------------------------------------------- documents


def _cell(value: Any, kind: str = "") -> str:
    if value is None or (isinstance(value, float) and value != value):
        return "<td class=\"angka\">–</td>" if kind else "<td>–</td>"
    if kind == "persen":
        return f"<td class=\"angka\">{format_percent(float(value))}</td>"
    if kind == "angka":
        return f"<td class=\"angka\">{format_number(float(value), 0)}</td>"
    return f"<td>{html.escape(str(value))}</td>"


KINDS = {"peringkat": "angka", "jumlah_indikator": "angka", "berisiko_proyeksi": "angka", "rata_rata_capaian": "persen", "serapan": "persen", "berkas": "angka",
         "berkas_terlambat": "angka", "ketepatan_waktu": "persen", "galat": "angka", "peringatan": "angka"}


def _opd_list(rows: pd.DataFrame) -> str:
    """``<ul>`` of OPD with their keterangan: "KODE (Nama): keterangan"."""
    items = "".join(f"<li>{html.escape(str(r['kode']))} ({html.escape(str(r['nama']))}): {html.escape(str(r['keterangan']))}</li>"
                    for r in rows.to_dict(orient="records"))
    return f"<ul>{items}</ul>"


DRAF_TANDA_TANGAN_REKAP = "DRAF — memuat hasil OPD yang belum disetujui; belum untuk ditandatangani."
"""Where the recap preview would be signed (an OPD report's notice names its Sekretaris; a recap has none)."""


def recap_html(pemda: Pemda, frame: pd.DataFrame, predikat_columns: list[str], tahun: int, triwulan: int, *, dibuat: str,
               draf: bool = False) -> str:
    """The recap as one self-contained HTML document (letterhead, tables, charts, signature).

    ``draf``: the preview with unapproved results: a DRAF watermark on every page, the DRAF
    sentence under the title (:data:`DRAF_PERNYATAAN`), a "Status Hasil" column, and the
    notice :data:`DRAF_TANDA_TANGAN_REKAP` instead of a place to sign.
    """
    from kinerja.paths import TEMPLATES_DIR

    css = (TEMPLATES_DIR / "kinerja" / "kinerja.css").read_text(encoding="utf-8")
    judul = f"Rekapitulasi Kinerja Perangkat Daerah {triwulan_label(triwulan)} Tahun {tahun}"
    kop = "".join(
        f'<p class="kop-{i}{" kop-alamat" if i == len(pemda.kop) and i > 2 else ""}">{html.escape(line)}</p>'
        for i, line in enumerate(pemda.kop, start=1)
    )
    with_results = frame[frame["rata_rata_capaian"].notna()]
    main_cols = ["peringkat", "kode", "nama", *(["status_hasil"] if draf else []), "jumlah_indikator", "rata_rata_capaian", "serapan", "berkas",
                 "berkas_terlambat", "ketepatan_waktu", "galat", "peringatan", *(["berisiko_proyeksi"] if triwulan < 4 else [])]
    head = "".join(f"<th>{html.escape(COLUMNS[c])}</th>" for c in main_cols)
    body = "".join(
        "<tr>" + "".join(_cell(row[c], KINDS.get(c, "")) for c in main_cols) + "</tr>" for row in frame.to_dict(orient="records")
    )
    pred_head = "".join(f"<th>{html.escape(c.split(':', 1)[1])}</th>" for c in predikat_columns)
    pred_body = "".join(
        f"<tr><td>{html.escape(str(row['kode']))}{' (DRAF)' if row.get('status_hasil') == DRAF else ''}</td>"
        f"<td>{html.escape(str(row['nama']))}</td>"
        + "".join(_cell(row.get(c), "angka") for c in predikat_columns) + "</tr>"
        for row in with_results.to_dict(orient="records")
    )
    missing = frame[frame["rata_rata_capaian"].isna()]
    missing_html = ""
    if not missing.empty:
        missing_html = f'<div class="peringatan-box"><p>{len(missing)} OPD belum masuk rekapitulasi:</p>{_opd_list(missing)}</div>'
    drafts = with_results[with_results["status_hasil"] == DRAF]
    if not drafts.empty:
        missing_html += (f'<div class="peringatan-box"><p>{len(drafts)} OPD masuk dengan hasil DRAF (laporan terkini yang belum '
                         f"disetujui; angkanya dapat berubah):</p>{_opd_list(drafts)}</div>")
    mean = with_results["rata_rata_capaian"].astype(float).mean() if not with_results.empty else None
    serapan = with_results["serapan"].astype(float).mean() if not with_results.empty else None
    ontime = with_results["ketepatan_waktu"].astype(float).mean() if not with_results.empty else None
    boxes = "".join(
        f'<div class="kotak"><div class="nilai">{value}</div><div class="label">{label}</div></div>'
        for value, label in (
            (f"{int((frame['status_hasil'] == RESMI).sum())}/{len(frame)}", "OPD dengan hasil resmi"),
            *([(f"{len(drafts)}/{len(frame)}", "OPD dengan hasil DRAF")] if draf else []),
            (format_percent(mean), "rata-rata capaian OPD"),
            (format_percent(serapan), "rata-rata serapan OPD"),
            (format_percent(ontime), "lembar kerja tepat waktu"),
        )
    )
    charts = ""
    if not with_results.empty:
        charts = (
            f'<figure class="gambar"><img alt="Rata-rata capaian per OPD" src="data:image/png;base64,{chart_capaian(frame)}"></figure>'
            f'<figure class="gambar"><img alt="Indikator per predikat" src="data:image/png;base64,{chart_predikat(frame, predikat_columns)}"></figure>'
        )
    signer = pemda.penandatangan
    signature = ""
    if draf:
        signature = (
            '<section class="tanda-tangan"><div class="ttd-blok ttd-menunggu">'
            f"<p><strong>{html.escape(DRAF_TANDA_TANGAN_REKAP)}</strong></p>"
            f"<p>Rekapitulasi untuk ditandatangani{' ' + html.escape(signer['jabatan']) if signer.get('jabatan') else ''} "
            "dibuat tanpa pilihan --draf, hanya dari hasil OPD yang sudah disetujui.</p></div></section>"
        )
    elif signer.get("nama"):
        signature = (
            '<section class="tanda-tangan"><div class="ttd-blok">'
            f"<p>{html.escape(pemda.kota)}, {html.escape(dibuat)}</p>"
            f'<p class="ttd-jabatan">{html.escape(signer.get("jabatan", ""))},</p><div class="ttd-ruang"></div>'
            f'<p class="ttd-nama">{html.escape(signer["nama"])}</p>'
            + (f"<p>NIP {html.escape(signer['nip'])}</p>" if signer.get("nip") else "")
            + "</div></section>"
        )
    sumber = ("Angka OPD berstatus resmi diambil dari hasil laporan triwulan yang sudah disetujui; angka OPD berstatus DRAF "
              "dari laporan terkini yang belum disetujui." if draf else
              "Angka diambil dari hasil laporan triwulan setiap OPD yang sudah disetujui Sekretaris.")
    tanda_air = '<div class="tanda-air" aria-hidden="true">DRAF</div>' if draf else ""
    status = f'<div class="status-dokumen">{html.escape(DRAF_PERNYATAAN)}</div>' if draf else ""
    return f"""<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8"><title>{html.escape(judul)}{" (DRAF)" if draf else ""}</title><style>{css}</style></head>
<body>{tanda_air}<main class="dokumen{" draf" if draf else ""}">
<header class="kop">{kop}</header>
<div class="judul"><h1>{html.escape(judul)}</h1><p class="subjudul">{html.escape(pemda.nama)}</p></div>
{status}
<div class="ringkasan">{boxes}</div>
{missing_html}
<h2>1. Peringkat kinerja perangkat daerah</h2>
<p>Peringkat menurut rata-rata capaian indikator, lalu serapan anggaran, lalu ketepatan waktu penyampaian lembar kerja
terhadap batas waktu SOP. {sumber}{PROYEKSI_KALIMAT if triwulan < 4 else ""}</p>
<table class="rapat"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>
<h2>2. Grafik</h2>
{charts}
<h2>3. Jumlah indikator per predikat capaian</h2>
<table class="rapat"><thead><tr><th>Kode</th><th>Perangkat Daerah</th>{pred_head}</tr></thead><tbody>{pred_body}</tbody></table>
{signature}
</main></body></html>
"""


def write_recap_xlsx(frame: pd.DataFrame, predikat_columns: list[str], path: Path, *, judul: str, nama: str,
                     draf: bool = False) -> Path:
    """The recap as an Excel sheet ``Rekap`` (numbers as numbers), written atomically.

    ``draf``: row 3 holds :data:`DRAF_PERNYATAAN` in red; every row has its ``Status Hasil``.
    """
    from openpyxl.styles import Font

    from kinerja.spreadsheet import neutralize, neutralize_frame

    columns = [*COLUMNS][:-1] + predikat_columns + ["keterangan"]
    labels = [COLUMNS.get(c) or c.split(":", 1)[1] for c in columns]
    table = frame.reindex(columns=columns).copy()
    table.columns = labels
    with atomic_path(path) as tmp:
        with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
            neutralize_frame(table).to_excel(writer, sheet_name="Rekap", startrow=3, index=False)
            sheet = writer.sheets["Rekap"]
            sheet["A1"] = neutralize(nama)
            sheet["A1"].font = Font(bold=True, size=13)
            sheet["A2"] = judul
            sheet["A2"].font = Font(bold=True)
            if draf:
                sheet["A3"] = DRAF_PERNYATAAN
                sheet["A3"].font = Font(bold=True, color="B00020")
            for cell in sheet[4]:
                cell.font = Font(bold=True)
            sheet.freeze_panes = "D5"
            sheet.page_setup.orientation = "landscape"  # printed: every column on one page width (the status too)
            sheet.sheet_properties.pageSetUpPr.fitToPage = True
            sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
            for index, label in enumerate(labels, start=1):
                letter = sheet.cell(row=4, column=index).column_letter
                sheet.column_dimensions[letter].width = 36 if label == "Perangkat Daerah" or label == "Keterangan" else max(10, len(label) + 2)
                if "(%)" in label:
                    for cell in sheet[letter][4:]:
                        cell.number_format = "0.00"
    return path


def write_recap(pemda: Pemda, tahun: int, triwulan: int, *, pdf: bool = True, draf: bool = False) -> RekapResult:
    """Write ``rekap-triwulan-<n>-<tahun>.html|.pdf|.xlsx`` (and ``rekap.json``) into the Pemda's recap folder.

    ``draf``: the preview (:func:`recap_frame` with ``draf``), written as
    ``rekap-triwulan-<n>-<tahun>-draf.*`` and ``rekap-draf.json``, so it never replaces the official recap.
    ``rekap.json`` is ``{"tahun", "triwulan", "draf", "dibuat", "opd": [one record per row]}``.
    """
    from kinerja.numbers import office_today

    frame, predikat_columns = recap_frame(pemda, tahun, triwulan, draf=draf)
    folder = pemda.folder.recap_dir(tahun, triwulan)
    make_dirs(folder)
    suffix = "-draf" if draf else ""
    name = f"rekap-triwulan-{triwulan}-{tahun}{suffix}"
    judul = f"Rekapitulasi Kinerja Perangkat Daerah {triwulan_label(triwulan)} Tahun {tahun}"
    today = office_today(pemda.zona_waktu)
    result = RekapResult(folder, draf=draf, tabel=frame)
    html_path = folder / f"{name}.html"
    write_text(html_path, recap_html(pemda, frame, predikat_columns, tahun, triwulan, dibuat=format_date(today), draf=draf))
    result.berkas.append(html_path)
    records = json.loads(frame.to_json(orient="records", force_ascii=False))
    document = {"tahun": tahun, "triwulan": triwulan, "draf": draf, "dibuat": today.isoformat(), "opd": records}
    write_text(folder / f"rekap{suffix}.json", json.dumps(document, ensure_ascii=False, indent=1))
    result.berkas.append(write_recap_xlsx(frame, predikat_columns, folder / f"{name}.xlsx", judul=judul, nama=pemda.nama, draf=draf))
    if pdf:
        from kinerja.laporan.render.browser import BrowserNotFound, PdfPrinter, find_browser

        try:
            with PdfPrinter(find_browser()) as printer:
                result.berkas.append(printer.print_pdf(html_path, folder / f"{name}.pdf", judul=f"{judul}{' — DRAF' if draf else ''}",
                                                       keterangan=pemda.nama))
        except BrowserNotFound as exc:
            result.catatan.append(str(exc))
    for row in frame.to_dict(orient="records"):
        if row["status_hasil"] == DRAF:
            result.catatan.append(f"{row['kode']}: hasil DRAF dipakai, {row['keterangan']}")
        elif row["status_hasil"] != RESMI:
            result.catatan.append(f"{row['kode']}: {row['keterangan']}")
    return result
