"""Executed notebook → one self-contained HTML document (nbconvert, custom template).

The template ``templates/kinerja`` renders no code and no prompts, only the outputs (tables,
figures as base64 PNG, text), wrapped in the office's letterhead, a title block, the
signature block and a provenance footer (see the template's header comment). The HTML has
no scripts and no external links, so it opens offline and prints to A4 through
:mod:`kinerja.laporan.browser`.

The exporter is built once per process and reused; nbconvert is imported only here.
"""

from __future__ import annotations

import functools
import os
import re
import sys
from pathlib import Path
from typing import Any

from kinerja.atomic import write_text
from kinerja.laporan.dokumen import DOC_MIME
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
def html_exporter() -> Any:
    """The configured nbconvert ``HTMLExporter`` (built once per process)."""
    from nbconvert import HTMLExporter
    from traitlets.config import Config as TraitletsConfig

    settings = TraitletsConfig()
    settings.HTMLExporter.template_name = TEMPLATE_NAME
    settings.HTMLExporter.extra_template_basedirs = [str(TEMPLATES_DIR)]
    settings.HTMLExporter.exclude_input = True
    settings.HTMLExporter.exclude_input_prompt = True
    settings.HTMLExporter.exclude_output_prompt = True
    settings.HTMLExporter.embed_images = True
    return HTMLExporter(config=settings)


def render_html(notebook: Any) -> str:
    """Render an executed notebook (``nbformat.NotebookNode``) to the report HTML."""
    body, _resources = html_exporter().from_notebook_node(notebook)
    return body


def warm_up() -> None:
    """Build the exporter and compile its template now (about a second, paid once per process),
    e.g. while the first notebooks execute, instead of when the first report is exported."""
    skip_iri_format()
    from nbformat.v4 import new_notebook

    render_html(new_notebook())


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


def placeholder_keys(notebook: Any) -> list[str]:
    """Narrative keys still shown as "[Diisi oleh …]" placeholders (a final document has none).

    A placeholder box names its key (``data-kunci``) or the heading of its narrative part
    (:data:`kinerja.laporan.narasi.JUDUL`), which is mapped back to the key.

    >>> from nbformat.v4 import new_code_cell, new_notebook, new_output
    >>> out = new_output("display_data", {"text/html": '<div class="isian">[Diisi … bagian "Rencana Strategis".]</div>'})
    >>> placeholder_keys(new_notebook(cells=[new_code_cell("x", outputs=[out])]))
    ['renstra']
    """
    from kinerja.laporan.narasi import JUDUL

    keys: list[str] = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            html = (output.get("data") or {}).get("text/html", "")
            html = "".join(html) if isinstance(html, list) else html
            for match in _PLACEHOLDER.finditer(html):
                named = _KUNCI_ATTR.search(match.group(1))
                text = match.group(2).replace("&quot;", '"')
                found = [named.group(1)] if named else [k for k, judul in JUDUL.items() if f'"{judul}"' in text]
                keys += found or [" ".join(re.sub(r"<[^>]+>", "", text).split())[:80]]
    return list(dict.fromkeys(keys))


def mark_final(notebook: Any, config: Any, *, approval: str = "") -> None:
    """Mark the document block of an executed notebook final, in place.

    The template then prints no DRAF watermark and a signature block ready to sign, dated today
    in the office's time zone, with the approval in the provenance block. Nothing else of the
    notebook changes.
    """
    from kinerja.numbers import format_date, office_now, zona_of

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


def is_final(notebook: Any) -> bool:
    """True when the notebook's document block is marked final (see :func:`mark_final`)."""
    return bool(document_info(notebook).get("final"))
