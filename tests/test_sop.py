"""The SOP table is consistent, matches the seed SOP, and the docs are generated from it."""

from __future__ import annotations

import ast

import pytest

from kinerja.domain import sop, sop_markdown
from kinerja.domain.peran import ROLES
from kinerja.paths import PROJECT_ROOT


def test_every_transition_uses_known_states_and_roles():
    codes = {k.kode for k in sop.KEADAAN}
    for step in sop.LANGKAH:
        assert step.dari in codes and step.ke in codes
        assert step.peran in ROLES
        assert not sop.keadaan(step.dari).akhir
        assert sop.keadaan(step.dari).lingkup == sop.keadaan(step.ke).lingkup == step.lingkup


ALL_OPTIONS = frozenset(sop.OPSI)


@pytest.mark.parametrize("opsi", [frozenset(), ALL_OPTIONS], ids=["tanpa-opsi", "semua-opsi"])
def test_every_state_reachable_and_every_open_state_has_an_exit(opsi):
    """With the office's options on, every state is on a path; with them off, exactly the optional ones are not."""
    for lingkup in (sop.TRIWULAN, sop.TAHUNAN, sop.REVIU):
        if lingkup == sop.REVIU and "reviu_lkjip" not in opsi:
            assert not [s for s in sop.langkah_dipakai(opsi) if s.lingkup == lingkup]
            continue
        reached, frontier = set(), [sop.awal(lingkup)]
        while frontier:
            state = frontier.pop()
            if state in reached:
                continue
            reached.add(state)
            frontier.extend(s.ke for s in sop.aksi_dari(state, opsi))
        in_scope = {k.kode for k in sop.KEADAAN if k.lingkup == lingkup and (not k.bila or k.bila in opsi)}
        assert reached == in_scope
        for code in in_scope:
            assert sop.keadaan(code).akhir == (not sop.aksi_dari(code, opsi))


def test_the_annual_report_takes_the_quarters_path():
    """Composed and submitted by the Kasubag Perencanaan, approved or returned with a note by the
    Sekretaris, documented by the Kasubag Perencanaan; the APIP reviu only when the office asks."""
    flags = ("mengajukan", "menyetujui", "mengembalikan", "mengarsipkan")
    for flag in flags:
        quarter, annual = sop.langkah_khusus(sop.TRIWULAN, flag), sop.langkah_khusus(sop.TAHUNAN, flag)
        assert annual.lingkup == sop.TAHUNAN
        if flag != "mengajukan":  # the quarter's PPTK, the year's Kasubag Perencanaan (SOP step 6)
            assert (annual.peran, annual.mutu_baku) == (quarter.peran, quarter.mutu_baku)
    returning = sop.langkah_khusus(sop.TAHUNAN, "mengembalikan")
    assert returning.catatan_wajib and returning.ke == sop.langkah_khusus(sop.TAHUNAN, "mengajukan").dari
    assert [s.aksi for s in sop.jalur_utama(sop.TAHUNAN)] == ["ajukan_tahunan", "setujui_tahunan", "dokumentasikan_tahunan"]
    assert [s.aksi for s in sop.jalur_utama(sop.TAHUNAN, ALL_OPTIONS)] == [
        "ajukan_tahunan", "setujui_tahunan", "nyatakan_direviu", "dokumentasikan_tahunan"]
    assert sop.langkah("nyatakan_direviu").peran == "inspektur"
    # the final is rendered only once every step before the documentation is taken
    assert "reviu_apip" in sop.keadaan_disetujui() and "reviu_apip" not in sop.keadaan_siap_final()


def test_time_standards_follow_the_seed_sop():
    expected = {
        "tugaskan": (1, "sekretaris", 15, "menit"),
        "perintahkan": (2, "sekretaris", 30, "menit"),
        "serahkan_bahan": (3, "analis_data", 1, "hari"),
        "unit_tidak_melapor": (3, "analis_data", 1, "hari"),
        "simpan_bahan": (3, "analis_data", 1, "hari"),
        "tarik_bahan": (3, "analis_data", 1, "hari"),
        "ajukan": (4, "pptk", 4, "jam"),
        "kembalikan_bahan": (4, "pptk", 4, "jam"),
        "setujui": (5, "sekretaris", 1, "jam"),
        "kembalikan": (5, "sekretaris", 1, "jam"),
        "dokumentasikan": (6, "kasubag_perencanaan", 1, "hari"),
        # the annual report: composed in 15 working days (SOP step 6), reviewed and documented like a quarter
        "ajukan_tahunan": (6, "kasubag_perencanaan", 15, "hari"),
        "simpan_narasi": (6, "kasubag_perencanaan", 15, "hari"),  # a note while the LKjIP is composed
        "setujui_tahunan": (5, "sekretaris", 1, "jam"),
        "kembalikan_tahunan": (5, "sekretaris", 1, "jam"),
        "dokumentasikan_tahunan": (6, "kasubag_perencanaan", 1, "hari"),
        "nyatakan_direviu": (6, "inspektur", 5, "hari"),  # optional, outside the SOP ([alur] reviu_apip)
    }
    got = {s.aksi: (s.langkah, s.peran, s.mutu_baku.jumlah, s.mutu_baku.satuan) for s in sop.LANGKAH if s.mutu_baku}
    assert got == expected
    # the reviu assignment's steps: the issue gives no time standard, so none is invented (never late)
    assert {s.aksi for s in sop.LANGKAH if s.mutu_baku is None} == {s.aksi for s in sop.LANGKAH if s.lingkup == sop.REVIU}


def test_return_loops_back_to_the_pptk_and_needs_a_note():
    step = sop.langkah("kembalikan")
    assert step.catatan_wajib and step.ke == sop.langkah("ajukan").dari
    noted = {s.aksi for s in sop.LANGKAH if s.catatan_wajib}
    assert noted == {"kembalikan", "kembalikan_bahan", "unit_tidak_melapor", "tarik_bahan", "kembalikan_tahunan",
                     "kembalikan_reviu"}


def test_each_step_names_what_it_hands_on_and_the_main_path_skips_notes():
    got = {s.aksi: s.syarat for s in sop.LANGKAH if s.syarat}
    assert got == {"serahkan_bahan": (sop.BAHAN_LENGKAP,), "ajukan": (sop.LAPORAN_TERKINI,),
                   "setujui": (sop.LAPORAN_TERKINI, sop.TANPA_GALAT), "ajukan_tahunan": (sop.LAPORAN_TERKINI,),
                   "setujui_tahunan": (sop.LAPORAN_TERKINI, sop.TANPA_GALAT),
                   "laksanakan_reviu": (sop.KKR_TERKINI,), "setujui_reviu": (sop.KKR_TERKINI,),
                   "terbitkan_lhr": (sop.LHR_FINAL,)}
    assert all(key in sop.SYARAT for keys in got.values() for key in keys)
    note = sop.langkah("unit_tidak_melapor")
    assert note.mencatat and note.menyebut_unit and note.dari == sop.langkah("serahkan_bahan").dari
    back = sop.langkah("kembalikan_bahan")
    assert back.mundur and back.dari == sop.langkah("ajukan").dari and back.ke == sop.langkah("serahkan_bahan").dari
    assert [s.aksi for s in sop.jalur_utama(sop.TRIWULAN)] == [
        "tugaskan", "perintahkan", "serahkan_bahan", "ajukan", "setujui", "dokumentasikan"]


def test_mermaid_has_one_edge_per_transition():
    text = sop_markdown.mermaid()
    for step in sop.LANGKAH:
        assert f"{step.dari} --> {step.ke}: {step.langkah}. {step.aksi}" in text


def test_docs_alur_is_generated_from_the_table():
    path = PROJECT_ROOT / "docs" / "alur.md"
    assert path.read_text(encoding="utf-8") == sop_markdown.render_markdown(), "run: python -m kinerja.domain.sop_markdown > docs/alur.md"


def test_docs_alur_describes_the_restore_action_with_its_command_and_role():
    text = sop_markdown.render_markdown()
    section = text.split("## Memulihkan arsip (di luar jalur)", 1)[1]
    assert "`kinerja arsip pulihkan --tahun T [--triwulan N]" in section and "`kinerja audit verifikasi`" in section
    for step in sop.PEMULIHAN:  # every recorded recovery action, in the state it is allowed in, with its role
        assert f"| `{step.aksi}` " in section and f"| {step.dari} (keadaan tetap) | Kasubag Perencanaan |" in section
    assert "tidak pernah\ndihapus" in section


def test_the_reviu_assignment_is_a_case_of_its_own():
    """Inspektur assigns the Pengendali Teknis and the auditor, the auditor submits, the Pengendali Teknis
    approves or returns with a note, the Inspektur issues the LHR; only with [alur] reviu_lkjip."""
    opsi = frozenset({"reviu_lkjip"})
    assert [s.aksi for s in sop.jalur_utama(sop.REVIU, opsi)] == [
        "tugaskan_reviu", "tugaskan_auditor", "laksanakan_reviu", "setujui_reviu", "terbitkan_lhr"]
    assert [(s.peran, s.menugaskan) for s in sop.jalur_utama(sop.REVIU, opsi)[:2]] == [
        ("inspektur", "pengendali_teknis"), ("inspektur", "auditor")]
    assert sop.langkah_khusus(sop.REVIU, "mengajukan").peran == "auditor"
    assert sop.langkah_khusus(sop.REVIU, "menyetujui").peran == "pengendali_teknis"
    back = sop.langkah_khusus(sop.REVIU, "mengembalikan")
    assert back.catatan_wajib and back.ke == sop.langkah_khusus(sop.REVIU, "mengajukan").dari
    key = sop.kasus_reviu(" dinkes ")
    assert (key, sop.opd_reviu(key), sop.lingkup_of(None, key), sop.opd_reviu("IRBAN-1")) == (
        "reviu:DINKES", "DINKES", sop.REVIU, "")
    # an office without the option takes none of its steps, and its other paths are unchanged
    assert all(s.lingkup != sop.REVIU for s in sop.langkah_dipakai())
    assert sop.berlaku() == tuple(s for s in sop.berlaku() if s.lingkup != sop.REVIU) + tuple(
        s for s in sop.LANGKAH if s.lingkup == sop.REVIU)


def test_the_status_enum_names_every_state_of_the_table():
    assert [s.value for s in sop.Status] == [k.kode for k in sop.KEADAAN]
    assert all(s.name == s.value.upper() for s in sop.Status)


def test_no_code_compares_a_state_with_a_string_literal():
    """A case's state is compared with ``sop.Status`` members (or asked of the table), never spelled out."""
    codes = {k.kode for k in sop.KEADAAN}
    found = []
    for path in sorted((PROJECT_ROOT / "kinerja").rglob("*.py")):
        if path.name == "sop.py" and path.parent.name == "domain":
            continue  # the table itself
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            literals = []
            if isinstance(node, ast.Compare):
                literals = [node.left, *node.comparators]
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and (
                    isinstance(node.func.value, ast.Name) and node.func.value.id == "sop"):
                literals = list(node.args)
            for item in literals:
                values = item.elts if isinstance(item, (ast.Tuple, ast.List, ast.Set)) else [item]
                found += [f"{path.relative_to(PROJECT_ROOT)}:{node.lineno} {v.value!r}" for v in values
                          if isinstance(v, ast.Constant) and v.value in codes]
    assert found == []
