"""The web app for real: ``kinerja layani`` (Voila) per person, driven in Debian's headless Chromium.

Four people work one quarter through the SOP, each in their own app process (the app runs as
one user per process, like a JupyterHub single-user server): each process gets the environment
the Hub gives a user's server, an API URL and that user's token, and the identity is what the
stand-in hub (``hub`` fixture) answers for the token; nothing in the product is test-only.
Each action is signed with the person's (sample) key from the test session's key folder. On the way: an upload with a galat
(findings shown, nothing stored, the annotated copy downloaded and read back), the clean
upload, a report built in the app, a return with a note, the approval, the documentation.
Afterwards the history's hash chain is audited with ``kinerja audit verifikasi``. No request
may leave localhost. Screenshots of every page go to ``KINERJA_SCREENSHOT_DIR`` (or tmp_path).
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path

import pytest
from _util_alur import make_workspace

from kinerja.alur.workflow import history
from kinerja.paths import Workspace

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
PEOPLE = ("siti", "dewi", "budi", "rizal")  # Sekretaris, Analis Data, PPTK, Kasubag Perencanaan
WARM: dict[str, list[str]] = {"budi": [], "siti": []}
"""Whose app keeps warm report parts (the PPTK composes, the Sekretaris's approval renders the final);
the others run with ``--tanpa-hangat``, so the machine runs two warm kernels and browsers, not four."""
NAME = "rencana-aksi-irban-2.xlsx"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.is_file(), reason="Debian's /usr/bin/chromium is not installed"),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start(ws: Workspace, username: str, tmp_path: Path, hub_env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    port, token = _free_port(), f"token-{username}"
    env = dict(os.environ, **hub_env, JUPYTER_RUNTIME_DIR=str(tmp_path / f"runtime-{username}"),
               IPYTHONDIR=str(tmp_path / "ipython"), PYTHONUNBUFFERED="1")
    process = subprocess.Popen(
        [sys.executable, "-m", "kinerja.cli", "--ruang-kerja", str(ws.root), "layani", "--port", str(port),
         "--token", token, *WARM.get(username, ["--tanpa-hangat"])],
        env=env, cwd=tmp_path, stdout=(tmp_path / f"{username}.out").open("w"),
        stderr=(tmp_path / f"{username}.log").open("w"), start_new_session=True,
    )
    return process, f"http://127.0.0.1:{port}/?token={token}&tahun=2025&triwulan=1"


def _wait(url: str, process: subprocess.Popen, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"kinerja layani exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url.split("?")[0].rstrip("/") + "/voila/api/shutdown/x", timeout=2):
                return
        except urllib.error.HTTPError:
            return  # the server answers
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"kinerja layani did not answer at {url}")


def _stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@pytest.fixture
def quarter(tmp_path, sample_raw):
    """The sample year; IRBAN-2's TW I workbook is still with the analyst, next to a version with
    mistakes and the TW II workbook (another period)."""
    import shutil

    from openpyxl import load_workbook

    ws = make_workspace(tmp_path / "ruang-kerja")  # the sample office's kinerja.toml
    shutil.copytree(sample_raw, ws.raw)
    hand = tmp_path / "analis"
    (hand / "salah").mkdir(parents=True)
    (hand / "tw2").mkdir()
    (hand / "lain").mkdir()
    for path in ws.quarter_workbooks(2025, 1):  # the material comes in through the app (recorded, audited)
        path.rename((hand / "lain" / path.name) if path.name != NAME else hand / NAME)
    (ws.raw_for(2025, 2) / NAME).replace(hand / "tw2" / NAME)  # TW II realisasi filled: another period
    book = load_workbook(hand / NAME)
    sheet = book["Rencana Aksi"]
    header = next(r for r in sheet.iter_rows() if any(c.value == "Realisasi TW I" for c in r))
    column = next(c.column for c in header if c.value == "Realisasi TW I")
    sheet.cell(header[0].row + 1, column).value = "delapan"  # not a number: a galat
    book.save(hand / "salah" / NAME)
    return ws, hand


def test_one_quarter_by_four_people_in_chromium(quarter, tmp_path, hub):
    from openpyxl import load_workbook
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=30_000)  # the panel answers in well under a second; a loaded CI machine may not
    ws, hand = quarter
    shots = Path(os.environ.get("KINERJA_SCREENSHOT_DIR") or tmp_path / "layar")
    shots.mkdir(parents=True, exist_ok=True)
    outside: list[str] = []
    began = time.monotonic()
    with ExitStack() as stack:
        servers = {}
        for person in PEOPLE:
            process, url = _start(ws, person, tmp_path, hub(person))
            stack.callback(_stop, process)
            servers[person] = (process, url)
        for process, url in servers.values():
            _wait(url, process)
        print(f"{time.monotonic() - began:.1f}s servers up")
        p = stack.enter_context(sync_playwright())
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        stack.callback(browser.close)
        pages = {}
        for person in PEOPLE:
            context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
            page = context.new_page()
            page.on("request", lambda r: outside.append(r.url)
                    if not re.match(r"^(https?|wss?)://127\.0\.0\.1[:/]|^(data|blob|about):", r.url) else None)
            page.goto(servers[person][1], wait_until="commit", timeout=180_000)
            pages[person] = page
        for person, page in pages.items():
            page.wait_for_selector(".kinerja-aplikasi", timeout=180_000)
            print(f"{time.monotonic() - began:.1f}s {person} page ready")

        def refresh(page):
            """Perbarui, then wait until the page shows every event of the history (the state, not a time)."""
            from kinerja.alur.store import Store

            with Store(ws.database) as store:
                count = len(store.events())
            page.click(".kinerja-perbarui")
            page.locator(f".kinerja-versi[data-peristiwa='{count}']").wait_for(state="attached", timeout=60_000)

        def shot(page, name):
            page.screenshot(path=str(shots / f"{name}.png"), full_page=True)

        def recorded(page, label, timeout=30_000):
            print(f"{time.monotonic() - began:.1f}s {label}")
            expect(page.locator(".kinerja-tugas .kinerja-terakhir").get_by_text(re.compile(f"Tercatat: {label}"))).to_be_visible(
                timeout=timeout)

        try:
            # 1-2. the Sekretaris assigns the PPTK and orders the analyst
            siti = pages["siti"]
            expect(siti.get_by_text("Masuk melalui JupyterHub sebagai siti")).to_be_visible()
            expect(siti.get_by_text(re.compile("Tenggat langkah ini"))).to_be_visible()
            shot(siti, "1-sekretaris-tugas-saya")
            siti.click("button:has-text('Tugaskan PPTK')")
            recorded(siti, "Tugaskan PPTK")
            siti.click("button:has-text('Perintahkan Analis Data')")
            recorded(siti, "Perintahkan Analis Data")

            # 3. the analyst uploads a workbook with a galat, then the right one, then hands the material over
            dewi = pages["dewi"]
            refresh(dewi)
            def upload(path):  # ipywidgets' FileUpload opens a file chooser from a detached <input type=file>
                with dewi.expect_file_chooser(timeout=30_000) as chooser:
                    dewi.click(".kinerja-tugas button:has-text('Unggah lembar kerja')")
                chooser.value.set_files([str(p) for p in path] if isinstance(path, list) else str(path))

            others = sorted((hand / "lain").iterdir())
            upload(others)  # the other units' workbooks
            for path in others:
                expect(dewi.get_by_text(f"{path.name} disimpan untuk TW I 2025")).to_be_visible(timeout=60_000)

            expect(dewi.locator(".kinerja-tugas").get_by_text(re.compile("Bahan TW I 2025 belum lengkap: belum ada lembar "
                                                                         "kerja dari Inspektur Pembantu Wilayah II"))
                   ).to_be_visible()
            expect(dewi.locator("button:has-text('Serahkan bahan laporan')")).to_be_disabled()
            upload(hand / "tw2" / NAME)
            expect(dewi.get_by_text(re.compile(f"Ditolak: {NAME} tidak disimpan untuk TW I 2025: kolom Realisasi TW II"))
                   ).to_be_visible(timeout=30_000)
            upload(hand / "salah" / NAME)
            expect(dewi.get_by_text(re.compile(f"{NAME} TIDAK disimpan: 1 galat"))).to_be_visible(timeout=30_000)
            expect(dewi.locator("table.kinerja-tabel").get_by_text("galat").first).to_be_visible()
            shot(dewi, "2-analis-unggah-galat")
            with dewi.expect_download() as download:
                dewi.click("a.kinerja-bertanda")
            annotated = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
            assert download.value.suggested_filename == "rencana-aksi-irban-2-bertanda.xlsx"
            codes = {row[4] for row in annotated["Temuan"].iter_rows(min_row=2, values_only=True)}
            assert "bukan_angka" in codes
            assert sum(c.comment is not None for s in annotated.worksheets for row in s.iter_rows() for c in row) >= 1
            assert not (ws.raw_for(2025, 1) / NAME).exists()
            upload(hand / NAME)
            expect(dewi.get_by_text(re.compile(f"{NAME} disimpan untuk TW I 2025"))).to_be_visible(timeout=30_000)
            assert (ws.raw_for(2025, 1) / NAME).read_bytes() == (hand / NAME).read_bytes()
            expect(dewi.locator("button:has-text('Serahkan bahan laporan')")).to_be_enabled()
            dewi.click("button:has-text('Serahkan bahan laporan')")
            recorded(dewi, "Serahkan bahan laporan")

            # 4. the PPTK builds the report in the app and submits it
            budi = pages["budi"]
            refresh(budi)
            expect(budi.get_by_text(re.compile("Laporan TW I 2025 belum disusun"))).to_be_visible()
            expect(budi.locator("button:has-text('Ajukan laporan')")).to_be_disabled()
            budi.click("button:has-text('Susun laporan')")
            expect(budi.get_by_text(re.compile(r"Menyusun laporan… \d+ detik berjalan"))).to_be_visible(timeout=60_000)
            expect(budi.get_by_text(re.compile("Laporan disusun"))).to_be_visible(timeout=240_000)
            expect(budi.locator("button:has-text('Ajukan laporan')")).to_be_enabled()
            shot(budi, "3-pptk-susun-laporan")
            budi.click("button:has-text('Ajukan laporan')")
            recorded(budi, "Ajukan laporan")
            submitted = history(ws, 2025, 1)[-1]
            assert submitted.aksi == "ajukan" and submitted.berkas.endswith(".pdf")

            # 5. the Sekretaris sees the draft with its checksum, returns it without and then with a note
            refresh(siti)
            expect(siti.locator(".kinerja-draf").first).to_be_visible(timeout=30_000)
            expect(siti.get_by_text(submitted.sha256).first).to_be_visible()
            siti.click("button:has-text('Kembalikan untuk perbaikan')")
            refusal = siti.get_by_text(re.compile("Ditolak: Aksi 'kembalikan' wajib disertai catatan"))
            expect(refusal).to_be_visible()
            assert "--catatan" not in refusal.inner_text()
            shot(siti, "4-sekretaris-pemeriksaan")
            siti.locator(".kinerja-formulir textarea").fill("Lengkapi kendala IRBAN-2 pada TW I")
            siti.click("button:has-text('Kembalikan untuk perbaikan')")
            recorded(siti, "Kembalikan untuk perbaikan")
            siti.get_by_role("tab", name="Status").click()
            expect(siti.locator("table.kinerja-status").get_by_text("Penyusunan laporan oleh PPTK")).to_be_visible()
            shot(siti, "5-status")

            refresh(budi)
            note = budi.locator(".kinerja-catatan-kembali")
            expect(note).to_contain_text("Lengkapi kendala IRBAN-2 pada TW I")  # the return reaches the PPTK
            expect(note).to_contain_text("masih sama dengan yang dikembalikan")
            budi.click("button:has-text('Ajukan laporan')")  # unchanged and without a reply: refused
            expect(budi.get_by_text(re.compile("Ditolak: Laporan TW I 2025 masih sama"))).to_be_visible()
            budi.locator(".kinerja-formulir textarea").fill("Kendala IRBAN-2 dijelaskan di lembar kerjanya")
            submissions = sum(e.aksi == "ajukan" for e in history(ws, 2025, 1))
            budi.click("button:has-text('Ajukan laporan')")
            recorded(budi, "Ajukan laporan")  # the page still says so from the first submission: wait for the history
            deadline = time.monotonic() + 120  # a bound only against a hang
            while sum(e.aksi == "ajukan" for e in history(ws, 2025, 1)) == submissions:
                assert time.monotonic() < deadline, "the resubmission was never recorded"
                time.sleep(0.2)

            refresh(siti)
            siti.get_by_role("tab", name="Laporan").click()
            expect(siti.locator(".kinerja-laporan .kinerja-draf")).to_be_visible(timeout=30_000)
            expect(siti.locator("iframe.kinerja-pratinjau")).to_be_visible()
            shot(siti, "6-laporan")
            siti.get_by_role("tab", name="Tugas saya").click()
            expect(siti.get_by_text("Lengkapi kendala IRBAN-2 pada TW I")).to_be_visible()
            expect(siti.get_by_text("Kendala IRBAN-2 dijelaskan di lembar kerjanya")).to_be_visible()  # the thread
            siti.click("button:has-text('Setujui')")
            recorded(siti, "Setujui", timeout=240_000)  # the approval renders the final document first

            # 6. the Kasubag Perencanaan documents the quarter
            rizal = pages["rizal"]
            refresh(rizal)
            rizal.click("button:has-text('Dokumentasikan')")
            recorded(rizal, "Dokumentasikan", timeout=240_000)
            rizal.get_by_role("tab", name="Status").click()
            expect(rizal.locator("table.kinerja-status").get_by_text("Selesai didokumentasikan")).to_be_visible()
            shot(rizal, "7-selesai")

        except Exception:
            for person, page in pages.items():
                page.screenshot(path=str(shots / f"gagal-{person}.png"), full_page=True)
            raise

    events = history(ws, 2025, 1)
    assert [(e.aksi, e.pengguna) for e in events] == [
        ("tugaskan", "siti"), ("perintahkan", "siti"), *[("simpan_bahan", "dewi")] * 4, ("serahkan_bahan", "dewi"), ("ajukan", "budi"),
        ("kembalikan", "siti"), ("ajukan", "budi"), ("setujui", "siti"), ("dokumentasikan", "rizal")]
    assert events[5].berkas == NAME and events[5].sha256 == hashlib.sha256((hand / NAME).read_bytes()).hexdigest()
    assert events[8].catatan == "Lengkapi kendala IRBAN-2 pada TW I"
    assert events[9].catatan == "Kendala IRBAN-2 dijelaskan di lembar kerjanya"
    audit = subprocess.run([sys.executable, "-m", "kinerja.cli", "--ruang-kerja", str(ws.root), "audit", "verifikasi"],
                           capture_output=True, text=True, check=False)
    assert audit.returncode == 0, audit.stdout + audit.stderr
    assert outside == []


def _form(page, label: str):
    """The task form of one case (its heading is the case's label, e.g. 'TW II 2025')."""
    return page.locator(".kinerja-formulir", has=page.locator("h3", has_text=re.compile(f"^{re.escape(label)}$")))


def _events(ws: Workspace) -> int:
    from kinerja.alur.store import Store

    if not ws.database.is_file():
        return 0
    with Store(ws.database) as store:
        return len(store.events())


def _indicator_keys(path: Path) -> set[tuple[str, str]]:
    """(file, Kode Indikator) of every indicator row of a workbook, read with openpyxl (not kinerja's reader)."""
    from openpyxl import load_workbook

    sheet = load_workbook(path, read_only=True, data_only=True)["Rencana Aksi"]
    rows = list(sheet.iter_rows(values_only=True))
    head = next(i for i, r in enumerate(rows) if "Kode Indikator" in r)
    column = rows[head].index("Kode Indikator")
    return {(path.name, str(r[column]).strip()) for r in rows[head + 1:] if r[column] not in (None, "")}


def test_a_new_office_walks_a_whole_year_in_chromium(tmp_path, hub):
    """A fresh workspace (the sample office's kinerja.toml, no data) carried through a whole year by
    four people in Chromium: four quarters (every workbook uploaded in the app, a duplicate refused,
    a workbook replaced) and the LKjIP (the narasi drafted, downloaded, filled and uploaded back; a
    typed figure that disagrees with the tables refused at submission, naming the sentence; a return
    with a note that the Kasubag Perencanaan sees and answers; approval and documentation). Then the
    stored results, the history and the audit. Every wait is for a state in the page
    (``data-peristiwa``, a message), never for a time."""
    import json
    import shutil

    from docx import Document
    from playwright.sync_api import expect, sync_playwright

    from kinerja.lembar.sample import write_sample_year

    expect.set_options(timeout=60_000)
    ws = make_workspace(tmp_path / "kantor-baru")
    (ws.raw / "2025").mkdir(parents=True)  # what `kinerja init` makes for its running year
    books = tmp_path / "dari-unit"
    write_sample_year(books, 2025, kesalahan=False)  # what the units send in (TW II as corrected)
    quarter_books = {n: sorted((books / "2025" / f"triwulan-{n}").glob("*.xlsx")) for n in (1, 2, 3, 4)}
    shots = Path(os.environ.get("KINERJA_SCREENSHOT_DIR") or tmp_path / "layar") / "setahun"
    shots.mkdir(parents=True, exist_ok=True)
    twin = tmp_path / "salinan" / "rencana-aksi-irban-2 (1).xlsx"
    twin.parent.mkdir()
    shutil.copy2(quarter_books[1][1], twin)
    replaced = quarter_books[2][0]
    fixed = tmp_path / "perbaikan" / replaced.name
    fixed.parent.mkdir()
    from openpyxl import load_workbook

    book = load_workbook(replaced)
    sheet = book["Rencana Aksi"]
    cell = next(c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("Jumlah"))
    cell.value += " (perbaikan unit)"
    book.save(fixed)

    outside: list[str] = []
    began = time.monotonic()
    with ExitStack() as stack:
        servers = {}
        for person in PEOPLE:
            process, url = _start(ws, person, tmp_path, hub(person))
            stack.callback(_stop, process)
            servers[person] = (process, url.replace("&triwulan=1", ""))
        for process, url in servers.values():
            _wait(url, process)
        p = stack.enter_context(sync_playwright())
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        stack.callback(browser.close)
        pages = {}
        for person in PEOPLE:
            context = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True)
            page = context.new_page()
            page.on("request", lambda r: outside.append(r.url)
                    if not re.match(r"^(https?|wss?)://127\.0\.0\.1[:/]|^(data|blob|about):", r.url) else None)
            page.goto(servers[person][1], wait_until="commit", timeout=180_000)
            pages[person] = page
        for page in pages.values():
            page.wait_for_selector(".kinerja-aplikasi", timeout=180_000)
        siti, dewi, budi, rizal = (pages[p] for p in PEOPLE)

        def log(text):
            print(f"{time.monotonic() - began:6.1f}s {text}")

        def shown(page):
            """Wait until the page shows every event of the history (after an action or Perbarui)."""
            page.locator(f".kinerja-versi[data-peristiwa='{_events(ws)}']").wait_for(state="attached", timeout=600_000)

        def refresh(page):
            """Perbarui, then wait until the page was rebuilt (``data-pembaruan`` counts up) and shows every event."""
            done = int(page.locator(".kinerja-versi").get_attribute("data-pembaruan"))
            page.click(".kinerja-perbarui")
            page.locator(f".kinerja-versi[data-pembaruan='{done + 1}']").wait_for(state="attached", timeout=600_000)
            shown(page)

        def click(page, label, button, *, note=None, timeout=600_000):
            """Take an action in a case's form and wait until the history has its event and the page shows it."""
            count = _events(ws)
            form = _form(page, label)
            if note is not None:
                form.locator("textarea").first.fill(note)
            form.locator(f"button:has-text('{button}')").first.click()
            log(f"{label}: {button}")
            page.locator(f".kinerja-versi[data-peristiwa='{count + 1}']").wait_for(state="attached", timeout=timeout)
            expect(page.locator(".kinerja-tugas .kinerja-terakhir")).to_contain_text(f"Tercatat: {button}")

        def upload(page, form, button, paths):
            with page.expect_file_chooser(timeout=60_000) as chooser:
                form.locator(f"button:has-text('{button}')").click()
            chooser.value.set_files([str(p) for p in paths])

        def compose(page, label):
            form = _form(page, label)
            form.locator("button:has-text('Susun laporan')").click()
            expect(form.get_by_text(re.compile("Laporan disusun|Laporan gagal disusun"))).to_be_visible(timeout=600_000)
            expect(form.get_by_text(re.compile("Laporan disusun"))).to_be_visible()
            log(f"{label}: laporan disusun")

        def shot(page, name):
            page.screenshot(path=str(shots / f"{name}.png"), full_page=True)

        try:
            for n, roman in enumerate(("I", "II", "III", "IV"), start=1):
                label = f"TW {roman} 2025"
                refresh(siti)
                click(siti, label, "Tugaskan PPTK")
                click(siti, label, "Perintahkan Analis Data")
                refresh(dewi)
                form = _form(dewi, label)
                upload(dewi, form, "Unggah lembar kerja", quarter_books[n])
                for path in quarter_books[n]:  # each checked, stored and recorded (a signed simpan_bahan)
                    expect(form.get_by_text(f"{path.name} disimpan untuk {label}")).to_be_visible(timeout=300_000)
                if n == 1:  # a copy under another name: refused, nothing stored
                    upload(dewi, form, "Unggah lembar kerja", [twin])
                    expect(form.get_by_text(re.compile(re.escape(f"Ditolak: Berkas '{twin.name}' isinya sama persis"))
                                            )).to_be_visible()
                    assert not (ws.quarter_folder(2025, 1) / twin.name).exists()
                    shot(dewi, "1-analis-duplikat-ditolak")
                if n == 2:  # a unit sends a corrected workbook: replaced in the app, the old one kept
                    form.locator("label:has-text('Ganti berkas bernama sama') input").check()
                    upload(dewi, form, "Unggah lembar kerja", [fixed])
                    expect(form.get_by_text(re.compile("berkas lama tetap disimpan"))).to_be_visible(timeout=300_000)
                    assert (ws.quarter_folder(2025, 2) / fixed.name).read_bytes() == fixed.read_bytes()
                    shot(dewi, "2-analis-ganti")
                click(dewi, label, "Serahkan bahan laporan")
                refresh(budi)
                compose(budi, label)
                click(budi, label, "Ajukan laporan")
                refresh(siti)
                click(siti, label, "Setujui")  # renders the final document first
                refresh(rizal)
                click(rizal, label, "Dokumentasikan")

            # --- the LKjIP: draft narasi, a typed figure refused at submission, the narasi with fields
            lkjip = "Laporan tahunan 2025"
            refresh(rizal)
            form = _form(rizal, lkjip)
            expect(form.locator("button:has-text('Ajukan laporan tahunan')")).to_be_disabled()
            form.locator("button:has-text('Buat draf narasi')").click()
            expect(form.get_by_text(re.compile("Draf narasi dibuat"))).to_be_visible(timeout=300_000)
            with rizal.expect_download() as download:
                form.locator("a:has-text('Unduh narasi-2025.docx')").click()
            drafted = tmp_path / "narasi-unduhan.docx"
            shutil.copy2(download.value.path(), drafted)
            document = Document(str(drafted))
            # the analysis part's sentence (the first mention is the field list's own example, before the parts)
            paragraph = [p for p in document.paragraphs if "terukur {{ capaian_rata_rata }}." in p.text][-1]
            paragraph.text = paragraph.text.replace("{{ capaian_rata_rata }}", "12,34%")  # typed, and wrong
            typed = tmp_path / "ketik" / "narasi-2025.docx"
            typed.parent.mkdir()
            document.save(str(typed))
            upload(rizal, form, "Unggah narasi yang sudah diisi", [typed])
            expect(form.get_by_text(re.compile("Narasi narasi-2025.docx disimpan"))).to_be_visible()
            compose(rizal, lkjip)
            count = _events(ws)
            form.locator("button:has-text('Ajukan laporan tahunan')").click()
            refused = form.get_by_text(re.compile("Ditolak: Dokumen final Laporan tahunan 2025 tidak akan dapat dibuat"))
            expect(refused).to_be_visible(timeout=300_000)
            assert "12,34%" in refused.inner_text() and "kinerja laporan" not in refused.inner_text()
            assert _events(ws) == count
            shot(rizal, "3-lkjip-angka-ditolak")
            upload(rizal, form, "Unggah narasi yang sudah diisi", [drafted])  # the figure as a field
            expect(form.get_by_text(re.compile("Narasi narasi-2025.docx disimpan"))).to_be_visible()
            compose(rizal, lkjip)
            click(rizal, lkjip, "Ajukan laporan tahunan")

            # --- returned with a note; the Kasubag Perencanaan sees it and answers; approved; documented
            refresh(siti)
            expect(_form(siti, lkjip).locator(".kinerja-draf").first).to_be_visible()
            shot(siti, "4-sekretaris-lkjip")
            click(siti, lkjip, "Kembalikan laporan tahunan untuk perbaikan", note="Tambahkan kendala TW III pada Bab III")
            refresh(rizal)
            expect(_form(rizal, lkjip).locator(".kinerja-catatan-kembali")).to_contain_text(
                "Tambahkan kendala TW III pada Bab III")
            shot(rizal, "5-lkjip-dikembalikan")
            click(rizal, lkjip, "Ajukan laporan tahunan", note="Kendala TW III sudah ada di Bab III C")
            refresh(siti)
            expect(_form(siti, lkjip)).to_contain_text("Kendala TW III sudah ada di Bab III C")  # the thread
            click(siti, lkjip, "Setujui laporan tahunan")
            refresh(rizal)
            click(rizal, lkjip, "Dokumentasikan laporan tahunan")
            rizal.get_by_role("tab", name="Status").click()
            expect(rizal.locator("table.kinerja-status").get_by_text("Laporan tahunan didokumentasikan")).to_be_visible()
            shot(rizal, "6-setahun-selesai")
        except Exception:
            for person, page in pages.items():
                page.screenshot(path=str(shots / f"gagal-{person}.png"), full_page=True)
            raise
        log("year done")

    # the history: every quarter by the right people, each workbook a signed event with its checksum
    for n in (1, 2, 3, 4):
        events = history(ws, 2025, n)
        stores = [e for e in events if e.aksi == "simpan_bahan"]
        extra = 1 if n == 2 else 0
        assert [(e.aksi, e.pengguna) for e in events if e.aksi != "simpan_bahan"] == [
            ("tugaskan", "siti"), ("perintahkan", "siti"), ("serahkan_bahan", "dewi"), ("ajukan", "budi"),
            ("setujui", "siti"), ("dokumentasikan", "rizal")]
        assert len(stores) == len(quarter_books[n]) + extra and {e.pengguna for e in stores} == {"dewi"}
        sent = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in quarter_books[n]}
        if n == 2:
            sent[fixed.name] = hashlib.sha256(fixed.read_bytes()).hexdigest()
            assert "menggantikan versi sebelumnya" in stores[-1].catatan
        assert {e.berkas: e.sha256 for e in stores} == sent
    annual = [e for e in history(ws, 2025, None) if e.aksi != "simpan_narasi"]
    narasi = [e for e in history(ws, 2025, None) if e.aksi == "simpan_narasi"]  # each upload a signed event
    assert [(e.pengguna, e.berkas) for e in narasi] == [("rizal", "narasi-2025.docx")] * 2
    assert [e.sha256 for e in narasi] == [hashlib.sha256(typed.read_bytes()).hexdigest(),
                                          hashlib.sha256(drafted.read_bytes()).hexdigest()]
    assert [(e.aksi, e.pengguna) for e in annual] == [
        ("ajukan_tahunan", "rizal"), ("kembalikan_tahunan", "siti"), ("ajukan_tahunan", "rizal"),
        ("setujui_tahunan", "siti"), ("dokumentasikan_tahunan", "rizal")]
    assert annual[1].catatan == "Tambahkan kendala TW III pada Bab III"
    assert annual[2].catatan == "Kendala TW III sudah ada di Bab III C"

    # the stored results: each quarter's documented results hold exactly the workbooks' indicators,
    # and the documented LKjIP states the mean of its own table where the narasi had the field
    from kinerja.alur.workflow import approval
    from kinerja.config import load_workspace_config
    from kinerja.laporan.model.hasil import documented_folder

    config = load_workspace_config(ws.root)
    for n in (1, 2, 3, 4):
        folder = documented_folder(ws, approval(ws, config, 2025, n), 2025, n)  # the archive version recorded
        rows = json.loads((folder / "laporan" / "capaian.json").read_text(encoding="utf-8"))
        sent = {p.name: p for p in quarter_books[n]} | ({fixed.name: fixed} if n == 2 else {})
        archived = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (folder / "sumber").iterdir()}
        assert archived == {name: hashlib.sha256(p.read_bytes()).hexdigest() for name, p in sent.items()}
        assert len(rows) == len(set().union(*(_indicator_keys(p) for p in sent.values())))
    folder = documented_folder(ws, approval(ws, config, 2025, None), 2025, None)
    rows = json.loads((folder / "laporan" / "capaian.json").read_text(encoding="utf-8"))
    measured = [r["capaian"] for r in rows if r["status"] == "dihitung"]
    from decimal import ROUND_HALF_UP, Decimal

    mean = Decimal(repr(sum(measured) / len(measured))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    text = "\n".join(p.text for p in Document(str(next((folder / "laporan").glob("*.docx")))).paragraphs)
    assert f"{str(mean).replace('.', ',')}%" in text and "12,34%" not in text and "{{" not in text
    audit = subprocess.run([sys.executable, "-m", "kinerja.cli", "--ruang-kerja", str(ws.root), "audit", "verifikasi"],
                           capture_output=True, text=True, check=False)
    assert audit.returncode == 0, audit.stdout + audit.stderr
    assert outside == []
