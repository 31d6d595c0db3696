"""The Agg canvas the report charts are measured and drawn on (issue 26): matplotlib's own, with
the text drawn glyph by glyph as matplotlib 3.11 draws it, minus the work it repeats per glyph.

matplotlib 3.11 draws text one glyph at a time in Python (``RendererAgg._draw_text_glyphs_and_boxes``):
for every glyph it sets the font size again and builds the same rotation matrix with numpy before
FreeType renders the glyph. :class:`_Renderer` sets the size only when the font or size changes and
builds each matrix once per string; every call FreeType and Agg receive is the same, so the PNGs
are byte-identical (``tests/test_grafik_kanvas.py`` draws real charts both ways). It saves about a
seventh of a text-heavy chart's PNG (the capaian chart 384 -> 328 ms CPU). On any other matplotlib
version the stock renderer is used.
"""

from __future__ import annotations

import math
from typing import Any

import matplotlib
import numpy as np
from matplotlib.backends import backend_agg
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure

DIKENAL = matplotlib.__version__.split(".")[:2] == ["3", "11"]
"""The renderer's text loop is a copy of matplotlib 3.11's; other versions keep their own."""


class _Renderer(RendererAgg):
    def _draw_text_glyphs_and_boxes(self, gc: Any, x: float, y: float, angle: float, glyphs: Any, boxes: Any) -> None:
        if boxes or not DIKENAL:  # mathtext's rules (never in the charts: names are not parsed as math)
            super()._draw_text_glyphs_and_boxes(gc, x, y, angle, glyphs, boxes)
            return
        cos = math.cos(math.radians(angle))
        sin = math.sin(math.radians(angle))
        load_flags = backend_agg.get_hinting_flag()
        antialiased = gc.get_antialiased()
        mode = backend_agg.RenderMode.NORMAL if antialiased else backend_agg.RenderMode.MONO
        matrices: dict[tuple[float, float], Any] = {}
        font_now: Any = None
        size_now: Any = None
        for font, size, glyph_index, slant, extend, dx, dy in glyphs:  # dy is upwards.
            if font is not font_now or size != size_now:
                font.set_size(size, self.dpi)
                font_now, size_now = font, size
            matrix = matrices.get((slant, extend))
            if matrix is None:
                matrix = matrices[slant, extend] = (
                    0x10000 * np.array([[cos, -sin], [sin, cos]]) @ [[extend, extend * slant], [0, 1]]).round().astype(int)
            font._set_transform(matrix, [round(0x40 * (x + dx * cos - dy * sin)),
                                         round(0x40 * (self.height - y + dx * sin + dy * cos))])  # FreeType's y is upwards
            bitmap = font._render_glyph(glyph_index, load_flags, mode)
            buffer = bitmap.buffer
            if not antialiased:
                buffer *= 0xff
            # draw_text_image's y is downwards & the bitmap bottom side.
            self._renderer.draw_text_image(buffer, bitmap.left, int(self.height) - bitmap.top + buffer.shape[0], 0, gc)


class KanvasAgg(FigureCanvasAgg):
    """matplotlib's Agg canvas drawing with :class:`_Renderer`."""

    def get_renderer(self) -> RendererAgg:
        w, h = self.get_width_height(physical=True)
        key = w, h, self.figure.dpi
        if self._lastKey != key:
            self.renderer = _Renderer(w, h, self.figure.dpi)
            self._lastKey = key
        return self.renderer


def kanvas(fig: Figure) -> KanvasAgg:
    """The figure's :class:`KanvasAgg` (attached once): its renderer is what the layout measures
    text with and what ``savefig`` draws on, so text metrics measured once serve both."""
    canvas = fig.canvas
    return canvas if isinstance(canvas, KanvasAgg) else KanvasAgg(fig)
