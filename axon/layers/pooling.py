"""Pooling layers (channels_last): max and average pooling over windows
(``MaxPooling1D/2D``, ``AveragePooling1D/2D``) and over the whole image or
sequence (``GlobalMaxPooling1D/2D``, ``GlobalAveragePooling1D/2D``), with
Keras's aliases (``MaxPool2D``, ``AvgPool2D`` ...)."""

from __future__ import annotations

from axon import backend as B
from axon.autograd.tensor import Tensor
from axon.layers.base import InputSpec, Layer
from axon.ops.conv import normalize_padding, normalize_tuple, output_length
from axon.ops.pool import pool
from axon.ops.reduce import reduce_max, reduce_mean, reduce_sum


def _check_channels_last(data_format) -> str:
    if data_format not in (None, "channels_last"):
        raise ValueError(f"Only data_format='channels_last' is supported. Received: data_format={data_format!r}")
    return "channels_last"


class Pooling(Layer):
    """Shared body of the window pooling layers (``rank`` spatial axes, ``mode`` 'max' or 'avg')."""

    rank = 2
    mode = "max"

    def __init__(self, pool_size=2, strides=None, padding: str = "valid", data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.pool_size = normalize_tuple(pool_size, self.rank, "pool_size")
        self.strides = self.pool_size if strides is None else normalize_tuple(strides, self.rank, "strides")
        self.padding = normalize_padding(padding)
        self.data_format = _check_channels_last(data_format)
        self.input_spec = InputSpec(ndim=self.rank + 2)

    def build(self, input_shape) -> None:
        self.compute_output_shape(input_shape)  # a clear error now if the window does not fit
        self.built = True

    def call(self, inputs):
        return pool(inputs, self.pool_size, self.strides, self.padding, self.mode)

    def compute_output_shape(self, input_shape):
        spatial = tuple(output_length(n, k, s, 1, self.padding)
                        for n, k, s in zip(input_shape[1:-1], self.pool_size, self.strides))
        if any(n is not None and n <= 0 for n in spatial):
            raise ValueError(f"Layer '{self.name}': pool_size={self.pool_size} does not fit the input of spatial "
                             f"shape {tuple(input_shape[1:-1])} with padding='{self.padding}'. Received input "
                             f"shape {tuple(input_shape)}.")
        return (input_shape[0],) + spatial + (input_shape[-1],)

    def get_config(self) -> dict:
        return {**super().get_config(), "pool_size": self.pool_size, "strides": self.strides,
                "padding": self.padding, "data_format": self.data_format}


class MaxPooling2D(Pooling):
    """Max pooling over windows of images (N, H, W, C).

    ``y[n, h, w, c] = max_{i < ph, j < pw} x[n, h*sh + i, w*sw + j, c]``;
    ``'same'`` padding never lets padding win. The gradient goes to one maximum
    of each window.

    Args:
        pool_size: an int or a tuple ``(ph, pw)``; default ``(2, 2)``.
        strides: an int, a tuple or None (= ``pool_size``).
        padding: ``'valid'`` or ``'same'`` (output ``ceil(n / s)``).

    Example:
        >>> axon.layers.MaxPooling2D()(np.zeros((8, 28, 28, 6), "float32")).shape
        (8, 14, 14, 6)
    """

    rank, mode = 2, "max"

    def __init__(self, pool_size=(2, 2), strides=None, padding: str = "valid", data_format=None, **kwargs):
        super().__init__(pool_size, strides, padding, data_format, **kwargs)


class AveragePooling2D(Pooling):
    """Average pooling over windows of images (N, H, W, C).

    ``y[n, h, w, c] = mean_{i < ph, j < pw} x[n, h*sh + i, w*sw + j, c]``; with
    ``'same'`` padding the mean is over the real (unpadded) elements, as Keras does.

    Example:
        >>> axon.layers.AveragePooling2D(2)(np.ones((1, 4, 4, 3), "float32")).shape
        (1, 2, 2, 3)
    """

    rank, mode = 2, "avg"

    def __init__(self, pool_size=(2, 2), strides=None, padding: str = "valid", data_format=None, **kwargs):
        super().__init__(pool_size, strides, padding, data_format, **kwargs)


class MaxPooling1D(Pooling):
    """Max pooling over windows of sequences (N, steps, C); ``pool_size`` defaults to 2.

    Example:
        >>> axon.layers.MaxPooling1D()(np.zeros((2, 10, 3), "float32")).shape
        (2, 5, 3)
    """

    rank, mode = 1, "max"


class AveragePooling1D(Pooling):
    """Average pooling over windows of sequences (N, steps, C); ``pool_size`` defaults to 2.

    Example:
        >>> axon.layers.AveragePooling1D(3, strides=1, padding="same")(np.zeros((2, 10, 3), "float32")).shape
        (2, 10, 3)
    """

    rank, mode = 1, "avg"


class GlobalPooling(Layer):
    """Shared body of the global pooling layers: a reduction over all spatial axes."""

    rank = 2
    reduce = staticmethod(reduce_mean)

    def __init__(self, data_format=None, keepdims: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.data_format = _check_channels_last(data_format)
        self.keepdims = bool(keepdims)
        self.input_spec = InputSpec(ndim=self.rank + 2)

    def call(self, inputs):
        return self.reduce(inputs, axis=tuple(range(1, self.rank + 1)), keepdims=self.keepdims)

    def compute_output_shape(self, input_shape):
        if self.keepdims:
            return (input_shape[0],) + (1,) * self.rank + (input_shape[-1],)
        return (input_shape[0], input_shape[-1])

    def get_config(self) -> dict:
        return {**super().get_config(), "data_format": self.data_format, "keepdims": self.keepdims}


class GlobalAveragePooling2D(GlobalPooling):
    """The mean over height and width: (N, H, W, C) -> (N, C) (``keepdims=True``: (N, 1, 1, C)).

    Example:
        >>> axon.layers.GlobalAveragePooling2D()(np.ones((2, 7, 7, 16), "float32")).shape
        (2, 16)
    """

    rank, reduce = 2, staticmethod(reduce_mean)


class GlobalMaxPooling2D(GlobalPooling):
    """The maximum over height and width: (N, H, W, C) -> (N, C) (``keepdims=True``: (N, 1, 1, C)).

    Tied maxima share the gradient equally, as ``reduce_max`` does.
    """

    rank, reduce = 2, staticmethod(reduce_max)


class GlobalAveragePooling1D(GlobalPooling):
    """The mean over steps: (N, steps, C) -> (N, C) (``keepdims=True``: (N, 1, C)).

    With a mask (from ``Embedding(mask_zero=True)`` or ``Masking``) the mean is
    over the unmasked steps only, as in Keras; the output carries no mask.
    """

    rank, reduce = 1, staticmethod(reduce_mean)
    supports_masking = True

    def call(self, inputs, mask=None):
        if mask is None:
            return super().call(inputs)
        weights = Tensor._wrap(B.xp.asarray(mask, dtype=inputs.dtype)[:, :, None])
        total = reduce_sum(inputs * weights, axis=1, keepdims=self.keepdims)
        return total / reduce_sum(weights, axis=1, keepdims=self.keepdims)

    def compute_mask(self, inputs, mask=None):
        return None


class GlobalMaxPooling1D(GlobalPooling):
    """The maximum over steps: (N, steps, C) -> (N, C) (``keepdims=True``: (N, 1, C))."""

    rank, reduce = 1, staticmethod(reduce_max)


# Keras's short names for the same classes.
MaxPool1D = MaxPooling1D
MaxPool2D = MaxPooling2D
AvgPool1D = AveragePooling1D
AvgPool2D = AveragePooling2D
GlobalAvgPool1D = GlobalAveragePooling1D
GlobalAvgPool2D = GlobalAveragePooling2D
GlobalMaxPool1D = GlobalMaxPooling1D
GlobalMaxPool2D = GlobalMaxPooling2D
