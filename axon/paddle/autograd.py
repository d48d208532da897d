"""``paddle.autograd``: ``backward`` over several tensors, and ``jacobian`` / ``hessian`` of computed
outputs, on axon's higher-order autodiff (``axon.autograd.grad`` with ``create_graph``)."""

from __future__ import annotations

import numpy as np

from axon import backend as B
from axon import ops
from axon.autograd.functional import grad as _grad
from axon.autograd.tensor import Tensor as _Core
from axon.paddle.tensor import Tensor, core, wrap


def backward(tensors, grad_tensors=None, retain_graph: bool = False) -> None:
    """``t.backward(g)`` for each tensor (gradients accumulate into the leaves' ``.grad``)."""
    tensors = list(tensors) if isinstance(tensors, (list, tuple)) else [tensors]
    grads = list(grad_tensors) if isinstance(grad_tensors, (list, tuple)) else [grad_tensors] * len(tensors)
    for i, (t, g) in enumerate(zip(tensors, grads)):
        t.backward(g, retain_graph=retain_graph or i < len(tensors) - 1)


class Jacobian:
    """A Jacobian (or Hessian) matrix: ``J[:]`` (or any index) gives a Tensor, ``J.shape`` its shape.

    Computed when created, and differentiable: it was built with ``create_graph=True``.
    """

    def __init__(self, value: _Core):
        self._value = value

    @property
    def shape(self) -> list:
        """``[M, N]``, or ``[B, M, N]`` with ``batch_axis=0``."""
        return list(self._value.shape)

    def __getitem__(self, index) -> Tensor:
        return wrap(ops.getitem(self._value, index))

    def numpy(self) -> np.ndarray:
        """The whole matrix as a NumPy array."""
        return self._value.numpy()


class Hessian(Jacobian):
    """A Hessian matrix (see ``Jacobian``)."""


def _one(y: _Core, x: _Core, batch_axis) -> _Core:
    """d y / d x as ``(M, N)`` (``(B, M, N)`` with a batch axis), one backward pass per output entry."""
    if batch_axis not in (None, 0):
        raise ValueError(f"batch_axis must be None or 0. Received: batch_axis={batch_axis!r}")
    if batch_axis is None:
        if y.ndim > 1 or x.ndim > 1:
            raise ValueError(f"jacobian without batch_axis takes 0-D or 1-D ys and xs. Received shapes "
                             f"{list(y.shape)} and {list(x.shape)}; flatten them, or pass batch_axis=0.")
        rows = []
        for e in range(y.size):
            upstream = np.zeros(y.size, dtype=y.dtype)
            upstream[e] = 1
            rows.append(_row(y, x, upstream.reshape(y.shape), (x.size,)))
        return ops.stack(rows) if rows else _Core._wrap(B.xp.zeros((0, x.size), dtype=x.dtype))
    if y.ndim != 2 or x.ndim != 2 or y.shape[0] != x.shape[0]:
        raise ValueError(f"jacobian with batch_axis=0 takes ys (B, M) and xs (B, N). Received shapes {list(y.shape)} "
                         f"and {list(x.shape)}.")
    rows = []
    for i in range(y.shape[1]):
        upstream = np.zeros(y.shape, dtype=y.dtype)
        upstream[:, i] = 1
        rows.append(_row(y, x, upstream, x.shape))
    return ops.transpose(ops.stack(rows), (1, 0, 2))


def _row(y, x, upstream, shape):
    if not y.requires_grad:
        return _Core._wrap(B.xp.zeros(shape, dtype=x.dtype))
    (g,) = _grad(y, x, grad_outputs=_Core._wrap(B.xp.asarray(upstream)), retain_graph=True, create_graph=True,
                 allow_unused=True)
    return _Core._wrap(B.xp.zeros(shape, dtype=x.dtype)) if g is None else ops.reshape(g, shape)


def _table(ys, xs, make):
    ys_many, xs_many = isinstance(ys, (list, tuple)), isinstance(xs, (list, tuple))
    ys_list, xs_list = (list(ys) if ys_many else [ys]), (list(xs) if xs_many else [xs])
    rows = [tuple(make(core(y), core(x)) for x in xs_list) for y in ys_list]
    rows = [r if xs_many else r[0] for r in rows]
    return tuple(rows) if ys_many else rows[0]


def jacobian(ys, xs, batch_axis=None):
    """The Jacobian of computed ``ys`` with respect to ``xs`` (Tensors with ``stop_gradient=False``).

    ``ys`` of shape ``[M]`` and ``xs`` ``[N]`` give ``[M, N]``; with ``batch_axis=0``,
    ``[B, M]`` and ``[B, N]`` give ``[B, M, N]``. Tuples give tuples.

    Example:
        >>> x = paddle.to_tensor([1.0, 2.0], stop_gradient=False)
        >>> paddle.autograd.jacobian(x * x, x)[:]      # [[2, 0], [0, 4]]
    """
    return _table(ys, xs, lambda y, x: Jacobian(_one(y, x, batch_axis)))


def hessian(ys, xs, batch_axis=None):
    """The Hessian of a scalar ``ys`` (``[B]`` or ``[B, 1]`` with ``batch_axis=0``) with respect to ``xs``."""
    def make(y, x):
        if batch_axis is None and y.size != 1:
            raise ValueError(f"hessian takes a one-element ys. Received shape {list(y.shape)}.")
        total = ops.reduce_sum(y)
        (g,) = _grad(total, x, retain_graph=True, create_graph=True, allow_unused=True)
        if g is None:
            g = _Core._wrap(B.xp.zeros(x.shape, dtype=x.dtype))
        return Hessian(_one(ops.reshape(g, x.shape), x, batch_axis))

    return _table(ys, xs, make)


def __getattr__(name: str):
    if name in ("PyLayer", "PyLayerContext", "vjp", "jvp"):
        raise AttributeError(f"paddle.autograd.{name} is not available in axon.paddle; use paddle.grad, "
                             "paddle.autograd.jacobian or paddle.autograd.hessian.")
    raise AttributeError(f"module 'axon.paddle.autograd' has no attribute {name!r}")
