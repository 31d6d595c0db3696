"""The role-aware panel headless: each person sees only their own tasks; every page follows each action."""

from __future__ import annotations

import datetime as dt

import pytest
from _util_alur import START, clean_material, make_workspace, publish_report

from kinerja.alur.forms import BELUM_ADA_LAPORAN
from kinerja.alur.workflow import history
from kinerja.web.panel import Aplikasi

LATER = START + dt.timedelta(hours=2)


@pytest.fixture(autouse=True)
def _hub(hub):
    global HUB
    HUB = hub


def _as(monkeypatch, username: str, ws, config) -> Aplikasi:
    for name, value in HUB(username).items():  # the user's server under JupyterHub: the hub vouches for the token
        monkeypatch.setenv(name, value)
    return Aplikasi(workspace=ws, config=config, tahun=2025, triwulan=1, now=LATER)


def test_four_people_walk_the_sop_and_every_page_follows(tmp_path, config, monkeypatch):
    ws = make_workspace(tmp_path)
    app = _as(monkeypatch, "siti", ws, config)
    assert "JupyterHub sebagai siti" in app.identitas.value
    [form] = app.tugas.forms
    assert list(form.buttons) == ["tugaskan"]
    form.pptk.value = "budi"
    form.buttons["tugaskan"].click()
    assert app.status.rows[0]["keadaan"] == "ditugaskan"  # the board refreshed by itself
    assert "Tercatat" in app.tugas.terakhir.value
    app.tugas.forms[0].buttons["perintahkan"].click()
    assert app.status.rows[0]["keadaan"] == "pengumpulan_bahan" and app.tugas.forms == []

    budi = _as(monkeypatch, "budi", ws, config)
    assert budi.tugas.forms == []  # not his turn yet
    dewi = _as(monkeypatch, "dewi", ws, config)
    [form] = dewi.tugas.forms
    assert form.bahan is not None and list(form.buttons) == ["serahkan_bahan", "unit_tidak_melapor"]
    assert form.buttons["serahkan_bahan"].disabled and "belum lengkap" in form.izin.value
    source = clean_material(make_workspace(tmp_path / "analis"), 2025, 1)  # the analyst's filled workbooks
    form.bahan.receive([(p.name, p.read_bytes()) for p in source])
    assert not form.buttons["serahkan_bahan"].disabled  # the upload completed the material: enabled at once
    form.buttons["serahkan_bahan"].click()

    budi = _as(monkeypatch, "budi", ws, config)
    [form] = budi.tugas.forms
    assert form.buttons["ajukan"].disabled and "belum disusun" in form.izin.value
    assert form.laporan.label == BELUM_ADA_LAPORAN and form.laporan.value == ""  # shown, not an empty list
    publish_report(ws, 2025, 1)  # stands in for "Susun laporan" (the real one: test_web)
    form.refresh()
    assert form.laporan.value.endswith("laporan.pdf")
    form.buttons["ajukan"].click()
    submitted = history(ws, 2025, 1)[-1]
    assert submitted.aksi == "ajukan" and submitted.berkas == "laporan.pdf" and len(submitted.sha256) == 64

    siti = _as(monkeypatch, "siti", ws, config)
    [review] = siti.tugas.forms
    assert "DRAF" in review.ringkasan.value and submitted.sha256 in review.ringkasan.value
    assert "cocok dengan berkas saat ini" in review.ringkasan.value
    assert 'download="laporan.pdf"' in review.ringkasan.value  # a link she can open
    assert siti.laporan.terbuka == (1, "")  # the Laporan page opens the report under review
    review.kembalikan_button.click()
    assert "(--catatan)" not in review.pesan.value and "Ditolak" in review.pesan.value
    review.catatan.value = "Lampirkan bukti realisasi IRBAN-2"
    review.kembalikan_button.click()
    assert siti.status.rows[0]["jumlah_pengembalian"] == 1
    assert siti.tugas.forms == []

    budi = _as(monkeypatch, "budi", ws, config)
    [form] = budi.tugas.forms
    assert "Lampirkan bukti realisasi IRBAN-2" in form.percakapan.value  # the return note on the PPTK's task
    assert "masih sama dengan yang dikembalikan" in form.percakapan.value
    form.buttons["ajukan"].click()
    assert "Ditolak" in form.pesan.value and history(ws, 2025, 1)[-1].aksi == "kembalikan"  # unchanged, no reply
    form.catatan.value = "Bukti realisasi dilampirkan pada berkas IRBAN-2"
    form.buttons["ajukan"].click()
    siti = _as(monkeypatch, "siti", ws, config)
    [review] = siti.tugas.forms
    assert "Lampirkan bukti realisasi IRBAN-2" in review.ringkasan.value
    assert "Bukti realisasi dilampirkan pada berkas IRBAN-2" in review.ringkasan.value  # the Sekretaris sees the thread
    import re

    assert not re.search(r"\d{4}-\d\d-\d\dT", review.ringkasan.value.split("Riwayat pengembalian")[1])  # no ISO time
    review.setujui_button.click()
    assert "Dokumen final" in review.pesan.value  # the form tries to render the final document, as the CLI does
    publish_report(ws, 2025, 1, final=True)  # stands in for finalize_report's rendering (the real one: test_web)

    rizal = _as(monkeypatch, "rizal", ws, config)
    rizal.tugas.forms[0].buttons["dokumentasikan"].click()
    assert history(ws, 2025, 1)[-1].ke == "selesai", rizal.tugas.forms[0].pesan.value
    assert rizal.status.rows[0]["keadaan"] == "selesai"
    assert "DISETUJUI" in rizal.laporan.rincian.value or rizal.laporan.terbuka is None


def test_standalone_says_it_runs_as_the_os_user(tmp_path, config, monkeypatch):
    import html
    import os
    import pwd

    for name in ("JUPYTERHUB_USER", "JUPYTERHUB_API_URL", "JUPYTERHUB_API_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("USER", "siti")  # free to set, and ignored
    app = Aplikasi(workspace=make_workspace(tmp_path), config=config, tahun=2025, now=LATER)
    assert f"pengguna sistem operasi '{pwd.getpwuid(os.getuid()).pw_name}'" in html.unescape(app.identitas.value)
    assert app.tab.titles == ("Tugas saya", "Status", "Laporan")
