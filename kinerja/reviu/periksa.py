"""Checking every capaian row of another office's report with kinerja's own formulas.

For each row the printed target and realisasi go through the conventions offices use, each
computed by :mod:`kinerja.capaian` (nothing is re-implemented here):

===============  =====================================================================
``positif``      R/T × 100 (:func:`~kinerja.capaian.tabel.capaian_nilai`, positif)
``permenpan``    (2 − R/T) × 100, floored at 0 (``capaian_nilai``, negatif; PermenPAN-RB)
``kebalikan``    T/R × 100, the inverse many Pemda use for lower-is-better indicators
                 (:func:`~kinerja.capaian.rumus.capaian_arrays` with target and realisasi
                 exchanged: the positive formula of T against R)
``skala``        grades (WTP, BB, LEVEL 3) valued through the configured scales, R/T × 100
===============  =====================================================================

A range target scores 100 inside it and is compared with the bound it left. The row's
direction is the table's ``arah`` column when there is one; else it is inferred from the
indicator's words (kematian, prevalensi, … → negatif; penurunan, ditangani, … → positif) and,
when the words say nothing, from the printed figure itself — the inference is always stated.

Status, exactly (printed capaian ``C`` with ``d`` decimals):

- ``sesuai``: a convention of the row's direction, rounded half up to ``d`` decimals, gives
  ``C`` (84,44 printed as 84 is sesuai);
- ``pembulatan``: only truncating the result to ``d`` decimals gives ``C``, or a realisasi
  anywhere within the rounding of its printed value does (0,02 means 0,015–0,025; a realisasi
  printed without decimals is taken as rounded only for percentages);
- ``tidak_sesuai``: nothing does — among them a capaian capped at 100 % when the formula
  gives more (unless the office's rule names its cap: ``batas_capaian``), and a negative
  indicator computed as if it were positive; the message gives the uncapped / right figure;
- ``tidak_dapat_dihitung``: target or realisasi is not a number the rules can use (empty,
  ``n/a``, a grade on no configured scale, target 0), or no capaian is printed.

Besides the rows: the average/total rows printed under a table, predikat against the bands the
report states (else the config's), serapan (realisasi / pagu) in budget tables, two conventions
for negative indicators in one report, Perjanjian Kinerja indicators without a capaian row,
and the outline of PermenPAN-RB 53/2014.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from kinerja.capaian.rumus import capaian_arrays
from kinerja.capaian.tabel import capaian_nilai, predikat, serapan_anggaran
from kinerja.numbers import NotANumber, Rentang, format_number, parse_number, parse_target, round_half_up
from kinerja.reviu.baca import Dokumen, Sel, baca, desimal_tercetak
from kinerja.reviu.tabel import BarisTabel, Pita, TabelKinerja, pita_tercetak, temukan
from kinerja.reviu.teks import periksa_teks
from kinerja.reviu.temuan import PEMBULATAN, SESUAI, TIDAK_DAPAT_DIHITUNG, TIDAK_SESUAI, TemuanReviu

KONVENSI = {
    "positif": "R/T × 100",
    "permenpan": "(2 − R/T) × 100 (PermenPAN-RB)",
    "kebalikan": "T/R × 100 (kebalikan)",
    "skala": "nilai skala R/T × 100",
}
"""The conventions, as the verdicts name them."""

ARAH_KONVENSI = {"positif": ("positif",), "negatif": ("permenpan", "kebalikan")}

KOLOM_JSON = (
    "berkas", "halaman", "tabel", "baris", "indikator", "satuan", "target", "realisasi", "capaian_tercetak",
    "capaian_hitung", "arah", "arah_disimpulkan", "status", "pesan",
)
"""The fields of one row in ``kinerja reviu --format json`` (``lembar`` instead of ``halaman`` for a workbook)."""

_NEGATIF = re.compile(
    r"(?i)\b(kematian|kesakitan|prevalensi|prevalence|insiden|incidence|angka kejadian|stunting|gizi buruk|"
    r"kemiskinan|miskin|pengangguran|temuan berulang|kerugian|tunggakan|putus sekolah|kecelakaan|kriminalitas|"
    r"pelanggaran|kekerasan|inflasi|rasio gini|ketimpangan|penyalahgunaan|buta huruf|kumuh|genangan)\w*"
)
_POSITIF = re.compile(
    r"(?i)\b(penurunan|menurun\w*|berkurang\w*|turunnya|ditangani|tertangani|diselesaikan|ditindaklanjuti|"
    r"cakupan|terlayani|kepuasan)\b"
)
_POSITIF_RAPAT = re.compile(_POSITIF.pattern.replace(r"\b", "").replace(r"\w*", "").replace(r"\w+", ""))
_NEGATIF_RAPAT = re.compile(_NEGATIF.pattern.replace(r"\b", "").replace(r"\w*", ""))
_ARAH_KOLOM_NEG = re.compile(r"(?i)negatif|rendah|turun|minimi|↓|^-$")
_ARAH_KOLOM_POS = re.compile(r"(?i)positif|tinggi|naik|maksimi|↑|^\+$")
_PERSEN = re.compile(r"(?i)%|persen")


@dataclass
class HasilBaris:
    """The verdict on one capaian row."""

    berkas: str
    halaman: int | None
    lembar: str | None
    tabel: str
    baris: int
    indikator: str
    satuan: str
    target: str
    realisasi: str
    capaian_tercetak: float | None
    capaian_hitung: float | None
    arah: str | None
    arah_disimpulkan: bool
    status: str
    pesan: str
    konvensi: str | None = None

    def as_json(self) -> dict:
        out = {k: getattr(self, k) for k in KOLOM_JSON}
        if self.lembar is not None:
            del out["halaman"]
            out = _with_lembar(out, self.lembar)
        return out


def _with_lembar(row: dict, lembar: str) -> dict:
    ordered = {}
    for key, value in row.items():
        if key == "tabel":
            ordered["lembar"] = lembar
        ordered[key] = value
    return ordered


@dataclass
class HasilReviu:
    """Everything the reviu found in a set of documents."""

    baris: list[HasilBaris]
    temuan: list[TemuanReviu]

    @property
    def ada_tidak_sesuai(self) -> bool:
        return any(b.status == TIDAK_SESUAI for b in self.baris)

    def as_json(self) -> list[dict]:
        return [b.as_json() for b in self.baris] + [t.as_json() for t in self.temuan]


@dataclass(frozen=True)
class Aturan:
    """What the reviu compares with: the config's scales and bands, and the office's cap if it names one."""

    skala: dict[str, dict[str, float]]
    pita: tuple = ()
    batas_capaian: float | None = None

    @classmethod
    def dari_config(cls, config, batas_capaian: float | None = None) -> Aturan:
        return cls(skala=dict(config.skala), pita=tuple(config.predikat), batas_capaian=batas_capaian)


# --------------------------------------------------------------------------- one value


def _angka(text: str) -> float | None:
    try:
        return parse_number(text.replace("%", "").strip()) if text.strip() else None
    except NotANumber:
        return None


def _nilai_target(sel: Sel) -> float | Rentang | str | None:
    if sel.nilai is not None:
        return sel.nilai
    text = sel.teks.strip()
    if not text or re.fullmatch(r"(?i)n/?a|-|–|—|tidak ada data|td", text):
        return None
    return parse_target(text.replace("%", "").strip())


def hitung(konvensi: str, realisasi: float | str, target: float | Rentang | str, skala: dict) -> float | None:
    """Capaian of one row by one convention; None when the convention cannot value it."""
    if konvensi == "skala" or isinstance(realisasi, str) or isinstance(target, str):
        return capaian_nilai(realisasi, target, skala=skala) if konvensi == "skala" else None
    if isinstance(realisasi, tuple):
        return None
    if konvensi == "positif":
        return capaian_nilai(realisasi, target, "positif")
    if konvensi == "permenpan":
        return capaian_nilai(realisasi, target, "negatif")
    # kebalikan: T/R is the positive formula of the target measured against the realisasi.
    low, high = (target.bawah, target.atas) if isinstance(target, Rentang) else (float(target), float(target))
    r = float(realisasi)
    if low <= r <= high:
        return 100.0 if high > 0 else None
    bound = high if r > high else low
    value, ok = capaian_arrays(np.array([bound]), np.array([r]), np.array([r]), np.array([False]))
    return float(value[0]) if ok[0] else None


def _cocok(value: float, printed: float, decimals: int) -> bool:
    rounded = round_half_up(value, decimals)
    return rounded is not None and abs(rounded - printed) < 10 ** (-decimals) / 100


def _dipotong(value: float, printed: float, decimals: int) -> bool:
    scale = 10 ** decimals
    return abs(math.floor(value * scale + 1e-9) / scale - printed) < 10 ** (-decimals) / 100


def arah_dari_kata(indikator: str) -> tuple[str | None, str | None]:
    """(arah, the word that says so) from an indicator's name; (None, None) when it says nothing.

    >>> arah_dari_kata("Angka Kematian Bayi"), arah_dari_kata("Persentase penurunan angka kematian")
    (('negatif', 'Kematian'), ('positif', 'penurunan'))
    >>> arah_dari_kata("Nilai SAKIP")
    (None, None)
    """
    for text, pos_re, neg_re in ((indikator, _POSITIF, _NEGATIF),
                                 ("".join(indikator.lower().split()), _POSITIF_RAPAT, _NEGATIF_RAPAT)):
        # second pass without spaces: a PDF may break a word in a narrow cell ("ditindakla njuti")
        pos = pos_re.search(text)
        if pos:
            return "positif", pos.group(0)
        neg = neg_re.search(text)
        if neg:
            return "negatif", neg.group(0)
    return None, None


def _arah_kolom(text: str) -> str | None:
    if _ARAH_KOLOM_NEG.search(text.strip()):
        return "negatif"
    if _ARAH_KOLOM_POS.search(text.strip()):
        return "positif"
    return None


_PENANDA_ARAH = {"positif": "↑", "negatif": "↓"}


def _arah_penanda(indikator: str) -> str | None:
    """The arah a row states by the marker leading its indicator, as kinerja's own capaian tables print it
    (``↑`` higher is better, ``↓`` lower is better: :data:`kinerja.laporan.bagian.umum.NAIK`/``TURUN``).

    >>> _arah_penanda("↓ IK-2.2 Jumlah temuan berulang"), _arah_penanda("Angka kematian ↓"), _arah_penanda("IKU-1")
    ('negatif', None, None)
    """
    from kinerja.laporan.bagian.umum import NAIK, TURUN  # noqa: PLC0415 -- kinerja.laporan.bagian.umum (~140 ms) kept off importing this module

    text = indikator.lstrip()
    return "positif" if text.startswith(NAIK) else "negatif" if text.startswith(TURUN) else None


def _fmt(value: float | None, decimals: int = 2) -> str:
    return "–" if value is None else format_number(value, decimals)


@dataclass
class _Cocok:
    konvensi: str
    nilai: float
    status: str
    cara: str


def _coba(konvensi: Sequence[str], realisasi, target, printed: float, decimals: int, sel_realisasi: Sel,
          satuan: str, aturan: Aturan) -> tuple[_Cocok | None, dict[str, float]]:
    values: dict[str, float] = {}
    for k in konvensi:
        v = hitung(k, realisasi, target, aturan.skala)
        if v is not None:
            values[k] = v
    caps = [None] if aturan.batas_capaian is None else [None, aturan.batas_capaian]
    for cap in caps:
        for k, v in values.items():
            w = v if cap is None else min(v, cap)
            label = KONVENSI[k] + ("" if cap is None else f", dibatasi {_fmt(cap, 0)} %")
            if _cocok(w, printed, decimals):
                return _Cocok(label, w, SESUAI, ""), values
    for cap in caps:
        for k, v in values.items():
            w = v if cap is None else min(v, cap)
            label = KONVENSI[k] + ("" if cap is None else f", dibatasi {_fmt(cap, 0)} %")
            if _dipotong(w, printed, decimals):
                return _Cocok(label, w, PEMBULATAN, f"hasil {_fmt(w, decimals + 2)} dipotong, bukan dibulatkan"), values
    # a realisasi printed rounded: anywhere within half a unit of its last printed decimal
    if isinstance(realisasi, float) and not isinstance(target, str):
        e = sel_realisasi.desimal if sel_realisasi.desimal is not None else desimal_tercetak(sel_realisasi.teks)
        if e is not None and (e >= 1 or _PERSEN.search(satuan) or "%" in sel_realisasi.teks):
            half = 0.5 * 10 ** (-e)
            lo, hi = realisasi - half, realisasi + half
            for k, v in values.items():
                ends = [x for x in (hitung(k, y, target, aturan.skala) for y in (lo, hi)) if x is not None]
                if len(ends) == 2:
                    # every value between is reached (the formulas are monotonic in R); the printed
                    # figure stands for anything within its own rounding
                    a, b = min(ends), max(ends)
                    p = 0.5 * 10 ** (-decimals)
                    if a - p <= printed <= b + p:
                        return _Cocok(
                            KONVENSI[k], v, PEMBULATAN,
                            f"realisasi tercetak {sel_realisasi.teks} dibulatkan; dalam pembulatannya "
                            f"({_fmt(lo, e + 1)}–{_fmt(hi, e + 1)}) capaian {_fmt(a, decimals)}–{_fmt(b, decimals)}",
                        ), values
    return None, values


def periksa_baris(row: BarisTabel, tabel: TabelKinerja, aturan: Aturan) -> HasilBaris:
    """The verdict on one row of a capaian table."""
    k = tabel.kolom
    grid = tabel.grid
    indikator = row.get(k.indikator).teks
    satuan = row.get(k.satuan).teks
    s_target, s_real, s_cap = row.get(k.target), row.get(k.realisasi), row.get(k.capaian)
    printed = s_cap.nilai if s_cap.nilai is not None else _angka(s_cap.teks)
    decimals = s_cap.desimal if s_cap.desimal is not None else desimal_tercetak(s_cap.teks.replace("%", "").strip())
    base: dict[str, Any] = dict(
        berkas=grid.berkas.name, halaman=row.halaman, lembar=grid.lembar, tabel=tabel.label, baris=row.baris,
        indikator=indikator, satuan=satuan, target=s_target.teks, realisasi=s_real.teks, capaian_tercetak=printed,
    )
    arah_teks = row.get(k.arah).teks if k.arah is not None else ""
    arah = _arah_kolom(arah_teks) if arah_teks else None
    penanda = _arah_penanda(indikator) if arah is None else None
    arah = arah or penanda
    disimpulkan = arah is None
    kata = None
    if arah is None:
        arah, kata = arah_dari_kata(indikator)

    def hasil(status: str, pesan: str, hitung_: float | None = None, arah_: str | None = arah,
              konvensi: str | None = None) -> HasilBaris:
        return HasilBaris(**base, capaian_hitung=None if hitung_ is None else round(hitung_, 4), arah=arah_,
                          arah_disimpulkan=disimpulkan, status=status, pesan=pesan, konvensi=konvensi)

    try:
        target = _nilai_target(s_target)
        realisasi = _nilai_target(s_real)
    except NotANumber:
        target = realisasi = None
    if target is None or realisasi is None:
        what = "target" if target is None else "realisasi"
        shown = (s_target if target is None else s_real).teks or "kosong"
        return hasil(TIDAK_DAPAT_DIHITUNG, f"{what} ({shown}) bukan angka yang dapat dihitung")
    if isinstance(realisasi, Rentang):
        return hasil(TIDAK_DAPAT_DIHITUNG, "realisasi ditulis sebagai rentang")
    graded = isinstance(target, str) or isinstance(realisasi, str)
    if graded and capaian_nilai(realisasi, target, skala=aturan.skala) is None:
        return hasil(TIDAK_DAPAT_DIHITUNG, f"nilai {s_target.teks} / {s_real.teks} tidak ada pada skala yang dikonfigurasi")
    if not graded and isinstance(target, float) and target <= 0:
        return hasil(TIDAK_DAPAT_DIHITUNG, "target 0: tidak dapat diukur")
    if printed is None or decimals is None:
        primary = hitung("skala" if graded else ARAH_KONVENSI[arah or "positif"][0], realisasi, target, aturan.skala)
        return hasil(TIDAK_DAPAT_DIHITUNG, f"capaian tidak tercetak (hitungan: {_fmt(primary)})", primary)

    order: list[tuple[str, tuple[str, ...], str | None]]
    if graded:
        order = [("skala", ("skala",), None)]
    elif arah is not None:
        order = [(arah, ARAH_KONVENSI[arah], None)]
    else:
        order = [("positif", ARAH_KONVENSI["positif"], None), ("negatif", ARAH_KONVENSI["negatif"], "angka")]
    if graded:
        alasan = "nilai kualitatif dinilai dengan skala ordinal"
    elif penanda:
        alasan = f"arah {penanda} menurut penanda {_PENANDA_ARAH[penanda]} pada baris"
    elif not disimpulkan:
        alasan = f"arah {arah} menurut kolom arah"
    elif kata:
        alasan = f"arah {arah} disimpulkan dari kata '{kata}'"
    else:
        alasan = "arah tidak tertulis"
    all_values: dict[str, float] = {}
    for arah_coba, konvensi, dari in order:
        found, values = _coba(konvensi, realisasi, target, printed, decimals, s_real, satuan, aturan)
        all_values.update(values)
        if found is not None:
            a = "positif" if graded else arah_coba
            if dari == "angka":
                why = f"arah tidak tertulis; negatif disimpulkan dari angka tercetak ({found.konvensi})"
            elif not disimpulkan or graded or kata:
                why = alasan
            else:
                why = "arah tidak tertulis; positif dianggap (angka tercetak cocok)"
            pesan = f"{found.konvensi}; {why}" + (f"; {found.cara}" if found.cara else "")
            return hasil(found.status, pesan, found.nilai, a, konvensi=found.konvensi)
    # Nothing of the row's direction gives the printed figure.
    main = "skala" if graded else ARAH_KONVENSI[arah or "positif"][0]
    primary = all_values.get(main)
    if primary is None:
        primary = hitung(main, realisasi, target, aturan.skala)
    shown = "; ".join(f"{KONVENSI[k]} memberi {_fmt(v, max(decimals, 2))}" for k, v in all_values.items())
    pesan = f"tercetak {_fmt(printed, decimals)}, tidak diberikan oleh rumus mana pun ({shown}); {alasan}"
    cap = aturan.batas_capaian
    if primary is not None and printed in (100.0, 120.0) and primary > printed and (cap is None or cap != printed):
        pesan = (f"capaian dibatasi {_fmt(printed, 0)} % (batas ini tidak ada pada PermenPAN-RB dan tidak dinyatakan "
                 f"dalam aturan kantor); tanpa batas {_fmt(primary)}; {alasan}")
    elif arah == "negatif" and disimpulkan and not graded:
        wrong = hitung("positif", realisasi, target, aturan.skala)
        if wrong is not None and _cocok(wrong, printed, decimals):
            pesan = (f"dihitung dengan rumus positif R/T ({_fmt(wrong, decimals)}), padahal indikator ini negatif "
                     f"({alasan}); {KONVENSI['permenpan']} memberi {_fmt(primary)}")
    return hasil(TIDAK_SESUAI, pesan, primary)


# --------------------------------------------------------------------------- around the rows


def _ringkasan(tabel: TabelKinerja, hasil: list[HasilBaris], berkas: str) -> list[TemuanReviu]:
    """Average rows under a capaian table against the printed capaian above them."""
    out = []
    values: list[float] = []
    k = tabel.kolom
    for row in tabel.baris:
        cap = row.get(k.capaian)
        printed = cap.nilai if cap.nilai is not None else _angka(cap.teks)
        if not row.ringkasan:
            if printed is not None:
                values.append(printed)
            continue
        if printed is None or not values:
            continue
        decimals = cap.desimal if cap.desimal is not None else desimal_tercetak(cap.teks.replace("%", "").strip()) or 0
        mean = sum(values) / len(values)
        where: dict[str, Any] = dict(halaman=row.halaman, tabel=tabel.label, baris=row.baris)
        if _cocok(mean, printed, decimals):
            out.append(TemuanReviu(berkas, "rata_rata", SESUAI, f"rata-rata {len(values)} capaian di atasnya {_fmt(mean, decimals)}", **where))
        elif _dipotong(mean, printed, decimals):
            out.append(TemuanReviu(berkas, "rata_rata", PEMBULATAN,
                              f"rata-rata {len(values)} capaian di atasnya {_fmt(mean, decimals + 2)} dipotong menjadi {_fmt(printed, decimals)}; dibulatkan {_fmt(mean, decimals)}", **where))
        else:
            out.append(TemuanReviu(berkas, "rata_rata", TIDAK_SESUAI,
                              f"rata-rata tercetak {_fmt(printed, decimals)}, rata-rata {len(values)} capaian di atasnya {_fmt(mean, decimals)}", **where))
        values = []
    return out


def _norm_nama(text: str) -> str:
    """An indicator's name compared: letters and digits only (a PDF may break words in a narrow cell)."""
    return re.sub(r"[^a-z0-9]+", "", text.lower())


def _predikat(tabel: TabelKinerja, hasil: list[HasilBaris], pita: list[Pita], aturan: Aturan, berkas: str) -> list[TemuanReviu]:
    k = tabel.kolom
    if k.predikat is None:
        return []
    out = []
    rows = [r for r in tabel.baris if not r.ringkasan]
    for row, verdict in zip(rows, hasil, strict=False):
        printed_name = row.get(k.predikat).teks
        if not printed_name or verdict.capaian_tercetak is None:
            continue
        value = verdict.capaian_tercetak
        expected: str | None
        if pita:
            expected = next((p.nama for p in pita if value >= p.bawah), pita[-1].nama)
            source = "pita yang dinyatakan laporan"
        else:
            expected = predikat(value, aturan.pita) if aturan.pita else None
            source = "pita konfigurasi"
        if expected is None:
            continue
        if _norm_nama(expected) != _norm_nama(printed_name):
            out.append(TemuanReviu(berkas, "predikat", TIDAK_SESUAI,
                              f"{verdict.indikator}: predikat tercetak '{printed_name}', capaian {_fmt(value)} menurut {source} '{expected}'",
                              row.halaman, tabel.label, row.baris))
    return out


def _serapan(tabel: TabelKinerja, berkas: str) -> list[TemuanReviu]:
    out = []
    k = tabel.kolom
    for row in tabel.baris:
        pagu = row.get(k.pagu)
        real = row.get(k.realisasi)
        cap = row.get(k.serapan)
        p = pagu.nilai if pagu.nilai is not None else _angka(pagu.teks)
        r = real.nilai if real.nilai is not None else _angka(real.teks)
        c = cap.nilai if cap.nilai is not None else _angka(cap.teks)
        decimals = cap.desimal if cap.desimal is not None else desimal_tercetak(cap.teks.replace("%", "").strip())
        if p is None or r is None or c is None or decimals is None:
            continue
        value = serapan_anggaran(r, p)
        if value is None:
            continue
        name = " ".join(x.teks for x in row.sel[:2] if x.teks)[:80]
        where: dict[str, Any] = dict(halaman=row.halaman, tabel=tabel.label, baris=row.baris)
        if _cocok(value, c, decimals):
            continue
        status = PEMBULATAN if _dipotong(value, c, decimals) else TIDAK_SESUAI
        out.append(TemuanReviu(berkas, "serapan", status,
                          f"{name}: serapan tercetak {_fmt(c, decimals)} %, realisasi / pagu = {_fmt(value, max(decimals, 2))} %", **where))
    return out


BAGIAN = (
    ("Kata Pengantar", r"kata pengantar"),
    ("Ikhtisar Eksekutif", r"ikhtisar eksekutif|ringkasan eksekutif|executive summary"),
    ("Daftar Isi", r"daftar isi"),
    ("Bab I Pendahuluan", r"pendahuluan"),
    ("Bab II Perencanaan Kinerja", r"perencanaan (dan perjanjian )?kinerja|perjanjian kinerja"),
    ("Bab III Akuntabilitas Kinerja", r"akuntabilitas kinerja"),
    ("Bab IV Penutup", r"penutup"),
    ("Lampiran", r"lampiran"),
)
"""The parts of an LKjIP by PermenPAN-RB 53/2014, and how their headings are recognised."""


def kerangka(dokumen: Dokumen) -> list[TemuanReviu]:
    """The parts of the PermenPAN-RB 53/2014 outline a document lacks (.docx and PDF only)."""
    if dokumen.jenis not in ("docx", "pdf"):
        return []
    headings = [t.lower() for _, t in dokumen.teks if len(t) <= 90]
    missing = [name for name, pattern in BAGIAN if not any(re.search(pattern, h) for h in headings)]
    if not missing:
        return [TemuanReviu(dokumen.berkas.name, "kerangka", SESUAI, "semua bagian kerangka PermenPAN-RB 53/2014 ada")]
    return [TemuanReviu(dokumen.berkas.name, "kerangka", TIDAK_SESUAI,
                   f"bagian kerangka PermenPAN-RB 53/2014 tidak ditemukan: {', '.join(missing)}")]


def _konvensi_campur(hasil: list[HasilBaris], berkas: str) -> list[TemuanReviu]:
    used: dict[str, list[HasilBaris]] = {}
    for h in hasil:
        if h.status in (SESUAI, PEMBULATAN) and h.arah == "negatif" and h.konvensi:
            key = "permenpan" if h.konvensi.startswith(KONVENSI["permenpan"]) else "kebalikan"
            used.setdefault(key, []).append(h)
    if len(used) < 2:
        return []
    parts = "; ".join(f"{KONVENSI[k]}: {', '.join(f'{h.tabel} baris {h.baris}' for h in rows)}" for k, rows in used.items())
    return [TemuanReviu(berkas, "konvensi", TIDAK_SESUAI, f"dua konvensi untuk indikator negatif dalam satu laporan ({parts})")]


def _cakupan_pk(tabel_pk: list[TabelKinerja], hasil: list[HasilBaris], berkas: str) -> list[TemuanReviu]:
    names = [_norm_nama(h.indikator) for h in hasil]
    out = []
    for tabel in tabel_pk:
        for row in tabel.baris:
            name = row.get(tabel.kolom.indikator).teks
            key = _norm_nama(name)
            if not key or row.ringkasan:
                continue
            if not any(key == n or key in n or (n and n in key) for n in names):
                out.append(TemuanReviu(berkas, "iku", TIDAK_SESUAI, f"indikator Perjanjian Kinerja '{name}' tidak memiliki baris capaian",
                                  row.halaman, tabel.label, row.baris))
    return out


def periksa_dokumen(dokumen: Dokumen, aturan: Aturan) -> HasilReviu:
    """Every check on one read document."""
    tables = temukan(dokumen)
    berkas = dokumen.berkas.name
    pita: list[Pita] = []
    for t in tables:
        if t.jenis == "pita":
            pita = pita_tercetak(t) or pita
    rows: list[HasilBaris] = []
    findings: list[TemuanReviu] = []
    for t in tables:
        if t.jenis == "capaian":
            verdicts = [periksa_baris(r, t, aturan) for r in t.baris if not r.ringkasan]
            rows.extend(verdicts)
            findings.extend(_ringkasan(t, verdicts, berkas))
            findings.extend(_predikat(t, verdicts, pita, aturan, berkas))
        elif t.jenis == "anggaran":
            findings.extend(_serapan(t, berkas))
    if not any(t.jenis == "capaian" for t in tables):
        findings.append(TemuanReviu(berkas, "tabel", TIDAK_DAPAT_DIHITUNG,
                               "tidak ditemukan tabel capaian (kepala kolom Target, Realisasi dan Capaian)"))
    findings.extend(_konvensi_campur(rows, berkas))
    findings.extend(_cakupan_pk([t for t in tables if t.jenis == "pk"], rows, berkas))
    findings.extend(kerangka(dokumen))

    findings.extend(periksa_teks(dokumen, tables, rows, pita, aturan.pita))
    return HasilReviu(rows, findings)


def reviu(paths: Sequence, aturan: Aturan, batas=None) -> HasilReviu:
    """Read and check every document; a document that cannot be read stops the whole reviu (BacaError)."""
    documents = [baca(p, batas) for p in paths]
    rows: list[HasilBaris] = []
    findings: list[TemuanReviu] = []
    for d in documents:
        result = periksa_dokumen(d, aturan)
        rows.extend(result.baris)
        findings.extend(result.temuan)
    return HasilReviu(rows, findings)
