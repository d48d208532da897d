"""Comparisons and logic: elementwise tests giving boolean tensors (no gradient),
and ``reduce_any`` / ``reduce_all``."""

from __future__ import annotations

import numpy as np

from axon import backend as B
from axon.autograd.tensor import Tensor
from axon.ops.broadcast import as_tensor, normalize_axis


def _compare(fn, name: str, x, y) -> Tensor:
    a = as_tensor(x)
    b = as_tensor(y, like=a)
    if not isinstance(x, Tensor) and isinstance(y, Tensor):
        a = as_tensor(x, like=b)
    try:
        return Tensor._wrap(B.xp.asarray(fn(a.data, b.data)))
    except ValueError as err:
        raise ValueError(f"{name}: shapes {a.shape} and {b.shape} do not broadcast.") from err


def equal(x, y, name=None) -> Tensor:
    """``x == y`` elementwise, as a boolean tensor."""
    return _compare(np.equal, "equal", x, y)


def not_equal(x, y, name=None) -> Tensor:
    """``x != y`` elementwise."""
    return _compare(np.not_equal, "not_equal", x, y)


def greater(x, y, name=None) -> Tensor:
    """``x > y`` elementwise."""
    return _compare(np.greater, "greater", x, y)


def greater_equal(x, y, name=None) -> Tensor:
    """``x >= y`` elementwise."""
    return _compare(np.greater_equal, "greater_equal", x, y)


def less(x, y, name=None) -> Tensor:
    """``x < y`` elementwise."""
    return _compare(np.less, "less", x, y)


def less_equal(x, y, name=None) -> Tensor:
    """``x <= y`` elementwise."""
    return _compare(np.less_equal, "less_equal", x, y)


def _bool(name: str, x):
    data = as_tensor(x).data
    if data.dtype.kind != "b":
        raise TypeError(f"{name}: expects boolean tensors. Received dtype={data.dtype}; compare first "
                        f"(e.g. axon.greater(x, 0)) or cast to bool.")
    return data


def logical_and(x, y, name=None) -> Tensor:
    """Elementwise AND of two boolean tensors."""
    return Tensor._wrap(np.logical_and(_bool("logical_and", x), _bool("logical_and", y)))


def logical_or(x, y, name=None) -> Tensor:
    """Elementwise OR of two boolean tensors."""
    return Tensor._wrap(np.logical_or(_bool("logical_or", x), _bool("logical_or", y)))


def logical_xor(x, y, name=None) -> Tensor:
    """Elementwise XOR of two boolean tensors."""
    return Tensor._wrap(np.logical_xor(_bool("logical_xor", x), _bool("logical_xor", y)))


def logical_not(x, name=None) -> Tensor:
    """Elementwise NOT of a boolean tensor."""
    return Tensor._wrap(np.logical_not(_bool("logical_not", x)))


def is_nan(x, name=None) -> Tensor:
    """True where ``x`` is NaN."""
    return Tensor._wrap(np.isnan(as_tensor(x).data))


def is_inf(x, name=None) -> Tensor:
    """True where ``x`` is +inf or -inf."""
    return Tensor._wrap(np.isinf(as_tensor(x).data))


def is_finite(x, name=None) -> Tensor:
    """True where ``x`` is neither infinite nor NaN."""
    return Tensor._wrap(np.isfinite(as_tensor(x).data))


def _reduce_logic(fn, name, input_tensor, axis, keepdims) -> Tensor:
    data = as_tensor(input_tensor).data
    axes = normalize_axis(axis, data.ndim)
    return Tensor._wrap(B.xp.asarray(fn(data.astype(bool, copy=False), axis=axes, keepdims=keepdims)))


def reduce_any(input_tensor, axis=None, keepdims: bool = False, name=None) -> Tensor:
    """True where any entry along ``axis`` is true (``tf.reduce_any``)."""
    return _reduce_logic(np.any, "reduce_any", input_tensor, axis, keepdims)


def reduce_all(input_tensor, axis=None, keepdims: bool = False, name=None) -> Tensor:
    """True where every entry along ``axis`` is true (``tf.reduce_all``)."""
    return _reduce_logic(np.all, "reduce_all", input_tensor, axis, keepdims)


__all__ = ["equal", "greater", "greater_equal", "is_finite", "is_inf", "is_nan", "less", "less_equal",
           "logical_and", "logical_not", "logical_or", "logical_xor", "not_equal", "reduce_all", "reduce_any"]
