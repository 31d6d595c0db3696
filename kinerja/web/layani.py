"""``kinerja layani``: the panel of ``notebooks/alur.ipynb`` as a Voila web app, no code visible.

Voila runs the notebook in a kernel of this process's user and shows only its widgets. The
kernel inherits ``KINERJA_WORKSPACE`` (set here) and, under JupyterHub, ``JUPYTERHUB_USER``;
who acts is decided by :mod:`kinerja.alur.identity` alone. Standalone, the app is for one person
on their own computer: it listens on the loopback address only (another address is refused) and
needs the random token printed at start, exchanged at the first request for a session cookie
with an expiry, the token then removed from the address (:mod:`kinerja.web.identitas`), so other
users of the same machine cannot act in this user's name. Voila serves its own scripts: no
internet is needed.

A server that runs for months keeps one kernel per open page, no more: Voila's page shuts its
kernel down when it is closed or reloaded with a POST that carries the ``_xsrf`` cookie's value,
but Voila's page never sets that cookie, so every such POST was refused (403, voila-dashboards/
voila#1458) and each page view left a kernel running. :func:`set_xsrf_cookie` (a prelaunch hook)
sets it. Kernels whose page is gone anyway (a killed browser, a lost network) are culled after
:data:`CULL_IDLE_SECONDS` without a connection (:func:`voila_config`).

"Susun laporan" runs on warm parts the server keeps for the app's whole life (one kernel and one
browser, :mod:`kinerja.web.susun`), started with the server and stopped when it stops.
"""

from __future__ import annotations

import ipaddress
import os
import sys
from pathlib import Path

from kinerja.errors import UsageError
from kinerja.paths import NOTEBOOKS_DIR, Workspace
from kinerja.web.sesi import SESI_JAM, sesi_config

APP_NOTEBOOK = NOTEBOOKS_DIR / "alur.ipynb"
JUPYTER_DATA = Path(__file__).with_name("jupyter")
"""Our Voila template ``kinerja`` lives here (added to ``JUPYTER_PATH``)."""
DEFAULT_ADDRESS = "127.0.0.1"
DEFAULT_PORT = 8866
CULL_IDLE_SECONDS = 600
"""A kernel with no page connected and idle this long is shut down (an open page is never culled)."""
CULL_INTERVAL_SECONDS = 60


def set_xsrf_cookie(req_handler, notebook, cwd):  # noqa: ARG001 - Voila's prelaunch hook signature
    """Voila's prelaunch hook: read the request's XSRF token, which makes tornado set the ``_xsrf``
    cookie before the page streams, so the page's shutdown POST on unload is accepted and its
    kernel stops (Voila's own page never sets it: voila-dashboards/voila#1458)."""
    req_handler.xsrf_token  # noqa: B018 - reading the property sets the cookie
    return notebook


def voila_config(sesi_jam: float = SESI_JAM):
    """The traitlets config of the app's Voila: the prelaunch hook, idle-kernel culling, and the
    token exchanged for a session of ``sesi_jam`` hours (:class:`kinerja.web.identitas.IdentitasSesi`)."""
    from traitlets.config import Config  # noqa: PLC0415 -- traitlets.config + logging, socket (~23 ms) kept off `kinerja --help`

    from kinerja.web.identitas import IdentitasSesi  # noqa: PLC0415 -- kinerja.web.identitas + rfc3987_syntax, soupsieve, jupyter_server (~2886 ms) kept off `kinerja --help`

    config = Config()
    config.Voila.identity_provider_class = IdentitasSesi
    for name, value in sesi_config(sesi_jam).items():
        setattr(config.IdentitasSesi, name, value)
    config.VoilaConfiguration.prelaunch_hook = set_xsrf_cookie
    config.MappingKernelManager.cull_idle_timeout = CULL_IDLE_SECONDS
    config.MappingKernelManager.cull_interval = CULL_INTERVAL_SECONDS
    config.MappingKernelManager.cull_connected = False  # a kernel whose page is open stays
    config.MappingKernelManager.cull_busy = False
    return config


def is_local(alamat: str) -> bool:
    """True for a loopback address (or ``localhost``).

    >>> is_local("127.0.0.1"), is_local("localhost"), is_local("0.0.0.0")
    (True, True, False)
    """
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
    """The address people open (the token is needed once; the browser keeps a session cookie and
    the address loses the token)."""
    host = f"[{alamat}]" if ":" in alamat else alamat
    return f"http://{host}:{port}/?token={token}"


def serve(workspace: Workspace, alamat: str = DEFAULT_ADDRESS, port: int = DEFAULT_PORT, token: str | None = None,
          echo=print, *, sesi_jam: float = SESI_JAM, hangat: bool = True) -> None:
    """Run the app until interrupted (``sesi_jam``: how long a browser's session lasts; ``hangat``:
    keep a warm kernel and browser for "Susun laporan", else each report starts its own)."""
    if not APP_NOTEBOOK.is_file():
        raise UsageError(f"Notebook aplikasi {APP_NOTEBOOK} tidak ditemukan; pasang ulang kinerja.")
    if not 0 < port < 65536:
        raise UsageError(f"Port {port} tidak valid; pilih 1-65535.")
    if not is_local(alamat):
        raise UsageError(
            f"Alamat {alamat} dapat dijangkau dari komputer lain. Tanpa JupyterHub aplikasi ini hanya untuk satu orang di "
            "komputernya sendiri (127.0.0.1): siapa pun yang memegang tautannya bertindak atas nama Anda. Untuk kantor, "
            "pasang JupyterHub (docs/layani.md, 'Penerapan di kantor').")
    import secrets  # noqa: PLC0415 -- secrets (~2 ms) kept off `kinerja layani` start

    token = token or secrets.token_urlsafe(24)
    os.environ["KINERJA_WORKSPACE"] = str(workspace.root)
    os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(JUPYTER_DATA), os.environ.get("JUPYTER_PATH")]))
    echo(f"Aplikasi kinerja untuk ruang kerja {workspace.root}")
    echo(f"Buka: {url_of(alamat, port, token)}")
    echo(f"Tautan ini hanya untuk Anda: dibuka sekali, peramban lalu memegang sesi selama {_jam(sesi_jam)}.")
    echo("Hentikan dengan Ctrl+C.")
    sys.stdout.flush()
    from voila.app import Voila  # noqa: PLC0415 -- voila.app + rfc3987_syntax, soupsieve, jupyter_server (~2868 ms) kept off `kinerja --help`

    from kinerja.web.susun import mulai  # noqa: PLC0415 -- kinerja.web.susun + logging (~49 ms) kept off `kinerja --help`

    layanan = mulai(workspace) if hangat else None  # "Susun laporan" on a warm kernel and browser, started now
    try:
        Voila.launch_instance(argv=voila_argv(alamat, port, token), config=voila_config(sesi_jam))
    finally:
        if layanan is not None:
            layanan.close()  # Voila returns on Ctrl+C and SIGTERM: no kernel or browser left behind


def _jam(jam: float) -> str:
    """``12 jam``, ``36 detik``.

    >>> _jam(12), _jam(0.5), _jam(0.01)
    ('12 jam', '30 menit', '36 detik')
    """
    if jam >= 1:
        return f"{jam:g} jam"
    if jam * 60 >= 1:
        return f"{jam * 60:g} menit"
    return f"{round(jam * 3600)} detik"
