"""Helpers shared by the ops: broadcasting back to an operand's shape, and
turning Python numbers and arrays into tensors."""

from __future__ import annotations

import numpy as np

from axon import backend as B
from axon.autograd.op import Op
from axon.autograd.tensor import Tensor


def unbroadcast(grad, shape: tuple):
    """Sum ``grad`` down to ``shape``, undoing NumPy broadcasting.

    The one helper every binary op uses for the gradient of an operand that
    was broadcast: summed over the leading axes it lacked and over the axes
    where it had size 1.
    """
    if grad.shape == shape:
        return grad
    lead = grad.ndim - len(shape)
    axes = tuple(range(lead)) + tuple(i + lead for i, n in enumerate(shape) if n == 1 and grad.shape[i + lead] != 1)
    if axes:
        grad = grad.sum(axis=axes, keepdims=True)
    return grad.reshape(shape)


def unbroadcast_graph(grad: Tensor, shape: tuple) -> Tensor:
    """``unbroadcast`` with differentiable ops, for ``backward_graph``."""
    if grad.shape == tuple(shape):
        return grad
    from axon.ops.reduce import reduce_sum
    from axon.ops.shape import reshape

    lead = grad.ndim - len(shape)
    axes = tuple(range(lead)) + tuple(i + lead for i, n in enumerate(shape) if n == 1 and grad.shape[i + lead] != 1)
    if axes:
        grad = reduce_sum(grad, axes, keepdims=True)
    return reshape(grad, shape)


def constant_like(array, like: Tensor, *sources: Tensor) -> Tensor:
    """A raw array (a mask, a count) as a constant Tensor of ``like``'s dtype.

    With ``sources`` (the tensors it was computed from, e.g. ReLU's input for
    its mask), it stays in their graph with a zero gradient, as in PyTorch's
    double backward: a gradient through it is zeros, not an unconnected ``None``.
    """
    value = B.xp.asarray(array, dtype=like.dtype)
    if not sources:
        return Tensor._wrap(value)
    return ZeroGradient.apply(*sources, value=value)


class ZeroGradient(Op):
    """``value``, a function of ``sources`` whose derivative is zero (a mask, a selection)."""

    def forward(self, *sources, value):
        self.specs = [(s.shape, s.dtype) for s in sources]
        return value

    def backward(self, grad):
        return tuple(B.xp.zeros(shape, dtype) for shape, dtype in self.specs)

    def backward_graph(self, grad):
        return tuple(Tensor._wrap(a) for a in self.backward(grad.data))


def as_tensor(value, like: Tensor | None = None) -> Tensor:
    """``value`` as a Tensor. A Python number takes the float type of ``like``
    (so ``0.5 * x`` stays float32), an array keeps its own dtype."""
    if isinstance(value, Tensor):
        return value
    if isinstance(value, (bool, int, float)) and like is not None and like.dtype.kind == "f":
        return Tensor._wrap(B.xp.asarray(value, dtype=like.dtype))
    if isinstance(value, (np.ndarray, np.generic)) or hasattr(value, "__cuda_array_interface__"):
        return Tensor._wrap(B.xp.asarray(value))
    return Tensor._wrap(B.asarray(value))


def broadcast_error(name: str, a: Tensor, b: Tensor, err: ValueError) -> ValueError:
    """Turn NumPy's broadcasting failure into a clear error naming both shapes."""
    if "broadcast" not in str(err):
        return err
    return ValueError(
        f"{name}: shapes {tuple(a.shape)} and {tuple(b.shape)} do not broadcast. "
        "Each trailing dimension must be equal or 1; reshape or expand_dims one operand."
    )


def normalize_axis(axis, ndim: int) -> tuple | None:
    """``axis`` (None, int or sequence) as a sorted tuple of non-negative axes."""
    if axis is None:
        return None
    if isinstance(axis, Tensor):
        axis = axis.data.tolist()
    axes = (axis,) if isinstance(axis, (int, np.integer)) else tuple(axis)
    out = []
    for ax in axes:
        ax = int(ax)
        if not -ndim <= ax < max(ndim, 1):
            raise ValueError(f"axis {ax} is out of range for a tensor of rank {ndim}.")
        out.append(ax % max(ndim, 1))
    return tuple(sorted(out))
