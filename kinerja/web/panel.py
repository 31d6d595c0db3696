"""The role-aware panel: *Tugas saya*, *Status* and *Laporan* as tabs of one widget.

:class:`Aplikasi` is what ``kinerja layani`` shows in Voila and what ``notebooks/alur.ipynb``
shows in JupyterLab: the same classes in both. Every form in it is built from the SOP table
through :mod:`kinerja.alur.forms`; after each recorded action every page is refreshed.

Who acts is decided once, by :func:`kinerja.alur.identity.current_username` (the
Hub-authenticated user, else the operating-system user); the panel never asks for a name.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import os
from collections.abc import Callable
from pathlib import Path
from typing import Protocol
from urllib.parse import parse_qs

import ipywidgets as widgets

from kinerja.alur.forms import (
    ActionForm,
    ReviewForm,
    StatusBoard,
    deadline_html,
    report_files,
    submitted_html,
    when,
)
from kinerja.alur.identity import current_username, session_description
from kinerja.alur.konteks import KonteksKerja, store_of
from kinerja.alur.workflow import case_label, case_status, current_year, load_cases, refusal
from kinerja.config import Config
from kinerja.domain import sop
from kinerja.domain.peran import PERAN_REVIU
from kinerja.laporan.jalan.runner import check_stated_figures
from kinerja.numbers import office_clock, zona_of
from kinerja.paths import Workspace
from kinerja.web.narasi import NarasiPanel

SEMUA = 0
"""The quarter filter's value for "all quarters"."""


class Halaman(Protocol):
    """A page built above this floor and handed in (the reviewer's page, :mod:`kinerja.reviu.halaman`)."""

    widget: widgets.Widget


def reviews(config: Config, username: str) -> bool:
    """True when ``username`` has one of the APIP's roles (:data:`~kinerja.domain.peran.PERAN_REVIU`):
    whose app shows the *Reviu LKjIP* page."""
    person = config.person(username)
    return person is not None and any(person.has_role(r) for r in PERAN_REVIU)


def years_of(workspace: Workspace, today: dt.date, config: Config) -> list[int]:
    """Years offered in the year picker: those with workbooks, reports or events, and the current one."""
    years = {current_year(config, today)}
    for folder in (workspace.raw, workspace.reports):
        if folder.is_dir():
            years |= {int(p.name) for p in folder.iterdir() if p.is_dir() and p.name.isdigit() and len(p.name) == 4}
    if workspace.database.is_file():
        with store_of(workspace) as store:
            years |= {e.tahun for e in store.events() if e.tahun}  # year 0: the key registry (alur.daftar)
    return sorted(years, reverse=True)


def query_choice(environ: dict[str, str] | None = None) -> dict[str, int]:
    """``tahun``/``triwulan`` from the page address (Voila hands its query string to the kernel).

    >>> query_choice({"QUERY_STRING": "token=x&tahun=2025&triwulan=1"})
    {'tahun': 2025, 'triwulan': 1}
    >>> query_choice({"QUERY_STRING": "tahun=abc&triwulan=9"})
    {}
    """
    env = os.environ if environ is None else environ
    asked = parse_qs(env.get("QUERY_STRING", ""))
    found: dict[str, int] = {}
    for key, low, high in (("tahun", 2000, 2100), ("triwulan", 1, 4)):
        value = (asked.get(key) or [""])[0]
        if value.isdigit() and low <= int(value) <= high:
            found[key] = int(value)
    return found


def my_actions(config: Config, kasus, username: str) -> list[sop.Langkah]:
    """The steps ``username`` may take on ``kasus`` now (the workflow's own rule decides)."""
    person = config.person(username)
    if person is None:
        return []
    return [step for step in sop.aksi_dari(kasus.keadaan, config.opsi_sop)
            if person.has_role(step.peran) and refusal(config, kasus, person, step.aksi, catatan="-") is None]


class TugasSaya(widgets.VBox):
    """What the logged-in person must do now: one form per case where it is their turn.

    Attributes:
        forms: the forms shown, in case order.
        terakhir: the outcome of the last action (kept while the list is rebuilt).
    """

    def __init__(self, workspace: Workspace, config: Config, username: str, tahun: int, triwulan: int = SEMUA,
                 *, now: dt.datetime | None = None, on_change=None) -> None:
        self.workspace, self.config, self.username = workspace, config, username
        self.tahun, self.triwulan, self.now = tahun, triwulan, now
        self._on_change = on_change
        self.forms: list[ActionForm] = []
        self.terakhir = widgets.HTML()
        self.terakhir.add_class("kinerja-terakhir")
        self.daftar = widgets.VBox()
        super().__init__(children=[self.terakhir, self.daftar])
        self.add_class("kinerja-tugas")
        self.refresh()

    def _acted(self, form: ActionForm, event) -> None:
        # the form that acted, even when the list was rebuilt meanwhile (a click taken while Perbarui ran):
        # its confirmation is never lost
        self.terakhir.value = form.pesan.value
        if self._on_change:
            self._on_change(event)
        else:
            self.refresh()

    def refresh(self) -> None:
        """Rebuild the list from the database."""
        with store_of(self.workspace) as store:
            cases = load_cases(store, self.config, self.tahun)
        if self.triwulan:
            cases = [k for k in cases if k.triwulan == self.triwulan]
        self.forms = []
        moment = self.now or office_clock(zona_of(self.config))
        for kasus in cases:
            if kasus.mulai is not None and kasus.mulai > moment and not kasus.events:
                continue  # the quarter has not ended yet: not a task today
            steps = my_actions(self.config, kasus, self.username)
            if not steps:
                continue
            form: ActionForm
            periksa = functools.partial(check_stated_figures, self.workspace, self.config, self.tahun, kasus.triwulan,
                                        unit=kasus.unit, di_aplikasi=True)  # the CLI's guard, in the app's words
            if sop.sedang_diperiksa(kasus.keadaan) and not sop.opd_reviu(kasus.unit):  # a quarter's report or the LKjIP
                form = ReviewForm(self.tahun, kasus.triwulan, unit=kasus.unit, workspace=self.workspace,
                                  config=self.config, username=self.username, now=self.now, periksa=periksa)
            else:
                form = ActionForm(self.tahun, kasus.triwulan, unit=kasus.unit, workspace=self.workspace,
                                  config=self.config, username=self.username, now=self.now,
                                  actions=tuple(s.aksi for s in steps), periksa=periksa)
            form.on_change(functools.partial(self._acted, form))
            if kasus.triwulan is None and not kasus.unit and any(s.mengajukan for s in steps):  # the LKjIP being composed
                narasi = NarasiPanel(self.workspace, self.config, self.tahun, username=self.username, now=self.now)
                narasi.on_stored = form.refresh
                form.children = [*form.children, narasi]
            self.forms.append(form)
        if self.forms:
            intro = widgets.HTML(f"<h3>Tugas Anda sekarang ({len(self.forms)})</h3>")
        else:
            scope = f" untuk TW {'I II III IV'.split()[self.triwulan - 1]}" if self.triwulan else ""
            intro = widgets.HTML(f"<h3>Tidak ada tugas untuk Anda saat ini{scope} (tahun {self.tahun}).</h3>"
                                 "<div>Lihat halaman Status untuk mengetahui siapa yang bertindak berikutnya.</div>")
        self.daftar.children = [intro, *self.forms]


def formulir_pemeriksaan(tahun: int, triwulan: int | None, unit: str = "", *,
                         workspace: Workspace | str | Path | None = None) -> ReviewForm:
    """The Sekretaris's review form with the app's guards (the stated-figures check), as the panel
    builds it: what ``notebooks/review.ipynb`` shows."""
    ws = KonteksKerja.buka(workspace)
    config = ws.config
    return ReviewForm(tahun, triwulan, unit=unit, workspace=ws, config=config,
                      periksa=functools.partial(check_stated_figures, ws, config, tahun, triwulan, unit=unit,
                                                di_aplikasi=True))


class DaftarLaporan(widgets.VBox):
    """The reports of a year: for each case its files (open or download), DRAF mark and checksum.

    A Sekretaris sees the report under review opened at once.
    """

    def __init__(self, workspace: Workspace, config: Config, username: str, tahun: int, triwulan: int = SEMUA,
                 *, now: dt.datetime | None = None) -> None:
        self.workspace, self.config, self.username = workspace, config, username
        self.tahun, self.triwulan, self.now = tahun, triwulan, now
        self.baris = widgets.VBox()
        self.rincian = widgets.HTML()
        self.pratinjau = widgets.HTML()
        self.terbuka: tuple[int | None, str] | None = None
        super().__init__(children=[widgets.HTML(f"<h3>Laporan tahun {tahun}</h3>"), self.baris, self.rincian,
                                   self.pratinjau])
        self.add_class("kinerja-laporan")
        self.refresh()

    def refresh(self) -> None:
        """Re-list the reports; re-open the one being shown (or the one under review for a Sekretaris)."""
        rows = case_status(self.workspace, self.config, self.tahun, now=self.now)
        if self.triwulan:
            rows = [r for r in rows if r["triwulan"] == self.triwulan]
        person = self.config.person(self.username)
        lines = []
        for row in rows:
            files = report_files(self.workspace, self.tahun, row["triwulan"])
            names = ", ".join(p.name for p in files) or "belum ada berkas"
            button = widgets.Button(description="Buka", disabled=not files,
                                    layout=widgets.Layout(width="auto"))
            button.on_click(lambda _b, key=(row["triwulan"], row["unit"]): self.buka(*key))
            label = widgets.HTML(f"<b>{html.escape(row['kasus'])}</b> · {html.escape(row['keadaan_label'])} · "
                                 f"{html.escape(names)}")
            lines.append(widgets.HBox([button, label]))
            if (self.terbuka is None and files and sop.sedang_diperiksa(row["keadaan"]) and person
                    and person.has_role("sekretaris")):
                self.terbuka = (row["triwulan"], row["unit"])
        self.baris.children = lines or [widgets.HTML("<i>Belum ada kasus.</i>")]
        if self.terbuka is not None:
            self.buka(*self.terbuka)

    def buka(self, triwulan: int | None, unit: str = "") -> None:
        """Show the links, mark and checksum of one case's report, and the HTML report itself."""
        self.terbuka = (triwulan, unit)
        files = report_files(self.workspace, self.tahun, triwulan)
        self.rincian.value = (f"<h3>{html.escape(case_label(self.tahun, triwulan, unit))}</h3>"
                              + submitted_html(self.workspace, self.tahun, triwulan, unit))
        page = next((p for p in files if p.suffix.lower() == ".html"), None)
        self.pratinjau.value = _iframe(page) if page else ""


def _iframe(page: Path) -> str:
    """The self-contained HTML report in a sandboxed frame (no scripts run)."""
    source = html.escape(page.read_text(encoding="utf-8"), quote=True)
    return (f'<iframe class="kinerja-pratinjau" title="{html.escape(page.name)}" sandbox="" srcdoc="{source}" '
            'style="width:100%;height:900px;border:1px solid #d0d5dd;background:white"></iframe>')


class Aplikasi(widgets.VBox):
    """The whole panel: who is acting, year and quarter pickers, and the three pages as tabs.

    The reviewer's page (*Reviu LKjIP*) lives above this floor (:mod:`kinerja.reviu` reads other
    offices' documents): the app's entry (``notebooks/alur.ipynb``, which ``kinerja layani`` serves)
    hands its maker in as ``reviu``; it becomes a fourth tab for the APIP's people only
    (:func:`reviews`), whose work it is: for everyone else it would be a page they never use.

    Attributes:
        tugas: the *Tugas saya* page; status: the *Status* board; laporan: the *Laporan* page.
        reviu: the *Reviu LKjIP* page, or None (not handed in, or not this person's work).
        tab: the tabs (titles from :data:`HALAMAN`, then :data:`HALAMAN_REVIU`).
    """

    HALAMAN = ("Tugas saya", "Status", "Laporan")
    HALAMAN_REVIU = "Reviu LKjIP"

    def __init__(self, *, workspace: Workspace | str | Path | None = None, config: Config | None = None,
                 tahun: int | None = None, triwulan: int | None = None, now: dt.datetime | None = None,
                 reviu: Callable[[Config], Halaman] | None = None) -> None:
        self.workspace = KonteksKerja.buka(workspace, config=config)  # the app's one context, each action one use of it
        self.config = self.workspace.config
        with self.workspace:
            self._start(tahun, triwulan, now, reviu)

    def _start(self, tahun: int | None, triwulan: int | None, now: dt.datetime | None,
               reviu: Callable[[Config], Halaman] | None) -> None:
        self.username = current_username()
        # built once: a document being checked stays on its page when the year or quarter changes
        self.reviu = reviu(self.config) if reviu is not None and reviews(self.config, self.username) else None
        self.now = now
        today = (now or office_clock(zona_of(self.config))).date()
        years = years_of(self.workspace, today, self.config)
        asked = query_choice()
        tahun = tahun or asked.get("tahun")
        triwulan = triwulan or asked.get("triwulan")
        self.pilih_tahun = widgets.Dropdown(options=years, value=tahun if tahun in years else years[0],
                                            description="Tahun:")
        self.pilih_triwulan = widgets.Dropdown(
            options=[("Semua", SEMUA)] + [(f"TW {r}", n) for n, r in enumerate("I II III IV".split(), start=1)],
            value=triwulan or SEMUA, description="Triwulan:")
        self.identitas = widgets.HTML(
            f'<div class="kinerja-identitas" style="padding:.4em .6em;background:#f2f4f7;border-radius:4px">'
            f"{html.escape(session_description(self.config))}</div>")
        self.tab = widgets.Tab()
        self.perbarui = widgets.Button(description="Perbarui", tooltip="Baca ulang aksi orang lain dari basis data alur")
        self.perbarui.on_click(lambda _b: self.after_action())
        self.perbarui.add_class("kinerja-perbarui")
        self.versi = widgets.HTML(layout=widgets.Layout(display="none"))
        self.versi.add_class("kinerja-versi-kotak")
        self._pembaruan = 0
        self._build()
        self.pilih_tahun.observe(lambda _c: self._build(), names="value")
        self.pilih_triwulan.observe(lambda _c: self._build(), names="value")
        title = widgets.HTML(f"<h2>Alur data kinerja · {html.escape(self.config.instansi.nama)}</h2>")
        super().__init__(children=[title, self.identitas, widgets.HBox([self.pilih_tahun, self.pilih_triwulan, self.perbarui]),
                                   self.tab, self.versi])
        self.add_class("kinerja-aplikasi")

    def _build(self) -> None:
        with self.workspace:
            self._build_pages()

    def _build_pages(self) -> None:
        tahun, triwulan = self.pilih_tahun.value, self.pilih_triwulan.value
        self.tugas = TugasSaya(self.workspace, self.config, self.username, tahun, triwulan,
                               on_change=self.after_action, now=self.now)
        self.status = StatusBoard(tahun, workspace=self.workspace, config=self.config, now=self.now)
        self.laporan = DaftarLaporan(self.workspace, self.config, self.username, tahun, triwulan, now=self.now)
        selected = self.tab.selected_index or 0
        pages: list[widgets.Widget] = [self.tugas, self.status, self.laporan]
        titles = list(self.HALAMAN)
        if self.reviu is not None:
            pages.append(self.reviu.widget)
            titles.append(self.HALAMAN_REVIU)
        self.tab.children = pages
        self.tab.titles = tuple(titles)
        self.tab.selected_index = selected
        self._mark()

    def after_action(self, _event=None) -> None:
        """Refresh every page after an action (the status board included)."""
        with self.workspace:
            self.tugas.refresh()
            self.status.refresh()
            self.laporan.refresh()
            self._mark()

    def _mark(self) -> None:
        """Say, in the page, how many events of the history the pages now show (``data-peristiwa``)
        and how many times they were rebuilt (``data-pembaruan``): what a browser test waits for after
        an action or *Perbarui*, instead of a time."""
        count = 0
        if self.workspace.database.is_file():
            with store_of(self.workspace) as store:
                count = len(store.events())
        self._pembaruan += 1
        self.versi.value = f'<span class="kinerja-versi" data-peristiwa="{count}" data-pembaruan="{self._pembaruan}"></span>'



__all__ = ["Aplikasi", "DaftarLaporan", "Halaman", "reviews", "TugasSaya", "deadline_html", "formulir_pemeriksaan", "my_actions", "when"]
