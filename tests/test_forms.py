"""The ipywidgets forms, driven headless through their click handlers; results read from the db."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from _util_alur import START, clean_material, drive, make_workspace, publish_report

from kinerja.alur.forms import ActionForm, ReviewForm, StatusBoard, report_summary
from kinerja.alur.store import Store
from kinerja.alur.workflow import Alasan, history

LATER = START + dt.timedelta(hours=2)


@pytest.fixture
def under_review(tmp_path, config):
    ws = make_workspace(tmp_path, reports_for=(1,))
    drive(ws, config, "ajukan")
    return ws


def test_setujui_click_writes_the_decision(under_review, config):
    form = ReviewForm(2025, 1, workspace=under_review, config=config, username="siti", now=LATER)
    assert not form.setujui_button.disabled and not form.kembalikan_button.disabled
    assert form.setujui_button.description == "Setujui"
    assert form.kembalikan_button.description == "Kembalikan untuk perbaikan"
    form.setujui_button.click()
    last = history(under_review, 2025, 1)[-1]
    assert (last.aksi, last.pengguna, last.ke) == ("setujui", "siti", "pendokumentasian")
    assert form.last_error is None and "Tercatat" in form.pesan.value
    assert form.setujui_button.disabled and form.kembalikan_button.disabled


def test_return_without_note_is_refused_visibly_then_accepted_with_note(under_review, config):
    form = ReviewForm(2025, 1, workspace=under_review, config=config, username="siti", now=LATER)
    count = len(Store(under_review.database).events())
    form.kembalikan_button.click()
    assert form.last_error.reason == Alasan.CATATAN_WAJIB and "Ditolak" in form.pesan.value
    assert len(Store(under_review.database).events()) == count
    form.catatan.value = "Realisasi TW I IRBAN-2 belum diisi"
    form.kembalikan_button.click()
    last = history(under_review, 2025, 1)[-1]
    assert (last.aksi, last.catatan) == ("kembalikan", "Realisasi TW I IRBAN-2 belum diisi")
    assert "Realisasi TW I IRBAN-2 belum diisi" in form.ringkasan.value  # history of returns


def test_wrong_role_sees_disabled_buttons_and_a_refusal(under_review, config):
    form = ReviewForm(2025, 1, workspace=under_review, config=config, username="budi", now=LATER)
    assert form.setujui_button.disabled and form.kembalikan_button.disabled
    assert "Sekretaris" in form.izin.value and "(siti)" in form.izin.value
    count = len(Store(under_review.database).events())
    form.setujui_button.click()  # a disabled button's handler still refuses through the workflow
    assert form.last_error.reason == Alasan.PERAN_TIDAK_SESUAI
    assert len(Store(under_review.database).events()) == count


def test_unknown_user_cannot_act(under_review, config):
    form = ReviewForm(2025, 1, workspace=under_review, config=config, username="root", now=LATER)
    assert form.setujui_button.disabled and "tidak terdaftar" in form.izin.value
    form.setujui_button.click()
    assert form.last_error.reason == Alasan.PENGGUNA_TIDAK_DIKENAL


def test_two_open_forms_only_the_first_decision_counts(under_review, config, tmp_path):
    first = ReviewForm(2025, 1, workspace=under_review, config=config, username="siti", now=LATER)
    second = ReviewForm(2025, 1, workspace=under_review, config=config, username="siti", now=LATER)
    first.setujui_button.click()
    second.catatan.value = "terlambat"
    second.kembalikan_button.click()
    assert second.last_error.reason == Alasan.KEADAAN_TIDAK_SESUAI
    assert [e.aksi for e in history(under_review, 2025, 1)][-1] == "setujui"


def test_action_form_walks_the_whole_sop(tmp_path, config):
    ws = make_workspace(tmp_path)
    for user, aksi in [("siti", "tugaskan"), ("siti", "perintahkan"), ("dewi", "serahkan_bahan"), ("rina", "ajukan"),
                       ("siti", "setujui"), ("rizal", "dokumentasikan")]:
        if aksi == "serahkan_bahan":
            clean_material(ws, 2025, 1)
        if aksi == "ajukan":
            publish_report(ws, 2025, 1)  # the PPTK composed the report of the material
        form = ActionForm(2025, 1, workspace=ws, config=config, username=user, now=LATER)
        enabled = [a for a, b in form.buttons.items() if not b.disabled]
        expected = {"setujui": ["setujui", "kembalikan"], "serahkan_bahan": ["serahkan_bahan", "unit_tidak_melapor"],
                    "ajukan": ["ajukan", "kembalikan_bahan"]}.get(aksi, [aksi])
        assert enabled == expected
        if aksi == "tugaskan":
            form.pptk.value = "rina"
        if aksi == "dokumentasikan":
            publish_report(ws, 2025, 1, final=True)  # the final rendering of the approved report
        form.buttons[aksi].click()
        assert form.last_error is None, form.pesan.value
    events = history(ws, 2025, 1)
    assert events[0].penerima == "rina" and events[-1].ke == "selesai"


def test_each_guard_disables_its_button_with_the_sentence_before_the_click(tmp_path, config):
    ws = make_workspace(tmp_path)
    drive(ws, config, "perintahkan")
    form = ActionForm(2025, 1, workspace=ws, config=config, username="dewi", now=LATER)
    assert form.buttons["serahkan_bahan"].disabled and not form.buttons["unit_tidak_melapor"].disabled
    assert "Bahan TW I 2025 belum lengkap" in form.izin.value and "(IRBAN-KHUSUS)" in form.izin.value
    clean_material(ws, 2025, 1)
    (ws.quarter_folder(2025, 1) / "rencana-aksi-irban-khusus.xlsx").unlink()
    form.refresh()
    assert form.buttons["serahkan_bahan"].disabled and "(IRBAN-KHUSUS)" in form.izin.value
    assert "(IRBAN-1)" not in form.izin.value
    form.unit_kerja.value = "IRBAN-KHUSUS"
    form.catatan.value = "Tidak ada kegiatan TW I"
    form.buttons["unit_tidak_melapor"].click()
    assert form.last_error is None and history(ws, 2025, 1)[-1].penerima == "IRBAN-KHUSUS"
    assert not form.buttons["serahkan_bahan"].disabled and form.izin.value == ""
    form.buttons["serahkan_bahan"].click()
    budi = ActionForm(2025, 1, workspace=ws, config=config, username="budi", now=LATER)
    assert budi.buttons["ajukan"].disabled and "belum disusun" in budi.izin.value
    assert not budi.buttons["kembalikan_bahan"].disabled  # a stuck case can always go back, with a note
    publish_report(ws, 2025, 1, galat=1)
    budi.refresh()
    assert not budi.buttons["ajukan"].disabled
    budi.buttons["ajukan"].click()
    siti = ReviewForm(2025, 1, workspace=ws, config=config, username="siti", now=LATER)
    assert siti.setujui_button.disabled and not siti.kembalikan_button.disabled
    assert "1 galat" in siti.izin.value and "kinerja alur" not in siti.izin.value


def test_status_board_shows_and_refreshes(under_review, config):
    board = StatusBoard(2025, workspace=under_review, config=config, now=LATER)
    assert [r["keadaan"] for r in board.rows][:2] == ["pemeriksaan", "belum_dimulai"]
    assert "Pemeriksaan oleh Sekretaris" in board.tabel.value
    ReviewForm(2025, 1, workspace=under_review, config=config, username="siti", now=LATER).setujui_button.click()
    board.perbarui.click()
    assert board.rows[0]["keadaan"] == "pendokumentasian"


def test_summary_without_workbooks_degrades_to_a_note(tmp_path, config):
    ws = make_workspace(tmp_path)
    text = report_summary(ws, config, 2025, 1)
    assert "Belum ada lembar kerja TW I 2025 yang tersimpan" in text and "data/" not in text  # no server path


def test_summary_shows_capaian_and_findings_of_the_sample_year(sample_workspace, config):
    ws = sample_workspace
    clean = report_summary(ws, config, 2025, 1)
    assert "Capaian kinerja" in clean and "<table" in clean
    with_mistakes = report_summary(ws, config, 2025, 2)  # the sample's TW II carries mistakes
    assert "Temuan validasi" in with_mistakes and "galat" in with_mistakes


def test_review_form_before_submission_explains_why_nothing_can_be_done(tmp_path, config):
    ws = make_workspace(tmp_path)
    drive(ws, config, "perintahkan")
    form = ReviewForm(2025, 1, workspace=ws, config=config, username="siti", now=LATER)
    assert form.setujui_button.disabled and "Analis Data" in form.izin.value


def test_annual_form_waits_for_the_four_quarters(tmp_path, config):
    ws = make_workspace(tmp_path)
    form = ActionForm(2025, None, workspace=ws, config=config, username="rizal", now=LATER)
    # the annual report's own path (no APIP reviu button: the sample office does not ask for it)
    assert list(form.buttons) == ["ajukan_tahunan", "setujui_tahunan", "kembalikan_tahunan", "dokumentasikan_tahunan"]
    assert all(button.disabled for button in form.buttons.values())
    form.buttons["ajukan_tahunan"].click()
    assert form.last_error.reason == Alasan.TRIWULAN_BELUM_SELESAI


def test_the_return_to_the_material_reaches_the_analyst_with_what_to_fix(tmp_path, config, sample_raw):
    import shutil

    ws = make_workspace(tmp_path)
    drive(ws, config, "serahkan_bahan")
    budi = ActionForm(2025, 1, workspace=ws, config=config, username="budi", now=LATER)
    budi.catatan.value = "Lembar IRBAN-2 memuat realisasi yang salah; perbaiki"
    budi.buttons["kembalikan_bahan"].click()
    assert budi.last_error is None, budi.pesan.value
    shutil.copy(sample_raw / "2025" / "triwulan-2" / "rencana-aksi-irban-2.xlsx",
                ws.quarter_folder(2025, 1) / "rencana-aksi-irban-2.xlsx")  # the stored copy with galat
    dewi = ActionForm(2025, 1, workspace=ws, config=config, username="dewi", now=LATER)
    assert "Dikembalikan oleh" in dewi.percakapan.value and "Lembar IRBAN-2 memuat realisasi" in dewi.percakapan.value
    assert "rencana-aksi-irban-2.xlsx (2 galat)" in dewi.percakapan.value
    assert dewi.buttons["serahkan_bahan"].disabled and "galat" in dewi.izin.value


def test_status_colours_have_a_legend_and_every_red_row_says_why(tmp_path, config):
    from kinerja.alur.forms import STATUS_LEGEND, status_html
    from kinerja.alur.workflow import case_status

    ws = make_workspace(tmp_path)
    drive(ws, config, "perintahkan")
    rows = case_status(ws, config, 2025, now=dt.datetime(2025, 12, 1))  # long after every deadline of TW I
    table = status_html(rows)
    assert STATUS_LEGEND in table and "Kasus terlambat" in table
    red = [r for r in rows if r["terlambat"] or r["kasus_terlambat"]]
    assert red and table.count('class="kinerja-terlambat"') == len(red)


def test_stored_material_is_listed_replaced_and_withdrawn_in_the_app_each_a_signed_event(tmp_path, config):
    from kinerja.alur.bahan import withdrawn_dir
    from kinerja.alur.forms import PILIH_TARIK, BahanPanel
    from kinerja.terbitan import sha256_file

    ws = make_workspace(tmp_path)
    drive(ws, config, "perintahkan")
    source = clean_material(make_workspace(tmp_path / "analis"), 2025, 1)
    panel = BahanPanel(ws, config, 2025, 1, username="dewi", now=LATER)
    panel.receive([(p.name, p.read_bytes()) for p in source[:2]])
    stored = [e for e in history(ws, 2025, 1) if e.aksi == "simpan_bahan"]
    assert [(e.berkas, e.sha256, e.pengguna) for e in stored] == [(p.name, sha256_file(p), "dewi") for p in source[:2]]
    assert all(e.tanda_tangan for e in stored)
    assert f'download="{source[0].name}"' in panel.daftar.value
    assert list(panel.pilih_tarik.options) == [(PILIH_TARIK, ""), *((p.name, p.name) for p in source[:2])]
    assert panel.pilih_tarik.label == PILIH_TARIK  # nothing chosen for the analyst
    panel.tarik.click()  # an empty choice is refused with a message
    assert "pilih dahulu lembar kerja yang akan ditarik" in panel.hasil.value
    assert [e.aksi for e in history(ws, 2025, 1)].count("tarik_bahan") == 0
    panel.withdraw(source[0].name, "  ")  # a reason is required
    assert "Ditolak" in panel.hasil.value and (ws.quarter_folder(2025, 1) / source[0].name).is_file()
    kept = source[0].read_bytes()
    panel.withdraw(source[0].name, "Salah unit: ini lembar kerja Sekretariat tahun lalu")
    withdrawn = history(ws, 2025, 1)[-1]
    assert (withdrawn.aksi, withdrawn.berkas, withdrawn.sha256) == ("tarik_bahan", source[0].name, sha256_file(source[0]))
    assert withdrawn.catatan.startswith("Salah unit")
    assert not (ws.quarter_folder(2025, 1) / source[0].name).exists()
    [aside] = withdrawn_dir(ws, 2025, 1).iterdir()
    assert aside.read_bytes() == kept  # never lost
    assert list(panel.pilih_tarik.options) == [(PILIH_TARIK, ""), (source[1].name, source[1].name)]
    assert [e.ke for e in history(ws, 2025, 1)][-1] == "pengumpulan_bahan"  # notes: the case stays


def test_a_guard_from_above_refuses_before_anything_is_recorded(under_review, config):
    """The web app hands the report's stated-figures check to the form (``periksa``): its refusal is
    shown line by line in the page and the decision is not recorded."""
    from kinerja.errors import ReportError

    asked = []

    def periksa(aksi):
        asked.append(aksi)
        raise ReportError("'Setujui' ditolak: 1 kalimat tidak sesuai dengan tabelnya:\n- Ikhtisar, paragraf 1: 91,00%")

    form = ReviewForm(2025, 1, workspace=under_review, config=config, username="siti", now=LATER, periksa=periksa)
    count = len(Store(under_review.database).events())
    form.setujui_button.click()
    assert asked == ["setujui"] and isinstance(form.last_error, ReportError)
    assert "white-space:pre-line" in form.pesan.value and "- Ikhtisar, paragraf 1: 91,00%" in form.pesan.value
    assert len(Store(under_review.database).events()) == count


def test_an_upload_without_the_analysts_key_tells_her_whom_to_ask_and_not_the_servers_paths(tmp_path, config,
                                                                                          monkeypatch, capfd):
    from kinerja.alur.forms import BahanPanel

    ws = make_workspace(tmp_path)
    drive(ws, config, "perintahkan")
    source = clean_material(make_workspace(tmp_path / "analis"), 2025, 1)[:1]
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "tanpa-kunci"))  # dewi's key is not on this server
    panel = BahanPanel(ws, config, 2025, 1, username="dewi", now=LATER)
    panel.receive([(p.name, p.read_bytes()) for p in source])
    shown = html.unescape(panel.hasil.value)
    assert f"Ditolak: {source[0].name} tidak disimpan. Aksi Anda tidak dapat ditandatangani" in shown
    assert "Hubungi admin aplikasi kinerja" in shown and "'dewi'" in shown
    assert str(tmp_path) not in shown and "kinerja kunci buat" not in shown and ".pem" not in shown
    assert "kinerja kunci buat" in capfd.readouterr().err  # the details: in the server's log
    assert not ws.quarter_workbooks(2025, 1)  # taken back out, as before
