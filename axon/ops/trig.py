"""Trigonometric functions: sin and cos, each the other's derivative."""

from __future__ import annotations

import numpy as np

from axon.autograd.op import Op
from axon.autograd.tensor import Tensor
from axon.ops.broadcast import as_tensor


class Sin(Op):
    def forward(self, a):
        self.a = a
        return np.sin(a)

    def backward(self, grad):
        return grad * np.cos(self.a)

    def backward_graph(self, grad):
        return grad * Cos.apply(self.inputs[0])


class Cos(Op):
    def forward(self, a):
        self.a = a
        return np.cos(a)

    def backward(self, grad):
        return -grad * np.sin(self.a)

    def backward_graph(self, grad):
        return -(grad * Sin.apply(self.inputs[0]))


def _float(name: str, x) -> Tensor:
    t = as_tensor(x)
    if t.dtype.kind != "f":
        raise TypeError(f"{name}: expects a float tensor. Received dtype={t.dtype}; cast it first.")
    return t


def sin(x, name=None) -> Tensor:
    """The sine of ``x`` (radians), elementwise."""
    return Sin.apply(_float("sin", x))


def cos(x, name=None) -> Tensor:
    """The cosine of ``x`` (radians), elementwise."""
    return Cos.apply(_float("cos", x))


__all__ = ["cos", "sin"]
