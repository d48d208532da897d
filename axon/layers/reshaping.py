"""Layers that move, copy or cut values without weights: ``UpSampling1D/2D``,
``ZeroPadding1D/2D``, ``Cropping1D/2D``, ``Permute`` and ``RepeatVector`` (channels_last)."""

from __future__ import annotations

from axon.layers.base import InputSpec, Layer, _shape_str
from axon.ops.repeat import pad, repeat
from axon.ops.resize import resize_bilinear
from axon.ops.shape import expand_dims, getitem, transpose


def _channels_last(data_format) -> str:
    if data_format not in (None, "channels_last"):
        raise ValueError("Only data_format='channels_last' is supported. "
                         f"Received: data_format={data_format!r}. Transpose the input to channels_last.")
    return "channels_last"


def _non_negative_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _pairs(value, rank: int, name: str) -> tuple:
    """``value`` as ``rank`` ``(before, after)`` pairs of non-negative ints.

    Accepts an int (the same on every side), ``rank`` ints (symmetric per axis)
    or ``rank`` pairs; ``rank == 1`` also takes one pair.
    """
    if _non_negative_int(value):
        return ((value, value),) * rank
    items = list(value) if isinstance(value, (list, tuple)) else None
    if items is not None and rank == 1 and len(items) == 2 and all(map(_non_negative_int, items)):
        return (tuple(items),)
    if items is not None and len(items) == rank:
        if all(map(_non_negative_int, items)):
            return tuple((v, v) for v in items)
        if all(isinstance(p, (list, tuple)) and len(p) == 2 and all(map(_non_negative_int, p)) for p in items):
            return tuple(tuple(p) for p in items)
    raise ValueError(f"`{name}` must be a non-negative int, {rank} ints or {rank} pairs (before, after) of "
                     f"non-negative ints. Received: {name}={value!r}")


def _positive_ints(value, rank: int, name: str) -> tuple:
    items = (value,) * rank if isinstance(value, int) else tuple(value) if isinstance(value, (list, tuple)) else ()
    if len(items) != rank or not all(isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in items):
        raise ValueError(f"`{name}` must be a positive int or {rank} positive ints. Received: {name}={value!r}")
    return items


def _times(n, k):
    return None if n is None else n * k


class UpSampling1D(Layer):
    """Repeats each step ``size`` times: (N, steps, C) -> (N, steps * size, C).

    Example:
        >>> axon.layers.UpSampling1D(2)(np.zeros((4, 5, 3))).shape
        (4, 10, 3)
    """

    def __init__(self, size: int = 2, **kwargs):
        super().__init__(**kwargs)
        self.size = _positive_ints(size, 1, "size")[0]
        self.input_spec = InputSpec(ndim=3)

    def call(self, inputs):
        return repeat(inputs, self.size, axis=1) if self.size != 1 else inputs

    def compute_output_shape(self, input_shape):
        return (input_shape[0], _times(input_shape[1], self.size), input_shape[2])

    def get_config(self) -> dict:
        return {**super().get_config(), "size": self.size}


class UpSampling2D(Layer):
    """Enlarges images (N, H, W, C) to (N, H * sh, W * sw, C).

    ``interpolation='nearest'`` repeats each pixel into an ``sh x sw`` block;
    ``'bilinear'`` interpolates as ``tf.image.resize`` does (half-pixel centres).

    Args:
        size: an int or a tuple ``(sh, sw)``: the factors for rows and columns.
        interpolation: ``'nearest'`` or ``'bilinear'``.

    Example:
        >>> axon.layers.UpSampling2D((2, 2))(np.zeros((8, 7, 7, 16))).shape
        (8, 14, 14, 16)
    """

    def __init__(self, size=(2, 2), data_format=None, interpolation: str = "nearest", **kwargs):
        super().__init__(**kwargs)
        self.size = _positive_ints(size, 2, "size")
        self.data_format = _channels_last(data_format)
        if interpolation not in ("nearest", "bilinear"):
            raise ValueError("`interpolation` must be 'nearest' or 'bilinear' (axon implements those two). "
                             f"Received: interpolation={interpolation!r}")
        self.interpolation = interpolation
        self.input_spec = InputSpec(ndim=4)

    def call(self, inputs):
        sh, sw = self.size
        if self.interpolation == "bilinear":
            return resize_bilinear(inputs, (inputs.shape[1] * sh, inputs.shape[2] * sw))
        out = repeat(inputs, sh, axis=1) if sh != 1 else inputs
        return repeat(out, sw, axis=2) if sw != 1 else out

    def compute_output_shape(self, input_shape):
        return (input_shape[0], _times(input_shape[1], self.size[0]), _times(input_shape[2], self.size[1]),
                input_shape[3])

    def get_config(self) -> dict:
        return {**super().get_config(), "size": self.size, "data_format": self.data_format,
                "interpolation": self.interpolation}


class _Padding(Layer):
    """Zeros around the spatial axes (1 for sequences, 2 for images)."""

    rank = 2

    def __init__(self, padding, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.padding = _pairs(padding, self.rank, "padding")
        self.data_format = _channels_last(data_format)
        self.input_spec = InputSpec(ndim=self.rank + 2)

    def call(self, inputs):
        return pad(inputs, ((0, 0),) + self.padding + ((0, 0),))

    def compute_output_shape(self, input_shape):
        spatial = tuple(None if n is None else n + a + b for n, (a, b) in zip(input_shape[1:-1], self.padding))
        return (input_shape[0],) + spatial + (input_shape[-1],)

    def get_config(self) -> dict:
        return {**super().get_config(), "padding": self.padding, "data_format": self.data_format}


class ZeroPadding2D(_Padding):
    """Adds rows and columns of zeros around images (N, H, W, C).

    Args:
        padding: an int (the same on all four sides), ``(rows, cols)`` (symmetric)
            or ``((top, bottom), (left, right))``.

    Example:
        >>> axon.layers.ZeroPadding2D(((1, 0), (2, 2)))(np.ones((1, 3, 3, 1))).shape
        (1, 4, 7, 1)
    """

    def __init__(self, padding=(1, 1), data_format=None, **kwargs):
        super().__init__(padding, data_format, **kwargs)


class ZeroPadding1D(_Padding):
    """Adds zeros before and after sequences (N, steps, C).

    Args:
        padding: an int (both ends) or ``(before, after)``.

    Example:
        >>> axon.layers.ZeroPadding1D(2)(np.ones((1, 3, 4))).shape
        (1, 7, 4)
    """

    rank = 1

    def __init__(self, padding=1, data_format=None, **kwargs):
        super().__init__(padding, data_format, **kwargs)

    def get_config(self) -> dict:
        return {**super().get_config(), "padding": self.padding[0]}


class _Cropping(Layer):
    """Cuts entries off both ends of the spatial axes."""

    rank = 2

    def __init__(self, cropping, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.cropping = _pairs(cropping, self.rank, "cropping")
        self.data_format = _channels_last(data_format)
        self.input_spec = InputSpec(ndim=self.rank + 2)

    def _kept(self, input_shape) -> tuple:
        kept = tuple(None if n is None else n - a - b for n, (a, b) in zip(input_shape[1:-1], self.cropping))
        if any(k is not None and k <= 0 for k in kept):
            raise ValueError(f"Layer '{self.name}' ({type(self).__name__}): cropping={self.cropping} removes "
                             f"everything from an input of shape {_shape_str(input_shape)}. Crop less.")
        return kept

    def build(self, input_shape) -> None:
        self._kept(input_shape)
        self.built = True

    def call(self, inputs):
        self._kept(inputs.shape)
        index = tuple(slice(a, n - b) for n, (a, b) in zip(inputs.shape[1:-1], self.cropping))
        return getitem(inputs, (slice(None),) + index)

    def compute_output_shape(self, input_shape):
        return (input_shape[0],) + self._kept(input_shape) + (input_shape[-1],)

    def get_config(self) -> dict:
        return {**super().get_config(), "cropping": self.cropping, "data_format": self.data_format}


class Cropping2D(_Cropping):
    """Cuts rows and columns off the borders of images (N, H, W, C).

    Args:
        cropping: an int (all four sides), ``(rows, cols)`` (symmetric) or
            ``((top, bottom), (left, right))``.

    Example:
        >>> axon.layers.Cropping2D(((2, 2), (4, 4)))(np.ones((1, 28, 28, 3))).shape
        (1, 24, 20, 3)
    """

    def __init__(self, cropping=((0, 0), (0, 0)), data_format=None, **kwargs):
        super().__init__(cropping, data_format, **kwargs)


class Cropping1D(_Cropping):
    """Cuts steps off both ends of sequences (N, steps, C).

    Args:
        cropping: an int (both ends) or ``(before, after)``.
    """

    rank = 1

    def __init__(self, cropping=(1, 1), **kwargs):
        super().__init__(cropping, None, **kwargs)

    def get_config(self) -> dict:
        config = super().get_config()
        config.pop("data_format")
        return {**config, "cropping": self.cropping[0]}


class Permute(Layer):
    """Reorders the axes of each sample; ``dims`` numbers them from 1 (the batch axis stays first).

    Example:
        >>> axon.layers.Permute((2, 1))(np.zeros((8, 10, 64))).shape    # (N, 64, 10)
        (8, 64, 10)
    """

    def __init__(self, dims, **kwargs):
        super().__init__(**kwargs)
        dims = tuple(dims) if isinstance(dims, (list, tuple)) else ()
        if not dims or sorted(dims) != list(range(1, len(dims) + 1)):
            raise ValueError("`dims` must be a permutation of 1, 2, ..., n (the axes after the batch axis). "
                             f"Received: dims={dims or None!r}")
        self.dims = dims
        self.input_spec = InputSpec(ndim=len(dims) + 1)

    def call(self, inputs):
        return transpose(inputs, (0,) + self.dims)

    def compute_output_shape(self, input_shape):
        return (input_shape[0],) + tuple(input_shape[d] for d in self.dims)

    def get_config(self) -> dict:
        return {**super().get_config(), "dims": self.dims}


class RepeatVector(Layer):
    """Repeats each sample's vector ``n`` times: (N, F) -> (N, n, F) (e.g. to feed a decoder RNN).

    Example:
        >>> axon.layers.RepeatVector(3)(np.zeros((8, 32))).shape
        (8, 3, 32)
    """

    def __init__(self, n: int, **kwargs):
        super().__init__(**kwargs)
        self.n = _positive_ints(n, 1, "n")[0]
        self.input_spec = InputSpec(ndim=2)

    def call(self, inputs):
        return repeat(expand_dims(inputs, 1), self.n, axis=1)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.n, input_shape[1])

    def get_config(self) -> dict:
        return {**super().get_config(), "n": self.n}
