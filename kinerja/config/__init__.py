"""The office config (``kinerja.toml``): a strict schema, read into frozen dataclasses.

Every workspace has its own ``kinerja.toml`` (``kinerja init`` writes a skeleton to fill).
Nothing is merged over another file: the office's own data (``[instansi]``, ``[kepala]``,
``[[unit]]``, ``[[pegawai]]`` with at least one person per role) must be written; only the
regulatory tables (``[[predikat]]`` bands of Permendagri 86/2017, ``[efisiensi]``, ``[skala]``,
``[jam_kerja]`` of Perpres 21/2023, ``[alur]``, ``[laporan]``) have defaults. The fictional
sample office (``kinerja/data/kinerja.toml``) carries ``contoh = true``: it is used only in a
sample workspace (``kinerja init --contoh``, ``kinerja demo``) and its reports say CONTOH.

Validation collects every problem before failing (one :class:`ConfigError` listing them
all), each naming the file, the key (``pegawai[2].unit``) and what is expected. Unknown keys
are errors with a did-you-mean (``[kepla]`` → "maksud Anda [kepala]?"); numbers must be
finite; predikat bands run strictly downward. The file is read as UTF-8 with or without BOM.
The package by what it does: ``kinds`` (what a key may hold, the field declarers), ``schema``
(the dataclasses, and how to add a key), ``rules`` (rules across keys), ``load`` (reading the
file; :func:`parse_schema` is the one strict reader of a TOML file into a schema's dataclasses, which
``pemda.toml`` goes through too, with its schema in :mod:`kinerja.pemda.workspace`). The names callers use are handed on here.
"""

from kinerja.config.kinds import (
    SMTP_SECURITY,
    WEEKDAYS,
    Invalid,
    Kind,
    ceiling,
    integer,
    key,
    known_time_zone,
    positive,
    table,
    tables,
    time_zone_name,
)
from kinerja.config.load import (
    load_config,
    load_workspace_config,
    parse_config,
    parse_schema,
    read_toml_text,
)
from kinerja.config.rules import Problem
from kinerja.config.schema import (
    DEFAULT_SKALA,
    Alur,
    Batas,
    Config,
    Efisiensi,
    Instansi,
    Kepala,
    KepalaDaerah,
    Laporan,
    Pegawai,
    Surel,
    Unit,
)
from kinerja.domain.peran import ROLE_LABELS, ROLES
from kinerja.domain.predikat import DEFAULT_PREDIKAT, Band
from kinerja.domain.workcalendar import JamKerja

__all__ = [
    "DEFAULT_PREDIKAT", "DEFAULT_SKALA", "ROLES", "ROLE_LABELS", "SMTP_SECURITY", "WEEKDAYS",
    "Alur", "Band", "Batas", "Config", "Efisiensi", "Instansi", "Invalid", "JamKerja", "Kepala", "KepalaDaerah",
    "Kind", "Laporan", "Pegawai", "Problem", "Surel", "Unit",
    "ceiling", "integer", "key", "known_time_zone", "load_config", "load_workspace_config", "parse_config", "parse_schema",
    "positive", "read_toml_text", "table", "tables", "time_zone_name",
]
