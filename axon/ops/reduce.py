"""Reductions: sum, mean, max, min (differentiable) and argmax/argmin."""

from __future__ import annotations

import numpy as np

from axon.autograd.op import Op
from axon.autograd.tensor import Tensor
from axon.ops.broadcast import as_tensor, constant_like, normalize_axis
from axon.ops.shape import broadcast_to, reshape


def _expand(grad, shape: tuple, axes: tuple | None, keepdims: bool):
    """Give a reduced gradient back its reduced axes so it broadcasts to ``shape``."""
    if not keepdims:
        grad = grad.reshape([1 if axes is None or i in axes else n for i, n in enumerate(shape)])
    return grad


def _expand_graph(grad, shape: tuple, axes: tuple | None, keepdims: bool):
    """``_expand`` with differentiable ops."""
    if not keepdims:
        grad = reshape(grad, [1 if axes is None or i in axes else n for i, n in enumerate(shape)])
    return grad


class Sum(Op):
    def forward(self, a, axes, keepdims):
        self.shape, self.axes, self.keepdims = a.shape, axes, keepdims
        # Integer sums keep their type (int32 stays int32), as in TensorFlow and Keras.
        return a.sum(axis=axes, keepdims=keepdims, dtype=a.dtype if a.dtype.kind in "iu" else None)

    def backward(self, grad):
        return np.broadcast_to(_expand(grad, self.shape, self.axes, self.keepdims), self.shape)

    def backward_graph(self, grad):
        return broadcast_to(_expand_graph(grad, self.shape, self.axes, self.keepdims), self.shape)


class Mean(Op):
    def forward(self, a, axes, keepdims):
        self.shape, self.axes, self.keepdims = a.shape, axes, keepdims
        out = a.mean(axis=axes, keepdims=keepdims)
        self.count = a.size // max(out.size, 1) if a.size else 1
        return out

    def backward(self, grad):
        g = _expand(grad, self.shape, self.axes, self.keepdims) / self.count
        return np.broadcast_to(g, self.shape)

    def backward_graph(self, grad):
        g = _expand_graph(grad, self.shape, self.axes, self.keepdims)
        return broadcast_to(g / self.count, self.shape)


class Extremum(Op):
    """Max or min; the gradient is split equally between tied extremal entries."""

    reducer = staticmethod(np.max)

    def forward(self, a, axes, keepdims):
        self.a, self.axes, self.keepdims = a, axes, keepdims
        out = self.reducer(a, axis=axes, keepdims=True)
        self.out = out
        if keepdims:
            return out
        return out.reshape([n for i, n in enumerate(out.shape) if axes is not None and i not in axes])

    def backward(self, grad):
        hit = self.a == self.out
        count = hit.sum(axis=self.axes, keepdims=True)
        g = _expand(grad, self.a.shape, self.axes, self.keepdims)
        return hit * (g / count)

    def backward_graph(self, grad):
        # Which entries are extremal is a constant: no second derivative through the choice.
        hit = self.a == self.out
        share = constant_like(hit / hit.sum(axis=self.axes, keepdims=True), grad, self.inputs[0])
        return _expand_graph(grad, self.a.shape, self.axes, self.keepdims) * share


class Max(Extremum):
    reducer = staticmethod(np.max)


class Min(Extremum):
    reducer = staticmethod(np.min)


def _reduce(op: type[Op], input_tensor, axis, keepdims) -> Tensor:
    t = as_tensor(input_tensor)
    return op.apply(t, axes=normalize_axis(axis, t.ndim), keepdims=bool(keepdims))


def reduce_sum(input_tensor, axis=None, keepdims: bool = False) -> Tensor:
    """Sum over ``axis`` (an int, a sequence, or None for all axes)."""
    return _reduce(Sum, input_tensor, axis, keepdims)


def reduce_mean(input_tensor, axis=None, keepdims: bool = False) -> Tensor:
    """Mean over ``axis`` (an int, a sequence, or None for all axes)."""
    return _reduce(Mean, input_tensor, axis, keepdims)


def reduce_max(input_tensor, axis=None, keepdims: bool = False) -> Tensor:
    """Maximum over ``axis``; ties share the gradient equally."""
    return _reduce(Max, input_tensor, axis, keepdims)


def reduce_min(input_tensor, axis=None, keepdims: bool = False) -> Tensor:
    """Minimum over ``axis``; ties share the gradient equally."""
    return _reduce(Min, input_tensor, axis, keepdims)


def argmax(input, axis=None, output_type="int64") -> Tensor:  # noqa: A002 (TensorFlow's name)
    """Index of the largest entry along ``axis`` (axis 0 when None, as in TensorFlow)."""
    t = as_tensor(input)
    return Tensor._wrap(t.data.argmax(axis=0 if axis is None else int(axis)).astype(output_type))


def argmin(input, axis=None, output_type="int64") -> Tensor:  # noqa: A002
    """Index of the smallest entry along ``axis`` (axis 0 when None)."""
    t = as_tensor(input)
    return Tensor._wrap(t.data.argmin(axis=0 if axis is None else int(axis)).astype(output_type))
