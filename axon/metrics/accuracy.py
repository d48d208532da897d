"""Accuracy metrics: exact match, binary (thresholded), categorical (argmax of
one-hot rows) and sparse categorical (argmax against class ids), and
``resolve_accuracy``, which picks one of them for the string ``'accuracy'``.

Each ``*_values`` function works on NumPy arrays and returns one value per
sample; the public functions return those values as a Tensor, and the classes
average them over batches.
"""

from __future__ import annotations

import numpy as np

from axon import backend as B
from axon.autograd.tensor import Tensor
from axon.metrics.base import MeanMetricWrapper, Metric, snake_case, squeeze_or_expand, to_numpy


def _per_sample(matches: np.ndarray) -> np.ndarray:
    """Mean over the last axis for rank >= 2 (one value per sample), as a float array."""
    matches = matches.astype(B.floatx())
    return matches.mean(axis=-1) if matches.ndim > 1 else matches


def accuracy_values(y_true, y_pred) -> np.ndarray:
    """Per-sample fraction of entries where ``y_pred == y_true`` exactly."""
    t, p = squeeze_or_expand(to_numpy(y_true), to_numpy(y_pred))
    return _per_sample(t == p)


def binary_accuracy_values(y_true, y_pred, threshold: float = 0.5) -> np.ndarray:
    """Per-sample fraction of entries where ``(y_pred > threshold) == y_true``."""
    t, p = squeeze_or_expand(to_numpy(y_true), to_numpy(y_pred))
    return _per_sample(t == (p > threshold).astype(t.dtype))


def categorical_accuracy_values(y_true, y_pred) -> np.ndarray:
    """1 where ``argmax(y_pred) == argmax(y_true)`` over the last axis, else 0."""
    t, p = to_numpy(y_true), to_numpy(y_pred)
    if t.shape != p.shape:
        raise ValueError(f"categorical_accuracy needs one-hot `y_true` shaped like `y_pred` {p.shape}. Received: "
                         f"y_true.shape={t.shape}. For integer class ids use sparse_categorical_accuracy.")
    return (t.argmax(axis=-1) == p.argmax(axis=-1)).astype(B.floatx())


def sparse_categorical_accuracy_values(y_true, y_pred) -> np.ndarray:
    """1 where ``argmax(y_pred)`` equals the class id ``y_true``, else 0."""
    t, p = to_numpy(y_true), to_numpy(y_pred)
    if t.ndim == p.ndim and t.shape[-1] == 1:
        t = t[..., 0]
    return (t == p.argmax(axis=-1)).astype(B.floatx())


def _as_tensor(values: np.ndarray) -> Tensor:
    return Tensor._wrap(values)


def accuracy(y_true, y_pred) -> Tensor:
    """Per-sample exact-match accuracy (see ``Accuracy``)."""
    return _as_tensor(accuracy_values(y_true, y_pred))


def binary_accuracy(y_true, y_pred, threshold: float = 0.5) -> Tensor:
    """Per-sample binary accuracy: the mean over the last axis of ``(y_pred > threshold) == y_true``.

    Example:
        >>> axon.metrics.binary_accuracy([[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]]).numpy()
        array([1., 1., 1., 0.], dtype=float32)
    """
    return _as_tensor(binary_accuracy_values(y_true, y_pred, threshold))


def categorical_accuracy(y_true, y_pred) -> Tensor:
    """Per-sample categorical accuracy: ``argmax(y_pred) == argmax(y_true)`` (one-hot ``y_true``)."""
    return _as_tensor(categorical_accuracy_values(y_true, y_pred))


def sparse_categorical_accuracy(y_true, y_pred) -> Tensor:
    """Per-sample sparse categorical accuracy: ``argmax(y_pred) == y_true`` (class ids)."""
    return _as_tensor(sparse_categorical_accuracy_values(y_true, y_pred))


class Accuracy(MeanMetricWrapper):
    """How often ``y_pred`` equals ``y_true`` exactly (for predicted labels, not
    probabilities; ``compile(metrics=['accuracy'])`` picks the right variant instead).

    Example:
        >>> m = axon.metrics.Accuracy()
        >>> m.update_state([[1], [2], [3], [4]], [[0], [2], [3], [4]])
        >>> float(m.result())
        0.75
    """

    def __init__(self, name: str = "accuracy", dtype=None):
        super().__init__(accuracy_values, name=name, dtype=dtype)


class BinaryAccuracy(MeanMetricWrapper):
    """How often ``y_pred > threshold`` matches 0/1 labels (also for several sigmoid columns).

    Args:
        threshold: in (0, 1); a prediction above it counts as 1.

    Example:
        >>> m = axon.metrics.BinaryAccuracy()
        >>> m.update_state([[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]])
        >>> float(m.result())
        0.75
    """

    def __init__(self, name: str = "binary_accuracy", dtype=None, threshold: float = 0.5):
        if not 0 < threshold < 1:
            raise ValueError(f"`threshold` must be in (0, 1). Received: threshold={threshold!r}")
        super().__init__(binary_accuracy_values, name=name, dtype=dtype, threshold=float(threshold))
        self.threshold = float(threshold)


class CategoricalAccuracy(MeanMetricWrapper):
    """How often the argmax of ``y_pred`` matches the argmax of one-hot ``y_true``.

    Example:
        >>> m = axon.metrics.CategoricalAccuracy()
        >>> m.update_state([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]])
        >>> float(m.result())
        0.5
    """

    def __init__(self, name: str = "categorical_accuracy", dtype=None):
        super().__init__(categorical_accuracy_values, name=name, dtype=dtype)


class SparseCategoricalAccuracy(MeanMetricWrapper):
    """How often the argmax of ``y_pred`` equals the integer class id ``y_true``.

    Example:
        >>> m = axon.metrics.SparseCategoricalAccuracy()
        >>> m.update_state([[2], [1]], [[0.1, 0.6, 0.3], [0.05, 0.95, 0]])
        >>> float(m.result())
        0.5
    """

    def __init__(self, name: str = "sparse_categorical_accuracy", dtype=None):
        super().__init__(sparse_categorical_accuracy_values, name=name, dtype=dtype)


_BINARY_LOSSES = {"binary_crossentropy", "bce", "binary_focal_crossentropy", "hinge", "squared_hinge"}
_SPARSE_LOSSES = {"sparse_categorical_crossentropy"}


def _loss_name(loss) -> str:
    """A lower-case function-style name for a loss given as a string, function, class or instance."""
    if loss is None:
        return ""
    if isinstance(loss, str):
        name = loss
    else:
        fn = getattr(loss, "fn", None)  # a LossFunctionWrapper: the function it wraps
        obj = fn if fn is not None else loss
        name = getattr(obj, "__name__", None) or type(obj).__name__
    return snake_case(name) if not name.islower() else name


def resolve_accuracy(loss, y_true_shape, y_pred_shape, name: str = "accuracy") -> Metric:
    """The accuracy metric that the string ``'accuracy'`` (or ``'acc'``) means for
    this loss and these shapes, as tf.keras picks it.

    * ``BinaryAccuracy`` for a binary cross-entropy (or hinge) loss, also with
      several sigmoid columns (multi-label), or when ``y_pred`` has one column;
    * ``SparseCategoricalAccuracy`` for a sparse categorical loss, or when
      ``y_pred`` has several columns and ``y_true`` holds class ids (one axis
      fewer, or a last axis of size 1);
    * ``CategoricalAccuracy`` otherwise (one-hot labels).

    Args:
        loss: the compiled loss (a name, function, class or ``Loss`` instance) or None.
        y_true_shape / y_pred_shape: the shapes of a batch of labels and predictions.
        name: the metric's name, the string the user wrote (``'accuracy'`` or ``'acc'``).

    Example:
        >>> resolve_accuracy("sparse_categorical_crossentropy", (32,), (32, 10))
        <SparseCategoricalAccuracy name='accuracy'>
    """
    y_true_shape, y_pred_shape = tuple(y_true_shape), tuple(y_pred_shape)
    loss_name = _loss_name(loss)
    columns = y_pred_shape[-1] if y_pred_shape else 1
    if loss_name in _BINARY_LOSSES or columns == 1:
        return BinaryAccuracy(name=name)
    holds_ids = len(y_true_shape) == len(y_pred_shape) - 1 or (
        len(y_true_shape) == len(y_pred_shape) and y_true_shape[-1] == 1)
    if loss_name in _SPARSE_LOSSES or holds_ids:
        return SparseCategoricalAccuracy(name=name)
    return CategoricalAccuracy(name=name)
