"""Peringatan dini: the year-end projection of every indicator in the TW I–III reports.

The rules are :mod:`kinerja.capaian.proyeksi`'s; this module only lays out its table (riskiest first),
its chart and the sentence naming what could not be projected.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from kinerja.capaian.proyeksi import BERISIKO, DATA_KURANG, TIDAK_DIPROYEKSIKAN, WASPADA, proyeksi_table, ringkasan
from kinerja.capaian.tabel import format_target
from kinerja.domain.predikat import batas_aman
from kinerja.laporan.bagian.umum import _gambar, _judul, _label_unit_arah, _row, _text
from kinerja.laporan.model.dokumen import Bagian, Kotak, Paragraf, Sel, Tabel
from kinerja.numbers import format_percent, triwulan_label

_KELAS = {BERISIKO: "galat"}


def _range(row: dict[str, Any]) -> str:
    value, low, high = row.get("proyeksi_realisasi"), row.get("proyeksi_rendah"), row.get("proyeksi_tinggi")
    if value is None or value != value:
        return "–"
    text = format_target(round(float(value), 2))
    if low is not None and high is not None and abs(float(high) - float(low)) > 1e-9:
        text += f"\n({format_target(round(float(low), 2))}–{format_target(round(float(high), 2))})"
    return text


def _keterangan(row: dict[str, Any]) -> str:
    """What the remaining quarters need; the status sentence only where it says more than the columns do."""
    kebutuhan, alasan = _text(row.get("kebutuhan")), _text(row.get("alasan"))
    if not kebutuhan:
        return alasan or "–"
    extra = [part for part in alasan.split("; ") if part.startswith(("tren belum", "nilai kualitatif"))]
    if "laju terendah" in alasan:
        extra.append("laju terendah sejauh ini memberi " + alasan.rsplit("memberi ", 1)[-1])
    return "; ".join([kebutuhan, *extra])


def peringatan_dini(tabel: pd.DataFrame, config: Any, triwulan: int) -> Bagian:
    """The early-warning subsection of a quarter's report (TW I–III; nothing at TW IV)."""
    if triwulan >= 4:
        return Bagian([])
    from kinerja.laporan.render import grafik  # noqa: PLC0415 -- kinerja.laporan.render.grafik + matplotlib, pyparsing, mpl_toolkits (~450 ms) kept off importing this module

    table = tabel.copy()
    table.attrs["triwulan"] = triwulan
    frame = proyeksi_table(table, config)
    counts = ringkasan(frame)
    blocks: list[Any] = [
        _judul("Peringatan dini: proyeksi akhir tahun", 2, daftar_isi=False),
        Paragraf(f"Bila laju sampai {triwulan_label(triwulan)} berlanjut: {counts[BERISIKO]} indikator diproyeksikan di bawah "
                 f"batas aman {format_percent(batas_aman(config.predikat))} (berisiko), {counts[WASPADA]} belum mencapai target tahunan "
                 f"(waspada), {counts['aman']} mencapai target (aman). Kumulatif diproyeksikan menurut rencana target per "
                 "triwulan (atau bagian tahun yang sudah lewat), akhir periode menurut trennya, rata-rata menurut kebutuhan "
                 "triwulan tersisa; rentang dalam kurung dari laju triwulan terendah dan tertinggi."),
    ]
    if frame.empty:
        return Bagian([*blocks, Kotak("info", "Belum ada indikator untuk diproyeksikan.")])
    rows = []
    for i, r in enumerate(frame.to_dict(orient="records"), start=1):
        status = str(r["status_proyeksi"])
        keterangan = _keterangan(r)
        rows.append(_row(i, _label_unit_arah(r), format_target(r.get("realisasi")), _range(r), format_target(r.get("target_tahunan")),
                         format_percent(r.get("proyeksi_capaian")), _text(r.get("proyeksi_predikat")) or "–",
                         Sel(status, _KELAS.get(status, "")), keterangan or "–"))
    blocks.append(Tabel(["No", "Indikator", f"Realisasi s.d. TW {'I' * triwulan}", "Proyeksi akhir tahun", "Target tahunan",
                         "Capaian proyeksi", "Predikat proyeksi", "Status", "Keterangan"], rows, angka=[2, 3, 4, 5],
                        lebar=[4, 22, 9, 10, 8, 8, 9, 8, 22], rapat=True))
    blocks += _gambar(grafik.grafik_proyeksi(frame, aman=batas_aman(config.predikat)))
    left_out = frame[frame["status_proyeksi"].isin([DATA_KURANG, TIDAK_DIPROYEKSIKAN])]
    if not left_out.empty:
        names = ", ".join(str(r.get("kode") or r.get("indikator")) for r in left_out.to_dict(orient="records"))
        blocks.append(Paragraf(f"{len(left_out)} indikator tanpa proyeksi tidak digambar: {names} (alasannya pada tabel).",
                               "catatan"))
    return Bagian(blocks)
