"""The narrative drafts: ``kinerja narasi --tahun 2025`` writes ``narasi/narasi-<tahun>.docx`` with one
heading (Heading 1) per narrative part (:data:`kinerja.laporan.model.narasi.JUDUL`), each pre-filled
with a draft written from the year's data (counts per predikat, indicators at risk, budget absorbed,
kendala and tindak lanjut). Reading the file back is :mod:`kinerja.laporan.model.narasi`'s.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import tempfile
from pathlib import Path
from typing import Any

from kinerja.atomic import make_dirs, write_bytes
from kinerja.domain import sop
from kinerja.domain.predikat import nama_aman
from kinerja.errors import ConfigError, ReportError
from kinerja.laporan.model.narasi import JUDUL, docx_path, read_docx
from kinerja.periksa.cocok import Potongan
from kinerja.periksa.petunjuk import cari_petunjuk


def drafts(lap: Any) -> dict[str, str]:
    """A draft of every narrative part, written from the year's data. Every figure about results
    is a ``{{ field }}`` (:func:`kinerja.periksa.nilai_bidang`), filled from the official results
    when the report is made, so a draft written before the year is over never prints a stale
    figure; names and kendala are the data's at the time of writing."""
    from kinerja.laporan.bagian import tahunan  # noqa: PLC0415 -- kinerja.laporan.bagian.tahunan + pandas, numpy, dateutil (~369 ms) kept off importing this module
    from kinerja.laporan.model.ringkasan import indikator_berisiko  # noqa: PLC0415 -- kinerja.laporan.model.ringkasan + pandas, numpy, dateutil (~233 ms) kept off importing this module

    cfg = lap.config
    tabel = lap.tabel
    risk = indikator_berisiko(tabel, cfg)
    sasaran = list(dict.fromkeys(tabel["sasaran"].astype(str))) if not tabel.empty else []
    units = ", ".join(u.nama for u in cfg.unit)
    kendala = [f"{r['indikator']}: {r['kendala']}" for r in tabel.to_dict(orient="records") if str(r.get("kendala") or "").strip()]
    lanjut = [f"{r.indikator}: {r.tindak_lanjut}" for r in risk.itertuples(index=False) if str(r.tindak_lanjut or "").strip()]
    ref = getattr(lap, "referensi", None)
    periode = ref.periode if ref is not None and ref.periode else "periode berjalan"
    # the sample office is fictional: its tugas is the one written here; any other office replaces it
    sesuaikan = "" if cfg.contoh else (" (sesuaikan dengan peraturan kepala daerah tentang kedudukan, susunan organisasi, "
                                       "tugas dan fungsi)")
    return {
        "kata_pengantar": tahunan.draf_kata_pengantar(lap),
        "ikhtisar_eksekutif": tahunan.ikhtisar_bidang(lap),
        "latar_belakang": (
            "Laporan Kinerja Instansi Pemerintah (LKjIP) disusun sebagai wujud pertanggungjawaban atas pelaksanaan tugas dan fungsi "
            "serta pengelolaan anggaran, sesuai Peraturan Presiden Nomor 29 Tahun 2014 tentang Sistem Akuntabilitas Kinerja Instansi "
            f"Pemerintah dan Peraturan Menteri PANRB Nomor 53 Tahun 2014. Laporan ini menyajikan capaian kinerja {cfg.instansi.nama} "
            f"tahun {lap.tahun} berdasarkan Perjanjian Kinerja dan Rencana Aksi yang dipantau setiap triwulan."),
        "tugas_fungsi": (
            f"{cfg.instansi.nama} mempunyai tugas membantu kepala daerah membina dan mengawasi pelaksanaan urusan pemerintahan yang "
            f"menjadi kewenangan daerah dan tugas pembantuan oleh perangkat daerah{sesuaikan}. Susunan organisasi terdiri atas {units}."),
        "isu_strategis": (
            "Dari {{ jumlah_indikator }} indikator kinerja, {{ jumlah_perhatian }} indikator belum mencapai predikat "
            f"{nama_aman(cfg.predikat)} atau belum terukur" + (", antara lain {{ indikator_perhatian }}" if not risk.empty else "") + ". "
            + ("Kendala yang dilaporkan: " + "; ".join(kendala[:4]) + "." if kendala else "")),
        "renstra": (
            f"Rencana Strategis {cfg.instansi.nama} {periode} menetapkan {{{{ jumlah_sasaran }}}} sasaran strategis: "
            + "; ".join(f"({i}) {s}" for i, s in enumerate(sasaran, start=1)) + ". Target akhir periode setiap indikator "
            "disajikan pada tabel Indikator Kinerja Utama."),
        "perbandingan_renstra": _draf_renstra(lap),
        "analisis_penyebab": (
            ("Penyebab utama capaian yang belum optimal: " + "; ".join(kendala[:6]) + "." if kendala
             else "Tidak ada kendala berarti yang dilaporkan sepanjang tahun.")
            + " Rata-rata capaian indikator yang terukur {{ capaian_rata_rata }}."),
        "rencana_tindak_lanjut": (
            "Langkah perbaikan tahun berikutnya: " + "; ".join(lanjut[:6]) + "." if lanjut
            else "Mempertahankan capaian kinerja dan meningkatkan kualitas perencanaan tahun berikutnya."),
    }


def _refuse_existing(target: Path, timpa: bool) -> None:
    if target.exists() and not timpa:
        raise ConfigError(f"{target.name} sudah ada di {target.parent.name}/; berkas itu tidak ditimpa. "
                          "Sunting berkas itu di Word, atau jalankan dengan --timpa untuk menulis draf baru.")


def write_narasi_docx(lap: Any, target: Path, *, timpa: bool = False) -> Path:
    """Write ``narasi-<tahun>.docx`` with one heading per part, each with its draft.

    Raises:
        ConfigError: the file exists and ``timpa`` is false (nothing is overwritten silently).
    """
    from docx import Document  # noqa: PLC0415 -- docx + lxml, typing_extensions (~45 ms) kept off importing this module
    from docx.shared import Pt  # noqa: PLC0415 -- docx.shared + lxml, typing_extensions (~45 ms) kept off importing this module

    _refuse_existing(target, timpa)

    document = Document()
    document.styles["Normal"].font.name = "Liberation Serif"
    document.styles["Normal"].font.size = Pt(11)
    document.add_heading(f"Narasi LKjIP Tahun {lap.tahun} — {lap.config.instansi.nama}", level=0)
    note = document.add_paragraph(
        "Sunting teks di bawah setiap judul. Jangan mengubah judul (Judul 1); teks di bawahnya menjadi isi bagian itu dalam "
        "Laporan Kinerja Tahunan. Draf awal ditulis dari data tahun ini; periksa angka dan lengkapi. Hapus seluruh teks di bawah "
        "judul untuk memakai isian kosong.")
    note.runs[0].italic = True
    fields = document.add_paragraph(
        "Angka ditulis sebagai bidang, misalnya {{ capaian_rata_rata }}: bidang diisi dari hasil resmi (triwulan yang sudah "
        "disetujui) setiap kali laporan tahunan dibuat, sehingga angkanya selalu sama dengan tabel. Angka yang diketik sendiri "
        "diperiksa terhadap tabel; laporan final ditolak bila berbeda. Bidang yang tersedia:")
    fields.runs[0].italic = True
    table = document.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Bidang", "Isi"
    for name, (_value, meaning) in lap.bidang.items():
        row = table.add_row().cells
        row[0].text, row[1].text = "{{ " + name + " }}", meaning
    for key, text in drafts(lap).items():
        document.add_heading(JUDUL[key], level=1)
        for part in [p for p in text.split("\n\n") if p.strip()]:
            document.add_paragraph(" ".join(part.split()))
    buffer = io.BytesIO()
    document.save(buffer)
    write_bytes(target, buffer.getvalue())
    return target


def write_narasi_from_results(workspace: Any, config: Any, tahun: int, *, timpa: bool = False) -> Path:
    """``kinerja narasi``: the drafts from the year's stored quarterly results (see :func:`narasi_draf`)."""
    return narasi_draf(workspace, config, tahun, timpa=timpa)[0]


def narasi_draf(workspace: Any, config: Any, tahun: int, *, timpa: bool = False) -> tuple[Path, list[str]]:
    """Write the drafts from the year's approved quarterly results (nothing in ``laporan/`` is
    written; the annual data is prepared in a scratch folder); returns the file and the quarters
    still open ("Triwulan III", …), which ``kinerja narasi`` names in its warning.

    Raises:
        ConfigError: the file exists and ``timpa`` is false.
        ReportError: there are no quarterly results for the year yet.
    """
    from kinerja.laporan.model.data import siapkan_tahunan  # noqa: PLC0415 -- kinerja.laporan.model.data + pandas, numpy, dateutil (~324 ms) kept off importing this module

    target = docx_path(workspace.root, tahun)
    _refuse_existing(target, timpa)
    with tempfile.TemporaryDirectory(prefix="kinerja-narasi-") as scratch:
        lap = siapkan_tahunan(tahun, ruang_kerja=str(workspace.root), konfigurasi=str(config.source or ""), keluaran=scratch)
    if lap.sumber_triwulan is None:
        raise ReportError(_no_approved_quarter(lap, tahun))
    return write_narasi_docx(lap, target, timpa=timpa), lap.triwulan_terbuka


def _no_approved_quarter(lap: Any, tahun: int) -> str:
    """Why there is nothing to draft from: the annual figures come only from approved quarters, so say each
    quarter's state (not "no quarterly results" when drafts exist but nobody approved them)."""
    def label(kode: str) -> str:
        try:
            return sop.keadaan(kode).label
        except KeyError:
            return kode

    rows = list(lap.status_triwulan.itertuples(index=False))
    states = "; ".join(f"{r.label}: {label(str(r.keadaan))}" for r in rows)
    return (f"Belum ada laporan triwulan tahun {tahun} yang disetujui Sekretaris ({states}); draf narasi ditulis hanya "
            "dari hasil triwulan yang disetujui. Buat laporan triwulan (`kinerja laporan triwulan`), ajukan dan setujui "
            "(`kinerja alur ajukan`, `kinerja alur setujui`), lalu jalankan `kinerja narasi` lagi.")


def _draf_renstra(lap: Any) -> str:
    """How far the year's realisasi is from the Renstra end targets (from the riwayat workbook)."""
    ref = getattr(lap, "referensi", None)
    if ref is None or not ref.renstra or lap.tabel.empty:
        from kinerja.laporan.model.riwayat import RIWAYAT_NAMA  # noqa: PLC0415 -- kinerja.laporan.model.riwayat + pandas, numpy, dateutil (~234 ms) kept off importing this module

        return f"Target akhir periode Renstra belum diisi pada {RIWAYAT_NAMA}."
    return (f"Dibandingkan dengan target akhir periode Renstra {ref.periode}, {{{{ renstra_tercapai }}}} dari "
            "{{ renstra_dibandingkan }} indikator yang dapat dibandingkan sudah mencapai target akhir periode; "
            "{{ renstra_belum }} indikator masih memerlukan percepatan pada sisa periode Renstra.")


NARASI_MAX_BYTES = 20 * 1024 * 1024
"""Largest narasi .docx accepted through the web app (a narasi with its pictures is well under it)."""


def replaced_narasi_dir(workspace: Any) -> Path:
    """Where a replaced narasi is kept: ``narasi/diganti/`` (never deleted)."""
    return Path(workspace.root) / "narasi" / "diganti"


def simpan_narasi(workspace: Any, config: Any, tahun: int, nama: str, isi: bytes, *, username: str | None = None,
                  now: Any = None) -> tuple[Path, list[str]]:
    """A filled narasi .docx handed back (the web app's upload), checked before it is stored as
    ``narasi/narasi-<tahun>.docx``: a Word document with the parts' headings
    (:func:`kinerja.laporan.model.narasi.read_docx`) and at least one part written. The narasi it
    replaces is first copied to :func:`replaced_narasi_dir` (never lost). Stored and recorded, or
    neither (:func:`kinerja.alur.bahan.tercatat_atau_kembalikan`): the stored file is a signed
    ``simpan_narasi`` event of the annual case with its checksum, which ``kinerja audit verifikasi``
    checks the file against (:func:`kinerja.alur.integritas.narasi_changes`). The same content again
    changes and records nothing. Returns the stored file and the guidance texts still in it
    (``[Diisi oleh …]``, ``(sesuaikan …)``: the final would be refused while they stay, so the app
    names them at once).

    Raises:
        ConfigError: not a .docx, too large, unreadable, an unknown heading or no part written
            (nothing stored).
        TidakTercatat: the store could not be recorded (no signing key, the annual case is not being
            composed, …); the narasi was put back as it was.
    """
    from kinerja.alur.archive import sha256_file  # noqa: PLC0415 -- kinerja.alur.archive + json (~12 ms) kept off importing this module
    from kinerja.alur.bahan import tercatat_atau_kembalikan  # noqa: PLC0415 -- kinerja.alur.bahan + json (~23 ms) kept off importing this module
    from kinerja.alur.workflow import act  # noqa: PLC0415 -- kinerja.alur.workflow + logging, json (~70 ms) kept off importing this module

    bare = Path(nama.replace("\\", "/")).name
    if Path(bare).suffix.lower() != ".docx":
        raise ConfigError(f"Berkas '{bare}' bukan dokumen Word .docx; unggah narasi yang diunduh dari aplikasi ini "
                          "setelah diisi.")
    if not isi or len(isi) > NARASI_MAX_BYTES:
        raise ConfigError(f"Berkas '{bare}' kosong atau lebih besar dari {NARASI_MAX_BYTES // (1024 * 1024)} MB.")
    with tempfile.TemporaryDirectory(prefix="kinerja-narasi-") as scratch:
        staged = Path(scratch) / bare
        staged.write_bytes(isi)
        try:
            parts = read_docx(staged)
        except ConfigError as exc:
            raise ConfigError(f"Narasi tidak disimpan: {exc}") from None
    if not parts:
        raise ConfigError(f"Narasi tidak disimpan: {bare} tidak memuat satu pun bagian narasi di bawah judulnya "
                          f"(Judul 1: {', '.join(JUDUL.values())}).")
    petunjuk = [t.pesan for t in cari_petunjuk(Potongan(JUDUL[k], v) for k, v in parts.items())]
    target = docx_path(workspace.root, tahun)
    if target.is_file() and target.read_bytes() == isi:
        return target, petunjuk  # the same narasi again: nothing changes, nothing to record
    kept = None
    if target.is_file():
        keep = replaced_narasi_dir(workspace)
        make_dirs(keep)
        stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
        kept = keep / f"{target.stem}-{stamp}{target.suffix}"
        shutil.copy2(target, kept)  # copy first: never lost
    write_bytes(target, isi)
    note = f"menggantikan versi sebelumnya (sha256 {sha256_file(kept)})" if kept else ""
    tercatat_atau_kembalikan(
        bare, target, kept,
        lambda: act(workspace, config, "simpan_narasi", tahun, None, username=username, berkas=target, catatan=note,
                    now=now),
        f"narasi laporan tahunan {tahun}")
    return target, petunjuk
