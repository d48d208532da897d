"""Convolution layers: ``Conv1D`` and ``Conv2D`` (channels_last), on ``axon.ops.conv``."""

from __future__ import annotations

from axon import activations, constraints, initializers, regularizers
from axon.layers.base import InputSpec, Layer
from axon.ops.conv import conv, normalize_padding, normalize_tuple, output_length


class Conv(Layer):
    """Shared body of ``Conv1D`` and ``Conv2D`` (``rank`` spatial axes).

    ``output = activation(conv(inputs, kernel) + bias)`` with a kernel of shape
    ``kernel_size + (input_channels, filters)``.
    """

    rank = 2

    def __init__(self, filters: int, kernel_size, strides=1, padding: str = "valid", data_format=None,
                 dilation_rate=1, groups: int = 1, activation=None, use_bias: bool = True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros", kernel_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, kernel_constraint=None, bias_constraint=None,
                 **kwargs):
        super().__init__(**kwargs)
        if not isinstance(filters, int) or isinstance(filters, bool) or filters <= 0:
            raise ValueError(f"`filters` must be a positive int. Received: filters={filters!r}")
        self.filters = filters
        self.kernel_size = normalize_tuple(kernel_size, self.rank, "kernel_size")
        self.strides = normalize_tuple(strides, self.rank, "strides")
        self.padding = normalize_padding(padding, ("valid", "same", "causal") if self.rank == 1 else ("valid", "same"))
        self.dilation_rate = normalize_tuple(dilation_rate, self.rank, "dilation_rate")
        if data_format not in (None, "channels_last"):
            raise ValueError(f"Only data_format='channels_last' is supported. Received: data_format={data_format!r}")
        if groups != 1:
            raise ValueError(f"Only groups=1 is supported. Received: groups={groups!r}")
        self.data_format = "channels_last"
        self.groups = 1
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
        self.input_spec = InputSpec(ndim=self.rank + 2)

    def build(self, input_shape) -> None:
        channels = input_shape[-1]
        if channels is None:
            raise ValueError(f"Layer '{self.name}': the channel axis (last) of the input must be known. "
                             f"Received input shape {tuple(input_shape)}.")
        self._check_fits(input_shape)
        self.kernel = self.add_weight("kernel", self.kernel_size + (channels, self.filters),
                                      self.kernel_initializer, self.kernel_regularizer,
                                      constraint=self.kernel_constraint)
        self.bias = self.add_weight("bias", (self.filters,), self.bias_initializer, self.bias_regularizer,
                                    constraint=self.bias_constraint) if self.use_bias else None
        self.input_spec = InputSpec(ndim=self.rank + 2, axes={-1: channels})
        self.built = True

    def call(self, inputs, training=None):
        relu = self.activation is activations.relu  # the op applies it as it goes
        out = conv(inputs, self.kernel, self.bias, self.strides, self.padding, self.dilation_rate, relu=relu)
        if not relu:
            out = self.activation(out)
        self._regularize_activity(out)
        return out

    def compute_output_shape(self, input_shape):
        self._check_fits(input_shape)
        spatial = tuple(output_length(n, k, s, d, self.padding) for n, k, s, d in
                        zip(input_shape[1:-1], self.kernel_size, self.strides, self.dilation_rate))
        return (input_shape[0],) + spatial + (self.filters,)

    def _check_fits(self, input_shape) -> None:
        """A ValueError naming the layer when the kernel is larger than the input."""
        spatial = tuple(input_shape[1:-1])
        lengths = [output_length(n, k, s, d, self.padding) for n, k, s, d in
                   zip(spatial, self.kernel_size, self.strides, self.dilation_rate)]
        if any(n is not None and n <= 0 for n in lengths):
            raise ValueError(
                f"Layer '{self.name}': the kernel {self.kernel_size} (dilation_rate={self.dilation_rate}) does not "
                f"fit the input of spatial shape {spatial} with padding='{self.padding}'. Received input shape "
                f"{tuple(input_shape)}; use padding='same' or a smaller kernel_size.")

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "filters": self.filters,
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            "data_format": self.data_format,
            "dilation_rate": self.dilation_rate,
            "groups": self.groups,
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


class Conv2D(Conv):
    """2-D convolution over images (N, H, W, C): ``activation(conv2d(inputs, kernel) + bias)``.

    ``y[n, h, w, f] = b[f] + sum_{i, j, c} x[n, h*sh + i*dh, w*sw + j*dw, c] * kernel[i, j, c, f]``;
    the kernel has shape ``(kh, kw, C, filters)`` and the layer has
    ``kh * kw * C * filters + filters`` parameters.

    Args:
        filters: the number of output channels, a positive int.
        kernel_size: an int or a tuple ``(kh, kw)``.
        strides: an int or a tuple ``(sh, sw)``.
        padding: ``'valid'`` (no padding) or ``'same'`` (zeros so that the
            output has ``ceil(n / s)`` positions, as in TensorFlow).
        dilation_rate: an int or a tuple: spacing between kernel taps.
        activation: a name (``'relu'``) or a callable; ``None`` means linear.
        use_bias, kernel_initializer, bias_initializer, kernel_regularizer,
        bias_regularizer, activity_regularizer, kernel_constraint,
        bias_constraint: as in ``Dense``.

    Example:
        >>> layer = axon.layers.Conv2D(6, 3, padding="same", activation="relu")
        >>> layer(np.zeros((8, 28, 28, 1), "float32")).shape
        (8, 28, 28, 6)
        >>> layer.count_params()
        60
    """

    rank = 2

    def __init__(self, filters: int, kernel_size, strides=(1, 1), padding: str = "valid", data_format=None,
                 dilation_rate=(1, 1), groups: int = 1, activation=None, use_bias: bool = True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros", kernel_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, kernel_constraint=None, bias_constraint=None,
                 **kwargs):
        super().__init__(filters, kernel_size, strides, padding, data_format, dilation_rate, groups, activation,
                         use_bias, kernel_initializer, bias_initializer, kernel_regularizer, bias_regularizer,
                         activity_regularizer, kernel_constraint, bias_constraint, **kwargs)


class Conv1D(Conv):
    """1-D convolution over sequences (N, steps, C), with a ``(kernel_size, C, filters)`` kernel.

    Same arguments as ``Conv2D`` with ints (or 1-tuples); ``padding`` may also be
    ``'causal'`` (zeros only before the sequence, so output ``t`` never sees
    inputs after ``t``).

    Example:
        >>> axon.layers.Conv1D(4, 3, padding="causal")(np.zeros((2, 10, 3), "float32")).shape
        (2, 10, 4)
    """

    rank = 1

    def __init__(self, filters: int, kernel_size, strides=1, padding: str = "valid", data_format=None,
                 dilation_rate=1, groups: int = 1, activation=None, use_bias: bool = True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros", kernel_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, kernel_constraint=None, bias_constraint=None,
                 **kwargs):
        super().__init__(filters, kernel_size, strides, padding, data_format, dilation_rate, groups, activation,
                         use_bias, kernel_initializer, bias_initializer, kernel_regularizer, bias_regularizer,
                         activity_regularizer, kernel_constraint, bias_constraint, **kwargs)
