"""The best hand-built pipeline of the same tools, for bench_laporan.py (not used by kinerja).

What a careful person writes in ~40 lines with papermill, nbconvert and Playwright: one
process, two notebooks at a time (threads; absolute paths, no ``cwd``), no per-cell notebook
saves, the kinerja HTML template in-process, one browser printing each PDF (A4, running header
and page footer like kinerja's) while the next notebooks run, then the annual notebook.
Fresh kernel per notebook (papermill's default): keeping kernels warm needs kernel-manager
plumbing that is not part of these tools' public recipes.

Usage: handbuilt_pipeline.py WORKSPACE NOTEBOOKS_DIR TEMPLATES_DIR BROWSER
"""

import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import papermill as pm
from nbconvert import HTMLExporter
from playwright.sync_api import sync_playwright
from traitlets.config import Config

root, notebooks, templates, browser = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
TAHUN = 2025
FOOTER = ('<div style="font-size:7.5pt;width:100%;margin:0 18mm 0 20mm;text-align:right">'
          'Halaman <span class="pageNumber"></span> dari <span class="totalPages"></span></div>')


def execute(triwulan):
    name = f"triwulan-{triwulan}" if triwulan else "tahunan"
    folder = root / "rakitan" / str(TAHUN) / name  # not under laporan/: official sets are kinerja's only (kinerja.resmi)
    folder.mkdir(parents=True, exist_ok=True)
    params = {"tahun": TAHUN, "ruang_kerja": str(root), "keluaran": str(folder)}
    if triwulan:
        params["triwulan"] = triwulan
    source = notebooks / ("triwulan.ipynb" if triwulan else "tahunan.ipynb")
    nb = pm.execute_notebook(str(source), str(folder / f"{name}.ipynb"), parameters=params,
                             progress_bar=False, request_save_on_cell_execute=False)
    return folder / name, nb


settings = Config()
settings.HTMLExporter.template_name = "kinerja"
settings.HTMLExporter.extra_template_basedirs = [str(templates)]
settings.HTMLExporter.exclude_input = True
settings.HTMLExporter.embed_images = True
exporter = HTMLExporter(config=settings)

with sync_playwright() as playwright:
    chromium = playwright.chromium.launch(executable_path=browser, args=["--no-sandbox", "--disable-gpu"])

    def document(base, nb):
        html, _ = exporter.from_notebook_node(nb)
        base.with_suffix(".html").write_text(html, encoding="utf-8")
        page = chromium.new_page()
        page.goto(base.with_suffix(".html").as_uri())
        page.pdf(path=str(base.with_suffix(".pdf")), format="A4", print_background=True, display_header_footer=True,
                 header_template="<div></div>", footer_template=FOOTER,
                 margin={"top": "22mm", "bottom": "20mm", "left": "20mm", "right": "18mm"})
        page.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        for base, nb in pool.map(execute, [1, 2, 3, 4]):  # in order, printing while the rest run
            document(base, nb)
    document(*execute(None))
    chromium.close()
