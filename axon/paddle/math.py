"""Paddle's tensor functions (``paddle.matmul``, ``paddle.sum``, ``paddle.concat`` ...).

Each is axon's op under Paddle's name and argument names (``axis``, ``keepdim``,
``perm``, ``x``/``y``): differentiable functions call axon's ops; comparisons,
indices and sorting work on the raw arrays and carry no gradient, as in Paddle.
"""

from __future__ import annotations

import builtins

import numpy as np

from axon import ops
from axon.autograd.tensor import Tensor as _Core
from axon.paddle.tensor import Tensor, core, to_dtype, wrap


def _raw(x):
    return core(x).data


def _const(array) -> Tensor:
    return wrap(_Core._wrap(array))


def _pair(x, y):
    a = core(x, like=core(y) if isinstance(y, (Tensor, _Core)) else None)
    return a, core(y, like=a)


def _axes(axis):
    if axis is None:
        return None
    if isinstance(axis, Tensor):
        axis = axis.tolist()
    return axis if isinstance(axis, (int, np.integer)) else tuple(int(a) for a in axis)


# ------------------------------------------------------------- arithmetic
def add(x, y, name=None) -> Tensor:
    """``x + y`` with broadcasting."""
    return wrap(ops.add(*_pair(x, y)))


def subtract(x, y, name=None) -> Tensor:
    """``x - y`` with broadcasting."""
    return wrap(ops.subtract(*_pair(x, y)))


def multiply(x, y, name=None) -> Tensor:
    """``x * y`` elementwise, with broadcasting."""
    return wrap(ops.multiply(*_pair(x, y)))


def divide(x, y, name=None) -> Tensor:
    """``x / y`` elementwise, with broadcasting."""
    return wrap(ops.divide(*_pair(x, y)))


def pow(x, y, name=None) -> Tensor:  # noqa: A001 (Paddle's name)
    """``x ** y`` elementwise."""
    return wrap(ops.power(*_pair(x, y)))


def floor_divide(x, y, name=None) -> Tensor:
    """``x // y`` elementwise (no gradient)."""
    a, b = _pair(x, y)
    return _const(a.data // b.data)


def remainder(x, y, name=None) -> Tensor:
    """``x % y`` elementwise (no gradient)."""
    a, b = _pair(x, y)
    return _const(a.data % b.data)


mod = remainder
floor_mod = remainder


def neg(x, name=None) -> Tensor:
    """``-x``."""
    return wrap(ops.negative(core(x)))


def scale(x, scale: float = 1.0, bias: float = 0.0, bias_after_scale: bool = True, act=None, name=None) -> Tensor:
    """``x * scale + bias`` (or ``(x + bias) * scale`` when ``bias_after_scale=False``)."""
    t = core(x)
    out = ops.add(ops.multiply(t, float(scale)), float(bias)) if bias_after_scale else \
        ops.multiply(ops.add(t, float(bias)), float(scale))
    if act is not None:
        from axon.paddle.nn import functional as F

        return getattr(F, act)(wrap(out))
    return wrap(out)


def exp(x, name=None) -> Tensor:
    """``e ** x``."""
    return wrap(ops.exp(core(x)))


def log(x, name=None) -> Tensor:
    """Natural logarithm."""
    return wrap(ops.log(core(x)))


def log2(x, name=None) -> Tensor:
    """Base-2 logarithm."""
    return wrap(ops.divide(ops.log(core(x)), float(np.log(2.0))))


def log10(x, name=None) -> Tensor:
    """Base-10 logarithm."""
    return wrap(ops.divide(ops.log(core(x)), float(np.log(10.0))))


def sqrt(x, name=None) -> Tensor:
    """Square root."""
    return wrap(ops.sqrt(core(x)))


def rsqrt(x, name=None) -> Tensor:
    """``1 / sqrt(x)``."""
    return wrap(ops.divide(1.0, ops.sqrt(core(x))))


def reciprocal(x, name=None) -> Tensor:
    """``1 / x``."""
    return wrap(ops.divide(1.0, core(x)))


def square(x, name=None) -> Tensor:
    """``x ** 2``."""
    return wrap(ops.square(core(x)))


def abs(x, name=None) -> Tensor:  # noqa: A001
    """``|x|``."""
    return wrap(ops.abs(core(x)))


def sign(x, name=None) -> Tensor:
    """-1, 0 or 1 by the sign of each element (no gradient)."""
    return wrap(ops.sign(core(x)))


def floor(x, name=None) -> Tensor:
    """Round down (no gradient)."""
    return _const(np.floor(_raw(x)))


def ceil(x, name=None) -> Tensor:
    """Round up (no gradient)."""
    return _const(np.ceil(_raw(x)))


def round(x, name=None) -> Tensor:  # noqa: A001
    """Round half away from zero, as Paddle does (no gradient)."""
    a = _raw(x)
    return _const(np.sign(a) * np.floor(np.abs(a) + 0.5))


def tanh(x, name=None) -> Tensor:
    """Hyperbolic tangent."""
    return wrap(ops.tanh(core(x)))


def sigmoid(x, name=None) -> Tensor:
    """Logistic sigmoid."""
    return wrap(ops.sigmoid(core(x)))


def clip(x, min=None, max=None, name=None) -> Tensor:  # noqa: A002
    """Clamp into ``[min, max]`` (either bound may be None)."""
    t = core(x)
    low = -np.inf if min is None else float(min)
    high = np.inf if max is None else float(max)
    return wrap(ops.clip_by_value(t, low, high))


def maximum(x, y, name=None) -> Tensor:
    """Elementwise maximum."""
    return wrap(ops.maximum(*_pair(x, y)))


def minimum(x, y, name=None) -> Tensor:
    """Elementwise minimum."""
    return wrap(ops.minimum(*_pair(x, y)))


def matmul(x, y, transpose_x: bool = False, transpose_y: bool = False, name=None) -> Tensor:
    """Matrix product (batched over leading axes), optionally transposing either operand."""
    return wrap(ops.matmul(core(x), core(y), transpose_a=transpose_x, transpose_b=transpose_y))


def mm(input, mat2, name=None) -> Tensor:  # noqa: A002
    """Matrix product."""
    return matmul(input, mat2)


bmm = mm


def dot(x, y, name=None) -> Tensor:
    """Inner product along the last axis."""
    return wrap(ops.reduce_sum(ops.multiply(core(x), core(y)), -1))


def where(condition, x=None, y=None, name=None) -> Tensor:
    """``x`` where ``condition`` holds, else ``y``; with ``condition`` only, the indices of its true entries."""
    if x is None and y is None:
        return _const(np.argwhere(_raw(condition)).astype(np.int64))
    a, b = _pair(x, y)
    return wrap(ops.where(_raw(condition), a, b))


# ----------------------------------------------------------- reductions
def sum(x, axis=None, dtype=None, keepdim: bool = False, name=None) -> Tensor:  # noqa: A001
    """Sum over ``axis`` (all axes by default)."""
    t = core(x)
    if dtype is not None:
        t = ops.cast(t, to_dtype(dtype))
    elif t.dtype.kind == "b":
        t = ops.cast(t, np.int64)
    return wrap(ops.reduce_sum(t, _axes(axis), keepdim))


def mean(x, axis=None, keepdim: bool = False, name=None) -> Tensor:
    """Mean over ``axis`` (all axes by default)."""
    return wrap(ops.reduce_mean(core(x), _axes(axis), keepdim))


def max(x, axis=None, keepdim: bool = False, name=None) -> Tensor:  # noqa: A001
    """Maximum over ``axis``."""
    return wrap(ops.reduce_max(core(x), _axes(axis), keepdim))


def min(x, axis=None, keepdim: bool = False, name=None) -> Tensor:  # noqa: A001
    """Minimum over ``axis``."""
    return wrap(ops.reduce_min(core(x), _axes(axis), keepdim))


amax, amin = max, min


def var(x, axis=None, unbiased: bool = True, keepdim: bool = False, name=None) -> Tensor:
    """Variance over ``axis`` (divided by n - 1 when ``unbiased``)."""
    t = core(x)
    axes = _axes(axis)
    centred = ops.subtract(t, ops.reduce_mean(t, axes, True))
    n = t.size if axes is None else int(np.prod([t.shape[a] for a in np.atleast_1d(axes)]))
    total = ops.reduce_sum(ops.square(centred), axes, keepdim)
    return wrap(ops.divide(total, float(builtins.max(n - 1, 1) if unbiased else n)))


def std(x, axis=None, unbiased: bool = True, keepdim: bool = False, name=None) -> Tensor:
    """Standard deviation over ``axis``."""
    return wrap(ops.sqrt(var(x, axis, unbiased, keepdim).value))


def logsumexp(x, axis=None, keepdim: bool = False, name=None) -> Tensor:
    """``log(sum(exp(x)))`` over ``axis``, computed without overflow."""
    t = core(x)
    axes = _axes(axis)
    shift = _Core._wrap(np.max(t.data, axis=axes, keepdims=True))
    out = ops.add(ops.log(ops.reduce_sum(ops.exp(ops.subtract(t, shift)), axes, True)), shift)
    if not keepdim:
        out = ops.squeeze(out, axes) if axes is not None else ops.reshape(out, ())
    return wrap(out)


def norm(x, p="fro", axis=None, keepdim: bool = False, name=None) -> Tensor:
    """The vector p-norm (``p`` = 2 / ``'fro'``, 1, ``inf``, or any positive number) over ``axis``."""
    t = core(x)
    axes = _axes(axis)
    if p in ("fro", 2, 2.0):
        return wrap(ops.sqrt(ops.reduce_sum(ops.square(t), axes, keepdim)))
    if p in (1, 1.0):
        return wrap(ops.reduce_sum(ops.abs(t), axes, keepdim))
    if p in (np.inf, float("inf"), "inf"):
        return wrap(ops.reduce_max(ops.abs(t), axes, keepdim))
    p = float(p)
    return wrap(ops.power(ops.reduce_sum(ops.power(ops.abs(t), p), axes, keepdim), 1.0 / p))


def dist(x, y, p: float = 2, name=None) -> Tensor:
    """``norm(x - y, p)`` over all elements."""
    return norm(subtract(x, y), p)


def argmax(x, axis=None, keepdim: bool = False, dtype="int64", name=None) -> Tensor:
    """Index of the maximum along ``axis`` (of the flattened tensor when None)."""
    a = _raw(x)
    out = np.argmax(a, axis=axis, keepdims=keepdim if axis is not None else False)
    return _const(np.asarray(out).astype(to_dtype(dtype)))


def argmin(x, axis=None, keepdim: bool = False, dtype="int64", name=None) -> Tensor:
    """Index of the minimum along ``axis`` (of the flattened tensor when None)."""
    a = _raw(x)
    out = np.argmin(a, axis=axis, keepdims=keepdim if axis is not None else False)
    return _const(np.asarray(out).astype(to_dtype(dtype)))


def cumsum(x, axis=None, dtype=None, name=None) -> Tensor:
    """Cumulative sum along ``axis`` (of the flattened tensor when None); no gradient."""
    a = _raw(x)
    return _const(np.cumsum(a if axis is not None else a.reshape(-1), axis=axis or 0,
                            dtype=None if dtype is None else to_dtype(dtype)))


def sort(x, axis: int = -1, descending: bool = False, name=None) -> Tensor:
    """Sorted values along ``axis`` (differentiable: a gather of the sorted positions)."""
    idx = argsort(x, axis, descending).value.data
    return wrap(ops.getitem(core(x), _along(idx, axis)))


def argsort(x, axis: int = -1, descending: bool = False, name=None) -> Tensor:
    """Positions that sort ``x`` along ``axis``."""
    a = _raw(x)
    idx = np.argsort(-a if descending else a, axis=axis, kind="stable")
    return _const(idx.astype(np.int64))


def topk(x, k: int, axis: int = -1, largest: bool = True, sorted: bool = True, name=None):  # noqa: A002
    """The ``k`` largest (or smallest) values along ``axis`` and their indices."""
    idx = np.take(argsort(x, axis, descending=largest).value.data, np.arange(int(k)), axis=axis)
    return wrap(ops.getitem(core(x), _along(idx, axis))), _const(idx)


def _along(idx, axis):
    """An advanced index picking ``idx`` along ``axis`` (``take_along_axis`` as an index tuple)."""
    axis = axis % idx.ndim
    grids = np.ogrid[tuple(builtins.slice(n) for n in idx.shape)]
    grids[axis] = idx
    return tuple(grids)


# ---------------------------------------------------------- comparisons
def _compare(fn):
    def compare(x, y, name=None) -> Tensor:
        a, b = _pair(x, y)
        return _const(fn(a.data, b.data))

    compare.__doc__ = f"Elementwise ``{fn.__name__}`` as a bool tensor (no gradient)."
    return compare


equal = _compare(np.equal)
not_equal = _compare(np.not_equal)
greater_than = _compare(np.greater)
greater_equal = _compare(np.greater_equal)
less_than = _compare(np.less)
less_equal = _compare(np.less_equal)
logical_and = _compare(np.logical_and)
logical_or = _compare(np.logical_or)
logical_xor = _compare(np.logical_xor)


def logical_not(x, name=None) -> Tensor:
    """Elementwise not."""
    return _const(np.logical_not(_raw(x)))


def equal_all(x, y, name=None) -> Tensor:
    """A bool scalar: True when both have the same shape and values."""
    a, b = _raw(x), _raw(y)
    return _const(np.asarray(a.shape == b.shape and bool(np.all(a == b))))


def allclose(x, y, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False, name=None) -> Tensor:
    """A bool scalar: ``|x - y| <= atol + rtol * |y|`` everywhere."""
    return _const(np.asarray(np.allclose(_raw(x), _raw(y), rtol, atol, equal_nan)))


def isclose(x, y, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False, name=None) -> Tensor:
    """Elementwise ``|x - y| <= atol + rtol * |y|``."""
    return _const(np.isclose(_raw(x), _raw(y), rtol, atol, equal_nan))


def isfinite(x, name=None) -> Tensor:
    """Elementwise: not inf and not NaN."""
    return _const(np.isfinite(_raw(x)))


def isnan(x, name=None) -> Tensor:
    """Elementwise: NaN."""
    return _const(np.isnan(_raw(x)))


def isinf(x, name=None) -> Tensor:
    """Elementwise: +-inf."""
    return _const(np.isinf(_raw(x)))


def any(x, axis=None, keepdim: bool = False, name=None) -> Tensor:  # noqa: A001
    """Whether any element (along ``axis``) is true."""
    return _const(np.asarray(np.any(_raw(x), axis=_axes(axis), keepdims=keepdim)))


def all(x, axis=None, keepdim: bool = False, name=None) -> Tensor:  # noqa: A001
    """Whether every element (along ``axis``) is true."""
    return _const(np.asarray(np.all(_raw(x), axis=_axes(axis), keepdims=keepdim)))


def nonzero(x, as_tuple: bool = False):
    """Indices of the non-zero elements: ``(n, rank)`` int64, or one 1-D tensor per axis."""
    found = np.nonzero(_raw(x))
    if as_tuple:
        return tuple(_const(i.astype(np.int64)) for i in found)
    return _const(np.stack(found, axis=1).astype(np.int64))


def unique(x, return_index=False, return_inverse=False, return_counts=False, axis=None, dtype="int64", name=None):
    """The sorted unique values (and, if asked, first indices, inverse and counts)."""
    out = np.unique(_raw(x), return_index, return_inverse, return_counts, axis)
    if not isinstance(out, tuple):
        return _const(out)
    return (_const(out[0]),) + tuple(_const(o.astype(to_dtype(dtype))) for o in out[1:])
