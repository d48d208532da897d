"""``Sequential``: a plain stack of layers, each feeding the next."""

from __future__ import annotations

from axon.layers.base import Layer
from axon.layers.input_layer import Input, InputLayer, KerasTensor
from axon.models.model import Model


class Sequential(Model):
    """A linear stack of layers.

    Give the input shape with an ``Input`` first, or ``input_shape=`` on the
    first layer, and the model is built at once (``summary()`` works before
    training); otherwise it is built on the first batch it sees.

    Example:
        >>> model = axon.keras.Sequential([
        ...     layers.Input(shape=(784,)),
        ...     layers.Dense(64, activation="relu"),
        ...     layers.Dense(10, activation="softmax"),
        ... ])
    """

    def __init__(self, layers=None, name: str | None = None, trainable: bool = True, **kwargs):
        super().__init__(name=name, trainable=trainable, **kwargs)
        object.__setattr__(self, "_stack", [])
        self._input_tensor: KerasTensor | None = None
        self._stack_outputs: list[KerasTensor] = []  # each layer's symbolic output, once the input is known
        for layer in layers or []:
            self.add(layer)

    @property
    def layers(self) -> list[Layer]:
        """The layers of the stack, in order (without the Input)."""
        return list(self._stack)

    def add(self, layer) -> None:
        """Append a layer (or set the input with an ``Input``)."""
        if isinstance(layer, KerasTensor) and isinstance(layer.node.layer, InputLayer):
            self._set_input(layer)
            return
        if isinstance(layer, InputLayer):
            self._set_input(layer.output)
            return
        if not isinstance(layer, Layer):
            raise TypeError(f"Sequential.add() expects a Layer instance. Received {layer!r} "
                            f"of type {type(layer).__name__}.")
        if any(existing.name == layer.name for existing in self._stack):
            raise ValueError(f"All layers added to a Sequential model should have unique names. Name "
                             f"'{layer.name}' is already the name of a layer in this model.")
        self._stack.append(layer)
        self._tracked_layers.append(layer)
        self._output_shape = None
        if self._input_tensor is None and len(self._stack) == 1 and layer._input_shape_arg is not None:
            self._input_tensor = Input(shape=layer._input_shape_arg, dtype=layer.dtype)
        if self._input_tensor is not None:
            self._build_stack()

    def pop(self) -> Layer:
        """Remove and return the last layer."""
        if not self._stack:
            raise TypeError("There are no layers in the model.")
        layer = self._stack.pop()
        self._tracked_layers.remove(layer)
        self._output_shape = None
        if len(self._stack_outputs) > len(self._stack):
            node = self._stack_outputs.pop().node
            layer._inbound_nodes.remove(node)  # that call belonged to this model's graph only
        return layer

    def _set_input(self, tensor: KerasTensor) -> None:
        if self._stack:
            raise ValueError("An Input must be the first item of a Sequential model.")
        self._input_tensor = tensor

    def _build_stack(self) -> None:
        """Call the layers not yet called on the symbolic input (this builds them and
        records the graph behind ``input``, ``output`` and each ``layer.output``)."""
        x = self._stack_outputs[-1] if self._stack_outputs else self._input_tensor
        for layer in self._stack[len(self._stack_outputs):]:
            x = layer(x)
            self._stack_outputs.append(x)
        self._build_shape = self._input_tensor.shape
        self.built = True

    @property
    def input(self) -> KerasTensor:
        """The symbolic input (from ``Input``, ``input_shape=`` or the first batch)."""
        if self._input_tensor is None:
            raise AttributeError(f"Sequential model '{self.name}' has no defined input yet: start it with "
                                 "keras.Input(shape=...), give its first layer input_shape=, or call it on data.")
        return self._input_tensor

    @property
    def output(self) -> KerasTensor:
        """The symbolic output of the last layer."""
        source = self.input
        return self._stack_outputs[-1] if self._stack_outputs else source

    @property
    def inputs(self) -> list[KerasTensor]:
        """``[model.input]``."""
        return [self.input]

    @property
    def outputs(self) -> list[KerasTensor]:
        """``[model.output]``."""
        return [self.output]

    def build(self, input_shape=None) -> None:
        """Build the stack for inputs of ``input_shape`` (batch axis first)."""
        if input_shape is None:
            if self._input_tensor is None:
                raise ValueError("Sequential.build() needs an input_shape, e.g. (None, 784).")
        else:
            for layer, out in zip(self._stack, self._stack_outputs):
                layer._inbound_nodes.remove(out.node)
            self._stack_outputs = []
            self._input_tensor = Input(batch_shape=tuple(input_shape))
        self._build_stack()

    def call(self, inputs, training=None, mask=None):
        x = inputs
        for layer in self._stack:
            x = layer(x, training=training)
        return x

    @property
    def output_names(self) -> list[str]:
        return [self._stack[-1].name] if self._stack else ["output_1"]

    def _input_layer_name(self, index: int) -> str:
        return self._stack[0].name if self._stack else self.name

    def compute_output_shape(self, input_shape):
        shape = input_shape
        for layer in self._stack:
            shape = layer.compute_output_shape(shape)
        return shape

    def get_config(self) -> dict:
        from axon.models.serialization import serialize_layer

        config = {"name": self.name, "trainable": self.trainable,
                  "layers": [serialize_layer(layer) for layer in self._stack]}
        if self._input_tensor is not None:
            config["input_shape"] = list(self._input_tensor.shape[1:])
        return config

    @classmethod
    def from_config(cls, config: dict, custom_objects=None):
        from axon.models.serialization import deserialize_layer

        model = cls(name=config.get("name"), trainable=config.get("trainable", True))
        if config.get("input_shape") is not None:
            model.add(Input(shape=tuple(config["input_shape"])))
        for item in config["layers"]:
            model.add(deserialize_layer(item, custom_objects))
        return model
