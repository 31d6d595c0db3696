"""kinerja reviu --semua-opd: every OPD's documented annual report checked from kinerja's own results."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).parent))

TAHUN = 2025

# Stored annual results (as kinerja's hasil writes them). The wrong figure: 87,10 where the
# stored target and realisasi give (2 − 0,19/0,16) = 81,25 (the LKjIP Manggarai Timur 2019 row).
ROWS = [
    {"unit": "IRBAN-1", "kode": "IK-1.1", "indikator": "Persentase rekomendasi ditindaklanjuti", "satuan": "%",
     "arah": "positif", "target": 80.0, "realisasi": 92.4, "capaian": 115.5, "status": "dihitung"},
    {"unit": "IRBAN-1", "kode": "IK-1.2", "indikator": "Angka Kematian Ibu", "satuan": "per 100.000 KH",
     "arah": "negatif", "target": 0.16, "realisasi": 0.19, "capaian": 81.25, "status": "dihitung"},
    {"unit": "IRBAN-2", "kode": "IK-2.1", "indikator": "Indeks Kepuasan Masyarakat", "satuan": "indeks",
     "arah": "positif", "target": "76.61–88.3", "realisasi": 90.12, "capaian": 90.12 / 88.3 * 100, "status": "dihitung"},
    {"unit": "IRBAN-2", "kode": "IK-2.2", "indikator": "Opini BPK", "satuan": "opini", "arah": "positif",
     "target": "WTP", "realisasi": "WDP", "capaian": 75.0, "status": "dihitung"},
    {"unit": "IRBAN-2", "kode": "IK-2.3", "indikator": "Jumlah laporan", "satuan": "laporan", "arah": "positif",
     "target": 12.0, "realisasi": None, "capaian": None, "status": "belum diukur"},
]


def _files(rows: list[dict]) -> dict[str, bytes]:
    from kinerja.laporan.model.hasil import table_records

    return {"capaian.json": json.dumps(table_records(pd.DataFrame(rows))).encode(), "temuan.json": b"[]",
            "meta.json": json.dumps({"tahun": TAHUN, "triwulan": None, "unit": ""}).encode()}


def _document_year(root: Path, rows: list[dict]) -> None:
    """Every quarter through the SOP (units without a workbook recorded as not reporting, as the guard of
    the hand-over asks), then the annual report documented with ``rows`` as its results."""
    import datetime as dt
    import shutil

    from _util_alur import HAPPY, drive_annual, note_missing_units, publish_report, ready_for

    from kinerja.alur.workflow import act, case_start
    from kinerja.config import load_workspace_config
    from kinerja.paths import Workspace

    ws = Workspace(root)
    config = load_workspace_config(root)
    shutil.rmtree(ws.raw / str(TAHUN), ignore_errors=True)  # each quarter's material is stored clean (ready_for)
    for triwulan in (1, 2, 3, 4):
        publish_report(ws, TAHUN, triwulan)
        moment = case_start(TAHUN, triwulan, config)
        for aksi, user, extra in HAPPY:
            moment += dt.timedelta(minutes=10)
            if aksi == "serahkan_bahan" and ws.quarter_workbooks(TAHUN, triwulan):
                note_missing_units(ws, config, TAHUN, triwulan, moment)
            ready_for(ws, config, aksi, TAHUN, triwulan)
            if aksi == "dokumentasikan":
                publish_report(ws, TAHUN, triwulan, final=True)  # the final rendering of the approved set
            act(ws, config, aksi, TAHUN, triwulan, username=user, now=moment, **extra)
    drive_annual(ws, config, tahun=TAHUN, files=_files(rows))


@pytest.fixture(scope="module")
def pemda(tmp_path_factory):
    from kinerja.pemda.sample import write_sample_pemda
    from kinerja.pemda.workspace import load_pemda

    folder = write_sample_pemda(tmp_path_factory.mktemp("pemda") / "pemda", 3, TAHUN)
    pemda = load_pemda(folder.root)
    wrong = [dict(r) for r in ROWS]
    wrong[1]["capaian"] = 87.10
    _document_year(pemda.opd[0].root, ROWS)
    _document_year(pemda.opd[1].root, wrong)
    return pemda


def test_every_documented_opd_checked_the_wrong_row_flagged_and_a_missing_report_explained(pemda):
    from kinerja.reviu.opd import rekap, reviu_semua_opd
    from kinerja.reviu.periksa import Aturan

    aturan = Aturan(skala={}, pita=())
    hasil = reviu_semua_opd(pemda.opd, TAHUN, aturan)
    recap = {r["kode"]: r for r in rekap(hasil)}
    first, second, third = (o.kode for o in pemda.opd)
    assert (recap[first]["baris"], recap[first]["sesuai"], recap[first]["tidak_sesuai"], recap[first]["tidak_dapat_dihitung"]) == (5, 4, 0, 1)
    assert (recap[second]["sesuai"], recap[second]["tidak_sesuai"]) == (3, 1)
    assert recap[third]["baris"] == 0 and recap[third]["keterangan"]
    bad = [b for h in hasil for b in h.baris if b.status == "tidak_sesuai"]
    assert len(bad) == 1 and bad[0].indikator == "IRBAN-1/IK-1.2 Angka Kematian Ibu"
    assert not bad[0].arah_disimpulkan and "81,25" in bad[0].pesan
    # the config's scales value the grades (the sample office's opini scale)
    opini = next(b for b in hasil[0].baris if b.indikator.endswith("Opini BPK"))
    assert opini.status == "sesuai" and "skala" in opini.pesan


def test_cli_semua_opd_recap_json_and_exit_1(pemda, tmp_path):
    run = [sys.executable, "-m", "kinerja.cli", "--ruang-kerja", str(pemda.folder.root), "reviu", "--semua-opd",
           "--tahun", str(TAHUN)]
    done = subprocess.run(run, capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert "10 baris dari 2 OPD diperiksa; 1 tidak sesuai; 1 OPD tanpa laporan tahunan terdokumentasi." in done.stdout
    # the recap is in the Pemda's recap folder of the year, not only printed
    recap = json.loads((pemda.folder.recap_dir(TAHUN, None) / f"rekap-reviu-{TAHUN}.json").read_text(encoding="utf-8"))
    assert [(r["kode"], r["baris"], r["tidak_sesuai"]) for r in recap["opd"]] == [
        (o.kode, n, bad) for o, n, bad in zip(pemda.opd, (5, 5, 0), (0, 1, 0), strict=True)]
    assert recap["opd"][2]["keterangan"] and len(recap["baris"]) == 10
    from openpyxl import load_workbook

    kkr = load_workbook(pemda.folder.recap_dir(TAHUN, None) / f"kertas-kerja-reviu-{TAHUN}.xlsx", read_only=True)
    cells = " ".join(str(c.value) for ws in kkr.worksheets for row in ws.iter_rows() for c in row if c.value is not None)
    assert "IRBAN-1/IK-1.2 Angka Kematian Ibu" in cells and "Tidak sesuai" in cells
    done = subprocess.run([*run, "--format", "json", "--pekerja", "2"], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    data = json.loads(done.stdout)
    assert [r["baris"] for r in data["rekap"]] == [5, 5, 0]
    assert sum(1 for b in data["baris"] if b["status"] == "tidak_sesuai") == 1
    done = subprocess.run([sys.executable, "-m", "kinerja.cli", "--ruang-kerja", str(pemda.folder.root), "reviu", "--semua-opd"],
                          capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert done.returncode == 2 and "--semua-opd memerlukan --tahun" in done.stderr and "Traceback" not in done.stderr


def test_many_opd_run_in_worker_processes_with_the_same_verdicts(pemda):
    from kinerja.reviu.opd import reviu_semua_opd
    from kinerja.reviu.periksa import Aturan

    aturan = Aturan(skala={}, pita=())
    opd = list(pemda.opd) * 2  # more than are checked in this process
    pooled = reviu_semua_opd(opd, TAHUN, aturan, pekerja=2)
    here = reviu_semua_opd(opd, TAHUN, aturan, pekerja=1)
    assert [[b.status for b in h.baris] for h in pooled] == [[b.status for b in h.baris] for h in here]
