"""How the app's "Susun laporan" runs a case's report: on the warm parts of the ``kinerja layani``
that serves the page when there is one (:mod:`kinerja.web.susun`: a kernel with kinerja and pandas
imported and a browser, kept running), else as ``kinerja laporan triwulan|tahunan`` in a child
process (JupyterLab's ``alur.ipynb``, or a service that is gone). Both give the same report and the
same lines: the warm service answers with what the command prints (``runner.result_lines``).

The page's kernel finds the service through :data:`ENV_ALAMAT` and :data:`ENV_KUNCI`, which
``kinerja layani`` puts in the environment its kernels inherit: a local socket (a Unix socket in a
private folder, a named pipe on Windows) and the key that authenticates each connection.
"""

from __future__ import annotations

import os
import subprocess
import sys

from kinerja.paths import Workspace
from kinerja.proses import BatasWaktu, run_limited

ENV_ALAMAT = "KINERJA_SUSUN_ALAMAT"
ENV_KUNCI = "KINERJA_SUSUN_KUNCI"


def permintaan(workspace: Workspace, tahun: int, triwulan: int | None) -> dict:
    """What the page asks the warm service for."""
    return {"ruang_kerja": str(workspace.root), "tahun": tahun, "triwulan": triwulan}


def susun_laporan(workspace: Workspace, tahun: int, triwulan: int | None, *,
                  batas_waktu: float | None = None) -> subprocess.CompletedProcess:
    """Run the case's report (quarter, or the year when ``triwulan`` is None); returns the finished
    "process": ``returncode``, ``stdout``, ``stderr`` as ``kinerja laporan`` gives them.
    ``batas_waktu``: seconds the child process may take (the config's ``[batas] batas_waktu_susun``)."""
    done = _hangat(workspace, tahun, triwulan)
    return done if done is not None else _dingin(workspace, tahun, triwulan, batas_waktu)


def _hangat(workspace: Workspace, tahun: int, triwulan: int | None) -> subprocess.CompletedProcess | None:
    """The warm service's answer, or None when there is none to ask (or it stopped answering)."""
    from multiprocessing.connection import Client  # noqa: PLC0415 -- multiprocessing.connection + socket (~6 ms) kept off importing this module

    alamat, kunci = os.environ.get(ENV_ALAMAT), os.environ.get(ENV_KUNCI)
    if not alamat or not kunci:
        return None
    try:
        with Client(alamat, authkey=bytes.fromhex(kunci)) as conn:
            conn.send(permintaan(workspace, tahun, triwulan))
            reply = conn.recv()
    except (OSError, EOFError, ValueError):  # no service (stopped, restarting) or a bad key: the command instead
        return None
    except Exception:  # noqa: BLE001 - multiprocessing's AuthenticationError and a broken reply alike
        return None
    if not isinstance(reply, dict) or "returncode" not in reply:
        return None
    return subprocess.CompletedProcess(["kinerja layani: susun laporan"], int(reply["returncode"]),
                                       str(reply.get("stdout", "")), str(reply.get("stderr", "")))


def _dingin(workspace: Workspace, tahun: int, triwulan: int | None,
            batas_waktu: float | None = None) -> subprocess.CompletedProcess:
    """``kinerja laporan triwulan|tahunan`` for the case in a child process: the same code path as
    the command line, and no clash with a kernel's own event loop (Playwright's printing needs its own).
    Past ``batas_waktu`` seconds the child, its kernel and its browser are ended
    (:func:`kinerja.proses.run_limited`) and the "process" fails with :func:`pesan_batas_waktu`."""
    which = ["tahunan"] if triwulan is None else ["triwulan", "--triwulan", str(triwulan)]
    command = [sys.executable, "-m", "kinerja.cli", "--ruang-kerja", str(workspace.root), "laporan", *which,
               "--tahun", str(tahun)]
    try:
        return run_limited(command, batas_waktu, cwd=workspace.root)
    except BatasWaktu as exc:
        return subprocess.CompletedProcess(command, exc.hasil.returncode or 1, exc.hasil.stdout,
                                           exc.hasil.stderr + f"Galat: {pesan_batas_waktu(batas_waktu or 0)}\n")


def pesan_batas_waktu(detik: float) -> str:
    """What the page says when "Susun laporan" ran past its limit.

    >>> pesan_batas_waktu(900)
    'Penyusunan laporan dihentikan karena melewati batas waktu 15 menit; laporan belum disusun. Coba lagi saat server tidak sibuk; bila terus terjadi, minta admin aplikasi kinerja memeriksa server atau menaikkan [batas] batas_waktu_susun.'
    """
    waktu = (f"{detik / 60:g} menit" if detik >= 60 else f"{detik:g} detik").replace(".", ",")
    return (f"Penyusunan laporan dihentikan karena melewati batas waktu {waktu}; laporan belum disusun. Coba lagi "
            "saat server tidak sibuk; bila terus terjadi, minta admin aplikasi kinerja memeriksa server atau menaikkan "
            "[batas] batas_waktu_susun.")
