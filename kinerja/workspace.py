"""Creating workspaces: ``kinerja init`` (an office) and ``kinerja init --contoh`` (the sample).

An office workspace starts with the commented skeleton ``kinerja/data/kinerja-baru.toml``
(the office's own sections left empty: no sample people, no sample head of office), an empty
``data/raw/`` and ``data/archive/``. Until the skeleton is filled every command that needs
the config stops with the list of keys to fill.

A sample workspace gets the fictional office (``contoh = true``, so its reports say CONTOH)
and the sample year in ``data/raw/<tahun>/``. The repository checkout is one.

Nothing existing is overwritten: a folder that already holds a ``kinerja.toml`` is refused.
"""

from __future__ import annotations

import os
from pathlib import Path

from kinerja.atomic import write_bytes
from kinerja.errors import UsageError
from kinerja.paths import CONFIG_NAME, SAMPLE_CONFIG, SKELETON_CONFIG, Workspace

ARCHIVE_README = """# Arsip (write-once)

Diisi oleh `kinerja alur dokumentasikan`: `<tahun>/triwulan-<n>/versi-N/` berisi laporan yang disetujui,
lembar kerja sumber, `manifest.json` dan `SHA256SUMS`. Jangan menyunting atau menghapus isi folder ini.
"""


def init_workspace(folder: str | os.PathLike[str], *, contoh: bool = False, tahun: int | None = None) -> Workspace:
    """Create a workspace in ``folder`` (created when missing; may already hold other files).

    Args:
        folder: the workspace root.
        contoh: a sample workspace (the fictional office and its sample year) instead of an
            office skeleton.
        tahun: the sample year (default: the sample's own year); only with ``contoh``.

    Returns:
        The new workspace.

    Raises:
        UsageError: ``folder`` is a file, or already holds a ``kinerja.toml`` (never overwritten).
    """
    root = Path(folder).expanduser().resolve()
    if root.exists() and not root.is_dir():
        raise UsageError(f"{root} adalah berkas, bukan folder; pilih folder untuk ruang kerja.")
    workspace = Workspace(root)
    if workspace.config_file.exists():
        raise UsageError(f"{workspace.config_file} sudah ada; ruang kerja tidak dibuat ulang dan berkas itu tidak ditimpa.")
    source = SAMPLE_CONFIG if contoh else SKELETON_CONFIG
    workspace.raw.mkdir(parents=True, exist_ok=True)
    workspace.archive.mkdir(parents=True, exist_ok=True)
    readme = workspace.archive / "README.md"
    if not readme.exists():
        write_bytes(readme, ARCHIVE_README.encode("utf-8"))
    if contoh:
        from kinerja.alur.kunci import write_workspace_sample_keys
        from kinerja.config import load_config
        from kinerja.lembar.sample import SAMPLE_TAHUN, write_sample_year

        sample = load_config(SAMPLE_CONFIG)
        from kinerja.laporan.riwayat import write_workspace_sample_riwayat

        write_sample_year(workspace.raw, tahun or SAMPLE_TAHUN, config=sample)
        write_workspace_sample_riwayat(workspace, sample, tahun or SAMPLE_TAHUN)  # earlier years, Renstra, standards
        write_workspace_sample_keys(root, sample)
    # The config last: a folder with a kinerja.toml is a finished workspace.
    write_bytes(workspace.config_file, source.read_bytes())
    return workspace


def describe(workspace: Workspace, contoh: bool) -> str:
    """What ``kinerja init`` prints: what was made and what to do next (Indonesian)."""
    root = workspace.root
    if contoh:
        return (
            f"Ruang kerja contoh dibuat di {root} (kantor fiktif, laporan bertanda CONTOH; data sampel di {workspace.raw}).\n"
            f"Coba: kinerja --ruang-kerja \"{root}\" demo"
        )
    return (
        f"Ruang kerja kantor dibuat di {root}:\n"
        f"  {CONFIG_NAME}   isi instansi, kepala, unit dan pegawai (setiap \"\" di dalamnya)\n"
        f"  data/raw/      lembar kerja Rencana Aksi yang masuk: data/raw/<tahun>/triwulan-<n>/\n"
        f"  data/archive/  arsip laporan yang didokumentasikan (jangan diubah)\n"
        f"Lalu periksa dengan: kinerja --ruang-kerja \"{root}\" konfigurasi"
    )
