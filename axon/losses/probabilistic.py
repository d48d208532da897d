"""Losses for predicted distributions and rates: Poisson and Kullback-Leibler divergence.

Each function returns one value per sample; the classes add a reduction.
"""

from __future__ import annotations

from axon import ops
from axon.autograd.tensor import Tensor
from axon.losses.base import LossFunctionWrapper
from axon.losses.regression import EPSILON, _align


def poisson(y_true, y_pred) -> Tensor:
    """``mean(y_pred - y_true * log(y_pred + epsilon), axis=-1)`` per sample: the Poisson
    negative log-likelihood of counts ``y_true`` at rates ``y_pred`` (up to a constant)."""
    y_true, y_pred = _align(y_true, y_pred)
    return ops.reduce_mean(y_pred - y_true * ops.log(y_pred + EPSILON), axis=-1)


def kl_divergence(y_true, y_pred) -> Tensor:
    """``sum(y_true * log(y_true / y_pred), axis=-1)`` per sample, both clipped to
    ``[epsilon, 1]``: how far the predicted distribution is from the true one."""
    y_true, y_pred = _align(y_true, y_pred)
    y_true = ops.clip_by_value(y_true, EPSILON, 1.0)
    y_pred = ops.clip_by_value(y_pred, EPSILON, 1.0)
    return ops.reduce_sum(y_true * ops.log(y_true / y_pred), axis=-1)


class Poisson(LossFunctionWrapper):
    """The Poisson loss (see ``poisson``), for count targets."""

    def __init__(self, reduction: str | None = "sum_over_batch_size", name: str = "poisson", dtype=None):
        super().__init__(poisson, reduction=reduction, name=name, dtype=dtype)


class KLDivergence(LossFunctionWrapper):
    """The Kullback-Leibler divergence (see ``kl_divergence``)."""

    def __init__(self, reduction: str | None = "sum_over_batch_size", name: str = "kl_divergence", dtype=None):
        super().__init__(kl_divergence, reduction=reduction, name=name, dtype=dtype)


kld = KLD = kullback_leibler_divergence = kl_divergence
