"""The reviewer's page in the web app (issue 20, item 5): upload another office's LKjIP, see the verdicts.

:class:`HalamanReviu` is an ipywidgets page: the reviewer uploads the office's documents (.docx, .xlsx, .ods,
text PDF); they are read and checked by the same :func:`kinerja.reviu.periksa.reviu` as ``kinerja reviu``
(the workspace's scales and bands), and the page shows the count per verdict, every row that does not match
or was not computed with its file, page (or sheet), table and row, and the other findings. A document that
cannot be read is one sentence, never a traceback. Nothing is stored: the uploads live in a temporary folder
for the check only (the assignment case stores its papers through ``kinerja penugasan-reviu``).
"""

from __future__ import annotations

import html
import tempfile
from pathlib import Path
from typing import Any

import ipywidgets as widgets
from IPython.display import display

from kinerja.config import DEFAULT_PREDIKAT, DEFAULT_SKALA, Batas
from kinerja.errors import KinerjaError
from kinerja.reviu.periksa import Aturan, HasilReviu, reviu
from kinerja.reviu.temuan import PEMBULATAN, SESUAI, TIDAK_DAPAT_DIHITUNG, TIDAK_SESUAI

TERIMA = ".docx,.xlsx,.ods,.pdf"
_LABEL = {SESUAI: "sesuai", PEMBULATAN: "pembulatan", TIDAK_SESUAI: "tidak sesuai", TIDAK_DAPAT_DIHITUNG: "tidak dapat dihitung"}


def _tempat(b: Any) -> str:
    where = f"lembar {b.lembar}" if getattr(b, "lembar", None) is not None else (
        f"hal. {b.halaman}" if getattr(b, "halaman", None) else "")
    return ", ".join(x for x in (b.berkas, where, b.tabel or "", f"baris {b.baris}" if b.baris else "") if x)


def ringkasan_html(hasil: HasilReviu) -> str:
    """The verdicts as HTML: counts, the rows that do not match (or were not computed) with their place, findings."""
    counts = {s: sum(1 for b in hasil.baris if b.status == s) for s in _LABEL}
    head = (f"<p><b>{len(hasil.baris)} baris capaian dibaca</b>: " + ", ".join(f"{n} {_LABEL[s]}" for s, n in counts.items())
            + ".</p>")
    rows = [b for b in hasil.baris if b.status in (TIDAK_SESUAI, TIDAK_DAPAT_DIHITUNG)]
    parts = [head]
    if rows:
        cells = "".join(
            f"<tr><td>{html.escape(_tempat(b))}</td><td>{html.escape(b.indikator)}</td><td>{html.escape(b.target)}</td>"
            f"<td>{html.escape(b.realisasi)}</td><td>{'' if b.capaian_tercetak is None else b.capaian_tercetak}</td>"
            f"<td>{'' if b.capaian_hitung is None else round(b.capaian_hitung, 2)}</td><td>{_LABEL[b.status]}</td>"
            f"<td>{html.escape(b.pesan)}</td></tr>" for b in rows)
        parts.append("<table class='kinerja-reviu'><tr><th>Tempat</th><th>Indikator</th><th>Target</th><th>Realisasi</th>"
                     f"<th>Tercetak</th><th>Hitung</th><th>Hasil</th><th>Keterangan</th></tr>{cells}</table>")
    else:
        parts.append("<p>Semua baris capaian sesuai (atau hanya berbeda karena pembulatan).</p>")
    other = [t for t in hasil.temuan if t.status == TIDAK_SESUAI]
    if other:
        parts.append("<p><b>Temuan lain</b></p><ul>" + "".join(
            f"<li>{html.escape(t.berkas)}{f', hal. {t.halaman}' if t.halaman else ''}: {html.escape(t.pesan)}</li>"
            for t in other) + "</ul>")
    return "".join(parts)


class HalamanReviu:
    """Upload documents, see the verdicts. ``config``: the workspace's (its scales and bands), or None: defaults."""

    def __init__(self, config: Any = None) -> None:
        self.config = config
        self.unggah = widgets.FileUpload(accept=TERIMA, multiple=True, description="Unggah LKjIP",
                                         layout=widgets.Layout(width="auto"))
        self.hasil = widgets.HTML("<p>Unggah LKjIP perangkat daerah (.docx, .xlsx, .ods, atau PDF teks) untuk direviu.</p>")
        self.hasil_reviu: HasilReviu | None = None
        self.unggah.observe(self._on_upload, names="value")
        self.hasil.add_class("kinerja-reviu-hasil")
        self.widget = widgets.VBox([widgets.HTML("<h3>Reviu LKjIP</h3>"), self.unggah, self.hasil])
        self.widget.add_class("kinerja-reviu-halaman")

    def _ipython_display_(self) -> None:  # pragma: no cover - shown by Jupyter
        display(self.widget)

    def _aturan(self) -> tuple[Aturan, Any]:
        if self.config is None:
            return Aturan(skala=dict(DEFAULT_SKALA), pita=DEFAULT_PREDIKAT), Batas()
        return Aturan.dari_config(self.config), self.config.batas

    def _on_upload(self, change: dict) -> None:
        files = change["new"]
        if not files:
            return
        self.periksa([(f["name"], bytes(f["content"])) for f in files])
        self.unggah.value = ()

    def periksa(self, files: list[tuple[str, bytes]]) -> HasilReviu | None:
        """Check the uploaded ``(name, content)`` documents and show the verdicts; None when one cannot be read."""
        aturan, batas = self._aturan()
        with tempfile.TemporaryDirectory(prefix="kinerja-reviu-") as tmp:
            paths = []
            for name, content in files:
                path = Path(tmp) / Path(name).name  # the name only: never a path the browser sent
                path.write_bytes(content)
                paths.append(path)
            try:
                self.hasil_reviu = reviu(paths, aturan, batas)
            except KinerjaError as exc:
                self.hasil_reviu = None
                self.hasil.value = f"<p style='color:#b00020'>Ditolak: {html.escape(str(exc))}</p>"
                return None
        self.hasil.value = ringkasan_html(self.hasil_reviu)
        return self.hasil_reviu
