"""``TimeDistributed``: one layer applied to every time step of a sequence."""

from __future__ import annotations

from axon.layers.base import Layer
from axon.ops.shape import reshape


class TimeDistributed(Layer):
    """Applies ``layer`` to each step of inputs (N, T, ...), with the same weights.

    The steps are folded into the batch, (N, T, ...) -> (N * T, ...), the layer
    runs once on that, and the result is unfolded to (N, T, ...): one call, not a
    loop over steps. ``training`` is passed on; a mask on the input passes through.

    Args:
        layer: a ``Layer`` instance (e.g. ``Dense(8)``, ``Conv2D(16, 3)``).

    Example:
        >>> td = axon.layers.TimeDistributed(axon.layers.Dense(8))
        >>> td(np.zeros((32, 10, 16))).shape
        (32, 10, 8)
    """

    supports_masking = True

    def __init__(self, layer, **kwargs):
        if not isinstance(layer, Layer):
            raise ValueError(f"TimeDistributed needs a Layer instance to wrap. Received: layer={layer!r}")
        super().__init__(**kwargs)
        self.layer = layer

    def _child_shape(self, input_shape) -> tuple:
        if len(input_shape) < 3:
            raise ValueError(f"Layer '{self.name}' (TimeDistributed) needs inputs of rank >= 3 (batch, time, ...). "
                             f"Received input shape {tuple(input_shape)}.")
        return (None,) + tuple(input_shape[2:])

    def build(self, input_shape) -> None:
        if not self.layer.built:
            self.layer._build_from(self._child_shape(input_shape))
        self.built = True

    def call(self, inputs, training=None):
        self._child_shape(inputs.shape)
        n, t = inputs.shape[:2]
        out = self.layer(reshape(inputs, (n * t,) + tuple(inputs.shape[2:])), training=training)
        return reshape(out, (n, t) + tuple(out.shape[1:]))

    def compute_output_shape(self, input_shape):
        child = self.layer.compute_output_shape(self._child_shape(input_shape))
        return (input_shape[0], input_shape[1]) + tuple(child[1:])

    def get_config(self) -> dict:
        from axon.models.serialization import serialize_layer
        return {**super().get_config(), "layer": serialize_layer(self.layer)}

    @classmethod
    def from_config(cls, config: dict, custom_objects=None):
        from axon.models.serialization import deserialize_layer
        config = dict(config)
        config["layer"] = deserialize_layer(config["layer"], custom_objects)
        return cls(**config)
