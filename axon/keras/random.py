"""``keras.random``: random tensors with Keras 3's signatures and seeds.

``seed`` is None (axon's global generator, seeded by ``keras.utils.set_random_seed``),
an int (the same numbers on every call, as Keras's stateless seeds give), or a
``SeedGenerator`` (a new, reproducible draw on every call).
"""

from __future__ import annotations

import numpy as np

from axon import backend as B
from axon import missing
from axon import random as _random
from axon.autograd.tensor import Tensor
from axon.ops.broadcast import as_tensor, normalize_axis
from axon.ops.creation import _shape
from axon.ops.dropout import dropout as _dropout
from axon.ops.indexing import gather


class SeedGenerator:
    """A seeded stream of seeds: each random call given it draws fresh, reproducible numbers.

    Example:
        >>> gen = keras.random.SeedGenerator(seed=42)
        >>> a = keras.random.normal((2,), seed=gen)   # differs from the next call,
        >>> b = keras.random.normal((2,), seed=gen)   # but the same in every run
    """

    def __init__(self, seed=None, name: str | None = None, **kwargs):
        if kwargs:
            raise TypeError(f"SeedGenerator: unexpected arguments {sorted(kwargs)}.")
        if seed is not None and not isinstance(seed, (int, np.integer)):
            raise TypeError(f"SeedGenerator: seed must be an int or None. Received seed={seed!r}.")
        self.seed = seed
        self.name = name
        self._stream = np.random.default_rng(seed)

    def next(self) -> int:
        """The next seed of the stream."""
        return int(self._stream.integers(0, 2**31 - 1))


def _generator(seed):
    if isinstance(seed, SeedGenerator):
        return B.generator(seed.next())
    if seed is None:
        return B.rng()
    if isinstance(seed, (int, np.integer)):
        return B.generator(int(seed))
    raise TypeError(f"seed must be None, an int or a keras.random.SeedGenerator. Received seed={seed!r}.")


def _float(dtype):
    dt = B.as_dtype(dtype or B.floatx())
    if dt.kind != "f":
        raise ValueError(f"dtype must be a float type. Received dtype={dtype!r}.")
    return dt


def normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None) -> Tensor:
    """Samples from the normal distribution ``N(mean, stddev^2)``."""
    return Tensor._wrap(_generator(seed).normal(mean, stddev, _shape(shape)).astype(_float(dtype)))


def uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None) -> Tensor:
    """Samples from the uniform distribution on ``[minval, maxval)``."""
    return Tensor._wrap(_generator(seed).uniform(minval, maxval, _shape(shape)).astype(_float(dtype)))


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None) -> Tensor:
    """Normal samples redrawn until within two standard deviations of the mean."""
    gen_seed = seed.next() if isinstance(seed, SeedGenerator) else seed
    return _random.truncated_normal(shape, mean, stddev, dtype=_float(dtype), seed=gen_seed)


def randint(shape, minval, maxval, dtype="int32", seed=None) -> Tensor:
    """Integers drawn uniformly from ``[minval, maxval)``."""
    dt = B.as_dtype(dtype)
    if dt.kind not in "iu":
        raise ValueError(f"randint: dtype must be an integer type. Received dtype={dtype!r}.")
    return Tensor._wrap(_generator(seed).integers(int(minval), int(maxval), _shape(shape)).astype(dt))


def shuffle(x, axis: int = 0, seed=None) -> Tensor:
    """``x`` with its entries along ``axis`` randomly permuted (differentiable)."""
    t = as_tensor(x)
    ax = normalize_axis(axis, t.ndim)[0]
    order = _generator(seed).permutation(t.shape[ax])
    return gather(t, B.xp.asarray(order), axis=ax)


def categorical(logits, num_samples: int, dtype="int32", seed=None) -> Tensor:
    """Class indices drawn from the softmax of each row of ``logits`` (``(batch, classes)``)."""
    gen_seed = seed.next() if isinstance(seed, SeedGenerator) else seed
    return _random.categorical(logits, num_samples, dtype=dtype, seed=gen_seed)


def dropout(inputs, rate, noise_shape=None, seed=None) -> Tensor:
    """``inputs`` with each entry zeroed with probability ``rate`` and the rest scaled by ``1 / (1 - rate)``."""
    return _dropout(inputs, rate, noise_shape=noise_shape, seed=_generator(seed) if seed is not None else None)


__all__ = ["SeedGenerator", "categorical", "dropout", "normal", "randint", "shuffle", "truncated_normal", "uniform"]

__getattr__ = missing.module_getattr(__name__)
