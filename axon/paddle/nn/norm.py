"""Paddle's normalization layers: ``BatchNorm1D`` / ``2D`` (and ``BatchNorm``), ``LayerNorm``, ``InstanceNorm2D``.

Paddle's ``momentum=0.9`` weighs the old running statistic:
``running = running * 0.9 + batch * 0.1`` (PyTorch's 0.1 means the same).
"""

from __future__ import annotations

import numpy as np

from axon.paddle.nn import functional as F
from axon.paddle.nn import initializer as I
from axon.paddle.nn.layer import Layer
from axon.paddle.param_attr import ParamAttr


class _BatchNormBase(Layer):
    _ranks: tuple = (2, 3, 4)
    _format = "NCHW"

    def __init__(self, num_features: int, momentum: float = 0.9, epsilon: float = 1e-05, weight_attr=None,
                 bias_attr=None, data_format=None, use_global_stats=None, name=None):
        super().__init__()
        if not isinstance(num_features, int) or num_features <= 0:
            raise ValueError(f"{type(self).__name__}: `num_features` must be a positive int. "
                             f"Received: {num_features!r}")
        if not 0.0 <= momentum <= 1.0:
            raise ValueError(f"{type(self).__name__}: `momentum` must be in [0, 1] (Paddle's convention: the weight "
                             f"of the old running statistic, 0.9 by default). Received: momentum={momentum!r}")
        self._num_features, self._momentum, self._epsilon = num_features, float(momentum), float(epsilon)
        self._data_format = data_format or self._format
        self._use_global_stats = use_global_stats
        self.weight = self.create_parameter([num_features], weight_attr, default_initializer=I.Constant(1.0))
        self.bias = self.create_parameter([num_features], bias_attr, is_bias=True)
        if weight_attr is False:
            self.weight = None
        # Paddle keeps the running statistics as non-trainable parameters (listed by parameters(),
        # counted by summary as non-trainable, saved in the state dict as _mean / _variance).
        self._mean = self.create_parameter([num_features], ParamAttr(initializer=I.Constant(0.0), trainable=False))
        self._variance = self.create_parameter([num_features],
                                               ParamAttr(initializer=I.Constant(1.0), trainable=False))

    def forward(self, input):  # noqa: A002
        shape = input.shape if hasattr(input, "shape") else np.shape(input)
        if len(shape) not in self._ranks:
            raise ValueError(f"{type(self).__name__} expects an input of rank {' or '.join(map(str, self._ranks))}. "
                             f"Received shape {list(shape)}.")
        channel_axis = len(shape) - 1 if self._data_format in ("NHWC", "NLC") else 1
        if shape[channel_axis] != self._num_features:
            raise ValueError(f"{type(self).__name__}({self._num_features}) got an input of shape {list(shape)} whose "
                             f"channel axis {channel_axis} has {shape[channel_axis]} features "
                             f"(data_format={self._data_format!r}).")
        return F.batch_norm(input, self._mean, self._variance, self.weight, self.bias, self.training, self._momentum,
                            self._epsilon, self._data_format, self._use_global_stats)

    def extra_repr(self) -> str:
        return f"num_features={self._num_features}, momentum={self._momentum}, epsilon={self._epsilon}"


class BatchNorm1D(_BatchNormBase):
    """Batch normalization of ``(N, C)`` or ``(N, C, L)`` inputs."""

    _ranks = (2, 3)
    _format = "NCL"


class BatchNorm2D(_BatchNormBase):
    """Batch normalization of NCHW images (one mean / variance per channel)."""

    _ranks = (4,)
    _format = "NCHW"


class BatchNorm(_BatchNormBase):
    """Batch normalization of ``(N, C, ...)`` inputs, with Paddle 1.x's ``act`` and ``is_test`` arguments."""

    def __init__(self, num_channels: int, act=None, is_test: bool = False, momentum: float = 0.9,
                 epsilon: float = 1e-05, param_attr=None, bias_attr=None, dtype="float32", data_layout="NCHW",
                 in_place: bool = False, moving_mean_name=None, moving_variance_name=None,
                 do_model_average_for_mean_and_var: bool = True, use_global_stats: bool = False,
                 trainable_statistics: bool = False):
        super().__init__(num_channels, momentum, epsilon, param_attr, bias_attr, data_layout,
                         use_global_stats or None)
        self._act = act
        if is_test:
            self.training = False

    def forward(self, input):  # noqa: A002
        out = super().forward(input)
        return getattr(F, self._act)(out) if self._act else out


class LayerNorm(Layer):
    """Normalize over the trailing ``normalized_shape`` axes, then scale and shift."""

    def __init__(self, normalized_shape, epsilon: float = 1e-05, weight_attr=None, bias_attr=None, name=None):
        super().__init__()
        shape = [normalized_shape] if isinstance(normalized_shape, int) else list(normalized_shape)
        self._normalized_shape, self._epsilon = shape, float(epsilon)
        self.weight = self.create_parameter(shape, weight_attr, default_initializer=I.Constant(1.0))
        self.bias = self.create_parameter(shape, bias_attr, is_bias=True)

    def forward(self, input):  # noqa: A002
        return F.layer_norm(input, self._normalized_shape, self.weight, self.bias, self._epsilon)


class InstanceNorm2D(Layer):
    """Normalize each image's each channel over its pixels."""

    def __init__(self, num_features: int, epsilon: float = 1e-05, momentum: float = 0.9, weight_attr=None,
                 bias_attr=None, data_format: str = "NCHW", name=None):
        super().__init__()
        self._epsilon = float(epsilon)
        self.scale = self.create_parameter([num_features], weight_attr, default_initializer=I.Constant(1.0))
        self.bias = self.create_parameter([num_features], bias_attr, is_bias=True)

    def forward(self, input):  # noqa: A002
        return F.instance_norm(input, weight=self.scale, bias=self.bias, eps=self._epsilon)
