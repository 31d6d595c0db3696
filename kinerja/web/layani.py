"""``kinerja layani``: the panel of ``notebooks/alur.ipynb`` as a Voila web app, no code visible.

Voila runs the notebook in a kernel of this process's user and shows only its widgets. The
kernel inherits ``KINERJA_WORKSPACE`` (set here) and, under JupyterHub, ``JUPYTERHUB_USER``;
who acts is decided by :mod:`kinerja.alur.identity` alone. Standalone, the app listens on
``127.0.0.1`` and needs the random token printed at start, so other users of the same machine
cannot act in this user's name. Voila serves its own scripts: no internet is needed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from kinerja.errors import UsageError
from kinerja.paths import NOTEBOOKS_DIR, Workspace

APP_NOTEBOOK = NOTEBOOKS_DIR / "alur.ipynb"
JUPYTER_DATA = Path(__file__).with_name("jupyter")
"""Our Voila template ``kinerja`` lives here (added to ``JUPYTER_PATH``)."""
DEFAULT_ADDRESS = "127.0.0.1"
DEFAULT_PORT = 8866


def is_local(alamat: str) -> bool:
    """True for a loopback address (or ``localhost``).

    >>> is_local("127.0.0.1"), is_local("localhost"), is_local("0.0.0.0")
    (True, True, False)
    """
    import ipaddress

    if alamat == "localhost":
        return True
    try:
        return ipaddress.ip_address(alamat).is_loopback
    except ValueError:
        return False


def voila_argv(alamat: str, port: int, token: str) -> list[str]:
    """Voila's command line for the app."""
    return [
        str(APP_NOTEBOOK), "--no-browser", f"--port={port}", f"--Voila.ip={alamat}", "--Voila.port_retries=0",
        f"--token={token}", "--theme=light", "--template=kinerja", "--VoilaConfiguration.show_tracebacks=False",
    ]


def url_of(alamat: str, port: int, token: str) -> str:
    """The address people open (the token is needed once; the browser keeps a cookie)."""
    host = f"[{alamat}]" if ":" in alamat else alamat
    return f"http://{host}:{port}/?token={token}"


def serve(workspace: Workspace, alamat: str = DEFAULT_ADDRESS, port: int = DEFAULT_PORT, token: str | None = None,
          echo=print) -> None:
    """Run the app until interrupted."""
    import os

    if not APP_NOTEBOOK.is_file():
        raise UsageError(f"Notebook aplikasi {APP_NOTEBOOK} tidak ditemukan; pasang ulang kinerja.")
    if not 0 < port < 65536:
        raise UsageError(f"Port {port} tidak valid; pilih 1-65535.")
    import secrets

    token = token or secrets.token_urlsafe(24)
    os.environ["KINERJA_WORKSPACE"] = str(workspace.root)
    os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(JUPYTER_DATA), os.environ.get("JUPYTER_PATH")]))
    echo(f"Aplikasi kinerja untuk ruang kerja {workspace.root}")
    echo(f"Buka: {url_of(alamat, port, token)}")
    if not is_local(alamat):
        echo(f"Perhatian: alamat {alamat} dapat dijangkau dari komputer lain; siapa pun yang memegang token "
             "bertindak atas nama pengguna yang menjalankan aplikasi ini.")
    echo("Hentikan dengan Ctrl+C.")
    sys.stdout.flush()
    from voila.app import Voila

    Voila.launch_instance(argv=voila_argv(alamat, port, token))
