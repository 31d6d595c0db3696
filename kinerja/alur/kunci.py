"""Signing keys: every workflow event is signed (Ed25519) by the person who takes it.

Each person makes a key once with ``kinerja kunci buat``. The private key stays in their own
home (:func:`key_dir`, file mode 0600, optionally protected by a passphrase); the public key,
one line ``ed25519:<base64>``, is registered by the admin as ``kunci_publik`` of the person's
``[[pegawai]]`` entry in ``kinerja.toml``. :func:`kinerja.alur.workflow.act` refuses to act
without a key that matches the registered one, and ``kinerja audit verifikasi`` checks each
event's signature against the key registered for the person named in it, so an approval
appended by anyone else is found and the real signer named when their key is registered.

Where a key is looked up does not matter for trust: only the private key that matches the
registered public key can make a valid signature.

The sample office: its people's keys are *sample keys*, derived from the username and a fixed
public seed (:func:`sample_key`), so everyone can make them; they exist so the fictional office
works out of the box. ``kinerja sampel`` writes them into ``<workspace>/kunci-sampel/`` (marked by
a ``BACA-SAYA.txt``), a folder consulted only for people whose registered key *is* a sample key,
so it can never stand in for a real person's key. The audit warns when a registered key is a
sample key.
"""

from __future__ import annotations

import base64
import hashlib
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kinerja.alur.store import Pelanggaran
from kinerja.domain.peran import ROLE_LABELS
from kinerja.errors import WorkflowError

PREFIX = "ed25519:"
SAMPLE_SEED = b"kinerja-kunci-sampel-v1:"
SAMPLE_DIR = "kunci-sampel"
SAMPLE_README = "BACA-SAYA.txt"
SAMPLE_TEXT = (
    "KUNCI SAMPEL - HANYA UNTUK KANTOR CONTOH.\n"
    "Kunci di folder ini dibuat dari nama pengguna dengan benih yang diketahui umum; siapa pun\n"
    "dapat membuatnya ulang. Kunci ini hanya berlaku untuk pegawai kantor contoh yang kunci\n"
    "publiknya terdaftar sebagai kunci sampel. Pegawai kantor sungguhan membuat kuncinya sendiri\n"
    "dengan `kinerja kunci buat`.\n"
)


class KunciError(WorkflowError):
    """A signing key is missing, unreadable or not the registered one."""

    reason = "kunci"


def _crypto():
    from cryptography.hazmat.primitives.asymmetric import ed25519  # noqa: PLC0415 -- cryptography.hazmat.primitives.asymmetric (~8 ms) kept off `kinerja status`

    return ed25519


def key_dir() -> Path:
    """The folder of the current user's own keys (in their home, per platform).

    Windows: ``%APPDATA%\\kinerja\\kunci``; macOS: ``~/Library/Application Support/kinerja/kunci``;
    elsewhere ``$XDG_CONFIG_HOME/kinerja/kunci`` (default ``~/.config``).
    """
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "kinerja" / "kunci"


def key_file(username: str, folder: Path | None = None) -> Path:
    """The private key file of ``username`` (``<folder>/<username>.pem``)."""
    return (folder or key_dir()) / f"{username.lower()}.pem"


def public_text(private_key) -> str:
    """``ed25519:<base64>`` of a private key's public half (what goes into ``kunci_publik``)."""
    from cryptography.hazmat.primitives import serialization  # noqa: PLC0415 -- cryptography.hazmat.primitives (~22 ms) kept off `kinerja status`

    raw = private_key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return PREFIX + base64.b64encode(raw).decode("ascii")


def parse_public(text: str):
    """The Ed25519 public key of an ``ed25519:<base64>`` string.

    Raises:
        ValueError: not such a string.
    """
    if not isinstance(text, str) or not text.strip().startswith(PREFIX):
        raise ValueError("bukan kunci publik ed25519")
    raw = base64.b64decode(text.strip()[len(PREFIX):], validate=True)
    if len(raw) != 32:
        raise ValueError("panjang kunci publik bukan 32 bita")
    return _crypto().Ed25519PublicKey.from_public_bytes(raw)


def sample_key(username: str):
    """The well-known sample key of ``username`` (anyone can derive it; for the sample office only)."""
    seed = hashlib.sha256(SAMPLE_SEED + username.lower().encode("utf-8")).digest()
    return _crypto().Ed25519PrivateKey.from_private_bytes(seed)


def is_sample_public(username: str, text: str) -> bool:
    """True when ``text`` is the sample key of ``username``.

    >>> is_sample_public("siti", public_text(sample_key("siti")))
    True
    """
    return text.strip() == public_text(sample_key(username))


def generate():
    """A new random Ed25519 private key."""
    return _crypto().Ed25519PrivateKey.generate()


def write_private(path: Path, private_key, passphrase: str | None = None, *, overwrite: bool = False) -> Path:
    """Write ``private_key`` as PKCS#8 PEM (encrypted with ``passphrase`` when given), mode 0600.

    The folder is created with mode 0700. An existing key is never replaced unless
    ``overwrite``: events signed with it would no longer verify once its public key is gone
    from the config.
    """
    from cryptography.hazmat.primitives import serialization  # noqa: PLC0415 -- cryptography.hazmat.primitives (~22 ms) kept off `kinerja status`

    if path.exists() and not overwrite:
        raise KunciError(
            f"Kunci {path} sudah ada; kunci lama tidak ditimpa (peristiwa yang ditandatanganinya harus "
            "tetap dapat diperiksa). Pakai --timpa hanya bila kunci itu hilang atau bocor, lalu daftarkan "
            "kunci publik baru di kinerja.toml dan simpan yang lama dalam daftar kunci_publik."
        )
    encryption = (serialization.BestAvailableEncryption(passphrase.encode("utf-8")) if passphrase
                  else serialization.NoEncryption())
    data = private_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption)
    path.parent.mkdir(parents=True, exist_ok=True)
    if sys.platform != "win32":
        os.chmod(path.parent, 0o700)
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return path


def needs_passphrase(path: Path) -> bool:
    """True when the PEM file at ``path`` is passphrase-protected."""
    try:
        return b"ENCRYPTED" in path.read_bytes()[:64]
    except OSError:
        return False


def read_private(path: Path, passphrase: str | None = None):
    """Load a private key file.

    Raises:
        KunciError: unreadable, wrong passphrase, or not an Ed25519 key.
    """
    from cryptography.hazmat.primitives import serialization  # noqa: PLC0415 -- cryptography.hazmat.primitives (~22 ms) kept off `kinerja status`

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise KunciError(f"Kunci {path} tidak dapat dibaca: {exc.strerror or exc}.") from None
    try:
        key = serialization.load_pem_private_key(data, password=passphrase.encode("utf-8") if passphrase else None)
    except TypeError:
        raise KunciError(f"Kunci {path} dilindungi frasa sandi; masukkan frasa sandinya.") from None
    except ValueError:
        raise KunciError(f"Kunci {path} tidak dapat dibuka: frasa sandi salah atau berkas rusak.") from None
    if not isinstance(key, _crypto().Ed25519PrivateKey):
        raise KunciError(f"Kunci {path} bukan kunci Ed25519 buatan `kinerja kunci buat`.")
    return key


def sign(private_key, event_hash: str) -> str:
    """Base64 Ed25519 signature over an event's hash (hex text)."""
    return base64.b64encode(private_key.sign(event_hash.encode("ascii"))).decode("ascii")


def verify(public_key, event_hash: str, signature: str) -> bool:
    """True when ``signature`` is ``public_key``'s signature of ``event_hash``."""
    from cryptography.exceptions import InvalidSignature  # noqa: PLC0415 -- cryptography.exceptions (~5 ms) kept off `kinerja status`

    try:
        public_key.verify(base64.b64decode(signature, validate=True), event_hash.encode("ascii"))
    except (InvalidSignature, ValueError):
        return False
    return True


def registered(person) -> tuple[str, ...]:
    """The public keys registered for a :class:`~kinerja.config.Pegawai` (newest first)."""
    keys = getattr(person, "kunci_publik", ()) or ()
    return (keys,) if isinstance(keys, str) else tuple(keys)


@dataclass(frozen=True)
class Penanda:
    """A loaded signing key: who it belongs to and where it came from."""

    username: str
    private_key: object
    path: Path
    sampel: bool = False

    def sign(self, event_hash: str) -> str:
        return sign(self.private_key, event_hash)


def how_to_make(username: str, config_source: str) -> str:
    """The Indonesian instructions for making and registering a key."""
    return (
        f"Buat kunci dengan `kinerja kunci buat` sebagai pengguna '{username}' (kunci pribadi disimpan di "
        f"{key_file(username)}), lalu minta admin menambahkan baris kunci_publik yang dicetaknya pada "
        f"[[pegawai]] '{username}' di {config_source}."
    )


def untuk_peramban(username: str) -> str:
    """What a person in the browser is told when their action cannot be signed: what is wrong and whom
    to ask, in their words (no server path, no command: those are the admin's, in the server's log)."""
    return (f"Aksi Anda tidak dapat ditandatangani: kunci tanda tangan elektronik untuk pengguna '{username}' belum "
            "tersedia, belum terdaftar, atau tidak cocok di server aplikasi ini, jadi tidak ada yang dicatat. "
            "Hubungi admin aplikasi kinerja (petugas TI kantor Anda) dan sebutkan nama pengguna Anda; admin yang "
            "menyiapkan dan mendaftarkan kunci itu.")


def load_signer(person, config_source: str, *, workspace_root: Path | None = None,
                passphrase: str | None = None, folders: Iterable[Path] = (), sample_office: bool = True) -> Penanda:
    """The signing key of ``person``, checked against the key registered in the config.

    Looked up in ``folders`` (if given), then the person's own :func:`key_dir`, then, only
    when the registered key is the person's well-known sample key, ``<workspace>/kunci-sampel``.
    A sample key is accepted only for the sample office (``sample_office``: the config's
    ``contoh = true``).

    Raises:
        KunciError: no registered key, no key file, a key that is not the registered one,
            or a passphrase-protected key without its passphrase.
    """
    keys = registered(person)
    if not keys:
        raise KunciError(
            f"{person.nama} ({person.username}) belum memiliki kunci publik terdaftar, jadi tidak dapat "
            f"menandatangani aksi alur. {how_to_make(person.username, config_source)}"
        )
    candidates = [key_file(person.username, Path(f)) for f in folders] + [key_file(person.username)]
    sample = any(is_sample_public(person.username, k) for k in keys)
    if sample and not sample_office:
        raise KunciError(
            f"Kunci publik {person.username} di {config_source} adalah kunci sampel yang dapat dibuat siapa pun; "
            f"kantor sungguhan (tanpa contoh = true) tidak menerimanya. {how_to_make(person.username, config_source)}"
        )
    if sample and workspace_root is not None:
        candidates.append(key_file(person.username, Path(workspace_root) / SAMPLE_DIR))
    path = next((c for c in candidates if c.is_file()), None)
    if path is None:
        raise KunciError(
            f"Kunci pribadi {person.username} tidak ditemukan ({candidates[-1] if sample else key_file(person.username)}); "
            f"aksi alur harus ditandatangani oleh yang mengambilnya. {how_to_make(person.username, config_source)}"
        )
    private_key = read_private(path, passphrase)
    mine = public_text(private_key)
    if mine not in {k.strip() for k in keys}:
        raise KunciError(
            f"Kunci {path} bukan kunci yang terdaftar untuk {person.username} di {config_source} "
            f"(kunci publiknya: {mine}). Minta admin mendaftarkannya, atau pakai kunci yang terdaftar."
        )
    return Penanda(person.username, private_key, path, sampel=sample)


def write_sample_keys(folder: Path, usernames: Iterable[str]) -> list[Path]:
    """Write the sample keys of ``usernames`` into ``folder`` (with its warning README)."""
    folder.mkdir(parents=True, exist_ok=True)
    readme = folder / SAMPLE_README
    if not readme.is_file():
        readme.write_text(SAMPLE_TEXT, encoding="utf-8")
    written = []
    for name in usernames:
        path = key_file(name, folder)
        if not path.is_file():
            write_private(path, sample_key(name))
        written.append(path)
    return written


def write_workspace_sample_keys(workspace_root: Path, config) -> list[Path]:
    """Sample keys for every person of ``config`` whose registered key is their sample key."""
    names = sample_key_people(config)
    return write_sample_keys(Path(workspace_root) / SAMPLE_DIR, names) if names else []


def verify_signatures(events, config) -> list:
    """Check every event's signature against the key registered for the person named in it.

    Returns :class:`~kinerja.alur.store.Pelanggaran` items: ``tanda_tangan`` (missing or not
    made by the named person's registered key; the real signer is named when their key is
    registered) and ``peran`` (the person is unknown or does not hold the event's role).
    """
    sample_office = bool(getattr(config, "contoh", True))
    public: dict[str, list] = {}
    for person in config.pegawai:
        for text in registered(person):
            try:
                public.setdefault(person.username, []).append(parse_public(text))
            except ValueError:
                continue
    found = []
    for event in events:
        what = f"peristiwa #{event.id} '{event.aksi}' atas nama {event.pengguna}"
        person = config.person(event.pengguna)
        if person is None:
            found.append(Pelanggaran(event.id, "peran", f"{what}: '{event.pengguna}' bukan pegawai di {config.source}"))
        elif not person.has_role(event.peran):
            found.append(Pelanggaran(event.id, "peran", (
                f"{what}: {person.nama} tidak memegang peran {ROLE_LABELS.get(event.peran, event.peran)}")))
        if not event.tanda_tangan:
            found.append(Pelanggaran(event.id, "tanda_tangan", f"{what} tidak bertanda tangan"))
            continue
        if any(verify(key, event.hash, event.tanda_tangan) for key in public.get(event.pengguna.lower(), [])):
            if not sample_office and verify(sample_key(event.pengguna).public_key(), event.hash, event.tanda_tangan):
                found.append(Pelanggaran(event.id, "tanda_tangan", (
                    f"{what} ditandatangani dengan kunci sampel yang dapat dibuat siapa pun (bukan kantor contoh); "
                    "tanda tangan itu tidak membuktikan siapa yang bertindak")))
            continue
        signer = next((name for name, keys in public.items()
                       if any(verify(k, event.hash, event.tanda_tangan) for k in keys)), None)
        if signer:
            who = config.person(signer)
            by = f"ditandatangani dengan kunci {who.nama} ({signer})"
        else:
            by = "tanda tangannya tidak cocok dengan kunci terdaftar mana pun (dibuat orang lain atau isinya diubah)"
        found.append(Pelanggaran(event.id, "tanda_tangan", f"{what} bukan dibuat oleh {event.pengguna}: {by}"))
    return found


def sample_key_people(config) -> list[str]:
    """Usernames whose registered key is their well-known sample key (fine only for the sample office)."""
    return [p.username for p in config.pegawai if any(is_sample_public(p.username, k) for k in registered(p))]
