"""Paddle's common layers: ``Linear``, ``Flatten``, ``Dropout``, ``Embedding``, ``Identity``,
``Upsample``, ``Pad2D``."""

from __future__ import annotations

from axon.paddle.nn import functional as F
from axon.paddle.nn import initializer as I
from axon.paddle.nn.layer import Layer


def _positive(name: str, value) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        raise ValueError(f"`{name}` must be a positive int. Received: {name}={value!r}")
    return value


class Linear(Layer):
    """``y = x @ weight + bias`` with ``weight`` of shape ``(in_features, out_features)`` (Paddle's layout).

    Weights start Xavier-uniform and the bias at zero unless ``weight_attr`` /
    ``bias_attr`` say otherwise (``bias_attr=False``: no bias).

    Example:
        >>> fc = paddle.nn.Linear(784, 10)
        >>> fc.weight.shape
        [784, 10]
    """

    def __init__(self, in_features: int, out_features: int, weight_attr=None, bias_attr=None, name=None):
        super().__init__()
        self._in_features = _positive("in_features", in_features)
        self._out_features = _positive("out_features", out_features)
        self.weight = self.create_parameter([in_features, out_features], weight_attr)
        self.bias = self.create_parameter([out_features], bias_attr, is_bias=True)

    def forward(self, input):  # noqa: A002
        return F.linear(input, self.weight, self.bias)

    def extra_repr(self) -> str:
        return f"in_features={self._in_features}, out_features={self._out_features}, dtype=float32"


class Flatten(Layer):
    """Merge the axes ``start_axis .. stop_axis`` (default: all but the batch axis)."""

    def __init__(self, start_axis: int = 1, stop_axis: int = -1):
        super().__init__()
        self.start_axis, self.stop_axis = start_axis, stop_axis

    def forward(self, input):  # noqa: A002
        return F.flatten(input, self.start_axis, self.stop_axis)


class Dropout(Layer):
    """Drop each element with probability ``p`` in training (``mode`` as ``F.dropout``)."""

    def __init__(self, p: float = 0.5, axis=None, mode: str = "upscale_in_train", name=None):
        super().__init__()
        if not 0.0 <= float(p) <= 1.0:
            raise ValueError(f"Dropout: `p` must be in [0, 1]. Received: p={p!r}")
        self.p, self.axis, self.mode = float(p), axis, mode

    def forward(self, input):  # noqa: A002
        return F.dropout(input, self.p, self.axis, self.training, self.mode)

    def extra_repr(self) -> str:
        return f"p={self.p}, axis={self.axis}, mode={self.mode}"


class Embedding(Layer):
    """A table of ``num_embeddings`` vectors of size ``embedding_dim`` looked up by integer ids."""

    def __init__(self, num_embeddings: int, embedding_dim: int, padding_idx=None, sparse: bool = False,
                 weight_attr=None, name=None):
        super().__init__()
        self._num_embeddings = _positive("num_embeddings", num_embeddings)
        self._embedding_dim = _positive("embedding_dim", embedding_dim)
        self._padding_idx = padding_idx
        self.weight = self.create_parameter([num_embeddings, embedding_dim], weight_attr,
                                            default_initializer=I.XavierUniform())
        if padding_idx is not None:
            self.weight.value.data[padding_idx] = 0

    def forward(self, x):
        return F.embedding(x, self.weight, self._padding_idx)


class Identity(Layer):
    """Returns its input."""

    def __init__(self, *args, **kwargs):
        super().__init__()

    def forward(self, input):  # noqa: A002
        return input


class Upsample(Layer):
    """Resize NCHW images (``F.interpolate``)."""

    def __init__(self, size=None, scale_factor=None, mode: str = "nearest", align_corners: bool = False,
                 align_mode: int = 0, data_format: str = "NCHW", name=None):
        super().__init__()
        self.size, self.scale_factor, self.mode = size, scale_factor, mode
        self.align_corners, self.align_mode, self.data_format = align_corners, align_mode, data_format

    def forward(self, x):
        return F.interpolate(x, self.size, self.scale_factor, self.mode, self.align_corners, self.align_mode,
                             self.data_format)


class UpsamplingNearest2D(Upsample):
    """Nearest-neighbour upsampling."""

    def __init__(self, size=None, scale_factor=None, data_format: str = "NCHW", name=None):
        super().__init__(size, scale_factor, "nearest", data_format=data_format)


class UpsamplingBilinear2D(Upsample):
    """Bilinear upsampling with ``align_corners=True``."""

    def __init__(self, size=None, scale_factor=None, data_format: str = "NCHW", name=None):
        super().__init__(size, scale_factor, "bilinear", True, data_format=data_format)


class Pad2D(Layer):
    """Pad NCHW images by ``[left, right, top, bottom]`` (or one int for all four)."""

    def __init__(self, padding, mode: str = "constant", value: float = 0.0, data_format: str = "NCHW", name=None):
        super().__init__()
        self.padding = [padding] * 4 if isinstance(padding, int) else list(padding)
        self.mode, self.value, self.data_format = mode, value, data_format

    def forward(self, x):
        return F.pad(x, self.padding, self.mode, self.value, self.data_format)
