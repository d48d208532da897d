"""``axon.random``: seeding and random tensors, all from the calling thread's generator."""

from __future__ import annotations

from axon import backend as B
from axon import missing
from axon.autograd.tensor import Tensor
from axon.ops.creation import _shape


def set_seed(seed: int | None) -> None:
    """Seed every random choice axon makes in this thread: initializers, dropout, shuffling.

    Each thread has its own generator; threads that start drawing later derive
    theirs from this seed and their thread name (``axon.backend.rng``).

    Example:
        >>> axon.random.set_seed(0)   # two runs now give the same model
    """
    B.set_seed(seed)


def _generator(seed):
    return B.rng() if seed is None else B.generator(seed)


def normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None) -> Tensor:
    """Samples from a normal distribution."""
    dt = B.as_dtype(dtype or B.floatx())
    return Tensor._wrap(_generator(seed).normal(mean, stddev, _shape(shape)).astype(dt))


def uniform(shape, minval=0.0, maxval=None, dtype=None, seed=None) -> Tensor:
    """Samples from a uniform distribution on ``[minval, maxval)`` (maxval 1 for floats)."""
    dt = B.as_dtype(dtype or B.floatx())
    gen = _generator(seed)
    if dt.kind in "iu":
        if maxval is None:
            raise ValueError("uniform: integer dtypes need maxval.")
        return Tensor._wrap(gen.integers(int(minval), int(maxval), _shape(shape)).astype(dt))
    hi = 1.0 if maxval is None else maxval
    return Tensor._wrap(gen.uniform(minval, hi, _shape(shape)).astype(dt))

__getattr__ = missing.module_getattr(__name__)
