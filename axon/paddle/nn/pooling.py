"""Paddle's pooling layers (NCHW / NCL)."""

from __future__ import annotations

from axon.paddle.nn import functional as F
from axon.paddle.nn.layer import Layer


class MaxPool2D(Layer):
    """Max pooling of NCHW images (``stride`` defaults to ``kernel_size``)."""

    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode: bool = False, return_mask: bool = False,
                 data_format: str = "NCHW", name=None):
        super().__init__()
        self.ksize, self.stride, self.padding = kernel_size, stride, padding
        self.ceil_mode, self.return_mask, self.data_format = ceil_mode, return_mask, data_format
        if return_mask:
            raise NotImplementedError("MaxPool2D(return_mask=True) is not supported by axon.paddle.")

    def forward(self, x):
        return F.max_pool2d(x, self.ksize, self.stride, self.padding, False, self.ceil_mode, self.data_format)

    def extra_repr(self) -> str:
        return f"kernel_size={self.ksize}, stride={self.stride}, padding={self.padding}"


class AvgPool2D(Layer):
    """Average pooling of NCHW images; ``exclusive=True`` leaves padding out of the mean."""

    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode: bool = False, exclusive: bool = True,
                 divisor_override=None, data_format: str = "NCHW", name=None):
        super().__init__()
        self.ksize, self.stride, self.padding, self.ceil_mode = kernel_size, stride, padding, ceil_mode
        self.exclusive, self.divisor, self.data_format = exclusive, divisor_override, data_format

    def forward(self, x):
        return F.avg_pool2d(x, self.ksize, self.stride, self.padding, self.ceil_mode, self.exclusive, self.divisor,
                            self.data_format)

    def extra_repr(self) -> str:
        return f"kernel_size={self.ksize}, stride={self.stride}, padding={self.padding}"


class MaxPool1D(Layer):
    """Max pooling of NCL sequences."""

    def __init__(self, kernel_size, stride=None, padding=0, return_mask: bool = False, ceil_mode: bool = False,
                 name=None):
        super().__init__()
        self.ksize, self.stride, self.padding, self.ceil_mode = kernel_size, stride, padding, ceil_mode
        if return_mask:
            raise NotImplementedError("MaxPool1D(return_mask=True) is not supported by axon.paddle.")

    def forward(self, x):
        return F.max_pool1d(x, self.ksize, self.stride, self.padding, False, self.ceil_mode)


class AvgPool1D(Layer):
    """Average pooling of NCL sequences."""

    def __init__(self, kernel_size, stride=None, padding=0, exclusive: bool = True, ceil_mode: bool = False,
                 name=None):
        super().__init__()
        self.ksize, self.stride, self.padding = kernel_size, stride, padding
        self.exclusive, self.ceil_mode = exclusive, ceil_mode

    def forward(self, x):
        return F.avg_pool1d(x, self.ksize, self.stride, self.padding, self.exclusive, self.ceil_mode)


class AdaptiveAvgPool2D(Layer):
    """Average pooling of NCHW images to a fixed ``output_size``."""

    def __init__(self, output_size, data_format: str = "NCHW", name=None):
        super().__init__()
        self.output_size, self.data_format = output_size, data_format

    def forward(self, x):
        return F.adaptive_avg_pool2d(x, self.output_size, self.data_format)

    def extra_repr(self) -> str:
        return f"output_size={self.output_size}"


class AdaptiveMaxPool2D(Layer):
    """Max pooling of NCHW images to a fixed ``output_size``."""

    def __init__(self, output_size, return_mask: bool = False, name=None):
        super().__init__()
        self.output_size = output_size
        if return_mask:
            raise NotImplementedError("AdaptiveMaxPool2D(return_mask=True) is not supported by axon.paddle.")

    def forward(self, x):
        return F.adaptive_max_pool2d(x, self.output_size)


class AdaptiveAvgPool1D(Layer):
    """Average pooling of NCL sequences to ``output_size`` positions."""

    def __init__(self, output_size, name=None):
        super().__init__()
        self.output_size = output_size

    def forward(self, x):
        return F.adaptive_avg_pool1d(x, self.output_size)


class AdaptiveMaxPool1D(Layer):
    """Max pooling of NCL sequences to ``output_size`` positions."""

    def __init__(self, output_size, return_mask: bool = False, name=None):
        super().__init__()
        self.output_size = output_size

    def forward(self, x):
        return F.adaptive_max_pool1d(x, self.output_size)
