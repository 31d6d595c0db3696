"""Reading kinerja's TOML files strictly (``kinerja.toml``; ``pemda.toml`` with its own schema): TOML into a
schema's dataclasses, every problem collected before failing, each named by file and key in Indonesian."""

from __future__ import annotations

import dataclasses
import difflib
import re
import tomllib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar, cast

from kinerja.config.kinds import OPTIONAL_TEXT, REQUIRED, Invalid, Kind, schema_fields
from kinerja.config.rules import CHECKS, Problem
from kinerja.config.schema import Config
from kinerja.errors import ConfigError
from kinerja.paths import CONFIG_NAME, INIT_HINT, SAMPLE_CONFIG

T = TypeVar("T")


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _blank(value: Any) -> bool:
    """An empty skeleton value: ``""`` or a list of only ``""``."""
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, list) and bool(value) and all(isinstance(v, str) and not v.strip() for v in value)


def _label(name: str, value: Any, cls_field: dataclasses.Field | None = None) -> str:
    """How a key is written in TOML: ``[x]`` for a table, ``[[x]]`` for an array of tables."""
    if cls_field is not None:
        if "table" in cls_field.metadata:
            return f"[{name}]"
        if "tables" in cls_field.metadata:
            return f"[[{name}]]"
        return name
    if isinstance(value, dict):
        return f"[{name}]"
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        return f"[[{name}]]"
    return name


def _read_table(cls: type, data: dict[str, Any], where: str, problems: list[Problem], into: type | None = None, *,
                extra: Mapping[str, Any] | None = None) -> Any:
    """Convert one TOML table into ``cls`` (or ``into``, a class with its fields; ``extra``: its fields that are no
    keys); problems are appended, None returned when any."""
    fields = {f.name: f for f in schema_fields(cls)}
    before = len(problems)
    prefix = f"{where}." if where else ""
    for name, value in data.items():
        if name not in fields:
            close = difflib.get_close_matches(name, list(fields), n=1, cutoff=0.6)
            hint = f"maksud Anda {_label(prefix + close[0], None, fields[close[0]])}?" if close else (
                "salah satu dari " + ", ".join(_label(prefix + n, None, f) for n, f in fields.items()))
            problems.append(Problem(_label(prefix + name, value), "tidak dikenal", hint))
    values: dict[str, Any] = {}
    for name, f in fields.items():
        path = prefix + name
        if name not in data:
            if f.default is REQUIRED and f.default_factory is REQUIRED:
                expected = f.metadata["kind"].expected if "kind" in f.metadata else (
                    f"tabel {_label(name, None, f)} berisi " + ", ".join(sf.name for sf in schema_fields(f.metadata.get("table") or f.metadata["tables"])))
                doc = f.metadata.get("doc", "")
                problems.append(Problem(path, "belum diisi", expected + (f" ({doc})" if doc else "")))
            continue
        value = data[name]
        if "table" in f.metadata:
            sub = f.metadata["table"]
            if not isinstance(value, dict):
                problems.append(Problem(path, f"tidak valid (tertulis: {_shown(value)})", f"tabel [{name}]"))
                continue
            values[name] = _read_table(sub, value, path, problems, f.metadata["into"])
        elif "tables" in f.metadata:
            sub = f.metadata["tables"]
            if not isinstance(value, list) or not value or not all(isinstance(v, dict) for v in value):
                problems.append(Problem(path, f"tidak valid (tertulis: {_shown(value)})", f"paling sedikit satu tabel [[{name}]]"))
                continue
            values[name] = tuple(_read_table(sub, item, f"{path}[{i}]", problems, f.metadata["into"])
                                 for i, item in enumerate(value, start=1))
        else:
            kind: Kind = f.metadata["kind"]
            doc = f.metadata.get("doc", "")
            if kind is not OPTIONAL_TEXT and _blank(value):
                problems.append(Problem(path, "belum diisi", kind.expected + (f" ({doc})" if doc else "")))
                continue
            try:
                values[name] = kind.convert(value)
            except Invalid as exc:
                inner = f".{exc.args[0]}" if exc.args else ""
                problems.append(Problem(path + inner, f"tidak valid (tertulis: {_shown(value)})",
                                        kind.expected + (f" ({doc})" if doc else "")))
    if len(problems) > before:
        return None
    return (into or cls)(**values, **(extra or {}))


def _fail(source: str, problems: list[Problem]) -> ConfigError:
    if len(problems) == 1:
        return ConfigError(f"{source}: {problems[0].line()}.")
    lines = "\n".join(f"  - {p.line()}" for p in problems)
    return ConfigError(f"{source}: konfigurasi tidak valid ({len(problems)} masalah):\n{lines}")


def parse_toml(text: str, source: str) -> dict[str, Any]:
    """TOML ``text`` as a dict; ``source`` names the file in the message.

    Raises:
        ConfigError: not TOML: the line and column, in Indonesian.
    """
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        detail = re.sub(r"\s*\(at line.*\)$", "", str(exc))
        place = f" pada baris {where.group(1)}, kolom {where.group(2)}" if where else ""
        raise ConfigError(f"{source}: bukan TOML yang sah{place} ({detail}). "
                          'Periksa tanda kurung [ ], tanda kutip dan tanda = di baris itu.') from None


def parse_schema(cls: type[T], text: str, source: str, *, checks: Sequence[Callable[[T], list[Problem]]] = (),
                 extra: Mapping[str, Any] | None = None) -> T:
    """Read TOML ``text`` into the schema dataclass ``cls`` (fields declared with :func:`~kinerja.config.kinds.key`,
    :func:`~kinerja.config.kinds.table`, :func:`~kinerja.config.kinds.tables`): the one strict reader of kinerja's
    TOML files (``kinerja.toml``, ``pemda.toml``). ``extra``: values of ``cls``'s fields that are no keys (the
    source file); ``checks``: rules across keys, run once every key has the right kind.

    Raises:
        ConfigError: not TOML, or listing every key that is unknown, missing or wrong, each with
            what is expected, ``source`` naming the file.
    """
    data = parse_toml(text, source)
    problems: list[Problem] = []
    value = _read_table(cls, data, "", problems, extra=extra)
    if value is not None:
        for check in checks:
            problems.extend(check(value))
    if problems:
        raise _fail(source, problems)
    return cast(T, value)


def parse_config(text: str, source: str) -> Config:
    """Validate TOML ``text`` against the schema; ``source`` names the file in messages.

    Raises:
        ConfigError: not TOML, or listing every key that is unknown, missing or wrong.
    """
    # the source is set before the rules run: they may resolve files next to the config
    return parse_schema(Config, text, source, checks=CHECKS, extra={"source": source})


def read_toml_text(path: Path, missing: str = "") -> str:
    """A config file's text: UTF-8 with or without BOM (old Notepad), CRLF or LF.

    Args:
        missing: the message when the file does not exist (default: how to create a ``kinerja.toml``).

    Raises:
        ConfigError: the file is missing, unreadable or not UTF-8.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(missing or f"Berkas konfigurasi {path} tidak ditemukan. {INIT_HINT}") from None
    except OSError as exc:
        raise ConfigError(f"Berkas konfigurasi {path} tidak dapat dibaca: {exc.strerror or exc}.") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: bukan teks UTF-8 (bita ke-{exc.start + 1}); "
                          "simpan ulang berkas ini sebagai UTF-8 (Notepad: Simpan sebagai → Pengodean UTF-8).") from None


def load_config(path: str | Path | None = None) -> Config:
    """Load and validate ``path``; with no path, the fictional sample office (``contoh = true``).

    Raises:
        ConfigError: the file is missing, not UTF-8/TOML, or breaks the schema.
    """
    path = SAMPLE_CONFIG if path is None else Path(path)
    return parse_config(read_toml_text(path), str(path))


def load_workspace_config(workspace_root: str | Path) -> Config:
    """The config of a workspace: its ``kinerja.toml``, which must exist.

    Raises:
        ConfigError: no ``kinerja.toml`` there (the message says how to create one), or invalid.
    """
    path = Path(workspace_root) / CONFIG_NAME
    if not path.is_file():
        raise ConfigError(f"Folder {Path(workspace_root)} bukan ruang kerja kinerja: tidak ada {CONFIG_NAME}. {INIT_HINT}")
    return load_config(path)
