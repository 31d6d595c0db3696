"""Step 6, documenting: a write-once copy of the approved report and its sources.

:func:`document` copies the report files of ``workspace.report_dir(tahun, triwulan)`` (and, for
a quarter, the source workbooks of ``workspace.raw_for(tahun, triwulan)``) into a new version
folder ``workspace.archive_dir(tahun, triwulan)/versi-<n>/`` with ``manifest.json`` and a
``SHA256SUMS`` file (``sha256sum -c`` compatible). Nothing in the archive is ever
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


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _visible_files(folder: Path, *, recursive: bool, suffixes: tuple[str, ...] | None = None,
                   inside: Path | None = None) -> list[Path]:
    """Files to archive; a link that leads out of ``inside`` (the workspace) is never followed."""
    if not folder.is_dir():
        return []
    boundary = (inside or folder).resolve()
    found = folder.rglob("*") if recursive else folder.iterdir()
    out = []
    for path in found:
        rel = path.relative_to(folder)
        if not path.is_file() or any(part.startswith((".", "~$")) for part in rel.parts):
            continue
        if suffixes and path.suffix.lower() not in suffixes:
            continue
        if not path.resolve().is_relative_to(boundary):  # a symbolic link out of the workspace
            continue
        out.append(path)
    return sorted(out)


def versions(workspace: Workspace, tahun: int, triwulan: int | None) -> list[Path]:
    """Existing version folders of a quarter (or of the annual report), oldest first."""
    base = workspace.archive_dir(tahun, triwulan)
    if not base.is_dir():
        return []
    found = [p for p in base.iterdir() if p.is_dir() and p.name.startswith("versi-") and p.name[6:].isdigit()]
    return sorted(found, key=lambda p: int(p.name[6:]))


def document(
    workspace: Workspace,
    tahun: int,
    triwulan: int | None,
    *,
    pengguna: str,
    waktu: dt.datetime,
    disetujui: list[str] | tuple[str, ...] = (),
    unit: str = "",
) -> ArchiveVersion:
    """Write the next archive version of a quarter's (or the year's) approved report.

    Args:
        disetujui: hash of the approving event, recorded in the manifest.

    Raises:
        ArchiveError: the report folder holds no report files.
    """
    report_dir = workspace.report_dir(tahun, triwulan)
    reports = _visible_files(report_dir, recursive=True, inside=workspace.root)
    if not reports:
        raise ArchiveError(
            f"Belum ada berkas laporan di {report_dir}; buat laporannya dahulu "
            f"(kinerja laporan …) sebelum didokumentasikan."
        )
    sources: list[Path] = []
    sources_root = report_dir
    if triwulan is not None:
        sources_root = workspace.raw_for(tahun, triwulan)
        boundary = workspace.root.resolve()
        sources = [p for p in workspace.quarter_workbooks(tahun, triwulan) if p.resolve().is_relative_to(boundary)]
    base = workspace.archive_dir(tahun, triwulan)
    base.mkdir(parents=True, exist_ok=True)
    staging = make_shared_dir(tempfile.mkdtemp(prefix=".versi-", dir=base))
    try:
        entries: list[dict[str, Any]] = []
        for group, root, files in (("laporan", report_dir, reports), ("sumber", sources_root, sources)):
            for source in files:
                rel = Path(group) / source.relative_to(root)
                target = staging / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)  # content only: no private mode copied along
                entries.append({"berkas": rel.as_posix(), "sha256": sha256_file(target),
                                "ukuran": target.stat().st_size, "asal": str(source)})
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


def verify_version(path: Path) -> list[str]:
    """Files of an archived version whose content no longer matches the manifest (or vanished)."""
    manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    damaged = []
    for entry in manifest["berkas"]:
        target = path / entry["berkas"]
        if not target.is_file() or sha256_file(target) != entry["sha256"]:
            damaged.append(entry["berkas"])
    return damaged
