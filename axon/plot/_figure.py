"""What every plot shares: matplotlib imported on first use, and saving."""

from __future__ import annotations

import os


def pyplot():
    """``matplotlib.pyplot``, imported only when a plot is drawn (``import axon`` stays fast).

    Raises:
        ImportError: with the install command, when matplotlib is missing.
    """
    try:
        import matplotlib.pyplot as plt
    except ImportError as err:
        raise ImportError("axon.plot needs matplotlib: pip install matplotlib (or pip install axon[plot]).") \
            from err
    return plt


def finish(fig, path=None, dpi: int = 100):
    """Tidy the layout and write ``fig`` to ``path`` (PNG, SVG, PDF by extension) when given.

    Missing parent folders are created. Returns the figure. In a notebook with
    the inline backend the figure is handed over to the notebook rather than
    kept by pyplot: returned as a cell's last value it is shown once, not twice
    (once as the value, once more by pyplot's own display of open figures);
    elsewhere in a cell show it with ``display(fig)``.
    """
    fig.tight_layout()
    if in_inline_notebook():
        pyplot().close(fig)
    if path is not None:
        path = os.fspath(path)
        folder = os.path.dirname(path)
        if folder:
            os.makedirs(folder, exist_ok=True)
        fig.savefig(path, dpi=dpi)
    return fig


def in_inline_notebook() -> bool:
    """Whether figures are drawn by IPython's inline backend (a Jupyter notebook)."""
    import sys

    if "IPython" not in sys.modules:
        return False
    import matplotlib

    return "inline" in matplotlib.get_backend().lower()


def grid_shape(n: int, columns: int | None = None) -> tuple[int, int]:
    """Rows and columns of a near-square grid of ``n`` panels."""
    cols = columns or max(1, int(round(n ** 0.5 + 0.49)))
    cols = min(cols, max(n, 1))
    return (n + cols - 1) // cols, cols
