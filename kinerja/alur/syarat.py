"""The guards of the SOP table (:attr:`kinerja.domain.sop.Langkah.syarat`): what a step hands on must be
there (the quarter's material complete and without galat, a report of the current material, a report
without galat), checked only by :func:`prasyarat`; a returned report goes back only changed or with a reply."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from kinerja.alur.archive import input_changes
from kinerja.alur.integritas import material_changes
from kinerja.alur.kasus import ActionRefused, Alasan, Kasus, load_case, parse_time, report_folder
from kinerja.alur.konteks import store_of
from kinerja.alur.store import Peristiwa
from kinerja.config import Config
from kinerja.domain import sop
from kinerja.lembar.findings import Tingkat
from kinerja.numbers import format_datetime
from kinerja.terbitan import TerbitanError, current

if TYPE_CHECKING:  # pragma: no cover
    from kinerja.paths import Workspace


def _states_before_material() -> frozenset[str]:
    """Quarter states before the material reaches the PPTK (the submitting step's state):
    a report made then cannot be submitted."""
    submit = next(s for s in sop.LANGKAH if s.mengajukan)
    before = set()
    for step in sop.jalur_utama(sop.TRIWULAN):
        before.add(step.dari)
        if step.ke == submit.dari:
            break
    return frozenset(before)


EARLY_STATES = _states_before_material()


_MATERIAL_CACHE: dict[tuple, tuple[list[str], dict[str, int]]] = {}


def material_state(workspace: Workspace, config: Config, tahun: int, triwulan: int) -> tuple[list[str], dict[str, int]]:
    """The quarter's stored material: (unit codes with a workbook, {file name: galat count} of
    the files with galat). Validated together, as the report reads them; remembered while
    the files are unchanged (forms ask at every refresh)."""
    # here, not at the top: pandas + calamine, ~2,6 s of import kept out of every command that imports the workflow
    from kinerja.lembar.validate import units_present, validate_workbooks  # noqa: PLC0415 -- kinerja.lembar.validate + pandas, numpy, dateutil (~240 ms) kept off `kinerja status`

    files = workspace.quarter_workbooks(tahun, triwulan)
    key = (str(workspace.root), tahun, triwulan, id(config),
           tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files))
    if key in _MATERIAL_CACHE:
        return _MATERIAL_CACHE[key]
    present: set[str] = set()
    galat: dict[str, int] = {}
    if files:
        dataset = validate_workbooks(files, config, tahun=tahun, triwulan=triwulan)
        for units in units_present(dataset, config, every_folder=True).values():
            present |= units
        for t in dataset.temuan:
            if t.tingkat is Tingkat.GALAT:
                name = Path(t.berkas).name
                galat[name] = galat.get(name, 0) + 1
    if len(_MATERIAL_CACHE) > 32:
        _MATERIAL_CACHE.clear()
    _MATERIAL_CACHE[key] = (sorted(present), galat)
    return _MATERIAL_CACHE[key]


def bahan_berubah(workspace: Workspace, kasus: Kasus, what: str) -> ActionRefused | None:
    """``what`` (the hand-over, the submission) is refused while a stored workbook of the quarter is not what
    the history recorded (:func:`kinerja.alur.integritas.material_changes`, the audit's rule). A case of one
    unit judges only the files its own events recorded (the other units' share the folder)."""
    if kasus.triwulan is None:
        return None
    changes = material_changes(workspace, kasus.events, kasus.tahun, kasus.triwulan, unrecorded=not kasus.unit)
    if not changes:
        return None
    return ActionRefused(Alasan.BAHAN_BERUBAH, (
        f"{what} {kasus.label} ditolak: bahan yang tersimpan tidak sama dengan yang dicatat riwayat. "
        + " ".join(change.pesan[0].upper() + change.pesan[1:] for change in changes)))


def _bahan_lengkap(workspace: Workspace, config: Config, kasus: Kasus) -> ActionRefused | None:
    assert kasus.triwulan is not None
    changed = bahan_berubah(workspace, kasus, "Penyerahan bahan")
    if changed is not None:
        return changed
    present, galat = material_state(workspace, config, kasus.tahun, kasus.triwulan)
    if galat:
        listed = ", ".join(f"{name} ({n} galat)" for name, n in sorted(galat.items()))
        return ActionRefused(Alasan.BAHAN_BERGALAT, (
            f"Bahan {kasus.label} belum dapat diserahkan: lembar kerja yang tersimpan masih memuat galat: {listed}. "
            "Perbaiki lembar kerja itu lalu unggah ulang."))
    expected = [u for u in config.unit if not kasus.unit or u.kode == kasus.unit]
    missing = [u for u in expected if u.kode not in present and u.kode not in kasus.unit_tidak_melapor]
    if missing or not config.unit and not workspace.quarter_workbooks(kasus.tahun, kasus.triwulan):
        who = ", ".join(f"{u.nama} ({u.kode})" for u in missing) or "unit mana pun"
        return ActionRefused(Alasan.BAHAN_BELUM_LENGKAP, (
            f"Bahan {kasus.label} belum lengkap: belum ada lembar kerja dari {who}. Unggah lembar kerjanya, atau "
            "catat unit itu sebagai unit tidak melapor beserta alasannya."))
    return None


def _report_name(kasus: Kasus) -> str:
    """``Laporan TW I 2025`` / ``Laporan tahunan 2025``: a case's report in a sentence."""
    return kasus.label if kasus.label.startswith("Laporan") else f"Laporan {kasus.label}"


def _laporan_terkini(workspace: Workspace, config: Config, kasus: Kasus, step: sop.Langkah) -> ActionRefused | None:
    name = _report_name(kasus)
    changed = bahan_berubah(workspace, kasus, "Pengajuan" if step.mengajukan else "Persetujuan")
    if changed is not None:
        return changed
    try:
        published = current(report_folder(workspace, kasus))
    except TerbitanError as exc:
        return ActionRefused(Alasan.LAPORAN_BERUBAH, str(exc))
    if published is None:
        return ActionRefused(Alasan.LAPORAN_BELUM_ADA, f"{name} belum disusun: susun laporannya dahulu.")
    info = published.info
    if info.get("keadaan_alur") in EARLY_STATES:
        return ActionRefused(Alasan.LAPORAN_KEDALUWARSA, (
            f"{name} terkini ({published.folder.name}) disusun sebelum bahan laporan diserahkan "
            f"(keadaan saat itu: {sop.keadaan(info['keadaan_alur']).label}); susun ulang laporan."))
    changes = input_changes(workspace, kasus.tahun, kasus.triwulan, published) if kasus.triwulan is not None else []
    if changes:
        return ActionRefused(Alasan.LAPORAN_KEDALUWARSA, (
            f"{name} terkini ({published.folder.name}) tidak disusun dari bahan yang tersimpan sekarang "
            f"(lembar kerja {'; '.join(changes)}); susun ulang laporan."))
    if step.menyetujui:
        submitted = [e for e in kasus.events if sop.langkah(e.aksi).mengajukan][-1:]
        if submitted and submitted[0].sha256 and not _same_set(published, submitted[0]):
            return ActionRefused(Alasan.LAPORAN_BERUBAH, (
                f"{name} terkini ({published.folder.name}) bukan laporan yang diajukan; kembalikan agar diajukan ulang."))
    return None


def _tanpa_galat(workspace: Workspace, config: Config, kasus: Kasus) -> ActionRefused | None:
    try:
        published = current(report_folder(workspace, kasus))
    except TerbitanError as exc:
        return ActionRefused(Alasan.LAPORAN_BERUBAH, str(exc))
    if published is not None and published.info.get("galat"):
        return ActionRefused(Alasan.LAPORAN_BERGALAT, (
            f"{_report_name(kasus)} yang diajukan masih memuat {published.info['galat']} galat pada lembar kerja; "
            "laporan dengan galat tidak dapat disetujui. Kembalikan untuk perbaikan dengan catatan."))
    return None


def _reviu_set(workspace: Workspace, kasus: Kasus) -> Any:
    """The current set of a reviu assignment's papers, or the refusal saying why there is none usable."""
    try:
        published = current(report_folder(workspace, kasus))
    except TerbitanError as exc:
        return ActionRefused(Alasan.LAPORAN_BERUBAH, str(exc))
    if published is None:
        return ActionRefused(Alasan.LAPORAN_BELUM_ADA, (
            f"Hasil {kasus.label} belum tersimpan: auditor menjalankan `kinerja penugasan-reviu laksanakan_reviu` atas "
            "dokumen LKjIP-nya dahulu."))
    damaged = published.damaged()
    if damaged:
        return ActionRefused(Alasan.LAPORAN_BERUBAH, (
            f"Berkas hasil {kasus.label} ({published.folder.name}) diubah atau hilang sesudah disimpan: "
            f"{', '.join(damaged)}; kembalikan agar auditor mereviu ulang."))
    return published


def _kkr_terkini(workspace: Workspace, kasus: Kasus, step: sop.Langkah) -> ActionRefused | None:
    published = _reviu_set(workspace, kasus)
    if isinstance(published, ActionRefused):
        return published
    if step.menyetujui:
        submitted = [e for e in kasus.events if sop.langkah(e.aksi).mengajukan][-1:]
        if submitted and not _same_set(published, submitted[0]):
            return ActionRefused(Alasan.LAPORAN_BERUBAH, (
                f"Hasil {kasus.label} terkini ({published.folder.name}) bukan yang diajukan auditor; kembalikan agar "
                "diajukan ulang."))
    return None


def _lhr_final(workspace: Workspace, kasus: Kasus) -> ActionRefused | None:
    published = _reviu_set(workspace, kasus)
    if isinstance(published, ActionRefused):
        return published
    approved = [e for e in kasus.events if sop.langkah(e.aksi).menyetujui][-1:]
    if published.info.get("status") != "final" or not approved or published.info.get("dasar") != approved[0].sha256:
        return ActionRefused(Alasan.LAPORAN_BELUM_ADA, (
            f"Laporan Hasil Reviu final {kasus.label} belum dibuat dari hasil yang disetujui Pengendali Teknis "
            "(`kinerja penugasan-reviu terbitkan_lhr` membuatnya lalu mencatatnya)."))
    return None


def returned_unchanged(workspace: Workspace, kasus: Kasus) -> Peristiwa | None:
    """The return a resubmission would answer when the current report set is still the one that
    was returned (None when the case was not returned since its last submission, or the report
    changed since)."""
    returns = [i for i, e in enumerate(kasus.events) if sop.langkah(e.aksi).mengembalikan]
    if not returns:
        return None
    if any(sop.langkah(e.aksi).mengajukan for e in kasus.events[returns[-1]:]):
        return None  # already submitted again since the last return
    returned = kasus.events[returns[-1]]
    submitted = [e for e in kasus.events[:kasus.events.index(returned)] if sop.langkah(e.aksi).mengajukan][-1:]
    if not submitted or not submitted[0].sha256:
        return None
    try:
        published = current(report_folder(workspace, kasus))
    except TerbitanError:
        return None
    if published is None or not _same_set(published, submitted[0]):
        return None
    return returned


def unchanged_resubmission(workspace: Workspace, kasus: Kasus, aksi: str, catatan: str) -> ActionRefused | None:
    """A returned report is submitted again only changed (a newly composed set) or with a reply
    to the return's note: the conversation goes on, it is not clicked away."""
    if not sop.langkah(aksi).mengajukan or catatan.strip():
        return None
    returned = returned_unchanged(workspace, kasus)
    if returned is None:
        return None
    return ActionRefused(Alasan.PENGAJUAN_ULANG_SAMA, (
        f"{_report_name(kasus)} masih sama dengan yang dikembalikan pada "
        f"{format_datetime(parse_time(returned.waktu))} dengan catatan \"{returned.catatan}\". Perbaiki lalu susun "
        "ulang laporan, atau tulis balasan atas catatan itu pada kolom catatan."))


def prasyarat(workspace: Workspace, config: Config, kasus: Kasus, aksi: str) -> ActionRefused | None:
    """Why a step cannot be taken yet because what it hands on is missing, or None.

    The guards of the SOP table (:attr:`sop.Langkah.syarat`, described in :data:`sop.SYARAT`),
    checked here only: :func:`act` refuses with this sentence, and the forms show it on the
    disabled button's form before anyone clicks (the annual report's steps carry the report guards).
    """
    step = sop.langkah(aksi)
    if not step.syarat:
        return None
    for key in step.syarat:
        if key == sop.BAHAN_LENGKAP:
            why = _bahan_lengkap(workspace, config, kasus)
        elif key == sop.LAPORAN_TERKINI:
            why = _laporan_terkini(workspace, config, kasus, step)
        elif key == sop.TANPA_GALAT:
            why = _tanpa_galat(workspace, config, kasus)
        elif key == sop.KKR_TERKINI:
            why = _kkr_terkini(workspace, kasus, step)
        elif key == sop.LHR_FINAL:
            why = _lhr_final(workspace, kasus)
        else:  # pragma: no cover - a guard named in the table without a check is a programming error
            raise KeyError(key)
        if why is not None:
            return why
    return None


def _same_set(published: Any, submitted: Peristiwa) -> bool:
    """True when what ``ajukan`` recorded (the set's manifest, or one file of it) is in the current set."""
    if submitted.berkas.endswith("manifest.json"):
        return submitted.sha256 == published.manifest_sha256
    return published.checksums.get(Path(submitted.berkas).name) == submitted.sha256


def blocked_steps(workspace: Workspace, config: Config, tahun: int, triwulan: int | None, unit: str = "") -> dict[str, str]:
    """{step label: why it cannot be taken yet} for the steps leaving the case's state whose
    guards are not met (what ``kinerja status`` prints and the forms show on a disabled button)."""
    with store_of(workspace) as store:
        kasus = load_case(store, config, tahun, triwulan, unit)
    if kasus.sejak is None:
        return {}  # not open yet: the status says why
    found = {}
    for step in sop.aksi_dari(kasus.keadaan, config.opsi_sop):
        why = prasyarat(workspace, config, kasus, step.aksi)
        if why is not None:
            found[step.label] = str(why)
    return found
