"""The material panel of ``kinerja layani`` in Debian's headless Chromium (issue 21's follow-ups): the "Tarik:"
list chooses nothing for the analyst and an empty withdrawal is refused with a message; a person whose signing
key the server does not have is told in Indonesian what is wrong and whom to ask, without a server path or a
command (the details go to the server's log)."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from _util_alur import START, clean_material, drive, make_workspace
from test_layani_server import CHROMIUM, CHROMIUM_ARGS, running_server, wait_until

from kinerja.alur.bahan import simpan_bahan
from kinerja.alur.forms import PILIH_TARIK
from kinerja.alur.store import Store
from kinerja.alur.workflow import history
from kinerja.config import load_config

pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.is_file(), reason="Debian's /usr/bin/chromium is not installed"),
]


def _shots(tmp_path: Path) -> Path:
    shots = Path(os.environ.get("KINERJA_SCREENSHOT_DIR") or tmp_path / "layar")
    shots.mkdir(parents=True, exist_ok=True)
    return shots


def _open(p, url: str):
    browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(url + "&tahun=2025&triwulan=1", wait_until="commit", timeout=180_000)
    page.wait_for_selector(".kinerja-aplikasi", timeout=180_000)
    return browser, page


def test_the_withdrawal_list_chooses_nothing_and_an_empty_withdrawal_is_refused(tmp_path, hub):
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=60_000)
    ws = make_workspace(tmp_path / "ruang-kerja")
    config = load_config(ws.config_file)
    drive(ws, config, "perintahkan")
    source = clean_material(make_workspace(tmp_path / "analis"), 2025, 1)[:2]
    for path in source:
        simpan_bahan(ws, config, 2025, 1, path.name, path.read_bytes(), username="dewi",
                     now=START + dt.timedelta(hours=1))
    recorded = len(history(ws, 2025, 1))
    with running_server(tmp_path, "layani", "--tanpa-hangat", env_extra=hub("dewi")) as (_process, url, _log), \
            sync_playwright() as p:
        browser, page = _open(p, url)
        try:
            pilih = page.get_by_label("Tarik:")
            expect(pilih).to_be_visible()
            expect(pilih.locator("option:checked")).to_have_text(PILIH_TARIK)
            expect(pilih.locator("option")).to_have_text([PILIH_TARIK, *(q.name for q in source)])
            page.click("button:has-text('Tarik lembar kerja')")
            expect(page.get_by_text(re.compile("Ditolak: pilih dahulu lembar kerja yang akan ditarik"))).to_be_visible()
            page.screenshot(path=str(_shots(tmp_path) / "tarik-kosong.png"), full_page=True)
            assert len(history(ws, 2025, 1)) == recorded  # nothing withdrawn, nothing recorded
            pilih.select_option(source[0].name)
            page.get_by_placeholder("Alasan menarik lembar kerja ini (wajib)").fill("Salah unit kerja")
            page.click("button:has-text('Tarik lembar kerja')")
            expect(page.get_by_text(f"{source[0].name} ditarik dari bahan laporan")).to_be_visible()
            expect(pilih.locator("option")).to_have_text([PILIH_TARIK, source[1].name])
            expect(pilih.locator("option:checked")).to_have_text(PILIH_TARIK)
            page.screenshot(path=str(_shots(tmp_path) / "tarik-sesudah.png"), full_page=True)
        finally:
            browser.close()
    last = history(ws, 2025, 1)[-1]
    assert (last.aksi, last.berkas, last.catatan) == ("tarik_bahan", source[0].name, "Salah unit kerja")


def test_a_person_without_a_signing_key_is_told_whom_to_ask_without_server_paths(tmp_path, hub):
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=60_000)
    ws = make_workspace(tmp_path / "ruang-kerja")
    empty_home = tmp_path / "rumah-tanpa-kunci"  # the server's user has no key folder: siti's key is not there
    env = {**hub("siti"), "XDG_CONFIG_HOME": str(empty_home)}
    with running_server(tmp_path, "layani", "--tanpa-hangat", env_extra=env) as (_process, url, log), \
            sync_playwright() as p:
        browser, page = _open(p, url)
        try:
            page.click("button:has-text('Tugaskan PPTK')")
            pesan = page.locator(".kinerja-formulir").get_by_text(re.compile("^Ditolak: Aksi Anda tidak dapat ditandatangani"))
            expect(pesan).to_be_visible()
            expect(pesan).to_contain_text("Hubungi admin aplikasi kinerja (petugas TI kantor Anda)")
            expect(pesan).to_contain_text("'siti'")
            page.screenshot(path=str(_shots(tmp_path) / "tanpa-kunci.png"), full_page=True)
            shown = page.locator(".kinerja-aplikasi").inner_text()
            for secret in (str(tmp_path), str(empty_home), ".pem", "kinerja kunci buat", "kinerja.toml"):
                assert secret not in shown, secret

            def logged():  # the details are in the server's log: where the key was looked for, the admin's command
                text = log.read_text(encoding="utf-8", errors="replace")
                return "ditolak karena kunci tanda tangan" in text and "kinerja kunci buat" in text

            wait_until(logged, "the refusal's details in the server's log", limit=60)
        finally:
            browser.close()
    if ws.database.is_file():
        with Store(ws.database) as store:
            assert store.events() == []  # nothing recorded
