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

Each problem is a :class:`~kinerja.alur.store.Pelanggaran` naming the folder and the file;
``kinerja arsip pulihkan`` restores a documented case from the kept copies.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kinerja.alur.archive import BACKUP, version_problems
from kinerja.alur.store import Pelanggaran, Peristiwa
from kinerja.domain import sop
from kinerja.domain.periode import Periode
from kinerja.terbitan import MANIFEST, TerbitanError, current, sha256_file, versions

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
            from kinerja.terbitan import Terbitan

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
    return result


def _load(path: Path) -> dict:
    import json

    return json.loads(path.read_text(encoding="utf-8"))
