"""The report's sections (Bagian) built from the report model: common parts (``umum``), the quarterly
report (``triwulan``), the annual report (``tahunan``) and its appendices (``lampiran``), narrative
drafts (``narasi``). The notebooks display the sections; importing this package tells the document
model how to show them as HTML (the model itself imports no renderer)."""

from kinerja.laporan.model.dokumen import show_html_with
from kinerja.laporan.render.ke_html import render_bagian

show_html_with(render_bagian)
