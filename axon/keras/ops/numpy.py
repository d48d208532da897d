"""``keras.ops`` functions with NumPy's names and semantics (Keras 3's ``keras.ops.numpy``).

Each is a thin adapter over axon's differentiable ops: Keras 3 follows NumPy
where TensorFlow differs (``take`` flattens when ``axis`` is None and accepts
negative indices, ``split`` takes split points, ``tile`` pads ``repeats``,
``argmax`` returns int32, ``cumsum`` flattens when ``axis`` is None).
"""

from __future__ import annotations

import builtins

import numpy as np

from axon import backend as B
from axon import ops as _ops
from axon.autograd.tensor import Tensor
from axon.ops.broadcast import as_tensor, normalize_axis
from axon.ops.comparison import (
    equal,
    greater,
    greater_equal,
    less,
    less_equal,
    logical_and,
    logical_not,
    logical_or,
    logical_xor,
    not_equal,
)
from axon.ops.creation import eye, ones_like, zeros_like
from axon.ops.cumulative import cumsum as _cumsum
from axon.ops.einsum import einsum
from axon.ops.elementwise import (
    abs,
    add,
    divide,
    exp,
    log,
    maximum,
    minimum,
    multiply,
    negative,
    power,
    sign,
    sqrt,
    square,
    subtract,
)
from axon.ops.indexing import gather
from axon.ops.manipulation import pad as _pad
from axon.ops.manipulation import repeat, take_along_axis
from axon.ops.matmul import matmul
from axon.ops.norm import norm as _norm
from axon.ops.special import erf
from axon.ops.statistics import reduce_logsumexp, reduce_prod, reduce_std, reduce_variance
from axon.ops.trig import cos, sin

absolute = abs
true_divide = divide


def arange(start, stop=None, step=1, dtype=None) -> Tensor:
    """Evenly spaced values in ``[start, stop)``: int32 for int arguments, else ``floatx()``."""
    return _ops.range(start, stop, step, dtype=dtype)


def zeros(shape, dtype=None) -> Tensor:
    """A tensor of zeros (``floatx()`` unless ``dtype`` is given)."""
    return _ops.zeros(shape, dtype)


def ones(shape, dtype=None) -> Tensor:
    """A tensor of ones (``floatx()`` unless ``dtype`` is given)."""
    return _ops.ones(shape, dtype)


def full(shape, fill_value, dtype=None) -> Tensor:
    """A tensor of ``shape`` filled with ``fill_value`` (``floatx()`` unless ``dtype`` is given, as Keras)."""
    value = as_tensor(fill_value).data
    return Tensor._wrap(B.xp.full(_ops.creation._shape(shape), value, dtype=B.as_dtype(dtype or B.floatx())))


def full_like(x, fill_value, dtype=None) -> Tensor:
    """A tensor shaped like ``x`` filled with ``fill_value`` (``x``'s dtype unless given)."""
    t = as_tensor(x)
    return Tensor._wrap(B.xp.full(t.shape, as_tensor(fill_value).data, dtype=B.as_dtype(dtype) if dtype else t.dtype))


def identity(n, dtype=None) -> Tensor:
    """The ``n x n`` identity matrix (Keras's ``ops.identity``, NumPy's ``identity``)."""
    return eye(n, dtype=dtype)


def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0) -> Tensor:
    """``num`` evenly spaced values from ``start`` to ``stop`` (as ``np.linspace``)."""
    if retstep:
        raise ValueError("linspace: retstep=True is not supported; compute (stop - start) / (num - 1).")
    values = np.linspace(float(start), float(stop), int(num), endpoint=endpoint, axis=axis)
    return Tensor._wrap(B.xp.asarray(values, dtype=B.as_dtype(dtype or B.floatx())))


def _axis(axis):
    return tuple(axis) if isinstance(axis, list) else axis


def sum(x, axis=None, keepdims: bool = False) -> Tensor:
    """The sum along ``axis`` (all axes when None)."""
    return _ops.reduce_sum(x, _axis(axis), keepdims)


def mean(x, axis=None, keepdims: bool = False) -> Tensor:
    """The mean along ``axis``; integers give ``floatx()``."""
    t = as_tensor(x)
    if t.dtype.kind != "f":
        t = _ops.cast(t, B.floatx())
    return _ops.reduce_mean(t, _axis(axis), keepdims)


def _with_initial(fn, extreme, x, axis, keepdims, initial):
    out = fn(x, _axis(axis), keepdims)
    return out if initial is None else extreme(out, as_tensor(initial, like=out))


def max(x, axis=None, keepdims: bool = False, initial=None) -> Tensor:
    """The largest value along ``axis`` (at least ``initial`` when given)."""
    return _with_initial(_ops.reduce_max, maximum, x, axis, keepdims, initial)


def min(x, axis=None, keepdims: bool = False, initial=None) -> Tensor:
    """The smallest value along ``axis`` (at most ``initial`` when given)."""
    return _with_initial(_ops.reduce_min, minimum, x, axis, keepdims, initial)


amax, amin = max, min


def prod(x, axis=None, keepdims: bool = False, dtype=None) -> Tensor:
    """The product along ``axis``."""
    t = as_tensor(x) if dtype is None else _ops.cast(x, dtype)
    return reduce_prod(t, _axis(axis), keepdims)


def var(x, axis=None, keepdims: bool = False) -> Tensor:
    """The population variance along ``axis``."""
    t = as_tensor(x)
    return reduce_variance(t if t.dtype.kind == "f" else _ops.cast(t, B.floatx()), _axis(axis), keepdims)


def std(x, axis=None, keepdims: bool = False) -> Tensor:
    """The population standard deviation along ``axis``."""
    t = as_tensor(x)
    return reduce_std(t if t.dtype.kind == "f" else _ops.cast(t, B.floatx()), _axis(axis), keepdims)


def logsumexp(x, axis=None, keepdims: bool = False) -> Tensor:
    """``log(sum(exp(x)))`` along ``axis``, without overflow."""
    return reduce_logsumexp(x, _axis(axis), keepdims)


def any(x, axis=None, keepdims: bool = False) -> Tensor:
    """True where any entry along ``axis`` is non-zero."""
    return _ops.reduce_any(x, _axis(axis), keepdims)


def all(x, axis=None, keepdims: bool = False) -> Tensor:
    """True where every entry along ``axis`` is non-zero."""
    return _ops.reduce_all(x, _axis(axis), keepdims)


def argmax(x, axis=None, keepdims: bool = False) -> Tensor:
    """The index (int32) of the largest value along ``axis`` (of the flattened tensor when None)."""
    return _arg(np.argmax, x, axis, keepdims)


def argmin(x, axis=None, keepdims: bool = False) -> Tensor:
    """The index (int32) of the smallest value along ``axis`` (of the flattened tensor when None)."""
    return _arg(np.argmin, x, axis, keepdims)


def _arg(fn, x, axis, keepdims):
    data = as_tensor(x).data
    out = fn(data, axis=axis, keepdims=keepdims)
    return Tensor._wrap(B.xp.asarray(out, dtype=np.int32))


def argsort(x, axis=-1) -> Tensor:
    """The indices (int32) that sort ``x`` along ``axis`` (flattened when None)."""
    t = as_tensor(x)
    if axis is None:
        t, axis = _ops.reshape(t, (-1,)), -1
    return _ops.argsort(t, axis=axis, stable=True)


def sort(x, axis=-1) -> Tensor:
    """``x`` sorted along ``axis`` (ascending); differentiable."""
    t = as_tensor(x)
    if axis is None:
        t, axis = _ops.reshape(t, (-1,)), -1
    return _ops.sort(t, axis=axis)


def cumsum(x, axis=None, dtype=None) -> Tensor:
    """The running sum along ``axis`` (of the flattened tensor when None)."""
    t = as_tensor(x) if dtype is None else _ops.cast(x, dtype)
    if axis is None:
        t, axis = _ops.reshape(t, (-1,)), 0
    return _cumsum(t, axis=axis)


def take(x, indices, axis=None) -> Tensor:
    """Entries of ``x`` at ``indices`` along ``axis`` (of the flattened ``x`` when None);
    negative indices count from the end."""
    t = as_tensor(x)
    if axis is None:
        t, axis = _ops.reshape(t, (-1,)), 0
    ax = normalize_axis(axis, t.ndim)[0]
    idx = as_tensor(indices).data
    if idx.dtype.kind in "iu":
        idx = B.xp.where(idx < 0, idx + t.shape[ax], idx)
    return gather(t, idx, axis=ax)


def tile(x, repeats) -> Tensor:
    """``x`` repeated ``repeats[i]`` times along axis ``i`` (as ``np.tile``: ``repeats`` may be shorter or longer)."""
    t = as_tensor(x)
    reps = [int(repeats)] if isinstance(repeats, (int, np.integer)) else [int(r) for r in repeats]
    if len(reps) > t.ndim:
        t = _ops.reshape(t, (1,) * (len(reps) - t.ndim) + t.shape)
    reps = [1] * (t.ndim - len(reps)) + reps
    return _ops.tile(t, reps)


def split(x, indices_or_sections, axis=0) -> list[Tensor]:
    """Split ``x`` along ``axis`` into equal sections (an int) or at the given indices (as ``np.split``)."""
    t = as_tensor(x)
    if isinstance(indices_or_sections, (int, np.integer)):
        return _ops.split(t, int(indices_or_sections), axis)
    ax = normalize_axis(axis, t.ndim)[0]
    points = [builtins.min(builtins.max(int(i), 0), t.shape[ax]) for i in indices_or_sections]
    bounds = [0, *points, t.shape[ax]]
    return _ops.split(t, [builtins.max(b - a, 0) for a, b in zip(bounds[:-1], bounds[1:])], ax)


def concatenate(xs, axis=0) -> Tensor:
    """Join tensors along an existing axis (all flattened first when ``axis`` is None)."""
    if axis is None:
        return _ops.concat([_ops.reshape(x, (-1,)) for x in xs], 0)
    return _ops.concat(list(xs), axis)


def stack(x, axis=0) -> Tensor:
    """Join same-shaped tensors along a new axis."""
    return _ops.stack(list(x), axis)


def reshape(x, newshape) -> Tensor:
    """The same values in ``newshape`` (one entry may be -1)."""
    return _ops.reshape(x, (newshape,) if isinstance(newshape, (int, np.integer)) else newshape)


def transpose(x, axes=None) -> Tensor:
    """Permute the axes (reverse them when ``axes`` is None)."""
    return _ops.transpose(x, axes)


def expand_dims(x, axis) -> Tensor:
    """Insert axes of size 1 at ``axis`` (an int or a tuple)."""
    t = as_tensor(x)
    axes = [axis] if isinstance(axis, (int, np.integer)) else list(axis)
    rank = t.ndim + len(axes)
    positions = sorted(a % rank for a in axes)
    for position in positions:
        t = _ops.expand_dims(t, position)
    return t


def squeeze(x, axis=None) -> Tensor:
    """Remove axes of size 1 (all, or those in ``axis``)."""
    return _ops.squeeze(x, axis)


def where(condition, x1=None, x2=None):
    """``x1`` where ``condition`` holds, else ``x2``; with ``condition`` alone, its non-zero indices
    (a tuple of int tensors, one per axis, as ``np.nonzero``)."""
    if x1 is None and x2 is None:
        return nonzero(condition)
    return _ops.where(condition, x1, x2)


def nonzero(x) -> tuple:
    """The indices of the non-zero entries, one int tensor per axis."""
    return tuple(Tensor._wrap(i.astype(np.int32)) for i in np.nonzero(as_tensor(x).data))


def clip(x, x_min, x_max) -> Tensor:
    """``x`` limited to ``[x_min, x_max]``; the gradient is zero outside."""
    return _ops.clip_by_value(x, x_min, x_max)


def pad(x, pad_width, mode: str = "constant", constant_values=None) -> Tensor:
    """Pad ``x`` by ``pad_width`` (one ``(before, after)`` per axis, or one pair / int for all).

    ``mode``: 'constant', 'reflect', 'symmetric', 'edge' or 'wrap'.
    """
    t = as_tensor(x)
    widths = np.broadcast_to(np.asarray(pad_width, dtype=np.int64).reshape(-1, 2) if np.size(pad_width) > 1
                             else np.full((1, 2), int(np.asarray(pad_width).reshape(-1)[0])), (t.ndim, 2))
    if constant_values is not None and mode != "constant":
        raise ValueError(f"pad: constant_values applies to mode='constant' only. Received mode={mode!r}.")
    return _pad(t, widths, mode=mode, constant_values=0 if constant_values is None else constant_values)


def norm(x, ord=None, axis=None, keepdims: bool = False) -> Tensor:
    """The vector norm (``axis`` an int or None: the flattened tensor) or matrix norm (a pair of axes).

    ``ord=None`` is the 2-norm for vectors and the Frobenius norm for matrices.
    """
    t = as_tensor(x)
    if axis is None and t.ndim == 2 and ord is not None:
        axis = (0, 1)  # NumPy: a 2-D input with an ord is a matrix norm
    return _norm(t, "euclidean" if ord is None else ord, axis=axis, keepdims=keepdims)


def shape(x) -> tuple:
    """The shape of ``x`` as a tuple of ints."""
    return tuple(as_tensor(x).shape)


def ndim(x) -> int:
    """The number of axes of ``x``."""
    return as_tensor(x).ndim


def size(x) -> Tensor:
    """The number of entries of ``x`` (an int32 scalar tensor)."""
    return _ops.size(x)


def broadcast_to(x, shape) -> Tensor:
    """``x`` broadcast to ``shape``; the gradient sums back."""
    return _ops.broadcast_to(x, shape)


__all__ = [
    "abs", "absolute", "add", "all", "amax", "amin", "any", "arange", "argmax", "argmin", "argsort", "broadcast_to",
    "clip", "concatenate", "cos", "cumsum", "divide", "einsum", "equal", "erf", "exp", "expand_dims", "eye", "full",
    "full_like", "greater", "greater_equal", "identity", "less", "less_equal", "linspace", "log", "logical_and",
    "logical_not", "logical_or", "logical_xor", "logsumexp", "matmul", "max", "maximum", "mean", "min", "minimum",
    "multiply", "ndim", "negative", "nonzero", "norm", "not_equal", "ones", "ones_like", "pad", "power", "prod",
    "repeat", "reshape", "shape", "sign", "sin", "size", "sort", "split", "sqrt", "square", "squeeze", "stack", "std",
    "subtract", "sum", "take", "take_along_axis", "tile", "transpose", "true_divide", "var", "where", "zeros",
    "zeros_like",
]
