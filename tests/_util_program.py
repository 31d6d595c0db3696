"""A small Python program that runs as an executable on any OS, for fakes (a browser that cannot start or hangs).

POSIX: the script with a ``#!`` line naming this interpreter (``sys.executable``), made executable.
Windows: an ``.exe`` launcher with the script appended, the way pip makes every console script
(distlib's ``ScriptMaker``); no shell script, so the fakes work where ``#!/bin/sh`` does not.
"""

from __future__ import annotations

import sys
from pathlib import Path


def python_program(folder: Path, name: str, body: str) -> Path:
    """Write ``body`` as the program ``name`` in ``folder``; returns the path to execute."""
    from distlib.scripts import ScriptMaker

    source = folder / ".sumber"
    source.mkdir(parents=True, exist_ok=True)
    (source / f"{name}.py").write_text("#!python\n" + body, encoding="utf-8")
    maker = ScriptMaker(str(source), str(folder), add_launchers=True)
    maker.executable = sys.executable
    made = maker.make(f"{name}.py")
    assert len(made) == 1, made
    return Path(made[0])


def processes_running(program: Path) -> list[str]:
    """The command lines of the processes still running ``program`` (zombies are gone: they run nothing)."""
    import psutil

    found = []
    for process in psutil.process_iter(["cmdline", "status"]):
        line = " ".join(process.info["cmdline"] or [])
        if str(program) in line and process.info["status"] != psutil.STATUS_ZOMBIE:
            found.append(line)
    return found
