"""Step 3's upload: validated with the quarter's other workbooks, stored only without a galat, never overwritten."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from kinerja.alur.bahan import UnggahDitolak, replaced_dir, terima_bahan

NAME = "rencana-aksi-irban-2.xlsx"


@pytest.fixture
def quarter(sample_workspace):
    """The sample year with IRBAN-2's TW I and TW II workbooks taken out (the analyst still has to hand them in)."""
    ws = sample_workspace
    good = ws.raw_for(2025, 1) / NAME
    content = good.read_bytes()
    good.unlink()
    galat = (ws.raw_for(2025, 2) / NAME).read_bytes()  # the sample's TW II mistakes: over budget, arah flipped
    (ws.raw_for(2025, 2) / NAME).unlink()
    return ws, content, galat


def edited(content: bytes) -> bytes:
    """The same workbook with one text changed (a corrected copy)."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content))
    sheet = book["Rencana Aksi"]
    cell = next(c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and "Jumlah" in c.value)
    cell.value = cell.value + " (perbaikan)"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_workbook_with_a_galat_is_not_stored_and_comes_back_annotated(quarter, config):
    ws, _, galat = quarter
    result = terima_bahan(ws, config, 2025, 2, NAME, galat)
    assert result.disimpan is None and result.galat == 2
    assert not (ws.raw_for(2025, 2) / NAME).exists()
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
    other = edited(content)  # a valid workbook with different content
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


def test_a_workbook_of_another_period_is_refused_with_the_cell(quarter, config):
    ws, content, _ = quarter
    later = (ws.raw_for(2025, 3) / NAME).read_bytes()  # TW III realisasi filled: a TW III workbook
    with pytest.raises(UnggahDitolak) as info:
        terima_bahan(ws, config, 2025, 1, NAME, later)
    assert "TW I 2025" in str(info.value) and "Realisasi" in str(info.value) and "sel " in str(info.value)
    assert not (ws.quarter_folder(2025, 1) / NAME).exists()
    with pytest.raises(UnggahDitolak) as info:
        terima_bahan(ws, config, 2026, 1, NAME, content)  # a 2025 workbook for a 2026 case
    assert "Tahun" in str(info.value) and "2025" in str(info.value) and "2026" in str(info.value)
    assert not ws.quarter_folder(2026, 1).exists()


def test_the_same_content_twice_is_refused_and_uploads_go_to_the_case_quarter(quarter, config):
    ws, content, _ = quarter
    stored = terima_bahan(ws, config, 2025, 1, NAME, content)
    assert stored.disimpan == ws.quarter_folder(2025, 1) / NAME
    with pytest.raises(UnggahDitolak) as info:
        terima_bahan(ws, config, 2025, 1, "rencana-aksi-irban-2 (1).xlsx", content)
    assert NAME in str(info.value) and "dua kali" in str(info.value)
    assert not (ws.quarter_folder(2025, 1) / "rencana-aksi-irban-2 (1).xlsx").exists()
    fresh = ws.raw / "2025" / "triwulan-1"
    assert sorted(p.name for p in fresh.iterdir()) == sorted(p.name for p in ws.quarter_workbooks(2025, 1))
    # a quarter whose folder does not exist yet: the upload makes it, never the year folder
    for path in ws.quarter_workbooks(2025, 4):
        path.unlink()
    ws.quarter_folder(2025, 4).rmdir()
    result = terima_bahan(ws, config, 2025, 4, NAME, (ws.raw_for(2025, 3).parent / "triwulan-3" / NAME).read_bytes())
    assert result.disimpan == ws.quarter_folder(2025, 4) / NAME
    assert not (ws.raw / "2025" / NAME).exists()


def test_an_upload_that_cannot_be_recorded_is_taken_back_out(quarter, config, tmp_path, monkeypatch):
    """Stored, then recorded, or neither: without the analyst's signing key the new file is removed
    and a replaced file is put back, and the refusal says why (nothing half-done)."""
    from kinerja.alur.bahan import TidakTercatat, simpan_bahan
    from kinerja.alur.workflow import act, history

    ws, content, _ = quarter
    act(ws, config, "tugaskan", 2025, 1, username="siti", penerima="budi")
    act(ws, config, "perintahkan", 2025, 1, username="siti")
    target = ws.raw_for(2025, 1) / NAME
    first = simpan_bahan(ws, config, 2025, 1, NAME, content, username="dewi")
    assert first.disimpan == target and [e.aksi for e in history(ws, 2025, 1)][-1] == "simpan_bahan"
    events = len(history(ws, 2025, 1))

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "tanpa-kunci"))  # dewi's key is not there
    with pytest.raises(TidakTercatat) as info:
        simpan_bahan(ws, config, 2025, 1, NAME, edited(content), ganti=True, username="dewi")
    assert NAME in str(info.value) and "tidak dapat dicatat" in str(info.value) and "kunci" in str(info.value).lower()
    assert target.read_bytes() == content  # the replaced version is back
    assert not list(replaced_dir(ws, 2025, 1).glob("*"))  # and no stray copy of a replacement that did not happen
    other = ws.raw_for(2025, 1) / "rencana-aksi-irban-2-baru.xlsx"
    with pytest.raises(TidakTercatat) as info:
        simpan_bahan(ws, config, 2025, 1, other.name, edited(content), username="dewi")
    assert other.name in str(info.value)
    assert not other.exists()
    assert len(history(ws, 2025, 1)) == events
