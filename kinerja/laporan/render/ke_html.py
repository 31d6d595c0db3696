"""Render the document model (:mod:`kinerja.laporan.model.dokumen`) to HTML fragments.

The fragments are styled by ``templates/kinerja/kinerja.css`` (classes ``angka``, ``grup``,
``rapat``, ``tetap``, ``kotak``, ``info-box``, ``peringatan-box``, ``isian``, ``ttd-*``,
``daftar-isi``) and embedded by the nbconvert template into the self-contained report.
Headings carry ids; the Daftar Isi's page cells (``<span class="hal" data-untuk="ID">``) are
filled in after a first print by :mod:`kinerja.laporan.render.halaman`. A heading and the block after
it are wrapped together (``tetap-bersama``) so a heading never stands alone at a page foot.
"""

from __future__ import annotations

import base64
import html
from typing import Any

from kinerja.laporan.model.dokumen import (
    DRAF_TANDA_TANGAN,
    Bagian,
    DaftarIsi,
    Gambar,
    HalamanBaru,
    Judul,
    Kotak,
    Paragraf,
    Ringkasan,
    Tabel,
    TandaTangan,
    baris_tabel,
    slug,
)

CM_TO_CSS_PX = 96 / 2.54
SMALL_TABLE_ROWS = 12
"""Tables with at most this many rows are never split across pages."""


def _e(text: Any) -> str:
    return html.escape("" if text is None else str(text))


def _lines(text: str) -> str:
    return "<br>".join(_e(part) for part in str(text).split("\n"))


def render_tabel(t: Tabel) -> str:
    """A table with a repeated header row (``thead``), group rows and numeric columns."""
    numeric = set(t.angka)

    def cls(i: int, extra: str = "") -> str:
        names = [n for n in (("angka" if i in numeric else ""), extra) if n]
        return f' class="{" ".join(names)}"' if names else ""

    widths = t.lebar if t.lebar and len(t.lebar) == len(t.kepala) else []
    cols = "".join(f'<col style="width:{w:g}%">' for w in widths)
    head = "".join(f"<th{cls(i)}>{_e(h)}</th>" for i, h in enumerate(t.kepala))
    body = []
    for row in baris_tabel(t):
        cells, col = [], 0
        for cell in row.sel:
            span = f' colspan="{cell.colspan}"' if cell.colspan > 1 else ""
            cells.append(f"<td{cls(col if not row.grup else -1, cell.kelas)}{span}>{_lines(cell.teks)}</td>")
            col += cell.colspan
        tr_class = f' class="grup{"" if row.grup == 1 else "-2"}"' if row.grup else ""
        body.append(f"<tr{tr_class}>{''.join(cells)}</tr>")
    names = " ".join(n for n, on in (("tetap", bool(widths)), ("rapat", t.rapat)) if on)
    layout = f' class="{names}"' if names else ""
    caption = f"<caption>{_e(t.judul)}</caption>" if t.judul else ""
    colgroup = f"<colgroup>{cols}</colgroup>" if cols else ""
    table = f"<table{layout}>{caption}{colgroup}<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    if len(t.baris) <= SMALL_TABLE_ROWS:
        return f'<div class="utuh">{table}</div>'  # a short table moves to the next page whole
    return table


def render_gambar(g: Gambar) -> str:
    data = base64.b64encode(g.png).decode("ascii")
    width = round(g.lebar_cm * CM_TO_CSS_PX)
    caption = f"<figcaption>{_e(g.judul)}</figcaption>" if g.judul else ""
    return f'<figure class="gambar"><img alt="{_e(g.judul or "Grafik")}" width="{width}" src="data:image/png;base64,{data}">{caption}</figure>'


def render_tanda_tangan(t: TandaTangan, draf: bool | None = None) -> str:
    """Signature blocks as one table row (a row is never split across pages); one block sits
    on the right, two side by side with their names on one line.

    ``draf``: whether the document is a draft, when the renderer knows it (a whole :class:`Naskah`, the
    Pemda recap): only the draft's note (``ttd-draf``), or only the blocks to sign. None (a report
    notebook's section, made while the report is a draft and marked final later by its document
    block alone, :func:`kinerja.laporan.render.export.mark_final`): both, the stylesheet showing the
    note under ``main.dokumen.draf`` and the blocks otherwise.
    """
    tops, bottoms = [], []
    classes = {"pengantar": "", "jabatan": ' class="ttd-jabatan"', "nama": ' class="ttd-nama"', "pangkat": ' class="ttd-pangkat"', "nip": ""}
    for p in t.blok:
        tops.append("".join(f"<p{classes[kind]}>{_lines(text)}</p>" for kind, text in p.atas()))
        bottoms.append("".join(f"<p{classes[kind]}>{_e(text)}</p>" for kind, text in p.bawah()))
    if len(t.blok) == 1:
        tops.insert(0, "")
        bottoms.insert(0, "")
    top = "".join(f'<td class="ttd-atas">{x}</td>' for x in tops)
    bottom = "".join(f'<td class="ttd-bawah">{x}</td>' for x in bottoms)
    kind = " ttd-dua" if len(t.blok) > 1 else ""
    waiting = "" if draf is False else f'<tr class="ttd-draf"><td colspan="{len(tops)}">{_e(t.draf or DRAF_TANDA_TANGAN)}</td></tr>'
    signing = "" if draf else (f'<tr class="ttd-baris">{top}</tr><tr class="ttd-ruang-baris">{"<td></td>" * len(tops)}</tr>'
                               f'<tr class="ttd-baris">{bottom}</tr>')
    return f'<div class="utuh"><table class="tanda-tangan{kind}"><tbody>{waiting}{signing}</tbody></table></div>'


def render_daftar_isi(d: DaftarIsi) -> str:
    rows = []
    for e in d.entri:
        page = "" if e.halaman is None else str(e.halaman)
        rows.append(f'<tr class="di-{e.tingkat}"><td><a href="#{_e(e.id)}">{_e(e.teks)}</a></td>'
                    f'<td class="angka"><span class="hal" data-untuk="{_e(e.id)}">{page}</span></td></tr>')
    return f'<table class="daftar-isi"><tbody>{"".join(rows)}</tbody></table>'


def render_blok(b: Any, draf: bool | None = None) -> str:
    """One block as HTML (``draf``: whether the document is a draft, when known, see :func:`render_tanda_tangan`)."""
    if isinstance(b, Judul):
        level = min(b.tingkat + 1, 6)  # h1 is the document title
        page = ' class="halaman-baru"' if b.halaman_baru else ""
        return f'<h{level} id="{_e(b.id or slug(b.teks))}"{page}>{_e(b.teks)}</h{level}>'
    if isinstance(b, Paragraf):
        cls = f' class="{_e(b.gaya)}"' if b.gaya else ""
        return f"<p{cls}>{_lines(b.teks)}</p>"
    if isinstance(b, Tabel):
        return render_tabel(b)
    if isinstance(b, Gambar):
        return render_gambar(b)
    if isinstance(b, Kotak):
        cls = {"info": "info-box", "peringatan": "peringatan-box", "isian": "isian"}.get(b.jenis, "info-box")
        return f'<div class="{cls}">{_lines(b.teks)}</div>'
    if isinstance(b, Ringkasan):
        boxes = "".join(f'<div class="kotak"><div class="nilai">{_e(v)}</div><div class="label">{_e(k)}</div></div>' for v, k in b.butir)
        return f'<div class="ringkasan">{boxes}</div>'
    if isinstance(b, TandaTangan):
        return render_tanda_tangan(b, draf)
    if isinstance(b, DaftarIsi):
        return render_daftar_isi(b)
    if isinstance(b, HalamanBaru):
        return '<div class="halaman-baru"></div>'
    raise TypeError(f"unknown block {type(b).__name__}")


def render_bagian(bagian: Bagian, draf: bool | None = None) -> str:
    """A section as one HTML fragment. A heading is kept with what follows it: its intro
    paragraphs (at most three) and the next table, chart or box; the group is never split when
    it is short, and for a long table only the heading stays with the table's first rows.
    ``draf``: whether the document is a draft, when known (see :func:`render_tanda_tangan`)."""
    out: list[str] = []
    pending: list[str] = []
    paragraphs = 0

    def flush(block: Any = None) -> None:
        nonlocal pending, paragraphs
        if block is None:
            out.append(f'<div class="tetap-bersama">{"".join(pending)}</div>')
        else:
            long_table = isinstance(block, Tabel) and len(block.baris) > SMALL_TABLE_ROWS
            out.append(f'<div class="{"tetap-tabel" if long_table else "tetap-bersama"}">{"".join(pending)}{render_blok(block, draf)}</div>')
        pending, paragraphs = [], 0

    for b in bagian.blok:
        if isinstance(b, Judul):
            if pending and paragraphs:
                flush()
            if b.halaman_baru and not pending:
                out.append('<div class="halaman-baru"></div>')
            pending.append(render_blok(Judul(b.teks, b.tingkat, b.id, b.daftar_isi, False)))
            continue
        if pending and isinstance(b, Paragraf) and paragraphs < 3:
            pending.append(render_blok(b))
            paragraphs += 1
            continue
        if pending:
            flush(b)
        else:
            out.append(render_blok(b, draf))
    if pending:
        flush()
    return "".join(out)
