"""Regression losses: mean squared error, mean absolute error, Huber, mean absolute
percentage error, mean squared logarithmic error, log-cosh and cosine similarity.

Each function returns one value per sample (the mean over the last axis); the
classes wrap them with a reduction (see ``base.py``).
"""

from __future__ import annotations

import math

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


EPSILON = 1e-7  # Keras's backend.epsilon()


def mean_absolute_percentage_error(y_true, y_pred) -> Tensor:
    """``100 * mean(|y_true - y_pred| / max(|y_true|, epsilon), axis=-1)`` per sample."""
    y_true, y_pred = _align(y_true, y_pred)
    scale = ops.maximum(ops.abs(y_true), EPSILON)
    return 100.0 * ops.reduce_mean(ops.abs((y_true - y_pred) / scale), axis=-1)


def mean_squared_logarithmic_error(y_true, y_pred) -> Tensor:
    """``mean((log(max(y_pred, eps) + 1) - log(max(y_true, eps) + 1))**2, axis=-1)`` per sample."""
    y_true, y_pred = _align(y_true, y_pred)
    first = ops.log(ops.maximum(y_pred, EPSILON) + 1.0)
    second = ops.log(ops.maximum(y_true, EPSILON) + 1.0)
    return ops.reduce_mean(ops.square(first - second), axis=-1)


def log_cosh(y_true, y_pred) -> Tensor:
    """``mean(log(cosh(y_pred - y_true)), axis=-1)`` per sample, computed as
    ``x + softplus(-2x) - log 2`` so it never overflows: about ``x**2 / 2`` for
    small errors and ``|x| - log 2`` for large ones."""
    from axon.ops.smooth_activation import softplus

    y_true, y_pred = _align(y_true, y_pred)
    x = y_pred - y_true
    return ops.reduce_mean(x + softplus(-2.0 * x) - math.log(2.0), axis=-1)


def l2_normalize(x, axis: int = -1) -> Tensor:
    """``x / max(||x||, epsilon)`` along ``axis`` (Keras's ``normalize``)."""
    squares = ops.reduce_sum(ops.square(x), axis=axis, keepdims=True)
    return x * ops.pow(ops.maximum(squares, EPSILON * EPSILON), -0.5)


def cosine_similarity(y_true, y_pred, axis: int = -1) -> Tensor:
    """The loss ``-sum(l2_normalize(y_true) * l2_normalize(y_pred), axis)`` per sample:
    -1 when the vectors point the same way, 1 when opposite."""
    y_true, y_pred = _align(y_true, y_pred)
    return -ops.reduce_sum(l2_normalize(y_true, axis) * l2_normalize(y_pred, axis), axis=axis)


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


class MeanAbsolutePercentageError(LossFunctionWrapper):
    """``100 * mean(|y_true - y_pred| / |y_true|)`` (see ``mean_absolute_percentage_error``)."""

    def __init__(self, reduction: str | None = "sum_over_batch_size",
                 name: str = "mean_absolute_percentage_error", dtype=None):
        super().__init__(mean_absolute_percentage_error, reduction=reduction, name=name, dtype=dtype)


class MeanSquaredLogarithmicError(LossFunctionWrapper):
    """The mean squared error of ``log(1 + y)`` (see ``mean_squared_logarithmic_error``)."""

    def __init__(self, reduction: str | None = "sum_over_batch_size",
                 name: str = "mean_squared_logarithmic_error", dtype=None):
        super().__init__(mean_squared_logarithmic_error, reduction=reduction, name=name, dtype=dtype)


class LogCosh(LossFunctionWrapper):
    """``mean(log(cosh(y_pred - y_true)))``: like MSE for small errors, like MAE for large ones."""

    def __init__(self, reduction: str | None = "sum_over_batch_size", name: str = "log_cosh", dtype=None):
        super().__init__(log_cosh, reduction=reduction, name=name, dtype=dtype)


class CosineSimilarity(LossFunctionWrapper):
    """The negative cosine similarity along ``axis`` (minimising it aligns the vectors)."""

    def __init__(self, axis: int = -1, reduction: str | None = "sum_over_batch_size", name: str = "cosine_similarity",
                 dtype=None):
        super().__init__(cosine_similarity, reduction=reduction, name=name, dtype=dtype, axis=int(axis))


mse = MSE = mean_squared_error
mae = MAE = mean_absolute_error
mape = MAPE = mean_absolute_percentage_error
msle = MSLE = mean_squared_logarithmic_error
logcosh = log_cosh
