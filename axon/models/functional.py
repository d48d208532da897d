"""The functional graph: from ``Model(inputs, outputs)`` to an ordered list of
layer calls, and running it on real tensors."""

from __future__ import annotations

from axon.layers.input_layer import InputLayer, KerasTensor, Node


def flatten_structure(value) -> list:
    """A KerasTensor, a list/tuple of them or a dict of them, as a flat list."""
    if isinstance(value, dict):
        return list(value.values())
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


def ordered_nodes(inputs: list[KerasTensor], outputs: list[KerasTensor]) -> list[Node]:
    """The nodes between ``inputs`` and ``outputs`` in an order where every
    node comes after the nodes that produce its inputs.

    Raises:
        ValueError: if an output depends on an Input that is not in ``inputs``.
    """
    for t in inputs + outputs:
        if not isinstance(t, KerasTensor):
            raise TypeError(f"Model(inputs, outputs) expects symbolic tensors from axon.keras.Input and layer "
                            f"calls. Received {type(t).__name__}.")
    input_ids = {id(t) for t in inputs}
    order: list[Node] = []
    done: set[int] = set()
    stack = [(t.node, False) for t in reversed(outputs)]
    while stack:
        node, expanded = stack.pop()
        if id(node) in done:
            continue
        if expanded:
            done.add(id(node))
            order.append(node)
            continue
        stack.append((node, True))
        if isinstance(node.layer, InputLayer):
            if id(node.outputs) not in input_ids:
                raise ValueError(
                    f"The graph needs the Input '{node.layer.name}', which is not among the model's inputs. "
                    "Pass every Input the outputs depend on to Model(inputs=...)."
                )
            continue
        for t in reversed(node.input_tensors):  # the first argument's branch comes first in `layers`
            if id(t) not in input_ids and id(t.node) not in done:
                stack.append((t.node, False))
    return [n for n in order if not isinstance(n.layer, InputLayer)]


def run_graph(nodes: list[Node], inputs: list[KerasTensor], values: list, training) -> dict:
    """Run the layer calls of ``nodes`` on real ``values`` for ``inputs``;
    returns a map from id(KerasTensor) to the computed Tensor."""
    computed = {id(t): v for t, v in zip(inputs, values)}
    for node in nodes:
        first = node.inputs if isinstance(node.inputs, (list, tuple)) else [node.inputs]
        values = [computed[id(t)] for t in first]
        layer_input = values if isinstance(node.inputs, (list, tuple)) else values[0]
        args = [computed[id(a)] if isinstance(a, KerasTensor) else a for a in node.call_args]
        kwargs = {k: _resolve(v, computed) for k, v in node.kwargs.items()}
        kwargs.setdefault("training", training)
        out = node.layer(layer_input, *args, **kwargs)
        for t, v in zip(node.output_tensors, out if isinstance(node.outputs, (list, tuple)) else [out]):
            computed[id(t)] = v
    return computed


def _resolve(value, computed: dict):
    """A keyword argument with its KerasTensors replaced by their computed values."""
    if isinstance(value, KerasTensor):
        return computed[id(value)]
    if isinstance(value, (list, tuple)) and any(isinstance(v, KerasTensor) for v in value):
        return type(value)(computed[id(v)] if isinstance(v, KerasTensor) else v for v in value)
    return value
