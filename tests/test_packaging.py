"""environment.yml (conda) and pyproject.toml (pip) must name the same packages."""

from __future__ import annotations

import re
import tomllib

from kinerja.paths import PROJECT_ROOT

EXCLUDED = {"pip", "python"}
_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def normalize(requirement: str) -> str:
    """PEP 503 name of a requirement string: ``Python_Calamine>=0.2`` → ``python-calamine``."""
    match = _NAME.match(requirement)
    assert match, f"not a requirement: {requirement!r}"
    return re.sub(r"[-_.]+", "-", match.group(1)).lower()


def pyproject_packages() -> set[str]:
    data = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    project = data["project"]
    requirements = list(project["dependencies"]) + list(project.get("optional-dependencies", {}).get("dev", []))
    return {normalize(r) for r in requirements} - EXCLUDED


def environment_packages() -> set[str]:
    """Conda dependencies of environment.yml (the ``pip:`` sub-list is the editable install)."""
    names: set[str] = set()
    in_dependencies = False
    for line in (PROJECT_ROOT / "environment.yml").read_text(encoding="utf-8").splitlines():
        text = line.split("#", 1)[0].rstrip()
        if not text.strip():
            continue
        if not line.startswith((" ", "-")):
            in_dependencies = text.strip() == "dependencies:"
            continue
        stripped = text.strip()
        if in_dependencies and line.startswith("  - ") and not stripped.endswith(":"):
            names.add(normalize(stripped[2:]))
    return names - EXCLUDED


def test_normalize():
    assert normalize("Python_Calamine>=0.2.3") == "python-calamine"
    assert normalize("pytest-xdist >=3.5") == "pytest-xdist"
    assert normalize("ruamel.yaml") == "ruamel-yaml"


def test_environment_and_pyproject_name_the_same_packages():
    conda, pip = environment_packages(), pyproject_packages()
    assert conda, "environment.yml lists no packages"
    assert conda - pip == set(), f"only in environment.yml: {sorted(conda - pip)}"
    assert pip - conda == set(), f"only in pyproject.toml: {sorted(pip - conda)}"


def test_environment_installs_the_package_editable():
    text = (PROJECT_ROOT / "environment.yml").read_text(encoding="utf-8")
    assert "conda-forge" in text
    assert re.search(r"^\s*- pip:\s*$", text, re.MULTILINE)
    assert re.search(r"^\s*- -e \.\s*$", text, re.MULTILINE)


def test_console_script_points_at_the_cli():
    data = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert data["project"]["scripts"]["kinerja"] == "kinerja.cli:run"
    import kinerja.cli as cli

    assert callable(cli.run)
