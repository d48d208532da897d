"""Activation functions as layers: ``ReLU``, ``LeakyReLU``, ``PReLU`` (a learned
slope), ``ELU`` and ``Softmax``. The math lives in ``axon/ops``."""

from __future__ import annotations

from axon import activations, constraints, initializers, regularizers
from axon.layers.base import InputSpec, Layer
from axon.ops.activation import ELU as ELUOp
from axon.ops.activation import LeakyReLU as LeakyReLUOp
from axon.ops.activation import Softmax as SoftmaxOp
from axon.ops.prelu import prelu


def _non_negative(name: str, value, layer: str, allow_none: bool = False) -> float | None:
    if value is None and allow_none:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = -1.0
    if not number >= 0.0:
        raise ValueError(f"`{name}` of a {layer} layer must be a non-negative float. Received: {name}={value!r}")
    return number


class ReLU(Layer):
    """The rectified linear unit, with Keras's optional slope, cap and threshold.

    ``y = min(x, max_value)`` for ``x >= threshold``, else
    ``negative_slope * (x - threshold)``; the defaults give ``max(x, 0)``.

    Args:
        max_value: cap on the output (``6.0`` gives ReLU6); None for no cap.
        negative_slope: slope below the threshold (0 for the plain ReLU).
        threshold: the input value below which the output is (sloped) zero.

    Example:
        >>> axon.layers.ReLU(max_value=6.0)(np.array([[-1.0, 3.0, 9.0]])).numpy()
        array([[0., 3., 6.]], dtype=float32)
    """

    supports_masking = True

    def __init__(self, max_value: float | None = None, negative_slope: float = 0.0, threshold: float = 0.0,
                 **kwargs):
        super().__init__(**kwargs)
        self.max_value = _non_negative("max_value", max_value, "ReLU", allow_none=True)
        self.negative_slope = _non_negative("negative_slope", negative_slope, "ReLU")
        self.threshold = _non_negative("threshold", threshold, "ReLU")

    def call(self, inputs):
        return activations.relu(inputs, negative_slope=self.negative_slope, max_value=self.max_value,
                                threshold=self.threshold)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self) -> dict:
        return {**super().get_config(), "max_value": self.max_value, "negative_slope": self.negative_slope,
                "threshold": self.threshold}


class LeakyReLU(Layer):
    """The leaky ReLU: ``y = x`` for ``x > 0``, else ``negative_slope * x``.

    Args:
        negative_slope: the slope for negative inputs (Keras's default 0.3).
            The tf.keras 2 spelling ``alpha=`` is accepted too.

    Example:
        >>> axon.layers.LeakyReLU(negative_slope=0.1)(np.array([[-2.0, 3.0]])).numpy()
        array([[-0.2,  3. ]], dtype=float32)
    """

    supports_masking = True

    def __init__(self, negative_slope: float = 0.3, **kwargs):
        if "alpha" in kwargs:
            negative_slope = kwargs.pop("alpha")
        super().__init__(**kwargs)
        self.negative_slope = _non_negative("negative_slope", negative_slope, "LeakyReLU")

    def call(self, inputs):
        return LeakyReLUOp.apply(inputs, alpha=self.negative_slope)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self) -> dict:
        return {**super().get_config(), "negative_slope": self.negative_slope}


class PReLU(Layer):
    """The parametric ReLU: ``y = x`` for ``x > 0``, else ``alpha * x`` with
    ``alpha`` learned, one slope per input entry.

    ``alpha`` has the shape of one sample (the input shape without the batch axis);
    each axis listed in ``shared_axes`` (counted with the batch axis as 0) gets
    size 1 and shares one slope, e.g. ``shared_axes=[1, 2]`` on (N, H, W, C) images
    learns one slope per channel.

    Args:
        alpha_initializer: how the slopes start (zeros: a plain ReLU).
        alpha_regularizer: a penalty on the slopes.
        alpha_constraint: a projection of the slopes after each update.
        shared_axes: the axes along which one slope is shared.

    Example:
        >>> layer = axon.layers.PReLU(shared_axes=[1, 2])
        >>> y = layer(np.random.randn(4, 8, 8, 3))
        >>> layer.alpha.shape
        (1, 1, 3)
    """

    supports_masking = True

    def __init__(self, alpha_initializer="zeros", alpha_regularizer=None, alpha_constraint=None, shared_axes=None,
                 **kwargs):
        super().__init__(**kwargs)
        self.alpha_initializer = initializers.get(alpha_initializer)
        self.alpha_regularizer = regularizers.get(alpha_regularizer)
        self.alpha_constraint = constraints.get(alpha_constraint)
        if shared_axes is None:
            self.shared_axes = None
        else:
            axes = [shared_axes] if isinstance(shared_axes, int) else list(shared_axes)
            if any(not isinstance(a, int) or isinstance(a, bool) or a < 1 for a in axes):
                raise ValueError("`shared_axes` must list axes counted from 1 (axis 0 is the batch). "
                                 f"Received: shared_axes={shared_axes!r}")
            self.shared_axes = axes

    def build(self, input_shape) -> None:
        ndim = len(input_shape)
        shared = set(self.shared_axes or ())
        if any(a >= ndim for a in shared):
            raise ValueError(f"Layer '{self.name}': `shared_axes`={self.shared_axes} names an axis the input of "
                             f"shape {tuple(input_shape)} lacks.")
        shape = [1 if i in shared else input_shape[i] for i in range(1, ndim)]
        if any(n is None for n in shape):
            raise ValueError(f"Layer '{self.name}': every unshared axis of the input must be known. Received input "
                             f"shape {tuple(input_shape)}; share the unknown axes with `shared_axes`.")
        self.alpha = self.add_weight("alpha", tuple(shape), self.alpha_initializer, self.alpha_regularizer,
                                     constraint=self.alpha_constraint)
        self.input_spec = InputSpec(ndim=ndim, axes={i: input_shape[i] for i in range(1, ndim) if i not in shared})
        self.built = True

    def call(self, inputs):
        return prelu(inputs, self.alpha)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self) -> dict:
        return {**super().get_config(), "alpha_initializer": initializers.serialize(self.alpha_initializer),
                "alpha_regularizer": regularizers.serialize(self.alpha_regularizer),
                "alpha_constraint": constraints.serialize(self.alpha_constraint),
                "shared_axes": self.shared_axes}


class ELU(Layer):
    """The exponential linear unit: ``y = x`` for ``x > 0``, else ``alpha * (e^x - 1)``.

    Args:
        alpha: the negative saturation value is ``-alpha``.

    Example:
        >>> axon.layers.ELU()(np.array([[-1e4, 2.0]])).numpy()
        array([[-1.,  2.]], dtype=float32)
    """

    supports_masking = True

    def __init__(self, alpha: float = 1.0, **kwargs):
        super().__init__(**kwargs)
        self.alpha = float(alpha)

    def call(self, inputs):
        return ELUOp.apply(inputs, alpha=self.alpha)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self) -> dict:
        return {**super().get_config(), "alpha": self.alpha}


class Softmax(Layer):
    """Softmax along ``axis``: ``y = e^x / sum(e^x)``, shifted by the maximum so it
    never overflows.

    Args:
        axis: the axis (or tuple of axes) normalised to sum to 1.

    Call arguments:
        mask: optional boolean tensor broadcastable to the input; False entries get
            probability 0 (they are pushed to a large negative logit first).

    Example:
        >>> axon.layers.Softmax()(np.array([[1e4, 0.0]])).numpy()
        array([[1., 0.]], dtype=float32)
    """

    supports_masking = True

    def __init__(self, axis: int | tuple = -1, **kwargs):
        super().__init__(**kwargs)
        self.axis = tuple(int(a) for a in axis) if isinstance(axis, (list, tuple)) else int(axis)

    def call(self, inputs, mask=None):
        if mask is not None:
            from axon.ops import cast

            # a large negative logit, not -inf: an all-masked row stays finite (uniform)
            keep = cast(mask, inputs.dtype)
            inputs = inputs + (1.0 - keep) * (-1e9 if inputs.dtype.itemsize >= 4 else -3e4)
        return SoftmaxOp.apply(inputs, axis=self.axis)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self) -> dict:
        return {**super().get_config(), "axis": list(self.axis) if isinstance(self.axis, tuple) else self.axis}
