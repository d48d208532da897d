"""``keras.ops`` neural-network functions (Keras 3's ``keras.ops.nn``, ``keras.ops.math``
and ``keras.ops.core``): activations with Keras's defaults, ``one_hot``, ``top_k``,
``moments``, ``normalize``, ``cast``, ``convert_to_tensor``, ``stop_gradient``."""

from __future__ import annotations

import numpy as np

from axon import activations as _act
from axon import backend as B
from axon import ops as _ops
from axon.autograd.tensor import Tensor
from axon.autograd.tensor import convert_to_tensor as _convert
from axon.ops.broadcast import as_tensor
from axon.ops.gradient import stop_gradient
from axon.ops.hard_activation import hard_sigmoid, hard_silu, relu6
from axon.ops.norm import l2_normalize
from axon.ops.smooth_activation import gelu as _gelu
from axon.ops.smooth_activation import selu, silu, softplus, softsign
from axon.ops.sorting import top_k as _top_k
from axon.ops.special import erf
from axon.ops.statistics import moments as _moments

sigmoid, tanh, softmax, log_softmax = _ops.sigmoid, _ops.tanh, _ops.softmax, _ops.log_softmax
swish, hard_swish, log_sigmoid, mish = silu, hard_silu, _act.log_sigmoid, _act.mish


def relu(x) -> Tensor:
    """``max(x, 0)``."""
    return _ops.relu(x)


def elu(x, alpha: float = 1.0) -> Tensor:
    """``x`` for ``x > 0``, ``alpha * (exp(x) - 1)`` otherwise."""
    return _ops.elu(x, alpha)


def leaky_relu(x, negative_slope: float = 0.2) -> Tensor:
    """``x`` for ``x > 0``, ``negative_slope * x`` otherwise."""
    return _ops.leaky_relu(x, negative_slope)


def gelu(x, approximate: bool = True) -> Tensor:
    """The Gaussian error linear unit; Keras's ``ops.gelu`` uses the tanh approximation by default."""
    return _gelu(x, approximate=approximate)


def one_hot(x, num_classes: int, axis: int = -1, dtype=None, sparse: bool = False) -> Tensor:
    """One-hot encode integer ``x`` into a new axis of size ``num_classes``; out-of-range
    indices give all-zero rows."""
    if sparse:
        raise ValueError("one_hot: sparse=True is not supported by axon (no sparse tensors); use sparse=False.")
    return _ops.one_hot(x, num_classes, axis=axis, dtype=dtype)


def top_k(x, k: int, sorted: bool = True) -> tuple[Tensor, Tensor]:  # noqa: A002 (Keras's name)
    """The ``k`` largest values of the last axis and their int32 indices, largest first."""
    return _top_k(x, k, sorted=sorted)


def moments(x, axes, keepdims: bool = False, synchronized: bool = False) -> tuple[Tensor, Tensor]:
    """The mean and variance of ``x`` over ``axes``."""
    if synchronized:
        raise ValueError("moments: synchronized=True needs a distribution strategy, which axon does not have.")
    return _moments(x, axes, keepdims=keepdims)


def normalize(x, axis: int = -1, order: int = 2, epsilon=None) -> Tensor:
    """``x`` divided by its ``order``-norm along ``axis`` (only ``order=2``)."""
    if order != 2:
        raise ValueError(f"normalize: only order=2 is supported by axon. Received order={order!r}.")
    return l2_normalize(x, axis=axis, epsilon=1e-12 if epsilon is None else epsilon)


def cast(x, dtype) -> Tensor:
    """``x`` converted to ``dtype``; gradients flow between float types."""
    return _ops.cast(x, dtype)


def convert_to_tensor(x, dtype=None, sparse=None, ragged=None) -> Tensor:
    """``x`` as a Tensor (Python ints become int32 and floats ``floatx()``)."""
    if sparse or ragged:
        raise ValueError("convert_to_tensor: axon has no sparse or ragged tensors; pass sparse=None, ragged=None.")
    return _convert(x, dtype)


def convert_to_numpy(x) -> np.ndarray:
    """``x`` as a NumPy array (copied from the GPU under CuPy)."""
    return B.to_numpy(as_tensor(x).data)


def is_tensor(x) -> bool:
    """True for an axon Tensor (and Variable)."""
    return isinstance(x, Tensor)


def dtype(x) -> str:
    """The name of ``x``'s element type (``'float32'``)."""
    return as_tensor(x).dtype.name


__all__ = [
    "cast", "convert_to_numpy", "convert_to_tensor", "dtype", "elu", "erf", "gelu", "hard_sigmoid", "hard_silu",
    "hard_swish", "is_tensor", "leaky_relu", "log_sigmoid", "log_softmax", "mish", "moments", "normalize", "one_hot",
    "relu", "relu6", "selu", "sigmoid", "silu", "softmax", "softplus", "softsign", "stop_gradient", "swish", "tanh",
    "top_k",
]
