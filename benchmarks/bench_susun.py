"""Benchmark: "Susun laporan" in the web app, from the click to the composed DRAF shown (issue 26: <= 3 s).

Two ``kinerja layani`` servers on one copy of the sample office (``kinerja init --contoh``, TW I 2025
handed over to the PPTK): one as shipped (a warm kernel and browser kept by the server,
:mod:`kinerja.web.susun`) and one with ``--tanpa-hangat`` (each report starts ``kinerja laporan`` in a
child process: a new kernel and browser). The PPTK's page is open in Debian's headless Chromium
on each; every round clicks "Susun laporan" on both, alternating which goes first, and measures
from the click until the new DRAF set is published and the page says "Laporan disusun". Prints the
median of ``--ulang`` rounds (5) side by side, each round's figures, and the machine's load.

The PPTK's identity comes from a small stand-in for the Hub's API (as in tests/test_web.py).

Run: ``.venv/bin/python benchmarks/bench_susun.py --ulang 5``
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
PEOPLE = ("siti", "dewi", "budi")


def hub() -> str:
    """A stand-in for JupyterHub's ``GET /hub/api/user`` (token ``rahasia-<user>``); its API URL."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server API
            token = self.headers.get("Authorization", "").removeprefix("token ").strip()
            user = token.removeprefix("rahasia-") if token.startswith("rahasia-") else ""
            body = json.dumps({"name": user, "kind": "user"}).encode()
            self.send_response(200 if user else 403)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/hub/api"


def office(root: Path) -> Path:
    """The sample office with TW I 2025 handed over to the PPTK (budi)."""
    from kinerja.alur.kunci import write_sample_keys
    from kinerja.alur.workflow import act
    from kinerja.config import load_workspace_config
    from kinerja.paths import Workspace

    write_sample_keys(Path(os.environ["XDG_CONFIG_HOME"]) / "kinerja" / "kunci", PEOPLE)
    subprocess.run([sys.executable, "-m", "kinerja.cli", "init", "--contoh", str(root / "kantor")], check=True,
                   capture_output=True, cwd=root)
    ws = Workspace(root / "kantor")
    config = load_workspace_config(ws.root)
    moment = dt.datetime(2025, 4, 10, 8, 0)
    for aksi, user, extra in (("tugaskan", "siti", {"penerima": "budi"}), ("perintahkan", "siti", {}),
                              ("serahkan_bahan", "dewi", {})):
        moment += dt.timedelta(minutes=10)
        act(ws, config, aksi, 2025, 1, username=user, now=moment, **extra)
    return ws.root


def serve(root: Path, api: str, *extra: str) -> tuple[subprocess.Popen, str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = dict(os.environ, JUPYTERHUB_API_URL=api, JUPYTERHUB_API_TOKEN="rahasia-budi", JUPYTERHUB_USER="budi",
               JUPYTER_RUNTIME_DIR=str(root.parent / f"runtime-{port}"))
    process = subprocess.Popen([sys.executable, "-m", "kinerja.cli", "--ruang-kerja", str(root), "layani", "--port",
                                str(port), "--token", "t", *extra], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    return process, f"http://127.0.0.1:{port}/?token=t&tahun=2025&triwulan=1"


def published(root: Path) -> str:
    pointer = root / "laporan" / "2025" / "triwulan-1" / "terkini.json"
    return pointer.read_text(encoding="utf-8") if pointer.is_file() else ""


def compose(page, root: Path) -> float:
    """Seconds from the click until the new DRAF is published and the page says so."""
    before = published(root)
    start = time.perf_counter()
    page.click("button:has-text('Susun laporan')")
    while published(root) == before:
        time.sleep(0.01)
    page.locator("button:has-text('Susun laporan')").wait_for(state="visible")
    page.wait_for_function("() => !document.querySelector(\"button[title^='Jalankan notebook laporan']\").disabled"
                           " && document.body.innerText.includes('Laporan disusun')", polling=20, timeout=300_000)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ulang", type=int, default=5, help="rounds (median of them)")
    rounds = parser.parse_args().ulang
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="kinerja-bench-susun-") as tmp:
        os.environ["XDG_CONFIG_HOME"] = str(Path(tmp) / "rumah")
        os.environ["XDG_CACHE_HOME"] = str(Path(tmp) / "rumah" / "cache")
        root = office(Path(tmp))
        api = hub()
        servers = {"dingin": serve(root, api, "--tanpa-hangat"), "hangat": serve(root, api)}
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                pages = {}
                for name, (_process, url) in servers.items():
                    page = browser.new_page(viewport={"width": 1366, "height": 768})
                    for _ in range(120):
                        try:
                            page.goto(url, wait_until="commit", timeout=240_000)
                            break
                        except Exception:  # noqa: BLE001 - the server is still starting
                            time.sleep(0.5)
                    page.wait_for_selector("button:has-text('Susun laporan')", timeout=240_000)
                    pages[name] = page
                compose(pages["hangat"], root)  # the warm parts are up (started with the server)
                figures: dict[str, list[float]] = {"dingin": [], "hangat": []}
                loads = []
                print(f"{'putaran':>8} {'dingin (s)':>11} {'hangat (s)':>11}   beban 1 menit")
                for i in range(rounds):
                    order = ("dingin", "hangat") if i % 2 == 0 else ("hangat", "dingin")
                    for name in order:
                        figures[name].append(compose(pages[name], root))
                    loads.append(os.getloadavg()[0])
                    print(f"{i + 1:>8} {figures['dingin'][-1]:>11.2f} {figures['hangat'][-1]:>11.2f}   {loads[-1]:.2f}")
                browser.close()
        finally:
            for process, _url in servers.values():
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=120)
        cold, warm = statistics.median(figures["dingin"]), statistics.median(figures["hangat"])
        print(f"median dari {rounds}: dingin {cold:.2f} s, hangat {warm:.2f} s ({cold / warm:.1f}x); "
              f"beban 1 menit {min(loads):.2f}-{max(loads):.2f} pada {os.cpu_count()} inti")


if __name__ == "__main__":
    main()
