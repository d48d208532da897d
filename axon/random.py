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


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None) -> Tensor:
    """Normal samples redrawn until they lie within two standard deviations of the mean."""
    dt = B.as_dtype(dtype or B.floatx())
    gen = _generator(seed)
    values = gen.standard_normal(_shape(shape))
    outside = B.xp.abs(values) > 2
    while outside.any():  # each round redraws about 5% of what is left
        values[outside] = gen.standard_normal(int(outside.sum()))
        outside = B.xp.abs(values) > 2
    return Tensor._wrap((values * stddev + mean).astype(dt))


def shuffle(value, seed=None, name=None) -> Tensor:
    """``value`` with its first axis randomly permuted (``tf.random.shuffle``)."""
    from axon.ops.broadcast import as_tensor

    t = as_tensor(value)
    if t.ndim == 0:
        raise ValueError("shuffle: value must have at least one axis.")
    order = _generator(seed).permutation(t.shape[0])
    from axon.ops.indexing import gather

    return gather(t, B.xp.asarray(order), axis=0)


def categorical(logits, num_samples: int, dtype="int64", seed=None, name=None) -> Tensor:
    """Class indices drawn from the softmax of each row of ``logits`` (``tf.random.categorical``).

    ``logits`` is ``(batch, classes)``; the result is ``(batch, num_samples)``.
    Drawn by the Gumbel-max trick: ``argmax(logits + Gumbel noise)``.
    """
    from axon.ops.broadcast import as_tensor

    z = as_tensor(logits).data
    if z.ndim != 2:
        raise ValueError(f"categorical: logits must be (batch, classes). Received shape {z.shape}.")
    dt = B.as_dtype(dtype)
    if dt.kind not in "iu":
        raise TypeError(f"categorical: dtype must be an integer type. Received dtype={dtype!r}.")
    u = _generator(seed).uniform(size=(z.shape[0], int(num_samples), z.shape[1]))
    gumbel = -B.xp.log(-B.xp.log(B.xp.maximum(u, 1e-300)))
    return Tensor._wrap((z[:, None, :] + gumbel).argmax(axis=-1).astype(dt))


__getattr__ = missing.module_getattr(__name__)
