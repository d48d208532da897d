"""``axon.activations``: the activation functions Keras names, and ``get``.

Each takes a Tensor and returns a Tensor; the math (and its gradient) lives in
``axon/ops/activation.py``.
"""

from __future__ import annotations

from axon import object_registration, ops
from axon.autograd.tensor import Tensor
from axon.ops import hard_activation, smooth_activation
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
    return smooth_activation.softplus(x)


def exponential(x) -> Tensor:
    """``e^x``."""
    return ops.exp(x)


def relu6(x) -> Tensor:
    """``min(max(x, 0), 6)``."""
    return hard_activation.relu6(x)


def selu(x) -> Tensor:
    """Scaled ELU: ``scale * x`` for x > 0, else ``scale * alpha * (e^x - 1)``, with
    ``alpha ~ 1.67326`` and ``scale ~ 1.05070`` (self-normalising networks; use
    ``lecun_normal`` initialisation)."""
    return smooth_activation.selu(x)


def softsign(x) -> Tensor:
    """``x / (1 + |x|)``."""
    return smooth_activation.softsign(x)


def silu(x) -> Tensor:
    """``x * sigmoid(x)``, also called swish."""
    return smooth_activation.silu(x)


def gelu(x, approximate: bool = False) -> Tensor:
    """The Gaussian error linear unit ``x * Phi(x)`` (``Phi`` the standard normal CDF,
    through ``erf``); ``approximate=True`` uses
    ``x / 2 * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 x^3)))``."""
    return smooth_activation.gelu(x, approximate)


def mish(x) -> Tensor:
    """``x * tanh(softplus(x))``."""
    return smooth_activation.mish(x)


def hard_sigmoid(x) -> Tensor:
    """Keras 3's ``relu6(x + 3) / 6``: 0 for x <= -3, 1 for x >= 3, ``x / 6 + 0.5`` between."""
    return hard_activation.hard_sigmoid(x)


def hard_silu(x) -> Tensor:
    """``x * hard_sigmoid(x)``, also called hard swish."""
    return hard_activation.hard_silu(x)


def hard_tanh(x) -> Tensor:
    """``clip(x, -1, 1)``."""
    return ops.clip_by_value(x, -1.0, 1.0)


def log_sigmoid(x) -> Tensor:
    """``log(sigmoid(x)) = -softplus(-x)``, finite for any ``x``."""
    return -smooth_activation.softplus(-as_tensor(x))


def celu(x, alpha: float = 1.0) -> Tensor:
    """``x`` for x > 0, else ``alpha * (e^(x / alpha) - 1)``."""
    return ops.elu(as_tensor(x) * (1.0 / alpha), 1.0) * alpha


def log_softmax(x, axis: int = -1) -> Tensor:
    """``x - logsumexp(x)`` along ``axis``."""
    return ops.log_softmax(x, axis)


swish = silu
hard_swish = hard_silu

_ACTIVATIONS = {
    "linear": linear, "sigmoid": sigmoid, "tanh": tanh, "relu": relu, "leaky_relu": leaky_relu,
    "elu": elu, "softmax": softmax, "sign": sign, "softplus": softplus, "exponential": exponential,
    "relu6": relu6, "selu": selu, "softsign": softsign, "silu": silu, "gelu": gelu, "mish": mish,
    "hard_sigmoid": hard_sigmoid, "hard_silu": hard_silu, "hard_tanh": hard_tanh, "log_sigmoid": log_sigmoid,
    "celu": celu, "log_softmax": log_softmax,
}
# Keras's other names for the same functions (serialize gives the names above).
_ALIASES = {"swish": silu, "hard_swish": hard_silu}


def get(identifier):
    """Resolve an activation from a name, a callable or ``None`` (linear).

    Raises:
        ValueError: for an unknown name, listing the valid ones.
    """
    if identifier is None:
        return linear
    if isinstance(identifier, str):
        custom = object_registration.lookup(identifier)
        if custom is not None:
            return custom
        try:
            return _ACTIVATIONS.get(identifier.lower()) or _ALIASES[identifier.lower()]
        except KeyError:
            raise ValueError(
                f"Unknown activation {identifier!r}. Valid names: {', '.join(sorted({**_ACTIVATIONS, **_ALIASES}))}. "
                "A custom activation is found by name once registered with "
                "@axon.saving.register_keras_serializable() or passed in custom_objects=."
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
    return object_registration.get_registered_name(activation)
