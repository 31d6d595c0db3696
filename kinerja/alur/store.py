"""The workflow history: an append-only, hash-chained table of events in SQLite.

Every transition of every case is one row of ``peristiwa``. Rows are only ever inserted:
triggers abort any ``UPDATE`` or ``DELETE``. Each row carries the hash of the row before it
(over the whole database, in insertion order) and its own hash over its content and that
link, so :func:`verify` finds any edited, removed or reordered event and names it. The row id
is ``AUTOINCREMENT``, so SQLite's ``sqlite_sequence`` also remembers a removed last event.

Rewrites that keep the chain consistent (a recomputed chain, a rollback to an older copy, a
dropped table, a deleted file) are caught by two more things: each event is signed by the
person who took it (:mod:`kinerja.alur.kunci`; the signature covers the event's hash), and the
head of the chain is appended, after every event, to a side file ``kinerja.rantai`` beside the
database (:attr:`Store.chain_log`), which the audit compares with the database. The schema is
created once, with the database; a missing table or trigger is reported as tampering and never
quietly re-created.

Writers use :meth:`Store.transaction` (``BEGIN IMMEDIATE``): the state check and the insert
happen under one write lock, so of two people acting on a case at the same moment exactly one
wins and the other sees the new state. The default rollback journal is kept (no WAL). The file is never
opened on a network share (SMB/NFS, :mod:`kinerja.jaringan`), where SQLite's locks are not reliable.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import hashlib
import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields
from pathlib import Path

from kinerja.alur import jangkar
from kinerja.atomic import make_dirs, set_mode
from kinerja.errors import KinerjaError
from kinerja.jaringan import network_filesystem

GENESIS = "0" * 64
"""``hash_sebelumnya`` of the first event."""

SCHEMA = """
CREATE TABLE IF NOT EXISTS peristiwa (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    tahun INTEGER NOT NULL,
    triwulan INTEGER NOT NULL,          -- 0 for the annual case
    unit TEXT NOT NULL DEFAULT '',
    urutan INTEGER NOT NULL,            -- 1, 2, ... within the case
    waktu TEXT NOT NULL,                -- ISO 8601 wall-clock time of the office
    pengguna TEXT NOT NULL,
    peran TEXT NOT NULL,
    aksi TEXT NOT NULL,
    dari TEXT NOT NULL,
    ke TEXT NOT NULL,
    catatan TEXT NOT NULL DEFAULT '',
    penerima TEXT NOT NULL DEFAULT '',  -- the person assigned by this action (step 1: the PPTK)
    berkas TEXT NOT NULL DEFAULT '',
    sha256 TEXT NOT NULL DEFAULT '',    -- checksum of the attached file / archive manifest
    tenggat TEXT NOT NULL DEFAULT '',   -- due time of this step
    terlambat INTEGER NOT NULL DEFAULT 0,
    hash_sebelumnya TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE,
    tanda_tangan TEXT NOT NULL DEFAULT '',  -- Ed25519 signature of ``hash`` by ``pengguna``
    UNIQUE (tahun, triwulan, unit, urutan)
);
CREATE INDEX IF NOT EXISTS peristiwa_kasus ON peristiwa (tahun, triwulan, unit, id);
CREATE TRIGGER IF NOT EXISTS peristiwa_tanpa_ubah BEFORE UPDATE ON peristiwa
BEGIN SELECT RAISE(ABORT, 'riwayat alur hanya boleh ditambah: peristiwa tidak boleh diubah'); END;
CREATE TRIGGER IF NOT EXISTS peristiwa_tanpa_hapus BEFORE DELETE ON peristiwa
BEGIN SELECT RAISE(ABORT, 'riwayat alur hanya boleh ditambah: peristiwa tidak boleh dihapus'); END;
"""

TRIGGERS = ("peristiwa_tanpa_ubah", "peristiwa_tanpa_hapus")
WAKTU_DIBERIKAN = "diberikan"
"""The side file's time column for an event whose time a caller gave (not the machine's clock)."""
SCHEMA_VERSION = 2
"""``PRAGMA user_version`` of a database made by this module (1: without signatures)."""


class StoreError(KinerjaError):
    """The workflow database cannot be used (corrupt, locked, read-only, tampered, full disk)."""


def describe_sqlite_error(path: Path, exc: BaseException) -> str:
    """One Indonesian sentence naming the database and the cause of an sqlite3/OS error."""
    text = str(exc).lower()
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC or "full" in text:
        cause = "disk penuh; kosongkan ruang lalu ulangi (tidak ada yang tercatat)"
    elif "locked" in text or "busy" in text:
        cause = "sedang dikunci oleh proses lain terlalu lama; ulangi sebentar lagi"
    elif "readonly" in text or "read-only" in text or isinstance(exc, PermissionError) or "unable to open" in text:
        cause = "tidak dapat dibuka untuk ditulis (hanya-baca atau izin berkas/folder kurang)"
    elif "not a database" in text or "malformed" in text or "corrupt" in text:
        cause = "rusak (bukan basis data SQLite yang utuh); pulihkan dari cadangan"
    elif "disk i/o" in text:
        cause = "tidak dapat dibaca/ditulis (galat I/O disk)"
    else:
        cause = f"tidak dapat dipakai ({exc})"
    return f"Basis data alur {path} {cause}."


@dataclass(frozen=True)
class Peristiwa:
    """One event of the history. ``triwulan`` is None for the annual case."""

    id: int
    tahun: int
    triwulan: int | None
    unit: str
    urutan: int
    waktu: str
    pengguna: str
    peran: str
    aksi: str
    dari: str
    ke: str
    catatan: str
    penerima: str
    berkas: str
    sha256: str
    tenggat: str
    terlambat: bool
    hash_sebelumnya: str
    hash: str
    tanda_tangan: str = ""

    def as_dict(self) -> dict:
        """JSON-ready dict."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


_COLUMNS = tuple(f.name for f in fields(Peristiwa))
_HASHED = tuple(c for c in _COLUMNS if c not in ("id", "hash", "tanda_tangan"))


def event_hash(values: dict) -> str:
    """SHA-256 over the hashed fields of an event (its link ``hash_sebelumnya`` included).

    >>> len(event_hash({c: "" for c in _HASHED}))
    64
    """
    payload = [values[c] for c in _HASHED]
    payload[_HASHED.index("triwulan")] = values["triwulan"] or 0
    payload[_HASHED.index("terlambat")] = bool(values["terlambat"])
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _row_to_event(row: tuple) -> Peristiwa:
    data = dict(zip(_COLUMNS, row, strict=True))
    data["triwulan"] = data["triwulan"] or None
    data["terlambat"] = bool(data["terlambat"])
    return Peristiwa(**data)


@dataclass(frozen=True)
class Pelanggaran:
    """One audit finding.

    ``jenis``: diubah, hilang, urutan, pemicu, tabel, basis_data, rantai (side file), jangkar,
    tanda_tangan, peran.
    """

    id: int | None
    jenis: str
    pesan: str


@dataclass(frozen=True)
class BarisRantai:
    """One line of the side file: event id, its hash, the event's (office) time, and the machine's
    UTC time when the line was written (``""`` in lines written before that column existed)."""

    id: int
    hash: str
    waktu: str
    ditulis: str


class Store:
    """The SQLite file of one workspace (and its side file of chain heads).

    Args:
        path: the database file.
        timeout: seconds to wait for another writer's lock before giving up with a message.
        anchors: after every commit, write the new head to the anchor folders outside the
            workspace (:mod:`kinerja.alur.jangkar`).
    """

    def __init__(self, path: str | Path, *, timeout: float = 60.0, anchors: bool = True) -> None:
        self.path = Path(path)
        self.anchors = anchors
        self.timeout = timeout
        self._conn: sqlite3.Connection | None = None
        self.missing_triggers: list[str] = []
        self.missing_table = False
        self._pending: list[tuple[int, str, str, bool]] | None = None

    # -- connection -----------------------------------------------------------------------
    @property
    def exists(self) -> bool:
        """True when the database file exists.

        Raises:
            StoreError: something other than a file (a folder) stands in its place: the history
                cannot be read, and an empty one is never assumed.
        """
        if self.path.is_file():
            return True
        if self.path.exists() or self.path.is_symlink():
            raise StoreError(
                f"Basis data alur {self.path} bukan berkas (sebuah folder atau tautan rusak ada di tempatnya): riwayat "
                "tidak dapat dibaca. Pindahkan benda itu lalu pulihkan kinerja.db dari cadangan."
            )
        return False

    @property
    def chain_log(self) -> Path:
        """The append-only side file of chain heads (``kinerja.rantai`` beside ``kinerja.db``)."""
        return self.path.with_suffix(".rantai")

    def logged_heads(self) -> list[tuple[int, str]]:
        """(event id, hash) of every line of :attr:`chain_log`, oldest first."""
        return [(line.id, line.hash) for line in self.chain_lines()]

    def chain_lines(self) -> list[BarisRantai]:
        """Every line of :attr:`chain_log`, oldest first."""
        try:
            text = self.chain_log.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise StoreError(f"Berkas rantai {self.chain_log} tidak dapat dibaca: {exc.strerror or exc}.") from None
        heads = []
        for line in text.splitlines():
            parts = line.split()
            if len(parts) >= 2 and parts[0].isdigit():
                heads.append(BarisRantai(int(parts[0]), parts[1], parts[2] if len(parts) > 2 else "",
                                         parts[3] if len(parts) > 3 else ""))
        return heads

    def _fail(self, exc: BaseException) -> StoreError:
        return StoreError(describe_sqlite_error(self.path, exc))

    def connect(self) -> sqlite3.Connection:
        """The connection; the file and its schema are created only when the file is new.

        Raises:
            StoreError: the file is corrupt, empty (0 bytes), locked, unreadable, lost its
                table, or is missing while the side file shows it had events.
        """
        if self._conn is not None:
            return self._conn
        self._refuse_network_share()
        new = not self.exists
        if new and self.logged_heads():
            raise StoreError(
                f"Basis data alur {self.path} hilang, padahal berkas rantai {self.chain_log} mencatat "
                f"{len(self.logged_heads())} peristiwa: riwayat telah dihapus. Pulihkan basis data dari cadangan; "
                "kinerja tidak membuat riwayat baru di atasnya."
            )
        if not new and self.path.is_file() and self.path.stat().st_size == 0 and self.logged_heads():
            raise StoreError(
                f"Basis data alur {self.path} kosong (0 bita), padahal berkas rantai {self.chain_log} mencatat "
                f"{len(self.logged_heads())} peristiwa: berkas itu terpotong. Pulihkan dari cadangan."
            )
        conn: sqlite3.Connection | None = None
        try:
            if new:
                make_dirs(self.path.parent)
            conn = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
            conn.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
            objects = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            if new or (not objects and not self.logged_heads()):
                conn.executescript(SCHEMA + f"PRAGMA user_version = {SCHEMA_VERSION};")
                objects = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
                set_mode(self.path)  # group-writable in a shared workspace whatever the umask (journal follows it)
            elif "peristiwa" in objects and conn.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
                columns = {r[1] for r in conn.execute("PRAGMA table_info(peristiwa)")}
                if "tanda_tangan" not in columns:  # a database of the first version: events are unsigned
                    conn.execute("ALTER TABLE peristiwa ADD COLUMN tanda_tangan TEXT NOT NULL DEFAULT ''")
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except (sqlite3.Error, OSError) as exc:
            if conn is not None:
                conn.close()
            raise self._fail(exc) from exc  # the sqlite cause stays in --debug/--log tracebacks
        self.missing_table = "peristiwa" not in objects
        self.missing_triggers = [] if self.missing_table else [t for t in TRIGGERS if t not in objects]
        self._conn = conn
        return conn

    def _refuse_network_share(self) -> None:
        """SQLite's locks are not reliable on SMB/NFS shares: the history is never opened there (:mod:`kinerja.jaringan`)."""
        share = network_filesystem(self.path.parent)
        if share:
            raise StoreError(
                f"Basis data alur {self.path} berada di folder jaringan ({share}). SQLite tidak dapat mengunci berkas "
                "dengan andal di sana: riwayat bisa rusak atau kehilangan peristiwa, lalu tampak seperti diubah. "
                "Letakkan ruang kerja di disk lokal satu server dan bekerjalah di server itu (JupyterHub atau "
                "`kinerja layani` per orang); lihat docs/layani.md, bagian 'Susunan kantor kecil yang didukung'."
            )

    def require_intact_schema(self) -> None:
        """Refuse to write into a database whose table or guard triggers were removed."""
        self.connect()
        if self.missing_table:
            raise StoreError(
                f"Basis data alur {self.path} dirusak: tabel peristiwa hilang. Jalankan `kinerja audit verifikasi` "
                "dan pulihkan dari cadangan; kinerja tidak membuat ulang tabel itu."
            )
        if self.missing_triggers:
            raise StoreError(
                f"Basis data alur {self.path} dirusak: pemicu pelindung {', '.join(self.missing_triggers)} hilang. "
                "Jalankan `kinerja audit verifikasi`; kinerja tidak memasangnya ulang diam-diam."
            )

    def close(self) -> None:
        """Close the connection (the store reopens on next use)."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` … ``COMMIT`` (``ROLLBACK`` on any exception).

        After the commit, the new chain head is appended to :attr:`chain_log`.

        Raises:
            StoreError: the database is tampered with (missing table/trigger), locked, full, read-only.
        """
        self.require_intact_schema()
        conn = self.connect()
        self._pending = []
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise self._fail(exc) from exc  # the sqlite cause stays in --debug/--log tracebacks
        try:
            yield conn
        except BaseException as exc:
            if conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise self._fail(exc) from exc  # the sqlite cause stays in --debug/--log tracebacks
            raise
        heads, self._pending = self._pending, None
        try:
            written = self._log_heads(heads)  # the line first: no event is ever committed without it
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise
        try:
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
            self._unlog(written)
            raise self._fail(exc) from exc  # the sqlite cause stays in --debug/--log tracebacks
        self._anchor(conn, heads)

    def _anchor(self, conn: sqlite3.Connection, heads: list[tuple[int, str, str, bool]]) -> None:
        """The new head to the anchor files outside the workspace (:mod:`kinerja.alur.jangkar`); a
        folder that cannot be written is skipped, the committed event stays."""
        if not heads or not self.anchors:
            return

        try:
            count = conn.execute("SELECT COUNT(*) FROM peristiwa").fetchone()[0]
            first = conn.execute("SELECT hash FROM peristiwa ORDER BY id LIMIT 1").fetchone()
        except sqlite3.Error:
            return
        ident, digest, waktu, _clock = heads[-1]
        jangkar.write(self.path.parent.resolve(), (int(count), ident, digest, waktu), first[0] if first else digest)

    def _log_heads(self, heads: list[tuple[int, str, str, bool]]) -> int | None:
        """Append the lines of ``heads`` to :attr:`chain_log` (made with kinerja's file mode) and
        sync them; returns the file's size before, so a failed commit can take them back."""
        if not heads:
            return None
        stamp = dt.datetime.now(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
        lines = "".join(f"{ident} {digest} {waktu} {stamp if clock else WAKTU_DIBERIKAN}\n"
                        for ident, digest, waktu, clock in heads)
        try:
            new = not self.chain_log.exists()
            fd = os.open(self.chain_log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            with os.fdopen(fd, "ab") as handle:
                if new:
                    set_mode(self.chain_log)
                before = handle.seek(0, os.SEEK_END)
                try:
                    handle.write(lines.encode("utf-8"))
                    handle.flush()
                    os.fsync(handle.fileno())
                except OSError:
                    with contextlib.suppress(OSError):
                        handle.truncate(before)
                    raise
        except OSError as exc:
            raise StoreError(
                f"Berkas rantai {self.chain_log} tidak dapat ditambah ({exc.strerror or exc}); peristiwa tidak "
                "dicatat. Perbaiki izin berkas/folder (semua pegawai harus dapat menulisnya: `kinerja init "
                "--bersama`) atau ruang disk, lalu ulangi."
            ) from None
        return before

    def _unlog(self, size: int | None) -> None:
        """Take back the lines :meth:`_log_heads` wrote for a transaction that was not committed."""
        if size is None:
            return
        with contextlib.suppress(OSError), open(self.chain_log, "r+b") as handle:
            handle.truncate(size)

    # -- reading --------------------------------------------------------------------------
    def head(self) -> tuple[int, str] | None:
        """(number of events, hash of the last event), or None for an empty or absent store.

        Printed on every report, it anchors the history: rewriting events and recomputing the
        chain afterwards no longer matches the hash on the signed paper copy.
        """
        if not self.exists:
            return None
        row = self._read("SELECT COUNT(*), (SELECT hash FROM peristiwa ORDER BY id DESC LIMIT 1) FROM peristiwa")[0]
        return (int(row[0]), str(row[1])) if row and row[0] else None

    def _read(self, sql: str, args: list | tuple = ()) -> list[tuple]:
        conn = self.connect()
        if self.missing_table:
            raise StoreError(f"Basis data alur {self.path} dirusak: tabel peristiwa hilang. Jalankan `kinerja audit verifikasi`.")
        try:
            return conn.execute(sql, args).fetchall()
        except sqlite3.Error as exc:
            raise self._fail(exc) from exc  # the sqlite cause stays in --debug/--log tracebacks

    def events(self, tahun: int | None = None, triwulan: int | None | str = "*", unit: str | None = None) -> list[Peristiwa]:
        """Events in insertion order, optionally of one year / quarter (None = annual) / unit."""
        if not self.exists and self._conn is None:
            return []
        where: list[str] = []
        args: list[int | str] = []
        if tahun is not None:
            where.append("tahun = ?")
            args.append(tahun)
        if triwulan != "*":
            where.append("triwulan = ?")
            args.append(triwulan or 0)
        if unit is not None:
            where.append("unit = ?")
            args.append(unit)
        sql = f"SELECT {', '.join(_COLUMNS)} FROM peristiwa"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY id"
        return [_row_to_event(r) for r in self._read(sql, args)]

    # -- writing --------------------------------------------------------------------------
    def last_time(self, conn: sqlite3.Connection) -> str | None:
        """``waktu`` of the last event of the whole history (ISO text), or None."""
        row = conn.execute("SELECT waktu FROM peristiwa ORDER BY id DESC LIMIT 1").fetchone()
        return row[0] if row else None

    def append(self, conn: sqlite3.Connection, *, signer: Callable[[str], str] | None = None, jam_mesin: bool = True,
               **values: object) -> Peristiwa:
        """Insert one event inside an open :meth:`transaction`; returns it with id and hash.

        ``values`` are the event's fields except ``id``, ``urutan``, ``hash_sebelumnya``,
        ``hash`` and ``tanda_tangan``, which are computed here (``signer(hash)`` gives the
        signature). ``jam_mesin``: the event's time is the clock's now (the side-file line records
        the machine's UTC time beside it); False when a caller gave the time (its line says
        :data:`WAKTU_DIBERIKAN`, and the audit cannot compare the two).
        """
        if not conn.in_transaction:
            raise RuntimeError("Store.append needs an open transaction")
        data = {c: values.get(c, "") for c in _COLUMNS if c not in ("id", "urutan", "hash_sebelumnya", "hash", "tanda_tangan")}
        data["triwulan"] = data["triwulan"] or 0
        data["terlambat"] = int(bool(data["terlambat"]))
        last = conn.execute("SELECT hash FROM peristiwa ORDER BY id DESC LIMIT 1").fetchone()
        data["hash_sebelumnya"] = last[0] if last else GENESIS
        count = conn.execute(
            "SELECT COALESCE(MAX(urutan), 0) FROM peristiwa WHERE tahun = ? AND triwulan = ? AND unit = ?",
            (data["tahun"], data["triwulan"], data["unit"]),
        ).fetchone()[0]
        data["urutan"] = count + 1
        digest = event_hash(data)
        data["hash"] = digest
        data["tanda_tangan"] = signer(digest) if signer else ""
        names = [c for c in _COLUMNS if c != "id"]
        cursor = conn.execute(
            f"INSERT INTO peristiwa ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
            [data[c] for c in names],
        )
        data["id"] = cursor.lastrowid
        if self._pending is not None:
            self._pending.append((int(cursor.lastrowid or 0), digest, str(data["waktu"]), jam_mesin))
        return _row_to_event(tuple(data[c] for c in _COLUMNS))

    # -- audit ----------------------------------------------------------------------------
    def verify(self) -> list[Pelanggaran]:
        """Check the whole chain; an empty list means the history is intact."""
        logged = self.logged_heads()
        if not self.exists:
            if logged:
                return [Pelanggaran(None, "basis_data", (
                    f"basis data {self.path} hilang, padahal berkas rantai mencatat {len(logged)} peristiwa "
                    f"(terakhir #{logged[-1][0]}): riwayat telah dihapus"))]
            return []
        if self.path.stat().st_size == 0:
            if not logged:  # made and never written (a full disk before the first event): an empty history
                return []
            return [Pelanggaran(None, "basis_data", (
                f"basis data {self.path} kosong (0 bita)"
                + (f", padahal berkas rantai mencatat {len(logged)} peristiwa" if logged else "")
                + ": berkas itu terpotong atau diganti"))]
        conn = self.connect()
        found: list[Pelanggaran] = []
        if self.missing_table:
            found.append(Pelanggaran(None, "tabel", "tabel peristiwa hilang dari basis data (dihapus dengan DROP TABLE)"))
            if logged:
                found.append(Pelanggaran(None, "rantai", f"berkas rantai mencatat {len(logged)} peristiwa yang tidak ada lagi"))
            return found
        for name in self.missing_triggers:
            found.append(Pelanggaran(None, "pemicu", f"pemicu pelindung '{name}' hilang"))
        try:
            rows = conn.execute(f"SELECT {', '.join(_COLUMNS)} FROM peristiwa ORDER BY id").fetchall()
        except sqlite3.Error as exc:
            raise self._fail(exc) from exc  # the sqlite cause stays in --debug/--log tracebacks
        known: dict[str, int] = {}
        for row in rows:
            known.setdefault(row[_COLUMNS.index("hash")], row[0])
        previous_hash, previous_id = GENESIS, 0
        for row in rows:
            data = dict(zip(_COLUMNS, row, strict=True))
            ident = data["id"]
            for missing in range(previous_id + 1, ident):
                found.append(Pelanggaran(missing, "hilang", f"peristiwa #{missing} hilang dari riwayat"))
            if event_hash(data) != data["hash"]:
                found.append(Pelanggaran(ident, "diubah", f"isi peristiwa #{ident} diubah (hash tidak cocok)"))
            elif data["hash_sebelumnya"] != previous_hash:
                if data["hash_sebelumnya"] in known and known[data["hash_sebelumnya"]] != previous_id:
                    found.append(Pelanggaran(
                        ident, "urutan",
                        f"urutan berubah: peristiwa #{ident} semula menyusul peristiwa "
                        f"#{known[data['hash_sebelumnya']]}, bukan #{previous_id}",
                    ))
                elif ident == previous_id + 1:
                    found.append(Pelanggaran(
                        previous_id, "diubah",
                        f"peristiwa #{previous_id} diubah: hash-nya tidak cocok dengan tautan di peristiwa #{ident}",
                    ))
            previous_hash, previous_id = data["hash"], ident
        seq = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'peristiwa'").fetchone()
        if seq and seq[0] > previous_id:
            for missing in range(previous_id + 1, seq[0] + 1):
                found.append(Pelanggaran(missing, "hilang", f"peristiwa #{missing} (terakhir) hilang dari riwayat"))
        found.extend(self._compare_log(logged, {row[0]: row[_COLUMNS.index("hash")] for row in rows}, previous_id))
        return found

    def _compare_log(self, logged: list[tuple[int, str]], hashes: dict[int, str], last_id: int) -> list[Pelanggaran]:
        """The side file against the database: rollback, recomputed or replaced events."""
        found: list[Pelanggaran] = []
        if not logged:
            if hashes:
                found.append(Pelanggaran(None, "rantai", (
                    f"berkas rantai {self.chain_log.name} hilang atau kosong, padahal basis data berisi "
                    f"{len(hashes)} peristiwa")))
            return found
        lines = {ident for ident, _ in logged}
        unlogged = [ident for ident in hashes if ident not in lines]
        for ident in unlogged:
            found.append(Pelanggaran(ident, "rantai", (
                f"peristiwa #{ident} tidak tercatat di berkas rantai {self.chain_log.name} (ditambahkan di luar "
                "kinerja, atau baris rantainya dihapus)")))
        last_logged = logged[-1][0]
        if last_logged > last_id:
            found.append(Pelanggaran(last_logged, "rantai", (
                f"riwayat dimundurkan: berkas rantai mencatat peristiwa sampai #{last_logged}, basis data hanya "
                f"sampai #{last_id} (basis data diganti salinan lama atau peristiwa terakhir dibuang)")))
        for ident, digest in logged:
            current = hashes.get(ident)
            if current is not None and current != digest:
                found.append(Pelanggaran(ident, "rantai", (
                    f"peristiwa #{ident} tidak sama dengan yang tercatat di berkas rantai saat ditulis "
                    "(isi dan rantai hash-nya dihitung ulang)")))
        return found
