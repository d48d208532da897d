"""``paddle.save`` / ``paddle.load`` in a safe format under Paddle's file names.

Paddle's own ``.pdparams`` / ``.pdopt`` files are Python pickles, and loading a
pickle can run any code. axon.paddle writes instead a ZIP archive (stored, not
compressed) of ``.npy`` arrays (read with ``allow_pickle=False``) plus
``structure.json`` describing the nesting: dicts with string keys, lists,
numbers, strings, booleans, None, Tensors and NumPy arrays. Reading checks
every size against the file before allocating. A real (pickled) Paddle file
is recognised and refused, never unpickled.
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

import numpy as np

from axon import backend as B

MAGIC = "axon.paddle/1"
_STRUCTURE = "structure.json"
_MAX_JSON = 64 * 2**20


class UnsafeFileError(ValueError):
    """A file axon refuses to read because reading it could run code (a pickle)."""


def _encode(obj, arrays: dict, where: str):
    from axon.paddle.nn.layer import Layer
    from axon.paddle.tensor import Tensor

    if isinstance(obj, Tensor):
        key = f"a{len(arrays)}"
        arrays[key] = np.asarray(B.to_numpy(obj.value.data))
        return {"__tensor__": key}
    if isinstance(obj, np.ndarray):
        if obj.dtype.kind == "O":
            raise TypeError(f"paddle.save: {where} is an object array, which cannot be saved without pickle.")
        key = f"a{len(arrays)}"
        arrays[key] = obj
        return {"__ndarray__": key}
    if isinstance(obj, np.generic):
        return obj.item()
    if obj is None or isinstance(obj, (bool, int, float, str)):
        return obj
    if isinstance(obj, dict):
        bad = [k for k in obj if not isinstance(k, str)]
        if bad:
            raise TypeError(f"paddle.save: dict keys must be strings; {where} has key {bad[0]!r}.")
        return {"__dict__": {k: _encode(v, arrays, f"{where}[{k!r}]") for k, v in obj.items()}}
    if isinstance(obj, (list, tuple)):
        return {"__list__": [_encode(v, arrays, f"{where}[{i}]") for i, v in enumerate(obj)],
                "tuple": isinstance(obj, tuple)}
    if isinstance(obj, Layer):
        raise TypeError("paddle.save of a Layer object is not supported (it would need pickle): save its "
                        "state_dict() instead, and rebuild the Layer in code before set_state_dict().")
    raise TypeError(f"paddle.save cannot store {where} of type {type(obj).__name__} without pickle; save Tensors, "
                    "arrays, numbers, strings and dicts/lists of them.")


def save(obj, path, protocol: int = 4, **configs) -> None:
    """Save ``obj`` (a state dict, a Tensor, nested dicts/lists of them) to ``path``, creating its folder.

    Example:
        >>> paddle.save(model.state_dict(), "model.pdparams")
        >>> paddle.save(opt.state_dict(), "model.pdopt")
    """
    path = os.fspath(path)
    if not path or path.endswith(("/", os.sep)):
        raise ValueError(f"paddle.save: the path must be a file name, e.g. 'model.pdparams'. Received: {path!r}")
    arrays: dict = {}
    structure = {"format": MAGIC, "root": _encode(obj, arrays, "the object")}
    folder = os.path.dirname(path)
    if folder:
        os.makedirs(folder, exist_ok=True)
    tmp = path + ".tmp"
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr(_STRUCTURE, json.dumps(structure))
        for key, array in arrays.items():
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.asarray(array, order="C"), allow_pickle=False)
            archive.writestr(f"{key}.npy", buffer.getvalue())
    os.replace(tmp, path)


def _refuse_pickle(path: str, head: bytes) -> None:
    if head[:1] == b"\x80" or head[:2] in (b"(d", b"(l", b"}q", b"]q"):
        raise UnsafeFileError(
            f"{path} is a pickled file (PaddlePaddle's own .pdparams/.pdopt format). axon.paddle never unpickles: "
            "loading a pickle can run arbitrary code. Convert it once in a trusted PaddlePaddle environment: "
            "state = paddle.load(path); numpy.savez('weights.npz', **{k: v.numpy() for k, v in state.items()}); "
            "then here: model.set_state_dict(dict(numpy.load('weights.npz'))).")


def _decode(node, archive: zipfile.ZipFile, return_numpy: bool, budget: list):
    from axon.paddle.tensor import Tensor

    if isinstance(node, dict):
        if "__tensor__" in node or "__ndarray__" in node:
            key = node.get("__tensor__", node.get("__ndarray__"))
            info = archive.getinfo(f"{key}.npy")
            if info.compress_type != zipfile.ZIP_STORED or info.file_size > budget[0]:
                raise ValueError(f"{archive.filename}: entry {key}.npy is compressed or larger than the file; the "
                                 "file is corrupted or not written by axon.paddle.")
            budget[0] -= info.file_size
            with archive.open(info) as f:
                array = np.lib.format.read_array(f, allow_pickle=False)
            return array if (return_numpy or "__ndarray__" in node) else Tensor(B.xp.asarray(array))
        if "__dict__" in node:
            return {k: _decode(v, archive, return_numpy, budget) for k, v in node["__dict__"].items()}
        if "__list__" in node:
            items = [_decode(v, archive, return_numpy, budget) for v in node["__list__"]]
            return tuple(items) if node.get("tuple") else items
        raise ValueError(f"{archive.filename}: unknown entry in structure.json.")
    return node


def load(path, **configs):
    """Load what ``paddle.save`` wrote (Tensors come back as Tensors; ``return_numpy=True`` gives arrays).

    Raises:
        UnsafeFileError: for a pickled file (a real PaddlePaddle ``.pdparams``), with how to convert it.
        FileNotFoundError: when ``path`` does not exist.
    """
    path = os.fspath(path)
    if not Path(path).is_file():
        raise FileNotFoundError(f"paddle.load: {path} does not exist.")
    with open(path, "rb") as f:
        head = f.read(4)
    _refuse_pickle(path, head)
    if head != b"PK\x03\x04":
        raise ValueError(f"paddle.load: {path} is not a file written by axon.paddle's paddle.save (it is not a ZIP "
                         "archive).")
    return_numpy = bool(configs.pop("return_numpy", False))
    size = os.path.getsize(path)
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(_STRUCTURE)
        if info.file_size > min(size, _MAX_JSON):
            raise ValueError(f"paddle.load: {path} has an oversized structure entry; the file is corrupted.")
        structure = json.loads(archive.read(info))
        if not isinstance(structure, dict) or structure.get("format") != MAGIC:
            raise ValueError(f"paddle.load: {path} was not written by axon.paddle (format "
                             f"{structure.get('format') if isinstance(structure, dict) else None!r}).")
        return _decode(structure["root"], archive, return_numpy, [size])
