"""``gradient_check``: autodiff gradients against central finite differences."""

from __future__ import annotations

import numpy as np

from axon import backend as B
from axon.autograd.tensor import Tensor


def _scalar(fn, tensors, weights):
    out = fn(*tensors)
    data = out.data if isinstance(out, Tensor) else B.xp.asarray(out)
    return out, float((data * weights).sum()) if weights is not None else float(data.sum())


def gradient_check(fn, inputs, eps: float = 1e-6, max_elements: int = 4096, seed: int = 0) -> float:
    """Compare the autodiff gradient of ``fn`` with central finite differences.

    Every input is converted to float64; a non-scalar output is reduced to a
    scalar with fixed random weights, so every output element is checked. For
    an input with at most ``max_elements`` entries each entry is perturbed in
    turn; a larger one is checked along 3 random unit directions (a directional
    derivative each), which keeps the check cheap for big tensors.

    Returns:
        The worst relative error over the inputs, ``|a - n| / max(|a| + |n|, 1e-10)``
        with ``a`` the autodiff and ``n`` the numerical gradient (as vectors, by norm).
        Below about 1e-6 means the gradient is right.

    Example:
        >>> axon.utils.gradient_check(lambda a, b: a * b, [np.ones(3), np.arange(3.0)])
    """
    gen = np.random.default_rng(seed)
    arrays = [np.array(B.to_numpy(getattr(x, "data", x)), dtype=np.float64) for x in inputs]
    tensors = [Tensor(a, requires_grad=True) for a in arrays]
    out = fn(*tensors)
    if not isinstance(out, Tensor) or not out.requires_grad:
        raise ValueError("gradient_check: fn must return a Tensor that depends on the inputs.")
    weights = None if out.size == 1 else B.xp.asarray(gen.standard_normal(out.shape))
    (out * Tensor(weights) if weights is not None else out).sum().backward()
    worst = 0.0
    for i, t in enumerate(tensors):
        analytic = np.zeros_like(arrays[i]) if t._grad is None else B.to_numpy(t._grad)

        def f(values, i=i):
            trial = [Tensor(a) for a in arrays]
            trial[i] = Tensor(values)
            return _scalar(fn, trial, weights)[1]

        base = arrays[i]
        if base.size <= max_elements:
            numeric = np.zeros_like(base)
            flat = numeric.reshape(-1)
            for j in range(base.size):
                plus, minus = base.copy(), base.copy()
                plus.reshape(-1)[j] += eps
                minus.reshape(-1)[j] -= eps
                flat[j] = (f(plus) - f(minus)) / (2 * eps)
            a, n = analytic.ravel(), numeric.ravel()
        else:
            directions = gen.standard_normal((3,) + base.shape)
            directions /= np.sqrt((directions ** 2).reshape(3, -1).sum(axis=1)).reshape((3,) + (1,) * base.ndim)
            a = np.array([(analytic * d).sum() for d in directions])
            n = np.array([(f(base + eps * d) - f(base - eps * d)) / (2 * eps) for d in directions])
        err = np.linalg.norm(a - n) / max(np.linalg.norm(a) + np.linalg.norm(n), 1e-10)
        worst = max(worst, float(err))
    return worst
