"""Pictures of data and predictions: ``images`` (a labelled grid) and
``confusion_matrix``."""

from __future__ import annotations

import numpy as np

from axon.plot._figure import finish, grid_shape, pyplot


def images(x, y=None, pred=None, class_names=None, n: int = 25, path=None, columns: int | None = None):
    """A grid of the first ``n`` images, titled with their label and prediction.

    A wrong prediction is titled ``pred (true)`` in red. ``y`` and ``pred``
    may be class indices, one-hot rows or probability rows (the largest wins).

    Args:
        x: images ``(N, H, W)``, ``(N, H, W, 1)``, ``(N, H, W, 3)``, or flat
            ``(N, H*W)`` for square grey images.
        y: the true labels, optional.
        pred: the predicted labels or probabilities, optional.
        class_names: names to show instead of class indices.
        n: how many images.
        path: write the figure there as well.

    Returns:
        The matplotlib Figure.

    Example:
        >>> axon.plot.images(x_test, y_test, model.predict(x_test), class_names=names)
    """
    x = _as_images(np.asarray(x))
    count = min(int(n), len(x))
    labels = None if y is None else _labels(y)[:count]
    preds = None if pred is None else _labels(pred)[:count]
    rows, cols = grid_shape(count, columns)
    plt = pyplot()
    fig, axes = plt.subplots(rows, cols, figsize=(1.5 * cols, 1.6 * rows + 0.2), squeeze=False)
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i >= count:
            continue
        image = x[i]
        ax.imshow(image, cmap=None if image.ndim == 3 else "gray_r")
        title, color = _title(labels, preds, i, class_names)
        if title:
            ax.set_title(title, color=color, fontsize=9)
    return finish(fig, path)


def confusion_matrix(y_true, y_pred, class_names=None, normalize=False, path=None, title: str | None = None):
    """The confusion matrix as a heat map: row = true class, column = predicted class.

    Args:
        y_true: the true labels (indices or one-hot rows).
        y_pred: the predictions (indices, one-hot or probability rows).
        class_names: tick labels (default the class indices).
        normalize: ``True`` (or ``'true'``) divides each row by its count (per-class
            recall on the diagonal); ``'pred'`` divides each column; ``'all'`` by the total.
        path: write the figure there as well.

    Returns:
        The matplotlib Figure.

    Example:
        >>> axon.plot.confusion_matrix(y_test, model.predict(x_test), normalize=True)
    """
    truth, guess = _labels(y_true), _labels(y_pred)
    if len(truth) != len(guess):
        raise ValueError(f"y_true and y_pred must have the same length. Received {len(truth)} and {len(guess)}.")
    k = int(max(truth.max(initial=0), guess.max(initial=0)) + 1)
    if class_names is not None:
        k = max(k, len(class_names))
    counts = np.bincount(truth * k + guess, minlength=k * k).reshape(k, k).astype(float)
    matrix = _normalized(counts, normalize)
    names = [str(c) for c in (class_names if class_names is not None else range(k))]
    plt = pyplot()
    size = max(3.5, 0.45 * k + 2)
    fig, ax = plt.subplots(figsize=(size + 1, size))
    image = ax.imshow(matrix, cmap="Blues")
    fig.colorbar(image, ax=ax, fraction=0.046, pad=0.04)
    ax.set_xticks(range(k), names, rotation=45 if max(map(len, names)) > 2 else 0, ha="right")
    ax.set_yticks(range(k), names)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    ax.set_title(title or ("Confusion matrix (normalized)" if normalize else "Confusion matrix"))
    if k <= 20:
        high = matrix.max() / 2 if matrix.size else 0
        for (i, j), value in np.ndenumerate(matrix):
            text = f"{value:.2f}" if normalize else f"{int(value)}"
            ax.text(j, i, text, ha="center", va="center", fontsize=8, color="white" if value > high else "black")
    return finish(fig, path)


def _normalized(counts: np.ndarray, normalize) -> np.ndarray:
    if normalize in (False, None):
        return counts
    if normalize in (True, "true"):
        return counts / np.maximum(counts.sum(axis=1, keepdims=True), 1)
    if normalize == "pred":
        return counts / np.maximum(counts.sum(axis=0, keepdims=True), 1)
    if normalize == "all":
        return counts / max(counts.sum(), 1)
    raise ValueError(f"`normalize` must be False, True, 'true', 'pred' or 'all'. Received: normalize={normalize!r}")


def _labels(values) -> np.ndarray:
    """Class indices from indices, one-hot rows or probability rows."""
    a = np.asarray(getattr(values, "data", values))
    if a.ndim >= 2 and a.shape[-1] > 1:
        return a.argmax(axis=-1).reshape(-1)
    a = a.reshape(-1)
    if a.dtype.kind == "f" and np.any((a > 0) & (a < 1)):  # one sigmoid column: probabilities
        return (a >= 0.5).astype(np.int64)
    return a.astype(np.int64)


def _as_images(x: np.ndarray) -> np.ndarray:
    if x.ndim == 2:
        side = int(round(np.sqrt(x.shape[1])))
        if side * side != x.shape[1]:
            raise ValueError(f"Flat images must be square (H*W). Received shape {x.shape}.")
        return x.reshape(len(x), side, side)
    if x.ndim == 4 and x.shape[-1] == 1:
        return x[..., 0]
    if x.ndim == 4 and x.shape[-1] == 3:
        x = x.astype(float)
        return (x - x.min()) / max(x.max() - x.min(), 1e-12)  # imshow wants RGB in [0, 1]
    if x.ndim == 3:
        return x
    raise ValueError(f"images expects (N, H, W), (N, H, W, 1), (N, H, W, 3) or (N, H*W). Received shape {x.shape}.")


def _title(labels, preds, i: int, class_names) -> tuple[str, str]:
    def name(k):
        return str(class_names[k]) if class_names is not None and 0 <= k < len(class_names) else str(k)

    if preds is None:
        return ("" if labels is None else name(labels[i])), "black"
    if labels is None:
        return name(preds[i]), "black"
    if preds[i] == labels[i]:
        return name(preds[i]), "green"
    return f"{name(preds[i])} ({name(labels[i])})", "red"
