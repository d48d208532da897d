"""Ops that move data without changing it: reshape, transpose, concat, stack,
squeeze, expand_dims, indexing and cast."""

from __future__ import annotations

import numpy as np

from axon import backend as B
from axon.autograd.op import Op
from axon.autograd.tensor import Tensor
from axon.ops.broadcast import as_tensor, normalize_axis, unbroadcast, unbroadcast_graph


class Reshape(Op):
    def forward(self, a, shape):
        self.shape = a.shape
        return a.reshape(shape)

    def backward(self, grad):
        return grad.reshape(self.shape)

    def backward_graph(self, grad):
        return Reshape.apply(grad, shape=self.shape)


class Transpose(Op):
    def forward(self, a, perm):
        self.perm = perm
        return a.transpose(perm)

    def backward(self, grad):
        return grad.transpose(np.argsort(self.perm))

    def backward_graph(self, grad):
        return Transpose.apply(grad, perm=tuple(int(p) for p in np.argsort(self.perm)))


class Concat(Op):
    def forward(self, *arrays, axis):
        self.axis = axis
        self.splits = np.cumsum([a.shape[axis] for a in arrays])[:-1]
        return np.concatenate(arrays, axis=axis)

    def backward(self, grad):
        return tuple(np.split(grad, self.splits, axis=self.axis))

    def backward_graph(self, grad):
        bounds = [0, *self.splits.tolist(), grad.shape[self.axis]]
        lead = (slice(None),) * self.axis
        return tuple(getitem(grad, lead + (slice(a, b),)) for a, b in zip(bounds[:-1], bounds[1:]))


class Stack(Op):
    def forward(self, *arrays, axis):
        self.axis = axis
        return np.stack(arrays, axis=axis)

    def backward(self, grad):
        return tuple(np.moveaxis(grad, self.axis, 0))

    def backward_graph(self, grad):
        lead = (slice(None),) * self.axis
        return tuple(getitem(grad, lead + (i,)) for i in range(grad.shape[self.axis]))


class GetItem(Op):
    def forward(self, a, index):
        self.shape, self.dtype, self.index = a.shape, a.dtype, index
        return a[index]

    def backward(self, grad):
        index = self.index
        if getattr(index, "dtype", None) is not None and index.dtype.kind in "iu" and self.shape:
            # t[int_array] reads whole rows: add them back with the sort-and-reduce scatter
            # (imported here: indexing.py builds on this module's reshape and transpose).
            from axon.ops.indexing import scatter_add_rows

            rows = grad.reshape((index.size,) + self.shape[1:])
            return scatter_add_rows(rows, index % self.shape[0], self.shape[0])
        full = B.xp.zeros(self.shape, dtype=grad.dtype)
        if _is_basic(index):
            full[index] = grad
        else:  # advanced indexing may repeat an index: accumulate
            np.add.at(full, index, grad)
        return full

    def backward_graph(self, grad):
        return ScatterItem.apply(grad, shape=self.shape, index=self.index)


class ScatterItem(Op):
    """The adjoint of indexing: ``grad`` written (added, for repeated advanced
    indices) at ``index`` of a zero array of ``shape``. GetItem's backward as an op."""

    def forward(self, grad, shape, index):
        self.index = index
        op = GetItem()
        op.shape, op.index = shape, index
        return op.backward(grad)

    def backward(self, grad):
        return grad[self.index]

    def backward_graph(self, grad):
        return GetItem.apply(grad, index=self.index)


class BroadcastTo(Op):
    """``a`` broadcast to ``shape`` (a read-only view); the gradient is summed back."""

    def forward(self, a, shape):
        self.in_shape = a.shape
        return np.broadcast_to(a, shape)

    def backward(self, grad):
        return unbroadcast(grad, self.in_shape)

    def backward_graph(self, grad):
        return unbroadcast_graph(grad, self.in_shape)


class Cast(Op):
    def forward(self, a, dtype):
        self.dtype = a.dtype
        return a.astype(dtype)

    def backward(self, grad):
        return grad.astype(self.dtype) if self.dtype.kind == "f" else None

    def backward_graph(self, grad):
        return cast(grad, self.dtype) if self.dtype.kind == "f" else None


def _is_basic(index) -> bool:
    parts = index if isinstance(index, tuple) else (index,)
    return all(p is None or p is Ellipsis or isinstance(p, (int, np.integer, slice)) for p in parts)


def reshape(tensor, shape) -> Tensor:
    """The same values in a new ``shape`` (one entry may be -1)."""
    t = as_tensor(tensor)
    shape = tuple(int(n) for n in (shape.data.tolist() if isinstance(shape, Tensor) else shape))
    try:
        return Reshape.apply(t, shape=shape)
    except ValueError:
        raise ValueError(f"reshape: cannot reshape a tensor of shape {t.shape} ({t.size} values) "
                         f"into shape {shape}.") from None


def transpose(a, perm=None) -> Tensor:
    """Permute the axes (reverse them when ``perm`` is None)."""
    t = as_tensor(a)
    perm = tuple(range(t.ndim))[::-1] if perm is None else tuple(int(p) for p in perm)
    if sorted(perm) != list(range(t.ndim)):
        raise ValueError(f"transpose: perm={perm} is not a permutation of the {t.ndim} axes of shape {t.shape}.")
    return Transpose.apply(t, perm=perm)


def _same_rank(name: str, tensors: list[Tensor]) -> None:
    if not tensors:
        raise ValueError(f"{name}: needs at least one tensor.")
    ranks = {t.ndim for t in tensors}
    if len(ranks) > 1:
        raise ValueError(f"{name}: all tensors must have the same rank. Received shapes "
                         f"{[t.shape for t in tensors]}.")


def concat(values, axis) -> Tensor:
    """Join tensors along an existing ``axis``."""
    tensors = [as_tensor(v) for v in values]
    _same_rank("concat", tensors)
    ax = normalize_axis(axis, tensors[0].ndim)[0]
    try:
        return Concat.apply(*tensors, axis=ax)
    except ValueError:
        raise ValueError(f"concat: shapes {[t.shape for t in tensors]} must match except on axis {ax}.") from None


def stack(values, axis=0) -> Tensor:
    """Join same-shaped tensors along a new ``axis``."""
    tensors = [as_tensor(v) for v in values]
    _same_rank("stack", tensors)
    if len({t.shape for t in tensors}) > 1:
        raise ValueError(f"stack: all tensors must have the same shape. Received {[t.shape for t in tensors]}.")
    ax = normalize_axis(axis, tensors[0].ndim + 1)[0]
    return Stack.apply(*tensors, axis=ax)


def squeeze(input, axis=None) -> Tensor:  # noqa: A002 (TensorFlow's name)
    """Remove axes of size 1 (all of them, or those in ``axis``)."""
    t = as_tensor(input)
    axes = normalize_axis(axis, t.ndim)
    if axes is None:
        shape = tuple(n for n in t.shape if n != 1)
    else:
        bad = [a for a in axes if t.shape[a] != 1]
        if bad:
            raise ValueError(f"squeeze: axis {bad[0]} of shape {t.shape} has size {t.shape[bad[0]]}, not 1.")
        shape = tuple(n for i, n in enumerate(t.shape) if i not in axes)
    return Reshape.apply(t, shape=shape)


def expand_dims(input, axis) -> Tensor:  # noqa: A002
    """Insert an axis of size 1 at ``axis``."""
    t = as_tensor(input)
    ax = normalize_axis(axis, t.ndim + 1)[0]
    return Reshape.apply(t, shape=t.shape[:ax] + (1,) + t.shape[ax:])


def broadcast_to(input, shape) -> Tensor:  # noqa: A002 (TensorFlow's name)
    """``input`` broadcast to ``shape`` (NumPy's rules); the gradient sums back."""
    t = as_tensor(input)
    shape = tuple(int(n) for n in shape)
    if t.shape == shape:
        return t
    try:
        return BroadcastTo.apply(t, shape=shape)
    except ValueError:
        raise ValueError(f"broadcast_to: a tensor of shape {t.shape} cannot be broadcast to {shape}.") from None


def getitem(tensor, index) -> Tensor:
    """NumPy-style indexing (``t[0]``, ``t[:, 1:3]``, ``t[mask]``, ``t[[0, 2]]``)."""
    t = as_tensor(tensor)
    if isinstance(index, Tensor):
        index = index.data
    elif isinstance(index, tuple):
        index = tuple(i.data if isinstance(i, Tensor) else i for i in index)
    elif isinstance(index, list):
        index = B.xp.asarray(index)
    return GetItem.apply(t, index=index)


def cast(x, dtype) -> Tensor:
    """``x`` converted to ``dtype``; gradients flow between float types only."""
    t = as_tensor(x)
    dt = B.as_dtype(dtype)
    if t.dtype == dt:
        return t
    if dt.kind != "f":  # integers and booleans carry no gradient
        return Tensor._wrap(t.data.astype(dt))
    return Cast.apply(t, dtype=dt)
