"""Approval of a case's report set: where a case stands (:func:`approval`), how a final states its
approval, and which published set ``ajukan``/``setujui`` record (:func:`submitted_report`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kinerja.alur.kasus import ActionRefused, Alasan, Kasus, load_case, parse_time, report_folder
from kinerja.alur.konteks import store_of
from kinerja.alur.store import Peristiwa
from kinerja.config import Config
from kinerja.domain import sop
from kinerja.domain.peran import ROLE_LABELS
from kinerja.numbers import format_datetime, zona_of
from kinerja.terbitan import MANIFEST, TerbitanError, current

if TYPE_CHECKING:  # pragma: no cover
    from kinerja.paths import Workspace


@dataclass(frozen=True)
class Persetujuan:
    """Where a case stands with respect to approval, and which report set was approved."""

    keadaan: str
    disetujui: bool = False
    pengguna: str = ""
    waktu: str = ""
    sha256: str = ""    # manifest checksum of the report set recorded at approval ('' = none recorded)
    berkas: str = ""
    terbuka: bool = False  # annual case: open (the four quarters are documented)
    uraian: str = ""    # e.g. "disetujui oleh Siti Rahma (Sekretaris) pada 10 April 2025 pukul 08.40"
    siap_final: bool = False  # approved and every step before the documentation taken (the final may be rendered)
    arsip: str = ""     # checksum of the archive version's manifest recorded when documented ('' = not documented)
    arsip_berkas: str = ""  # that version's folder as recorded, e.g. data/archive/2025/tahunan/versi-1

    @property
    def keadaan_label(self) -> str:
        return sop.keadaan(self.keadaan).label


def approval(workspace: Workspace, config: Config, tahun: int, triwulan: int | None, unit: str = "") -> Persetujuan:
    """The approval state of a case (office-wide by default); reading never creates the database.

    For a documented case (a quarter or the annual report) ``arsip`` is the archive version's
    manifest checksum its documenting event recorded (:func:`kinerja.laporan.model.hasil.documented_folder`
    reads figures only from that version).
    """
    with store_of(workspace) as store:
        kasus = load_case(store, config, tahun, triwulan, unit)
    documented = [e for e in kasus.events if sop.langkah(e.aksi).mengarsipkan][-1:]
    arsip, arsip_berkas = (documented[0].sha256, documented[0].berkas) if documented else ("", "")
    terbuka = kasus.sejak is not None
    approvals = [e for e in kasus.events if sop.langkah(e.aksi).menyetujui]
    if kasus.keadaan not in sop.keadaan_disetujui() or not approvals:
        return Persetujuan(kasus.keadaan, terbuka=terbuka, arsip=arsip, arsip_berkas=arsip_berkas)
    event = approvals[-1]
    after = kasus.events[kasus.events.index(event) + 1:]  # the steps taken since the approval (the APIP reviu)
    uraian = "; ".join(_uraian_langkah(config, e) for e in [event, *after]
                       if not (sop.langkah(e.aksi).mengarsipkan or sop.langkah(e.aksi).memulihkan))
    return Persetujuan(kasus.keadaan, True, event.pengguna, event.waktu, event.sha256, event.berkas, terbuka=terbuka,
                       uraian=uraian, arsip=arsip, arsip_berkas=arsip_berkas,
                       siap_final=kasus.keadaan in sop.keadaan_siap_final())


def _uraian_langkah(config: Config, event: Peristiwa) -> str:
    """One recorded step as a final document states it: what, who (name and role, never the username), when.

    ``disetujui oleh Hj. Siti Rahmawati, S.H., M.H. (Sekretaris) pada 10 April 2025 pukul 08.40 WITA``
    """
    person = config.person(event.pengguna)
    who = f"{person.nama} ({ROLE_LABELS[event.peran]})" if person else f"{event.pengguna} ({ROLE_LABELS[event.peran]})"
    when = format_datetime(parse_time(event.waktu), zona_of(config))
    step = sop.langkah(event.aksi)
    what = "disetujui" if step.menyetujui else f"{step.keluaran} dicatat"
    return f"{what} oleh {who} pada {when}"


def submitted_report(workspace: Workspace, tahun: int, triwulan: int | None, kasus: Kasus, aksi: str) -> tuple[str, str]:
    """The current report set recorded by ``ajukan``/``setujui``: (relative manifest path, checksum).

    Returns ``("", "")`` when no report set has been published (:func:`prasyarat` refuses that
    before). Raises :class:`ActionRefused` when the published sets cannot be read.
    """
    try:
        published = current(report_folder(workspace, kasus))
    except TerbitanError as exc:
        raise ActionRefused(Alasan.LAPORAN_BERUBAH, str(exc)) from None
    if published is None:
        return "", ""
    relative = (published.folder / MANIFEST).relative_to(workspace.root).as_posix()
    return relative, published.manifest_sha256
