"""One-line op checks: forward against NumPy, gradients against finite differences.

    check_op([(4, 5), (5,)], ops.multiply, np.multiply)

draws float64 inputs of the given shapes, compares ``axon_fn`` with ``numpy_fn``
(also in float32, where the output must stay float32), and compares the
autodiff gradient of every input with central finite differences
(``axon.utils.gradient_check``, which perturbs copies of the inputs).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

import axon
from axon.utils import gradient_check

BROADCAST_SHAPES = [
    ((4, 5), (4, 5)),
    ((4, 5), (5,)),
    ((5,), (4, 5)),
    ((4, 1), (1, 5)),
    ((3, 1, 5), (4, 5)),
    ((), (4, 5)),
    ((4, 5), ()),
]
"""Shape pairs every binary op is checked on: equal, trailing, both sides
stretched, rank extension, and scalar operands."""


def _per_input(value, n: int) -> list:
    if isinstance(value, Sequence):
        assert len(value) == n, f"give one bound per input ({n}), got {value}"
        return list(value)
    return [value] * n


def draw(shapes, low=-1.0, high=1.0, seed: int = 0) -> list[np.ndarray]:
    """float64 arrays of ``shapes`` uniform in ``[low, high)`` (bounds may be per input)."""
    gen = np.random.default_rng(seed)
    lows, highs = _per_input(low, len(shapes)), _per_input(high, len(shapes))
    return [np.asarray(gen.uniform(lo, hi, shape)) for shape, lo, hi in zip(shapes, lows, highs)]


def check_op(shapes, axon_fn: Callable, numpy_fn: Callable | None, low=-1.0, high=1.0, grad: bool = True,
             tol: float = 1e-6, seed: int = 0, rtol32: float = 1e-5) -> list[np.ndarray]:
    """Check one op on inputs of ``shapes``; returns the drawn inputs.

    Args:
        shapes: one shape per input (``()`` for a scalar tensor).
        axon_fn: the op, called with one Tensor per shape.
        numpy_fn: the reference, called with the same values as float64 arrays
            (None to skip the forward comparison).
        low, high: the range of the values (a number, or one per input).
        grad: also check the gradient of every input.
        tol: the largest relative error allowed between autodiff and finite
            differences (float64).
        rtol32: the tolerance of the float32 forward against the float64 reference.
    """
    arrays = draw(shapes, low, high, seed)
    originals = [a.copy() for a in arrays]
    out = axon_fn(*[axon.tensor(a) for a in arrays])
    if numpy_fn is not None:
        expected = np.asarray(numpy_fn(*arrays))
        assert out.shape == expected.shape, f"shape {out.shape}, NumPy gives {expected.shape}"
        assert out.dtype == np.float64, f"float64 inputs gave {out.dtype}"
        np.testing.assert_allclose(out.numpy(), expected, rtol=1e-12, atol=1e-12)
        out32 = axon_fn(*[axon.tensor(a.astype(np.float32)) for a in arrays])
        assert out32.dtype == np.float32, f"float32 inputs gave {out32.dtype}"
        np.testing.assert_allclose(out32.numpy(), expected, rtol=rtol32, atol=rtol32)
    if grad:
        error = gradient_check(axon_fn, arrays)
        assert error < tol, f"autodiff and finite differences differ: relative error {error:.2e}"
    for a, original in zip(arrays, originals):
        np.testing.assert_array_equal(a, original)  # the op must not write into its inputs
    return arrays
