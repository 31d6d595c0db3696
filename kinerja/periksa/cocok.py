"""Every figure a text states about results, compared with the official results.

:func:`periksa` takes text pieces with their place (:class:`Potongan`) and the results
(:class:`~kinerja.periksa.resmi.HasilResmi`) and returns one :class:`TemuanAngka` per figure it
recognises: averages ("rata-rata capaian 94,70%"), serapan, Rupiah (realisasi, pagu), counts
per predikat ("8 indikator … di bawah Tinggi", "20 Sangat Tinggi"), "x dari y indikator",
totals, sasaran, Renstra comparisons and comparisons with earlier years ("naik dari …").

A figure is ``sesuai`` when one reading of the tables gives it at the precision it is written
(94,7% for 94,70 is sesuai, "Rp 1,71 miliar" for 1.709.400.000 too), ``tidak_sesuai`` when
none does, and ``tidak_dikenali`` when the text does not say which figure it is, or speaks of
a scope the results do not hold (another quarter, one program): those are never a reason to
refuse a document.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from kinerja.numbers import format_number, format_percent, format_rupiah, round_half_up
from kinerja.periksa.resmi import HasilResmi
from kinerja.periksa.teks import Angka, angka, kalimat


@dataclass(frozen=True)
class Potongan:
    """A piece of text and where it stands (``"Ikhtisar Eksekutif, paragraf 1"``, ``"halaman 3"``)."""

    letak: str
    teks: str


class Status(StrEnum):
    """The verdict on one stated figure."""

    SESUAI = "sesuai"
    TIDAK_SESUAI = "tidak_sesuai"
    TIDAK_DIKENALI = "tidak_dikenali"


class Jenis(StrEnum):
    """Which figure of the results a statement is about (the reason code of a finding)."""

    RATA_RATA = "rata_rata"
    SERAPAN = "serapan"
    PAGU = "pagu"
    REALISASI_ANGGARAN = "realisasi_anggaran"
    SISA_ANGGARAN = "sisa_anggaran"
    JUMLAH_INDIKATOR = "jumlah_indikator"
    PREDIKAT = "predikat"
    DI_BAWAH = "di_bawah"
    MINIMAL = "minimal"
    PERHATIAN = "perhatian"
    BELUM_TERUKUR = "belum_terukur"
    TERUKUR = "terukur"
    TERCAPAI = "tercapai"
    BELUM_TERCAPAI = "belum_tercapai"
    RENSTRA_TERCAPAI = "renstra_tercapai"
    RENSTRA_BELUM = "renstra_belum"
    RENSTRA_DIBANDINGKAN = "renstra_dibandingkan"
    SASARAN = "sasaran"
    INDIKATOR = "indikator"
    PERBANDINGAN = "perbandingan"
    TIDAK_DIKENALI = "tidak_dikenali"


URAIAN: dict[Jenis, str] = {
    Jenis.RATA_RATA: "rata-rata capaian indikator terukur",
    Jenis.SERAPAN: "serapan anggaran",
    Jenis.PAGU: "pagu anggaran",
    Jenis.REALISASI_ANGGARAN: "realisasi anggaran",
    Jenis.SISA_ANGGARAN: "sisa anggaran",
    Jenis.JUMLAH_INDIKATOR: "jumlah indikator",
    Jenis.PREDIKAT: "jumlah indikator berpredikat {benda}",
    Jenis.DI_BAWAH: "jumlah indikator di bawah predikat {benda}",
    Jenis.MINIMAL: "jumlah indikator berpredikat {benda} atau lebih tinggi",
    Jenis.PERHATIAN: "jumlah indikator yang memerlukan perhatian",
    Jenis.BELUM_TERUKUR: "jumlah indikator yang belum terukur",
    Jenis.TERUKUR: "jumlah indikator terukur",
    Jenis.TERCAPAI: "jumlah indikator yang mencapai target (capaian 100% atau lebih)",
    Jenis.BELUM_TERCAPAI: "jumlah indikator terukur yang belum mencapai target",
    Jenis.RENSTRA_TERCAPAI: "jumlah indikator yang sudah mencapai target akhir Renstra",
    Jenis.RENSTRA_BELUM: "jumlah indikator yang belum mencapai target akhir Renstra",
    Jenis.RENSTRA_DIBANDINGKAN: "jumlah indikator yang dapat dibandingkan dengan target akhir Renstra",
    Jenis.SASARAN: "jumlah sasaran strategis",
    Jenis.INDIKATOR: "capaian indikator {benda}",
    Jenis.PERBANDINGAN: "arah perbandingan rata-rata capaian",
    Jenis.TIDAK_DIKENALI: "angka yang tidak dapat dikaitkan dengan tabel",
}
"""What each kind of figure is, in the words of a message."""


@dataclass(frozen=True)
class TemuanAngka:
    """One figure stated in a text, and what the tables say.

    Attributes:
        letak: where the piece stands (from :class:`Potongan`).
        kalimat: the whole sentence.
        kutipan: the words that state the figure ("rata-rata capaian 94,70%").
        tertulis: the figure as written ("94,70%").
        tabel: what the tables say ("108,61%"; several readings joined by " atau ").
        jenis: which figure; status: the verdict.
        benda: the band, indicator or year the figure is about, where it has one.
    """

    letak: str
    kalimat: str
    kutipan: str
    tertulis: str
    tabel: str
    jenis: Jenis
    status: Status
    benda: str = ""

    @property
    def uraian(self) -> str:
        """What the figure is, in words."""
        return URAIAN[self.jenis].format(benda=self.benda)

    @property
    def pesan(self) -> str:
        """One Indonesian sentence: where, what the text says, what the tables say."""
        if self.status is Status.TIDAK_DIKENALI:
            return f"{self.letak}: \"{self.kalimat}\" menyebut {self.tertulis}, yang tidak dapat dikaitkan dengan angka tabel."
        if self.jenis is Jenis.PERBANDINGAN:
            return f"{self.letak}: \"{self.kalimat}\" menyatakan {self.kutipan}, sedangkan menurut tabel {self.tabel}."
        return (f"{self.letak}: \"{self.kalimat}\" menyebut {self.kutipan}; menurut tabel {self.uraian} "
                f"{self.tabel}.")


def periksa(potongan: Iterable[Potongan], hasil: HasilResmi) -> list[TemuanAngka]:
    """Every figure stated in the pieces, each with its verdict against ``hasil``.

    >>> h = HasilResmi(tahun=2026, jumlah=29, dihitung=29, rata_rata=108.614, per_predikat={"Sangat Tinggi": 27,
    ...     "Tinggi": 0, "Sedang": 2, "Rendah": 0, "Sangat Rendah": 0}, pagu=1_887_500_000, realisasi_anggaran=1_709_400_000,
    ...     serapan=90.564)
    >>> [(t.tertulis, t.tabel, t.status.value) for t in periksa([Potongan("Ikhtisar", "Rata-rata capaian 94,70%, "
    ...     "realisasi anggaran Rp 1.709.400.000 (serapan 90,56%).")], h)]
    [('94,70%', '108,61%', 'tidak_sesuai'), ('Rp 1.709.400.000', 'Rp 1.709.400.000', 'sesuai'), ('90,56%', '90,56%', 'sesuai')]
    """
    out: list[TemuanAngka] = []
    names = tuple(hasil.per_predikat) + tuple(hasil.per_status)
    for piece in potongan:
        for sentence in kalimat(piece.teks):
            out += _sentence(piece.letak, sentence, hasil, names)
    return out


def salah(temuan: Iterable[TemuanAngka]) -> list[TemuanAngka]:
    """The findings that disagree with the tables (what refuses a final document)."""
    return [t for t in temuan if t.status is Status.TIDAK_SESUAI]


def pesan_per_kalimat(temuan: Iterable[TemuanAngka]) -> list[str]:
    """One Indonesian sentence per sentence of the text: where it stands, the sentence, and for
    each figure in it what it says and what the tables say (in the order found).

    >>> h = HasilResmi(tahun=2026, jumlah=29, dihitung=29, rata_rata=108.614, per_predikat={"Sangat Tinggi": 27, "Sedang": 2})
    >>> pesan_per_kalimat(salah(periksa([Potongan("Ikhtisar, paragraf 1", "Rata-rata 94,70% (20 Sangat Tinggi, 2 Sedang).")], h)))
    ['Ikhtisar, paragraf 1: "Rata-rata 94,70% (20 Sangat Tinggi, 2 Sedang)." menyebut 94,70%, menurut tabel 108,61% (rata-rata capaian indikator terukur); 20 Sangat Tinggi, menurut tabel 27 (jumlah indikator berpredikat Sangat Tinggi).']
    """
    groups: dict[tuple[str, str], list[TemuanAngka]] = {}
    for t in temuan:
        groups.setdefault((t.letak, t.kalimat), []).append(t)
    out = []
    for (letak, sentence), found in groups.items():
        parts = [f"{t.kutipan}, padahal menurut tabel {t.tabel}" if t.jenis is Jenis.PERBANDINGAN
                 else f"{t.tertulis}, menurut tabel {t.tabel} ({t.uraian})" for t in found]
        out.append(f"{letak}: \"{sentence}\" menyebut " + "; ".join(parts) + ".")
    return out


# --------------------------------------------------------------------------- sentence

_RATA = re.compile(r"rata-?\s?rata|capaian\s+(?:kinerja\s+)?(?:secara\s+)?keseluruhan", re.IGNORECASE)
_SERAPAN = re.compile(r"serapan|penyerapan|terserap|realisasi\s+(?:anggaran|keuangan|belanja)", re.IGNORECASE)
_REALISASI = re.compile(r"realisasi|terealisasi|terserap|dibelanjakan|digunakan", re.IGNORECASE)
_PAGU = re.compile(r"pagu|\bDPA\b|alokasi|dianggarkan|total\s+anggaran|anggaran\s+(?:sebesar|tahun|yang\s+tersedia)", re.IGNORECASE)
_ANGGARAN = re.compile(r"anggaran", re.IGNORECASE)
_SISA = re.compile(r"\bsisa\b|tidak\s+terserap|selisih", re.IGNORECASE)
_NAIK = re.compile(r"\b(?:naik|meningkat|lebih\s+tinggi|kenaikan|peningkatan|bertambah)\b", re.IGNORECASE)
_TURUN = re.compile(r"\b(?:turun|menurun|lebih\s+rendah|penurunan|berkurang)\b", re.IGNORECASE)
_BANDING = re.compile(r"\b(?:dari|dibanding(?:kan)?|daripada|sebelumnya|semula)\b", re.IGNORECASE)
_TAHUN = re.compile(r"\b(?:tahun|TA\.?|T\.A\.)\s*(?P<y>(?:19|20)\d\d)\b|\((?P<p>(?:19|20)\d\d)\)", re.IGNORECASE)
_TAHUN_LALU = re.compile(r"tahun\s+(?:lalu|sebelumnya)", re.IGNORECASE)
_TRIWULAN = re.compile(r"\b(?:triwulan|TW)\s*(?P<t>IV|III|II|I|[1-4]|pertama|kedua|ketiga|keempat)\b", re.IGNORECASE)
_BAGIAN = re.compile(r"\b(?:program|kegiatan|sub\s*kegiatan|bidang|inspektur\s+pembantu|irban|sasaran\s+(?:ke-?\s*)?\d|"
                     r"sasaran\s+(?:strategis\s+)?(?:pertama|kedua|ketiga|keempat|kelima))\b", re.IGNORECASE)
_BAGIAN_SESUDAH = re.compile(r"^(?:kinerja\s+)?(?:(?:pada|dalam|di|untuk)\s+)?(?:sasaran|program|kegiatan|sub\s*kegiatan|bidang|unit|"
                             r"inspektur\s+pembantu|irban)\b", re.IGNORECASE)
_SAMBUNG = re.compile(r"^[\s,:;(]*(?:menjadi|sebesar|yaitu|yakni|mencapai|atau|dan)?[\s,:;(]*$", re.IGNORECASE)
_TRIWULAN_NOMOR = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4, "pertama": 1, "kedua": 2, "ketiga": 3, "keempat": 4}


@dataclass
class _Bacaan:
    jenis: Jenis
    nilai: list[float]  # the readings of the tables that would make the figure right
    benda: str = ""
    tahun: int | None = None


def _clause_start(sentence: str, start: int) -> int:
    cut = max(sentence.rfind(";", 0, start), sentence.rfind(":", 0, start))
    return cut + 1


def _scope(sentence: str, a: Angka, before: str, hasil: HasilResmi) -> tuple[int | None, bool]:
    """(the year the figure is about, whether it is about a part the results do not hold)."""
    after = sentence[a.akhir:a.akhir + 30]
    year = None
    for text in (before, after):
        if m := _TAHUN.search(text):
            year = int(m.group("y") or m.group("p"))
            break
        if _TAHUN_LALU.search(text):
            year = hasil.tahun - 1
            break
    other = False
    for text in (before, after[:20]):
        for m in _TRIWULAN.finditer(text):
            if _TRIWULAN_NOMOR[m.group("t").lower()] != hasil.triwulan:
                other = True
    if _BAGIAN.search(before):
        other = True
    return year, other


def _named(before: str, hasil: HasilResmi) -> tuple[str, int, int] | None:
    """The indicator named last in ``before``: (name, start, end), longest name first."""
    low = " ".join(before.lower().split())
    best: tuple[str, int, int] | None = None
    for name in sorted(hasil.indikator, key=len, reverse=True):
        key = " ".join(name.lower().split())
        at = low.rfind(key) if key else -1
        if at >= 0 and (best is None or at + len(key) > best[2]):
            best = (name, at, at + len(key))
    return best


def _percent(a: Angka, before: str, prev: _Bacaan | None, hasil: HasilResmi) -> _Bacaan | None:
    before = " ".join(before.split())
    named = _named(before, hasil)
    if named is not None:  # the words of a name ("Persentase realisasi anggaran …") are not a keyword
        name, start, end = named
        gap = before[end:]
        if re.search(r"\d", gap) or len(gap) > 30:
            return None  # a name, then other figures: a table row run together, or another figure of it
        before = before[:start] + " " * (end - start) + gap
        if _last(_RATA, before) < 0 and _last(_SERAPAN, before) < 0:
            return _Bacaan(Jenis.INDIKATOR, list(hasil.indikator[name]), benda=name)
    rata, serap = _last(_RATA, before), _last(_SERAPAN, before)
    if rata >= 0 or serap >= 0:
        if rata > serap:
            return _Bacaan(Jenis.RATA_RATA, [hasil.rata_rata] if hasil.rata_rata is not None else [])
        return _Bacaan(Jenis.SERAPAN, [hasil.serapan] if hasil.serapan is not None else [])
    if prev is not None and prev.jenis in (Jenis.RATA_RATA, Jenis.SERAPAN) and _SAMBUNG.match(before):
        return _Bacaan(prev.jenis, list(prev.nilai))
    if prev is not None and prev.jenis is Jenis.REALISASI_ANGGARAN and _SAMBUNG.match(before):  # "terealisasi Rp X atau 90,56%"
        return _Bacaan(Jenis.SERAPAN, [hasil.serapan] if hasil.serapan is not None else [])
    return None


def _rupiah(before: str, hasil: HasilResmi) -> _Bacaan | None:
    marks = {Jenis.REALISASI_ANGGARAN: _last(_REALISASI, before), Jenis.PAGU: _last(_PAGU, before),
             Jenis.SISA_ANGGARAN: _last(_SISA, before)}
    jenis, at = max(marks.items(), key=lambda kv: kv[1])
    if at < 0:
        if _last(_ANGGARAN, before) < 0:
            return None
        jenis = Jenis.PAGU
    value = {Jenis.REALISASI_ANGGARAN: hasil.realisasi_anggaran, Jenis.PAGU: hasil.pagu,
             Jenis.SISA_ANGGARAN: None if hasil.pagu is None or hasil.realisasi_anggaran is None
             else hasil.pagu - hasil.realisasi_anggaran}[jenis]
    return _Bacaan(jenis, [value] if value is not None else [])


def _band_in(text: str, hasil: HasilResmi) -> str | None:
    low = " ".join(text.lower().split())
    for band in sorted(hasil.per_predikat, key=len, reverse=True):
        if re.search(rf"(?<!\w){re.escape(band.lower())}(?!\w)", low):
            # "Tinggi" inside "Sangat Tinggi" is the longer band, found first
            return band
    return None


def _count(a: Angka, after: str, hasil: HasilResmi) -> _Bacaan | None:
    """What "N indikator <after>" counts."""
    low = " ".join(after.lower().split())
    if a.benda == "sasaran":
        return _Bacaan(Jenis.SASARAN, [hasil.sasaran] if hasil.sasaran is not None else [])
    if re.search(r"target\s+akhir|renstra", low):
        if re.search(r"\b(?:belum|tidak|memerlukan)\b", low):
            both = hasil.renstra_dibandingkan is not None and hasil.renstra_tercapai is not None
            return _Bacaan(Jenis.RENSTRA_BELUM, [hasil.renstra_dibandingkan - hasil.renstra_tercapai] if both else [])  # type: ignore[operator]
        return _Bacaan(Jenis.RENSTRA_TERCAPAI, [hasil.renstra_tercapai] if hasil.renstra_tercapai is not None else [])
    below = re.search(r"(?:di\s*bawah|belum\s+mencapai|tidak\s+mencapai|kurang\s+dari)\s+(?:predikat\s+|kategori\s+)?(?P<b>.*)", low)
    if below and (band := _band_in(below.group("b")[:20], hasil)):
        return _Bacaan(Jenis.DI_BAWAH, [hasil.di_bawah(band), hasil.di_bawah(band) + hasil.belum_terukur], benda=band)
    pair = re.search(r"(?P<a>(?:sangat\s+)?\w+)\s+(?:atau|dan|hingga|sampai)\s+(?P<b>(?:sangat\s+)?\w+)", low)
    first, second = (_band_in(pair.group("a"), hasil), _band_in(pair.group("b"), hasil)) if pair else (None, None)
    if first and second:
        lowest = max(first, second, key=hasil.bands().index)
        return _Bacaan(Jenis.MINIMAL, [hasil.minimal(lowest)], benda=lowest)
    if (m := re.search(r"(?P<b>(?:sangat\s+)?\w+)\s+ke\s+atas|(?:minimal|sekurang-kurangnya)\s+(?P<c>(?:sangat\s+)?\w+)", low)):
        band = _band_in(m.group("b") or m.group("c"), hasil)
        if band:
            return _Bacaan(Jenis.MINIMAL, [hasil.minimal(band)], benda=band)
    if re.search(r"perhatian|berisiko|perlu\s+perbaikan", low):
        return _Bacaan(Jenis.PERHATIAN, [hasil.perhatian])
    if re.search(r"belum\s+(?:ter|di)ukur|tidak\s+dapat\s+diukur|tidak\s+dihitung|belum\s+terhitung", low):
        return _Bacaan(Jenis.BELUM_TERUKUR, [hasil.belum_terukur])
    if re.search(r"(?:belum|tidak)\s+(?:mencapai|memenuhi)\s+target", low):
        return _Bacaan(Jenis.BELUM_TERCAPAI, [hasil.dihitung - hasil.tercapai] if hasil.tercapai is not None else [])
    if re.search(r"(?:mencapai|memenuhi|melampaui|melebihi)\s+target|target(?:nya)?\s+tercapai|\btercapai\b", low):
        return _Bacaan(Jenis.TERCAPAI, [hasil.tercapai] if hasil.tercapai is not None else [])
    if band := _band_in(low[:40], hasil):
        return _Bacaan(Jenis.PREDIKAT, [hasil.per_predikat[band]], benda=band)
    if re.match(r"^(?:kinerja\s*)?(?:utama\s*)?(?:\(iku\)\s*)?(?:yang\s+)?(?:sudah\s+|telah\s+)?(?:ter|di)ukur\b", low) or \
            re.match(r"^(?:kinerja\s*)?(?:yang\s+)?(?:dapat\s+)?dihitung", low):
        return _Bacaan(Jenis.TERUKUR, [hasil.dihitung])
    rest = re.sub(r"^(?:kinerja\s*)?(?:utama\s*)?(?:\(iku\)\s*)?", "", low)
    if not rest or rest[0] in ",;.)" or re.match(r"(?:dalam|pada|yang\s+(?:ditetapkan|tercantum|tertuang|diperjanjikan)|dengan|tersebut|ini)\b", rest):
        return _Bacaan(Jenis.JUMLAH_INDIKATOR, [hasil.jumlah, hasil.dihitung])
    return None


def _last(pattern: re.Pattern[str], text: str) -> int:
    found = [m.start() for m in pattern.finditer(text)]
    return found[-1] if found else -1


def _sentence(letak: str, sentence: str, hasil: HasilResmi, names: tuple[str, ...]) -> list[TemuanAngka]:
    figures = angka(sentence, names)
    out: list[TemuanAngka] = []
    prev: _Bacaan | None = None
    comparison: tuple[Angka, float | None, int | None] | None = None  # the earlier average written, its year
    current: float | None = None
    for i, a in enumerate(figures):
        start = figures[i - 1].akhir if i else _clause_start(sentence, a.mulai)
        start = max(start, _clause_start(sentence, a.mulai)) if a.jenis != "jumlah" else start
        before = sentence[start:a.mulai]
        end = figures[i + 1].mulai if i + 1 < len(figures) else len(sentence)
        after = re.split(r"[;.(]", sentence[a.akhir:end], maxsplit=1)[0]
        year, other = _scope(sentence, a, before, hasil)
        bacaan: _Bacaan | None = None
        if a.jenis == "persen":
            earlier = _NAIK.search(before) or _TURUN.search(before) or _BANDING.search(before)
            if prev is not None and prev.jenis is Jenis.RATA_RATA and earlier and _BANDING.search(before) and not _RATA.search(before):
                comparison = (a, a.nilai, year if year != hasil.tahun else None)
                bacaan = _Bacaan(Jenis.RATA_RATA, [], tahun=year)
                if year is not None and year != hasil.tahun and year in hasil.rata_rata_tahun:
                    bacaan.nilai = [hasil.rata_rata_tahun[year]]
            else:
                bacaan = _percent(a, before, prev, hasil)
                if bacaan is not None and year is not None and year != hasil.tahun:
                    bacaan.tahun = year
                    bacaan.nilai = [hasil.rata_rata_tahun[year]] if bacaan.jenis is Jenis.RATA_RATA and year in hasil.rata_rata_tahun else []
                if bacaan is not None and bacaan.jenis is Jenis.RATA_RATA and bacaan.tahun is None:
                    current = a.nilai
        elif a.jenis == "rupiah":
            bacaan = _rupiah(before, hasil)
            if bacaan is not None and year is not None and year != hasil.tahun:
                bacaan.nilai = []
        elif a.jenis == "predikat":
            if a.benda in hasil.per_predikat:
                bacaan = _Bacaan(Jenis.PREDIKAT, [hasil.per_predikat[a.benda]], benda=a.benda)
            else:
                bacaan = _Bacaan(Jenis.BELUM_TERUKUR, [hasil.per_status.get(a.benda, 0)], benda=a.benda)
        else:
            bacaan = _count(a, after, hasil)
            if bacaan is not None and year is not None and year != hasil.tahun:
                bacaan.nilai = []
            if _BAGIAN_SESUDAH.match(" ".join(after.split())):
                other = True  # "7 dari 9 indikator sasaran ini …": a part of the table, not the whole
        if bacaan is not None and other and bacaan.jenis not in (Jenis.INDIKATOR,):
            bacaan.nilai = []
        if a.jenis == "jumlah" and a.dari is not None:
            whole = _Bacaan(Jenis.RENSTRA_DIBANDINGKAN, [hasil.renstra_dibandingkan] if hasil.renstra_dibandingkan is not None else []) \
                if bacaan is not None and bacaan.jenis in (Jenis.RENSTRA_TERCAPAI, Jenis.RENSTRA_BELUM) \
                else _Bacaan(Jenis.JUMLAH_INDIKATOR, [hasil.jumlah, hasil.dihitung])
            if other or (year is not None and year != hasil.tahun):
                whole.nilai = []
            out.append(_finding(letak, sentence, a, whole, a.dari, before, after, hasil))
            if bacaan is not None and bacaan.jenis is Jenis.JUMLAH_INDIKATOR:
                bacaan = None  # "x dari y indikator" with nothing said of the x: only y is a total
        out.append(_finding(letak, sentence, a, bacaan, a.nilai, before, after, hasil))
        if bacaan is not None:
            prev = bacaan
    if hasil.rata_rata is not None and _RATA.search(sentence) and (_NAIK.search(sentence) or _TURUN.search(sentence)):
        out += _direction(letak, sentence, hasil, comparison, current)
    return out


def _direction(letak: str, sentence: str, hasil: HasilResmi, comparison: tuple[Angka, float | None, int | None] | None,
               current: float | None) -> list[TemuanAngka]:
    """"naik/turun dari …": the direction the sentence states against the earlier average."""
    year: int | None = None
    earlier: float | None = None
    if comparison is not None:
        _, earlier, year = comparison
    if year is None:
        years = [int(m.group("y") or m.group("p")) for m in _TAHUN.finditer(sentence)]
        years = [y for y in years if y != hasil.tahun]
        year = years[0] if years else (hasil.tahun - 1 if _TAHUN_LALU.search(sentence) else None)
    if earlier is None and year is not None:
        earlier = hasil.rata_rata_tahun.get(year)
    if earlier is None or hasil.rata_rata is None:
        return []
    naik = bool(_NAIK.search(sentence))
    now = hasil.rata_rata
    right = now > earlier if naik else now < earlier
    word = "naik" if naik else "turun"
    pembanding = f"{format_percent(earlier)}" + (f" pada tahun {year}" if year else "")
    truth = ("naik" if now > earlier else "turun" if now < earlier else "sama") + f" ({format_percent(now)} dibanding {pembanding})"
    return [TemuanAngka(letak, sentence, f"rata-rata capaian {word} dibanding {pembanding}", word, f"rata-rata capaian {truth}",
                   Jenis.PERBANDINGAN, Status.SESUAI if right else Status.TIDAK_SESUAI)]


def _matches(a: Angka, stated: float, value: float) -> bool:
    if a.jenis == "persen":
        return round_half_up(value, a.desimal) == round_half_up(stated, a.desimal)
    if a.jenis == "rupiah":
        if a.satuan > 1:
            q = Decimal(str(a.satuan))
            return (Decimal(repr(value)) / q).quantize(Decimal(1), rounding=ROUND_HALF_UP) == (Decimal(repr(stated)) / q).quantize(
                Decimal(1), rounding=ROUND_HALF_UP)
        return abs(stated - value) < 1.0
    return round(value) == stated


def _shown(a: Angka, value: float) -> str:
    if a.jenis == "persen":
        return format_percent(value, max(a.desimal, 2))
    if a.jenis == "rupiah":
        return format_rupiah(value)
    return format_number(value, 0)


def _finding(letak: str, sentence: str, a: Angka, bacaan: _Bacaan | None, stated: float, before: str, after: str,
             hasil: HasilResmi) -> TemuanAngka:
    written = a.teks if stated == a.nilai else format_number(stated, 0)
    if a.jenis in ("persen", "rupiah"):
        head = " ".join(before.split()[-5:])
        kutipan = f"{head} {a.teks}".strip(" ,;:(")
    elif a.jenis == "predikat":
        kutipan = a.teks
    else:
        kutipan = f"{a.teks} {' '.join(after.split()[:7])}".strip(" ,;:")
        if a.dari is not None and stated == a.dari:
            written = f"{int(stated)} (dari \"{a.teks}\")"
    if bacaan is None or not bacaan.nilai:
        return TemuanAngka(letak, sentence, kutipan, written, "", bacaan.jenis if bacaan else Jenis.TIDAK_DIKENALI, Status.TIDAK_DIKENALI,
                      bacaan.benda if bacaan else "")
    values = list(dict.fromkeys(bacaan.nilai))
    ok = any(_matches(a, stated, v) for v in values)
    shown = " atau ".join(dict.fromkeys(_shown(a, v) for v in values))
    if bacaan.tahun is not None and bacaan.tahun != hasil.tahun:
        shown += f" (tahun {bacaan.tahun})"
    return TemuanAngka(letak, sentence, kutipan, written, shown, bacaan.jenis, Status.SESUAI if ok else Status.TIDAK_SESUAI, bacaan.benda)
