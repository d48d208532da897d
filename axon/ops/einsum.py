"""``einsum``: sums of products over named axes, and their gradients as einsums."""

from __future__ import annotations

import string

import numpy as np

from axon.autograd.op import Op
from axon.autograd.tensor import Tensor
from axon.ops.broadcast import as_tensor


class Einsum(Op):
    def forward(self, *arrays, subs, output):
        self.arrays, self.subs, self.output = arrays, subs, output
        return np.einsum(f"{','.join(subs)}->{output}", *arrays, optimize=len(arrays) > 2)

    def backward(self, grad):
        grads = []
        for i, (subs, array) in enumerate(zip(self.subs, self.arrays)):
            if not self.needs_grad[i]:
                grads.append(None)
                continue
            others = [s for j, s in enumerate(self.subs) if j != i]
            seen = set(self.output).union(*others) if others else set(self.output)
            kept = "".join(c for c in subs if c in seen)
            spec = ",".join([self.output, *others]) + "->" + kept
            g = np.einsum(spec, grad, *[a for j, a in enumerate(self.arrays) if j != i],
                          optimize=len(self.arrays) > 1)
            if kept != subs:  # letters summed in this operand alone: the gradient is constant along them
                g = g.reshape([array.shape[k] if c in seen else 1 for k, c in enumerate(subs)])
                g = np.broadcast_to(g, array.shape)
            grads.append(g)
        return tuple(grads)

    def backward_graph(self, grad):
        from axon.ops.shape import broadcast_to, reshape

        grads = []
        for i, subs in enumerate(self.subs):
            if not self.needs_grad[i]:
                grads.append(None)
                continue
            others = [s for j, s in enumerate(self.subs) if j != i]
            seen = set(self.output).union(*others) if others else set(self.output)
            kept = "".join(c for c in subs if c in seen)
            operands = [t for j, t in enumerate(self.inputs) if j != i]
            g = Einsum.apply(grad, *operands, subs=(self.output, *others), output=kept)
            shape = self.inputs[i].shape
            if kept != subs:
                g = reshape(g, [shape[k] if c in seen else 1 for k, c in enumerate(subs)])
                g = broadcast_to(g, shape)
            grads.append(g)
        return tuple(grads)


def _parse(equation: str, shapes: list[tuple]) -> tuple[list[str], str]:
    """Explicit per-operand subscripts and output, with ``...`` spelled out as letters."""
    eq = equation.replace(" ", "")
    lhs, arrow, rhs = eq.partition("->")
    inputs = lhs.split(",")
    if len(inputs) != len(shapes):
        raise ValueError(f"einsum: the equation {equation!r} names {len(inputs)} operands but "
                         f"{len(shapes)} were given.")
    used = set(eq) - set(",->.")
    spare = [c for c in string.ascii_letters if c not in used]
    ellipsis_rank = 0
    for subs, shape in zip(inputs, shapes):
        if "..." in subs:
            ellipsis_rank = max(ellipsis_rank, len(shape) - (len(subs) - 3))
    fill = "".join(spare[:ellipsis_rank])
    explicit = []
    for subs, shape in zip(inputs, shapes):
        if "..." in subs:
            n = len(shape) - (len(subs) - 3)
            subs = subs.replace("...", fill[ellipsis_rank - n:])
        if len(subs) != len(shape):
            raise ValueError(f"einsum: subscripts {subs!r} do not match an operand of shape {shape}.")
        if len(set(subs)) != len(subs):
            raise ValueError(f"einsum: a letter repeated within one operand ({subs!r}, a diagonal or trace) is "
                             "not supported by axon; take the diagonal with indexing first.")
        explicit.append(subs)
    if arrow:
        output = rhs.replace("...", fill)
    else:
        letters = "".join(explicit)
        output = fill + "".join(sorted(c for c in set(letters) - set(fill) if letters.count(c) == 1))
    sizes: dict[str, int] = {}
    for subs, shape in zip(explicit, shapes):
        for c, n in zip(subs, shape):
            if sizes.setdefault(c, n) != n:
                raise ValueError(f"einsum: axis {c!r} has size {sizes[c]} in one operand and {n} in another "
                                 f"(equation {equation!r}, shapes {shapes}).")
    missing = set(output) - set(sizes)
    if missing:
        raise ValueError(f"einsum: output letters {sorted(missing)} appear in no operand of {equation!r}.")
    return explicit, output


def einsum(equation: str, *inputs, **kwargs) -> Tensor:
    """Einstein summation (``tf.einsum``, ``np.einsum``), differentiable in every operand.

    Example:
        >>> axon.einsum("bij,bjk->bik", a, b)       # batched matmul
        >>> axon.einsum("i,i->", u, v)              # dot product
    """
    if kwargs:
        raise TypeError(f"einsum: unexpected keyword arguments {sorted(kwargs)}.")
    if len(inputs) == 1 and isinstance(inputs[0], (list, tuple)):
        inputs = tuple(inputs[0])
    tensors = [as_tensor(t) for t in inputs]
    floats = [t for t in tensors if t.dtype.kind == "f"]
    if floats:
        tensors = [as_tensor(inputs[i], like=floats[0]) if not isinstance(inputs[i], Tensor) else t
                   for i, t in enumerate(tensors)]
    subs, output = _parse(equation, [t.shape for t in tensors])
    return Einsum.apply(*tensors, subs=tuple(subs), output=output)


__all__ = ["einsum"]
