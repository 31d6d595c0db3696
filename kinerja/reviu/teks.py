"""The figures a report states in words, checked against the tables it prints.

The engine is kinerja's own (:mod:`kinerja.periksa`, the one that guards kinerja's finals): this
module only fills its :class:`~kinerja.periksa.resmi.HasilResmi` from what the reviewed
document's tables print — the indicators and their printed capaian, counts per predikat band
(the bands the report states, else the config's), the budget of the budget tables, the year —
and hands it the document's text (paragraphs; in a PDF the page without its tables), each piece
with its page.
"""

from __future__ import annotations

import re
from collections import Counter

from kinerja.numbers import NotANumber, parse_number
from kinerja.periksa.cocok import Potongan, Status, periksa
from kinerja.periksa.resmi import HasilResmi
from kinerja.reviu.baca import Dokumen
from kinerja.reviu.tabel import Pita, TabelKinerja
from kinerja.reviu.temuan import TIDAK_DAPAT_DIHITUNG, TemuanReviu

_TAHUN = re.compile(r"\b(?:tahun|TA\.?)\s*((?:19|20)\d\d)\b", re.IGNORECASE)


def tahun_laporan(dokumen: Dokumen) -> int | None:
    """The report's year: the year its title or most of its text names."""
    counts = Counter(int(m.group(1)) for _, line in dokumen.teks for m in _TAHUN.finditer(line))
    return counts.most_common(1)[0][0] if counts else None


def _angka(text: str) -> float | None:
    try:
        return parse_number(text.replace("%", "").strip()) if text.strip() else None
    except NotANumber:
        return None


_PENANDA = "↑↓"


def _kunci_indikator(text: str) -> str:
    """One indicator however often the report prints it: its words without the arah marker and spacing."""
    return " ".join(text.strip().lstrip(_PENANDA).split()).lower()


def _nilai(sel) -> float | None:
    return sel.nilai if sel.nilai is not None else _angka(sel.teks)


def _anggaran(tables: list[TabelKinerja]) -> tuple[float, float] | None:
    """(pagu, realisasi) the report's budget tables print, each rupiah once.

    A table's total row (``Jumlah …``) is its budget; the broadest total wins. Without a total, the rows of
    every budget table, each row label (indicator, or a programme/kegiatan code) once and only the lowest
    level of a code hierarchy (a kegiatan, not also its programme).
    """
    totals: list[tuple[float, float]] = []
    rows: dict[str, tuple[float, float]] = {}
    for t in tables:
        if t.jenis != "anggaran":
            continue
        for row in t.baris:
            pv, rv = _nilai(row.get(t.kolom.pagu)), _nilai(row.get(t.kolom.realisasi))
            if pv is None or rv is None:
                continue
            if row.ringkasan:
                totals.append((pv, rv))
                continue
            label = row.get(t.kolom.indikator).teks if t.kolom.indikator is not None else next(
                (c.teks for c in row.sel if not c.kosong), "")
            rows.setdefault(_kunci_indikator(label), (pv, rv))
    if totals:
        return max(totals)
    if not rows:
        return None
    codes = [k for k in rows if re.fullmatch(r"[\d.]+", k)]
    leaves = {k: v for k, v in rows.items() if not any(other != k and other.startswith(k + ".") for other in codes)}
    return sum(p for p, _ in leaves.values()), sum(r for _, r in leaves.values())


def hasil_tercetak(dokumen: Dokumen, tables: list[TabelKinerja], baris, pita: list[Pita], bands) -> HasilResmi | None:
    """What the printed tables say, as the engine's :class:`HasilResmi`; None without a year or a row."""
    tahun = tahun_laporan(dokumen)
    if tahun is None or not baris:
        return None
    names = [p.nama for p in pita] if pita else [b.nama for b in bands]
    lows = [(p.nama, p.bawah) for p in pita] if pita else [(b.nama, b.batas_bawah) for b in bands]
    per = dict.fromkeys(names, 0)
    indikator: dict[str, tuple[float, ...]] = {}
    values = []
    seen: set[str] = set()
    for b in baris:
        key = _kunci_indikator(b.indikator)
        if b.capaian_tercetak is None or key in seen:
            continue  # an indicator printed again (beside the Renstra target, earlier years) is one indicator
        seen.add(key)
        values.append(b.capaian_tercetak)
        band = next((n for n, low in lows if b.capaian_tercetak >= low), names[-1])
        per[band] += 1
        indikator[b.indikator] = (*indikator.get(b.indikator, ()), b.capaian_tercetak)
    jumlah = len({_kunci_indikator(b.indikator) for b in baris})
    anggaran = _anggaran(tables)
    budget = anggaran is not None
    pagu, realisasi = anggaran or (0.0, 0.0)
    return HasilResmi(
        tahun=tahun,
        jumlah=jumlah,
        dihitung=len(values),
        rata_rata=sum(values) / len(values) if values else None,
        per_predikat=per,
        ambang=names[1] if len(names) > 1 else names[0],
        pagu=pagu if budget else None,
        realisasi_anggaran=realisasi if budget else None,
        serapan=realisasi / pagu * 100 if budget and pagu > 0 else None,
        tercapai=sum(1 for v in values if v >= 100),
        indikator=indikator,
    )


def _potongan(dokumen: Dokumen) -> list[Potongan]:
    """The text in pieces with their page: a .docx paragraph each; a PDF page's lines joined (sentences run over lines)."""
    if dokumen.jenis == "docx":
        return [Potongan(f"halaman {page}", line) for page, line in dokumen.teks]
    pages: dict[int | None, list[str]] = {}
    for page, line in dokumen.teks:
        pages.setdefault(page, []).append(line)
    return [Potongan(f"halaman {page}", " ".join(lines)) for page, lines in pages.items()]


def periksa_teks(dokumen: Dokumen, tables: list[TabelKinerja], baris, pita: list[Pita], bands) -> list:
    """The stated figures of the text as reviu findings (``jenis`` ``teks``)."""
    if dokumen.jenis not in ("docx", "pdf"):
        return []
    hasil = hasil_tercetak(dokumen, tables, baris, pita, bands)
    berkas = dokumen.berkas.name
    if hasil is None:
        return [TemuanReviu(berkas, "teks", TIDAK_DAPAT_DIHITUNG,
                       "angka dalam teks tidak diperiksa: tahun laporan atau baris capaian tidak ditemukan")]
    pieces = _potongan(dokumen)
    out = []
    unknown = 0
    for t in periksa(pieces, hasil):
        if t.status is Status.TIDAK_DIKENALI:
            unknown += 1
            continue
        page = int(t.letak.split()[-1]) if t.letak.startswith("halaman ") else None
        out.append(TemuanReviu(berkas, "teks", t.status.value, t.pesan, halaman=page))
    if unknown:
        out.append(TemuanReviu(berkas, "teks", "tidak_dikenali",
                          f"{unknown} angka lain dalam teks tidak dapat dikaitkan dengan angka tabel (tidak dinilai)"))
    return out
