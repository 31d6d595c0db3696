"""Report sections: the provenance footer anchors the workflow history."""

from __future__ import annotations

from kinerja.alur.store import Store
from kinerja.laporan.sections import history_anchor
from kinerja.paths import Workspace


def test_history_anchor_names_count_and_last_hash(tmp_path):
    workspace = Workspace(tmp_path)
    assert history_anchor(workspace) == ""
    assert not workspace.database.exists()
    with Store(workspace.database) as store, store.transaction() as conn:
        for aksi in ("tugaskan", "perintahkan"):
            last = store.append(conn, tahun=2025, triwulan=1, unit="", waktu="2025-04-10T08:00:00", pengguna="siti",
                                peran="sekretaris", aksi=aksi, dari="a", ke="b")
    anchor = history_anchor(workspace)
    assert anchor.startswith("2 peristiwa")
    assert anchor.endswith(last.hash)
