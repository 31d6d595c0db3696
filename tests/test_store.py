"""The append-only, hash-chained history: triggers, verification, tamper detection."""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

import pytest
from _util_alur import raw_sql
from hypothesis import given, settings
from hypothesis import strategies as st

from kinerja.alur.store import GENESIS, Store, StoreError


def fill(path: Path, n: int) -> Store:
    """A store with ``n`` events spread over a few cases."""
    store = Store(path)
    with store.transaction() as conn:
        for i in range(n):
            store.append(conn, tahun=2025, triwulan=i % 4 + 1, unit=f"U{i % 3}", waktu=f"2025-04-10T08:{i % 60:02d}:00",
                         pengguna="siti", peran="sekretaris", aksi="tugaskan", dari="a", ke="b", catatan=f"c{i}",
                         tenggat="2025-04-10T08:15:00", terlambat=i % 2 == 0)
    return store


def test_append_links_each_event_to_the_previous(tmp_path):
    store = fill(tmp_path / "k.db", 5)
    events = store.events()
    assert [e.id for e in events] == [1, 2, 3, 4, 5]
    assert events[0].hash_sebelumnya == GENESIS
    assert all(b.hash_sebelumnya == a.hash for a, b in zip(events, events[1:], strict=False))
    assert [e.urutan for e in store.events(2025, 1, "U0")] == [1]
    assert store.verify() == []


def test_append_needs_a_transaction(tmp_path):
    store = Store(tmp_path / "k.db")
    with pytest.raises(RuntimeError):
        store.append(store.connect(), tahun=2025, triwulan=1, unit="")


@pytest.mark.parametrize("sql", ["UPDATE peristiwa SET catatan = 'x' WHERE id = 2", "DELETE FROM peristiwa WHERE id = 2",
                                 "DELETE FROM peristiwa"])
def test_triggers_refuse_update_and_delete(tmp_path, sql):
    fill(tmp_path / "k.db", 3).close()
    conn = sqlite3.connect(tmp_path / "k.db")
    with pytest.raises(sqlite3.IntegrityError, match="hanya boleh ditambah"):
        conn.execute(sql)
    conn.close()
    assert len(Store(tmp_path / "k.db").events()) == 3


def test_reading_a_missing_database_creates_nothing(tmp_path):
    store = Store(tmp_path / "none.db")
    assert store.events() == [] and store.verify() == []
    assert not (tmp_path / "none.db").exists()


def test_failed_transaction_leaves_nothing(tmp_path):
    store = fill(tmp_path / "k.db", 2)
    with pytest.raises(ZeroDivisionError), store.transaction() as conn:
        store.append(conn, tahun=2025, triwulan=1, unit="", waktu="w", pengguna="p", peran="r", aksi="a", dari="x", ke="y")
        1 / 0  # noqa: B018
    assert len(store.events()) == 2 and store.verify() == []


def _kinds(store: Store) -> set[tuple[int | None, str]]:
    return {(v.id, v.jenis) for v in store.verify()}


def test_dropped_trigger_is_reported(tmp_path):
    store = fill(tmp_path / "k.db", 2)
    store.close()
    conn = sqlite3.connect(tmp_path / "k.db")
    conn.execute("DROP TRIGGER peristiwa_tanpa_hapus")
    conn.close()
    assert _kinds(Store(tmp_path / "k.db")) == {(None, "pemicu")}


TAMPER = st.one_of(
    st.tuples(st.just("edit"), st.integers(1, 12), st.sampled_from(["catatan", "pengguna", "waktu", "aksi", "terlambat"])),
    st.tuples(st.just("delete"), st.integers(1, 12), st.just("")),
    st.tuples(st.just("swap"), st.integers(1, 12), st.integers(1, 11).map(str)),
    st.tuples(st.just("rehash"), st.integers(1, 11), st.just("")),
)


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(n=st.integers(2, 12), tamper=TAMPER)
def test_every_tampering_is_detected_and_named(n, tamper):
    kind, target, extra = tamper
    target = min(target, n)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "k.db"
        fill(path, n).close()
        assert Store(path).verify() == []
        if kind == "edit":
            value = "1 - terlambat" if extra == "terlambat" else f"{extra} || '!'"
            raw_sql(path, f"UPDATE peristiwa SET {extra} = {value} WHERE id = {target}")
            expected = {(target, "diubah")}
        elif kind == "delete":
            raw_sql(path, f"DELETE FROM peristiwa WHERE id = {target}")
            expected = {(target, "hilang")}
        elif kind == "swap":
            other = (target + int(extra) - 1) % n + 1
            if other == target:
                other = target % n + 1
            a, b = sorted((target, other))
            raw_sql(path, f"UPDATE peristiwa SET id = -1 WHERE id = {a}", f"UPDATE peristiwa SET id = {a} WHERE id = {b}",
                    f"UPDATE peristiwa SET id = {b} WHERE id = -1")
            expected = {(a, "urutan")}
        else:  # edit one event and recompute its own hash: the next event's link breaks
            target = min(target, n - 1)
            from kinerja.alur.store import _COLUMNS, event_hash

            conn = sqlite3.connect(path)
            row = dict(zip(_COLUMNS, conn.execute(f"SELECT {', '.join(_COLUMNS)} FROM peristiwa WHERE id = ?",
                                                  (target,)).fetchone(), strict=True))
            conn.close()
            row["catatan"] = "diganti diam-diam"
            new_hash = event_hash(row)
            raw_sql(path, f"UPDATE peristiwa SET catatan = 'diganti diam-diam', hash = '{new_hash}' WHERE id = {target}")
            expected = {(target, "diubah")}
        found = _kinds(Store(path))
        assert found, f"{tamper} not detected"
        assert expected <= found, (tamper, found)


@settings(max_examples=25, deadline=None)
@given(n=st.integers(0, 30))
def test_untampered_history_always_verifies(n):
    with tempfile.TemporaryDirectory() as folder:
        store = fill(Path(folder) / "k.db", n)
        assert store.verify() == []
        store.close()


def test_head_counts_events_and_names_the_last_hash(tmp_path):
    assert Store(tmp_path / "kinerja.db").head() is None
    assert not (tmp_path / "kinerja.db").exists()  # asking does not create the database
    store = fill(tmp_path / "kinerja.db", 3)
    assert store.head() == (3, store.events()[-1].hash)
    store.close()


def test_an_event_whose_side_file_line_cannot_be_written_is_not_recorded(tmp_path):
    store = fill(tmp_path / "k.db", 2)
    store.close()
    lines = store.chain_log.read_text()
    store.chain_log.unlink()
    store.chain_log.mkdir()  # the side file cannot be appended to (a folder in its place: fails even as root)
    with pytest.raises(StoreError, match="tidak dapat ditambah.*tidak dicatat"), store.transaction() as conn:
        store.append(conn, tahun=2025, triwulan=1, unit="", waktu="2025-04-10T09:00:00", pengguna="siti",
                     peran="sekretaris", aksi="tugaskan", dari="a", ke="b")
    assert [e.id for e in store.events()] == [1, 2]  # neither the event nor its line
    store.chain_log.rmdir()
    store.chain_log.write_text(lines)
    assert store.verify() == []


def test_every_event_missing_from_the_side_file_is_named(tmp_path):
    store = fill(tmp_path / "k.db", 4)
    lines = store.chain_log.read_text().splitlines(keepends=True)
    assert [line.split()[0] for line in lines] == ["1", "2", "3", "4"] and all(len(line.split()) == 4 for line in lines)
    store.chain_log.write_text(lines[0] + lines[3])
    found = store.verify()
    assert [(p.id, p.jenis) for p in found] == [(2, "rantai"), (3, "rantai")]
    assert "peristiwa #2 tidak tercatat di berkas rantai" in found[0].pesan


def test_a_failed_commit_takes_its_side_file_line_back(tmp_path):
    store = fill(tmp_path / "k.db", 1)
    before = store.chain_log.read_bytes()
    store._unlog(store._log_heads([(2, "f" * 64, "2025-04-10T09:00:00", True)]))
    assert store.chain_log.read_bytes() == before
