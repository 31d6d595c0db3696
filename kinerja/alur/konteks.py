"""The workspace context: one office's workspace with its config and its workflow store, resolved once.

A CLI command, the web app and a report notebook each build one :class:`KonteksKerja` at their
edge (:meth:`KonteksKerja.buka`: the workspace found once, its ``kinerja.toml`` read at most once)
and hand it down. It *is* a :class:`~kinerja.paths.Workspace` (the folders, the archive and the
report folders of a :class:`~kinerja.domain.periode.Periode`), so every function that takes a
workspace takes it unchanged; a function that reads or writes the signed history asks
:func:`store_of`, which gives the context's one store instead of opening the database again.
Called with a plain :class:`~kinerja.paths.Workspace` (tests, an older notebook), such a function
opens a store for that call and closes it after, as before.

One store per context, per process and per thread: an SQLite connection is never used by two
threads (the web app's widget callbacks and its progress ticker) nor inherited by another process
(a Pemda worker, a forked child): a copy of a context pickled into another process carries the
workspace and the config, never a connection. ``with ruang:`` marks one use (a command, one action
of the web app): the store opened during it is closed when the outermost use ends, and opened
again by the next.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kinerja.alur.store import Store
from kinerja.config import Config, load_config, load_workspace_config
from kinerja.domain.periode import Periode
from kinerja.paths import Workspace, find_workspace


@dataclass(frozen=True, eq=False)
class KonteksKerja(Workspace):
    """A workspace (``root``) with its config and its workflow store, each resolved at most once.

    Args:
        root: the workspace folder.
        konfigurasi: another config file (``--konfigurasi``); '' = the workspace's ``kinerja.toml``.
        dimuat: a config already loaded at the edge (the web app's, a test's): used as it is.
    """

    konfigurasi: str | Path = ""
    dimuat: Config | None = field(default=None, repr=False)
    _cache: dict[Any, Any] = field(default_factory=dict, init=False, repr=False, compare=False)
    _kunci: Any = field(default_factory=threading.Lock, init=False, repr=False, compare=False)

    @classmethod
    def buka(cls, ruang_kerja: str | os.PathLike[str] | Workspace | None = None, *, konfigurasi: str | Path = "",
             config: Config | None = None) -> KonteksKerja:
        """The context of a workspace named by the edge: a context itself (returned as it is), a
        :class:`~kinerja.paths.Workspace`, or a folder ('' / None: :func:`~kinerja.paths.find_workspace`'s lookup).

        Raises:
            ConfigError: no workspace there.
        """
        if isinstance(ruang_kerja, KonteksKerja) and not konfigurasi and (config is None or config is ruang_kerja.config):
            return ruang_kerja  # a context is handed down as it is (a config given with it is its own)
        root = ruang_kerja.root if isinstance(ruang_kerja, Workspace) else find_workspace(ruang_kerja or None).root
        return cls(root, konfigurasi or "", config)

    @property
    def workspace(self) -> Workspace:
        """The plain workspace (folders only), what crosses to another process."""
        return Workspace(self.root)

    @property
    def config(self) -> Config:
        """The office config: loaded on first use, once (the given one, ``konfigurasi``, else ``kinerja.toml``).

        Raises:
            ConfigError: the file is missing or invalid (asked again on the next use: nothing half-loaded is kept).
        """
        if self.dimuat is not None:
            return self.dimuat
        with self._kunci:
            if "config" not in self._cache:
                self._cache["config"] = (load_config(self.konfigurasi) if self.konfigurasi
                                         else load_workspace_config(self.root))
            config: Config = self._cache["config"]
            return config

    @property
    def store(self) -> Store:
        """The workflow store of this context in this process and thread, opened on first use
        (reading never creates the database: :class:`~kinerja.alur.store.Store` opens lazily)."""
        key = ("store", os.getpid(), threading.get_ident())
        with self._kunci:
            store = self._cache.get(key)
            if store is None:
                store = self._cache[key] = Store(self.database)
            return store

    def report_folder(self, periode: Periode) -> Path:
        """The report folder of a period: ``laporan/<tahun>/<triwulan-n|tahunan>/``."""
        return self.report_dir(periode.tahun, periode.triwulan)

    def archive_folder(self, periode: Periode) -> Path:
        """The archive folder of a period: ``data/archive/<tahun>/<triwulan-n|tahunan>/``."""
        return self.archive_dir(periode.tahun, periode.triwulan)

    def tutup(self) -> None:
        """Close this thread's store and let go of the other threads' (an SQLite connection is closed
        only by its own thread: theirs close when released); the next use opens one again."""
        pid, mine = os.getpid(), threading.get_ident()
        with self._kunci:
            stores = {key: self._cache.pop(key) for key in list(self._cache)
                      if isinstance(key, tuple) and key[0] == "store" and key[1] == pid}
        store = stores.pop(("store", pid, mine), None)
        if store is not None:
            store.close()

    def __enter__(self) -> KonteksKerja:
        key = ("pakai", threading.get_ident())
        with self._kunci:
            self._cache[key] = self._cache.get(key, 0) + 1
        return self

    def __exit__(self, *exc: object) -> None:
        key = ("pakai", threading.get_ident())
        with self._kunci:
            self._cache[key] -= 1
            last = self._cache[key] == 0
        if last:
            self.tutup()

    def __reduce__(self) -> tuple[Any, ...]:
        """A copy for another process: the workspace and the config, never an open connection."""
        return (KonteksKerja, (self.root, self.konfigurasi, self.dimuat or self._cache.get("config")))


def konteks_of(workspace: Workspace, config: Config | None = None) -> KonteksKerja:
    """``workspace`` as a context: itself when it is one, else a new one (with ``config`` when given)."""
    if isinstance(workspace, KonteksKerja):
        return workspace
    return KonteksKerja(workspace.root, "", config)


@contextlib.contextmanager
def store_of(workspace: Workspace) -> Iterator[Store]:
    """The workflow store to read or write ``workspace``'s history with: a context's own (left open
    for the rest of its use), else a store opened for this call and closed when it ends."""
    if isinstance(workspace, KonteksKerja):
        yield workspace.store
        return
    store = Store(workspace.database)
    try:
        yield store
    finally:
        store.close()
