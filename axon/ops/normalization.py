"""Batch normalization as two fused ops with closed-form backwards.

``BatchNormTraining`` normalises with the statistics of the batch (and updates
the moving averages in place, as TensorFlow's fused kernel does);
``BatchNormInference`` applies fixed statistics, ``x * k + (beta - mean * k)``
with ``k = gamma / sqrt(var + eps)``. One op each instead of a chain of ~10
small ones: fewer passes over the data and fewer temporaries.

Per-channel sums over the other axes are a matrix-vector product (BLAS) when the
channel axis is last, several times faster than ``sum(axis=0)`` on a tall array.
"""

from __future__ import annotations

import numpy as np

from axon import backend as B
from axon.autograd.op import Op
from axon.autograd.tensor import Tensor
from axon.ops.broadcast import as_tensor


def _rows(a, axis: int):
    """``a`` as an (M, C) view when the channel axis is last, else None."""
    if axis == a.ndim - 1 and a.flags.c_contiguous:
        return a.reshape(-1, a.shape[-1])
    return None


def _reduce_axes(ndim: int, axis: int) -> tuple:
    return tuple(i for i in range(ndim) if i != axis)


def channel_sum(a, axis: int):
    """Sum of ``a`` over every axis but ``axis``, shape ``(C,)``."""
    rows = _rows(a, axis)
    if rows is not None:
        return B.xp.ones(rows.shape[0], dtype=a.dtype) @ rows
    return a.sum(axis=_reduce_axes(a.ndim, axis))


def channel_dot(a, b, axis: int):
    """``sum(a * b)`` over every axis but ``axis``, shape ``(C,)``, without a temporary."""
    ra, rb = _rows(a, axis), _rows(b, axis)
    if ra is not None and rb is not None:
        return np.einsum("ij,ij->j", ra, rb)
    return (a * b).sum(axis=_reduce_axes(a.ndim, axis))


def _bshape(ndim: int, axis: int, c: int) -> tuple:
    """The shape a per-channel vector takes to broadcast against the input."""
    return (c,) if axis == ndim - 1 else tuple(c if i == axis else 1 for i in range(ndim))


class BatchNormTraining(Op):
    """``y = gamma * (x - mean) / sqrt(var + eps) + beta`` with the batch's mean and
    biased variance per channel.

    Backward (``M`` values per channel, ``xh`` the normalised input):
    ``dbeta = sum(dy)``, ``dgamma = sum(dy * xh)``,
    ``dx = gamma / sqrt(var + eps) * (dy - dbeta / M - xh * dgamma / M)``.
    """

    def forward(self, x, gamma, beta, axis, epsilon, moving_mean=None, moving_variance=None, momentum=0.99):
        c = x.shape[axis]
        m = x.size // max(c, 1)
        bs = _bshape(x.ndim, axis, c)
        mean = channel_sum(x, axis) / m
        xh = x - mean.reshape(bs)
        var = channel_dot(xh, xh, axis) / m
        inv = 1.0 / np.sqrt(var + epsilon)
        xh *= inv.reshape(bs)
        out = xh * gamma.reshape(bs)
        out += beta.reshape(bs)
        if moving_mean is not None:
            moving_mean[...] = moving_mean * momentum + mean * (1 - momentum)
            moving_variance[...] = moving_variance * momentum + var * (1 - momentum)
        self.xh, self.inv, self.gamma, self.axis, self.m = xh, inv, gamma, axis, m
        self.epsilon = epsilon
        return out

    def backward(self, grad):
        xh, axis, bs = self.xh, self.axis, _bshape(grad.ndim, self.axis, self.inv.shape[0])
        if not self.needs_grad[0] and not self.needs_grad[1]:
            return None, None, channel_sum(grad, axis) if self.needs_grad[2] else None
        dbeta = channel_sum(grad, axis)
        dgamma = channel_dot(grad, xh, axis)
        dx = None
        if self.needs_grad[0]:
            dx = xh * (-dgamma / self.m).reshape(bs)
            dx += grad
            dx -= (dbeta / self.m).reshape(bs)
            dx *= (self.gamma * self.inv).reshape(bs)
        return (dx, dgamma.astype(self.gamma.dtype, copy=False) if self.needs_grad[1] else None,
                dbeta.astype(self.gamma.dtype, copy=False) if self.needs_grad[2] else None)

    def composite(self, x, gamma, beta):
        from axon.ops.elementwise import sqrt
        from axon.ops.shape import reshape

        axes, bs = _reduce_axes(x.ndim, self.axis), _bshape(x.ndim, self.axis, x.shape[self.axis])
        centred = x - x.mean(axis=axes, keepdims=True)
        var = (centred * centred).mean(axis=axes, keepdims=True)
        return centred / sqrt(var + self.epsilon) * reshape(gamma, bs) + reshape(beta, bs)


class BatchNormInference(Op):
    """``y = x * k + (beta - mean * k)``, ``k = gamma / sqrt(var + eps)``, with fixed
    ``mean`` and ``var`` (the moving statistics).

    Backward: ``dx = dy * k``, ``dbeta = sum(dy)``,
    ``dgamma = (sum(dy * x) - mean * sum(dy)) / sqrt(var + eps)``.
    """

    def forward(self, x, gamma, beta, mean, variance, axis, epsilon):
        bs = _bshape(x.ndim, axis, x.shape[axis])
        inv = 1.0 / np.sqrt(variance + epsilon)
        k = (gamma * inv).astype(x.dtype, copy=False)
        out = x * k.reshape(bs)
        out += (beta - mean * k).astype(x.dtype, copy=False).reshape(bs)
        self.x, self.k, self.inv, self.mean, self.axis, self.bs = x, k, inv, mean, axis, bs
        return out

    def backward(self, grad):
        dx = grad * self.k.reshape(self.bs) if self.needs_grad[0] else None
        dgamma = dbeta = None
        if self.needs_grad[1] or self.needs_grad[2]:
            dbeta = channel_sum(grad, self.axis)
            if self.needs_grad[1]:
                dgamma = (channel_dot(grad, self.x, self.axis) - self.mean * dbeta) * self.inv
        return dx, dgamma, dbeta if self.needs_grad[2] else None

    def composite(self, x, gamma, beta):
        from axon.ops.shape import reshape

        k = gamma * Tensor._wrap(self.inv)
        return x * reshape(k, self.bs) + reshape(beta - k * Tensor._wrap(self.mean), self.bs)


def _check(x: Tensor, axis: int, *vectors) -> int:
    if not -x.ndim <= axis < x.ndim:
        raise ValueError(f"batch_normalization: axis {axis} is out of range for an input of shape {x.shape}.")
    axis %= x.ndim
    c = x.shape[axis]
    for name, v in vectors:
        if tuple(v.shape) != (c,):
            raise ValueError(f"batch_normalization: `{name}` must have shape ({c},) to match axis {axis} of the "
                             f"input of shape {x.shape}. Received: {name}.shape={tuple(v.shape)}")
    return axis


def fused_batch_norm(x, scale, offset, axis: int = -1, epsilon: float = 1e-3, moving_mean=None,
                     moving_variance=None, momentum: float = 0.99) -> Tensor:
    """(axon) Training-mode batch normalization in one op.

    Normalises each channel of ``x`` (the entries along ``axis``) with the mean
    and the biased variance of the batch, then scales and shifts:
    ``y = scale * (x - mean) / sqrt(var + epsilon) + offset``. When the moving
    statistics are given (Variables or arrays of shape ``(C,)``), they are
    updated in place as ``moving = moving * momentum + batch_stat * (1 - momentum)``.

    Example:
        >>> x = axon.tensor(np.random.randn(32, 4), requires_grad=True)
        >>> y = fused_batch_norm(x, axon.ones(4), axon.zeros(4))   # per-column mean 0, variance ~1
    """
    x, scale, offset = as_tensor(x), as_tensor(scale), as_tensor(offset)
    axis = _check(x, int(axis), ("scale", scale), ("offset", offset))
    stats = {}
    if moving_mean is not None:
        stats = {"moving_mean": getattr(moving_mean, "data", moving_mean),
                 "moving_variance": getattr(moving_variance, "data", moving_variance), "momentum": float(momentum)}
    return BatchNormTraining.apply(x, scale, offset, axis=axis, epsilon=float(epsilon), **stats)


def batch_normalization(x, mean, variance, offset, scale, variance_epsilon: float, axis: int = -1) -> Tensor:
    """Normalise ``x`` with given statistics, as ``tf.nn.batch_normalization``:
    ``y = scale * (x - mean) / sqrt(variance + variance_epsilon) + offset``.

    ``mean`` and ``variance`` are constants of shape ``(C,)`` (no gradient flows
    to them); ``offset`` / ``scale`` may be None (0 and 1).

    Example:
        >>> y = batch_normalization(x, mean=np.zeros(4), variance=np.ones(4), offset=None, scale=None,
        ...                         variance_epsilon=1e-3)
    """
    x = as_tensor(x)
    axis = int(axis) % max(x.ndim, 1)
    c = x.shape[axis]
    scale = as_tensor(B.xp.ones(c, dtype=x.dtype) if scale is None else scale)
    offset = as_tensor(B.xp.zeros(c, dtype=x.dtype) if offset is None else offset)
    mean = B.xp.asarray(getattr(mean, "data", mean), dtype=x.dtype)
    variance = B.xp.asarray(getattr(variance, "data", variance), dtype=x.dtype)
    _check(x, axis, ("scale", scale), ("offset", offset), ("mean", mean), ("variance", variance))
    return BatchNormInference.apply(x, scale, offset, mean=mean, variance=variance, axis=axis,
                                    epsilon=float(variance_epsilon))


class LayerNorm(Op):
    """``y = gamma * (x - mean) / sqrt(var + eps) + beta`` with the mean and the
    biased variance of each sample over ``axes`` (LayerNormalization).

    ``gamma`` and ``beta`` come shaped to broadcast against ``x`` (sizes on
    ``axes``, 1 elsewhere); ``has_gamma`` / ``has_beta`` say which were given.
    Backward (``n`` values normalised together, ``xh`` the normalised input,
    ``g = dy * gamma``): ``dx = (g - mean(g) - xh * mean(g * xh)) / sqrt(var + eps)``,
    ``dgamma = sum(dy * xh)`` and ``dbeta = sum(dy)`` over the other axes.
    """

    def forward(self, x, *params, axes, epsilon, has_gamma, has_beta):
        params = list(params)
        gamma = params.pop(0) if has_gamma else None
        beta = params.pop(0) if has_beta else None
        mean = x.mean(axis=axes, keepdims=True)
        xh = x - mean
        var = np.mean(np.square(xh), axis=axes, keepdims=True)
        inv = (1.0 / np.sqrt(var + epsilon)).astype(x.dtype, copy=False)
        xh *= inv
        out = xh * gamma if gamma is not None else xh.copy()
        if beta is not None:
            out += beta
        self.xh, self.inv, self.gamma, self.axes = xh, inv, gamma, axes
        self.has, self.epsilon = (has_gamma, has_beta), epsilon
        return out

    def backward(self, grad):
        xh, axes = self.xh, self.axes
        others = tuple(i for i in range(grad.ndim) if i not in axes)
        grads = [None]
        if self.needs_grad[0]:
            g = grad * self.gamma if self.gamma is not None else grad
            dx = g - g.mean(axis=axes, keepdims=True)
            dx -= xh * np.mean(g * xh, axis=axes, keepdims=True)
            dx *= self.inv
            grads[0] = dx
        i = 1
        if self.has[0]:
            grads.append((grad * xh).sum(axis=others, keepdims=True) if self.needs_grad[i] else None)
            i += 1
        if self.has[1]:
            grads.append(grad.sum(axis=others, keepdims=True) if self.needs_grad[i] else None)
        return tuple(grads)

    def composite(self, x, *params):
        from axon.ops.elementwise import sqrt

        params = list(params)
        centred = x - x.mean(axis=self.axes, keepdims=True)
        out = centred / sqrt((centred * centred).mean(axis=self.axes, keepdims=True) + self.epsilon)
        if self.has[0]:
            out = out * params.pop(0)
        if self.has[1]:
            out = out + params.pop(0)
        return out


def layer_normalization(x, gamma=None, beta=None, axis=-1, epsilon: float = 1e-3) -> Tensor:
    """(axon) Normalise each sample of ``x`` over ``axis`` (an int or a list of axes):
    ``y = gamma * (x - mean) / sqrt(var + epsilon) + beta`` with the sample's mean and
    biased variance over those axes, in one op.

    ``gamma`` and ``beta`` (either may be None) have the sizes of ``x`` on
    ``axis``, in axis order (shape ``(C,)`` for the last axis).

    Example:
        >>> y = layer_normalization(np.random.randn(2, 5, 8), axon.ones(8), axon.zeros(8))
        >>> y.numpy().mean(axis=-1).round(6)    # each row has mean 0 and variance ~1
    """
    x = as_tensor(x)
    axes = tuple(sorted({a % x.ndim for a in ([axis] if isinstance(axis, int) else axis)})) if x.ndim else ()
    bad = [a for a in ([axis] if isinstance(axis, int) else axis) if not -x.ndim <= a < x.ndim]
    if bad or not axes:
        raise ValueError(f"layer_normalization: axis {axis!r} is out of range for an input of shape {x.shape}.")
    sizes = tuple(x.shape[a] for a in axes)
    bshape = tuple(x.shape[i] if i in axes else 1 for i in range(x.ndim))
    inputs = [x]
    for name, v in (("gamma", gamma), ("beta", beta)):
        if v is None:
            continue
        v = as_tensor(v, x)
        if tuple(v.shape) not in (sizes, bshape):
            raise ValueError(f"layer_normalization: `{name}` must have shape {sizes} (the sizes of axes {axes} of "
                             f"the input of shape {x.shape}). Received: {name}.shape={tuple(v.shape)}")
        inputs.append(v if tuple(v.shape) == bshape else v.reshape(bshape))
    return LayerNorm.apply(*inputs, axes=axes, epsilon=float(epsilon), has_gamma=gamma is not None,
                           has_beta=beta is not None)
