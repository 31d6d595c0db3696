"""The workspace context (``alur/konteks``): the config read once and the history's SQLite file opened
once per command, per report run and per action of the web app, counted on a real store by real runs."""

from __future__ import annotations

import pickle
import sqlite3
import threading

import pytest
from _util_alur import drive, make_workspace, ready_for
from click.testing import CliRunner

import kinerja.config.load
from kinerja.alur.konteks import KonteksKerja, konteks_of, store_of
from kinerja.alur.workflow import act, approval, case_status
from kinerja.cli.commands import main
from kinerja.domain.periode import Periode
from kinerja.paths import Workspace


class Hitungan:
    """Every reading of a ``kinerja.toml`` and every SQLite connection made to a ``kinerja.db``
    (the real functions still do the work; only their calls are counted)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.config = 0
        self.koneksi: list[sqlite3.Connection] = []
        read, connect = kinerja.config.load.read_toml_text, sqlite3.connect

        def counted_read(path):
            self.config += path.name == "kinerja.toml"
            return read(path)

        def counted_connect(path, *args, **kwargs):
            conn = connect(path, *args, **kwargs)
            if str(path).endswith("kinerja.db"):
                self.koneksi.append(conn)
            return conn

        monkeypatch.setattr(kinerja.config.load, "read_toml_text", counted_read)
        monkeypatch.setattr(sqlite3, "connect", counted_connect)

    @property
    def terbuka(self) -> list[sqlite3.Connection]:
        """The counted connections still open."""
        def is_open(conn: sqlite3.Connection) -> bool:
            try:
                conn.execute("SELECT 1")
            except sqlite3.ProgrammingError as exc:  # closed, or open in another thread (still open then)
                return "closed" not in str(exc)
            return True

        return [c for c in self.koneksi if is_open(c)]


@pytest.fixture
def diserahkan(tmp_path, config):
    """A workspace whose TW I was handed over (its history has every kind of event a status reads)."""
    ws = make_workspace(tmp_path / "ruang")
    drive(ws, config, "serahkan_bahan")
    return ws


def test_kinerja_status_reads_the_config_once_and_opens_the_store_once(diserahkan, hub, monkeypatch):
    hitung = Hitungan(monkeypatch)
    # a wide table whatever the terminal (CI's is 80 columns, where the table wraps the step's name)
    result = CliRunner().invoke(main, ["--ruang-kerja", str(diserahkan.root), "status", "--tahun", "2025"],
                                env={**hub("siti"), "COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Penyusunan laporan oleh PPTK" in result.output  # TW I read from the history
    assert "'Ajukan laporan' belum dapat diambil" in result.output  # the guards read it too (blocked_steps)
    assert hitung.config == 1
    assert len(hitung.koneksi) == 1  # the registry check, every case's status and every guard: one store
    assert hitung.terbuka == []  # closed with the command


def test_kinerja_alur_takes_an_action_with_one_store(diserahkan, hub, monkeypatch):
    hitung = Hitungan(monkeypatch)
    result = CliRunner().invoke(main, ["--ruang-kerja", str(diserahkan.root), "alur", "tugaskan", "--tahun", "2025",
                                       "--triwulan", "2", "--pptk", "budi"], env=hub("siti"))
    assert result.exit_code == 0, result.output
    assert [e.aksi for e in KonteksKerja.buka(diserahkan).store.events(2025, 2)] == ["tugaskan"]
    assert hitung.config == 1 and len(hitung.koneksi) == 2  # the command's one, then this test's reading
    assert hitung.terbuka == [hitung.koneksi[1]]


def test_an_action_on_a_plain_workspace_opens_one_store(diserahkan, config, monkeypatch):
    ready_for(diserahkan, config, "ajukan", 2025, 1)  # a DRAF report of the handed-over material
    hitung = Hitungan(monkeypatch)
    before = len(hitung.koneksi)
    event = act(diserahkan, config, "ajukan", 2025, 1, username="budi")
    assert event.aksi == "ajukan" and event.ke == "pemeriksaan"
    assert len(hitung.koneksi) - before == 1  # the registry, the case, its guards and the event: one connection
    assert hitung.terbuka == []


def test_a_context_hands_its_one_store_down(diserahkan, config, monkeypatch):
    hitung = Hitungan(monkeypatch)
    ruang = KonteksKerja.buka(diserahkan.root)
    with ruang:
        assert ruang.config.instansi.nama == config.instansi.nama
        rows = case_status(ruang, ruang.config, 2025)
        state = approval(ruang, ruang.config, 2025, 1)
        assert KonteksKerja.buka(ruang) is ruang and konteks_of(ruang) is ruang
        with store_of(ruang) as store:
            assert store is ruang.store
            assert len(store.events(2025, 1)) == 3
    assert [r["keadaan"] for r in rows][:1] == [state.keadaan] == ["penyusunan"]
    assert hitung.config == 1 and len(hitung.koneksi) == 1 and hitung.terbuka == []
    case_status(ruang, ruang.config, 2025)  # a later use opens it again
    assert len(hitung.koneksi) == 2 and hitung.config == 1


def test_a_store_per_thread_and_per_process(diserahkan):
    ruang = KonteksKerja.buka(diserahkan)
    mine = ruang.store
    theirs: list = []
    worker = threading.Thread(target=lambda: theirs.append(ruang.store))
    worker.start()
    worker.join()
    assert theirs[0] is not mine and ruang.store is mine  # an SQLite connection never crosses threads
    mine.events()
    copy = pickle.loads(pickle.dumps(ruang))  # what a worker process would receive
    assert isinstance(copy, KonteksKerja) and copy.root == ruang.root and copy.store is not mine
    assert copy.store._conn is None and copy.config.instansi.nama == ruang.config.instansi.nama
    ruang.tutup()


def test_nested_uses_close_the_store_with_the_outermost(diserahkan):
    ruang = KonteksKerja.buka(diserahkan)
    with ruang:
        with ruang:
            ruang.store.events()
        assert ruang.store._conn is not None  # the inner use ended; the outer one still holds it
    assert ("store" not in {k[0] for k in ruang._cache if isinstance(k, tuple)})


def test_the_context_is_the_workspace_with_its_periods(diserahkan):
    ruang = KonteksKerja.buka(str(diserahkan.root))
    assert isinstance(ruang, Workspace) and ruang.workspace == Workspace(diserahkan.root)
    assert ruang.report_folder(Periode(2025, 2)) == diserahkan.root / "laporan" / "2025" / "triwulan-2"
    assert ruang.archive_folder(Periode(2025)) == diserahkan.root / "data" / "archive" / "2025" / "tahunan"


def test_a_report_run_reads_the_config_once_and_opens_the_store_once(diserahkan, monkeypatch):
    """What a report notebook's kernel does (``siapkan_triwulan``/``siapkan_tahunan`` given the workspace
    folder): the context is made there once; the earlier quarters' approvals, the workflow section,
    the history's anchor and the earlier years' documented reports all read the one store."""
    from kinerja.laporan.model.data import siapkan_tahunan, siapkan_triwulan

    hitung = Hitungan(monkeypatch)
    lap = siapkan_triwulan(2025, 2, ruang_kerja=str(diserahkan.root))
    assert isinstance(lap.workspace, KonteksKerja) and lap.riwayat.startswith("3 peristiwa")
    assert [s["keadaan"] for s in lap.status_alur or []] == ["belum_dimulai"]  # TW I read too (its approval)
    assert (hitung.config, len(hitung.koneksi), hitung.terbuka) == (1, 1, [])
    tahunan = siapkan_tahunan(2025, ruang_kerja=str(diserahkan.root))
    assert tahunan.status_triwulan["keadaan"].tolist()[0] == "penyusunan"
    assert (hitung.config, len(hitung.koneksi), hitung.terbuka) == (2, 2, [])  # one more of each for the second run


def test_the_web_app_reads_the_config_once_and_opens_the_store_once_per_action(diserahkan, hub, monkeypatch):
    """The panel as siti sees it (JupyterHub vouches for her): opening it, then one click, each
    reads the history through one connection, closed when the action is over; the config is read
    once, when the app is opened."""
    from kinerja.web.panel import Aplikasi

    for name, value in hub("siti").items():
        monkeypatch.setenv(name, value)
    hitung = Hitungan(monkeypatch)
    app = Aplikasi(workspace=diserahkan.root, tahun=2025)
    assert (hitung.config, len(hitung.koneksi), hitung.terbuka) == (1, 1, [])
    form = next(f for f in app.tugas.forms if f.triwulan == 2)
    form.pptk.value = "budi"
    form.buttons["tugaskan"].click()
    assert "Tercatat: Tugaskan PPTK oleh siti" in form.pesan.value
    assert [r["keadaan"] for r in app.status.rows][:2] == ["penyusunan", "ditugaskan"]  # every page refreshed
    assert (hitung.config, len(hitung.koneksi), hitung.terbuka) == (1, 2, [])  # the action and the refresh: one more


def _open_databases() -> int:
    """How many files this process holds open on a ``kinerja.db`` (Linux: /proc/self/fd)."""
    import os
    from pathlib import Path

    found = 0
    for fd in Path("/proc/self/fd").iterdir():
        try:
            found += os.readlink(fd).endswith("kinerja.db")
        except OSError:
            continue
    return found


@pytest.mark.skipif(not __import__("pathlib").Path("/proc/self/fd").is_dir(), reason="counts open files through /proc (Linux)")
def test_closing_lets_go_of_every_thread_s_store(diserahkan):
    """A report run's print thread reads the approval with a store of its own; the command's end closes
    the main thread's and releases the print thread's (closed when collected, never by another thread)."""
    import gc

    before = _open_databases()
    ruang = KonteksKerja.buka(diserahkan)
    worker = threading.Thread(target=lambda: approval(ruang, ruang.config, 2025, 1))
    worker.start()
    worker.join()
    ruang.store.events()
    assert _open_databases() == before + 2
    ruang.tutup()
    gc.collect()
    assert _open_databases() == before
