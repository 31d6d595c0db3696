"""The workflow history: an append-only, hash-chained table of events in SQLite.

Every transition of every case is one row of ``peristiwa``. Rows are only ever inserted:
triggers abort any ``UPDATE`` or ``DELETE``. Each row carries the hash of the row before it
(over the whole database, in insertion order) and its own hash over its content and that
link, so :func:`verify` finds any edited, removed or reordered event and names it. The row id
is ``AUTOINCREMENT``, so SQLite's ``sqlite_sequence`` also remembers a removed last event.

Writers use :meth:`Store.transaction` (``BEGIN IMMEDIATE``): the state check and the insert
happen under one write lock, so of two people acting on a case at the same moment exactly one
wins and the other sees the new state. The default rollback journal is kept (no WAL), so the
file also works on the network shares JupyterHub home folders often live on.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, fields
from pathlib import Path

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
    UNIQUE (tahun, triwulan, unit, urutan)
);
CREATE INDEX IF NOT EXISTS peristiwa_kasus ON peristiwa (tahun, triwulan, unit, id);
CREATE TRIGGER IF NOT EXISTS peristiwa_tanpa_ubah BEFORE UPDATE ON peristiwa
BEGIN SELECT RAISE(ABORT, 'riwayat alur hanya boleh ditambah: peristiwa tidak boleh diubah'); END;
CREATE TRIGGER IF NOT EXISTS peristiwa_tanpa_hapus BEFORE DELETE ON peristiwa
BEGIN SELECT RAISE(ABORT, 'riwayat alur hanya boleh ditambah: peristiwa tidak boleh dihapus'); END;
"""

TRIGGERS = ("peristiwa_tanpa_ubah", "peristiwa_tanpa_hapus")


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

    def as_dict(self) -> dict:
        """JSON-ready dict."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


_COLUMNS = tuple(f.name for f in fields(Peristiwa))
_HASHED = tuple(c for c in _COLUMNS if c not in ("id", "hash"))


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
    """One audit finding. ``jenis``: diubah, hilang, urutan, pemicu."""

    id: int | None
    jenis: str
    pesan: str


class Store:
    """The SQLite file of one workspace."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._conn: sqlite3.Connection | None = None
        self.missing_triggers: list[str] = []

    # -- connection -----------------------------------------------------------------------
    @property
    def exists(self) -> bool:
        """True when the database file exists."""
        return self.path.is_file()

    def connect(self) -> sqlite3.Connection:
        """The connection, creating the file and schema on first use."""
        if self._conn is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=60, isolation_level=None)
            conn.execute("PRAGMA busy_timeout = 60000")
            objects = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            if "peristiwa" in objects:  # noted before the schema script restores them
                self.missing_triggers = [t for t in TRIGGERS if t not in objects]
            conn.executescript(SCHEMA)
            self._conn = conn
        return self._conn

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
        """``BEGIN IMMEDIATE`` … ``COMMIT`` (``ROLLBACK`` on any exception)."""
        conn = self.connect()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    # -- reading --------------------------------------------------------------------------
    def head(self) -> tuple[int, str] | None:
        """(number of events, hash of the last event), or None for an empty or absent store.

        Printed on every report, it anchors the history: rewriting events and recomputing the
        chain afterwards no longer matches the hash on the signed paper copy.
        """
        if not self.exists:
            return None
        row = self.connect().execute("SELECT COUNT(*), (SELECT hash FROM peristiwa ORDER BY id DESC LIMIT 1) FROM peristiwa").fetchone()
        return (int(row[0]), str(row[1])) if row and row[0] else None

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
        return [_row_to_event(r) for r in self.connect().execute(sql, args)]

    # -- writing --------------------------------------------------------------------------
    def append(self, conn: sqlite3.Connection, **values: object) -> Peristiwa:
        """Insert one event inside an open :meth:`transaction`; returns it with id and hash.

        ``values`` are the event's fields except ``id``, ``urutan``, ``hash_sebelumnya`` and
        ``hash``, which are computed here.
        """
        if not conn.in_transaction:
            raise RuntimeError("Store.append needs an open transaction")
        data = {c: values.get(c, "") for c in _COLUMNS if c not in ("id", "urutan", "hash_sebelumnya", "hash")}
        data["triwulan"] = data["triwulan"] or 0
        data["terlambat"] = int(bool(data["terlambat"]))
        last = conn.execute("SELECT hash FROM peristiwa ORDER BY id DESC LIMIT 1").fetchone()
        data["hash_sebelumnya"] = last[0] if last else GENESIS
        count = conn.execute(
            "SELECT COALESCE(MAX(urutan), 0) FROM peristiwa WHERE tahun = ? AND triwulan = ? AND unit = ?",
            (data["tahun"], data["triwulan"], data["unit"]),
        ).fetchone()[0]
        data["urutan"] = count + 1
        data["hash"] = event_hash(data)
        names = [c for c in _COLUMNS if c != "id"]
        cursor = conn.execute(
            f"INSERT INTO peristiwa ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
            [data[c] for c in names],
        )
        data["id"] = cursor.lastrowid
        return _row_to_event(tuple(data[c] for c in _COLUMNS))

    # -- audit ----------------------------------------------------------------------------
    def verify(self) -> list[Pelanggaran]:
        """Check the whole chain; an empty list means the history is intact."""
        if not self.exists:
            return []
        conn = self.connect()
        found: list[Pelanggaran] = []
        for name in self.missing_triggers:
            found.append(Pelanggaran(None, "pemicu", f"pemicu pelindung '{name}' hilang"))
        rows = conn.execute(f"SELECT {', '.join(_COLUMNS)} FROM peristiwa ORDER BY id").fetchall()
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
        return found
