"""CLI for the administrator: ``kinerja admin`` (keys and roles as signed events of the history).

``mulai`` pins the running user as the workspace's admin (their own key from ``kinerja kunci
buat``) and takes today's ``kinerja.toml`` into the history: the one-time step of an existing
workspace. ``tetapkan`` records a legitimate edit of ``kinerja.toml`` (people registered,
re-registered, removed; the config's fingerprint). ``daftarkan``, ``ganti-kunci`` and ``cabut``
register, rotate and revoke one person's key or role. ``daftar`` shows what the history says and
whether the config agrees. Every change is an event signed by the admin's key
(:mod:`kinerja.alur.daftar`).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from kinerja.cli.alur import ask_secret
from kinerja.errors import KinerjaError
from kinerja.numbers import zona_of

pass_state = click.pass_obj


def _signer(state, kunci_path: str | None, frasa: bool, *, first: bool = False):
    from kinerja.alur import daftar, kunci
    from kinerja.alur.identity import current_username

    registry = daftar.read(state.workspace)
    if first and registry.pinned:
        raise KinerjaError(f"Admin ruang kerja ini sudah ditetapkan dalam riwayat: {registry.admin}. Perubahan daftar "
                           "dicatat dengan `kinerja admin tetapkan`, `daftarkan`, `ganti-kunci` atau `cabut`.")
    if not first and not registry.pinned:
        raise KinerjaError("Belum ada admin dalam riwayat alur ruang kerja ini; tetapkan dengan `kinerja admin mulai`.")
    username = current_username()
    if not username:
        raise KinerjaError("Pengguna sistem operasi tidak diketahui; admin tidak dapat ditetapkan.")
    path = Path(kunci_path) if kunci_path else None
    probe = path or kunci.key_file(username)
    secret = ask_secret(f"Frasa sandi kunci {probe}") if frasa or kunci.needs_passphrase(probe) else None
    return registry, daftar.load_admin_signer(state.workspace, registry, state.config, username, path, secret), username


def _report(events) -> None:
    from kinerja.alur import daftar

    if not events:
        click.echo("Riwayat sudah sesuai dengan konfigurasi; tidak ada yang dicatat.")
        return
    for event in events:
        change = daftar.Perubahan(event.aksi, event.penerima, event.berkas, _data(event), event.sha256)
        click.echo(f"#{event.id}: {change.uraian()}")
    click.echo(f"{len(events)} peristiwa dicatat dalam riwayat, ditandatangani admin {events[0].pengguna}.")


def _data(event) -> dict:
    try:
        return json.loads(event.catatan) if event.catatan else {}
    except ValueError:
        return {}


KUNCI = click.option("--kunci", "kunci_path", metavar="BERKAS", help="Berkas kunci pribadi admin (bawaan: kunci Anda dari `kinerja kunci buat`).")
FRASA = click.option("--frasa-sandi", "frasa", is_flag=True, help="Kunci admin dilindungi frasa sandi (ditanyakan).")


@click.group("admin")
def admin() -> None:
    """Admin: daftar kunci dan peran pegawai sebagai peristiwa bertanda tangan dalam riwayat alur."""


@admin.command("mulai")
@KUNCI
@FRASA
@pass_state
def mulai(state, kunci_path: str | None, frasa: bool) -> None:
    """Tetapkan Anda sebagai admin ruang kerja ini dan catat kinerja.toml hari ini ke dalam riwayat (sekali)."""
    from kinerja.alur import daftar

    _registry, signer, username = _signer(state, kunci_path, frasa, first=True)
    _report(daftar.adopt(state.workspace, state.config, signer, username))
    click.echo("Sejak kini setiap aksi ditolak bila kinerja.toml tidak sesuai dengan daftar dalam riwayat.")


@admin.command("tetapkan")
@KUNCI
@FRASA
@pass_state
def tetapkan(state, kunci_path: str | None, frasa: bool) -> None:
    """Catat perubahan sah kinerja.toml (pegawai, peran, kunci, isi lain) ke dalam riwayat."""
    from kinerja.alur import daftar

    registry, signer, _username = _signer(state, kunci_path, frasa)
    _report(daftar.record(state.workspace, zona_of(state.config), signer, daftar.changes_for(state.config, registry)))


@admin.command("daftarkan")
@click.argument("username")
@KUNCI
@FRASA
@pass_state
def daftarkan(state, username: str, kunci_path: str | None, frasa: bool) -> None:
    """Daftarkan (atau ubah) peran dan kunci publik satu pegawai seperti tertulis di kinerja.toml."""
    from kinerja.alur import daftar, kunci

    person = state.config.person(username)
    if person is None:
        raise KinerjaError(f"'{username}' tidak ada di {state.config.source}; tambahkan [[pegawai]]-nya dahulu.")
    _registry, signer, _username = _signer(state, kunci_path, frasa)
    change = daftar.Perubahan(daftar.DAFTARKAN, person.username,
                              data={"peran": list(person.peran), "kunci": [k.strip() for k in kunci.registered(person)]})
    _report(daftar.record(state.workspace, zona_of(state.config), signer, [change]))


@admin.command("ganti-kunci")
@click.argument("username")
@click.argument("kunci_publik")
@KUNCI
@FRASA
@pass_state
def ganti_kunci(state, username: str, kunci_publik: str, kunci_path: str | None, frasa: bool) -> None:
    """Ganti kunci seorang pegawai dengan KUNCI_PUBLIK baru (kunci lama tidak berlaku lagi untuk aksi baru)."""
    from kinerja.alur import daftar

    registry, signer, _username = _signer(state, kunci_path, frasa)
    if username.lower() not in registry.orang:
        raise KinerjaError(f"'{username}' belum terdaftar dalam riwayat; daftarkan dengan `kinerja admin daftarkan`.")
    _report(daftar.record(state.workspace, zona_of(state.config), signer,
                          [daftar.Perubahan(daftar.GANTI_KUNCI, username, berkas=kunci_publik)]))
    click.echo(f"Cantumkan kunci_publik = \"{kunci_publik.strip()}\" pada [[pegawai]] {username} di {state.config.source}.")


@admin.command("cabut")
@click.argument("username")
@click.option("--kunci-publik", metavar="KUNCI", help="Cabut satu kunci saja (tanpa ini: pegawai itu dan semua kuncinya).")
@KUNCI
@FRASA
@pass_state
def cabut(state, username: str, kunci_publik: str | None, kunci_path: str | None, frasa: bool) -> None:
    """Cabut kunci (atau keanggotaan) seorang pegawai; aksi yang ditandatangani sesudahnya ditolak."""
    from kinerja.alur import daftar

    registry, signer, _username = _signer(state, kunci_path, frasa)
    entry = registry.orang.get(username.lower())
    if entry is None or not entry.aktif:
        raise KinerjaError(f"'{username}' tidak terdaftar dalam riwayat; tidak ada yang dicabut.")
    if kunci_publik and entry.key(kunci_publik) is None:
        raise KinerjaError(f"Kunci {daftar.short(kunci_publik)} tidak didaftarkan untuk {username}.")
    _report(daftar.record(state.workspace, zona_of(state.config), signer,
                          [daftar.Perubahan(daftar.CABUT, username, berkas=kunci_publik or "")]))


@admin.command("daftar")
@pass_state
def tampil(state) -> None:
    """Tampilkan admin, pegawai, peran dan kunci menurut riwayat, dan apakah kinerja.toml sesuai (kode keluar 1 bila tidak)."""
    from kinerja.alur import daftar

    registry = daftar.read(state.workspace)
    if not registry.pinned:
        click.echo("Belum ada admin dalam riwayat: kinerja.toml dipercaya apa adanya. Tetapkan dengan `kinerja admin mulai`.")
        return
    click.echo(f"Admin: {registry.admin} (kunci {daftar.short(registry.admin_kunci[-1])})")
    for entry in registry.orang.values():
        state_text = "" if entry.aktif else " [dicabut]"
        keys = "; ".join(f"{daftar.short(k.teks)}{'' if k.aktif else (' dicabut' if k.dicabut else ' diganti')}"
                         for k in entry.kunci)
        click.echo(f"- {entry.username}{state_text}: {', '.join(entry.peran) or '-'}; kunci {keys or '-'}")
    problems = daftar.mismatches(state.config, registry)
    if problems:
        click.echo(daftar.refusal_text(state.config, problems), err=True)
        sys.exit(1)
    click.echo(f"{state.config.source} sesuai dengan daftar dalam riwayat.")


COMMANDS: list[click.Command] = [admin]
