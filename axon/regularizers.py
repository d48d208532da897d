"""``axon.regularizers``: L1 and L2 weight penalties.

A layer built with ``kernel_regularizer=L2(0.01)`` reports ``0.01 * sum(w**2)``
in ``layer.losses``; ``fit`` adds those penalties to the training loss, so their
gradient (``2 * 0.01 * w``) shrinks the weights.
"""

from __future__ import annotations

from axon import ops
from axon.autograd.tensor import Tensor


class Regularizer:
    """Base class: ``__call__(weight) -> scalar penalty Tensor``."""

    def __call__(self, x) -> Tensor:  # pragma: no cover - abstract
        raise NotImplementedError

    def get_config(self) -> dict:
        return {}

    @classmethod
    def from_config(cls, config: dict):
        return cls(**config)


class L1L2(Regularizer):
    """``l1 * sum(|w|) + l2 * sum(w**2)``."""

    def __init__(self, l1: float = 0.0, l2: float = 0.0):
        for key, value in (("l1", l1), ("l2", l2)):
            if not isinstance(value, (int, float)) or value < 0:
                raise ValueError(f"`{key}` must be a non-negative number. Received: {key}={value!r}")
        self.l1, self.l2 = float(l1), float(l2)

    def __call__(self, x) -> Tensor:
        penalty = None
        if self.l1:
            penalty = self.l1 * ops.reduce_sum(ops.abs(x))
        if self.l2:
            term = self.l2 * ops.reduce_sum(ops.square(x))
            penalty = term if penalty is None else penalty + term
        return penalty if penalty is not None else ops.reduce_sum(x * 0.0)

    def get_config(self) -> dict:
        return {"l1": self.l1, "l2": self.l2}


class L1(L1L2):
    """``l1 * sum(|w|)``: drives weights to exactly zero (sparse models)."""

    def __init__(self, l1: float = 0.01):
        super().__init__(l1=l1)

    def get_config(self) -> dict:
        return {"l1": self.l1}


class L2(L1L2):
    """``l2 * sum(w**2)``, weight decay: keeps weights small."""

    def __init__(self, l2: float = 0.01):
        super().__init__(l2=l2)

    def get_config(self) -> dict:
        return {"l2": self.l2}


def l1_l2(l1: float = 0.01, l2: float = 0.01) -> L1L2:
    """An ``L1L2`` regularizer (Keras's functional spelling)."""
    return L1L2(l1=l1, l2=l2)


l1 = L1
l2 = L2

_REGULARIZERS = {"l1": L1, "l2": L2, "l1_l2": L1L2, "l1l2": L1L2}


def get(identifier):
    """Resolve a regularizer from ``None``, a name, a config dict or an instance."""
    if identifier is None or isinstance(identifier, Regularizer):
        return identifier
    if isinstance(identifier, str):
        try:
            return _REGULARIZERS[identifier.lower()]()
        except KeyError:
            raise ValueError(
                f"Unknown regularizer {identifier!r}. Valid names: {', '.join(sorted(_REGULARIZERS))}."
            ) from None
    if isinstance(identifier, dict):
        return _REGULARIZERS[identifier["class_name"].lower()].from_config(identifier.get("config", {}))
    if callable(identifier):
        return identifier
    raise TypeError(f"Could not interpret regularizer {identifier!r}.")


def serialize(regularizer) -> dict | None:
    """A JSON-able description of a regularizer (for ``get_config``)."""
    if regularizer is None:
        return None
    return {"class_name": type(regularizer).__name__, "config": regularizer.get_config()}
