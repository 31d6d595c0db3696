"""The charts' own Agg canvas draws text as matplotlib's does, byte for byte (issue 26): every
report chart is made on kinerja's canvas and on matplotlib's stock one and the PNGs compared."""

from __future__ import annotations

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from kinerja.capaian.proyeksi import proyeksi_table
from kinerja.capaian.tabel import capaian_table
from kinerja.domain.predikat import batas_aman
from kinerja.laporan.model.data import progress_frame
from kinerja.laporan.render import grafik, kanvas
from kinerja.lembar.validate import validate_workbooks


@pytest.fixture(scope="module")
def quarter(sample_raw, config):
    dataset = validate_workbooks([sample_raw / "2025" / "triwulan-2"], config, tahun=2025, triwulan=2)
    table = capaian_table(dataset.data, config, 2)
    table.attrs["triwulan"] = 2
    return table, dataset.data


def _stock(fig):
    canvas = fig.canvas
    return canvas if type(canvas) is FigureCanvasAgg else FigureCanvasAgg(fig)


def test_every_chart_is_byte_identical_on_the_stock_canvas(quarter, config, monkeypatch):
    table, data = quarter
    assert kanvas.DIKENAL  # the installed matplotlib is the one whose text loop the canvas repeats
    makers = {
        "capaian": lambda: grafik.grafik_capaian(table, config.predikat),
        "capaian_serapan": lambda: grafik.grafik_capaian_serapan(table),
        "kemajuan": lambda: grafik.grafik_kemajuan(progress_frame(data, config, 2)),
        "proyeksi": lambda: grafik.grafik_proyeksi(proyeksi_table(table, config), aman=batas_aman(config.predikat)),
        "serapan_triwulan": lambda: grafik.grafik_serapan_triwulan(table),
        "kosong": lambda: grafik.grafik_capaian(table.iloc[0:0], config.predikat),
    }
    for name, make in makers.items():
        chart = make()
        ours = chart.png()
        assert isinstance(chart.figure.canvas.get_renderer(), kanvas._Renderer), name
        with monkeypatch.context() as patch:
            patch.setattr(grafik, "_canvas", _stock)
            stock_chart = make()
            theirs = stock_chart.png()
            assert type(stock_chart.figure.canvas) is FigureCanvasAgg, name
        assert ours == theirs, name


def test_a_rotated_and_a_non_antialiased_text_are_drawn_as_matplotlib_draws_them():
    from matplotlib.figure import Figure

    def draw(canvas_class) -> bytes:
        import io

        fig = Figure(figsize=(3, 2), dpi=100)
        canvas_class(fig)
        fig.text(0.1, 0.5, "Capaian 85,5% — Triwulan IV", rotation=33, fontsize=9)
        fig.text(0.1, 0.2, "tanpa antialias", antialiased=False, fontsize=11)
        fig.text(0.5, 0.8, "besar", fontsize=16, fontstyle="italic")
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")
        return buffer.getvalue()

    assert draw(kanvas.KanvasAgg) == draw(FigureCanvasAgg)
