"""Keys and roles as signed events of the history: the registry that ``kinerja.toml`` must agree with.

Who may sign as whom is not a file anyone in the group can rewrite: an administrator is pinned
in the history once (``tetapkan_admin``, the first registry event, signed by the admin's own
key; a later one, signed by the current admin, hands over or rotates the admin key), and every
person's roles and public keys are registered, rotated and revoked by events the admin signs
(``daftarkan``, ``ganti_kunci``, ``cabut``). The rest of the office config (units, bands,
limits, names) is pinned by its fingerprint (``tetapkan_konfigurasi``).

Registry events live in the same hash-chained, side-filed table as the SOP's events (so they
are chained, signed, anchored and audited like them), in case ``tahun = 0`` (:data:`TAHUN_DAFTAR`),
which no SOP case has.

Once an admin is pinned, :func:`mismatches` is asked before every action
(:func:`kinerja.alur.workflow.act`) and by the audit: a config whose people, roles or keys are
not what the history says, or whose other content is not the pinned one (another office's
config given with ``--konfigurasi``, a ``kinerja.toml`` replaced by rename in the
group-writable folder), is refused, each problem naming the person and the key. A workspace
whose history has no admin yet trusts its config as before; :func:`adopt` (``kinerja admin
mulai``) takes today's config into the history once (the migration of an existing workspace).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kinerja.alur import kunci
from kinerja.alur.konteks import store_of
from kinerja.alur.store import Pelanggaran, Peristiwa, Store
from kinerja.domain.peran import ROLE_LABELS
from kinerja.errors import WorkflowError
from kinerja.numbers import office_clock, zona_of

if TYPE_CHECKING:  # pragma: no cover
    from kinerja.config import Config
    from kinerja.paths import Workspace

TAHUN_DAFTAR = 0
"""``tahun`` of registry events (no SOP case has year 0)."""
PERAN_ADMIN = "admin"
"""``peran`` of registry events."""
SAMPLE_ADMIN = "admin"
"""The sample office's administrator (its well-known sample key, like the sample people's)."""

TETAPKAN_ADMIN = "tetapkan_admin"
DAFTARKAN = "daftarkan"
GANTI_KUNCI = "ganti_kunci"
CABUT = "cabut"
TETAPKAN_KONFIGURASI = "tetapkan_konfigurasi"
AKSI = (TETAPKAN_ADMIN, DAFTARKAN, GANTI_KUNCI, CABUT, TETAPKAN_KONFIGURASI)


class DaftarError(WorkflowError):
    """A registry action is refused (not the admin, unknown person, a key of someone else, ...)."""

    reason = "daftar"


def is_registry(event: Peristiwa) -> bool:
    """True for a registry event (not a step of an SOP case)."""
    return event.tahun == TAHUN_DAFTAR


def short(key_text: str) -> str:
    """A public key as messages show it: ``ed25519:AbCdEfGh…``.

    >>> short("ed25519:" + "A" * 44)
    'ed25519:AAAAAAAAAAAA…'
    """
    text = key_text.strip()
    return text[:20] + "…" if len(text) > 20 else text


def _written(value: Any) -> Any:
    """``value`` as plain data, each dataclass field left out where it holds its default."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {}
        for f in dataclasses.fields(value):
            item = getattr(value, f.name)
            if f.default is not dataclasses.MISSING:
                default: Any = f.default
            elif f.default_factory is not dataclasses.MISSING:
                default = f.default_factory()
            else:
                out[f.name] = _written(item)
                continue
            if item != default:
                out[f.name] = _written(item)
        return out
    if isinstance(value, dict):
        return {str(k): _written(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_written(v) for v in value]
    return value


def _digest(data: dict[str, Any]) -> str:
    data.pop("source", None)
    for person in data.get("pegawai", []):
        person.pop("kunci_publik", None)
        person.pop("peran", None)
        person["username"] = str(person.get("username", "")).lower()
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def fingerprint(config: Config) -> str:
    """SHA-256 over what the config sets apart from who holds which role and key (those are compared
    person by person with the registry) and where it was read from: the office's identity, units,
    bands, limits, working hours, names and NIP. Comments and layout of the file do not count, and
    neither does a key left at its default: a new version of kinerja that adds a key with a default
    (``[batas] batas_waktu_susun``) does not make every office's pinned config a stranger."""
    return _digest(_written(config))


# Keys added to the config after the first fingerprints were pinned (those were taken over every
# key, defaults included): at their default they are left out when an old pin is compared. The list
# never grows: today's fingerprint leaves every key at its default out.
_SESUDAH_SIDIK_LAMA = {"batas": ("batas_waktu_susun",)}


def _fingerprint_lama(config: Config) -> str:
    """The fingerprint as the first pins took it (every key with its value), keys added since left out
    where they hold their default."""
    data = dataclasses.asdict(config)
    for section, names in _SESUDAH_SIDIK_LAMA.items():
        default = type(getattr(config, section))()
        for name in names:
            if getattr(getattr(config, section), name) == getattr(default, name):
                data[section].pop(name, None)
    return _digest(data)


def is_pinned(config: Config, pinned: str) -> bool:
    """Whether ``config`` is the one whose fingerprint the admin pinned (as pinned today, or as the
    first pins took it)."""
    return pinned in (fingerprint(config), _fingerprint_lama(config))


@dataclass
class KunciTerdaftar:
    """One public key of a person as the history registered it."""

    teks: str
    sejak: int                  # event id that registered it
    sampai: int | None = None   # event id that rotated or revoked it (None: active)
    dicabut: bool = False       # revoked (True) or rotated out (False) at ``sampai``
    waktu_akhir: str = ""

    @property
    def aktif(self) -> bool:
        return self.sampai is None


@dataclass
class Terdaftar:
    """One person of the registry."""

    username: str
    peran: tuple[str, ...] = ()
    kunci: list[KunciTerdaftar] = field(default_factory=list)
    aktif: bool = True          # False once removed (``cabut`` without a key)

    def active_keys(self) -> list[str]:
        return [k.teks for k in self.kunci if k.aktif]

    def key(self, text: str) -> KunciTerdaftar | None:
        return next((k for k in self.kunci if k.teks == text.strip()), None)


@dataclass
class Daftar:
    """The registry folded from the history (:func:`fold`)."""

    admin: str = ""
    admin_kunci: list[str] = field(default_factory=list)   # every admin key pinned, newest last
    orang: dict[str, Terdaftar] = field(default_factory=dict)
    konfigurasi: str = ""       # the pinned fingerprint
    konfigurasi_event: Peristiwa | None = None
    admin_event: Peristiwa | None = None

    @property
    def pinned(self) -> bool:
        """True once an admin is pinned: from then on the config must agree with the history."""
        return bool(self.admin)

    def owner_of(self, key_text: str) -> str | None:
        """The username a key was ever registered for."""
        for person in self.orang.values():
            if person.key(key_text):
                return person.username
        return None


def _payload(event: Peristiwa) -> dict[str, Any]:
    try:
        data = json.loads(event.catatan or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def apply(daftar: Daftar, event: Peristiwa) -> None:
    """Fold one registry event into ``daftar`` (signatures are the audit's: :func:`verify_registry`)."""
    who = event.penerima.lower()
    if event.aksi == TETAPKAN_ADMIN:
        daftar.admin = who
        daftar.admin_kunci.append(event.berkas.strip())
        daftar.admin_event = event
    elif event.aksi == DAFTARKAN:
        data = _payload(event)
        person = daftar.orang.setdefault(who, Terdaftar(who))
        person.aktif = True
        person.peran = tuple(data.get("peran", ()))
        wanted = [str(k).strip() for k in data.get("kunci", ())]
        for old in person.kunci:
            if old.aktif and old.teks not in wanted:
                old.sampai, old.waktu_akhir = event.id, event.waktu
        for text in wanted:
            if person.key(text) is None:
                person.kunci.append(KunciTerdaftar(text, event.id))
    elif event.aksi == GANTI_KUNCI:
        person = daftar.orang.setdefault(who, Terdaftar(who))
        for old in person.kunci:
            if old.aktif:
                old.sampai, old.waktu_akhir = event.id, event.waktu
        person.kunci.append(KunciTerdaftar(event.berkas.strip(), event.id))
    elif event.aksi == CABUT:
        person = daftar.orang.setdefault(who, Terdaftar(who))
        for old in person.kunci:
            if old.aktif and (not event.berkas or old.teks == event.berkas.strip()):
                old.sampai, old.dicabut, old.waktu_akhir = event.id, True, event.waktu
        if not event.berkas:
            person.aktif, person.peran = False, ()
    elif event.aksi == TETAPKAN_KONFIGURASI:
        daftar.konfigurasi = event.sha256
        daftar.konfigurasi_event = event


def fold(events: Iterable[Peristiwa]) -> Daftar:
    """The registry of a history (SOP events are skipped)."""
    daftar = Daftar()
    for event in events:
        if is_registry(event):
            apply(daftar, event)
    return daftar


def read(workspace: Workspace) -> Daftar:
    """The registry of a workspace's history (empty when there is no database yet)."""
    with store_of(workspace) as store:
        return fold(store.events(TAHUN_DAFTAR))


# -- the config against the history ---------------------------------------------------------


def mismatches(config: Config, daftar: Daftar) -> list[str]:
    """Every way ``config`` disagrees with the registry (Indonesian sentences naming the person and
    the key); empty when they agree or no admin is pinned yet."""
    if not daftar.pinned:
        return []
    where = Path(config.source).name
    found: list[str] = []
    if daftar.konfigurasi_event is None:
        found.append(f"admin {daftar.admin} belum menetapkan konfigurasi kantor dalam riwayat; jalankan `kinerja admin "
                     "tetapkan` sebagai admin")
    seen: set[str] = set()
    for person in config.pegawai:
        name = person.username.lower()
        seen.add(name)
        entry = daftar.orang.get(name)
        label = f"{person.nama} ({person.username})"
        if entry is None or not entry.aktif:
            why = "telah dicabut admin" if entry is not None else "tidak pernah didaftarkan admin"
            found.append(f"{label} ada di {where} tetapi {why} dalam riwayat")
            continue
        if set(person.peran) != set(entry.peran):
            found.append(f"peran {label} di {where} ({', '.join(person.peran)}) tidak sama dengan yang didaftarkan "
                         f"admin dalam riwayat ({', '.join(entry.peran) or 'tidak ada'})")
        for text in kunci.registered(person):
            registered_key = entry.key(text)
            if registered_key is None:
                owner = daftar.owner_of(text)
                tail = f"; kunci itu didaftarkan untuk {owner}" if owner and owner != name else ""
                found.append(f"kunci {short(text)} untuk {label} di {where} tidak didaftarkan admin dalam riwayat{tail}")
            elif registered_key.dicabut:
                found.append(f"kunci {short(text)} untuk {label} di {where} telah dicabut admin pada "
                             f"{registered_key.waktu_akhir} (peristiwa #{registered_key.sampai})")
        for text in entry.active_keys():
            if text not in {k.strip() for k in kunci.registered(person)}:
                found.append(f"kunci {short(text)} yang didaftarkan admin untuk {label} tidak ada di {where}")
    for name, entry in daftar.orang.items():
        if entry.aktif and name not in seen:
            found.append(f"{name} terdaftar dalam riwayat tetapi tidak ada di {where} (pencabutan dilakukan admin "
                         "dengan `kinerja admin cabut`)")
    if daftar.konfigurasi and not found and not is_pinned(config, daftar.konfigurasi):
        event = daftar.konfigurasi_event
        when = f" pada {event.waktu} (peristiwa #{event.id})" if event else ""
        found.append(f"{config.source} bukan konfigurasi kantor yang ditetapkan admin '{daftar.admin}'{when}: "
                     f"sidik jarinya {fingerprint(config)[:12]}…, yang ditetapkan {daftar.konfigurasi[:12]}… "
                     "(berkas lain lewat --konfigurasi, atau kinerja.toml diganti/diubah); perubahan yang sah "
                     "ditetapkan admin dengan `kinerja admin tetapkan`")
    return found


def refusal_text(config: Config, problems: list[str]) -> str:
    """The one message refusing to work with a config that disagrees with the history."""
    listed = "".join(f"\n  - {p}" for p in problems)
    return (f"Konfigurasi {config.source} tidak sesuai dengan daftar kunci dan peran dalam riwayat alur "
            f"({len(problems)} masalah); tidak ada aksi yang dicatat:{listed}")


def require_agreement(config: Config, daftar: Daftar) -> None:
    """Raise :class:`DaftarError` naming every disagreement of ``config`` with the registry."""
    problems = mismatches(config, daftar)
    if problems:
        raise DaftarError(refusal_text(config, problems))


def signer_active(daftar: Daftar, username: str, key_text: str) -> str | None:
    """Why ``key_text`` may not sign for ``username`` now (rotated out or revoked), or None."""
    if not daftar.pinned:
        return None
    entry = daftar.orang.get(username.lower())
    found = entry.key(key_text) if entry else None
    if found is None:
        return f"kunci {short(key_text)} tidak didaftarkan admin untuk {username} dalam riwayat"
    if not found.aktif:
        how = "dicabut" if found.dicabut else "diganti dengan kunci baru"
        return f"kunci {short(key_text)} milik {username} sudah {how} pada {found.waktu_akhir}; pakai kunci yang berlaku"
    return None


# -- the audit --------------------------------------------------------------------------------


def verify_registry(events: list[Peristiwa], config: Config) -> list[Pelanggaran]:
    """The registry's part of the audit (``jenis`` ``daftar``):

    * the first registry event pins the admin and is signed by the key it pins; every later
      registry event is signed by the admin pinned before it;
    * after the pin, every SOP event is signed by a key registered for its actor and active at
      that moment (not rotated out, not revoked), by someone holding the event's role then;
    * the config agrees with the registry (:func:`mismatches`).
    """
    found: list[Pelanggaran] = []
    daftar = Daftar()
    for event in events:
        what = f"peristiwa #{event.id} '{event.aksi}' oleh {event.pengguna}"
        if is_registry(event):
            if event.aksi not in AKSI:
                found.append(Pelanggaran(event.id, "daftar", f"{what}: aksi daftar kunci itu tidak dikenal"))
                continue
            if not daftar.pinned:
                if event.aksi != TETAPKAN_ADMIN:
                    found.append(Pelanggaran(event.id, "daftar", f"{what} dicatat sebelum admin ditetapkan"))
                keys = [event.berkas.strip()] if event.aksi == TETAPKAN_ADMIN else []
            else:
                keys = [daftar.admin_kunci[-1]]
                if event.pengguna.lower() != daftar.admin:
                    found.append(Pelanggaran(event.id, "daftar", f"{what}: hanya admin {daftar.admin} yang mengubah daftar kunci"))
            if not _signed_by(event, keys):
                found.append(Pelanggaran(event.id, "daftar", f"{what} tidak ditandatangani dengan kunci admin yang ditetapkan "
                                         "dalam riwayat"))
            apply(daftar, event)
            continue
        if not daftar.pinned:
            continue
        entry = daftar.orang.get(event.pengguna.lower())
        if entry is None or not entry.aktif:
            found.append(Pelanggaran(event.id, "daftar", f"{what}: {event.pengguna} tidak terdaftar dalam riwayat saat itu"))
            continue
        if event.peran not in entry.peran:
            found.append(Pelanggaran(event.id, "daftar", (
                f"{what}: {event.pengguna} tidak memegang peran {ROLE_LABELS.get(event.peran, event.peran)} menurut "
                "daftar dalam riwayat saat itu")))
        active = [k.teks for k in entry.kunci if k.aktif]
        if not _signed_by(event, active):
            old = next((k for k in entry.kunci if not k.aktif and _signed_by(event, [k.teks])), None)
            if old is not None:
                how = "dicabut" if old.dicabut else "diganti"
                why = f"ditandatangani dengan kunci {short(old.teks)} yang sudah {how} pada {old.waktu_akhir}"
            else:
                why = "tanda tangannya tidak cocok dengan kunci yang didaftarkan admin untuknya dalam riwayat"
            found.append(Pelanggaran(event.id, "daftar", f"{what}: {why}"))
    for problem in mismatches(config, daftar):
        found.append(Pelanggaran(None, "daftar", problem))
    return found


def _signed_by(event: Peristiwa, keys: Iterable[str]) -> bool:
    for text in keys:
        try:
            public = kunci.parse_public(text)
        except ValueError:
            continue
        if event.tanda_tangan and kunci.verify(public, event.hash, event.tanda_tangan):
            return True
    return False


# -- recording (the admin's actions) ----------------------------------------------------------


@dataclass(frozen=True)
class Perubahan:
    """One registry event to record: ``aksi``, the person it is about, a key, a payload, a fingerprint."""

    aksi: str
    penerima: str
    berkas: str = ""
    data: dict = field(default_factory=dict)
    sha256: str = ""

    def uraian(self) -> str:
        """What it does, in Indonesian."""
        if self.aksi == TETAPKAN_ADMIN:
            return f"admin ditetapkan: {self.penerima} (kunci {short(self.berkas)})"
        if self.aksi == DAFTARKAN:
            keys = ", ".join(short(k) for k in self.data.get("kunci", ())) or "tanpa kunci"
            return f"{self.penerima} didaftarkan: peran {', '.join(self.data.get('peran', ()))}; kunci {keys}"
        if self.aksi == GANTI_KUNCI:
            return f"kunci {self.penerima} diganti dengan {short(self.berkas)}"
        if self.aksi == CABUT:
            return (f"kunci {short(self.berkas)} milik {self.penerima} dicabut" if self.berkas
                    else f"{self.penerima} dicabut (peran dan semua kuncinya)")
        return f"konfigurasi kantor ditetapkan (sidik jari {self.sha256[:12]}…)"


def record(workspace: Workspace, zona: str, signer: kunci.Penanda, changes: list[Perubahan],
           *, admin: str | None = None) -> list[Peristiwa]:
    """Record ``changes`` in one transaction, signed by ``signer``, who must be the pinned admin
    (or, for the first :data:`TETAPKAN_ADMIN`, the admin it pins: ``admin``); ``zona``: the office's
    time zone (the events' wall-clock time).

    Raises:
        DaftarError: not the admin's key, or a change that does not fit the registry.
    """
    if not changes:
        return []
    mine = kunci.public_text(signer.private_key)
    store = Store(workspace.database)
    recorded: list[Peristiwa] = []
    try:
        with store.transaction() as conn:
            daftar = fold(store.events(TAHUN_DAFTAR))
            if daftar.pinned:
                if mine != daftar.admin_kunci[-1]:
                    raise DaftarError(
                        f"Kunci {signer.path} bukan kunci admin {daftar.admin} yang ditetapkan dalam riwayat "
                        f"({short(daftar.admin_kunci[-1])}); hanya admin yang mendaftarkan, mengganti dan mencabut kunci.")
                actor = daftar.admin
            else:
                if changes[0].aksi != TETAPKAN_ADMIN:
                    raise DaftarError("Belum ada admin dalam riwayat alur: tetapkan dulu dengan `kinerja admin mulai`.")
                actor = (admin or signer.username).lower()
                if changes[0].berkas.strip() != mine:
                    raise DaftarError(f"Admin ditetapkan dengan kuncinya sendiri: {signer.path} bukan kunci {short(changes[0].berkas)}.")
            _check_changes(daftar, changes)
            moment = office_clock(zona).replace(microsecond=0)
            last = store.last_time(conn)
            if last is not None and dt.datetime.fromisoformat(last).replace(tzinfo=None) > moment:
                moment = dt.datetime.fromisoformat(last).replace(tzinfo=None)
            for change in changes:
                recorded.append(store.append(
                    conn, signer=signer.sign, tahun=TAHUN_DAFTAR, triwulan=None, unit="",
                    waktu=moment.isoformat(timespec="seconds"), pengguna=actor, peran=PERAN_ADMIN,
                    aksi=change.aksi, dari="", ke="", penerima=change.penerima.lower(), berkas=change.berkas.strip(),
                    catatan=json.dumps(change.data, ensure_ascii=False, sort_keys=True) if change.data else "",
                    sha256=change.sha256, tenggat="", terlambat=False))
                if change.aksi == TETAPKAN_ADMIN:
                    actor = change.penerima.lower()  # a handed-over admin: later changes are still this signer's
    finally:
        store.close()
    return recorded


def _check_changes(daftar: Daftar, changes: list[Perubahan]) -> None:
    """One key belongs to one person, in the history as in the config."""
    owners: dict[str, str] = {}
    for person in daftar.orang.values():
        for key in person.kunci:
            owners.setdefault(key.teks, person.username)
    for change in changes:
        keys = list(change.data.get("kunci", ())) + ([change.berkas] if change.aksi == GANTI_KUNCI else [])
        for text in keys:
            try:
                kunci.parse_public(text)
            except (ValueError, TypeError):
                raise DaftarError(f"{text!r} untuk {change.penerima} bukan kunci publik ed25519 dari `kinerja kunci buat`.") from None
            owner = owners.get(text.strip())
            if owner and owner != change.penerima.lower():
                raise DaftarError(f"Kunci {short(text)} sudah didaftarkan untuk {owner}; satu kunci hanya milik satu "
                                  f"orang, jadi tidak didaftarkan untuk {change.penerima}.")
            owners[text.strip()] = change.penerima.lower()


def changes_for(config: Config, daftar: Daftar) -> list[Perubahan]:
    """The registry events that make the history say what ``config`` says (``kinerja admin
    tetapkan``): people registered or re-registered (roles, keys: a key no longer listed is
    rotated out), people no longer in the config removed, and the config's fingerprint pinned."""
    changes: list[Perubahan] = []
    seen = set()
    for person in config.pegawai:
        name = person.username.lower()
        seen.add(name)
        keys = [k.strip() for k in kunci.registered(person)]
        entry = daftar.orang.get(name)
        same = (entry is not None and entry.aktif and set(entry.peran) == set(person.peran)
                and set(entry.active_keys()) == set(keys))
        if not same:
            changes.append(Perubahan(DAFTARKAN, name, data={"peran": list(person.peran), "kunci": keys}))
    for name, entry in daftar.orang.items():
        if entry.aktif and name not in seen:
            changes.append(Perubahan(CABUT, name))
    if not is_pinned(config, daftar.konfigurasi):
        changes.append(Perubahan(TETAPKAN_KONFIGURASI, "", sha256=fingerprint(config),
                                 data={"instansi": config.instansi.nama, "berkas": Path(config.source).name}))
    return changes


def load_admin_signer(workspace: Workspace, daftar: Daftar, config: Config, username: str,
                      path: Path | None = None, passphrase: str | None = None) -> kunci.Penanda:
    """The admin's key: ``path`` when given, else the user's own key folder, else (the sample
    office's sample admin only) the workspace's ``kunci-sampel``.

    Raises:
        DaftarError: no such key file.
    """
    name = (daftar.admin or username).lower()
    candidates = [path] if path else [kunci.key_file(username)]
    if not path and config.contoh:
        candidates.append(kunci.key_file(name, workspace.root / kunci.SAMPLE_DIR))
    found = next((c for c in candidates if c is not None and c.is_file()), None)
    if found is None:
        raise DaftarError(f"Kunci admin tidak ditemukan ({candidates[0]}); buat dengan `kinerja kunci buat` atau "
                          "sebutkan dengan --kunci BERKAS.")
    return kunci.Penanda(name, kunci.read_private(found, passphrase), found)


def adopt(workspace: Workspace, config: Config, signer: kunci.Penanda, admin: str) -> list[Peristiwa]:
    """Pin ``admin`` (when no admin is pinned yet) and take ``config`` into the history: the one-time
    migration of a workspace, and what ``kinerja admin tetapkan`` records after a legitimate edit."""
    daftar = read(workspace)
    changes: list[Perubahan] = []
    mine = kunci.public_text(signer.private_key)
    if not config.contoh and any(kunci.is_sample_public(name, mine) for name in {admin, signer.username, SAMPLE_ADMIN}):
        raise DaftarError(f"Kunci {signer.path} adalah kunci sampel yang dapat dibuat siapa pun; admin kantor sungguhan "
                          "memakai kuncinya sendiri dari `kinerja kunci buat`.")
    if not daftar.pinned:
        changes.append(Perubahan(TETAPKAN_ADMIN, admin, berkas=kunci.public_text(signer.private_key)))
    changes.extend(changes_for(config, daftar))
    return record(workspace, zona_of(config), signer, changes, admin=admin)


def pin_sample_admin(workspace: Workspace, config: Config) -> list[Peristiwa]:
    """The sample office's pin at ``kinerja init --contoh``: its sample admin (a well-known sample key
    written into ``kunci-sampel/``) takes the sample config into the history."""
    kunci.write_sample_keys(workspace.root / kunci.SAMPLE_DIR, [SAMPLE_ADMIN])
    signer = kunci.Penanda(SAMPLE_ADMIN, kunci.sample_key(SAMPLE_ADMIN),
                           kunci.key_file(SAMPLE_ADMIN, workspace.root / kunci.SAMPLE_DIR), sampel=True)
    return adopt(workspace, config, signer, SAMPLE_ADMIN)
