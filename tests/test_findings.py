"""The findings table (findings.ATURAN) is the one home of every rule: code, level and message."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import kinerja
from kinerja.lembar import findings, validate
from kinerja.lembar.findings import ATURAN, Aturan, Kode, Temuan, Tingkat, levels, rules_table, template_fields

PACKAGE = Path(kinerja.__file__).parent
SOURCES = {path: path.read_text(encoding="utf-8") for path in PACKAGE.rglob("*.py")}


def test_every_code_has_a_rule_and_every_rule_is_listed_once():
    assert {r.kode for r in ATURAN} == set(Kode)
    assert len(set(map(id, ATURAN))) == len(ATURAN)
    named = {name: value for name, value in vars(findings).items() if isinstance(value, Aturan)}
    assert set(map(id, named.values())) == set(map(id, ATURAN))  # no rule outside the table


def test_every_rule_used_in_the_package_is_in_the_table_and_every_rule_is_used():
    used: set[str] = set()
    for path, text in SOURCES.items():
        if path.name != "findings.py":
            used |= set(re.findall(r"\baturan\.([A-Z][A-Z_]+)\b", text))
    assert used, "the checks name their rules as aturan.NAME"
    table = {name for name, value in vars(findings).items() if isinstance(value, Aturan)}
    assert used - table == set()
    assert table - used == set(), "a rule nobody raises"
    for code in {c for text in SOURCES.values() for c in re.findall(r"\bKode\.([A-Z][A-Z_]+)\b", text)}:
        assert Kode[code] in {r.kode for r in ATURAN}


def test_findings_are_made_only_through_a_rule():
    """No check writes a message of its own: ``Temuan(`` is constructed in findings.py only."""
    makers = [path.relative_to(PACKAGE).as_posix() for path, text in SOURCES.items()
              if re.search(r"\bTemuan\(", text) and path.name != "findings.py"]
    assert makers == []


@pytest.mark.parametrize("rule", ATURAN, ids=lambda r: f"{r.kode.value}-{r.kapan[:24]}")
def test_every_template_formats_with_its_declared_fields(rule: Aturan):
    assert template_fields(rule.pesan) == set(rule.contoh)
    message = rule.example()
    assert "{" not in message and "}" not in message and message.endswith(".")
    place = {name: "x" for name in findings.PLACE_FIELDS}
    if rule.nilai:
        with pytest.raises(TypeError, match=rule.kode.value):
            rule.format(**place)  # a value left out is a bug at the emit site, not a half message
    with pytest.raises(TypeError):
        rule.format(**place, **{name: 1 for name in rule.nilai}, tidak_dideklarasikan=1)


def test_a_template_whose_fields_differ_from_the_declared_ones_is_refused():
    with pytest.raises(ValueError, match="target_nol"):
        Aturan(Kode.TARGET_NOL, Tingkat.PERINGATAN, "x", "Target {target} nol.", {"nilai": 0})


def test_a_rule_makes_the_finding_users_read():
    temuan = findings.NILAI_NEGATIF.temuan("umum.xlsx", "Rencana Aksi", "F9", "Target TW I", nilai="-5")
    assert temuan == Temuan("umum.xlsx", "Rencana Aksi", "F9", "Target TW I", Kode.NILAI_NEGATIF, Tingkat.GALAT,
                            "Nilai -5 negatif; isi angka 0 atau lebih.")
    wajib = findings.KOLOM_WAJIB_HILANG.temuan("umum.xlsx", "Rencana Aksi", kolom="Satuan", baris_judul=7)
    assert wajib.pesan == "Kolom wajib 'Satuan' tidak ada pada baris judul (baris 7); tambahkan kolom itu atau gunakan templat."
    braces = findings.BUKAN_ANGKA.temuan("umum.xlsx", nilai="{nilai}")  # a user's text is never read as a template
    assert braces.pesan == "'{nilai}' bukan angka; isi angka, misalnya 85 atau 85,5."


def test_a_finding_with_an_undeclared_level_is_refused():
    assert levels(Kode.TARGET_NOL) == (Tingkat.PERINGATAN,)
    assert levels(Kode.BERKAS_KOSONG) == (Tingkat.GALAT, Tingkat.PERINGATAN)
    Temuan("a.xlsx", "Rencana Aksi", "F9", "Target", Kode.TARGET_NOL, Tingkat.PERINGATAN, "Target tahunan 0.")
    with pytest.raises(ValueError, match="target_nol"):
        Temuan("a.xlsx", "Rencana Aksi", "F9", "Target", Kode.TARGET_NOL, Tingkat.GALAT, "Target tahunan 0.")


def test_the_validate_docstring_table_is_generated_from_the_rules():
    doc = validate.__doc__ or ""
    assert rules_table() in doc and "{ATURAN}" not in doc
    lines = [line for line in doc.splitlines() if line.strip()]
    for rule in ATURAN:
        assert any(line.split()[:2] == [rule.kode.value, rule.tingkat.value] and line.endswith(rule.pesan)
                   for line in lines)
