"""Packaging: environment.yml (conda-forge names) in step with pyproject.toml, every subpackage
shipped, one version, and the wheel running the sample year from an empty folder."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

from kinerja.paths import PROJECT_ROOT

EXCLUDED = {"pip", "python"}
_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def normalize(requirement: str) -> str:
    """PEP 503 name of a requirement string: ``Python_Calamine>=0.2`` → ``python-calamine``."""
    match = _NAME.match(requirement)
    assert match, f"not a requirement: {requirement!r}"
    return re.sub(r"[-_.]+", "-", match.group(1)).lower()


def pyproject_data() -> dict:
    return tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def conda_map() -> dict[str, str]:
    """pip name → conda-forge name, where they differ (``[tool.kinerja.conda-forge]``)."""
    return dict(pyproject_data()["tool"]["kinerja"]["conda-forge"])


def pyproject_packages() -> set[str]:
    project = pyproject_data()["project"]
    requirements = list(project["dependencies"]) + list(project.get("optional-dependencies", {}).get("dev", []))
    return {normalize(r) for r in requirements} - EXCLUDED


def environment_packages() -> set[str]:
    """Conda dependencies of environment.yml, exactly as written (conda-forge names are not
    pip-normalised: ``jupyter_client`` and ``jupyter-client`` are different names there)."""
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
            match = _NAME.match(stripped[2:])
            assert match, stripped
            names.add(match.group(1).lower())
    return names - EXCLUDED


def conda_forge_names() -> set[str]:
    """The conda-forge names checked by hand (tests/fixtures/conda-forge.txt)."""
    text = (PROJECT_ROOT / "tests" / "fixtures" / "conda-forge.txt").read_text(encoding="utf-8")
    return {line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")}


def test_every_conda_name_is_a_known_conda_forge_package():
    unknown = environment_packages() - conda_forge_names()
    assert unknown == set(), (f"environment.yml names {sorted(unknown)}, not in tests/fixtures/conda-forge.txt: check the "
                              "name on anaconda.org/conda-forge (it may be another project there) and map it in "
                              "[tool.kinerja.conda-forge]")
    assert "playwright" not in environment_packages()  # on conda-forge, not the Python library
    assert conda_map()["playwright"] == "playwright-python"


def test_the_nbconvert_template_is_installed_where_jupyter_looks():
    data_files = pyproject_data()["tool"]["setuptools"]["data-files"]
    shipped = sorted(f"templates/kinerja/{p.name}" for p in (PROJECT_ROOT / "templates" / "kinerja").iterdir() if p.is_file())
    assert sorted(data_files["share/jupyter/nbconvert/templates/kinerja"]) == shipped


def test_the_license_the_metadata_names_is_in_the_repository():
    assert pyproject_data()["project"]["license"] == "MIT"
    assert pyproject_data()["project"]["license-files"] == ["LICENSE"]
    text = (PROJECT_ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License") and "WITHOUT WARRANTY OF ANY KIND" in text


def test_normalize():
    assert normalize("Python_Calamine>=0.2.3") == "python-calamine"
    assert normalize("pytest-xdist >=3.5") == "pytest-xdist"
    assert normalize("ruamel.yaml") == "ruamel-yaml"


def test_environment_names_the_pyproject_packages_by_their_conda_forge_names():
    mapping = conda_map()
    pip = pyproject_packages()
    assert set(mapping) <= pip, f"map names packages pyproject does not have: {sorted(set(mapping) - pip)}"
    expected = {mapping.get(name, name) for name in pip}
    conda = environment_packages()
    assert conda, "environment.yml lists no packages"
    assert conda - expected == set(), f"only in environment.yml (or a pip name where conda-forge differs): {sorted(conda - expected)}"
    assert expected - conda == set(), f"missing in environment.yml: {sorted(expected - conda)}"
    assert "jupyter_client" in conda and "jupyter-client" not in conda


def test_environment_installs_the_package_editable():
    text = (PROJECT_ROOT / "environment.yml").read_text(encoding="utf-8")
    assert "conda-forge" in text
    assert re.search(r"^\s*- pip:\s*$", text, re.MULTILINE)
    assert re.search(r"^\s*- -e \.\s*$", text, re.MULTILINE)


def test_console_script_points_at_the_cli():
    data = pyproject_data()
    assert data["project"]["scripts"]["kinerja"] == "kinerja.cli:run"
    import kinerja.cli as cli

    assert callable(cli.run)


def test_every_subpackage_is_shipped_and_the_version_has_one_home():
    data = pyproject_data()
    listed = set(data["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(PROJECT_ROOT).parts) for p in (PROJECT_ROOT / "kinerja").rglob("__init__.py")}
    assert found <= listed, f"subpackages missing from [tool.setuptools] packages: {sorted(found - listed)}"
    assert data["tool"]["setuptools"]["package-dir"] == {"kinerja.notebooks": "notebooks", "kinerja.templates": "templates"}
    assert "version" not in data["project"] and "version" in data["project"]["dynamic"]
    assert data["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "kinerja.__version__"}
    from click.testing import CliRunner

    import kinerja
    from kinerja.cli import main

    assert CliRunner().invoke(main, ["--version"]).output.strip() == f"kinerja {kinerja.__version__}"


# -- the wheel, installed as a user would ----------------------------------------------------

SOURCES = ("pyproject.toml", "README.md", "LICENSE", "kinerja", "notebooks", "templates")


def _run(args: list, *, cwd: Path, env: dict[str, str] | None = None, timeout: int = 1200) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8",
                          timeout=timeout, check=False)


def _snapshot(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_size for p in folder.rglob("*") if p.is_file()}


@pytest.mark.slow
def test_wheel_runs_the_sample_year_from_an_empty_folder(tmp_path):
    """Build the wheel, install it into a fresh venv, run everything from an empty folder.

    The fresh venv sees the dependencies already installed beside this interpreter through a
    ``.pth`` line (nothing is downloaded again), so ``pip install --no-index`` checks the
    wheel's requirements against them and installs only kinerja itself.
    """
    started = time.monotonic()
    source = tmp_path / "sumber"
    source.mkdir()
    for name in SOURCES:  # a copy, so the build leaves no build/ or egg-info in the checkout
        item = PROJECT_ROOT / name
        if item.is_dir():
            shutil.copytree(item, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints"))
        else:
            shutil.copy2(item, source / name)
    built = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", tmp_path / "dist", source], cwd=tmp_path)
    assert built.returncode == 0, built.stderr[-3000:]
    wheel = next((tmp_path / "dist").glob("kinerja-*.whl"))
    import kinerja

    assert wheel.name.startswith(f"kinerja-{kinerja.__version__}-")

    venv = tmp_path / "venv"
    made = _run([sys.executable, "-m", "venv", "--without-pip", venv], cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    paths = _run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib']); print(sysconfig.get_paths()['scripts'])"],
                 cwd=tmp_path).stdout.split("\n")
    purelib, scripts = Path(paths[0].strip()), Path(paths[1].strip())
    import sysconfig

    (purelib / "_kinerja_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    installed = _run([sys.executable, "-m", "pip", "--python", python, "install", "--no-index", "--force-reinstall", "--no-deps",
                      "-q", wheel], cwd=tmp_path)
    assert installed.returncode == 0, installed.stderr[-3000:]
    check = _run([sys.executable, "-m", "pip", "--python", python, "check"], cwd=tmp_path)
    assert check.returncode == 0, check.stdout + check.stderr  # the wheel's requirements are all met
    package = purelib / "kinerja"
    assert (package / "notebooks" / "triwulan.ipynb").is_file() and (package / "templates" / "kinerja" / "index.html.j2").is_file()
    before = _snapshot(package)

    empty = tmp_path / "kosong"
    empty.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "KINERJA_WORKSPACE", "VIRTUAL_ENV")}
    env["PATH"] = str(scripts) + os.pathsep + env.get("PATH", "")
    # nbconvert's base templates are data files of the dependencies' installation (share/jupyter),
    # which the .pth line does not bring along; a full `pip install` puts them into the venv.
    env["JUPYTER_PATH"] = str(Path(sys.prefix) / "share" / "jupyter")
    kinerja_exe = scripts / ("kinerja.exe" if os.name == "nt" else "kinerja")
    where = _run([python, "-c", "import kinerja.paths as p; print(p.NOTEBOOKS_DIR)"], cwd=empty, env=env)
    assert Path(where.stdout.strip()) == package / "notebooks", where.stdout + where.stderr

    nothing = _run([kinerja_exe, "status"], cwd=empty, env=env)
    assert nothing.returncode == 1 and "kinerja init" in nothing.stderr and "Traceback" not in nothing.stderr

    office = _run([kinerja_exe, "init", "kantor"], cwd=empty, env=env)
    assert office.returncode == 0, office.stderr
    for name in ("triwulan.ipynb", "tahunan.ipynb", "jelajah.ipynb"):  # the notebooks, out of site-packages
        assert (empty / "kantor" / "notebooks" / name).read_bytes() == (package / "notebooks" / name).read_bytes()
    assert "kinerja konfigurasi" in (empty / "kantor" / "README.md").read_text(encoding="utf-8")
    unfilled = _run([kinerja_exe, "--ruang-kerja", "kantor", "laporan", "triwulan", "--tahun", "2025", "--triwulan", "1"], cwd=empty, env=env)
    assert unfilled.returncode == 1 and "'kepala.nama' belum diisi" in unfilled.stderr and "Traceback" not in unfilled.stderr

    sample = _run([kinerja_exe, "init", "--contoh", "contoh"], cwd=empty, env=env)
    assert sample.returncode == 0, sample.stderr
    year = _run([kinerja_exe, "--ruang-kerja", "contoh", "laporan", "triwulan", "--tahun", "2025", "--semua"], cwd=empty, env=env)
    assert year.returncode == 0, year.stdout[-2000:] + year.stderr[-3000:]
    reports = empty / "contoh" / "laporan" / "2025"
    pdfs = sorted(reports.rglob("*.pdf"))
    # laporan/2025/<triwulan-N|tahunan>/versi-K/*.pdf (published sets)
    assert {p.relative_to(reports).parts[0] for p in pdfs} >= {"triwulan-1", "triwulan-2", "triwulan-3", "triwulan-4", "tahunan"}, pdfs
    from pypdf import PdfReader

    for pdf in pdfs:
        pages = PdfReader(pdf).pages
        assert all("CONTOH" in page.extract_text() for page in pages), f"{pdf.name}: a page without the CONTOH watermark"

    # the report template through nbconvert itself, found by Jupyter in the venv's share/jupyter
    executed = next((empty / "contoh" / "laporan" / "2025" / "triwulan-1").rglob("*.ipynb"))
    converted = _run([python, "-m", "nbconvert", "--to", "html", "--template", "kinerja", "--output-dir", tmp_path / "nbconvert",
                      executed], cwd=empty, env=env)
    assert converted.returncode == 0, converted.stderr[-3000:]
    page = next((tmp_path / "nbconvert").glob("*.html")).read_text(encoding="utf-8")
    assert "tanda-air" in page and "Laporan" in page

    # A second office: its own config (sample unit codes, its own people), no sample fallback.
    from test_config import OFFICE

    own = OFFICE.replace('kode = "IRBAN-1"\nnama = "Irban I"', 'kode = "IRBAN-1"\nnama = "Inspektur Pembantu Wilayah I"')
    (empty / "kantor" / "kinerja.toml").write_text(own, encoding="utf-8")
    shutil.copytree(empty / "contoh" / "data" / "raw" / "2025" / "triwulan-1", empty / "kantor" / "data" / "raw" / "2025" / "triwulan-1")
    quarter = _run([kinerja_exe, "--ruang-kerja", "kantor", "laporan", "triwulan", "--tahun", "2025", "--triwulan", "1", "--tanpa-pdf"],
                   cwd=empty, env=env)
    assert quarter.returncode == 0, quarter.stdout[-2000:] + quarter.stderr[-3000:]
    html = next((empty / "kantor" / "laporan" / "2025" / "triwulan-1").rglob("*.html")).read_text(encoding="utf-8")
    assert "Ir. Maria Ulfa, M.M." in html and "Andi Pratama" not in html
    # its own office: a DRAF until approved, never the sample's CONTOH
    assert re.search(r'<div [^>]*class="tanda-air"[^>]*>DRAF</div>', html) and "CONTOH ·" not in html

    assert _snapshot(package) == before, "something was written into the install location"
    assert not any(empty.glob("*.toml")) and sorted(p.name for p in empty.iterdir()) == ["contoh", "kantor"]
    print(f"wheel test: {time.monotonic() - started:.0f} s")


_WINDOWS_BAD = re.compile(r'[<>:"|?*\x00-\x1f\\]')
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}


def _windows_problem(part: str) -> str | None:
    if _WINDOWS_BAD.search(part):
        return "forbidden character"
    if part.endswith((".", " ")):
        return "trailing dot or space"
    if part.split(".")[0].lower() in _RESERVED:
        return "reserved device name"
    return None


def test_file_names_are_safe_on_windows():
    tracked = subprocess.run(["git", "ls-files"], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True).stdout.splitlines()
    from kinerja.lembar.sample import file_name, sample_units

    written = [f"data/raw/2025/triwulan-1/{file_name(unit)}" for unit in sample_units()]
    written += ["laporan/2025/triwulan-1/laporan-triwulan-1-2025.pdf", "laporan/2025/tahunan/laporan-tahunan-2025.pdf"]
    problems = [(path, part, _windows_problem(part)) for path in tracked + written for part in path.split("/") if _windows_problem(part)]
    assert problems == []
    folded = {}
    for path in tracked:
        assert folded.setdefault(path.lower(), path) == path, f"{path} and {folded[path.lower()]} differ only by case"


def test_the_two_commands_are_one_script_on_every_platform():
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    assert "py bootstrap.py demo" in readme and "py bootstrap.py test" in readme
    makefile = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("demo", "test"):
        recipe = makefile.split(f"\n{target}:", 1)[1].split("\n\n", 1)[0]
        assert f"bootstrap.py {target}" in recipe.replace("$(BOOTSTRAP)", "bootstrap.py")
    script = (PROJECT_ROOT / "bootstrap.py").read_text(encoding="utf-8")
    assert '"Scripts" if os.name == "nt"' in script and "kinerja.exe" in script
    assert "bash" not in script.split("def setup", 1)[1].split("elif os.name", 1)[0].split("if sys.platform.startswith(\"linux\")", 1)[0]
