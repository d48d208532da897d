"""Running sums: cumsum (with TensorFlow's ``exclusive`` and ``reverse``)."""

from __future__ import annotations

import numpy as np

from axon.autograd.op import Op
from axon.autograd.tensor import Tensor
from axon.ops.broadcast import as_tensor, normalize_axis


def _cumsum(a, axis: int, exclusive: bool, reverse: bool):
    if reverse:
        a = np.flip(a, axis)
    out = np.cumsum(a, axis=axis, dtype=a.dtype)
    if exclusive:
        out = out - a
    return np.flip(out, axis) if reverse else out


class Cumsum(Op):
    def forward(self, a, axis, exclusive, reverse):
        self.axis, self.exclusive, self.reverse = axis, exclusive, reverse
        return _cumsum(a, axis, exclusive, reverse)

    def backward(self, grad):
        # Each input reaches the outputs after (before, when reversed) it: a sum the other way.
        return _cumsum(grad, self.axis, self.exclusive, not self.reverse)

    def backward_graph(self, grad):
        return Cumsum.apply(grad, axis=self.axis, exclusive=self.exclusive, reverse=not self.reverse)


def cumsum(x, axis: int = 0, exclusive: bool = False, reverse: bool = False, name=None) -> Tensor:
    """The running sum along ``axis`` (``tf.math.cumsum``).

    ``exclusive=True`` leaves each value out of its own sum (the first output
    is 0); ``reverse=True`` sums from the end.
    """
    t = as_tensor(x)
    ax = normalize_axis(axis, max(t.ndim, 1))[0]
    if t.ndim == 0:
        return t
    return Cumsum.apply(t, axis=ax, exclusive=bool(exclusive), reverse=bool(reverse))


__all__ = ["cumsum"]
