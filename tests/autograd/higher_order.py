"""Second derivatives of an op checked by finite differences of its first derivative.

    check_second_order(ops.multiply, [(4, 5), (5,)])

draws float64 inputs of the given shapes and, with the scalar
``s(x) = sum(w * f(x) + f(x)**2 / 2)`` (fixed random ``w``; the square makes the
upstream gradient depend on ``x`` too, so the derivative of the backward with
respect to its upstream gradient is checked as well as with respect to the
inputs), compares

- the gradient taken with ``create_graph=True`` (through each op's
  ``backward_graph``) with the first-order gradient (each op's raw ``backward``);
- the Hessian-vector product ``H v`` (the gradient of ``<grad s, v>``) with the
  central difference ``(grad s(x + eps v) - grad s(x - eps v)) / (2 eps)`` of the
  first-order gradient, along a random direction ``v``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

import axon
from tests.ops.helpers import draw


def _scalar(fn, tensors, weights):
    out = fn(*tensors)
    return (out * axon.tensor(weights)).sum() + (out * out).sum() * 0.5


def first_order(fn, arrays, weights) -> list[np.ndarray]:
    """The gradient of the test scalar by the first-order (raw array) path."""
    tensors = [axon.tensor(a, requires_grad=True) for a in arrays]
    _scalar(fn, tensors, weights).backward()
    return [np.zeros_like(a) if t.grad is None else t.grad.numpy() for a, t in zip(arrays, tensors)]


def hessian_vector(fn, arrays, weights, v) -> tuple[list, list]:
    """(gradient with create_graph, H v) of the test scalar, as arrays."""
    tensors = [axon.tensor(a, requires_grad=True) for a in arrays]
    grads = axon.grad(_scalar(fn, tensors, weights), tensors, create_graph=True, allow_unused=True)
    assert all(g is None or g.dtype == np.float64 for g in grads)
    inner = axon.add_n([(g * axon.tensor(d)).sum() for g, d in zip(grads, v) if g is not None])
    if not inner.requires_grad:  # the op is linear and s quadratic in nothing: H v = 0
        hv = [np.zeros_like(a) for a in arrays]
    else:
        hv = [np.zeros_like(a) if h is None else h.numpy()
              for a, h in zip(arrays, axon.grad(inner, tensors, allow_unused=True))]
    return [np.zeros_like(a) if g is None else g.numpy() for a, g in zip(arrays, grads)], hv


def check_second_order(fn: Callable, shapes, low=-1.0, high=1.0, seed: int = 0, tol: float = 1e-6,
                       eps: float = 1e-5, arrays=None) -> None:
    """Check ``fn``'s differentiable backward on float64 inputs of ``shapes`` (see the module docstring).

    Args:
        fn: the op, called with one Tensor per shape (close over constant inputs).
        low, high: the range of the drawn values (a number, or one per input).
        tol: the largest relative error allowed (by norm, over all inputs together).
        arrays: the inputs themselves, instead of drawing them.
    """
    if arrays is None:
        arrays = draw(shapes, low, high, seed)
    arrays = [np.asarray(a, dtype=np.float64) for a in arrays]
    gen = np.random.default_rng(seed + 1)
    with axon.no_grad():
        out_shape = fn(*[axon.tensor(a) for a in arrays]).shape
    weights = gen.standard_normal(out_shape)
    v = [gen.standard_normal(a.shape) for a in arrays]
    reference = first_order(fn, arrays, weights)
    graph, hv = hessian_vector(fn, arrays, weights, v)
    for r, g in zip(reference, graph):
        np.testing.assert_allclose(g, r, rtol=1e-10, atol=1e-12, err_msg="backward_graph differs from backward")
    plus = first_order(fn, [a + eps * d for a, d in zip(arrays, v)], weights)
    minus = first_order(fn, [a - eps * d for a, d in zip(arrays, v)], weights)
    numeric = np.concatenate([((p - m) / (2 * eps)).ravel() for p, m in zip(plus, minus)])
    analytic = np.concatenate([h.ravel() for h in hv])
    error = np.linalg.norm(analytic - numeric) / max(np.linalg.norm(analytic) + np.linalg.norm(numeric), 1e-10)
    assert error < tol, f"H v and finite differences of the gradient differ: relative error {error:.2e}"
