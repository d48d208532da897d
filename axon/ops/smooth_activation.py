"""Smooth activations as ops: softplus, softsign, silu (swish), mish, gelu (exact
and tanh-approximated) and selu, each with its closed-form derivative.

Every forward is written so that it cannot overflow (exp is only taken of
``-|x|``) and saves what its backward needs.
"""

from __future__ import annotations

import math

import numpy as np

from axon.autograd.op import Op
from axon.autograd.tensor import Tensor
from axon.ops.activation import ELU, stable_sigmoid
from axon.ops.broadcast import as_tensor
from axon.ops.special import erf_array

SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946
_SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)


def softplus_array(x):
    """``log(1 + e^x)`` as ``max(x, 0) + log1p(e^-|x|)``: no overflow."""
    return np.maximum(x, 0) + np.log1p(np.exp(-np.abs(x)))


class Softplus(Op):
    """``log(1 + e^x)``; derivative ``sigmoid(x)``."""

    def forward(self, x):
        self.x = x
        return softplus_array(x)

    def backward(self, grad):
        return grad * stable_sigmoid(self.x)

    def backward_graph(self, grad):
        from axon.ops.activation import sigmoid

        return grad * sigmoid(self.inputs[0])


class Softsign(Op):
    """``x / (1 + |x|)``; derivative ``1 / (1 + |x|)^2``."""

    def forward(self, x):
        self.d = 1 + np.abs(x)
        return x / self.d

    def backward(self, grad):
        return grad / (self.d * self.d)

    def backward_graph(self, grad):
        from axon.ops.elementwise import abs as abs_

        d = abs_(self.inputs[0]) + 1
        return grad / (d * d)


class SiLU(Op):
    """``x * sigmoid(x)``; derivative ``s * (1 + x * (1 - s))`` with ``s = sigmoid(x)``."""

    def forward(self, x):
        self.x, self.s = x, stable_sigmoid(x)
        return x * self.s

    def backward(self, grad):
        s = self.s
        return grad * s * (1 + self.x * (1 - s))

    def backward_graph(self, grad):
        from axon.ops.activation import sigmoid

        x = self.inputs[0]
        s = sigmoid(x)
        return grad * (s * (x * (1 - s) + 1))


class Mish(Op):
    """``x * tanh(softplus(x))``; derivative ``t + x * (1 - t^2) * sigmoid(x)``."""

    def forward(self, x):
        self.x, self.t = x, np.tanh(softplus_array(x))
        return x * self.t

    def backward(self, grad):
        t = self.t
        return grad * (t + self.x * (1 - t * t) * stable_sigmoid(self.x))

    def backward_graph(self, grad):
        from axon.ops.activation import sigmoid, tanh

        x = self.inputs[0]
        t = tanh(softplus(x))
        return grad * (t + x * (1 - t * t) * sigmoid(x))


class GELU(Op):
    """``x * Phi(x)`` with ``Phi`` the standard normal CDF ``(1 + erf(x / sqrt 2)) / 2``
    (derivative ``Phi(x) + x * phi(x)``), or with ``approximate=True`` the tanh form
    ``x / 2 * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 x^3)))``."""

    def forward(self, x, approximate):
        self.x, self.approximate = x, approximate
        if approximate:
            self.t = np.tanh(_SQRT_2_OVER_PI * (x + 0.044715 * x * x * x))
            return 0.5 * x * (1 + self.t)
        self.cdf = 0.5 * (1 + erf_array(x * (1 / math.sqrt(2.0))))
        return x * self.cdf

    def backward(self, grad):
        x = self.x
        if self.approximate:
            t = self.t
            inner = _SQRT_2_OVER_PI * (1 + 3 * 0.044715 * x * x)
            return grad * (0.5 * (1 + t) + 0.5 * x * (1 - t * t) * inner)
        return grad * (self.cdf + x * (_INV_SQRT_2PI * np.exp(-0.5 * x * x)))

    def backward_graph(self, grad):
        from axon.ops.activation import tanh
        from axon.ops.elementwise import exp
        from axon.ops.special import erf

        x = self.inputs[0]
        if self.approximate:
            t = tanh((x + x * x * x * 0.044715) * _SQRT_2_OVER_PI)
            inner = (x * x * (3 * 0.044715) + 1) * _SQRT_2_OVER_PI
            return grad * ((t + 1) * 0.5 + x * 0.5 * (1 - t * t) * inner)
        cdf = (erf(x * (1 / math.sqrt(2.0))) + 1) * 0.5
        return grad * (cdf + x * exp(x * x * -0.5) * _INV_SQRT_2PI)


def softplus(x) -> Tensor:
    """``log(1 + e^x)``, finite for any ``x``."""
    return Softplus.apply(as_tensor(x))


def softsign(x) -> Tensor:
    """``x / (1 + |x|)``."""
    return Softsign.apply(as_tensor(x))


def silu(x) -> Tensor:
    """``x * sigmoid(x)`` (also called swish)."""
    return SiLU.apply(as_tensor(x))


def mish(x) -> Tensor:
    """``x * tanh(softplus(x))`` (Misra, 2019)."""
    return Mish.apply(as_tensor(x))


def gelu(x, approximate: bool = False) -> Tensor:
    """The Gaussian error linear unit ``x * Phi(x)``; ``approximate=True`` uses the tanh form."""
    return GELU.apply(as_tensor(x), approximate=bool(approximate))


def selu(x) -> Tensor:
    """``scale * elu(x, alpha)`` with Klambauer et al.'s ``alpha ~ 1.6733`` and ``scale ~ 1.0507``."""
    return ELU.apply(as_tensor(x), alpha=SELU_ALPHA) * SELU_SCALE
