"""The ipywidgets forms, driven headless through their click handlers; results read from the db."""

from __future__ import annotations

import datetime as dt

import pytest
from _util_alur import START, drive, make_workspace, publish_report

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
    ws = make_workspace(tmp_path, reports_for=(1,))
    for user, aksi in [("siti", "tugaskan"), ("siti", "perintahkan"), ("dewi", "serahkan_bahan"), ("rina", "ajukan"),
                       ("siti", "setujui"), ("rizal", "dokumentasikan")]:
        form = ActionForm(2025, 1, workspace=ws, config=config, username=user, now=LATER)
        enabled = [a for a, b in form.buttons.items() if not b.disabled]
        assert enabled == (["setujui", "kembalikan"] if aksi == "setujui" else [aksi])  # the Sekretaris may also return it
        if aksi == "tugaskan":
            form.pptk.value = "rina"
        if aksi == "dokumentasikan":
            publish_report(ws, 2025, 1, final=True)  # the final rendering of the approved report
        form.buttons[aksi].click()
        assert form.last_error is None, form.pesan.value
    events = history(ws, 2025, 1)
    assert events[0].penerima == "rina" and events[-1].ke == "selesai"


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
    assert "Belum ada lembar kerja di" in text and "data" in text  # names the folder it looked in


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
