"""Elementwise ops with NumPy broadcasting: arithmetic, exp/log, comparisons
that carry gradients (maximum, minimum, clip, where)."""

from __future__ import annotations

import numpy as np

from axon.autograd.op import Op
from axon.autograd.tensor import Tensor
from axon.ops.broadcast import as_tensor, broadcast_error, constant_like, unbroadcast
from axon.ops.broadcast import unbroadcast_graph as unb


class Add(Op):
    def forward(self, a, b):
        self.shapes = a.shape, b.shape
        return a + b

    def backward(self, grad):
        sa, sb = self.shapes
        return unbroadcast(grad, sa), unbroadcast(grad, sb)

    def backward_graph(self, grad):
        sa, sb = self.shapes
        return unb(grad, sa), unb(grad, sb)


class Subtract(Op):
    def forward(self, a, b):
        self.shapes = a.shape, b.shape
        return a - b

    def backward(self, grad):
        sa, sb = self.shapes
        return unbroadcast(grad, sa), unbroadcast(-grad, sb) if self.needs_grad[1] else None

    def backward_graph(self, grad):
        sa, sb = self.shapes
        return unb(grad, sa), unb(negative(grad), sb) if self.needs_grad[1] else None


class Multiply(Op):
    def forward(self, a, b):
        self.a, self.b = a, b
        return a * b

    def backward(self, grad):
        a, b = self.a, self.b
        ga = unbroadcast(grad * b, a.shape) if self.needs_grad[0] else None
        gb = unbroadcast(grad * a, b.shape) if self.needs_grad[1] else None
        return ga, gb

    def backward_graph(self, grad):
        a, b = self.inputs
        ga = unb(multiply(grad, b), a.shape) if self.needs_grad[0] else None
        gb = unb(multiply(grad, a), b.shape) if self.needs_grad[1] else None
        return ga, gb


class Divide(Op):
    def forward(self, a, b):
        self.a, self.b = a, b
        return a / b

    def backward(self, grad):
        a, b = self.a, self.b
        ga = unbroadcast(grad / b, a.shape) if self.needs_grad[0] else None
        gb = unbroadcast(-grad * a / (b * b), b.shape) if self.needs_grad[1] else None
        return ga, gb

    def backward_graph(self, grad):
        a, b = self.inputs
        ga = unb(divide(grad, b), a.shape) if self.needs_grad[0] else None
        gb = unb(negative(divide(multiply(grad, a), multiply(b, b))), b.shape) if self.needs_grad[1] else None
        return ga, gb


class Power(Op):
    def forward(self, a, b):
        self.a, self.b = a, b
        self.out = a ** b
        return self.out

    def backward(self, grad):
        a, b = self.a, self.b
        ga = unbroadcast(grad * b * a ** (b - 1), a.shape) if self.needs_grad[0] else None
        gb = None
        if self.needs_grad[1]:
            safe = np.where(a > 0, a, 1)  # d(a**b)/db = a**b log a, defined for a > 0
            gb = unbroadcast(grad * self.out * np.log(safe), b.shape)
        return ga, gb

    def backward_graph(self, grad):
        a, b = self.inputs
        ga = unb(multiply(grad, multiply(b, power(a, subtract(b, 1)))), a.shape) if self.needs_grad[0] else None
        gb = None
        if self.needs_grad[1]:
            safe = where(Tensor._wrap(self.a > 0), a, 1)
            gb = unb(multiply(grad, multiply(power(a, b), log(safe))), b.shape)
        return ga, gb


class Maximum(Op):
    def forward(self, a, b):
        self.a, self.b = a, b
        return np.maximum(a, b)

    def backward(self, grad):
        take_a = self.a >= self.b  # ties go to the first operand, as in TensorFlow
        ga = unbroadcast(grad * take_a, self.a.shape) if self.needs_grad[0] else None
        gb = unbroadcast(grad * ~take_a, self.b.shape) if self.needs_grad[1] else None
        return ga, gb

    def backward_graph(self, grad):
        return _select_graph(self, grad, self.a >= self.b)


class Minimum(Op):
    def forward(self, a, b):
        self.a, self.b = a, b
        return np.minimum(a, b)

    def backward(self, grad):
        take_a = self.a <= self.b
        ga = unbroadcast(grad * take_a, self.a.shape) if self.needs_grad[0] else None
        gb = unbroadcast(grad * ~take_a, self.b.shape) if self.needs_grad[1] else None
        return ga, gb

    def backward_graph(self, grad):
        return _select_graph(self, grad, self.a <= self.b)


def _select_graph(op, grad, take_a):
    """Maximum/minimum's gradients: the choice of operand is a constant (its derivative is zero)."""
    a, b = op.inputs
    ga = unb(multiply(grad, constant_like(take_a, grad, a, b)), a.shape) if op.needs_grad[0] else None
    gb = unb(multiply(grad, constant_like(~take_a, grad, a, b)), b.shape) if op.needs_grad[1] else None
    return ga, gb


class Negative(Op):
    def forward(self, a):
        return -a

    def backward(self, grad):
        return -grad

    def backward_graph(self, grad):
        return negative(grad)


class Exp(Op):
    def forward(self, a):
        self.out = np.exp(a)
        return self.out

    def backward(self, grad):
        return grad * self.out

    def backward_graph(self, grad):
        return multiply(grad, exp(self.inputs[0]))


class Log(Op):
    def forward(self, a):
        self.a = a
        return np.log(a)

    def backward(self, grad):
        return grad / self.a

    def backward_graph(self, grad):
        return divide(grad, self.inputs[0])


class Sqrt(Op):
    def forward(self, a):
        self.out = np.sqrt(a)
        return self.out

    def backward(self, grad):
        return grad / (2 * self.out)

    def backward_graph(self, grad):
        return divide(grad, multiply(sqrt(self.inputs[0]), 2))


class Square(Op):
    def forward(self, a):
        self.a = a
        return a * a

    def backward(self, grad):
        return grad * (2 * self.a)

    def backward_graph(self, grad):
        return multiply(grad, multiply(self.inputs[0], 2))


class Abs(Op):
    def forward(self, a):
        self.a = a
        return np.abs(a)

    def backward(self, grad):
        return grad * np.sign(self.a)

    def backward_graph(self, grad):
        # sign(x) is piecewise constant: abs has no second derivative (0, as in PyTorch).
        return multiply(grad, constant_like(np.sign(self.a), grad, self.inputs[0]))


class ClipByValue(Op):
    def forward(self, a, low, high):
        self.inside = (a >= low) & (a <= high)
        return np.clip(a, low, high)

    def backward(self, grad):
        return grad * self.inside, None, None

    def backward_graph(self, grad):
        return multiply(grad, constant_like(self.inside, grad, self.inputs[0])), None, None


class Where(Op):
    def forward(self, condition, a, b):
        self.condition, self.shapes = condition, (a.shape, b.shape)
        return np.where(condition, a, b)

    def backward(self, grad):
        zero = np.zeros((), dtype=grad.dtype)
        ga = unbroadcast(np.where(self.condition, grad, zero), self.shapes[0]) if self.needs_grad[1] else None
        gb = unbroadcast(np.where(self.condition, zero, grad), self.shapes[1]) if self.needs_grad[2] else None
        return None, ga, gb

    def backward_graph(self, grad):
        zero = constant_like(0, grad)
        cond = Tensor._wrap(self.condition)
        ga = unb(where(cond, grad, zero), self.shapes[0]) if self.needs_grad[1] else None
        gb = unb(where(cond, zero, grad), self.shapes[1]) if self.needs_grad[2] else None
        return None, ga, gb


def _binary(op: type[Op], name: str, a, b) -> Tensor:
    a = as_tensor(a, b if isinstance(b, Tensor) else None)
    b = as_tensor(b, a)
    try:
        return op.apply(a, b)
    except ValueError as err:
        raise broadcast_error(name, a, b, err) from None


def add(x, y) -> Tensor:
    """``x + y`` elementwise, with broadcasting."""
    return _binary(Add, "add", x, y)


def subtract(x, y) -> Tensor:
    """``x - y`` elementwise, with broadcasting."""
    return _binary(Subtract, "subtract", x, y)


def multiply(x, y) -> Tensor:
    """``x * y`` elementwise, with broadcasting."""
    return _binary(Multiply, "multiply", x, y)


def divide(x, y) -> Tensor:
    """``x / y`` elementwise, with broadcasting."""
    return _binary(Divide, "divide", x, y)


def power(x, y) -> Tensor:
    """``x ** y`` elementwise; differentiable in ``y`` where ``x > 0``."""
    return _binary(Power, "power", x, y)


def maximum(x, y) -> Tensor:
    """Elementwise maximum; on ties the gradient goes to ``x``."""
    return _binary(Maximum, "maximum", x, y)


def minimum(x, y) -> Tensor:
    """Elementwise minimum; on ties the gradient goes to ``x``."""
    return _binary(Minimum, "minimum", x, y)


def negative(x) -> Tensor:
    """``-x``."""
    return Negative.apply(as_tensor(x))


def exp(x) -> Tensor:
    """``e ** x``."""
    return Exp.apply(as_tensor(x))


def log(x) -> Tensor:
    """Natural logarithm (``-inf`` at 0, ``nan`` below)."""
    return Log.apply(as_tensor(x))


def sqrt(x) -> Tensor:
    """Square root."""
    return Sqrt.apply(as_tensor(x))


def square(x) -> Tensor:
    """``x * x``."""
    return Square.apply(as_tensor(x))


def abs(x) -> Tensor:  # noqa: A001  (TensorFlow's name)
    """Absolute value; its gradient is ``sign(x)`` (0 at 0)."""
    return Abs.apply(as_tensor(x))


def sign(x) -> Tensor:
    """-1, 0 or 1 by the sign of ``x``; piecewise constant, so no gradient."""
    return Tensor._wrap(np.sign(as_tensor(x).data))


def clip_by_value(t, clip_value_min, clip_value_max) -> Tensor:
    """Clamp ``t`` into ``[clip_value_min, clip_value_max]``; the gradient is
    passed only where ``t`` was inside the range."""
    t = as_tensor(t)
    low = as_tensor(clip_value_min, t)
    high = as_tensor(clip_value_max, t)
    return ClipByValue.apply(t, low.detach(), high.detach())


def where(condition, x=None, y=None) -> Tensor:
    """Pick ``x`` where ``condition`` holds, else ``y`` (broadcasting all three).

    With only ``condition``, returns the indices of its true entries as an
    ``(n, rank)`` int64 tensor, as ``tf.where`` does.
    """
    cond = as_tensor(condition)
    if x is None and y is None:
        return Tensor._wrap(np.argwhere(cond.data))
    if x is None or y is None:
        raise ValueError("where(): give both x and y, or neither.")
    x = as_tensor(x, y if isinstance(y, Tensor) else None)
    y = as_tensor(y, x)
    try:
        return Where.apply(Tensor._wrap(cond.data.astype(bool, copy=False)), x, y)
    except ValueError as err:
        raise broadcast_error("where", x, y, err) from None


def add_n(inputs) -> Tensor:
    """The elementwise sum of a list of same-shaped tensors."""
    inputs = list(inputs)
    if not inputs:
        raise ValueError("add_n: needs at least one tensor.")
    total = as_tensor(inputs[0])
    for t in inputs[1:]:
        total = add(total, t)
    return total


pow = power  # noqa: A001  (TensorFlow's name, tf.pow)
