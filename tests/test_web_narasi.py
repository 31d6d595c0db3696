"""The LKjIP's narasi uploaded in ``kinerja layani`` (Debian's headless Chromium) is a signed event of the
annual case: the Kasubag Perencanaan uploads a filled narasi on his annual task, the page says it was stored
and recorded, the history holds a ``simpan_narasi`` with the file's checksum, and the audit is clean until the
file is changed outside the app."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import pytest
from _util_alur import drive, make_workspace, publish_report
from click.testing import CliRunner
from test_layani_server import CHROMIUM, CHROMIUM_ARGS, running_server
from test_narasi_unggah import _docx

from kinerja.alur.workflow import case_start, history
from kinerja.cli.commands import main
from kinerja.config import load_config

pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.is_file(), reason="Debian's /usr/bin/chromium is not installed"),
]


def test_a_narasi_uploaded_in_the_app_is_a_signed_event_the_audit_checks(tmp_path, hub):
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=120_000)
    ws = make_workspace(tmp_path / "ruang-kerja")
    config = load_config(ws.config_file)
    for triwulan in (1, 2, 3, 4):
        publish_report(ws, 2025, triwulan)
        drive(ws, config, "dokumentasikan", triwulan=triwulan, start=case_start(2025, triwulan, config))
    filled = tmp_path / "unggah" / "narasi-2025.docx"
    filled.parent.mkdir()
    filled.write_bytes(_docx({"Kata Pengantar": "Puji syukur.", "Isu Strategis": "Dari {{ jumlah_indikator }} indikator."}))
    shots = Path(os.environ.get("KINERJA_SCREENSHOT_DIR") or tmp_path / "layar")
    shots.mkdir(parents=True, exist_ok=True)
    with running_server(tmp_path, "layani", "--tanpa-hangat", env_extra=hub("rizal")) as (_process, url, _log), \
            sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(url + "&tahun=2025", wait_until="commit", timeout=180_000)
            panel = page.locator(".kinerja-narasi")
            expect(panel).to_be_visible(timeout=180_000)
            with page.expect_file_chooser() as chooser:
                panel.locator("button:has-text('Unggah narasi yang sudah diisi')").click()
            chooser.value.set_files(str(filled))
            expect(panel.locator(".kinerja-narasi-hasil").get_by_text(
                re.compile("Narasi narasi-2025.docx disimpan dan dicatat untuk laporan tahunan 2025"))).to_be_visible()
            expect(panel.get_by_text("Unduh narasi-2025.docx")).to_be_visible()
            page.screenshot(path=str(shots / "narasi-tercatat.png"), full_page=True)
        finally:
            browser.close()
    [event] = history(ws, 2025, None)
    assert (event.aksi, event.pengguna, event.berkas) == ("simpan_narasi", "rizal", "narasi-2025.docx")
    assert event.sha256 == hashlib.sha256(filled.read_bytes()).hexdigest() and event.tanda_tangan
    audit = CliRunner().invoke(main, ["--ruang-kerja", str(ws.root), "audit", "verifikasi"])
    assert audit.exit_code == 0, audit.output
    ws.narasi_docx(2025).write_bytes(_docx({"Kata Pengantar": "Ditulis ulang di luar aplikasi."}))
    audit = CliRunner().invoke(main, ["--ruang-kerja", str(ws.root), "audit", "verifikasi"])
    assert audit.exit_code == 1 and "berubah di luar aplikasi" in audit.output
