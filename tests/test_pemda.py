"""Pemda workspace, every OPD through the local pool and through a real Dask cluster."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell

from kinerja.errors import ConfigError, UsageError
from kinerja.paths import NOTEBOOKS_DIR
from kinerja.pemda.sample import write_sample_pemda
from kinerja.pemda.workspace import load_pemda
from kinerja.terbitan import MANIFEST, current

TAHUN, TRIWULAN = 2025, 3
MARK = "RUSAK-UJI"
CLOCK = re.compile(r"pukul \d{2}\.\d{2}")  # when the report was made: differs between the two runs


def test_sample_pemda_is_a_folder_of_ordinary_office_workspaces(tmp_path: Path) -> None:
    folder = write_sample_pemda(tmp_path / "pemda", 3)
    pemda = load_pemda(folder.root)
    assert [o.kode for o in pemda.opd] == ["DISDIK", "DINKES", "DPUPR"]
    from kinerja.config import load_workspace_config

    names = [load_workspace_config(o.root).instansi.nama for o in pemda.opd]
    assert names == ["Dinas Pendidikan Kabupaten Contoh", "Dinas Kesehatan Kabupaten Contoh",
                     "Dinas Pekerjaan Umum dan Penataan Ruang Kabupaten Contoh"]
    assert len(list((pemda.opd[0].root / "data" / "raw" / "2025" / "triwulan-3").glob("*.xlsx"))) == 3  # one unit left out
    assert len(list((pemda.opd[3 - 1].root / "data" / "raw" / "2025" / "triwulan-3").glob("*.xlsx"))) == 3
    with pytest.raises(UsageError):
        write_sample_pemda(folder.root, 2)  # not empty
    with pytest.raises(UsageError, match="XYZ"):
        pemda.pilih(["disdik", "XYZ"])
    assert [o.kode for o in pemda.pilih(["dinkes"])] == ["DINKES"]


def test_pemda_config_is_strict(tmp_path: Path) -> None:
    folder = write_sample_pemda(tmp_path / "pemda", 1)
    text = folder.config_file.read_text(encoding="utf-8")
    folder.config_file.write_text(text.replace('kota = "Contoh"', 'kota = "Contoh"\nwarna = "merah"'), encoding="utf-8")
    with pytest.raises(ConfigError, match="pemda.warna"):
        load_pemda(folder.root)
    folder.config_file.write_text(text.replace('folder = "opd/disdik"', 'folder = "opd/tidak-ada"'), encoding="utf-8")
    with pytest.raises(ConfigError, match="tidak-ada"):
        load_pemda(folder.root)
    with pytest.raises(ConfigError, match="pemda.toml tidak ditemukan"):
        load_pemda(tmp_path / "kosong")
    folder.config_file.write_text(text, encoding="utf-8")
    assert load_pemda(folder.root).zona_waktu == "Asia/Makassar"  # the sample Pemda is in WITA
    folder.config_file.write_text(text.replace('zona_waktu = "Asia/Makassar"', 'zona_waktu = "WITA"'), encoding="utf-8")
    assert load_pemda(folder.root).zona_waktu == "Asia/Makassar"  # the abbreviation names the zone (config.time_zone_name)
    folder.config_file.write_text(text.replace('zona_waktu = "Asia/Makassar"', 'zona_waktu = "GMT+8"'), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"pemda\.zona_waktu.*'GMT\+8'.*Asia/Makassar"):
        load_pemda(folder.root)


def _marked_notebook(target: Path) -> Path:
    """The real quarterly notebook plus one cell that fails in an OPD folder holding MARK."""
    notebook = nbformat.read(NOTEBOOKS_DIR / "triwulan.ipynb", as_version=4)
    index = next(i for i, c in enumerate(notebook.cells) if "parameters" in c.metadata.get("tags", []))
    notebook.cells.insert(index + 1, new_code_cell(
        f"from pathlib import Path\nassert not (Path(ruang_kerja) / {MARK!r}).exists(), 'OPD ini ditandai rusak untuk uji'"))
    nbformat.write(notebook, target)
    return target


def _snapshot(pemda) -> dict[str, object]:
    """Every OPD's stored results and documents (meta without its creation time; PDF as text)."""
    found: dict[str, object] = {}
    for opd in pemda.opd:
        published = current(opd.root / "laporan" / str(TAHUN) / f"triwulan-{TRIWULAN}")
        if published is None:
            continue
        for path in sorted(published.folder.iterdir()):
            if path.name == MANIFEST:  # records when it was published
                continue
            key = f"{opd.kode}/{path.name}"
            if path.name == "meta.json":
                meta = json.loads(path.read_text(encoding="utf-8"))
                meta.pop("dibuat")
                found[key] = meta
            elif path.suffix == ".pdf":
                text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout
                found[key] = CLOCK.sub("pukul —", text)
            elif path.suffix in (".json", ".html"):
                found[key] = CLOCK.sub("pukul —", path.read_text(encoding="utf-8"))
    return found


@pytest.mark.slow
@pytest.mark.notebook
def test_local_pool_and_dask_cluster_give_the_same_reports_and_a_failing_opd_stops_nothing(tmp_path: Path) -> None:
    from distributed import Client, LocalCluster

    from kinerja.pemda.cluster import run_dask
    from kinerja.pemda.pool import run_local

    pemda = load_pemda(write_sample_pemda(tmp_path / "pemda", 3).root)
    (pemda.opd[1].root / MARK).write_text("")
    notebook = _marked_notebook(tmp_path / "triwulan-uji.ipynb")

    cwd = Path.cwd()
    seen: list[str] = []
    local = run_local(pemda.opd, TAHUN, TRIWULAN, workers=2, notebook=notebook, on_done=lambda h: seen.append(h.kode))
    assert sorted(seen) == ["DINKES", "DISDIK", "DPUPR"]
    assert Path.cwd() == cwd  # no worker thread moved the process
    assert [(h.kode, h.berhasil) for h in local] == [("DISDIK", True), ("DINKES", False), ("DPUPR", True)]
    reason = local[1].alasan
    assert "triwulan-uji.ipynb" in reason and "AssertionError" in reason and "ditandai rusak" in reason
    assert all(any(p.endswith(".pdf") for p in h.berkas) for h in local if h.berhasil)
    first = _snapshot(pemda)
    assert {k.split("/")[0] for k in first} == {"DISDIK", "DPUPR"}  # nothing published for the failed OPD
    failed_folder = pemda.opd[1].root / "laporan" / str(TAHUN) / f"triwulan-{TRIWULAN}"
    assert [p.name for p in failed_folder.iterdir()] == [f"laporan-triwulan-{TRIWULAN}-{TAHUN}.gagal.ipynb"]

    for opd in pemda.opd:  # the cluster must write everything again
        shutil.rmtree(opd.root / "laporan")
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster, Client(cluster) as client:
        remote = run_dask(pemda.opd, TAHUN, TRIWULAN, client=client, notebook=notebook)
    assert [(h.kode, h.berhasil) for h in remote] == [("DISDIK", True), ("DINKES", False), ("DPUPR", True)]
    assert remote[1].alasan == reason
    assert len({h.pekerja for h in remote}) >= 1 and all(h.pekerja.split(":")[1] != str(__import__("os").getpid()) for h in remote)
    second = _snapshot(pemda)
    assert sorted(second) == sorted(first)
    for key in first:
        assert second[key] == first[key], key


@pytest.mark.slow
@pytest.mark.notebook
def test_a_killed_worker_process_fails_only_its_opd_and_is_replaced(tmp_path: Path) -> None:
    import os
    import time

    from kinerja.pemda.pool import run_local

    pemda = load_pemda(write_sample_pemda(tmp_path / "pemda", 3).root)
    (pemda.opd[0].root / "BUNUH-UJI").write_text("")
    notebook = NOTEBOOKS_DIR / "triwulan.ipynb"
    killer = nbformat.read(notebook, as_version=4)
    index = next(i for i, c in enumerate(killer.cells) if "parameters" in c.metadata.get("tags", []))
    killer.cells.insert(index + 1, new_code_cell(  # the kernel kills the worker process that runs it (its parent)
        "import os, signal\nfrom pathlib import Path\n"
        "if (Path(ruang_kerja) / 'BUNUH-UJI').exists():\n"
        "    (Path(ruang_kerja) / 'kernel.pid').write_text(f'{os.getpid()} {os.getppid()}')\n"
        "    os.kill(os.getppid(), signal.SIGKILL)"))
    nbformat.write(killer, tmp_path / "triwulan-bunuh.ipynb")

    results = run_local(pemda.opd, TAHUN, TRIWULAN, workers=1, pdf=False, notebook=tmp_path / "triwulan-bunuh.ipynb")
    kernel, worker = map(int, (pemda.opd[0].root / "kernel.pid").read_text().split())
    assert [(h.kode, h.berhasil) for h in results] == [("DISDIK", False), ("DINKES", True), ("DPUPR", True)]
    assert f"(pid {worker}) berhenti mendadak (dihentikan sinyal 9)" in results[0].alasan and "--opd DISDIK" in results[0].alasan
    assert current(pemda.opd[0].root / "laporan" / str(TAHUN) / f"triwulan-{TRIWULAN}") is None  # nothing half-published
    for opd in pemda.opd[1:]:
        assert current(opd.root / "laporan" / str(TAHUN) / f"triwulan-{TRIWULAN}") is not None
    replacement = {h.pekerja.split(":")[1] for h in results[1:]}  # one new worker for the OPD still waiting
    assert len(replacement) == 1 and str(worker) not in replacement
    deadline = time.monotonic() + 30
    while Path(f"/proc/{kernel}").exists() and time.monotonic() < deadline:  # the orphaned kernel notices and stops
        time.sleep(0.2)
        with __import__("contextlib").suppress(ChildProcessError):
            os.waitpid(kernel, os.WNOHANG)
    assert not Path(f"/proc/{kernel}").exists()


def _running(pid: int) -> bool:
    """True while process ``pid`` runs (a zombie has ended: it only waits to be reaped)."""
    import psutil

    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


@pytest.mark.slow
@pytest.mark.notebook
def test_a_worker_and_its_kernel_end_when_the_main_process_is_killed_without_its_clean_up(tmp_path: Path) -> None:
    """The main process killed outright (SIGKILL: no finally, no clean-up, like Windows' TerminateProcess)
    while its worker's kernel is busy with a cell that never ends: the worker notices its main
    process is gone and stops at once, closing its kernel (before, both ran on until the cell ended)."""
    import os
    import signal
    import sys
    import time

    root = write_sample_pemda(tmp_path / "pemda", 1).root
    pemda = load_pemda(root)
    notebook = nbformat.read(NOTEBOOKS_DIR / "triwulan.ipynb", as_version=4)
    index = next(i for i, c in enumerate(notebook.cells) if "parameters" in c.metadata.get("tags", []))
    notebook.cells.insert(index + 1, new_code_cell(  # the kernel says who it is, then works on forever
        "import os, threading\nfrom pathlib import Path\n"
        "(Path(ruang_kerja) / 'kernel.tmp').write_text(f'{os.getpid()} {os.getppid()}')\n"
        "os.replace(Path(ruang_kerja) / 'kernel.tmp', Path(ruang_kerja) / 'kernel.pid')\n"
        "threading.Event().wait()"))
    nbformat.write(notebook, tmp_path / "triwulan-macet.ipynb")
    script = tmp_path / "kumpulan.py"
    script.write_text(
        "from pathlib import Path\nfrom kinerja.pemda.pool import run_local\nfrom kinerja.pemda.workspace import load_pemda\n"
        "if __name__ == '__main__':\n"
        f"    run_local(load_pemda({str(root)!r}).opd, 2025, 3, workers=1, pdf=False,"
        f" notebook=Path({str(tmp_path / 'triwulan-macet.ipynb')!r}))\n", encoding="utf-8")
    told = pemda.opd[0].root / "kernel.pid"
    main = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    kernel = worker = 0
    try:
        deadline = time.monotonic() + 300
        while not told.is_file() and main.poll() is None and time.monotonic() < deadline:  # until the cell runs
            time.sleep(0.2)
        assert told.is_file(), main.communicate()
        kernel, worker = map(int, told.read_text().split())
        assert worker in _descendants(main.pid) and _running(kernel)
        os.kill(main.pid, signal.SIGKILL)
        main.wait()
        deadline = time.monotonic() + 120
        while (_running(worker) or _running(kernel)) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _running(worker), "the worker ran on without its main process"
        assert not _running(kernel), "the worker's kernel was left running"
    finally:
        for pid in (main.pid, worker, kernel):
            if pid and _running(pid):
                os.kill(pid, signal.SIGKILL)


def test_workers_that_cannot_start_fail_every_opd_once_with_the_reason(tmp_path: Path) -> None:
    """A script calling run_local without the ``__main__`` guard: every spawned worker re-runs the
    script and dies before it is warm. The run ends (no endless replacements) and says why."""
    import sys

    pemda = write_sample_pemda(tmp_path / "pemda", 3)
    script = tmp_path / "tanpa_penjaga.py"
    script.write_text(
        "from kinerja.pemda.pool import run_local\n"
        "from kinerja.pemda.workspace import load_pemda\n"
        f"for h in run_local(load_pemda({str(pemda.root)!r}).opd, 2025, 3, pdf=False):\n"
        "    print(h.kode, h.berhasil, h.alasan)\n", encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300)
    lines = [line for line in done.stdout.splitlines() if line.split(" ")[0] in ("DISDIK", "DINKES", "DPUPR")]
    assert [line.split(" ")[:2] for line in lines] == [["DISDIK", "False"], ["DINKES", "False"], ["DPUPR", "False"]], done.stdout
    assert all("Proses pekerja tidak dapat dimulai" in line and 'if __name__ == "__main__":' in line for line in lines)
    assert not list(pemda.root.glob("opd/*/laporan/*/*/versi-*"))  # nothing published


def _descendants(pid: int) -> dict[int, str]:
    """Every process below ``pid`` (from /proc): pid -> command line."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry.name))
    found: dict[int, str] = {}
    todo = list(parents.get(pid, []))
    while todo:
        child = todo.pop()
        try:
            found[child] = (Path("/proc") / str(child) / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        todo += parents.get(child, [])
    return found


@pytest.mark.slow
@pytest.mark.notebook
@pytest.mark.browser
def test_ctrl_c_stops_every_worker_kernel_and_browser_with_one_sentence(tmp_path: Path) -> None:
    import os
    import signal
    import sys
    import time

    pemda = write_sample_pemda(tmp_path / "pemda", 4)
    kinerja = Path(sys.executable).parent / "kinerja"

    def terminal() -> None:  # as in a terminal: its own process group, Ctrl+C not ignored
        os.setsid()
        signal.signal(signal.SIGINT, signal.SIG_DFL)

    run = subprocess.Popen([str(kinerja), "--ruang-kerja", str(pemda.root), "laporan", "triwulan", "--tahun", "2025",
                            "--triwulan", "3", "--semua-opd"], preexec_fn=terminal, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    below: dict[int, str] = {}
    while time.monotonic() < deadline and run.poll() is None:  # until both workers have a kernel and a browser
        below = _descendants(run.pid)
        if sum("ipykernel" in c for c in below.values()) >= 2 and sum("chromium" in c for c in below.values()) >= 2:
            break
        time.sleep(0.2)
    assert run.poll() is None, run.communicate()
    os.killpg(run.pid, signal.SIGINT)  # what Ctrl+C in the terminal sends
    out, err = run.communicate(timeout=60)
    assert run.returncode == 130  # 128 + SIGINT, as a shell reports an interrupted command
    assert err.strip().splitlines()[-1] == "Dibatalkan."
    assert "Traceback" not in err and "Exception" not in err and "Error" not in err, err
    def left() -> list[str]:
        return [c for pid, c in below.items() if Path(f"/proc/{pid}").exists() and ("ipykernel" in c or "chromium" in c)]

    deadline = time.monotonic() + 60  # a state, not a time: until every kernel and browser is gone (or a minute)
    while left() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not left(), left()


def _stored_figures(folder: Path) -> dict[str, object]:
    """The recap's figures of one OPD read straight from its stored capaian.json and meta.json."""
    rows = json.loads((folder / "capaian.json").read_text(encoding="utf-8"))
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    computed = [r["capaian"] for r in rows if r["status"] == "dihitung"]
    return {"jumlah_indikator": len(rows), "rata_rata_capaian": sum(computed) / len(computed), "galat": meta["galat"],
            "berkas": len(meta["berkas"])}


def _docx_text(path: Path) -> str:
    """Every paragraph of a .docx read back: body, table cells and page headers."""
    from docx import Document

    document = Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for r in t.rows for c in r.cells]
    parts += [p.text for section in document.sections for p in section.header.paragraphs]
    return "\n".join(parts)


def _approved_pemda(tmp_path: Path):
    """Four OPD of TW III through the real SOP: DISDIK approved and documented (archived), DINKES
    approved, DPUPR submitted and still under review (its published set a DRAF), DINSOS nothing."""
    import datetime as dt

    from _util_alur import document_quarter, official_sample_year

    from kinerja.config import load_workspace_config
    from kinerja.paths import Workspace

    pemda = load_pemda(write_sample_pemda(tmp_path / "pemda", 4).root)
    configs = [load_workspace_config(o.root) for o in pemda.opd]
    for index in (0, 1):
        official_sample_year(pemda.opd[index].root, configs[index], TAHUN, quarters=(TRIWULAN,))
    document_quarter(Workspace(pemda.opd[0].root), configs[0], TAHUN, TRIWULAN, dt.datetime(2025, 10, 20, 9, 0))
    official_sample_year(pemda.opd[2].root, configs[2], TAHUN, quarters=(TRIWULAN,), setujui=False)
    for opd in pemda.opd:
        shutil.rmtree(opd.root / "data" / "raw")  # the recap must not need the workbooks
    return pemda


def test_recap_ranks_only_approved_results_and_a_draf_preview_is_marked(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from kinerja.pemda.recap import recap_frame, write_recap

    pemda = _approved_pemda(tmp_path)
    assert [o.kode for o in pemda.opd] == ["DISDIK", "DINKES", "DPUPR", "DINSOS"]
    quarter = f"{TAHUN}/triwulan-{TRIWULAN}"
    archived = sorted((pemda.opd[0].root / "data" / "archive" / quarter).glob("versi-*"))[-1] / "laporan"
    stored = {"DISDIK": _stored_figures(archived),  # documented: read from its archive
              "DINKES": _stored_figures(current(pemda.opd[1].root / "laporan" / quarter).folder),
              "DPUPR": _stored_figures(current(pemda.opd[2].root / "laporan" / quarter).folder)}  # the unapproved set
    assert current(pemda.opd[3].root / "laporan" / quarter) is None

    result = write_recap(pemda, TAHUN, TRIWULAN, pdf=False)
    frame = result.tabel.set_index("kode")
    ranked = result.tabel[result.tabel["peringkat"].notna()]
    order = sorted(["DISDIK", "DINKES"], key=lambda k: -stored[k]["rata_rata_capaian"])
    assert ranked["kode"].tolist() == order and ranked["peringkat"].tolist() == [1, 2]
    for kode in ("DISDIK", "DINKES"):
        row = frame.loc[kode]
        assert row["status_hasil"] == "resmi" and row["keterangan"] == ""
        assert row["rata_rata_capaian"] == pytest.approx(stored[kode]["rata_rata_capaian"], abs=1e-9)
        for name in ("jumlah_indikator", "galat", "berkas"):
            assert row[name] == stored[kode][name], (kode, name)
        assert row["jumlah_indikator"] == row[[c for c in frame.columns if c.startswith("predikat:")]].sum()
    # Early warning per OPD, from the stored capaian.json of TW III. DINKES (no IRBAN-1 rows): IK-4.2 (akhir
    # periode 10, 15, 22 %: trend +6 a quarter → 28 of 60 = 46,67 %) and IK-3.6 (kumulatif 0 + 1 + 1 of 3 planned
    # → 2,67 of 4 = 66,67 %) fall below the at-risk bound; IK-4.3 (7 of 9 planned → 77,78 %) is only waspada.
    # DISDIK has IRBAN-1's rows too: IK-2.2 (repeated findings 4 + 5 + 3 of at most 9 → 16 of 12 → 66,67 %) and
    # IK-2.6 (5 of the 8 planned → 6,25 of 10 = 62,5 %) as well.
    assert (frame.loc["DISDIK", "berisiko_proyeksi"], frame.loc["DINKES", "berisiko_proyeksi"]) == (4, 2)
    dpupr, dinsos = frame.loc["DPUPR"], frame.loc["DINSOS"]
    assert dpupr["peringkat"] is None and dpupr["status_hasil"] == "" and dpupr["rata_rata_capaian"] != dpupr["rata_rata_capaian"]  # NaN
    assert dpupr["keterangan"] == "belum disetujui (keadaan: Pemeriksaan oleh Sekretaris)"
    assert dinsos["peringkat"] is None and dinsos["keterangan"] == "belum disetujui (keadaan: Belum dimulai)"
    assert result.catatan == ["DPUPR: belum disetujui (keadaan: Pemeriksaan oleh Sekretaris)",
                              "DINSOS: belum disetujui (keadaan: Belum dimulai)"]
    assert sorted(p.name for p in result.folder.iterdir()) == ["rekap-triwulan-3-2025.docx", "rekap-triwulan-3-2025.html",
                                                               "rekap-triwulan-3-2025.xlsx", "rekap.json"]
    html = (result.folder / "rekap-triwulan-3-2025.html").read_text(encoding="utf-8")
    assert "REKAPITULASI" in html.upper() and "Dinas Pendidikan" in html and "data:image/png;base64," in html
    body = html.split("</style>")[1]
    assert "tanda-air" not in body and "status-dokumen" not in body and '<main class="dokumen">' in body and "NIP" in html
    # the signature comes from the document model's renderer: the name to sign, and no (hidden) DRAF row in a final
    assert '<p class="ttd-nama">Drs. Hasan Basri, M.Si.</p>' in body and "Kepala Bagian Organisasi,</p>" in body
    assert "ttd-draf" not in body and "DRAF" not in body
    assert "2 OPD belum masuk rekapitulasi" in html and "Pemeriksaan oleh Sekretaris" in html
    assert '<th class="angka">Berisiko (proyeksi)</th>' in html and "peringatan dini" in html
    official_json = json.loads((result.folder / "rekap.json").read_text(encoding="utf-8"))
    assert official_json["draf"] is False
    assert [(r["kode"], r["status_hasil"]) for r in official_json["opd"]] == [(order[0], "resmi"), (order[1], "resmi"),
                                                                              ("DPUPR", ""), ("DINSOS", "")]
    sheet = load_workbook(result.folder / "rekap-triwulan-3-2025.xlsx")["Rekap"]
    header = [c.value for c in sheet[4]]
    assert header[:4] == ["Peringkat", "Kode", "Perangkat Daerah", "Status Hasil"] and sheet["A3"].value is None
    assert isinstance(sheet.cell(row=5, column=header.index("Rata-rata Capaian (%)") + 1).value, float)
    assert [sheet.cell(row=r, column=4).value for r in (5, 6)] == ["resmi", "resmi"]

    preview = write_recap(pemda, TAHUN, TRIWULAN, pdf=False, draf=True)
    frame = preview.tabel.set_index("kode")
    dpupr = frame.loc["DPUPR"]
    assert dpupr["status_hasil"] == "DRAF" and dpupr["peringkat"] is not None
    assert dpupr["keterangan"] == "belum disetujui (keadaan: Pemeriksaan oleh Sekretaris)"
    assert dpupr["rata_rata_capaian"] == pytest.approx(stored["DPUPR"]["rata_rata_capaian"], abs=1e-9)
    assert dpupr["jumlah_indikator"] == stored["DPUPR"]["jumlah_indikator"]
    assert [frame.loc[k, "status_hasil"] for k in ("DISDIK", "DINKES")] == ["resmi", "resmi"]
    assert frame.loc["DINSOS", "peringkat"] is None
    assert frame.loc["DINSOS", "keterangan"] == "belum disetujui (keadaan: Belum dimulai); belum ada laporan terbitan"
    names = sorted(p.name for p in preview.folder.iterdir())
    assert names == ["rekap-draf.json", "rekap-triwulan-3-2025-draf.docx", "rekap-triwulan-3-2025-draf.html",
                     "rekap-triwulan-3-2025-draf.xlsx", "rekap-triwulan-3-2025.docx", "rekap-triwulan-3-2025.html",
                     "rekap-triwulan-3-2025.xlsx", "rekap.json"]  # the official recap stays
    assert (result.folder / "rekap-triwulan-3-2025.html").read_text(encoding="utf-8") == html
    draft_html = (preview.folder / "rekap-triwulan-3-2025-draf.html").read_text(encoding="utf-8")
    body = draft_html.split("</style>")[1]
    assert '<div class="tanda-air" aria-hidden="true">DRAF</div>' in body and '<main class="dokumen draf">' in body
    assert "DRAF — pratinjau yang memuat hasil OPD yang belum disetujui Sekretaris" in body
    assert "tidak untuk ditandatangani" in body and "NIP" not in body
    assert "DRAF — memuat hasil OPD yang belum disetujui; belum untuk ditandatangani." in body and "menunggu persetujuan Sekretaris" not in body
    assert "ttd-baris" not in body  # the draft's signature is its note only, no empty blocks to sign
    assert "<td>DPUPR</td><td>Dinas Pekerjaan Umum dan Penataan Ruang</td><td>DRAF</td>" in body
    assert "1 OPD masuk dengan hasil DRAF" in body
    # the .docx is the same document model through the office reports' .docx renderer
    official_docx, draft_docx = (_docx_text(f) for f in (result.folder / "rekap-triwulan-3-2025.docx",
                                                         preview.folder / "rekap-triwulan-3-2025-draf.docx"))
    assert "PEMERINTAH KABUPATEN CONTOH" in official_docx and "Dinas Kesehatan" in official_docx
    assert "Drs. Hasan Basri, M.Si." in official_docx and "NIP 19720505 199803 1 004" in official_docx and "DRAF" not in official_docx
    assert "DRAF — pratinjau yang memuat hasil OPD yang belum disetujui Sekretaris" in draft_docx  # under the title, as the HTML
    assert "DRAF — memuat hasil OPD yang belum disetujui; belum untuk ditandatangani." in draft_docx and "NIP" not in draft_docx
    assert "DPUPR (DRAF)" in draft_docx
    from docx import Document

    header = [p.text for p in Document(str(preview.folder / "rekap-triwulan-3-2025-draf.docx")).sections[0].header.paragraphs]
    assert header[0] == "DRAF — pratinjau; bukan dokumen final."  # the page header's short banner; the long one under the title
    for path in (result.folder / "rekap-triwulan-3-2025.docx", preview.folder / "rekap-triwulan-3-2025-draf.docx"):
        from docx.oxml.ns import qn

        ranking = next(t for t in Document(str(path)).tables if t.rows[0].cells[0].text == "Peringkat")
        grid = [int(c.get(qn("w:w"))) for c in ranking._tbl.tblGrid.findall(qn("w:gridCol"))]
        heads = [c.text for c in ranking.rows[0].cells]
        assert max(grid) == grid[heads.index("Perangkat Daerah")] and len(set(grid)) > 5, (path.name, grid)  # by content, not equal
    draft_json = json.loads((preview.folder / "rekap-draf.json").read_text(encoding="utf-8"))
    assert draft_json["draf"] is True and {r["kode"]: r["status_hasil"] for r in draft_json["opd"]}["DPUPR"] == "DRAF"
    sheet = load_workbook(preview.folder / "rekap-triwulan-3-2025-draf.xlsx")["Rekap"]
    assert "DRAF" in sheet["A3"].value and "tidak untuk ditandatangani" in sheet["A3"].value
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1  # status printed on the page too
    assert {sheet.cell(row=r, column=2).value: sheet.cell(row=r, column=4).value for r in range(5, 9)}["DPUPR"] == "DRAF"

    # a changed archive is that OPD's keterangan; the others are still ranked
    capaian = archived / "capaian.json"
    capaian.write_text(capaian.read_text(encoding="utf-8").replace('"capaian": ', '"capaian":  ', 1), encoding="utf-8")
    frame, _ = recap_frame(pemda, TAHUN, TRIWULAN)
    rows = frame.set_index("kode")
    assert rows.loc["DISDIK", "peringkat"] is None and "rusak" in rows.loc["DISDIK", "keterangan"]
    assert "capaian.json" in rows.loc["DISDIK", "keterangan"]
    assert rows.loc["DINKES", "peringkat"] == 1


def test_a_late_workbook_counts_in_the_recap_by_the_validators_finding(tmp_path: Path) -> None:
    """TW II of the sample year: IRBAN-KHUSUS's workbook came after the SOP deadline (the validator's
    berkas_terlambat), and its galat keeps the quarter a DRAF, so the preview counts it."""
    from _util_alur import official_sample_year

    from kinerja.config import load_workspace_config
    from kinerja.pemda.recap import recap_frame

    pemda = load_pemda(write_sample_pemda(tmp_path / "pemda", 5).root)
    opd = pemda.opd[4]  # number 5: every unit's workbook (the others each leave one out)
    official_sample_year(opd.root, load_workspace_config(opd.root), TAHUN, quarters=(2,))
    stored = json.loads((current(opd.root / "laporan" / str(TAHUN) / "triwulan-2").folder / "temuan.json").read_text(encoding="utf-8"))
    late = [t for t in stored if t["kode"] == "berkas_terlambat"]
    assert len(late) == 1 and "irban-khusus" in json.dumps(late[0]).lower()
    frame, _ = recap_frame(pemda, TAHUN, 2, draf=True)
    row = frame.set_index("kode").loc[opd.kode]
    assert row["status_hasil"] == "DRAF" and row["berkas"] == 4
    assert row["berkas_terlambat"] == 1 and row["ketepatan_waktu"] == pytest.approx(75.0)


@pytest.mark.slow  # prints two PDFs with Chromium
def test_the_recap_pdf_header_is_the_office_reports_with_a_short_draft_banner_beside_the_title(tmp_path: Path) -> None:
    from kinerja.pemda.recap import write_recap

    pemda = _approved_pemda(tmp_path)
    title = "Rekapitulasi Kinerja Perangkat Daerah Triwulan III Tahun 2025"
    for draf in (False, True):
        result = write_recap(pemda, TAHUN, TRIWULAN, draf=draf)
        pdf = [p for p in result.berkas if p.suffix == ".pdf"]
        assert len(pdf) == 1, result.catatan
        text = subprocess.run(["pdftotext", "-layout", str(pdf[0]), "-"], check=True, capture_output=True, text=True).stdout
        pages = [page for page in text.split("\f") if page.strip()]
        assert len(pages) >= 2
        for page in pages:  # the running header: one line, the banner on the left and the title on the right, as an OPD report's
            head = page.strip("\n").splitlines()[0].split()
            expected = ["DRAF", "—", "pratinjau;", "bukan", "dokumen", "final.", *title.split()] if draf else title.split()
            assert head == expected, head


def test_semua_opd_lists_every_failure_and_exits_1(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kinerja.cli.commands import main

    pemda = load_pemda(write_sample_pemda(tmp_path / "pemda", 2).root)
    for opd in pemda.opd:
        shutil.rmtree(opd.root / "data" / "raw" / "2025" / "triwulan-3")  # missing data: fails before any kernel
    (pemda.opd[1].root / "kinerja.toml").write_text("[instansi\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--ruang-kerja", str(pemda.folder.root), "laporan", "triwulan", "--tahun", "2025",
                                       "--triwulan", "3", "--semua-opd", "--tanpa-pdf"])
    assert result.exit_code == 1, result.output
    assert "0 dari 2 OPD selesai, 2 gagal" in result.output
    assert "DISDIK (Dinas Pendidikan): Tidak ada lembar kerja" in result.output
    assert "DINKES (Dinas Kesehatan):" in result.output and "bukan TOML" in result.output
    usage = CliRunner().invoke(main, ["--ruang-kerja", str(pemda.folder.root), "laporan", "triwulan", "--tahun", "2025",
                                      "--semua", "--semua-opd"])
    assert usage.exit_code == 2
    status = CliRunner().invoke(main, ["--ruang-kerja", str(pemda.folder.root), "status", "--tahun", "2025", "--semua-opd"])
    assert status.exit_code == 0, status.output
    assert "DISDIK  TW III 2025" in status.output and "tidak dapat dibaca" in status.output
    as_json = json.loads(CliRunner().invoke(main, ["--ruang-kerja", str(pemda.folder.root), "status", "--tahun", "2025",
                                                   "--semua-opd", "--format", "json"]).output)
    assert [o["opd"] for o in as_json] == ["DISDIK", "DINKES"] and as_json[1]["galat"] and not as_json[1]["kasus"]
    assert [k["kasus"] for k in as_json[0]["kasus"]][:1] == ["TW I 2025"]


def test_pemda_commands_make_a_sample_and_a_recap_that_says_what_is_missing(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kinerja.cli.commands import main

    folder = tmp_path / "pemda"
    made = CliRunner().invoke(main, ["pemda", "sampel", str(folder), "--jumlah", "2"])
    assert made.exit_code == 0, made.output
    assert f"Ruang kerja Pemda dengan 2 OPD ditulis ke {folder}" in made.output
    assert f"kinerja --ruang-kerja {folder} laporan triwulan --tahun 2025 --triwulan 3 --semua-opd" in made.output
    opd = load_pemda(folder).opd
    assert [o.kode for o in opd] == ["DISDIK", "DINKES"]
    from _util_alur import official_sample_year

    from kinerja.config import load_workspace_config

    official_sample_year(opd[1].root, load_workspace_config(opd[1].root), 2025, quarters=(3,), setujui=False)  # a DRAF, submitted
    command = ["--ruang-kerja", str(folder), "pemda", "rekap", "--tahun", "2025", "--triwulan", "3", "--tanpa-pdf"]
    recap = CliRunner().invoke(main, command)
    assert recap.exit_code == 0, recap.output
    assert "Rekapitulasi triwulan 3 tahun 2025 ditulis ke" in recap.output
    assert "rekap-triwulan-3-2025.xlsx" in recap.output
    notes = [line for line in recap.output.splitlines() if line.startswith("Catatan:")]
    assert notes == ["Catatan: DISDIK: belum disetujui (keadaan: Belum dimulai)",
                     "Catatan: DINKES: belum disetujui (keadaan: Pemeriksaan oleh Sekretaris)"]
    preview = CliRunner().invoke(main, [*command, "--draf"])
    assert preview.exit_code == 0, preview.output
    assert "Rekapitulasi DRAF (pratinjau, tidak untuk ditandatangani) triwulan 3 tahun 2025 ditulis ke" in preview.output
    assert "rekap-triwulan-3-2025-draf.xlsx" in preview.output
    notes = [line for line in preview.output.splitlines() if line.startswith("Catatan:")]
    assert notes == ["Catatan: DINKES: hasil DRAF dipakai, belum disetujui (keadaan: Pemeriksaan oleh Sekretaris)",  # ranked first
                     "Catatan: DISDIK: belum disetujui (keadaan: Belum dimulai); belum ada laporan terbitan"]
    assert "--draf" in CliRunner().invoke(main, ["pemda", "rekap", "--help"]).output
    import datetime as dt
    import json
    from zoneinfo import ZoneInfo

    stored = json.loads((load_pemda(folder).folder.recap_dir(2025, 3) / "rekap.json").read_text(encoding="utf-8"))
    assert stored["dibuat"] == dt.datetime.now(ZoneInfo("Asia/Makassar")).date().isoformat()  # the Pemda's date, not the machine's


@pytest.mark.slow  # waits for the client's 10-second connection timeout
def test_an_unreachable_dask_scheduler_is_one_clear_sentence_and_exit_1(tmp_path: Path) -> None:
    """A wrong --dask address (nothing listens there) stops before any report, naming the address
    and how to start a scheduler; no traceback, nothing published."""
    import socket

    from click.testing import CliRunner

    from kinerja.cli.commands import main

    pemda = load_pemda(write_sample_pemda(tmp_path / "pemda", 1).root)
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    result = CliRunner().invoke(main, ["--ruang-kerja", str(pemda.folder.root), "laporan", "triwulan", "--tahun", "2025",
                                       "--triwulan", "3", "--semua-opd", "--dask", address, "--tanpa-pdf"])
    assert result.exit_code == 1, result.output
    assert f"Penjadwal Dask {address} tidak dapat dihubungi" in result.output and "docs/pemda.md" in result.output
    assert "Traceback" not in result.output
    published = pemda.opd[0].root / "laporan"
    assert not published.exists() or not any(published.rglob("*.*"))
