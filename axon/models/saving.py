"""Saving and loading models and weights, without pickle.

A model file is a zip archive holding ``meta.json`` (the architecture as layer
configs, the compile settings), ``weights.npz`` and ``optimizer.npz`` (plain
arrays, read with ``allow_pickle=False``): loading a file, however crafted,
never runs code. Every write goes to a temporary file in the same folder that
replaces the target only once complete, so a crash mid-save leaves the
previous file intact.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
import zipfile

import numpy as np

from axon import backend as B
from axon.models.serialization import (  # noqa: F401  (re-exported: the saving API in one place)
    deserialize_layer,
    find_registered,
    functional_config,
    functional_from_config,
    get_registered_object,
    register_keras_serializable,
    registered_name,
    serialize_layer,
)

FORMAT = "axon.model"
VERSION = 1
# ------------------------------------------------------------------ weights
def weight_entries(model) -> list[tuple[str, object]]:
    """``('layer/…/weight', Variable)`` for every weight, in a stable order."""
    entries, seen = [], set()

    def walk(layer, prefix: str):
        path = f"{prefix}{layer.name}"
        for w in layer._weights:
            if id(w) not in seen:
                seen.add(id(w))
                entries.append((f"{path}/{w.name}", w))
        subs = layer.layers if hasattr(layer, "_init_training_state") else layer._sublayers
        for sub in subs:
            walk(sub, f"{path}/")

    for layer in model.layers:
        walk(layer, "")
    for w in model._weights:
        if id(w) not in seen:
            entries.append((f"{model.name}/{w.name}", w))
    return entries


def _weights_npz_bytes(model) -> tuple[bytes, list]:
    entries = weight_entries(model)
    arrays = {f"w{i}": B.to_numpy(w.data) for i, (_, w) in enumerate(entries)}
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue(), [key for key, _ in entries]


def _assign_weights(model, names: list[str], arrays: dict, skip_mismatch: bool = False) -> None:
    entries = weight_entries(model)
    stored = {name: arrays[f"w{i}"] for i, name in enumerate(names)}
    by_name = all(key in stored for key, _ in entries) and len(entries) == len(names)
    if not by_name and len(entries) != len(names):
        missing = [key for key, _ in entries if key not in stored][:3]
        raise ValueError(
            f"The file holds {len(names)} weights but model '{model.name}' has {len(entries)}; weights such as "
            f"{missing} were not found. Was it saved from a different architecture?"
        )
    for i, (key, var) in enumerate(entries):
        value = stored[key] if by_name else arrays[f"w{i}"]
        source = key if by_name else names[i]
        if value.shape != var.shape:
            if skip_mismatch:
                continue
            layer, _, weight = key.rpartition("/")
            raise ValueError(
                f"Shape mismatch for layer '{layer}', weight '{weight}': the model expects {var.shape} but the file "
                f"has {value.shape} (stored as '{source}')."
            )
        var.assign(value)


# ---------------------------------------------------------------- file I/O
def _atomic_write(filepath, write, overwrite: bool = True) -> None:
    path = os.fspath(filepath)
    if not overwrite and os.path.exists(path):
        raise FileExistsError(f"{path} exists and overwrite=False.")
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".axon-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise


def _open_archive(filepath) -> zipfile.ZipFile:
    path = os.fspath(filepath)
    if not os.path.exists(path):
        raise FileNotFoundError(f"No file at {path}.")
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as err:
        raise ValueError(f"{path} is not an axon model/weights file (not a readable archive: {err}). It may be "
                         "truncated or corrupted.") from None


def _read_npz(archive: zipfile.ZipFile, member: str, path) -> dict:
    try:
        data = archive.read(member)
        with np.load(io.BytesIO(data), allow_pickle=False) as npz:
            return {k: npz[k] for k in npz.files}
    except KeyError:
        raise ValueError(f"{path} has no '{member}' entry: not an axon file, or truncated.") from None
    except ValueError as err:
        raise ValueError(f"{path}: '{member}' holds data axon refuses to load ({err}). Files with pickled "
                         "objects are never loaded.") from None
    except (zipfile.BadZipFile, OSError, EOFError) as err:
        raise ValueError(f"{path}: '{member}' is corrupted ({err}).") from None


def _read_meta(archive: zipfile.ZipFile, path) -> dict:
    try:
        meta = json.loads(archive.read("meta.json").decode("utf-8"))
    except KeyError:
        raise ValueError(f"{path} has no 'meta.json': not an axon file.") from None
    except (ValueError, zipfile.BadZipFile, OSError) as err:
        raise ValueError(f"{path}: 'meta.json' is corrupted ({err}).") from None
    if meta.get("format") not in (FORMAT, "axon.weights"):
        raise ValueError(f"{path} is not an axon file (format {meta.get('format')!r}).")
    return meta


def save_weights(model, filepath, overwrite: bool = True) -> None:
    """Write the model's weights (names, shapes, values) to ``filepath``."""
    weights, names = _weights_npz_bytes(model)
    meta = {"format": "axon.weights", "version": VERSION, "weights": names}

    def write(f):
        with zipfile.ZipFile(f, "w", zipfile.ZIP_STORED) as archive:
            archive.writestr("meta.json", json.dumps(meta))
            archive.writestr("weights.npz", weights)
    _atomic_write(filepath, write, overwrite)


def load_weights(model, filepath, skip_mismatch: bool = False) -> None:
    """Load weights saved by ``save_weights`` or ``save`` into a built model."""
    if not model.built:
        raise ValueError(f"Model '{model.name}' is not built yet: build it (give an input shape, or call it on "
                         "data) before load_weights().")
    with _open_archive(filepath) as archive:
        meta = _read_meta(archive, filepath)
        arrays = _read_npz(archive, "weights.npz", filepath)
    _assign_weights(model, meta["weights"], arrays, skip_mismatch)


def _compile_config(model) -> dict | None:
    from axon import losses, metrics, optimizers

    if model.optimizer is None or model._compile_args is None:
        return None
    args = model._compile_args

    def ser_loss(value):
        if isinstance(value, dict):
            return {k: ser_loss(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [ser_loss(v) for v in value]
        return value if value is None or isinstance(value, str) else losses.serialize(value)

    def ser_metric(value):
        if isinstance(value, dict):
            return {k: ser_metric(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [ser_metric(v) for v in value]
        return value if value is None or isinstance(value, str) else metrics.serialize(value)

    return {"optimizer": optimizers.serialize(model.optimizer), "loss": ser_loss(args["loss"]),
            "metrics": ser_metric(args["metrics"]), "loss_weights": args["loss_weights"]}


def save_model(model, filepath, overwrite: bool = True) -> None:
    """Write architecture, weights and optimizer state to one file."""
    if not model.built:
        raise ValueError(f"Model '{model.name}' is not built yet, so it has no weights to save: train it or give "
                         "it an input shape first.")
    if getattr(model, "_graph", None) is None and not hasattr(model, "_stack") and \
            registered_name(type(model)) is None:
        raise ValueError(
            f"Model '{model.name}' is a subclassed model: save() can only store its architecture if the class is "
            "registered with @axon.saving.register_keras_serializable() and implements get_config(). "
            "Otherwise use save_weights() and rebuild the model in code."
        )
    _check_savable(model)
    weights, names = _weights_npz_bytes(model)
    meta = {"format": FORMAT, "version": VERSION, "model": serialize_layer(model), "weights": names,
            "compile": _compile_config(model), "input_shape": _input_shapes(model)}
    try:
        meta_json = json.dumps(meta)
    except (TypeError, ValueError) as err:
        raise ValueError(f"Model '{model.name}' cannot be saved: its configuration holds a value a model file "
                         f"cannot store ({err}). Files hold JSON and arrays only, never code: give custom layers, "
                         "losses and metrics a get_config() of plain values and register them with "
                         "@axon.saving.register_keras_serializable(), or use save_weights().") from None
    optimizer_state = None
    if model.optimizer is not None and hasattr(model.optimizer, "get_state"):
        state = model.optimizer.get_state()
        buffer = io.BytesIO()
        np.savez(buffer, **{k: B.to_numpy(np.asarray(v)) for k, v in state.items()})
        optimizer_state = buffer.getvalue()

    def write(f):
        with zipfile.ZipFile(f, "w", zipfile.ZIP_STORED) as archive:
            archive.writestr("meta.json", meta_json)
            archive.writestr("weights.npz", weights)
            if optimizer_state is not None:
                archive.writestr("optimizer.npz", optimizer_state)
    _atomic_write(filepath, write, overwrite)


def _check_savable(model) -> None:
    """Refuse, naming the layer, a model whose layer configs hold code (a Lambda's
    function, a callable argument): a file never stores code, as loading it would run it."""
    def leaves(layer):
        subs = layer.layers if hasattr(layer, "_init_training_state") else layer._sublayers
        if not hasattr(layer, "_init_training_state"):
            yield layer
        for sub in subs:
            yield from leaves(sub)

    for layer in leaves(model):
        if type(layer).__name__ == "Lambda" and registered_name(type(layer)) is None:
            raise ValueError(
                f"Model '{model.name}' cannot be saved: layer '{layer.name}' is a Lambda layer, whose config holds "
                "a Python function, and model files never hold code (loading one would run it). Replace the Lambda "
                "by a small Layer subclass registered with @axon.saving.register_keras_serializable(), or save "
                "the weights only with save_weights() and rebuild the model in code."
            )
        for key, value in layer.get_config().items():
            try:
                json.dumps(value)
            except (TypeError, ValueError):
                raise ValueError(
                    f"Model '{model.name}' cannot be saved: layer '{layer.name}' ({type(layer).__name__}) has "
                    f"config entry {key!r} = {value!r}, which is not plain data (files never hold code). Give the "
                    "layer a get_config() returning JSON values, or use save_weights()."
                ) from None


def _input_shapes(model):
    shapes = model._expected_input_shapes()
    return None if shapes is None else [list(s) for s in shapes]


def load_model(filepath, custom_objects: dict | None = None, compile: bool = True):
    """Rebuild a model saved with ``model.save`` (architecture, weights, optimizer state).

    Never runs code from the file: configs are JSON, arrays are loaded with
    ``allow_pickle=False``. Custom layers must be registered (or passed in
    ``custom_objects``).
    """
    from axon import losses, metrics, optimizers

    with _open_archive(filepath) as archive:
        meta = _read_meta(archive, filepath)
        if meta.get("format") != FORMAT:
            raise ValueError(f"{filepath} holds weights only (written by save_weights): build the model in code "
                             "and call model.load_weights().")
        arrays = _read_npz(archive, "weights.npz", filepath)
        opt_state = _read_npz(archive, "optimizer.npz", filepath) if "optimizer.npz" in archive.namelist() else None
    # Rebuilding draws initial weights; keep the global generator where it was, so a
    # resumed run sees the same random numbers (shuffles, dropout) as an unbroken one.
    generator = B.rng()
    saved_state = generator.bit_generator.state
    try:
        model = deserialize_layer(meta["model"], custom_objects)
        if not model.built and meta.get("input_shape"):
            shapes = [tuple(s) for s in meta["input_shape"]]
            model.build(shapes[0] if len(shapes) == 1 else shapes)
    finally:
        generator.bit_generator.state = saved_state
    _assign_weights(model, meta["weights"], arrays)
    config = meta.get("compile")
    if compile and config is not None:
        model.compile(optimizer=optimizers.get(config["optimizer"]),
                      loss=_deserialize_compiled(config["loss"], losses, custom_objects),
                      metrics=_deserialize_compiled(config["metrics"], metrics, custom_objects),
                      loss_weights=config.get("loss_weights"))
        if opt_state:
            model.optimizer.build(model.trainable_weights)
            model.optimizer.set_state(opt_state)
    return model


def _deserialize_compiled(value, module, custom_objects):
    """A loss or metric (or a dict/list of them) from the compile config: custom
    objects and registered names first, then ``module.get`` (losses or metrics)."""
    if isinstance(value, dict) and "class_name" not in value:
        return {k: _deserialize_compiled(v, module, custom_objects) for k, v in value.items()}
    if isinstance(value, list):
        return [_deserialize_compiled(v, module, custom_objects) for v in value]
    if value is None:
        return None
    name = value["class_name"] if isinstance(value, dict) else value
    custom = (custom_objects or {}).get(name) or find_registered(name)
    if custom is not None:
        if isinstance(value, dict):
            return custom.from_config(value.get("config", {}))
        return custom() if isinstance(custom, type) else custom
    try:
        return module.get(value)
    except ValueError as err:
        raise ValueError(f"{err} The model was compiled with {name!r}: pass it to load_model(..., "
                         f"custom_objects={{'{name}': ...}}), register it with "
                         "@axon.saving.register_keras_serializable(), or load with compile=False.") from None
