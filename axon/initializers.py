"""``axon.initializers``: how weights start.

An initializer is called with a shape and returns an array of the active
backend. The variance-scaling family (Glorot, He, LeCun) picks its scale from
the fans of the weight: for a Dense kernel ``(in, out)`` the fans are ``in`` and
``out``; for a convolution kernel ``(kh, kw, in, out)`` both are multiplied by
the receptive field ``kh * kw``.
"""

from __future__ import annotations

import math

import numpy as np

from axon import backend as B

# std of a unit normal truncated to [-2, 2]; dividing by it keeps the variance.
_TRUNCATED_STD = 0.87962566103423978


def compute_fans(shape: tuple) -> tuple[float, float]:
    """``(fan_in, fan_out)`` of a weight of this shape, as Keras computes them."""
    shape = tuple(shape)
    if len(shape) == 0:
        return 1.0, 1.0
    if len(shape) == 1:
        return float(shape[0]), float(shape[0])
    receptive = math.prod(shape[:-2]) if len(shape) > 2 else 1
    return float(shape[-2] * receptive), float(shape[-1] * receptive)


class Initializer:
    """Base class: ``__call__(shape, dtype=None) -> array``."""

    seed: int | None = None

    def __call__(self, shape, dtype=None):  # pragma: no cover - abstract
        raise NotImplementedError

    def _rng(self):
        return B.rng() if self.seed is None else B.generator(self.seed)

    def get_config(self) -> dict:
        return {}

    @classmethod
    def from_config(cls, config: dict):
        return cls(**config)


def _dtype(dtype):
    return B.as_dtype(dtype or B.floatx())


class Zeros(Initializer):
    """All zeros (the default for biases)."""

    def __call__(self, shape, dtype=None):
        return B.xp.zeros(tuple(shape), dtype=_dtype(dtype))


class Ones(Initializer):
    """All ones (BatchNormalization's gamma)."""

    def __call__(self, shape, dtype=None):
        return B.xp.ones(tuple(shape), dtype=_dtype(dtype))


class Constant(Initializer):
    """Every entry set to ``value``."""

    def __init__(self, value: float = 0.0):
        self.value = value

    def __call__(self, shape, dtype=None):
        return B.xp.full(tuple(shape), self.value, dtype=_dtype(dtype))

    def get_config(self) -> dict:
        return {"value": self.value}


class RandomNormal(Initializer):
    """Normal samples with ``mean`` and ``stddev``."""

    def __init__(self, mean: float = 0.0, stddev: float = 0.05, seed: int | None = None):
        self.mean, self.stddev, self.seed = mean, stddev, seed

    def __call__(self, shape, dtype=None):
        return self._rng().normal(self.mean, self.stddev, tuple(shape)).astype(_dtype(dtype))

    def get_config(self) -> dict:
        return {"mean": self.mean, "stddev": self.stddev, "seed": self.seed}


class RandomUniform(Initializer):
    """Uniform samples on ``[minval, maxval)``."""

    def __init__(self, minval: float = -0.05, maxval: float = 0.05, seed: int | None = None):
        self.minval, self.maxval, self.seed = minval, maxval, seed

    def __call__(self, shape, dtype=None):
        return self._rng().uniform(self.minval, self.maxval, tuple(shape)).astype(_dtype(dtype))

    def get_config(self) -> dict:
        return {"minval": self.minval, "maxval": self.maxval, "seed": self.seed}


def _truncated_normal(rng, stddev: float, shape: tuple):
    """Normal samples redrawn until they lie within two standard deviations."""
    out = rng.normal(0.0, 1.0, shape)
    bad = np.abs(out) > 2
    while bad.any():
        out[bad] = rng.normal(0.0, 1.0, int(bad.sum()))
        bad = np.abs(out) > 2
    return out * stddev


class TruncatedNormal(Initializer):
    """Normal samples with ``mean`` and ``stddev``, redrawn beyond two stddevs."""

    def __init__(self, mean: float = 0.0, stddev: float = 0.05, seed: int | None = None):
        self.mean, self.stddev, self.seed = mean, stddev, seed

    def __call__(self, shape, dtype=None):
        return (self.mean + _truncated_normal(self._rng(), self.stddev, tuple(shape))).astype(_dtype(dtype))

    def get_config(self) -> dict:
        return {"mean": self.mean, "stddev": self.stddev, "seed": self.seed}


class VarianceScaling(Initializer):
    """Samples with variance ``scale / n``, ``n`` the fan in, fan out or their mean.

    ``distribution`` is ``'truncated_normal'``, ``'untruncated_normal'`` or ``'uniform'``.
    """

    def __init__(self, scale: float = 1.0, mode: str = "fan_in", distribution: str = "truncated_normal",
                 seed: int | None = None):
        if mode not in ("fan_in", "fan_out", "fan_avg"):
            raise ValueError(f"Invalid `mode` {mode!r}: use 'fan_in', 'fan_out' or 'fan_avg'.")
        if distribution not in ("truncated_normal", "untruncated_normal", "normal", "uniform"):
            raise ValueError(f"Invalid `distribution` {distribution!r}: use 'truncated_normal', "
                             "'untruncated_normal' or 'uniform'.")
        self.scale, self.mode, self.distribution, self.seed = scale, mode, distribution, seed

    def __call__(self, shape, dtype=None):
        shape = tuple(shape)
        fan_in, fan_out = compute_fans(shape)
        n = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2}[self.mode]
        variance = self.scale / max(1.0, n)
        rng = self._rng()
        if self.distribution in ("truncated_normal", "normal"):
            values = _truncated_normal(rng, math.sqrt(variance) / _TRUNCATED_STD, shape)
        elif self.distribution == "untruncated_normal":
            values = rng.normal(0.0, math.sqrt(variance), shape)
        else:
            limit = math.sqrt(3.0 * variance)
            values = rng.uniform(-limit, limit, shape)
        return values.astype(_dtype(dtype))

    def get_config(self) -> dict:
        return {"scale": self.scale, "mode": self.mode, "distribution": self.distribution, "seed": self.seed}


class GlorotUniform(VarianceScaling):
    """Xavier/Glorot uniform: limit ``sqrt(6 / (fan_in + fan_out))``. The Dense/Conv default."""

    def __init__(self, seed: int | None = None):
        super().__init__(1.0, "fan_avg", "uniform", seed)

    def get_config(self) -> dict:
        return {"seed": self.seed}


class GlorotNormal(VarianceScaling):
    """Xavier/Glorot normal: stddev ``sqrt(2 / (fan_in + fan_out))`` (truncated)."""

    def __init__(self, seed: int | None = None):
        super().__init__(1.0, "fan_avg", "truncated_normal", seed)

    def get_config(self) -> dict:
        return {"seed": self.seed}


class HeNormal(VarianceScaling):
    """He normal: stddev ``sqrt(2 / fan_in)`` (truncated), for ReLU networks."""

    def __init__(self, seed: int | None = None):
        super().__init__(2.0, "fan_in", "truncated_normal", seed)

    def get_config(self) -> dict:
        return {"seed": self.seed}


class HeUniform(VarianceScaling):
    """He uniform: limit ``sqrt(6 / fan_in)``."""

    def __init__(self, seed: int | None = None):
        super().__init__(2.0, "fan_in", "uniform", seed)

    def get_config(self) -> dict:
        return {"seed": self.seed}


class LecunNormal(VarianceScaling):
    """LeCun normal: stddev ``sqrt(1 / fan_in)`` (truncated)."""

    def __init__(self, seed: int | None = None):
        super().__init__(1.0, "fan_in", "truncated_normal", seed)

    def get_config(self) -> dict:
        return {"seed": self.seed}


class LecunUniform(VarianceScaling):
    """LeCun uniform: limit ``sqrt(3 / fan_in)``."""

    def __init__(self, seed: int | None = None):
        super().__init__(1.0, "fan_in", "uniform", seed)

    def get_config(self) -> dict:
        return {"seed": self.seed}


class Orthogonal(Initializer):
    """A random orthogonal matrix times ``gain`` (Keras's default for recurrent kernels).

    The QR decomposition of a normal matrix, with the signs of R's diagonal folded
    into Q so the draw is uniform over orthogonal matrices; shapes of rank > 2 are
    flattened to ``(prod(shape[:-1]), shape[-1])``.
    """

    def __init__(self, gain: float = 1.0, seed: int | None = None):
        self.gain, self.seed = gain, seed

    def __call__(self, shape, dtype=None):
        shape = tuple(shape)
        if len(shape) < 2:
            raise ValueError(f"The Orthogonal initializer needs a shape of rank >= 2. Received: shape={shape}")
        rows, cols = int(np.prod(shape[:-1])), shape[-1]
        a = self._rng().normal(0.0, 1.0, (max(rows, cols), min(rows, cols)))
        q, r = np.linalg.qr(a)
        q *= np.sign(np.diag(r))
        if rows < cols:
            q = q.T
        return B.xp.asarray((self.gain * q).reshape(shape), dtype=_dtype(dtype))

    def get_config(self) -> dict:
        return {"gain": self.gain, "seed": self.seed}


_INITIALIZERS = {
    "zeros": Zeros, "ones": Ones, "constant": Constant, "random_normal": RandomNormal,
    "random_uniform": RandomUniform, "truncated_normal": TruncatedNormal, "variance_scaling": VarianceScaling,
    "glorot_uniform": GlorotUniform, "glorot_normal": GlorotNormal, "he_normal": HeNormal,
    "he_uniform": HeUniform, "lecun_normal": LecunNormal, "lecun_uniform": LecunUniform,
    "xavier_uniform": GlorotUniform, "xavier_normal": GlorotNormal,
    "orthogonal": Orthogonal, "orthogonal_initializer": Orthogonal,
}
_BY_CLASS = {cls.__name__: cls for cls in _INITIALIZERS.values()}


def get(identifier) -> Initializer:
    """Resolve an initializer from a name (``'he_normal'`` or ``'HeNormal'``), a
    config dict, an instance or a callable ``(shape, dtype) -> array``."""
    if isinstance(identifier, Initializer) or (callable(identifier) and not isinstance(identifier, type)):
        return identifier
    if isinstance(identifier, type) and issubclass(identifier, Initializer):
        return identifier()
    if isinstance(identifier, str):
        cls = _INITIALIZERS.get(identifier.lower()) or _BY_CLASS.get(identifier)
        if cls is None:
            raise ValueError(
                f"Unknown initializer {identifier!r}. Valid names: {', '.join(sorted(_INITIALIZERS))}."
            )
        return cls()
    if isinstance(identifier, dict):
        return get(identifier["class_name"]).from_config(identifier.get("config", {}))
    raise TypeError(f"Could not interpret initializer {identifier!r}.")


def serialize(initializer) -> dict:
    """A JSON-able description of an initializer (for ``get_config``)."""
    return {"class_name": type(initializer).__name__, "config": initializer.get_config()}


# Keras's lowercase aliases
zeros, ones, constant = Zeros, Ones, Constant
glorot_uniform, glorot_normal, he_normal, he_uniform = GlorotUniform, GlorotNormal, HeNormal, HeUniform
lecun_normal, lecun_uniform, random_normal, random_uniform = LecunNormal, LecunUniform, RandomNormal, RandomUniform
orthogonal = OrthogonalInitializer = Orthogonal

from axon import missing as _missing  # noqa: E402  (the hook for names axon lacks)

__getattr__ = _missing.module_getattr(__name__)
