"""The findings table (findings.ATURAN) is the one home of every code's level."""

from __future__ import annotations

import pytest

from kinerja.lembar import validate
from kinerja.lembar.findings import ATURAN, Kode, Temuan, Tingkat, levels, rules_table


def test_every_code_has_a_rule_and_every_rule_a_code():
    assert {r.kode for r in ATURAN} == set(Kode)
    assert len({(r.kode, r.tingkat) for r in ATURAN}) == len(ATURAN)


def test_a_finding_with_an_undeclared_level_is_refused():
    assert levels(Kode.TARGET_NOL) == (Tingkat.PERINGATAN,)
    Temuan("a.xlsx", "Rencana Aksi", "F9", "Target", Kode.TARGET_NOL, Tingkat.PERINGATAN, "Target tahunan 0.")
    with pytest.raises(ValueError, match="target_nol"):
        Temuan("a.xlsx", "Rencana Aksi", "F9", "Target", Kode.TARGET_NOL, Tingkat.GALAT, "Target tahunan 0.")


def test_the_validate_docstring_table_is_generated_from_the_rules():
    doc = validate.__doc__ or ""
    assert rules_table() in doc and "{ATURAN}" not in doc
    for rule in ATURAN:
        assert any(line.split()[:2] == [rule.kode.value, rule.tingkat.value] for line in doc.splitlines() if line.strip())
