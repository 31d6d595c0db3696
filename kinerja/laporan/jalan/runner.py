"""Run the report notebooks with papermill and export them to HTML and PDF.

One run of a quarter (or of the year) writes, in ``workspace.report_dir(tahun, triwulan)``:

- ``laporan-triwulan-<n>-<tahun>.ipynb|.html|.pdf|.docx`` (``laporan-tahunan-<tahun>.*`` for
  the year): the executed notebook and the document (the .docx is rendered from the same
  document model the notebook displayed, :mod:`kinerja.laporan.render.ke_docx`);
- the results the annual report reads: ``capaian.json``, ``temuan.json``, ``data.json``,
  ``meta.json`` (see :mod:`kinerja.laporan.model.hasil`).

Everything is first written to a hidden staging folder beside the report folder; only when
the whole run succeeded are the files moved into place, each with an atomic rename, so a
reader never sees a half-written file and a failed run leaves the last good outputs
untouched. A failing cell raises :class:`~kinerja.errors.ReportError` naming the notebook,
the cell and the cause, and keeps the partially executed notebook as
``<name>.gagal.ipynb`` beside the last good outputs. The archive (``data/archive``) is never
written here.

Executing one notebook (papermill) is :mod:`kinerja.laporan.jalan.eksekusi`; the stated-figures check of a
rendered report is :mod:`kinerja.laporan.jalan.angka`. papermill, nbformat and nbconvert are imported once
per process; a batch (:func:`kinerja.laporan.jalan.batch.run_year`) shares one browser for all PDFs.
"""

from __future__ import annotations

import json
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kinerja import terbitan
from kinerja.atomic import write_text
from kinerja.config import Config
from kinerja.domain import sop
from kinerja.errors import ReportError
from kinerja.laporan.jalan.angka import _refuse_untrue_text, _untrue_text, _where_to_fix
from kinerja.laporan.jalan.angka import check_stated_figures as check_stated_figures
from kinerja.laporan.jalan.eksekusi import (
    DOCUMENT_SUFFIXES,
    FAILED_SUFFIX,
    ReportResult,
    execute,
    notebook_path,
    report_name,
    report_parameters,
)
from kinerja.laporan.jalan.eksekusi import KERNEL_NAME as KERNEL_NAME
from kinerja.laporan.jalan.eksekusi import preload as preload
from kinerja.laporan.jalan.kernel import KernelPool, close_together, import_client
from kinerja.laporan.model.dokumen import spanduk_halaman
from kinerja.laporan.model.narasi import JUDUL
from kinerja.laporan.render.browser import BrowserNotFound, PdfPrinter, PrintThread, find_browser
from kinerja.laporan.render.export import document_info, export_html, mark_final, placeholder_keys, skip_iri_format
from kinerja.laporan.render.halaman import fill_pages, has_daftar_isi, outline_pages, toc_pages
from kinerja.numbers import triwulan_label
from kinerja.paths import NOTEBOOKS_DIR, Workspace

_staging = terbitan.staging
"""The staging context of one run (kept for :mod:`kinerja.pemda.pool`)."""


def _clean_failed(folder: Path) -> None:
    for stale in folder.glob(f"*{FAILED_SUFFIX}"):
        stale.unlink()


def _result_of(tahun: int, triwulan: int | None, published: Any) -> ReportResult:
    """The ReportResult describing a published set (:class:`kinerja.terbitan.Terbitan`)."""
    result = ReportResult(tahun, triwulan, published.folder, status=str(published.info.get("status", "draf")))
    result.outputs = [published.folder / name for name in published.checksums]
    return result


def _execute_run(
    workspace: Workspace, config: Config, tahun: int, triwulan: int | None, staging: Path, kernels: Any = None,
    notebook: Path | None = None,
) -> Any:
    """Phase 1 of a run (thread-safe): execute the notebook (default: :func:`notebook_path`) into ``staging``."""
    _check_quarter(workspace, tahun, triwulan)
    if triwulan is not None and not _has_inputs(workspace, tahun, triwulan):
        raise ReportError(
            f"Tidak ada lembar kerja (.xlsx) untuk triwulan {triwulan} tahun {tahun} di "
            f"{workspace.raw_for(tahun, triwulan)}; laporan tidak dibuat. Simpan lembar kerja yang masuk di "
            f"{workspace.raw / str(tahun) / f'triwulan-{triwulan}'} lalu jalankan lagi."
        )
    name = report_name(tahun, triwulan)
    return execute(
        notebook or notebook_path(triwulan),
        staging / f"{name}.ipynb",
        report_parameters(workspace, config, tahun, triwulan, staging),
        failed_copy=workspace.report_dir(tahun, triwulan) / f"{name}{FAILED_SUFFIX}",
        km=None if kernels is None else kernels.acquire(),
    )


def result_lines(result: ReportResult, *, judul: bool = True) -> tuple[list[str], list[str]]:
    """What a run tells the person, as ``kinerja laporan`` prints it: the folder and the documents
    written (``judul``: with the heading line), and the notes (``Catatan: …``) apart; the web app's
    warm "Susun laporan" (:mod:`kinerja.web.susun`) answers with the same lines."""
    out = []
    if judul:
        what = f"tahunan {result.tahun}" if result.triwulan is None else f"triwulan {result.triwulan} tahun {result.tahun}"
        out.append(f"Laporan {what} ditulis ke {result.folder}:")
    out += [f"  {path}" for path in result.outputs if path.suffix in DOCUMENT_SUFFIXES]
    return out, [f"Catatan: {note}" for note in result.notes]


def _print_pdf(config: Config, html_path: Path, target: Path, judul: str, printer: Any, result: ReportResult, *,
               spanduk: str = "") -> None:
    """Print the report's PDF (``spanduk``: the draft's banner, in the header of every page)."""
    try:
        if printer is None:
            with PdfPrinter(find_browser(config.source)) as own:
                _print_numbered(own, html_path, target, judul, config.instansi.nama, spanduk)
        else:
            _print_numbered(printer, html_path, target, judul, config.instansi.nama, spanduk)
    except BrowserNotFound as exc:
        result.notes.append(str(exc))


def _set_info(workspace: Workspace, config: Config, tahun: int, triwulan: int | None, staging: Path, keadaan: str) -> dict[str, Any]:
    """What the manifest records about a fresh (draft) set: scope, state of the case, galat."""
    meta_file = staging / "meta.json"
    meta = json.loads(meta_file.read_text(encoding="utf-8")) if meta_file.is_file() else {}
    return {
        "status": "draf", "tahun": tahun, "triwulan": triwulan, "unit": str(meta.get("unit") or ""),
        "keadaan_alur": keadaan, "galat": int(meta.get("galat") or 0), "masalah": list(meta.get("masalah") or []),
        "versi_kinerja": str(meta.get("versi", "")),
        "berkas_masukan": [{"nama": b.get("nama", ""), "sha256": b.get("sha256", "")} for b in meta.get("berkas", [])
                           if "sha256" in b and not str(b.get("nama", "")).startswith(("TW ", "narasi/"))],
    }


@dataclass
class _Rendered:
    """A report rendered into its staging folder (HTML, .docx), waiting to be printed and published."""

    tahun: int
    triwulan: int | None
    staging: Path
    html: Path
    judul: str
    info: dict[str, Any]
    spanduk: str = ""
    catatan: list[str] = field(default_factory=list)  # notes found while rendering (figures that disagree)


def _render_documents(notebook: Any, staging: Path, name: str) -> tuple[Path, str, str]:
    """The HTML and the .docx of an executed notebook, written into ``staging``; (HTML path, title,
    the banner of the PDF's running header: :func:`~kinerja.laporan.model.dokumen.spanduk_halaman`, empty unless a draft)."""
    from kinerja.laporan.render.ke_docx import naskah_from_notebook, write_docx  # noqa: PLC0415 -- kinerja.laporan.render.ke_docx + docx, lxml, email (~81 ms) kept off importing this module

    html_path = export_html(notebook, staging / f"{name}.html")
    write_docx(naskah_from_notebook(notebook), staging / f"{name}.docx")
    info = document_info(notebook)
    return html_path, info.get("judul", name), spanduk_halaman(info)


def _render_run(
    workspace: Workspace, config: Config, tahun: int, triwulan: int | None, staging: Path, notebook: Any, *, keadaan: str = "",
) -> _Rendered:
    """Phase 2 of a run (Python only): the HTML and the .docx of the executed notebook, into ``staging``."""
    name = report_name(tahun, triwulan)
    html_path, judul, spanduk = _render_documents(notebook, staging, name)
    rendered = _Rendered(tahun, triwulan, staging, html_path, judul, _set_info(workspace, config, tahun, triwulan, staging, keadaan),
                         spanduk)
    problems = _untrue_text(workspace, config, tahun, triwulan, staging, staging, name, draf=True)
    if problems:  # said now, so it is mended before the report is submitted, not when it is to be final
        rendered.catatan.append(f"Peringatan: laporan final akan ditolak selama {len(problems)} kalimat ini tidak sesuai dengan "
                                "tabelnya atau masih memuat teks petunjuk:\n" + "\n".join(f"- {p}" for p in problems)
                                + f"\nPerbaiki di {_where_to_fix(tahun, triwulan)}.")
    return rendered


def _print_rendered(config: Config, rendered: _Rendered, printer: Any) -> list[str]:
    """Phase 3a (the thread that owns ``printer``): the PDF into the staging folder; the notes (e.g. no browser)."""
    holder = ReportResult(rendered.tahun, rendered.triwulan, rendered.staging)
    _print_pdf(config, rendered.html, rendered.staging / f"{report_name(rendered.tahun, rendered.triwulan)}.pdf",
               rendered.judul, printer, holder, spanduk=rendered.spanduk)
    return holder.notes


def _publish_rendered(workspace: Workspace, rendered: _Rendered, notes: list[str]) -> ReportResult:
    """Phase 3b: publish the staged set in one step."""
    folder = workspace.report_dir(rendered.tahun, rendered.triwulan)
    published = terbitan.publish(rendered.staging, folder, rendered.info)
    _clean_failed(folder)
    done = _result_of(rendered.tahun, rendered.triwulan, published)
    done.notes = [*rendered.catatan, *notes]
    return done


def _print_job(printer: Any, config: Config, rendered: _Rendered) -> list[str]:
    """A print thread's job (:class:`kinerja.laporan.render.browser.PrintThread`): the PDF, or nothing
    when the thread has no browser (its ``note`` says why, added by :func:`_add_print_note`)."""
    return [] if printer is None else _print_rendered(config, rendered, printer)


def _add_print_note(printing: Any, results: list[ReportResult]) -> None:
    """Why there is no PDF (the print thread found no browser), on each result without a note."""
    for result in results:
        if printing.note and not result.notes:
            result.notes.append(printing.note)


def _publish_run(workspace: Workspace, config: Config, rendered: _Rendered, *, printer: Any, pdf: bool = True) -> ReportResult:
    """Phase 3 of a run (the thread that owns ``printer``): print the PDF, then publish the staged set in one step."""
    notes = _print_rendered(config, rendered, printer) if pdf else []
    return _publish_rendered(workspace, rendered, notes)


def _export_run(
    workspace: Workspace, config: Config, tahun: int, triwulan: int | None, staging: Path, notebook: Any, *, pdf: bool,
    printer: Any, keadaan: str = "",
) -> ReportResult:
    """Phases 2 and 3 in the calling thread: HTML and .docx, PDF, then publish the staged set in one step."""
    rendered = _render_run(workspace, config, tahun, triwulan, staging, notebook, keadaan=keadaan)
    return _publish_run(workspace, config, rendered, printer=printer, pdf=pdf)


def _mode(workspace: Workspace, config: Config, tahun: int, triwulan: int | None) -> tuple[str, Any]:
    """What an official run does now, from the case's state in the workflow.

    ``susun``: execute the notebook and publish a DRAF set (before submission, or after a
    return for correction); ``tetap``: keep the current set (the report is under review, or
    approved and waiting for a step before it may be final, the APIP reviu); ``final``: the
    Sekretaris approved the report (quarter or year) and every step before the documentation is
    taken, so the approved set is rendered final (:func:`finalize_report`), never recomputed.
    """
    from kinerja.alur.workflow import approval  # noqa: PLC0415 -- kinerja.alur.workflow + logging (~63 ms) kept off importing this module

    state = approval(workspace, config, tahun, triwulan)
    folder = workspace.report_dir(tahun, triwulan)
    if state.siap_final:
        return "final", state
    kept = state.disetujui or sop.sedang_diperiksa(state.keadaan)
    return ("tetap" if kept and terbitan.current(folder) is not None else "susun"), state


def _kept(workspace: Workspace, config: Config, tahun: int, triwulan: int | None) -> ReportResult:
    from kinerja.alur.workflow import approval  # noqa: PLC0415 -- kinerja.alur.workflow + logging (~63 ms) kept off importing this module

    published = terbitan.current(workspace.report_dir(tahun, triwulan))
    assert published is not None  # _mode keeps a set only when there is one
    result = _result_of(tahun, triwulan, published)
    label = f"Laporan tahunan {tahun}" if triwulan is None else f"{triwulan_label(triwulan)} {tahun}"
    state = approval(workspace, config, tahun, triwulan)
    if state.disetujui:  # approved, waiting for the APIP reviu before it may be final
        result.notes.append(f"{label} sudah disetujui dan menunggu langkah '{state.keadaan_label}'; laporan yang disetujui "
                            f"({published.folder.name}) tidak dibuat ulang.")
    else:
        result.notes.append(
            f"{label} sedang diperiksa Sekretaris; laporan yang diajukan "
            f"({published.folder.name}) tidak dibuat ulang. Bila perlu perbaikan, Sekretaris mengembalikannya dahulu."
        )
    return result


def _print_numbered(printer: Any, html_path: Path, pdf_path: Path, judul: str, keterangan: str, spanduk: str = "") -> None:
    """Print; a document with a Daftar Isi is first printed in a layout pass, the headings'
    pages are read from its outline and written into the HTML (:mod:`kinerja.laporan.render.halaman`)."""
    html = html_path.read_text(encoding="utf-8")
    if has_daftar_isi(html):
        layout = pdf_path.with_name(f".{pdf_path.stem}.tata-letak.pdf")
        try:
            printer.print_pdf(html_path, layout, judul=judul, keterangan=keterangan, tata_letak=True)
            pages = toc_pages(html, outline_pages(layout))
        finally:
            layout.unlink(missing_ok=True)
        if pages:
            write_text(html_path, fill_pages(html, pages))
    printer.print_pdf(html_path, pdf_path, judul=judul, keterangan=keterangan, spanduk=spanduk)


def run_report(
    workspace: Workspace,
    config: Config,
    tahun: int,
    triwulan: int | None = None,
    *,
    pdf: bool = True,
    printing: Any = None,
    kernels: Any = None,
) -> ReportResult:
    """Run one quarterly (``triwulan`` 1-4) or annual (``triwulan=None``) report.

    Before approval the notebook is executed and a DRAF set is published; while the quarter is
    under review the submitted set is kept; after approval the approved set is rendered final
    (see :func:`_mode`).

    Args:
        workspace: the office workspace (inputs and the ``laporan`` folder).
        config: the office config (its ``source`` is passed to the notebook).
        tahun: the year.
        triwulan: the quarter, or None for the annual report.
        pdf: also print the PDF.
        printing: a :class:`kinerja.laporan.render.browser.PrintThread` to reuse (left running, for the
            caller to close); when None and ``pdf`` is true, a print thread and its browser are
            started for this report alone, while the kernel starts. The browser always lives in
            its own thread: Playwright's sync API marks its event loop as running in the thread
            that started it, and a kernel client used in that thread afterwards hangs.
        kernels: a :class:`kinerja.laporan.jalan.kernel.KernelPool` to reuse (left running, for the
            caller to close); when None, a kernel is started for this report alone.

    Raises:
        ReportError: a cell failed, or exporting failed. A missing browser is not an error:
            the HTML is produced and :attr:`ReportResult.notes` says why there is no PDF.
    """
    _check_quarter(workspace, tahun, triwulan)
    mode, state = _mode(workspace, config, tahun, triwulan)
    if mode == "tetap":
        return _kept(workspace, config, tahun, triwulan)
    if mode == "final":
        if pdf and printing is not None:
            return finalize_in(printing, workspace, config, tahun, triwulan)
        return finalize_report(workspace, config, tahun, triwulan, pdf=pdf)
    own_kernels = None
    if kernels is None:
        import_client()
        kernels = own_kernels = KernelPool(KERNEL_NAME, NOTEBOOKS_DIR)
    loader = threading.Thread(target=preload, name="kinerja-muat")
    loader.start()  # the imports and the template while the kernel starts
    own_printing = None
    if pdf and printing is None:  # the browser starts and warms up in its own thread meanwhile
        printing = own_printing = PrintThread(config.source)
        printing.warm()
    try:
        with terbitan.staging(workspace.report_dir(tahun, triwulan)) as staging:
            notebook = _execute_run(workspace, config, tahun, triwulan, staging, kernels)
            if not pdf:
                return _export_run(workspace, config, tahun, triwulan, staging, notebook, pdf=False, printer=None,
                                   keadaan=state.keadaan)
            rendered = _render_run(workspace, config, tahun, triwulan, staging, notebook, keadaan=state.keadaan)
            result = _publish_rendered(workspace, rendered, printing.submit(_print_job, config, rendered).result())
            _add_print_note(printing, [result])
            return result
    finally:
        loader.join()
        close_together(own_printing, own_kernels)


def _finalize_job(printer: Any, workspace: Workspace, config: Config, tahun: int, triwulan: int | None) -> ReportResult:
    """A print thread's job: :func:`finalize_report` with that thread's browser (None: no PDF)."""
    return finalize_report(workspace, config, tahun, triwulan, pdf=printer is not None, printer=printer)


def finalize_in(printing: Any, workspace: Workspace, config: Config, tahun: int, triwulan: int | None) -> ReportResult:
    """:func:`finalize_report` printed by a :class:`kinerja.laporan.render.browser.PrintThread` (in its
    thread); the result notes why there is no PDF when the thread has no browser."""
    result = printing.submit(_finalize_job, workspace, config, tahun, triwulan).result()
    _add_print_note(printing, [result])
    return result


def finalize_report(
    workspace: Workspace,
    config: Config,
    tahun: int,
    triwulan: int | None = None,
    *,
    pdf: bool = True,
    printer: Any = None,
) -> ReportResult:
    """Render the approved report final and publish it as the current set.

    Nothing is recomputed: the executed notebook of the approved (DRAF) set is exported again
    with the document marked final (no DRAF watermark, a signature block ready to sign, the
    approval in the provenance block). The final set holds that notebook and the results
    byte for byte, and its manifest names the approved set's checksum (``dasar``), which
    :func:`kinerja.alur.archive.document` compares with the checksum recorded at approval.

    A quarter or the annual report is final once the Sekretaris approved it (``setujui``,
    ``setujui_tahunan``) and every step before its documentation is taken (the APIP reviu
    when ``[alur] reviu_apip``); the final states who approved (name, role) and when.

    Raises:
        ReportError: not approved, the current set is not the approved one or was changed,
            the report still has galat or open problems, or narrative parts are missing.
    """
    skip_iri_format()
    import nbformat  # noqa: PLC0415 -- nbformat + rfc3987_syntax, lark, rfc3986_validator (~2376 ms) kept off importing this module

    from kinerja.alur.workflow import approval  # noqa: PLC0415 -- kinerja.alur.workflow + logging (~63 ms) kept off importing this module

    label = f"Laporan tahunan {tahun}" if triwulan is None else f"Laporan {triwulan_label(triwulan)} {tahun}"
    folder = workspace.report_dir(tahun, triwulan)
    command = f"kinerja laporan tahunan --tahun {tahun}" if triwulan is None else (
        f"kinerja laporan triwulan --tahun {tahun} --triwulan {triwulan}")
    try:
        published = terbitan.current(folder)
    except terbitan.TerbitanError as exc:
        raise ReportError(str(exc)) from None
    if published is None:
        raise ReportError(f"{label} belum pernah dibuat; jalankan `{command}` dahulu.")
    if published.info.get("status") == "final":
        changed = published.damaged()
        if changed:
            where = "" if triwulan is None else f" --triwulan {triwulan}"
            raise ReportError(
                f"{label}: dokumen final {published.folder.name} rusak ({', '.join(changed)} berubah sesudah diterbitkan); "
                f"dokumen itu tidak dipakai. Bila laporan ini sudah didokumentasikan, pulihkan dengan `kinerja arsip pulihkan "
                f"--tahun {tahun}{where}`; `kinerja audit verifikasi` menyebut setiap berkas yang berubah."
            )
        result = _result_of(tahun, triwulan, published)
        result.notes.append(f"{label} sudah final ({published.folder.name}); tidak dibuat ulang.")
        return result
    damaged = published.damaged()
    if damaged:
        raise ReportError(f"{label}: berkas {', '.join(damaged)} di {published.folder.name} berubah sesudah diterbitkan; "
                          f"laporan final tidak dibuat. Jalankan ulang `{command}`.")
    state = approval(workspace, config, tahun, triwulan)
    if triwulan is None and not state.terbuka:
        raise ReportError(f"{label} baru dapat difinalkan setelah laporan Triwulan I-IV didokumentasikan.")
    if not state.disetujui:
        raise ReportError(f"{label} belum disetujui Sekretaris (keadaan: {state.keadaan_label}); dokumen tetap DRAF.")
    if not state.siap_final:
        raise ReportError(f"{label} sudah disetujui tetapi masih menunggu langkah '{state.keadaan_label}'; dokumen tetap DRAF.")
    if state.sha256 != published.manifest_sha256:
        raise ReportError(
            f"{label}: laporan terkini ({published.folder.name}) bukan laporan yang disetujui Sekretaris "
            f"(checksum tercatat saat persetujuan: {state.sha256 or 'tidak ada'}); laporan final tidak dibuat."
        )
    problems = [f"lembar kerja masih memuat {published.info['galat']} galat"] if published.info.get("galat") else []
    problems += list(published.info.get("masalah") or [])
    if problems:
        raise ReportError(f"{label} belum dapat difinalkan: " + "; ".join(problems) + ".")
    name = report_name(tahun, triwulan)
    if f"{name}.ipynb" not in published.checksums:
        raise ReportError(f"{label}: {published.folder.name} tidak memuat notebook laporan {name}.ipynb; laporan final "
                          f"tidak dibuat. Jalankan ulang `{command}` sebelum diajukan.")
    notebook = nbformat.read(str(published.path(f"{name}.ipynb")), as_version=4)
    missing = placeholder_keys(notebook, JUDUL)
    if missing:
        raise ReportError(
            f"{label} belum dapat difinalkan: bagian naratif belum diisi untuk kunci {', '.join(missing)} "
            f"(tulis di narasi/narasi-{tahun}.docx, lalu jalankan ulang `{command}`)."
        )
    from kinerja.laporan.bagian.umum import status_alur_final  # noqa: PLC0415 -- kinerja.laporan.bagian.umum + pandas, numpy, dateutil (~339 ms) kept off importing this module

    # the final's workflow section states its own approval, not the state it was drafted in
    mark_final(notebook, config, approval=state.uraian, alur=status_alur_final(state.uraian, published.folder.name),
               dasar=f"{published.folder.name}, manifest SHA-256 {published.manifest_sha256}")
    result = ReportResult(tahun, triwulan, folder, status="final")
    with terbitan.staging(folder) as staging:
        for entry in published.checksums:
            if not entry.endswith(DOCUMENT_SUFFIXES):
                shutil.copy2(published.path(entry), staging / entry)
        html_path, judul, spanduk = _render_documents(notebook, staging, name)
        if pdf:
            _print_pdf(config, html_path, staging / f"{name}.pdf", judul, printer, result, spanduk=spanduk)
        _refuse_untrue_text(workspace, config, tahun, triwulan, published, staging, name, label, command)
        info = {**published.info, "status": "final", "dasar": published.manifest_sha256, "dasar_versi": published.versi,
                "persetujuan": state.uraian}
        final = terbitan.publish(staging, folder, info)
    done = _result_of(tahun, triwulan, final)
    done.notes = result.notes
    return done


def _check_quarter(workspace: Workspace, tahun: int, triwulan: int | None) -> None:
    if triwulan is not None and triwulan not in (1, 2, 3, 4):
        raise ReportError(f"Triwulan {triwulan} tidak dikenal; yang diharapkan 1 sampai 4.")


def _has_inputs(workspace: Workspace, tahun: int, triwulan: int) -> bool:
    """True when the quarter has an input workbook (:meth:`Workspace.quarter_workbooks`, the
    same rule the reader and the archive use)."""
    return bool(workspace.quarter_workbooks(tahun, triwulan))
