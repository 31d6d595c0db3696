"""The history is never opened on a network share: Linux mounts and Windows drives (simulated)."""

from __future__ import annotations

import pytest

from kinerja import jaringan
from kinerja.alur.store import Store, StoreError
from kinerja.jaringan import DRIVE_REMOTE, network_filesystem

LOCAL_DRIVE = 3  # GetDriveTypeW: DRIVE_FIXED


def _mounts(tmp_path, *lines):
    path = tmp_path / "mounts"
    path.write_text("".join(line + "\n" for line in ("/dev/vda / ext4 rw 0 0", *lines)), encoding="utf-8")
    return path


def test_a_folder_on_an_smb_or_nfs_mount_is_a_network_share(tmp_path):
    mounts = _mounts(tmp_path, "//nas/kantor /srv/kinerja cifs rw 0 0", "server:/ekspor /mnt/nfs\\040kantor nfs4 rw 0 0",
                     "/dev/vdb /srv/kinerja/lokal ext4 rw 0 0")
    assert network_filesystem("/srv/kinerja/opd", mounts=mounts, platform="linux") == "cifs di /srv/kinerja"
    assert network_filesystem("/mnt/nfs kantor/ws", mounts=mounts, platform="linux") == "nfs4 di /mnt/nfs kantor"
    assert network_filesystem("/srv/kinerja/lokal/ws", mounts=mounts, platform="linux") is None  # a local disk mounted inside
    assert network_filesystem("/srv/kinerja-lain", mounts=mounts, platform="linux") is None
    assert network_filesystem("/x", mounts=tmp_path / "tidak-ada", platform="linux") is None  # no /proc: cannot tell


def test_windows_unc_paths_and_mapped_drives_are_network_shares():
    asked = []

    def drive_type(root):
        asked.append(root)
        return DRIVE_REMOTE if root.upper().startswith("Z:") else LOCAL_DRIVE

    assert network_filesystem(r"\\nas\kantor\inspektorat", platform="win32", drive_type=drive_type) == r"folder jaringan \\nas\kantor"
    assert network_filesystem("Z:\\inspektorat", platform="win32", drive_type=drive_type) == "drive jaringan Z:"
    assert network_filesystem("C:\\Users\\siti\\inspektorat", platform="win32", drive_type=drive_type) is None
    assert asked == ["Z:\\", "C:\\"]
    assert network_filesystem("\\\\?\\C:\\panjang\\ws", platform="win32", drive_type=drive_type) is None


def test_the_history_is_refused_on_a_network_share_and_nothing_is_created(tmp_path, monkeypatch):
    workspace = tmp_path / "ws"
    workspace.mkdir()
    monkeypatch.setattr(jaringan, "MOUNTS", _mounts(tmp_path, f"//nas/kantor {workspace} cifs rw 0 0"))
    with pytest.raises(StoreError) as info:
        Store(workspace / "kinerja.db").connect()
    message = str(info.value)
    assert "folder jaringan (cifs di" in message and "docs/layani.md" in message
    assert not (workspace / "kinerja.db").exists()


def test_the_cli_says_so_without_a_traceback(tmp_path, monkeypatch, hub):
    from _util_alur import make_workspace
    from click.testing import CliRunner

    from kinerja.cli.commands import main

    ws = make_workspace(tmp_path / "ws")
    monkeypatch.setattr(jaringan, "MOUNTS", _mounts(tmp_path, f"server:/ekspor {ws.root} nfs rw 0 0"))
    result = CliRunner().invoke(main, ["--ruang-kerja", str(ws.root), "alur", "tugaskan", "--tahun", "2025", "--triwulan",
                                       "1", "--pptk", "budi"], env=hub("siti"))
    assert result.exit_code == 1 and "folder jaringan (nfs di" in result.output and "Traceback" not in result.output
