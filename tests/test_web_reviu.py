"""The reviewer's page as a tab of the app (issue 20 item 5's follow-up): an auditor of the Inspektorat opens
``kinerja layani`` in Debian's headless Chromium, finds *Reviu LKjIP* beside her tasks, uploads another office's
LKjIP as a text PDF and sees the rows that do not match with their page; a file that is not a document is one
sentence. People without an APIP role do not get the tab (their app has the three pages it always had)."""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
from pathlib import Path

import pytest
from _util_alur import START, make_workspace
from test_layani_server import CHROMIUM, CHROMIUM_ARGS, running_server

sys.path.insert(0, str(Path(__file__).parent))
import _util_reviu as fx  # noqa: E402

from kinerja.alur.kunci import public_text, sample_key, write_workspace_sample_keys  # noqa: E402
from kinerja.config import load_config  # noqa: E402
from kinerja.paths import SAMPLE_CONFIG, Workspace  # noqa: E402
from kinerja.reviu.halaman import HalamanReviu  # noqa: E402
from kinerja.web.panel import Aplikasi  # noqa: E402

APIP = (("Drs. Andi Wijaya, M.Si.", "andi", "inspektur"), ("Hana Pertiwi, S.E.", "hana", "pengendali_teknis"),
        ("Fajar Nugroho", "fajar", "auditor"))


def inspektorat(root: Path) -> Workspace:
    """The sample office's config with the APIP's three people and ``[alur] reviu_lkjip = true``."""
    ws = make_workspace(root)
    people = "".join(
        f'[[pegawai]]\nnama = "{nama}"\nnip = "9{i}"\nusername = "{user}"\nperan = ["{peran}"]\n'
        f'unit = "SEKRETARIAT"\nkunci_publik = "{public_text(sample_key(user))}"\n\n'
        for i, (nama, user, peran) in enumerate(APIP))
    text = SAMPLE_CONFIG.read_text(encoding="utf-8")
    marker = "# Predikat capaian"
    assert marker in text and "reviu_apip = false" in text
    text = text.replace(marker, people + marker, 1).replace("reviu_apip = false", "reviu_apip = false\nreviu_lkjip = true")
    ws.config_file.write_text(text, encoding="utf-8")
    write_workspace_sample_keys(ws.root, load_config(ws.config_file))
    return ws


@pytest.mark.parametrize(("username", "shown"), [("fajar", True), ("hana", True), ("andi", True), ("budi", False),
                                                 ("siti", False)])
def test_only_the_apip_people_get_the_reviu_tab(tmp_path, monkeypatch, hub, username, shown):
    ws = inspektorat(tmp_path / "ruang-kerja")
    for name, value in hub(username).items():
        monkeypatch.setenv(name, value)
    app = Aplikasi(workspace=ws, tahun=2025, now=START + dt.timedelta(hours=1), reviu=HalamanReviu)
    assert (app.reviu is not None) == shown
    assert list(app.tab.titles) == ["Tugas saya", "Status", "Laporan", *(["Reviu LKjIP"] if shown else [])]
    page = app.reviu
    app.pilih_triwulan.value = 2  # the pages are rebuilt; the reviewer's page (and a document on it) stays
    assert len(app.tab.children) == (4 if shown else 3) and app.reviu is page
    plain = Aplikasi(workspace=ws, tahun=2025, now=START)  # no page handed in (a notebook of its own): three tabs
    assert plain.reviu is None and len(plain.tab.children) == 3


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.is_file(), reason="Debian's /usr/bin/chromium is not installed")
def test_an_auditor_checks_another_offices_lkjip_in_the_apps_reviu_tab(tmp_path, hub):
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=120_000)
    if not fx.soffice():
        pytest.fail("LibreOffice (soffice) is needed to make the text PDF the auditor uploads")
    pdf = fx.to_pdf(fx.write_docx(tmp_path / "LKjIP Dinkes 2019.docx"), tmp_path)
    (tmp_path / "rusak.docx").write_bytes(b"bukan dokumen word")
    inspektorat(tmp_path / "ruang-kerja")
    shots = Path(os.environ.get("KINERJA_SCREENSHOT_DIR") or tmp_path / "layar")
    shots.mkdir(parents=True, exist_ok=True)
    stored_before = sorted(p.relative_to(tmp_path) for p in (tmp_path / "ruang-kerja").rglob("*"))
    with running_server(tmp_path, "layani", "--tanpa-hangat", env_extra=hub("fajar")) as (_process, url, _log), \
            sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(url, wait_until="commit", timeout=180_000)
            page.wait_for_selector(".kinerja-aplikasi", timeout=180_000)
            tab = page.get_by_role("tab", name="Reviu LKjIP")
            expect(tab).to_be_visible()
            tab.click()
            expect(page.locator(".kinerja-reviu-halaman")).to_be_visible()
            with page.expect_file_chooser() as chooser:
                page.click(".kinerja-reviu-halaman button:has-text('Unggah LKjIP')")
            chooser.value.set_files(str(pdf))
            hasil = page.locator(".kinerja-reviu-hasil")
            expect(hasil.get_by_text(re.compile("baris capaian dibaca"))).to_be_visible()
            for indikator in fx.SALAH:  # every row that does not match, with its page
                row = hasil.locator("tr", has_text=indikator).first
                expect(row).to_contain_text(re.compile(r"hal\. \d+"))
                expect(row).to_contain_text("tidak sesuai")
            page.screenshot(path=str(shots / "reviu-tab-hasil.png"), full_page=True)
            with page.expect_file_chooser() as chooser:
                page.click(".kinerja-reviu-halaman button:has-text('Unggah LKjIP')")
            chooser.value.set_files(str(tmp_path / "rusak.docx"))
            expect(hasil.get_by_text(re.compile(r"^Ditolak: .*rusak\.docx"))).to_be_visible()
            expect(hasil).not_to_contain_text("Traceback")
            page.screenshot(path=str(shots / "reviu-tab-rusak.png"), full_page=True)
        finally:
            browser.close()
    stored_after = sorted(p.relative_to(tmp_path) for p in (tmp_path / "ruang-kerja").rglob("*"))
    assert not [p for p in set(stored_after) - set(stored_before) if "rusak" in p.name or "Dinkes" in p.name]
