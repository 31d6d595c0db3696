"""Live fields for figures in text people write: ``{{ capaian_rata_rata }}`` filled at render.

A narrative written in Word states a figure through a field; the field is replaced by the
value from the official results when the report is rendered, so the sentence stays the
person's and the number stays the tables'. :func:`nilai_bidang` lists every field with its
value (the one home of field names), :func:`isi_bidang` fills a text.
"""

from __future__ import annotations

import re

from kinerja.errors import ConfigError
from kinerja.numbers import format_number, format_percent, format_rupiah
from kinerja.periksa.resmi import HasilResmi

POLA = re.compile(r"\{\{\s*([^{}\s]*)\s*\}\}")
"""A field in text: ``{{ nama }}`` (spaces inside the braces optional)."""


def _slug(name: str) -> str:
    return re.sub(r"[^0-9a-z]+", "_", name.lower()).strip("_")


def _count(value: int | None) -> str:
    return "–" if value is None else format_number(value, 0)


def nilai_bidang(hasil: HasilResmi) -> dict[str, tuple[str, str]]:
    """Every field: name → (its value as printed, what it is).

    >>> h = HasilResmi(tahun=2026, jumlah=3, dihitung=2, rata_rata=90.125, per_predikat={"Sangat Tinggi": 1, "Tinggi": 1,
    ...     "Sedang": 0}, pagu=1_000_000, realisasi_anggaran=905_000, serapan=90.5)
    >>> v = nilai_bidang(h); v["capaian_rata_rata"][0], v["jumlah_sangat_tinggi"][0], v["jumlah_di_bawah_tinggi"][0]
    ('90,13%', '1', '0')
    """
    out: dict[str, tuple[str, str]] = {
        "tahun": (str(hasil.tahun), "tahun laporan"),
        "jumlah_indikator": (_count(hasil.jumlah), "jumlah indikator kinerja"),
        "indikator_terukur": (_count(hasil.dihitung), "jumlah indikator yang capaiannya terukur"),
        "indikator_belum_terukur": (_count(hasil.belum_terukur), "jumlah indikator yang belum terukur"),
        "jumlah_sasaran": (_count(hasil.sasaran), "jumlah sasaran strategis"),
        "capaian_rata_rata": (format_percent(hasil.rata_rata), "rata-rata capaian indikator terukur"),
        "pagu": (format_rupiah(hasil.pagu), "pagu anggaran"),
        "realisasi_anggaran": (format_rupiah(hasil.realisasi_anggaran), "realisasi anggaran"),
        "serapan": (format_percent(hasil.serapan), "serapan anggaran (realisasi / pagu)"),
        "sisa_anggaran": (format_rupiah(None if hasil.pagu is None or hasil.realisasi_anggaran is None
                                        else hasil.pagu - hasil.realisasi_anggaran), "pagu dikurangi realisasi anggaran"),
        "jumlah_mencapai_target": (_count(hasil.tercapai), "jumlah indikator dengan capaian 100% atau lebih"),
        "renstra_tercapai": (_count(hasil.renstra_tercapai), "jumlah indikator yang sudah mencapai target akhir Renstra"),
        "renstra_dibandingkan": (_count(hasil.renstra_dibandingkan),
                                 "jumlah indikator yang dapat dibandingkan dengan target akhir Renstra"),
        "renstra_belum": (_count(None if hasil.renstra_dibandingkan is None or hasil.renstra_tercapai is None
                                 else hasil.renstra_dibandingkan - hasil.renstra_tercapai),
                          "jumlah indikator yang belum mencapai target akhir Renstra"),
        "indikator_perhatian": (", ".join(hasil.nama_perhatian[:4]) or "–",
                                "nama (paling banyak empat) indikator yang memerlukan perhatian"),
        "jumlah_perhatian": (_count(hasil.perhatian), f"jumlah indikator di bawah {hasil.ambang} atau belum terukur"),
        "rincian_predikat": (", ".join(f"{v} {k}" for k, v in hasil.per_predikat.items() if v) or "belum ada yang terukur",
                             "jumlah indikator per predikat, mis. \"20 Sangat Tinggi, 4 Tinggi\""),
    }
    for band in hasil.per_predikat:
        out[f"jumlah_{_slug(band)}"] = (_count(hasil.per_predikat[band]), f"jumlah indikator berpredikat {band}")
    out[f"jumlah_di_bawah_{_slug(hasil.ambang)}"] = (_count(hasil.di_bawah(hasil.ambang)),
                                                    f"jumlah indikator terukur di bawah predikat {hasil.ambang}")
    out[f"jumlah_{_slug(hasil.ambang)}_ke_atas"] = (_count(hasil.minimal(hasil.ambang)),
                                                   f"jumlah indikator berpredikat {hasil.ambang} atau lebih tinggi")
    for year, value in sorted(hasil.rata_rata_tahun.items()):
        out[f"capaian_rata_rata_{year}"] = (format_percent(value), f"rata-rata capaian tahun {year}")
    return out


def bidang_dalam(teks: str) -> list[str]:
    """The field names a text uses, in order.

    >>> bidang_dalam("Rata-rata {{capaian_rata_rata}} dari {{ jumlah_indikator }}.")
    ['capaian_rata_rata', 'jumlah_indikator']
    """
    return [m.group(1) for m in POLA.finditer(teks)]


def isi_bidang(teks: str, nilai: dict[str, tuple[str, str]], *, letak: str = "") -> str:
    """``teks`` with every field replaced by its value.

    Raises:
        ConfigError: a field name is not one of ``nilai`` (named with ``letak``, and the names
            that exist).

    >>> isi_bidang("rata-rata {{ capaian_rata_rata }}", {"capaian_rata_rata": ("90,13%", "")})
    'rata-rata 90,13%'
    """
    unknown = [n for n in bidang_dalam(teks) if n not in nilai]
    if unknown:
        where = f"{letak}: " if letak else ""
        raise ConfigError(f"{where}bidang {', '.join('{{ ' + n + ' }}' for n in dict.fromkeys(unknown))} tidak dikenal; "
                          f"bidang yang tersedia: {', '.join(nilai)}.")
    return POLA.sub(lambda m: nilai[m.group(1)][0], teks)
