"""Executed notebook → one self-contained HTML document (the nbconvert template ``templates/kinerja``).

The template ``templates/kinerja`` renders no code and no prompts, only the outputs (tables,
figures as base64 PNG, text), wrapped in the office's letterhead, a title block, the
signature block and a provenance footer (see the template's header comment). The HTML has
no scripts and no external links, so it opens offline and prints to A4 through
:mod:`kinerja.laporan.render.browser`.

The template is compiled once per process and rendered with Jinja (see :func:`_template`).
"""

from __future__ import annotations

import functools
import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kinerja.atomic import write_text
from kinerja.laporan.model.dokumen import (
    DOC_MIME,
    DRAF_SPANDUK,
    DRAF_TANDA_TANGAN,
    ID_STATUS_ALUR,
    MODEL_MIME,
    Bagian,
    Judul,
    Naskah,
    is_draf,
)
from kinerja.laporan.render.ke_html import render_bagian
from kinerja.numbers import format_date, office_now, zona_of
from kinerja.paths import TEMPLATES_DIR

TEMPLATE_NAME = "kinerja"

_EXTERNAL = re.compile(r"""<(?:script|link|img|iframe)\b[^>]*?\b(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.IGNORECASE)


def skip_iri_format() -> None:
    """Call before nbformat/papermill are first imported: skips one optional import costing ~1 s.

    jsonschema (via nbformat) imports ``rfc3987_syntax`` when it is installed, only to check
    the ``iri`` string format, which the notebook schema never uses; building that package's
    grammar takes about one second. Marking it unavailable before jsonschema is first
    imported makes jsonschema skip that one format checker; nothing else changes.
    """
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]


@functools.lru_cache(maxsize=1)
def _template() -> Any:
    """The report template (``templates/kinerja/index.html.j2``), compiled once per process.

    The template is an nbconvert template (``jupyter nbconvert --to html --template kinerja``
    renders it too), but it extends nothing and needs only Jinja's loop controls and
    nbconvert's ``markdown2html`` filter, so it is rendered here with Jinja directly: nbconvert's
    exporter would import its whole machinery (about a second per process) and re-serialise the
    finished page through BeautifulSoup for ``embed_images`` (0.1-0.2 s per report), which a
    page whose images are all ``data:`` URIs does not need.
    """
    import jinja2  # noqa: PLC0415 -- jinja2 + json (~27 ms) kept off importing this module

    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR / TEMPLATE_NAME)), extensions=["jinja2.ext.loopcontrols"],
    )
    environment.filters["markdown2html"] = _markdown2html

    environment.globals.update(DRAF_SPANDUK=DRAF_SPANDUK, DRAF_TANDA_TANGAN=DRAF_TANDA_TANGAN)
    return environment.get_template("index.html.j2")


def _markdown2html(source: str) -> str:
    """nbconvert's filter, imported only when a printed markdown cell needs it."""
    from nbconvert.filters.markdown import markdown2html  # noqa: PLC0415 -- nbconvert.filters.markdown + rfc3987_syntax, soupsieve, bleach (~2703 ms) kept off importing this module

    return str(markdown2html(source))


def render_html(notebook: Any) -> str:
    """Render an executed notebook (``nbformat.NotebookNode``) to the report HTML."""
    name = str((notebook.get("metadata") or {}).get("papermill", {}).get("output_path") or "laporan")
    return str(_template().render(nb=notebook, resources={"metadata": {"name": Path(name).stem}}))


def render_naskah(naskah: Naskah) -> str:
    """A document built in the model alone (no notebook: the Pemda recap) as the same report HTML.

    The template sees what an executed notebook would give it: the document block
    (:data:`~kinerja.laporan.model.dokumen.DOC_MIME`) and one output per section, its HTML from
    :func:`kinerja.laporan.render.ke_html.render_bagian`; so the letterhead, title, DRAF banner and
    watermark come from the one template, the blocks (signature included) from the one renderer.
    """
    info = {"tanda_tangan_di_isi": True, **naskah.info}
    draf = is_draf(info)  # known for the whole document: its signature holds the note or the blocks to sign, not both
    outputs = [{"output_type": "display_data", "data": {DOC_MIME: info}, "metadata": {}}]
    outputs += [{"output_type": "display_data", "data": {"text/html": render_bagian(b, draf), MODEL_MIME: b.to_json()}, "metadata": {}}
                for b in naskah.bagian]
    cell = {"cell_type": "code", "source": "", "metadata": {}, "outputs": outputs}
    return str(_template().render(nb={"cells": [cell]}, resources={"metadata": {"name": str(info.get("judul") or "laporan")}}))


def warm_up() -> None:
    """Compile the template now (e.g. while the first notebooks execute), not at the first export."""
    _template()


def export_html(notebook: Any, target: str | os.PathLike[str]) -> Path:
    """Render ``notebook`` and write it atomically to ``target``."""
    target = Path(target)
    write_text(target, render_html(notebook))
    return target


def document_info(notebook: Any) -> dict[str, Any]:
    """The document metadata the notebook displayed (empty dict when it displayed none)."""
    found: dict[str, Any] = {}
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data") or {}
            if DOC_MIME in data:
                found = dict(data[DOC_MIME])
    return found


def external_references(html: str) -> list[str]:
    """Tags that would load something from the network (should be empty).

    >>> external_references('<img src="data:image/png;base64,AAA"><script src="https://x/y.js"></script>')
    ['<script src="https://']
    """
    return [m.group(0) for m in _EXTERNAL.finditer(html)]


_PLACEHOLDER = re.compile(r'<div class="isian"([^>]*)>(.*?)</div>', re.DOTALL)
_KUNCI_ATTR = re.compile(r'data-kunci="([^"]+)"')


def placeholder_keys(notebook: Any, judul: Mapping[str, str]) -> list[str]:
    """Narrative keys still shown as "[Diisi oleh …]" placeholders (a final document has none).

    A placeholder box names its key (``data-kunci``) or the heading of its narrative part, which
    ``judul`` (key → heading, the caller passes :data:`kinerja.laporan.model.narasi.JUDUL`) maps back
    to the key.

    >>> from nbformat.v4 import new_code_cell, new_notebook, new_output
    >>> out = new_output("display_data", {"text/html": '<div class="isian">[Diisi … bagian "Rencana Strategis".]</div>'})
    >>> placeholder_keys(new_notebook(cells=[new_code_cell("x", outputs=[out])]), {"renstra": "Rencana Strategis"})
    ['renstra']
    """
    keys: list[str] = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            html = (output.get("data") or {}).get("text/html", "")
            html = "".join(html) if isinstance(html, list) else html
            for match in _PLACEHOLDER.finditer(html):
                named = _KUNCI_ATTR.search(match.group(1))
                text = match.group(2).replace("&quot;", '"')
                found = [named.group(1)] if named else [k for k, heading in judul.items() if f'"{heading}"' in text]
                keys += found or [" ".join(re.sub(r"<[^>]+>", "", text).split())[:80]]
    return list(dict.fromkeys(keys))


def mark_final(notebook: Any, config: Any, *, approval: str = "", alur: list[Any] | None = None, dasar: str = "") -> None:
    """Mark the document block of an executed notebook final, in place.

    The template then prints no DRAF watermark and a signature block ready to sign, dated today
    in the office's time zone, with the approval (``approval``) and the checksum of the approved
    set (``dasar``) in the provenance block. ``alur``: the blocks that replace the workflow
    section (the section under the heading whose id is :data:`~kinerja.laporan.model.dokumen.ID_STATUS_ALUR`,
    up to the next heading of its level), so that a final states its own approval instead of the
    state current while it was drafted; the rest of the notebook does not change.
    """
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data") or {}
            if DOC_MIME in data:
                info = data[DOC_MIME]
                info["final"] = True
                info["draf"] = False
                info["tanda_air"] = [word for word in info.get("tanda_air", []) if word != "DRAF"]  # CONTOH stays
                info["tanggal"] = format_date(office_now(zona_of(config)))
                info.setdefault("provenans", {})["persetujuan"] = approval
                if dasar:
                    info["provenans"]["dasar"] = dasar
            elif alur is not None and MODEL_MIME in data:
                _replace_status(output, alur)


def _replace_status(output: Any, alur: list[Any]) -> None:
    """Replace the workflow section inside one section output (its model JSON and its HTML)."""
    bagian = Bagian.from_json(output["data"][MODEL_MIME])
    start = next((i for i, b in enumerate(bagian.blok) if isinstance(b, Judul) and b.id == ID_STATUS_ALUR), None)
    if start is None:
        return
    level = bagian.blok[start].tingkat
    end = next((i for i in range(start + 1, len(bagian.blok))
                if isinstance(bagian.blok[i], Judul) and bagian.blok[i].tingkat <= level), len(bagian.blok))
    bagian.blok[start + 1:end] = list(alur)
    output["data"][MODEL_MIME] = bagian.to_json()
    output["data"]["text/html"] = render_bagian(bagian)


def is_final(notebook: Any) -> bool:
    """True when the notebook's document block is marked final (see :func:`mark_final`)."""
    return bool(document_info(notebook).get("final"))
