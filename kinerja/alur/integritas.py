"""The audit's check of official results on disk against what the history recorded.

``kinerja audit verifikasi`` checks the history itself (:func:`kinerja.alur.workflow.audit`) and,
through :func:`verify_sets`, every set the history vouches for:

- every archive version a documenting event recorded (``data/archive/<tahun>/…/versi-N``):
  its ``manifest.json`` still has the checksum the event recorded, every file still matches the
  manifest, no file was added, ``SHA256SUMS`` still says what the manifest says, and the copy
  kept beside it (``.cadangan/versi-N``) is intact (:func:`kinerja.alur.archive.version_problems`);
  an archive version no event recorded is named too (a forged or stray folder);
- every published report set (``laporan/<tahun>/…/versi-K``, :mod:`kinerja.terbitan`): its files
  against its manifest, the pointer ``terkini.json`` against the current manifest, and each
  manifest the history recorded at submission or approval against that recorded checksum.

- every quarter's stored workbooks (``data/raw/<tahun>/triwulan-N/``) against the last
  ``simpan_bahan``/``tarik_bahan`` event of each file (:func:`material_changes`, also the guard
  before the hand-over and the submission, :mod:`kinerja.alur.syarat`): a file changed or removed
  outside the app, a withdrawn file back in the folder, and, in a quarter whose material is
  recorded, a file nobody recorded;
- every year's LKjIP narasi (``narasi/narasi-<tahun>.docx``) against its last ``simpan_narasi``
  event (:func:`narasi_changes`): changed or removed outside the app. Both use one rule, a
  recorded file against the checksum of the last event that recorded it (:func:`_against`).

Each problem is a :class:`~kinerja.alur.store.Pelanggaran` naming the folder and the file;
``kinerja arsip pulihkan`` restores a documented case from the kept copies.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kinerja.alur.archive import BACKUP, version_problems
from kinerja.alur.kasus import case_label
from kinerja.alur.store import Pelanggaran, Peristiwa
from kinerja.domain import sop
from kinerja.domain.periode import Periode
from kinerja.terbitan import MANIFEST, Terbitan, TerbitanError, current, sha256_file, versions

if TYPE_CHECKING:  # pragma: no cover
    from kinerja.paths import Workspace


@dataclass
class PemeriksaanSet:
    """What :func:`verify_sets` found: problems, notes, and how many sets were checked."""

    pelanggaran: list[Pelanggaran] = field(default_factory=list)
    catatan: list[str] = field(default_factory=list)
    arsip: int = 0
    terbitan: int = 0


def _recovery_hint(event: Peristiwa) -> str:
    where = "" if event.triwulan is None else f" --triwulan {event.triwulan}"
    return f"pulihkan dengan `kinerja arsip pulihkan --tahun {event.tahun}{where}`"


def _report_folders(workspace: Workspace) -> list[Path]:
    """Every report folder ``laporan/<tahun>/<triwulan-n | tahunan>`` of the workspace."""
    if not workspace.reports.is_dir():
        return []
    found = []
    for year in sorted(p for p in workspace.reports.iterdir() if p.is_dir() and p.name.isdigit()):
        for leaf in sorted(year.iterdir()):
            if leaf.is_dir() and Periode.dari_folder(int(year.name), leaf.name) is not None:
                found.append(leaf)
    return found


def _archive_versions(workspace: Workspace) -> list[Path]:
    """Every ``versi-N`` folder of the archive (``data/archive/<tahun>/<leaf>/versi-N``)."""
    if not workspace.archive.is_dir():
        return []
    return sorted(p for p in workspace.archive.glob("*/*/versi-*") if p.is_dir() and p.name[6:].isdigit())


def verify_sets(workspace: Workspace, events: list[Peristiwa]) -> PemeriksaanSet:
    """Check every archived and published set against the checksums the history recorded."""
    result = PemeriksaanSet()
    documented = [e for e in events if e.berkas and sop.langkah(e.aksi).mengarsipkan]
    recorded_dirs = {workspace.root / e.berkas for e in documented}
    for event in documented:
        folder = workspace.root / event.berkas
        kept = folder.parent / BACKUP / folder.name
        result.arsip += 1
        for problem in version_problems(folder, event.sha256, reference=kept):
            result.pelanggaran.append(Pelanggaran(event.id, "arsip", (
                f"arsip {event.berkas} (didokumentasikan pada peristiwa #{event.id}): {problem}; {_recovery_hint(event)}")))
        if kept.is_dir():
            for problem in version_problems(kept, event.sha256):
                result.pelanggaran.append(Pelanggaran(event.id, "arsip", (
                    f"salinan cadangan {workspace.shown(kept)}: {problem}")))
        else:
            result.catatan.append(f"arsip {event.berkas} tidak mempunyai salinan cadangan ({BACKUP}); bila rusak, "
                                  "hanya cadangan kantor yang dapat memulihkannya.")
    for folder in _archive_versions(workspace):
        if folder not in recorded_dirs:
            result.pelanggaran.append(Pelanggaran(None, "arsip", (
                f"folder arsip {workspace.shown(folder)} tidak tercatat dalam riwayat (tidak ada peristiwa "
                "pendokumentasian yang mencatat manifest-nya): arsip palsu atau sisa yang tidak sah.")))
    hints = {(e.tahun, e.triwulan): _recovery_hint(e) for e in documented}
    for report in _report_folders(workspace):
        periode = Periode.dari_folder(int(report.parent.name), report.name)
        hint = hints.get((periode.tahun, periode.triwulan)) if periode is not None else None
        hint = f"; {hint}" if hint else ""
        try:
            current(report)
        except TerbitanError as exc:
            result.pelanggaran.append(Pelanggaran(None, "terbitan", f"{workspace.shown(report)}: {exc}"))
        for version in versions(report):
            result.terbitan += 1
            where = workspace.shown(version)
            if not (version / MANIFEST).is_file():
                result.pelanggaran.append(Pelanggaran(None, "terbitan", f"set terbitan {where}: {MANIFEST} hilang"))
                continue

            try:
                published = Terbitan(version, _load(version / MANIFEST), "")
                damaged = published.damaged()
            except (ValueError, KeyError, TypeError):
                result.pelanggaran.append(Pelanggaran(None, "terbitan", f"set terbitan {where}: {MANIFEST} tidak terbaca"))
                continue
            for name in damaged:
                result.pelanggaran.append(Pelanggaran(None, "terbitan", (
                    f"set terbitan {where}: {name} berubah atau hilang sesudah diterbitkan{hint}")))
    for event in events:
        if not (event.berkas.endswith(MANIFEST) and event.sha256) or sop.langkah(event.aksi).mengarsipkan:
            continue
        path = workspace.root / event.berkas
        if path.is_file() and sha256_file(path) != event.sha256:
            result.pelanggaran.append(Pelanggaran(event.id, "terbitan", (
                f"{event.berkas} yang tercatat pada peristiwa #{event.id} ('{event.aksi}') telah diubah sesudah dicatat")))
    verify_material(workspace, events, result)
    return result


@dataclass
class PerubahanBahan:
    """One stored workbook that is not what the history recorded (:func:`material_changes`)."""

    nama: str
    jenis: str  # berubah, hilang, ditarik, tidak_tercatat
    peristiwa: int | None
    pesan: str


def _against(path: Path, event: Peristiwa) -> str:
    """A stored file against the last event that recorded it: ``hilang`` (not there), ``berubah`` (its
    checksum is not the recorded one) or ``""`` (as recorded). The one rule of both checks."""
    if not path.is_file():
        return "hilang"
    return "berubah" if sha256_file(path) != event.sha256 else ""


def narasi_changes(workspace: Workspace, events: list[Peristiwa]) -> list[PerubahanBahan]:
    """Every year's narasi on disk against its last ``simpan_narasi`` event (its checksum): changed or
    removed outside the app. A year whose narasi was never uploaded is not judged (a draft written by
    ``kinerja narasi`` and not yet filled)."""
    last: dict[int, Peristiwa] = {}
    for event in events:
        if event.triwulan is None and not event.unit and event.berkas and sop.langkah(event.aksi).berkas_bahan:
            last[event.tahun] = event
    found: list[PerubahanBahan] = []
    for tahun, event in sorted(last.items()):
        path = workspace.narasi_docx(tahun)
        told = f"peristiwa #{event.id} ('{event.aksi}' oleh {event.pengguna})"
        where = workspace.shown(path)
        jenis = _against(path, event)
        if jenis == "hilang":
            found.append(PerubahanBahan(path.name, jenis, event.id, (
                f"narasi {where} (laporan tahunan {tahun}) yang dicatat pada {told} hilang (dihapus atau dipindahkan "
                "di luar aplikasi); unggah ulang narasi itu melalui aplikasi.")))
        elif jenis == "berubah":
            found.append(PerubahanBahan(path.name, jenis, event.id, (
                f"narasi {where} (laporan tahunan {tahun}) berubah di luar aplikasi sesudah dicatat pada {told}; "
                "isinya tidak lagi sama dengan yang diunggah dan dicatat. Unggah narasi yang benar melalui aplikasi "
                "agar diperiksa dan dicatat.")))
    return found


def _material_events(events: list[Peristiwa]) -> dict[tuple[int, int], list[Peristiwa]]:
    """The events recording one stored workbook (``simpan_bahan``, ``tarik_bahan``), by quarter."""
    found: dict[tuple[int, int], list[Peristiwa]] = {}
    for event in events:
        if event.triwulan is not None and event.berkas and sop.langkah(event.aksi).berkas_bahan:
            found.setdefault((event.tahun, event.triwulan), []).append(event)
    return found


def material_changes(workspace: Workspace, events: list[Peristiwa], tahun: int, triwulan: int, *,
                     unrecorded: bool = True) -> list[PerubahanBahan]:
    """The quarter's stored workbooks on disk against the last event that recorded each (its checksum).

    Named: a file whose content differs from the last ``simpan_bahan`` (changed outside the app), a
    recorded file no longer there (removed outside the app), a file ``tarik_bahan`` withdrew that is
    back, and (``unrecorded``) a file no event recorded, in a quarter whose material is recorded
    (at least one such event). A quarter without any such event is not judged (workbooks put there
    by hand, e.g. the sample office's): the audit notes it.
    """
    recorded = _material_events(events).get((tahun, triwulan), [])
    if not recorded:
        return []
    last: dict[str, Peristiwa] = {}
    for event in recorded:
        last[Path(event.berkas).name] = event
    label = case_label(tahun, triwulan)
    on_disk = {path.name: path for path in workspace.quarter_workbooks(tahun, triwulan)}
    found: list[PerubahanBahan] = []
    for name, event in sorted(last.items()):
        path = on_disk.get(name, workspace.quarter_folder(tahun, triwulan) / name)
        where = workspace.shown(path)
        told = f"peristiwa #{event.id} ('{event.aksi}' oleh {event.pengguna})"
        withdrawn = event.aksi == "tarik_bahan"
        if withdrawn:
            if name in on_disk:
                found.append(PerubahanBahan(name, "ditarik", event.id, (
                    f"lembar kerja {where} ({label}) ditarik pada {told} tetapi ada lagi di foldernya tanpa dicatat; "
                    "unggah melalui aplikasi bila memang dipakai lagi, atau pindahkan berkas itu keluar dari folder.")))
        elif (jenis := _against(path, event)) == "hilang":
            found.append(PerubahanBahan(name, "hilang", event.id, (
                f"lembar kerja {where} ({label}) yang dicatat pada {told} hilang dari foldernya (dihapus atau "
                "dipindahkan di luar aplikasi); unggah ulang lembar kerja itu, atau tarik melalui aplikasi dengan "
                "alasannya.")))
        elif jenis == "berubah":
            found.append(PerubahanBahan(name, "berubah", event.id, (
                f"lembar kerja {where} ({label}) berubah di luar aplikasi sesudah dicatat pada {told}; isinya tidak "
                "lagi sama dengan yang diperiksa dan dicatat. Unggah ulang lembar kerja yang benar melalui aplikasi "
                "(Ganti berkas bernama sama) agar diperiksa dan dicatat.")))
    if unrecorded:
        for name in sorted(set(on_disk) - set(last)):
            found.append(PerubahanBahan(name, "tidak_tercatat", None, (
                f"lembar kerja {workspace.shown(on_disk[name])} ({label}) ada di folder bahan tanpa dicatat dalam "
                "riwayat (tidak diunggah melalui aplikasi); unggah melalui aplikasi agar diperiksa dan dicatat, "
                "atau pindahkan berkas itu keluar dari folder.")))
    return found


def verify_material(workspace: Workspace, events: list[Peristiwa], result: PemeriksaanSet) -> None:
    """Every quarter's stored workbooks (:func:`material_changes`) and every year's uploaded narasi
    (:func:`narasi_changes`) into ``result``; quarters whose workbooks were never recorded are one note each."""
    for change in narasi_changes(workspace, events):
        result.pelanggaran.append(Pelanggaran(change.peristiwa, "narasi", change.pesan))
    recorded = _material_events(events)
    if not workspace.raw.is_dir():
        return
    for year in sorted(p for p in workspace.raw.iterdir() if p.is_dir() and p.name.isdigit()):
        for triwulan in range(1, 5):
            tahun = int(year.name)
            if (tahun, triwulan) not in recorded:
                files = workspace.quarter_workbooks(tahun, triwulan) if (year / f"triwulan-{triwulan}").is_dir() else []
                if files:
                    result.catatan.append(
                        f"{len(files)} lembar kerja {case_label(tahun, triwulan)} "
                        f"({workspace.shown(files[0].parent)}) tidak disimpan melalui aplikasi (tidak ada peristiwa "
                        "simpan_bahan); perubahan atasnya tidak dapat diperiksa.")
                continue
            for change in material_changes(workspace, events, tahun, triwulan):
                result.pelanggaran.append(Pelanggaran(change.peristiwa, "bahan", change.pesan))


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))
