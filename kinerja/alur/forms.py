"""ipywidgets forms for the SOP workflow: action forms, the review form, the upload panel, the status board.

The buttons and their texts come from :data:`kinerja.domain.sop.LANGKAH` and every click goes through
:func:`kinerja.alur.workflow.act`, exactly like ``kinerja alur``. A button the current user may not
press (wrong role, wrong state, own report) is disabled and the reason is shown on the form;
a refusal at click time (a colleague was faster, the note is missing, no signing key) is shown in red.
The HTML they show is built in :mod:`kinerja.alur.forms_html`. These classes are used by the web app
(:mod:`kinerja.web.panel`) and by ``notebooks/alur.ipynb``.

Usage in a notebook::

    from kinerja.alur.forms import ReviewForm
    ReviewForm(tahun=2025, triwulan=1)
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import ipywidgets as widgets

from kinerja.alur.archive import sha256_file
from kinerja.alur.bahan import TidakTercatat, simpan_bahan, tarik_bahan
from kinerja.alur.forms_html import (
    AJUKAN,
    BAD,
    BAHAN_STATE,
    INFO,
    OK,
    STATUS_LEGEND,
    TUGASKAN,
    conversation_html,
    deadline_html,
    download_link,
    frame_html,
    last_line,
    message_html,
    report_files,
    report_summary,
    returns_html,
    status_html,
    submitted_html,
    when,
)
from kinerja.alur.identity import current_username
from kinerja.alur.konteks import KonteksKerja, store_of
from kinerja.alur.kunci import KunciError, untuk_peramban
from kinerja.alur.store import Peristiwa
from kinerja.alur.susun import susun_laporan
from kinerja.alur.workflow import ActionRefused, Alasan, act, case_label, case_status, load_case, prasyarat, refusal
from kinerja.config import Config
from kinerja.domain import sop
from kinerja.domain.peran import ROLE_LABELS
from kinerja.errors import KinerjaError
from kinerja.numbers import office_clock, zona_of
from kinerja.paths import Workspace
from kinerja.terbitan import awaiting_final

_log = logging.getLogger("kinerja.aplikasi")


def server_log(text: str) -> None:
    """Write ``text`` to the log of the server running this page (the kernel's own stderr: ``kinerja
    layani``'s output, the JupyterHub single-user server's log), never into the page."""
    if not _log.handlers:
        handler = logging.StreamHandler(sys.__stderr__ or sys.stderr)  # sys.stderr is the page's, in a kernel
        handler.setFormatter(logging.Formatter("[kinerja %(asctime)s] %(message)s"))
        _log.addHandler(handler)
        _log.propagate = False
    _log.warning(text)


def _key_refusal(exc: BaseException | None) -> bool:
    """True when ``exc`` (or the refusal it wraps) is about the signing key."""
    while exc is not None:
        if isinstance(exc, KunciError) or (isinstance(exc, ActionRefused) and exc.reason == Alasan.KUNCI):
            return True
        exc = exc.__cause__
    return False


def refusal_text(exc: KinerjaError, username: str) -> str:
    """``Ditolak: …`` as the page shows a refusal. A signing-key refusal names server paths and the admin's
    command (right for the command line): the page says instead what is wrong and whom to ask
    (:func:`kinerja.alur.kunci.untuk_peramban`), the details go to :func:`server_log`."""
    if not _key_refusal(exc):
        return f"Ditolak: {exc}"
    server_log(f"Aksi pengguna '{username}' ditolak karena kunci tanda tangan: {exc}")
    stored = f"{exc.nama} tidak disimpan. " if isinstance(exc, TidakTercatat) and exc.nama else ""
    return f"Ditolak: {stored}{untuk_peramban(username)}"


BELUM_ADA_LAPORAN = "(belum ada berkas laporan: klik Susun laporan)"
"""What the submission's report list shows before a report is composed."""

PILIH_TARIK = "— pilih lembar kerja —"
"""The withdrawal list's first entry: no workbook is chosen for the analyst."""


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
        stored = self.workspace.quarter_workbooks(self.tahun, self.triwulan)
        rows = "".join(
            f"<li>{download_link(p.name, p.read_bytes(), p.name)} · SHA-256 <code>{sha256_file(p)[:16]}…</code></li>"
            for p in stored)
        self.daftar.value = (f"<div>Tersimpan ({len(stored)}):<ul>{rows}</ul></div>" if stored
                             else "<div><i>Belum ada lembar kerja tersimpan untuk triwulan ini.</i></div>")
        # nothing chosen until the analyst chooses: a withdrawal is never of a workbook picked for her
        self.pilih_tarik.options = [(PILIH_TARIK, ""), *((p.name, p.name) for p in stored)]
        self.pilih_tarik.value = ""
        self.tarik.disabled = not stored

    def withdraw(self, nama: str | None, alasan: str) -> None:
        """Withdraw a stored workbook with a reason (a signed event; the file is kept aside)."""
        if not nama:
            self.hasil.value = message_html("Ditolak: pilih dahulu lembar kerja yang akan ditarik pada daftar 'Tarik:', "
                                            "lalu tulis alasannya. Tidak ada yang ditarik.", BAD)
            return
        try:
            tarik_bahan(self.workspace, self.config, self.tahun, self.triwulan, nama, alasan, username=self.username,
                        now=self.now)
        except KinerjaError as exc:
            self.hasil.value = message_html(refusal_text(exc, self.username or current_username()), BAD)
            return
        self.hasil.value = message_html(f"{nama} ditarik dari bahan laporan (tercatat dengan alasannya; berkasnya tetap "
                                    "disimpan).", OK)
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
        parts, self.results = [], []
        for name, content in files:
            try:  # stored and recorded, or neither (a store that cannot be recorded is taken back out)
                result = simpan_bahan(self.workspace, self.config, self.tahun, self.triwulan, name, content,
                                      ganti=self.ganti.value, username=self.username, now=self.now)
            except KinerjaError as exc:
                parts.append(message_html(refusal_text(exc, self.username or current_username()), BAD))
                continue
            self.results.append(result)
            parts.append(message_html(result.pesan, BAD if result.galat else OK))
            if not result.temuan.empty:
                shown = result.temuan[["tingkat", "lembar", "sel", "kolom", "pesan"]]
                parts.append(f"<h4>Temuan pada {html.escape(result.nama)} ({result.galat} galat, "
                             f"{len(shown) - result.galat} peringatan)</h4>" + frame_html(shown))
            parts.append("<div>Salinan bertanda (sel bermasalah disorot dan diberi komentar): "
                         + download_link(result.nama_bertanda, result.bertanda, kelas="kinerja-bertanda") + "</div>")
            if result.lain:
                parts.append(message_html("Lembar kerja lain triwulan ini masih memiliki galat: "
                                      + ", ".join(result.lain), INFO))
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
        self.workspace = KonteksKerja.buka(workspace, config=config)  # one context for the form and its actions
        self.periksa = periksa
        self.config = self.workspace.config
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
        if any(sop.langkah(a).dari == BAHAN_STATE for a in self.buttons) and triwulan is not None:
            self.bahan = BahanPanel(self.workspace, self.config, tahun, triwulan, username=self.username, now=self.now)
            self.bahan.on_stored = self.refresh  # a stored workbook may complete the material
            below.append(self.bahan)
        if any(sop.langkah(a).menyebut_unit for a in self.buttons):
            controls.append(self.unit_kerja)
        if AJUKAN & self.buttons.keys():
            controls.append(widgets.HBox([self.susun, self.laporan]))
        if TUGASKAN in self.buttons:
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
        who = f"{self.person.nama} ({', '.join(ROLE_LABELS[r] for r in self.person.peran)})" if self.person else (
            f"{self.username} (tidak terdaftar)"
        )
        return [widgets.HTML(f"<h3>{html.escape(case_label(self.tahun, self.triwulan, self.unit))}</h3>"
                             f"<div>Pengguna: <b>{html.escape(who)}</b></div>")]

    def _case(self):
        with store_of(self.workspace) as store:
            return load_case(store, self.config, self.tahun, self.triwulan, self.unit)

    def _status_row(self) -> dict | None:
        rows = case_status(self.workspace, self.config, self.tahun, self.triwulan, now=self.now)
        return next((r for r in rows if r["triwulan"] == self.triwulan and r["unit"] == self.unit), None)

    def _reports(self) -> None:
        files = report_files(self.workspace, self.tahun, self.triwulan)
        options: list[tuple[str, str]] = [(p.name, str(p)) for p in files]
        current = self.laporan.value
        # a value of its own (a None value would show an empty list: ipywidgets reads None as "nothing chosen")
        self.laporan.options = options or [(BELUM_ADA_LAPORAN, "")]
        if current in dict(options).values():
            self.laporan.value = current
        else:
            self.laporan.value = options[0][1] if options else ""

    def refresh(self) -> None:
        """Re-read the case; enable exactly the buttons this user may press now."""
        with self.workspace:  # one store for the whole refresh
            self._refresh()

    def _refresh(self) -> None:
        kasus = self._case()
        self.keadaan.value = f"<div>Keadaan: <b>{html.escape(sop.keadaan(kasus.keadaan).label)}</b>" + (
            f" sejak {html.escape(when(kasus.sejak))}</div>" if kasus.sejak else "</div>")
        row = self._status_row()
        self.tenggat.value = deadline_html(self.config, row, self.now) if row and sop.aksi_dari(kasus.keadaan, self.config.opsi_sop) else ""
        self.percakapan.value = conversation_html(self.workspace, self.config, kasus)
        if AJUKAN & self.buttons.keys():
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
        self.izin.value = "".join(message_html(r, BAD) for r in dict.fromkeys(reasons))
        if not reasons and all(b.disabled for b in self.buttons.values()):
            nxt = sop.aksi_dari(kasus.keadaan, self.config.opsi_sop)
            waiting = (f"menunggu '{nxt[0].label}' oleh {ROLE_LABELS[nxt[0].peran]}" if nxt else "kasus sudah selesai")
            self.izin.value = message_html(
                f"Tidak ada aksi di formulir ini untuk keadaan '{sop.keadaan(kasus.keadaan).label}': {waiting}.", INFO
            )

    def build_report(self) -> None:
        """Run the case's report (HTML, PDF when a browser is there) and show the outcome.

        It runs on the warm parts of ``kinerja layani`` when it keeps them, else as ``kinerja laporan
        triwulan`` in a child process (:mod:`kinerja.alur.susun`): the same code path as the command line.
        """
        self.susun.disabled = True
        started = time.monotonic()
        stop = threading.Event()

        def show_progress() -> None:  # the widget updates reach the page while this handler waits for the command
            while True:
                seconds = int(time.monotonic() - started)
                self.pesan.value = message_html(
                    f"Menyusun laporan… {seconds} detik berjalan (notebook laporan dijalankan, lalu HTML, PDF dan "
                    "DOCX dibuat; biasanya kurang dari satu menit).", INFO)
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
            self.pesan.value = message_html(f"Laporan disusun: {names}. {notes}".strip(), OK)
        else:
            self.pesan.value = message_html(f"Laporan gagal disusun: {last_line(done)}", BAD)
        self.refresh()  # a composed report may be what the submission waited for

    def _run_report_command(self):
        """The case's report (:func:`kinerja.alur.susun.susun_laporan`: on the app's warm parts when
        ``kinerja layani`` keeps them, else ``kinerja laporan`` in a child process); the finished "process".

        The same code path as the command line: before approval it publishes a DRAF, after
        approval it renders the final document from the approved set (nothing recomputed).
        """
        return susun_laporan(self.workspace, self.tahun, self.triwulan, batas_waktu=self.config.batas.batas_waktu_susun)

    def _final_missing(self) -> bool:
        """True when the case's current published report is still a DRAF."""
        return awaiting_final(self.workspace.report_dir(self.tahun, self.triwulan))

    def take(self, aksi: str) -> None:
        """Take ``aksi`` (what a click does); the outcome is shown in :attr:`pesan`.

        As on the command line, the final document is rendered right after the approval (and the
        APIP reviu, when the office asks for it) and, when still missing, before documenting
        (which archives exactly that document).
        """
        with self.workspace:  # one store for the action and the refresh after it
            self._take(aksi)

    def _take(self, aksi: str) -> None:
        step = sop.langkah(aksi, self.config.opsi_sop)
        if step.mengarsipkan and not self.unit and self._final_missing():
            done = self._run_report_command()
            if done.returncode != 0:
                self.last_error = KinerjaError(last_line(done))
                self.pesan.value = message_html(f"Ditolak: dokumen final belum dapat dibuat: {last_line(done)}", BAD)
                self.refresh()
                return
        attached = self.laporan.value if aksi in AJUKAN and self.laporan.value else None
        try:
            if self.periksa is not None:
                self.periksa(aksi)
            self.last_event = act(
                self.workspace, self.config, aksi, self.tahun, self.triwulan, unit=self.unit, username=self.username,
                catatan=self.catatan.value, berkas=attached,
                penerima=(self.pptk.value if aksi == TUGASKAN else self.unit_kerja.value if step.menyebut_unit
                          else None), now=self.now,
            )
        except KinerjaError as exc:
            self.last_error = exc
            self.pesan.value = message_html(refusal_text(exc, self.username), BAD)
        else:
            self.last_error = None
            self.catatan.value = ""
            event = self.last_event
            late = " (melewati mutu baku)" if event.terlambat else ""
            final_note = ""
            if event.ke in sop.keadaan_siap_final() and not step.mengarsipkan and not event.unit:
                done = self._run_report_command()
                final_note = (" Dokumen final dibuat, siap ditandatangani." if done.returncode == 0
                              else f" Dokumen final belum dibuat: {last_line(done)}")
            self.pesan.value = message_html(
                f"Tercatat: {step.label} oleh {event.pengguna} pada {when(event.waktu)}{late}. "
                f"Keadaan sekarang: {sop.keadaan(event.ke).label}.{final_note}", OK,
            )
        self.refresh()
        if self.last_error is None:
            for listener in self._listeners:
                listener(self.last_event)


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


class StatusBoard(widgets.VBox):
    """Where every case of a year stands; :meth:`refresh` is called after each action of a connected form."""

    def __init__(self, tahun: int, *, workspace=None, config: Config | None = None, now: dt.datetime | None = None) -> None:
        self.workspace = KonteksKerja.buka(workspace, config=config)
        self.config = self.workspace.config
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
        with self.workspace:
            self.rows = case_status(self.workspace, self.config, self.tahun, now=self.now)
        self.tabel.value = status_html(self.rows)
        self.diperbarui.value = f"<span style='{INFO}'>diperbarui {html.escape(when(self.now or office_clock(zona_of(self.config))))}</span>"


__all__ = ["ActionForm", "BahanPanel", "ReviewForm", "StatusBoard", "report_summary", "status_html",
           "ActionRefused", "Alasan",
           # handed on from kinerja.alur.forms_html, where they live
           "STATUS_LEGEND", "deadline_html", "download_link", "report_files", "submitted_html", "when"]
