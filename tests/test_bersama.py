"""A shared workspace with real OS accounts: a quarter walked by four people under umask 022 and 002.

Each person is an OS account (made here with useradd/groupadd, removed afterwards) with their
own key made by ``kinerja kunci buat``; the workspace is prepared by ``kinerja init --contoh
--bersama GRUP`` and every command runs as its person, with that person's umask, exactly as a
terminal or a JupyterHub server would. Needs root (skipped with the reason elsewhere).
"""

from __future__ import annotations

import grp
import os
import pwd
import re
import shlex
import shutil
import stat
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import pytest

ROOT = os.name == "posix" and os.geteuid() == 0
TOOLS = all(shutil.which(t) for t in ("useradd", "userdel", "groupadd", "groupdel", "unshare", "setpriv", "mount"))


def _own_namespace() -> bool:
    if not (ROOT and TOOLS):
        return False
    return subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode == 0


pytestmark = [
    pytest.mark.skipif(not ROOT, reason="needs root to make OS accounts (useradd/groupadd); CI runs as root"),
    pytest.mark.skipif(ROOT and not TOOLS, reason="useradd/userdel/groupadd/groupdel/unshare/setpriv not installed"),
    pytest.mark.skipif(ROOT and TOOLS and not _own_namespace(), reason="no private mount namespace (unshare -m) here"),
    pytest.mark.slow,
]


def _hidden(needed: list[Path]) -> dict[Path, list[Path]]:
    """Folders the accounts cannot enter (e.g. /root, 0700) -> the needed folders right below them.

    The Python this runs with (a pyenv under /root, say) and the checkout must be reachable by the
    accounts; a real office installs kinerja where its people can run it. Each command therefore
    runs in its own mount namespace where such a folder is an empty 0755 tmpfs with only the
    needed folders bound back in: nothing on the machine changes.
    """
    hidden: dict[Path, list[Path]] = {}
    for path in needed:
        for parent in reversed(path.parents):
            if not parent.stat().st_mode & stat.S_IXOTH:
                below = path.relative_to(parent).parts[0]
                hidden.setdefault(parent, [])
                if parent / below not in hidden[parent]:
                    hidden[parent].append(parent / below)
                break
    return hidden

PEOPLE = ("siti", "budi", "dewi", "rizal")  # Sekretaris, PPTK, Analis, Kasubag of the sample office
KINERJA = str(Path(sys.executable).parent / "kinerja")


class Office:
    """OS accounts for the sample office's people, their group, and a workspace they share."""

    def __init__(self) -> None:
        tag = uuid.uuid4().hex[:6]
        self.group = f"kjuji{tag}"
        self.names = {p: f"kj{tag}{p}" for p in PEOPLE}
        self.base = Path(tempfile.mkdtemp(prefix="kinerja-bersama-", dir="/tmp"))
        os.chmod(self.base, 0o755)
        subprocess.run(["groupadd", self.group], check=True)
        self.made: list[str] = []
        self.keys: set[str] = set()  # people who made their key (once: a key is never replaced)
        for name in self.names.values():
            subprocess.run(["useradd", "-m", "-N", "-G", self.group, "-s", "/bin/sh", name], check=True)
            self.made.append(name)
        self.gid = grp.getgrnam(self.group).gr_gid

    def run(self, person: str, *args: str, umask: int, workspace: Path | None = None, env: dict[str, str] | None = None,
            program: list[str] | None = None) -> subprocess.CompletedProcess:
        """``kinerja ARGS`` (or ``program ARGS``) as the person's OS account: their uid, primary group plus the
        office group, their home, their umask; ``env``: more environment variables."""
        import kinerja

        account = pwd.getpwnam(self.names[person])
        where = ["--ruang-kerja", str(workspace)] if workspace else []
        needed = [Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve(), Path(kinerja.__file__).resolve().parent]
        script = []
        for number, (folder, keep) in enumerate(_hidden(needed).items()):
            for index, path in enumerate(keep):
                stash = self.base / f".ikat-{number}-{index}"
                stash.mkdir(exist_ok=True)
                script.append(f"mount --bind {shlex.quote(str(path))} {shlex.quote(str(stash))}")
            script.append(f"mount -t tmpfs -o mode=0755 kinerja-uji {shlex.quote(str(folder))}")
            for index, path in enumerate(keep):
                stash = self.base / f".ikat-{number}-{index}"
                script.append(f"mkdir -p {shlex.quote(str(path))} && mount --bind {shlex.quote(str(stash))} "
                              f"{shlex.quote(str(path))}")
        command = " ".join(shlex.quote(a) for a in [*(program or [KINERJA, *where]), *args])
        more = " ".join(shlex.quote(f"{k}={v}") for k, v in (env or {}).items())
        script.append(
            f"cd {shlex.quote(account.pw_dir)} && exec setpriv --reuid {account.pw_uid} --regid {account.pw_gid} "
            f"--groups {self.gid} --inh-caps=-all env -i HOME={shlex.quote(account.pw_dir)} PATH=/usr/bin:/bin "
            f"LANG=C.UTF-8 {more} sh -c {shlex.quote(f'umask {umask:03o} && exec {command}')}"
        )
        return subprocess.run(["unshare", "-m", "sh", "-ec", "\n".join(script)], capture_output=True, text=True,
                              timeout=600)

    def remove(self) -> None:
        for name in self.made:
            subprocess.run(["userdel", "-r", name], capture_output=True)
        subprocess.run(["groupdel", self.group], capture_output=True)
        shutil.rmtree(self.base, ignore_errors=True)


@pytest.fixture(scope="module")
def office():
    made = Office()
    try:
        yield made
    finally:
        made.remove()


def prepare(office: Office, umask: int) -> Path:
    """``kinerja init --contoh --bersama``, then the people's own keys registered in kinerja.toml."""
    root = office.base / f"ruang-{umask:03o}"
    done = subprocess.run([KINERJA, "init", "--contoh", "--bersama", office.group, str(root)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "dibagi dengan grup" in done.stdout
    text = (root / "kinerja.toml").read_text(encoding="utf-8")
    for person, name in office.names.items():
        made = office.run(person, "kunci", "buat" if person not in office.keys else "tampil", umask=umask)
        office.keys.add(person)
        assert made.returncode == 0, made.stderr
        public = re.search(r'kunci_publik = "(ed25519:[^"]+)"', made.stdout).group(1)
        block = re.search(rf'username = "{person}"\n(?:.*\n)*?kunci_publik = "[^"]+"', text).group(0)
        text = text.replace(block, block.replace(f'username = "{person}"', f'username = "{name}"')
                            .rsplit("kunci_publik", 1)[0] + f'kunci_publik = "{public}"')
    (root / "kinerja.toml").write_text(text, encoding="utf-8")
    # init --contoh pinned the sample config in the history; the admin records the people's own accounts and keys
    adopted = subprocess.run([KINERJA, "--ruang-kerja", str(root), "admin", "tetapkan", "--kunci",
                              str(root / "kunci-sampel" / "admin.pem")], capture_output=True, text=True)
    assert adopted.returncode == 0, adopted.stdout + adopted.stderr
    return root


def group_modes_wrong(root: Path, gid: int) -> list[str]:
    """Files and folders of the shared parts that the group could not go on with."""
    wrong = []
    for top in [root / "data", root / "laporan", root / "kinerja.db", root / "kinerja.rantai"]:
        for path in [top, *(top.rglob("*") if top.is_dir() else [])]:
            info = path.lstat()
            if info.st_gid != gid:
                wrong.append(f"{path} grup {info.st_gid}")
            sealed = "archive" in path.parts and (path.name.startswith("versi-") or "versi-" in str(path))
            if stat.S_ISDIR(info.st_mode):
                if sealed:  # an archive version is sealed read-only; the group still reads it
                    if info.st_mode & 0o2050 != 0o2050 or info.st_mode & 0o007:
                        wrong.append(f"{path} {oct(info.st_mode)}")
                elif info.st_mode & 0o7777 != 0o2770:
                    wrong.append(f"{path} {oct(info.st_mode)}")
            elif "archive" in path.parts and path.name != "README.md":
                if info.st_mode & 0o222 or not info.st_mode & 0o040:  # archived: read-only, the group reads it
                    wrong.append(f"{path} {oct(info.st_mode)}")
            elif info.st_mode & 0o060 != 0o060:
                wrong.append(f"{path} {oct(info.st_mode)}")
    return wrong


@pytest.mark.parametrize("umask", [0o022, 0o002], ids=["umask022", "umask002"])
def test_a_quarter_walked_by_four_os_accounts_in_a_shared_workspace(office, umask):
    root = prepare(office, umask)
    budi = office.names["budi"]
    steps = [
        ("siti", "alur", "tugaskan", "--pptk", budi),
        ("siti", "alur", "perintahkan"),
        ("dewi", "alur", "serahkan_bahan"),
        ("budi", "laporan", "triwulan"),
        ("budi", "alur", "ajukan"),
        ("siti", "alur", "setujui"),
        ("rizal", "alur", "dokumentasikan"),
    ]
    for person, *command in steps:
        done = office.run(person, *command, "--tahun", "2025", "--triwulan", "1", umask=umask, workspace=root)
        assert done.returncode == 0, f"{person} {command}: {done.stdout}{done.stderr}"
        assert "Traceback" not in done.stderr
    audit = office.run("siti", "audit", "verifikasi", umask=umask, workspace=root)
    assert audit.returncode == 0 and "Riwayat utuh: 6 peristiwa" in audit.stdout, audit.stdout + audit.stderr
    status = office.run("rizal", "status", "--tahun", "2025", "--triwulan", "1", "--format", "json", umask=umask,
                        workspace=root)
    assert '"keadaan": "selesai"' in status.stdout, status.stdout + status.stderr
    assert group_modes_wrong(root, office.gid) == []
    lines = (root / "kinerja.rantai").read_text(encoding="utf-8").splitlines()
    registry = int(re.search(r"dan (\d+) peristiwa daftar kunci", audit.stdout).group(1))
    assert [int(line.split()[0]) for line in lines] == list(range(1, registry + 7))
