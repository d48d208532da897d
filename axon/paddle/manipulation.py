"""Paddle's shape and indexing functions (``paddle.reshape``, ``concat``, ``split``, ``gather`` ...).

Differentiable through axon's reshape, transpose, concat and indexing ops.
"""

from __future__ import annotations

import builtins

import numpy as np

from axon import backend as B
from axon import ops
from axon.autograd.tensor import Tensor as _Core
from axon.paddle.math import _axes, _const, _raw
from axon.paddle.tensor import Tensor, _index, _shape_arg, core, to_array, to_dtype, wrap


# --------------------------------------------------------- manipulation
def reshape(x, shape, name=None) -> Tensor:
    """Same data, new ``shape`` (-1 infers one axis, 0 keeps the input's size there)."""
    t = core(x)
    return wrap(ops.reshape(t, _shape_arg(shape, t.data)))


def flatten(x, start_axis: int = 0, stop_axis: int = -1, name=None) -> Tensor:
    """Merge the axes from ``start_axis`` to ``stop_axis`` into one."""
    t = core(x)
    if t.ndim == 0:
        return wrap(ops.reshape(t, (1,)))
    start, stop = start_axis % t.ndim, stop_axis % t.ndim
    if start > stop:
        raise ValueError(f"flatten: start_axis ({start_axis}) must not come after stop_axis ({stop_axis}) for a "
                         f"tensor of shape {list(t.shape)}.")
    shape = t.shape[:start] + (-1,) + t.shape[stop + 1:]
    if 0 in t.shape:
        shape = t.shape[:start] + (int(np.prod(t.shape[start:stop + 1])),) + t.shape[stop + 1:]
    return wrap(ops.reshape(t, shape))


def transpose(x, perm, name=None) -> Tensor:
    """Permute the axes as ``perm`` says."""
    return wrap(ops.transpose(core(x), perm))


def t(input, name=None) -> Tensor:  # noqa: A002
    """The transpose of a tensor of rank <= 2."""
    x = core(input)
    if x.ndim > 2:
        raise ValueError(f"t() needs a tensor of rank 0, 1 or 2; this one has shape {list(x.shape)}. "
                         "Use paddle.transpose(x, perm) for higher ranks.")
    return wrap(ops.transpose(x) if x.ndim == 2 else x)


def moveaxis(x, source, destination, name=None) -> Tensor:
    """Move axes to new positions."""
    t = core(x)
    perm = list(np.moveaxis(np.arange(t.ndim), source, destination))
    return wrap(ops.transpose(t, perm))


def concat(x, axis: int = 0, name=None) -> Tensor:
    """Join a list of tensors along an existing ``axis``."""
    return wrap(ops.concat([core(v) for v in x], int(axis)))


def stack(x, axis: int = 0, name=None) -> Tensor:
    """Join same-shaped tensors along a new ``axis``."""
    return wrap(ops.stack([core(v) for v in x], int(axis)))


def squeeze(x, axis=None, name=None) -> Tensor:
    """Drop axes of size 1 (those in ``axis`` that have size 1, or all)."""
    t = core(x)
    if axis is not None:
        axes = [a % builtins.max(t.ndim, 1) for a in np.atleast_1d(_axes(axis))]
        axis = [a for a in axes if t.shape[a] == 1]  # Paddle ignores listed axes whose size is not 1
    return wrap(ops.squeeze(t, axis))


def unsqueeze(x, axis, name=None) -> Tensor:
    """Insert axes of size 1 at ``axis`` (an int or a list)."""
    t = core(x)
    for a in sorted(np.atleast_1d(_axes(axis)).tolist()):
        t = ops.expand_dims(t, a)
    return wrap(t)


def split(x, num_or_sections, axis: int = 0, name=None) -> list:
    """Split into equal parts (an int) or parts of the given sizes (a list, one entry may be -1)."""
    t = core(x)
    axis = int(axis) % t.ndim
    n = t.shape[axis]
    if isinstance(num_or_sections, int):
        if n % num_or_sections:
            raise ValueError(f"split: axis {axis} of size {n} does not divide into {num_or_sections} equal parts.")
        sizes = [n // num_or_sections] * num_or_sections
    else:
        sizes = list(num_or_sections)
        if -1 in sizes:
            sizes[sizes.index(-1)] = n - builtins.sum(s for s in sizes if s != -1)
    bounds = np.cumsum([0] + sizes)
    return [wrap(ops.getitem(t, (builtins.slice(None),) * axis + (builtins.slice(int(a), int(b)),))) for a, b in
            zip(bounds[:-1], bounds[1:])]


def chunk(x, chunks: int, axis: int = 0, name=None) -> list:
    """Split into ``chunks`` equal parts along ``axis``."""
    return split(x, chunks, axis)


def unbind(input, axis: int = 0) -> list:  # noqa: A002
    """The slices along ``axis``, as a list of tensors of one rank less."""
    t = core(input)
    axis = axis % t.ndim
    return [wrap(ops.getitem(t, (builtins.slice(None),) * axis + (i,))) for i in range(t.shape[axis])]


def expand(x, shape, name=None) -> Tensor:
    """Broadcast to ``shape`` (-1 keeps an axis); the gradient sums back."""
    t = core(x)
    shape = list(_shape_arg(shape))
    lead = len(shape) - t.ndim
    shape = [t.shape[i - lead] if s == -1 else s for i, s in enumerate(shape)]
    return wrap(ops.add(t, _Core._wrap(B.xp.zeros(shape, dtype=t.dtype))))


broadcast_to = expand


def expand_as(x, y, name=None) -> Tensor:
    """Broadcast ``x`` to the shape of ``y``."""
    return expand(x, core(y).shape)


def tile(x, repeat_times, name=None) -> Tensor:
    """Repeat the whole tensor ``repeat_times`` along each axis."""
    t = core(x)
    reps = list(_shape_arg(repeat_times))
    while t.ndim < len(reps):
        t = ops.expand_dims(t, 0)
    reps = [1] * (t.ndim - len(reps)) + reps
    for axis, r in enumerate(reps):
        if r != 1:
            t = ops.concat([t] * r, axis)
    return wrap(t)


def flip(x, axis, name=None) -> Tensor:
    """Reverse the order of elements along ``axis`` (an int or a list)."""
    t = core(x)
    index = [builtins.slice(None)] * t.ndim
    for a in np.atleast_1d(_axes(axis)):
        index[int(a)] = builtins.slice(None, None, -1)
    return wrap(ops.getitem(t, tuple(index)))


def roll(x, shifts, axis=None, name=None) -> Tensor:
    """Shift elements cyclically along ``axis`` (of the flattened tensor when None)."""
    t = core(x)
    if axis is None:
        flat = ops.reshape(t, (-1,))
        idx = np.roll(np.arange(flat.shape[0]), shifts)
        return wrap(ops.reshape(ops.getitem(flat, idx), t.shape))
    for s, a in zip(np.atleast_1d(shifts), np.atleast_1d(axis)):
        idx = np.roll(np.arange(t.shape[int(a)]), int(s))
        t = ops.getitem(t, (builtins.slice(None),) * (int(a) % t.ndim) + (idx,))
    return wrap(t)


def gather(x, index, axis: int = 0, name=None) -> Tensor:
    """The slices of ``x`` at ``index`` (1-D) along ``axis``; the gradient accumulates repeats."""
    t = core(x)
    idx = np.asarray(B.to_numpy(_raw(index))).reshape(-1)
    axis = int(axis) % t.ndim
    return wrap(ops.getitem(t, (builtins.slice(None),) * axis + (idx,)))


def index_select(x, index, axis: int = 0, name=None) -> Tensor:
    """As ``gather``."""
    return gather(x, index, axis)


def masked_select(x, mask, name=None) -> Tensor:
    """The elements where ``mask`` is true, as a 1-D tensor."""
    return wrap(ops.getitem(core(x), _raw(mask).astype(bool)))


def slice(input, axes, starts, ends) -> Tensor:  # noqa: A001,A002
    """``input[starts[i]:ends[i]]`` along each of ``axes``."""
    t = core(input)
    index = [builtins.slice(None)] * t.ndim
    for a, s, e in zip(axes, starts, ends):
        index[int(a)] = builtins.slice(int(s), int(e))
    return wrap(ops.getitem(t, tuple(index)))


def cast(x, dtype) -> Tensor:
    """``x`` converted to ``dtype``."""
    return wrap(ops.cast(core(x), to_dtype(dtype)))


def getitem(x, index) -> Tensor:
    """``x[index]`` with NumPy's rules (differentiable)."""
    return wrap(ops.getitem(core(x), _index(index)))


def numel(x, name=None) -> Tensor:
    """The number of elements, as an int64 tensor."""
    return _const(np.asarray(core(x).size, dtype=np.int64))


def shape(input) -> Tensor:  # noqa: A002
    """The shape as a 1-D int32 tensor (``x.shape`` gives a list)."""
    return _const(np.asarray(core(input).shape, dtype=np.int32))


def one_hot(x, num_classes: int, name=None) -> Tensor:
    """Labels ``(...)`` as float32 one-hot vectors ``(..., num_classes)``."""
    labels = np.asarray(B.to_numpy(_raw(x))).astype(np.int64)
    if labels.size and (labels.min() < 0 or labels.max() >= num_classes):
        raise ValueError(f"one_hot: labels must lie in [0, {num_classes}). Received values from {labels.min()} "
                         f"to {labels.max()}.")
    return _const(B.xp.asarray(np.eye(num_classes, dtype=np.float32)[labels]))


def tril(x, diagonal: int = 0, name=None) -> Tensor:
    """The lower triangle (the rest set to zero); differentiable."""
    t = core(x)
    mask = np.tril(np.ones(t.shape[-2:], dtype=t.dtype), diagonal)
    return wrap(ops.multiply(t, _Core._wrap(B.xp.asarray(mask))))


def triu(x, diagonal: int = 0, name=None) -> Tensor:
    """The upper triangle (the rest set to zero); differentiable."""
    t = core(x)
    mask = np.triu(np.ones(t.shape[-2:], dtype=t.dtype), diagonal)
    return wrap(ops.multiply(t, _Core._wrap(B.xp.asarray(mask))))


def increment(x, value: float = 1.0, name=None) -> Tensor:
    """``x + value`` in place (a one-element tensor)."""
    return x.add_(value)


def assign(x, output=None) -> Tensor:
    """A copy of ``x`` (written into ``output`` when given)."""
    array = B.xp.array(to_array(x))
    if output is None:
        return _const(array)
    output.set_value(array)
    return output
