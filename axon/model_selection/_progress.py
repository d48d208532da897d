"""Plain-text output shared by the model-selection results: progress lines and tables."""

from __future__ import annotations

import numbers
import sys


def say(message: str) -> None:
    """Print one progress line to the current ``sys.stdout`` and flush it."""
    sys.stdout.write(message + "\n")
    sys.stdout.flush()


def fmt(value) -> str:
    """A value as a short table cell: 4 significant digits for floats."""
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        return f"{float(value):.4g}"
    return str(value)


def scores_line(scores: dict) -> str:
    """``'loss 0.1234 - accuracy 0.95'`` for a dict of scores."""
    return " - ".join(f"{k} {fmt(v)}" for k, v in scores.items())


def table(rows: list[dict], columns: list[str] | None = None, title: str | None = None) -> str:
    """A fixed-width text table of ``rows`` (dicts), one column per key.

    Example:
        >>> print(table([{"fold": 1, "loss": 0.5}, {"fold": 2, "loss": 0.25}]))
        fold  loss
        ----  ----
           1   0.5
           2  0.25
    """
    if columns is None:
        columns = list(dict.fromkeys(k for row in rows for k in row))
    cells = [[fmt(row.get(c, "")) for c in columns] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    lines = [] if title is None else [title]
    lines.append("  ".join(c.rjust(w) for c, w in zip(columns, widths)))
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(v.rjust(w) for v, w in zip(r, widths)) for r in cells]
    return "\n".join(lines)
