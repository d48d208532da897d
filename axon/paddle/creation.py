"""Paddle's tensor creation: ``to_tensor``, ``zeros`` / ``ones`` / ``full``, ``arange``,
``linspace``, ``eye`` and the random ones (``rand``, ``randn``, ``randint``, ``uniform``,
``normal``, ``randperm``), all drawn from the generator ``paddle.seed`` seeds."""

from __future__ import annotations

import numpy as np

from axon import backend as B
from axon.autograd.tensor import Tensor as _Core
from axon.paddle.framework import get_default_dtype
from axon.paddle.tensor import Tensor, _shape_arg, core, to_array, to_dtype


def _new(array, stop_gradient: bool = True) -> Tensor:
    t = Tensor._wrap(_Core._wrap(array))
    if not stop_gradient:
        t.stop_gradient = False
    return t


def _float(dtype) -> np.dtype:
    return to_dtype(dtype or get_default_dtype())


def to_tensor(data, dtype=None, place=None, stop_gradient: bool = True) -> Tensor:
    """A new Tensor holding ``data`` (a number, nested lists, a NumPy array or a Tensor).

    Python floats become the default dtype (float32), Python ints int64; NumPy
    arrays keep their dtype. The data is copied.

    Example:
        >>> x = paddle.to_tensor([[1.0, 2.0], [3.0, 4.0]], stop_gradient=False)
        >>> x.shape
        [2, 2]
    """
    array = to_array(data, dtype)
    if isinstance(data, (Tensor, _Core, np.ndarray)) or array is data:
        array = array.copy()
    return _new(array, stop_gradient)


def zeros(shape, dtype=None, name=None) -> Tensor:
    """A tensor of zeros (float32 by default)."""
    return _new(B.xp.zeros(_shape_arg(shape), dtype=_float(dtype)))


def ones(shape, dtype=None, name=None) -> Tensor:
    """A tensor of ones (float32 by default)."""
    return _new(B.xp.ones(_shape_arg(shape), dtype=_float(dtype)))


def full(shape, fill_value, dtype=None, name=None) -> Tensor:
    """A tensor filled with ``fill_value``."""
    if dtype is None and isinstance(fill_value, bool):
        dtype = "bool"
    elif dtype is None and isinstance(fill_value, int):
        dtype = "int64"
    return _new(B.xp.full(_shape_arg(shape), fill_value, dtype=_float(dtype)))


def empty(shape, dtype=None, name=None) -> Tensor:
    """An uninitialised tensor (here: zeros)."""
    return zeros(shape, dtype)


def zeros_like(x, dtype=None, name=None) -> Tensor:
    """Zeros shaped like ``x``."""
    a = core(x).data
    return _new(B.xp.zeros(a.shape, dtype=to_dtype(dtype) if dtype else a.dtype))


def ones_like(x, dtype=None, name=None) -> Tensor:
    """Ones shaped like ``x``."""
    a = core(x).data
    return _new(B.xp.ones(a.shape, dtype=to_dtype(dtype) if dtype else a.dtype))


def full_like(x, fill_value, dtype=None, name=None) -> Tensor:
    """``fill_value`` shaped like ``x``."""
    a = core(x).data
    return _new(B.xp.full(a.shape, fill_value, dtype=to_dtype(dtype) if dtype else a.dtype))


def empty_like(x, dtype=None, name=None) -> Tensor:
    """An uninitialised tensor shaped like ``x`` (here: zeros)."""
    return zeros_like(x, dtype)


def arange(start=0, end=None, step=1, dtype=None, name=None) -> Tensor:
    """``start, start + step, ...`` below ``end`` (int64 for int arguments, else the default float)."""
    start, end, step = (_scalar(v) for v in (start, end, step))
    if end is None:
        start, end = 0, start
    if dtype is None:
        dtype = "int64" if all(isinstance(v, (int, np.integer)) for v in (start, end, step)) else get_default_dtype()
    return _new(B.xp.arange(start, end, step).astype(to_dtype(dtype)))


def linspace(start, stop, num, dtype=None, name=None) -> Tensor:
    """``num`` evenly spaced values from ``start`` to ``stop`` inclusive."""
    return _new(B.xp.linspace(_scalar(start), _scalar(stop), int(_scalar(num))).astype(_float(dtype)))


def eye(num_rows, num_columns=None, dtype=None, name=None) -> Tensor:
    """The identity matrix."""
    return _new(B.xp.eye(int(num_rows), None if num_columns is None else int(num_columns), dtype=_float(dtype)))


def diag(x, offset: int = 0, padding_value=0, name=None) -> Tensor:
    """A diagonal matrix from a vector, or the diagonal of a matrix (no gradient)."""
    a = core(x).data
    if a.ndim == 1 and padding_value:
        out = np.diag(a, offset)
        out[~np.diag(np.ones(a.shape, dtype=bool), offset)] = padding_value
        return _new(out)
    return _new(np.diag(a, offset))


def meshgrid(*args, **kwargs) -> list:
    """Coordinate grids (``'ij'`` indexing, as Paddle)."""
    arrays = args[0] if len(args) == 1 and isinstance(args[0], (list, tuple)) else args
    return [_new(g) for g in np.meshgrid(*[core(a).data for a in arrays], indexing="ij")]


def _scalar(v):
    return v.item() if isinstance(v, Tensor) else v


# ------------------------------------------------------------------ random
def rand(shape, dtype=None, name=None) -> Tensor:
    """Uniform samples in [0, 1)."""
    return _new(B.rng().random(_shape_arg(shape)).astype(_float(dtype)))


def randn(shape, dtype=None, name=None) -> Tensor:
    """Standard normal samples."""
    return _new(B.rng().standard_normal(_shape_arg(shape)).astype(_float(dtype)))


def standard_normal(shape, dtype=None, name=None) -> Tensor:
    """Standard normal samples."""
    return randn(shape, dtype)


def uniform(shape, dtype=None, min: float = -1.0, max: float = 1.0, seed: int = 0, name=None) -> Tensor:  # noqa: A002
    """Uniform samples in [min, max) (``seed`` != 0 draws from a generator of its own)."""
    gen = B.generator(seed) if seed else B.rng()
    return _new(gen.uniform(min, max, _shape_arg(shape)).astype(_float(dtype)))


def normal(mean=0.0, std=1.0, shape=None, name=None) -> Tensor:
    """Normal samples with ``mean`` and ``std`` (numbers, or tensors giving the shape)."""
    m, s = (core(v).data if isinstance(v, Tensor) else v for v in (mean, std))
    if shape is None:
        shape = np.broadcast_shapes(np.shape(m), np.shape(s))
    return _new(B.rng().normal(m, s, _shape_arg(shape)).astype(get_default_dtype()))


def randint(low: int = 0, high=None, shape=(1,), dtype=None, name=None) -> Tensor:
    """Integers in [low, high) (in [0, low) when ``high`` is None), int64 by default."""
    if high is None:
        low, high = 0, low
    return _new(B.rng().integers(low, high, _shape_arg(shape)).astype(to_dtype(dtype or "int64")))


def randperm(n: int, dtype="int64", name=None) -> Tensor:
    """A random permutation of ``0 .. n-1``."""
    return _new(B.rng().permutation(int(n)).astype(to_dtype(dtype)))


def bernoulli(x, name=None) -> Tensor:
    """1 with probability ``x`` (elementwise), else 0."""
    p = core(x).data
    return _new((B.rng().random(p.shape) < p).astype(p.dtype))


def multinomial(x, num_samples: int = 1, replacement: bool = False, name=None) -> Tensor:
    """Category indices drawn with the probabilities in each row of ``x``."""
    p = np.asarray(B.to_numpy(core(x).data), dtype=np.float64)
    rows = p.reshape(-1, p.shape[-1])
    out = np.stack([B.rng().choice(rows.shape[1], num_samples, replacement, r / r.sum()) for r in rows])
    return _new(B.xp.asarray(out.reshape(p.shape[:-1] + (num_samples,)).astype(np.int64)))
