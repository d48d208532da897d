"""The parametric ReLU as one op: ``x`` where positive, ``alpha * x`` elsewhere,
with a gradient for ``alpha`` as well as for ``x``."""

from __future__ import annotations

import numpy as np

from axon.autograd.op import Op
from axon.autograd.tensor import Tensor
from axon.ops.broadcast import as_tensor, broadcast_error, constant_like, unbroadcast, unbroadcast_graph


class PReLU(Op):
    """``y = max(x, 0) + alpha * min(x, 0)``.

    Backward: ``dx = dy`` where ``x > 0`` else ``dy * alpha``;
    ``dalpha = dy * min(x, 0)`` summed over the axes ``alpha`` is broadcast along.
    """

    def forward(self, x, alpha):
        neg = np.minimum(x, 0)
        self.neg, self.alpha_shape = neg, alpha.shape
        self.alpha = alpha
        out = neg * alpha
        out += np.maximum(x, 0)  # exact: one of the two terms is 0
        return out

    def backward(self, grad):
        dx = dalpha = None
        if self.needs_grad[0]:
            dx = np.where(self.neg < 0, grad * self.alpha, grad)
        if self.needs_grad[1]:
            dalpha = unbroadcast(grad * self.neg, self.alpha_shape)
        return dx, dalpha

    def backward_graph(self, grad):
        from axon.ops.elementwise import minimum

        x, alpha = self.inputs
        dx = dalpha = None
        if self.needs_grad[0]:  # piecewise linear in x: no second derivative in x alone
            negative = constant_like(self.neg < 0, grad, x)
            dx = unbroadcast_graph(grad * (negative * alpha + (1 - negative)), x.shape)
        if self.needs_grad[1]:
            dalpha = unbroadcast_graph(grad * minimum(x, 0), self.alpha_shape)
        return dx, dalpha


def prelu(x, alpha) -> Tensor:
    """(axon) Parametric ReLU: ``x`` for x > 0, else ``alpha * x``, with ``alpha``
    broadcast against ``x`` (e.g. one slope per channel).

    Example:
        >>> prelu(axon.tensor([-2.0, 3.0]), axon.tensor([0.25]))   # [-0.5, 3.0]
    """
    t = as_tensor(x)
    a = as_tensor(alpha, t)
    try:
        return PReLU.apply(t, a)
    except ValueError as err:
        raise broadcast_error("prelu", t, a, err) from None
