"""Running a model one layer call at a time, to look at what each layer computes.

A ``Sequential`` model is a chain of layers; a functional ``Model`` is a graph
of layer calls (nodes) in an order where each call comes after the calls that
produce its inputs. Both become the same list of steps here, so the tracing
and the feature-map code never care which kind of model they were given.
"""

from __future__ import annotations

from axon.layers.base import Layer


def is_sequential(model) -> bool:
    """Whether ``model`` is a ``Sequential`` stack."""
    from axon.models.sequential import Sequential

    return isinstance(model, Sequential)


def is_functional(model) -> bool:
    """Whether ``model`` is a functional ``Model(inputs, outputs)``."""
    return getattr(model, "outputs", None) is not None and not is_sequential(model)


def resolve_layer(model, layer) -> Layer:
    """A layer of ``model`` given by name, by index in ``model.layers`` or as the Layer itself.

    Raises:
        ValueError: when the model has no such layer.
    """
    if isinstance(layer, Layer):
        if all(layer is not own for own in model.layers):
            raise ValueError(f"Layer '{layer.name}' is not a layer of model '{model.name}'. Its layers are "
                             f"{[lay.name for lay in model.layers]}.")
        return layer
    if isinstance(layer, (str, int)) and not isinstance(layer, bool):
        return model.get_layer(layer) if isinstance(layer, str) else model.get_layer(index=layer)
    raise TypeError(f"`layer` must be a layer name, an index into model.layers or a Layer. Received {layer!r}.")


def run_layers(model, inputs, call=None, until: Layer | None = None, training=False):
    """Run ``model`` on ``inputs`` one layer call at a time.

    Args:
        model: a ``Sequential`` or functional model.
        inputs: a Tensor or array (a list of them for several inputs).
        call: ``call(layer, layer_inputs, training) -> output`` computes each step;
            the default simply calls the layer. Tracing code passes its own to
            record what happens inside.
        until: stop after this layer's first call and return its output.
        training: passed to every layer (Dropout and BatchNormalization care).

    Returns:
        The model's output (or ``until``'s output); a list for several outputs.

    Raises:
        TypeError: for a subclassed model, whose ``call`` cannot be taken apart.
    """
    call = call or (lambda layer, x, training: layer(x, training=training))
    if is_sequential(model):
        x = inputs
        for layer in model.layers:
            x = call(layer, x, training)
            if layer is until:
                return x
        return x
    if not is_functional(model):
        raise TypeError(f"Model '{model.name}' is a subclassed model: its call() cannot be run layer by layer. "
                        "Use a Sequential or functional model (Model(inputs, outputs)).")
    from axon.models.functional import ordered_nodes

    values = inputs if isinstance(inputs, (list, tuple)) else [inputs]
    for t, v in zip(model.inputs, values):
        if t.node.layer is until:
            return v
    computed = {id(t): v for t, v in zip(model.inputs, values)}
    for node in ordered_nodes(model.inputs, model.outputs):
        args = [computed[id(t)] for t in node.input_tensors]
        layer_inputs = args if isinstance(node.inputs, (list, tuple)) else args[0]
        out = call(node.layer, layer_inputs, node.kwargs.get("training", training))
        outs = out if isinstance(node.outputs, (list, tuple)) else [out]
        for t, v in zip(node.output_tensors, outs):
            computed[id(t)] = v
        if node.layer is until:
            return out
    if until is not None:
        raise ValueError(f"Layer '{until.name}' is not on the path from the inputs to the outputs.")
    outs = [computed[id(t)] for t in model.outputs]
    return outs if len(outs) > 1 else outs[0]


def layer_output(model, layer, x, training: bool = False):
    """The output of one layer of ``model`` for the inputs ``x``, as a NumPy array.

    Runs the model layer by layer up to ``layer`` (a name, an index into
    ``model.layers`` or the Layer), in inference mode, recording no gradient.

    Example:
        >>> maps = axon.explain.layer_output(model, "conv2d", x_test[:1])   # (1, 28, 28, 8)
    """
    from axon import backend as B
    from axon.autograd.op import no_grad

    target = resolve_layer(model, layer)
    with no_grad():
        out = run_layers(model, x, until=target, training=training)
    return B.to_numpy(getattr(out, "data", out))
