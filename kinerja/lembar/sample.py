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

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kinerja.atomic import write_bytes
from kinerja.config import Config, load_config
from kinerja.errors import UsageError
from kinerja.lembar import schema
from kinerja.lembar.findings import Kode
from kinerja.lembar.nomenklatur import nomenklatur_by_code
from kinerja.lembar.schema import ARAH_LABELS, METODE_LABELS, Arah, Metode
from kinerja.lembar.template import (
    build_workbook,
    document_timestamp,
    save_workbook,
    workbook_bytes,
)

SAMPLE_TAHUN = 2025
URUSAN = "6.01"

POS, NEG = Arah.POSITIF, Arah.NEGATIF
KUM, AKHIR, RATA = Metode.KUMULATIF, Metode.AKHIR_PERIODE, Metode.RATA_RATA

Quarterly = tuple[object, object, object, object]


@dataclass(frozen=True)
class SampleIndicator:
    """One indicator of the sample year: its plan, its true realisasi, its budget.

    ``kode_indikator`` is the office's code (unique within the unit, as in the Perjanjian
    Kinerja); ``key`` names the indicator in this module only.
    ``target`` and ``realisasi`` hold one value per quarter (None = not measured that quarter);
    ``anggaran`` the rupiah spent in each quarter (not cumulative); the anggaran kas (planned
    spending per quarter) is :func:`anggaran_kas` of the pagu. ``kendala`` maps a quarter to
    (kendala, tindak lanjut) text shown in that quarter's snapshot.
    """

    kode_indikator: str
    key: str
    unit: str
    sasaran: str
    indikator: str
    satuan: str
    arah: Arah
    metode: Metode
    target_tahunan: object
    target: Quarterly
    realisasi: Quarterly
    kode: str | None = None  # sub kegiatan, or kegiatan / program code for outcome indicators
    pagu: int | None = None
    anggaran: tuple[int, int, int, int] | None = None
    kendala: Mapping[int, tuple[str, str]] = field(default_factory=dict)


SASARAN_AKUNTABILITAS = "Meningkatnya akuntabilitas kinerja dan keuangan pemerintah daerah"
SASARAN_LAYANAN = "Meningkatnya kualitas layanan kesekretariatan Inspektorat"
SASARAN_PENGAWASAN = "Meningkatnya kualitas pengawasan internal"
SASARAN_TATA_KELOLA = "Meningkatnya kualitas tata kelola perangkat daerah"
SASARAN_INTEGRITAS = "Menurunnya penyalahgunaan wewenang dan kerugian daerah"
SASARAN_KAPABILITAS = "Meningkatnya kapabilitas APIP dan maturitas SPIP"

INDICATORS: tuple[SampleIndicator, ...] = (
    # --- SEKRETARIAT ---------------------------------------------------------------------
    SampleIndicator(
        "IKU-01", "predikat-sakip", "SEKRETARIAT", SASARAN_AKUNTABILITAS, "Predikat SAKIP Pemerintah Kabupaten Contoh", "predikat",
        POS, AKHIR, "BB", (None, None, None, "BB"), (None, None, None, "B"), "6.01.01",
        kendala={4: ("Nilai komponen evaluasi internal akuntabilitas kinerja masih rendah", "Pendampingan penyusunan Renstra dan cascading kinerja seluruh perangkat daerah tahun depan")},
    ),
    SampleIndicator(
        "IKU-02", "opini-bpk", "SEKRETARIAT", SASARAN_AKUNTABILITAS, "Opini BPK atas Laporan Keuangan Pemerintah Daerah", "opini",
        POS, AKHIR, "WTP", (None, "WTP", None, None), (None, "WTP", None, None), "6.01.01",
    ),
    SampleIndicator(
        "IK-1.1", "serapan-anggaran", "SEKRETARIAT", SASARAN_AKUNTABILITAS, "Persentase realisasi anggaran Inspektorat", "%",
        POS, AKHIR, 95, (20, 45, 70, 95), (18.4, 41.2, 66.5, 93.1), "6.01.01.2.02.0003",
        85_000_000, (14_250_000, 21_600_000, 23_150_000, 24_400_000),
    ),
    SampleIndicator(
        "IK-1.2", "sosialisasi", "SEKRETARIAT", SASARAN_LAYANAN, "Jumlah pegawai yang mengikuti sosialisasi peraturan perundang-undangan", "orang",
        POS, KUM, 50, (10, 15, 15, 10), (10, 12, 15, 11), "6.01.01.2.05.0010",
        42_000_000, (8_400_000, 10_500_000, 12_600_000, 9_950_000),
        kendala={2: ("Narasumber dari BPKP berhalangan pada jadwal kedua", "Sosialisasi susulan dijadwalkan bulan Agustus")},
    ),
    SampleIndicator(
        "IK-1.3", "diklat", "SEKRETARIAT", SASARAN_LAYANAN, "Persentase auditor yang mengikuti pengembangan kompetensi minimal 120 JP", "%",
        POS, AKHIR, 80, (20, 40, 60, 80), (15, 35, 55, 82.5), "6.01.01.2.05.0009",
        180_000_000, (22_500_000, 48_300_000, 51_750_000, 54_200_000),
        kendala={1: ("Kuota diklat sertifikasi JFA di Pusdiklatwas BPKP terbatas", "Mengusulkan tambahan kuota dan diklat di kantor sendiri (PKS)")},
    ),
    SampleIndicator(
        "IK-1.4", "sarpras", "SEKRETARIAT", SASARAN_LAYANAN, "Persentase sarana dan prasarana kantor dalam kondisi baik", "%",
        POS, AKHIR, 90, (85, 85, 90, 90), (84, 86, 88, 91), "6.01.01.2.09.0010",
        120_000_000, (9_800_000, 35_400_000, 41_250_000, 31_900_000),
    ),
    SampleIndicator(
        "IK-1.5", "kendaraan", "SEKRETARIAT", SASARAN_LAYANAN, "Persentase kendaraan dinas operasional yang layak jalan", "%",
        POS, AKHIR, 100, (100, 100, 100, 100), (90, 100, 100, 100), "6.01.01.2.09.0002",
        64_500_000, (12_300_000, 16_800_000, 15_900_000, 18_450_000),
    ),
    SampleIndicator(
        "IK-1.6", "kepuasan-pegawai", "SEKRETARIAT", SASARAN_LAYANAN, "Indeks kepuasan pegawai terhadap layanan kesekretariatan", "indeks",
        POS, RATA, 80, (80, 80, 80, 80), (78.5, 81.2, 79.8, 83.4), "6.01.01.2.08.0004",
        36_000_000, (8_750_000, 9_100_000, 8_900_000, 9_050_000),
    ),
    # --- IRBAN-1 ---------------------------------------------------------------------------
    SampleIndicator(
        "IKU-03", "tindak-lanjut", "IRBAN-1", SASARAN_PENGAWASAN, "Persentase rekomendasi hasil pengawasan yang ditindaklanjuti", "%",
        POS, AKHIR, 85, (40, 55, 70, 85), (38, 52.5, 66, 80.25), "6.01.02.2.01.0007",
        95_000_000, (18_500_000, 24_750_000, 26_300_000, 23_100_000),
        kendala={3: ("Sebagian rekomendasi pengembalian kerugian belum dapat dipenuhi perangkat daerah", "Rapat pemutakhiran data tindak lanjut bersama perangkat daerah setiap bulan")},
    ),
    SampleIndicator(
        "IK-2.1", "audit-kinerja", "IRBAN-1", SASARAN_PENGAWASAN, "Jumlah laporan hasil audit kinerja perangkat daerah", "laporan",
        POS, KUM, 14, (3, 4, 4, 3), (3, 4, 3, 4), "6.01.02.2.01.0001",
        210_000_000, (41_200_000, 58_750_000, 47_900_000, 55_300_000),
        kendala={3: ("Satu penugasan audit bergeser karena tim dilibatkan dalam pendampingan pemeriksaan BPK", "Penugasan diselesaikan pada triwulan IV")},
    ),
    SampleIndicator(
        "IK-2.2", "temuan-berulang-1", "IRBAN-1", SASARAN_PENGAWASAN, "Jumlah temuan berulang hasil pemeriksaan", "temuan",
        NEG, KUM, 12, (3, 3, 3, 3), (4, 5, 3, 4), "6.01.02.2.01",
        kendala={
            1: ("Kelemahan penatausahaan aset berulang di beberapa perangkat daerah", "Bimbingan teknis penatausahaan aset bersama BPKAD"),
            2: ("Temuan belanja perjalanan dinas berulang pada dua perangkat daerah", "Reviu khusus belanja perjalanan dinas"),
            4: ("Temuan berulang masih di atas target pada penatausahaan aset", "Evaluasi akar masalah bersama BPKAD dan sanksi administratif"),
        },
    ),
    SampleIndicator(
        "IK-2.3", "waktu-audit", "IRBAN-1", SASARAN_PENGAWASAN, "Persentase waktu penyelesaian audit sesuai PKPT", "%",
        POS, AKHIR, "80 - 90", ("80 - 90", "80 - 90", "80 - 90", "80 - 90"), (78, 84, 88, 86), "6.01.02.2.01",
    ),
    SampleIndicator(
        "IK-2.4", "reviu-lk", "IRBAN-1", SASARAN_PENGAWASAN, "Jumlah laporan hasil reviu laporan keuangan", "laporan",
        POS, KUM, 5, (2, 1, 1, 1), (2, 1, 1, 1), "6.01.02.2.01.0004",
        75_000_000, (32_400_000, 13_250_000, 12_800_000, 14_100_000),
    ),
    SampleIndicator(
        "IK-2.5", "kepuasan-auditi", "IRBAN-1", SASARAN_PENGAWASAN, "Indeks kepuasan auditi", "indeks",
        POS, RATA, 3.5, (3.5, 3.5, 3.5, 3.5), (3.2, 3.4, 3.3, 3.6), "6.01.02.2.01",
    ),
    SampleIndicator(
        "IK-2.6", "pengawasan-keuangan", "IRBAN-1", SASARAN_PENGAWASAN, "Jumlah laporan hasil pengawasan keuangan pemerintah daerah", "laporan",
        POS, KUM, 10, (2, 3, 3, 2), (1, 2, 2, 2), "6.01.02.2.01.0002",
        150_000_000, (12_600_000, 27_400_000, 31_800_000, 29_500_000),
        kendala={
            1: ("Auditor terlibat pendampingan pemeriksaan interim BPK", "Penugasan dijadwalkan ulang pada triwulan II"),
            2: ("Keterbatasan jumlah auditor bersertifikat", "Permintaan bantuan auditor dari Irban II"),
            3: ("Keterbatasan jumlah auditor bersertifikat", "Penambahan tim gabungan pada triwulan IV"),
            4: ("Tiga penugasan tidak terlaksana karena auditor dialihkan ke audit investigatif", "Penugasan dimasukkan ke PKPT tahun berikutnya"),
        },
    ),
    # --- IRBAN-2 ---------------------------------------------------------------------------
    SampleIndicator(
        "IK-3.1", "pengawasan-desa", "IRBAN-2", SASARAN_PENGAWASAN, "Jumlah laporan hasil pengawasan pengelolaan keuangan desa", "laporan",
        POS, KUM, 30, (5, 10, 10, 5), (4, 8, 9, 6), "6.01.02.2.01.0005",
        240_000_000, (12_500_000, 71_250_000, 78_900_000, 52_300_000),
        kendala={2: ("Jarak tempuh ke desa terpencil dan cuaca", "Pengawasan desa terpencil digabung per kecamatan")},
    ),
    SampleIndicator(
        "IK-3.2", "temuan-berulang-2", "IRBAN-2", SASARAN_PENGAWASAN, "Jumlah temuan berulang hasil pemeriksaan", "temuan",
        NEG, KUM, 8, (2, 2, 2, 2), (1, 2, 1, 2), "6.01.02.2.01",
    ),
    SampleIndicator(
        "IK-3.3", "reviu-lkjip", "IRBAN-2", SASARAN_TATA_KELOLA, "Persentase laporan kinerja perangkat daerah yang direviu", "%",
        POS, AKHIR, 100, (60, 100, 100, 100), (55, 100, 100, 100), "6.01.02.2.01.0003",
        90_000_000, (38_200_000, 32_500_000, 0, 4_800_000),
    ),
    SampleIndicator(
        "IK-3.4", "reformasi-birokrasi", "IRBAN-2", SASARAN_TATA_KELOLA, "Persentase perangkat daerah yang didampingi dalam penilaian reformasi birokrasi", "%",
        POS, AKHIR, 100, (25, 50, 75, 100), (25, 50, 70, 95), "6.01.03.2.02.0002",
        55_000_000, (9_600_000, 14_300_000, 13_750_000, 15_200_000),
    ),
    SampleIndicator(
        "IK-3.5", "asistensi", "IRBAN-2", SASARAN_TATA_KELOLA, "Jumlah kegiatan pendampingan dan asistensi urusan pemerintahan daerah", "kegiatan",
        POS, KUM, 20, (4, 6, 6, 4), (4, 6, 5, 5), "6.01.03.2.02.0001",
        48_000_000, (9_400_000, 14_100_000, 11_800_000, 11_950_000),
    ),
    SampleIndicator(
        "IK-3.6", "kebijakan-teknis", "IRBAN-2", SASARAN_TATA_KELOLA, "Jumlah rekomendasi kebijakan teknis di bidang pengawasan", "dokumen",
        POS, KUM, 4, (1, 1, 1, 1), (0, 1, 1, 1), "6.01.03.2.01.0001",
        30_000_000, (0, 9_750_000, 8_200_000, 7_900_000),
        kendala={1: ("Menunggu terbitnya pedoman pengawasan dari Kemendagri", "Rekomendasi disusun setelah pedoman terbit")},
    ),
    # --- IRBAN-KHUSUS ------------------------------------------------------------------------
    SampleIndicator(
        "IKU-04", "pengaduan", "IRBAN-KHUSUS", SASARAN_INTEGRITAS, "Persentase pengaduan masyarakat yang ditindaklanjuti", "%",
        POS, AKHIR, 90, (80, 80, 85, 90), (75, 82, 84, 88), "6.01.02.2.02",
    ),
    SampleIndicator(
        "IK-4.1", "tujuan-tertentu", "IRBAN-KHUSUS", SASARAN_INTEGRITAS, "Jumlah laporan hasil pengawasan dengan tujuan tertentu", "laporan",
        POS, KUM, 10, (2, 3, 3, 2), (2, 3, 4, 3), "6.01.02.2.02.0002",
        160_000_000, (28_400_000, 36_900_000, 47_250_000, 33_600_000),
    ),
    SampleIndicator(
        "IK-4.2", "kerugian-daerah", "IRBAN-KHUSUS", SASARAN_INTEGRITAS, "Persentase penyelesaian kerugian negara/daerah", "%",
        POS, AKHIR, 60, (20, 35, 50, 60), (10, 15, 22, 30), "6.01.02.2.02.0001",
        70_000_000, (6_200_000, 9_800_000, 12_400_000, 14_750_000),
        kendala={
            1: ("Pihak yang dibebani kerugian belum menandatangani SKTJM", "Pemanggilan ulang bersama Majelis TPTGR"),
            2: ("Sebagian pihak yang dibebani kerugian sudah pensiun atau pindah", "Koordinasi dengan BKPSDM dan kejaksaan"),
            3: ("Angsuran kerugian daerah tidak dibayar tepat waktu", "Penagihan tertulis dan penyerahan ke Majelis TPTGR"),
            4: ("Penyelesaian kerugian daerah bergantung pada pihak ketiga", "Penyerahan penagihan ke Kejaksaan Negeri (Jaksa Pengacara Negara)"),
        },
    ),
    SampleIndicator(
        "IK-4.3", "pencegahan-korupsi", "IRBAN-KHUSUS", SASARAN_INTEGRITAS, "Jumlah kegiatan koordinasi dan monitoring pencegahan korupsi", "kegiatan",
        POS, KUM, 12, (3, 3, 3, 3), (3, 2, 2, 1), "6.01.03.2.02.0003",
        52_000_000, (11_600_000, 8_450_000, 7_900_000, 4_100_000),
        kendala={
            2: ("Jadwal rapat koordinasi KPK bergeser", "Menyesuaikan dengan jadwal Korsupgah KPK"),
            4: ("Anggaran perjalanan dinas terkena efisiensi", "Monitoring dilakukan secara daring"),
        },
    ),
    SampleIndicator(
        "IKU-05", "nilai-mcp", "IRBAN-KHUSUS", SASARAN_INTEGRITAS, "Nilai Monitoring Center for Prevention (MCP) KPK", "nilai",
        POS, AKHIR, 90, (25, 50, 75, 90), (15, 30, 52, 58), "6.01.03.2.02",
        kendala={
            1: ("Bukti dukung area intervensi belum diunggah perangkat daerah", "Asistensi pengunggahan bukti dukung per area intervensi"),
            3: ("Area pengelolaan BMD dan optimalisasi pajak daerah belum memenuhi", "Rapat koordinasi dengan BPKAD dan Bapenda"),
            4: ("Verifikasi bukti dukung oleh KPK menurunkan nilai beberapa area", "Perbaikan bukti dukung untuk penilaian tahun depan"),
        },
    ),
    SampleIndicator(
        "IK-4.4", "integritas", "IRBAN-KHUSUS", SASARAN_INTEGRITAS, "Persentase perangkat daerah yang diverifikasi penegakan integritas", "%",
        POS, AKHIR, 100, (25, 50, 75, 100), (25, 50, 75, 100), "6.01.03.2.02.0004",
        40_000_000, (7_900_000, 10_250_000, 9_800_000, 11_400_000),
    ),
    SampleIndicator(
        "IKU-06", "kapabilitas-apip", "IRBAN-KHUSUS", SASARAN_KAPABILITAS, "Level kapabilitas APIP", "level",
        POS, AKHIR, "Level 3", (None, None, None, "Level 3"), (None, None, None, "Level 3"), "6.01.03.2.01.0002",
        45_000_000, (4_500_000, 12_800_000, 14_250_000, 11_900_000),
    ),
    SampleIndicator(
        "IKU-07", "maturitas-spip", "IRBAN-KHUSUS", SASARAN_KAPABILITAS, "Tingkat maturitas SPIP terintegrasi", "nilai",
        POS, AKHIR, 3.5, (None, None, None, 3.5), (None, None, None, 3.12), "6.01.03.2.01",
        kendala={4: ("Unsur pemantauan pengendalian intern belum terdokumentasi di seluruh perangkat daerah", "Pembentukan satgas SPIP dan penilaian mandiri per perangkat daerah")},
    ),
)
"""Every indicator of the sample year, grouped by unit."""

SUBMISSION_DAYS = {
    # unit -> day of month in the month after each quarter (deadline: the 10th)
    "SEKRETARIAT": (8, 9, 7, 9),
    "IRBAN-1": (9, 8, 9, 8),
    "IRBAN-2": (7, 9, 8, 7),
    "IRBAN-KHUSUS": (10, 16, 9, 6),  # late in triwulan II
}


@dataclass(frozen=True)
class SampleMistake:
    """A deliberate mistake in the sample: where it is and the reason code it must produce."""

    triwulan: int
    berkas: str
    kolom: str
    kode: Kode
    indikator: str | None = None  # None for file-level findings


def file_name(unit_kode: str) -> str:
    """The sample workbook name of a unit.

    >>> file_name("IRBAN-KHUSUS")
    'rencana-aksi-irban-khusus.xlsx'
    """
    return f"rencana-aksi-{unit_kode.lower()}.xlsx"


_BY_KEY = {indicator.key: indicator for indicator in INDICATORS}

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
            file_name(_BY_KEY[key].unit),
            field_name,
            Kode.BUKAN_ANGKA if isinstance(value, str) and field_name.startswith("realisasi_anggaran")
            else Kode.ANGGARAN_MELEBIHI_PAGU if field_name.startswith("realisasi_anggaran")
            else _MISTAKE_CODES[field_name],
            _BY_KEY[key].indikator,
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


ANGGARAN_KAS_PORSI = (0.2, 0.3, 0.3, 0.2)
"""Share of the pagu planned per quarter in the sample's DPA (anggaran kas)."""


def anggaran_kas(pagu: int) -> tuple[int, int, int, int]:
    """The sample's anggaran kas of a pagu: whole rupiah per quarter, adding up to the pagu.

    >>> anggaran_kas(85_000_000)
    (17000000, 25500000, 25500000, 17000000)
    """
    a, b, c = (int(round(pagu * share)) for share in ANGGARAN_KAS_PORSI[:3])
    return (a, b, c, pagu - a - b - c)


def _pptk_name(config: Config, unit_kode: str) -> str:
    for person in config.people_with_role("pptk"):
        if person.unit == unit_kode:
            return person.nama
    return config.people_with_role("pptk")[0].nama


def _unit_name(config: Config, unit_kode: str) -> str:
    unit = config.unit_by_name(unit_kode)
    return unit.nama if unit else unit_kode


YEAR_STEP = 0.03
"""How much the sample's numeric realisasi grows per year after :data:`SAMPLE_TAHUN` (3 %)."""


def sample_realisasi(indicator: SampleIndicator, tahun: int = SAMPLE_TAHUN) -> Quarterly:
    """The realisasi of ``indicator`` per quarter in the sample year ``tahun``.

    :data:`SAMPLE_TAHUN` has the realisasi written in :data:`INDICATORS`; every other year
    differs deterministically, so a report of year N can be told apart from year N-1's figures:
    a count (whole number) moves by one per year (down for a negative indicator, never below 0),
    a decimal grows by :data:`YEAR_STEP` per year (rounded to 2 decimals); a percentage stays
    at most 100 and qualitative values (``BB``, ``WTP``) stay as they are.

    >>> irban = _BY_KEY["audit-kinerja"]
    >>> irban.realisasi, sample_realisasi(irban, 2026)
    ((3, 4, 3, 4), (4, 5, 4, 5))
    >>> sample_realisasi(_BY_KEY["serapan-anggaran"], 2026)
    (18.95, 42.44, 68.5, 95.89)
    """
    delta = tahun - SAMPLE_TAHUN
    if delta == 0:
        return indicator.realisasi

    def moved(value: object) -> object:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return value
        if isinstance(value, int):
            out: float = max(0, value - delta if indicator.arah is NEG else value + delta)
        else:
            out = round(value * (1 + YEAR_STEP * delta), 2)
        if indicator.satuan == "%":
            out = min(out, 100)
        return out

    a, b, c, d = (moved(value) for value in indicator.realisasi)
    return (a, b, c, d)


@dataclass(frozen=True)
class SampleReferensi:
    """What the sample office's riwayat workbook holds for one indicator besides earlier years.

    ``renstra``: the Renstra's end target, on the indicator's own scale (a percentage or a
    0-100 score at most 100, a count whole); ``standar``: the national standard where one
    exists (None otherwise: most of an Inspektorat's indicators have none), with ``sumber``.
    """

    renstra: object
    standar: object = None
    sumber: str = ""


RPJMN = "RPJMN 2020–2024, Perpres 18/2020"

REFERENSI: dict[str, SampleReferensi] = {
    "predikat-sakip": SampleReferensi("A"),
    "opini-bpk": SampleReferensi("WTP", "WTP", RPJMN),
    "serapan-anggaran": SampleReferensi(97),
    "sosialisasi": SampleReferensi(60),
    "diklat": SampleReferensi(90),
    "sarpras": SampleReferensi(95),
    "kendaraan": SampleReferensi(100),
    "kepuasan-pegawai": SampleReferensi(85),
    "tindak-lanjut": SampleReferensi(90),
    "audit-kinerja": SampleReferensi(16),
    "temuan-berulang-1": SampleReferensi(8),
    "waktu-audit": SampleReferensi("85 - 95"),
    "reviu-lk": SampleReferensi(5),
    "kepuasan-auditi": SampleReferensi(3.8),
    "pengawasan-keuangan": SampleReferensi(12),
    "pengawasan-desa": SampleReferensi(35),
    "temuan-berulang-2": SampleReferensi(5),
    "reviu-lkjip": SampleReferensi(100),
    "reformasi-birokrasi": SampleReferensi(100),
    "asistensi": SampleReferensi(24),
    "kebijakan-teknis": SampleReferensi(5),
    "pengaduan": SampleReferensi(95),
    "tujuan-tertentu": SampleReferensi(12),
    "kerugian-daerah": SampleReferensi(75),
    "pencegahan-korupsi": SampleReferensi(12),
    "nilai-mcp": SampleReferensi(95),
    "integritas": SampleReferensi(100),
    "kapabilitas-apip": SampleReferensi("Level 3", "Level 3", RPJMN),
    "maturitas-spip": SampleReferensi(3.75, 3, RPJMN),
}
"""The sample office's Renstra end targets and national standards, by indicator key (written by
hand: a target is within its indicator's scale, a count is whole, a standard only where the
RPJMN sets one: the BPK opinion, APIP capability and SPIP maturity)."""


def annual_realisasi(indicator: SampleIndicator, tahun: int = SAMPLE_TAHUN) -> object:
    """The year's realisasi of ``indicator`` in ``tahun`` as the annual report aggregates it
    (:func:`sample_realisasi` by the indicator's metode: a sum, the last measured quarter, or
    the mean of the measured quarters, unrounded); None when never measured.

    >>> annual_realisasi(_BY_KEY["sosialisasi"]), round(annual_realisasi(_BY_KEY["kepuasan-auditi"]), 6)
    (48, 3.375)
    """
    measured = [value for value in sample_realisasi(indicator, tahun) if value is not None]
    if not measured:
        return None
    if indicator.metode is KUM:
        return sum(measured)  # type: ignore[arg-type]
    if indicator.metode is RATA:
        return sum(measured) / len(measured)  # type: ignore[arg-type]
    return measured[-1]


COUNTS = ("orang", "laporan", "dokumen", "kegiatan", "temuan")
"""Units of indicators that count things: their figures are whole numbers."""

SKALA_MAKS = {"%": 100.0, "nilai-mcp": 100.0, "maturitas-spip": 5.0, "kepuasan-auditi": 4.0, "kepuasan-pegawai": 100.0}
"""The top of an indicator's scale, by unit ``%`` or by indicator key (MCP KPK 0-100, SPIP maturity 1-5, …)."""

EARLIER = {Arah.POSITIF: (0.85, 0.93), Arah.NEGATIF: (1.25, 1.1)}
"""The realisasi two years and one year before a report's year, as a share of that year's (the sample
office improves year by year: fewer repeated findings, more reports)."""


def earlier_realisasi(indicator: SampleIndicator, tahun: int = SAMPLE_TAHUN) -> tuple[object, object]:
    """The realisasi of ``tahun - 2`` and ``tahun - 1`` the sample office's riwayat workbook holds:
    :data:`EARLIER` shares of ``tahun``'s annual realisasi, a count rounded to a whole number, any
    other figure to 2 decimals (half up), never above the top of its scale (:data:`SKALA_MAKS`); a
    qualitative realisasi (``B``, ``WTP``, ``Level 3``) as it is.

    >>> earlier_realisasi(_BY_KEY["sosialisasi"]), earlier_realisasi(_BY_KEY["temuan-berulang-1"])
    ((41, 45), (20, 18))
    >>> earlier_realisasi(_BY_KEY["kendaraan"]), earlier_realisasi(_BY_KEY["opini-bpk"])
    ((85, 93), ('WTP', 'WTP'))
    """
    from kinerja.numbers import round_half_up

    annual = annual_realisasi(indicator, tahun)
    if annual is None or isinstance(annual, str) or not isinstance(annual, int | float):
        return annual, annual
    top = SKALA_MAKS.get(indicator.key, SKALA_MAKS.get(indicator.satuan))
    out: list[object] = []
    for share in EARLIER[indicator.arah]:
        value = annual * share
        if top is not None:
            value = min(value, top)
        if indicator.satuan in COUNTS:
            out.append(int(round_half_up(value, 0) or 0))
        else:
            rounded = round_half_up(value)
            out.append(int(rounded) if rounded is not None and float(rounded).is_integer() else rounded)
    return out[0], out[1]


def referensi_rows(tahun: int = SAMPLE_TAHUN) -> list[list[object]]:
    """The sample office's riwayat rows for a report of ``tahun``: unit, kode, indikator, satuan,
    Renstra end target, Renstra period, standard, its source, and the realisasi of the two years
    before (:func:`earlier_realisasi`)."""
    rows: list[list[object]] = []
    for indicator in INDICATORS:
        ref = REFERENSI[indicator.key]
        earlier = earlier_realisasi(indicator, tahun)
        rows.append([indicator.unit, indicator.kode_indikator, indicator.indikator, indicator.satuan, ref.renstra,
                     f"{tahun - 4}–{tahun + 1}", "" if ref.standar is None else ref.standar, ref.sumber,
                     *("" if value is None else value for value in earlier)])
    return rows


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


def submission_date(unit_kode: str, triwulan: int, tahun: int) -> dt.date:
    """When the unit submitted its workbook for ``triwulan`` (month after the quarter).

    >>> submission_date("IRBAN-KHUSUS", 2, 2025), submission_date("IRBAN-1", 4, 2025)
    (datetime.date(2025, 7, 16), datetime.date(2026, 1, 8))
    """
    month = triwulan * 3 + 1
    return dt.date(tahun + (month > 12), (month - 1) % 12 + 1, SUBMISSION_DAYS[unit_kode][triwulan - 1])


def sample_units() -> tuple[str, ...]:
    """Unit codes of the sample, in workbook order."""
    return tuple(dict.fromkeys(indicator.unit for indicator in INDICATORS))


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
