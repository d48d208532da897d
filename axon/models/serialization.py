"""Model architectures as JSON-able configs: the registry of layer classes,
layer configs, and functional graphs replayed from their recorded calls.

Nothing here reads or writes files (``saving.py`` does); a config never holds
code, so rebuilding a model from one can only create registered classes.
"""

from __future__ import annotations

_REGISTRY: dict[str, type] = {}


# ------------------------------------------------------------------ registry
def register_keras_serializable(package: str = "Custom", name: str | None = None):
    """Class decorator: make a custom layer (or model) loadable by name.

    Example:
        >>> @axon.saving.register_keras_serializable()
        ... class Scale(axon.layers.Layer):
        ...     ...
    """
    def decorator(cls):
        key = f"{package}>{name or cls.__name__}"
        _REGISTRY[key] = cls
        _REGISTRY[name or cls.__name__] = cls
        cls._registered_name = key
        return cls
    return decorator


def _builtin_classes() -> dict[str, type]:
    from axon import layers, models

    found = {n: getattr(layers, n) for n in dir(layers) if isinstance(getattr(layers, n), type)}
    found.update({"Sequential": models.Sequential, "Model": models.Model, "Functional": models.Model})
    return found


def get_registered_object(name: str, custom_objects: dict | None = None) -> type:
    """The class registered (or built in) under ``name``."""
    for table in (custom_objects or {}, _REGISTRY, _builtin_classes()):
        if name in table:
            return table[name]
    known = sorted(set(_REGISTRY) | {k for k in custom_objects or {}})
    raise ValueError(
        f"Unknown layer class {name!r} in the saved config. Register custom layers with "
        f"@axon.saving.register_keras_serializable() or pass custom_objects={{'{name}': {name}}}. "
        f"Registered custom classes: {known or 'none'}."
    )


def find_registered(name: str):
    """The object registered under ``name``, or None."""
    return _REGISTRY.get(name)


def registered_name(cls: type) -> str | None:
    """The name ``cls`` itself was registered under (a subclass does not inherit it)."""
    return cls.__dict__.get("_registered_name")


def serialize_layer(layer) -> dict:
    """``{'class_name', 'config'}`` of a layer (or nested model)."""
    name = registered_name(type(layer)) or type(layer).__name__
    return {"class_name": name, "config": layer.get_config()}


def deserialize_layer(item: dict, custom_objects=None):
    """A layer rebuilt from ``serialize_layer``'s output."""
    cls = get_registered_object(item["class_name"], custom_objects)
    config = dict(item["config"])
    try:
        if hasattr(cls, "_stack") or cls.__name__ in ("Sequential", "Model", "Functional"):
            return cls.from_config(config, custom_objects=custom_objects)
        return cls.from_config(config)
    except TypeError as err:
        raise ValueError(f"Could not rebuild layer {item['class_name']!r} from its config: {err}. A custom layer "
                         "must implement get_config() returning its constructor arguments.") from None


# ---------------------------------------------------------- functional graph
def functional_config(model) -> dict:
    """The graph of a functional model: layers with the calls feeding them."""
    from axon.layers.input_layer import InputLayer

    node_key: dict[int, tuple[str, int]] = {}
    counts: dict[str, int] = {}
    for t in model.inputs:
        node_key[id(t.node)] = (t.node.layer.name, 0)
    layers = [{"class_name": "InputLayer", "name": t.node.layer.name, "config": t.node.layer.get_config(),
               "inbound_nodes": []} for t in model.inputs]
    by_name = {}
    for node in model._graph["nodes"]:
        name = node.layer.name
        k = counts.get(name, 0)
        counts[name] = k + 1
        node_key[id(node)] = (name, k)
        if name not in by_name:
            by_name[name] = {**serialize_layer(node.layer), "name": name, "inbound_nodes": []}
            layers.append(by_name[name])
        inbound = [[*node_key[id(t.node)], t.index] for t in node.input_tensors]
        by_name[name]["inbound_nodes"].append({"args": inbound, "list": isinstance(node.inputs, (list, tuple)),
                                               "kwargs": node.kwargs})
    assert all(isinstance(t.node.layer, InputLayer) for t in model.inputs)

    def ref(t):
        return [*node_key[id(t.node)], t.index]

    outputs = model._graph["outputs"]
    return {
        "name": model.name, "trainable": model.trainable, "layers": layers,
        "input_layers": {k: ref(v) for k, v in model._graph["inputs"].items()}
        if isinstance(model._graph["inputs"], dict) else [ref(t) for t in model.inputs],
        "output_layers": {k: ref(v) for k, v in outputs.items()} if isinstance(outputs, dict)
        else [ref(t) for t in model.outputs],
        "single_output": not isinstance(outputs, (list, tuple, dict)),
        "single_input": not isinstance(model._graph["inputs"], (list, tuple, dict)),
    }


def functional_from_config(config: dict, custom_objects=None):
    """Rebuild a functional model by replaying its layer calls."""
    from axon.layers.input_layer import InputLayer
    from axon.models.model import Model

    tensors: dict[tuple, object] = {}
    pending = []
    for item in config["layers"]:
        if item["class_name"] == "InputLayer":
            layer = InputLayer(**item["config"])
            tensors[(item["name"], 0, 0)] = layer.output
        else:
            pending.append((deserialize_layer(item, custom_objects), item["inbound_nodes"]))
    # replay calls in an order where inputs exist (a layer may be called several times)
    progress = True
    done = [0] * len(pending)
    while progress:
        progress = False
        for i, (layer, nodes) in enumerate(pending):
            while done[i] < len(nodes):
                node = nodes[done[i]]
                keys = [tuple(a) for a in node["args"]]
                if not all(k in tensors for k in keys):
                    break
                args = [tensors[k] for k in keys]
                out = layer(args if node["list"] else args[0], **node.get("kwargs", {}))
                for j, o in enumerate(out if isinstance(out, (list, tuple)) else [out]):
                    tensors[(layer.name, done[i], j)] = o
                done[i] += 1
                progress = True
    in_ref = config["input_layers"]
    inputs = {k: tensors[tuple(v)] for k, v in in_ref.items()} if isinstance(in_ref, dict) \
        else [tensors[tuple(r)] for r in in_ref]
    out_ref = config["output_layers"]
    outputs = {k: tensors[tuple(v)] for k, v in out_ref.items()} if isinstance(out_ref, dict) \
        else [tensors[tuple(r)] for r in out_ref]
    if config.get("single_output"):
        outputs = outputs[0]
    if config.get("single_input"):
        inputs = inputs[0]
    return Model(inputs, outputs, name=config.get("name"))
