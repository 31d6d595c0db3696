"""Tables on the terminal and the same rows as JSON, CSV or .xlsx (``--format``).

:func:`cetak_baris` draws rows with rich: the table fits the terminal width (``COLUMNS`` when
output is not a terminal), long text columns wrap inside their cell, numbers are right-aligned;
it needs no pandas (``kinerja status`` must start fast). :func:`cetak` does the same for a
DataFrame and :func:`keluarkan` is what the commands call for every ``--format``.
:func:`render` is the plain aligned text table (no wrapping) kept for callers that want it.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kinerja.errors import UsageError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

FORMATS = ("tabel", "json", "csv", "xlsx")
PIPE_WIDTH = 200
"""Table width when the output is not a terminal and ``COLUMNS`` is not set."""
WORD_CAP = 18
SHORT = 9
"""Columns whose every value is at most this long keep one fixed width."""
"""Longest word kept whole in a table cell; longer ones (paths, codes) fold."""


class Keluaran(click.Path):
    """A ``--keluaran``/``--tandai`` path: refused inside official results (:func:`kinerja.resmi.refuse_official_target`)."""

    def convert(self, value, param, ctx):  # noqa: D102 - click API
        path = super().convert(value, param, ctx)
        from kinerja.resmi import refuse_official_target  # noqa: PLC0415 -- kinerja.resmi (~1 ms) kept off `kinerja --help`, `kinerja layani` start

        name = param.opts[0] if param is not None and param.opts else "keluaran"
        refuse_official_target(os.fsdecode(path), asal=name)
        return path


def console(width: int | None = None, *, err: bool = False):
    """A rich console on the current stdout/stderr (so ``CliRunner`` captures it).

    Width: ``width`` when given, else ``COLUMNS``, else the terminal's; output that goes to a
    file or a pipe without ``COLUMNS`` gets :data:`PIPE_WIDTH` (long lines rather than wrapped cells).
    """
    from rich.console import Console  # noqa: PLC0415 -- rich.console (~42 ms) kept off `kinerja --help`

    stream = sys.stderr if err else sys.stdout
    if width is None and not os.environ.get("COLUMNS") and not (hasattr(stream, "isatty") and stream.isatty()):
        width = PIPE_WIDTH
    return Console(file=stream, width=width, highlight=False, soft_wrap=False,
                   emoji=False, markup=False)


def render(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Left-aligned columns separated by two spaces, header first.

    >>> print(render(["A", "Kolom"], [["x", 1], ["yyy", 22]]))
    A    Kolom
    x    1
    yyy  22
    """
    cells = [[str(v) for v in header], *[[str(v) for v in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    return "\n".join("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() for row in cells)


def cetak_baris(header: Sequence[str], rows: Sequence[Sequence[object]], *, judul: str | None = None,
                kanan: Sequence[str] = (), lebar: dict[str, int] | None = None, width: int | None = None,
                err: bool = False) -> None:
    """Print rows as a rich table that fits the terminal; ``kanan``: right-aligned columns."""
    from rich import box  # noqa: PLC0415 -- rich (~7 ms) kept off `kinerja --help`
    from rich.table import Table  # noqa: PLC0415 -- rich.table (~32 ms) kept off `kinerja --help`

    out = console(width, err=err)
    if not rows:
        out.print("(tidak ada baris)")
        return
    table = Table(title=judul, box=box.SIMPLE_HEAD, padding=(0, 1, 0, 0), pad_edge=False, show_edge=False,
                  expand=False, title_justify="left")
    texts = [["" if _missing(value) else str(value) for value in row] for row in rows]
    columns = [str(c) for c in header]
    widths = column_widths(columns, texts, out.width, lebar or {})
    for column, width in zip(columns, widths, strict=True):
        table.add_column(column, overflow="fold", justify="right" if column in kanan else "left", width=width)
    for row in texts:
        table.add_row(*row)
    out.print(table)


def column_widths(header: Sequence[str], rows: Sequence[Sequence[str]], total: int,
                  minimum: dict[str, int] | None = None) -> list[int]:
    """Widths that fit ``total`` columns: short columns whole, text columns share the rest.

    A column whose every value is at most :data:`SHORT` characters keeps its longest value; the
    others get at least their longest word (up to :data:`WORD_CAP`) and share the remaining
    width in proportion to how much they would need, so text wraps at spaces.

    >>> column_widths(["Kode", "Pesan"], [["A1", "kata " * 30]], 40)
    [4, 33]
    """
    count = len(header)
    available = total - (2 * count - 1)  # one padding column each, one separator between columns
    for cap in (WORD_CAP, 14, 12, 10, 8, 6):  # a narrow terminal: let long words fold sooner
        widths = _widths(header, rows, available, cap, minimum or {})
        if sum(widths) <= available:
            break
    return widths


def _widths(header: Sequence[str], rows: Sequence[Sequence[str]], available: int, cap: int,
            minimum: dict[str, int]) -> list[int]:
    fixed: dict[int, int] = {}
    need: dict[int, int] = {}
    least: dict[int, int] = {}
    for index, column in enumerate(header):
        cells = [r[index] for r in rows]
        longest_cell = max((len(text) for text in cells), default=0)
        header_word = max(len(word) for word in column.split())  # headers never fold
        longest_word = max(len(word) for text in cells for word in (text.split() or [""])) if cells else 0
        if longest_cell <= SHORT and longest_word <= cap:
            fixed[index] = max(longest_cell, longest_word, header_word)
        else:
            need[index] = max(longest_cell, len(column))
            least[index] = max(min(longest_word, cap), header_word, min(minimum.get(column, 0), longest_cell))
    room = available - sum(fixed.values())
    widths = dict(fixed)
    if sum(need.values()) <= room:
        widths.update(need)
    else:
        spare = max(room - sum(least.values()), 0)
        extra = {i: need[i] - least[i] for i in need}
        weight = sum(extra.values()) or 1
        for i in need:
            widths[i] = least[i] + spare * extra[i] // weight
    return [widths[i] for i in range(len(header))]


def cetak(frame: pd.DataFrame, *, judul: str | None = None, lebar: dict[str, int] | None = None,
          width: int | None = None, err: bool = False) -> None:
    """Print ``frame`` as a table that fits the terminal.

    Args:
        frame: rows to show (column names are the headers).
        judul: optional title above the table.
        lebar: minimum widths of some columns (e.g. keep a code readable).
        width: force a width (tests); default: the terminal's.
    """
    numeric = [str(c) for c in frame.columns if str(frame[c].dtype).startswith(("int", "float", "Int", "Float"))]
    cetak_baris([str(c) for c in frame.columns], list(frame.itertuples(index=False)), judul=judul, kanan=numeric,
                lebar=lebar, width=width, err=err)


def _missing(value: object) -> bool:
    try:
        return value is None or value != value  # NaN
    except (TypeError, ValueError):
        return False


def keluarkan(frame: pd.DataFrame, fmt: str, *, keluaran: str | None = None, lembar: str = "Data",
              judul: str | None = None, lebar: dict[str, int] | None = None,
              records: Sequence[dict] | None = None) -> None:
    """Emit rows in format ``fmt``: a table, JSON (stdout), CSV (stdout or ``keluaran``), or .xlsx (``keluaran``).

    ``records`` (optional) is what JSON prints instead of ``frame`` (e.g. raw values, ISO times).
    """
    if fmt == "tabel":
        cetak(frame, judul=judul, lebar=lebar)
    elif fmt == "json":
        rows = list(records) if records is not None else json.loads(frame.to_json(orient="records", force_ascii=False))
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
    elif fmt == "csv":
        from kinerja.spreadsheet import frame_csv  # noqa: PLC0415 -- kept off `kinerja --help` (loaded by every command)

        text = frame_csv(frame)
        if keluaran:
            from kinerja.atomic import write_text  # noqa: PLC0415 -- kept off `kinerja --help` (loaded by every command)

            write_text(Path(keluaran), text)
            click.echo(f"{len(frame)} baris ditulis ke {keluaran}", err=True)
        else:
            click.echo(text, nl=False)
    elif fmt == "xlsx":
        if not keluaran or Path(keluaran).suffix.lower() != ".xlsx":
            raise UsageError("--format xlsx memerlukan --keluaran BERKAS.xlsx.")
        from kinerja.atomic import atomic_path  # noqa: PLC0415 -- kept off `kinerja --help` (loaded by every command)
        from kinerja.spreadsheet import write_frame_xlsx  # noqa: PLC0415 -- kept off `kinerja --help` (loaded by every command)

        with atomic_path(Path(keluaran)) as tmp:
            write_frame_xlsx(frame, tmp, lembar)
        click.echo(f"{len(frame)} baris ditulis ke {keluaran}", err=True)
    else:  # pragma: no cover - click.Choice keeps this out
        raise UsageError(f"Format '{fmt}' tidak dikenal; pilih salah satu: {', '.join(FORMATS)}.")


def findings_view(frame):
    """The findings as shown on the terminal: file name only, Indonesian headers."""
    shown = frame[["tingkat", "berkas", "sel", "kolom", "kode", "pesan"]].copy()
    shown["berkas"] = shown["berkas"].map(lambda b: Path(str(b)).name)
    shown.columns = ["Tingkat", "Berkas", "Sel", "Kolom", "Kode", "Pesan"]
    return shown


KODE_WHOLE = {"Kode": 24}
"""Reason codes are what people search for: never folded."""
