"""ipywidgets forms for the SOP workflow: one action form per case, the review form, a status board.

The buttons are derived from :data:`kinerja.alur.sop.LANGKAH` and every click goes through
:func:`kinerja.alur.workflow.act`, exactly like ``kinerja alur``. A button the current user may not
press (wrong role, wrong state, own report) is disabled and the reason is shown on the form;
a refusal at click time (a colleague was faster, the note is missing) is shown in red.

Usage in a notebook::

    from kinerja.alur.forms import ReviewForm
    ReviewForm(tahun=2025, triwulan=1)
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

import ipywidgets as widgets

from kinerja.alur import sop
from kinerja.alur.identity import current_username
from kinerja.alur.store import Peristiwa, Store
from kinerja.alur.workflow import ActionRefused, Alasan, act, case_status, history, load_case, refusal
from kinerja.config import Config, load_workspace_config
from kinerja.errors import KinerjaError
from kinerja.paths import Workspace, find_workspace
from kinerja.peran import ROLE_LABELS

_OK = "color:#1a7f37"
_BAD = "color:#b42318"
_INFO = "color:#475467"


def _message(text: str, style: str) -> str:
    return f'<div style="{style};font-weight:600">{html.escape(text)}</div>'


class ActionForm(widgets.VBox):
    """Buttons for the actions of one case, enabled according to the user's role and the state.

    Attributes:
        buttons: ``{aksi: widgets.Button}`` for every action of the case's scope.
        catatan: note text area (mandatory for a return).
        pptk: dropdown of PPTKs for the assigning step.
        berkas: optional path of a file to attach (its checksum is recorded).
        pesan: where results and refusals are shown.
        last_event: the event written by the last successful click.
        last_error: the last refusal (an :class:`~kinerja.errors.KinerjaError`), or None.
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
    ) -> None:
        self.workspace = workspace if isinstance(workspace, Workspace) else find_workspace(workspace)
        self.config = config or load_workspace_config(self.workspace.root)
        self.tahun, self.triwulan, self.unit = tahun, triwulan, unit
        self.username = username or current_username()
        self.person = self.config.person(self.username)
        self.now = now
        lingkup = sop.lingkup_of(triwulan)
        steps = [s for s in sop.LANGKAH if s.lingkup == lingkup and (actions is None or s.aksi in actions)]
        self.buttons: dict[str, widgets.Button] = {}
        for step in steps:
            button = widgets.Button(
                description=step.label,
                tooltip=f"Langkah {step.langkah} · {ROLE_LABELS[step.peran]} · mutu baku {step.mutu_baku.label}",
                button_style="danger" if step.catatan_wajib else "success" if step.aksi == "setujui" else "primary",
                layout=widgets.Layout(width="auto"),
            )
            button.on_click(lambda _button, aksi=step.aksi: self.take(aksi))
            self.buttons[step.aksi] = button
        self.catatan = widgets.Textarea(
            placeholder="Catatan / disposisi (wajib bila dikembalikan untuk perbaikan)",
            layout=widgets.Layout(width="100%", height="5em"),
        )
        pptk_options = [(f"{p.nama} ({p.unit})", p.username) for p in self.config.people_with_role("pptk")]
        self.pptk = widgets.Dropdown(options=pptk_options, description="PPTK:")
        self.berkas = widgets.Text(placeholder="jalur berkas lampiran (opsional)", description="Berkas:")
        self.keadaan = widgets.HTML()
        self.izin = widgets.HTML()
        self.pesan = widgets.HTML()
        self.last_event: Peristiwa | None = None
        self.last_error: KinerjaError | None = None
        controls = [self.catatan]
        if "tugaskan" in self.buttons:
            controls.append(self.pptk)
        controls.append(self.berkas)
        super().__init__(children=[*self._header(), self.keadaan, *controls,
                                   widgets.HBox(list(self.buttons.values())), self.izin, self.pesan])
        self.refresh()

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

    def refresh(self) -> None:
        """Re-read the case; enable exactly the buttons this user may press now."""
        kasus = self._case()
        self.keadaan.value = f"<div>Keadaan: <b>{html.escape(sop.keadaan(kasus.keadaan).label)}</b></div>"
        reasons = []
        for aksi, button in self.buttons.items():
            if self.person is None:
                why = f"Pengguna '{self.username}' tidak terdaftar di konfigurasi; tidak ada aksi yang boleh diambil."
            else:
                refused = refusal(self.config, kasus, self.person, aksi, catatan="-")
                why = str(refused) if refused else ""
            button.disabled = bool(why)
            if why and sop.langkah(aksi).dari == kasus.keadaan:
                reasons.append(f"{sop.langkah(aksi).label}: {why}")
        self.izin.value = "".join(_message(r, _BAD) for r in dict.fromkeys(reasons))
        if not reasons and all(b.disabled for b in self.buttons.values()):
            nxt = sop.aksi_dari(kasus.keadaan)
            waiting = (f"menunggu '{nxt[0].label}' oleh {ROLE_LABELS[nxt[0].peran]}" if nxt else "kasus sudah selesai")
            self.izin.value = _message(
                f"Tidak ada aksi di formulir ini untuk keadaan '{sop.keadaan(kasus.keadaan).label}': {waiting}.", _INFO
            )

    def take(self, aksi: str) -> None:
        """Take ``aksi`` (what a click does); the outcome is shown in :attr:`pesan`."""
        try:
            event = self.last_event = act(
                self.workspace, self.config, aksi, self.tahun, self.triwulan, unit=self.unit, username=self.username,
                catatan=self.catatan.value, berkas=self.berkas.value.strip() or None,
                penerima=self.pptk.value if aksi == "tugaskan" else None, now=self.now,
            )
        except KinerjaError as exc:
            self.last_error = exc
            self.pesan.value = _message(f"Ditolak: {exc}", _BAD)
        else:
            self.last_error = None
            self.catatan.value = ""
            self.pesan.value = _message(
                f"Tercatat: {sop.langkah(aksi).label} oleh {event.pengguna} pada {_when(event.waktu)}. "
                f"Keadaan sekarang: {sop.keadaan(event.ke).label}.", _OK,
            )
        self.refresh()


def _frame_html(frame) -> str:
    return frame.to_html(index=False, border=0, classes="kinerja-tabel", na_rep="")


def report_summary(workspace: Workspace, config: Config, tahun: int, triwulan: int) -> str:
    """HTML summary for the reviewer: validation findings and the capaian table.

    Degrades gracefully: missing workbooks, modules not installed or a failing computation
    become a visible note instead of an error.
    """
    parts = []
    raw = workspace.raw_for(tahun, triwulan)
    try:
        from kinerja.lembar.findings import has_galat, to_frame
        from kinerja.lembar.validate import validate_workbooks
    except ImportError:
        return "<p><i>Ringkasan capaian dan temuan validasi belum tersedia (modul validasi belum terpasang).</i></p>"
    if not raw.is_dir():
        return f"<p><i>Belum ada lembar kerja di {html.escape(str(raw))}.</i></p>"
    try:
        dataset = validate_workbooks([raw], config, tahun=tahun, triwulan=triwulan)
        findings = to_frame(dataset.temuan)
        if findings.empty:
            parts.append(f"<h4>Temuan validasi</h4><p>Tidak ada temuan pada {len(dataset.files)} berkas.</p>")
        else:
            galat = int((findings["tingkat"] == "galat").sum())
            parts.append(f"<h4>Temuan validasi ({galat} galat, {len(findings) - galat} peringatan)</h4>"
                         + _frame_html(findings))
        if has_galat(dataset.temuan):
            parts.append("<p><b>Capaian tidak dihitung: lembar kerja masih memiliki galat.</b></p>")
        else:
            from kinerja.capaian.tabel import capaian_table, display_frame

            table = display_frame(capaian_table(dataset.data, config, triwulan))
            parts.insert(0, "<h4>Capaian kinerja</h4>" + _frame_html(table))
    except ImportError:
        parts.append("<p><i>Tabel capaian belum tersedia (modul capaian belum terpasang).</i></p>")
    except Exception as exc:  # noqa: BLE001 - the reviewer must still be able to decide
        parts.append(f"<p><i>Ringkasan tidak dapat dibuat: {html.escape(str(exc))}</i></p>")
    return "".join(parts)


def returns_html(workspace: Workspace, tahun: int, triwulan: int | None, unit: str = "") -> str:
    """HTML list of the earlier returns for correction of a case."""
    returns = [e for e in history(workspace, tahun, triwulan, unit) if e.aksi == "kembalikan"]
    if not returns:
        return "<h4>Riwayat pengembalian</h4><p>Belum pernah dikembalikan.</p>"
    items = "".join(
        f"<li>{html.escape(e.waktu)} oleh <b>{html.escape(e.pengguna)}</b>: {html.escape(e.catatan)}</li>" for e in returns
    )
    return f"<h4>Riwayat pengembalian ({len(returns)} kali)</h4><ol>{items}</ol>"


class ReviewForm(ActionForm):
    """The Sekretaris's review (step 5): report summary, earlier returns, "Setujui" / "Kembalikan".

    Attributes:
        setujui_button: approves (on to documentation).
        kembalikan_button: returns to the PPTK; needs :attr:`catatan`.
        ringkasan: the summary (capaian table, findings, report files, earlier returns).
    """

    def __init__(self, tahun: int, triwulan: int, *, unit: str = "", workspace=None, config: Config | None = None,
                 username: str | None = None, now: dt.datetime | None = None, ringkasan: bool = True) -> None:
        actions = tuple(s.aksi for s in sop.aksi_dari("pemeriksaan"))
        self.ringkasan = widgets.HTML()
        self._summary = ""
        super().__init__(tahun, triwulan, unit=unit, workspace=workspace, config=config, username=username,
                         actions=actions, now=now)
        self.setujui_button = self.buttons["setujui"]
        self.kembalikan_button = self.buttons["kembalikan"]
        self.berkas.layout.display = "none"
        summary = report_summary(self.workspace, self.config, tahun, triwulan) if ringkasan else ""
        reports = sorted(p.name for p in self.workspace.report_dir(tahun, triwulan).glob("*") if p.is_file())
        files = ("<h4>Berkas laporan</h4><p>" + html.escape(", ".join(reports)) + "</p>") if reports else (
            "<h4>Berkas laporan</h4><p><i>Belum ada berkas laporan.</i></p>")
        self._summary = summary + files
        self.refresh()
        children = list(self.children)  # type: ignore[has-type]
        self.children = [children[0], self.ringkasan, *children[1:]]

    def refresh(self) -> None:
        super().refresh()
        if hasattr(self, "_summary"):
            self.ringkasan.value = self._summary + returns_html(self.workspace, self.tahun, self.triwulan, self.unit)


def _when(value: str | None) -> str:
    from kinerja.numbers import format_datetime

    return format_datetime(dt.datetime.fromisoformat(value)) if value else "-"


def status_html(rows: list[dict]) -> str:
    """The status rows as an HTML table (late cases in red)."""
    head = "".join(f"<th>{h}</th>" for h in ("Kasus", "Keadaan", "Bertindak berikutnya", "Sejak", "Tenggat",
                                              "Terlambat", "Dikembalikan"))
    body = []
    for r in rows:
        style = ' style="color:#b42318"' if r["terlambat"] or r["kasus_terlambat"] else ""
        cells = (r["kasus"], r["keadaan_label"], r["pelaksana_berikut"] or "-", _when(r["sejak"]), _when(r["tenggat"]),
                 "YA" if r["terlambat"] else "tidak", r["jumlah_pengembalian"])
        body.append(f"<tr{style}>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in cells) + "</tr>")
    return f'<table class="kinerja-status"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


class StatusBoard(widgets.VBox):
    """Where every case of a year stands, with a refresh button."""

    def __init__(self, tahun: int, *, workspace=None, config: Config | None = None, now: dt.datetime | None = None) -> None:
        self.workspace = workspace if isinstance(workspace, Workspace) else find_workspace(workspace)
        self.config = config or load_workspace_config(self.workspace.root)
        self.tahun, self.now = tahun, now
        self.tabel = widgets.HTML()
        self.perbarui = widgets.Button(description="Perbarui", icon="refresh")
        self.perbarui.on_click(lambda _b: self.refresh())
        self.rows: list[dict] = []
        super().__init__(children=[widgets.HTML(f"<h3>Status alur tahun {tahun}</h3>"), self.perbarui, self.tabel])
        self.refresh()

    def refresh(self) -> None:
        """Re-read the database."""
        self.rows = case_status(self.workspace, self.config, self.tahun, now=self.now)
        self.tabel.value = status_html(self.rows)


__all__ = ["ActionForm", "ReviewForm", "StatusBoard", "report_summary", "status_html", "ActionRefused", "Alasan"]
