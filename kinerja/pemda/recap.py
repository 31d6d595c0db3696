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

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from kinerja.atomic import atomic_path, make_dirs, write_bytes, write_text
from kinerja.capaian.proyeksi import BERISIKO, proyeksi_table
from kinerja.capaian.tabel import BELUM_DIUKUR, TIDAK_DAPAT_DIUKUR, TIDAK_DIHITUNG
from kinerja.config import load_workspace_config
from kinerja.domain.predikat import warna_urut
from kinerja.errors import KinerjaError
from kinerja.laporan.model.dokumen import (
    Bagian,
    Baris,
    Gambar,
    Judul,
    Kotak,
    Naskah,
    Paragraf,
    Penandatangan,
    Ringkasan,
    Sel,
    Tabel,
    TandaTangan,
    spanduk_halaman,
)
from kinerja.laporan.model.hasil import official_results, read_published
from kinerja.laporan.model.ringkasan import ringkasan_frame
from kinerja.laporan.render.browser import BrowserNotFound, PdfPrinter, find_browser
from kinerja.laporan.render.export import render_naskah
from kinerja.lembar.findings import Kode
from kinerja.numbers import format_date, format_number, format_percent, office_today, triwulan_label
from kinerja.paths import Workspace
from kinerja.pemda.workspace import Pemda
from kinerja.spreadsheet import neutralize, neutralize_frame

RESMI, DRAF = "resmi", "DRAF"
"""Values of the ``status_hasil`` column: approved results, or the latest unapproved set (``draf`` preview only)."""
DRAF_PERNYATAAN = ("DRAF — pratinjau yang memuat hasil OPD yang belum disetujui Sekretaris; angkanya dapat berubah. "
                   "Bukan dokumen final dan tidak untuk ditandatangani.")
"""The sentence a DRAF recap shows under its title and in place of the signature."""
DRAF_SPANDUK_HALAMAN = "DRAF — pratinjau; bukan dokumen final."
"""A DRAF recap's banner in the header of every page (PDF and .docx), beside the title: :data:`DRAF_PERNYATAAN`
is too long for that line."""

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
    from kinerja.laporan.model.data import frame_from_results  # noqa: PLC0415 -- kinerja.laporan.model.data + xml (~76 ms) kept off importing this module

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
        late = sum(1 for c in codes if c == Kode.BERKAS_TERLAMBAT)  # the validator's finding for a late workbook
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
    from kinerja.laporan.model.data import frame_from_results  # noqa: PLC0415 -- kinerja.laporan.model.data + xml (~76 ms) kept off importing this module

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


# ----------------------------------------------------------------------------- the document


def _labels(data: pd.DataFrame) -> list[str]:
    """Chart labels: the OPD code, marked when its figures are a DRAF."""
    status = data["status_hasil"] if "status_hasil" in data else pd.Series("", index=data.index)
    return [f"{k} (DRAF)" if s == DRAF else str(k) for k, s in zip(data["kode"], status, strict=True)]


def charts(frame: pd.DataFrame, predikat_columns: list[str]) -> list[Any]:
    """The recap's two charts (:mod:`kinerja.laporan.render.grafik`) as model blocks: average capaian and
    serapan per OPD, indicators per predikat; every OPD with results, in rank order."""
    from kinerja.laporan.render.grafik import grafik_rekap_capaian, grafik_rekap_predikat  # noqa: PLC0415 -- kinerja.laporan.render.grafik + matplotlib, pyparsing, mpl_toolkits (~450 ms) kept off importing this module

    data = frame[frame["rata_rata_capaian"].notna()].copy()
    data["label"] = _labels(data)
    names = [column.split(":", 1)[1] for column in predikat_columns]
    counts = data[["label"]].join(data[predikat_columns].set_axis(names, axis=1))
    colours = warna_urut([n for n in names if n not in (BELUM_DIUKUR, TIDAK_DAPAT_DIUKUR, TIDAK_DIHITUNG)])
    width = WIDTH_CM
    return [Gambar(grafik_rekap_capaian(data).png(), width),
            Gambar(grafik_rekap_predikat(counts, names, colours).png(), width)]  # each chart says its title


WIDTH_CM = 18.0
"""The charts' printed width (the A4 text width, as the office reports' charts)."""


def _text(value: Any, kind: str = "") -> str:
    """A recap cell as printed: "–" when empty, percentages and counts in Indonesian notation."""
    if value is None or (isinstance(value, float) and value != value):
        return "–"
    if kind == "persen":
        return format_percent(float(value))
    if kind == "angka":
        return format_number(float(value), 0)
    return str(value)


KINDS = {"peringkat": "angka", "jumlah_indikator": "angka", "berisiko_proyeksi": "angka", "rata_rata_capaian": "persen", "serapan": "persen", "berkas": "angka",
         "berkas_terlambat": "angka", "ketepatan_waktu": "persen", "galat": "angka", "peringatan": "angka"}


def _tabel(frame: pd.DataFrame, columns: list[str], labels: list[str], kinds: list[str]) -> Any:
    rows = [Baris([Sel(_text(row[c], k), "angka" if k else "") for c, k in zip(columns, kinds, strict=True)])
            for row in frame.to_dict(orient="records")]
    return Tabel(labels, rows, angka=[i for i, k in enumerate(kinds) if k], rapat=True)


def _opd_list(head: str, rows: pd.DataFrame) -> Any:
    """A warning box naming OPD with their keterangan: "KODE (Nama): keterangan", one a line."""
    lines = [f"• {r['kode']} ({r['nama']}): {r['keterangan']}" for r in rows.to_dict(orient="records")]
    return Kotak("peringatan", "\n".join([head, *lines]))


DRAF_TANDA_TANGAN_REKAP = "DRAF — memuat hasil OPD yang belum disetujui; belum untuk ditandatangani."
"""Where the recap preview would be signed (an OPD report's notice names its Sekretaris; a recap has none)."""


def _signature(pemda: Pemda, dibuat: str, *, draf: bool) -> list[Any]:
    """The signature block (:class:`~kinerja.laporan.model.dokumen.TandaTangan`) of the Pemda's signer; a DRAF
    names nobody to sign (no name, no NIP), only :data:`DRAF_TANDA_TANGAN_REKAP` and how to make the recap to sign."""
    signer = pemda.penandatangan
    jabatan = signer.jabatan
    if draf:
        note = (f"{DRAF_TANDA_TANGAN_REKAP} Rekapitulasi untuk ditandatangani{' ' + jabatan if jabatan else ''} "
                "dibuat tanpa pilihan --draf, hanya dari hasil OPD yang sudah disetujui.")
        return [TandaTangan([Penandatangan("", "", "")], draf=note)]
    if not signer.nama:
        return []
    return [TandaTangan([Penandatangan(f"{pemda.kota}, {dibuat}", f"{jabatan},", signer.nama, "", signer.nip)])]


def judul_rekap(tahun: int, triwulan: int) -> str:
    """The recap's title."""
    return f"Rekapitulasi Kinerja Perangkat Daerah {triwulan_label(triwulan)} Tahun {tahun}"


def naskah_rekap(pemda: Pemda, frame: pd.DataFrame, predikat_columns: list[str], tahun: int, triwulan: int, *, dibuat: str,
                 draf: bool = False) -> Any:
    """The recap as a :class:`~kinerja.laporan.model.dokumen.Naskah` (letterhead, title, figures, ranking,
    charts, indicators per predikat, signature), rendered by the office reports' own HTML/.docx renderers.

    ``draf``: the preview with unapproved results: a DRAF watermark on every page, :data:`DRAF_PERNYATAAN`
    as the draft's banner under the title (:data:`DRAF_SPANDUK_HALAMAN` in every page's header), a "Status Hasil" column, and :data:`DRAF_TANDA_TANGAN_REKAP` instead of a place to sign.
    """
    with_results = frame[frame["rata_rata_capaian"].notna()]
    main_cols = ["peringkat", "kode", "nama", *(["status_hasil"] if draf else []), "jumlah_indikator", "rata_rata_capaian", "serapan", "berkas",
                 "berkas_terlambat", "ketepatan_waktu", "galat", "peringatan", *(["berisiko_proyeksi"] if triwulan < 4 else [])]
    drafts = with_results[with_results["status_hasil"] == DRAF]
    mean = with_results["rata_rata_capaian"].astype(float).mean() if not with_results.empty else None
    serapan = with_results["serapan"].astype(float).mean() if not with_results.empty else None
    ontime = with_results["ketepatan_waktu"].astype(float).mean() if not with_results.empty else None
    blocks: list[Any] = [Ringkasan([
        (f"{int((frame['status_hasil'] == RESMI).sum())}/{len(frame)}", "OPD dengan hasil resmi"),
        *([(f"{len(drafts)}/{len(frame)}", "OPD dengan hasil DRAF")] if draf else []),
        (format_percent(mean), "rata-rata capaian OPD"),
        (format_percent(serapan), "rata-rata serapan OPD"),
        (format_percent(ontime), "lembar kerja tepat waktu"),
    ])]
    missing = frame[frame["rata_rata_capaian"].isna()]
    if not missing.empty:
        blocks.append(_opd_list(f"{len(missing)} OPD belum masuk rekapitulasi:", missing))
    if not drafts.empty:
        blocks.append(_opd_list(f"{len(drafts)} OPD masuk dengan hasil DRAF (laporan terkini yang belum disetujui; "
                                "angkanya dapat berubah):", drafts))
    sumber = ("Angka OPD berstatus resmi diambil dari hasil laporan triwulan yang sudah disetujui; angka OPD berstatus DRAF "
              "dari laporan terkini yang belum disetujui." if draf else
              "Angka diambil dari hasil laporan triwulan setiap OPD yang sudah disetujui Sekretaris.")
    blocks += [
        Judul("1. Peringkat kinerja perangkat daerah", 1, daftar_isi=False),
        Paragraf("Peringkat menurut rata-rata capaian indikator, lalu serapan anggaran, lalu ketepatan waktu penyampaian "
                 f"lembar kerja terhadap batas waktu SOP. {sumber}{PROYEKSI_KALIMAT if triwulan < 4 else ''}"),
        _tabel(frame, main_cols, [COLUMNS[c] for c in main_cols], [KINDS.get(c, "") for c in main_cols]),
        Judul("2. Grafik", 1, daftar_isi=False),
        *(charts(frame, predikat_columns) if not with_results.empty else []),
        Judul("3. Jumlah indikator per predikat capaian", 1, daftar_isi=False),
    ]
    counts = with_results.assign(kode=_labels(with_results))
    blocks.append(_tabel(counts, ["kode", "nama", *predikat_columns], ["Kode", "Perangkat Daerah", *(c.split(":", 1)[1] for c in predikat_columns)],
                         ["", "", *["angka"] * len(predikat_columns)]))
    blocks += _signature(pemda, dibuat, draf=draf)
    info: dict[str, Any] = {
        "judul": judul_rekap(tahun, triwulan), "subjudul": pemda.nama, "kop": list(pemda.kop), "kota": pemda.kota,
        "tanggal": dibuat, "final": not draf, "draf": draf, "tanda_air": ["DRAF"] if draf else [],
        "spanduk": DRAF_PERNYATAAN if draf else "", "spanduk_halaman": DRAF_SPANDUK_HALAMAN if draf else "", "tanda_tangan_di_isi": True,
    }
    return Naskah(info, [Bagian(blocks)])


def recap_html(pemda: Pemda, frame: pd.DataFrame, predikat_columns: list[str], tahun: int, triwulan: int, *, dibuat: str,
               draf: bool = False) -> str:
    """The recap as one self-contained HTML document: :func:`naskah_rekap` through the office reports' template
    (:func:`kinerja.laporan.render.export.render_naskah`)."""
    return render_naskah(naskah_rekap(pemda, frame, predikat_columns, tahun, triwulan, dibuat=dibuat, draf=draf))


def write_recap_xlsx(frame: pd.DataFrame, predikat_columns: list[str], path: Path, *, judul: str, nama: str,
                     draf: bool = False) -> Path:
    """The recap as an Excel sheet ``Rekap`` (numbers as numbers), written atomically.

    ``draf``: row 3 holds :data:`DRAF_PERNYATAAN` in red; every row has its ``Status Hasil``.
    """
    from openpyxl.styles import Font  # noqa: PLC0415 -- openpyxl.styles + PIL, lxml (~87 ms) kept off importing this module

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
    """Write ``rekap-triwulan-<n>-<tahun>.html|.docx|.pdf|.xlsx`` (and ``rekap.json``) into the Pemda's recap folder.

    The HTML and .docx are one :func:`naskah_rekap` through the office reports' renderers; the PDF is the
    HTML printed as theirs is. ``draf``: the preview (:func:`recap_frame` with ``draf``), written as
    ``rekap-triwulan-<n>-<tahun>-draf.*`` and ``rekap-draf.json``, so it never replaces the official recap.
    ``rekap.json`` is ``{"tahun", "triwulan", "draf", "dibuat", "opd": [one record per row]}``.
    """
    from kinerja.laporan.render.ke_docx import render_docx  # noqa: PLC0415 -- kinerja.laporan.render.ke_docx + docx, lxml, email (~77 ms) kept off importing this module

    frame, predikat_columns = recap_frame(pemda, tahun, triwulan, draf=draf)
    folder = pemda.folder.recap_dir(tahun, triwulan)
    make_dirs(folder)
    suffix = "-draf" if draf else ""
    name = f"rekap-triwulan-{triwulan}-{tahun}{suffix}"
    judul = judul_rekap(tahun, triwulan)
    today = office_today(pemda.zona_waktu)
    result = RekapResult(folder, draf=draf, tabel=frame)
    naskah = naskah_rekap(pemda, frame, predikat_columns, tahun, triwulan, dibuat=format_date(today), draf=draf)
    html_path = folder / f"{name}.html"
    write_text(html_path, render_naskah(naskah))
    result.berkas.append(html_path)
    docx_path = folder / f"{name}.docx"
    write_bytes(docx_path, render_docx(naskah))
    result.berkas.append(docx_path)
    records = json.loads(frame.to_json(orient="records", force_ascii=False))
    document = {"tahun": tahun, "triwulan": triwulan, "draf": draf, "dibuat": today.isoformat(), "opd": records}
    write_text(folder / f"rekap{suffix}.json", json.dumps(document, ensure_ascii=False, indent=1))
    result.berkas.append(write_recap_xlsx(frame, predikat_columns, folder / f"{name}.xlsx", judul=judul, nama=pemda.nama, draf=draf))
    if pdf:
        try:
            with PdfPrinter(find_browser()) as printer:
                result.berkas.append(printer.print_pdf(html_path, folder / f"{name}.pdf", judul=judul, keterangan=pemda.nama,
                                                       spanduk=spanduk_halaman(naskah.info)))
        except BrowserNotFound as exc:
            result.catatan.append(str(exc))
    for row in frame.to_dict(orient="records"):
        if row["status_hasil"] == DRAF:
            result.catatan.append(f"{row['kode']}: hasil DRAF dipakai, {row['keterangan']}")
        elif row["status_hasil"] != RESMI:
            result.catatan.append(f"{row['kode']}: {row['keterangan']}")
    return result
