"""Layers without weights that reshape or transform their input: ``Activation``,
``Flatten``, ``Reshape``, ``Dropout`` and ``Lambda``."""

from __future__ import annotations

import math

from axon import activations
from axon import backend as B
from axon.layers.base import Layer, _shape_str
from axon.ops.dropout import Dropout as DropoutOp
from axon.ops.dropout import check_rate, keep_mask, resolve_noise_shape
from axon.ops.shape import Reshape as ReshapeOp
from axon.ops.shape import transpose


class Activation(Layer):
    """Applies an activation function to its input.

    Args:
        activation: a name (``'relu'``, ``'softmax'`` ...) or a callable.

    Example:
        >>> axon.layers.Activation("relu")(np.array([[-1.0, 2.0]])).numpy()
        array([[0., 2.]], dtype=float32)
    """

    supports_masking = True

    def __init__(self, activation, **kwargs):
        super().__init__(**kwargs)
        self.activation = activations.get(activation)

    def call(self, inputs):
        return self.activation(inputs)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self) -> dict:
        return {**super().get_config(), "activation": activations.serialize(self.activation)}


def _product(dims) -> int | None:
    """The product of ``dims``, or None when one of them is unknown."""
    return None if any(n is None for n in dims) else math.prod(dims)


class Flatten(Layer):
    """Flattens each sample to a vector, keeping the batch axis: (N, 28, 28, 1) -> (N, 784).

    Args:
        data_format: ``'channels_last'`` (default) flattens in the stored order;
            ``'channels_first'`` moves the channel axis last first, so a model
            converted between the two formats keeps its Dense weights valid.

    Example:
        >>> axon.layers.Flatten()(np.zeros((32, 28, 28, 1))).shape
        (32, 784)
    """

    def __init__(self, data_format: str | None = None, **kwargs):
        super().__init__(**kwargs)
        data_format = (data_format or "channels_last").lower()
        if data_format not in ("channels_last", "channels_first"):
            raise ValueError("`data_format` must be 'channels_last' or 'channels_first'. "
                             f"Received: data_format={data_format!r}")
        self.data_format = data_format

    def call(self, inputs):
        if self.data_format == "channels_first" and inputs.ndim > 2:
            inputs = transpose(inputs, (0,) + tuple(range(2, inputs.ndim)) + (1,))
        return ReshapeOp.apply(inputs, shape=(inputs.shape[0], math.prod(inputs.shape[1:])))

    def compute_output_shape(self, input_shape):
        return (input_shape[0], _product(input_shape[1:]))

    def get_config(self) -> dict:
        return {**super().get_config(), "data_format": self.data_format}


class Reshape(Layer):
    """Reshapes each sample to ``target_shape``, keeping the batch axis.

    Args:
        target_shape: the shape of one sample, without the batch axis; one entry
            may be ``-1``, inferred from the others.

    Raises:
        ValueError: when a sample's size does not fit ``target_shape``.

    Example:
        >>> axon.layers.Reshape((7, 7, -1))(np.zeros((8, 196))).shape
        (8, 7, 7, 4)
    """

    def __init__(self, target_shape, **kwargs):
        super().__init__(**kwargs)
        shape = tuple(target_shape) if isinstance(target_shape, (list, tuple)) else (target_shape,)
        valid = all(isinstance(n, int) and not isinstance(n, bool) and (n > 0 or n == -1) for n in shape)
        if not valid or list(shape).count(-1) > 1:
            raise ValueError("`target_shape` must be a tuple of positive ints, with at most one -1. "
                             f"Received: target_shape={target_shape!r}")
        self.target_shape = shape

    def _resolve(self, input_shape) -> tuple:
        """The target shape with its -1 filled in for a sample of ``input_shape[1:]``."""
        size = _product(input_shape[1:])
        known = math.prod(n for n in self.target_shape if n != -1)
        if -1 in self.target_shape:
            if size is None:
                return tuple(None if n == -1 else n for n in self.target_shape)
            if size % known == 0:
                return tuple(size // known if n == -1 else n for n in self.target_shape)
        elif size is None or size == known:
            return self.target_shape
        raise ValueError(
            f"Layer '{self.name}' (Reshape) cannot reshape an input of shape {_shape_str(input_shape)} "
            f"({size} values per sample) into target_shape {_shape_str(self.target_shape)} "
            f"({'a multiple of ' if -1 in self.target_shape else ''}{known} values). "
            "The number of values per sample must stay the same."
        )

    def build(self, input_shape) -> None:
        self._resolve(input_shape)
        self.built = True

    def call(self, inputs):
        return ReshapeOp.apply(inputs, shape=(inputs.shape[0],) + self._resolve(inputs.shape))

    def compute_output_shape(self, input_shape):
        return (input_shape[0],) + self._resolve(input_shape)

    def get_config(self) -> dict:
        return {**super().get_config(), "target_shape": list(self.target_shape)}


class Dropout(Layer):
    """Randomly zeroes a fraction ``rate`` of the inputs while training and scales
    the rest by ``1 / (1 - rate)`` (inverted dropout); the identity at inference.

    Active only when called with ``training=True`` (as ``fit`` does). The mask is
    drawn from the generator ``axon.random.set_seed`` seeds, or from the layer's
    own stream when ``seed`` is given.

    Args:
        rate: the fraction of units to drop, in [0, 1).
        noise_shape: the shape of the mask, broadcast to the input; ``None`` entries
            take the input's size (``(None, 1, 1, None)`` drops whole feature maps).
        seed: an int giving the layer its own reproducible random stream.

    Example:
        >>> drop = axon.layers.Dropout(0.5)
        >>> drop(np.ones((2, 4)), training=True).numpy()   # entries 0.0 or 2.0
        >>> drop(np.ones((2, 4))).numpy()                  # unchanged
    """

    supports_masking = True

    def __init__(self, rate: float, noise_shape=None, seed: int | None = None, **kwargs):
        super().__init__(**kwargs)
        self.rate = check_rate(rate)
        self.noise_shape = None if noise_shape is None else tuple(noise_shape)
        self.seed = None if seed is None else int(seed)
        self._generator = None

    def call(self, inputs, training=None):
        if not training or self.rate == 0.0:
            return inputs
        if self.seed is not None and self._generator is None:
            self._generator = B.generator(self.seed)
        mask = keep_mask(resolve_noise_shape(self.noise_shape, inputs.shape), self.rate, inputs.dtype,
                         self._generator)
        return DropoutOp.apply(inputs, mask=mask)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self) -> dict:
        return {**super().get_config(), "rate": self.rate,
                "noise_shape": None if self.noise_shape is None else list(self.noise_shape), "seed": self.seed}


class Lambda(Layer):
    """Wraps a function of tensors as a layer (for quick, weightless transforms).

    Args:
        function: called as ``function(inputs, **arguments)``; it must use axon ops.
        output_shape: the output shape without the batch axis (or a function of the
            input shape); when None it is found by running ``function`` on zeros.
        arguments: extra keyword arguments for ``function``.

    The config holds the function object itself: a model with a Lambda layer can
    be cloned in memory, but saving it to a file needs a custom layer instead
    (files never hold code).

    Example:
        >>> double = axon.layers.Lambda(lambda x: x * 2.0)
        >>> double(np.ones((1, 3))).numpy()
        array([[2., 2., 2.]], dtype=float32)
    """

    def __init__(self, function, output_shape=None, mask=None, arguments: dict | None = None, **kwargs):
        super().__init__(**kwargs)
        if not callable(function):
            raise TypeError(f"`function` must be callable. Received: function={function!r}")
        self.function = function
        self._output_shape_arg = tuple(output_shape) if isinstance(output_shape, (list, tuple)) else output_shape
        self.arguments = dict(arguments or {})

    def call(self, inputs):
        return self.function(inputs, **self.arguments)

    def compute_output_shape(self, input_shape):
        if self._output_shape_arg is None:
            return super().compute_output_shape(input_shape)
        if callable(self._output_shape_arg):
            return tuple(self._output_shape_arg(input_shape))
        return (input_shape[0] if not isinstance(input_shape, list) else None,) + self._output_shape_arg

    def get_config(self) -> dict:
        shape = self._output_shape_arg
        return {**super().get_config(), "function": self.function,
                "output_shape": list(shape) if isinstance(shape, tuple) else shape, "arguments": self.arguments}


class Identity(Layer):
    """Returns its input unchanged (a placeholder, e.g. for an optional block).

    Example:
        >>> axon.layers.Identity()(np.ones((2, 3))).shape
        (2, 3)
    """

    supports_masking = True

    def call(self, inputs):
        return inputs

    def compute_output_shape(self, input_shape):
        return input_shape
