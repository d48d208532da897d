"""``Bidirectional``: run a recurrent layer forwards and a copy of it backwards, and merge."""

from __future__ import annotations

from axon import ops
from axon.layers.base import Layer

MERGE_MODES = ("concat", "sum", "mul", "ave", None)


class Bidirectional(Layer):
    """A bidirectional wrapper for RNNs (Keras's ``layers.Bidirectional``).

    The forward layer reads the sequence from its start, the backward layer (a copy
    with ``go_backwards`` flipped, or ``backward_layer``) from its end; with
    ``return_sequences`` the backward outputs are reversed again so step ``t`` of
    both lines up. Masked steps output zeros in both directions, as in Keras.

    Args:
        layer: a recurrent layer (``LSTM``, ``GRU``, ``SimpleRNN``, ``RNN``).
        merge_mode: ``'concat'`` (default), ``'sum'``, ``'mul'``, ``'ave'`` or None
            (a list ``[forward, backward]``).
        backward_layer: the backward layer, if not a copy of ``layer``.

    With ``return_state`` the call returns ``[output, *forward_states, *backward_states]``.

    Example:
        >>> model = axon.keras.Sequential([layers.Embedding(1000, 32, mask_zero=True),
        ...                                layers.Bidirectional(layers.LSTM(16)), layers.Dense(1)])
    """

    supports_masking = True

    def __init__(self, layer, merge_mode="concat", weights=None, backward_layer=None, **kwargs):
        if not isinstance(layer, Layer) or not hasattr(layer, "go_backwards"):
            raise ValueError(f"Please initialize `Bidirectional` layer with a recurrent layer (LSTM, GRU, SimpleRNN, "
                             f"RNN). Received: {layer!r}")
        if merge_mode not in MERGE_MODES:
            raise ValueError(f"Invalid merge mode. Received: {merge_mode!r}. Merge mode should be one of "
                             "{'sum', 'mul', 'ave', 'concat', None}")
        super().__init__(**kwargs)
        config = layer.get_config()
        config["name"] = "forward_" + layer.name
        self.forward_layer = type(layer).from_config(config)
        if backward_layer is None:
            config = layer.get_config()
            config["name"] = "backward_" + layer.name
            config["go_backwards"] = not layer.go_backwards
            backward_layer = type(layer).from_config(config)
        else:
            for attr in ("return_sequences", "return_state"):
                if getattr(backward_layer, attr) != getattr(layer, attr):
                    raise ValueError(f"Forward layer and backward layer should have the same `{attr}`. Received: "
                                     f"{getattr(layer, attr)} and {getattr(backward_layer, attr)}.")
            if backward_layer.go_backwards == layer.go_backwards:
                raise ValueError("Forward layer and backward layer should have different `go_backwards` values.")
        self.backward_layer = backward_layer
        self.merge_mode = merge_mode
        self.return_sequences = layer.return_sequences
        self.return_state = layer.return_state
        for rnn in (self.forward_layer, self.backward_layer):
            rnn.zero_output_for_mask = self.return_sequences
        self._initial_weights = weights

    def build(self, input_shape) -> None:
        for rnn in (self.forward_layer, self.backward_layer):
            if not rnn.built:
                rnn._build_from(input_shape)
        if self._initial_weights is not None:
            self.set_weights(self._initial_weights)
            self._initial_weights = None
        self.built = True

    def call(self, inputs, initial_state=None, mask=None, training=None):
        fw_state = bw_state = None
        if initial_state is not None:
            states = list(initial_state)
            if len(states) % 2:
                raise ValueError(f"Layer '{self.name}': `initial_state` must hold the forward layer's states then "
                                 f"the backward layer's (an even number). Received {len(states)} tensors.")
            half = len(states) // 2
            fw_state, bw_state = states[:half], states[half:]
        y = self.forward_layer(inputs, initial_state=fw_state, mask=mask, training=training)
        y_rev = self.backward_layer(inputs, initial_state=bw_state, mask=mask, training=training)
        states = []
        if self.return_state:
            y, *fw = y
            y_rev, *bw = y_rev
            states = fw + bw
        if self.return_sequences:
            y_rev = y_rev[:, ::-1]
        if self.merge_mode == "concat":
            output = ops.concat([y, y_rev], axis=-1)
        elif self.merge_mode == "sum":
            output = y + y_rev
        elif self.merge_mode == "ave":
            output = (y + y_rev) * 0.5
        elif self.merge_mode == "mul":
            output = y * y_rev
        else:
            output = [y, y_rev]
        if self.return_state:
            return (output if isinstance(output, list) else [output]) + states
        return output

    def compute_mask(self, inputs, mask=None):
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        output_mask = mask if self.return_sequences else None
        outputs = [output_mask, output_mask] if self.merge_mode is None else [output_mask]
        if self.return_state:
            return outputs + [None] * (2 * len(self.forward_layer.state_size))
        return outputs if self.merge_mode is None else output_mask

    def compute_output_shape(self, input_shape):
        fw = self.forward_layer.compute_output_shape(input_shape)
        states = []
        if self.return_state:
            fw, states = fw[0], fw[1:] * 2
        if self.merge_mode == "concat":
            out = [tuple(fw[:-1]) + (fw[-1] * 2,)]
        elif self.merge_mode is None:
            out = [tuple(fw), tuple(fw)]
        else:
            out = [tuple(fw)]
        out += [tuple(s) for s in states]
        return out[0] if len(out) == 1 else out

    def reset_states(self) -> None:
        """Reset both directions' stored states (stateful layers)."""
        self.forward_layer.reset_states()
        self.backward_layer.reset_states()

    def get_config(self) -> dict:
        from axon.models.serialization import serialize_layer
        config = {**super().get_config(), "layer": serialize_layer(self.forward_layer), "merge_mode": self.merge_mode}
        config["layer"]["config"]["name"] = self.forward_layer.name[len("forward_"):]
        config["backward_layer"] = serialize_layer(self.backward_layer)
        return config

    @classmethod
    def from_config(cls, config: dict, custom_objects=None):
        from axon.models.serialization import deserialize_layer
        config = dict(config)
        config["layer"] = deserialize_layer(config["layer"], custom_objects)
        if config.get("backward_layer") is not None:
            config["backward_layer"] = deserialize_layer(config["backward_layer"], custom_objects)
        return cls(**config)
