"""The review form for real: JupyterLab on localhost, the notebook in headless Chromium, a click.

Debian's Chromium is driven by Playwright through an explicit executable path (never a
downloaded browser). The server runs in a temporary workspace with ``KINERJA_WORKSPACE`` and
``JUPYTERHUB_USER`` set, so the kernel inherits the workspace and the Sekretaris identity; the
decision is read back from the SQLite database.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from _util_alur import drive, make_workspace

from kinerja.alur.workflow import history
from kinerja.paths import NOTEBOOKS_DIR

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.is_file(), reason="Debian's /usr/bin/chromium is not installed"),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_server(url: str, process: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"JupyterLab exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"JupyterLab did not answer at {url}")


def test_review_notebook_setujui_in_chromium(tmp_path, config, hub, sample_raw):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    ws = make_workspace(tmp_path / "ruang-kerja", reports_for=(1,))
    drive(ws, config, "ajukan")
    shutil.copytree(sample_raw, ws.raw, dirs_exist_ok=True)  # the summary shows the sample's TW I capaian
    shutil.copy(NOTEBOOKS_DIR / "review.ipynb", ws.root / "review.ipynb")
    port, token = _free_port(), secrets.token_hex(16)
    env = dict(os.environ, KINERJA_WORKSPACE=str(ws.root), **hub("siti"),
               JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"), JUPYTER_CONFIG_DIR=str(tmp_path / "config"),
               IPYTHONDIR=str(tmp_path / "ipython"))
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}", "--ip=127.0.0.1", "--allow-root",
         f"--ServerApp.token={token}", f"--ServerApp.root_dir={ws.root}", "--ServerApp.port_retries=0",
         "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
        env=env, cwd=ws.root, stdout=subprocess.DEVNULL, stderr=(tmp_path / "jupyter.log").open("w"),
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for_server(f"{base}/api/status?token={token}", server)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                page.goto(f"{base}/lab/tree/review.ipynb?token={token}", timeout=90_000)
                page.wait_for_selector(".jp-Notebook", timeout=90_000)
                select_kernel = page.locator(".jp-Dialog button.jp-mod-accept")
                try:  # JupyterLab may ask which kernel to start; the notebook's own (python3) is preselected
                    select_kernel.wait_for(state="visible", timeout=15_000)
                    select_kernel.click()
                except PlaywrightTimeout:
                    pass
                page.click("div.lm-MenuBar-itemLabel:text-is('Run')")
                page.click("li.lm-Menu-item:has-text('Run All Cells')")
                button = page.locator("button.jupyter-button:has-text('Setujui')")
                try:
                    button.wait_for(state="visible", timeout=90_000)
                except Exception:
                    page.screenshot(path=str(Path(os.environ.get("KINERJA_DEBUG_DIR", tmp_path)) / "jupyterlab.png"))
                    raise
                assert button.is_enabled()
                assert page.locator("h4:has-text('Capaian kinerja')").count() == 1
                button.click()
                page.wait_for_selector("text=Tercatat", timeout=60_000)
                if os.environ.get("KINERJA_DEBUG_DIR"):
                    page.screenshot(path=str(Path(os.environ["KINERJA_DEBUG_DIR"]) / "after.png"), full_page=True)
            finally:
                browser.close()
        decisions = [(e.aksi, e.pengguna) for e in history(ws, 2025, 1)]
        assert decisions[-1] == ("setujui", "siti")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


@pytest.mark.notebook
def test_review_notebook_runs_with_papermill(tmp_path, config, monkeypatch, hub):
    """The thin notebook executes in a real kernel with injected parameters and shows the form."""
    import json

    import papermill

    ws = make_workspace(tmp_path / "ruang-kerja", reports_for=(2,))
    drive(ws, config, "ajukan", triwulan=2)
    monkeypatch.setenv("KINERJA_WORKSPACE", str(ws.root))
    for name, value in hub("budi").items():  # a PPTK: the form must show the refusal
        monkeypatch.setenv(name, value)
    output = tmp_path / "review-out.ipynb"
    papermill.execute_notebook(str(NOTEBOOKS_DIR / "review.ipynb"), str(output), parameters={"tahun": 2025, "triwulan": 2},
                               kernel_name="python3", progress_bar=False, cwd=str(tmp_path))
    notebook = json.loads(output.read_text())
    cells = notebook["cells"]
    assert not [c for c in cells if c["cell_type"] == "code" and "def " in "".join(c["source"])]
    views = [o for c in cells if c["cell_type"] == "code" for o in c.get("outputs", [])
             if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert len(views) == 2  # the review form and the status board
    assert history(ws, 2025, 2)[-1].aksi == "ajukan"  # showing a form decides nothing
    state = json.dumps(notebook["metadata"]["widgets"], ensure_ascii=False)
    assert "tidak memegang peran Sekretaris" in state  # the refusal is visible on the form
