"""Paddle's convolution layers: ``Conv1D``, ``Conv2D`` (NCHW, weight ``(out, in / groups, kh, kw)``),
``Conv2DTranspose`` (weight ``(in, out / groups, kh, kw)``)."""

from __future__ import annotations

import numpy as np

from axon.paddle.nn import functional as F
from axon.paddle.nn import initializer as I
from axon.paddle.nn.functional.conv import spatial_arg
from axon.paddle.nn.layer import Layer


class _ConvNd(Layer):
    _rank = 2
    _transposed = False

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1,
                 padding_mode="zeros", weight_attr=None, bias_attr=None, data_format="NCHW", output_padding=0):
        super().__init__()
        for key, value in (("in_channels", in_channels), ("out_channels", out_channels), ("groups", groups)):
            if not isinstance(value, int) or value <= 0:
                raise ValueError(f"{type(self).__name__}: `{key}` must be a positive int. Received: {key}={value!r}")
        if in_channels % groups or out_channels % groups:
            raise ValueError(f"{type(self).__name__}: in_channels ({in_channels}) and out_channels ({out_channels}) "
                             f"must be divisible by groups ({groups}).")
        if padding_mode != "zeros":
            raise NotImplementedError(f"{type(self).__name__}: padding_mode={padding_mode!r} is not supported by "
                                      "axon.paddle; use 'zeros' (or pad first with paddle.nn.functional.pad).")
        self._in_channels, self._out_channels, self._groups = in_channels, out_channels, groups
        self._kernel_size = spatial_arg(kernel_size, self._rank, "kernel_size")
        self._stride, self._padding, self._dilation = stride, padding, dilation
        self._output_padding, self._data_format = output_padding, data_format
        if self._transposed:
            shape = [in_channels, out_channels // groups, *self._kernel_size]
            default = None
        else:
            shape = [out_channels, in_channels // groups, *self._kernel_size]
            # Paddle's default: N(0, sqrt(2 / fan_in)), fan_in = in * kh * kw.
            default = I.Normal(0.0, (2.0 / (in_channels * int(np.prod(self._kernel_size)))) ** 0.5)
        self.weight = self.create_parameter(shape, weight_attr, default_initializer=default)
        self.bias = self.create_parameter([out_channels], bias_attr, is_bias=True)

    def extra_repr(self) -> str:
        text = f"{self._in_channels}, {self._out_channels}, kernel_size={list(self._kernel_size)}"
        if self._stride != 1:
            text += f", stride={self._stride}"
        if self._padding != 0:
            text += f", padding={self._padding}"
        if self._groups != 1:
            text += f", groups={self._groups}"
        return text + f", data_format={self._data_format}"


class Conv2D(_ConvNd):
    """2-D convolution of NCHW images.

    Args:
        in_channels, out_channels: channel counts.
        kernel_size, stride, dilation: an int or ``[h, w]``.
        padding: ``'SAME'``, ``'VALID'``, an int, ``[ph, pw]`` or ``[top, bottom, left, right]``.
        groups: split the channels into this many independent convolutions.
        weight_attr, bias_attr: ``ParamAttr`` (``bias_attr=False``: no bias).
        data_format: ``'NCHW'`` (default) or ``'NHWC'``.

    Example:
        >>> conv = paddle.nn.Conv2D(1, 6, 3, padding=1)
        >>> conv.weight.shape
        [6, 1, 3, 3]
    """

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1,
                 padding_mode="zeros", weight_attr=None, bias_attr=None, data_format="NCHW"):
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation, groups, padding_mode,
                         weight_attr, bias_attr, data_format)

    def forward(self, x):
        return F.conv2d(x, self.weight, self.bias, self._stride, self._padding, self._dilation, self._groups,
                        self._data_format)


class Conv1D(_ConvNd):
    """1-D convolution of NCL sequences, weight ``(out, in / groups, k)``."""

    _rank = 1

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1,
                 padding_mode="zeros", weight_attr=None, bias_attr=None, data_format="NCL"):
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation, groups, padding_mode,
                         weight_attr, bias_attr, data_format)

    def forward(self, x):
        return F.conv1d(x, self.weight, self.bias, self._stride, self._padding, self._dilation, self._groups,
                        self._data_format)


class Conv2DTranspose(_ConvNd):
    """Transposed 2-D convolution of NCHW images, weight ``(in, out, kh, kw)``."""

    _transposed = True

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1,
                 dilation=1, weight_attr=None, bias_attr=None, data_format="NCHW"):
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation, groups, "zeros",
                         weight_attr, bias_attr, data_format, output_padding)

    def forward(self, x, output_size=None):
        return F.conv2d_transpose(x, self.weight, self.bias, self._stride, self._padding, self._output_padding,
                                  self._groups, self._dilation, self._data_format, output_size)
