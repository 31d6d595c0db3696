"""A full sample year of Rencana Aksi workbooks for the fictional "Inspektorat Kabupaten Contoh".

:func:`write_sample_year` writes, for each quarter ``n``, the folder
``<target>/<tahun>/triwulan-<n>/`` with one workbook per unit (``rencana-aksi-sekretariat.xlsx``,
``rencana-aksi-irban-1.xlsx``, ``rencana-aksi-irban-2.xlsx``, ``rencana-aksi-irban-khusus.xlsx``):
the snapshot each unit submitted that quarter, realisasi filled up to quarter ``n``. Every
workbook is laid out by :func:`kinerja.lembar.template.build_workbook`, so the sample is exactly what
the template looks like once filled. The output is deterministic: no randomness, fixed
document and zip timestamps, so regenerating gives the same bytes.

The 29 indicators are realistic for an Inspektorat: follow-up of audit recommendations (%),
audit reports (kumulatif), repeated findings (negative), a range target (audit completion time
``80 - 90``), qualitative targets (SAKIP predikat ``BB``, BPK opinion ``WTP``, APIP capability
``Level 3``), SPIP maturity released once a year (empty until triwulan IV), averages (auditee
satisfaction index), budgets per sub kegiatan with real 6.01 nomenclature codes. Some
indicators underperform so every predikat band appears during the year.

Realistic mistakes, all in triwulan II only (see :data:`SAMPLE_MISTAKES`); triwulan III is
the corrected snapshot:

* ``rencana-aksi-irban-1.xlsx``: "Persentase rekomendasi hasil pengawasan yang
  ditindaklanjuti" realisasi TW II is ``222`` (the number of recommendations, typed into a
  % indicator) → ``persen_tidak_wajar``.
* ``rencana-aksi-irban-2.xlsx``: "Jumlah temuan berulang hasil pemeriksaan" marked Positif
  while IRBAN-1 marks the same indicator Negatif → ``arah_tidak_konsisten``.
* ``rencana-aksi-irban-2.xlsx``: "Persentase laporan kinerja perangkat daerah yang direviu"
  realisasi anggaran TW II ``325.000.000`` (one zero too many) above its pagu of
  ``90.000.000`` → ``anggaran_melebihi_pagu``.
* ``rencana-aksi-irban-khusus.xlsx``: "Jumlah laporan hasil pengawasan dengan tujuan
  tertentu" realisasi anggaran TW II ``"belum ada"`` → ``bukan_angka``.
* ``rencana-aksi-irban-khusus.xlsx``: submitted on 16 July, after the 10 July deadline →
  ``berkas_terlambat``.
* ``rencana-aksi-sekretariat.xlsx``: PPTK ``Bambang Sutrisno, S.Sos.`` (a former PPTK who is
  not in the config) → ``pptk_tidak_dikenal``.

Harmless real-world variants that must not produce findings, present in every quarter from
the one they appear in: Indonesian number text (``"12.500.000"`` as a realisasi anggaran in
IRBAN-2, ``"52,5"`` as a realisasi in IRBAN-1 from triwulan III, ``"88%"`` in IRBAN-KHUSUS),
trailing spaces after PPTK and unit names (SEKRETARIAT), short lower-case arah/metode
(``"positif"``, ``"kumulatif"``, ``"akhir periode"`` in IRBAN-KHUSUS).

:func:`write_synthetic_workbooks` writes N workbooks of R rows each for the benchmarks, through
the same builder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from kinerja.atomic import write_bytes
from kinerja.config import Config, load_config
from kinerja.errors import UsageError
from kinerja.lembar import schema
from kinerja.lembar.findings import Kode
from kinerja.lembar.nomenklatur import nomenklatur_by_code
from kinerja.lembar.sample_indikator import (
    AKHIR,
    BY_KEY,
    INDICATORS,
    KUM,
    NEG,
    POS,
    RATA,
    SAMPLE_TAHUN,
    URUSAN,
    SampleIndicator,
    anggaran_kas,
    file_name,
    sample_realisasi,
    sample_units,
    submission_date,
)
from kinerja.lembar.sample_referensi import referensi_rows
from kinerja.lembar.schema import ARAH_LABELS, METODE_LABELS
from kinerja.lembar.template import (
    build_workbook,
    document_timestamp,
    save_workbook,
    workbook_bytes,
)


@dataclass(frozen=True)
class SampleMistake:
    """A deliberate mistake in the sample: where it is and the reason code it must produce."""

    triwulan: int
    berkas: str
    kolom: str
    kode: Kode
    indikator: str | None = None  # None for file-level findings



# (triwulan, indicator key, field) -> the wrong value that quarter's snapshot holds instead.
_WRONG_VALUES: dict[tuple[int, str, str], object] = {
    (2, "tindak-lanjut", "realisasi_triwulan_2"): 222,
    (2, "temuan-berulang-2", "arah"): ARAH_LABELS[POS],
    (2, "reviu-lkjip", "realisasi_anggaran_triwulan_2"): 325_000_000,
    (2, "tujuan-tertentu", "realisasi_anggaran_triwulan_2"): "belum ada",
    (2, "sosialisasi", "pptk"): "Bambang Sutrisno, S.Sos.",
}
_MISTAKE_CODES = {
    "realisasi_triwulan_2": Kode.PERSEN_TIDAK_WAJAR,
    "arah": Kode.ARAH_TIDAK_KONSISTEN,
    "pptk": Kode.PPTK_TIDAK_DIKENAL,
}

SAMPLE_MISTAKES: tuple[SampleMistake, ...] = (
    *(
        SampleMistake(
            triwulan,
            file_name(BY_KEY[key].unit),
            field_name,
            Kode.BUKAN_ANGKA if isinstance(value, str) and field_name.startswith("realisasi_anggaran")
            else Kode.ANGGARAN_MELEBIHI_PAGU if field_name.startswith("realisasi_anggaran")
            else _MISTAKE_CODES[field_name],
            BY_KEY[key].indikator,
        )
        for (triwulan, key, field_name), value in _WRONG_VALUES.items()
    ),
    SampleMistake(2, file_name("IRBAN-KHUSUS"), "tanggal_penyampaian", Kode.BERKAS_TERLAMBAT),
)
"""The deliberate mistakes: (triwulan, berkas, kolom, kode, indikator). Only triwulan II has any."""

# (unit, field) -> a harmless variant of how the value is typed, applied from a given quarter.
_TEXT_NUMBERS: dict[tuple[str, str], tuple[int, str]] = {
    ("tindak-lanjut", "realisasi_triwulan_2"): (3, "52,5"),
    ("pengawasan-desa", "realisasi_anggaran_triwulan_1"): (1, "12.500.000"),
    ("pengaduan", "realisasi_triwulan_4"): (4, "88%"),
}


def _typed_like(value: object, text: str) -> str:
    """``value`` typed the way ``text`` is (decimal comma, ``%`` or thousands dots): ``text``
    itself for the sample year's own value, the same style for another year's value.

    >>> _typed_like(52.5, "52,5"), _typed_like(54.08, "52,5"), _typed_like(90, "88%"), _typed_like(12_500_000, "12.500.000")
    ('52,5', '54,08', '90%', '12.500.000')
    """
    if not isinstance(value, int | float) or isinstance(value, bool):
        return text
    if "," not in text and "%" not in text:  # thousands dots
        return f"{int(value):,}".replace(",", ".")
    number = f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")
    return number + ("%" if text.endswith("%") else "")


_SHORT_CHOICES_UNIT = "IRBAN-KHUSUS"
_SHORT_ARAH = {POS: "positif", NEG: "negatif"}
_SHORT_METODE = {KUM: "kumulatif", AKHIR: "akhir periode", RATA: "rata-rata"}
_TRAILING_SPACES_UNIT = "SEKRETARIAT"


def _codes(kode: str | None) -> dict[str, str | None]:
    """Program / kegiatan / sub kegiatan codes and names for a code of any level."""
    result: dict[str, str | None] = {}
    if not kode:
        return result
    names = nomenklatur_by_code(URUSAN)
    parts = kode.split(".")
    for level, count in (("program", 3), ("kegiatan", 5), ("sub_kegiatan", 6)):
        if len(parts) >= count:
            code = ".".join(parts[:count])
            result[f"kode_{level}"] = code
            result[level] = names[code].nama
    return result




def _pptk_name(config: Config, unit_kode: str) -> str:
    for person in config.people_with_role("pptk"):
        if person.unit == unit_kode:
            return person.nama
    return config.people_with_role("pptk")[0].nama


def _unit_name(config: Config, unit_kode: str) -> str:
    unit = config.unit_by_name(unit_kode)
    return unit.nama if unit else unit_kode



def indicator_row(indicator: SampleIndicator, triwulan: int, config: Config, *, tahun: int = SAMPLE_TAHUN,
                  kesalahan: bool = True) -> dict[str, object]:
    """The worksheet row of ``indicator`` in the snapshot submitted for ``triwulan`` of ``tahun``.

    Realisasi (:func:`sample_realisasi` of the year) and realisasi anggaran are filled up to
    ``triwulan``; the quarter's harmless variants are applied, and its deliberate mistakes
    unless ``kesalahan`` is False (the snapshot as corrected after the Sekretaris returned it).
    """
    short = indicator.unit == _SHORT_CHOICES_UNIT
    trailing = " " if indicator.unit == _TRAILING_SPACES_UNIT else ""
    row: dict[str, object] = {
        "sasaran": indicator.sasaran,
        "kode_indikator": indicator.kode_indikator,
        "indikator": indicator.indikator,
        "satuan": indicator.satuan,
        "arah": _SHORT_ARAH[indicator.arah] if short else ARAH_LABELS[indicator.arah],
        "metode": _SHORT_METODE[indicator.metode] if short else METODE_LABELS[indicator.metode],
        "target_tahunan": indicator.target_tahunan,
        "pagu": indicator.pagu,
        "pptk": _pptk_name(config, indicator.unit) + trailing,
        "unit": _unit_name(config, indicator.unit) + trailing,
        **_codes(indicator.kode),
    }
    plan = anggaran_kas(indicator.pagu) if indicator.pagu is not None else None
    realisasi = sample_realisasi(indicator, tahun)
    for n in schema.TRIWULAN:
        row[f"target_triwulan_{n}"] = indicator.target[n - 1]
        if plan is not None:
            row[f"rencana_anggaran_triwulan_{n}"] = plan[n - 1]
        if n <= triwulan:
            row[f"realisasi_triwulan_{n}"] = realisasi[n - 1]
            if indicator.anggaran is not None:
                row[f"realisasi_anggaran_triwulan_{n}"] = indicator.anggaran[n - 1]
    kendala = indicator.kendala.get(triwulan)
    if kendala:
        row["kendala"], row["tindak_lanjut"] = kendala
    for (key, field_name), (since, text) in _TEXT_NUMBERS.items():
        if key == indicator.key and triwulan >= since and row.get(field_name) is not None:
            row[field_name] = _typed_like(row[field_name], text)
    for (quarter, key, field_name), value in _WRONG_VALUES.items():
        if kesalahan and quarter == triwulan and key == indicator.key:
            row[field_name] = value
    return row




def sample_workbook(unit_kode: str, triwulan: int, config: Config, *, tahun: int = SAMPLE_TAHUN,
                    kesalahan: bool = True) -> bytes:
    """The bytes of one unit's sample workbook as submitted for ``triwulan`` (deterministic)."""
    rows = [indicator_row(i, triwulan, config, tahun=tahun, kesalahan=kesalahan) for i in INDICATORS if i.unit == unit_kode]
    metadata = {
        "unit": _unit_name(config, unit_kode),
        "tanggal_penyampaian": submission_date(unit_kode, triwulan, tahun),
    }
    workbook = build_workbook(tahun, config, rows=rows, metadata=metadata)
    return workbook_bytes(workbook, timestamp=document_timestamp(tahun))


def corrected_workbooks(triwulan: int, config: Config, *, tahun: int = SAMPLE_TAHUN) -> dict[str, bytes]:
    """The workbooks of ``triwulan`` a PPTK corrects after a return: file name -> the corrected
    bytes, for every unit whose snapshot holds one of the deliberate mistakes (:data:`SAMPLE_MISTAKES`);
    empty for a quarter without mistakes."""
    out = {}
    for unit_kode in sample_units():
        corrected = sample_workbook(unit_kode, triwulan, config, tahun=tahun, kesalahan=False)
        if corrected != sample_workbook(unit_kode, triwulan, config, tahun=tahun, kesalahan=True):
            out[file_name(unit_kode)] = corrected
    return out


def write_sample_year(
    target_dir: str | os.PathLike[str],
    tahun: int = SAMPLE_TAHUN,
    *,
    config: Config | None = None,
    overwrite: bool = False,
    kesalahan: bool = True,
) -> list[Path]:
    """Write the sample year: ``<target_dir>/<tahun>/triwulan-<n>/rencana-aksi-<unit>.xlsx``.

    A year other than :data:`SAMPLE_TAHUN` has other realisasi (:func:`sample_realisasi`), so
    the sample office can run a second year and compare it with the first.

    Existing files with exactly the bytes the generator writes are left as they are, so
    regenerating is harmless; a file with other content (for example a real workbook with the
    same name) is never replaced silently.

    Args:
        target_dir: the raw-data folder (``data/raw`` of a workspace).
        tahun: the year written into the workbooks.
        config: the office config; the sample office's default config when None (the
            sample's people and units are those of the default config).
        overwrite: replace existing files whose content differs.
        kesalahan: include the deliberate triwulan II mistakes (:data:`SAMPLE_MISTAKES`); False
            writes triwulan II as corrected, the way a PPTK fixes a returned quarter.

    Returns:
        The 16 workbooks, by quarter then unit.

    Raises:
        UsageError: some target files exist with other content and ``overwrite`` is False;
            nothing is written then.
    """
    config = config or load_config()
    base = Path(target_dir) / str(tahun)
    planned = [(base / f"triwulan-{triwulan}" / file_name(unit_kode),
                sample_workbook(unit_kode, triwulan, config, tahun=tahun, kesalahan=kesalahan))
               for triwulan in schema.TRIWULAN for unit_kode in sample_units()]
    different = [path for path, data in planned if path.exists() and path.read_bytes() != data]
    if different and not overwrite:
        listed = ", ".join(str(p) for p in different[:4]) + (" ..." if len(different) > 4 else "")
        raise UsageError(
            f"{len(different)} berkas sudah ada dengan isi lain dan tidak ditimpa: {listed}. "
            "Pindahkan berkas itu atau pakai opsi timpa."
        )
    for path, data in planned:
        if not (path.exists() and path.read_bytes() == data):
            write_bytes(path, data)
    return [path for path, _ in planned]


def write_synthetic_workbooks(
    target_dir: str | os.PathLike[str], count: int, rows: int, tahun: int = SAMPLE_TAHUN, *, config: Config | None = None
) -> list[Path]:
    """Write ``count`` filled workbooks of ``rows`` indicator rows each (for benchmarks).

    The rows cycle through the sample indicators (full year of realisasi, no mistakes), each
    indicator name made unique per workbook and row, so the set validates without a galat.
    Workbook ``i`` belongs to unit ``i mod 4``.

    Returns:
        The written paths ``<target_dir>/sintetis-<i>.xlsx``.
    """
    config = config or load_config()
    units = sample_units()
    clean = [i for i in INDICATORS if i.key not in {"temuan-berulang-2"}]
    written: list[Path] = []
    for number in range(1, count + 1):
        unit_kode = units[(number - 1) % len(units)]
        data_rows = []
        for index in range(rows):
            indicator = clean[index % len(clean)]
            row = indicator_row(indicator, 4, config)
            row["indikator"] = f"{indicator.indikator} (paket {number}.{index + 1})"
            row["kode_indikator"] = f"IK-{number}.{index + 1}"
            row["pptk"] = _pptk_name(config, unit_kode)
            row["unit"] = _unit_name(config, unit_kode)
            data_rows.append(row)
        metadata = {"unit": _unit_name(config, unit_kode), "tanggal_penyampaian": submission_date(unit_kode, 4, tahun)}
        workbook = build_workbook(tahun, config, rows=data_rows, metadata=metadata, empty_rows=0)
        written.append(save_workbook(workbook, Path(target_dir) / f"sintetis-{number:04d}.xlsx", timestamp=document_timestamp(tahun)))
    return written


__all__ = [  # the sample's names callers import from here (the data has its home in sample_indikator/_referensi)
    "INDICATORS", "SAMPLE_MISTAKES", "SAMPLE_TAHUN", "SampleMistake", "corrected_workbooks", "file_name", "indicator_row",
    "referensi_rows", "sample_realisasi", "sample_units", "sample_workbook", "write_sample_year", "write_synthetic_workbooks",
]
