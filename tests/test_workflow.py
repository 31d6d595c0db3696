"""Workflow rules, lateness, case status, random action sequences and concurrent actors."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import tempfile
from pathlib import Path

import pytest
from _util_alur import HAPPY, START, clean_material, drive, drive_annual, make_workspace, publish_report, ready_for
from hypothesis import event, given, settings
from hypothesis import strategies as st

from kinerja.alur.store import Store
from kinerja.alur.workflow import ActionRefused, Alasan, act, case_start, case_status, history, load_case
from kinerja.config import load_config
from kinerja.domain import sop
from kinerja.paths import SAMPLE_CONFIG

TEAM_TOML = SAMPLE_CONFIG.read_text(encoding="utf-8").split("[[pegawai]]")[0] + """
[[pegawai]]
nama = "Siti"
nip = "1"
username = "siti"
peran = ["sekretaris"]
unit = "SEKRETARIAT"

[[pegawai]]
nama = "Ani"
nip = "2"
username = "ani"
peran = ["sekretaris", "pptk"]
unit = "SEKRETARIAT"

[[pegawai]]
nama = "Budi"
nip = "3"
username = "budi"
peran = ["pptk"]
unit = "IRBAN-1"

[[pegawai]]
nama = "Dewi"
nip = "4"
username = "dewi"
peran = ["analis_data"]
unit = "SEKRETARIAT"

[[pegawai]]
nama = "Rizal"
nip = "5"
username = "rizal"
peran = ["kasubag_perencanaan"]
unit = "SEKRETARIAT"
"""


@pytest.fixture(scope="module")
def team(tmp_path_factory):
    """A config where Ani is both Sekretaris and PPTK."""
    path = tmp_path_factory.mktemp("team") / "kinerja.toml"
    path.write_text(with_sample_keys(TEAM_TOML), encoding="utf-8")
    return load_config(path)


def with_sample_keys(toml: str) -> str:
    """Register each person's sample key (``kunci_publik``) after their ``username`` line."""
    from kinerja.alur.kunci import public_text, sample_key

    lines = []
    for line in toml.splitlines():
        lines.append(line)
        if line.startswith("username = "):
            name = line.split('"')[1]
            lines.append(f'kunci_publik = "{public_text(sample_key(name))}"')
    return "\n".join(lines) + "\n"


def refused(ws, config, aksi, user, **kwargs) -> Alasan:
    before = Store(ws.database).events()
    with pytest.raises(ActionRefused) as info:
        act(ws, config, aksi, 2025, kwargs.pop("triwulan", 1), username=user, now=kwargs.pop("now", START), **kwargs)
    assert Store(ws.database).events() == before, "a refused action must not write"
    return info.value.reason


def test_happy_path_reaches_documented_and_history_matches(tmp_path, config):
    ws = make_workspace(tmp_path, reports_for=(1,))
    drive(ws, config, "dokumentasikan")
    events = history(ws, 2025, 1)
    assert [e.aksi for e in events] == [a for a, _, _ in HAPPY]
    assert load_case(Store(ws.database), config, 2025, 1).keadaan == "selesai"
    assert events[0].penerima == "budi"
    assert events[-1].berkas == "data/archive/2025/triwulan-1/versi-1"


def test_role_rules(tmp_path, config):
    ws = make_workspace(tmp_path)
    assert refused(ws, config, "tugaskan", "budi", penerima="budi") == Alasan.PERAN_TIDAK_SESUAI
    assert refused(ws, config, "perintahkan", "siti") == Alasan.KEADAAN_TIDAK_SESUAI
    assert refused(ws, config, "tugaskan", "siti") == Alasan.PENERIMA_TIDAK_VALID  # four PPTKs: must name one
    assert refused(ws, config, "tugaskan", "siti", penerima="dewi") == Alasan.PENERIMA_TIDAK_VALID
    assert refused(ws, config, "tugaskan", "root") == Alasan.PENGGUNA_TIDAK_DIKENAL
    drive(ws, config, "serahkan_bahan")
    ready_for(ws, config, "ajukan", 2025, 1)
    assert refused(ws, config, "ajukan", "rina") == Alasan.BUKAN_PPTK_DITUGASKAN
    assert refused(ws, config, "ajukan", "siti") == Alasan.PERAN_TIDAK_SESUAI
    act(ws, config, "ajukan", 2025, 1, username="budi", now=START + dt.timedelta(hours=1))
    assert refused(ws, config, "setujui", "budi") == Alasan.PERAN_TIDAK_SESUAI  # a PPTK cannot approve
    assert refused(ws, config, "kembalikan", "siti", catatan="   ") == Alasan.CATATAN_WAJIB
    assert refused(ws, config, "dokumentasikan", "rizal") == Alasan.KEADAAN_TIDAK_SESUAI
    assert refused(ws, config, "dokumentasikan_tahunan", "rizal") == Alasan.LINGKUP_TIDAK_SESUAI
    assert refused(ws, config, "hapus", "siti") == Alasan.AKSI_TIDAK_DIKENAL


def test_refusal_message_says_who_may_act(tmp_path, config):
    ws = make_workspace(tmp_path)
    with pytest.raises(ActionRefused) as info:
        act(ws, config, "tugaskan", 2025, 1, username="dewi", penerima="budi", now=START)
    assert "(siti)" in str(info.value)


def test_nobody_approves_what_they_submitted(tmp_path, team):
    ws = make_workspace(tmp_path)
    act(ws, team, "tugaskan", 2025, 1, username="siti", penerima="ani", now=START)
    act(ws, team, "perintahkan", 2025, 1, username="siti", now=START)
    ready_for(ws, team, "serahkan_bahan", 2025, 1)
    act(ws, team, "serahkan_bahan", 2025, 1, username="dewi", now=START)
    ready_for(ws, team, "ajukan", 2025, 1)
    act(ws, team, "ajukan", 2025, 1, username="ani", now=START)
    assert refused(ws, team, "setujui", "ani") == Alasan.MENYETUJUI_SENDIRI
    act(ws, team, "setujui", 2025, 1, username="siti", now=START)


def test_return_needs_note_and_loops(tmp_path, config):
    ws = make_workspace(tmp_path, reports_for=(1,))
    drive(ws, config, "ajukan")
    moment = START + dt.timedelta(hours=2)
    for i in range(3):
        act(ws, config, "kembalikan", 2025, 1, username="siti", catatan=f"perbaiki {i}", now=moment)
        act(ws, config, "ajukan", 2025, 1, username="budi", catatan=f"sudah dijelaskan {i}", now=moment)
    act(ws, config, "setujui", 2025, 1, username="siti", now=moment)
    rows = case_status(ws, config, 2025, 1, now=moment)
    assert rows[0]["jumlah_pengembalian"] == 3 and rows[0]["keadaan"] == "pendokumentasian"
    assert [e.catatan for e in history(ws, 2025, 1) if e.aksi == "kembalikan"] == ["perbaiki 0", "perbaiki 1", "perbaiki 2"]


def test_case_starts_on_the_tenth_after_the_quarter(config):
    assert case_start(2025, 1, config) == dt.datetime(2025, 4, 10, 7, 30)
    assert case_start(2025, 3, config) == dt.datetime(2025, 10, 10, 7, 30)
    assert case_start(2025, 4, config) == dt.datetime(2026, 1, 10, 7, 30)


def test_lateness_per_step_is_kept_in_history(tmp_path, config):
    ws = make_workspace(tmp_path)
    # 10 April 2025 is a Thursday; step 1 due 07:45.
    on_time = act(ws, config, "tugaskan", 2025, 1, username="siti", penerima="budi", now=dt.datetime(2025, 4, 10, 7, 40))
    assert on_time.tenggat == "2025-04-10T07:45:00" and not on_time.terlambat
    # step 2 (30 min) entered 07:40, due 08:10
    late = act(ws, config, "perintahkan", 2025, 1, username="siti", now=dt.datetime(2025, 4, 10, 8, 11))
    assert late.tenggat == "2025-04-10T08:10:00" and late.terlambat
    # step 3 (1 working day) entered Thu 08:11 -> due Fri 08:11; the status on Friday 09:00 says late
    rows = case_status(ws, config, 2025, 1, now=dt.datetime(2025, 4, 11, 9, 0))
    assert rows[0]["tenggat"] == "2025-04-11T08:11:00" and rows[0]["terlambat"]
    assert rows[0]["langkah_terlambat"] == 1
    assert not case_status(ws, config, 2025, 1, now=dt.datetime(2025, 4, 11, 8, 0))[0]["terlambat"]


def test_weekend_and_cuti_bersama_do_not_count(tmp_path, config):
    ws = make_workspace(tmp_path)
    drive(ws, config, "serahkan_bahan", start=dt.datetime(2025, 3, 27, 15, 0), step=dt.timedelta(minutes=1))
    # PPTK's 4 working hours from Thu 27 March 15:03: 57 min that day, then Nyepi, weekend, Lebaran
    # and cuti bersama until Tue 8 April 07:30 -> due 10:33.
    rows = case_status(ws, config, 2025, 1, now=dt.datetime(2025, 4, 8, 10, 0))
    assert rows[0]["tenggat"] == "2025-04-08T10:33:00" and not rows[0]["terlambat"]


def test_case_status_lists_every_quarter_and_the_annual_case(tmp_path, config):
    ws = make_workspace(tmp_path, reports_for=(1, 2, 3, 4))
    rows = case_status(ws, config, 2025, now=START)
    assert [(r["triwulan"], r["keadaan"]) for r in rows] == [
        (1, "belum_dimulai"), (2, "belum_dimulai"), (3, "belum_dimulai"), (4, "belum_dimulai"), (None, "penyusunan_tahunan")]
    assert rows[-1]["sejak"] is None and not ws.database.exists()
    with pytest.raises(ActionRefused) as info:
        act(ws, config, "ajukan_tahunan", 2025, None, username="rizal", now=START)
    assert info.value.reason == Alasan.TRIWULAN_BELUM_SELESAI
    for triwulan in (1, 2, 3, 4):
        drive(ws, config, "dokumentasikan", triwulan=triwulan, start=case_start(2025, triwulan, config))
    annual = case_status(ws, config, 2025, now=dt.datetime(2026, 1, 12))[-1]
    assert annual["sejak"] is not None and annual["tenggat"] is not None
    drive_annual(ws, config, start=dt.datetime(2026, 1, 13))
    assert case_status(ws, config, 2025, now=dt.datetime(2026, 1, 14))[-1]["keadaan"] == "selesai_tahunan"
    assert (ws.archive_dir(2025) / "versi-1" / "laporan" / "lkjip.pdf").is_file()


def _documented_quarters(ws, config) -> None:
    for triwulan in (1, 2, 3, 4):
        drive(ws, config, "dokumentasikan", triwulan=triwulan, start=case_start(2025, triwulan, config))


def test_annual_report_is_returned_with_a_note_then_approved_and_the_approval_names_who_and_when(tmp_path, config):
    """The LKjIP follows the quarters' path: submitted by the Kasubag Perencanaan, returned by the
    Sekretaris only with a note, resubmitted, approved (never by its submitter), then documented;
    nothing is final or archived before the approval."""
    from kinerja.alur.workflow import approval

    ws = make_workspace(tmp_path, reports_for=(1, 2, 3, 4))
    _documented_quarters(ws, config)
    moment = dt.datetime(2026, 1, 20, 9, 0)
    publish_report(ws, 2025, None, files={"lkjip.pdf": b"%PDF tahunan v1"})
    for aksi, user in (("setujui_tahunan", "siti"), ("dokumentasikan_tahunan", "rizal")):  # nothing to approve yet
        with pytest.raises(ActionRefused) as info:
            act(ws, config, aksi, 2025, None, username=user, now=moment)
        assert info.value.reason == Alasan.KEADAAN_TIDAK_SESUAI
    with pytest.raises(ActionRefused) as info:  # the Sekretaris does not submit the annual report
        act(ws, config, "ajukan_tahunan", 2025, None, username="siti", now=moment)
    assert info.value.reason == Alasan.PERAN_TIDAK_SESUAI
    submitted = act(ws, config, "ajukan_tahunan", 2025, None, username="rizal", now=moment)
    assert submitted.berkas.endswith("manifest.json") and submitted.sha256  # the set under review is recorded
    with pytest.raises(ActionRefused) as info:
        act(ws, config, "kembalikan_tahunan", 2025, None, username="siti", now=moment + dt.timedelta(minutes=5))
    assert info.value.reason == Alasan.CATATAN_WAJIB
    act(ws, config, "kembalikan_tahunan", 2025, None, username="siti", catatan="Bab III.B: lengkapi realisasi anggaran.",
        now=moment + dt.timedelta(minutes=10))
    assert approval(ws, config, 2025, None).keadaan == "penyusunan_tahunan"
    assert not approval(ws, config, 2025, None).disetujui
    publish_report(ws, 2025, None, files={"lkjip.pdf": b"%PDF tahunan v2"})
    act(ws, config, "ajukan_tahunan", 2025, None, username="rizal", now=moment + dt.timedelta(days=1))
    approved = act(ws, config, "setujui_tahunan", 2025, None, username="siti", now=moment + dt.timedelta(days=1, hours=1))
    state = approval(ws, config, 2025, None)
    assert state.disetujui and state.siap_final and state.keadaan == "pendokumentasian_tahunan"
    assert state.sha256 == approved.sha256 != submitted.sha256  # the resubmitted set, not the returned one
    assert state.uraian == "disetujui oleh Hj. Siti Rahmawati, S.H., M.H. (Sekretaris) pada 21 Januari 2026 pukul 10.00 WITA"
    kasus = case_status(ws, config, 2025, now=moment + dt.timedelta(days=1, hours=1))[-1]
    assert kasus["jumlah_pengembalian"] == 1 and kasus["aksi_berikut"] == ["dokumentasikan_tahunan"]
    with pytest.raises(ActionRefused) as info:  # documenting archives the final rendering of the approved set only
        act(ws, config, "dokumentasikan_tahunan", 2025, None, username="rizal", now=moment + dt.timedelta(days=2))
    assert info.value.reason == Alasan.LAPORAN_BELUM_ADA and "masih DRAF" in str(info.value)
    publish_report(ws, 2025, None, final=True, files={"lkjip.pdf": b"%PDF tahunan v2"})
    act(ws, config, "dokumentasikan_tahunan", 2025, None, username="rizal", now=moment + dt.timedelta(days=2))
    assert [e.aksi for e in history(ws, 2025, None)] == [
        "ajukan_tahunan", "kembalikan_tahunan", "ajukan_tahunan", "setujui_tahunan", "dokumentasikan_tahunan"]
    assert (ws.archive_dir(2025) / "versi-1" / "laporan" / "lkjip.pdf").read_bytes() == b"%PDF tahunan v2"


def test_annual_report_waits_for_the_apip_reviu_when_the_office_asks_for_it(tmp_path):
    """``[alur] reviu_apip = true``: after the Sekretaris's approval the Inspektur records the signed
    Pernyataan Telah Direviu (its checksum in the history); only then is the report ready to be
    final and documented, and the approval states both. Without the option the step is refused."""
    from kinerja.alur.workflow import approval

    inspektur = """
[[pegawai]]
nama = "Drs. Andi Inspektur, M.Si."
nip = "6"
username = "andi"
peran = ["inspektur"]
unit = "SEKRETARIAT"
"""
    text = with_sample_keys(TEAM_TOML + inspektur) + "\n[alur]\nreviu_apip = true\n"
    (tmp_path / "cfg").mkdir()
    (tmp_path / "cfg" / "kinerja.toml").write_text(text, encoding="utf-8")
    config = load_config(tmp_path / "cfg" / "kinerja.toml")
    from kinerja.alur.kunci import write_workspace_sample_keys

    ws = make_workspace(tmp_path / "kantor", reports_for=(1, 2, 3, 4))
    write_workspace_sample_keys(ws.root, config)  # the Inspektur's sample key too
    _documented_quarters(ws, config)
    drive_annual(ws, config, "setujui_tahunan")
    state = approval(ws, config, 2025, None)
    assert state.keadaan == "reviu_apip" and state.disetujui and not state.siap_final
    statement = tmp_path / "pernyataan-telah-direviu.pdf"
    statement.write_bytes(b"%PDF pernyataan")
    with pytest.raises(ActionRefused) as info:
        act(ws, config, "nyatakan_direviu", 2025, None, username="rizal", berkas=statement, now=dt.datetime(2026, 1, 22, 9))
    assert info.value.reason == Alasan.PERAN_TIDAK_SESUAI
    event = act(ws, config, "nyatakan_direviu", 2025, None, username="andi", berkas=statement, now=dt.datetime(2026, 1, 22, 9))
    assert event.berkas == statement.name and event.ke == "pendokumentasian_tahunan"
    state = approval(ws, config, 2025, None)
    assert state.siap_final and state.uraian.endswith(
        "; Pernyataan Telah Direviu dicatat oleh Drs. Andi Inspektur, M.Si. (Inspektur (APIP)) pada 22 Januari 2026 pukul 09.00 WITA")
    publish_report(ws, 2025, None, final=True, files={"lkjip.pdf": b"%PDF tahunan"})
    act(ws, config, "dokumentasikan_tahunan", 2025, None, username="rizal", now=dt.datetime(2026, 1, 22, 10))
    assert approval(ws, config, 2025, None).keadaan == "selesai_tahunan"

    plain = make_workspace(tmp_path / "tanpa-reviu", reports_for=(1, 2, 3, 4))
    plain_config = load_config(SAMPLE_CONFIG)
    for triwulan in (1, 2, 3, 4):
        drive(plain, plain_config, "dokumentasikan", triwulan=triwulan, start=case_start(2025, triwulan, plain_config))
    drive_annual(plain, plain_config, "setujui_tahunan")
    assert approval(plain, plain_config, 2025, None).keadaan == "pendokumentasian_tahunan"
    with pytest.raises(ActionRefused) as info:
        act(plain, plain_config, "nyatakan_direviu", 2025, None, username="siti", now=dt.datetime(2026, 1, 22, 9))
    assert info.value.reason == Alasan.LANGKAH_TIDAK_DIPAKAI


def test_unit_cases_are_separate(tmp_path, config):
    ws = make_workspace(tmp_path)
    act(ws, config, "tugaskan", 2025, 1, unit="irban-1", username="siti", now=START)  # unit's own PPTK: rina
    assert history(ws, 2025, 1, "IRBAN-1")[0].penerima == "rina"
    assert refused(ws, config, "tugaskan", "siti", unit="IRBAN-9") == Alasan.UNIT_TIDAK_DIKENAL
    rows = case_status(ws, config, 2025, 1, now=START)
    assert [(r["unit"], r["keadaan"]) for r in rows] == [("IRBAN-1", "ditugaskan")]


# -- random sequences: an independent model of the rules ------------------------------------

USERS = ("siti", "ani", "budi", "dewi", "rizal", "tamu")
ROLES = {"siti": {"sekretaris"}, "ani": {"sekretaris", "pptk"}, "budi": {"pptk"}, "dewi": {"analis_data"},
         "rizal": {"kasubag_perencanaan"}}
ACTIONS = tuple(s.aksi for s in sop.LANGKAH if s.lingkup == sop.TRIWULAN)


def model_allows(state: dict, aksi: str, user: str, catatan: str, penerima: str) -> bool:
    step = sop.langkah(aksi)
    if user not in ROLES or step.dari != state["keadaan"] or step.peran not in ROLES[user]:
        return False
    if aksi == "tugaskan" and ("pptk" not in ROLES.get(penerima, set()) or penerima == user):
        return False
    if aksi == "ajukan" and user != state["pptk"]:
        return False
    if aksi in ("setujui", "kembalikan") and user == state["pengaju"]:
        return False
    if step.menyebut_unit and (penerima not in UNITS or penerima in state["tidak_melapor"]):
        return False
    if step.berkas_bahan:
        return False  # a note about one workbook needs the workbook (the test gives none)
    if step.mengajukan and state.get("dikembalikan") and not catatan.strip():
        return False  # the returned report again, unchanged (nothing is recomposed here): a reply is needed
    return not (step.catatan_wajib and not catatan.strip())


UNITS = ("SEKRETARIAT", "IRBAN-1", "IRBAN-2", "IRBAN-KHUSUS")


@pytest.mark.slow
@settings(max_examples=40, deadline=None)
@given(data=st.data(), length=st.integers(0, 25))
def test_random_sequences_keep_state_and_history_in_agreement(team_config, data, length):
    with tempfile.TemporaryDirectory() as folder:
        ws = make_workspace(Path(folder))
        clean_material(ws, 2025, 1)  # the guards are met: clean material, a report of it
        publish_report(ws, 2025, 1)
        state = {"keadaan": "belum_dimulai", "pptk": "", "pengaju": "", "tidak_melapor": set()}
        store = Store(ws.database)
        moment = START
        progressed = 0
        final_published = False
        for _ in range(length):
            # half the time a plausible move (an action leaving the state, a holder of its role), else anything
            leaving = [s.aksi for s in sop.aksi_dari(state["keadaan"])] or list(ACTIONS)
            aksi = data.draw(st.one_of(st.sampled_from(leaving), st.sampled_from(ACTIONS)))
            holders = [u for u, r in ROLES.items() if sop.langkah(aksi).peran in r]
            user = data.draw(st.one_of(st.sampled_from(holders), st.sampled_from(USERS)))
            catatan = data.draw(st.sampled_from(["", "perbaiki tabel"]))
            penerima = data.draw(st.sampled_from(["ani", "budi", "dewi", "IRBAN-1"]))
            moment += dt.timedelta(minutes=7)
            before = store.events()
            expected = model_allows(state, aksi, user, catatan, penerima)
            if aksi == "dokumentasikan" and state["keadaan"] == "pendokumentasian" and not final_published:
                publish_report(ws, 2025, 1, final=True)  # the final rendering of the approved set
                final_published = True
            try:
                act(ws, team_config, aksi, 2025, 1, username=user, catatan=catatan, penerima=penerima, now=moment)
            except ActionRefused:
                assert not expected, (aksi, user, state)
                assert store.events() == before
            else:
                assert expected, (aksi, user, state)
                progressed += 1
                state["keadaan"] = sop.langkah(aksi).ke
                if aksi == "tugaskan":
                    state["pptk"] = penerima
                if aksi == "ajukan":
                    state["pengaju"] = user
                if sop.langkah(aksi).menyebut_unit:
                    state["tidak_melapor"].add(penerima)
                if sop.langkah(aksi).mengembalikan or sop.langkah(aksi).mengajukan:
                    state["dikembalikan"] = sop.langkah(aksi).mengembalikan
                after = store.events()
                assert after[:-1] == before and after[-1].aksi == aksi and after[-1].pengguna == user
            events = store.events()
            assert load_case(store, team_config, 2025, 1).keadaan == state["keadaan"]
            assert [e.urutan for e in events] == list(range(1, len(events) + 1))
            chain = [sop.awal(sop.TRIWULAN)] + [e.ke for e in events]
            assert all(e.dari == chain[i] for i, e in enumerate(events))
            assert store.verify() == []
        store.close()
        event(f"transitions: {min(progressed, 10)}")


@pytest.fixture(scope="module")
def team_config(team):
    return team


# -- concurrency -----------------------------------------------------------------------------


def _contender(args):
    root, config_path, aksi, user, gate = args
    from kinerja.config import load_config
    from kinerja.paths import Workspace

    cfg = load_config(config_path)
    gate.wait()
    try:
        act(Workspace(Path(root)), cfg, aksi, 2025, 1, username=user, catatan="perbaiki", now=START + dt.timedelta(hours=3))
    except ActionRefused as exc:
        return ("ditolak", str(exc.reason))
    return ("berhasil", aksi)


@pytest.mark.slow
def test_concurrent_actors_exactly_one_wins(tmp_path, team):
    ws = make_workspace(tmp_path / "ws")
    config_path = tmp_path / "kinerja.toml"
    config_path.write_text(with_sample_keys(TEAM_TOML), encoding="utf-8")
    act(ws, team, "tugaskan", 2025, 1, username="siti", penerima="budi", now=START)
    act(ws, team, "perintahkan", 2025, 1, username="siti", now=START)
    ready_for(ws, team, "serahkan_bahan", 2025, 1)
    act(ws, team, "serahkan_bahan", 2025, 1, username="dewi", now=START)
    ready_for(ws, team, "ajukan", 2025, 1)
    act(ws, team, "ajukan", 2025, 1, username="budi", now=START)
    contenders = [("setujui", "siti"), ("kembalikan", "ani"), ("setujui", "ani"), ("kembalikan", "siti"), ("setujui", "siti"),
                  ("kembalikan", "ani")]
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager:
        gate = manager.Barrier(len(contenders))
        with context.Pool(len(contenders)) as pool:
            results = pool.map(_contender, [(str(ws.root), str(config_path), a, u, gate) for a, u in contenders])
    winners = [r for r in results if r[0] == "berhasil"]
    assert len(winners) == 1, results
    assert all(r == ("ditolak", Alasan.KEADAAN_TIDAK_SESUAI.value) for r in results if r[0] == "ditolak")
    store = Store(ws.database)
    events = store.events()
    assert len(events) == 5 and events[-1].aksi == winners[0][1]
    assert store.verify() == []


def test_identity_is_the_hub_authenticated_user_else_the_os_account(monkeypatch, config, hub):
    import pwd

    from kinerja.alur import identity
    from kinerja.alur.identity import UnknownUser, current_username, resolve_person

    me = pwd.getpwuid(os.getuid()).pw_name
    assert current_username(hub("Siti")) == "Siti"  # the hub vouches for the token's owner
    assert resolve_person(config, "Siti").username == "siti"  # usernames match case-insensitively
    # variables anyone can set prove nothing: no hub answer, no free override
    for forged in ({"JUPYTERHUB_USER": "siti"}, {"LOGNAME": "siti", "USER": "siti", "USERNAME": "siti"},
                   {"KINERJA_PENGGUNA": "siti"}, {**hub("siti"), "JUPYTERHUB_API_TOKEN": "palsu"}):
        assert current_username(forged) == me, forged
    monkeypatch.setenv("LOGNAME", "siti")
    monkeypatch.setenv("USER", "siti")
    monkeypatch.setattr(identity, "os_username", lambda: "tamu")
    with pytest.raises(UnknownUser) as info:
        resolve_person(config)
    assert "'tamu'" in str(info.value) and "(rizal)" in str(info.value)


def test_times_are_the_offices_wall_clock_whatever_zone_the_machine_is_in(tmp_path, config, monkeypatch):
    """A server whose clock is set to UTC serving an office in WITA (UTC+8): the recorded time, and
    the time printed with "WITA" (CLI, approval line of a signed report), is the office's."""
    import time
    from zoneinfo import ZoneInfo

    from kinerja.alur.workflow import parse_time

    assert config.instansi.zona_waktu == "Asia/Makassar"
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    try:
        ws = make_workspace(tmp_path)
        before = dt.datetime.now(ZoneInfo("Asia/Makassar")).replace(tzinfo=None, microsecond=0)
        event = act(ws, config, "tugaskan", 2025, 1, username="siti", penerima="budi")
        after = dt.datetime.now(ZoneInfo("Asia/Makassar")).replace(tzinfo=None)
        assert before <= parse_time(event.waktu) <= after  # not 8 hours earlier (the machine's UTC wall clock)
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_the_running_year_is_last_year_until_its_reporting_is_over(config) -> None:
    """One rule (workflow.current_year) for `kinerja status`, `status --semua-opd` and the panels: from
    January to March the running cases are last year's TW IV and annual report (this year's first case
    starts in April), so they stay in the default view."""
    from kinerja.alur.workflow import current_year

    assert current_year(config, dt.date(2026, 1, config.tanggal_mulai + 5)) == 2025  # TW IV 2025 has just started
    assert current_year(config, dt.date(2026, 3, 31)) == 2025  # LKjIP 2025 is due
    assert current_year(config, dt.date(2026, 4, 1)) == 2026
    assert current_year(config, dt.date(2026, 12, 31)) == 2026


def test_today_is_the_offices_date_whatever_zone_the_machine_is_in(config, monkeypatch) -> None:
    """The office's date (validator, --terakhir, status, panels) when the machine's own date differs."""
    import time
    from zoneinfo import ZoneInfo

    from kinerja.alur.workflow import current_year
    from kinerja.numbers import office_today

    office = dt.datetime.now(ZoneInfo("Asia/Makassar"))
    # a machine zone whose date differs from the office's right now: UTC-12 (office before 20.00), else UTC+14
    monkeypatch.setenv("TZ", "XXX+12" if office.hour < 20 else "XXX-14")
    time.tzset()
    try:
        assert dt.date.today() != office.date()  # the machine's own date is another day
        assert office_today("Asia/Makassar") == dt.datetime.now(ZoneInfo("Asia/Makassar")).date()
        assert current_year(config) == current_year(config, office_today("Asia/Makassar"))
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_nobody_assigns_themselves_or_returns_their_own_report_and_attachments_stay_in_the_workspace(tmp_path):
    """Budi is PPTK and Sekretaris too: he may not assign himself, nor return what he submitted; an
    attachment from outside the workspace (/etc/passwd) is refused."""
    text = SAMPLE_CONFIG.read_text(encoding="utf-8")
    line = 'username = "budi"\n'
    head, tail = text.split(line, 1)
    text = head + line + tail.replace('peran = ["pptk"]', 'peran = ["pptk", "sekretaris"]', 1)
    ws = make_workspace(tmp_path, reports_for=(1,))
    ws.config_file.write_text(text, encoding="utf-8")
    config = load_config(ws.config_file)
    assert config.person("budi").has_role("sekretaris")
    with pytest.raises(ActionRefused) as info:
        act(ws, config, "tugaskan", 2025, 1, username="budi", penerima="budi", now=START)
    assert info.value.reason == Alasan.MENUGASKAN_SENDIRI and "dirinya sendiri" in str(info.value)
    drive(ws, config, "serahkan_bahan")  # Siti assigns Budi
    ready_for(ws, config, "ajukan", 2025, 1)
    with pytest.raises(ActionRefused) as info:
        act(ws, config, "ajukan", 2025, 1, username="budi", berkas="/etc/passwd", now=START + dt.timedelta(hours=1))
    assert info.value.reason == Alasan.BERKAS_TIDAK_ADA and "bukan berkas laporan TW I 2025" in str(info.value)
    act(ws, config, "ajukan", 2025, 1, username="budi", now=START + dt.timedelta(hours=1))
    with pytest.raises(ActionRefused) as info:
        act(ws, config, "kembalikan", 2025, 1, username="budi", catatan="perbaiki", now=START + dt.timedelta(hours=2))
    assert info.value.reason == Alasan.MENGEMBALIKAN_SENDIRI
    event = act(ws, config, "kembalikan", 2025, 1, username="siti", catatan="perbaiki", now=START + dt.timedelta(hours=2))
    assert event.aksi == "kembalikan" and [e.pengguna for e in history(ws, 2025, 1)][-2:] == ["budi", "siti"]


# -- guards: what each step hands on (sop.Langkah.syarat) ------------------------------------

def _to(ws, config, aksi):
    """Drive TW I 2025 up to (not including) ``aksi``."""
    previous = [a for a, _, _ in HAPPY][[a for a, _, _ in HAPPY].index(aksi) - 1]
    return drive(ws, config, previous)


def test_material_cannot_be_handed_over_empty_or_with_a_galat(tmp_path, config, sample_raw):
    import shutil

    ws = make_workspace(tmp_path)
    _to(ws, config, "serahkan_bahan")
    assert ws.quarter_folder(2025, 1).is_dir()  # the case's first action made its quarter's folder
    with pytest.raises(ActionRefused) as info:
        act(ws, config, "serahkan_bahan", 2025, 1, username="dewi", now=START + dt.timedelta(hours=1))
    assert info.value.reason == Alasan.BAHAN_BELUM_LENGKAP
    assert "Inspektur Pembantu Wilayah II (IRBAN-2)" in str(info.value) and "unit tidak melapor" in str(info.value)
    for path in (sample_raw / "2025" / "triwulan-2").iterdir():  # TW II's workbooks with the sample's mistakes
        shutil.copy(path, ws.quarter_folder(2025, 1) / path.name)
    assert refused(ws, config, "serahkan_bahan", "dewi") == Alasan.BAHAN_BERGALAT
    for path in ws.quarter_workbooks(2025, 1):
        path.unlink()
    clean_material(ws, 2025, 1)
    (ws.quarter_folder(2025, 1) / "rencana-aksi-irban-khusus.xlsx").unlink()
    with pytest.raises(ActionRefused) as info:
        act(ws, config, "serahkan_bahan", 2025, 1, username="dewi", now=START + dt.timedelta(hours=1))
    assert "(IRBAN-KHUSUS)" in str(info.value) and "(IRBAN-1)" not in str(info.value)
    assert refused(ws, config, "unit_tidak_melapor", "dewi", penerima="IRBAN-KHUSUS") == Alasan.CATATAN_WAJIB
    assert refused(ws, config, "unit_tidak_melapor", "dewi", penerima="IRBAN-9", catatan="x") == \
        Alasan.PENERIMA_TIDAK_VALID
    before = load_case(Store(ws.database), config, 2025, 1)
    note = act(ws, config, "unit_tidak_melapor", 2025, 1, username="dewi", penerima="irban-khusus",
               catatan="Kepala unit cuti; lembar kerja menyusul TW II", now=START + dt.timedelta(hours=2))
    assert note.penerima == "IRBAN-KHUSUS" and note.dari == note.ke == "pengumpulan_bahan"
    after = load_case(Store(ws.database), config, 2025, 1)
    assert after.sejak == before.sejak and set(after.unit_tidak_melapor) == {"IRBAN-KHUSUS"}  # the clock keeps running
    assert refused(ws, config, "unit_tidak_melapor", "dewi", penerima="IRBAN-KHUSUS", catatan="lagi") == \
        Alasan.PENERIMA_TIDAK_VALID
    act(ws, config, "serahkan_bahan", 2025, 1, username="dewi", now=START + dt.timedelta(hours=3))


def test_a_report_must_be_composed_from_the_current_material_before_it_is_submitted(tmp_path, config):
    ws = make_workspace(tmp_path)
    _to(ws, config, "ajukan")
    with pytest.raises(ActionRefused) as info:
        act(ws, config, "ajukan", 2025, 1, username="budi", now=START + dt.timedelta(hours=1))
    assert info.value.reason == Alasan.LAPORAN_BELUM_ADA and "belum disusun" in str(info.value)
    publish_report(ws, 2025, 1, keadaan="pengumpulan_bahan")  # made before the material was handed over
    assert refused(ws, config, "ajukan", "budi") == Alasan.LAPORAN_KEDALUWARSA
    publish_report(ws, 2025, 1)
    extra = ws.quarter_folder(2025, 1) / "rencana-aksi-irban-1.xlsx"
    extra.write_bytes(extra.read_bytes() + b"\0")  # the material changed after the report was composed
    with pytest.raises(ActionRefused) as info:
        act(ws, config, "ajukan", 2025, 1, username="budi", now=START + dt.timedelta(hours=1))
    assert info.value.reason == Alasan.LAPORAN_KEDALUWARSA and "rencana-aksi-irban-1.xlsx" in str(info.value)
    publish_report(ws, 2025, 1)
    act(ws, config, "ajukan", 2025, 1, username="budi", now=START + dt.timedelta(hours=1))


def test_approval_needs_the_submitted_report_without_galat(tmp_path, config):
    ws = make_workspace(tmp_path)
    _to(ws, config, "ajukan")
    publish_report(ws, 2025, 1, galat=2)
    act(ws, config, "ajukan", 2025, 1, username="budi", now=START + dt.timedelta(hours=1))
    with pytest.raises(ActionRefused) as info:
        act(ws, config, "setujui", 2025, 1, username="siti", now=START + dt.timedelta(hours=2))
    assert info.value.reason == Alasan.LAPORAN_BERGALAT and "2 galat" in str(info.value)
    assert "kinerja" not in str(info.value)  # a sentence for people, no command
    act(ws, config, "kembalikan", 2025, 1, username="siti", catatan="galat", now=START + dt.timedelta(hours=2))
    publish_report(ws, 2025, 1)
    act(ws, config, "ajukan", 2025, 1, username="budi", now=START + dt.timedelta(hours=3))
    publish_report(ws, 2025, 1)  # a newer set than the one submitted
    assert refused(ws, config, "setujui", "siti") == Alasan.LAPORAN_BERUBAH


def test_a_stuck_case_goes_back_to_the_material_with_a_signed_note(tmp_path, config):
    ws = make_workspace(tmp_path)
    drive(ws, config, "serahkan_bahan")
    assert refused(ws, config, "kembalikan_bahan", "dewi", catatan="x") == Alasan.PERAN_TIDAK_SESUAI
    assert refused(ws, config, "kembalikan_bahan", "budi") == Alasan.CATATAN_WAJIB
    back = act(ws, config, "kembalikan_bahan", 2025, 1, username="budi", catatan="Lembar IRBAN-2 salah triwulan",
               now=START + dt.timedelta(hours=1))
    assert back.ke == "pengumpulan_bahan" and back.tanda_tangan
    assert load_case(Store(ws.database), config, 2025, 1).keadaan == "pengumpulan_bahan"
    act(ws, config, "serahkan_bahan", 2025, 1, username="dewi", now=START + dt.timedelta(hours=2))


def test_a_returned_report_goes_back_only_changed_or_with_a_reply(tmp_path, config):
    ws = make_workspace(tmp_path)
    drive(ws, config, "ajukan")
    moment = START + dt.timedelta(hours=2)
    act(ws, config, "kembalikan", 2025, 1, username="siti", catatan="Kendala IRBAN-2 belum diisi", now=moment)
    with pytest.raises(ActionRefused) as info:
        act(ws, config, "ajukan", 2025, 1, username="budi", now=moment)
    assert info.value.reason == Alasan.PENGAJUAN_ULANG_SAMA and "Kendala IRBAN-2 belum diisi" in str(info.value)
    act(ws, config, "ajukan", 2025, 1, username="budi", catatan="Kendala sudah dijelaskan di lampiran", now=moment)
    act(ws, config, "kembalikan", 2025, 1, username="siti", catatan="Lampirannya tidak ada", now=moment)
    publish_report(ws, 2025, 1)  # a newly composed report: no reply needed
    act(ws, config, "ajukan", 2025, 1, username="budi", now=moment)
