"""Shared fixtures. Feature-specific helpers live in the feature's own test module.

The sample year (16 workbooks) is written once per test session (:func:`sample_raw`); a test
that changes files works on its own copy (:func:`sample_workspace`, or ``shutil.copytree``).
Tests marked ``notebook`` or ``browser`` are also marked ``slow``: the fast lane is
``pytest -m "not slow"``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kinerja.config import Config, load_config
from kinerja.laporan.render.export import skip_iri_format
from kinerja.paths import SAMPLE_CONFIG, Workspace

skip_iri_format()  # before any test module imports nbformat: as in kinerja itself (about a second per process)

SAMPLE_TAHUN = 2025


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if item.get_closest_marker("notebook") or item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def config() -> Config:
    """The embedded default config (the fictional sample office)."""
    return load_config()


SAMPLE_PEOPLE = ("siti", "budi", "rina", "ahmad", "yusuf", "dewi", "rizal", "ani")


@pytest.fixture(scope="session", autouse=True)
def sample_keys_home(tmp_path_factory):
    """Every sample person's key in a throw-away 'home' key folder (XDG_CONFIG_HOME), for the whole run.

    The keys are the sample office's well-known sample keys (kinerja.alur.kunci.sample_key);
    subprocesses started by tests inherit the variable.
    """
    import os

    from kinerja.alur.kunci import write_sample_keys

    home = tmp_path_factory.mktemp("rumah")
    write_sample_keys(home / "kinerja" / "kunci", SAMPLE_PEOPLE)
    # explorations write to the user's cache folder (kinerja.paths.user_cache_dir): the run's own
    # and the heads of every history to the user's own anchor folder (kinerja.alur.jangkar): the run's own
    before = {name: os.environ.get(name) for name in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME")}
    os.environ["XDG_CONFIG_HOME"] = str(home)
    os.environ["XDG_CACHE_HOME"] = str(home / "cache")
    os.environ["XDG_DATA_HOME"] = str(home / "data")
    yield home
    for name, value in before.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture(scope="session")
def hub():
    """A small stand-in for JupyterHub's REST API: ``GET /hub/api/user`` names the token's owner.

    ``hub(user)`` is the environment a user's server gets (API URL + that user's token); a
    token the hub does not know gets 403, as from the real hub.
    """
    import json
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server API
            token = self.headers.get("Authorization", "").removeprefix("token ").strip()
            user = token.removeprefix("rahasia-") if token.startswith("rahasia-") else ""
            if self.path.rstrip("/") != "/hub/api/user" or not user:
                self.send_response(403)
                self.end_headers()
                return
            body = json.dumps({"name": user, "kind": "user"}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):  # quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/hub/api"

    def env_for(user: str | None) -> dict[str, str]:
        if not user:
            return {"JUPYTERHUB_API_URL": "", "JUPYTERHUB_API_TOKEN": "", "JUPYTERHUB_USER": ""}
        return {"JUPYTERHUB_API_URL": url, "JUPYTERHUB_API_TOKEN": f"rahasia-{user}", "JUPYTERHUB_USER": user}

    yield env_for
    server.shutdown()


@pytest.fixture(scope="session")
def sample_year(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    """The sample year written once: (the ``data/raw`` folder, the workbooks in writing order).

    Shared by every test of the session: read it, never change it (copy it first).
    """
    from kinerja.lembar.sample import write_sample_year

    raw = tmp_path_factory.mktemp("sampel") / "raw"
    return raw, write_sample_year(raw, SAMPLE_TAHUN)


@pytest.fixture(scope="session")
def sample_raw(sample_year: tuple[Path, list[Path]]) -> Path:
    """The shared sample year's ``data/raw`` folder (``2025/triwulan-<n>/*.xlsx``); read only."""
    return sample_year[0]


@pytest.fixture
def sample_workspace(sample_raw: Path, tmp_path: Path) -> Workspace:
    """A fresh workspace in ``tmp_path`` holding its own copy of the sample year."""
    workspace = Workspace(tmp_path)
    shutil.copytree(sample_raw, workspace.raw)
    workspace.config_file.write_bytes(SAMPLE_CONFIG.read_bytes())
    return workspace
