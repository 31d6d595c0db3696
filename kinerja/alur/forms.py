"""ipywidgets forms for the SOP workflow: action forms, the review form, the upload panel, the status board.

The buttons and their texts come from :data:`kinerja.domain.sop.LANGKAH` and every click goes through
:func:`kinerja.alur.workflow.act`, exactly like ``kinerja alur``. A button the current user may not
press (wrong role, wrong state, own report) is disabled and the reason is shown on the form;
a refusal at click time (a colleague was faster, the note is missing, no signing key) is shown in red.
These classes are used by the web app (:mod:`kinerja.web.panel`) and by ``notebooks/alur.ipynb``.

Usage in a notebook::

    from kinerja.alur.forms import ReviewForm
    ReviewForm(tahun=2025, triwulan=1)
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import mimetypes
from collections.abc import Callable
from pathlib import Path

import ipywidgets as widgets

from kinerja.alur.identity import current_username
from kinerja.alur.store import Peristiwa, Store
from kinerja.alur.workflow import ActionRefused, Alasan, act, case_status, history, load_case, prasyarat, refusal
from kinerja.config import Config, load_workspace_config
from kinerja.domain import sop
from kinerja.domain.peran import ROLE_LABELS
from kinerja.errors import KinerjaError
from kinerja.numbers import office_clock, zona_of
from kinerja.paths import Workspace, find_workspace

# The actions with a special role in the forms, found by their flags in the SOP table.
_AJUKAN = frozenset(s.aksi for s in sop.LANGKAH if s.mengajukan)  # quarterly and annual
_TUGASKAN = next(s.aksi for s in sop.LANGKAH if s.menugaskan)
_SERAHKAN = next(s.aksi for s in sop.LANGKAH if sop.BAHAN_LENGKAP in s.syarat)
_BAHAN_STATE = sop.langkah(_SERAHKAN).dari

_OK = "color:#1a7f37"
_BAD = "color:#b42318"
_INFO = "color:#475467"

REPORT_SUFFIXES = (".pdf", ".html", ".docx")
"""Report files a person can open or download (in this order)."""

MIME = {".pdf": "application/pdf", ".html": "text/html",
        ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _message(text: str, style: str) -> str:
    return f'<div style="{style};font-weight:600;white-space:pre-line">{html.escape(text)}</div>'


def when(value: str | dt.datetime | None) -> str:
    """An event or deadline time (ISO text or datetime) in Indonesian, ``-`` when there is none."""
    from kinerja.numbers import format_datetime

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
    from kinerja.terbitan import TerbitanError, current

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
    from kinerja.domain.workcalendar import WorkCalendar, working_time_label

    if not row.get("tenggat"):
        return ""
    moment = now or office_clock(zona_of(config))
    calendar = WorkCalendar(config.jam_kerja)
    due = dt.datetime.fromisoformat(row["tenggat"]).replace(tzinfo=None)
    if moment > due:
        late = working_time_label(calendar.working_minutes_between(due, moment), calendar.minutes_per_day)
        left = f'<span style="{_BAD};font-weight:600">terlambat {html.escape(late)}</span>'
    else:
        rest = working_time_label(calendar.working_minutes_between(moment, due), calendar.minutes_per_day)
        left = f"sisa waktu <b>{html.escape(rest)}</b>"
    return f'<div class="kinerja-tenggat">Tenggat langkah ini: <b>{html.escape(when(due))}</b> · {left}</div>'


class BahanPanel(widgets.VBox):
    """Upload of filled workbooks (step 3): validated on upload, findings shown, annotated copy offered.

    Attributes:
        unggah: the file chooser (``.xlsx``/``.xlsm``, several at once).
        ganti: replace a stored workbook of the same name (the old one is kept aside).
        hasil: findings, messages and the download links.
        results: the :class:`~kinerja.alur.bahan.HasilUnggah` of the last upload.
    """

    def __init__(self, workspace: Workspace, config: Config, tahun: int, triwulan: int, *, username: str | None = None,
                 now: dt.datetime | None = None) -> None:
        self.workspace, self.config, self.tahun, self.triwulan = workspace, config, tahun, triwulan
        self.username, self.now = username, now
        self.unggah = widgets.FileUpload(accept=".xlsx,.xlsm", multiple=True, description="Unggah lembar kerja",
                                         layout=widgets.Layout(width="auto"))
        self.ganti = widgets.Checkbox(description="Ganti berkas bernama sama", indent=False)
        self.hasil = widgets.HTML()
        self.daftar = widgets.HTML()
        self.daftar.add_class("kinerja-bahan-tersimpan")
        self.pilih_tarik = widgets.Dropdown(description="Tarik:", layout=widgets.Layout(width="auto"))
        self.alasan_tarik = widgets.Text(placeholder="Alasan menarik lembar kerja ini (wajib)",
                                         layout=widgets.Layout(width="24em"))
        self.tarik = widgets.Button(description="Tarik lembar kerja", button_style="warning",
                                    layout=widgets.Layout(width="auto"))
        self.tarik.on_click(lambda _b: self.withdraw(self.pilih_tarik.value, self.alasan_tarik.value))
        self.results: list = []
        self.on_stored: Callable[[], None] | None = None
        self.unggah.observe(self._on_upload, names="value")
        label = f"TW {'I II III IV'.split()[triwulan - 1]} {tahun}"
        super().__init__(children=[
            widgets.HTML(f"<div>Lembar kerja yang terisi disimpan sebagai bahan {html.escape(label)} setelah diperiksa; "
                         "berkas dengan galat, berkas periode lain, dan salinan berkas yang sudah tersimpan tidak "
                         "disimpan. Setiap penyimpanan, penggantian dan penarikan dicatat dan ditandatangani.</div>"),
            self.daftar, widgets.HBox([self.unggah, self.ganti]),
            widgets.HBox([self.pilih_tarik, self.alasan_tarik, self.tarik]), self.hasil,
        ])
        self._list()

    def _list(self) -> None:
        from kinerja.alur.archive import sha256_file

        stored = self.workspace.quarter_workbooks(self.tahun, self.triwulan)
        rows = "".join(
            f"<li>{download_link(p.name, p.read_bytes(), p.name)} · SHA-256 <code>{sha256_file(p)[:16]}…</code></li>"
            for p in stored)
        self.daftar.value = (f"<div>Tersimpan ({len(stored)}):<ul>{rows}</ul></div>" if stored
                             else "<div><i>Belum ada lembar kerja tersimpan untuk triwulan ini.</i></div>")
        self.pilih_tarik.options = [p.name for p in stored]
        self.tarik.disabled = not stored

    def withdraw(self, nama: str | None, alasan: str) -> None:
        """Withdraw a stored workbook with a reason (a signed event; the file is kept aside)."""
        from kinerja.alur.bahan import tarik_bahan

        if not nama:
            return
        try:
            tarik_bahan(self.workspace, self.config, self.tahun, self.triwulan, nama, alasan, username=self.username,
                        now=self.now)
        except KinerjaError as exc:
            self.hasil.value = _message(f"Ditolak: {exc}", _BAD)
            return
        self.hasil.value = _message(f"{nama} ditarik dari bahan laporan (tercatat dengan alasannya; berkasnya tetap "
                                    "disimpan).", _OK)
        self.alasan_tarik.value = ""
        self._list()
        if self.on_stored is not None:
            self.on_stored()

    def _on_upload(self, change) -> None:
        files = change["new"]
        if not files:
            return
        self.receive([(f["name"], bytes(f["content"])) for f in files])
        self.unggah.value = ()

    def receive(self, files: list[tuple[str, bytes]]) -> None:
        """Validate and (when free of galat) store each ``(name, content)``; show the outcome."""
        from kinerja.alur.bahan import simpan_bahan

        parts, self.results = [], []
        for name, content in files:
            try:  # stored and recorded, or neither (a store that cannot be recorded is taken back out)
                result = simpan_bahan(self.workspace, self.config, self.tahun, self.triwulan, name, content,
                                      ganti=self.ganti.value, username=self.username, now=self.now)
            except KinerjaError as exc:
                parts.append(_message(f"Ditolak: {exc}", _BAD))
                continue
            self.results.append(result)
            parts.append(_message(result.pesan, _BAD if result.galat else _OK))
            if not result.temuan.empty:
                shown = result.temuan[["tingkat", "lembar", "sel", "kolom", "pesan"]]
                parts.append(f"<h4>Temuan pada {html.escape(result.nama)} ({result.galat} galat, "
                             f"{len(shown) - result.galat} peringatan)</h4>" + _frame_html(shown))
            parts.append("<div>Salinan bertanda (sel bermasalah disorot dan diberi komentar): "
                         + download_link(result.nama_bertanda, result.bertanda, kelas="kinerja-bertanda") + "</div>")
            if result.lain:
                parts.append(_message("Lembar kerja lain triwulan ini masih memiliki galat: "
                                      + ", ".join(result.lain), _INFO))
        self.hasil.value = "".join(parts)
        self.ganti.value = False
        self._list()
        if self.on_stored is not None:
            self.on_stored()


class ActionForm(widgets.VBox):
    """Buttons for the actions of one case, enabled according to the user's role and the state.

    Attributes:
        buttons: ``{aksi: widgets.Button}`` for every action of the case's scope (or of ``actions``).
        catatan: note text area (mandatory for a return).
        pptk: dropdown of PPTKs for the assigning step.
        laporan: dropdown of the case's report files for the submitting step (its checksum is recorded).
        susun: runs the quarter's report (the PPTK's step 4) before submitting.
        bahan: the upload panel for the material step, or None.
        pesan: where results and refusals are shown.
        last_event: the event written by the last successful click.
        last_error: the last refusal (an :class:`~kinerja.errors.KinerjaError`), or None.
        periksa: a guard whose home is above this floor, called with the action before it is
            recorded (it raises a :class:`~kinerja.errors.KinerjaError` to refuse): the web app
            passes the report's stated-figures check (``runner.check_stated_figures``), which
            ``kinerja alur`` calls too.
    """

    def __init__(
        self,
        tahun: int,
        triwulan: int | None,
        *,
        unit: str = "",
        workspace: Workspace | str | Path | None = None,
        config: Config | None = None,
        username: str | None = None,
        actions: tuple[str, ...] | None = None,
        now: dt.datetime | None = None,
        on_change: Callable[[object], None] | None = None,
        periksa: Callable[[str], None] | None = None,
    ) -> None:
        self.workspace = workspace if isinstance(workspace, Workspace) else find_workspace(workspace)
        self.periksa = periksa
        self.config = config or load_workspace_config(self.workspace.root)
        self.tahun, self.triwulan, self.unit = tahun, triwulan, unit
        self.username = username or current_username()
        self.person = self.config.person(self.username)
        self.now = now
        self._listeners: list[Callable[[object], None]] = [on_change] if on_change else []
        lingkup = sop.lingkup_of(triwulan, unit or "")  # a reviu assignment (reviu:<OPD>) has steps of its own
        steps = [s for s in sop.langkah_dipakai(self.config.opsi_sop) if s.lingkup == lingkup
                 and (actions is None or s.aksi in actions)
                 and not s.berkas_bahan]  # notes about one workbook are taken in the material panel
        self.buttons: dict[str, widgets.Button] = {}
        for step in steps:
            button = widgets.Button(
                description=step.label,
                tooltip=f"Langkah {step.langkah} · {ROLE_LABELS[step.peran]} · "
                        f"{'mutu baku ' + step.mutu_baku.label if step.mutu_baku else sop.label_mutu(None)}",
                button_style="danger" if step.catatan_wajib else "success" if step.menyetujui else "primary",
                layout=widgets.Layout(width="auto"),
            )
            button.on_click(lambda _button, aksi=step.aksi: self.take(aksi))
            self.buttons[step.aksi] = button
        wajib = any(s.catatan_wajib for s in steps)
        self.catatan = widgets.Textarea(
            placeholder=("Catatan / disposisi (wajib bila dikembalikan untuk perbaikan)" if wajib
                         else "Catatan / disposisi (opsional)"),
            layout=widgets.Layout(width="100%", height="5em"),
        )
        pptk_options = [(f"{p.nama} ({p.unit})", p.username) for p in self.config.people_with_role("pptk")]
        self.pptk = widgets.Dropdown(options=pptk_options, description="PPTK:", layout=widgets.Layout(width="auto"))
        self.laporan = widgets.Dropdown(description="Laporan:", layout=widgets.Layout(width="auto"))
        self.unit_kerja = widgets.Dropdown(options=[(f"{u.nama} ({u.kode})", u.kode) for u in self.config.unit],
                                           description="Unit kerja:", layout=widgets.Layout(width="auto"))
        self.susun = widgets.Button(description="Susun laporan", tooltip="Jalankan notebook laporan" + (" tahunan" if triwulan is None else " triwulan"))
        self.susun.on_click(lambda _b: self.build_report())
        self.bahan: BahanPanel | None = None
        self.keadaan = widgets.HTML()
        self.tenggat = widgets.HTML()
        self.izin = widgets.HTML()
        self.pesan = widgets.HTML()
        self.last_event: Peristiwa | None = None
        self.last_error: KinerjaError | None = None
        self.percakapan = widgets.HTML()
        self.percakapan.add_class("kinerja-percakapan")
        controls: list[widgets.Widget] = []
        below: list[widgets.Widget] = []
        if any(sop.langkah(a).dari == _BAHAN_STATE for a in self.buttons) and triwulan is not None:
            self.bahan = BahanPanel(self.workspace, self.config, tahun, triwulan, username=self.username, now=self.now)
            self.bahan.on_stored = self.refresh  # a stored workbook may complete the material
            below.append(self.bahan)
        if any(sop.langkah(a).menyebut_unit for a in self.buttons):
            controls.append(self.unit_kerja)
        if _AJUKAN & self.buttons.keys():
            controls.append(widgets.HBox([self.susun, self.laporan]))
        if _TUGASKAN in self.buttons:
            controls.append(self.pptk)
        controls.append(self.catatan)
        # the decision first (a laptop screen shows it without scrolling), the material and summaries below
        super().__init__(children=[*self._header(), self.keadaan, self.tenggat, self.percakapan, *controls,
                                   widgets.HBox(list(self.buttons.values())), self.izin, self.pesan, *below])
        self.add_class("kinerja-formulir")
        self.refresh()

    def on_change(self, callback: Callable[[object], None]) -> None:
        """Call ``callback(event)`` after every recorded action (the app refreshes its pages)."""
        self._listeners.append(callback)

    def _header(self) -> list[widgets.Widget]:
        from kinerja.alur.workflow import case_label

        who = f"{self.person.nama} ({', '.join(ROLE_LABELS[r] for r in self.person.peran)})" if self.person else (
            f"{self.username} (tidak terdaftar)"
        )
        return [widgets.HTML(f"<h3>{html.escape(case_label(self.tahun, self.triwulan, self.unit))}</h3>"
                             f"<div>Pengguna: <b>{html.escape(who)}</b></div>")]

    def _case(self):
        store = Store(self.workspace.database)
        try:
            return load_case(store, self.config, self.tahun, self.triwulan, self.unit)
        finally:
            store.close()

    def _status_row(self) -> dict | None:
        rows = case_status(self.workspace, self.config, self.tahun, self.triwulan, now=self.now)
        return next((r for r in rows if r["triwulan"] == self.triwulan and r["unit"] == self.unit), None)

    def _reports(self) -> None:
        files = report_files(self.workspace, self.tahun, self.triwulan)
        options: list[tuple[str, str | None]] = [(p.name, str(p)) for p in files]
        current = self.laporan.value
        self.laporan.options = options or [("(belum ada berkas laporan: klik Susun laporan)", None)]
        if current in dict(options).values():
            self.laporan.value = current
        else:
            self.laporan.value = options[0][1] if options else None

    def refresh(self) -> None:
        """Re-read the case; enable exactly the buttons this user may press now."""
        kasus = self._case()
        self.keadaan.value = f"<div>Keadaan: <b>{html.escape(sop.keadaan(kasus.keadaan).label)}</b>" + (
            f" sejak {html.escape(when(kasus.sejak))}</div>" if kasus.sejak else "</div>")
        row = self._status_row()
        self.tenggat.value = deadline_html(self.config, row, self.now) if row and sop.aksi_dari(kasus.keadaan, self.config.opsi_sop) else ""
        self.percakapan.value = conversation_html(self.workspace, self.config, kasus)
        if _AJUKAN & self.buttons.keys():
            self._reports()
        reasons = []
        for aksi, button in self.buttons.items():
            if self.person is None:
                why = f"Pengguna '{self.username}' tidak terdaftar di konfigurasi; tidak ada aksi yang boleh diambil."
            else:
                refused = refusal(self.config, kasus, self.person, aksi, catatan="-")
                if refused is None and sop.langkah(aksi).dari == kasus.keadaan:
                    refused = prasyarat(self.workspace, self.config, kasus, aksi)  # what the step hands on
                why = str(refused) if refused else ""
            button.disabled = bool(why)
            if why and sop.langkah(aksi).dari == kasus.keadaan:
                reasons.append(f"{sop.langkah(aksi).label}: {why}")
        self.izin.value = "".join(_message(r, _BAD) for r in dict.fromkeys(reasons))
        if not reasons and all(b.disabled for b in self.buttons.values()):
            nxt = sop.aksi_dari(kasus.keadaan, self.config.opsi_sop)
            waiting = (f"menunggu '{nxt[0].label}' oleh {ROLE_LABELS[nxt[0].peran]}" if nxt else "kasus sudah selesai")
            self.izin.value = _message(
                f"Tidak ada aksi di formulir ini untuk keadaan '{sop.keadaan(kasus.keadaan).label}': {waiting}.", _INFO
            )

    def build_report(self) -> None:
        """Run the case's report (HTML, PDF when a browser is there) and show the outcome.

        It runs on the warm parts of ``kinerja layani`` when it keeps them, else as ``kinerja laporan
        triwulan`` in a child process (:mod:`kinerja.alur.susun`): the same code path as the command line.
        """
        import threading
        import time

        self.susun.disabled = True
        started = time.monotonic()
        stop = threading.Event()

        def show_progress() -> None:  # the widget updates reach the page while this handler waits for the command
            while True:
                seconds = int(time.monotonic() - started)
                self.pesan.value = _message(
                    f"Menyusun laporan… {seconds} detik berjalan (notebook laporan dijalankan, lalu HTML, PDF dan "
                    "DOCX dibuat; biasanya kurang dari satu menit).", _INFO)
                if stop.wait(1.0):
                    return

        ticker = threading.Thread(target=show_progress, name="kinerja-susun", daemon=True)
        ticker.start()
        try:
            done = self._run_report_command()
        finally:
            stop.set()
            ticker.join()
            self.susun.disabled = False
        if done.returncode == 0:
            names = ", ".join(p.name for p in report_files(self.workspace, self.tahun, self.triwulan))
            notes = " ".join(line for line in done.stderr.splitlines() if line.startswith("Catatan"))
            self.pesan.value = _message(f"Laporan disusun: {names}. {notes}".strip(), _OK)
        else:
            self.pesan.value = _message(f"Laporan gagal disusun: {_last_line(done)}", _BAD)
        self.refresh()  # a composed report may be what the submission waited for

    def _run_report_command(self):
        """The case's report (:func:`kinerja.alur.susun.susun_laporan`: on the app's warm parts when
        ``kinerja layani`` keeps them, else ``kinerja laporan`` in a child process); the finished "process".

        The same code path as the command line: before approval it publishes a DRAF, after
        approval it renders the final document from the approved set (nothing recomputed).
        """
        from kinerja.alur.susun import susun_laporan

        return susun_laporan(self.workspace, self.tahun, self.triwulan)

    def _final_missing(self) -> bool:
        """True when the case's current published report is still a DRAF."""
        from kinerja.terbitan import awaiting_final

        return awaiting_final(self.workspace.report_dir(self.tahun, self.triwulan))

    def take(self, aksi: str) -> None:
        """Take ``aksi`` (what a click does); the outcome is shown in :attr:`pesan`.

        As on the command line, the final document is rendered right after the approval (and the
        APIP reviu, when the office asks for it) and, when still missing, before documenting
        (which archives exactly that document).
        """
        step = sop.langkah(aksi, self.config.opsi_sop)
        if step.mengarsipkan and not self.unit and self._final_missing():
            done = self._run_report_command()
            if done.returncode != 0:
                self.last_error = KinerjaError(_last_line(done))
                self.pesan.value = _message(f"Ditolak: dokumen final belum dapat dibuat: {_last_line(done)}", _BAD)
                self.refresh()
                return
        attached = self.laporan.value if aksi in _AJUKAN and self.laporan.value else None
        try:
            if self.periksa is not None:
                self.periksa(aksi)
            self.last_event = act(
                self.workspace, self.config, aksi, self.tahun, self.triwulan, unit=self.unit, username=self.username,
                catatan=self.catatan.value, berkas=attached,
                penerima=(self.pptk.value if aksi == _TUGASKAN else self.unit_kerja.value if step.menyebut_unit
                          else None), now=self.now,
            )
        except KinerjaError as exc:
            self.last_error = exc
            self.pesan.value = _message(f"Ditolak: {exc}", _BAD)
        else:
            self.last_error = None
            self.catatan.value = ""
            event = self.last_event
            late = " (melewati mutu baku)" if event.terlambat else ""
            final_note = ""
            if event.ke in sop.keadaan_siap_final() and not step.mengarsipkan and not event.unit:
                done = self._run_report_command()
                final_note = (" Dokumen final dibuat, siap ditandatangani." if done.returncode == 0
                              else f" Dokumen final belum dibuat: {_last_line(done)}")
            self.pesan.value = _message(
                f"Tercatat: {step.label} oleh {event.pengguna} pada {when(event.waktu)}{late}. "
                f"Keadaan sekarang: {sop.keadaan(event.ke).label}.{final_note}", _OK,
            )
        self.refresh()
        if self.last_error is None:
            for listener in self._listeners:
                listener(self.last_event)


def _last_line(done) -> str:
    """The last line a finished ``kinerja`` child process printed (its one-sentence message)."""
    why = (done.stderr.strip() or done.stdout.strip()).splitlines()[-1:] or ["(tanpa pesan)"]
    return why[0].removeprefix("Galat: ")


def _frame_html(frame) -> str:
    shown = frame.rename(columns=lambda c: str(c)[:1].upper() + str(c)[1:].replace("_", " "))
    return shown.to_html(index=False, border=0, classes="kinerja-tabel", na_rep="", justify="left")


def report_summary(workspace: Workspace, config: Config, tahun: int, triwulan: int) -> str:
    """HTML summary for the reviewer: validation findings and the capaian table.

    Degrades gracefully: missing workbooks or a failing computation become a visible note
    instead of an error.
    """
    from kinerja.lembar.findings import has_galat, to_frame
    from kinerja.lembar.validate import validate_workbooks

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
                         + _frame_html(shown))
        from kinerja.capaian.tabel import capaian_table, display_frame

        # The one galat policy: every indicator keeps its row; a row with a galat says where.
        table = display_frame(capaian_table(dataset.data, config, triwulan, temuan=findings))
        note = ("<p><b>Baris bertanda 'tidak dihitung' memuat galat; perbaiki lembar kerjanya.</b></p>"
                if has_galat(dataset.temuan) else "")
        parts.insert(0, "<h4>Capaian kinerja</h4>" + note + _frame_html(table))
    except ImportError:
        parts.append("<p><i>Tabel capaian belum tersedia (modul capaian belum terpasang).</i></p>")
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
    from kinerja.alur.workflow import material_state, returned_unchanged

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
        if returned_unchanged(workspace, kasus) is not None and any(sop.langkah(a).dari == kasus.keadaan for a in _AJUKAN):
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
    from kinerja.terbitan import TerbitanError, current

    approvals = [e for e in events if sop.langkah(e.aksi).menyetujui]
    try:
        published = current(workspace.report_dir(tahun, triwulan))
    except TerbitanError:
        return False
    return bool(approvals and published is not None and approvals[-1].sha256
                and published.info.get("dasar") == approvals[-1].sha256)


def submitted_html(workspace: Workspace, tahun: int, triwulan: int | None, unit: str = "") -> str:
    """The report as submitted: DRAF mark until approved, file, checksum (and whether it still matches), links."""
    from kinerja.alur.archive import sha256_file

    events = history(workspace, tahun, triwulan, unit)
    submitted = [e for e in events if e.aksi in _AJUKAN]
    last_index = max((i for i, e in enumerate(events) if e.aksi in _AJUKAN), default=len(events))
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


class ReviewForm(ActionForm):
    """The Sekretaris's review (step 5) of a quarter's report or of the annual report (``triwulan`` None):
    the report as submitted, summary, earlier returns, the decision.

    Attributes:
        setujui_button: approves (on to documentation).
        kembalikan_button: returns to the PPTK; needs :attr:`catatan`.
        ringkasan: the summary (report links and checksum, capaian table, findings, earlier returns).
    """

    def __init__(self, tahun: int, triwulan: int | None, *, unit: str = "", workspace=None, config: Config | None = None,
                 username: str | None = None, now: dt.datetime | None = None, ringkasan: bool = True,
                 on_change: Callable[[object], None] | None = None, periksa: Callable[[str], None] | None = None) -> None:
        lingkup = sop.lingkup_of(triwulan, unit)  # a quarter's report, or the annual report (LKjIP)
        approve = sop.langkah_khusus(lingkup, "menyetujui")
        actions = tuple(s.aksi for s in sop.aksi_dari(approve.dari))
        self.ringkasan = widgets.HTML()
        self._summary = ""
        super().__init__(tahun, triwulan, unit=unit, workspace=workspace, config=config, username=username,
                         actions=actions, now=now, on_change=on_change, periksa=periksa)
        self.setujui_button = self.buttons[approve.aksi]
        self.kembalikan_button = self.buttons[sop.langkah_khusus(lingkup, "mengembalikan").aksi]
        self._summary = (report_summary(self.workspace, self.config, tahun, triwulan)
                         if ringkasan and triwulan is not None else "")  # the LKjIP itself is opened in its links
        self.refresh()
        self.children = [*self.children, self.ringkasan]  # type: ignore[has-type]

    def refresh(self) -> None:
        super().refresh()
        if hasattr(self, "_summary"):
            self.ringkasan.value = (submitted_html(self.workspace, self.tahun, self.triwulan, self.unit) + self._summary
                                    + returns_html(self.workspace, self.tahun, self.triwulan, self.unit, self.config))
            self.percakapan.value = ""  # the reviewer reads the thread in the summary (Riwayat pengembalian)


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
            f'<p class="kinerja-legenda" style="{_INFO}">{html.escape(STATUS_LEGEND)}</p>')


class StatusBoard(widgets.VBox):
    """Where every case of a year stands; :meth:`refresh` is called after each action of a connected form."""

    def __init__(self, tahun: int, *, workspace=None, config: Config | None = None, now: dt.datetime | None = None) -> None:
        self.workspace = workspace if isinstance(workspace, Workspace) else find_workspace(workspace)
        self.config = config or load_workspace_config(self.workspace.root)
        self.tahun, self.now = tahun, now
        self.judul = widgets.HTML()
        self.tabel = widgets.HTML()
        self.diperbarui = widgets.HTML()
        self.perbarui = widgets.Button(description="Perbarui")
        self.perbarui.on_click(lambda _b: self.refresh())
        self.rows: list[dict] = []
        super().__init__(children=[self.judul, widgets.HBox([self.perbarui, self.diperbarui]), self.tabel])
        self.add_class("kinerja-papan")
        self.refresh()

    def connect(self, form: ActionForm) -> ActionForm:
        """Refresh this board after every action recorded through ``form``; returns the form."""
        form.on_change(lambda _event: self.refresh())
        return form

    def refresh(self) -> None:
        """Re-read the database."""
        self.judul.value = f"<h3>Status alur tahun {self.tahun}</h3>"
        self.rows = case_status(self.workspace, self.config, self.tahun, now=self.now)
        self.tabel.value = status_html(self.rows)
        self.diperbarui.value = f"<span style='{_INFO}'>diperbarui {html.escape(when(self.now or office_clock(zona_of(self.config))))}</span>"


__all__ = ["ActionForm", "BahanPanel", "ReviewForm", "StatusBoard", "report_summary", "status_html",
           "ActionRefused", "Alasan"]
