"""Atomic writes: all or nothing, the ordinary file mode, faults named by the target file."""

from __future__ import annotations

import os

import pytest

from kinerja.atomic import atomic_path, shared_dir_mode, shared_file_mode, write_text
from kinerja.errors import WriteError


def test_written_files_get_the_ordinary_mode_without_touching_the_umask(tmp_path):
    before = os.umask(0o022)
    os.umask(before)
    write_text(tmp_path / "a.txt", "isi")
    assert (tmp_path / "a.txt").stat().st_mode & 0o777 == shared_file_mode() == 0o666 & ~before
    assert shared_dir_mode() == 0o777 & ~before
    now = os.umask(before)
    os.umask(now)
    assert now == before


def test_an_exception_leaves_the_old_file_and_no_temporary(tmp_path):
    write_text(tmp_path / "a.txt", "lama")
    with pytest.raises(ZeroDivisionError), atomic_path(tmp_path / "a.txt") as tmp:
        tmp.write_text("baru setengah")
        1 / 0  # noqa: B018
    assert (tmp_path / "a.txt").read_text() == "lama" and sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_a_fault_names_the_target_not_the_temporary_file(tmp_path):
    (tmp_path / "berkas").write_text("bukan folder")
    with pytest.raises(WriteError) as info:
        write_text(tmp_path / "berkas" / "a.txt", "isi")
    assert str(tmp_path / "berkas" / "a.txt") in str(info.value) and ".tmp" not in str(info.value)


def test_a_group_shared_folder_gives_group_modes_whatever_the_umask(tmp_path):
    from kinerja.atomic import group_shared, make_dirs

    shared = tmp_path / "bersama"
    shared.mkdir()
    os.chmod(shared, 0o2770)
    assert group_shared(shared / "belum" / "ada") == 0o2770
    made = make_dirs(shared / "data" / "raw" / "2025")
    for folder in (shared / "data", shared / "data" / "raw", made):
        assert folder.stat().st_mode & 0o7777 == 0o2770
    write_text(made / "a.txt", "isi")
    assert (made / "a.txt").stat().st_mode & 0o777 == 0o660
    assert group_shared(tmp_path) is None  # an ordinary folder: the umask's modes
    write_text(tmp_path / "b.txt", "isi")
    assert (tmp_path / "b.txt").stat().st_mode & 0o777 == shared_file_mode()
