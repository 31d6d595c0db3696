"""How long a browser's session of ``kinerja layani`` lasts: one home for the default and for the
cookie settings that follow from it (no Jupyter import, so the CLI can show the default cheaply)."""

from __future__ import annotations

SESI_JAM = 12
"""How long a browser's session lasts (hours) before the page asks for the link again."""


def sesi_config(jam: float) -> dict:
    """The session cookie's settings for a session of ``jam`` hours: the browser drops it then
    (``expires_days``) and the server refuses its signature after it (``max_age_days``).

    >>> sesi_config(12)["get_secure_cookie_kwargs"]
    {'max_age_days': 0.5}
    """
    return {"cookie_options": {"expires_days": jam / 24}, "get_secure_cookie_kwargs": {"max_age_days": jam / 24}}
