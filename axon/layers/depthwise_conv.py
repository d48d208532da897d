"""Depthwise and separable convolutions (channels_last): ``DepthwiseConv1D/2D`` filter
each channel on its own; ``SeparableConv1D/2D`` follow that with a pointwise (1x1)
convolution mixing the channels. On ``axon.ops.depthwise_conv`` and ``axon.ops.conv``."""

from __future__ import annotations

from axon import activations, constraints, initializers, regularizers
from axon.layers.base import InputSpec, Layer
from axon.ops.conv import conv, normalize_padding, normalize_tuple, output_length
from axon.ops.depthwise_conv import depthwise_conv


def _positive_int(name: str, value) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise ValueError(f"`{name}` must be a positive int. Received: {name}={value!r}")
    return value


class _DepthwiseBase(Layer):
    """What the depthwise and separable layers share: geometry, the depthwise kernel
    ``kernel_size + (C, depth_multiplier)``, bias, activation and their config."""

    rank = 2
    _kernel_name = "kernel"

    def __init__(self, kernel_size, strides, padding, depth_multiplier, data_format, dilation_rate, activation,
                 use_bias, depthwise_initializer, bias_initializer, depthwise_regularizer, bias_regularizer,
                 activity_regularizer, depthwise_constraint, bias_constraint, **kwargs):
        super().__init__(**kwargs)
        self.kernel_size = normalize_tuple(kernel_size, self.rank, "kernel_size")
        self.strides = normalize_tuple(strides, self.rank, "strides")
        self.padding = normalize_padding(padding, ("valid", "same", "causal") if self.rank == 1 else
                                         ("valid", "same"))
        self.dilation_rate = normalize_tuple(dilation_rate, self.rank, "dilation_rate")
        self.depth_multiplier = _positive_int("depth_multiplier", depth_multiplier)
        if data_format not in (None, "channels_last"):
            raise ValueError(f"Only data_format='channels_last' is supported. Received: data_format={data_format!r}")
        self.data_format = "channels_last"
        self.activation = activations.get(activation)
        self.use_bias = bool(use_bias)
        self.depthwise_initializer = initializers.get(depthwise_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.depthwise_regularizer = regularizers.get(depthwise_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.activity_regularizer = regularizers.get(activity_regularizer)
        self.depthwise_constraint = constraints.get(depthwise_constraint)
        self.bias_constraint = constraints.for_weight(self.name, "bias_constraint", bias_constraint, self.use_bias,
                                                      "use_bias=False")
        self.input_spec = InputSpec(ndim=self.rank + 2)

    def _channels(self, input_shape) -> int:
        channels = input_shape[-1]
        if channels is None:
            raise ValueError(f"Layer '{self.name}': the channel axis (last) of the input must be known. "
                             f"Received input shape {tuple(input_shape)}.")
        lengths = self._spatial(input_shape)
        if any(n is not None and n <= 0 for n in lengths):
            raise ValueError(f"Layer '{self.name}': the kernel {self.kernel_size} (dilation_rate="
                             f"{self.dilation_rate}) does not fit the input of shape {tuple(input_shape)} with "
                             f"padding='{self.padding}'; use padding='same' or a smaller kernel_size.")
        return channels

    def _spatial(self, input_shape) -> tuple:
        return tuple(output_length(n, k, s, d, self.padding) for n, k, s, d in
                     zip(input_shape[1:-1], self.kernel_size, self.strides, self.dilation_rate))

    def _add_depthwise_kernel(self, channels: int):
        return self.add_weight(self._kernel_name, self.kernel_size + (channels, self.depth_multiplier),
                               self.depthwise_initializer, self.depthwise_regularizer,
                               constraint=self.depthwise_constraint)

    def _finish(self, out):
        out = self.activation(out)
        self._regularize_activity(out)
        return out

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "kernel_size": self.kernel_size,
            "strides": self.strides,
            "padding": self.padding,
            "depth_multiplier": self.depth_multiplier,
            "data_format": self.data_format,
            "dilation_rate": self.dilation_rate,
            "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "depthwise_initializer": initializers.serialize(self.depthwise_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "depthwise_regularizer": regularizers.serialize(self.depthwise_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "activity_regularizer": regularizers.serialize(self.activity_regularizer),
            "depthwise_constraint": constraints.serialize(self.depthwise_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
        }


class DepthwiseConv2D(_DepthwiseBase):
    """Depthwise 2-D convolution: each input channel convolved with its own
    ``depth_multiplier`` filters, giving ``C * depth_multiplier`` output channels
    (output channel ``c * M + m`` comes from input channel ``c``).

    The kernel has shape ``(kh, kw, C, depth_multiplier)``; the layer has
    ``kh * kw * C * M + C * M`` parameters.

    Args:
        kernel_size, strides, dilation_rate: an int or a tuple of 2.
        padding: ``'valid'`` or ``'same'``.
        depth_multiplier: the filters per input channel.
        activation, use_bias, depthwise_initializer, bias_initializer, depthwise_regularizer,
        bias_regularizer, activity_regularizer, depthwise_constraint, bias_constraint: as in ``Conv2D``.

    Example:
        >>> layer = axon.layers.DepthwiseConv2D(3, padding="same")
        >>> layer(np.zeros((8, 28, 28, 16), "float32")).shape
        (8, 28, 28, 16)
        >>> layer.count_params()
        160
    """

    def __init__(self, kernel_size, strides=(1, 1), padding: str = "valid", depth_multiplier: int = 1,
                 data_format=None, dilation_rate=(1, 1), activation=None, use_bias: bool = True,
                 depthwise_initializer="glorot_uniform", bias_initializer="zeros", depthwise_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, depthwise_constraint=None, bias_constraint=None,
                 **kwargs):
        super().__init__(kernel_size, strides, padding, depth_multiplier, data_format, dilation_rate, activation,
                         use_bias, depthwise_initializer, bias_initializer, depthwise_regularizer, bias_regularizer,
                         activity_regularizer, depthwise_constraint, bias_constraint, **kwargs)

    def build(self, input_shape) -> None:
        channels = self._channels(input_shape)
        self.kernel = self._add_depthwise_kernel(channels)
        self.bias = self.add_weight("bias", (channels * self.depth_multiplier,), self.bias_initializer,
                                    self.bias_regularizer, constraint=self.bias_constraint) if self.use_bias else None
        self.input_spec = InputSpec(ndim=self.rank + 2, axes={-1: channels})
        self.built = True

    def call(self, inputs):
        return self._finish(depthwise_conv(inputs, self.kernel, self.bias, self.strides, self.padding,
                                           self.dilation_rate))

    def compute_output_shape(self, input_shape):
        channels = self._channels(input_shape)
        return (input_shape[0],) + self._spatial(input_shape) + (channels * self.depth_multiplier,)


class DepthwiseConv1D(DepthwiseConv2D):
    """Depthwise 1-D convolution over sequences (N, steps, C); kernel ``(k, C, depth_multiplier)``.

    Same arguments as ``DepthwiseConv2D`` with ints; ``padding`` may also be ``'causal'``.
    """

    rank = 1

    def __init__(self, kernel_size, strides=1, padding: str = "valid", depth_multiplier: int = 1, data_format=None,
                 dilation_rate=1, activation=None, use_bias: bool = True, depthwise_initializer="glorot_uniform",
                 bias_initializer="zeros", depthwise_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, depthwise_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(kernel_size, strides, padding, depth_multiplier, data_format, dilation_rate, activation,
                         use_bias, depthwise_initializer, bias_initializer, depthwise_regularizer, bias_regularizer,
                         activity_regularizer, depthwise_constraint, bias_constraint, **kwargs)


class SeparableConv2D(_DepthwiseBase):
    """Separable 2-D convolution: a depthwise convolution, then a pointwise (1x1)
    convolution to ``filters`` channels, then the bias and activation.

    Weights: ``depthwise_kernel`` ``(kh, kw, C, M)``, ``pointwise_kernel``
    ``(1, 1, C * M, filters)`` and ``bias`` ``(filters,)``: far fewer than a
    ``Conv2D`` with the same kernel size.

    Args:
        filters: the number of output channels, a positive int.
        kernel_size, strides, padding, dilation_rate, depth_multiplier: as in ``DepthwiseConv2D``.
        pointwise_initializer, pointwise_regularizer, pointwise_constraint: for the pointwise kernel;
        the other arguments as in ``DepthwiseConv2D``.

    Example:
        >>> layer = axon.layers.SeparableConv2D(32, 3, padding="same")
        >>> layer(np.zeros((8, 28, 28, 16), "float32")).shape
        (8, 28, 28, 32)
        >>> layer.count_params()      # 3*3*16 + 16*32 + 32
        688
    """

    _kernel_name = "depthwise_kernel"

    def __init__(self, filters: int, kernel_size, strides=(1, 1), padding: str = "valid", data_format=None,
                 dilation_rate=(1, 1), depth_multiplier: int = 1, activation=None, use_bias: bool = True,
                 depthwise_initializer="glorot_uniform", pointwise_initializer="glorot_uniform",
                 bias_initializer="zeros", depthwise_regularizer=None, pointwise_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, depthwise_constraint=None,
                 pointwise_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(kernel_size, strides, padding, depth_multiplier, data_format, dilation_rate, activation,
                         use_bias, depthwise_initializer, bias_initializer, depthwise_regularizer, bias_regularizer,
                         activity_regularizer, depthwise_constraint, bias_constraint, **kwargs)
        self.filters = _positive_int("filters", filters)
        self.pointwise_initializer = initializers.get(pointwise_initializer)
        self.pointwise_regularizer = regularizers.get(pointwise_regularizer)
        self.pointwise_constraint = constraints.get(pointwise_constraint)

    def build(self, input_shape) -> None:
        channels = self._channels(input_shape)
        self.depthwise_kernel = self._add_depthwise_kernel(channels)
        self.pointwise_kernel = self.add_weight(
            "pointwise_kernel", (1,) * self.rank + (channels * self.depth_multiplier, self.filters),
            self.pointwise_initializer, self.pointwise_regularizer, constraint=self.pointwise_constraint)
        self.bias = self.add_weight("bias", (self.filters,), self.bias_initializer, self.bias_regularizer,
                                    constraint=self.bias_constraint) if self.use_bias else None
        self.input_spec = InputSpec(ndim=self.rank + 2, axes={-1: channels})
        self.built = True

    def call(self, inputs):
        mid = depthwise_conv(inputs, self.depthwise_kernel, None, self.strides, self.padding, self.dilation_rate)
        return self._finish(conv(mid, self.pointwise_kernel, self.bias))

    def compute_output_shape(self, input_shape):
        self._channels(input_shape)
        return (input_shape[0],) + self._spatial(input_shape) + (self.filters,)

    def get_config(self) -> dict:
        return {**super().get_config(), "filters": self.filters,
                "pointwise_initializer": initializers.serialize(self.pointwise_initializer),
                "pointwise_regularizer": regularizers.serialize(self.pointwise_regularizer),
                "pointwise_constraint": constraints.serialize(self.pointwise_constraint)}


class SeparableConv1D(SeparableConv2D):
    """Separable 1-D convolution over sequences (N, steps, C): depthwise ``(k, C, M)``,
    then pointwise ``(1, C * M, filters)``. Same arguments as ``SeparableConv2D`` with ints."""

    rank = 1

    def __init__(self, filters: int, kernel_size, strides=1, padding: str = "valid", data_format=None,
                 dilation_rate=1, depth_multiplier: int = 1, activation=None, use_bias: bool = True,
                 depthwise_initializer="glorot_uniform", pointwise_initializer="glorot_uniform",
                 bias_initializer="zeros", depthwise_regularizer=None, pointwise_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, depthwise_constraint=None,
                 pointwise_constraint=None, bias_constraint=None, **kwargs):
        super().__init__(filters, kernel_size, strides, padding, data_format, dilation_rate, depth_multiplier,
                         activation, use_bias, depthwise_initializer, pointwise_initializer, bias_initializer,
                         depthwise_regularizer, pointwise_regularizer, bias_regularizer, activity_regularizer,
                         depthwise_constraint, pointwise_constraint, bias_constraint, **kwargs)
