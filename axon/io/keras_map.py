"""axon layers <-> Keras 3 serialized layers: class names, configs, layer order
and the order of each layer's weights.

Both file formats of Keras (``.keras`` and the legacy ``.h5``) describe a model
as nested ``{"class_name", "config"}`` dicts. This module turns an axon model
into that description and back, and knows where each layer's weights sit in
Keras's weights layout. It never imports a module named by a file: a class is
either one of axon's layers or a class the user registered
(``@axon.saving.register_keras_serializable()`` or ``custom_objects=``).
"""

from __future__ import annotations

import inspect

from axon.layers.base import Layer, snake_case
from axon.models.serialization import find_registered, get_registered_object, registered_name

# Layer options Keras always writes; off when None or False, which is all axon can honour.
_BASE_KEYS = {"name", "trainable", "dtype", "input_shape", "batch_input_shape", "input_dim", "autocast"}
# Options that only matter when another option switches them on (Keras writes their defaults).
_COMPANIONS = {"renorm_momentum": "renorm", "renorm_clipping": "renorm", "ema_momentum": "use_ema",
               "lora_alpha": "lora_rank"}
# Config entries holding whole layers (wrappers and recurrent layers).
_NESTED_LAYERS = {"layer", "cell", "cells", "forward_layer", "backward_layer"}
_OBJECT_MODULES = {"_initializer": "keras.initializers", "_regularizer": "keras.regularizers",
                   "_constraint": "keras.constraints"}


class UnsafeFileError(ValueError):
    """A model file asks for something axon refuses to do: run code, or create a
    class that is neither one of axon's layers nor registered by the user."""


# ---------------------------------------------------------------- naming
def is_model(layer) -> bool:
    """Whether ``layer`` is a model (it holds layers of its own)."""
    return hasattr(layer, "_init_training_state")


def is_functional(model) -> bool:
    return getattr(model, "_graph", None) is not None


def keras_class_name(layer) -> str:
    """The class name Keras knows ``layer`` by (``Functional`` for a graph model)."""
    if registered_name(type(layer)):
        return type(layer).__name__
    if is_model(layer):
        return "Functional" if is_functional(layer) else "Sequential" if hasattr(layer, "_stack") else \
            type(layer).__name__
    return type(layer).__name__


def _parents(node) -> list:
    """The tensors a call consumes, keyword arguments' tensors (``initial_state``) included, as Keras counts them."""
    from axon.layers.input_layer import KerasTensor

    extra = [v for value in node.kwargs.values() for v in (value if isinstance(value, (list, tuple)) else [value])
             if isinstance(v, KerasTensor)]
    return list(node.input_tensors) + extra


def keras_layers(model) -> list:
    """The layers of ``model`` in the order Keras lists them (``model.layers``).

    A Sequential lists its stack. A functional model lists its layers by
    decreasing depth (the longest path to an output), ties broken by the order a
    depth-first walk from the outputs first meets them, as Keras does; the
    weights layout names layers by their place in this list, so the order must
    be Keras's own.
    """
    if not is_functional(model):
        return list(model.layers)
    graph = model._graph
    first_seen: dict[int, int] = {}
    post_order = []
    state: dict[int, bool] = {}
    input_ids = {id(t) for t in graph["flat_inputs"]}

    def visit(tensor):
        stack = [(tensor, False)]
        while stack:
            t, expanded = stack.pop()
            node = t.node
            if expanded:
                if not state.get(id(node)):
                    state[id(node)] = True
                    post_order.append(node)
                continue
            if id(node) in state:
                continue
            first_seen.setdefault(id(node.layer), len(first_seen))
            state[id(node)] = False
            stack.append((t, True))
            if id(t) not in input_ids or node.input_tensors:
                for parent in reversed(_parents(node)):
                    if id(parent.node) not in state:
                        stack.append((parent, False))

    for out in graph["flat_outputs"]:
        visit(out)
    node_depth: dict[int, int] = {}
    layer_depth: dict[int, int] = {}
    layers: dict[int, Layer] = {}
    for node in reversed(post_order):
        depth = max(node_depth.setdefault(id(node), 0), layer_depth.get(id(node.layer), 0))
        layer_depth[id(node.layer)] = depth
        node_depth[id(node)] = depth
        layers[id(node.layer)] = node.layer
        for parent in _parents(node):
            node_depth[id(parent.node)] = max(depth + 1, node_depth.get(id(parent.node), 0))
    for t in graph["flat_inputs"]:
        if id(t.node.layer) not in layer_depth:
            layer_depth[id(t.node.layer)] = 0
            first_seen[id(t.node.layer)] = -1
            layers[id(t.node.layer)] = t.node.layer
    return sorted(layers.values(), key=lambda lay: (-layer_depth[id(lay)], first_seen[id(lay)]))


def keras_variables(layer) -> list:
    """A layer's own weights in Keras's order: those created trainable, then the others."""
    own = layer._weights
    return [w for w in own if w.trainable] + [w for w in own if not w.trainable]


def _unique(name: str, used: dict) -> str:
    if name in used:
        used[name] += 1
        return f"{name}_{used[name]}"
    used[name] = 0
    return name


def weight_groups(model, prefix: str = "") -> list[tuple[str, object, list]]:
    """``(path, layer, variables)`` for every layer of ``model`` in the Keras 3
    weights layout (``layers/dense_1/vars``): Keras names a layer's group after
    its class (snake_case, numbered in ``model.layers`` order), not after the
    layer's own name, and nests sublayers under the attribute holding them."""
    groups = [(f"{prefix}vars", model, keras_variables(model))]
    used: dict[str, int] = {}
    seen = {id(model)}
    for layer in keras_layers(model):
        path = f"{prefix}layers/{_unique(snake_case(keras_class_name(layer)), used)}"
        _layer_groups(layer, path, groups, seen)
    return groups


# Layers whose weights Keras keeps in sublayers axon does not have: (attribute, weight name prefix).
_SPLIT_WEIGHTS = {"MultiHeadAttention": (("key_dense", "key/"), ("output_dense", "attention_output/"),
                                         ("query_dense", "query/"), ("value_dense", "value/"))}


def _layer_groups(layer, path: str, groups: list, seen: set) -> None:
    if id(layer) in seen:
        return
    seen.add(id(layer))
    if is_model(layer):
        groups.extend(weight_groups(layer, f"{path}/"))
        return
    split = _SPLIT_WEIGHTS.get(type(layer).__name__)
    if split:
        groups.append((f"{path}/vars", layer, []))
        for attr, prefix in split:
            groups.append((f"{path}/{attr}/vars", layer, [w for w in keras_variables(layer)
                                                          if w.name.startswith(prefix)]))
        return
    groups.append((f"{path}/vars", layer, keras_variables(layer)))
    # Sublayers held in attributes, visited as Keras walks them: by attribute
    # name, private ones last.
    attrs = sorted((k for k in vars(layer) if not k.startswith("__")),
                   key=lambda k: "~" + k if k.startswith("_") else k)
    for attr in attrs:
        value = vars(layer)[attr]
        if isinstance(value, Layer) and value is not layer:
            _layer_groups(value, f"{path}/{attr}", groups, seen)
        elif isinstance(value, (list, tuple)) and any(isinstance(v, Layer) for v in value) \
                and attr != "_tracked_layers":
            used: dict[str, int] = {}
            for item in value:
                if isinstance(item, Layer):
                    _layer_groups(item, f"{path}/{attr}/{_unique(snake_case(type(item).__name__), used)}",
                                  groups, seen)


# ------------------------------------------------------------ axon -> Keras
def _keras_dtype(dtype: str) -> dict:
    return {"module": "keras", "class_name": "DTypePolicy", "config": {"name": dtype}, "registered_name": None}


def _keras_config(layer, config: dict) -> dict:
    out = {}
    for key, value in config.items():
        if key == "input_shape":
            continue  # Keras takes the input shape from an InputLayer
        if key == "dtype" and isinstance(value, str):
            value = _keras_dtype(value)
        elif key in _NESTED_LAYERS and isinstance(value, (dict, list)):
            value = [_nested_to_keras(v) for v in value] if isinstance(value, list) else _nested_to_keras(value)
        elif isinstance(value, dict) and "class_name" in value and "module" not in value:
            module = next((m for suffix, m in _OBJECT_MODULES.items() if key.endswith(suffix)), None)
            value = {"module": module, **value, "registered_name": None}
        out[key] = value
    return out


def _nested_to_keras(item: dict) -> dict:
    """A layer serialized inside another layer's config (a wrapped or recurrent layer)."""
    cls = find_registered(item["class_name"])
    return {"module": cls.__module__ if cls else "keras.layers", "class_name": item["class_name"].split(">")[-1],
            "config": _keras_config(None, item["config"]), "registered_name": item["class_name"] if cls else None}


def _shape_list(shape):
    if isinstance(shape, list):
        return [_shape_list(s) for s in shape]
    return None if shape is None else list(shape)


def input_layer_item(layer) -> dict:
    return {"module": "keras.layers", "class_name": "InputLayer",
            "config": {"batch_shape": [layer.batch_size, *layer._input_shape_arg], "dtype": layer.dtype,
                       "sparse": False, "ragged": False, "name": layer.name, "optional": False},
            "registered_name": None}


def to_keras(layer) -> dict:
    """The Keras 3 serialized form (``module``, ``class_name``, ``config``,
    ``registered_name``, ``build_config``) of an axon layer or model."""
    from axon.layers.input_layer import InputLayer

    if isinstance(layer, InputLayer):
        return input_layer_item(layer)
    custom = registered_name(type(layer))
    if is_model(layer) and not custom:
        if is_functional(layer):
            item = {"module": "keras.src.models.functional", "class_name": "Functional",
                    "config": _functional_to_keras(layer), "registered_name": "Functional"}
        elif hasattr(layer, "_stack"):
            item = {"module": "keras", "class_name": "Sequential", "config": _sequential_to_keras(layer),
                    "registered_name": None}
        else:
            raise ValueError(f"Model '{layer.name}' is a subclassed model that is not registered: a Keras file "
                             "can only describe it if the class is registered with "
                             "@axon.saving.register_keras_serializable() and has a get_config().")
    else:
        if not custom and type(layer).__module__.split(".")[:2] != ["axon", "layers"]:
            raise ValueError(f"Layer '{layer.name}' ({type(layer).__name__}) is a custom layer that is not "
                             "registered: register it with @axon.saving.register_keras_serializable() (and the "
                             "same class in Keras) so a Keras file can name it.")
        item = {"module": type(layer).__module__ if custom else "keras.layers", "class_name": type(layer).__name__,
                "config": _keras_config(layer, layer.get_config()), "registered_name": custom}
    if layer.built and layer._build_shape is not None:
        item["build_config"] = {"input_shape": _shape_list(layer._build_shape)}
    return item


def _sequential_to_keras(model) -> dict:
    layers = [to_keras(layer) for layer in model.layers]
    config = {"name": model.name, "trainable": model.trainable, "dtype": _keras_dtype(model.dtype)}
    if model._input_tensor is not None:
        layers.insert(0, input_layer_item(model._input_tensor.node.layer))
        config["build_input_shape"] = list(model._input_tensor.shape)
    config["layers"] = layers
    return config


def _keras_tensor(t, node_index: dict) -> dict:
    return {"class_name": "__keras_tensor__",
            "config": {"shape": list(t.shape), "dtype": t.dtype,
                       "keras_history": [t.node.layer.name, node_index[id(t.node)], t.index]}}


# Layers axon calls with a list of tensors where Keras passes them as separate arguments.
_SEPARATE_ARGS = {"MultiHeadAttention": ("query", "value", "key")}


def _functional_to_keras(model) -> dict:
    from axon.layers.input_layer import KerasTensor

    graph = model._graph
    node_index: dict[int, int] = {id(t.node): 0 for t in graph["flat_inputs"]}
    calls: dict[int, list] = {}
    for node in graph["nodes"]:
        per_layer = calls.setdefault(id(node.layer), [])
        node_index[id(node)] = len(per_layer)
        per_layer.append(node)
    layers = []
    for layer in keras_layers(model):
        item = {**to_keras(layer), "name": layer.name, "inbound_nodes": []}
        separate = _SEPARATE_ARGS.get(type(layer).__name__)
        for node in calls.get(id(layer), []):
            first = node.inputs if isinstance(node.inputs, (list, tuple)) else [node.inputs]
            tensors = [_keras_tensor(t, node_index) for t in first]
            if separate and isinstance(node.inputs, (list, tuple)):
                args = tensors  # Keras calls it with one argument per tensor
                item["build_config"] = {"shapes_dict": {f"{name}_shape": list(t.shape)
                                                        for name, t in zip(separate, first)}}
            else:
                args = [tensors if isinstance(node.inputs, (list, tuple)) else tensors[0]]
            args += [_keras_tensor(a, node_index) if isinstance(a, KerasTensor) else a
                     for a in getattr(node, "call_args", None) or []]
            kwargs = {k: [_keras_tensor(v, node_index) if isinstance(v, KerasTensor) else v for v in value]
                      if isinstance(value, (list, tuple)) else
                      _keras_tensor(value, node_index) if isinstance(value, KerasTensor) else value
                      for k, value in node.kwargs.items()}
            item["inbound_nodes"].append({"args": args, "kwargs": kwargs})
        layers.append(item)

    def refs(structure, flat):
        ref = [[t.node.layer.name, node_index[id(t.node)], t.index] for t in flat]
        if isinstance(structure, dict):
            return dict(zip(structure, ref))
        return ref if isinstance(structure, (list, tuple)) else ref[0]

    return {"name": model.name, "trainable": model.trainable, "layers": layers,
            "input_layers": refs(graph["inputs"], graph["flat_inputs"]),
            "output_layers": refs(graph["outputs"], graph["flat_outputs"])}


# ------------------------------------------------------------ Keras -> axon
def _accepted(cls) -> tuple[set, bool]:
    """The keyword arguments ``cls`` takes: its constructors' parameters along its
    classes (a ``**kwargs`` goes on to the base class), and its cell's for a
    recurrent layer whose arguments are its cell's."""
    names, takes_kwargs = set(), False
    for klass in (*cls.__mro__, *getattr(cls, "cell_class", object).__mro__):
        init = klass.__dict__.get("__init__")
        if init is None or klass is object:
            continue
        try:
            params = inspect.signature(init).parameters.values()
        except (TypeError, ValueError):
            continue
        names |= {p.name for p in params if p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL) and p.name != "self"}
        takes_kwargs |= any(p.kind is p.VAR_KEYWORD for p in params) and not issubclass(klass, Layer)
    return names, takes_kwargs


def _refuse_unknown(where: str, key: str, value) -> None:
    raise ValueError(f"{where} uses the option {key}={value!r}, which axon does not implement; the file cannot be "
                     "loaded faithfully. Remove the option in Keras before saving, or rebuild the model in axon.")


def _object_class(kind: str, item: dict, where: str):
    from axon import initializers, regularizers

    name = item.get("registered_name") or item["class_name"]
    custom = find_registered(name) or find_registered(item["class_name"])
    if custom is not None:
        return custom
    try:
        if kind == "_initializer":
            return type(initializers.get(item["class_name"]))
        if kind == "_regularizer":
            return type(regularizers.get(item["class_name"]))
        from axon import constraints  # noqa: F401  (present once constraints are implemented)
        return type(constraints.get(item["class_name"]))
    except (ValueError, KeyError, TypeError, ImportError, AttributeError):
        raise UnsafeFileError(f"{where} names {kind.strip('_')} {item['class_name']!r} (module "
                              f"{item.get('module')!r}), which axon does not know; nothing was imported.") from None


def _clean_object(kind: str, item, where: str):
    """A nested serialized object (initializer, regularizer, constraint) in axon's form."""
    if item is None or isinstance(item, str):
        return item
    cls = _object_class(kind, item, where)
    names, takes_kwargs = _accepted(cls)
    config = {}
    for key, value in (item.get("config") or {}).items():
        if key in names or takes_kwargs:
            config[key] = value
        elif value not in (None, False):
            _refuse_unknown(f"{where} ({item['class_name']})", key, value)
    return {"class_name": item["class_name"], "config": config}


def _clean_activation(value, where: str):
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, dict):
        if value.get("class_name") in ("function", "__lambda__") or "code" in (value.get("config") or {}):
            name = value.get("config")
            if isinstance(name, str) and find_registered(value.get("registered_name") or name) is not None:
                return name
            raise UnsafeFileError(f"{where} uses a Python function as its activation ({value.get('config')!r} "
                                  f"from module {value.get('module')!r}); axon loads only named activations and "
                                  "never imports or runs code from a file.")
        return value.get("class_name")
    raise ValueError(f"{where} has an activation axon cannot read: {value!r}.")


def _dtype_name(value):
    if isinstance(value, dict):
        config = value.get("config") or {}
        return config.get("name", "float32")
    return value


def layer_class(item: dict, custom_objects, safe_mode: bool):
    """The axon class a serialized Keras layer names, refusing anything else."""
    name = item.get("class_name")
    if not isinstance(name, str):
        raise ValueError(f"A layer entry in the file has no class name: {str(item)[:200]}.")
    where = f"Layer {name!r}"
    if name == "Lambda":
        raise UnsafeFileError(
            f"{where} ({(item.get('config') or {}).get('name')!r}) holds a Python function, which axon never "
            "loads from a file (it would run code). Replace the Lambda by a registered custom layer "
            "(keras.saving.register_keras_serializable in Keras, axon.saving.register_keras_serializable in "
            "axon) and save again.")
    for key in (item.get("registered_name"), name):
        if key and ((custom_objects and key in custom_objects) or find_registered(key) is not None):
            return get_registered_object(key, custom_objects)
    if name in ("Functional", "Model", "Sequential"):
        return get_registered_object(name)
    module = item.get("module")
    if module and not str(module).startswith("keras"):
        raise UnsafeFileError(
            f"{where} comes from module {module!r}, which is neither Keras nor a class registered in axon; axon "
            f"never imports modules named by a file. If it is your own layer, register an axon class of that name "
            f"with @axon.saving.register_keras_serializable() or pass custom_objects={{{name!r}: ...}}.")
    from axon import layers

    cls = getattr(layers, name, None)
    if not (isinstance(cls, type) and issubclass(cls, Layer)):
        raise UnsafeFileError(
            f"{where} is not a layer axon implements, nor a registered custom class; nothing was imported. "
            f"Register an axon class under that name or pass custom_objects={{{name!r}: ...}}.")
    return cls


def _is_layer_item(key: str, value) -> bool:
    return key in _NESTED_LAYERS and isinstance(value, dict) and "class_name" in value and "config" in value


def clean_layer_config(cls, config: dict, where: str, custom_objects=None, safe_mode: bool = True) -> dict:
    """A Keras layer config as arguments ``cls`` accepts: Keras's wrappers
    (dtype policies, module fields) removed, nested objects in axon's form, and
    options axon lacks dropped only where they are off (None or False)."""
    names, takes_kwargs = _accepted(cls)
    names |= _BASE_KEYS
    custom = registered_name(cls) is not None
    out = {}
    for key, value in config.items():
        if not (key in names or custom or takes_kwargs):
            if value in (None, False) or (key in _COMPANIONS and not config.get(_COMPANIONS[key])):
                continue
            _refuse_unknown(where, key, value)
        if _is_layer_item(key, value):
            out[key] = _strip(from_keras(value, custom_objects, safe_mode))
        elif key in _NESTED_LAYERS and isinstance(value, list) and all(_is_layer_item(key, v) for v in value):
            out[key] = [_strip(from_keras(v, custom_objects, safe_mode)) for v in value]
        elif key == "dtype":
            out[key] = _dtype_name(value)
        elif key == "activation" or key.endswith("_activation"):
            out[key] = _clean_activation(value, where)
        elif any(key.endswith(suffix) for suffix in _OBJECT_MODULES):
            out[key] = _clean_object(next(s for s in _OBJECT_MODULES if key.endswith(s)), value, where)
        else:
            out[key] = value
    return out


def from_keras(item: dict, custom_objects=None, safe_mode: bool = True) -> dict:
    """A Keras serialized layer (either Keras 3 or tf.keras 2) turned into axon's
    own serialized form, ready for ``deserialize_layer``."""
    cls = layer_class(item, custom_objects, safe_mode)
    config = dict(item.get("config") or {})
    where = f"Layer '{config.get('name', item.get('class_name'))}' ({item['class_name']})"
    if item["class_name"] == "Sequential" and cls.__name__ == "Sequential":
        return {"class_name": "Sequential", "config": _sequential_from_keras(config, custom_objects, safe_mode)}
    if item["class_name"] in ("Functional", "Model") and "layers" in config:
        return {"class_name": "Functional", "config": _functional_from_keras(config, custom_objects, safe_mode)}
    if cls.__name__ == "InputLayer":
        config = {k: v for k, v in config.items() if k in ("batch_shape", "batch_input_shape", "dtype", "name")
                  or v not in (None, False)}
        if "batch_input_shape" in config:
            config["batch_shape"] = config.pop("batch_input_shape")
        return {"class_name": "InputLayer", "config": clean_layer_config(cls, config, where)}
    name = registered_name(cls) or item["class_name"]
    return {"class_name": name if registered_name(cls) or cls.__name__ == item["class_name"] else cls.__name__,
            "config": clean_layer_config(cls, config, where, custom_objects, safe_mode), "_class": cls}


def _sequential_from_keras(config: dict, custom_objects, safe_mode) -> dict:
    items = list(config.get("layers", []))
    out = {"name": config.get("name"), "trainable": config.get("trainable", True), "layers": []}
    if items and items[0].get("class_name") == "InputLayer":
        first = items.pop(0).get("config", {})
        shape = first.get("batch_shape") or first.get("batch_input_shape")
        out["input_shape"] = list(shape[1:])
    elif config.get("build_input_shape"):
        out["input_shape"] = list(config["build_input_shape"][1:])
    out["layers"] = [_strip(from_keras(item, custom_objects, safe_mode)) for item in items]
    return out


def _strip(item: dict) -> dict:
    return {k: v for k, v in item.items() if k != "_class"}


def _history(value):
    """``[name, node_index, tensor_index]`` of a Keras 3 tensor dict or a tf.keras 2 list."""
    if isinstance(value, dict):
        if value.get("class_name") != "__keras_tensor__":
            raise ValueError(f"A layer call in the file passes {str(value)[:100]}, which axon cannot replay.")
        return list(value["config"]["keras_history"])
    return list(value[:3])


def _keyword_refs(value, where: str):
    """A keyword argument of a call: tensors (``initial_state=[h, c]``) as references axon replays."""
    if isinstance(value, dict):
        return {"class_name": "__keras_tensor__", "config": {"keras_history": _history(value)}}
    if isinstance(value, list) and any(isinstance(v, dict) for v in value):
        return [_keyword_refs(v, where) for v in value]
    return value


def _nodes_from_keras(nodes, where: str) -> list[dict]:
    out = []
    for node in nodes:
        if isinstance(node, dict):  # Keras 3: {"args": [...], "kwargs": {...}}
            args = node.get("args", [])
            kwargs = {k: v for k, v in (node.get("kwargs") or {}).items() if v is not None}
            if not args:
                raise ValueError(f"{where} is called without inputs in the file; axon cannot replay it.")
            kwargs = {k: _keyword_refs(v, where) for k, v in kwargs.items()}
            first = args[0]
            many = isinstance(first, list) and not (first and isinstance(first[0], str))
            refs = [_history(v) for v in first] if many else [_history(first)]
            entry = {"args": refs, "list": many, "kwargs": kwargs}
            if len(args) > 1:  # further positional arguments (attention's value, key)
                entry["call_args"] = [{"tensor": _history(a)} if isinstance(a, dict) else {"value": a}
                                      for a in args[1:]]
            out.append(entry)
        else:  # tf.keras 2: [[name, node_index, tensor_index, kwargs], ...]
            refs = [_history(v) for v in node]
            kwargs = {k: v for k, v in (node[0][3] if node and len(node[0]) > 3 else {}).items() if v is not None}
            out.append({"args": refs, "list": len(refs) > 1, "kwargs": kwargs})
    return out


def _refs(value):
    """Input/output references: one ``[name, 0, 0]``, a list of them or a dict."""
    if isinstance(value, dict):
        return value, False
    if value and isinstance(value[0], str):
        return [value], True
    return [list(v) for v in value], len(value) == 1


def _functional_from_keras(config: dict, custom_objects, safe_mode) -> dict:
    layers = []
    for item in config["layers"]:
        converted = from_keras(item, custom_objects, safe_mode)
        name = item.get("name") or converted["config"].get("name")
        where = f"Layer '{name}' ({item.get('class_name')})"
        entry = {**_strip(converted), "name": name,
                 "inbound_nodes": _nodes_from_keras(item.get("inbound_nodes") or [], where)}
        if converted["class_name"] == "InputLayer":
            entry["inbound_nodes"] = []
        layers.append(entry)
    inputs, single_in = _refs(config["input_layers"])
    outputs, single_out = _refs(config["output_layers"])
    return {"name": config.get("name"), "trainable": config.get("trainable", True), "layers": layers,
            "input_layers": inputs, "output_layers": outputs, "single_input": single_in,
            "single_output": single_out}
