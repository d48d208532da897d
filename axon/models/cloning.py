"""``clone_model``: the same architecture with fresh weights (or layers of your choice)."""

from __future__ import annotations

from axon.layers.base import Layer
from axon.layers.input_layer import Input, InputLayer, KerasTensor


def _fresh_layer(layer: Layer) -> Layer:
    """Keras's default ``clone_function``: the layer rebuilt from its config (new, unbuilt weights)."""
    return type(layer).from_config(layer.get_config())


def clone_model(model, input_tensors=None, clone_function=None):
    """A new model with ``model``'s architecture and freshly initialised weights.

    Args:
        model: a Sequential or functional model (a subclassed model needs
            ``get_config`` / ``from_config``).
        input_tensors: optional ``Input`` tensor(s) for the clone's inputs.
        clone_function: ``fn(layer) -> layer`` making each layer of the clone;
            by default ``type(layer).from_config(layer.get_config())``. Return
            the layer itself to share it (and its weights) with the original.

    Example:
        >>> twin = axon.models.clone_model(model)
        >>> twin.set_weights(model.get_weights())
    """
    clone = clone_function or _fresh_layer
    if hasattr(model, "_stack"):
        return _clone_sequential(model, input_tensors, clone)
    if getattr(model, "_graph", None) is not None:
        return _clone_functional(model, input_tensors, clone)
    if input_tensors is not None or clone_function is not None:
        raise ValueError(f"clone_model() of the subclassed model '{model.name}' cannot take input_tensors or "
                         "clone_function: it rebuilds the model from its get_config(). Build the model as "
                         "Sequential or functional to clone it layer by layer.")
    try:
        return type(model).from_config(model.get_config())
    except TypeError as err:
        raise ValueError(f"clone_model() could not rebuild the subclassed model '{model.name}' ({err}): give its "
                         "class a get_config() returning its constructor arguments (and from_config if needed).") \
            from None


def _checked(clone, layer: Layer) -> Layer:
    new = clone(layer)
    if not isinstance(new, Layer):
        raise TypeError(f"clone_function must return a Layer; for layer '{layer.name}' it returned {new!r}.")
    return new


def _clone_sequential(model, input_tensors, clone):
    from axon.models.sequential import Sequential

    new_layers = [_checked(clone, layer) for layer in model.layers]
    if input_tensors is not None:
        inputs = input_tensors[0] if isinstance(input_tensors, (list, tuple)) else input_tensors
        if not isinstance(inputs, KerasTensor):
            raise TypeError(f"input_tensors must come from keras.Input(...). Received {inputs!r}.")
        return Sequential([inputs, *new_layers], name=model.name)
    if model._input_tensor is None:
        return Sequential(new_layers, name=model.name)
    source = model._input_tensor
    return Sequential([Input(batch_shape=source.shape, dtype=source.dtype, name=source.node.layer.name),
                       *new_layers], name=model.name)


def _clone_functional(model, input_tensors, clone):
    from axon.models.functional import flatten_structure
    from axon.models.model import Model

    graph = model._graph
    old_inputs = graph["flat_inputs"]
    if input_tensors is None:
        new_inputs = [Input(batch_shape=t.shape, dtype=t.dtype, name=t.node.layer.name) for t in old_inputs]
    else:
        new_inputs = flatten_structure(input_tensors)
        if len(new_inputs) != len(old_inputs) or not all(isinstance(t, KerasTensor) for t in new_inputs):
            raise ValueError(f"input_tensors must be {len(old_inputs)} keras.Input tensor(s), one per input of "
                             f"model '{model.name}'.")
    mapped = {id(old): new for old, new in zip(old_inputs, new_inputs)}
    layers: dict[int, Layer] = {}
    for node in graph["nodes"]:
        layer = node.layer
        if isinstance(layer, InputLayer):
            continue
        if id(layer) not in layers:  # a layer called several times is cloned once and shared again
            layers[id(layer)] = _checked(clone, layer)
        first = node.inputs if isinstance(node.inputs, (list, tuple)) else [node.inputs]
        values = [mapped[id(t)] for t in first]
        args = [mapped[id(a)] if isinstance(a, KerasTensor) else a for a in node.call_args]
        out = layers[id(layer)](values if isinstance(node.inputs, (list, tuple)) else values[0], *args,
                                **node.kwargs)
        for old, new in zip(node.output_tensors, out if isinstance(out, (list, tuple)) else [out]):
            mapped[id(old)] = new

    def rebuild(structure):
        if isinstance(structure, dict):
            return {k: mapped[id(v)] for k, v in structure.items()}
        if isinstance(structure, (list, tuple)):
            return [mapped[id(v)] for v in structure]
        return mapped[id(structure)]

    return Model(rebuild(graph["inputs"]), rebuild(graph["outputs"]), name=model.name)
