"""Who may open ``kinerja layani`` without a JupyterHub: the holder of the token printed at start,
for one session in one browser.

Standalone, the app is for one person on their own computer (:func:`kinerja.web.layani.serve`
listens on the loopback address only). The link printed at start carries a random token; the
first request that brings it is answered with a session cookie (signed, :data:`kinerja.web.sesi.SESI_JAM` hours,
also checked by the server) and a redirect to the same address without the token, so the token
never stays in the address bar, the history or a bookmark. A request without a valid session
(an old bookmark after a restart: new token and new cookie key; an expired session) lands on
:class:`HalamanMasuk`, a page in Indonesian that says what to do, instead of Jupyter's English
login page; the token can be pasted there.
"""

from __future__ import annotations

import html
from urllib.parse import parse_qsl, quote, urlencode

from jupyter_server.auth.identity import PasswordIdentityProvider
from tornado import web
from traitlets import default
from voila.handler import VoilaHandler
from voila.voila_identity_provider import VoilaLoginHandler

from kinerja.web.sesi import SESI_JAM, sesi_config

TOKEN = "token"


def tanpa_token(uri: str) -> str:
    """``uri`` without its ``token`` query parameter (the others kept, in order).

    >>> tanpa_token("/?token=x&tahun=2025&triwulan=1"), tanpa_token("/?token=x"), tanpa_token("/a")
    ('/?tahun=2025&triwulan=1', '/', '/a')
    """
    path, _, query = uri.partition("?")
    kept = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k != TOKEN]
    return path + (f"?{urlencode(kept)}" if kept else "")


def _halaman(judul: str, isi: str) -> str:
    return (f'<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>{html.escape(judul)} · Alur Data Kinerja'
            '</title><meta name="viewport" content="width=device-width, initial-scale=1"><style>'
            "body{font:15px/1.5 sans-serif;color:#101828;background:#f2f4f7;margin:0}"
            "main{max-width:40em;margin:4em auto;background:white;border:1px solid #d0d5dd;border-radius:8px;padding:1.5em 2em}"
            "h1{font-size:1.3em;margin-top:0}.galat{color:#b42318;font-weight:600}"
            "input[type=password]{width:100%;padding:.4em;font:inherit;box-sizing:border-box}"
            "button{margin-top:.8em;padding:.4em 1.2em;font:inherit;cursor:pointer}"
            f"</style></head><body><main>{isi}</main></body></html>")


class HalamanMasuk(VoilaLoginHandler):
    """The page shown without a valid session (Jupyter's ``/login``), in Indonesian."""

    def _render(self, message=None):  # noqa: ANN001 - LoginFormHandler's signature
        salah = bool(message and message.get("error"))
        if salah:
            self.set_status(401)
        berikut = tanpa_token(self.get_argument("next", default=self.base_url))
        if not berikut.startswith("/") or berikut.startswith("//"):
            berikut = self.base_url
        aksi = f"{self.base_url}login?next={quote(berikut, safe='')}"
        pesan = ('<p class="galat" role="alert">Token itu tidak cocok dengan aplikasi yang berjalan sekarang. Salin lagi '
                 "alamat atau tokennya dari jendela aplikasi.</p>") if salah else ""
        self.write(_halaman("Masuk", (
            "<h1>Sesi Anda sudah berakhir</h1>"
            f"{pesan}"
            "<p>Alamat ini tidak lagi membuka aplikasi: sesi di peramban ini sudah habis waktunya, atau aplikasi sudah "
            "dijalankan ulang sejak alamat ini disimpan (setiap kali dijalankan, aplikasi membuat token baru).</p>"
            "<p><b>Yang perlu dilakukan:</b> buka lagi alamat lengkap yang tercetak di jendela tempat aplikasi kinerja "
            "dijalankan (baris <i>Buka: http://127.0.0.1:…/?token=…</i>), atau tempel tokennya di sini. Bila jendela itu "
            "sudah ditutup, jalankan aplikasinya lagi atau mintalah kepada orang yang menjalankannya.</p>"
            f'<form method="post" action="{html.escape(aksi)}">'
            f"{self.xsrf_form_html()}"
            '<label for="kinerja-token">Token akses</label>'
            '<input type="password" id="kinerja-token" name="password" autocomplete="off" autofocus>'
            '<button type="submit">Masuk</button></form>')))

    def _redirect_safe(self, url, default=None):  # noqa: ANN001 - LoginFormHandler's signature
        super()._redirect_safe(tanpa_token(url), default)


class IdentitasSesi(PasswordIdentityProvider):
    """The token once, then a session cookie; the page without a session is :class:`HalamanMasuk`."""

    def __init__(self, **kwargs) -> None:  # noqa: ANN003 - traitlets' keyword arguments
        kwargs["login_handler_class"] = HalamanMasuk  # Voila passes its own English one
        super().__init__(**kwargs)

    @default("cookie_options")
    def _sesi_cookie(self) -> dict:
        return sesi_config(SESI_JAM)["cookie_options"]

    @default("get_secure_cookie_kwargs")
    def _sesi_diperiksa(self) -> dict:
        return sesi_config(SESI_JAM)["get_secure_cookie_kwargs"]

    async def _get_user(self, handler: web.RequestHandler):  # noqa: ANN202 - jupyter_server's User
        user = await super()._get_user(handler)
        if user is not None and handler.request.method == "GET" and handler.get_query_argument(TOKEN, None) is not None \
                and _is_page(handler):
            # the session cookie is set (super() did); the token leaves the address bar
            handler.redirect(tanpa_token(handler.request.uri or "/"))
            raise web.Finish()
        return user


def _is_page(handler: web.RequestHandler) -> bool:
    """True for the app's page (Voila's handler), not its API, websockets or static files."""
    return isinstance(handler, VoilaHandler)
