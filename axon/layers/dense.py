"""``Dense``: the fully connected layer, ``activation(inputs @ kernel + bias)``."""

from __future__ import annotations

from axon import activations, constraints, initializers, regularizers
from axon.layers.base import InputSpec, Layer
from axon.ops.affine import affine


class Dense(Layer):
    """A fully connected layer: ``output = activation(inputs @ kernel + bias)``.

    The kernel has shape ``(input_dim, units)``; inputs of rank > 2 are
    multiplied along their last axis.

    Args:
        units: the number of outputs (neurons), a positive int.
        activation: a name (``'relu'``) or a callable; ``None`` means linear.
        use_bias: whether to add a bias vector.
        kernel_initializer / bias_initializer: how the weights start.
        kernel_regularizer / bias_regularizer: penalties added to the loss.
        kernel_constraint / bias_constraint: projections applied after each
            optimizer update (``axon.constraints``, e.g. ``MaxNorm(3)``).

    Example:
        >>> layer = axon.layers.Dense(64, activation="relu")
        >>> layer(np.zeros((8, 784))).shape
        (8, 64)
    """

    supports_masking = True

    def __init__(self, units: int, activation=None, use_bias: bool = True, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(units, int) or isinstance(units, bool) or units <= 0:
            raise ValueError(f"`units` must be a positive int. Received: units={units!r}")
        self.units = units
        self.activation = activations.get(activation)
        self.use_bias = bool(use_bias)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.activity_regularizer = regularizers.get(activity_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.for_weight(self.name, "bias_constraint", bias_constraint, self.use_bias,
                                                      "use_bias=False")
        self.input_spec = InputSpec(min_ndim=2)

    def build(self, input_shape) -> None:
        input_dim = input_shape[-1]
        if input_dim is None:
            raise ValueError(f"Layer '{self.name}': the last axis of the input must be known. "
                             f"Received input shape {tuple(input_shape)}.")
        self.kernel = self.add_weight("kernel", (input_dim, self.units), self.kernel_initializer,
                                      self.kernel_regularizer, constraint=self.kernel_constraint)
        self.bias = self.add_weight("bias", (self.units,), self.bias_initializer, self.bias_regularizer,
                                    constraint=self.bias_constraint) if self.use_bias else None
        self.input_spec = InputSpec(min_ndim=2, axes={-1: input_dim})
        self.built = True

    def call(self, inputs, training=None):
        relu = self.activation is activations.relu  # applied inside the op, in place
        out = affine(inputs, self.kernel, self.bias, relu=relu)
        if not relu:
            out = self.activation(out)
        self._regularize_activity(out)
        return out

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[:-1]) + (self.units,)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "units": self.units,
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "activity_regularizer": regularizers.serialize(self.activity_regularizer),
            "kernel_constraint": constraints.serialize(self.kernel_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
        }
