"""Who is acting: the authenticated user, mapped to a person of the config.

Inside JupyterHub the hub sets ``JUPYTERHUB_USER`` for the user's server and kernel; that is
the authenticated identity. Outside a hub the operating-system user (:func:`getpass.getuser`)
is used. There is deliberately no free override variable: it would let anyone act as anyone.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Mapping

from kinerja.config import Config, Pegawai
from kinerja.errors import WorkflowError
from kinerja.peran import ROLE_LABELS

HUB_VARIABLE = "JUPYTERHUB_USER"


class UnknownUser(WorkflowError):
    """The acting user is not a person of the config."""

    reason = "pengguna_tidak_dikenal"


def current_username(environ: Mapping[str, str] | None = None) -> str:
    """The authenticated user name: ``JUPYTERHUB_USER``, else the OS user."""
    env = os.environ if environ is None else environ
    hub_user = env.get(HUB_VARIABLE, "").strip()
    if hub_user:
        return hub_user
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # pragma: no cover - no passwd entry
        return ""


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

    >>> from kinerja.config import load_config
    >>> session_description(load_config(), {"JUPYTERHUB_USER": "siti"})
    'Masuk melalui JupyterHub sebagai siti: Hj. Siti Rahmawati, S.H., M.H. (Sekretaris).'
    """
    env = os.environ if environ is None else environ
    name = current_username(env)
    person = config.person(name) if name else None
    who = f"{person.nama} ({', '.join(ROLE_LABELS[r] for r in person.peran)})" if person else ""
    if env.get(HUB_VARIABLE, "").strip():
        base = f"Masuk melalui JupyterHub sebagai {name}"
    else:
        base = (f"Aplikasi berjalan sebagai pengguna sistem operasi '{name}' tanpa login; setiap aksi "
                f"dicatat atas nama {name}")
    if person is None:
        return (f"{base}. Pengguna ini tidak terdaftar sebagai pegawai di {config.source}: status dan laporan "
                "dapat dilihat, tetapi tidak ada aksi yang dapat diambil.")
    return f"{base}: {who}."
