"""Transposed convolution layers: ``Conv1DTranspose`` and ``Conv2DTranspose``
(channels_last), on ``axon.ops.conv_transpose``."""

from __future__ import annotations

from axon.layers.base import InputSpec
from axon.layers.conv import Conv
from axon.ops.conv import normalize_padding
from axon.ops.conv_transpose import check_output_padding, conv_transpose, transpose_output_length


class ConvTranspose(Conv):
    """Shared body of ``Conv1DTranspose`` and ``Conv2DTranspose``.

    ``output = activation(conv_transpose(inputs, kernel) + bias)`` with a kernel of
    shape ``kernel_size + (filters, input_channels)`` (Keras's layout).
    """

    def __init__(self, filters: int, kernel_size, strides=1, padding: str = "valid", output_padding=None,
                 data_format=None, dilation_rate=1, activation=None, use_bias: bool = True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros", kernel_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, kernel_constraint=None, bias_constraint=None,
                 **kwargs):
        super().__init__(filters, kernel_size, strides, normalize_padding(padding), data_format, dilation_rate, 1,
                         activation, use_bias, kernel_initializer, bias_initializer, kernel_regularizer,
                         bias_regularizer, activity_regularizer, kernel_constraint, bias_constraint, **kwargs)
        self.output_padding = None if output_padding is None else \
            check_output_padding(output_padding, self.strides, self.rank)

    def build(self, input_shape) -> None:
        channels = input_shape[-1]
        if channels is None:
            raise ValueError(f"Layer '{self.name}': the channel axis (last) of the input must be known. "
                             f"Received input shape {tuple(input_shape)}.")
        self.kernel = self.add_weight("kernel", self.kernel_size + (self.filters, channels),
                                      self.kernel_initializer, self.kernel_regularizer,
                                      constraint=self.kernel_constraint)
        self.bias = self.add_weight("bias", (self.filters,), self.bias_initializer, self.bias_regularizer,
                                    constraint=self.bias_constraint) if self.use_bias else None
        self.input_spec = InputSpec(ndim=self.rank + 2, axes={-1: channels})
        self.built = True

    def call(self, inputs, training=None):
        out = self.activation(conv_transpose(inputs, self.kernel, self.bias, self.strides, self.padding,
                                             self.output_padding, self.dilation_rate))
        self._regularize_activity(out)
        return out

    def compute_output_shape(self, input_shape):
        extra = self.output_padding or (None,) * self.rank
        spatial = tuple(transpose_output_length(n, k, s, d, self.padding, e) for n, k, s, d, e in
                        zip(input_shape[1:-1], self.kernel_size, self.strides, self.dilation_rate, extra))
        return (input_shape[0],) + spatial + (self.filters,)

    def _check_fits(self, input_shape) -> None:
        """Every input size gives an output."""

    def get_config(self) -> dict:
        config = super().get_config()
        config.pop("groups")
        config["output_padding"] = self.output_padding
        return config


class Conv2DTranspose(ConvTranspose):
    """Transposed 2-D convolution ("deconvolution"): upsamples images (N, H, W, C).

    The gradient of a ``Conv2D`` with respect to its input, used as a layer: each
    input pixel adds its ``kernel``-weighted patch into the output, ``strides``
    apart. With ``padding='same'`` the output is ``strides`` times larger
    (``(N, H*sh, W*sw, filters)``); with ``'valid'`` it is
    ``(H - 1) * sh + kh + max(sh - kh, 0)`` tall (Keras's rule); ``output_padding``
    sets the remainder explicitly. The kernel has shape ``(kh, kw, filters, C)``.

    Args:
        filters: the number of output channels, a positive int.
        kernel_size, strides, dilation_rate: an int or a tuple of 2.
        padding: ``'valid'`` or ``'same'``.
        output_padding: None, an int or a tuple of 2, each less than its stride.
        activation, use_bias, kernel_initializer, bias_initializer, kernel_regularizer,
        bias_regularizer, activity_regularizer, kernel_constraint, bias_constraint: as in ``Conv2D``.

    Example:
        >>> layer = axon.layers.Conv2DTranspose(32, 3, strides=2, padding="same")
        >>> layer(np.zeros((8, 7, 7, 64), "float32")).shape
        (8, 14, 14, 32)
        >>> layer.kernel.shape
        (3, 3, 32, 64)
    """

    rank = 2

    def __init__(self, filters: int, kernel_size, strides=(1, 1), padding: str = "valid", output_padding=None,
                 data_format=None, dilation_rate=(1, 1), activation=None, use_bias: bool = True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros", kernel_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, kernel_constraint=None, bias_constraint=None,
                 **kwargs):
        super().__init__(filters, kernel_size, strides, padding, output_padding, data_format, dilation_rate,
                         activation, use_bias, kernel_initializer, bias_initializer, kernel_regularizer,
                         bias_regularizer, activity_regularizer, kernel_constraint, bias_constraint, **kwargs)


class Conv1DTranspose(ConvTranspose):
    """Transposed 1-D convolution: upsamples sequences (N, steps, C); kernel ``(k, filters, C)``.

    Same arguments as ``Conv2DTranspose`` with ints (or 1-tuples).

    Example:
        >>> axon.layers.Conv1DTranspose(4, 3, strides=2, padding="same")(np.zeros((2, 10, 3), "float32")).shape
        (2, 20, 4)
    """

    rank = 1

    def __init__(self, filters: int, kernel_size, strides=1, padding: str = "valid", output_padding=None,
                 data_format=None, dilation_rate=1, activation=None, use_bias: bool = True,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros", kernel_regularizer=None,
                 bias_regularizer=None, activity_regularizer=None, kernel_constraint=None, bias_constraint=None,
                 **kwargs):
        super().__init__(filters, kernel_size, strides, padding, output_padding, data_format, dilation_rate,
                         activation, use_bias, kernel_initializer, bias_initializer, kernel_regularizer,
                         bias_regularizer, activity_regularizer, kernel_constraint, bias_constraint, **kwargs)


__all__ = ["Conv1DTranspose", "Conv2DTranspose"]
