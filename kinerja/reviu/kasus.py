"""The reviu as an assignment case of the Inspektorat's signed history (issue 20, item 2).

A reviu case is one office's LKjIP of one year (key :func:`kinerja.domain.sop.kasus_reviu`, ``reviu:<OPD>``),
taken through the SOP table's reviu steps (:data:`kinerja.domain.sop.LANGKAH`, ``lingkup="reviu"``, turned on
by ``[alur] reviu_lkjip``) by :func:`kinerja.alur.workflow.act` like every other case: the Inspektur assigns
the Pengendali Teknis and the auditor, the auditor performs the reviu and submits it, the Pengendali Teknis
approves it or returns it with a note, the Inspektur issues the Laporan Hasil Reviu.

What this module adds is the papers each step hands on, published as one set with checksums
(:mod:`kinerja.terbitan`, ``laporan/reviu/<tahun>/<OPD>/versi-N``) whose manifest checksum the event records:

- :func:`laksanakan`: the documents reviewed (copied), ``hasil.json`` (every row and finding of
  :func:`kinerja.reviu.periksa.reviu`), the Kertas Kerja Reviu (.xlsx), the LHR and the Pernyataan Telah
  Direviu as DRAF (.docx), then ``laksanakan_reviu``;
- :func:`terbitkan`: from the approved set only (its manifest checksum recorded at approval, its files
  intact, its documents read again giving the approved ``hasil.json``), the final LHR (.docx + PDF) and
  Pernyataan signed by the Inspektur, then ``terbitkan_lhr``. The Pernyataan goes into the reviewed
  office's LKjIP: its own ``nyatakan_direviu`` step attaches it (``kinerja alur nyatakan_direviu --berkas``).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kinerja.alur.aturan import kasus_reviu
from kinerja.alur.identity import UnknownUser, resolve_person
from kinerja.alur.konteks import store_of
from kinerja.alur.kunci import Penanda
from kinerja.alur.store import Peristiwa
from kinerja.atomic import write_text
from kinerja.config import Config
from kinerja.domain import sop
from kinerja.errors import WorkflowError
from kinerja.numbers import format_date, office_today, zona_of
from kinerja.paths import Workspace
from kinerja.reviu.kkr import tulis_kkr
from kinerja.reviu.lhr import tulis_lhr, tulis_pernyataan
from kinerja.reviu.periksa import Aturan, HasilReviu, reviu
from kinerja.reviu.temuan import STATUS
from kinerja.terbitan import Terbitan, publish, sha256_file, staging

HASIL = "hasil.json"
KKR = "kertas-kerja-reviu.xlsx"
LHR = "laporan-hasil-reviu.docx"
PERNYATAAN = "pernyataan-telah-direviu.docx"
DOKUMEN = "dokumen"
"""Names inside a reviu set (the documents reviewed are kept under ``dokumen/``)."""


@dataclass(frozen=True)
class HasilLangkah:
    """What a reviu step recorded: the event, the published set's folder and its files."""

    peristiwa: Peristiwa
    folder: Path
    berkas: tuple[Path, ...]
    hasil: HasilReviu | None = None


def kode(opd: str) -> str:
    """The reviewed office's code as the case key holds it (``dinkes`` → ``DINKES``); a code that cannot be a
    key and a folder name is refused (:class:`~kinerja.alur.kasus.ActionRefused`)."""
    return sop.opd_reviu(kasus_reviu(opd))


def folder(workspace: Workspace, tahun: int, opd: str) -> Path:
    """The reviu sets of ``opd``'s LKjIP of ``tahun``."""
    return workspace.reviu_dir(tahun, kode(opd))


def _check_allowed(workspace: Workspace, config: Config, tahun: int, opd: str, aksi: str, username: str | None) -> None:
    """Refuse before any paper is made when the person may not take ``aksi`` now (the same :func:`refusal`
    :func:`act` asks again, under its lock, when recording)."""
    from kinerja.alur.workflow import ActionRefused, Alasan, load_case, refusal  # noqa: PLC0415 -- kinerja.alur.workflow (~38 ms) kept off importing this module

    try:
        person = resolve_person(config, username)
    except UnknownUser as exc:
        raise ActionRefused(Alasan.PENGGUNA_TIDAK_DIKENAL, str(exc)) from None
    with store_of(workspace) as store:
        kasus = load_case(store, config, tahun, None, sop.kasus_reviu(opd))
    refused = refusal(config, kasus, person, aksi)
    if refused is not None:
        raise refused


def _tanggal(config: Config) -> str:
    return format_date(office_today(zona_of(config)))


def _obyek(opd: str, nama_opd: str) -> str:
    return f"{nama_opd} ({opd})" if nama_opd else opd


def _tulis_kertas(staged: Path, hasil: HasilReviu, *, obyek: str, tahun: int, config: Config, setujui: bool,
                  pdf: bool) -> None:
    write_text(staged / HASIL, json.dumps(hasil.as_json(), ensure_ascii=False, indent=1))
    tulis_kkr(hasil, staged / KKR, judul=f"KERTAS KERJA REVIU LAPORAN KINERJA {tahun} — {obyek}")
    tanggal = _tanggal(config)
    tulis_lhr(hasil, staged / LHR, obyek=obyek, tahun=tahun, config=config, tanggal=tanggal, setujui=setujui, pdf=pdf)
    tulis_pernyataan(hasil, staged / PERNYATAAN, obyek=obyek, tahun=tahun, config=config, tanggal=tanggal,
                     setujui=setujui, pdf=pdf)


def laksanakan(workspace: Workspace, config: Config, tahun: int, opd: str, dokumen: Sequence[Path], *,
               nama_opd: str = "", catatan: str = "", username: str | None = None, kunci: Penanda | None = None,
               batas_capaian: float | None = None) -> HasilLangkah:
    """The auditor's reviu of ``dokumen`` (the office's LKjIP: .docx, .xlsx, .ods, text PDF), stored and submitted.

    Raises:
        ActionRefused: not the assigned auditor, or the case is not in its performing state (nothing written).
        BacaError: a document cannot be read (nothing written).
    """
    from kinerja.alur.workflow import act  # noqa: PLC0415 -- kinerja.alur.workflow (~38 ms) kept off importing this module

    opd = kode(opd)
    aksi = sop.langkah_khusus(sop.REVIU, "mengajukan").aksi
    _check_allowed(workspace, config, tahun, opd, aksi, username)
    paths = [Path(p) for p in dokumen]
    names = [p.name for p in paths]
    if len(set(names)) != len(names):
        raise WorkflowError("Dua dokumen yang direviu bernama sama; beri nama berbeda: " + ", ".join(sorted(names)) + ".")
    hasil = reviu(paths, Aturan.dari_config(config, batas_capaian), config.batas)
    obyek = _obyek(opd, nama_opd)
    target = folder(workspace, tahun, opd)
    with staging(target) as staged:
        (staged / DOKUMEN).mkdir()
        for path in paths:
            shutil.copyfile(path, staged / DOKUMEN / path.name)
        _tulis_kertas(staged, hasil, obyek=obyek, tahun=tahun, config=config, setujui=False, pdf=False)
        published = publish(staged, target, _info(opd, nama_opd, tahun, hasil, "draf", batas_capaian))
    event = act(workspace, config, aksi, tahun, None, unit=sop.kasus_reviu(opd), username=username, catatan=catatan,
                kunci=kunci)
    return HasilLangkah(event, published.folder, tuple(published.path(n) for n in published.checksums), hasil)


def _info(opd: str, nama_opd: str, tahun: int, hasil: HasilReviu, status: str, batas_capaian: float | None,
          dasar: str = "") -> dict[str, Any]:
    info: dict[str, Any] = {
        "jenis": "reviu", "opd": opd, "nama_opd": nama_opd, "tahun": tahun, "status": status,
        "baris": {s: sum(1 for b in hasil.baris if b.status == s) for s in STATUS},
        "batas_capaian": batas_capaian,
    }
    if dasar:
        info["dasar"] = dasar
    return info


def set_disetujui(workspace: Workspace, config: Config, tahun: int, opd: str) -> tuple[Path, dict, str]:
    """The set the Pengendali Teknis approved: (its folder, manifest, checksum), checked against the history.

    Raises:
        WorkflowError: no approval recorded, or the approved set is gone, rewritten or damaged.
    """
    from kinerja.alur.workflow import history  # noqa: PLC0415 -- kinerja.alur.workflow (~38 ms) kept off importing this module

    events = history(workspace, tahun, None, sop.kasus_reviu(opd))
    approvals = [e for e in events if sop.langkah(e.aksi).menyetujui]
    if not approvals or not approvals[-1].berkas:
        raise WorkflowError(f"Hasil reviu LKjIP {opd} {tahun} belum disetujui Pengendali Teknis.")
    approved = approvals[-1]
    manifest_path = workspace.root / approved.berkas
    if not manifest_path.is_file() or sha256_file(manifest_path) != approved.sha256:
        raise WorkflowError(
            f"Hasil reviu yang disetujui ({approved.berkas}, checksum {approved.sha256[:12]}…) tidak ada lagi atau telah "
            "diubah; Laporan Hasil Reviu tidak dibuat. Jalankan `kinerja audit verifikasi`.")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    damaged = Terbitan(manifest_path.parent, manifest, approved.sha256).damaged()
    if damaged:
        raise WorkflowError(f"Berkas hasil reviu yang disetujui telah diubah atau hilang: {', '.join(damaged)}; Laporan "
                            "Hasil Reviu tidak dibuat.")
    return manifest_path.parent, manifest, approved.sha256


def terbitkan(workspace: Workspace, config: Config, tahun: int, opd: str, *, catatan: str = "",
              username: str | None = None, kunci: Penanda | None = None) -> HasilLangkah:
    """The Inspektur issues the final LHR and Pernyataan Telah Direviu from the approved set, and records it.

    The approved documents are read again and must give the approved ``hasil.json`` (a changed reader or
    rule never slips into a signed LHR unseen).
    """
    from kinerja.alur.workflow import act  # noqa: PLC0415 -- kinerja.alur.workflow (~38 ms) kept off importing this module

    opd = kode(opd)
    aksi = next(s.aksi for s in sop.jalur_utama(sop.REVIU, frozenset({"reviu_lkjip"})) if sop.LHR_FINAL in s.syarat)
    _check_allowed(workspace, config, tahun, opd, aksi, username)
    source, manifest, digest = set_disetujui(workspace, config, tahun, opd)
    info = manifest.get("info", {})
    dokumen = sorted(p for p in (source / DOKUMEN).iterdir() if p.is_file())
    hasil = reviu(dokumen, Aturan.dari_config(config, info.get("batas_capaian")), config.batas)
    approved = json.loads((source / HASIL).read_text(encoding="utf-8"))
    if json.loads(json.dumps(hasil.as_json(), ensure_ascii=False)) != approved:
        raise WorkflowError(
            f"Dokumen yang disetujui ({source.relative_to(workspace.root).as_posix()}) kini memberi hasil reviu lain "
            f"dari {HASIL} yang disetujui (aturan atau skala berubah sejak itu); Laporan Hasil Reviu tidak dibuat. "
            "Kembalikan dan reviu ulang.")
    nama_opd = str(info.get("nama_opd", ""))
    target = folder(workspace, tahun, opd)
    with staging(target) as staged:
        (staged / DOKUMEN).mkdir()
        for path in dokumen:
            shutil.copyfile(path, staged / DOKUMEN / path.name)
        _tulis_kertas(staged, hasil, obyek=_obyek(opd, nama_opd), tahun=tahun, config=config, setujui=True, pdf=True)
        published = publish(staged, target, _info(opd, nama_opd, tahun, hasil, "final", info.get("batas_capaian"),
                                                  dasar=digest))
    event = act(workspace, config, aksi, tahun, None, unit=sop.kasus_reviu(opd), username=username, catatan=catatan,
                kunci=kunci)
    return HasilLangkah(event, published.folder, tuple(published.path(n) for n in published.checksums), hasil)
