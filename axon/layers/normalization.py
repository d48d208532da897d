"""``BatchNormalization``: normalise each channel with batch statistics while
training and with their moving averages at inference; ``LayerNormalization``:
normalise each sample over its feature axes."""

from __future__ import annotations

from axon import backend as B
from axon import constraints, initializers, regularizers
from axon.autograd.tensor import Tensor
from axon.layers.base import InputSpec, Layer
from axon.ops.normalization import BatchNormInference, BatchNormTraining, layer_normalization


class BatchNormalization(Layer):
    """Batch normalization (Ioffe & Szegedy, 2015), as Keras does it.

    Training (``training=True``, as in ``fit``): each channel (the entries along
    ``axis``) is normalised with the mean and the biased variance of the batch,
    ``y = gamma * (x - mean) / sqrt(var + epsilon) + beta``, and the moving
    statistics are updated, ``moving = moving * momentum + batch_stat * (1 - momentum)``.
    Inference (the default): the moving statistics replace the batch ones.
    A frozen layer (``trainable = False``) always runs in inference mode.

    Weights, in ``get_weights()`` order: ``gamma`` and ``beta`` (trainable),
    ``moving_mean`` and ``moving_variance`` (non-trainable), each of shape ``(C,)``.

    Args:
        axis: the channel axis (``-1`` for channels_last images and for (N, C) data).
        momentum: the weight of the old value in the moving averages.
        epsilon: added to the variance before the square root.
        center / scale: whether to learn ``beta`` / ``gamma`` (else 0 / 1).
        beta_initializer, gamma_initializer, moving_mean_initializer,
        moving_variance_initializer: how the four vectors start.
        beta_regularizer / gamma_regularizer: penalties added to the loss.
        beta_constraint / gamma_constraint: projections applied after each update.

    Example:
        >>> bn = axon.layers.BatchNormalization()
        >>> y = bn(np.random.randn(32, 28, 28, 8), training=True)   # per-channel mean 0, variance ~1
        >>> [w.shape for w in bn.get_weights()]
        [(8,), (8,), (8,), (8,)]
    """

    supports_masking = True

    def __init__(self, axis: int = -1, momentum: float = 0.99, epsilon: float = 1e-3, center: bool = True,
                 scale: bool = True, beta_initializer="zeros", gamma_initializer="ones",
                 moving_mean_initializer="zeros", moving_variance_initializer="ones", beta_regularizer=None,
                 gamma_regularizer=None, beta_constraint=None, gamma_constraint=None, synchronized: bool = False,
                 **kwargs):
        super().__init__(**kwargs)
        if isinstance(axis, (list, tuple)) and len(axis) == 1:
            axis = axis[0]  # tf.keras 2 configs store [axis]
        if not isinstance(axis, int) or isinstance(axis, bool):
            raise ValueError(f"`axis` must be one int (the channel axis). Received: axis={axis!r}")
        if not 0.0 <= float(momentum) <= 1.0:
            raise ValueError(f"`momentum` must be in [0, 1]. Received: momentum={momentum!r}")
        if not float(epsilon) > 0.0:
            raise ValueError(f"`epsilon` must be a positive float. Received: epsilon={epsilon!r}")
        self.axis = axis
        self.momentum = float(momentum)
        self.epsilon = float(epsilon)
        self.center, self.scale = bool(center), bool(scale)
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.moving_mean_initializer = initializers.get(moving_mean_initializer)
        self.moving_variance_initializer = initializers.get(moving_variance_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.for_weight(self.name, "beta_constraint", beta_constraint, self.center,
                                                      "center=False")
        self.gamma_constraint = constraints.for_weight(self.name, "gamma_constraint", gamma_constraint, self.scale,
                                                       "scale=False")
        self.synchronized = bool(synchronized)
        self.gamma = self.beta = None

    def build(self, input_shape) -> None:
        ndim = len(input_shape)
        if not -ndim <= self.axis < ndim:
            raise ValueError(f"Layer '{self.name}': `axis`={self.axis} is out of range for inputs of shape "
                             f"{tuple(input_shape)}.")
        c = input_shape[self.axis]
        if c is None:
            raise ValueError(f"Layer '{self.name}': the channel axis {self.axis} of the input must be known. "
                             f"Received input shape {tuple(input_shape)}.")
        if self.scale:
            self.gamma = self.add_weight("gamma", (c,), self.gamma_initializer, self.gamma_regularizer,
                                         constraint=self.gamma_constraint)
        if self.center:
            self.beta = self.add_weight("beta", (c,), self.beta_initializer, self.beta_regularizer,
                                        constraint=self.beta_constraint)
        self.moving_mean = self.add_weight("moving_mean", (c,), self.moving_mean_initializer, trainable=False)
        self.moving_variance = self.add_weight("moving_variance", (c,), self.moving_variance_initializer,
                                               trainable=False)
        self.input_spec = InputSpec(ndim=ndim, axes={self.axis: c})
        self.built = True

    def _scale_and_offset(self, c: int):
        """gamma and beta, or the constants 1 and 0 when the layer does not learn them."""
        gamma = self.gamma if self.gamma is not None else Tensor._wrap(B.xp.ones(c, dtype=self.dtype))
        beta = self.beta if self.beta is not None else Tensor._wrap(B.xp.zeros(c, dtype=self.dtype))
        return gamma, beta

    def call(self, inputs, training=None):
        axis = self.axis % inputs.ndim
        gamma, beta = self._scale_and_offset(inputs.shape[axis])
        if training and self.trainable:
            return BatchNormTraining.apply(inputs, gamma, beta, axis=axis, epsilon=self.epsilon,
                                           moving_mean=self.moving_mean.data,
                                           moving_variance=self.moving_variance.data, momentum=self.momentum)
        return BatchNormInference.apply(inputs, gamma, beta, mean=self.moving_mean.data,
                                        variance=self.moving_variance.data, axis=axis, epsilon=self.epsilon)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "axis": self.axis,
            "momentum": self.momentum,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            "beta_initializer": initializers.serialize(self.beta_initializer),
            "gamma_initializer": initializers.serialize(self.gamma_initializer),
            "moving_mean_initializer": initializers.serialize(self.moving_mean_initializer),
            "moving_variance_initializer": initializers.serialize(self.moving_variance_initializer),
            "beta_regularizer": regularizers.serialize(self.beta_regularizer),
            "gamma_regularizer": regularizers.serialize(self.gamma_regularizer),
            "beta_constraint": constraints.serialize(self.beta_constraint),
            "gamma_constraint": constraints.serialize(self.gamma_constraint),
            "synchronized": self.synchronized,
        }


class LayerNormalization(Layer):
    """Layer normalization (Ba et al., 2016): each sample normalised over ``axis``.

    ``y = gamma * (x - mean) / sqrt(var + epsilon) + beta``, with the mean and the
    biased variance of each sample over the axes in ``axis`` (the features by
    default), the same at training and inference (no moving statistics).
    ``gamma`` and ``beta`` have the input's sizes on ``axis``.

    Args:
        axis: an int or a list of ints: the axes normalised together.
        epsilon: added to the variance before the square root.
        center / scale: whether to learn ``beta`` / ``gamma`` (else 0 / 1).
        beta_initializer, gamma_initializer, beta_regularizer, gamma_regularizer,
        beta_constraint, gamma_constraint: as in ``BatchNormalization``.

    Example:
        >>> ln = axon.layers.LayerNormalization()
        >>> y = ln(np.random.randn(4, 10, 64))      # each (sample, step) row: mean 0, variance ~1
        >>> ln.count_params()
        128
    """

    def __init__(self, axis=-1, epsilon: float = 1e-3, center: bool = True, scale: bool = True,
                 beta_initializer="zeros", gamma_initializer="ones", beta_regularizer=None, gamma_regularizer=None,
                 beta_constraint=None, gamma_constraint=None, **kwargs):
        if kwargs.pop("rms_scaling", False):
            raise ValueError("LayerNormalization(rms_scaling=True) is deprecated in Keras (it scales by the "
                             "variance, not the root mean square) and axon does not implement it. Use "
                             "rms_scaling=False.")
        super().__init__(**kwargs)
        axes = list(axis) if isinstance(axis, (list, tuple)) else axis
        if not all(isinstance(a, int) and not isinstance(a, bool) for a in (axes if isinstance(axes, list) else
                                                                              [axes])) or axes == []:
            raise TypeError(f"`axis` must be an int or a list of ints. Received: axis={axis!r}")
        if not float(epsilon) > 0.0:
            raise ValueError(f"`epsilon` must be a positive float. Received: epsilon={epsilon!r}")
        self.axis = axes
        self.epsilon = float(epsilon)
        self.center, self.scale = bool(center), bool(scale)
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.for_weight(self.name, "beta_constraint", beta_constraint, self.center,
                                                      "center=False")
        self.gamma_constraint = constraints.for_weight(self.name, "gamma_constraint", gamma_constraint, self.scale,
                                                       "scale=False")
        self.gamma = self.beta = None

    def _axes(self, ndim: int) -> list[int]:
        axes = self.axis if isinstance(self.axis, list) else [self.axis]
        bad = [a for a in axes if not -ndim <= a < ndim]
        if bad:
            raise ValueError(f"Layer '{self.name}': `axis`={self.axis} is out of range for inputs of rank {ndim}.")
        return sorted({a % ndim for a in axes})

    def build(self, input_shape) -> None:
        axes = self._axes(len(input_shape))
        shape = tuple(input_shape[a] for a in axes)
        if None in shape:
            raise ValueError(f"Layer '{self.name}': the normalised axes {axes} of the input must be known. "
                             f"Received input shape {tuple(input_shape)}.")
        if self.scale:
            self.gamma = self.add_weight("gamma", shape, self.gamma_initializer, self.gamma_regularizer,
                                         constraint=self.gamma_constraint)
        if self.center:
            self.beta = self.add_weight("beta", shape, self.beta_initializer, self.beta_regularizer,
                                        constraint=self.beta_constraint)
        self.input_spec = InputSpec(ndim=len(input_shape), axes={a: input_shape[a] for a in axes})
        self.built = True

    def call(self, inputs):
        return layer_normalization(inputs, self.gamma, self.beta, self._axes(inputs.ndim), self.epsilon)

    def compute_output_shape(self, input_shape):
        self._axes(len(input_shape))
        return tuple(input_shape)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "axis": self.axis,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            "rms_scaling": False,
            "beta_initializer": initializers.serialize(self.beta_initializer),
            "gamma_initializer": initializers.serialize(self.gamma_initializer),
            "beta_regularizer": regularizers.serialize(self.beta_regularizer),
            "gamma_regularizer": regularizers.serialize(self.gamma_regularizer),
            "beta_constraint": constraints.serialize(self.beta_constraint),
            "gamma_constraint": constraints.serialize(self.gamma_constraint),
        }
