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
its files and folders are made read-only, a copy of it is kept beside it
(``.cadangan/versi-<n>``, :func:`backup_dir`) from which :func:`restore` repairs it, and a later
approval of the same quarter becomes ``versi-2`` beside ``versi-1``.
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

from kinerja.atomic import make_dirs, make_shared_dir, shared_dir_mode, shared_file_mode
from kinerja.errors import KinerjaError
from kinerja.terbitan import TerbitanError, current, sha256_file

if TYPE_CHECKING:  # pragma: no cover
    from kinerja.paths import Workspace

MANIFEST = "manifest.json"
CHECKSUMS = "SHA256SUMS"
BACKUP = ".cadangan"
"""Hidden folder beside the versions holding a copy of each (never read for figures)."""


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
    if not laporan_disetujui or published.info.get("dasar") != laporan_disetujui:
        raise ArchiveError(
            f"Laporan final di {where}/{published.folder.name} tidak berasal dari laporan yang disetujui Sekretaris "
            f"(checksum saat persetujuan: {laporan_disetujui or 'tidak tercatat'}; dasar laporan final: "
            f"{published.info.get('dasar', 'tidak ada')}). Laporan tidak didokumentasikan."
        )
    return published


def input_changes(workspace: Workspace, tahun: int, triwulan: int, published: Any) -> list[str]:
    """How the quarter's stored workbooks differ from a report set's inputs (``berkas_masukan``),
    as sentence parts ('' when they are exactly its inputs): the one rule for "made from the
    material stored now", used when submitting, approving and archiving."""
    boundary = workspace.root.resolve()
    found_all = workspace.quarter_workbooks(tahun, triwulan)
    outside = {p.name for p in found_all if not p.resolve().is_relative_to(boundary)}
    recorded = {b["nama"]: b["sha256"] for b in published.info.get("berkas_masukan", [])}
    found = {p.name: sha256_file(p) for p in found_all if p.name not in outside}
    linked = sorted(n for n in recorded if n in outside)
    changed = sorted(n for n in recorded if n not in outside and found.get(n) != recorded[n])
    added = sorted(n for n in found if n not in recorded)
    parts = []
    if linked:
        parts.append("menunjuk ke luar ruang kerja: " + ", ".join(linked))
    if changed:
        parts.append("berubah atau hilang sesudah laporan dibuat: " + ", ".join(changed))
    if added:
        parts.append("ditambahkan sesudah laporan dibuat: " + ", ".join(added))
    return parts


def _checked_sources(workspace: Workspace, tahun: int, triwulan: int, published: Any) -> list[Path]:
    """The quarter's workbooks, refused unless they are exactly the report's inputs.

    A workbook that is a link leading out of the workspace is never followed or archived.
    """
    parts = input_changes(workspace, tahun, triwulan, published)
    if parts:
        raise ArchiveError("Lembar kerja " + "; ".join(parts) + ". Laporan yang disetujui tidak dihitung dari lembar kerja "
                           "ini; laporan tidak didokumentasikan.")
    boundary = workspace.root.resolve()
    return [p for p in workspace.quarter_workbooks(tahun, triwulan) if p.resolve().is_relative_to(boundary)]


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
        laporan_disetujui: checksum of the report set recorded at approval (quarters and the annual report); the
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
    make_dirs(base)
    for stale in base.glob(".versi-*"):  # left by a run that was killed: the workflow's write lock makes
        if stale.is_dir() and not stale.is_symlink():  # this the only archiving run now
            _remove_tree(stale)
    staging = make_shared_dir(tempfile.mkdtemp(prefix=".versi-", dir=base))
    try:
        entries: list[dict[str, Any]] = []
        for group, root, files in (("laporan", report_root, reports), ("sumber", sources_root, sources)):
            for source in files:
                rel = Path(group) / source.relative_to(root)
                target = staging / rel
                make_dirs(target.parent)
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
        final = base / f"versi-{number}"
        if final.exists():  # never replace anything; the workflow lock serialises writers
            raise ArchiveError(f"Folder arsip {final} sudah ada; ulangi pendokumentasian.")
        kept = backup_dir(workspace, tahun, triwulan, number)
        make_dirs(kept.parent)
        if kept.exists():  # a copy left by a run that died before its version was renamed into place
            _remove_tree(kept)
        shutil.copytree(staging, kept, copy_function=shutil.copyfile)
        _seal(kept)
        _seal(staging)
        try:
            os.rename(staging, final)
        except BaseException:
            _remove_tree(kept)
            raise
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


READ_ONLY_FILE = stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH
"""Mode of every archived file (0444)."""


def _seal(folder: Path) -> None:
    """Make an archive version read-only: its files 0444, its folders without any write bit.

    Without write permission on the folders nobody but their owner (who must first give it back)
    can replace, rename or remove an archived file, even where the workspace is group-writable.
    """
    for path in sorted(folder.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        if path.is_symlink():
            continue
        if path.is_file():
            path.chmod(READ_ONLY_FILE)
        elif path.is_dir():
            path.chmod(stat.S_IMODE(path.stat().st_mode) & ~0o222)
    folder.chmod(stat.S_IMODE(folder.stat().st_mode) & ~0o222)


def _unseal(folder: Path) -> None:
    """Give the owner write permission on an archive version's folders again (to move or remove it)."""
    for path in (folder, *folder.rglob("*")):
        if path.is_dir() and not path.is_symlink():
            path.chmod(stat.S_IMODE(path.stat().st_mode) | stat.S_IWUSR)


def _remove_tree(path: Path) -> None:
    if not path.exists():
        return
    _unseal(path)
    for item in path.rglob("*"):
        if item.is_file():
            item.chmod(stat.S_IRUSR | stat.S_IWUSR)
    shutil.rmtree(path, ignore_errors=True)


def backup_dir(workspace: Workspace, tahun: int, triwulan: int | None, versi: int) -> Path:
    """The copy of an archive version kept beside it (``<archive folder>/.cadangan/versi-N``): the
    last good copy ``kinerja arsip pulihkan`` restores a damaged version from."""
    return workspace.archive_dir(tahun, triwulan) / BACKUP / f"versi-{versi}"


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


def _entries(folder: Path) -> dict[str, str] | None:
    """File → SHA-256 of a version's own manifest (None when it is missing or unreadable)."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        return {str(e["berkas"]): str(e["sha256"]) for e in manifest["berkas"]}
    except (OSError, ValueError, KeyError, TypeError):
        return None


def version_problems(folder: Path, recorded: str = "", reference: Path | None = None) -> list[str]:
    """What no longer matches in an archive version, each an Indonesian phrase naming the file; [] when intact.

    Args:
        folder: the ``versi-N`` folder.
        recorded: the manifest SHA-256 the documenting event recorded ('' = not known).
        reference: another copy (the kept copy) whose manifest has the recorded checksum: when
            ``folder``'s own manifest was rewritten, its files are compared with that one's list.

    Checks the manifest against the recorded checksum, every listed file against its SHA-256
    (changed, missing), files nobody listed, and ``SHA256SUMS`` against the manifest.
    """
    if not folder.is_dir():
        return [f"folder {folder.name} hilang"]
    if not (folder / MANIFEST).is_file():
        return [f"{MANIFEST} hilang"]
    found = []
    digest = sha256_file(folder / MANIFEST)
    entries = _entries(folder)
    if recorded and digest != recorded:
        found.append(f"{MANIFEST} diubah (checksum tercatat di riwayat {recorded[:16]}…, sekarang {digest[:16]}…)")
        trusted = _entries(reference) if reference is not None and sha256_file(reference / MANIFEST) == recorded else None
        entries = trusted if trusted is not None else entries
    if entries is None:
        return [*found, f"{MANIFEST} tidak terbaca"]
    for name, sha in entries.items():
        target = folder / name
        if not target.is_file():
            found.append(f"{name} hilang")
        elif sha256_file(target) != sha:
            found.append(f"{name} berubah")
    present = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    found += [f"{name} ditambahkan" for name in present if name not in entries and name not in (MANIFEST, CHECKSUMS)]
    sums = folder / CHECKSUMS
    expected = "".join(f"{sha}  {name}\n" for name, sha in entries.items())
    if not sums.is_file():
        found.append(f"{CHECKSUMS} hilang")
    elif sums.read_text(encoding="utf-8", errors="replace") != expected:
        found.append(f"{CHECKSUMS} tidak sesuai dengan manifest")
    return found


@dataclass(frozen=True)
class Pemulihan:
    """One folder put back by :func:`restore`."""

    folder: str          # restored folder, relative to the workspace
    masalah: tuple[str, ...]
    disisihkan: str      # where the damaged copy was moved (relative), '' when it had vanished

    @property
    def uraian(self) -> str:
        """One Indonesian sentence: what was restored, why, and where the damaged copy is."""
        aside = f"; salinan rusak disimpan di {self.disisihkan}" if self.disisihkan else ""
        return f"{self.folder} dipulihkan ({'; '.join(self.masalah)}){aside}"


def _stamp(waktu: dt.datetime) -> str:
    return waktu.strftime("%Y%m%dT%H%M%S")


def _move_aside(folder: Path, aside: Path, workspace: Workspace) -> None:
    """Move a damaged folder out of the way (kept, never deleted)."""
    make_dirs(aside.parent)
    try:
        _unseal(folder)
        os.rename(folder, aside)
    except PermissionError:
        owner = _owner(folder)
        raise ArchiveError(
            f"Folder {workspace.shown(folder)} tidak dapat dipindahkan (izin tidak cukup); arsip hanya dapat dipulihkan "
            f"oleh pemilik foldernya ({owner}) atau administrator. Tidak ada yang diubah."
        ) from None


def _owner(path: Path) -> str:
    try:
        import pwd  # noqa: PLC0415 -- POSIX only: Windows has no pwd

        return pwd.getpwuid(path.stat().st_uid).pw_name
    except (ImportError, KeyError, OSError):  # pragma: no cover - Windows, or an unknown uid
        return "pemilik folder"


def restore(workspace: Workspace, tahun: int, triwulan: int | None, recorded: list[tuple[str, str]],
            waktu: dt.datetime) -> list[Pemulihan]:
    """Put back every damaged documented version of a case, and its published set, from the kept copies.

    Args:
        recorded: ``(folder relative to the workspace, manifest SHA-256)`` of each documenting
            event of the case, as the history recorded them.
        waktu: the office's time now (names the folder the damaged copy is moved to).

    An archive version is restored from ``.cadangan/versi-N`` (:func:`backup_dir`) when that copy
    still has the recorded checksum and matches its manifest; the damaged folder is moved to
    ``.cadangan/rusak-versi-N-<waktu>``, never deleted. The published set the version archived
    (``laporan/<tahun>/…/versi-K``) is then compared with the archive's copy of it and put back
    the same way when it differs (its damaged copy goes to ``<report folder>/.rusak/``).

    Returns:
        What was restored ([] when everything matched).

    Raises:
        ArchiveError: a damaged version has no good copy left (the copy is missing or damaged too),
            or the folders cannot be moved (not their owner); nothing is changed then.
    """
    done: list[Pemulihan] = []
    base = workspace.archive_dir(tahun, triwulan)
    for relative, sha in recorded:
        folder = workspace.root / relative
        if not relative or not folder.name.startswith("versi-") or folder.parent != base:
            continue
        kept = base / BACKUP / folder.name
        problems = version_problems(folder, sha, reference=kept)
        if problems:
            kept_problems = version_problems(kept, sha) if kept.is_dir() else ["salinan tidak ada"]
            if kept_problems:
                raise ArchiveError(
                    f"Arsip {workspace.shown(folder)} rusak ({'; '.join(problems)}), dan salinan cadangannya "
                    f"{workspace.shown(kept)} tidak dapat dipakai ({'; '.join(kept_problems)}). Tidak ada yang diubah; "
                    "pulihkan dari cadangan kantor (salinan folder data/archive) lalu jalankan `kinerja audit verifikasi`."
                )
            staging = Path(tempfile.mkdtemp(prefix=".pulih-", dir=base))
            try:
                fresh = staging / folder.name
                shutil.copytree(kept, fresh, copy_function=shutil.copyfile)
                _seal(fresh)
                aside = base / BACKUP / f"rusak-{folder.name}-{_stamp(waktu)}"
                if folder.exists():
                    _move_aside(folder, aside, workspace)
                os.rename(fresh, folder)
            finally:
                _remove_tree(staging)
            done.append(Pemulihan(workspace.shown(folder), tuple(problems),
                                  workspace.shown(aside) if aside.exists() else ""))
        published = _published_copy(workspace, folder)
        if published is None:
            continue
        target, problems = published
        aside = target.parent / ".rusak" / f"{target.name}-{_stamp(waktu)}"
        staging = Path(tempfile.mkdtemp(prefix=f".{target.parent.name}.pulih-", dir=target.parent.parent))
        try:
            fresh = staging / target.name
            shutil.copytree(folder / "laporan", fresh, copy_function=shutil.copyfile)
            for path in (fresh, *fresh.rglob("*")):
                path.chmod(shared_dir_mode(target.parent) if path.is_dir() else shared_file_mode(target.parent))
            if target.exists():
                make_dirs(aside.parent)
                os.rename(target, aside)
            os.rename(fresh, target)
        finally:
            _remove_tree(staging)
        done.append(Pemulihan(workspace.shown(target), tuple(problems), workspace.shown(aside) if aside.exists() else ""))
    return done


def _published_copy(workspace: Workspace, version: Path) -> tuple[Path, list[str]] | None:
    """The published set an intact archive version copied, with what differs from the archive's copy (None: same)."""
    manifest = json.loads((version / MANIFEST).read_text(encoding="utf-8"))
    origins = {Path(e["asal"]).parent for e in manifest["berkas"]
               if e["berkas"].startswith("laporan/") and "asal" in e and not Path(e["asal"]).is_absolute()}
    if len(origins) != 1:
        return None
    target = workspace.root / origins.pop()
    if target.parent.parent.parent != workspace.reports or not target.name.startswith("versi-"):
        return None
    archived = {e["berkas"].removeprefix("laporan/"): e["sha256"] for e in manifest["berkas"] if e["berkas"].startswith("laporan/")}
    if not target.is_dir():
        return None  # pruned (kinerja.terbitan keeps the last versions): the archive stands for it
    problems = []
    for name, sha in archived.items():
        path = target / name
        if not path.is_file():
            problems.append(f"{name} hilang")
        elif sha256_file(path) != sha:
            problems.append(f"{name} berubah")
    present = sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file())
    problems += [f"{name} ditambahkan" for name in present if name not in archived]
    return (target, problems) if problems else None
