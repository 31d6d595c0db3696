"""``kinerja alur``, ``kinerja status``, ``kinerja audit verifikasi`` through click and the real script."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from _util_alur import drive, make_workspace, raw_sql
from click.testing import CliRunner

from kinerja.alur import sop
from kinerja.alur.workflow import history
from kinerja.cli.alur import alur
from kinerja.cli.commands import main


def run(ws, *args, user="siti"):
    env = {"JUPYTERHUB_USER": user} if user else {"JUPYTERHUB_USER": ""}
    return CliRunner().invoke(main, ["--ruang-kerja", str(ws.root), *args], env=env)


def test_one_subcommand_per_action_of_the_table():
    assert sorted(alur.commands) == sorted(s.aksi for s in sop.LANGKAH)
    assert "--catatan" in [p.opts[0] for p in alur.commands["kembalikan"].params if p.required]
    assert "--triwulan" not in [p.opts[0] for p in alur.commands["dokumentasikan_tahunan"].params]


def test_actions_through_the_cli(tmp_path):
    ws = make_workspace(tmp_path, reports_for=(1,))
    result = run(ws, "alur", "tugaskan", "--tahun", "2025", "--triwulan", "1", "--pptk", "budi", "--catatan", "segera")
    assert result.exit_code == 0, result.output
    assert run(ws, "alur", "perintahkan", "--tahun", "2025", "--triwulan", "1").exit_code == 0
    assert run(ws, "alur", "serahkan_bahan", "--tahun", "2025", "--triwulan", "1", user="dewi").exit_code == 0
    report = ws.report_dir(2025, 1) / "laporan.pdf"
    result = run(ws, "alur", "ajukan", "--tahun", "2025", "--triwulan", "1", "--berkas", str(report), user="budi")
    assert result.exit_code == 0, result.output
    submitted = history(ws, 2025, 1)[-1]
    assert submitted.berkas == "laporan.pdf" and len(submitted.sha256) == 64
    refused = run(ws, "alur", "setujui", "--tahun", "2025", "--triwulan", "1", user="budi")
    assert refused.exit_code == 1 and "Galat:" in refused.output and "(siti)" in refused.output
    assert "Traceback" not in refused.output
    missing_note = run(ws, "alur", "kembalikan", "--tahun", "2025", "--triwulan", "1")
    assert missing_note.exit_code == 2  # click: required option
    assert run(ws, "alur", "kembalikan", "--tahun", "2025", "--triwulan", "1", "--catatan", "tabel").exit_code == 0
    assert [e.aksi for e in history(ws, 2025, 1)][-2:] == ["ajukan", "kembalikan"]


def test_unknown_os_user_is_refused_with_the_list_of_people(tmp_path):
    ws = make_workspace(tmp_path)
    result = run(ws, "alur", "tugaskan", "--tahun", "2025", "--triwulan", "1", "--pptk", "budi", user=None)
    assert result.exit_code == 1 and "tidak terdaftar" in result.output and "(rizal)" in result.output
    assert not ws.database.exists() or history(ws, 2025, 1) == []


def test_status_table_and_json(tmp_path, config):
    ws = make_workspace(tmp_path)
    drive(ws, config, "perintahkan")
    rows = json.loads(run(ws, "status", "--tahun", "2025", "--format", "json").output)
    assert [r["keadaan"] for r in rows] == ["pengumpulan_bahan", "belum_dimulai", "belum_dimulai", "belum_dimulai",
                                            "penyusunan_tahunan"]
    assert rows[0]["pelaksana_berikut"].endswith("(dewi)") and rows[0]["tenggat"] == "2025-04-11T08:20:00"
    one = json.loads(run(ws, "status", "--tahun", "2025", "--triwulan", "1", "--format", "json").output)
    assert len(one) == 1
    table = run(ws, "status", "--tahun", "2025")
    assert table.exit_code == 0 and "TW I 2025" in table.output and "Pengumpulan bahan laporan" in table.output


def test_audit_verifikasi(tmp_path, config):
    ws = make_workspace(tmp_path)
    assert run(ws, "audit", "verifikasi").exit_code == 0  # no database yet
    drive(ws, config, "ajukan")
    ok = run(ws, "audit", "verifikasi")
    assert ok.exit_code == 0 and "4 peristiwa" in ok.output
    raw_sql(ws.database, "UPDATE peristiwa SET pengguna = 'rina' WHERE id = 4")
    bad = run(ws, "audit", "verifikasi")
    assert bad.exit_code == 1 and "#4" in bad.output and "[diubah]" in bad.output
    raw_sql(ws.database, "DELETE FROM peristiwa WHERE id = 2")
    assert "[hilang] peristiwa #2" in run(ws, "audit", "verifikasi").output


@pytest.mark.parametrize("args", [["status", "--tahun", "2025"], ["alur", "setujui", "--tahun", "2025", "--triwulan", "1"]])
def test_real_console_script(tmp_path, args):
    ws = make_workspace(tmp_path)
    script = [str(Path(sys.executable).parent / "kinerja"), "--ruang-kerja", str(ws.root), *args]
    done = subprocess.run(script, capture_output=True, text=True, env={"PATH": "/usr/bin:/bin", "JUPYTERHUB_USER": "siti"})
    if args[0] == "status":
        assert done.returncode == 0 and "TW IV 2025" in done.stdout
    else:
        assert done.returncode == 1 and "Belum dimulai" in done.stderr and "Traceback" not in done.stderr


def test_documenting_through_the_cli_prints_the_archive(tmp_path, config):
    ws = make_workspace(tmp_path, reports_for=(1,))
    drive(ws, config, "setujui")
    result = run(ws, "alur", "dokumentasikan", "--tahun", "2025", "--triwulan", "1", user="rizal")
    assert result.exit_code == 0, result.output
    assert "data/archive/2025/triwulan-1/versi-1" in result.output
    assert (ws.archive_dir(2025, 1) / "versi-1" / "manifest.json").is_file()
    again = run(ws, "alur", "dokumentasikan", "--tahun", "2025", "--triwulan", "1", user="rizal")
    assert again.exit_code == 1 and not (ws.archive_dir(2025, 1) / "versi-2").exists()


def test_audit_verifikasi_checks_the_hash_printed_on_a_report(tmp_path, config):
    from kinerja.alur.store import Store

    ws = make_workspace(tmp_path)
    drive(ws, config, "ajukan")
    with Store(ws.database) as store:
        count, printed = store.head()
    assert count == 4
    assert run(ws, "audit", "verifikasi", "--jangkar", printed).exit_code == 0
    rewritten = run(ws, "audit", "verifikasi", "--jangkar", "0" * 64)
    assert rewritten.exit_code == 1 and "[jangkar]" in rewritten.output
