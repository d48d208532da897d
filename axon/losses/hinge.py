"""Hinge losses (maximum-margin classifiers): hinge, squared hinge, categorical hinge."""

from __future__ import annotations

from axon import ops
from axon.autograd.tensor import Tensor
from axon.losses.base import LossFunctionWrapper, as_prediction, cast_like, squeeze_or_expand_to_same_rank


def _signed_labels(y_true, y_pred) -> tuple[Tensor, Tensor]:
    """Labels as -1/1: 0/1 labels are mapped by ``2y - 1``; other labels are kept."""
    y_pred = as_prediction(y_pred)
    y_true, y_pred = squeeze_or_expand_to_same_rank(cast_like(y_true, y_pred), y_pred)
    raw = y_true.data
    if bool(((raw == 0) | (raw == 1)).all()):
        y_true = Tensor._wrap(2 * raw - 1)
    return y_true, y_pred


def hinge(y_true, y_pred) -> Tensor:
    """Hinge loss per sample: ``mean(max(1 - y_true * y_pred, 0), axis=-1)``.

    Labels are -1/1 (0/1 labels are converted), ``y_pred`` a raw score.

    Example:
        >>> axon.losses.hinge([[1.0, 0.0]], axon.tensor([[0.5, 0.5]])).numpy()
        array([1.], dtype=float32)
    """
    y_true, y_pred = _signed_labels(y_true, y_pred)
    return ops.reduce_mean(ops.maximum(1.0 - y_true * y_pred, 0.0), axis=-1)


def squared_hinge(y_true, y_pred) -> Tensor:
    """Squared hinge loss per sample: ``mean(max(1 - y_true * y_pred, 0)**2, axis=-1)``."""
    y_true, y_pred = _signed_labels(y_true, y_pred)
    return ops.reduce_mean(ops.square(ops.maximum(1.0 - y_true * y_pred, 0.0)), axis=-1)


def categorical_hinge(y_true, y_pred) -> Tensor:
    """Categorical hinge per sample: ``max(neg - pos + 1, 0)`` with
    ``pos = sum(y_true * y_pred)`` and ``neg = max((1 - y_true) * y_pred)`` over the
    last axis (one-hot ``y_true``)."""
    y_pred = as_prediction(y_pred)
    y_true = cast_like(y_true, y_pred)
    pos = ops.reduce_sum(y_true * y_pred, axis=-1)
    neg = ops.reduce_max((1.0 - y_true) * y_pred, axis=-1)
    return ops.maximum(neg - pos + 1.0, 0.0)


class Hinge(LossFunctionWrapper):
    """The hinge loss (see ``hinge``) of a maximum-margin (SVM-like) classifier.

    Example:
        >>> axon.losses.Hinge()(np.array([[1.0], [0.0]]), axon.tensor([[0.3], [-2.0]])).item()
        0.35
    """

    def __init__(self, reduction: str | None = "sum_over_batch_size", name: str = "hinge", dtype=None):
        super().__init__(hinge, reduction=reduction, name=name, dtype=dtype)


class SquaredHinge(LossFunctionWrapper):
    """The squared hinge loss (see ``squared_hinge``)."""

    def __init__(self, reduction: str | None = "sum_over_batch_size", name: str = "squared_hinge", dtype=None):
        super().__init__(squared_hinge, reduction=reduction, name=name, dtype=dtype)


class CategoricalHinge(LossFunctionWrapper):
    """The categorical hinge loss (see ``categorical_hinge``), for one-hot labels."""

    def __init__(self, reduction: str | None = "sum_over_batch_size", name: str = "categorical_hinge", dtype=None):
        super().__init__(categorical_hinge, reduction=reduction, name=name, dtype=dtype)
