"""Matrix product, batched and broadcasting like ``np.matmul``."""

from __future__ import annotations

from axon.autograd.op import Op
from axon.autograd.tensor import Tensor
from axon.ops.broadcast import as_tensor, unbroadcast, unbroadcast_graph
from axon.ops.shape import expand_dims, squeeze, transpose


class MatMul(Op):
    def forward(self, a, b):
        self.a, self.b = a, b
        return a @ b

    def backward(self, grad):
        a, b = self.a, self.b
        ga = unbroadcast(grad @ b.swapaxes(-1, -2), a.shape) if self.needs_grad[0] else None
        gb = unbroadcast(a.swapaxes(-1, -2) @ grad, b.shape) if self.needs_grad[1] else None
        return ga, gb

    def backward_graph(self, grad):
        a, b = self.inputs
        ga = unbroadcast_graph(MatMul.apply(grad, _swap_last_axes(b)), a.shape) if self.needs_grad[0] else None
        gb = unbroadcast_graph(MatMul.apply(_swap_last_axes(a), grad), b.shape) if self.needs_grad[1] else None
        return ga, gb


def matmul(a, b, transpose_a: bool = False, transpose_b: bool = False) -> Tensor:
    """Matrix product ``a @ b`` (batched over leading axes, which broadcast).

    A 1-D operand is treated as a row (``a``) or column (``b``) vector and that
    axis is dropped from the result, as in NumPy.
    """
    a = as_tensor(a, b if isinstance(b, Tensor) else None)
    b = as_tensor(b, a)
    if a.ndim == 0 or b.ndim == 0:
        raise ValueError(f"matmul: operands must have rank >= 1. Received shapes {a.shape} and {b.shape}.")
    if transpose_a:
        a = _swap_last_axes(a)
    if transpose_b:
        b = _swap_last_axes(b)
    if a.ndim == 1:
        return squeeze(matmul(expand_dims(a, 0), b), -2 if b.ndim > 1 else None)
    if b.ndim == 1:
        return squeeze(matmul(a, expand_dims(b, 1)), -1)
    if a.shape[-1] != b.shape[-2]:
        raise ValueError(
            f"matmul: inner dimensions differ: a has shape {a.shape} and b has shape {b.shape} "
            f"({a.shape[-1]} != {b.shape[-2]}). Transpose one operand or fix the shapes."
        )
    try:
        return MatMul.apply(a, b)
    except ValueError:
        raise ValueError(f"matmul: batch dimensions of shapes {a.shape} and {b.shape} do not broadcast.") from None


def _swap_last_axes(t: Tensor) -> Tensor:
    perm = list(range(t.ndim))
    perm[-2:] = perm[-1:-3:-1]
    return transpose(t, perm)
