"""Norms and clipping by norm: norm, l2_normalize, clip_by_norm, global_norm,
clip_by_global_norm. Composed from differentiable ops."""

from __future__ import annotations

import math

import numpy as np

from axon.autograd.tensor import Tensor
from axon.ops.broadcast import as_tensor, normalize_axis
from axon.ops.elementwise import abs, divide, maximum, multiply, power, sqrt, square, where
from axon.ops.reduce import reduce_max, reduce_min, reduce_sum
from axon.ops.shape import reshape


def _vector_norm(t: Tensor, ord, axes, keepdims: bool) -> Tensor:
    if ord in ("euclidean", 2, 2.0, None):
        return sqrt(reduce_sum(square(t), axis=axes, keepdims=keepdims))
    if ord == 1:
        return reduce_sum(abs(t), axis=axes, keepdims=keepdims)
    if ord == np.inf:
        return reduce_max(abs(t), axis=axes, keepdims=keepdims)
    if ord == -np.inf:
        return reduce_min(abs(t), axis=axes, keepdims=keepdims)
    if ord == 0:
        return Tensor._wrap((t.data != 0).sum(axis=axes, keepdims=keepdims).astype(t.dtype))
    if isinstance(ord, (int, float)) and ord > 0:
        p = float(ord)
        return power(reduce_sum(power(abs(t), p), axis=axes, keepdims=keepdims), 1.0 / p)
    raise ValueError(f"norm: ord must be 'euclidean', 'fro', a positive number, 0, np.inf or -np.inf for a "
                     f"vector norm. Received ord={ord!r}.")


def _matrix_norm(t: Tensor, ord, axes, keepdims: bool) -> Tensor:
    r, c = axes
    if ord in ("fro", "euclidean", None):
        return sqrt(reduce_sum(square(t), axis=axes, keepdims=keepdims))
    if ord in (1, np.inf):  # the largest column (1) or row (inf) sum of magnitudes
        inner, outer = (r, c) if ord == 1 else (c, r)
        sums = reduce_sum(abs(t), axis=inner, keepdims=True)
        out = reduce_max(sums, axis=outer, keepdims=True)
        return out if keepdims else reshape(out, [n for i, n in enumerate(t.shape) if i not in axes])
    raise ValueError(f"norm: ord={ord!r} is not supported for a matrix norm; use 'fro', 1 or np.inf "
                     "(the spectral and nuclear norms need an SVD, which axon lacks).")


def norm(tensor, ord="euclidean", axis=None, keepdims: bool = False, name=None) -> Tensor:
    """The vector or matrix norm of ``tensor`` (``tf.norm``).

    With ``axis=None`` the tensor is one flat vector; an int is a vector norm
    along that axis; a pair of axes is a matrix norm ('fro', 1 or inf).
    """
    t = as_tensor(tensor)
    axes = normalize_axis(axis, t.ndim)
    if axis is not None and not isinstance(axis, (int, np.integer)) and len(axes) == 2:
        ordered = tuple(normalize_axis(a, t.ndim)[0] for a in axis)
        return _matrix_norm(t, ord, ordered, keepdims)
    return _vector_norm(t, "euclidean" if ord == "fro" else ord, axes, keepdims)


def l2_normalize(x, axis=None, epsilon: float = 1e-12, name=None) -> Tensor:
    """``x / sqrt(max(sum(x^2), epsilon))`` along ``axis`` (``tf.math.l2_normalize``)."""
    t = as_tensor(x)
    squares = reduce_sum(square(t), axis=axis, keepdims=True)
    return divide(t, sqrt(maximum(squares, as_tensor(epsilon, like=t))))


def clip_by_norm(t, clip_norm, axes=None, name=None) -> Tensor:
    """``t`` scaled so that its L2 norm (over ``axes``) is at most ``clip_norm`` (``tf.clip_by_norm``).

    As in TensorFlow, a zero tensor gets a zero (not NaN) gradient.
    """
    x = as_tensor(t)
    clip = as_tensor(clip_norm, like=x)
    sum_sq = reduce_sum(square(x), axis=axes, keepdims=True)
    positive = sum_sq.data > 0
    safe = where(positive, sum_sq, Tensor._wrap(np.ones_like(sum_sq.data)))
    l2 = where(positive, sqrt(safe), sum_sq)
    return divide(multiply(x, clip), maximum(l2, clip))


def global_norm(t_list, name=None) -> Tensor:
    """``sqrt(sum of the squared L2 norms of every tensor in t_list)`` (None entries are skipped)."""
    tensors = [as_tensor(t) for t in t_list if t is not None]
    if not tensors:
        raise ValueError("global_norm: t_list holds no tensors.")
    total = reduce_sum(square(tensors[0]))
    for t in tensors[1:]:
        total = total + reduce_sum(square(t))
    return sqrt(total)


def clip_by_global_norm(t_list, clip_norm, use_norm=None, name=None) -> tuple[list, Tensor]:
    """Scale every tensor by ``clip_norm / max(global_norm, clip_norm)`` (``tf.clip_by_global_norm``).

    Returns the clipped list (None entries stay None) and the global norm.
    """
    if isinstance(t_list, Tensor):
        raise TypeError("clip_by_global_norm: t_list must be a list of tensors, not one tensor.")
    norm_value = global_norm(t_list) if use_norm is None else as_tensor(use_norm)
    clip = as_tensor(clip_norm, like=norm_value)
    scale = divide(clip, maximum(norm_value, clip))
    if not math.isfinite(float(norm_value.data)):  # as TensorFlow: an infinite norm makes every value NaN
        scale = Tensor._wrap(np.full_like(scale.data, np.nan))
    clipped = [None if t is None else multiply(as_tensor(t), scale) for t in t_list]
    return clipped, Tensor._wrap(norm_value.data)


__all__ = ["clip_by_global_norm", "clip_by_norm", "global_norm", "l2_normalize", "norm"]
