"""The LKjIP's narrative parts, written in Word (``narasi/narasi-<tahun>.docx``), read back.

``kinerja narasi --tahun 2025`` writes the file (:mod:`kinerja.laporan.bagian.narasi`) with one
heading (Heading 1) per narrative part; Sub Bagian Perencanaan edits the text under each heading
in Word or LibreOffice; the annual report reads it back here. Text before the first heading (the
instructions) is ignored; a paragraph is a paragraph.

A figure is written as a field, ``{{ capaian_rata_rata }}`` (:func:`kinerja.periksa.nilai_bidang`
lists them), filled from the year's official results when the report is made
(:func:`isi_narasi`); a figure typed as digits is checked against the tables before the report
can become final.

The older ``narasi/<tahun>.toml`` (keys :data:`KUNCI`) still works; when both exist, a part
written in the .docx wins over the same key in the TOML.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from kinerja.errors import ConfigError
from kinerja.paths import Workspace
from kinerja.periksa import isi_bidang

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
    """``<workspace>/narasi/narasi-<tahun>.docx`` (:meth:`kinerja.paths.Workspace.narasi_docx`)."""
    return Workspace(Path(root)).narasi_docx(tahun)


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
    from docx import Document  # noqa: PLC0415 -- docx + lxml, typing_extensions (~45 ms) kept off importing this module

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


def isi_narasi(parts: dict[str, str], bidang: dict[str, tuple[str, str]], tahun: int) -> dict[str, str]:
    """Every part with its ``{{ fields }}`` replaced by the values in ``bidang``.

    Raises:
        ConfigError: a field that does not exist, naming the part and the fields that do.
    """
    return {k: isi_bidang(v, bidang, letak=f"Narasi {tahun}, bagian \"{JUDUL.get(k, k)}\"") for k, v in parts.items()}
