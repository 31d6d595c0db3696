"""The SOP table is consistent, matches the seed SOP, and the docs are generated from it."""

from __future__ import annotations

from kinerja.alur import sop
from kinerja.paths import PROJECT_ROOT
from kinerja.peran import ROLES


def test_every_transition_uses_known_states_and_roles():
    codes = {k.kode for k in sop.KEADAAN}
    for step in sop.LANGKAH:
        assert step.dari in codes and step.ke in codes
        assert step.peran in ROLES
        assert not sop.keadaan(step.dari).akhir
        assert sop.keadaan(step.dari).lingkup == sop.keadaan(step.ke).lingkup == step.lingkup


def test_every_state_reachable_and_every_open_state_has_an_exit():
    for lingkup in (sop.TRIWULAN, sop.TAHUNAN):
        reached, frontier = set(), [sop.awal(lingkup)]
        while frontier:
            state = frontier.pop()
            if state in reached:
                continue
            reached.add(state)
            frontier.extend(s.ke for s in sop.aksi_dari(state))
        in_scope = {k.kode for k in sop.KEADAAN if k.lingkup == lingkup}
        assert reached == in_scope
        for code in in_scope:
            assert sop.keadaan(code).akhir == (not sop.aksi_dari(code))


def test_time_standards_follow_the_seed_sop():
    expected = {
        "tugaskan": (1, "sekretaris", 15, "menit"),
        "perintahkan": (2, "sekretaris", 30, "menit"),
        "serahkan_bahan": (3, "analis_data", 1, "hari"),
        "ajukan": (4, "pptk", 4, "jam"),
        "setujui": (5, "sekretaris", 1, "jam"),
        "kembalikan": (5, "sekretaris", 1, "jam"),
        "dokumentasikan": (6, "kasubag_perencanaan", 1, "hari"),
        "dokumentasikan_tahunan": (6, "kasubag_perencanaan", 15, "hari"),
    }
    got = {s.aksi: (s.langkah, s.peran, s.mutu_baku.jumlah, s.mutu_baku.satuan) for s in sop.LANGKAH}
    assert got == expected


def test_return_loops_back_to_the_pptk_and_needs_a_note():
    step = sop.langkah("kembalikan")
    assert step.catatan_wajib and step.ke == sop.langkah("ajukan").dari
    assert [s.catatan_wajib for s in sop.LANGKAH].count(True) == 1


def test_mermaid_has_one_edge_per_transition():
    text = sop.mermaid()
    for step in sop.LANGKAH:
        assert f"{step.dari} --> {step.ke}: {step.langkah}. {step.aksi}" in text


def test_docs_alur_is_generated_from_the_table():
    path = PROJECT_ROOT / "docs" / "alur.md"
    assert path.read_text(encoding="utf-8") == sop.render_markdown(), "run: python -m kinerja.alur.sop > docs/alur.md"
