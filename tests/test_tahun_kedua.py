"""The sample office's second year, end to end through the CLI: 2025 documented, then 2026.

Everything is real: ``kinerja init --contoh``, every SOP step taken with ``kinerja alur`` by the
person whose role it is (identified by a JupyterHub stand-in, signed with the sample keys), the
workflow's SQLite history, the write-once archive, the report notebooks in a Jupyter kernel. The
office's riwayat workbook also has a hand-entered ``Realisasi 2025`` column (a figure no report
holds), and the 2026 workbooks have other realisasi than 2025's, so every wrong source of "last
year" shows: a 2025 annual report not yet documented (DRAF or final), the workbook once 2025 is
documented, or 2026's own figures.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from click.testing import CliRunner

from kinerja.capaian.tabel import format_target
from kinerja.cli.commands import main
from kinerja.config import load_workspace_config
from kinerja.laporan.model.dokumen import Kotak, Paragraf, Tabel
from kinerja.laporan.model.riwayat import riwayat_path
from kinerja.laporan.render.ke_docx import naskah_from_notebook
from kinerja.paths import Workspace
from kinerja.terbitan import current

pytestmark = [pytest.mark.slow, pytest.mark.notebook, pytest.mark.browser]

HAND_ENTERED = 4321  # the riwayat workbook's Realisasi 2025: in no report
SOP_BEFORE_REPORT = (("tugaskan", "siti", ("--pptk", "budi")), ("perintahkan", "siti", ()), ("serahkan_bahan", "dewi", ()))
SOP_AFTER_REPORT = (("ajukan", "budi"), ("setujui", "siti"), ("dokumentasikan", "rizal"))


@pytest.fixture
def cli(hub, tmp_path):
    root = tmp_path / "kantor"

    def run(*args: str, user: str = "rizal") -> str:
        result = CliRunner().invoke(main, ["--ruang-kerja", str(root), *args], env=hub(user))
        assert result.exit_code == 0, result.output
        return result.output

    run.root = root
    run.env = hub
    return run


def _quarter_steps(cli, tahun: int, triwulan: int, steps) -> None:
    for aksi, user, *extra in steps:
        cli("alur", aksi, "--tahun", str(tahun), "--triwulan", str(triwulan), *(extra[0] if extra else ()), user=user)


def _document(ws: Workspace, tahun: int, triwulan: int | None) -> tuple[list, str]:
    """The current report set's document blocks (from its executed notebook) and its status."""
    published = current(ws.report_dir(tahun, triwulan))
    name = next(entry for entry in published.checksums if entry.endswith(".ipynb"))
    notebook = nbformat.read(str(published.path(name)), as_version=4)
    return naskah_from_notebook(notebook).blok(), str(published.info.get("status"))


def _texts(blocks: list) -> str:
    return "\n".join(b.teks for b in blocks if isinstance(b, Paragraf | Kotak))


def _unit_codes(config) -> dict[str, str]:
    return {unit.nama: unit.kode for unit in config.unit}


def _e81_last_year(blocks: list, config, tahun: int) -> dict[tuple[str, str], str]:
    """Form E.81's second line of "Target Renstra / Real. <tahun - 1>" per (unit, kode)."""
    table = next(b for b in blocks if isinstance(b, Tabel) and f"Target Renstra / Real. {tahun - 1}" in b.kepala)
    units = _unit_codes(config)
    out = {}
    for row in (r for r in table.baris if not r.grup):
        label = row.sel[1].teks.splitlines()
        lines = row.sel[2].teks.splitlines()
        out[(units[label[-1]], label[0].lstrip("↑↓ ").split()[0])] = lines[1] if len(lines) > 1 else ""
    return out


def _comparison(blocks: list, config, tahun: int) -> dict[tuple[str, str], tuple[str, str]]:
    """The LKjIP's "Perbandingan dengan tahun sebelumnya" rows: (unit, kode) -> (realisasi N-2, N-1)."""
    out = {}
    units = _unit_codes(config)
    for table in (b for b in blocks if isinstance(b, Tabel) and b.judul.startswith("Perbandingan dengan tahun sebelumnya")):
        assert table.kepala[2:4] == [f"Realisasi {tahun - 2}", f"Realisasi {tahun - 1}"]
        for row in table.baris:
            label = row.sel[1].teks.splitlines()
            out[(units[label[-1]], label[0].lstrip("↑↓ ").split()[0])] = (row.sel[2].teks, row.sel[3].teks)
    return out


def _documented_2025(ws: Workspace) -> dict[tuple[str, str], str]:
    """The realisasi of the documented 2025 annual report, as printed, from the archive version
    the documenting event recorded (the only one there)."""
    (version,) = sorted((ws.archive / "2025" / "tahunan").glob("versi-*"))
    rows = json.loads((version / "laporan" / "capaian.json").read_text(encoding="utf-8"))
    return {(r["unit"], r["kode"]): format_target(r["realisasi"]) for r in rows}


def _add_hand_entered_2025(root: Path) -> dict[tuple[str, str], str]:
    """A ``Realisasi 2025`` column typed into the office's riwayat workbook; returns the 2024 column."""
    from openpyxl import load_workbook

    path = riwayat_path(root)
    book = load_workbook(path)
    sheet = book["Riwayat"]
    header = [c.value for c in sheet[1]]
    column = sheet.max_column + 1
    sheet.cell(1, column, "Realisasi 2025")
    earlier = {}
    for number in range(2, sheet.max_row + 1):
        sheet.cell(number, column, HAND_ENTERED)
        value = sheet.cell(number, header.index("Realisasi 2024") + 1).value
        key = (sheet.cell(number, header.index("Unit") + 1).value, sheet.cell(number, header.index("Kode Indikator") + 1).value)
        earlier[key] = format_target(value) if value not in (None, "") else "–"
    book.save(path)
    return earlier


def test_year_two_takes_last_year_only_from_the_documented_annual_report(cli):
    cli("init", "--contoh", str(cli.root))
    ws = Workspace(cli.root)
    config = load_workspace_config(cli.root)
    # TW II as the PPTK corrected it (the sample's deliberate galat would stop its approval)
    cli("sampel", "--tahun", "2025", "--timpa", "--tanpa-kesalahan", user="dewi")
    workbook_2024 = _add_hand_entered_2025(cli.root)

    # --- 2025: four quarters approved and documented, then the annual report documented
    for triwulan in (1, 2, 3, 4):
        _quarter_steps(cli, 2025, triwulan, SOP_BEFORE_REPORT)
    cli("laporan", "triwulan", "--semua", "--tahun", "2025", "--tanpa-pdf", user="budi")
    for triwulan in (1, 2, 3, 4):
        _quarter_steps(cli, 2025, triwulan, SOP_AFTER_REPORT)
    cli("narasi", "--tahun", "2025")
    cli("laporan", "tahunan", "--tahun", "2025", "--tanpa-pdf")  # DRAF, from the four documented quarters

    # --- 2026's first quarter while the 2025 annual report is still a DRAF: 2025 from the workbook, said so
    cli("sampel", "--tahun", "2026", user="dewi")
    _quarter_steps(cli, 2026, 1, SOP_BEFORE_REPORT)
    cli("laporan", "triwulan", "--tahun", "2026", "--triwulan", "1", "--tanpa-pdf", user="budi")
    blocks, status = _document(ws, 2026, 1)
    assert status != "final"
    assert set(_e81_last_year(blocks, config, 2026).values()) == {format_target(HAND_ENTERED)}
    assert "Angka laporan tahunan 2025 tidak ditampilkan karena laporan tersebut belum didokumentasikan" in _texts(blocks)

    # --- the 2025 annual report along the quarters' path: submitted, returned with a note, made again,
    # resubmitted, approved (the final is rendered then, saying who approved), documented
    cli("alur", "ajukan_tahunan", "--tahun", "2025")
    returned = CliRunner().invoke(main, ["--ruang-kerja", str(cli.root), "alur", "kembalikan_tahunan", "--tahun", "2025"],
                                  env=cli.env("siti"))
    assert returned.exit_code == 2 and "--catatan" in returned.output  # a return needs its note
    cli("alur", "kembalikan_tahunan", "--tahun", "2025", "--catatan", "Lengkapi analisis Bab III.", user="siti")
    assert _document(ws, 2025, None)[1] != "final"
    cli("laporan", "tahunan", "--tahun", "2025", "--tanpa-pdf")
    cli("alur", "ajukan_tahunan", "--tahun", "2025")
    approved = cli("alur", "setujui_tahunan", "--tahun", "2025", user="siti")
    assert "Dokumen final" in approved
    final = current(ws.report_dir(2025, None))
    assert final.info["status"] == "final"
    assert final.info["persetujuan"].startswith("disetujui oleh Hj. Siti Rahmawati, S.H., M.H. (Sekretaris) pada ")
    final_html = next(p for p in final.folder.iterdir() if p.suffix == ".html").read_text(encoding="utf-8")
    assert "final, disetujui oleh Hj. Siti Rahmawati, S.H., M.H. (Sekretaris) pada " in final_html
    cli("alur", "dokumentasikan_tahunan", "--tahun", "2025")  # archives the final annual report
    documented = _documented_2025(ws)
    assert len(documented) == 29 and format_target(HAND_ENTERED) not in documented.values()

    # --- TW I 2026 made again, approved, documented: its final Form E.81 shows the documented 2025 figures
    cli("laporan", "triwulan", "--tahun", "2026", "--triwulan", "1", "--tanpa-pdf", user="budi")
    _quarter_steps(cli, 2026, 1, SOP_AFTER_REPORT)
    blocks, status = _document(ws, 2026, 1)
    assert status == "final"
    assert _e81_last_year(blocks, config, 2026) == documented
    own = json.loads((current(ws.report_dir(2026, 1)).folder / "capaian.json").read_text(encoding="utf-8"))
    differs = [r for r in own if format_target(r["realisasi_triwulan_1"]) != documented[(r["unit"], r["kode"])]]
    assert len(differs) > 20  # 2026's own figures could not pass for last year's
    assert "Realisasi 2025 berasal dari laporan tahunan 2025 yang didokumentasikan (arsip versi-1)" in _texts(blocks)
    assert "belum didokumentasikan" not in _texts(blocks)

    # --- the 2026 annual report: 2025 from the documented report, 2024 from the workbook, and the note says so
    cli("laporan", "tahunan", "--tahun", "2026", "--tanpa-pdf")
    blocks, _ = _document(ws, 2026, None)
    compared = _comparison(blocks, config, 2026)
    assert compared == {key: (workbook_2024[key], documented[key]) for key in compared}
    assert len(compared) == 29
    assert ("Realisasi 2024 berasal dari riwayat-capaian.xlsx; realisasi 2025 dari laporan tahunan 2025 yang "
            "didokumentasikan (arsip versi-1).") in _texts(blocks)
    assert "tidak ditampilkan" not in _texts(blocks)
