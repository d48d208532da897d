"""Symbolic inputs for the functional API: ``Input``, ``InputLayer``, ``KerasTensor``.

``Input(shape=(784,))`` returns a ``KerasTensor``: a shape and dtype with no
values. Calling a layer on it builds the layer and records a ``Node`` (which
layer, which inputs, which outputs); ``Model(inputs, outputs)`` later walks
those nodes back from the outputs to find the graph.
"""

from __future__ import annotations

from axon import backend as B
from axon.layers.base import Layer, _shape_str


class KerasTensor:
    """A symbolic tensor: the shape (batch axis ``None``) and dtype of a value
    that will flow through a functional model, and the node that makes it."""

    def __init__(self, shape, dtype=None, node=None, index: int = 0, name: str | None = None):
        self.shape = tuple(shape)
        self.dtype = dtype or B.floatx()
        self.node = node
        self.index = index
        self.name = name

    @property
    def ndim(self) -> int:
        return len(self.shape)

    def __repr__(self) -> str:
        return f"<KerasTensor shape={_shape_str(self.shape)}, dtype={self.dtype}, name={self.name}>"

    def _not_allowed(self, *args, **kwargs):
        raise TypeError(
            "A symbolic Input has no values: arithmetic on it is not supported. Wrap the computation "
            "in a layer (e.g. layers.Add(), layers.Activation, or a custom Layer) and call that on it."
        )

    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = __truediv__ = __matmul__ = _not_allowed

    def numpy(self):
        raise TypeError("A symbolic Input has no values; call the model on real data instead.")


class Node:
    """One call of a layer in a functional graph."""

    def __init__(self, layer: Layer, inputs, outputs, call_args=()):
        self.layer = layer
        self.inputs = inputs  # a KerasTensor or a list of them, as the layer was called
        self.outputs = outputs
        self.call_args = list(call_args)  # further positional arguments: KerasTensors or plain values
        self.kwargs: dict = {}

    @property
    def input_tensors(self) -> list[KerasTensor]:
        first = list(self.inputs) if isinstance(self.inputs, (list, tuple)) else [self.inputs]
        return first + [a for a in self.call_args if isinstance(a, KerasTensor)] + [
            t for value in self.kwargs.values() for t in symbolic_in(value)]

    @property
    def output_tensors(self) -> list[KerasTensor]:
        return list(self.outputs) if isinstance(self.outputs, (list, tuple)) else [self.outputs]


def symbolic_in(value) -> list:
    """The KerasTensors in a keyword argument (one, or a list of them, as ``initial_state=[h, c]``)."""
    if isinstance(value, KerasTensor):
        return [value]
    if isinstance(value, (list, tuple)):
        return [v for v in value if isinstance(v, KerasTensor)]
    return []


class InputLayer(Layer):
    """The layer behind ``Input``: passes its input through unchanged."""

    def __init__(self, input_shape=None, batch_size=None, dtype=None, name=None, shape=None,
                 batch_shape=None, **kwargs):
        shape = shape if shape is not None else input_shape
        if batch_shape is not None:
            batch_size, shape = batch_shape[0], tuple(batch_shape[1:])
        if shape is None:
            raise ValueError("InputLayer needs a `shape` (the shape of one sample, without the batch axis).")
        shape = tuple(shape) if isinstance(shape, (tuple, list)) else (shape,)
        super().__init__(name=name or None, dtype=dtype, **kwargs)
        self._input_shape_arg = shape
        self.batch_size = batch_size
        self._build_shape = (batch_size,) + shape
        self.built = True
        tensor = KerasTensor(self._build_shape, self.dtype, name=self.name)
        tensor.node = Node(self, [], tensor)
        self._inbound_nodes.append(tensor.node)

    @property
    def input(self) -> KerasTensor:
        """An input layer's input is its output, the symbolic input itself."""
        return self.output

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self) -> dict:
        return {"batch_shape": [self.batch_size, *self._input_shape_arg], "dtype": self.dtype, "name": self.name}


def Input(shape=None, batch_size=None, name=None, dtype=None, batch_shape=None, **kwargs) -> KerasTensor:  # noqa: N802
    """A symbolic input for the functional API (or the first item of a Sequential).

    Args:
        shape: the shape of one sample, without the batch axis, e.g. ``(28, 28, 1)``.

    Example:
        >>> inputs = axon.keras.Input(shape=(784,))
        >>> outputs = layers.Dense(10)(inputs)
        >>> model = axon.keras.Model(inputs, outputs)
    """
    layer = InputLayer(shape=shape, batch_size=batch_size, name=name, dtype=dtype, batch_shape=batch_shape,
                       **kwargs)
    return layer.output


def call_symbolic(layer: Layer, inputs, *args, training=None, **kwargs):
    """Call ``layer`` on KerasTensor(s): build it, infer the output shape and
    record the call as a node of the functional graph.

    Further positional arguments may be KerasTensors too (a layer ``call(self,
    targets, logits)`` called as ``layer(targets, logits)``, as in Keras's
    endpoint-layer pattern)."""
    flat = list(inputs) if isinstance(inputs, (list, tuple)) else [inputs]
    for x in flat:
        if not isinstance(x, KerasTensor):
            raise TypeError(f"Layer '{layer.name}': mix of symbolic Inputs and concrete values in one call.")
    shapes = [x.shape for x in flat] if isinstance(inputs, (list, tuple)) else inputs.shape
    layer._check_input(shapes)
    if not layer.built:
        layer._build_shape = shapes
        layer.build(shapes)
        layer.built = True
    if any(isinstance(a, KerasTensor) for a in args):
        out_shape = _output_shape_of_call(layer, inputs, args, kwargs)
    else:
        out_shape = layer.compute_output_shape(shapes)
    layer._activity_losses = []  # losses added while shapes were inferred on zeros are not real losses
    if isinstance(out_shape, list):
        outputs = [KerasTensor(s, layer.dtype, index=i) for i, s in enumerate(out_shape)]
    else:
        outputs = KerasTensor(out_shape, layer.dtype)
    node = Node(layer, list(inputs) if isinstance(inputs, (list, tuple)) else inputs, outputs, call_args=args)
    node.kwargs = dict(kwargs)
    if training is not None:
        node.kwargs["training"] = training
    for i, out in enumerate(node.output_tensors):
        out.node, out.index = node, i
    layer._inbound_nodes.append(node)
    if layer._output_shape is None:
        layer._output_shape = out_shape
    return outputs


def _output_shape_of_call(layer: Layer, inputs, args, kwargs):
    """The output shape(s) of a call with several tensor arguments, found by
    running it once on a sample of zeros for each (batch axis ``None``)."""
    from axon.autograd.op import no_grad
    from axon.autograd.tensor import Tensor

    def dummy(x):
        if not isinstance(x, KerasTensor):
            return x
        return Tensor._wrap(B.xp.zeros(tuple(1 if n is None else n for n in x.shape), dtype=x.dtype))

    first = [dummy(x) for x in inputs] if isinstance(inputs, (list, tuple)) else dummy(inputs)
    with no_grad():
        out = layer._call_with_training(first, False, *[dummy(a) for a in args], **kwargs)
    if isinstance(out, (list, tuple)):
        return [(None,) + tuple(o.shape[1:]) for o in out]
    return (None,) + tuple(out.shape[1:])
