"""Inverted dropout as one op: ``dropout(x, rate)`` zeroes random entries and
scales the kept ones by ``1 / (1 - rate)``; its backward reuses the same mask."""

from __future__ import annotations

import numpy as np

from axon import backend as B
from axon.autograd.op import Op
from axon.autograd.tensor import Tensor
from axon.ops.broadcast import as_tensor


class Dropout(Op):
    """``y = x * mask`` with a precomputed mask (0 or ``1 / (1 - rate)``); ``dx = dy * mask``."""

    def forward(self, x, mask):
        self.mask = mask
        return x * mask

    def backward(self, grad):
        return grad * self.mask

    def backward_graph(self, grad):
        return grad * Tensor._wrap(self.mask)


def check_rate(rate) -> float:
    """``rate`` as a float, or a ValueError unless it lies in [0, 1)."""
    try:
        value = float(rate)
    except (TypeError, ValueError):
        value = None
    if value is None or not 0.0 <= value < 1.0:
        raise ValueError(f"`rate` must be a float in [0, 1) (the fraction of units to drop). Received: rate={rate!r}")
    return value


def resolve_noise_shape(noise_shape, shape: tuple) -> tuple:
    """The mask shape: ``noise_shape`` with its ``None`` entries taken from ``shape``.

    An axis of size 1 shares one random draw along it (e.g. ``(None, 1, 1, None)``
    drops whole feature maps of an NHWC batch).
    """
    if noise_shape is None:
        return tuple(shape)
    noise_shape = tuple(noise_shape)
    if len(noise_shape) != len(shape):
        raise ValueError(f"`noise_shape` must have the rank of the input ({len(shape)}). "
                         f"Received: noise_shape={noise_shape} for an input of shape {tuple(shape)}.")
    out = tuple(n if d is None else int(d) for d, n in zip(noise_shape, shape))
    if any(d not in (1, n) for d, n in zip(out, shape)):
        raise ValueError(f"`noise_shape` must broadcast to the input shape: each entry equal to the input's "
                         f"size, 1 or None. Received: noise_shape={noise_shape} for an input of shape "
                         f"{tuple(shape)}.")
    return out


def keep_mask(shape: tuple, rate: float, dtype, generator=None):
    """A mask of ``shape``: ``1 / (1 - rate)`` with probability ``1 - rate``, else 0.

    Drawn from ``generator`` (default: the backend's seeded ``B.rng()``), built in
    the buffer of the uniform draw so it costs a single allocation.
    """
    gen = B.rng() if generator is None else generator
    dt = np.dtype(dtype)
    u = gen.random(shape, dtype=dt if dt in (np.float32, np.float64) else np.float32)
    np.greater_equal(u, rate, out=u)  # the comparison's True/False land in u as 1.0/0.0
    u *= 1.0 / (1.0 - rate)
    return u.astype(dt, copy=False)


def _generator(seed):
    if seed is None:
        return None
    if isinstance(seed, (int, np.integer)):
        return B.generator(int(seed))
    return seed  # already a Generator (a layer's own seeded stream)


def dropout(x, rate, noise_shape=None, seed=None, name=None) -> Tensor:
    """Inverted dropout, as ``tf.nn.dropout``: each entry is zeroed with
    probability ``rate`` and the kept ones are scaled so the expected sum is unchanged.

    ``y = x * m / (1 - rate)``, ``m ~ Bernoulli(1 - rate)``; the gradient is
    ``dy * m / (1 - rate)``.

    Args:
        x: a float tensor.
        rate: the fraction of entries to drop, in [0, 1).
        noise_shape: the shape of the random mask (broadcast to ``x``); None entries
            take the input's size.
        seed: an int makes the mask a fixed function of the seed; None draws from
            the generator ``axon.random.set_seed`` seeds.

    Example:
        >>> axon.random.set_seed(0)
        >>> y = axon.nn.dropout(axon.ones((2, 4)), rate=0.5)   # entries are 0.0 or 2.0
    """
    t = as_tensor(x)
    rate = check_rate(rate)
    if t.dtype.kind != "f":
        raise TypeError(f"dropout: `x` must be a float tensor. Received dtype={t.dtype}.")
    if rate == 0.0:
        return t
    mask = keep_mask(resolve_noise_shape(noise_shape, t.shape), rate, t.dtype, _generator(seed))
    return Dropout.apply(t, mask=mask)
