"""Paddle's containers: ``Sequential``, ``LayerList``, ``LayerDict``, ``ParameterList``."""

from __future__ import annotations

import collections

from axon.paddle.nn.layer import Layer
from axon.paddle.tensor import Parameter


class Sequential(Layer):
    """Layers applied in order; built from layers, or from ``(name, layer)`` pairs.

    Example:
        >>> net = paddle.nn.Sequential(paddle.nn.Linear(784, 128), paddle.nn.ReLU(), paddle.nn.Linear(128, 10))
        >>> net[0].weight.shape
        [784, 128]
    """

    def __init__(self, *layers):
        super().__init__()
        if len(layers) == 1 and isinstance(layers[0], (collections.OrderedDict, dict)):
            layers = tuple(layers[0].items())
        if layers and isinstance(layers[0], (list, tuple)):
            for name, layer in layers:
                self.add_sublayer(name, layer)
        else:
            for i, layer in enumerate(layers):
                self.add_sublayer(str(i), layer)

    def __getitem__(self, index):
        layers = list(self._sub_layers.values())
        if isinstance(index, slice):
            return Sequential(*layers[index])
        if isinstance(index, str):
            return self._sub_layers[index]
        return layers[index]

    def __setitem__(self, index, layer) -> None:
        key = list(self._sub_layers)[index]
        self._sub_layers[key] = layer

    def __delitem__(self, index) -> None:
        keys = list(self._sub_layers)
        for key in (keys[index] if isinstance(index, slice) else [keys[index]]):
            del self._sub_layers[key]

    def __len__(self) -> int:
        return len(self._sub_layers)

    def __iter__(self):
        return iter(self._sub_layers.values())

    def forward(self, input):  # noqa: A002
        for layer in self._sub_layers.values():
            input = layer(input)
        return input


class LayerList(Layer):
    """A list of sublayers, registered so that their parameters are found."""

    def __init__(self, sublayers=None):
        super().__init__()
        for i, layer in enumerate(sublayers or ()):
            self.add_sublayer(str(i), layer)

    def __getitem__(self, index):
        layers = list(self._sub_layers.values())
        if isinstance(index, slice):
            return LayerList(layers[index])
        return layers[index]

    def __setitem__(self, index, layer) -> None:
        self._sub_layers[list(self._sub_layers)[index]] = layer

    def __delitem__(self, index) -> None:
        layers = list(self._sub_layers.values())
        del layers[index]
        self._sub_layers.clear()
        for i, layer in enumerate(layers):
            self._sub_layers[str(i)] = layer

    def __len__(self) -> int:
        return len(self._sub_layers)

    def __iter__(self):
        return iter(self._sub_layers.values())

    def append(self, sublayer: Layer) -> LayerList:
        """Add a layer at the end."""
        self.add_sublayer(str(len(self)), sublayer)
        return self

    def insert(self, index: int, sublayer: Layer) -> None:
        """Insert a layer before ``index``."""
        layers = list(self._sub_layers.values())
        layers.insert(index, sublayer)
        self._sub_layers.clear()
        for i, layer in enumerate(layers):
            self._sub_layers[str(i)] = layer

    def extend(self, sublayers) -> LayerList:
        """Add several layers at the end."""
        for layer in sublayers:
            self.append(layer)
        return self


class LayerDict(Layer):
    """Sublayers by name."""

    def __init__(self, sublayers=None):
        super().__init__()
        for name, layer in (dict(sublayers) if sublayers else {}).items():
            self.add_sublayer(name, layer)

    def __getitem__(self, key: str) -> Layer:
        return self._sub_layers[key]

    def __setitem__(self, key: str, layer: Layer) -> None:
        self.add_sublayer(key, layer)

    def __delitem__(self, key: str) -> None:
        del self._sub_layers[key]

    def __len__(self) -> int:
        return len(self._sub_layers)

    def __iter__(self):
        return iter(self._sub_layers)

    def __contains__(self, key: str) -> bool:
        return key in self._sub_layers

    def keys(self):
        """The names."""
        return self._sub_layers.keys()

    def values(self):
        """The layers."""
        return self._sub_layers.values()

    def items(self):
        """``(name, layer)`` pairs."""
        return self._sub_layers.items()

    def update(self, sublayers) -> None:
        """Add or replace layers."""
        for name, layer in dict(sublayers).items():
            self.add_sublayer(name, layer)


class ParameterList(Layer):
    """A list of parameters, registered on the layer."""

    def __init__(self, parameters=None):
        super().__init__()
        for i, p in enumerate(parameters or ()):
            self.add_parameter(str(i), p)

    def __getitem__(self, index) -> Parameter:
        return list(self._parameters.values())[index]

    def __len__(self) -> int:
        return len(self._parameters)

    def __iter__(self):
        return iter(self._parameters.values())

    def append(self, parameter: Parameter) -> ParameterList:
        """Add a parameter at the end."""
        self.add_parameter(str(len(self)), parameter)
        return self
