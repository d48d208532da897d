"""Activation functions as ops: relu, leaky_relu, elu, sigmoid, tanh, softmax,
log_softmax. Each saves only what its backward needs (often its output)."""

from __future__ import annotations

import numpy as np

from axon import kernels
from axon.autograd.op import Op
from axon.autograd.tensor import Tensor
from axon.ops.broadcast import as_tensor, constant_like

# From this many elements on, ReLU runs the compiled one-pass kernels, but only
# once numba is loaded for the convolution and pooling kernels (axon.kernels): a
# few microseconds a step (10 us for the MLP's 128x512) do not pay for loading
# numba and LLVM (about 120 MB) into a model that needs no other kernel.
_COMPILED_RELU_SIZE = 2**16


def _compiled_relu(*arrays):
    """The elementwise kernels when they apply to ``arrays`` (big, contiguous, one float dtype), else None."""
    first = arrays[0]
    if (first.size < _COMPILED_RELU_SIZE or first.dtype.kind != "f"
            or any(a.dtype != first.dtype or a.shape != first.shape or not a.flags.c_contiguous for a in arrays)):
        return None
    return kernels.get("elementwise", if_loaded=True)


class ReLU(Op):
    def forward(self, x):
        compiled = _compiled_relu(x)
        if compiled is not None:
            self.out = np.empty_like(x)
            compiled.relu(x.reshape(-1), self.out.reshape(-1))
        else:
            self.out = np.maximum(x, 0)  # np.maximum, not np.where: ~10x faster
        return self.out

    def backward(self, grad):
        return relu_grad(grad, self.out)

    def backward_graph(self, grad):
        # The mask is a constant: relu'' = 0 (and relu'(0) = 0), as in PyTorch.
        return grad * constant_like(self.out > 0, grad, self.inputs[0])


def relu_grad(grad, out):
    """The gradient through ``out = relu(x)``: ``grad`` where ``out > 0``, else 0 (a new array)."""
    compiled = _compiled_relu(grad, out)
    if compiled is None:
        return grad * (out > 0)
    dx = np.empty_like(grad)
    compiled.relu_grad(grad.reshape(-1), out.reshape(-1), dx.reshape(-1))
    return dx


class LeakyReLU(Op):
    def forward(self, x, alpha):
        self.positive, self.alpha = x > 0, alpha
        return np.where(self.positive, x, x * alpha)

    def backward(self, grad):
        return np.where(self.positive, grad, grad * self.alpha)

    def backward_graph(self, grad):
        # Piecewise linear: the second derivative is 0 (the slope at 0 is alpha, as in forward).
        return grad * constant_like(np.where(self.positive, 1.0, self.alpha), grad, self.inputs[0])


class ELU(Op):
    def forward(self, x, alpha):
        self.positive, self.alpha = x > 0, alpha
        # expm1 of min(x, 0): never overflows for large positive x
        self.out = np.where(self.positive, x, alpha * np.expm1(np.minimum(x, 0)))
        return self.out

    def backward(self, grad):
        return np.where(self.positive, grad, grad * (self.out + self.alpha))

    def backward_graph(self, grad):
        from axon.ops.elementwise import exp, minimum, where
        # alpha * e^min(x, 0) is the slope for x <= 0; its own derivative there is the same.
        slope = exp(minimum(self.inputs[0], 0)) * self.alpha
        return where(Tensor._wrap(self.positive), grad, grad * slope)


def stable_sigmoid(x):
    """1 / (1 + e^-x) without overflow: exp is only taken of -|x|."""
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1, e) / (1 + e)


class Sigmoid(Op):
    def forward(self, x):
        self.out = stable_sigmoid(x)
        return self.out

    def backward(self, grad):
        return grad * self.out * (1 - self.out)

    def backward_graph(self, grad):
        s = sigmoid(self.inputs[0])
        return grad * (s * (1 - s))


class Tanh(Op):
    def forward(self, x):
        self.out = np.tanh(x)
        return self.out

    def backward(self, grad):
        return grad * (1 - self.out * self.out)

    def backward_graph(self, grad):
        t = tanh(self.inputs[0])
        return grad * (1 - t * t)


def softmax_array(z, axis: int = -1):
    """Softmax on an array, shifted by the maximum so exp never overflows."""
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    e /= e.sum(axis=axis, keepdims=True)
    return e


def log_softmax_array(z, axis: int = -1):
    """log(softmax(z)) as z - logsumexp(z), finite for any finite logits."""
    shifted = z - z.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


class Softmax(Op):
    def forward(self, z, axis):
        self.axis = axis
        self.out = softmax_array(z, axis)
        return self.out

    def backward(self, grad):
        s = self.out
        return s * (grad - (grad * s).sum(axis=self.axis, keepdims=True))

    def backward_graph(self, grad):
        s = softmax(self.inputs[0], self.axis)
        return s * (grad - (grad * s).sum(axis=self.axis, keepdims=True))


class LogSoftmax(Op):
    def forward(self, z, axis):
        self.axis = axis
        self.out = log_softmax_array(z, axis)
        return self.out

    def backward(self, grad):
        return grad - np.exp(self.out) * grad.sum(axis=self.axis, keepdims=True)

    def backward_graph(self, grad):
        p = softmax(self.inputs[0], self.axis)
        return grad - p * grad.sum(axis=self.axis, keepdims=True)


def relu(features) -> Tensor:
    """max(x, 0)."""
    return ReLU.apply(as_tensor(features))


def leaky_relu(features, alpha: float = 0.2) -> Tensor:
    """x for x > 0, else ``alpha * x`` (TensorFlow's default alpha is 0.2)."""
    return LeakyReLU.apply(as_tensor(features), alpha=float(alpha))


def elu(features, alpha: float = 1.0) -> Tensor:
    """x for x > 0, else ``alpha * (e^x - 1)``."""
    return ELU.apply(as_tensor(features), alpha=float(alpha))


def sigmoid(x) -> Tensor:
    """1 / (1 + e^-x), computed without overflow."""
    return Sigmoid.apply(as_tensor(x))


def tanh(x) -> Tensor:
    """Hyperbolic tangent."""
    return Tanh.apply(as_tensor(x))


def softmax(logits, axis: int = -1) -> Tensor:
    """e^z / sum(e^z) along ``axis``; finite for logits of any magnitude."""
    return Softmax.apply(as_tensor(logits), axis=-1 if axis is None else int(axis))


def log_softmax(logits, axis: int = -1) -> Tensor:
    """z - logsumexp(z) along ``axis``; finite for logits of any magnitude."""
    return LogSoftmax.apply(as_tensor(logits), axis=-1 if axis is None else int(axis))
