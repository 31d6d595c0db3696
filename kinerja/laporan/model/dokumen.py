"""The document model: report sections built once as data, rendered to HTML and to .docx.

A report is a :class:`Naskah`: the document's identity (letterhead, title, status, who signs,
provenance; a plain dict, see :func:`kinerja.laporan.bagian.umum.dokumen`) and a list of
:class:`Bagian`. A Bagian is an ordered list of blocks:

- :class:`Judul` (a heading; level 1 = chapter, kept with what follows, listed in the Daftar Isi),
- :class:`Paragraf` (plain text; blank-line separated text becomes several paragraphs),
- :class:`Tabel` of :class:`Baris` of :class:`Sel` (header row repeated on every page, group
  rows kept with the rows they head, numeric columns right-aligned, optional column widths),
- :class:`Gambar` (a PNG chart with its printed width),
- :class:`Kotak` (an info, warning or "to be filled" box), :class:`Ringkasan` (headline figures),
- :class:`TandaTangan` (one or two signature blocks with pangkat/golongan and NIP),
- :class:`DaftarIsi` (table of contents; page numbers filled in after a first print),
- :class:`HalamanBaru` (page break).

The renderers are :mod:`kinerja.laporan.render.ke_html` and :mod:`kinerja.laporan.render.ke_docx`; this
module is pure (no IPython, no nbconvert, no python-docx) and round-trips through JSON, which
is how a notebook output carries a Bagian to the .docx renderer (mimetype :data:`MODEL_MIME`).
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

MODEL_MIME = "application/vnd.kinerja.bagian+json"
"""Mimetype of a notebook output carrying one :class:`Bagian` as JSON."""
DOC_MIME = "application/vnd.kinerja.dokumen+json"
"""Mimetype of the notebook output carrying the document block (the :attr:`Naskah.info` dict)."""
DRAF_TANDA_TANGAN = "DRAF — menunggu persetujuan Sekretaris; belum untuk ditandatangani."
"""Shown instead of every signature block while the report is a draft (no name, NIP or date to sign)."""
DRAF_SPANDUK = "DRAF — belum disetujui Sekretaris; bukan dokumen final."
"""The banner of a draft: under the title (HTML), in the header of every page (PDF and .docx, :func:`spanduk_halaman`)."""
ID_STATUS_ALUR = "status-alur-kerja"
"""The id of the heading of a report's workflow section: a final replaces what is under it with
its own approval (:func:`kinerja.laporan.render.export.mark_final`)."""
WARNA_DRAF = "B00020"
"""The colour of everything that marks a draft (banner, signature note, watermark; kinerja.css uses the same)."""


def is_draf(info: dict[str, Any]) -> bool:
    """True when the document block says the report is a draft (``final`` false, or ``draf``).

    >>> is_draf({"final": False}), is_draf({"final": True}), is_draf({}), is_draf({"draf": True})
    (True, False, False, True)
    """
    return bool(info.get("draf")) or ("final" in info and not info["final"])


def spanduk(info: dict[str, Any]) -> str:
    """The banner a draft prints under its title and on every page: the document's own
    (``info["spanduk"]``, e.g. the Pemda recap's preview) or :data:`DRAF_SPANDUK`.

    >>> spanduk({}) == DRAF_SPANDUK, spanduk({"spanduk": "DRAF — pratinjau."})
    (True, 'DRAF — pratinjau.')
    """
    return str(info.get("spanduk") or DRAF_SPANDUK)


def spanduk_halaman(info: dict[str, Any]) -> str:
    """The banner in the header of every page of a draft (the PDF's running header beside the title, the
    .docx's page header), short enough to sit beside the title: the document's own
    (``info["spanduk_halaman"]``, e.g. the Pemda recap's preview) or :data:`DRAF_SPANDUK`; empty when the
    document is no draft.

    >>> spanduk_halaman({"final": False}) == DRAF_SPANDUK, spanduk_halaman({"final": True}), spanduk_halaman({"draf": True, "spanduk_halaman": "DRAF — pratinjau."})
    (True, '', 'DRAF — pratinjau.')
    """
    if not is_draf(info):
        return ""
    return str(info.get("spanduk_halaman") or DRAF_SPANDUK)


@dataclass
class Judul:
    """A heading. ``tingkat`` 1 is a chapter (BAB I ...), 2-4 are sub-headings."""

    teks: str
    tingkat: int = 2
    id: str = ""
    daftar_isi: bool = True
    halaman_baru: bool = False


@dataclass
class Paragraf:
    """A paragraph of plain text. ``gaya``: '' (justified), 'tengah', 'catatan' (small), 'tebal'."""

    teks: str
    gaya: str = ""


@dataclass
class Sel:
    """A table cell. ``kelas``: '' or 'angka' (right-aligned number), 'predikat-teratas' / 'predikat-bawah' / 'predikat' (:func:`kinerja.domain.predikat.kelas_predikat`), 'galat'."""

    teks: str
    kelas: str = ""
    colspan: int = 1


@dataclass
class Baris:
    """A table row; ``grup`` 1 or 2 marks a group heading row (Sasaran / Program / Kegiatan)."""

    sel: list[Sel]
    grup: int = 0


@dataclass
class Tabel:
    """A table: one header row (repeated on every page), body rows, optional widths (%)."""

    kepala: list[str]
    baris: list[Baris]
    angka: list[int] = field(default_factory=list)
    lebar: Sequence[float] = field(default_factory=list)
    judul: str = ""
    rapat: bool = False
    kosong: str = "Tidak ada data."
    """What the table says in its one row when it has no rows (why it is empty)."""


def baris_tabel(t: Tabel) -> list[Baris]:
    """The rows a renderer prints: the table's rows, or when it has none one row across every
    column saying why (:attr:`Tabel.kosong`), so a printed table is never a bare header.

    >>> [(c.teks, c.kelas, c.colspan) for c in baris_tabel(Tabel(["A", "B"], [], kosong="Belum ada."))[0].sel]
    [('Belum ada.', 'kosong', 2)]
    """
    if t.baris:
        return t.baris
    return [Baris([Sel(t.kosong, "kosong", max(1, len(t.kepala)))])]


@dataclass
class Gambar:
    """A chart as PNG bytes and its printed width in centimetres."""

    png: bytes
    lebar_cm: float = 18.0
    judul: str = ""


@dataclass
class Kotak:
    """A box: ``jenis`` 'info', 'peringatan' or 'isian' (narrative still to be written)."""

    jenis: str
    teks: str


@dataclass
class Ringkasan:
    """Headline figures: (value, label) pairs shown as boxes."""

    butir: list[tuple[str, str]]


@dataclass
class Penandatangan:
    """One signature block: the line above (place and date, or 'Pihak Kedua,'), jabatan,
    name, pangkat/golongan and NIP (empty lines are left out)."""

    pengantar: str
    jabatan: str
    nama: str
    pangkat: str = ""
    nip: str = ""

    def atas(self) -> list[tuple[str, str]]:
        """The lines above the signing space, as (kind, text): 'pengantar' when there is one,
        then 'jabatan' (either may hold several lines separated by newlines).

        >>> Penandatangan("", "Inspektur\\nKabupaten Contoh", "Nama").atas()
        [('jabatan', 'Inspektur\\nKabupaten Contoh')]
        """
        return ([("pengantar", self.pengantar)] if self.pengantar else []) + [("jabatan", self.jabatan)]

    def bawah(self) -> list[tuple[str, str]]:
        """The lines under the signing space, as (kind, text): 'nama', then 'pangkat' and 'nip'
        (``NIP ...``) when known.

        >>> Penandatangan("", "Inspektur,", "Nama", "", "1970").bawah()
        [('nama', 'Nama'), ('nip', 'NIP 1970')]
        """
        lines = [("nama", self.nama)]
        if self.pangkat:
            lines.append(("pangkat", self.pangkat))
        if self.nip:
            lines.append(("nip", f"NIP {self.nip}"))
        return lines


@dataclass
class TandaTangan:
    """One (right-aligned) or two (side by side) signature blocks. ``draf``: what a draft shows
    instead of them ('' : :data:`DRAF_TANDA_TANGAN`, the office report awaiting its Sekretaris)."""

    blok: list[Penandatangan]
    draf: str = ""


@dataclass
class EntriDaftarIsi:
    """One line of the table of contents; ``halaman`` is filled in after the first print."""

    id: str
    teks: str
    tingkat: int = 1
    halaman: int | None = None


@dataclass
class DaftarIsi:
    """The table of contents (entries built from the document's headings)."""

    entri: list[EntriDaftarIsi]


@dataclass
class HalamanBaru:
    """A page break."""


BLOCKS: dict[str, type] = {c.__name__: c for c in (Judul, Paragraf, Tabel, Gambar, Kotak, Ringkasan, TandaTangan, DaftarIsi, HalamanBaru)}
Blok = Judul | Paragraf | Tabel | Gambar | Kotak | Ringkasan | TandaTangan | DaftarIsi | HalamanBaru


def slug(text: str) -> str:
    """An id for a heading.

    >>> slug("BAB III AKUNTABILITAS KINERJA")
    'bab-iii-akuntabilitas-kinerja'
    """
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")


@dataclass
class Bagian:
    """A section: an ordered list of blocks. Displays in a notebook as HTML and carries
    itself as JSON (``MODEL_MIME``) for the .docx renderer."""

    blok: list[Any] = field(default_factory=list)

    def __add__(self, other: Bagian) -> Bagian:
        return Bagian([*self.blok, *other.blok])

    def judul(self) -> list[Judul]:
        """The headings of this section."""
        return [b for b in self.blok if isinstance(b, Judul)]

    def to_json(self) -> list[dict[str, Any]]:
        """The blocks as JSON-ready dicts (``{"__blok__": "Tabel", ...}``)."""
        return [_dump(b) for b in self.blok]

    @classmethod
    def from_json(cls, data: list[dict[str, Any]]) -> Bagian:
        """The inverse of :meth:`to_json`."""
        return cls([_load(item) for item in data])

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        bundle: dict[str, Any] = {MODEL_MIME: self.to_json()}
        for view in _HTML_VIEW:  # the model imports no renderer: kinerja.laporan.bagian registers it
            bundle["text/html"] = view(self)
        if "text/html" not in bundle:
            bundle["text/plain"] = f"Bagian ({len(self.blok)} blok)"
        return bundle


_HTML_VIEW: list[Callable[[Bagian], str]] = []


def show_html_with(render: Callable[[Bagian], str]) -> None:
    """How a notebook shows a :class:`Bagian` as HTML (set once by :mod:`kinerja.laporan.bagian`,
    which builds the sections the notebooks display, with the HTML renderer's ``render_bagian``)."""
    _HTML_VIEW[:] = [render]


@dataclass
class Naskah:
    """A whole report: its identity (letterhead, title, status, signers, provenance) and sections."""

    info: dict[str, Any]
    bagian: list[Bagian]

    def blok(self) -> list[Any]:
        """Every block in order."""
        return [b for part in self.bagian for b in part.blok]

    def judul(self) -> list[Judul]:
        """Every heading in order."""
        return [b for b in self.blok() if isinstance(b, Judul)]


def _dump(value: Any) -> Any:
    if isinstance(value, bytes):
        return {"__png__": base64.b64encode(value).decode("ascii")}
    if hasattr(value, "__dataclass_fields__"):
        out = {TYPE_KEY: type(value).__name__}
        out.update({f.name: _dump(getattr(value, f.name)) for f in fields(value)})
        return out
    if isinstance(value, list | tuple):
        return [_dump(v) for v in value]
    return value


TYPE_KEY = "__blok__"
_NESTED = {"sel": Sel, "baris": Baris, "blok": Penandatangan, "entri": EntriDaftarIsi}


def _load(item: Any) -> Any:
    if isinstance(item, dict) and "__png__" in item:
        return base64.b64decode(item["__png__"])
    if isinstance(item, dict) and TYPE_KEY in item:
        kind = item[TYPE_KEY]
        cls = BLOCKS.get(kind) or {c.__name__: c for c in _NESTED.values()}.get(kind)
        if cls is None:
            raise ValueError(f"jenis blok tidak dikenal: {kind}")
        kwargs = {k: _load(v) for k, v in item.items() if k != TYPE_KEY}
        if cls is Ringkasan:
            kwargs["butir"] = [tuple(x) for x in kwargs["butir"]]
        return cls(**kwargs)
    if isinstance(item, list):
        return [_load(v) for v in item]
    return item


def paragraf(text: str, gaya: str = "") -> list[Paragraf]:
    """Paragraphs from text; blank lines separate paragraphs, other whitespace is folded.

    >>> [p.teks for p in paragraf("Satu\\n dua.\\n\\nTiga.")]
    ['Satu dua.', 'Tiga.']
    """
    return [Paragraf(" ".join(part.split()), gaya) for part in re.split(r"\n\s*\n", str(text)) if part.strip()]


def daftar_isi(bagian: list[Bagian], *, tingkat: int = 2) -> DaftarIsi:
    """The table of contents of ``bagian``: headings up to ``tingkat`` that are listed."""
    return DaftarIsi([EntriDaftarIsi(j.id or slug(j.teks), j.teks, j.tingkat)
                      for part in bagian for j in part.judul() if j.daftar_isi and j.tingkat <= tingkat])


def isi_halaman(bagian: list[Bagian], halaman: dict[str, int]) -> None:
    """Write page numbers (by heading id) into every DaftarIsi of ``bagian``."""
    for part in bagian:
        for b in part.blok:
            if isinstance(b, DaftarIsi):
                for e in b.entri:
                    e.halaman = halaman.get(e.id, e.halaman)
