"""Helpers for the workflow tests: a workspace in tmp_path, driving a case, tampering."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from kinerja.alur.workflow import act
from kinerja.paths import SAMPLE_CONFIG, Workspace

START = dt.datetime(2025, 4, 10, 8, 0)

# (aksi, username, extra) along the happy path with the default config
HAPPY = [
    ("tugaskan", "siti", {"penerima": "budi"}),
    ("perintahkan", "siti", {}),
    ("serahkan_bahan", "dewi", {}),
    ("ajukan", "budi", {}),
    ("setujui", "siti", {}),
    ("dokumentasikan", "rizal", {}),
]


def publish_report(ws: Workspace, tahun: int, triwulan: int | None, *, final: bool = False, galat: int = 0,
                   keadaan: str = "penyusunan", files: dict[str, bytes] | None = None):
    """Publish a small report set the way the runner does (kinerja.terbitan), without a kernel.

    ``final``: publish the final rendering of the current set (its ``dasar`` is the current
    set's checksum), as :func:`kinerja.laporan.jalan.runner.finalize_report` does.
    """
    from kinerja import terbitan

    folder = ws.report_dir(tahun, triwulan)
    info = {"status": "draf", "tahun": tahun, "triwulan": triwulan, "unit": "", "keadaan_alur": keadaan,
            "galat": galat, "masalah": [], "berkas_masukan": _inputs(ws, tahun, triwulan)}
    if final:
        base = terbitan.current(folder)
        info = {**base.info, "status": "final", "dasar": base.manifest_sha256, "dasar_versi": base.versi}
    with terbitan.staging(folder) as staging:
        label = "FINAL" if final else "DRAF"
        for name, data in (files or {"laporan.pdf": f"%PDF laporan TW {triwulan} {label}".encode()}).items():
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            (staging / name).write_bytes(data)
        return terbitan.publish(staging, folder, info)


def _inputs(ws: Workspace, tahun: int, triwulan: int | None) -> list[dict]:
    from kinerja.terbitan import sha256_file

    if triwulan is None:
        return []
    return [{"nama": p.name, "sha256": sha256_file(p)} for p in ws.quarter_workbooks(tahun, triwulan)]


def make_workspace(root: Path, *, reports_for: tuple[int, ...] = (), tahun: int = 2025) -> Workspace:
    """An empty sample workspace (the sample office's config); optionally with a published (DRAF) report per quarter."""
    root.mkdir(parents=True, exist_ok=True)
    ws = Workspace(root)
    ws.config_file.write_bytes(SAMPLE_CONFIG.read_bytes())
    for triwulan in reports_for:
        publish_report(ws, tahun, triwulan)
    return ws


_CLEAN_YEARS: dict[int, Path] = {}


def clean_material(ws: Workspace, tahun: int, triwulan: int) -> list[Path]:
    """Store the sample office's workbooks of a quarter without galat (TW II as corrected) into the
    quarter's folder, as the analyst's uploads leave them; written once per year and process."""
    import shutil
    import tempfile

    from kinerja.lembar.sample import write_sample_year

    if tahun not in _CLEAN_YEARS:
        folder = Path(tempfile.mkdtemp(prefix="kinerja-bersih-"))
        write_sample_year(folder, tahun, kesalahan=False)
        _CLEAN_YEARS[tahun] = folder
    source = _CLEAN_YEARS[tahun] / str(tahun) / f"triwulan-{triwulan}"
    target = ws.quarter_folder(tahun, triwulan)
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(source.iterdir()):
        if not (target / path.name).exists():
            shutil.copy2(path, target / path.name)
    return ws.quarter_workbooks(tahun, triwulan)


def ready_for(ws: Workspace, config, aksi: str, tahun: int, triwulan: int | None, unit: str = "") -> None:
    """Make what a step hands on, the way people do, when it is missing: the material before
    ``serahkan_bahan`` (:func:`clean_material`), a report of the current material before ``ajukan``."""
    from kinerja.alur.store import Store
    from kinerja.alur.workflow import load_case, prasyarat
    from kinerja.domain import sop

    step = sop.langkah(aksi)
    if triwulan is None or not step.syarat:
        return
    if sop.BAHAN_LENGKAP in step.syarat and not ws.quarter_workbooks(tahun, triwulan):
        clean_material(ws, tahun, triwulan)
    if step.mengajukan:
        with Store(ws.database) as store:
            kasus = load_case(store, config, tahun, triwulan, unit)
        if prasyarat(ws, config, kasus, aksi) is not None:  # composed again from the stored material
            from kinerja import terbitan

            made = terbitan.current(ws.report_dir(tahun, triwulan))
            files = None if made is None else {p.name: p.read_bytes() for p in made.folder.iterdir()
                                               if p.is_file() and p.name != terbitan.MANIFEST}
            publish_report(ws, tahun, triwulan, files=files)


def drive(ws: Workspace, config, until: str, *, tahun: int = 2025, triwulan: int = 1, unit: str = "",
          start: dt.datetime = START, step: dt.timedelta = dt.timedelta(minutes=10)):
    """Take the happy-path actions up to and including ``until``; returns the last event.

    What each step hands on is made when missing (:func:`ready_for`): the quarter's clean
    material before ``serahkan_bahan``, a DRAF report of it before ``ajukan``.
    """
    moment = start
    event = None
    for aksi, user, extra in HAPPY:
        moment += step
        ready_for(ws, config, aksi, tahun, triwulan, unit)
        if aksi == "dokumentasikan" and ws.report_dir(tahun, triwulan).is_dir():
            publish_report(ws, tahun, triwulan, final=True)  # the final rendering of the approved set
        event = act(ws, config, aksi, tahun, triwulan, unit=unit, username=user, now=moment, **extra)
        if aksi == until:
            return event
    return event


# (aksi, username) of the annual case along the happy path with the default config (no APIP reviu)
HAPPY_TAHUNAN = [
    ("ajukan_tahunan", "rizal"),
    ("setujui_tahunan", "siti"),
    ("dokumentasikan_tahunan", "rizal"),
]


def drive_annual(ws: Workspace, config, until: str = "dokumentasikan_tahunan", *, tahun: int = 2025,
                 start: dt.datetime | None = None, files: dict[str, bytes] | None = None,
                 step: dt.timedelta = dt.timedelta(minutes=10)):
    """The annual case (its four quarters documented) along its happy path up to and including ``until``,
    the way the workflow runs it: a DRAF report set published (``files``) and submitted, approved,
    its final rendering published (the same files), documented. Returns the last event."""
    moment = start or dt.datetime(tahun + 1, 1, 20, 9, 0)
    files = files or {"lkjip.pdf": b"%PDF tahunan"}
    publish_report(ws, tahun, None, files=files)
    event = None
    for aksi, user in HAPPY_TAHUNAN:
        moment += step
        if aksi == "dokumentasikan_tahunan":
            publish_report(ws, tahun, None, final=True, files=files)
        event = act(ws, config, aksi, tahun, None, username=user, now=moment)
        if aksi == until:
            return event
    return event


def raw_sql(path: Path, *statements: str) -> None:
    """Run SQL as an attacker would: drop the guard triggers, tamper, restore the triggers."""
    from kinerja.alur.store import SCHEMA

    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("DROP TRIGGER IF EXISTS peristiwa_tanpa_ubah")
        conn.execute("DROP TRIGGER IF EXISTS peristiwa_tanpa_hapus")
        for sql in statements:
            conn.execute(sql)
        conn.executescript(SCHEMA)
    finally:
        conn.close()


def note_missing_units(ws: Workspace, config, tahun: int, triwulan: int, now: dt.datetime) -> list[str]:
    """Record 'unit tidak melapor' (by the analyst, dewi) for each configured unit without a
    workbook in the quarter; returns their codes."""
    from kinerja.alur.workflow import material_state

    present, _ = material_state(ws, config, tahun, triwulan)
    missing = [u.kode for u in config.unit if u.kode not in present]
    for kode in missing:
        act(ws, config, "unit_tidak_melapor", tahun, triwulan, username="dewi", penerima=kode,
            catatan="tidak mengirim lembar kerja", now=now)
    return missing


def official_sample_year(root: Path, config, tahun: int = 2025, quarters: tuple[int, ...] = (1, 2, 3, 4), *,
                         setujui: bool = True) -> dict:
    """The sample year's quarters as ``kinerja laporan`` leaves them, without a kernel, approved.

    Each quarter goes through the SOP; its results are computed after the material is handed
    over (``siapkan_triwulan`` into a staging folder, published as a set like the runner does),
    submitted and approved (every quarter stays under review with ``setujui=False``), except a
    quarter whose material has a galat: it cannot be handed over and stays with the analyst,
    its results a DRAF.
    Returns the quarters' report data (``LaporanTriwulan``).
    """
    from kinerja import terbitan
    from kinerja.alur.workflow import ActionRefused, Alasan, case_start
    from kinerja.laporan.jalan.runner import _set_info
    from kinerja.laporan.model import data as rd

    ws = Workspace(root)
    made = {}
    for q in quarters:
        moment = case_start(tahun, q, config)
        keadaan = "penyusunan"
        for aksi, user, extra in HAPPY[:3]:
            moment += dt.timedelta(minutes=10)
            if aksi == "serahkan_bahan":
                note_missing_units(ws, config, tahun, q, moment)
            try:
                act(ws, config, aksi, tahun, q, username=user, now=moment, **extra)
            except ActionRefused as exc:  # material with a galat (the sample's TW II) is not handed over
                assert exc.reason == Alasan.BAHAN_BERGALAT, exc
                keadaan = "pengumpulan_bahan"
        with terbitan.staging(ws.report_dir(tahun, q)) as staging:
            made[q] = rd.siapkan_triwulan(tahun, q, ruang_kerja=str(root), keluaran=str(staging))
            terbitan.publish(staging, ws.report_dir(tahun, q), _set_info(ws, config, tahun, q, staging, keadaan))
        if keadaan != "penyusunan":
            continue
        act(ws, config, "ajukan", tahun, q, username="budi", now=moment + dt.timedelta(hours=1))
        if not setujui:
            continue
        try:
            act(ws, config, "setujui", tahun, q, username="siti", now=moment + dt.timedelta(hours=2))
        except ActionRefused:
            pass
    return made


def document_quarter(ws: Workspace, config, tahun: int, triwulan: int, now: dt.datetime) -> None:
    """Document an approved quarter the way the workflow does: the final rendering of the approved
    set (the same files, :func:`publish_report` with ``final``), then ``dokumentasikan`` (archived)."""
    from kinerja import terbitan

    approved = terbitan.current(ws.report_dir(tahun, triwulan))
    files = {p.name: p.read_bytes() for p in approved.folder.iterdir() if p.is_file() and p.name != terbitan.MANIFEST}
    publish_report(ws, tahun, triwulan, final=True, files=files)
    act(ws, config, "dokumentasikan", tahun, triwulan, username="rizal", now=now)
