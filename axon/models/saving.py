"""Saving and loading models and weights, without pickle.

A model file is a zip archive holding ``meta.json`` (the architecture as layer
configs, the compile settings), ``weights.npz`` and ``optimizer.npz`` (plain
numeric arrays): loading a file, however crafted, never runs code and never
allocates much more than the arrays the file honestly holds (``archive.py``:
members are stored, never compressed; every array's shape is checked against
its bytes; the model rebuilt from the config may not create more weight values
than the file holds). A damaged or hostile file gives a ``ValueError`` naming
it and what is wrong, and ``load_weights`` changes nothing unless every weight
fits. Every write goes to a temporary file in the same folder that replaces the
target only once complete (with the mode a new file gets under the umask, or
the mode of the file it replaces), so a crash mid-save leaves the previous file
intact.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
import warnings
import zipfile

import numpy as np

from axon import backend as B
from axon.models import archive as A
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
# meta.json is configs: megabytes at most. Arrays are bounded by the file's own size.
MAX_META_BYTES = 16 * 2**20
# Weight values a rebuilt model may create beyond those in the file (weights the
# file does not store, e.g. of layers added by a custom model's build).
BUILD_SLACK = 2**20


class _Malformed(Exception):
    """A check of the file's structure failed (reported as a ValueError naming the file)."""
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
    if len(names) != len(arrays) or any(f"w{i}" not in arrays for i in range(len(names))):
        raise _Malformed(f"meta.json names {len(names)} weights but weights.npz holds {len(arrays)} arrays "
                         f"({sorted(arrays)[:4]}...)")
    stored = {name: arrays[f"w{i}"] for i, name in enumerate(names)}
    by_name = all(key in stored for key, _ in entries) and len(entries) == len(names)
    if not by_name and len(entries) != len(names):
        missing = [key for key, _ in entries if key not in stored][:3]
        raise ValueError(
            f"The file holds {len(names)} weights but model '{model.name}' has {len(entries)}; weights such as "
            f"{missing} were not found. Was it saved from a different architecture?"
        )
    updates = []  # everything is checked before the first weight changes
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
        updates.append((var, value))
    for var, value in updates:
        var.assign(value)


# ---------------------------------------------------------------- file I/O
def _atomic_write(filepath, write, overwrite: bool = True) -> None:
    path = os.fspath(filepath)
    if not overwrite and os.path.exists(path):
        raise FileExistsError(f"{path} exists and overwrite=False.")
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    try:
        mode = os.stat(path).st_mode & 0o7777  # overwriting keeps the file's mode
    except OSError:
        mode = 0o666 & ~_umask()  # a new file gets what open() would give it
    fd, tmp = tempfile.mkstemp(prefix=".axon-", suffix=".tmp", dir=folder)  # mode 0600
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise


def _umask() -> int:
    try:  # Linux says it without changing it (os.umask is set-and-return, racing other threads)
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _open_archive(filepath) -> zipfile.ZipFile:
    return A.open_zip(filepath, "an axon model/weights file")


def _read_npz(archive: zipfile.ZipFile, member: str, path) -> dict:
    """A member's arrays, read within the file's own size (axon stores members uncompressed)."""
    data = A.read_member(archive, member, path, max_bytes=os.path.getsize(path), compressed_ok=False)
    return A.read_npz(data, f"{path}: '{member}'")


def _read_meta(archive: zipfile.ZipFile, path) -> dict:
    data = A.read_member(archive, "meta.json", path, MAX_META_BYTES, compressed_ok=False)
    try:
        meta = json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError) as err:
        raise ValueError(f"{path}: 'meta.json' is corrupted (not valid JSON: {err}).") from None
    if not isinstance(meta, dict):
        raise ValueError(f"{path}: 'meta.json' must hold an object, not {type(meta).__name__}.")
    if meta.get("format") not in (FORMAT, "axon.weights"):
        raise ValueError(f"{path} is not an axon file (format {meta.get('format')!r}).")
    version = meta.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ValueError(f"{path}: 'meta.json' has no valid format version (found {version!r}).")
    if version > VERSION:
        raise ValueError(f"{path} was written by a newer axon (file format version {version}); this axon reads "
                         f"version {VERSION} and older. Upgrade axon to load it.")
    names = meta.get("weights")
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise ValueError(f"{path}: 'meta.json' must list the weight names (a list of strings) under 'weights'.")
    if meta["format"] == FORMAT:
        if not isinstance(meta.get("model"), dict) or not isinstance(meta["model"].get("class_name"), str):
            raise ValueError(f"{path}: 'meta.json' has no model config (an object with a 'class_name').")
        if not isinstance(meta.get("compile"), (dict, type(None))):
            raise ValueError(f"{path}: 'meta.json' has a 'compile' entry that is not an object.")
        shapes = meta.get("input_shape")
        if shapes is not None and not (isinstance(shapes, list) and all(
                isinstance(s, list) and all(n is None or (isinstance(n, int) and not isinstance(n, bool) and n >= 0)
                                            for n in s) for s in shapes)):
            raise ValueError(f"{path}: 'meta.json' has an 'input_shape' that is not a list of shapes.")
    return meta


def _reading(path):
    """Turn any error a damaged file provokes deep inside (a missing key, a wrong
    type, a config no layer accepts) into a ValueError naming the file."""
    return _FileErrors(path)


class _FileErrors:
    def __init__(self, path):
        self.path = os.fspath(path)

    def __enter__(self):
        return self

    def __exit__(self, kind, err, tb):
        if err is None or isinstance(err, (OSError, KeyboardInterrupt, SystemExit, MemoryError)):
            return False
        if isinstance(err, ValueError) and self.path in str(err):
            return False
        if isinstance(err, _Malformed):
            raise ValueError(f"{self.path} is damaged or not an axon file: {err}.") from None
        if isinstance(err, (ValueError, TypeError, KeyError, AttributeError, IndexError, EOFError, zipfile.BadZipFile,
                            RecursionError, OverflowError, UnicodeError, NotImplementedError, LookupError)):
            raise ValueError(f"{self.path} is damaged or does not match this model: "
                             f"{type(err).__name__}: {err}") from err
        return False


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
    with _reading(filepath):
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
    with _reading(filepath):
        return _load_model(filepath, custom_objects, compile)


def _load_model(filepath, custom_objects, compile: bool):
    from axon import losses, metrics, optimizers
    from axon.layers.base import weight_budget

    with _open_archive(filepath) as archive:
        meta = _read_meta(archive, filepath)
        if meta.get("format") != FORMAT:
            raise ValueError(f"{filepath} holds weights only (written by save_weights): build the model in code "
                             "and call model.load_weights().")
        arrays = _read_npz(archive, "weights.npz", filepath)
        has_optimizer = "optimizer.npz" in archive.namelist()
        opt_state = _read_npz(archive, "optimizer.npz", filepath) if has_optimizer else None
    # Rebuilding draws initial weights; keep the generator where it was, so a resumed
    # run sees the same random numbers (shuffles, dropout) as an unbroken one. The
    # config may not make the model create more weight values than the file holds.
    generator = B.rng()
    saved_state = generator.bit_generator.state
    stored = sum(a.size for a in arrays.values())
    try:
        with weight_budget(stored + BUILD_SLACK, f"{filepath} holds {stored:,} weight values"):
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
        elif not has_optimizer:
            warnings.warn(f"{filepath} holds no optimizer state: the optimizer "
                          f"'{type(model.optimizer).__name__}' starts afresh (moments and step count reset), so "
                          "further training differs from an unbroken run.", stacklevel=3)
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
