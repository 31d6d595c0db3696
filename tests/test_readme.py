"""The README's commands run as typed, in an empty temporary folder, one line after the other.

Every line of every ```bash block of README.md is run with bash; ``cd`` moves on for the next lines;
a comment ``sebagai <user>`` runs the line as that sample person (the environment JupyterHub gives
that person's server), ``kode keluar N`` is the exit code expected (else 0). Nothing may be written
into the checkout. The install block (```sh: ``make demo``/``make test``) and the PowerShell one are
checked to name real targets of the Makefile and bootstrap.py; ``make demo`` is run as typed in a fresh
copy of the checkout (a new ``.venv`` installed by bootstrap.py, the sample year run; ``make test`` is
the suite itself, and ``py bootstrap.py demo`` is the same script without ``make``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kinerja.paths import PROJECT_ROOT

README = PROJECT_ROOT / "README.md"
_BLOCK = re.compile(r"^```(\w+)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def blocks(language: str) -> list[str]:
    return [body for lang, body in _BLOCK.findall(README.read_text(encoding="utf-8")) if lang == language]


def commands() -> list[tuple[str, str | None, int]]:
    """(command, user, expected exit code) of every line of the README's bash blocks."""
    found = []
    for body in blocks("bash"):
        for line in body.splitlines():
            command, _, comment = line.partition("   #") if "   #" in line else line.partition("  #")
            command = command.strip()
            if not command or command.startswith("#"):
                continue
            user = re.search(r"sebagai (\w+)", comment)
            code = re.search(r"kode keluar (\d+)", comment)
            found.append((command, user.group(1) if user else None, int(code.group(1)) if code else 0))
    return found


def test_the_readme_is_indonesian_first_then_english():
    text = README.read_text(encoding="utf-8")
    indonesian, english = text.find("## Bahasa Indonesia"), text.find("## English")
    assert 0 < indonesian < english
    assert "/var/log" not in text and "PEMDA" not in text


def test_the_install_commands_name_real_targets():
    makefile = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    bootstrap = (PROJECT_ROOT / "bootstrap.py").read_text(encoding="utf-8")
    for body in blocks("sh"):
        for target in re.findall(r"^make (\S+)", body, re.MULTILINE):
            assert re.search(rf"^{target}:", makefile, re.MULTILINE), target
    for body in blocks("powershell"):
        for target in re.findall(r"^py bootstrap.py (\S+)", body, re.MULTILINE):
            assert f'"{target}"' in bootstrap, target


def _written_in_checkout() -> set[str]:
    """New files anywhere in the checkout, and changed files of its sample workspace (data/, laporan/, kinerja.db)."""
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=PROJECT_ROOT,
                            capture_output=True, text=True, check=False).stdout.splitlines()
    return {line for line in status if line.startswith("??") or line[3:].startswith(("data/", "laporan/", "kinerja."))}


@pytest.mark.slow
@pytest.mark.notebook
@pytest.mark.browser
def test_every_readme_command_runs_as_typed_in_an_empty_folder(tmp_path, hub):
    listed = commands()
    assert len(listed) >= 20 and any(user for _c, user, _e in listed)
    before = _written_in_checkout()
    cwd = tmp_path
    base = {k: v for k, v in os.environ.items() if k not in ("KINERJA_WORKSPACE", "VIRTUAL_ENV")}
    base["PATH"] = str(Path(sys.executable).parent) + os.pathsep + base.get("PATH", "")
    for command, user, expected in listed:
        if command.startswith("cd "):
            cwd = (cwd / command[3:].strip()).resolve()
            assert cwd.is_dir(), command
            continue
        env = {**base, **hub(user)}
        done = subprocess.run(["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, timeout=900,
                              check=False)
        assert done.returncode == expected, f"{command}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
        assert "Traceback" not in done.stderr, command
    assert _written_in_checkout() == before, "a README command wrote into the checkout"
    assert (tmp_path / "contoh" / "data" / "archive" / "2025" / "triwulan-1" / "versi-1").is_dir()
    assert (tmp_path / "contoh" / "kinerja.log").is_file()


def _fresh_clone(folder: Path) -> Path:
    """The checkout's tracked files as they are now, in a new git repository (what a fresh clone holds)."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=PROJECT_ROOT, capture_output=True, check=True).stdout
    for name in filter(None, listed.decode().split("\0")):
        source = PROJECT_ROOT / name
        if source.is_file():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, folder / name)
    git = ["git", "-c", "user.name=uji", "-c", "user.email=uji@contoh.invalid"]
    subprocess.run(["git", "init", "-q"], cwd=folder, check=True)
    subprocess.run([*git, "add", "-A"], cwd=folder, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "salinan"], cwd=folder, check=True)
    return folder


@pytest.mark.slow
@pytest.mark.notebook
@pytest.mark.browser
def test_make_demo_sets_up_and_runs_the_sample_year_in_a_fresh_clone(tmp_path):
    """The README's first command, as typed, where a new reader types it: a fresh clone without a .venv."""
    [line] = [line.split("#")[0].strip() for body in blocks("sh")[:1] for line in body.splitlines() if "demo" in line]
    assert line == "make demo"
    clone = _fresh_clone(tmp_path / "kinerja")
    env = {k: v for k, v in os.environ.items() if k not in ("KINERJA_WORKSPACE", "VIRTUAL_ENV", "VENV")}
    done = subprocess.run(["bash", "-c", line], cwd=clone, env=env, capture_output=True, text=True, timeout=3600,
                          check=False)
    assert done.returncode == 0, f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    assert "Traceback" not in done.stderr
    assert (clone / ".venv" / "bin" / "kinerja").is_file()  # bootstrap.py made the environment
    demo = clone / "ruang-kerja-demo"  # the checkout's own sample files stay as they are
    assert sorted(p.name for p in (demo / "data" / "archive" / "2025").iterdir()) == [
        "tahunan", "triwulan-1", "triwulan-2", "triwulan-3", "triwulan-4"]
    assert "Selesai." in done.stdout
    changed = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=clone, capture_output=True,
                             text=True, check=True).stdout
    assert changed == "", f"make demo wrote into the checkout:\n{changed}"
