"""``kinerja layani`` as a long-running server, in Debian's headless Chromium: no kernel is left
behind per page view, the page is Indonesian, and a page whose server is gone says so.

Kernels are counted as the server's child processes running ``ipykernel`` (what the machine
pays for); the test waits for that count to reach its expected value, never for a time.
"""

from __future__ import annotations

import contextlib
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


@contextlib.contextmanager
def running_server(tmp_path, name: str = "layani", *extra: str):
    """``kinerja layani`` on a free port with the token ``rahasia`` (and ``extra`` options), until the block ends;
    yields (process, the address with the token, the log file)."""
    import socket
    import urllib.request

    ws = make_workspace(tmp_path / "ruang-kerja") if not (tmp_path / "ruang-kerja").exists() else None
    root = ws.root if ws else tmp_path / "ruang-kerja"
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp_path / f"runtime-{name}"), IPYTHONDIR=str(tmp_path / "ipython"),
               PYTHONUNBUFFERED="1", JUPYTERHUB_API_URL="", JUPYTERHUB_API_TOKEN="", JUPYTERHUB_USER="")
    log = tmp_path / f"{name}.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "kinerja.cli", "--ruang-kerja", str(root), "layani", "--port", str(port),
         "--token", "rahasia", *extra], env=env, cwd=tmp_path, stdout=log.open("w"), stderr=subprocess.STDOUT,
        start_new_session=True)

    def answers():
        if process.poll() is not None:
            raise AssertionError(f"kinerja layani exited: {log.read_text()}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/voila/static/voila.js", timeout=2).close()
            return True
        except OSError:
            return False

    try:
        wait_until(answers, "the server answers")
        yield process, f"http://127.0.0.1:{port}/?token=rahasia", log
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


@pytest.fixture
def server(tmp_path):
    with running_server(tmp_path) as running:
        yield running


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


def test_the_token_becomes_a_session_and_an_old_bookmark_lands_on_an_indonesian_page(tmp_path):
    from playwright.sync_api import expect, sync_playwright

    with running_server(tmp_path) as (process, url, log), sync_playwright() as p:
        base = url.split("?")[0]
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            # the link printed at start: the token is exchanged for a session cookie, the address loses it
            context = browser.new_context()
            page = context.new_page()
            page.goto(url + "&tahun=2025&triwulan=1", wait_until="commit", timeout=240_000)
            page.wait_for_selector(".kinerja-aplikasi", timeout=240_000)
            assert page.url == base + "?tahun=2025&triwulan=1"  # the token is gone, the choices kept
            [cookie] = [c for c in context.cookies() if c["name"].startswith("username-")]
            assert cookie["httpOnly"] and cookie["expires"] > 0  # a session with an end, not a token to keep
            assert 11.5 * 3600 < cookie["expires"] - time.time() <= 12 * 3600
            page.reload(wait_until="commit", timeout=240_000)  # the clean address works on its own
            page.wait_for_selector(".kinerja-aplikasi", timeout=240_000)

            # an old bookmark (another token, a browser without the session): a kinerja page in Indonesian
            stranger = browser.new_context().new_page()
            stranger.goto(base + "?token=lama&tahun=2025", timeout=240_000)
            assert stranger.url.startswith(base + "login?")
            assert stranger.get_attribute("html", "lang") == "id"
            assert stranger.title() == "Masuk · Alur Data Kinerja"
            shown = stranger.inner_text("body")
            assert "Sesi Anda sudah berakhir" in shown and "buka lagi alamat lengkap yang tercetak" in shown
            assert "Password" not in shown and "lama" not in stranger.get_attribute("form", "action")
            stranger.fill("#kinerja-token", "salah")  # a wrong token: said, still in Indonesian
            stranger.click("button:has-text('Masuk')")
            expect(stranger.locator(".galat")).to_contain_text("Token itu tidak cocok")
            stranger.fill("#kinerja-token", "rahasia")  # the token from the terminal: the app, at the clean address
            stranger.click("button:has-text('Masuk')")
            stranger.wait_for_selector(".kinerja-aplikasi", timeout=240_000)
            assert stranger.url == base + "?tahun=2025"
        finally:
            browser.close()


def test_an_expired_session_lands_on_the_indonesian_page_and_a_kept_cookie_is_refused(tmp_path):
    from playwright.sync_api import sync_playwright

    with running_server(tmp_path, "sesi", "--sesi-jam", "0.01") as (process, url, log), sync_playwright() as p:
        base = url.split("?")[0]
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context()
            page = context.new_page()
            page.goto(url, wait_until="commit", timeout=240_000)
            page.wait_for_url(base, timeout=240_000)  # exchanged: a session of 36 seconds
            [cookie] = [c for c in context.cookies() if c["name"].startswith("username-")]
            assert cookie["expires"] - time.time() <= 36

            def asks_again():
                page.goto(base, wait_until="domcontentloaded", timeout=240_000)
                return "Sesi Anda sudah berakhir" in page.inner_text("body")

            wait_until(asks_again, "the page asks for the link again once the session ended")
            assert page.url.startswith(base + "login?")
            # the same cookie kept by hand past its end (a copied cookie, a wrong browser clock): the server refuses it
            context.add_cookies([{**cookie, "expires": time.time() + 3600}])
            page.goto(base, wait_until="domcontentloaded", timeout=240_000)
            assert page.url.startswith(base + "login?") and "Sesi Anda sudah berakhir" in page.inner_text("body")
        finally:
            browser.close()
