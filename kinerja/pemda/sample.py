"""A generated Pemda for trying things out, tests and benchmarks: the sample office copied per OPD.

Every OPD gets the sample office's config with its own name and letterhead, and the sample
year's workbooks (:func:`kinerja.lembar.sample.write_sample_year`, written once and copied).
To make the recap's ranking show something, OPD number ``i`` (from 1) leaves out the workbook
of one unit when ``i mod 5`` is 1 to 4.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

from kinerja.errors import UsageError
from kinerja.lembar.sample import SAMPLE_TAHUN, file_name, sample_units, write_sample_year
from kinerja.paths import CONFIG_NAME, DEFAULT_CONFIG, PEMDA_CONFIG_NAME, PemdaFolder

NAMA_OPD = (
    ("DISDIK", "Dinas Pendidikan"), ("DINKES", "Dinas Kesehatan"), ("DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang"),
    ("DINSOS", "Dinas Sosial"), ("DISHUB", "Dinas Perhubungan"), ("BAPPEDA", "Badan Perencanaan Pembangunan Daerah"),
    ("BPKAD", "Badan Pengelolaan Keuangan dan Aset Daerah"), ("INSPEKTORAT", "Inspektorat Daerah"),
    ("DISPERTAN", "Dinas Pertanian"), ("DLH", "Dinas Lingkungan Hidup"),
)


def opd_names(jumlah: int) -> list[tuple[str, str]]:
    """Codes and names of ``jumlah`` generated OPD.

    >>> opd_names(12)[0], opd_names(12)[11]
    (('DISDIK', 'Dinas Pendidikan'), ('OPD-12', 'Perangkat Daerah Contoh 12'))
    """
    return [NAMA_OPD[i] if i < len(NAMA_OPD) else (f"OPD-{i + 1}", f"Perangkat Daerah Contoh {i + 1}") for i in range(jumlah)]


def opd_config_text(nama: str) -> str:
    """The sample office's config with the OPD's name in ``[instansi] nama`` and the letterhead."""
    text = DEFAULT_CONFIG.read_text(encoding="utf-8")
    text = re.sub(r'(?m)^nama = "Inspektorat Kabupaten Contoh"$', f'nama = "{nama} Kabupaten Contoh"', text, count=1)
    return text.replace('  "INSPEKTORAT DAERAH",', f'  "{nama.upper()}",', 1)


def pemda_config_text(opd: list[tuple[str, str, str]]) -> str:
    """``pemda.toml`` for the generated OPD (kode, nama, folder)."""
    lines = [
        "# Konfigurasi Pemda untuk kinerja: identitas, kop surat rekapitulasi dan daftar OPD.",
        "# Setiap OPD adalah ruang kerja kinerja biasa (kinerja.toml, data/raw, laporan) di foldernya.",
        "",
        "[pemda]",
        'nama = "Pemerintah Kabupaten Contoh"',
        "kop = [",
        '  "PEMERINTAH KABUPATEN CONTOH",',
        '  "SEKRETARIAT DAERAH · BAGIAN ORGANISASI",',
        '  "Jl. Merdeka No. 1, Contoh 90111 · Telp. (0411) 555 000 · organisasi@contohkab.go.id",',
        "]",
        'kota = "Contoh"',
        'zona_waktu = "Asia/Makassar"  # zona waktu kantor (WITA): tanggal yang tertulis pada rekapitulasi',
        "",
        "[pemda.penandatangan]",
        'jabatan = "Kepala Bagian Organisasi"',
        'nama = "Drs. Hasan Basri, M.Si."',
        'nip = "19720505 199803 1 004"',
        "",
        "# Penjadwal Dask untuk menjalankan OPD di beberapa komputer (kosong: prosesor komputer ini).",
        "[dask]",
        'alamat = ""',
    ]
    for kode, nama, folder in opd:
        lines += ["", "[[opd]]", f'kode = "{kode}"', f'nama = "{nama}"', f'folder = "{folder}"']
    return "\n".join(lines) + "\n"


def write_sample_pemda(root: str | os.PathLike[str], jumlah: int, tahun: int = SAMPLE_TAHUN, *, timpa: bool = False) -> PemdaFolder:
    """Write a Pemda of ``jumlah`` OPD into ``root`` (which must be empty or absent unless ``timpa``).

    Raises:
        UsageError: ``root`` already holds files and ``timpa`` is false.
    """
    folder = PemdaFolder(Path(root).expanduser().resolve())
    if folder.root.exists() and any(folder.root.iterdir()) and not timpa:
        raise UsageError(f"Folder {folder.root} tidak kosong; pilih folder baru atau pakai --timpa.")
    if jumlah < 1:
        raise UsageError("Jumlah OPD paling sedikit 1.")
    folder.root.mkdir(parents=True, exist_ok=True)
    units = sample_units()
    rows = []
    with tempfile.TemporaryDirectory(prefix="kinerja-sampel-") as tmp:
        raw = Path(tmp) / "raw"
        write_sample_year(raw, tahun)
        for number, (kode, nama) in enumerate(opd_names(jumlah), start=1):
            sub = folder.default_opd_folder(kode)
            opd_root = folder.opd_dir(sub)
            if opd_root.exists():
                shutil.rmtree(opd_root)
            (opd_root / "data").mkdir(parents=True)
            (opd_root / "data" / "archive").mkdir()
            dropped = units[number % 5 - 1] if number % 5 else None
            skip = {file_name(dropped)} if dropped else set()
            shutil.copytree(raw, opd_root / "data" / "raw", ignore=lambda _d, names, skip=skip: [n for n in names if n in skip])
            (opd_root / CONFIG_NAME).write_text(opd_config_text(nama), encoding="utf-8")
            rows.append((kode, nama, sub))
    (folder.root / PEMDA_CONFIG_NAME).write_text(pemda_config_text(rows), encoding="utf-8")
    return folder
