"""``gradient_flow``: the gradient reaching each layer, on a log scale."""

from __future__ import annotations

import numpy as np

from axon.plot._figure import finish, pyplot


def gradient_flow(flows, path=None, title: str | None = None):
    """Mean |gradient| per layer (from ``axon.explain.gradient_flow``), input side on the left.

    Args:
        flows: one ``{layer: value}`` dict, or ``{label: {layer: value}}`` to
            compare several models (e.g. ``{'sigmoid': ..., 'relu': ...}``).
        path: write the figure there as well.

    Returns:
        The matplotlib Figure.

    Example:
        >>> axon.plot.gradient_flow({"sigmoid": flow_sigmoid, "relu": flow_relu})
    """
    if flows and all(isinstance(v, dict) for v in flows.values()):
        series = dict(flows)
    else:
        series = {"": flows}
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(6.5, 3.8))
    for label, flow in series.items():
        values = np.maximum(np.asarray(list(flow.values()), dtype=float), 1e-30)
        ax.semilogy(np.arange(1, len(values) + 1), values, "o-", label=label or None)
    ax.set_xlabel("layer (1 = nearest the input)")
    ax.set_ylabel("mean |dL/dW|")
    ax.set_title(title or "Gradient reaching each layer")
    ax.grid(alpha=0.3, which="both")
    if len(series) > 1 or next(iter(series)):
        ax.legend()
    return finish(fig, path)
