"""``axon.constraints``: projections applied to a weight after each optimizer update.

A layer built with ``kernel_constraint=MaxNorm(3)`` gives its kernel that
constraint; after every ``Optimizer.apply`` the optimizer replaces the weight
by ``constraint(weight)``, as Keras does. The formulas are Keras 3's, with its
``epsilon = 1e-7`` guarding the division by a norm.

Example:
    >>> layer = axon.layers.Dense(64, kernel_constraint=axon.constraints.MaxNorm(2.0))
"""

from __future__ import annotations

import numbers

from axon import backend as B
from axon.autograd.tensor import Tensor

_EPSILON = 1e-7


def _raw(w):
    return w.data if isinstance(w, Tensor) else B.xp.asarray(w)


def _like(w, values):
    """``values`` as a Tensor when ``w`` was one, else as an array."""
    return Tensor._wrap(values) if isinstance(w, Tensor) else values


def _norms(w, axis):
    return B.xp.sqrt(B.xp.sum(w * w, axis=axis, keepdims=True))


def _axis(axis):
    if isinstance(axis, (list, tuple)):
        if not all(isinstance(a, int) and not isinstance(a, bool) for a in axis):
            raise ValueError(f"`axis` must be an int or a list of ints. Received: axis={axis!r}")
        return tuple(axis) if len(axis) != 1 else axis[0]
    if not isinstance(axis, int) or isinstance(axis, bool):
        raise ValueError(f"`axis` must be an int or a list of ints. Received: axis={axis!r}")
    return axis


def _number(name: str, value, low: float = 0.0) -> float:
    if not isinstance(value, numbers.Real) or isinstance(value, bool) or not value >= low:
        raise ValueError(f"`{name}` must be a number >= {low:g}. Received: {name}={value!r}")
    return float(value)


class Constraint:
    """Base class: ``__call__(w)`` returns the projected weight (same shape).

    Subclass it (or pass any callable) for a constraint of your own; it is called
    with the weight ``Variable`` after each update and its result is assigned back.
    """

    def __call__(self, w):
        return w

    def get_config(self) -> dict:
        """The constructor arguments, JSON-able."""
        return {}

    @classmethod
    def from_config(cls, config: dict):
        """Create the constraint from ``get_config()``'s dict."""
        return cls(**config)


class MaxNorm(Constraint):
    """Rescale each slice along ``axis`` whose L2 norm exceeds ``max_value`` back to it.

    ``w * clip(norm, 0, max_value) / (epsilon + norm)`` with ``norm`` taken over
    ``axis`` (0: each output unit's incoming weights of a Dense kernel; use
    ``[0, 1, 2]`` for a Conv2D kernel ``(kh, kw, C, F)``).

    Example:
        >>> axon.constraints.MaxNorm(1.0)(np.array([[3.0], [4.0]]))   # norm 5 -> 1
        array([[0.6], [0.8]])
    """

    def __init__(self, max_value: float = 2, axis=0):
        self.max_value = _number("max_value", max_value)
        self.axis = _axis(axis)

    def __call__(self, w):
        x = _raw(w)
        norms = _norms(x, self.axis)
        return _like(w, x * (B.xp.clip(norms, 0, self.max_value) / (_EPSILON + norms)))

    def get_config(self) -> dict:
        return {"max_value": self.max_value, "axis": self.axis}


class NonNeg(Constraint):
    """Set negative weights to zero: ``w * (w >= 0)``."""

    def __call__(self, w):
        x = _raw(w)
        return _like(w, x * (x >= 0).astype(x.dtype))


class UnitNorm(Constraint):
    """Divide each slice along ``axis`` by its L2 norm: ``w / (epsilon + norm)``."""

    def __init__(self, axis=0):
        self.axis = _axis(axis)

    def __call__(self, w):
        x = _raw(w)
        return _like(w, x / (_EPSILON + _norms(x, self.axis)))

    def get_config(self) -> dict:
        return {"axis": self.axis}


class MinMaxNorm(Constraint):
    """Keep each slice's L2 norm along ``axis`` between ``min_value`` and ``max_value``.

    ``desired = rate * clip(norm, min_value, max_value) + (1 - rate) * norm`` and
    ``w * desired / (epsilon + norm)``: ``rate=1`` enforces the bounds strictly,
    a smaller rate moves the norm part of the way each step.
    """

    def __init__(self, min_value: float = 0.0, max_value: float = 1.0, rate: float = 1.0, axis=0):
        self.min_value = _number("min_value", min_value)
        self.max_value = _number("max_value", max_value, self.min_value)
        self.rate = _number("rate", rate)
        self.axis = _axis(axis)

    def __call__(self, w):
        x = _raw(w)
        norms = _norms(x, self.axis)
        desired = self.rate * B.xp.clip(norms, self.min_value, self.max_value) + (1 - self.rate) * norms
        return _like(w, x * (desired / (_EPSILON + norms)))

    def get_config(self) -> dict:
        return {"min_value": self.min_value, "max_value": self.max_value, "rate": self.rate, "axis": self.axis}


# Keras's lowercase aliases.
max_norm, non_neg, unit_norm, min_max_norm = MaxNorm, NonNeg, UnitNorm, MinMaxNorm

_CONSTRAINTS = {"max_norm": MaxNorm, "maxnorm": MaxNorm, "non_neg": NonNeg, "nonneg": NonNeg,
                "unit_norm": UnitNorm, "unitnorm": UnitNorm, "min_max_norm": MinMaxNorm, "minmaxnorm": MinMaxNorm}


def _lookup(name: str):
    try:
        return _CONSTRAINTS[name.lower()]
    except KeyError:
        raise ValueError(f"Unknown constraint {name!r}. Valid names: 'max_norm', 'non_neg', 'unit_norm', "
                         "'min_max_norm' (or the class names, e.g. 'MaxNorm').") from None


def get(identifier):
    """Resolve a constraint from ``None``, a name (``'max_norm'``, ``'NonNeg'``), a
    ``serialize()`` dict, an instance or a callable.

    Raises:
        ValueError: for an unknown name, listing the valid ones.
    """
    if identifier is None or isinstance(identifier, Constraint):
        return identifier
    if isinstance(identifier, str):
        return _lookup(identifier)()
    if isinstance(identifier, dict) and "class_name" in identifier:
        return _lookup(identifier["class_name"]).from_config(identifier.get("config", {}))
    if callable(identifier):
        return identifier
    raise TypeError(f"Could not interpret constraint {identifier!r}: give a name, a Constraint or a callable.")


def for_weight(layer: str, argument: str, constraint, has_weight: bool, why: str):
    """Resolve ``constraint`` for a weight, refusing it when the layer has no such weight.

    Raises:
        ValueError: naming the layer and the argument, when a constraint is given
            for a weight that ``why`` says the layer does not create.
    """
    constraint = get(constraint)
    if constraint is not None and not has_weight:
        raise ValueError(f"Layer '{layer}': `{argument}` was given, but the layer has no weight to constrain "
                         f"({why}). Remove `{argument}`, or create the weight.")
    return constraint


def serialize(constraint) -> dict | None:
    """A JSON-able description of a constraint (for ``get_config``)."""
    if constraint is None:
        return None
    return {"class_name": type(constraint).__name__, "config": constraint.get_config()} \
        if isinstance(constraint, Constraint) else getattr(constraint, "__name__", str(constraint))


__all__ = ["Constraint", "MaxNorm", "MinMaxNorm", "NonNeg", "UnitNorm", "get", "max_norm", "min_max_norm",
           "non_neg", "serialize", "unit_norm", "for_weight"]
