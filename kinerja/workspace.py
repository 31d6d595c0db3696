"""Creating workspaces: ``kinerja init`` (an office) and ``kinerja init --contoh`` (the sample).

An office workspace starts with the commented skeleton ``kinerja/data/kinerja-baru.toml``
(the office's own sections left empty: no sample people, no sample head of office), an empty
``data/raw/<tahun>/triwulan-1..4/`` for the running year (each case's first action creates its
quarter's folder too) and ``data/archive/``, copies of the shipped notebooks in ``notebooks/`` (to explore
in JupyterLab; a wheel install has them only inside site-packages otherwise) and a ``README.md``
for the office. Until the skeleton is filled every command that needs
the config stops with the list of keys to fill.

A sample workspace gets the fictional office (``contoh = true``, so its reports say CONTOH)
and the sample year in ``data/raw/<tahun>/``. The repository checkout is one.

Nothing existing is overwritten: a folder that already holds a ``kinerja.toml`` is refused.

``kinerja init --bersama GRUP`` prepares a workspace several OS accounts work in
(:func:`share_workspace`, also on an existing workspace): the group owns the workspace's folders
and files, every folder is ``2770`` (setgid: what is made inside belongs to the group) and every
file group-writable; from then on kinerja gives whatever it writes there the group's modes
itself, whatever each person's umask (:mod:`kinerja.atomic`). ``kinerja.toml`` stays writable by
its owner only, and archived files stay read-only.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from kinerja.alur.kunci import write_workspace_sample_keys
from kinerja.atomic import make_dirs, write_bytes
from kinerja.config import load_config
from kinerja.errors import UsageError
from kinerja.numbers import last_finished_quarter
from kinerja.paths import CONFIG_NAME, NOTEBOOKS_DIR, SAMPLE_CONFIG, SKELETON_CONFIG, Workspace

ARCHIVE_README = """# Arsip (write-once)

Diisi oleh `kinerja alur dokumentasikan`: `<tahun>/triwulan-<n>/versi-N/` berisi laporan yang disetujui,
lembar kerja sumber, `manifest.json` dan `SHA256SUMS`. Jangan menyunting atau menghapus isi folder ini.
"""


OFFICE_README = """# Ruang kerja kinerja

Folder ini dibuat oleh `kinerja init`. Semua perintah dijalankan dari folder ini (atau dengan
`kinerja --ruang-kerja FOLDER ...`).

| isi | gunanya |
|---|---|
| `kinerja.toml` | data kantor: instansi, kepala, unit, pegawai dan perannya, zona waktu (`WIB`/`WITA`/`WIT`) |
| `data/raw/<tahun>/triwulan-<n>/` | lembar kerja Rencana Aksi yang masuk (buat templatnya dengan `kinerja templat`) |
| `data/referensi/riwayat-capaian.xlsx` | realisasi tahun-tahun sebelumnya dan target akhir Renstra (buat dengan `kinerja riwayat templat`) |
| `laporan/<tahun>/…/versi-N/` | laporan terbitan `kinerja laporan`; jangan disunting tangan |
| `data/archive/` | arsip resmi yang didokumentasikan (hanya-baca); bila rusak: `kinerja arsip pulihkan` |
| `kinerja.db`, `kinerja.rantai` | riwayat alur SOP (bertanda tangan); jangan diletakkan di folder jaringan |
| `notebooks/` | salinan notebook untuk menjelajah di JupyterLab (`triwulan`, `tahunan`, `jelajah`, `review`, `alur`) |

Notebook di `notebooks/` adalah salinan milik kantor untuk menjelajah: hasilnya ditulis ke folder
sementara pribadi pengguna, tidak pernah ke laporan resmi atau arsip. Laporan resmi selalu dibuat
oleh `kinerja laporan triwulan` / `kinerja laporan tahunan` dari notebook bawaan kinerja.

## Langkah pertama

1. Isi setiap `""` di `kinerja.toml`, lalu periksa: `kinerja konfigurasi`.
2. Setiap pegawai yang bertindak dalam alur membuat kuncinya: `kinerja kunci buat`, lalu admin
   menyalin baris `kunci_publik` yang dicetak ke `kinerja.toml`.
3. Buat templat lembar kerja tahun berjalan: `kinerja templat --tahun 2026 --keluaran rencana-aksi-2026.xlsx`.
4. Masukkan tahun-tahun sebelumnya dan target Renstra: `kinerja riwayat templat --tahun 2026`, isi, lalu
   `kinerja riwayat periksa --tahun 2026`.
5. Setiap Januari: `kinerja tahun-baru --tahun 2026` mencetak daftar yang perlu disiapkan.

Setiap triwulan: `kinerja status`, aksi alur (`kinerja alur …`), `kinerja laporan triwulan`;
setelah TW IV: `kinerja laporan tahunan`. Pemeriksaan riwayat dan arsip: `kinerja audit verifikasi`.
"""
"""The README ``kinerja init`` puts in an office's workspace (Indonesian)."""


def copy_notebooks(workspace: Workspace) -> list[Path]:
    """Copy the shipped notebooks into ``workspace.notebooks`` (an existing copy is never replaced)."""
    written = []
    for source in sorted(NOTEBOOKS_DIR.glob("*.ipynb")):
        target = workspace.notebooks / source.name
        if not target.exists():
            write_bytes(target, source.read_bytes())
            written.append(target)
    return written


SHARED_DIR_MODE = 0o2770
"""A shared workspace's folders: owner and group read/write/enter, setgid, nothing for others."""

SHARED_ITEMS = ("data", "laporan", "narasi", "notebooks", "README.md", "kinerja.db", "kinerja.rantai", "kinerja.db-journal")
"""What of a workspace's root is shared with the group (besides the root and ``kinerja.toml``)."""


def share_workspace(workspace: Workspace, group: str) -> list[Path]:
    """Give the group ``group`` the workspace: group ownership, ``2770`` folders, group-writable files.

    ``kinerja.toml`` gets ``0640`` (read by the group, changed by its owner only); files without
    an owner write bit (archived, write-once) stay read-only for the group too. Only files and
    folders kinerja keeps are touched (:data:`SHARED_ITEMS`), never a checkout's own ones.

    Returns:
        The paths that could not be changed (owned by someone else and not run as root).

    Raises:
        UsageError: the group does not exist, this is not a POSIX system, or the caller is not in
            the group (and not root).
    """
    if os.name != "posix":
        raise UsageError("--bersama hanya untuk server Linux/Unix (grup dan bit setgid); di Windows atur "
                         "izin folder bersama dari Properties > Security.")
    import grp  # noqa: PLC0415 -- POSIX only: Windows has no grp

    try:
        gid = grp.getgrnam(group).gr_gid
    except KeyError:
        raise UsageError(f"Grup '{group}' tidak ada di sistem ini; buat dulu (sebagai root: groupadd {group}) dan "
                         "masukkan semua pegawai yang punya peran di alur (usermod -aG).") from None
    if os.geteuid() != 0 and gid not in os.getgroups() and gid != os.getegid():
        raise UsageError(f"Anda bukan anggota grup '{group}'; jalankan sebagai root atau sebagai anggotanya.")
    root = workspace.root
    make_dirs(workspace.reports)
    refused: list[Path] = []

    def give(path: Path, mode: int) -> None:
        try:
            os.chown(path, -1, gid, follow_symlinks=False)
            os.chmod(path, mode)
        except PermissionError:
            refused.append(path)

    give(root, SHARED_DIR_MODE)
    if workspace.config_file.exists():
        give(workspace.config_file, 0o640)
    for name in SHARED_ITEMS:
        top = root / name
        if top.is_symlink() or not top.exists():
            continue
        for path in [top, *(sorted(top.rglob("*")) if top.is_dir() else [])]:
            if path.is_symlink():
                continue
            if path.is_dir():
                give(path, SHARED_DIR_MODE)
            else:
                writable = path.stat().st_mode & 0o200
                give(path, 0o660 if writable else 0o440)
    return refused


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
    make_dirs(workspace.raw)
    if not contoh:  # one folder per quarter of the running year, so no upload lands in the year folder
        year = last_finished_quarter(dt.date.today())[0]
        for quarter in (1, 2, 3, 4):
            make_dirs(workspace.quarter_folder(year, quarter))
    make_dirs(workspace.archive)
    readme = workspace.archive / "README.md"
    if not readme.exists():
        write_bytes(readme, ARCHIVE_README.encode("utf-8"))
    copy_notebooks(workspace)
    if not (root / "README.md").exists():
        write_bytes(root / "README.md", OFFICE_README.encode("utf-8"))
    if contoh:
        from kinerja.lembar.sample import SAMPLE_TAHUN, write_sample_year  # noqa: PLC0415 -- kinerja.lembar.sample + openpyxl, numpy, PIL (~168 ms) kept off importing this module

        sample = load_config(SAMPLE_CONFIG)
        from kinerja.laporan.model.riwayat import write_workspace_sample_riwayat  # noqa: PLC0415 -- kinerja.laporan.model.riwayat + pandas, numpy, dateutil (~233 ms) kept off importing this module

        write_sample_year(workspace.raw, tahun or SAMPLE_TAHUN, config=sample)
        write_workspace_sample_riwayat(workspace, sample, tahun or SAMPLE_TAHUN)  # earlier years, Renstra, standards
        write_workspace_sample_keys(root, sample)
    # The config last: a folder with a kinerja.toml is a finished workspace.
    write_bytes(workspace.config_file, source.read_bytes())
    if contoh:  # the first event: the sample admin pinned, the sample config taken into the history
        from kinerja.alur.daftar import pin_sample_admin  # noqa: PLC0415 -- kinerja.alur.daftar + json (~26 ms) kept off importing this module

        pin_sample_admin(workspace, sample)
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
        f"  notebooks/     salinan notebook untuk menjelajah di JupyterLab; README.md menjelaskan langkah berikutnya\n"
        f"Lalu periksa dengan: kinerja --ruang-kerja \"{root}\" konfigurasi\n"
        f"Admin lalu membuat kuncinya (kinerja kunci buat) dan menetapkan dirinya serta daftar pegawai, peran dan kunci "
        f"dalam riwayat: kinerja --ruang-kerja \"{root}\" admin mulai"
    )


def describe_shared(workspace: Workspace, group: str, refused: list[Path]) -> str:
    """What ``kinerja init --bersama`` prints (Indonesian)."""
    text = (f"Ruang kerja {workspace.root} dibagi dengan grup '{group}': folder 2770 (setgid), berkas dapat ditulis "
            f"grup, {CONFIG_NAME} hanya dapat diubah pemiliknya. Berkas yang dibuat kinerja di sana mendapat izin "
            "grup dengan sendirinya, apa pun umask tiap pegawai.")
    if refused:
        shown = ", ".join(workspace.shown(p) for p in refused[:5]) + (" …" if len(refused) > 5 else "")
        text += (f"\n{len(refused)} berkas/folder milik pengguna lain tidak dapat diubah ({shown}); "
                 "jalankan perintah ini sebagai root atau sebagai pemiliknya.")
    return text
