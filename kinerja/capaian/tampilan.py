"""The capaian table for people: the capaian cell of every table (a percentage, or the status and where the
galat is) and the public columns as Indonesian display strings."""

from __future__ import annotations

import pandas as pd

from kinerja.capaian.kolom import column_of, isnan
from kinerja.capaian.metode import METODE
from kinerja.capaian.nilai import format_target
from kinerja.capaian.skema import DIHITUNG, TIDAK_DAPAT_DIUKUR, TIDAK_DIHITUNG
from kinerja.numbers import format_percent, format_rupiah

DISPLAY_LABELS = {
    "unit": "Unit", "kode": "Kode", "indikator": "Indikator", "satuan": "Satuan", "arah": "Arah", "metode": "Metode", "target": "Target",
    "realisasi": "Realisasi", "capaian": "Capaian", "predikat": "Predikat", "pagu": "Pagu",
    "realisasi_anggaran": "Realisasi Anggaran", "serapan": "Serapan", "efisiensi": "Efisiensi",
}
METODE_TEXT = {m.nama: m.teks for m in METODE.values()}


def capaian_text(status: object, capaian: object, keterangan: object = "", *, ringkas: bool = False) -> str:
    """The capaian cell of every table: ``85,50%``, or the status; a row not computed because
    of a galat says where (its ``keterangan``; ``ringkas`` for narrow columns: the cells only,
    the file being the row's unit workbook).

    >>> capaian_text("dihitung", 85.5), capaian_text("belum diukur", float("nan"))
    ('85,50%', 'belum diukur')
    >>> capaian_text("tidak dihitung", None, "tidak dihitung: galat di a.xlsx sel N12")
    'tidak dihitung: galat di a.xlsx sel N12'
    >>> capaian_text("tidak dihitung", None, "tidak dihitung: galat di a.xlsx sel N12", ringkas=True)
    'galat sel N12'
    """
    if status == DIHITUNG and isinstance(capaian, (int, float)) and not isnan(float(capaian)):
        return format_percent(float(capaian))
    if status == TIDAK_DIHITUNG:
        text = str(keterangan) if isinstance(keterangan, str) and keterangan else TIDAK_DIHITUNG
        if ringkas:
            cells = [part.split(" sel ", 1)[1] for part in text.split("; ") if " sel " in part]
            return "galat sel " + ", ".join(cells) if cells else "galat"
        return text
    return str(status) if isinstance(status, str) and status != DIHITUNG else TIDAK_DAPAT_DIUKUR


def display_frame(table: pd.DataFrame) -> pd.DataFrame:
    """The public columns as Indonesian display strings (``85,50%``, ``Rp 1.250.000``).

    A capaian that is not evaluable shows its status (``tidak dapat diukur``, ``belum diukur``,
    or where the galat is, see :func:`capaian_text`).

    >>> t = pd.DataFrame([{"unit": "IRBAN-1", "kode": "IK-1", "indikator": "A", "satuan": "%", "arah": "positif",
    ...     "metode": "akhir_periode", "target": 80.0, "realisasi": 68.4, "capaian": 85.5, "predikat": "Tinggi",
    ...     "pagu": 1250000.0, "realisasi_anggaran": float("nan"), "serapan": float("nan"), "efisiensi": None,
    ...     "status": "dihitung"}])
    >>> display_frame(t).iloc[0].tolist()
    ['IRBAN-1', 'IK-1', 'A', '%', 'positif', 'akhir periode', '80', '68,4', '85,50%', 'Tinggi', 'Rp 1.250.000', '–', '–', '–']
    """
    status = table["status"] if "status" in table else pd.Series(DIHITUNG, index=table.index)
    keterangan = table["keterangan"] if "keterangan" in table else pd.Series("", index=table.index)
    capaian = [capaian_text(s, c, k) for c, s, k in zip(table["capaian"], status, keterangan, strict=True)]
    shown = pd.DataFrame({
        "unit": column_of(table, "unit", "").map(lambda v: v if isinstance(v, str) and v else "–"),
        "kode": column_of(table, "kode", "").map(lambda v: v if isinstance(v, str) and v else "–"),
        "indikator": table["indikator"].astype(str),
        "satuan": table["satuan"].astype(str),
        "arah": table["arah"].map(lambda v: v if isinstance(v, str) and v else "–"),
        "metode": table["metode"].map(lambda v: METODE_TEXT.get(v, "–") if isinstance(v, str) else "–"),
        "target": table["target"].map(format_target),
        "realisasi": table["realisasi"].map(format_target),
        "capaian": capaian,
        "predikat": table["predikat"].map(lambda v: v if isinstance(v, str) else "–"),
        "pagu": table["pagu"].map(format_rupiah),
        "realisasi_anggaran": table["realisasi_anggaran"].map(format_rupiah),
        "serapan": table["serapan"].map(format_percent),
        "efisiensi": table["efisiensi"].map(lambda v: v if isinstance(v, str) else "–"),
    }, index=table.index)
    return shown.rename(columns=DISPLAY_LABELS)
