"""The top-level layout users expect from a clean checkout."""

from __future__ import annotations

import subprocess

from kinerja.paths import PROJECT_ROOT


def test_layout_is_tracked_by_git():
    tracked = subprocess.run(["git", "ls-files"], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True).stdout.split()
    for folder in ("notebooks/", "kinerja/", "templates/", "data/raw/", "data/archive/", "tests/"):
        assert any(path.startswith(folder) for path in tracked), f"{folder} is empty in git"
    for name in ("README.md", "environment.yml", "pyproject.toml", ".ci/run", "docs/arsitektur.md"):
        assert name in tracked, name


def test_readme_starts_with_the_two_commands_ci_runs():
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    first_block = readme.split("```")[1]
    assert "make demo" in first_block and "make test" in first_block
    assert "make test" in (PROJECT_ROOT / ".ci" / "run").read_text(encoding="utf-8")
