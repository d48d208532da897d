"""Regression losses: mean squared error, mean absolute error, Huber.

Each function returns one value per sample (the mean over the last axis); the
classes wrap them with a reduction (see ``base.py``).
"""

from __future__ import annotations

from axon import ops
from axon.autograd.tensor import Tensor
from axon.losses.base import LossFunctionWrapper, as_prediction, cast_like, squeeze_or_expand_to_same_rank


def _align(y_true, y_pred) -> tuple[Tensor, Tensor]:
    y_pred = as_prediction(y_pred)
    return squeeze_or_expand_to_same_rank(cast_like(y_true, y_pred), y_pred)


def mean_squared_error(y_true, y_pred) -> Tensor:
    """Mean squared error per sample: ``mean((y_true - y_pred)**2, axis=-1)``.

    Example:
        >>> axon.losses.mean_squared_error([[0.0, 1.0]], axon.tensor([[1.0, 1.0]])).numpy()
        array([0.5], dtype=float32)
    """
    y_true, y_pred = _align(y_true, y_pred)
    return ops.reduce_mean(ops.square(y_pred - y_true), axis=-1)


def mean_absolute_error(y_true, y_pred) -> Tensor:
    """Mean absolute error per sample: ``mean(|y_true - y_pred|, axis=-1)``."""
    y_true, y_pred = _align(y_true, y_pred)
    return ops.reduce_mean(ops.abs(y_pred - y_true), axis=-1)


def huber(y_true, y_pred, delta: float = 1.0) -> Tensor:
    """Huber loss per sample: with ``e = y_pred - y_true``, the mean over the last axis of
    ``0.5 * e**2`` where ``|e| <= delta``, else ``delta * |e| - 0.5 * delta**2``.

    Quadratic near 0 and linear beyond ``delta``: less sensitive to outliers than MSE.
    """
    y_true, y_pred = _align(y_true, y_pred)
    error = y_pred - y_true
    small = ops.abs(error).data <= delta
    quadratic = 0.5 * ops.square(error)
    linear = delta * ops.abs(error) - 0.5 * delta * delta
    return ops.reduce_mean(ops.where(small, quadratic, linear), axis=-1)


class MeanSquaredError(LossFunctionWrapper):
    """``mean((y_true - y_pred)**2)`` over the last axis, then over the batch.

    Args:
        reduction: ``'sum_over_batch_size'`` (default), ``'sum'`` or ``'none'``.
        name: the loss's name.

    Example:
        >>> mse = axon.losses.MeanSquaredError()
        >>> mse([[0.0, 1.0], [0.0, 0.0]], axon.tensor([[1.0, 1.0], [1.0, 0.0]])).item()
        0.5
    """

    def __init__(self, reduction: str | None = "sum_over_batch_size", name: str = "mean_squared_error",
                 dtype=None):
        super().__init__(mean_squared_error, reduction=reduction, name=name, dtype=dtype)


class MeanAbsoluteError(LossFunctionWrapper):
    """``mean(|y_true - y_pred|)`` over the last axis, then over the batch."""

    def __init__(self, reduction: str | None = "sum_over_batch_size", name: str = "mean_absolute_error",
                 dtype=None):
        super().__init__(mean_absolute_error, reduction=reduction, name=name, dtype=dtype)


class Huber(LossFunctionWrapper):
    """The Huber loss (see ``huber``): quadratic for errors up to ``delta``, linear beyond."""

    def __init__(self, delta: float = 1.0, reduction: str | None = "sum_over_batch_size", name: str = "huber_loss",
                 dtype=None):
        if not delta > 0:
            raise ValueError(f"`delta` must be a positive number. Received: delta={delta!r}")
        super().__init__(huber, reduction=reduction, name=name, dtype=dtype, delta=float(delta))


mse = MSE = mean_squared_error
mae = MAE = mean_absolute_error
