"""Model architectures as JSON-able configs: the registry of layer classes,
layer configs, and functional graphs replayed from their recorded calls.

Nothing here reads or writes files (``saving.py`` does); a config never holds
code, so rebuilding a model from one can only create registered classes.
"""

from __future__ import annotations

from axon import object_registration
from axon.object_registration import register_keras_serializable  # noqa: F401  (the saving API in one place)


def _builtin_classes() -> dict[str, type]:
    from axon import layers, models

    found = {n: getattr(layers, n) for n in dir(layers) if isinstance(getattr(layers, n), type)}
    found.update({"Sequential": models.Sequential, "Model": models.Model, "Functional": models.Model})
    return found


def get_registered_object(name: str, custom_objects: dict | None = None) -> type:
    """The layer (or model) class known as ``name``: a custom object, else a built-in one.

    Raises:
        ValueError: naming the class and how to register it, when it is unknown.
    """
    found = object_registration.get_registered_object(name, custom_objects, _builtin_classes())
    if found is None:
        raise object_registration.unknown_object_error("layer class", name, custom_objects)
    return found


def find_registered(name: str):
    """The custom object known as ``name`` (argument, scope or registry), or None."""
    return object_registration.lookup(name)


def registered_name(cls: type) -> str | None:
    """The name ``cls`` itself was registered under (a subclass does not inherit it)."""
    return object_registration.registered_name(cls)


def serialize_layer(layer) -> dict:
    """``{'class_name', 'config'}`` of a layer (or nested model)."""
    name = registered_name(type(layer)) or type(layer).__name__
    return {"class_name": name, "config": layer.get_config()}


def deserialize_layer(item: dict, custom_objects=None):
    """A layer rebuilt from ``serialize_layer``'s output."""
    cls = get_registered_object(item["class_name"], custom_objects)
    config = dict(item["config"])
    try:
        # the scope lets a layer's own config name custom activations, initializers ... from custom_objects
        with object_registration.custom_object_scope(custom_objects):
            if hasattr(cls, "_stack") or cls.__name__ in ("Sequential", "Model", "Functional"):
                return cls.from_config(config, custom_objects=custom_objects)
            return cls.from_config(config)
    except TypeError as err:
        raise ValueError(f"Could not rebuild layer {item['class_name']!r} from its config: {err}. A custom layer "
                         "must implement get_config() returning its constructor arguments.") from None


# ---------------------------------------------------------- functional graph
def functional_config(model) -> dict:
    """The graph of a functional model: layers with the calls feeding them."""
    from axon.layers.input_layer import InputLayer, KerasTensor

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
        first = node.inputs if isinstance(node.inputs, (list, tuple)) else [node.inputs]
        entry = {"args": [[*node_key[id(t.node)], t.index] for t in first],
                 "list": isinstance(node.inputs, (list, tuple)),
                 "kwargs": _encode_kwargs(node.kwargs, lambda t: [*node_key[id(t.node)], t.index])}
        if node.call_args:  # further positional arguments: tensors by reference, plain values as they are
            entry["call_args"] = [{"tensor": [*node_key[id(a.node)], a.index]} if isinstance(a, KerasTensor)
                                  else {"value": a} for a in node.call_args]
        by_name[name]["inbound_nodes"].append(entry)
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


def _is_tensor_ref(value) -> bool:
    return isinstance(value, dict) and value.get("class_name") == "__keras_tensor__"


def _encode_kwargs(kwargs: dict, ref) -> dict:
    """Keyword arguments with their KerasTensors (``initial_state=[h, c]``) as references, as Keras writes them."""
    from axon.layers.input_layer import KerasTensor

    def encode(value):
        if isinstance(value, KerasTensor):
            return {"class_name": "__keras_tensor__", "config": {"keras_history": ref(value)}}
        if isinstance(value, (list, tuple)) and any(isinstance(v, KerasTensor) for v in value):
            return [encode(v) for v in value]
        return value
    return {k: encode(v) for k, v in kwargs.items()}


def _kwarg_refs(kwargs: dict) -> list:
    values = [v for value in kwargs.values() for v in (value if isinstance(value, list) else [value])]
    return [tuple(v["config"]["keras_history"]) for v in values if _is_tensor_ref(v)]


def _decode_kwargs(kwargs: dict, tensors: dict) -> dict:
    def decode(value):
        if _is_tensor_ref(value):
            return tensors[tuple(value["config"]["keras_history"])]
        if isinstance(value, list):
            return [decode(v) for v in value]
        return value
    return {k: decode(v) for k, v in kwargs.items()}


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
            # calls are keyed by the name in the config: a custom get_config() may leave the name out
            pending.append((deserialize_layer(item, custom_objects), item["inbound_nodes"], item["name"]))
    # replay calls in an order where inputs exist (a layer may be called several times)
    progress = True
    done = [0] * len(pending)
    while progress:
        progress = False
        for i, (layer, nodes, key) in enumerate(pending):
            while done[i] < len(nodes):
                node = nodes[done[i]]
                keys = [tuple(a) for a in node["args"]]
                extra = node.get("call_args", [])
                kwargs = node.get("kwargs", {})
                needed = keys + [tuple(a["tensor"]) for a in extra if "tensor" in a] + _kwarg_refs(kwargs)
                if not all(k in tensors for k in needed):
                    break
                args = [tensors[k] for k in keys]
                call_args = [tensors[tuple(a["tensor"])] if "tensor" in a else a["value"] for a in extra]
                out = layer(args if node["list"] else args[0], *call_args, **_decode_kwargs(kwargs, tensors))
                for j, o in enumerate(out if isinstance(out, (list, tuple)) else [out]):
                    tensors[(key, done[i], j)] = o
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


# -------------------------------------------------------------------- JSON
def model_to_json(model, **kwargs) -> str:
    """The architecture of ``model`` as JSON text (no weights), as ``model.to_json()``."""
    import json

    from axon import __version__

    document = {**serialize_layer(model), "keras_version": "3", "backend": "axon", "axon_version": __version__}
    try:
        return json.dumps(document, **kwargs)
    except (TypeError, ValueError) as err:
        raise ValueError(f"Model '{model.name}' cannot be written as JSON: its configuration holds a value that is "
                         f"not plain data ({err}). Give custom layers a get_config() of plain values.") from None


def model_from_json(json_string: str, custom_objects: dict | None = None):
    """A new model (fresh weights) from ``model.to_json()``'s text.

    Only registered or built-in classes (and ``custom_objects``) are created:
    the text names classes, it never holds code.

    Example:
        >>> twin = axon.models.model_from_json(model.to_json())
    """
    import json

    from axon.object_registration import custom_object_scope

    try:
        document = json.loads(json_string)
    except (TypeError, ValueError) as err:
        raise ValueError(f"model_from_json() expects the text of model.to_json(); it is not JSON ({err}).") from None
    if not isinstance(document, dict) or "class_name" not in document or "config" not in document:
        raise ValueError("model_from_json() expects the text of model.to_json(): a JSON object with 'class_name' "
                         "and 'config'.")
    with custom_object_scope(custom_objects):
        return deserialize_layer({"class_name": document["class_name"], "config": document["config"]},
                                 custom_objects)
