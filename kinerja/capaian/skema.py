"""The capaian table's shape: its public and context columns, the key every join uses (unit + kode), the
values of its ``status`` column and of ``dasar_efisiensi``."""

from __future__ import annotations

import pandas as pd

from kinerja.capaian.metode import METODE

PUBLIC_COLUMNS = (
    "unit", "kode", "indikator", "satuan", "arah", "metode", "target", "realisasi", "capaian", "predikat",
    "pagu", "realisasi_anggaran", "serapan", "efisiensi",
)
"""The columns of ``kinerja capaian --format json`` (exactly these keys), in this order."""

KEY_COLUMNS = ("unit", "kode")
"""The stable identity of an indicator: unit code plus Kode Indikator (never the name)."""

CONTEXT_COLUMNS = (
    "status", "keterangan", "keterangan_anggaran", "unit_nama", "rencana_anggaran", "serapan_rencana",
    "dasar_efisiensi", "capaian_target_tahunan", "kualitatif", "skala", "triwulan_terakhir",
    "target_bawah", "target_atas", "realisasi_nilai", "target_tahunan",
    *(f"target_triwulan_{n}" for n in range(1, 5)),
    *(f"realisasi_triwulan_{n}" for n in range(1, 5)),
    *(f"realisasi_anggaran_triwulan_{n}" for n in range(1, 5)),
    *(f"rencana_anggaran_triwulan_{n}" for n in range(1, 5)),
    "sasaran", "kode_program", "program", "kode_kegiatan", "kegiatan", "kode_sub_kegiatan",
    "sub_kegiatan", "pptk", "kendala", "tindak_lanjut", "berkas", "lembar", "baris",
)
"""Extra columns of :func:`capaian_table` for reports, after :data:`PUBLIC_COLUMNS`."""

DIHITUNG = "dihitung"
BELUM_DIUKUR = "belum diukur"
TIDAK_DAPAT_DIUKUR = "tidak dapat diukur"
TIDAK_DIHITUNG = "tidak dihitung"
STATUSES = (DIHITUNG, BELUM_DIUKUR, TIDAK_DAPAT_DIUKUR, TIDAK_DIHITUNG)
"""Values of the ``status`` column."""

METODES = tuple(METODE)
"""Names of the aggregation methods (the registry :data:`kinerja.capaian.metode.METODE`)."""

DASAR_PAGU = "pagu"
DASAR_ANGGARAN_KAS = "anggaran kas"

QUARTERS = (1, 2, 3, 4)


def indicator_keys(table: pd.DataFrame) -> pd.MultiIndex:
    """The (unit, kode) key of every row of a capaian table (or stored results).

    >>> indicator_keys(pd.DataFrame({"unit": ["IRBAN-1", "IRBAN-2"], "kode": ["IK-2.2", "IK-2.2"]})).tolist()
    [('IRBAN-1', 'IK-2.2'), ('IRBAN-2', 'IK-2.2')]
    """
    return pd.MultiIndex.from_arrays([table["unit"].astype(str), table["kode"].astype(str)], names=list(KEY_COLUMNS))
