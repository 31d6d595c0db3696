"""``kinerja layani`` as a long-running server, in Debian's headless Chromium: no kernel is left
behind per page view, the page is Indonesian, and a page whose server is gone says so.

Kernels are counted as the server's child processes running ``ipykernel`` (what the machine
pays for); the test waits for that count to reach its expected value, never for a time.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from _util_alur import drive, make_workspace

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
PAGES = 20

pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.is_file(), reason="Debian's /usr/bin/chromium is not installed"),
]


WARM = "kinerja-kernel-"
"""In the command line of the report kernel ``kinerja layani`` keeps warm (its connection file's folder)."""


def kernels_of(pid: int, *, warm: bool = False) -> list[int]:
    """The pages' ``ipykernel`` processes whose parent is ``pid`` (from /proc); ``warm``: instead the
    warm report kernel the server keeps for "Susun laporan"."""
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
        if parent == pid and "ipykernel" in cmdline and (WARM in cmdline) == warm:
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
def running_server(tmp_path, name: str = "layani", *extra: str, env_extra: dict | None = None):
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
    env.update(env_extra or {})
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


class DRAFTLESS:  # noqa: N801 - stands for "no set published yet" in a wait
    folder = Path("-")


def descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def browsers_of(pid: int) -> list[int]:
    """The headless Chromium main processes below ``pid`` (not their renderers and helpers)."""
    found = []
    for child in descendants(pid):
        try:
            cmdline = (Path("/proc") / str(child) / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if cmdline.split(" ")[0].endswith(("chromium", "chrome")) and "--type=" not in cmdline and running(child):
            found.append(child)
    return found


def running(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_susun_laporan_runs_on_the_servers_warm_kernel_and_browser_and_equals_the_command(tmp_path, hub):
    import json

    from docx import Document
    from playwright.sync_api import expect, sync_playwright

    from kinerja import terbitan
    from kinerja.config import load_workspace_config

    ws = make_workspace(tmp_path / "ruang-kerja")
    drive(ws, load_workspace_config(ws.root), "serahkan_bahan")  # TW I 2025: the PPTK composes now
    folder = ws.report_dir(2025, 1)
    with running_server(tmp_path, env_extra=hub("budi")) as (process, url, log), sync_playwright() as p:
        warm = wait_until(lambda: kernels_of(process.pid, warm=True), "the warm report kernel runs")
        assert len(warm) == 1
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1366, "height": 768})
            page.goto(url + "&tahun=2025&triwulan=1", wait_until="commit", timeout=240_000)
            page.wait_for_selector(".kinerja-aplikasi", timeout=240_000)
            for composed in (1, 2):
                page.click("button:has-text('Susun laporan')")
                wait_until(lambda n=composed: (terbitan.current(folder) or DRAFTLESS).folder.name == f"versi-{n}",
                           f"report {composed} published")
                expect(page.locator("button:has-text('Susun laporan')")).to_be_enabled(timeout=240_000)
                expect(page.get_by_text(re.compile("Laporan disusun"))).to_be_visible()
            assert kernels_of(process.pid, warm=True) == warm  # the same kernel both times, still running

            # the warm kernel and the browser die (killed): the server starts them again, the next report works
            browser_before = browsers_of(process.pid)
            assert len(browser_before) == 1
            os.kill(warm[0], signal.SIGKILL)
            os.kill(browser_before[0], signal.SIGKILL)
            warm = wait_until(lambda: [k for k in kernels_of(process.pid, warm=True) if running(k) and k != warm[0]],
                              "a new warm kernel")
            wait_until(lambda: [b for b in browsers_of(process.pid) if b not in browser_before], "a new browser")
            page.click("button:has-text('Susun laporan')")
            wait_until(lambda: terbitan.current(folder).folder.name == "versi-3", "report 3 published")
            expect(page.locator("button:has-text('Susun laporan')")).to_be_enabled(timeout=240_000)
            expect(page.get_by_text(re.compile("Laporan disusun"))).to_be_visible()
            assert kernels_of(process.pid, warm=True) == warm
            server_parts = descendants(process.pid)
        finally:
            browser.close()
        warm_set = terbitan.current(folder)
        notebook = json.loads(warm_set.path("laporan-triwulan-1-2025.ipynb").read_text(encoding="utf-8"))
        counts = [c["execution_count"] for c in notebook["cells"] if c["cell_type"] == "code" and c["execution_count"]]
        second = json.loads((folder / "versi-2" / "laporan-triwulan-1-2025.ipynb").read_text(encoding="utf-8"))
        first = json.loads((folder / "versi-1" / "laporan-triwulan-1-2025.ipynb").read_text(encoding="utf-8"))
        ran_before = sum(1 for c in first["cells"] if c["cell_type"] == "code" and c["execution_count"])
        assert min(c["execution_count"] for c in second["cells"] if c["cell_type"] == "code" and c["execution_count"]) \
            > ran_before  # the second report ran in the kernel that had run the first
        assert min(counts) == 1  # the third in the kernel started again after the first one died

        # the cold path: the command in its own process, as before; the same report
        env = {k: v for k, v in os.environ.items() if not k.startswith("KINERJA_SUSUN")}
        subprocess.run([sys.executable, "-m", "kinerja.cli", "--ruang-kerja", str(ws.root), "laporan", "triwulan",
                        "--tahun", "2025", "--triwulan", "1"], env=env, check=True, capture_output=True)
        cold_set = terbitan.current(folder)
        assert cold_set.folder.name == "versi-4"
        for name in ("capaian.json", "temuan.json"):
            assert warm_set.path(name).read_bytes() == cold_set.path(name).read_bytes(), name

        def undated(text):  # when it was made ("Dibuat ... pada <date> pukul <time>") is the one line that may differ
            return re.sub(r"(pada |, )\d{1,2} \w+ \d{4} pukul \d{2}\.\d{2}", r"\1(waktu)", text)

        html = [undated(s.path("laporan-triwulan-1-2025.html").read_text(encoding="utf-8")) for s in (warm_set, cold_set)]
        assert html[0] == html[1] and "pada (waktu)" in html[0]
        meta = [json.loads(s.path("meta.json").read_text(encoding="utf-8")) for s in (warm_set, cold_set)]
        assert [{k: v for k, v in m.items() if k != "dibuat"} for m in meta] == [
            {k: v for k, v in meta[1].items() if k != "dibuat"}] * 2

        def text(path):
            document = Document(str(path))
            return [undated(p.text) for p in document.paragraphs] + [
                undated(c.text) for t in document.tables for r in t.rows for c in r.cells]

        assert text(warm_set.path("laporan-triwulan-1-2025.docx")) == text(cold_set.path("laporan-triwulan-1-2025.docx"))
        assert warm_set.info["status"] == cold_set.info["status"] == "draf"

        # the server stops (SIGTERM to it alone): its warm kernel and browser stop with it
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=120)
        wait_until(lambda: not any(running(pid) for pid in server_parts), "no process of the server left")
        assert not any(running(pid) for pid in warm)
