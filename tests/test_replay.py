"""The audit replays the SOP and time over the history: signed events that break either are named."""

from __future__ import annotations

import datetime as dt
import sqlite3

from _util_alur import drive, make_workspace

from kinerja.alur import kunci
from kinerja.alur.store import _COLUMNS, WAKTU_DIBERIKAN, BarisRantai, Peristiwa, event_hash
from kinerja.alur.workflow import act, audit
from kinerja.domain import sop


def forge(ws, *, signer: str, stamp: str | None = None, **values) -> int:
    """Append an event signed by ``signer``'s own (registered) key with raw SQL, chain made right, and
    its side-file line written too (``stamp``: the machine time the forger writes; default now)."""
    conn = sqlite3.connect(ws.database, isolation_level=None)
    last = dict(zip(_COLUMNS, conn.execute(f"SELECT {', '.join(_COLUMNS)} FROM peristiwa ORDER BY id DESC LIMIT 1")
                    .fetchone(), strict=True))
    row = {**last, "catatan": "", "penerima": "", "berkas": "", "sha256": "", "terlambat": 0, **values,
           "hash_sebelumnya": last["hash"]}
    row["urutan"] = conn.execute("SELECT COALESCE(MAX(urutan), 0) + 1 FROM peristiwa WHERE tahun = ? AND triwulan = ? "
                                 "AND unit = ?", (row["tahun"], row["triwulan"], row["unit"])).fetchone()[0]
    row["hash"] = event_hash(row)
    row["tanda_tangan"] = kunci.sign(kunci.sample_key(signer), row["hash"])
    names = [c for c in _COLUMNS if c != "id"]
    conn.execute(f"INSERT INTO peristiwa ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                 [row[c] for c in names])
    ident = conn.execute("SELECT MAX(id) FROM peristiwa").fetchone()[0]
    conn.close()
    stamp = stamp or dt.datetime.now(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    with open(ws.database.with_suffix(".rantai"), "a", encoding="utf-8") as log:
        log.write(f"{ident} {row['hash']} {row['waktu']} {stamp}\n")
    return ident


def step(aksi: str) -> dict:
    """The SOP's own transition of ``aksi`` (what a forger who knows the rules writes)."""
    langkah = sop.langkah(aksi)
    return {"aksi": aksi, "dari": langkah.dari, "ke": langkah.ke, "peran": langkah.peran}


def found(ws, config):
    return [(p.id, p.jenis, p.pesan) for p in audit(ws, config).pelanggaran]


def test_a_signed_submission_that_skips_two_steps_is_named(tmp_path, config):
    ws = make_workspace(tmp_path)
    drive(ws, config, "tugaskan")
    assert found(ws, config) == []
    # the assigned PPTK signs his own 'ajukan' while the case is only assigned (perintahkan and
    # serahkan_bahan skipped); signature, chain and side file are all in order
    ident = forge(ws, signer="budi", stamp=WAKTU_DIBERIKAN, **step("ajukan"), pengguna="budi",
                  waktu="2025-04-10T09:00:00")
    problems = found(ws, config)
    assert [(i, j) for i, j, _ in problems] == [(ident, "sop")], problems
    assert "'ajukan' oleh budi" in problems[0][2] and "'PPTK ditugaskan'" in problems[0][2]


def test_documenting_a_quarter_that_was_never_started_is_named(tmp_path, config):
    ws = make_workspace(tmp_path)
    drive(ws, config, "setujui")
    ident = forge(ws, signer="rizal", stamp=WAKTU_DIBERIKAN, **step("dokumentasikan"), pengguna="rizal",
                  waktu="2025-04-10T10:00:00", tahun=2025, triwulan=2)
    problems = found(ws, config)
    assert [(i, j) for i, j, _ in problems] == [(ident, "sop")], problems
    assert "TW II 2025" in problems[0][2] and "Belum dimulai" in problems[0][2]


def test_a_back_dated_signed_event_is_named(tmp_path, config):
    ws = make_workspace(tmp_path)
    act(ws, config, "tugaskan", 2025, 1, username="siti", penerima="budi")  # the office's clock, now
    act(ws, config, "perintahkan", 2025, 1, username="siti")
    assert found(ws, config) == []
    last = dt.datetime.fromisoformat(_last_time(ws))
    year_back = (last - dt.timedelta(days=365)).isoformat(timespec="seconds")
    # Dewi signs her hand-over dated a year back, and writes its side-file line (with the true time)
    ident = forge(ws, signer="dewi", **step("serahkan_bahan"), pengguna="dewi", waktu=year_back)
    problems = found(ws, config)
    assert {(i, j) for i, j, _ in problems} == {(ident, "waktu")}, problems
    texts = " ".join(p for _, _, p in problems)
    assert "waktu riwayat mundur" in texts and "tidak sesuai saat ia ditulis" in texts


def test_a_back_dated_first_event_is_named_by_its_side_file_time(tmp_path, config):
    ws = make_workspace(tmp_path)
    act(ws, config, "tugaskan", 2025, 1, username="siti", penerima="budi")
    lines = ws.database.with_suffix(".rantai").read_text().split()
    stamp = dt.datetime.fromisoformat(lines[3].replace("Z", "+00:00"))
    assert abs(stamp - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=10)  # the machine's UTC time of writing
    ws2 = make_workspace(tmp_path / "lain")
    drive(ws2, config, "tugaskan")  # a time given through the API (2025-04-10): a note, not a finding
    result = audit(ws2, config)
    assert result.pelanggaran == [] and any("diberikan pemanggil" in c for c in result.catatan)


def _last_time(ws) -> str:
    conn = sqlite3.connect(ws.database)
    try:
        return conn.execute("SELECT waktu FROM peristiwa ORDER BY id DESC LIMIT 1").fetchone()[0]
    finally:
        conn.close()


def _event(ident: int, waktu: str) -> Peristiwa:
    return Peristiwa(id=ident, tahun=2025, triwulan=1, unit="IRBAN-1", urutan=ident, waktu=waktu, pengguna="siti",
                     peran="pptk", aksi="ajukan", dari="draf", ke="diajukan", catatan="", penerima="", berkas="",
                     sha256="", tenggat="", terlambat=False, hash_sebelumnya="", hash=f"h{ident}")


def test_replay_time_names_a_time_that_is_no_date_one_in_the_future_and_an_unreadable_side_file_time():
    """Each broken time is one finding naming the event; a caller-given time is counted, not judged."""
    from kinerja.alur.replay import replay_time

    now = dt.datetime(2025, 4, 10, 9, 0)
    events = [_event(1, "2025-04-08T08:00:00"), _event(2, "kemarin sore"), _event(3, "2025-04-09T08:00:00"),
              _event(4, "2025-04-12T08:00:00"), _event(5, "2025-04-09T10:00:00")]
    lines = [BarisRantai(1, "h1", events[0].waktu, WAKTU_DIBERIKAN), BarisRantai(3, "h3", events[2].waktu, "jam tujuh"),
             BarisRantai(5, "h5", events[4].waktu, "2025-04-09T03:00:00Z")]  # 10:00 WIB = 03:00 UTC: agrees
    found, given = replay_time(events, lines, "Asia/Jakarta", now)
    assert given == 1
    said = {(p.id, p.pesan) for p in found}
    assert said == {
        (2, "peristiwa #2 'ajukan' oleh siti pada kemarin sore: waktunya bukan tanggal-jam yang sah"),
        (3, "peristiwa #3 'ajukan' oleh siti pada 2025-04-09T08:00:00: waktu di berkas rantai tidak terbaca (jam tujuh)"),
        (4, "peristiwa #4 'ajukan' oleh siti pada 2025-04-12T08:00:00 bertanggal di masa depan (sekarang 2025-04-10T09:00)"),
        (5, "peristiwa #5 'ajukan' oleh siti pada 2025-04-09T10:00:00 bertanggal lebih awal dari peristiwa #4 "
            "sebelumnya (2025-04-12T08:00:00): waktu riwayat mundur (peristiwa diberi tanggal mundur)"),
    }
    assert {p.jenis for p in found} == {"waktu"}
