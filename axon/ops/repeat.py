"""Ops that copy values to more places: ``repeat`` (each entry ``n`` times along an
axis; nearest-neighbour upsampling, RepeatVector) and ``pad`` (constant borders;
ZeroPadding). Both backwards are sums or slices: no scatter."""

from __future__ import annotations

import numpy as np

from axon import backend as B
from axon.autograd.op import Op
from axon.autograd.tensor import Tensor
from axon.ops.broadcast import as_tensor, normalize_axis


class Repeat(Op):
    """Each entry repeated ``repeats`` times along ``axis`` (``np.repeat`` with one count);
    the gradient sums each run of ``repeats`` back into its entry."""

    def forward(self, x, repeats, axis):
        self.shape, self.repeats, self.axis = x.shape, repeats, axis
        # A broadcast view of a new axis after ``axis``, copied once by the reshape.
        expanded = np.broadcast_to(x[(slice(None),) * (axis + 1) + (None,)],
                                   x.shape[:axis + 1] + (repeats,) + x.shape[axis + 1:])
        return expanded.reshape(x.shape[:axis] + (x.shape[axis] * repeats,) + x.shape[axis + 1:])

    def backward(self, grad):
        a = self.axis
        return grad.reshape(self.shape[:a + 1] + (self.repeats,) + self.shape[a + 1:]).sum(axis=a + 1)

    def backward_graph(self, grad):
        from axon.ops.reduce import reduce_sum
        from axon.ops.shape import reshape

        a = self.axis
        return reduce_sum(reshape(grad, self.shape[:a + 1] + (self.repeats,) + self.shape[a + 1:]), axis=a + 1)


class Pad(Op):
    """``x`` with ``pads[i] = (before, after)`` entries of ``value`` around axis ``i``;
    the gradient is the slice of ``dy`` that ``x`` occupies."""

    def forward(self, x, pads, value):
        shape = tuple(n + a + b for n, (a, b) in zip(x.shape, pads))
        out = B.xp.zeros(shape, dtype=x.dtype) if value == 0 else B.xp.full(shape, value, dtype=x.dtype)
        self.inside = tuple(slice(a, a + n) for n, (a, _) in zip(x.shape, pads))
        out[self.inside] = x
        return out

    def backward(self, grad):
        return grad[self.inside]

    def backward_graph(self, grad):
        from axon.ops.shape import getitem

        return getitem(grad, self.inside)


def repeat(x, repeats: int, axis: int) -> Tensor:
    """(axon) Repeat each entry of ``x`` ``repeats`` times along ``axis``:
    ``[a, b]`` with 2 repeats is ``[a, a, b, b]``.

    Example:
        >>> repeat(np.array([[1, 2]]), 2, axis=1).numpy()
        array([[1, 1, 2, 2]])
    """
    t = as_tensor(x)
    if not isinstance(repeats, (int, np.integer)) or isinstance(repeats, bool) or repeats < 1:
        raise ValueError(f"repeat: `repeats` must be a positive int. Received: repeats={repeats!r}")
    return Repeat.apply(t, repeats=int(repeats), axis=normalize_axis(axis, t.ndim)[0])


def pad(tensor, paddings, constant_values=0) -> Tensor:
    """(axon) ``tensor`` with ``paddings[i] = [before, after]`` entries of ``constant_values``
    added around axis ``i`` (TensorFlow's ``tf.pad`` in ``'CONSTANT'`` mode).

    Example:
        >>> pad(np.ones((1, 2)), [[0, 0], [1, 1]]).numpy()
        array([[0., 1., 1., 0.]])
    """
    t = as_tensor(tensor)
    pairs = np.asarray(getattr(paddings, "data", paddings))
    if pairs.shape != (t.ndim, 2) or pairs.dtype.kind not in "iu" or (pairs < 0).any():
        raise ValueError(f"pad: `paddings` must be {t.ndim} pairs [before, after] of non-negative ints, one per "
                         f"axis of the input of shape {t.shape}. Received: paddings={np.asarray(paddings).tolist()}")
    return Pad.apply(t, pads=tuple((int(a), int(b)) for a, b in pairs.tolist()), value=constant_values)
