"""Training curves: ``history`` (loss and metrics per epoch) and ``learning_curve``
(score against the number of training samples)."""

from __future__ import annotations

import numpy as np

from axon.plot._figure import finish, pyplot


def history(history_or_dict, metrics=None, path=None, title: str | None = None):
    """Loss and metric curves of a training run, one panel per quantity.

    Training values are solid lines, validation values (``val_...``) dashed,
    in the same colour.

    Args:
        history_or_dict: the ``History`` that ``fit`` returns, its ``.history``
            dict, or a model that has been fitted.
        metrics: the quantities to draw (``['loss', 'accuracy']``); default all
            of them except the learning rate.
        path: write the figure there as well (PNG, SVG ... by extension).
        title: a title over the panels.

    Returns:
        The matplotlib Figure.

    Example:
        >>> history = model.fit(x, y, validation_split=0.2, epochs=10)
        >>> axon.plot.history(history, path="curves.png")
    """
    logs = _as_dict(history_or_dict)
    names = _metric_names(logs, metrics)
    plt = pyplot()
    fig, axes = plt.subplots(1, len(names), figsize=(4.2 * len(names), 3.4), squeeze=False)
    from matplotlib.ticker import MaxNLocator

    for ax, name in zip(axes[0], names):
        if name in logs:
            values = np.asarray(logs[name], dtype=float)
            line, = ax.plot(np.arange(1, len(values) + 1), values, label=f"training {name}", **_markers(values))
            color = line.get_color()
        else:
            color = None
        if f"val_{name}" in logs:
            values = np.asarray(logs[f"val_{name}"], dtype=float)
            ax.plot(np.arange(1, len(values) + 1), values, "--", color=color, label=f"validation {name}",
                    **_markers(values))
        epochs = max(len(logs.get(key, ())) for key in (name, f"val_{name}"))
        ax.set_xlim(0.5, max(epochs, 1) + 0.5)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=1))  # epochs are whole numbers
        ax.set_xlabel("epoch")
        ax.set_ylabel(name)
        ax.grid(alpha=0.3)
        ax.legend()
    if title:
        fig.suptitle(title)
    return finish(fig, path)


def _markers(values) -> dict:
    # A line through one point draws nothing: few epochs get a dot on each.
    return {"marker": "o", "markersize": 4} if len(values) <= 20 else {}


def learning_curve(result, path=None, title: str | None = None):
    """Training and validation scores against the training-set size, mean ± one std.

    Args:
        result: an object (or dict) with ``train_sizes`` (ints), ``train_scores``
            and ``val_scores`` (arrays of shape ``(n_sizes, n_folds)``) and
            ``metric`` (its name), as ``axon.model_selection.learning_curve`` returns.
        path: write the figure there as well.

    Returns:
        The matplotlib Figure.

    Example:
        >>> result = axon.model_selection.learning_curve(build_model, x, y)
        >>> axon.plot.learning_curve(result)
    """
    sizes = np.asarray(_field(result, "train_sizes"), dtype=float)
    train = np.asarray(_field(result, "train_scores"), dtype=float).reshape(len(sizes), -1)
    val = np.asarray(_field(result, "val_scores"), dtype=float).reshape(len(sizes), -1)
    metric = _field(result, "metric", "score")
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(5.5, 4))
    for scores, label, style in ((train, "training", "o-"), (val, "validation", "s--")):
        mean, std = scores.mean(axis=1), scores.std(axis=1)
        line, = ax.plot(sizes, mean, style, label=f"{label} {metric}")
        ax.fill_between(sizes, mean - std, mean + std, color=line.get_color(), alpha=0.2)
    ax.set_xlabel("training samples")
    ax.set_ylabel(str(metric))
    ax.set_title(title or "Learning curve")
    ax.grid(alpha=0.3)
    ax.legend()
    return finish(fig, path)


def _as_dict(value) -> dict:
    if isinstance(value, dict):
        return value
    inner = getattr(value, "history", None)
    if isinstance(inner, dict):
        return inner
    if inner is not None and isinstance(getattr(inner, "history", None), dict):  # a fitted model
        return inner.history
    raise TypeError(f"axon.plot.history expects the History returned by fit(), its .history dict or a fitted "
                    f"model. Received {type(value).__name__}.")


def _metric_names(logs: dict, metrics) -> list[str]:
    if metrics is not None:
        names = [metrics] if isinstance(metrics, str) else list(metrics)
        missing = [n for n in names if n not in logs and f"val_{n}" not in logs]
        if missing:
            raise ValueError(f"No values for {missing} in the history. Available: {sorted(logs)}.")
        return names
    names = []
    for key in logs:
        base = key[4:] if key.startswith("val_") else key
        if base not in names and base not in ("learning_rate", "lr"):
            names.append(base)
    if not names:
        raise ValueError("The history is empty: nothing to plot.")
    return sorted(names, key=lambda n: (n != "loss", not n.endswith("loss")))


def _field(result, name: str, default=None):
    if isinstance(result, dict):
        value = result.get(name, default)
    else:
        value = getattr(result, name, default)
    if value is None:
        raise ValueError(f"learning_curve: the result has no `{name}`.")
    return value
