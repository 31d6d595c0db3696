"""errors.describe_fault: a machine fault becomes one Indonesian sentence naming the file."""

from __future__ import annotations

import errno
import sqlite3

import pytest

from kinerja.errors import KinerjaError, UsageError, describe_fault

PDF = "/srv/laporan/a.pdf"


@pytest.mark.parametrize(("code", "expected"), [
    (errno.EDQUOT, f"Berkas {PDF} tidak dapat ditulis: disk penuh. Kosongkan ruang disk lalu ulangi; keluaran lama tidak berubah."),
    (errno.EROFS, f"Berkas {PDF} tidak dapat ditulis: sistem berkasnya hanya-baca. Pilih folder lain atau minta admin membukanya."),
    (errno.EACCES, f"Berkas {PDF} tidak dapat dibuka atau ditulis: izin tidak cukup (hanya-baca atau milik pengguna lain)."),
    (errno.EPERM, f"Berkas {PDF} tidak dapat dibuka atau ditulis: izin tidak cukup (hanya-baca atau milik pengguna lain)."),
    (errno.ENOENT, f"Berkas {PDF} atau foldernya tidak ditemukan."),
    (errno.EISDIR, f"Berkas {PDF} adalah folder, bukan berkas."),
    (errno.ENOTDIR, f"Berkas {PDF}: sebagian jalurnya bukan folder."),
    (errno.EIO, f"Berkas {PDF} tidak dapat dibaca/ditulis: galat I/O disk."),
    (errno.EMFILE, f"Berkas {PDF} tidak dapat dipakai: Too many open files."),
])
def test_each_fault_names_the_file_and_the_cause(code, expected):
    strerror = "Too many open files" if code == errno.EMFILE else "x"
    assert describe_fault(OSError(code, strerror, PDF)) == expected


def test_a_rename_names_both_paths_and_an_unnamed_file_is_still_a_sentence():
    moved = OSError(errno.EXDEV, "Invalid cross-device link", "/tmp/a.tmp", None, "/srv/laporan/a.pdf")
    assert describe_fault(moved) == "Berkas /tmp/a.tmp -> /srv/laporan/a.pdf tidak dapat dipakai: Invalid cross-device link."
    assert describe_fault(OSError(errno.ENOSPC, "No space left on device")) == (
        "Sebuah berkas tidak dapat ditulis: disk penuh. Kosongkan ruang disk lalu ulangi; keluaran lama tidak berubah.")


def test_a_database_fault_points_to_the_audit_and_anything_else_is_not_a_machine_fault(tmp_path):
    broken = tmp_path / "kinerja.db"
    broken.write_bytes(b"bukan basis data SQLite" * 100)
    with pytest.raises(sqlite3.DatabaseError) as caught:
        sqlite3.connect(broken).execute("SELECT * FROM sqlite_master").fetchall()
    assert describe_fault(caught.value) == (
        "Basis data SQLite tidak dapat dipakai (file is not a database); jalankan `kinerja audit verifikasi` atau "
        "pulihkan dari cadangan.")
    assert describe_fault(ValueError("bukan gangguan mesin")) is None


def test_usage_errors_exit_2_and_other_errors_exit_1():
    assert UsageError("x").exit_code == 2 and KinerjaError("x").exit_code == 1
    assert str(UsageError("Sebutkan --tahun.")) == "Sebutkan --tahun."
