"""The Keras 3 formats: ``.keras`` (a zip of ``config.json``, ``metadata.json``
and ``model.weights.h5``) and ``.weights.h5`` (the weights alone).

In the weights file each layer's arrays sit in ``layers/<class>_<k>/vars`` as
datasets ``0``, ``1`` ... (see ``keras_map.weight_groups``). Reading is
all-or-nothing: every array is checked (shape, dtype, size) and read before the
first weight of the model is touched.
"""

from __future__ import annotations

import datetime
import io
import json
import os
import zipfile

import numpy as np

from axon import backend as B
from axon.io import hdf5, keras_compile, keras_map, keras_optimizer

KERAS_FORMAT_VERSION = "3.15.1"  # the Keras release whose files this module writes and is tested against
_CONFIG_LIMIT = 64 << 20
MAX_EXPANSION = 100  # deflate reaches ~1000x only on degenerate data; JSON and float weights stay far below


# ------------------------------------------------------------------ weights
def write_weights(model, target) -> None:
    """Write ``model``'s weights in the Keras 3 layout to ``target`` (a path or
    binary file object)."""
    h5py = hdf5.h5py()
    with h5py.File(target, "w") as f:
        for path, layer, variables in keras_map.weight_groups(model):
            group = f.require_group(path)
            group.attrs["name"] = layer.name
            for i, var in enumerate(variables):
                group.create_dataset(str(i), data=B.to_numpy(var.data))


def read_weights(model, f, where: str, limit: int, skip_mismatch: bool = False) -> list[tuple[object, np.ndarray]]:
    """``(variable, array)`` pairs for every weight of ``model`` found in the open
    h5 file ``f``, all checked and read; nothing is assigned yet."""
    h5py = hdf5.h5py()
    pairs = []
    for path, layer, variables in keras_map.weight_groups(model):
        if not variables:
            continue
        group = f.get(path)
        label = f"Layer '{layer.name}' ({type(layer).__name__})"
        if not isinstance(group, h5py.Group):
            if skip_mismatch:
                continue
            raise ValueError(f"{where}: {label} has {len(variables)} weights but the file has none for it (no "
                             f"group '{path}'). Was it saved from a different architecture?")
        keys = sorted(group.keys(), key=lambda k: int(k) if k.isdigit() else -1)
        shapes = [tuple(group[k].shape or ()) if isinstance(group[k], h5py.Dataset) else None for k in keys]
        expected = [tuple(v.shape) for v in variables]
        if keys != [str(i) for i in range(len(variables))] or shapes != expected:
            if skip_mismatch:
                continue
            raise ValueError(f"{where}: {label} expects weights of shapes {expected} but the file holds {shapes} "
                             f"under '{path}'.")
        for i, var in enumerate(variables):
            array = hdf5.read_weight(group[str(i)], var.shape, f"{where}: {label}, weight '{var.name}'", limit)
            pairs.append((var, array))
    return pairs


def assign(pairs) -> None:
    """Set every variable at once, after every array has been read."""
    for var, array in pairs:
        var.assign(np.asarray(array, dtype=var.dtype))


def save_weights(model, filepath, overwrite: bool = True) -> None:
    """``model.save_weights('x.weights.h5')``: Keras 3's weights file."""
    from axon.models.saving import _atomic_write

    _require_built(model)
    buffer = io.BytesIO()
    write_weights(model, buffer)
    _atomic_write(filepath, lambda f: f.write(buffer.getvalue()), overwrite)


def load_weights(model, filepath, skip_mismatch: bool = False) -> None:
    """Load a Keras 3 ``.weights.h5`` file into a built model."""
    _require_built(model)
    path = os.fspath(filepath)
    if not os.path.exists(path):
        raise FileNotFoundError(f"No file at {path}.")
    with hdf5.open_read(path, path) as f:
        pairs = read_weights(model, f, path, os.path.getsize(path), skip_mismatch)
    assign(pairs)


def _read_weights_member(archive, path) -> bytes:
    """``model.weights.h5``, inflated to at most ``MAX_EXPANSION`` times its stored
    size: Keras stores it uncompressed, and float weights never deflate far."""
    from axon.models.archive import read_member

    try:
        info = archive.getinfo("model.weights.h5")
    except KeyError:
        other = [n for n in archive.namelist() if n.startswith("model.weights")]
        raise ValueError(f"{path} has no 'model.weights.h5'" + (f" (it has {other}: sharded or npz weights are not "
                         "read by axon)" if other else "") + ".") from None
    return read_member(archive, "model.weights.h5", path, MAX_EXPANSION * info.compress_size + (1 << 16))


def load_weights_from_archive(model, filepath, skip_mismatch: bool = False) -> None:
    """``model.load_weights('x.keras')``: the weights of a whole-model ``.keras`` file."""
    from axon.models.archive import open_zip

    _require_built(model)
    path = os.fspath(filepath)
    with open_zip(path, "a Keras .keras file") as archive:
        weights = _read_weights_member(archive, path)
    with hdf5.open_read(io.BytesIO(weights), f"{path} (model.weights.h5)") as f:
        pairs = read_weights(model, f, path, len(weights), skip_mismatch)
    assign(pairs)


def _require_built(model) -> None:
    if not model.built:
        raise ValueError(f"Model '{model.name}' is not built yet: build it (give an input shape, or call it on "
                         "data) before saving or loading weights.")


# -------------------------------------------------------------- .keras
def save_model(model, filepath, overwrite: bool = True) -> None:
    """``model.save('x.keras')``: a file real Keras 3 loads with ``keras.models.load_model``."""
    from axon.models.saving import _atomic_write, _check_savable

    _require_built(model)
    _check_savable(model)
    item = keras_map.to_keras(model)
    compiled = keras_compile.to_keras(model)
    if compiled is not None:
        item["compile_config"] = compiled
    config_json = json.dumps(item)
    metadata = {"keras_version": KERAS_FORMAT_VERSION,
                "date_saved": datetime.datetime.now().strftime("%Y-%m-%d@%H:%M:%S")}
    weights = io.BytesIO()
    write_weights(model, weights)
    if compiled is not None:
        with hdf5.h5py().File(weights, "a") as f:
            keras_optimizer.write(model, f)

    def write(f):
        with zipfile.ZipFile(f, "w", zipfile.ZIP_STORED) as archive:
            archive.writestr("metadata.json", json.dumps(metadata))
            archive.writestr("config.json", config_json)
            archive.writestr("model.weights.h5", weights.getvalue())
    _atomic_write(filepath, write, overwrite)


def load_model(filepath, custom_objects=None, compile: bool = True, safe_mode: bool = True):
    """Rebuild a model from a Keras 3 ``.keras`` file (written by Keras or axon).

    Only axon's layers and registered classes are created; a Lambda or a class
    from any other module is refused before anything is built.
    """
    from axon.models.archive import open_zip, read_member

    path = os.fspath(filepath)
    with open_zip(path, "a Keras .keras file") as archive:
        try:
            item = json.loads(read_member(archive, "config.json", path, _CONFIG_LIMIT).decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as err:
            raise ValueError(f"{path}: 'config.json' is not valid JSON ({err}).") from None
        weights = _read_weights_member(archive, path)
    if not isinstance(item, dict) or "class_name" not in item:
        raise ValueError(f"{path}: 'config.json' does not describe a model.")
    axon_item = keras_map.from_keras(item, custom_objects, safe_mode)
    model = build(axon_item, custom_objects, path, len(weights))
    with hdf5.open_read(io.BytesIO(weights), f"{path} (model.weights.h5)") as f:
        pairs = read_weights(model, f, path, len(weights))
    assign(pairs)
    if compile and item.get("compile_config"):
        keras_compile.compile_from_keras(model, item["compile_config"], custom_objects, path)
        with hdf5.open_read(io.BytesIO(weights), f"{path} (model.weights.h5)") as f:
            keras_optimizer.read(model, f, path, len(weights))
    return model


def build(axon_item: dict, custom_objects, where: str, nbytes: int):
    """The axon model for a converted config, its weights capped at ``nbytes``
    (what the file holds) and the global random stream left where it was."""
    from axon.layers.base import weight_budget
    from axon.models.serialization import deserialize_layer

    generator = B.rng()
    saved_state = generator.bit_generator.state
    try:
        # at most the values the file's bytes can hold (two bytes a value for float16)
        with weight_budget(nbytes // 2 + 1024, f"{where} holds {nbytes} bytes of weights"):
            model = deserialize_layer(_plain(axon_item), custom_objects)
            if not model.built:
                raise ValueError(f"{where}: the model has no input shape, so its weights cannot be created.")
    finally:
        generator.bit_generator.state = saved_state
    return model


def _plain(item: dict) -> dict:
    return {k: v for k, v in item.items() if k != "_class"}
