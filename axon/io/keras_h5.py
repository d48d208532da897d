"""The legacy Keras HDF5 format (``.h5``), written by tf.keras 2 and by Keras 3's
``model.save('x.h5')``.

A model file holds the architecture as JSON in the root attribute
``model_config``, the compile settings in ``training_config``, and the
weights in ``model_weights``: one group per layer (``layer_names`` lists them)
whose ``weight_names`` attribute lists the layer's arrays in order. A
weights-only file (``save_weights('x.h5')``) has those layer groups at its
root. Layers are matched in order (``model.layers``, skipping layers without
weights), or by name with ``by_name=True``.
"""

from __future__ import annotations

import io
import json
import os

import numpy as np

from axon import backend as B
from axon.io import hdf5, keras_compile, keras_map, keras_v3

_ATTR_CHUNK = 64000  # HDF5 object headers cap an attribute near 64 KiB; Keras splits longer lists
_CONFIG_LIMIT = 64 << 20


# ------------------------------------------------------------- attributes
def _text(value) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def read_names(group, name: str) -> list[str]:
    """A list-of-strings attribute, also when Keras split it as ``name0``, ``name1`` ..."""
    if name in group.attrs:
        values = group.attrs[name]
    else:
        values, chunk = [], 0
        while f"{name}{chunk}" in group.attrs:
            values.extend(group.attrs[f"{name}{chunk}"])
            chunk += 1
    return [_text(v) for v in np.atleast_1d(values)] if len(values) else []


def _write_names(group, name: str, values: list[str]) -> None:
    encoded = np.array([v.encode("utf-8") for v in values], dtype=object) if values else np.array([], dtype=object)
    total = sum(len(v) for v in values)
    if total < _ATTR_CHUNK:
        group.attrs[name] = encoded if values else np.array([], dtype="S1")
        return
    chunks = int(np.ceil(total / _ATTR_CHUNK)) + 1
    for i, part in enumerate(np.array_split(encoded, chunks)):
        group.attrs[f"{name}{i}"] = part


def _read_json_attr(f, name: str, where: str):
    if name not in f.attrs:
        return None
    raw = f.attrs[name]
    text = _text(raw)
    if len(text) > _CONFIG_LIMIT:
        raise ValueError(f"{where}: the '{name}' attribute is {len(text)} characters long; refused.")
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise ValueError(f"{where}: the '{name}' attribute is not valid JSON ({err}).") from None


# ----------------------------------------------------------------- writing
def _layer_weight_names(layer) -> list[tuple[str, object]]:
    names, used = [], set()
    for i, var in enumerate(layer.weights):
        name = f"{layer.name}/{var.name}"
        if name in used:
            name = f"{layer.name}/{var.name}_{i}"
        used.add(name)
        names.append((name, var))
    return names


def write_weights_group(model, group) -> None:
    """The per-layer groups of ``model``'s weights, as Keras's legacy format lays them out."""
    layers = keras_map.keras_layers(model)
    _write_names(group, "layer_names", [layer.name for layer in layers])
    group.attrs["backend"] = "tensorflow"
    group.attrs["keras_version"] = keras_v3.KERAS_FORMAT_VERSION
    for layer in layers:
        sub = group.create_group(layer.name)
        named = _layer_weight_names(layer)
        _write_names(sub, "weight_names", [name for name, _ in named])
        for name, var in named:
            sub.create_dataset(name, data=B.to_numpy(var.data))


def save_model(model, filepath, overwrite: bool = True) -> None:
    """``model.save('x.h5')``: a legacy Keras HDF5 file Keras 3 and tf.keras load."""
    from axon.models.saving import _atomic_write, _check_savable

    keras_v3._require_built(model)
    _check_savable(model)
    item = keras_map.to_keras(model)
    config = json.dumps({"class_name": item["class_name"], "config": item["config"]})
    compiled = keras_compile.to_keras(model)
    buffer = io.BytesIO()
    h5py = hdf5.h5py()
    with h5py.File(buffer, "w") as f:
        f.attrs["backend"] = "tensorflow"
        f.attrs["keras_version"] = keras_v3.KERAS_FORMAT_VERSION
        f.attrs["model_config"] = config
        if compiled is not None:
            training = {k: v for k, v in compiled.items() if k != "optimizer"}
            optimizer = compiled["optimizer"]
            training["optimizer_config"] = {"class_name": optimizer["class_name"], "config": optimizer["config"]}
            f.attrs["training_config"] = json.dumps(training)
        write_weights_group(model, f.create_group("model_weights"))
    _atomic_write(filepath, lambda out: out.write(buffer.getvalue()), overwrite)


def save_weights(model, filepath, overwrite: bool = True) -> None:
    """``model.save_weights('x.h5')``: the legacy weights-only HDF5 layout."""
    from axon.models.saving import _atomic_write

    keras_v3._require_built(model)
    buffer = io.BytesIO()
    with hdf5.h5py().File(buffer, "w") as f:
        write_weights_group(model, f)
    _atomic_write(filepath, lambda out: out.write(buffer.getvalue()), overwrite)


# ----------------------------------------------------------------- reading
def _saved_layers(group, where: str) -> list[tuple[str, list[str]]]:
    h5py = hdf5.h5py()
    out = []
    for name in read_names(group, "layer_names"):
        sub = group.get(name)
        if not isinstance(sub, h5py.Group):
            raise ValueError(f"{where}: the file lists layer '{name}' but holds no group for it; it is truncated or "
                             "corrupted.")
        out.append((name, read_names(sub, "weight_names")))
    return out


def _read_layer(group, layer, saved_name: str, weight_names: list[str], where: str, limit: int,
                skip_mismatch: bool):
    variables = layer.weights
    label = f"Layer '{layer.name}' ({type(layer).__name__}; '{saved_name}' in the file)"
    shapes = [tuple(group[n].shape or ()) if n in group else None for n in weight_names]
    expected = [tuple(v.shape) for v in variables]
    if shapes != expected:
        if skip_mismatch:
            return []
        raise ValueError(f"{where}: {label} expects weights of shapes {expected} but the file holds {shapes}.")
    return [(var, hdf5.read_weight(group[n], var.shape, f"{where}: {label}, weight '{n}'", limit))
            for var, n in zip(variables, weight_names)]


def read_weights(model, group, where: str, limit: int, skip_mismatch: bool = False, by_name: bool = False):
    """``(variable, array)`` pairs for ``model`` from a legacy weights group, all read, none assigned."""
    saved = _saved_layers(group, where)
    layers = [layer for layer in keras_map.keras_layers(model) if layer.weights]
    pairs = []
    if by_name:
        by = dict(saved)
        for layer in layers:
            if layer.name in by:
                pairs += _read_layer(group[layer.name], layer, layer.name, by[layer.name], where, limit,
                                     skip_mismatch)
        return pairs
    saved = [(name, weights) for name, weights in saved if weights]
    if len(saved) != len(layers):
        raise ValueError(f"{where}: the model has {len(layers)} layers with weights "
                         f"({[layer.name for layer in layers]}) but the file has {len(saved)} "
                         f"({[name for name, _ in saved]}). Load with by_name=True to match layers by name.")
    for layer, (name, weights) in zip(layers, saved):
        pairs += _read_layer(group[name], layer, name, weights, where, limit, skip_mismatch)
    return pairs


def load_weights(model, filepath, skip_mismatch: bool = False, by_name: bool = False) -> None:
    """Load a legacy ``.h5`` (weights-only or full model) into a built model."""
    keras_v3._require_built(model)
    path = os.fspath(filepath)
    if not os.path.exists(path):
        raise FileNotFoundError(f"No file at {path}.")
    with hdf5.open_read(path, path) as f:
        group = f["model_weights"] if "model_weights" in f else f
        pairs = read_weights(model, group, path, os.path.getsize(path), skip_mismatch, by_name)
    keras_v3.assign(pairs)


def load_model(filepath, custom_objects=None, compile: bool = True, safe_mode: bool = True):
    """Rebuild a model from a legacy Keras ``.h5`` file (tf.keras 2, Keras 3 or axon)."""
    path = os.fspath(filepath)
    if not os.path.exists(path):
        raise FileNotFoundError(f"No file at {path}.")
    size = os.path.getsize(path)
    with hdf5.open_read(path, path) as f:
        config = _read_json_attr(f, "model_config", path)
        if config is None:
            raise ValueError(f"{path} holds weights only (no 'model_config'): build the model in code and call "
                             "model.load_weights().")
        training = _read_json_attr(f, "training_config", path)
        model = keras_v3.build(keras_map.from_keras(config, custom_objects, safe_mode), custom_objects, path, size)
        if "model_weights" not in f:
            raise ValueError(f"{path} has no 'model_weights' group: truncated or not a Keras model file.")
        pairs = read_weights(model, f["model_weights"], path, size)
    keras_v3.assign(pairs)
    if compile and training:
        keras_compile.compile_from_keras(model, training, custom_objects, path)
    return model
