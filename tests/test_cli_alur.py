"""``kinerja alur``, ``kinerja status``, ``kinerja audit verifikasi`` through click and the real script."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from _util_alur import clean_material, drive, make_workspace, publish_report, raw_sql
from click.testing import CliRunner

from kinerja.alur.workflow import history
from kinerja.cli.alur import alur
from kinerja.cli.commands import main
from kinerja.domain import sop
from kinerja.terbitan import current


@pytest.fixture(autouse=True)
def _hub(hub):
    global HUB
    HUB = hub


def run(ws, *args, user="siti"):
    """The CLI in a user's JupyterHub server: the hub names the user its API token belongs to."""
    return CliRunner().invoke(main, ["--ruang-kerja", str(ws.root), *args], env=HUB(user))


def test_one_subcommand_per_action_of_the_table():
    assert sorted(alur.commands) == sorted(s.aksi for s in sop.LANGKAH if s.lingkup != sop.REVIU)
    from kinerja.cli.reviu import penugasan_reviu  # the reviu assignment's steps: `kinerja penugasan-reviu`

    assert sorted(penugasan_reviu.commands) == sorted(s.aksi for s in sop.LANGKAH if s.lingkup == sop.REVIU)
    assert "--catatan" in [p.opts[0] for p in alur.commands["kembalikan"].params if p.required]
    assert "--triwulan" not in [p.opts[0] for p in alur.commands["dokumentasikan_tahunan"].params]


def test_actions_through_the_cli(tmp_path):
    ws = make_workspace(tmp_path)
    result = run(ws, "alur", "tugaskan", "--tahun", "2025", "--triwulan", "1", "--pptk", "budi", "--catatan", "segera")
    assert result.exit_code == 0, result.output
    assert ws.quarter_folder(2025, 1).is_dir()
    assert run(ws, "alur", "perintahkan", "--tahun", "2025", "--triwulan", "1").exit_code == 0
    # the guard: the status says before anyone tries, and the action says the same sentence
    status = run(ws, "status", "--tahun", "2025", "--triwulan", "1")
    reason = "Bahan TW I 2025 belum lengkap: belum ada lembar kerja dari Sekretariat (SEKRETARIAT)"
    assert reason in status.output and "'Serahkan bahan laporan' belum dapat diambil" in status.output
    empty = run(ws, "alur", "serahkan_bahan", "--tahun", "2025", "--triwulan", "1", user="dewi")
    assert empty.exit_code == 1 and reason in empty.output and "Traceback" not in empty.output
    clean_material(ws, 2025, 1)
    (ws.quarter_folder(2025, 1) / "rencana-aksi-irban-khusus.xlsx").unlink()
    noted = run(ws, "alur", "unit_tidak_melapor", "--tahun", "2025", "--triwulan", "1", "--unit-kerja", "IRBAN-KHUSUS",
                "--catatan", "tidak ada kegiatan", user="dewi")
    assert noted.exit_code == 0, noted.output
    assert run(ws, "alur", "serahkan_bahan", "--tahun", "2025", "--triwulan", "1", user="dewi").exit_code == 0
    refused_empty = run(ws, "alur", "ajukan", "--tahun", "2025", "--triwulan", "1", user="budi")
    assert refused_empty.exit_code == 1 and "Laporan TW I 2025 belum disusun" in refused_empty.output
    publish_report(ws, 2025, 1)
    report = current(ws.report_dir(2025, 1)).path("laporan.pdf")
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
    assert table.exit_code == 0 and "TW I" in table.output and "Pengumpulan" in table.output


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
def test_real_console_script(tmp_path, args, hub):
    import os

    ws = make_workspace(tmp_path)
    script = [str(Path(sys.executable).parent / "kinerja"), "--ruang-kerja", str(ws.root), *args]
    env = {"PATH": "/usr/bin:/bin", "XDG_CONFIG_HOME": os.environ["XDG_CONFIG_HOME"], **hub("siti")}
    done = subprocess.run(script, capture_output=True, text=True, env=env)
    if args[0] == "status":
        assert done.returncode == 0 and "TW IV 2025" in done.stdout
    else:
        assert done.returncode == 1 and "Belum dimulai" in done.stderr and "Traceback" not in done.stderr


def test_documenting_through_the_cli_prints_the_archive(tmp_path, config):
    ws = make_workspace(tmp_path, reports_for=(1,))
    drive(ws, config, "setujui")
    draft_only = run(ws, "alur", "dokumentasikan", "--tahun", "2025", "--triwulan", "1", user="rizal")
    assert draft_only.exit_code == 1 and "tidak memuat notebook" in draft_only.output  # no final without its notebook
    publish_report(ws, 2025, 1, final=True)
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


def _recompute_chain(path, from_id: int, change: str) -> None:
    """Rewrite event ``from_id`` and recompute every hash after it, so the chain is consistent again."""
    import sqlite3

    from kinerja.alur.store import _COLUMNS, GENESIS, event_hash

    conn = sqlite3.connect(path, isolation_level=None)
    rows = [dict(zip(_COLUMNS, r, strict=True)) for r in conn.execute(f"SELECT {', '.join(_COLUMNS)} FROM peristiwa ORDER BY id")]
    conn.close()
    statements, previous = [], GENESIS
    for row in rows:
        if row["id"] == from_id:
            row["catatan"] = change
        row["hash_sebelumnya"] = previous
        row["hash"] = event_hash(row)
        previous = row["hash"]
        if row["id"] >= from_id:
            statements.append(f"UPDATE peristiwa SET catatan = '{row['catatan']}', hash_sebelumnya = '{row['hash_sebelumnya']}', "
                              f"hash = '{row['hash']}' WHERE id = {row['id']}")
    raw_sql(path, *statements)


def _replace(path) -> None:
    """INSERT OR REPLACE over event #4 with the triggers in place (REPLACE's delete fires no trigger)."""
    import sqlite3

    from kinerja.alur.store import _COLUMNS, event_hash

    conn = sqlite3.connect(path, isolation_level=None)
    row = dict(zip(_COLUMNS, conn.execute(f"SELECT {', '.join(_COLUMNS)} FROM peristiwa WHERE id = 4").fetchone(), strict=True))
    row["catatan"] = "laporan lain"
    row["hash"] = event_hash(row)
    conn.execute(f"INSERT OR REPLACE INTO peristiwa ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})",
                 [row[c] for c in _COLUMNS])
    conn.close()


def _sql(path, *statements) -> None:
    import sqlite3

    conn = sqlite3.connect(path, isolation_level=None)
    for statement in statements:
        conn.execute(statement)
    conn.close()


ATTACKS = {
    "update_past_dropped_triggers": (lambda ws, old: raw_sql(ws.database, "UPDATE peristiwa SET pengguna = 'rina' WHERE id = 4"),
                                     "diubah"),
    "delete_one_event": (lambda ws, old: raw_sql(ws.database, "DELETE FROM peristiwa WHERE id = 2"), "hilang"),
    "delete_last_event": (lambda ws, old: raw_sql(ws.database, "DELETE FROM peristiwa WHERE id = 5"), "hilang"),
    "insert_or_replace": (lambda ws, old: _replace(ws.database), "tanda_tangan"),
    "recomputed_chain": (lambda ws, old: _recompute_chain(ws.database, 2, "ditulis ulang"), "rantai"),
    "rollback_to_older_copy": (lambda ws, old: ws.database.write_bytes(old), "rantai"),
    "drop_table": (lambda ws, old: _sql(ws.database, "DROP TABLE peristiwa"), "tabel"),
    "deleted_database": (lambda ws, old: ws.database.unlink(), "basis_data"),
    "emptied_database": (lambda ws, old: ws.database.write_bytes(b""), "basis_data"),
    "dropped_trigger": (lambda ws, old: _sql(ws.database, "DROP TRIGGER peristiwa_tanpa_hapus"), "pemicu"),
    "deleted_side_file": (lambda ws, old: ws.database.with_suffix(".rantai").unlink(), "rantai"),
}


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_every_attack_class_is_detected_without_an_anchor(tmp_path, config, attack):
    """Each rewrite of the history is reported by a plain `audit verifikasi`, and no command repairs the evidence."""
    ws = make_workspace(tmp_path)
    drive(ws, config, "serahkan_bahan")
    publish_report(ws, 2025, 1)  # the PPTK's report of the material
    old = ws.database.read_bytes()  # a copy taken before the last events
    drive_rest = [("ajukan", "budi"), ("setujui", "siti")]
    for aksi, user in drive_rest:
        assert run(ws, "alur", aksi, "--tahun", "2025", "--triwulan", "1", user=user).exit_code == 0
    assert run(ws, "audit", "verifikasi").exit_code == 0
    tamper, kind = ATTACKS[attack]
    tamper(ws, old)
    snapshot = ws.database.read_bytes() if ws.database.exists() else None
    found = run(ws, "audit", "verifikasi")
    assert found.exit_code == 1, found.output
    assert f"[{kind}]" in found.output, found.output
    assert "Traceback" not in found.output
    # the next command neither repairs nor hides anything: writing is refused or the audit still fails
    after = run(ws, "alur", "dokumentasikan", "--tahun", "2025", "--triwulan", "1", user="rizal")
    assert "Traceback" not in after.output
    if attack in ("drop_table", "deleted_database", "emptied_database", "dropped_trigger"):
        assert after.exit_code == 1, after.output
        assert (ws.database.read_bytes() if ws.database.exists() else None) == snapshot
    again = run(ws, "audit", "verifikasi")
    assert again.exit_code == 1 and f"[{kind}]" in again.output


def test_material_stored_and_withdrawn_through_the_cli_are_signed_events(tmp_path, config):
    ws = make_workspace(tmp_path)
    drive(ws, config, "perintahkan")
    [first, *_] = clean_material(make_workspace(tmp_path / "analis"), 2025, 1)
    stored = run(ws, "alur", "simpan_bahan", "--tahun", "2025", "--triwulan", "1", "--berkas", str(first), user="dewi")
    assert stored.exit_code == 0, stored.output
    assert (ws.quarter_folder(2025, 1) / first.name).read_bytes() == first.read_bytes()
    assert history(ws, 2025, 1)[-1].aksi == "simpan_bahan" and history(ws, 2025, 1)[-1].berkas == first.name
    no_reason = run(ws, "alur", "tarik_bahan", "--tahun", "2025", "--triwulan", "1", "--berkas", first.name, user="dewi")
    assert no_reason.exit_code == 2  # click: the reason is required
    pulled = run(ws, "alur", "tarik_bahan", "--tahun", "2025", "--triwulan", "1", "--berkas", first.name,
                 "--catatan", "unit salah", user="dewi")
    assert pulled.exit_code == 0, pulled.output
    assert "data/ditarik/2025/triwulan-1/" in pulled.output and not (ws.quarter_folder(2025, 1) / first.name).exists()
    assert history(ws, 2025, 1)[-1].aksi == "tarik_bahan" and history(ws, 2025, 1)[-1].catatan == "unit salah"
