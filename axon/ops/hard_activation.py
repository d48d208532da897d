"""Piecewise-linear activations as ops: relu6, hard_sigmoid (Keras 3's
``relu6(x + 3) / 6``) and hard_silu (``x * hard_sigmoid(x)``, also hard_swish)."""

from __future__ import annotations

import numpy as np

from axon.autograd.op import Op
from axon.autograd.tensor import Tensor
from axon.ops.broadcast import as_tensor, constant_like


class ReLU6(Op):
    """``min(max(x, 0), 6)``; gradient 1 on ``0 < x < 6``."""

    def forward(self, x):
        self.inside = (x > 0) & (x < 6)
        return np.clip(x, 0, 6)

    def backward(self, grad):
        return grad * self.inside

    def backward_graph(self, grad):
        # Piecewise linear: the second derivative is 0 (PyTorch's convention at the kinks).
        return grad * constant_like(self.inside, grad, self.inputs[0])


class HardSigmoid(Op):
    """``clip(x / 6 + 1 / 2, 0, 1)``; gradient 1/6 on ``-3 < x < 3``."""

    def forward(self, x):
        self.inside = (x > -3) & (x < 3)
        return np.clip(x * (1 / 6) + 0.5, 0, 1).astype(x.dtype, copy=False)

    def backward(self, grad):
        return grad * self.inside * (1 / 6)

    def backward_graph(self, grad):
        return grad * constant_like(self.inside * (1 / 6), grad, self.inputs[0])


class HardSiLU(Op):
    """``x * hard_sigmoid(x)``; gradient ``hard_sigmoid(x) + x / 6`` on ``-3 < x < 3``."""

    def forward(self, x):
        self.x, self.h = x, np.clip(x * (1 / 6) + 0.5, 0, 1).astype(x.dtype, copy=False)
        self.inside = (x > -3) & (x < 3)
        return x * self.h

    def backward(self, grad):
        return grad * (self.h + self.x * (1 / 6) * self.inside)

    def backward_graph(self, grad):
        x = self.inputs[0]
        return grad * (hard_sigmoid(x) + x * constant_like(self.inside * (1 / 6), grad, x))


def relu6(x) -> Tensor:
    """``min(max(x, 0), 6)``."""
    return ReLU6.apply(as_tensor(x))


def hard_sigmoid(x) -> Tensor:
    """Keras 3's ``relu6(x + 3) / 6``: 0 below -3, 1 above 3, linear between."""
    return HardSigmoid.apply(as_tensor(x))


def hard_silu(x) -> Tensor:
    """``x * hard_sigmoid(x)`` (hard swish)."""
    return HardSiLU.apply(as_tensor(x))
