"""Step 3's upload: validated with the quarter's other workbooks, stored only without a galat, never overwritten."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from kinerja.alur.bahan import UnggahDitolak, replaced_dir, terima_bahan

NAME = "rencana-aksi-irban-2.xlsx"


@pytest.fixture
def quarter(sample_workspace):
    """The sample year with IRBAN-2's TW I workbook taken out (the analyst still has to hand it in)."""
    ws = sample_workspace
    good = ws.raw_for(2025, 1) / NAME
    content = good.read_bytes()
    good.unlink()
    galat = (ws.raw_for(2025, 2) / NAME).read_bytes()  # the sample's TW II mistakes: over budget, arah flipped
    return ws, content, galat


def test_workbook_with_a_galat_is_not_stored_and_comes_back_annotated(quarter, config):
    ws, _, galat = quarter
    result = terima_bahan(ws, config, 2025, 1, NAME, galat)
    assert result.disimpan is None and result.galat == 2
    assert not (ws.raw_for(2025, 1) / NAME).exists()
    assert {"anggaran_melebihi_pagu", "arah_tidak_konsisten"} <= set(result.temuan["kode"])
    assert set(result.temuan["berkas"]) == {NAME}  # no temporary path leaks into what people see
    annotated = load_workbook(io.BytesIO(result.bertanda))
    commented = {cell.coordinate for sheet in annotated.worksheets for row in sheet.iter_rows() for cell in row
                 if cell.comment is not None}
    assert set(result.temuan.loc[result.temuan["tingkat"] == "galat", "sel"]) <= commented
    listed = [row[0] for row in annotated["Temuan"].iter_rows(min_row=2, values_only=True)]
    assert set(listed) == {NAME}
    assert result.nama_bertanda == "rencana-aksi-irban-2-bertanda.xlsx"


def test_clean_workbook_is_stored_once_and_never_silently_replaced(quarter, config):
    ws, content, _ = quarter
    target = ws.raw_for(2025, 1) / NAME
    stored = terima_bahan(ws, config, 2025, 1, NAME, content)
    assert stored.disimpan == target and target.read_bytes() == content and stored.galat == 0
    again = terima_bahan(ws, config, 2025, 1, NAME, content)
    assert "isi yang sama" in again.pesan
    changed = bytes(content) + b"\0"
    with pytest.raises(UnggahDitolak):
        terima_bahan(ws, config, 2025, 1, NAME, changed)
    assert target.read_bytes() == content


def test_replacing_keeps_the_previous_file_outside_the_quarter_folder(quarter, config, tmp_path):
    ws, content, _ = quarter
    terima_bahan(ws, config, 2025, 1, NAME, content)
    other = (ws.raw_for(2025, 3) / NAME).read_bytes()  # a valid workbook with different content
    result = terima_bahan(ws, config, 2025, 1, NAME, other, ganti=True)
    if result.galat:
        pytest.fail(f"the TW III workbook should be acceptable for TW I: {result.temuan.to_dict('records')}")
    assert (ws.raw_for(2025, 1) / NAME).read_bytes() == other
    assert result.diganti is not None and result.diganti.parent == replaced_dir(ws, 2025, 1)
    assert result.diganti.read_bytes() == content


@pytest.mark.parametrize("name", ["laporan.pdf", ".tersembunyi.xlsx", "~$kunci.xlsx", "a;b.xlsx"])
def test_unusable_names_are_refused_before_anything_is_read(quarter, config, name):
    ws, content, _ = quarter
    with pytest.raises(UnggahDitolak):
        terima_bahan(ws, config, 2025, 1, name, content)
    assert not (ws.raw_for(2025, 1) / name).exists()
