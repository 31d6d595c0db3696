"""The HTML the workflow forms show (:mod:`kinerja.alur.forms`, the web app's pages): times, download
links, the report's files, the step's deadline, the reviewer's summary, the case's conversation, the
report as submitted, the status table. Plain strings: no widgets.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import mimetypes
from pathlib import Path

from kinerja.alur.archive import sha256_file
from kinerja.alur.workflow import history, material_state, returned_unchanged
from kinerja.config import Config
from kinerja.domain import sop
from kinerja.domain.peran import ROLE_LABELS
from kinerja.domain.workcalendar import WorkCalendar, working_time_label
from kinerja.lembar.findings import has_galat, to_frame
from kinerja.numbers import format_datetime, office_clock, zona_of
from kinerja.paths import Workspace
from kinerja.terbitan import TerbitanError, current

# The actions with a special role in the forms, found by their flags in the SOP table.
AJUKAN = frozenset(s.aksi for s in sop.LANGKAH if s.mengajukan)  # quarterly and annual
TUGASKAN = next(s.aksi for s in sop.LANGKAH if s.menugaskan)
_SERAHKAN = next(s.aksi for s in sop.LANGKAH if sop.BAHAN_LENGKAP in s.syarat)
BAHAN_STATE = sop.langkah(_SERAHKAN).dari

OK = "color:#1a7f37"
BAD = "color:#b42318"
INFO = "color:#475467"

REPORT_SUFFIXES = (".pdf", ".html", ".docx")
"""Report files a person can open or download (in this order)."""

MIME = {".pdf": "application/pdf", ".html": "text/html",
        ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def message_html(text: str, style: str) -> str:
    return f'<div style="{style};font-weight:600;white-space:pre-line">{html.escape(text)}</div>'


def when(value: str | dt.datetime | None) -> str:
    """An event or deadline time (ISO text or datetime) in Indonesian, ``-`` when there is none."""
    if not value:
        return "-"
    moment = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    return format_datetime(moment.replace(tzinfo=None))


def download_link(nama: str, isi: bytes, label: str | None = None, kelas: str = "") -> str:
    """An HTML link that downloads ``isi`` as ``nama`` (a data URI: no file server, works offline)."""
    mime = MIME.get(Path(nama).suffix.lower()) or mimetypes.guess_type(nama)[0] or "application/octet-stream"
    data = base64.b64encode(isi).decode("ascii")
    return (f'<a class="kinerja-unduh {kelas}" style="color:#175cd3;text-decoration:underline" download="{html.escape(nama)}" href="data:{mime};base64,{data}">'
            f"{html.escape(label or nama)}</a>")


def report_files(workspace: Workspace, tahun: int, triwulan: int | None) -> list[Path]:
    """The current report's files that people open (PDF, HTML, .docx), sorted by suffix then name."""
    try:
        published = current(workspace.report_dir(tahun, triwulan))
    except TerbitanError:
        return []
    folder = published.folder if published is not None else workspace.report_dir(tahun, triwulan)
    if not folder.is_dir():
        return []
    found = [p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES
             and not p.name.startswith((".", "~$"))]
    return sorted(found, key=lambda p: (REPORT_SUFFIXES.index(p.suffix.lower()), p.name))


def deadline_html(config: Config, row: dict, now: dt.datetime | None = None) -> str:
    """Deadline of the current step and the working time left (or how late), from a status row."""
    if not row.get("tenggat"):
        return ""
    moment = now or office_clock(zona_of(config))
    calendar = WorkCalendar(config.jam_kerja)
    due = dt.datetime.fromisoformat(row["tenggat"]).replace(tzinfo=None)
    if moment > due:
        late = working_time_label(calendar.working_minutes_between(due, moment), calendar.minutes_per_day)
        left = f'<span style="{BAD};font-weight:600">terlambat {html.escape(late)}</span>'
    else:
        rest = working_time_label(calendar.working_minutes_between(moment, due), calendar.minutes_per_day)
        left = f"sisa waktu <b>{html.escape(rest)}</b>"
    return f'<div class="kinerja-tenggat">Tenggat langkah ini: <b>{html.escape(when(due))}</b> · {left}</div>'


def last_line(done) -> str:
    """The last line a finished ``kinerja`` child process printed (its one-sentence message)."""
    why = (done.stderr.strip() or done.stdout.strip()).splitlines()[-1:] or ["(tanpa pesan)"]
    return why[0].removeprefix("Galat: ")


def frame_html(frame) -> str:
    shown = frame.rename(columns=lambda c: str(c)[:1].upper() + str(c)[1:].replace("_", " "))
    return shown.to_html(index=False, border=0, classes="kinerja-tabel", na_rep="", justify="left")


def report_summary(workspace: Workspace, config: Config, tahun: int, triwulan: int) -> str:
    """HTML summary for the reviewer: validation findings and the capaian table.

    Degrades gracefully: missing workbooks or a failing computation become a visible note
    instead of an error.
    """
    from kinerja.lembar.validate import validate_workbooks  # noqa: PLC0415 -- kinerja.lembar.validate + pandas, numpy, dateutil (~237 ms) kept off importing this module

    parts = []
    files = workspace.quarter_workbooks(tahun, triwulan)
    if not files:
        return f"<p><i>Belum ada lembar kerja TW {'I II III IV'.split()[triwulan - 1]} {tahun} yang tersimpan.</i></p>"
    try:
        dataset = validate_workbooks(files, config, tahun=tahun, triwulan=triwulan)
        findings = to_frame(dataset.temuan)
        if findings.empty:
            parts.append(f"<h4>Temuan validasi</h4><p>Tidak ada temuan pada {len(dataset.files)} berkas.</p>")
        else:
            galat = int((findings["tingkat"] == "galat").sum())
            shown = findings[["berkas", "lembar", "sel", "kolom", "tingkat", "pesan"]]  # no machine codes for people
            parts.append(f"<h4>Temuan validasi ({galat} galat, {len(findings) - galat} peringatan)</h4>"
                         + frame_html(shown))
        from kinerja.capaian.tabel import capaian_table, display_frame  # noqa: PLC0415 -- kinerja.capaian.tabel + pandas, numpy (~220 ms) kept off importing this module

        # The one galat policy: every indicator keeps its row; a row with a galat says where.
        table = display_frame(capaian_table(dataset.data, config, triwulan, temuan=findings))
        note = ("<p><b>Baris bertanda 'tidak dihitung' memuat galat; perbaiki lembar kerjanya.</b></p>"
                if has_galat(dataset.temuan) else "")
        parts.insert(0, "<h4>Capaian kinerja</h4>" + note + frame_html(table))
    except Exception as exc:  # noqa: BLE001 - the reviewer must still be able to decide
        parts.append(f"<p><i>Ringkasan tidak dapat dibuat: {html.escape(str(exc))}</i></p>")
    return "".join(parts)


def _who(config: Config | None, username: str) -> str:
    person = config.person(username) if config else None
    return f"{person.nama} ({', '.join(ROLE_LABELS[r] for r in person.peran)})" if person else username


def thread_items(workspace: Workspace, tahun: int, triwulan: int | None, unit: str = "",
                 config: Config | None = None) -> list[str]:
    """The case's conversation as list items: every return (to the PPTK or to the material) and
    every note written with an action, oldest first, with who wrote it and when."""
    items = []
    for e in history(workspace, tahun, triwulan, unit):
        step = sop.langkah(e.aksi)
        if not e.catatan or not (step.mengembalikan or step.mundur or step.mengajukan or step.menyebut_unit
                                 or step.menyetujui):
            continue
        what = ("mengembalikan untuk perbaikan" if step.mengembalikan else
                "mengembalikan ke pengumpulan bahan" if step.mundur else
                "mengajukan laporan" if step.mengajukan else
                f"mencatat unit {e.penerima} tidak melapor" if step.menyebut_unit else step.label.lower())
        items.append(f"<li>{html.escape(when(e.waktu))} · <b>{html.escape(_who(config, e.pengguna))}</b> "
                     f"{html.escape(what)}: <q>{html.escape(e.catatan)}</q></li>")
    return items


def returns_html(workspace: Workspace, tahun: int, triwulan: int | None, unit: str = "", config: Config | None = None) -> str:
    """HTML thread of the case's returns and the notes answering them (Indonesian times)."""
    returns = [e for e in history(workspace, tahun, triwulan, unit) if sop.langkah(e.aksi).mengembalikan]
    if not returns:
        return "<h4>Riwayat pengembalian</h4><p>Belum pernah dikembalikan.</p>"
    items = "".join(thread_items(workspace, tahun, triwulan, unit, config))
    return f"<h4>Riwayat pengembalian ({len(returns)} kali) dan balasannya</h4><ol>{items}</ol>"


def conversation_html(workspace: Workspace, config: Config, kasus) -> str:
    """What the person acting now must read first: the last return's note (to the PPTK or to the
    analyst) with what to fix (the stored workbooks still carrying galat), and the whole thread."""
    backs = [e for e in kasus.events if sop.langkah(e.aksi).mengembalikan or sop.langkah(e.aksi).mundur]
    if not backs:
        return ""
    last = backs[-1]
    parts = [f'<div class="kinerja-catatan-kembali" style="border-left:4px solid #b42318;background:#fef3f2;'
             f'padding:.4em .8em;margin:.4em 0"><b>Dikembalikan oleh {html.escape(_who(config, last.pengguna))} pada '
             f"{html.escape(when(last.waktu))}:</b> {html.escape(last.catatan)}"]
    if kasus.triwulan is not None:
        _present, galat = material_state(workspace, config, kasus.tahun, kasus.triwulan)
        if galat:
            listed = ", ".join(f"{html.escape(name)} ({n} galat)" for name, n in sorted(galat.items()))
            parts.append(f"<div>Yang harus diperbaiki: lembar kerja {listed}.</div>")
        if returned_unchanged(workspace, kasus) is not None and any(sop.langkah(a).dari == kasus.keadaan for a in AJUKAN):
            parts.append("<div>Laporan masih sama dengan yang dikembalikan: perbaiki lalu susun ulang, atau tulis "
                         "balasan atas catatan ini pada kolom catatan sebelum mengajukan ulang.</div>")
    items = thread_items(workspace, kasus.tahun, kasus.triwulan, kasus.unit, config)
    if len(items) > 1:
        parts.append(f"<details><summary>Percakapan kasus ini ({len(items)} catatan)</summary><ol>{''.join(items)}</ol>"
                     "</details>")
    return "".join(parts) + "</div>"


def _final_of_approved(workspace: Workspace, tahun: int, triwulan: int | None, events: list) -> bool:
    """True when the current published set is the final rendering of the approved set (its ``dasar``
    is the checksum recorded at approval): the submitted file was replaced by its final, unchanged."""
    approvals = [e for e in events if sop.langkah(e.aksi).menyetujui]
    try:
        published = current(workspace.report_dir(tahun, triwulan))
    except TerbitanError:
        return False
    return bool(approvals and published is not None and approvals[-1].sha256
                and published.info.get("dasar") == approvals[-1].sha256)


def submitted_html(workspace: Workspace, tahun: int, triwulan: int | None, unit: str = "") -> str:
    """The report as submitted: DRAF mark until approved, file, checksum (and whether it still matches), links."""
    events = history(workspace, tahun, triwulan, unit)
    submitted = [e for e in events if e.aksi in AJUKAN]
    last_index = max((i for i, e in enumerate(events) if e.aksi in AJUKAN), default=len(events))
    approved = any(sop.langkah(e.aksi).menyetujui for e in events[last_index + 1:])
    files = report_files(workspace, tahun, triwulan)
    mark = ('<span class="kinerja-disetujui" style="color:#1a7f37;font-weight:700">DISETUJUI</span>' if approved else
            '<span class="kinerja-draf" style="color:#b42318;font-weight:700;border:2px solid #b42318;'
            'padding:0 .4em">DRAF</span>')
    parts = [f"<h4>Laporan yang diperiksa {mark}</h4>"]
    if submitted and submitted[-1].berkas:
        last = submitted[-1]
        current = next((p for p in files if p.name == last.berkas), None)
        same = current is not None and sha256_file(current) == last.sha256
        final = approved and _final_of_approved(workspace, tahun, triwulan, events)
        check = ("cocok dengan berkas saat ini" if same else
                 "dokumen final saat ini dibuat dari laporan yang disetujui, tanpa perubahan isi" if final else
                 "<b style='color:#b42318'>TIDAK cocok: berkas berubah atau hilang sesudah diajukan</b>")
        parts.append(f"<div>Diajukan oleh <b>{html.escape(last.pengguna)}</b> pada {html.escape(when(last.waktu))}: "
                     f"<b>{html.escape(last.berkas)}</b><br>SHA-256 <code class='kinerja-sha'>{html.escape(last.sha256)}"
                     f"</code> ({check})</div>")
    elif submitted:
        parts.append("<div><i>Laporan diajukan tanpa berkas terlampir.</i></div>")
    if files:
        links = " · ".join(download_link(p.name, p.read_bytes(), f"Unduh {p.suffix[1:].upper()} ({p.name})")
                           for p in files)
        parts.append(f"<div>Buka/unduh: {links}</div>")
    else:
        parts.append("<div><i>Belum ada berkas laporan.</i></div>")
    return "".join(parts)


STATUS_LEGEND = ("Baris merah: langkah yang sedang berjalan melewati tenggatnya, atau kasus itu melewati tenggat "
                 "keseluruhannya (kolom Terlambat dan Kasus terlambat). Baris hitam: sesuai jadwal.")
"""The legend of the status board's colours (the one sentence the page shows under the table)."""


def status_html(rows: list[dict]) -> str:
    """The status rows as an HTML table (late cases in red) with the legend of its colours."""
    head = "".join(f"<th>{h}</th>" for h in ("Kasus", "Keadaan", "Bertindak berikutnya", "Sejak", "Tenggat",
                                              "Terlambat", "Kasus terlambat", "Dikembalikan"))
    body = []
    for r in rows:
        late = r["terlambat"] or r["kasus_terlambat"]
        style = ' class="kinerja-terlambat" style="color:#b42318"' if late else ""
        cells = (r["kasus"], r["keadaan_label"], r["pelaksana_berikut"] or "-", when(r["sejak"]), when(r["tenggat"]),
                 "YA" if r["terlambat"] else "tidak", "YA" if r["kasus_terlambat"] else "tidak",
                 r["jumlah_pengembalian"])
        body.append(f"<tr{style}>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in cells) + "</tr>")
    return (f'<table class="kinerja-status"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'
            f'<p class="kinerja-legenda" style="{INFO}">{html.escape(STATUS_LEGEND)}</p>')
