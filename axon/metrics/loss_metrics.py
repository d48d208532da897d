"""Metrics that average a loss function over everything seen: the regression
errors beyond MSE/MAE, the probabilistic losses, the cross-entropies and the
hinge losses, each the running mean of the per-sample function in ``axon.losses``
(so a metric and the loss of the same name always agree)."""

from __future__ import annotations

from axon import losses
from axon.metrics.base import MeanMetricWrapper


def cosine_similarity(y_true, y_pred, axis: int = -1):
    """Per-sample cosine similarity ``sum(l2_normalize(y_true) * l2_normalize(y_pred), axis)``
    (the metric: +1 for the same direction; the loss is its negative)."""
    return -losses.cosine_similarity(y_true, y_pred, axis=axis)


class MeanAbsolutePercentageError(MeanMetricWrapper):
    """The mean of ``100 * |y_true - y_pred| / |y_true|`` (see ``losses.mean_absolute_percentage_error``)."""

    def __init__(self, name: str = "mean_absolute_percentage_error", dtype=None):
        super().__init__(losses.mean_absolute_percentage_error, name=name, dtype=dtype)


class MeanSquaredLogarithmicError(MeanMetricWrapper):
    """The mean of ``(log(1 + y_pred) - log(1 + y_true))**2``."""

    def __init__(self, name: str = "mean_squared_logarithmic_error", dtype=None):
        super().__init__(losses.mean_squared_logarithmic_error, name=name, dtype=dtype)


class LogCoshError(MeanMetricWrapper):
    """The mean of ``log(cosh(y_pred - y_true))``."""

    def __init__(self, name: str = "logcosh", dtype=None):
        super().__init__(losses.log_cosh, name=name, dtype=dtype)


class CosineSimilarity(MeanMetricWrapper):
    """The mean cosine similarity between ``y_true`` and ``y_pred`` along ``axis``.

    Example:
        >>> m = axon.metrics.CosineSimilarity()
        >>> m.update_state([[0.0, 1.0], [1.0, 1.0]], [[1.0, 0.0], [1.0, 1.0]])
        >>> round(float(m.result()), 4)          # (0 + 1) / 2
        0.5
    """

    def __init__(self, name: str = "cosine_similarity", dtype=None, axis: int = -1):
        super().__init__(cosine_similarity, name=name, dtype=dtype, axis=int(axis))


class Poisson(MeanMetricWrapper):
    """The mean Poisson loss ``y_pred - y_true * log(y_pred)``."""

    def __init__(self, name: str = "poisson", dtype=None):
        super().__init__(losses.poisson, name=name, dtype=dtype)


class KLDivergence(MeanMetricWrapper):
    """The mean Kullback-Leibler divergence ``sum(y_true * log(y_true / y_pred))``."""

    def __init__(self, name: str = "kl_divergence", dtype=None):
        super().__init__(losses.kl_divergence, name=name, dtype=dtype)


class BinaryCrossentropy(MeanMetricWrapper):
    """The mean binary cross-entropy (see ``losses.binary_crossentropy``)."""

    def __init__(self, name: str = "binary_crossentropy", dtype=None, from_logits: bool = False,
                 label_smoothing: float = 0.0):
        super().__init__(losses.binary_crossentropy, name=name, dtype=dtype, from_logits=bool(from_logits),
                         label_smoothing=float(label_smoothing))


class CategoricalCrossentropy(MeanMetricWrapper):
    """The mean categorical cross-entropy of one-hot targets."""

    def __init__(self, name: str = "categorical_crossentropy", dtype=None, from_logits: bool = False,
                 label_smoothing: float = 0.0, axis: int = -1):
        super().__init__(losses.categorical_crossentropy, name=name, dtype=dtype, from_logits=bool(from_logits),
                         label_smoothing=float(label_smoothing), axis=int(axis))


class SparseCategoricalCrossentropy(MeanMetricWrapper):
    """The mean categorical cross-entropy of integer class ids."""

    def __init__(self, name: str = "sparse_categorical_crossentropy", dtype=None, from_logits: bool = False,
                 axis: int = -1):
        super().__init__(losses.sparse_categorical_crossentropy, name=name, dtype=dtype,
                         from_logits=bool(from_logits), axis=int(axis))


class Hinge(MeanMetricWrapper):
    """The mean hinge loss ``max(1 - y_true * y_pred, 0)`` (labels -1/1 or 0/1)."""

    def __init__(self, name: str = "hinge", dtype=None):
        super().__init__(losses.hinge, name=name, dtype=dtype)


class SquaredHinge(MeanMetricWrapper):
    """The mean squared hinge loss ``max(1 - y_true * y_pred, 0)**2``."""

    def __init__(self, name: str = "squared_hinge", dtype=None):
        super().__init__(losses.squared_hinge, name=name, dtype=dtype)


class CategoricalHinge(MeanMetricWrapper):
    """The mean categorical hinge loss ``max(0, 1 + max_wrong - true)``."""

    def __init__(self, name: str = "categorical_hinge", dtype=None):
        super().__init__(losses.categorical_hinge, name=name, dtype=dtype)
