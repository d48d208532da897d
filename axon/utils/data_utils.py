"""Data helpers of ``keras.utils``: one-hot labels, L-p normalisation, seeding everything."""

from __future__ import annotations

import random

import numpy as np

from axon import backend as B
from axon.autograd.tensor import Tensor


def _numpy(value) -> np.ndarray:
    return np.asarray(B.to_numpy(value.data if isinstance(value, Tensor) else value))


def to_categorical(y, num_classes: int | None = None, dtype="float32") -> np.ndarray:
    """One-hot encode integer class labels: ``out[i, y[i]] = 1``.

    Labels of shape ``(N,)`` or ``(N, 1)`` give ``(N, num_classes)``; other
    shapes gain a last axis, as in Keras.

    Args:
        y: integer labels in ``[0, num_classes)``.
        num_classes: the number of classes; ``max(y) + 1`` when None.
        dtype: the output type.

    Raises:
        ValueError: for negative, non-integer or too large labels.

    Example:
        >>> to_categorical([0, 2, 1], num_classes=3)
        array([[1., 0., 0.],
               [0., 0., 1.],
               [0., 1., 0.]], dtype=float32)
    """
    labels = _numpy(y)
    if labels.dtype.kind == "f" and not np.all(labels == np.round(labels)):
        raise ValueError("`to_categorical` needs integer class labels; received non-integer values such as "
                         f"{labels[labels != np.round(labels)].ravel()[:3]}.")
    labels = labels.astype(np.int64)
    shape = labels.shape
    if len(shape) > 1 and shape[-1] == 1:
        shape = shape[:-1]
    labels = labels.ravel()
    if labels.size and labels.min() < 0:
        raise ValueError(f"`to_categorical` needs labels >= 0. Received a label {labels.min()}.")
    if num_classes is None:
        num_classes = int(labels.max()) + 1 if labels.size else 0
    elif labels.size and labels.max() >= num_classes:
        raise ValueError(f"`to_categorical`: label {labels.max()} does not fit num_classes={num_classes}; labels "
                         "must be in [0, num_classes). Pass a larger num_classes or leave it None.")
    out = np.zeros((labels.size, num_classes), dtype=B.as_dtype(dtype))
    out[np.arange(labels.size), labels] = 1
    return out.reshape(shape + (num_classes,))


def normalize(x, axis: int = -1, order: int = 2) -> np.ndarray:
    """Scale ``x`` to unit L-``order`` norm along ``axis`` (Keras's ``normalize``).

    ``x / ||x||_order``; vectors of norm 0 are left as they are.

    Example:
        >>> normalize(np.array([[3.0, 4.0]]))
        array([[0.6, 0.8]])
    """
    x = _numpy(x)
    norm = np.atleast_1d(np.linalg.norm(x, order, axis, keepdims=True))
    norm[norm == 0] = 1
    return x / norm


def set_random_seed(seed: int) -> None:
    """Seed Python's ``random``, NumPy's global ``np.random`` and axon's generator at once.

    After it, initializers, dropout, shuffling and augmentation repeat exactly.

    Example:
        >>> axon.utils.set_random_seed(42)
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise ValueError(f"`seed` must be an int. Received: seed={seed!r} (of type {type(seed).__name__})")
    from axon import random as axon_random

    random.seed(int(seed))
    np.random.seed(int(seed) % 2**32)
    axon_random.set_seed(int(seed))
