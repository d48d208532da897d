"""File formats, one a module, chosen by the file's extension.

============================  ===========================================  ==========
extension                     format                                       holds
============================  ===========================================  ==========
``.keras``                    Keras 3 (zip: config, metadata, weights.h5)  model
``.weights.h5``               Keras 3 weights                              weights
``.h5`` / ``.hdf5``           legacy Keras 2 / tf.keras HDF5               model or weights
``.safetensors``              safetensors (named tensors, PyTorch-friendly) weights
``.axon`` (also ``.npz``)     axon's own (zip of JSON and ``.npz``)         model or weights
============================  ===========================================  ==========

No reader runs code: Keras files may only name axon's layers or classes the
user registered, and every array is checked against the model before it is
read. Keras and ONNX support needs ``h5py`` / ``onnx`` (``axon[keras-io]``,
``axon[onnx]``); ``import axon`` does not import them.
"""

from __future__ import annotations

import os

_EXTENSIONS = ((".weights.h5", "keras-weights"), (".keras", "keras"), (".h5", "h5"), (".hdf5", "h5"),
               (".safetensors", "safetensors"), (".axon", "axon"), (".npz", "axon"))
_LISTING = ("'.keras' (Keras 3 model), '.weights.h5' (Keras 3 weights), '.h5'/'.hdf5' (legacy Keras HDF5), "
            "'.safetensors' (weights), '.axon' (axon's own format)")


def file_format(filepath) -> str:
    """The format a path's extension names.

    Raises:
        ValueError: for a missing or unknown extension, listing the formats.
    """
    name = os.fspath(filepath).lower()
    for ext, kind in _EXTENSIONS:
        if name.endswith(ext):
            return kind
    raise ValueError(f"Cannot tell the file format of {os.fspath(filepath)!r} from its extension. Use one of "
                     f"{_LISTING}.")


def _weights_only(filepath, kind: str, verb: str):
    return ValueError(f"{os.fspath(filepath)!r} names a {kind} file, which holds weights only: use "
                      f"model.{verb}_weights() for it, or a '.keras' or '.axon' path to {verb} the whole model.")


def save_model(model, filepath, overwrite: bool = True) -> None:
    """Write ``model`` (architecture, weights, compile settings) in the format its extension names."""
    kind = file_format(filepath)
    if kind == "keras":
        from axon.io import keras_v3
        keras_v3.save_model(model, filepath, overwrite)
    elif kind == "h5":
        from axon.io import keras_h5
        keras_h5.save_model(model, filepath, overwrite)
    elif kind == "axon":
        from axon.models import saving
        saving.save_model(model, filepath, overwrite)
    else:
        raise _weights_only(filepath, "weights", "save")


def load_model(filepath, custom_objects: dict | None = None, compile: bool = True, safe_mode: bool = True):
    """Rebuild a model saved by ``model.save`` (or by Keras), by the file's extension.

    Args:
        custom_objects: extra classes (custom layers, losses) by name.
        compile: whether to compile the model as the file says.
        safe_mode: True (default) refuses anything that would run code from the
            file. axon never runs code from a file; ``safe_mode=False`` is
            accepted for Keras compatibility and changes nothing.
    """
    kind = file_format(filepath)
    if kind == "keras":
        from axon.io import keras_v3
        return keras_v3.load_model(filepath, custom_objects, compile, safe_mode)
    if kind == "h5":
        from axon.io import keras_h5
        return keras_h5.load_model(filepath, custom_objects, compile, safe_mode)
    if kind == "axon":
        from axon.models import saving
        return saving.load_model(filepath, custom_objects=custom_objects, compile=compile)
    raise _weights_only(filepath, "weights", "load")


def save_weights(model, filepath, overwrite: bool = True) -> None:
    """Write ``model``'s weights in the format the extension names."""
    kind = file_format(filepath)
    if kind == "keras-weights":
        from axon.io import keras_v3
        keras_v3.save_weights(model, filepath, overwrite)
    elif kind == "h5":
        from axon.io import keras_h5
        keras_h5.save_weights(model, filepath, overwrite)
    elif kind == "safetensors":
        from axon.io import safetensors
        safetensors.save_weights(model, filepath, overwrite)
    elif kind == "axon":
        from axon.models import saving
        saving.save_weights(model, filepath, overwrite)
    else:
        raise ValueError(f"{os.fspath(filepath)!r} names a whole-model '.keras' file: use model.save() for it, or "
                         f"a weights path: {_LISTING}.")


def load_weights(model, filepath, skip_mismatch: bool = False, by_name: bool = False) -> None:
    """Load weights into a built model from a file of the format its extension names.

    ``by_name`` (legacy ``.h5`` only) matches layers by name instead of order;
    ``skip_mismatch`` skips layers whose weights do not fit instead of failing.
    """
    kind = file_format(filepath)
    if by_name and kind != "h5":
        raise ValueError("load_weights(by_name=True) applies to legacy '.h5' files only; other formats are matched "
                         "by layer already.")
    if kind == "keras-weights":
        from axon.io import keras_v3
        keras_v3.load_weights(model, filepath, skip_mismatch)
    elif kind == "h5":
        from axon.io import keras_h5
        keras_h5.load_weights(model, filepath, skip_mismatch, by_name)
    elif kind == "safetensors":
        from axon.io import safetensors
        safetensors.load_weights(model, filepath, skip_mismatch)
    elif kind == "axon":
        from axon.models import saving
        saving.load_weights(model, filepath, skip_mismatch)
    else:  # the weights inside a whole-model .keras file, as Keras 3 allows
        from axon.io import keras_v3
        keras_v3.load_weights_from_archive(model, filepath, skip_mismatch)
