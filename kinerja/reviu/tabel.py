"""Finding the capaian tables in read grids: header words in any order and spelling.

A capaian table is one whose header (one to three rows: merged cells above, sub-headings
under them) names a target, a realisasi and a capaian column; an indicator column is the one
named Indikator (else Uraian/Sasaran, else the widest text column). Offices misspell
(``Realisai``, ``Taget``, ``Capain``): a header word matches a keyword when they are close
(:func:`difflib.SequenceMatcher` ratio ≥ 0.8). When several columns say Capaian (earlier years'
capaian beside this year's), the one right of the realisasi column is taken; a target column
naming the Renstra or the end of the period is not the year's target.

Other tables the reviu reads:

- predikat bands stated by the report (``Interval`` / ``Rentang`` / ``Nilai`` + ``Kategori`` /
  ``Predikat`` / ``Kriteria``) → :class:`Pita` list;
- budget tables (``Pagu``/``Anggaran`` + ``Realisasi`` + ``Serapan``/``%``, no target) →
  rows for the serapan check;
- Perjanjian Kinerja / IKU lists (Indikator + Target, no realisasi) → the indicators every
  capaian table should cover.

A PDF table without a header at the top of a page, as wide as the capaian table before it,
goes on from that table (split over a page break); so does one repeating the same header
without a new caption.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass, field

from kinerja.numbers import parse_number
from kinerja.reviu.baca import Dokumen, Grid, Sel

KATA = {
    "indikator": ("indikator", "uraian", "sasaran", "iku"),
    "satuan": ("satuan",),
    "target": ("target", "rencana"),
    "realisasi": ("realisasi",),
    "capaian": ("capaian", "pencapaian", "persentase capaian"),
    "predikat": ("predikat", "kategori", "kriteria", "peringkat"),
    "arah": ("arah", "polaritas", "sifat"),
    "pagu": ("pagu", "anggaran", "alokasi"),
    "serapan": ("serapan", "penyerapan"),
}
"""Header keywords of each column role."""

_BUKAN_TARGET_TAHUN = re.compile(r"(?i)renstra|akhir|rpjmd|jangka menengah|\b20\d\d\s*-\s*20\d\d")
_RINGKASAN = re.compile(
    r"(?i)^\s*(?:(?:rata\s*-?\s*rata|rerata)\b.*|(?:jumlah|total)(?:\s+(?:capaian|kinerja|keseluruhan|seluruhnya|"
    r"anggaran|realisasi|program|kegiatan))*\s*[:.]?\s*)$"
)
"""A row under the table: any ``Rata-rata …``; ``Jumlah``/``Total`` alone (``Jumlah dokumen …`` is an indicator)."""
_JUMLAH = re.compile(r"(?i)^\s*(?:jumlah|total)\b")
"""The total row of a budget table without an indicator column (``Jumlah pagu indikator kinerja``)."""
_NOMOR_KOLOM = re.compile(r"^\(?\d{1,2}\)?$")
_TOKEN = re.compile(r"[a-z]+")


def _norm(text: str) -> str:
    """A header label compared across pages: case and every space ignored (PDF text breaks words)."""
    return "".join(text.lower().split())


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


@functools.lru_cache(maxsize=65536)
def _close(token: str, word: str) -> bool:
    if token == word:
        return True
    if len(token) < 5 or len(word) < 5 or token[0] != word[0] or abs(len(token) - len(word)) > 2:
        return False  # misspellings keep the first letter and about the length (cheap before difflib)
    return difflib.SequenceMatcher(None, token, word).ratio() >= 0.8


@functools.lru_cache(maxsize=16384)
def _roles(label: str) -> frozenset[str]:
    return frozenset(_roles_uncached(label))


def roles_of(label: str) -> set[str]:
    """The column roles a header label names (``Realisai 2019`` → {realisasi}).

    >>> sorted(roles_of("Capain Kinerja (%)")), sorted(roles_of("Realisai")), sorted(roles_of("Taget 2019"))
    (['capaian'], ['realisasi'], ['target'])
    """
    return set(_roles(label))


def _roles_uncached(label: str) -> set[str]:
    tokens = _tokens(label)
    found = set()
    for role, words in KATA.items():
        for word in words:
            parts = word.split()
            if len(parts) == 1:
                if any(_close(t, word) for t in tokens):
                    found.add(role)
            elif word in " ".join(tokens):
                found.add(role)
    if "capaian" in found and "realisasi" in found and re.search(r"(?i)realisasi\s*(anggaran|keuangan)", label):
        found.discard("capaian")
    if "%" in label and not found:
        found.add("persen")
    return found


@dataclass
class Kolom:
    """Where each role stands in a capaian (or budget) table."""

    indikator: int | None = None
    satuan: int | None = None
    target: int | None = None
    realisasi: int | None = None
    capaian: int | None = None
    predikat: int | None = None
    arah: int | None = None
    pagu: int | None = None
    serapan: int | None = None
    label: dict[int, str] = field(default_factory=dict)


@dataclass
class BarisTabel:
    """One data row of a found table, with its place in the document."""

    sel: list[Sel]
    baris: int
    halaman: int | None
    ringkasan: bool = False
    konteks: str = ""

    def get(self, index: int | None) -> Sel:
        if index is None or index >= len(self.sel):
            return Sel("")
        return self.sel[index]


@dataclass
class TabelKinerja:
    """A found table: capaian, anggaran (serapan), pk (indicator list) or pita (bands)."""

    jenis: str
    grid: Grid
    kolom: Kolom
    baris: list[BarisTabel]
    label: str
    lebar: int
    kepala: tuple[str, ...] = ()
    akhir: int = 0
    """The last grid row number read into this table (a part on the next page counts on from it)."""

    def sambung(self, grid: Grid, data: list[BarisTabel], sampai: int) -> None:
        """Rows of this table's part on the next page, numbered on from the rows before them.

        A row broken by the page break (its first cell, the number, empty on the new page) is
        mended: its cells' text joins the row it began on.
        """
        offset = self.akhir if grid is not self.grid else 0
        if data and self.baris and not data[0].ringkasan and data[0].get(0).kosong and not self.baris[-1].ringkasan:
            head, rest = self.baris[-1], data.pop(0)
            width = max(len(head.sel), len(rest.sel))
            head.sel = [Sel(" ".join(x for x in (head.get(j).teks, rest.get(j).teks) if x)) for j in range(width)]
        for row in data:
            row.baris += offset
        self.baris.extend(data)
        self.akhir = offset + (grid.nomor_baris[sampai - 1] if sampai else 0)


@dataclass(frozen=True)
class Pita:
    """A stated predikat band: values ≥ ``bawah`` get ``nama``."""

    nama: str
    bawah: float


def _header_labels(rows: list[list[Sel]], start: int, depth: int) -> list[str]:
    width = max(len(r) for r in rows[start:start + depth])
    labels = [""] * width
    for k in range(depth):
        row = rows[start + k]
        last = k == depth - 1
        carried = ""
        for j in range(width):
            text = row[j].teks if j < len(row) else ""
            if text:
                carried = text
            elif not last:
                text = carried  # a merged cell above stands over every column it covers
            if text and text not in labels[j].split(" | "):
                labels[j] = f"{labels[j]} | {text}" if labels[j] else text
    return labels


_ANGKA_DATA = re.compile(r"^\d[\d.]*,\d+\s*%?$|^\d+(?:[.,]\d+)?\s*%$")


def _angka_data(row: list[Sel]) -> bool:
    """Two or more cells holding figures as data rows print them (``80,00%``, ``93,1``, ``95 %``), never a header's
    words or years.

    >>> _angka_data([Sel("1"), Sel("IKU-01"), Sel("95"), Sel("93,1"), Sel("98,00%")]), _angka_data([Sel("Target 2025")])
    (True, False)
    """
    return sum(1 for c in row if _ANGKA_DATA.match(c.teks.strip())) >= 2


def _is_number_row(row: list[Sel]) -> bool:
    filled = [c.teks for c in row if not c.kosong]
    return bool(filled) and all(_NOMOR_KOLOM.match(t) for t in filled)


_TAHUN_KOLOM = re.compile(r"\b(?:19|20)\d\d\b")


def _latest_year(labels: list[str], roles: list[set[str]] | list[frozenset[str]], role: str) -> int | None:
    """The column of ``role`` naming the latest year when two or more name a year (``Realisasi 2023``,
    ``Realisasi 2024``, ``Realisasi 2025``: this year's is the last), else None.

    >>> _latest_year(["Indikator", "Realisasi 2023", "Realisasi 2025", "Realisasi 2024"],
    ...              [set(), {"realisasi"}, {"realisasi"}, {"realisasi"}], "realisasi")
    2
    """
    years = {j: int(m.group()) for j, label in enumerate(labels) if role in roles[j]
             and (m := _TAHUN_KOLOM.search(label))}
    return max(years, key=lambda j: years[j]) if len(years) >= 2 else None


def _assign(labels: list[str]) -> tuple[str, Kolom] | None:
    roles = [roles_of(label) for label in labels]
    kolom = Kolom(label=dict(enumerate(labels)))
    has = {r for rs in roles for r in rs}

    def first(role: str, exclude: frozenset[str] | set[str] = frozenset(), after: int | None = None, prefer=None) -> int | None:
        hits = [j for j, rs in enumerate(roles) if role in rs and not (rs & exclude)]
        hits = hits or [j for j, rs in enumerate(roles) if role in rs]
        if prefer is not None:
            good = [j for j in hits if prefer(j)]
            hits = good or hits
        if after is not None:
            right = [j for j in hits if j > after]
            if right:
                return right[0]
        return hits[0] if hits else None

    if "target" in has and "realisasi" in has and "capaian" in has:
        kolom.target = first("target", {"capaian"}, prefer=lambda j: not _BUKAN_TARGET_TAHUN.search(labels[j]))
        kolom.realisasi = _latest_year(labels, roles, "realisasi")  # realisasi of earlier years beside this year's
        if kolom.realisasi is None:
            kolom.realisasi = first("realisasi", {"target"}, after=kolom.target)
        kolom.capaian = first("capaian", {"target"}, after=kolom.realisasi)
        if kolom.capaian is not None and kolom.capaian in (kolom.target, kolom.realisasi):
            return None
        jenis = "capaian"
    elif "realisasi" in has and ("pagu" in has) and ("serapan" in has or "persen" in has or "capaian" in has):
        kolom.pagu = first("pagu")
        kolom.realisasi = first("realisasi", after=kolom.pagu)
        kolom.serapan = first("serapan", after=kolom.realisasi)
        if kolom.serapan is None:
            kolom.serapan = first("persen", after=kolom.realisasi) or first("capaian", after=kolom.realisasi)
        jenis = "anggaran"
    elif "indikator" in has and "target" in has and "realisasi" not in has:
        kolom.target = first("target")
        jenis = "pk"
    elif "predikat" in has and any(re.search(r"(?i)interval|rentang|nilai|skor|skala", label) for label in labels):
        kolom.predikat = first("predikat")
        kolom.capaian = next((j for j, label in enumerate(labels) if re.search(r"(?i)interval|rentang|nilai|skor|skala", label)
                              and j != kolom.predikat), None)
        if kolom.capaian is None:
            return None
        return "pita", kolom
    else:
        return None
    kolom.indikator = first("indikator", {"target", "realisasi", "capaian", "satuan"},
                            prefer=lambda j: "indikator" in labels[j].lower())
    kolom.satuan = first("satuan")
    kolom.predikat = first("predikat", {"capaian"}, after=kolom.capaian)
    kolom.arah = first("arah")
    return jenis, kolom


def _find_header(rows: list[list[Sel]], start: int) -> tuple[int, int, str, Kolom] | None:
    """The first header at or after ``start``: (row, depth, jenis, columns)."""
    for i in range(start, len(rows)):
        if len({c.teks for c in rows[i] if not c.kosong}) < 2:
            continue  # empty, or a title / section line spanning the table
        if _angka_data(rows[i]):
            continue  # a data row (figures with decimals or a percent sign) is no header
        for depth in (1, 2, 3):
            if i + depth > len(rows):
                break
            if depth > 1 and (_is_number_row(rows[i + depth - 1]) or _angka_data(rows[i + depth - 1])):
                break
            found = _assign(_header_labels(rows, i, depth))
            if found is not None:
                jenis, kolom = found
                if jenis in ("capaian", "anggaran") and depth < 3:
                    # a sub-heading row (Target / Realisasi / Capaian under a merged year) may follow
                    deeper = _assign(_header_labels(rows, i, depth + 1)) if i + depth < len(rows) else None
                    if deeper and deeper[0] == jenis and _better(deeper[1], kolom, rows[i + depth]):
                        jenis, kolom = deeper
                        depth += 1
                return i, depth, jenis, kolom
    return None


def _better(deeper: Kolom, kolom: Kolom, next_row: list[Sel]) -> bool:
    """The next row is part of the header: it holds words, not figures, in the role columns."""
    cells = [next_row[j].teks for j in (deeper.target, deeper.realisasi, deeper.capaian) if j is not None and j < len(next_row)]
    return bool(cells) and all(c and not re.search(r"\d", c) for c in cells)


def _data_rows(grid: Grid, jenis: str, kolom: Kolom, first: int, last: int) -> list[BarisTabel]:
    out = []
    konteks = ""
    ind = kolom.indikator
    for i in range(first, last):
        row = grid.baris[i]
        if _is_number_row(row) or all(c.kosong for c in row):
            continue
        filled = {c.teks for c in row if not c.kosong}
        name = row[ind].teks if ind is not None and ind < len(row) else ""
        whole = " ".join(c.teks for c in row if not c.kosong)
        summary = bool(_RINGKASAN.match(name) or _RINGKASAN.match(whole))
        if jenis == "anggaran" and ind is None:  # no indicator column: a 'Jumlah …' row is the budget's total
            label = next((c.teks for c in row if not c.kosong and not re.search(r"\d", c.teks)), "")
            summary = summary or bool(_JUMLAH.match(label))
        role_cells = [row[j].teks for j in (kolom.target, kolom.realisasi, kolom.capaian, kolom.serapan, kolom.pagu)
                      if j is not None and j < len(row)]
        if len(filled) == 1 and not summary:
            konteks = next(iter(filled))  # a section row (Sasaran Strategis 1 …) spanning the table
            continue
        if not summary and not any(role_cells):
            continue
        if not summary and not name and ind is not None:
            continue
        out.append(BarisTabel(row, grid.nomor_baris[i], grid.halaman[i], summary, konteks))
    return out


def _label(grid: Grid, nomor: int, header_row: int = 0) -> str:
    if grid.judul:
        return grid.judul
    for i in range(header_row - 1, max(header_row - 4, -1), -1):  # a caption typed in the sheet above the header
        for cell in grid.baris[i]:
            if re.match(r"(?i)^tabel\b", cell.teks):
                return cell.teks
    if grid.lembar is not None:
        return f"tabel ke-{nomor} (lembar {grid.lembar})"
    return f"tabel ke-{nomor}"


def temukan(dokumen: Dokumen) -> list[TabelKinerja]:
    """Every capaian, budget, PK and band table of a document, split tables joined."""
    found: list[TabelKinerja] = []
    last_capaian: TabelKinerja | None = None
    for grid in dokumen.grid:
        rows = grid.baris
        header = _find_header(rows, 0)
        if header is None or (header[0] > 0 and grid.di_awal_halaman and last_capaian is not None):
            # no header (or data before it) at the top of a page: the previous table goes on
            if last_capaian is not None and grid.di_awal_halaman and _same_width(grid, last_capaian.lebar):
                end = header[0] if header is not None else len(rows)
                last_capaian.sambung(grid, _data_rows(grid, last_capaian.jenis, last_capaian.kolom, 0, end), end)
            if header is None:
                continue
        while header is not None:
            row, depth, jenis, kolom = header
            nxt = _find_header(rows, row + depth)
            end = nxt[0] if nxt is not None else len(rows)
            labels = tuple(_norm(x) for x in _header_labels(rows, row, depth))
            continuing = (
                last_capaian is not None and jenis == last_capaian.jenis and labels == last_capaian.kepala
                and grid.di_awal_halaman and row == 0
            )
            data = _data_rows(grid, jenis, kolom, row + depth, end)
            if continuing and last_capaian is not None:
                last_capaian.sambung(grid, data, end)  # the header repeated on the next page
            else:
                nomor = sum(1 for t in found if t.jenis in ("capaian", "anggaran")) + 1
                table = TabelKinerja(jenis, grid, kolom, data, _label(grid, nomor, row), max(len(r) for r in rows), labels,
                                     akhir=grid.nomor_baris[end - 1] if end else 0)
                found.append(table)
                last_capaian = table if jenis in ("capaian", "anggaran") else last_capaian
            header = nxt
    return found


def _same_width(grid: Grid, width: int) -> bool:
    return max(len(r) for r in grid.baris) == width


_ANGKA = re.compile(r"\d+(?:[.,]\d+)?")


def pita_tercetak(tabel: TabelKinerja) -> list[Pita]:
    """The predikat bands a band table states, highest first (the lowest open below)."""
    bands = []
    for row in tabel.baris:
        nama = row.get(tabel.kolom.predikat).teks
        interval = row.get(tabel.kolom.capaian).teks
        if not nama or not interval:
            continue
        numbers = [n for n in (parse_number(x) for x in _ANGKA.findall(interval)) if n is not None]
        if not numbers:
            continue
        below_only = re.match(r"^\s*(≤|<|<=|kurang)", interval) is not None
        bands.append(Pita(nama, float("-inf") if below_only else min(numbers)))
    bands.sort(key=lambda p: p.bawah, reverse=True)
    return bands
