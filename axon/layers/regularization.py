"""Layers that regularise while training and do nothing at inference:
``SpatialDropout1D/2D`` (whole feature maps dropped), ``GaussianNoise`` (additive),
``GaussianDropout`` (multiplicative) and ``ActivityRegularization`` (a penalty on
the activations)."""

from __future__ import annotations

import math

import numpy as np

from axon import backend as B
from axon import regularizers
from axon.autograd.tensor import Tensor
from axon.layers.base import InputSpec, Layer
from axon.layers.core import Dropout
from axon.ops.dropout import Dropout as DropoutOp
from axon.ops.dropout import check_rate
from axon.ops.elementwise import add


class _SpatialDropout(Dropout):
    """Dropout whose mask is shared along the spatial axes: one draw per (sample, channel)."""

    rank = 1

    def __init__(self, rate: float, seed: int | None = None, **kwargs):
        kwargs.pop("noise_shape", None)  # fixed by the layer; configs of older versions may carry it
        super().__init__(rate, noise_shape=(None,) + (1,) * self.rank + (None,), seed=seed, **kwargs)
        self.input_spec = InputSpec(ndim=self.rank + 2)

    def get_config(self) -> dict:
        config = super().get_config()
        config.pop("noise_shape")
        config.pop("trainable")  # Keras's SpatialDropout configs (and constructors) have no `trainable`
        return config


class SpatialDropout1D(_SpatialDropout):
    """Drops whole channels of sequences (N, steps, C) while training: each (sample,
    channel) is zeroed with probability ``rate`` at every step, the rest scaled by
    ``1 / (1 - rate)``. Better than ``Dropout`` when neighbouring steps are correlated.

    Example:
        >>> y = axon.layers.SpatialDropout1D(0.5)(np.ones((2, 10, 4)), training=True)   # columns of 0 or 2
    """


class SpatialDropout2D(_SpatialDropout):
    """Drops whole feature maps of images (N, H, W, C) while training (Tompson et al., 2015).

    Example:
        >>> y = axon.layers.SpatialDropout2D(0.2)(np.ones((8, 28, 28, 16)), training=True)
    """

    rank = 2

    def __init__(self, rate: float, data_format=None, seed: int | None = None, **kwargs):
        if data_format not in (None, "channels_last"):
            raise ValueError(f"Only data_format='channels_last' is supported. Received: data_format={data_format!r}")
        super().__init__(rate, seed=seed, **kwargs)
        self.data_format = "channels_last"

    def get_config(self) -> dict:
        return {**super().get_config(), "data_format": self.data_format}


class _Noise(Layer):
    """Shared by the Gaussian layers: an optional seed giving the layer its own stream."""

    supports_masking = True

    def __init__(self, seed: int | None = None, **kwargs):
        super().__init__(**kwargs)
        self.seed = None if seed is None else int(seed)
        self._generator = None

    def _normal(self, shape, dtype):
        if self.seed is not None and self._generator is None:
            self._generator = B.generator(self.seed)
        gen = self._generator or B.rng()
        dt = np.dtype(dtype)
        return gen.standard_normal(shape, dtype=dt if dt in (np.float32, np.float64) else np.float32).astype(dt)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)


class GaussianNoise(_Noise):
    """Adds zero-mean Gaussian noise of standard deviation ``stddev`` while training
    (data augmentation for real-valued inputs); the identity at inference.

    Example:
        >>> y = axon.layers.GaussianNoise(0.1)(x, training=True)
    """

    def __init__(self, stddev: float, seed: int | None = None, **kwargs):
        super().__init__(seed=seed, **kwargs)
        if not isinstance(stddev, (int, float)) or isinstance(stddev, bool) or not stddev >= 0:
            raise ValueError(f"`stddev` must be a number >= 0. Received: stddev={stddev!r}")
        self.stddev = float(stddev)

    def call(self, inputs, training=None):
        if not training or self.stddev == 0:
            return inputs
        noise = self._normal(inputs.shape, inputs.dtype)
        noise *= self.stddev
        return add(inputs, Tensor._wrap(noise))

    def get_config(self) -> dict:
        return {**super().get_config(), "stddev": self.stddev, "seed": self.seed}


class GaussianDropout(_Noise):
    """Multiplies the inputs by Gaussian noise of mean 1 and standard deviation
    ``sqrt(rate / (1 - rate))`` while training (Srivastava et al., 2014); the
    identity at inference.

    Example:
        >>> y = axon.layers.GaussianDropout(0.3)(x, training=True)
    """

    def __init__(self, rate: float, seed: int | None = None, **kwargs):
        super().__init__(seed=seed, **kwargs)
        self.rate = check_rate(rate)

    def call(self, inputs, training=None):
        if not training or self.rate == 0:
            return inputs
        noise = self._normal(inputs.shape, inputs.dtype)
        noise *= math.sqrt(self.rate / (1.0 - self.rate))
        noise += 1.0
        return DropoutOp.apply(inputs, mask=noise)  # y = x * noise, dy/dx = noise

    def get_config(self) -> dict:
        return {**super().get_config(), "rate": self.rate, "seed": self.seed}


class ActivityRegularization(Layer):
    """Passes its input through and adds ``(l1 * sum|x| + l2 * sum x^2) / batch_size``
    to the model's losses (as Keras does, divided by the batch size).

    Example:
        >>> layer = axon.layers.ActivityRegularization(l1=1e-3)
        >>> y = layer(x)           # y is x; layer.losses holds the penalty
    """

    supports_masking = True

    def __init__(self, l1: float = 0.0, l2: float = 0.0, **kwargs):
        super().__init__(**kwargs)
        self.l1, self.l2 = float(l1), float(l2)
        self.activity_regularizer = regularizers.L1L2(l1=self.l1, l2=self.l2)

    def call(self, inputs):
        self._regularize_activity(inputs)
        return inputs

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self) -> dict:
        return {**super().get_config(), "l1": self.l1, "l2": self.l2}
