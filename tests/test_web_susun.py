"""The app's cold "Susun laporan" (``kinerja layani --tanpa-hangat``: ``kinerja laporan`` in a child process)
has a time limit, ``[batas] batas_waktu_susun``: past it the page says so in Indonesian and the child, with its
kernel and browser, is ended (Debian's headless Chromium drives the page)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from _util_alur import drive, make_workspace
from test_layani_server import CHROMIUM, CHROMIUM_ARGS, running_server, wait_until

from kinerja.alur.forms import BELUM_ADA_LAPORAN
from kinerja.config import load_config

pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.is_file(), reason="Debian's /usr/bin/chromium is not installed"),
]


def _report_children(root: Path) -> list[int]:
    """Processes running ``kinerja laporan`` for this workspace (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        words = [w.decode(errors="replace") for w in cmdline]
        if str(root) in words and "laporan" in words and "kinerja.cli" in words:
            found.append(int(entry.name))
    return found


def test_a_cold_susun_past_its_limit_is_ended_and_the_page_says_so(tmp_path, hub):
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=120_000)
    ws = make_workspace(tmp_path / "ruang-kerja")
    text = ws.config_file.read_text(encoding="utf-8")
    assert "batas_waktu_susun = 900" in text
    ws.config_file.write_text(text.replace("batas_waktu_susun = 900", "batas_waktu_susun = 0.001"), encoding="utf-8")
    config = load_config(ws.config_file)
    assert config.batas.batas_waktu_susun == 0.001  # no report is composed in a millisecond: always passed
    drive(ws, config, "serahkan_bahan")  # the PPTK composes next
    shots = Path(os.environ.get("KINERJA_SCREENSHOT_DIR") or tmp_path / "layar")
    shots.mkdir(parents=True, exist_ok=True)
    with running_server(tmp_path, "layani", "--tanpa-hangat", env_extra=hub("budi")) as (_process, url, _log), \
            sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(url + "&tahun=2025&triwulan=1", wait_until="commit", timeout=180_000)
            page.wait_for_selector(".kinerja-aplikasi", timeout=180_000)
            laporan = page.get_by_label("Laporan:")  # nothing composed yet: the list says so instead of showing nothing
            expect(laporan.locator("option:checked")).to_have_text(BELUM_ADA_LAPORAN)
            page.click(".kinerja-formulir button:has-text('Susun laporan')")
            expect(page.get_by_text(re.compile(
                r"Laporan gagal disusun: Penyusunan laporan dihentikan karena melewati batas waktu 0,001 detik; "
                r"laporan belum disusun\."))).to_be_visible()
            expect(page.locator(".kinerja-formulir button:has-text('Susun laporan')")).to_be_enabled()
            page.screenshot(path=str(shots / "susun-batas-waktu.png"), full_page=True)
            shown = page.locator(".kinerja-aplikasi").inner_text()
            assert "Traceback" not in shown and str(tmp_path) not in shown
            wait_until(lambda: not _report_children(ws.root), "no 'kinerja laporan' child left", limit=60)
        finally:
            browser.close()
    assert not ws.report_dir(2025, 1).exists() or not any(ws.report_dir(2025, 1).glob("versi-*"))
