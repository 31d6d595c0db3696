"""``kinerja laporan``: usage errors, exit codes, and the command documented for scheduling."""

from __future__ import annotations

import datetime as dt
import re
import shlex
from pathlib import Path

import nbformat
import pytest
from click.testing import CliRunner
from nbformat.v4 import new_code_cell, new_notebook

from kinerja.cli.commands import main
from kinerja.laporan.jalan import runner as report
from kinerja.numbers import last_finished_quarter
from kinerja.paths import PROJECT_ROOT, SAMPLE_CONFIG

DOC = PROJECT_ROOT / "docs" / "penjadwalan.md"


def _invoke(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.mark.parametrize(("args", "message"), [
    (("--tahun", "2025"), "Galat: Sebutkan --triwulan N atau --semua (salah satu).\n"),
    (("--tahun", "2025", "--triwulan", "1", "--semua"), "Galat: Sebutkan --triwulan N atau --semua (salah satu).\n"),
    (("--terakhir", "--tahun", "2025"), "Galat: --terakhir tidak dapat digabung dengan --tahun, --triwulan atau --semua.\n"),
    (("--tahun", "2025", "--triwulan", "5"), "Galat: Nilai tidak valid untuk '--triwulan': 5 di luar rentang 1<=x<=4.\n"),
    ((), "Galat: Sebutkan --tahun (atau --terakhir).\n"),
    (("--tahun", "2025", "--triwulan", "1", "--opd", "OPD-1"),
     "Galat: --opd, --dask dan --pekerja hanya berlaku dengan --semua-opd.\n"),
    (("--tahun", "2025", "--semua", "--semua-opd"),
     "Galat: --semua-opd menjalankan satu triwulan; sebutkan --triwulan N, bukan --semua.\n"),
])
def test_triwulan_needs_exactly_one_of_triwulan_or_semua(tmp_path: Path, args, message) -> None:
    """Each wrong combination is exit 2 with the sentence saying what to give, before anything runs."""
    done = _invoke("--ruang-kerja", str(tmp_path), "laporan", "triwulan", *args)
    assert done.exit_code == 2 and done.output.endswith(message), done.output
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("today", "expected"), [
    (dt.date(2025, 1, 11), (2024, 4)), (dt.date(2025, 4, 11), (2025, 1)), (dt.date(2025, 7, 1), (2025, 2)),
    (dt.date(2025, 10, 11), (2025, 3)), (dt.date(2025, 12, 31), (2025, 3)),
])
def test_last_finished_quarter(today: dt.date, expected: tuple[int, int]) -> None:
    assert last_finished_quarter(today) == expected


def _documented_commands() -> list[list[str]]:
    """The POSIX command lines of the scheduling page (plain, cron, systemd); PowerShell's is :func:`_windows_command`."""
    text = DOC.read_text(encoding="utf-8")
    commands = []
    for line in text.splitlines():
        if "laporan triwulan --" in line and not line.startswith(("#", "Description", "$")):
            words = shlex.split(line.split(">>")[0])
            start = next(i for i, w in enumerate(words) if w.endswith("kinerja") and not w.endswith(".md"))
            commands.append(words[start + 1:])
    return commands


def test_documented_schedule_uses_the_real_command() -> None:
    commands = _documented_commands()
    assert len(commands) >= 3  # plain, cron, systemd
    global_options = {opt for p in main.params for opt in p.opts}
    for args in commands:
        assert args[:2] == ["--ruang-kerja", "/srv/kinerja"]
        assert args[2:4] == ["--log", "/var/log/kinerja/laporan.log"]  # unattended runs keep a log
        assert {"--log", "--debug"} <= global_options
        group = main.get_command(None, args[4])
        command = group.get_command(None, args[5])
        options = {opt for p in command.params for opt in p.opts}
        assert set(a for a in args[6:] if a.startswith("--")) <= options
    text = DOC.read_text(encoding="utf-8")
    assert re.search(r"^0 6 11 1,4,7,10 \* ", text, re.MULTILINE)
    assert "OnCalendar=*-01,04,07,10-11 06:00:00" in text


def _windows_command() -> list[str]:
    """The arguments of the Task Scheduler recipe (``-Argument "..."`` of ``New-ScheduledTaskAction``)."""
    line = next(line for line in DOC.read_text(encoding="utf-8").splitlines()
                if line.startswith("$") and "laporan triwulan --" in line)
    return re.search(r'-Argument "([^"]+)"', line).group(1).split()


def test_documented_task_scheduler_recipe_uses_the_real_command() -> None:
    args = _windows_command()
    assert args[0] == "--ruang-kerja" and args[2] == "--log"  # unattended runs keep a log
    group = main.get_command(None, args[4])
    command = group.get_command(None, args[5])
    options = {opt for p in command.params for opt in p.opts}
    assert set(a for a in args[6:] if a.startswith("--")) <= options


@pytest.mark.notebook
def test_documented_command_exits_non_zero_when_the_report_fails(tmp_path: Path, monkeypatch) -> None:
    failing = tmp_path / "gagal.ipynb"
    nbformat.write(new_notebook(cells=[
        new_code_cell('tahun = 2025\ntriwulan = 1\nruang_kerja = ""\nunit = ""\nkonfigurasi = ""\nkeluaran = ""', metadata={"tags": ["parameters"]}),
        new_code_cell("raise RuntimeError('data rusak')"),
    ], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}), failing)
    monkeypatch.setattr(report, "notebook_path", lambda triwulan: failing)
    args = _documented_commands()[0]
    args[1] = str(tmp_path / "ruang")
    args[3] = str(tmp_path / "laporan.log")
    from kinerja.config import load_config
    from kinerja.numbers import office_today, zona_of

    year, quarter = last_finished_quarter(office_today(zona_of(load_config(SAMPLE_CONFIG))))  # what --terakhir picks
    inbox = tmp_path / "ruang" / "data" / "raw" / str(year) / f"triwulan-{quarter}"
    inbox.mkdir(parents=True)
    (tmp_path / "ruang" / "kinerja.toml").write_bytes(SAMPLE_CONFIG.read_bytes())
    (inbox / "unit.xlsx").write_bytes(b"")  # the failing fixture notebook does not read it
    result = _invoke(*args, "--tanpa-pdf")
    assert result.exit_code == 1
    assert "gagal.ipynb" in result.output and "RuntimeError" in result.output and "Traceback" not in result.output
    assert "galat (kode keluar 1)" in (tmp_path / "laporan.log").read_text(encoding="utf-8")


@pytest.mark.notebook
def test_missing_browser_still_gives_the_html_and_one_clear_message(sample_workspace, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("KINERJA_BROWSER", str(tmp_path / "tidak-ada-chromium"))
    result = _invoke("--ruang-kerja", str(tmp_path), "laporan", "triwulan", "--tahun", "2025", "--triwulan", "1")
    assert result.exit_code == 0, result.output
    from kinerja.terbitan import current

    folder = current(tmp_path / "laporan" / "2025" / "triwulan-1").folder
    assert (folder / "laporan-triwulan-1-2025.html").is_file() and str(folder / "laporan-triwulan-1-2025.html") in result.output
    assert not list(folder.glob("*.pdf"))
    assert result.output.count("PDF tidak dibuat") == 1 and "KINERJA_BROWSER" in result.output and "HTML tetap dibuat" in result.output
