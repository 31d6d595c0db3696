"""Explorations (a notebook run in JupyterLab or by plain papermill): never into official results, and each
user's own scratch folder, so two OS users of one server explore the same quarter."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from _util_alur import drive, make_workspace, publish_report

from kinerja.errors import UsageError
from kinerja.laporan.model import data as rd
from kinerja.paths import NOTEBOOKS_DIR, PROJECT_ROOT, find_workspace
from kinerja.terbitan import current


@pytest.fixture
def documented(tmp_path, config):
    """A sample workspace whose TW I is published and documented (a published set and its archive)."""
    ws = make_workspace(tmp_path / "ws")
    shutil.copytree(PROJECT_ROOT / "data" / "raw" / "2025" / "triwulan-1", ws.raw / "2025" / "triwulan-1")
    publish_report(ws, 2025, 1)
    drive(ws, config, "dokumentasikan")
    return ws


def _files(ws):
    return {p: p.read_bytes() for p in (*ws.reports.rglob("*"), *ws.archive.rglob("*")) if p.is_file()}


def test_a_run_pointed_at_official_results_is_refused_before_anything_is_written(documented):
    ws = documented
    before = _files(ws)
    published = current(ws.report_dir(2025, 1)).folder
    for target in (published, ws.report_dir(2025, 1), ws.archive_dir(2025, 1) / "versi-1" / "laporan"):
        with pytest.raises(UsageError, match="Hasil resmi hanya ditulis"):
            rd.siapkan_triwulan(2025, 1, ruang_kerja=str(ws.root), keluaran=str(target))
    with pytest.raises(UsageError, match="arsip"):
        rd.siapkan_tahunan(2025, ruang_kerja=str(ws.root), keluaran=str(ws.archive / "2025" / "tahunan"))
    assert _files(ws) == before


@pytest.mark.notebook
@pytest.mark.slow
@pytest.mark.parametrize(("notebook", "where"), [("triwulan.ipynb", "terbitan"), ("tahunan.ipynb", "arsip")])
def test_a_notebook_pointed_at_a_published_or_archived_folder_is_refused(documented, tmp_path, notebook, where):
    import papermill

    ws = documented
    before = _files(ws)
    target = current(ws.report_dir(2025, 1)).folder if where == "terbitan" else ws.archive_dir(2025, 1) / "versi-1" / "laporan"
    parameters = {"tahun": 2025, "ruang_kerja": str(ws.root), "keluaran": str(target)}
    if notebook == "triwulan.ipynb":
        parameters["triwulan"] = 1
    with pytest.raises(papermill.PapermillExecutionError) as info:
        papermill.execute_notebook(str(NOTEBOOKS_DIR / notebook), str(tmp_path / "jelajah.ipynb"), parameters=parameters,
                                   progress_bar=False, cwd=str(ws.root))
    assert info.value.ename == "UsageError" and "Hasil resmi hanya ditulis" in info.value.evalue
    assert str(target) in info.value.evalue
    assert _files(ws) == before  # the published set and the archive are byte for byte what they were


# -- two OS users on one server ----------------------------------------------------------------

USERS = ("kinerja-uji-a", "kinerja-uji-b")


def _can_make_users() -> str:
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "needs root to create two OS accounts (useradd)"
    if not shutil.which("useradd") or not shutil.which("userdel"):
        return "useradd/userdel not installed"
    return ""


@pytest.fixture
def two_users():
    """Two real OS accounts with home folders, removed afterwards."""
    import pwd

    made = []
    try:
        for name in USERS:
            subprocess.run(["userdel", "-r", name], capture_output=True, check=False)  # a leftover of a killed run
            subprocess.run(["useradd", "-m", "-s", "/bin/sh", name], check=True, capture_output=True)
            made.append(name)
        yield [pwd.getpwnam(name) for name in made]
    finally:
        for name in made:
            subprocess.run(["userdel", "-r", name], capture_output=True, check=False)


def _explore_as(user, workspace: Path) -> tuple[int, str]:
    """Run the quarter's exploration in a child process that has become ``user`` (its uid, gid, HOME)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: from here on, an ordinary other user of the server
        code = 1
        try:
            os.close(read)
            os.setgroups([])
            os.setgid(user.pw_gid)
            os.setuid(user.pw_uid)
            os.environ["HOME"] = user.pw_dir
            for name in ("XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
                os.environ.pop(name, None)
            tempfile.tempdir = None
            rd.siapkan_triwulan(2025, 1, ruang_kerja=str(workspace))
            message, code = str(rd.scratch_dir(find_workspace(str(workspace)), 2025, 1)), 0
        except BaseException as exc:  # noqa: BLE001 - reported to the parent, whatever it is
            message = f"{type(exc).__name__}: {exc}"
        os.write(write, message.encode("utf-8"))
        os._exit(code)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        text = pipe.read().decode("utf-8")
    _pid, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), text


@pytest.mark.skipif(bool(_can_make_users()), reason=_can_make_users() or "x")
def test_two_os_users_explore_the_same_quarter(two_users, config):
    shared = Path(tempfile.mkdtemp(prefix="kinerja-bersama-"))  # outside root's private pytest folder
    try:
        shared.chmod(0o755)
        ws = make_workspace(shared / "ws")
        shutil.copytree(PROJECT_ROOT / "data" / "raw" / "2025" / "triwulan-1", ws.raw / "2025" / "triwulan-1")
        for path in (shared, *shared.rglob("*")):
            path.chmod(0o755 if path.is_dir() else 0o644)
        rd.siapkan_triwulan(2025, 1, ruang_kerja=str(ws.root))  # warm: every module imported before the children drop root
        results = [_explore_as(user, ws.root) for user in two_users]
        for user, (code, where) in zip(two_users, results, strict=True):
            assert code == 0, f"{user.pw_name}: {where}"
            folder = Path(where)
            assert folder.is_relative_to(Path(user.pw_dir) / ".cache" / "kinerja"), where
            assert (folder / "capaian.json").is_file() and folder.stat().st_uid == user.pw_uid
        assert results[0][1] != results[1][1]
        assert not any(ws.reports.rglob("*.json"))  # nothing official written
    finally:
        shutil.rmtree(shared, ignore_errors=True)
