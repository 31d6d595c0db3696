"""The exploration panel: source cells, filters, an offline table and a chart; it never writes."""

from __future__ import annotations

import json

import pytest

from kinerja.paths import NOTEBOOKS_DIR
from kinerja.web.jelajah import SEMUA, Jelajah, explore_frame, filter_frame, table_html


def _snapshot(root):
    return sorted((p.relative_to(root).as_posix(), p.stat().st_mtime_ns) for p in root.rglob("*") if p.is_file())


def test_each_value_names_its_source_cell(sample_workspace, config):
    tabel, tidak_dihitung = explore_frame(sample_workspace, config, 2025, 2)
    row = tabel[(tabel["unit"] == "IRBAN-1") & (tabel["kode"] == "IKU-03")].iloc[0]
    assert row["sumber_realisasi"].startswith("rencana-aksi-irban-1.xlsx!")
    assert row["status"] == "tidak dihitung" and len(tidak_dihitung) >= 1  # the sample's 222 % typo
    only = filter_frame(tabel, unit="IRBAN-1", arah="negatif")
    assert len(only) >= 1 and set(only["unit"]) == {"IRBAN-1"} and set(only["arah"]) == {"negatif"}


def test_table_is_offline_and_the_panel_follows_filters_without_writing(sample_workspace, config):
    before = _snapshot(sample_workspace.root)
    panel = Jelajah(workspace=sample_workspace, config=config, tahun=2025, triwulan=1)
    everything = len(panel.terpilih)
    panel.saring["predikat"].value = "Sangat Tinggi"
    assert 0 < len(panel.terpilih) < everything and set(panel.terpilih["predikat"]) == {"Sangat Tinggi"}
    panel.saring["predikat"].value = SEMUA
    assert len(panel.terpilih) == everything
    html = table_html(panel.terpilih)
    assert "<script" in html and "cdn." not in html and "Sel realisasi" in html
    assert _snapshot(sample_workspace.root) == before


@pytest.mark.notebook
@pytest.mark.parametrize("name", ["jelajah.ipynb", "alur.ipynb"])
def test_notebooks_are_thin_and_run(name, sample_workspace, tmp_path, monkeypatch):
    import papermill

    monkeypatch.setenv("KINERJA_WORKSPACE", str(sample_workspace.root))
    output = tmp_path / name
    papermill.execute_notebook(str(NOTEBOOKS_DIR / name), str(output), parameters={"tahun": 2025, "triwulan": 1},
                               kernel_name="python3", progress_bar=False, cwd=str(tmp_path))
    cells = json.loads(output.read_text())["cells"]
    code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    assert not [c for c in code if "def " in c or "class " in c]
    views = [o for c in cells if c["cell_type"] == "code" for o in c.get("outputs", [])
             if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert len(views) == 1
