"""The reviu's verdicts and its findings that are not one row's capaian: shared by the table checks
(:mod:`kinerja.reviu.periksa`) and the text checks (:mod:`kinerja.reviu.teks`), so neither imports the other."""

from __future__ import annotations

from dataclasses import dataclass

SESUAI = "sesuai"
PEMBULATAN = "pembulatan"
TIDAK_SESUAI = "tidak_sesuai"
TIDAK_DAPAT_DIHITUNG = "tidak_dapat_dihitung"
STATUS = (SESUAI, PEMBULATAN, TIDAK_SESUAI, TIDAK_DAPAT_DIHITUNG)


@dataclass
class TemuanReviu:
    """A finding that is not one row's capaian: averages, predikat, serapan, conventions, outline, text."""

    berkas: str
    jenis: str
    status: str
    pesan: str
    halaman: int | None = None
    tabel: str | None = None
    baris: int | None = None

    def as_json(self) -> dict:
        return {"berkas": self.berkas, "jenis": self.jenis, "status": self.status, "halaman": self.halaman,
                "tabel": self.tabel, "baris": self.baris, "pesan": self.pesan}
