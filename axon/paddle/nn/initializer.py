"""``paddle.nn.initializer``: how new parameters are filled.

Each initializer is called with a shape and a dtype and returns an array drawn
from the generator ``paddle.seed`` seeds. Fans follow Paddle's layouts: a
``Linear`` weight ``(in, out)`` has ``fan_in = in``; a convolution weight
``(out, in, kh, kw)`` has ``fan_in = in * kh * kw`` and ``fan_out = out * kh * kw``.
"""

from __future__ import annotations

import math

import numpy as np

from axon import backend as B


def compute_fans(shape) -> tuple[int, int]:
    """``(fan_in, fan_out)`` of a parameter of ``shape`` in Paddle's layouts."""
    shape = tuple(shape)
    if not shape:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    if len(shape) == 2:
        return shape[0], shape[1]
    receptive = int(np.prod(shape[2:]))
    return shape[1] * receptive, shape[0] * receptive


def calculate_gain(nonlinearity: str, param=None) -> float:
    """The recommended gain for a nonlinearity (``'relu'``: sqrt(2), ``'tanh'``: 5/3, ...)."""
    gains = {"sigmoid": 1.0, "linear": 1.0, "conv1d": 1.0, "conv2d": 1.0, "conv3d": 1.0, "conv1d_transpose": 1.0,
             "conv2d_transpose": 1.0, "conv3d_transpose": 1.0, "tanh": 5.0 / 3, "relu": math.sqrt(2.0),
             "selu": 3.0 / 4}
    if nonlinearity == "leaky_relu":
        slope = 0.01 if param is None else float(param)
        return math.sqrt(2.0 / (1 + slope ** 2))
    if nonlinearity not in gains:
        raise ValueError(f"calculate_gain: unknown nonlinearity {nonlinearity!r}. Valid: "
                         f"{sorted(gains) + ['leaky_relu']}")
    return gains[nonlinearity]


class Initializer:
    """Base class: ``init(shape, dtype)`` returns a new array."""

    def __call__(self, shape, dtype="float32"):
        return B.xp.asarray(self._draw(tuple(int(s) for s in shape)), dtype=B.as_dtype(dtype))

    def _draw(self, shape):  # pragma: no cover - abstract
        raise NotImplementedError

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in vars(self).items())
        return f"{type(self).__name__}({args})"


class Constant(Initializer):
    """Every element ``value``."""

    def __init__(self, value: float = 0.0):
        self.value = float(value)

    def _draw(self, shape):
        return np.full(shape, self.value)


class Normal(Initializer):
    """Samples of N(mean, std**2)."""

    def __init__(self, mean: float = 0.0, std: float = 1.0, name=None):
        self.mean, self.std = float(mean), float(std)

    def _draw(self, shape):
        return B.rng().normal(self.mean, self.std, shape)


class TruncatedNormal(Initializer):
    """Samples of N(mean, std**2) redrawn until inside ``[a, b]`` (default mean -+ 2 std)."""

    def __init__(self, mean: float = 0.0, std: float = 1.0, a: float = -2.0, b: float = 2.0, name=None):
        self.mean, self.std, self.a, self.b = float(mean), float(std), float(a), float(b)

    def _draw(self, shape):
        out = B.rng().normal(self.mean, self.std, shape)
        lo, hi = self.mean + self.a * self.std, self.mean + self.b * self.std
        bad = (out < lo) | (out > hi)
        while bad.any():
            out[bad] = B.rng().normal(self.mean, self.std, int(bad.sum()))
            bad = (out < lo) | (out > hi)
        return out


class Uniform(Initializer):
    """Samples of U(low, high)."""

    def __init__(self, low: float = -1.0, high: float = 1.0, name=None):
        self.low, self.high = float(low), float(high)

    def _draw(self, shape):
        return B.rng().uniform(self.low, self.high, shape)


class XavierUniform(Initializer):
    """Glorot uniform: U(-limit, limit), ``limit = gain * sqrt(6 / (fan_in + fan_out))`` (Paddle's default
    for weights)."""

    def __init__(self, fan_in=None, fan_out=None, gain: float = 1.0, name=None):
        self.fan_in, self.fan_out, self.gain = fan_in, fan_out, float(gain)

    def _draw(self, shape):
        fi, fo = compute_fans(shape)
        fi, fo = self.fan_in or fi, self.fan_out or fo
        limit = self.gain * math.sqrt(6.0 / (fi + fo))
        return B.rng().uniform(-limit, limit, shape)


class XavierNormal(Initializer):
    """Glorot normal: N(0, std**2), ``std = gain * sqrt(2 / (fan_in + fan_out))``."""

    def __init__(self, fan_in=None, fan_out=None, gain: float = 1.0, name=None):
        self.fan_in, self.fan_out, self.gain = fan_in, fan_out, float(gain)

    def _draw(self, shape):
        fi, fo = compute_fans(shape)
        fi, fo = self.fan_in or fi, self.fan_out or fo
        return B.rng().normal(0.0, self.gain * math.sqrt(2.0 / (fi + fo)), shape)


class KaimingNormal(Initializer):
    """He normal: N(0, std**2), ``std = gain / sqrt(fan_in)`` (gain sqrt(2) for ReLU)."""

    def __init__(self, fan_in=None, negative_slope: float = 0.0, nonlinearity: str = "relu"):
        self.fan_in, self.negative_slope, self.nonlinearity = fan_in, negative_slope, nonlinearity

    def _draw(self, shape):
        fi = self.fan_in or compute_fans(shape)[0]
        gain = calculate_gain(self.nonlinearity, self.negative_slope)
        return B.rng().normal(0.0, gain / math.sqrt(fi), shape)


class KaimingUniform(Initializer):
    """He uniform: U(-limit, limit), ``limit = gain * sqrt(3 / fan_in)``."""

    def __init__(self, fan_in=None, negative_slope: float = 0.0, nonlinearity: str = "relu"):
        self.fan_in, self.negative_slope, self.nonlinearity = fan_in, negative_slope, nonlinearity

    def _draw(self, shape):
        fi = self.fan_in or compute_fans(shape)[0]
        limit = calculate_gain(self.nonlinearity, self.negative_slope) * math.sqrt(3.0 / fi)
        return B.rng().uniform(-limit, limit, shape)


class Assign(Initializer):
    """The given values (an array, a list or a Tensor) of the parameter's shape."""

    def __init__(self, value, name=None):
        self.value = np.asarray(value)

    def _draw(self, shape):
        if tuple(self.value.shape) != tuple(shape):
            raise ValueError(f"Assign initializer: the value has shape {list(self.value.shape)} but the parameter "
                             f"has shape {list(shape)}.")
        return self.value


class Orthogonal(Initializer):
    """A (semi-)orthogonal matrix times ``gain`` (rows flattened over the trailing axes)."""

    def __init__(self, gain: float = 1.0, name=None):
        self.gain = float(gain)

    def _draw(self, shape):
        rows, cols = shape[0], int(np.prod(shape[1:]))
        q, r = np.linalg.qr(B.rng().normal(0.0, 1.0, (max(rows, cols), min(rows, cols))))
        q *= np.sign(np.diag(r))
        q = q if rows >= cols else q.T
        return self.gain * q[:rows, :cols].reshape(shape)


# Paddle 1.x / fluid spellings still used in course notes.
XavierInitializer = XavierUniform
MSRAInitializer = KaimingNormal
NormalInitializer = Normal
ConstantInitializer = Constant
UniformInitializer = Uniform
