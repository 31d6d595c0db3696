"""The runner's order and publishing in the fast lane: the report notebooks executed by a fake
papermill engine (tests/_util_papermill.py: the cells run in this process by IPython's shell, no
Jupyter kernel), then rendered and published by kinerja's own runner. The real kernel and browser:
test_report.py and test_notebooks.py (slow lane)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
from _util_alur import drive
from _util_papermill import pasang
from docx import Document

from kinerja.config import load_workspace_config
from kinerja.errors import ReportError
from kinerja.laporan.jalan import runner


class KernelTanpaKlien:
    """What the runner asks a kernel pool for: one kernel per run (a name here; the fake engine needs none)."""

    def __init__(self):
        self.diminta = 0

    def acquire(self):
        self.diminta += 1
        return f"kernel-{self.diminta}"


def sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def versions(folder):
    return sorted(p.name for p in folder.iterdir() if p.is_dir() and p.name.startswith("versi-"))


def test_a_quarter_is_executed_rendered_published_then_kept_while_it_is_reviewed(sample_workspace, monkeypatch, tmp_path):
    """Run 1 publishes versi-1 (DRAF; PDF left out with the browser's reason), run 2 a new version beside it;
    after ``ajukan`` a run keeps the submitted set and says why, executing nothing."""
    mesin = pasang(monkeypatch)
    monkeypatch.setenv("KINERJA_BROWSER", str(tmp_path / "tidak-ada" / "chromium"))
    ws = sample_workspace
    config = load_workspace_config(ws.root)
    kernels = KernelTanpaKlien()
    folder = ws.root / "laporan" / "2025" / "triwulan-1"

    first = runner.run_report(ws, config, 2025, 1, pdf=True, kernels=kernels)

    assert mesin.diberi == [{"kernel_name": "python3", "km": "kernel-1"}]
    assert first.folder == folder / "versi-1" and first.status == "draf" and first.pdf is None
    assert len(first.notes) == 1 and "KINERJA_BROWSER" in first.notes[0] and "HTML tetap dibuat" in first.notes[0]
    names = {p.name for p in first.outputs}
    assert {"laporan-triwulan-1-2025.html", "laporan-triwulan-1-2025.docx", "laporan-triwulan-1-2025.ipynb"} <= names
    manifest = json.loads((first.folder / "manifest.json").read_text(encoding="utf-8"))
    listed = {entry["berkas"]: entry["sha256"] for entry in manifest["berkas"]}
    assert listed == {name: sha(first.folder / name) for name in names - {"manifest.json"}}
    info = manifest["info"]
    assert (info["status"], info["tahun"], info["triwulan"], info["galat"]) == ("draf", 2025, 1, 0)
    workbooks = sorted((ws.raw / "2025" / "triwulan-1").glob("*.xlsx"))
    assert sorted(b["nama"] for b in info["berkas_masukan"]) == sorted(p.name for p in workbooks)
    assert {b["nama"]: b["sha256"] for b in info["berkas_masukan"]} == {
        p.name: sha(p) for p in workbooks}
    executed = json.loads((first.folder / "laporan-triwulan-1-2025.ipynb").read_text(encoding="utf-8"))
    injected = next(c for c in executed["cells"] if "injected-parameters" in c["metadata"].get("tags", []))
    assert "tahun = 2025\n" in injected["source"] and "triwulan = 1\n" in injected["source"]
    text = "\n".join(p.text for p in Document(str(first.folder / "laporan-triwulan-1-2025.docx")).paragraphs)
    assert "TRIWULAN I" in text.upper() and "2025" in text
    assert "DRAF" in first.html.read_text(encoding="utf-8")
    assert not list(ws.report_dir(2025, 1).glob("*.gagal.ipynb"))
    assert runner.result_lines(first) == (
        [f"Laporan triwulan 1 tahun 2025 ditulis ke {first.folder}:",
         *(f"  {p}" for p in first.outputs if p.suffix in (".html", ".pdf", ".docx"))],
        [f"Catatan: {first.notes[0]}"])

    second = runner.run_report(ws, config, 2025, 1, pdf=False, kernels=kernels)

    assert second.folder == folder / "versi-2" and kernels.diminta == 2
    assert json.loads((folder / "terkini.json").read_text(encoding="utf-8"))["versi"] == "versi-2"
    assert listed == {name: sha(first.folder / name) for name in listed}  # the earlier set is never touched

    with pytest.raises(ReportError, match=r"^Laporan Triwulan I 2025 belum disetujui Sekretaris \(keadaan: .+\); "
                                          r"dokumen tetap DRAF\.$"):
        runner.finalize_report(ws, config, 2025, 1, pdf=False)
    drive(ws, config, "serahkan_bahan")
    runner.check_stated_figures(ws, config, 2025, 1, "ajukan")  # the DRAF's stated figures agree: no refusal
    drive_from(ws, config, "ajukan")
    submitted = json.loads((folder / "terkini.json").read_text(encoding="utf-8"))["versi"]
    before = versions(folder)

    kept = runner.run_report(ws, config, 2025, 1, pdf=False, kernels=kernels)

    assert kept.folder == folder / submitted and versions(folder) == before and kernels.diminta == 2
    assert kept.notes == [f"Triwulan I 2025 sedang diperiksa Sekretaris; laporan yang diajukan ({submitted}) tidak dibuat "
                          "ulang. Bila perlu perbaikan, Sekretaris mengembalikannya dahulu."]

    drive_from(ws, config, "setujui")
    approved = json.loads((folder / "terkini.json").read_text(encoding="utf-8"))

    final = runner.run_report(ws, config, 2025, 1, pdf=False, kernels=kernels)

    assert kernels.diminta == 2 and final.status == "final"  # rendered from the approved notebook, not executed
    assert final.folder.name not in before and final.folder.parent == folder
    final_info = json.loads((final.folder / "manifest.json").read_text(encoding="utf-8"))["info"]
    assert (final_info["status"], final_info["dasar"], final_info["dasar_versi"]) == (
        "final", approved["manifest_sha256"], int(approved["versi"].removeprefix("versi-")))
    approved_folder = folder / approved["versi"]
    for name in ("laporan-triwulan-1-2025.ipynb", "capaian.json"):  # the results byte for byte
        assert sha(final.folder / name) == sha(approved_folder / name)
    assert "DRAF" not in "\n".join(p.text for p in Document(str(final.folder / "laporan-triwulan-1-2025.docx")).paragraphs)

    again = runner.run_report(ws, config, 2025, 1, pdf=False, kernels=kernels)
    assert again.folder == final.folder and again.notes == [
        f"Laporan Triwulan I 2025 sudah final ({final.folder.name}); tidak dibuat ulang."]

    # the approved quarter feeds the LKjIP: its narasi draft (kinerja narasi) and the annual DRAF through the runner
    from click.testing import CliRunner

    from kinerja.cli.commands import main

    narasi = CliRunner().invoke(main, ["--ruang-kerja", str(ws.root), "narasi", "--tahun", "2025"])
    assert narasi.exit_code == 0, narasi.output
    written = ws.root / "narasi" / "narasi-2025.docx"
    assert narasi.stdout == (f"Narasi LKjIP 2025 ditulis ke {written}. Sunting teks di bawah setiap judul di Word, lalu "
                             "jalankan `kinerja laporan tahunan --tahun 2025`.\n")
    assert narasi.stderr.startswith("Peringatan: Triwulan II, Triwulan III dan Triwulan IV 2025 belum disetujui Sekretaris")
    headings = [p.text for p in Document(str(written)).paragraphs if p.style.name.startswith("Heading")]
    assert "IKHTISAR EKSEKUTIF" in [h.upper() for h in headings]
    annual = runner.run_report(ws, config, 2025, None, pdf=False, kernels=kernels)
    assert annual.status == "draf" and kernels.diminta == 3
    text = "\n".join(p.text for p in Document(str(annual.folder / "laporan-tahunan-2025.docx")).paragraphs)
    assert "belum ada laporan triwulan" not in text  # Triwulan I is approved: the year has a capaian


def test_a_quarter_without_workbooks_is_refused_naming_the_folder_and_nothing_is_published(sample_workspace, monkeypatch):
    mesin = pasang(monkeypatch)
    ws = sample_workspace
    for path in (ws.raw / "2025" / "triwulan-3").glob("*.xlsx"):
        path.unlink()
    config = load_workspace_config(ws.root)
    with pytest.raises(ReportError) as caught:
        runner.run_report(ws, config, 2025, 3, pdf=False, kernels=KernelTanpaKlien())
    folder = ws.raw / "2025" / "triwulan-3"
    assert str(caught.value) == (
        f"Tidak ada lembar kerja (.xlsx) untuk triwulan 3 tahun 2025 di {folder}; laporan tidak dibuat. Simpan lembar "
        f"kerja yang masuk di {folder} lalu jalankan lagi.")
    assert mesin.diberi == []
    report_dir = ws.report_dir(2025, 3)
    assert not report_dir.exists() or versions(report_dir) == []


def test_the_fake_engine_leaves_no_ipython_behind(tmp_path, monkeypatch):
    """Other tests of the process run without IPython, as before (get_ipython() None, no builtins.display)."""
    import builtins

    import IPython
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    from kinerja.laporan.jalan.eksekusi import execute

    mesin = pasang(monkeypatch)
    path = tmp_path / "uji.ipynb"
    metadata = {"kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}}
    nbformat.write(new_notebook(cells=[new_code_cell("tahun = 0", metadata={"tags": ["parameters"]}),
                                       new_code_cell("display({'tahun': tahun})\ntahun + 1")], metadata=metadata), str(path))
    done = execute(path, tmp_path / "keluar.ipynb", {"tahun": 2025}, failed_copy=tmp_path / "g.ipynb")
    outputs = done.cells[-1].outputs
    assert [(o.output_type, o.data["text/plain"]) for o in outputs] == [("display_data", "{'tahun': 2025}"),
                                                                          ("execute_result", "2026")]
    assert len(mesin.diberi) == 1 and IPython.get_ipython() is None and not hasattr(builtins, "display")


def drive_from(ws, config, aksi: str) -> None:
    """The one next step of the happy path (``drive`` takes them all from the first)."""
    from _util_alur import HAPPY, START, ready_for

    from kinerja.alur.workflow import act

    index = [step[0] for step in HAPPY].index(aksi)
    _aksi, user, extra = HAPPY[index]
    ready_for(ws, config, aksi, 2025, 1)
    act(ws, config, aksi, 2025, 1, username=user, now=START + dt.timedelta(hours=index + 1), **extra)


def test_the_annual_report_before_any_approved_quarter_is_a_draf_that_says_what_is_missing(sample_workspace, monkeypatch):
    """The tahunan notebook through the same runner: a DRAF set whose quarters are named as not yet approved."""
    mesin = pasang(monkeypatch)
    ws = sample_workspace
    config = load_workspace_config(ws.root)

    result = runner.run_report(ws, config, 2025, None, pdf=False, kernels=KernelTanpaKlien())

    assert mesin.diberi == [{"kernel_name": "python3", "km": "kernel-1"}]
    assert result.folder == ws.root / "laporan" / "2025" / "tahunan" / "versi-1" and result.status == "draf"
    text = "\n".join(p.text for p in Document(str(result.folder / "laporan-tahunan-2025.docx")).paragraphs)
    assert text.lstrip().startswith("LAPORAN KINERJA INSTANSI PEMERINTAH (LKJIP) TAHUN 2025\nInspektorat Kabupaten Contoh\n")
    assert "DRAF — menunggu persetujuan Sekretaris; belum untuk ditandatangani." in text
    assert ("Laporan tahunan 2025 ini belum memuat capaian: belum ada laporan triwulan Inspektorat Kabupaten Contoh "
            "yang disetujui Sekretaris.") in text
    headings = [line.strip() for line in text.splitlines()]
    for heading in ("BAB I PENDAHULUAN", "BAB II PERENCANAAN KINERJA", "BAB III AKUNTABILITAS KINERJA", "BAB IV PENUTUP",
                    "1. Perjanjian Kinerja Tahun 2025"):
        assert heading in headings
    info = json.loads((result.folder / "manifest.json").read_text(encoding="utf-8"))["info"]
    assert (info["status"], info["tahun"], info["triwulan"]) == ("draf", 2025, None)
