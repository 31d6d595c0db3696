"""The sample office's year as data: its 29 indicators (plan, true realisasi, budget, kendala), when each
unit submitted, the anggaran kas of a pagu, and the realisasi of any other year (:func:`sample_realisasi`)
or of the whole year (:func:`annual_realisasi`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from kinerja.lembar.schema import Arah, Metode

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


def file_name(unit_kode: str) -> str:
    """The sample workbook name of a unit.

    >>> file_name("IRBAN-KHUSUS")
    'rencana-aksi-irban-khusus.xlsx'
    """
    return f"rencana-aksi-{unit_kode.lower()}.xlsx"


BY_KEY = {indicator.key: indicator for indicator in INDICATORS}


ANGGARAN_KAS_PORSI = (0.2, 0.3, 0.3, 0.2)
"""Share of the pagu planned per quarter in the sample's DPA (anggaran kas)."""


def anggaran_kas(pagu: int) -> tuple[int, int, int, int]:
    """The sample's anggaran kas of a pagu: whole rupiah per quarter, adding up to the pagu.

    >>> anggaran_kas(85_000_000)
    (17000000, 25500000, 25500000, 17000000)
    """
    a, b, c = (int(round(pagu * share)) for share in ANGGARAN_KAS_PORSI[:3])
    return (a, b, c, pagu - a - b - c)


YEAR_STEP = 0.03
"""How much the sample's numeric realisasi grows per year after :data:`SAMPLE_TAHUN` (3 %)."""


def sample_realisasi(indicator: SampleIndicator, tahun: int = SAMPLE_TAHUN) -> Quarterly:
    """The realisasi of ``indicator`` per quarter in the sample year ``tahun``.

    :data:`SAMPLE_TAHUN` has the realisasi written in :data:`INDICATORS`; every other year
    differs deterministically, so a report of year N can be told apart from year N-1's figures:
    a count (whole number) moves by one per year (down for a negative indicator, never below 0),
    a decimal grows by :data:`YEAR_STEP` per year (rounded to 2 decimals); a percentage stays
    at most 100 and qualitative values (``BB``, ``WTP``) stay as they are.

    >>> irban = BY_KEY["audit-kinerja"]
    >>> irban.realisasi, sample_realisasi(irban, 2026)
    ((3, 4, 3, 4), (4, 5, 4, 5))
    >>> sample_realisasi(BY_KEY["serapan-anggaran"], 2026)
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


def annual_realisasi(indicator: SampleIndicator, tahun: int = SAMPLE_TAHUN) -> object:
    """The year's realisasi of ``indicator`` in ``tahun`` as the annual report aggregates it
    (:func:`sample_realisasi` by the indicator's metode: a sum, the last measured quarter, or
    the mean of the measured quarters, unrounded); None when never measured.

    >>> annual_realisasi(BY_KEY["sosialisasi"]), round(annual_realisasi(BY_KEY["kepuasan-auditi"]), 6)
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
