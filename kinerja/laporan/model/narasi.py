"""The LKjIP's narrative parts, written in Word: ``narasi/narasi-<tahun>.docx``.

``kinerja narasi --tahun 2025`` writes the file with one heading (Heading 1) per narrative
part, each pre-filled with a draft written from the year's data (counts per predikat,
indicators at risk, budget absorbed, kendala and tindak lanjut). Sub Bagian Perencanaan edits
the text under each heading in Word or LibreOffice; the annual report reads it back. Text
before the first heading (the instructions) is ignored; a paragraph is a paragraph.

The older ``narasi/<tahun>.toml`` (keys :data:`KUNCI`) still works; when both exist, a part
written in the .docx wins over the same key in the TOML.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from kinerja.errors import ConfigError

JUDUL: dict[str, str] = {
    "kata_pengantar": "Kata Pengantar",
    "ikhtisar_eksekutif": "Ikhtisar Eksekutif",
    "latar_belakang": "Latar Belakang",
    "tugas_fungsi": "Tugas dan Fungsi",
    "isu_strategis": "Isu Strategis",
    "renstra": "Rencana Strategis",
    "perbandingan_renstra": "Perbandingan dengan Target Renstra",
    "analisis_penyebab": "Analisis Penyebab Keberhasilan dan Kegagalan",
    "rencana_tindak_lanjut": "Rencana Tindak Lanjut",
}
"""Narrative part → its heading in the .docx (in report order)."""

KUNCI = tuple(JUDUL)
"""The narrative keys (also the keys of ``narasi/<tahun>.toml``)."""


def docx_path(root: str | Path, tahun: int) -> Path:
    """``<workspace>/narasi/narasi-<tahun>.docx``."""
    return Path(root) / "narasi" / f"narasi-{tahun}.docx"


def toml_path(root: str | Path, tahun: int) -> Path:
    """``<workspace>/narasi/<tahun>.toml`` (the older form)."""
    return Path(root) / "narasi" / f"{tahun}.toml"


def read_toml(path: Path) -> dict[str, str]:
    """The narrative of a TOML file (empty when missing).

    Raises:
        ConfigError: not valid TOML, or a key that is not in :data:`KUNCI`.
    """
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path.name}: bukan TOML yang sah ({exc}).") from None
    unknown = sorted(set(data) - set(KUNCI))
    if unknown:
        raise ConfigError(f"{path.name}: kunci {', '.join(unknown)} tidak dikenal; yang diharapkan: {', '.join(KUNCI)}.")
    return {k: str(v).strip() for k, v in data.items() if str(v).strip()}


def read_docx(path: Path) -> dict[str, str]:
    """The narrative parts of ``narasi-<tahun>.docx`` (empty when missing).

    Raises:
        ConfigError: the file is not a Word document, or a Heading 1 is not one of the parts.
    """
    if not path.is_file():
        return {}
    from docx import Document

    try:
        document = Document(str(path))
    except Exception as exc:  # noqa: BLE001 - any unreadable .docx is the same user error
        raise ConfigError(f"{path.name}: tidak dapat dibaca sebagai dokumen Word ({type(exc).__name__}).") from None
    by_title = {v.lower(): k for k, v in JUDUL.items()}
    parts: dict[str, list[str]] = {}
    current: str | None = None
    for paragraph in document.paragraphs:
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        text = paragraph.text.strip()
        if style.lower().startswith(("heading 1", "judul 1")):
            key = by_title.get(" ".join(text.split()).lower())
            if key is None:
                raise ConfigError(f"{path.name}: judul \"{text}\" tidak dikenal; judul yang diharapkan: {', '.join(JUDUL.values())}.")
            current = key
            parts.setdefault(key, [])
            continue
        if current is not None and text:
            parts[current].append(text)
    return {k: "\n\n".join(v) for k, v in parts.items() if v}


def load_narasi(root: str | Path, tahun: int) -> dict[str, str]:
    """The year's narrative: the TOML's keys, overridden by the parts written in the .docx."""
    out = read_toml(toml_path(root, tahun))
    out.update(read_docx(docx_path(root, tahun)))
    return out


def narasi_files(root: str | Path, tahun: int) -> list[Path]:
    """The narrative files that exist (for the provenance block)."""
    return [p for p in (docx_path(root, tahun), toml_path(root, tahun)) if p.is_file()]


def drafts(lap: Any) -> dict[str, str]:
    """A draft of every narrative part, written from the year's data."""
    from kinerja.laporan.bagian import umum as sections
    from kinerja.laporan.model.data import indikator_berisiko
    from kinerja.numbers import format_percent

    cfg = lap.config
    tabel = lap.tabel
    risk = indikator_berisiko(tabel, cfg)
    sasaran = list(dict.fromkeys(tabel["sasaran"].astype(str))) if not tabel.empty else []
    units = ", ".join(u.nama for u in cfg.unit)
    kendala = [f"{r['indikator']}: {r['kendala']}" for r in tabel.to_dict(orient="records") if str(r.get("kendala") or "").strip()]
    lanjut = [f"{r.indikator}: {r.tindak_lanjut}" for r in risk.itertuples(index=False) if str(r.tindak_lanjut or "").strip()]
    ref = getattr(lap, "referensi", None)
    periode = ref.periode if ref is not None and ref.periode else "periode berjalan"
    return {
        "kata_pengantar": sections.draf_kata_pengantar(lap),
        "ikhtisar_eksekutif": sections.draf_ikhtisar(lap),
        "latar_belakang": (
            "Laporan Kinerja Instansi Pemerintah (LKjIP) disusun sebagai wujud pertanggungjawaban atas pelaksanaan tugas dan fungsi "
            "serta pengelolaan anggaran, sesuai Peraturan Presiden Nomor 29 Tahun 2014 tentang Sistem Akuntabilitas Kinerja Instansi "
            f"Pemerintah dan Peraturan Menteri PANRB Nomor 53 Tahun 2014. Laporan ini menyajikan capaian kinerja {cfg.instansi.nama} "
            f"tahun {lap.tahun} berdasarkan Perjanjian Kinerja dan Rencana Aksi yang dipantau setiap triwulan."),
        "tugas_fungsi": (
            f"{cfg.instansi.nama} mempunyai tugas membantu kepala daerah membina dan mengawasi pelaksanaan urusan pemerintahan yang "
            "menjadi kewenangan daerah dan tugas pembantuan oleh perangkat daerah (sesuaikan dengan peraturan kepala daerah tentang "
            f"kedudukan, susunan organisasi, tugas dan fungsi). Susunan organisasi terdiri atas {units}."),
        "isu_strategis": (
            f"Dari {len(tabel)} indikator kinerja, {len(risk)} indikator belum mencapai predikat Tinggi atau belum terukur"
            + (f", antara lain {', '.join(risk['indikator'].head(4))}" if not risk.empty else "") + ". "
            + ("Kendala yang dilaporkan: " + "; ".join(kendala[:4]) + "." if kendala else "")),
        "renstra": (
            f"Rencana Strategis {cfg.instansi.nama} {periode} menetapkan {len(sasaran)} sasaran strategis: "
            + "; ".join(f"({i}) {s}" for i, s in enumerate(sasaran, start=1)) + ". Target akhir periode setiap indikator "
            "disajikan pada tabel Indikator Kinerja Utama."),
        "perbandingan_renstra": _draf_renstra(lap),
        "analisis_penyebab": (
            ("Penyebab utama capaian yang belum optimal: " + "; ".join(kendala[:6]) + "." if kendala
             else "Tidak ada kendala berarti yang dilaporkan sepanjang tahun.")
            + f" Rata-rata capaian indikator yang terukur {format_percent(sections.ringkasan_frame(tabel, cfg)['rata_rata'])}."),
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
    from docx import Document
    from docx.shared import Pt

    from kinerja.atomic import write_bytes

    _refuse_existing(target, timpa)
    import io

    document = Document()
    document.styles["Normal"].font.name = "Liberation Serif"
    document.styles["Normal"].font.size = Pt(11)
    document.add_heading(f"Narasi LKjIP Tahun {lap.tahun} — {lap.config.instansi.nama}", level=0)
    note = document.add_paragraph(
        "Sunting teks di bawah setiap judul. Jangan mengubah judul (Judul 1); teks di bawahnya menjadi isi bagian itu dalam "
        "Laporan Kinerja Tahunan. Draf awal ditulis dari data tahun ini; periksa angka dan lengkapi. Hapus seluruh teks di bawah "
        "judul untuk memakai isian kosong.")
    note.runs[0].italic = True
    for key, text in drafts(lap).items():
        document.add_heading(JUDUL[key], level=1)
        for part in [p for p in text.split("\n\n") if p.strip()]:
            document.add_paragraph(" ".join(part.split()))
    buffer = io.BytesIO()
    document.save(buffer)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_bytes(target, buffer.getvalue())
    return target


def write_narasi_from_results(workspace: Any, config: Any, tahun: int, *, timpa: bool = False) -> Path:
    """``kinerja narasi``: the drafts from the year's stored quarterly results (nothing in
    ``laporan/`` is written; the annual data is prepared in a scratch folder).

    Raises:
        ConfigError: the file exists and ``timpa`` is false.
        ReportError: there are no quarterly results for the year yet.
    """
    import tempfile

    from kinerja.errors import ReportError
    from kinerja.laporan.model.data import siapkan_tahunan

    target = docx_path(workspace.root, tahun)
    _refuse_existing(target, timpa)
    with tempfile.TemporaryDirectory(prefix="kinerja-narasi-") as scratch:
        lap = siapkan_tahunan(tahun, ruang_kerja=str(workspace.root), konfigurasi=str(config.source or ""), keluaran=scratch)
    if lap.sumber_triwulan is None:
        raise ReportError(f"Belum ada hasil laporan triwulan tahun {tahun}; jalankan `kinerja laporan triwulan` dahulu, "
                          "agar draf narasi dapat ditulis dari data.")
    return write_narasi_docx(lap, target, timpa=timpa)


def _draf_renstra(lap: Any) -> str:
    """How far the year's realisasi is from the Renstra end targets (from the riwayat workbook)."""
    ref = getattr(lap, "referensi", None)
    if ref is None or not ref.renstra or lap.tabel.empty:
        from kinerja.laporan.model.riwayat import RIWAYAT

        return f"Target akhir periode Renstra belum diisi pada {RIWAYAT}."
    values = [ref.capaian_renstra(r, lap.config) for r in lap.tabel.to_dict(orient="records")]
    known = [v for v in values if v is not None]
    reached = sum(v >= 100 for v in known)
    return (f"Dibandingkan dengan target akhir periode Renstra {ref.periode}, {reached} dari {len(known)} indikator yang dapat "
            f"dibandingkan sudah mencapai target akhir periode; {len(known) - reached} indikator masih memerlukan percepatan "
            "pada sisa periode Renstra.")
