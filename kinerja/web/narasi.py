"""The LKjIP's narasi in the browser: download it (a draft written from the approved quarters when
there is none yet), fill it in Word or LibreOffice, upload it back (checked before it is stored).

Shown on the Kasubag Perencanaan's annual task (:class:`kinerja.web.panel.TugasSaya`) while the
annual report is being composed; "Susun laporan" then composes the report with it. The files are
:mod:`kinerja.laporan.bagian.narasi`'s (draft, checked store) and
:mod:`kinerja.laporan.model.narasi`'s (where the narasi lives); nothing here decides a rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import ipywidgets as widgets

from kinerja.alur.forms import download_link, refusal_text
from kinerja.alur.forms_html import BAD, OK, message_html
from kinerja.alur.identity import current_username
from kinerja.config import Config
from kinerja.errors import KinerjaError
from kinerja.laporan.bagian.narasi import narasi_draf, simpan_narasi
from kinerja.laporan.model.narasi import docx_path
from kinerja.paths import Workspace


class NarasiPanel(widgets.VBox):
    """Download and upload of ``narasi-<tahun>.docx``.

    Attributes:
        unduh: the download link of the current narasi (or why there is none).
        buat: writes the draft from the approved quarters when there is no narasi yet.
        unggah: the file chooser for the filled narasi (.docx).
        hasil: the outcome of the last draft or upload.
        on_stored: called after a narasi was stored (the form shows that the report must be recomposed).
    """

    def __init__(self, workspace: Workspace, config: Config, tahun: int, *, username: str | None = None,
                 now: dt.datetime | None = None) -> None:
        self.workspace, self.config, self.tahun, self.now = workspace, config, tahun, now
        self.username = username or current_username()
        self.unduh = widgets.HTML()
        self.unduh.add_class("kinerja-narasi-unduh")
        self.buat = widgets.Button(description="Buat draf narasi", layout=widgets.Layout(width="auto"),
                                   tooltip="Tulis draf narasi dari keempat triwulan yang disetujui")
        self.buat.on_click(lambda _b: self.draft())
        self.unggah = widgets.FileUpload(accept=".docx", multiple=False, description="Unggah narasi yang sudah diisi",
                                         layout=widgets.Layout(width="auto"))
        self.unggah.observe(self._on_upload, names="value")
        self.hasil = widgets.HTML()
        self.hasil.add_class("kinerja-narasi-hasil")
        self.on_stored: Callable[[], None] | None = None
        super().__init__(children=[
            widgets.HTML(f"<h4>Narasi LKjIP {tahun}</h4><div>Unduh narasi, isi teks di bawah setiap judul di Word atau "
                         "LibreOffice (angka ditulis sebagai bidang, mis. <code>{{ capaian_rata_rata }}</code>, agar selalu "
                         "sama dengan tabel), lalu unggah kembali dan klik <b>Susun laporan</b>. Narasi yang diganti tetap "
                         "disimpan.</div>"),
            self.unduh, widgets.HBox([self.buat, self.unggah]), self.hasil,
        ])
        self.add_class("kinerja-narasi")
        self._show()

    def _show(self) -> None:
        path = docx_path(self.workspace.root, self.tahun)
        if path.is_file():
            self.unduh.value = "<div>Narasi tersimpan: " + download_link(path.name, path.read_bytes(),
                                                                          f"Unduh {path.name}") + "</div>"
        else:
            self.unduh.value = ("<div><i>Belum ada narasi untuk tahun ini: klik <b>Buat draf narasi</b> (ditulis dari "
                                "triwulan yang sudah disetujui).</i></div>")
        self.buat.disabled = path.is_file()

    def draft(self) -> None:
        """Write the draft narasi from the approved quarters (never over an existing one)."""
        try:
            _path, open_quarters = narasi_draf(self.workspace, self.config, self.tahun)
        except KinerjaError as exc:
            self.hasil.value = message_html(f"Draf narasi belum dapat dibuat: {exc}", BAD)
            return
        note = (" Perhatian: " + ", ".join(open_quarters) + " belum disetujui Sekretaris.") if open_quarters else ""
        self.hasil.value = message_html(f"Draf narasi dibuat dari triwulan yang disetujui; unduh, isi, lalu unggah kembali.{note}",
                                    OK)
        self._show()

    def _on_upload(self, change) -> None:
        files = change["new"]
        if not files:
            return
        self.receive(files[0]["name"], bytes(files[0]["content"]))
        self.unggah.value = ()

    def receive(self, nama: str, isi: bytes) -> None:
        """Check, store and record an uploaded narasi (a signed ``simpan_narasi`` event, or nothing stored);
        show the outcome (the guidance texts still in it, named)."""
        try:
            _path, petunjuk = simpan_narasi(self.workspace, self.config, self.tahun, nama, isi, username=self.username,
                                            now=self.now)
        except KinerjaError as exc:
            self.hasil.value = message_html(refusal_text(exc, self.username), BAD)
            return
        parts = [message_html(f"Narasi {nama} disimpan dan dicatat untuk laporan tahunan {self.tahun}. Klik 'Susun laporan' agar laporan "
                          "tahunan memakai narasi ini.", OK)]
        if petunjuk:
            parts.append(message_html("Dokumen final akan ditolak selama teks petunjuk ini masih ada:\n"
                                  + "\n".join(f"- {p}" for p in petunjuk), BAD))
        self.hasil.value = "".join(parts)
        self._show()
        if self.on_stored is not None:
            self.on_stored()


__all__ = ["NarasiPanel"]
