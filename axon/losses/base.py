"""The ``Loss`` base class, ``LossFunctionWrapper`` and the reduction of
per-sample losses (sample weights, masks, ``reduction``) shared by every loss.

A loss object is called as ``loss(y_true, y_pred, sample_weight=None)``: its
``call`` gives one value per sample, and ``reduce_weighted_values`` weights and
reduces them to the scalar that ``backward()`` starts from.
"""

from __future__ import annotations

import numpy as np

from axon import backend as B
from axon import ops
from axon.autograd.tensor import Tensor
from axon.ops.broadcast import as_tensor

REDUCTIONS = ("sum_over_batch_size", "sum", "none", "mean", "mean_with_sample_weight")


class Reduction:
    """The reduction names as constants (tf.keras 2's ``tf.keras.losses.Reduction``).

    ``AUTO`` means ``SUM_OVER_BATCH_SIZE``.
    """

    AUTO = "auto"
    NONE = "none"
    SUM = "sum"
    SUM_OVER_BATCH_SIZE = "sum_over_batch_size"

    @classmethod
    def all(cls) -> tuple:
        return (cls.AUTO, cls.NONE, cls.SUM, cls.SUM_OVER_BATCH_SIZE)


def standardize_reduction(reduction) -> str:
    """Check a ``reduction`` and return its canonical name (``None`` -> ``'none'``).

    Raises:
        ValueError: for a name that is not a reduction.
    """
    if reduction is None:
        return "none"
    if reduction == "auto":
        return "sum_over_batch_size"
    if reduction not in REDUCTIONS:
        raise ValueError(f"Invalid value for argument `reduction`. Expected one of {REDUCTIONS + (None,)}. "
                         f"Received: reduction={reduction!r}")
    return reduction


def as_prediction(y_pred, dtype=None) -> Tensor:
    """``y_pred`` as a float Tensor (kept as is when it already is one, so the
    gradient flows back to it); integers become ``floatx()``."""
    y_pred = as_tensor(y_pred)
    target = B.as_dtype(dtype) if dtype is not None else (y_pred.dtype if y_pred.dtype.kind == "f" else B.floatx())
    return ops.cast(y_pred, target)


def cast_like(y_true, y_pred: Tensor) -> Tensor:
    """``y_true`` (array, list or Tensor of any numeric dtype) as a Tensor of ``y_pred``'s dtype."""
    return ops.cast(as_tensor(y_true), y_pred.dtype)


def squeeze_or_expand_to_same_rank(x1: Tensor, x2: Tensor, expand_rank_1: bool = True):
    """Make two tensors whose ranks differ by one agree, as Keras does.

    When one has an extra trailing axis of size 1, that axis is squeezed, except
    that a rank-1 partner is expanded instead when ``expand_rank_1`` (labels
    ``(N,)`` against predictions ``(N, 1)`` become ``(N, 1)``).
    """
    r1, r2 = x1.ndim, x2.ndim
    if r1 == r2 + 1 and x1.shape[-1] == 1:
        if r2 == 1 and expand_rank_1:
            x2 = ops.expand_dims(x2, -1)
        else:
            x1 = ops.squeeze(x1, -1)
    elif r2 == r1 + 1 and x2.shape[-1] == 1:
        if r1 == 1 and expand_rank_1:
            x1 = ops.expand_dims(x1, -1)
        else:
            x2 = ops.squeeze(x2, -1)
    return x1, x2


def _weight_array(sample_weight, values: Tensor):
    """Sample weights as a raw array broadcastable to ``values`` (no gradient)."""
    w = B.xp.asarray(sample_weight.data if isinstance(sample_weight, Tensor) else sample_weight, dtype=values.dtype)
    if w.ndim == values.ndim + 1 and w.shape[-1] == 1:
        w = w.reshape(w.shape[:-1])
    if 0 < w.ndim < values.ndim:  # per-sample weights against per-timestep losses
        w = w.reshape(w.shape + (1,) * (values.ndim - w.ndim))
    try:
        return np.broadcast_to(w, values.shape)
    except ValueError:
        raise ValueError(f"`sample_weight` of shape {tuple(w.shape)} does not match the per-sample losses of shape "
                         f"{tuple(values.shape)}. Give one weight per sample.") from None


def reduce_weighted_values(values: Tensor, sample_weight=None, mask=None,
                           reduction: str = "sum_over_batch_size") -> Tensor:
    """Weight per-sample losses and reduce them as ``reduction`` says.

    ``'sum_over_batch_size'`` (and ``'mean'``) is ``sum(w * loss) / n`` with ``n``
    the number of values (Keras divides by the count, not by ``sum(w)``: use
    ``'mean_with_sample_weight'`` for that); ``'sum'`` is ``sum(w * loss)``;
    ``'none'`` returns the weighted values. ``mask`` (booleans shaped like
    ``values``) drops entries: they count neither in the sum nor in ``n``.
    """
    reduction = standardize_reduction(reduction)
    weights = None
    if sample_weight is not None:
        weights = _weight_array(sample_weight, values)
    if mask is not None:
        mask = B.xp.asarray(mask).astype(values.dtype)
        weights = mask if weights is None else weights * mask
    if weights is not None:
        values = values * Tensor._wrap(weights)
    if reduction == "none" or values.ndim == 0:
        return values
    if weights is None and reduction != "sum" and values.size:
        return ops.reduce_mean(values)  # the usual case: one op instead of a sum and a division
    total = ops.reduce_sum(values)
    if reduction == "sum":
        return total
    if reduction == "mean_with_sample_weight" and weights is not None:
        divisor = float(weights.sum())
    else:
        divisor = float(mask.sum()) if mask is not None else values.size
    # an empty batch (or one fully masked) has loss 0, as Keras's divide_no_nan gives
    return total / divisor if divisor else total * 0.0


class Loss:
    """Base class of losses: ``loss(y_true, y_pred, sample_weight=None)``.

    Subclasses implement ``call(y_true, y_pred)`` returning one loss per sample;
    ``__call__`` converts the inputs, applies the sample weights and reduces.

    Args:
        name: the loss's name (defaults to the snake_case class name).
        reduction: ``'sum_over_batch_size'`` (the mean, default), ``'sum'``,
            ``'mean_with_sample_weight'`` or ``'none'``/``None`` (per-sample values).
        dtype: the float type to compute in (defaults to ``y_pred``'s).

    Example:
        >>> class MyMSE(axon.losses.Loss):
        ...     def call(self, y_true, y_pred):
        ...         return axon.reduce_mean(axon.square(y_pred - y_true), axis=-1)
    """

    def __init__(self, name: str | None = None, reduction: str | None = "sum_over_batch_size", dtype=None):
        self.name = name or _snake_case(type(self).__name__)
        self.reduction = standardize_reduction(reduction)
        self.dtype = None if dtype is None else B.as_dtype(dtype).name

    def __call__(self, y_true, y_pred, sample_weight=None) -> Tensor:
        keras_mask = getattr(y_pred, "_keras_mask", None)  # a masking layer's output: padded steps count not
        y_pred = as_prediction(y_pred, self.dtype)
        y_true = as_tensor(y_true)
        values = self.call(y_true, y_pred)
        mask = self.compute_mask(y_true, values)
        if keras_mask is not None and tuple(keras_mask.shape) == tuple(values.shape):
            mask = keras_mask if mask is None else B.xp.logical_and(mask, keras_mask)
        return reduce_weighted_values(values, sample_weight, mask, self.reduction)

    def call(self, y_true, y_pred) -> Tensor:  # pragma: no cover - abstract
        raise NotImplementedError(f"{type(self).__name__} must implement call(y_true, y_pred).")

    def compute_mask(self, y_true: Tensor, values: Tensor):
        """Booleans shaped like ``values`` marking entries that count, or None (all count)."""
        return None

    def get_config(self) -> dict:
        config = {"name": self.name, "reduction": self.reduction}
        if self.dtype is not None:
            config["dtype"] = self.dtype
        return config

    @classmethod
    def from_config(cls, config: dict):
        return cls(**config)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} name={self.name!r} reduction={self.reduction!r}>"


class LossFunctionWrapper(Loss):
    """A ``Loss`` around a per-sample function ``fn(y_true, y_pred, **kwargs)``.

    Labels and predictions whose ranks differ by a trailing axis of size 1 are
    aligned first (``(N,)`` labels against ``(N, 1)`` predictions).

    Example:
        >>> loss = LossFunctionWrapper(axon.losses.mean_squared_error, name="mse")
        >>> loss(np.zeros((4, 1)), axon.tensor(np.ones((4, 1)))).item()
        1.0
    """

    def __init__(self, fn, reduction: str | None = "sum_over_batch_size", name: str | None = None, dtype=None,
                 **kwargs):
        super().__init__(name=name or getattr(fn, "__name__", None), reduction=reduction, dtype=dtype)
        self.fn = fn
        self._fn_kwargs = kwargs

    def call(self, y_true, y_pred) -> Tensor:
        if y_true.ndim != y_pred.ndim:
            y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        return self.fn(y_true, y_pred, **self._fn_kwargs)

    def get_config(self) -> dict:
        config = {**super().get_config(), **self._fn_kwargs}
        if type(self) is LossFunctionWrapper:
            config["fn"] = getattr(self.fn, "__name__", str(self.fn))
        return config

    @classmethod
    def from_config(cls, config: dict):
        if cls is LossFunctionWrapper:
            from axon.losses import get

            config = dict(config)
            return cls(get(config.pop("fn")), **config)
        return cls(**config)


def _snake_case(name: str) -> str:
    out = [name[0].lower()]
    for prev, ch in zip(name, name[1:]):
        out.append("_" + ch.lower() if ch.isupper() and prev.islower() else ch.lower())
    return "".join(out)
