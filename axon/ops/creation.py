"""Tensors made from nothing or from a shape: zeros, ones, range, one_hot."""

from __future__ import annotations

import builtins

from axon import backend as B
from axon.autograd.tensor import Tensor
from axon.ops.broadcast import as_tensor


def _float_or(dtype):
    return B.as_dtype(dtype) if dtype is not None else B.as_dtype(B.floatx())


def _shape(shape) -> tuple:
    if isinstance(shape, Tensor):
        shape = shape.data.tolist()
    if isinstance(shape, int) or getattr(shape, "ndim", 1) == 0:
        return (int(shape),)
    return tuple(int(n) for n in shape)


def zeros(shape, dtype=None) -> Tensor:
    """A tensor of zeros (``floatx()`` unless ``dtype`` is given)."""
    return Tensor._wrap(B.xp.zeros(_shape(shape), dtype=_float_or(dtype)))


def ones(shape, dtype=None) -> Tensor:
    """A tensor of ones (``floatx()`` unless ``dtype`` is given)."""
    return Tensor._wrap(B.xp.ones(_shape(shape), dtype=_float_or(dtype)))


def zeros_like(input, dtype=None) -> Tensor:  # noqa: A002 (TensorFlow's name)
    """Zeros with the shape (and dtype, unless given) of ``input``."""
    t = as_tensor(input)
    return Tensor._wrap(B.xp.zeros(t.shape, dtype=B.as_dtype(dtype) if dtype else t.dtype))


def ones_like(input, dtype=None) -> Tensor:  # noqa: A002
    """Ones with the shape (and dtype, unless given) of ``input``."""
    t = as_tensor(input)
    return Tensor._wrap(B.xp.ones(t.shape, dtype=B.as_dtype(dtype) if dtype else t.dtype))


def range(start, limit=None, delta=1, dtype=None) -> Tensor:  # noqa: A001 (TensorFlow's name)
    """Numbers from ``start`` up to (not including) ``limit`` in steps of ``delta``.

    With one argument it counts from 0, like Python's ``range``. The dtype is
    int32 for integer arguments and ``floatx()`` otherwise, unless given.
    """
    if limit is None:
        start, limit = 0, start
    if dtype is None:
        ints = builtins.all(isinstance(v, int) for v in (start, limit, delta))
        dtype = "int32" if ints else B.floatx()
    return Tensor._wrap(B.xp.arange(start, limit, delta, dtype=B.as_dtype(dtype)))


def one_hot(indices, depth: int, on_value=1.0, off_value=0.0, axis=-1, dtype=None) -> Tensor:
    """One-hot encode integer ``indices`` into a new axis of size ``depth``.

    Indices outside ``[0, depth)`` give an all-``off_value`` row, as in TensorFlow.
    """
    idx = as_tensor(indices).data
    if idx.dtype.kind not in "iub":
        if idx.dtype.kind == "f" and (idx == idx.round()).all():
            idx = idx.astype("int64")
        else:
            raise TypeError(f"one_hot: indices must be integers. Received dtype={idx.dtype}.")
    classes = B.xp.arange(int(depth))
    hot = idx[..., None] == classes
    out = B.xp.where(hot, on_value, off_value).astype(_float_or(dtype))
    if axis not in (-1, None) and axis != out.ndim - 1:
        out = B.xp.moveaxis(out, -1, axis)
    return Tensor._wrap(out)


def fill(dims, value, name=None) -> Tensor:
    """A tensor of shape ``dims`` filled with ``value`` (``tf.fill``); the dtype is ``value``'s."""
    v = as_tensor(value)
    return Tensor._wrap(B.xp.full(_shape(dims), v.data, dtype=v.dtype))


def linspace(start, stop, num, axis=0, name=None) -> Tensor:
    """``num`` evenly spaced values from ``start`` to ``stop`` inclusive (``tf.linspace``).

    The dtype is that of ``start`` (``floatx()`` for Python numbers).
    """
    a, b = as_tensor(start), as_tensor(stop)
    dtype = a.dtype if a.dtype.kind == "f" else B.as_dtype(B.floatx())
    out = B.xp.linspace(a.data, b.data, int(num), axis=int(axis)).astype(dtype)
    return Tensor._wrap(out)


def eye(num_rows: int, num_columns: int | None = None, batch_shape=None, dtype=None, name=None) -> Tensor:
    """The identity matrix (``tf.eye``), optionally repeated over ``batch_shape``."""
    out = B.xp.eye(int(num_rows), None if num_columns is None else int(num_columns), dtype=_float_or(dtype))
    if batch_shape is not None:
        out = B.xp.broadcast_to(out, _shape(batch_shape) + out.shape).copy()
    return Tensor._wrap(out)
