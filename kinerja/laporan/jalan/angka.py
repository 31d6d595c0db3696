"""The stated figures of a rendered report checked against its tables: the final is refused while a
sentence disagrees or guidance text is left (:func:`_refuse_untrue_text`), and a submit or approve step
is refused before it is recorded (:func:`check_stated_figures`, the one home of that guard).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kinerja import terbitan
from kinerja.config import Config
from kinerja.domain import sop
from kinerja.errors import ReportError
from kinerja.laporan.jalan.eksekusi import report_name
from kinerja.laporan.render.baca import ISIAN, periksa_final
from kinerja.numbers import triwulan_label
from kinerja.paths import Workspace


def _untrue_text(workspace: Workspace, config: Config, tahun: int, triwulan: int | None, results: Path, rendered: Path,
                 name: str, *, draf: bool = False) -> list[str]:
    """The rendered document in ``rendered`` read back (.docx, PDF text, HTML) against the results
    stored in ``results`` (:func:`kinerja.laporan.render.baca.periksa_final`): one sentence per
    stated figure that disagrees, or guidance text left in it. ``draf``: the "[Diisi oleh …]" boxes
    a DRAF shows on purpose are not named."""
    from kinerja.laporan.model.data import load_referensi  # noqa: PLC0415 -- kinerja.laporan.model.data + pandas, numpy, dateutil (~319 ms) kept off importing this module
    from kinerja.laporan.model.hasil import read_results  # noqa: PLC0415 -- kinerja.laporan.model.hasil + pandas, numpy, dateutil (~225 ms) kept off importing this module
    from kinerja.laporan.model.ringkasan import hasil_resmi  # noqa: PLC0415 -- kinerja.laporan.model.ringkasan + pandas, numpy, dateutil (~229 ms) kept off importing this module

    stored = read_results(results)
    if stored is None or stored.capaian.empty:
        return []  # nothing measured: no figure to compare (the empty report says so itself)
    referensi = load_referensi(workspace, config, tahun) if triwulan is None else None
    return periksa_final(rendered, name, hasil_resmi(stored.capaian, config, tahun, triwulan, referensi=referensi),
                         abaikan=(ISIAN,) if draf else ())


def _where_to_fix(tahun: int, triwulan: int | None) -> str:
    return (f"narasi/narasi-{tahun}.docx (atau tulis angkanya sebagai bidang, mis. {{{{ capaian_rata_rata }}}}; daftarnya ada "
            "di awal berkas itu)") if triwulan is None else "teks yang ditulis untuk laporan ini"


def _refuse_untrue_text(workspace: Workspace, config: Config, tahun: int, triwulan: int | None, published: Any, staging: Path,
                        name: str, label: str, command: str) -> None:
    """Refuse the rendered final while :func:`_untrue_text` names anything; nothing is published then."""
    problems = _untrue_text(workspace, config, tahun, triwulan, published.folder, staging, name)
    if problems:
        raise ReportError(f"{label} tidak dapat difinalkan: {len(problems)} kalimat dalam dokumen tidak sesuai dengan tabelnya "
                          "atau masih memuat teks petunjuk:\n" + "\n".join(f"- {p}" for p in problems)
                          + f"\nPerbaiki di {_where_to_fix(tahun, triwulan)}, lalu jalankan ulang `{command}`; tidak ada yang "
                          "diterbitkan.")


def check_stated_figures(workspace: Workspace, config: Config, tahun: int, triwulan: int | None, aksi: str, *,
                         unit: str = "", di_aplikasi: bool = False) -> None:
    """The one home of the stated-figures guard, called before the workflow records ``aksi`` by
    ``kinerja alur`` and by the web app's forms (:mod:`kinerja.web.panel`): a step that submits
    or approves a report (``mengajukan``/``menyetujui`` in the SOP table, quarterly and annual;
    a unit's own case has no report of its own) reads the current DRAF set's .docx, PDF and HTML
    back (:func:`_untrue_text`), so a report whose final would be refused is mended before
    anyone approves it (after approval the approved set is fixed, and its final could never be
    made). Any other step, a set without a .docx, or none at all, is left to the step's own guards.

    ``di_aplikasi``: the refusal tells a person in the web app what to do there (the buttons,
    the narasi download), not a command.

    Raises:
        ReportError: a stated figure disagrees with the report's tables, or guidance text is
            left in it; one line per sentence.
    """
    step = sop.langkah(aksi, config.opsi_sop)
    if not (step.mengajukan or step.menyetujui) or unit:
        return
    try:
        published = terbitan.current(workspace.report_dir(tahun, triwulan))
    except terbitan.TerbitanError:
        return
    name = report_name(tahun, triwulan)
    if published is None or published.info.get("status") == "final" or f"{name}.docx" not in published.checksums:
        return
    problems = _untrue_text(workspace, config, tahun, triwulan, published.folder, published.folder, name, draf=True)
    if not problems:
        return
    label = f"Laporan tahunan {tahun}" if triwulan is None else f"Laporan {triwulan_label(triwulan)} {tahun}"
    listed = "\n".join(f"- {p}" for p in problems)
    if di_aplikasi:
        where = ("narasi laporan tahunan (unduh narasi pada tugas laporan tahunan, perbaiki kalimat itu atau tulis "
                 "angkanya sebagai bidang, mis. {{ capaian_rata_rata }}, lalu unggah kembali)") if triwulan is None else (
                 "teks yang ditulis untuk laporan ini")
        todo = (f"Kembalikan laporan dengan catatan yang menyebut kalimat itu; penyusun memperbaiki {where}."
                if step.menyetujui else f"Perbaiki {where}, klik 'Susun laporan', lalu '{step.label}' lagi.")
        raise ReportError(f"Dokumen final {label} tidak akan dapat dibuat karena "
                          f"{len(problems)} kalimat tidak sesuai dengan tabelnya atau masih memuat teks petunjuk:\n"
                          f"{listed}\n{todo}")
    command = f"kinerja laporan tahunan --tahun {tahun}" if triwulan is None else (
        f"kinerja laporan triwulan --tahun {tahun} --triwulan {triwulan}")
    raise ReportError(f"'{aksi}' ditolak: laporan final {label} akan ditolak karena {len(problems)} kalimat tidak sesuai "
                      f"dengan tabelnya atau masih memuat teks petunjuk:\n{listed}"
                      f"\nPerbaiki di {_where_to_fix(tahun, triwulan)}, buat ulang laporan (`{command}`), lalu lakukan "
                      f"'{aksi}' lagi.")
