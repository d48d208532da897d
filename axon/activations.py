"""``axon.activations``: the activation functions Keras names, and ``get``.

Each takes a Tensor and returns a Tensor; the math (and its gradient) lives in
``axon/ops/activation.py``.
"""

from __future__ import annotations

from axon import ops
from axon.autograd.tensor import Tensor
from axon.ops.broadcast import as_tensor


def linear(x) -> Tensor:
    """The identity, ``f(x) = x``."""
    return as_tensor(x)


def sigmoid(x) -> Tensor:
    """``1 / (1 + e^-x)``, squashing to (0, 1)."""
    return ops.sigmoid(x)


def tanh(x) -> Tensor:
    """Hyperbolic tangent, squashing to (-1, 1)."""
    return ops.tanh(x)


def relu(x, negative_slope: float = 0.0, max_value: float | None = None, threshold: float = 0.0) -> Tensor:
    """``max(x, 0)``; with ``negative_slope``, ``max_value`` or ``threshold`` the
    general Keras form ``x if x >= threshold else negative_slope * (x - threshold)``, capped at max_value."""
    if negative_slope == 0.0 and max_value is None and threshold == 0.0:
        return ops.relu(x)
    x = as_tensor(x)
    out = ops.where(x >= threshold, x, negative_slope * (x - threshold)) if threshold else (
        ops.leaky_relu(x, negative_slope) if negative_slope else ops.relu(x))
    if max_value is not None:
        out = ops.minimum(out, max_value)
    return out


def leaky_relu(x, negative_slope: float = 0.2) -> Tensor:
    """``x`` for x > 0, else ``negative_slope * x``."""
    return ops.leaky_relu(x, negative_slope)


def elu(x, alpha: float = 1.0) -> Tensor:
    """``x`` for x > 0, else ``alpha * (e^x - 1)``."""
    return ops.elu(x, alpha)


def softmax(x, axis: int = -1) -> Tensor:
    """``e^x / sum(e^x)`` along ``axis``: a probability row per sample."""
    return ops.softmax(x, axis)


def sign(x) -> Tensor:
    """(axon) -1, 0 or 1 by the sign of ``x`` (the perceptron's step); no gradient."""
    return ops.sign(x)


def softplus(x) -> Tensor:
    """``log(1 + e^x)``, computed without overflow."""
    x = as_tensor(x)
    return ops.relu(x) + ops.log(1 + ops.exp(-ops.abs(x)))


def exponential(x) -> Tensor:
    """``e^x``."""
    return ops.exp(x)


_ACTIVATIONS = {
    "linear": linear, "sigmoid": sigmoid, "tanh": tanh, "relu": relu, "leaky_relu": leaky_relu,
    "elu": elu, "softmax": softmax, "sign": sign, "softplus": softplus, "exponential": exponential,
}


def get(identifier):
    """Resolve an activation from a name, a callable or ``None`` (linear).

    Raises:
        ValueError: for an unknown name, listing the valid ones.
    """
    if identifier is None:
        return linear
    if isinstance(identifier, str):
        try:
            return _ACTIVATIONS[identifier.lower()]
        except KeyError:
            raise ValueError(
                f"Unknown activation {identifier!r}. Valid names: {', '.join(sorted(_ACTIVATIONS))}."
            ) from None
    if isinstance(identifier, dict) and "class_name" in identifier:
        return get(identifier["class_name"])
    if callable(identifier):
        return identifier
    raise TypeError(f"Could not interpret activation {identifier!r}: give a name or a callable.")


def serialize(activation) -> str:
    """The name of an activation (for ``get_config``)."""
    for name, fn in _ACTIVATIONS.items():
        if fn is activation:
            return name
    return getattr(activation, "__name__", str(activation))
