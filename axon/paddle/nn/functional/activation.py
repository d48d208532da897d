"""Activation functions of ``paddle.nn.functional``, on axon's activation ops (or composed from them)."""

from __future__ import annotations

import numpy as np

from axon import ops
from axon.paddle.tensor import Tensor, core, wrap


def relu(x, name=None) -> Tensor:
    """``max(x, 0)``."""
    return wrap(ops.relu(core(x)))


def relu_(x, name=None) -> Tensor:
    """``max(x, 0)`` (a new tensor: axon keeps the graph's inputs intact)."""
    return relu(x)


def relu6(x, name=None) -> Tensor:
    """``min(max(x, 0), 6)``."""
    return wrap(ops.clip_by_value(core(x), 0.0, 6.0))


def leaky_relu(x, negative_slope: float = 0.01, name=None) -> Tensor:
    """``x`` for positive inputs, ``negative_slope * x`` otherwise."""
    return wrap(ops.leaky_relu(core(x), float(negative_slope)))


def elu(x, alpha: float = 1.0, name=None) -> Tensor:
    """``x`` for positive inputs, ``alpha * (exp(x) - 1)`` otherwise."""
    return wrap(ops.elu(core(x), float(alpha)))


def selu(x, scale: float = 1.0507009873554805, alpha: float = 1.6732632423543772, name=None) -> Tensor:
    """``scale * elu(x, alpha)``."""
    return wrap(ops.multiply(ops.elu(core(x), float(alpha)), float(scale)))


def sigmoid(x, name=None) -> Tensor:
    """``1 / (1 + exp(-x))``."""
    return wrap(ops.sigmoid(core(x)))


def tanh(x, name=None) -> Tensor:
    """Hyperbolic tangent."""
    return wrap(ops.tanh(core(x)))


def softmax(x, axis: int = -1, dtype=None, name=None) -> Tensor:
    """``exp(x) / sum(exp(x))`` along ``axis`` (max-shifted, never overflows)."""
    t = core(x)
    if dtype is not None:
        from axon.paddle.tensor import to_dtype

        t = ops.cast(t, to_dtype(dtype))
    return wrap(ops.softmax(t, int(axis)))


def log_softmax(x, axis: int = -1, dtype=None, name=None) -> Tensor:
    """``log(softmax(x))`` computed as ``x - logsumexp(x)``."""
    t = core(x)
    if dtype is not None:
        from axon.paddle.tensor import to_dtype

        t = ops.cast(t, to_dtype(dtype))
    return wrap(ops.log_softmax(t, int(axis)))


def softplus(x, beta: float = 1.0, threshold: float = 20.0, name=None) -> Tensor:
    """``log(1 + exp(beta * x)) / beta``, linear above ``threshold`` (computed without overflow)."""
    z = ops.multiply(core(x), float(beta))
    soft = ops.add(ops.relu(z), ops.log(ops.add(ops.exp(ops.negative(ops.abs(z))), 1.0)))
    out = ops.where(z.data > threshold, z, soft)
    return wrap(ops.divide(out, float(beta)))


def silu(x, name=None) -> Tensor:
    """``x * sigmoid(x)``."""
    t = core(x)
    return wrap(ops.multiply(t, ops.sigmoid(t)))


swish = silu


def hardsigmoid(x, slope: float = 0.1666667, offset: float = 0.5, name=None) -> Tensor:
    """``clip(slope * x + offset, 0, 1)``."""
    return wrap(ops.clip_by_value(ops.add(ops.multiply(core(x), float(slope)), float(offset)), 0.0, 1.0))


def hardswish(x, name=None) -> Tensor:
    """``x * relu6(x + 3) / 6``."""
    t = core(x)
    return wrap(ops.multiply(t, ops.divide(ops.clip_by_value(ops.add(t, 3.0), 0.0, 6.0), 6.0)))


def hardtanh(x, min: float = -1.0, max: float = 1.0, name=None) -> Tensor:  # noqa: A002
    """``clip(x, min, max)``."""
    return wrap(ops.clip_by_value(core(x), float(min), float(max)))


def gelu(x, approximate: bool = False, name=None) -> Tensor:
    """GELU. ``approximate=True`` is the tanh form; the exact erf form is refused (no erf op in axon)."""
    if not approximate:
        raise NotImplementedError("gelu(approximate=False) needs erf, which axon has no op for; use "
                                  "gelu(x, approximate=True) (the tanh form, within 1e-3 of the exact one).")
    t = core(x)
    inner = ops.multiply(ops.add(t, ops.multiply(ops.power(t, 3.0), 0.044715)), float(np.sqrt(2.0 / np.pi)))
    return wrap(ops.multiply(ops.multiply(t, 0.5), ops.add(ops.tanh(inner), 1.0)))


def mish(x, name=None) -> Tensor:
    """``x * tanh(softplus(x))``."""
    t = core(x)
    return wrap(ops.multiply(t, ops.tanh(softplus(t).value)))


def prelu(x, weight, data_format: str = "NCHW", name=None) -> Tensor:
    """``x`` for positive inputs, ``weight * x`` otherwise (one weight, or one per channel on axis 1)."""
    t, w = core(x), core(weight)
    if w.size > 1:
        axis = 1 if data_format.startswith("NC") else t.ndim - 1
        w = ops.reshape(w, tuple(-1 if i == axis else 1 for i in range(t.ndim)))
    return wrap(ops.where(t.data > 0, t, ops.multiply(t, w)))


def tanhshrink(x, name=None) -> Tensor:
    """``x - tanh(x)``."""
    t = core(x)
    return wrap(ops.subtract(t, ops.tanh(t)))


def log_sigmoid(x, name=None) -> Tensor:
    """``log(sigmoid(x)) = -softplus(-x)``."""
    return wrap(ops.negative(softplus(ops.negative(core(x))).value))
