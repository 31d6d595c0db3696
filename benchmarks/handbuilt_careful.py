"""The careful hand-built pipeline of the same tools, for bench_laporan.py (not used by kinerja).

``handbuilt_pipeline.py`` with the two changes a careful person makes (issue 26): the annual
notebook goes first into the same two-notebook pool (it reads only approved quarters' stored
results, never this run's drafts, so it need not wait for the quarters: kinerja runs it first
too), each PDF is printed as soon as its notebook finishes (whichever finishes first), and one
browser page is reused for every PDF. Everything else is the same: papermill's API (no per-cell
saves, absolute paths), a fresh kernel per notebook (papermill's default), the kinerja HTML
template through nbconvert in-process, Playwright printing A4 with kinerja's running footer, and
no waits anywhere.

Usage: handbuilt_careful.py WORKSPACE NOTEBOOKS_DIR TEMPLATES_DIR BROWSER
"""

import sys
from concurrent.futures import ThreadPoolExecutor, as_completed
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
    page = chromium.new_page()  # one page for every PDF

    def document(base, nb):
        html, _ = exporter.from_notebook_node(nb)
        base.with_suffix(".html").write_text(html, encoding="utf-8")
        page.goto(base.with_suffix(".html").as_uri())
        page.pdf(path=str(base.with_suffix(".pdf")), format="A4", print_background=True, display_header_footer=True,
                 header_template="<div></div>", footer_template=FOOTER,
                 margin={"top": "22mm", "bottom": "20mm", "left": "20mm", "right": "18mm"})

    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = [pool.submit(execute, triwulan) for triwulan in (None, 1, 2, 3, 4)]  # the annual notebook first
        for done in as_completed(runs):  # each PDF as soon as its notebook is done
            document(*done.result())
    chromium.close()
