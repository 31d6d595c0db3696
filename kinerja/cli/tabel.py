"""Plain aligned text tables for the terminal (no pandas: status commands must start fast)."""

from __future__ import annotations

from collections.abc import Sequence


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
