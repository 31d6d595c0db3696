"""Step 6, documenting: a write-once copy of the approved report and its sources.

:func:`document` copies the current published set of ``workspace.report_dir(tahun, triwulan)``
(:mod:`kinerja.terbitan`: the final document, the executed notebook and the results) and, for a
quarter, the source workbooks of ``workspace.raw_for(tahun, triwulan)`` into a new version
folder ``workspace.archive_dir(tahun, triwulan)/versi-<n>/`` with ``manifest.json`` and a
``SHA256SUMS`` file (``sha256sum -c`` compatible). It archives exactly what was approved or
refuses with the reason: the set must be final, unchanged since publication, rendered from
the set whose checksum the approval recorded, and the workbooks must be the ones the report
was computed from (same names and SHA-256). Nothing in the archive is ever
overwritten: the version is assembled in a hidden temporary folder and renamed into place,
its files are made read-only, and a later approval of the same quarter becomes ``versi-2``
beside ``versi-1``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kinerja.atomic import make_shared_dir
from kinerja.errors import KinerjaError
from kinerja.terbitan import TerbitanError, current, sha256_file

if TYPE_CHECKING:  # pragma: no cover
    from kinerja.paths import Workspace

MANIFEST = "manifest.json"
CHECKSUMS = "SHA256SUMS"


class ArchiveError(KinerjaError):
    """Documenting is impossible (no report yet) or an archived version is damaged."""


@dataclass(frozen=True)
class ArchiveVersion:
    """One written version of an archived report."""

    path: Path
    versi: int
    files: tuple[str, ...]
    manifest_sha256: str
    relative: str  # path relative to the workspace root, as recorded in the history


def versions(workspace: Workspace, tahun: int, triwulan: int | None) -> list[Path]:
    """Existing version folders of a quarter (or of the annual report), oldest first."""
    base = workspace.archive_dir(tahun, triwulan)
    if not base.is_dir():
        return []
    found = [p for p in base.iterdir() if p.is_dir() and p.name.startswith("versi-") and p.name[6:].isdigit()]
    return sorted(found, key=lambda p: int(p.name[6:]))


def _approved_set(workspace: Workspace, tahun: int, triwulan: int | None, laporan_disetujui: str) -> Any:
    """The current published set, checked to be the final rendering of the approved report."""
    report_dir = workspace.report_dir(tahun, triwulan)
    where = report_dir.relative_to(workspace.root).as_posix() if report_dir.is_relative_to(workspace.root) else report_dir.name
    command = f"kinerja laporan tahunan --tahun {tahun}" if triwulan is None else (
        f"kinerja laporan triwulan --tahun {tahun} --triwulan {triwulan}")
    try:
        published = current(report_dir)
    except TerbitanError as exc:
        raise ArchiveError(str(exc)) from None
    if published is None:
        raise ArchiveError(f"Belum ada laporan terbitan di {where}; buat laporannya dahulu (`{command}`) sebelum didokumentasikan.")
    if published.info.get("status") != "final":
        raise ArchiveError(
            f"Laporan terkini di {where} ({published.folder.name}) masih DRAF; dokumen final belum dibuat. "
            f"Jalankan `{command}` untuk membuat dokumen final dari laporan yang disetujui, lalu dokumentasikan."
        )
    damaged = published.damaged()
    if damaged:
        raise ArchiveError(f"Berkas {', '.join(damaged)} di {where}/{published.folder.name} berubah sesudah diterbitkan; "
                           "laporan tidak didokumentasikan.")
    if triwulan is not None and (not laporan_disetujui or published.info.get("dasar") != laporan_disetujui):
        raise ArchiveError(
            f"Laporan final di {where}/{published.folder.name} tidak berasal dari laporan yang disetujui Sekretaris "
            f"(checksum saat persetujuan: {laporan_disetujui or 'tidak tercatat'}; dasar laporan final: "
            f"{published.info.get('dasar', 'tidak ada')}). Laporan tidak didokumentasikan."
        )
    return published


def _checked_sources(workspace: Workspace, tahun: int, triwulan: int, published: Any) -> list[Path]:
    """The quarter's workbooks, refused unless they are exactly the report's inputs.

    A workbook that is a link leading out of the workspace is never followed or archived.
    """
    boundary = workspace.root.resolve()
    found_all = workspace.quarter_workbooks(tahun, triwulan)
    outside = {p.name for p in found_all if not p.resolve().is_relative_to(boundary)}
    sources = [p for p in found_all if p.name not in outside]
    recorded = {b["nama"]: b["sha256"] for b in published.info.get("berkas_masukan", [])}
    found = {p.name: sha256_file(p) for p in sources}
    linked = sorted(n for n in recorded if n in outside)
    changed = sorted(n for n in recorded if n not in outside and found.get(n) != recorded[n])
    added = sorted(n for n in found if n not in recorded)
    if linked or changed or added:
        parts = []
        if linked:
            parts.append("menunjuk ke luar ruang kerja: " + ", ".join(linked))
        if changed:
            parts.append("berubah atau hilang sesudah laporan dibuat: " + ", ".join(changed))
        if added:
            parts.append("ditambahkan sesudah laporan dibuat: " + ", ".join(added))
        raise ArchiveError("Lembar kerja " + "; ".join(parts) + ". Laporan yang disetujui tidak dihitung dari lembar kerja "
                           "ini; laporan tidak didokumentasikan.")
    return sources


def document(
    workspace: Workspace,
    tahun: int,
    triwulan: int | None,
    *,
    pengguna: str,
    waktu: dt.datetime,
    disetujui: list[str] | tuple[str, ...] = (),
    unit: str = "",
    laporan_disetujui: str = "",
) -> ArchiveVersion:
    """Write the next archive version of a quarter's (or the year's) approved report.

    Args:
        disetujui: hash of the approving event, recorded in the manifest.
        laporan_disetujui: checksum of the report set recorded at approval (quarters); the
            final set's ``dasar`` must equal it.

    Raises:
        ArchiveError: no final report, not the approved one, changed files or workbooks.
    """
    published = _approved_set(workspace, tahun, triwulan, laporan_disetujui)
    reports = [published.path(name) for name in published.checksums] + [published.path("manifest.json")]
    report_root = published.folder
    boundary = workspace.root.resolve()
    linked = [p.name for p in reports if not p.resolve().is_relative_to(boundary)]
    if linked:
        raise ArchiveError(f"Berkas laporan {', '.join(linked)} menunjuk ke luar ruang kerja; laporan tidak didokumentasikan.")
    sources: list[Path] = []
    sources_root = workspace.raw_for(tahun, triwulan) if triwulan is not None else report_root
    if triwulan is not None:
        sources = _checked_sources(workspace, tahun, triwulan, published)
    base = workspace.archive_dir(tahun, triwulan)
    base.mkdir(parents=True, exist_ok=True)
    staging = make_shared_dir(tempfile.mkdtemp(prefix=".versi-", dir=base))
    try:
        entries: list[dict[str, Any]] = []
        for group, root, files in (("laporan", report_root, reports), ("sumber", sources_root, sources)):
            for source in files:
                rel = Path(group) / source.relative_to(root)
                target = staging / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
                entries.append({"berkas": rel.as_posix(), "sha256": sha256_file(target),
                                "ukuran": target.stat().st_size,
                                "asal": source.relative_to(workspace.root).as_posix()
                                if source.is_relative_to(workspace.root) else source.name})
        expected = published.checksums
        for entry in entries:
            name = entry["berkas"].removeprefix("laporan/")
            if name in expected and entry["sha256"] != expected[name]:
                raise ArchiveError(f"Salinan {name} tidak sama dengan laporan terbitan; ulangi pendokumentasian.")
        existing = versions(workspace, tahun, triwulan)
        number = int(existing[-1].name[6:]) + 1 if existing else 1
        manifest = {
            "tahun": tahun,
            "triwulan": triwulan,
            "unit": unit,
            "versi": number,
            "didokumentasikan_oleh": pengguna,
            "waktu": waktu.isoformat(timespec="seconds"),
            "peristiwa_persetujuan": list(disetujui),
            "laporan_disetujui": laporan_disetujui,
            "laporan_terbitan": published.manifest_sha256,
            "berkas": entries,
        }
        manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
        (staging / MANIFEST).write_bytes(manifest_bytes)
        (staging / CHECKSUMS).write_text("".join(f"{e['sha256']}  {e['berkas']}\n" for e in entries), encoding="utf-8")
        for path in staging.rglob("*"):
            if path.is_file():
                path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
        final = base / f"versi-{number}"
        if final.exists():  # never replace anything; the workflow lock serialises writers
            raise ArchiveError(f"Folder arsip {final} sudah ada; ulangi pendokumentasian.")
        os.rename(staging, final)
    except BaseException:
        _remove_tree(staging)
        raise
    return ArchiveVersion(
        path=final,
        versi=number,
        files=tuple(e["berkas"] for e in entries),
        manifest_sha256=hashlib.sha256(manifest_bytes).hexdigest(),
        relative=final.relative_to(workspace.root).as_posix(),
    )


def _remove_tree(path: Path) -> None:
    if not path.exists():
        return
    for item in path.rglob("*"):
        if item.is_file():
            item.chmod(stat.S_IRUSR | stat.S_IWUSR)
    shutil.rmtree(path, ignore_errors=True)


def recorded_version(workspace: Workspace, tahun: int, triwulan: int | None, sha256: str) -> Path | None:
    """The version folder whose ``manifest.json`` has the SHA-256 the workflow recorded when the
    case was documented (``sha256`` of the documenting event), or None when no version has it.

    A later version nobody documented, or a version whose manifest was rewritten, is never it.
    """
    if not sha256:
        return None
    for folder in reversed(versions(workspace, tahun, triwulan)):
        manifest = folder / MANIFEST
        if manifest.is_file() and sha256_file(manifest) == sha256:
            return folder
    return None


def verify_version(path: Path) -> list[str]:
    """Files of an archived version whose content no longer matches the manifest (or vanished)."""
    manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    damaged = []
    for entry in manifest["berkas"]:
        target = path / entry["berkas"]
        if not target.is_file() or sha256_file(target) != entry["sha256"]:
            damaged.append(entry["berkas"])
    return damaged
