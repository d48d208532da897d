"""Reductions beyond sum and mean: product, log-sum-exp, variance, standard
deviation and ``moments``."""

from __future__ import annotations

import numpy as np

from axon import backend as B
from axon.autograd.op import Op
from axon.autograd.tensor import Tensor
from axon.ops.broadcast import as_tensor, normalize_axis
from axon.ops.elementwise import sqrt, square, subtract
from axon.ops.reduce import _expand, reduce_mean


def _reduced_last(a, axes):
    """``a`` with the reduced axes moved last and flattened into one: (kept..., k)."""
    axes = tuple(range(a.ndim)) if axes is None else axes
    kept = [i for i in range(a.ndim) if i not in axes]
    moved = np.transpose(a, kept + list(axes))
    return moved.reshape(moved.shape[:len(kept)] + (-1,)), kept + list(axes)


class Prod(Op):
    def forward(self, a, axes, keepdims):
        self.a, self.axes, self.keepdims = a, axes, keepdims
        return a.prod(axis=axes, keepdims=keepdims)

    def backward(self, grad):
        # d prod / d a_i = the product of all the others: exclusive running products from both
        # ends, which stays exact when some entries are zero (no division by a_i).
        rows, order = _reduced_last(self.a, self.axes)
        ones = np.ones_like(rows[..., :1])
        left = np.cumprod(np.concatenate([ones, rows[..., :-1]], axis=-1), axis=-1)
        right = np.flip(np.cumprod(np.concatenate([ones, np.flip(rows, -1)[..., :-1]], axis=-1), axis=-1), -1)
        others = (left * right).reshape(np.transpose(self.a, order).shape)
        others = np.transpose(others, np.argsort(order))
        return others * _expand(grad, self.a.shape, self.axes, self.keepdims)

    def backward_graph(self, grad):
        # Differentiable "product of the others": row i of a (k, k) stack is the reduced values
        # with entry i set to 1, multiplied out. O(k^2) memory, so only for modest reductions.
        from axon.ops.elementwise import multiply, where
        from axon.ops.shape import expand_dims, reshape, transpose

        x = self.inputs[0]
        axes = tuple(range(x.ndim)) if self.axes is None else self.axes
        kept = [i for i in range(x.ndim) if i not in axes]
        order = kept + list(axes)
        moved = transpose(x, order)
        lead = moved.shape[:len(kept)]
        k = int(np.prod(moved.shape[len(kept):], dtype=np.int64))
        if int(np.prod(lead, dtype=np.int64)) * k * k > 2**24:
            raise NotImplementedError(
                f"reduce_prod: a gradient of a gradient through a product of {k} values per output is not "
                "supported (it would need a k x k intermediate); reduce over fewer values.")
        rows = expand_dims(reshape(moved, lead + (k,)), -2)
        eye = Tensor._wrap(B.xp.eye(k, dtype=bool))
        others = Prod.apply(where(eye, Tensor._wrap(B.xp.ones((), dtype=x.dtype)), rows), axes=(len(lead) + 1,),
                            keepdims=False)
        out = multiply(others, reshape(grad, lead + (1,)))
        return transpose(reshape(out, moved.shape), tuple(np.argsort(order)))


class LogSumExp(Op):
    def forward(self, a, axes, keepdims):
        self.a, self.axes, self.keepdims = a, axes, keepdims
        peak = a.max(axis=axes, keepdims=True)
        peak = np.where(np.isfinite(peak), peak, 0)  # all -inf stays -inf, never NaN
        with np.errstate(divide="ignore"):  # log(0) = -inf is the right answer for all -inf
            out = np.log(np.exp(a - peak).sum(axis=axes, keepdims=True)) + peak
        self.out = out
        return out if keepdims else out.reshape([n for i, n in enumerate(a.shape)
                                                 if axes is not None and i not in axes])

    def backward(self, grad):
        return np.exp(self.a - self.out) * _expand(grad, self.a.shape, self.axes, self.keepdims)

    def composite(self, x):
        from axon.ops.elementwise import add, exp, log
        from axon.ops.gradient import stop_gradient
        from axon.ops.reduce import reduce_sum

        peak = stop_gradient(Tensor._wrap(np.where(np.isfinite(self.out), self.out, 0)))
        total = log(reduce_sum(exp(subtract(x, peak)), axis=self.axes, keepdims=True))
        out = add(total, peak)
        if self.keepdims:
            return out
        from axon.ops.shape import reshape

        return reshape(out, [n for i, n in enumerate(self.a.shape) if self.axes is not None and i not in self.axes])


def _axes(t: Tensor, axis):
    return normalize_axis(axis, t.ndim)


def reduce_prod(input_tensor, axis=None, keepdims: bool = False, name=None) -> Tensor:
    """The product along ``axis`` (all axes when None); exact gradients even with zeros."""
    t = as_tensor(input_tensor)
    return Prod.apply(t, axes=_axes(t, axis), keepdims=bool(keepdims))


def reduce_logsumexp(input_tensor, axis=None, keepdims: bool = False, name=None) -> Tensor:
    """``log(sum(exp(x)))`` along ``axis``, computed without overflow (``tf.reduce_logsumexp``)."""
    t = as_tensor(input_tensor)
    if t.dtype.kind != "f":
        raise TypeError(f"reduce_logsumexp: expects a float tensor. Received dtype={t.dtype}.")
    return LogSumExp.apply(t, axes=_axes(t, axis), keepdims=bool(keepdims))


def reduce_variance(input_tensor, axis=None, keepdims: bool = False, name=None) -> Tensor:
    """The population variance along ``axis``: ``mean((x - mean(x))^2)`` (``tf.math.reduce_variance``)."""
    t = as_tensor(input_tensor)
    centred = subtract(t, reduce_mean(t, axis=axis, keepdims=True))
    return reduce_mean(square(centred), axis=axis, keepdims=keepdims)


def reduce_std(input_tensor, axis=None, keepdims: bool = False, name=None) -> Tensor:
    """The population standard deviation along ``axis`` (``tf.math.reduce_std``)."""
    return sqrt(reduce_variance(input_tensor, axis=axis, keepdims=keepdims))


def moments(x, axes, shift=None, keepdims: bool = False, name=None) -> tuple[Tensor, Tensor]:
    """The mean and variance of ``x`` over ``axes`` (``tf.nn.moments``)."""
    t = as_tensor(x)
    mean = reduce_mean(t, axis=axes, keepdims=True)
    variance = reduce_mean(square(subtract(t, mean)), axis=axes, keepdims=keepdims)
    if not keepdims:
        mean = reduce_mean(t, axis=axes)
    return mean, variance


__all__ = ["moments", "reduce_logsumexp", "reduce_prod", "reduce_std", "reduce_variance"]
