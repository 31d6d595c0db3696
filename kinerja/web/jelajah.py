"""Exploring a quarter's capaian: filters, a sortable and searchable table, charts that follow the filters.

:func:`explore_frame` reads the quarter's workbooks the way ``kinerja capaian`` does (rows with a
galat stay, marked "tidak dihitung" by :func:`kinerja.capaian.tabel.capaian_table`) and adds the
source cell of each value;
it writes nothing, so exploring can never change an official result. :class:`Jelajah` is the
panel of ``notebooks/jelajah.ipynb``: year and quarter, filters by unit, sasaran, predikat and
arah, an itables table (offline: the DataTables library is embedded, no internet) and a chart.
"""

from __future__ import annotations

import html
import io
from pathlib import Path
from typing import TYPE_CHECKING

import ipywidgets as widgets
from IPython.display import HTML, display

from kinerja.alur.konteks import KonteksKerja
from kinerja.config import Config
from kinerja.domain.predikat import TANPA_PREDIKAT, warna_predikat
from kinerja.lembar.findings import to_frame
from kinerja.numbers import office_today, zona_of
from kinerja.paths import Workspace

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

SEMUA = "(semua)"
TABLE_COLUMNS = {
    "unit": "Unit", "kode": "Kode", "sasaran": "Sasaran", "indikator": "Indikator", "satuan": "Satuan", "arah": "Arah",
    "target": "Target", "realisasi": "Realisasi", "capaian": "Capaian (%)", "predikat": "Predikat",
    "serapan": "Serapan (%)", "efisiensi": "Efisiensi", "keterangan": "Keterangan", "sumber_realisasi": "Sel realisasi",
    "sumber_target": "Sel target",
}
"""Columns of the exploration table and their headers."""


def explore_frame(workspace: Workspace, config: Config, tahun: int, triwulan: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The quarter's capaian with the source cell of each value, and the rows not computed (galat).

    Returns:
        ``(tabel, tidak_dihitung)``: ``tabel`` has the columns of
        :func:`kinerja.capaian.tabel.capaian_table` plus ``sumber_realisasi`` and ``sumber_target``
        (``berkas!SEL`` of the quarter's realisasi and target cells); ``tidak_dihitung`` its rows
        that a galat keeps from being computed.
    """
    import pandas as pd  # noqa: PLC0415 -- pandas + numpy, dateutil (~201 ms) kept off importing this module

    from kinerja.capaian.tabel import TIDAK_DIHITUNG, capaian_table  # noqa: PLC0415 -- kinerja.capaian.tabel + pandas, numpy, dateutil (~220 ms) kept off importing this module
    from kinerja.lembar.validate import validate_workbooks  # noqa: PLC0415 -- kinerja.lembar.validate + pandas, numpy, dateutil (~242 ms) kept off importing this module

    source = workspace.raw_for(tahun, triwulan)
    if not source.is_dir():
        return pd.DataFrame(columns=list(TABLE_COLUMNS)), pd.DataFrame()
    dataset = validate_workbooks([source], config, tahun=tahun, triwulan=triwulan)
    bersih = dataset.data
    tabel = capaian_table(bersih, config, triwulan, temuan=to_frame(dataset.temuan))
    dikecualikan = tabel[tabel["status"] == TIDAK_DIHITUNG]
    letters = {f.berkas: f.kolom for f in dataset.files}

    def cell(berkas: str, baris: object, field: str) -> str:
        letter = letters.get(berkas, {}).get(field, "")
        return f"{Path(str(berkas)).name}!{letter}{int(str(baris))}" if letter and baris == baris else ""

    tabel["sumber_realisasi"] = [cell(b, r, f"realisasi_triwulan_{triwulan}")
                                 for b, r in zip(bersih["berkas"], bersih["baris"], strict=True)]
    tabel["sumber_target"] = [cell(b, r, f"target_triwulan_{triwulan}")
                              for b, r in zip(bersih["berkas"], bersih["baris"], strict=True)]
    return tabel, dikecualikan


def filter_frame(tabel: pd.DataFrame, *, unit: str = SEMUA, sasaran: str = SEMUA, predikat: str = SEMUA,
                 arah: str = SEMUA) -> pd.DataFrame:
    """Rows matching every chosen filter (``SEMUA`` = no filter).

    >>> import pandas as pd
    >>> t = pd.DataFrame({"unit": ["A", "B"], "sasaran": ["s", "s"], "predikat": ["Tinggi", None], "arah": ["positif"] * 2})
    >>> filter_frame(t, unit="B")["unit"].tolist(), len(filter_frame(t, predikat="Tinggi"))
    (['B'], 1)
    """
    mask = tabel.index == tabel.index
    for column, value in (("unit", unit), ("sasaran", sasaran), ("predikat", predikat), ("arah", arah)):
        if value != SEMUA and column in tabel:
            mask &= tabel[column].fillna("").astype(str) == value
    return tabel[mask]


def table_html(tabel: pd.DataFrame) -> str:
    """The rows as an itables DataTable (sortable, searchable), the library embedded (offline)."""
    from itables import to_html_datatable  # noqa: PLC0415 -- itables + pandas, numpy (~226 ms) kept off importing this module

    from kinerja.capaian.tabel import display_frame  # noqa: PLC0415 -- kinerja.capaian.tabel + pandas, numpy, dateutil (~220 ms) kept off importing this module

    shown = tabel[[c for c in TABLE_COLUMNS if c in tabel]].rename(columns=TABLE_COLUMNS).copy()
    shown_as_text = display_frame(tabel) if len(tabel) else None
    for column in ("Capaian (%)", "Serapan (%)"):  # numbers (so they sort as numbers), blank when there is none
        if column in shown:
            shown[column] = [round(float(v), 2) if v == v and v is not None else "" for v in shown[column]]
    for column in ("Target", "Realisasi"):  # numbers, ranges or grades: shown the Indonesian way (one home)
        if column in shown and shown_as_text is not None and column in shown_as_text:
            shown[column] = shown_as_text[column].to_numpy()
    shown = shown.fillna("")
    return to_html_datatable(shown, connected=False, pageLength=25, classes="display compact", scrollX=True,
                             lengthMenu=[10, 25, 50, 100], maxBytes=0, showIndex=False,
                             columnDefs=[{"className": "dt-left", "targets": "_all"}])


def chart(tabel: pd.DataFrame, config: Config):
    """Bar chart of capaian per indicator (unit + indicator), coloured by predikat; a matplotlib Figure."""
    from matplotlib.figure import Figure  # noqa: PLC0415 -- matplotlib.figure + numpy, pyparsing (~485 ms) kept off importing this module

    rows = tabel.dropna(subset=["capaian"])
    height = max(2.5, 0.32 * len(rows) + 1)
    figure = Figure(figsize=(9, height))
    axes = figure.subplots()
    if rows.empty:
        axes.text(0.5, 0.5, "Tidak ada capaian yang dapat digambar untuk pilihan ini.", ha="center", va="center")
        axes.set_axis_off()
        return figure
    colours = warna_predikat(config.predikat)
    labels = [f"{u} · {str(i)[:50]}" for u, i in zip(rows["unit"], rows["indikator"], strict=True)]
    values = rows["capaian"].astype(float).tolist()
    axes.barh(range(len(rows)), values, color=[colours.get(p, TANPA_PREDIKAT) for p in rows["predikat"]])
    axes.set_yticks(range(len(rows)), labels, fontsize=8)
    axes.invert_yaxis()
    axes.axvline(100, color="#475467", linewidth=0.8, linestyle="--")
    axes.set_xlabel("Capaian (%)")
    figure.tight_layout()
    return figure


class Jelajah(widgets.VBox):
    """The exploration panel: pickers, filters, table and chart; reading only.

    Attributes:
        tabel: the quarter's full table (before filters); terpilih: the rows shown.
    """

    def __init__(self, *, workspace: Workspace | str | Path | None = None, config: Config | None = None,
                 tahun: int | None = None, triwulan: int | None = None) -> None:
        from kinerja.web.panel import query_choice, years_of  # noqa: PLC0415 -- kinerja.web.panel (~188 ms) kept off importing this module

        self.workspace = KonteksKerja.buka(workspace, config=config)
        self.config = self.workspace.config
        with self.workspace:  # the history read once for its years, then closed
            years = years_of(self.workspace, office_today(zona_of(self.config)), self.config)
        asked = query_choice()
        with_data = [y for y in years if self.workspace.raw_for(y).is_dir()]
        tahun = tahun or asked.get("tahun") or (with_data[0] if with_data else years[0])
        self.pilih_tahun = widgets.Dropdown(options=years, value=tahun if tahun in years else years[0], description="Tahun:")
        self.pilih_triwulan = widgets.Dropdown(options=[(f"TW {r}", n) for n, r in enumerate("I II III IV".split(), 1)],
                                               value=triwulan or asked.get("triwulan") or 1, description="Triwulan:")
        self.saring = {name: widgets.Dropdown(options=[SEMUA], value=SEMUA, description=f"{label}:",
                                              layout=widgets.Layout(width="auto"))
                       for name, label in (("unit", "Unit"), ("sasaran", "Sasaran"), ("predikat", "Predikat"),
                                           ("arah", "Arah"))}
        self.keterangan = widgets.HTML()
        self.pustaka = widgets.Output()  # the DataTables library, embedded once (offline mode)
        self.tabel_keluaran = widgets.Output()
        self.grafik = widgets.Image(format="png")
        with self.pustaka:
            from itables import init_notebook_mode  # noqa: PLC0415 -- itables + pandas, numpy (~226 ms) kept off importing this module

            init_notebook_mode(connected=False)
        self.tabel: pd.DataFrame | None = None
        self.terpilih: pd.DataFrame | None = None
        for picker in (self.pilih_tahun, self.pilih_triwulan):
            picker.observe(lambda _c: self.load(), names="value")
        for dropdown in self.saring.values():
            dropdown.observe(lambda _c: self.show(), names="value")
        super().__init__(children=[
            widgets.HTML("<div><i>Hanya membaca lembar kerja; tidak ada hasil resmi yang ditulis.</i></div>"),
            widgets.HBox([self.pilih_tahun, self.pilih_triwulan]),
            widgets.HBox(list(self.saring.values())[:2]), widgets.HBox(list(self.saring.values())[2:]),
            self.pustaka, self.keterangan, self.tabel_keluaran, self.grafik,
        ])
        self.add_class("kinerja-jelajah")
        self.load()

    def load(self) -> None:
        """Read the chosen quarter and reset the filters' choices."""
        tabel, dikecualikan = explore_frame(self.workspace, self.config, self.pilih_tahun.value,
                                            self.pilih_triwulan.value)
        self.tabel = tabel
        for name, dropdown in self.saring.items():
            values = sorted({str(v) for v in (tabel[name] if name in tabel else []) if isinstance(v, str) and v})
            with dropdown.hold_trait_notifications():
                dropdown.options = [SEMUA, *values]
                dropdown.value = SEMUA
        left_out = (f" {len(dikecualikan)} baris tidak dihitung karena galat." if len(dikecualikan) else "")
        folder = self.workspace.raw_for(self.pilih_tahun.value, self.pilih_triwulan.value)
        where = html.escape(folder.relative_to(self.workspace.root).as_posix())
        self.keterangan.value = (f"<div>{len(tabel)} indikator dari <code>{where}</code>.{html.escape(left_out)}</div>"
                                 if folder.is_dir() else f"<div>Belum ada lembar kerja di <code>{where}</code>.</div>")
        self.show()

    def show(self) -> None:
        """Apply the filters to the table and the chart."""
        if self.tabel is None:
            return
        self.terpilih = filter_frame(self.tabel, **{name: d.value for name, d in self.saring.items()})

        self.tabel_keluaran.clear_output(wait=True)
        with self.tabel_keluaran:
            display(HTML(table_html(self.terpilih) if len(self.terpilih) else "<p><i>Tidak ada baris.</i></p>"))
        buffer = io.BytesIO()
        chart(self.terpilih, self.config).savefig(buffer, format="png", dpi=100)
        self.grafik.value = buffer.getvalue()
