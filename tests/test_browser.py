"""Finding the browser and printing A4 PDFs with page numbers (real Chromium)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from _util_program import processes_running, python_program

from kinerja.laporan.render.browser import BrowserNotFound, PdfPrinter, find_browser, footer_template, header_template


def test_env_variable_wins_and_names_a_channel(tmp_path: Path) -> None:
    spec = find_browser(None, environ={"KINERJA_BROWSER": "msedge"})
    assert spec.channel == "msedge" and spec.executable_path is None


def test_env_variable_naming_a_missing_browser_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(BrowserNotFound) as info:
        find_browser(None, environ={"KINERJA_BROWSER": str(tmp_path / "tidak-ada")})
    assert "KINERJA_BROWSER" in str(info.value) and "HTML tetap dibuat" in str(info.value)


def test_config_key_is_used_when_env_is_empty(tmp_path: Path) -> None:
    fake = python_program(tmp_path, "chrome", "")
    toml = tmp_path / "kinerja.toml"
    toml.write_text(f"[laporan]\nbrowser = '{fake}'\n", encoding="utf-8")  # a literal string: a Windows path's backslashes stay
    assert find_browser(toml, environ={}).executable_path == str(fake)


@pytest.mark.skipif(not Path("/usr/bin/chromium").is_file(), reason="Debian chromium not installed")
def test_debian_chromium_is_found_by_default(tmp_path: Path) -> None:
    assert find_browser(None, environ={}).executable_path == "/usr/bin/chromium"
    broken = tmp_path / "kinerja.toml"
    broken.write_text("[laporan\nbrowser = 'x'\n", encoding="utf-8")  # the config's own loader reports this; here: next rule
    spec = find_browser(broken, environ={})
    assert spec.executable_path == "/usr/bin/chromium" and spec.source == "bawaan Debian"


def test_templates_carry_page_numbers_and_escape_text() -> None:
    footer = footer_template("Inspektorat <X>")
    assert 'class="pageNumber"' in footer and 'class="totalPages"' in footer and "Halaman" in footer
    assert "&lt;X&gt;" in footer and "<X>" not in footer
    assert "&amp;" in header_template("A & B")


def test_a_browser_that_cannot_start_gives_browser_not_found(tmp_path: Path) -> None:
    fake = python_program(tmp_path, "bukan-browser", "import sys\nsys.exit(1)\n")
    spec = find_browser(None, environ={"KINERJA_BROWSER": str(fake)})
    with pytest.raises(BrowserNotFound):
        PdfPrinter(spec).start()


def test_a_hanging_browser_is_given_up_after_the_configured_time(tmp_path: Path) -> None:
    """A browser that never answers is stopped after [batas] batas_waktu_browser, with one message."""
    from kinerja.paths import SAMPLE_CONFIG

    fake = python_program(tmp_path, "browser-macet", "import time\ntime.sleep(600)\n")
    toml = tmp_path / "kinerja.toml"
    text = SAMPLE_CONFIG.read_text(encoding="utf-8")
    assert "\nbatas_waktu_browser = 120" in text
    toml.write_text(text.replace("\nbatas_waktu_browser = 120", "\nbatas_waktu_browser = 2"), encoding="utf-8")
    spec = find_browser(toml, environ={"KINERJA_BROWSER": str(fake)})
    assert spec.timeout == 2
    with pytest.raises(BrowserNotFound, match=r"tidak siap dalam 2 detik \(\[batas\] batas_waktu_browser\)"):
        PdfPrinter(spec).start()
    assert processes_running(fake) == [], "the hanging browser process is not left running"


@pytest.mark.browser
def test_one_browser_prints_several_a4_pdfs_with_page_numbers(tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    page = tmp_path / "a.html"
    page.write_text("<html><body>" + "".join(f"<p>Baris {i}</p>" for i in range(120)) + "</body></html>", encoding="utf-8")
    with PdfPrinter(find_browser()) as printer:
        first = printer.print_pdf(page, tmp_path / "a.pdf", judul="Judul Uji", keterangan="Kantor Uji")
        second = printer.print_pdf(page, tmp_path / "b.pdf")
    for pdf in (first, second):
        reader = pypdf.PdfReader(pdf)
        box = reader.pages[0].mediabox
        assert abs(float(box.width) - 595) < 2 and abs(float(box.height) - 842) < 2
    assert not list(tmp_path.glob(".*.tmp"))
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(first), "-"], capture_output=True, text=True, check=True).stdout
        pages = len(pypdf.PdfReader(first).pages)
        assert pages >= 2
        assert f"Halaman 1 dari {pages}" in text and "Judul Uji" in text and "Kantor Uji" in text


def test_windows_places_per_machine_and_per_user_and_a_message_without_apt_get() -> None:
    """Chrome installed without administrator rights lives under %LOCALAPPDATA%; the Windows message names
    PowerShell's way to point at a browser, never apt-get (the Linux one does)."""
    from kinerja.laporan.render.browser import missing_message, windows_locations

    assert windows_locations({"PROGRAMFILES": r"D:\Apps", "LOCALAPPDATA": r"C:\Users\siti\AppData\Local"}) == [
        r"D:\Apps\Google\Chrome\Application\chrome.exe", r"D:\Apps\Microsoft\Edge\Application\msedge.exe",
        r"C:\Program Files (x86)\Google\Chrome\Application\chrome.exe",
        r"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe",
        r"C:\Users\siti\AppData\Local\Google\Chrome\Application\chrome.exe",
        r"C:\Users\siti\AppData\Local\Microsoft\Edge\Application\msedge.exe",
        r"C:\Users\siti\AppData\Local\Chromium\Application\chrome.exe",
    ]
    same = r"C:\Program Files"
    assert windows_locations({"PROGRAMFILES": same, "PROGRAMFILES(X86)": same}) == [  # one place listed once
        r"C:\Program Files\Google\Chrome\Application\chrome.exe", r"C:\Program Files\Microsoft\Edge\Application\msedge.exe"]
    windows, linux = missing_message("win32"), missing_message("linux")
    assert "apt-get" not in windows and "$env:KINERJA_BROWSER = " in windows and "HTML tetap dibuat" in windows
    assert "`sudo apt-get install chromium`" in linux and "$env:" not in linux
