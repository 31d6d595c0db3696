"""Who is acting: the authenticated user, mapped to a person of the config.

Two sources only. Inside JupyterHub, the hub-authenticated user: the user's server holds an
API token (``JUPYTERHUB_API_TOKEN``) and the hub answers ``GET {JUPYTERHUB_API_URL}/user`` with
the name that token belongs to; a ``JUPYTERHUB_USER`` variable alone proves nothing (anyone
can set it) and is ignored. Otherwise the operating-system account of the process, read from
the OS (``pwd``/``getuid`` on POSIX, ``GetUserNameW`` on Windows), never from ``LOGNAME``,
``USER`` or ``USERNAME``, which are free to set. There is deliberately no override variable.

The name only chooses whose key is used: every event is signed (:mod:`kinerja.alur.kunci`),
and the signature is what the audit trusts.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping

from kinerja.config import Config, Pegawai
from kinerja.domain.peran import ROLE_LABELS
from kinerja.errors import WorkflowError


class UnknownUser(WorkflowError):
    """The acting user is not a person of the config."""

    reason = "pengguna_tidak_dikenal"


HUB_TIMEOUT = 5.0
"""Seconds to wait for the hub's answer."""


def os_username() -> str:
    """The operating-system account running this process, from the OS itself ('' if unknown)."""
    if sys.platform == "win32":  # tests/test_windows.py simulates it
        import ctypes  # noqa: PLC0415 -- Windows only

        size = ctypes.c_ulong(257)
        buffer = ctypes.create_unicode_buffer(257)
        if ctypes.windll.advapi32.GetUserNameW(buffer, ctypes.byref(size)):
            return buffer.value
        return ""
    import pwd  # noqa: PLC0415 -- POSIX only: Windows has no pwd

    try:
        return pwd.getpwuid(os.getuid()).pw_name
    except KeyError:  # pragma: no cover - a uid without a passwd entry
        return ""


def hub_username(environ: Mapping[str, str] | None = None) -> str:
    """The user the JupyterHub API token belongs to, asked from the hub ('' outside a hub)."""
    env = os.environ if environ is None else environ
    url, token = env.get("JUPYTERHUB_API_URL", "").strip(), env.get("JUPYTERHUB_API_TOKEN", "").strip()
    if not (url and token):
        return ""
    import urllib.request  # noqa: PLC0415 -- only when a hub is asked: urllib.request + email, ssl kept off `kinerja status`

    request = urllib.request.Request(url.rstrip("/") + "/user", headers={"Authorization": f"token {token}"})
    try:
        with urllib.request.urlopen(request, timeout=HUB_TIMEOUT) as response:  # noqa: S310 - the hub's own URL
            answer = json.loads(response.read().decode("utf-8"))
    except (OSError, ValueError):
        return ""
    name = answer.get("name") if isinstance(answer, dict) else None
    return name.strip() if isinstance(name, str) else ""


def current_username(environ: Mapping[str, str] | None = None) -> str:
    """The authenticated user name: the hub's answer for this server's token, else the OS account."""
    return hub_username(environ) or os_username()


def describe_people(config: Config, role: str | None = None) -> str:
    """``nama (username)`` of everyone, or of everyone with ``role``, for messages.

    >>> from kinerja.config import load_config
    >>> describe_people(load_config(), "sekretaris")
    'Hj. Siti Rahmawati, S.H., M.H. (siti)'
    """
    people = config.pegawai if role is None else config.people_with_role(role)
    return ", ".join(f"{p.nama} ({p.username})" for p in people) or "(tidak ada)"


def resolve_person(config: Config, username: str | None = None) -> Pegawai:
    """The config person of ``username`` (default: :func:`current_username`).

    Raises:
        UnknownUser: the user is not in ``[[pegawai]]``; the message lists who may act.
    """
    name = current_username() if username is None else username
    person = config.person(name) if name else None
    if person is None:
        roles = "; ".join(f"{ROLE_LABELS[r]}: {describe_people(config, r)}" for r in ROLE_LABELS)
        raise UnknownUser(
            f"Pengguna '{name or '(tidak diketahui)'}' tidak terdaftar sebagai pegawai di {config.source}. "
            f"Yang dapat bertindak pada alur: {roles}."
        )
    return person


def session_description(config: Config, environ: Mapping[str, str] | None = None) -> str:
    """One Indonesian sentence saying who acts in this session and how that was decided.

    Under JupyterHub: ``Masuk melalui JupyterHub sebagai siti: Hj. Siti Rahmawati, S.H., M.H.
    (Sekretaris).`` (the hub vouched for the name); otherwise the OS account is named.
    """
    env = os.environ if environ is None else environ
    hub_name = hub_username(env)
    name = hub_name or os_username()
    person = config.person(name) if name else None
    who = f"{person.nama} ({', '.join(ROLE_LABELS[r] for r in person.peran)})" if person else ""
    if hub_name:
        base = f"Masuk melalui JupyterHub sebagai {name}"
    else:
        base = (f"Aplikasi berjalan sebagai pengguna sistem operasi '{name}' tanpa login; setiap aksi "
                f"dicatat atas nama {name}")
    if person is None:
        return (f"{base}. Pengguna ini tidak terdaftar sebagai pegawai di {config.source}: status dan laporan "
                "dapat dilihat, tetapi tidak ada aksi yang dapat diambil.")
    return f"{base}: {who}."
