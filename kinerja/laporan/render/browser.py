"""PDF printing through a Chromium-family browser already on the machine.

No browser is ever downloaded. The browser is found, in order, from the ``KINERJA_BROWSER``
environment variable, the config's ``[laporan] browser`` key, Debian's ``/usr/bin/chromium``,
then ``chromium``, ``chromium-browser``, ``google-chrome`` (and ``-stable``) and
``microsoft-edge`` on the ``PATH``, the usual install folders of Chrome and Edge on macOS and
Windows, and finally Edge through Playwright's ``msedge`` channel on Windows (Edge ships with
Windows). ``KINERJA_BROWSER`` may name an executable path or a Playwright channel
(``chrome``, ``msedge``).

:class:`PdfPrinter` starts one browser for a whole batch of documents (starting Chromium
costs more than printing a page) and prints A4 PDFs with a running header and the page
footer "Halaman X dari Y".
"""

from __future__ import annotations

import contextlib
import html
import os
import shutil
import sys
import tempfile
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from types import TracebackType
from typing import Any

from kinerja.atomic import atomic_path
from kinerja.config import Batas, load_config
from kinerja.errors import ConfigError, ReportError
from kinerja.laporan.model.dokumen import WARNA_DRAF

ENV_VAR = "KINERJA_BROWSER"
CHANNELS = ("chrome", "chrome-beta", "msedge", "msedge-beta", "msedge-dev")
DEBIAN_CHROMIUM = Path("/usr/bin/chromium")
PATH_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "microsoft-edge", "microsoft-edge-stable")
KNOWN_LOCATIONS = (
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
    r"C:\Program Files\Google\Chrome\Application\chrome.exe",
    r"C:\Program Files (x86)\Google\Chrome\Application\chrome.exe",
    r"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe",
    r"C:\Program Files\Microsoft\Edge\Application\msedge.exe",
)
MARGIN = {"top": "22mm", "bottom": "20mm", "left": "20mm", "right": "18mm"}
"""Page margins; the header and footer templates are printed inside the top/bottom margin."""


class BrowserNotFound(ReportError):
    """No Chromium-family browser could be found or started (the HTML is still produced)."""


@dataclass(frozen=True)
class BrowserSpec:
    """How to launch the browser: an executable path or a Playwright channel."""

    executable_path: str | None = None
    channel: str | None = None
    source: str = ""
    timeout: float = 120.0  # seconds for starting the browser and for one page ([batas] batas_waktu_browser)

    @property
    def label(self) -> str:
        """Human description for messages."""
        return self.executable_path or f"channel {self.channel}"


MISSING_MESSAGE = (
    "Browser keluarga Chromium (Chromium, Google Chrome atau Microsoft Edge) tidak ditemukan, "
    "sehingga PDF tidak dibuat; laporan HTML tetap dibuat. Pasang salah satunya (Debian/Ubuntu: "
    "`sudo apt-get install chromium`) atau sebutkan lokasinya di variabel lingkungan "
    f"{ENV_VAR} atau di kinerja.toml bagian [laporan] kunci browser."
)
MISSING_MESSAGE_WINDOWS = (
    "Browser keluarga Chromium (Microsoft Edge, Google Chrome atau Chromium) tidak ditemukan atau tidak dapat "
    "dijalankan, sehingga PDF tidak dibuat; laporan HTML tetap dibuat. Windows Server tidak selalu membawa Edge: "
    "pasang Microsoft Edge atau Google Chrome, atau sebutkan lokasinya, mis. "
    f"$env:{ENV_VAR} = 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', atau di kinerja.toml "
    "bagian [laporan] browser = '…\\chrome.exe' (tanda kutip tunggal)."
)


def missing_message(platform: str | None = None) -> str:
    """What to do when no browser is found, for this platform (Windows: no apt-get)."""
    return MISSING_MESSAGE_WINDOWS if (platform or sys.platform) == "win32" else MISSING_MESSAGE


def windows_locations(environ: dict[str, str] | os._Environ[str]) -> list[str]:
    """Where Windows keeps Chrome, Edge and Chromium: per machine (Program Files, from the environment
    when set) and per user (``%LOCALAPPDATA%``: Chrome installed without administrator rights)."""
    found: list[str] = []
    machine = [environ.get("PROGRAMFILES", r"C:\Program Files"), environ.get("PROGRAMFILES(X86)", r"C:\Program Files (x86)")]
    for base in machine:
        found += [rf"{base}\Google\Chrome\Application\chrome.exe", rf"{base}\Microsoft\Edge\Application\msedge.exe"]
    local = environ.get("LOCALAPPDATA", "")
    if local:
        found += [rf"{local}\Google\Chrome\Application\chrome.exe", rf"{local}\Microsoft\Edge\Application\msedge.exe",
                  rf"{local}\Chromium\Application\chrome.exe"]
    return list(dict.fromkeys(found))


def _config_browser(config_source: str | os.PathLike[str] | None) -> str | None:
    """The ``[laporan] browser`` value of the config file, if any."""
    if not config_source:
        return None
    try:
        data = tomllib.loads(Path(config_source).read_text(encoding="utf-8-sig"))  # BOM from old Notepad
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return None
    value = (data.get("laporan") or {}).get("browser")
    return value.strip() if isinstance(value, str) and value.strip() else None


def _spec_from_value(value: str, source: str) -> BrowserSpec:
    if value.lower() in CHANNELS:
        return BrowserSpec(channel=value.lower(), source=source)
    resolved = shutil.which(value) or (value if Path(value).is_file() else None)
    if resolved is None:
        raise BrowserNotFound(
            f"Browser yang disebut di {source} ({value}) tidak ditemukan, sehingga PDF tidak dibuat; "
            "laporan HTML tetap dibuat. Perbaiki lokasi browser itu atau hapus pengaturannya agar "
            "Chromium, Google Chrome atau Microsoft Edge dicari otomatis."
        )
    return BrowserSpec(executable_path=str(resolved), source=source)


def find_browser(config_source: str | os.PathLike[str] | None = None, *, environ: dict[str, str] | None = None) -> BrowserSpec:
    """Find a Chromium-family browser (see the module docstring for the order).

    The spec carries the config's ``[batas] batas_waktu_browser``: a browser that does not
    start or print within it is given up with a message instead of stalling the run.

    Args:
        config_source: path of the office's ``kinerja.toml`` (``Config.source``).
        environ: environment to read ``KINERJA_BROWSER`` from (default ``os.environ``).

    Raises:
        BrowserNotFound: nothing usable was found, or the named browser does not exist.
    """
    return replace(_find(config_source, environ), timeout=_config_timeout(config_source))


def _config_timeout(config_source: str | os.PathLike[str] | None) -> float:
    if not config_source:
        return Batas().batas_waktu_browser
    try:
        return load_config(Path(config_source)).batas.batas_waktu_browser
    except ConfigError:
        return Batas().batas_waktu_browser


def _find(config_source: str | os.PathLike[str] | None, environ: dict[str, str] | None) -> BrowserSpec:
    env = os.environ if environ is None else environ
    named = env.get(ENV_VAR, "").strip()
    if named:
        return _spec_from_value(named, f"variabel lingkungan {ENV_VAR}")
    configured = _config_browser(config_source)
    if configured:
        return _spec_from_value(configured, f"konfigurasi {config_source} [laporan] browser")
    if DEBIAN_CHROMIUM.is_file() and os.access(DEBIAN_CHROMIUM, os.X_OK):
        return BrowserSpec(executable_path=str(DEBIAN_CHROMIUM), source="bawaan Debian")
    for name in PATH_NAMES:
        found = shutil.which(name)
        if found:
            return BrowserSpec(executable_path=found, source="PATH")
    for location in KNOWN_LOCATIONS:
        if Path(location).is_file():
            return BrowserSpec(executable_path=location, source="lokasi umum")
    if sys.platform == "win32":
        for location in windows_locations(env):
            if Path(location).is_file():
                return BrowserSpec(executable_path=location, source="lokasi Windows")
        return BrowserSpec(channel="msedge", source="Microsoft Edge bawaan Windows")
    raise BrowserNotFound(missing_message())


def header_template(judul: str, spanduk: str = "") -> str:
    """Running header printed in the top margin of every page (Chromium print template): the
    title on the right; a draft's banner (``spanduk``) on the left, bold in the draft colour.

    >>> "DRAF" in header_template("Laporan", "DRAF — belum disetujui"), "DRAF" in header_template("Laporan")
    (True, False)
    """
    banner = (f'<span style="color: #{WARNA_DRAF}; font-weight: bold;">{html.escape(spanduk)}</span>' if spanduk else "<span></span>")
    return (
        '<div style="font-family: Arial, sans-serif; font-size: 7.5pt; color: #555; width: 100%;'
        ' margin: 0 18mm 0 20mm; display: flex; justify-content: space-between; gap: 6mm;">'
        f"{banner}<span>{html.escape(judul)}</span></div>"
    )


def footer_template(keterangan: str = "") -> str:
    """Page footer: left the document note, right "Halaman X dari Y"."""
    return (
        '<div style="font-family: Arial, sans-serif; font-size: 7.5pt; color: #555; width: 100%;'
        ' margin: 0 18mm 0 20mm; display: flex; justify-content: space-between;">'
        f"<span>{html.escape(keterangan)}</span>"
        '<span>Halaman <span class="pageNumber"></span> dari <span class="totalPages"></span></span></div>'
    )


class PdfPrinter:
    """One running browser that prints any number of HTML files to A4 PDFs.

    The documents are printed one after the other in one tab (a new tab per document starts a
    new renderer process: about a quarter more time per PDF); a tab that failed is closed and
    the next document gets a fresh one.

    Use as a context manager::

        with PdfPrinter(find_browser()) as printer:
            printer.print_pdf(html_path, pdf_path, judul="Laporan ...")
    """

    def __init__(self, spec: BrowserSpec) -> None:
        self.spec = spec
        self._playwright: Any = None
        self._browser: Any = None
        self._context: Any = None
        self._page: Any = None

    def __enter__(self) -> PdfPrinter:
        self.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def start(self) -> None:
        """Launch the browser (once)."""
        if self._browser is not None:
            return
        from playwright.sync_api import Error as PlaywrightError  # noqa: PLC0415 -- playwright.sync_api + asyncio, ssl (~108 ms) kept off importing this module
        from playwright.sync_api import sync_playwright  # noqa: PLC0415 -- playwright.sync_api + asyncio, ssl (~108 ms) kept off importing this module

        self._playwright = sync_playwright().start()
        milliseconds = self.spec.timeout * 1000
        try:
            options = {"headless": True, "args": ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
                       "timeout": milliseconds}
            if self.spec.executable_path:
                options["executable_path"] = self.spec.executable_path
            else:
                options["channel"] = self.spec.channel
            self._browser = self._playwright.chromium.launch(**options)
            self._context = self._browser.new_context()
            self._context.set_default_timeout(milliseconds)
            self._context.set_default_navigation_timeout(milliseconds)
        except PlaywrightError as exc:
            self.close()
            if _is_timeout(exc):
                raise BrowserNotFound(
                    f"Browser {self.spec.label} tidak siap dalam {self.spec.timeout:g} detik ([batas] "
                    "batas_waktu_browser) dan dihentikan, sehingga PDF tidak dibuat; laporan HTML tetap dibuat."
                ) from None
            first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise BrowserNotFound(f"Browser {self.spec.label} gagal dijalankan ({first_line}). {missing_message()}") from None

    def print_pdf(
        self, html_path: str | os.PathLike[str], pdf_path: str | os.PathLike[str], *, judul: str = "", keterangan: str = "",
        tata_letak: bool = False, spanduk: str = "",
    ) -> Path:
        """Print ``html_path`` to an A4 PDF at ``pdf_path`` (written atomically).

        Args:
            html_path: the self-contained HTML document.
            pdf_path: target PDF file.
            judul: running header text.
            keterangan: left part of the footer (e.g. the office name).
            spanduk: a draft's banner, left in the running header of every page.
            tata_letak: a layout pass, only to learn on which page each heading falls: the
                outline without the running header/footer (drawn inside the fixed margins, it
                changes no page break; rendering it for every page is a good part of the work).
        """
        from playwright.sync_api import Error as PlaywrightError  # noqa: PLC0415 -- playwright.sync_api + asyncio, ssl (~108 ms) kept off importing this module

        self.start()
        if self._page is None:
            self._page = self._context.new_page()
            self._page.emulate_media(media="print")
        page = self._page
        target = Path(pdf_path)
        try:
            page.goto(Path(html_path).resolve().as_uri(), wait_until="load")
            with atomic_path(target) as tmp:
                page.pdf(
                    path=str(tmp),
                    format="A4",
                    margin=MARGIN,
                    print_background=True,
                    display_header_footer=not tata_letak,
                    header_template=header_template(judul, spanduk),
                    footer_template=footer_template(keterangan),
                    outline=True,  # PDF bookmarks from the headings (also gives the Daftar Isi its pages)
                    tagged=True,  # also what Chromium builds the outline from
                )
        except BaseException as exc:
            self._page = None
            with contextlib.suppress(Exception):  # the tab may be gone with the error
                page.close()
            if not isinstance(exc, PlaywrightError):
                raise
            if _is_timeout(exc):
                raise ReportError(f"PDF {target} tidak selesai dicetak oleh {self.spec.label} dalam {self.spec.timeout:g} "
                                  "detik ([batas] batas_waktu_browser); laporan HTML tetap ada.") from None
            raise ReportError(f"PDF {target} gagal dicetak oleh {self.spec.label}: {str(exc).strip().splitlines()[0]}") from None
        return target

    def warm_up(self) -> None:
        """Print a small page once (headings, a table, bold and italic text), so the first report
        does not pay for starting the tab's renderer and loading fonts (about 0.4 s)."""
        with tempfile.TemporaryDirectory(prefix="kinerja-pemanasan-") as tmp:
            page = Path(tmp) / "pemanasan.html"
            page.write_text("<!doctype html><meta charset='utf-8'><h1>Kinerja</h1><p>Laporan <b>kinerja</b> <i>triwulan</i></p>"
                            "<table><tr><th>No</th><td>1</td></tr></table>", encoding="utf-8")
            self.print_pdf(page, Path(tmp) / "pemanasan.pdf", judul="Kinerja", keterangan="Kinerja")

    def alive(self) -> bool:
        """True while the launched browser answers (False before :meth:`start` too). A round trip to
        the browser: Playwright's sync API learns of a killed browser only when it next talks to it."""
        if self._browser is None or not self._browser.is_connected():
            return False
        try:
            self._context.cookies()
        except Exception:  # noqa: BLE001 - any error means the browser is gone
            return False
        return True

    def close(self) -> None:
        """Stop the browser and Playwright."""
        self._page = None
        for closer in (self._context, self._browser):
            if closer is not None:
                try:
                    closer.close()
                except Exception:  # noqa: BLE001 - closing a dead browser must not mask the real error
                    pass
        if self._playwright is not None:
            self._playwright.stop()
        self._context = self._browser = self._playwright = None


def _is_timeout(exc: BaseException) -> bool:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: PLC0415 -- playwright.sync_api + asyncio, ssl (~108 ms) kept off importing this module

    return isinstance(exc, PlaywrightTimeout) or "Timeout" in str(exc).split("\n", 1)[0]


def _nothing(_printer: PdfPrinter | None) -> None:
    return None


def _warm_printer(printer: PdfPrinter | None) -> None:
    if printer is not None:
        printer.warm_up()


class PrintThread:
    """One thread that owns one browser; print jobs run there, in submission order.

    Playwright's sync API binds a browser to the thread that started it, so a pool of
    workers hands its documents to one of these (one browser per print thread) and goes on
    with the next notebook while the PDF is printed. The browser starts with the first job;
    when none can be found, jobs receive ``None`` and :attr:`note` says why. A browser that died
    (killed, crashed) is started again for the next job, so a long-lived print thread (the web
    app's, :mod:`kinerja.web.susun`) heals itself.
    """

    def __init__(self, config_source: str | os.PathLike[str] | None = None, *, pdf: bool = True) -> None:
        from concurrent.futures import ThreadPoolExecutor  # noqa: PLC0415 -- concurrent.futures + logging (~5 ms) kept off importing this module

        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kinerja-cetak")
        self._config_source = config_source
        self._printer: PdfPrinter | None = None
        self.note: str | None = None if pdf else ""

    def submit(self, job, *args):  # noqa: ANN001, ANN201 - (job(printer, *args)) -> Future
        """Run ``job(printer_or_None, *args)`` in the print thread; returns its Future."""
        return self._executor.submit(self._run, job, args)

    def warm(self) -> Any:
        """Start the browser now and print a small page once (:meth:`PdfPrinter.warm_up`), e.g. while
        a kernel starts, so the first report's PDF pays for neither; returns the job's Future."""
        return self.submit(_warm_printer)

    def _run(self, job, args):  # noqa: ANN001, ANN202
        if self._printer is not None and not self._printer.alive():  # died since the last job: start another
            self._printer.close()
            self._printer = None
        if self._printer is None and self.note is None:
            try:
                printer = PdfPrinter(find_browser(self._config_source))
                printer.start()
                self._printer = printer
            except BrowserNotFound as exc:
                self.note = str(exc)
        return job(self._printer, *args)

    def check(self) -> Any:
        """Start the browser again now if it died (a job that does nothing); returns the job's Future."""
        return self.submit(_nothing)

    def close(self) -> None:
        """Stop the browser (in its own thread) and the thread."""

        def stop() -> None:
            if self._printer is not None:
                self._printer.close()
                self._printer = None

        try:
            self._executor.submit(stop).result()
        finally:
            self._executor.shutdown(wait=True)
