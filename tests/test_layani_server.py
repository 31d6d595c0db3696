"""``kinerja layani`` as a long-running server, in Debian's headless Chromium: no kernel is left
behind per page view, the page is Indonesian, and a page whose server is gone says so.

Kernels are counted as the server's child processes running ``ipykernel`` (what the machine
pays for); the test waits for that count to reach its expected value, never for a time.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from _util_alur import make_workspace

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
PAGES = 20

pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.is_file(), reason="Debian's /usr/bin/chromium is not installed"),
]


def kernels_of(pid: int) -> list[int]:
    """The ``ipykernel`` processes whose parent is ``pid`` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == pid and "ipykernel" in cmdline:
            found.append(int(entry.name))
    return found


def wait_until(condition, what: str, limit: float = 300):
    """Poll ``condition`` until it returns a truthy value (a bound only against a hang)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.25)
    raise AssertionError(f"never reached: {what}")


@pytest.fixture
def server(tmp_path):
    import socket
    import urllib.request

    ws = make_workspace(tmp_path / "ruang-kerja")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"), IPYTHONDIR=str(tmp_path / "ipython"),
               PYTHONUNBUFFERED="1", JUPYTERHUB_API_URL="", JUPYTERHUB_API_TOKEN="", JUPYTERHUB_USER="")
    log = tmp_path / "layani.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "kinerja.cli", "--ruang-kerja", str(ws.root), "layani", "--port", str(port),
         "--token", "rahasia"], env=env, cwd=tmp_path, stdout=log.open("w"), stderr=subprocess.STDOUT,
        start_new_session=True)

    def answers():
        if process.poll() is not None:
            raise AssertionError(f"kinerja layani exited: {log.read_text()}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/voila/static/voila.js", timeout=2).close()
            return True
        except OSError:
            return False

    wait_until(answers, "the server answers")
    yield process, f"http://127.0.0.1:{port}/?token=rahasia", log
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_twenty_page_views_leave_no_kernel_and_a_dead_server_shows_a_banner(server):
    from playwright.sync_api import expect, sync_playwright

    process, url, log = server
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1366, "height": 768})
            page = context.new_page()
            page.goto(url, wait_until="commit", timeout=240_000)
            page.wait_for_selector(".kinerja-aplikasi", timeout=240_000)
            assert page.get_attribute("html", "lang") == "id"
            assert page.title() == "Alur Data Kinerja"
            shown = page.inner_text("body")
            assert "Running" not in shown and "Loading widget" not in shown and "Tugas saya" in shown
            page.close(run_before_unload=True)  # a closed tab
            # 19 more page views: reloads, a tab navigated away, closed tabs
            views = 1
            page = context.new_page()
            while views < PAGES:
                if views % 3 == 1:
                    page.goto(url, wait_until="commit", timeout=240_000)
                elif views % 3 == 2:
                    page.reload(wait_until="commit", timeout=240_000)
                else:
                    page.close(run_before_unload=True)
                    page = context.new_page()
                    page.goto(url, wait_until="commit", timeout=240_000)
                page.wait_for_selector(".kinerja-aplikasi", timeout=240_000)
                views += 1
                # the page before this one gave its kernel back: at most this page's kernel runs
                wait_until(lambda: len(kernels_of(process.pid)) <= 1, f"one kernel after {views} page views")
            assert len(kernels_of(process.pid)) == 1
            page.goto("about:blank")  # the last page navigated away
            wait_until(lambda: kernels_of(process.pid) == [], "no kernel once every page is gone")
            assert "_xsrf' argument missing" not in log.read_text()

            # a page whose server stopped says so, instead of buttons that do nothing
            page.goto(url, wait_until="commit", timeout=240_000)
            page.wait_for_selector(".kinerja-aplikasi", timeout=240_000)
            expect(page.locator("#kinerja-terputus")).to_be_hidden()
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=60)
            expect(page.locator("#kinerja-terputus")).to_be_visible(timeout=60_000)
            expect(page.locator("#kinerja-terputus")).to_contain_text("Sambungan ke server terputus, muat ulang")
        finally:
            browser.close()
