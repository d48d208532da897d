"""safetensors weights (``.safetensors``), read and written with NumPy alone.

The format: 8 bytes (little-endian length N), N bytes of JSON mapping each
tensor's name to its ``dtype``, ``shape`` and ``data_offsets`` in the byte
buffer that follows (plus an optional ``__metadata__`` of strings). Tensors are
named ``layer/weight`` (``dense_1/kernel``) as in axon's own format, so the
file reads as a plain dict of named arrays from PyTorch
(``safetensors.torch.load_file``) or any other safetensors reader. Loading is
all-or-nothing and checks every name, shape and offset before reading.
"""

from __future__ import annotations

import json
import os
import struct

import numpy as np

from axon import backend as B

_DTYPES = {"F16": "<f2", "F32": "<f4", "F64": "<f8", "I8": "i1", "I16": "<i2", "I32": "<i4", "I64": "<i8",
           "U8": "u1", "BOOL": "?"}
_CODES = {np.dtype(v).str: k for k, v in _DTYPES.items()}
_HEADER_LIMIT = 100 << 20


def save_weights(model, filepath, overwrite: bool = True) -> None:
    """Write ``model``'s weights as named tensors."""
    from axon.models.saving import _atomic_write, weight_entries

    if not model.built:
        raise ValueError(f"Model '{model.name}' is not built yet, so it has no weights to save.")
    header, chunks, offset = {"__metadata__": {"format": "axon", "model": model.name}}, [], 0
    for name, var in weight_entries(model):
        array = np.ascontiguousarray(B.to_numpy(var.data))
        array = array.astype(array.dtype.newbyteorder("<"), copy=False)
        code = _CODES.get(array.dtype.str)
        if code is None:
            raise ValueError(f"Weight '{name}' has dtype {array.dtype}, which safetensors files do not hold here.")
        header[name] = {"dtype": code, "shape": list(array.shape), "data_offsets": [offset, offset + array.nbytes]}
        chunks.append(array.tobytes())
        offset += array.nbytes
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)  # keeps the buffer 8-byte aligned, as the reference writer does

    def write(f):
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for chunk in chunks:
            f.write(chunk)
    _atomic_write(filepath, write, overwrite)


def read_header(path: str) -> tuple[dict, int]:
    """The checked header of a safetensors file and where its buffer starts."""
    size = os.path.getsize(path)
    with open(path, "rb") as f:
        start = f.read(8)
        if len(start) != 8:
            raise ValueError(f"{path} is not a safetensors file: it is {size} bytes long.")
        (length,) = struct.unpack("<Q", start)
        if length > min(_HEADER_LIMIT, size - 8):
            raise ValueError(f"{path}: the header claims {length} bytes but the file has {size}; it is truncated or "
                             "not a safetensors file.")
        try:
            header = json.loads(f.read(length).decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as err:
            raise ValueError(f"{path}: the safetensors header is not valid JSON ({err}).") from None
    if not isinstance(header, dict):
        raise ValueError(f"{path}: the safetensors header is not a JSON object.")
    header.pop("__metadata__", None)
    buffer = size - 8 - length
    spans = []
    for name, entry in header.items():
        try:
            dtype, shape, (begin, end) = np.dtype(_DTYPES[entry["dtype"]]), tuple(entry["shape"]), entry["data_offsets"]
            ok = all(isinstance(n, int) and n >= 0 for n in (*shape, begin, end))
        except (KeyError, TypeError, ValueError):
            raise ValueError(f"{path}: tensor '{name}' has a malformed entry {str(entry)[:200]}.") from None
        if not ok or end - begin != int(np.prod(shape, dtype=np.int64)) * dtype.itemsize or end > buffer:
            raise ValueError(f"{path}: tensor '{name}' (shape {shape}, {entry['dtype']}) claims bytes {begin}..{end} "
                             f"of a {buffer}-byte buffer; the file is truncated or corrupted.")
        spans.append((begin, end, name))
    spans.sort()
    for (_, end, first), (begin, _, second) in zip(spans, spans[1:]):
        if begin < end:
            raise ValueError(f"{path}: tensors '{first}' and '{second}' overlap in the buffer; refused.")
    return header, 8 + length


def load_weights(model, filepath, skip_mismatch: bool = False) -> None:
    """Load named tensors into a built model: every weight by its ``layer/weight``
    name, shapes checked, nothing assigned unless everything fits."""
    from axon.models.saving import weight_entries

    path = os.fspath(filepath)
    if not os.path.exists(path):
        raise FileNotFoundError(f"No file at {path}.")
    if not model.built:
        raise ValueError(f"Model '{model.name}' is not built yet: build it before load_weights().")
    header, start = read_header(path)
    entries = weight_entries(model)
    missing = [name for name, _ in entries if name not in header]
    in_order = sorted(header, key=lambda name: header[name]["data_offsets"][0])
    if missing and len(in_order) == len(entries) and all(
            tuple(header[name]["shape"]) == tuple(var.shape) for name, (_, var) in zip(in_order, entries)):
        # Same architecture under other layer names (a model rebuilt in a new session): match by position.
        header = {key: header[name] for name, (key, _) in zip(in_order, entries)}
        missing = []
    if missing and not skip_mismatch:
        raise ValueError(f"{path} has no tensors named {missing[:5]} (model '{model.name}'); it holds "
                         f"{sorted(header)[:10]}. Was it saved from a different model?")
    pairs = []
    with open(path, "rb") as f:
        for name, var in entries:
            entry = header.get(name)
            if entry is None:
                continue
            if tuple(entry["shape"]) != tuple(var.shape):
                if skip_mismatch:
                    continue
                layer, _, weight = name.rpartition("/")
                raise ValueError(f"{path}: layer '{layer}', weight '{weight}': the model expects shape {var.shape} "
                                 f"but the file has {tuple(entry['shape'])}.")
            begin, end = entry["data_offsets"]
            f.seek(start + begin)
            data = f.read(end - begin)
            pairs.append((var, np.frombuffer(data, dtype=_DTYPES[entry["dtype"]]).reshape(var.shape)))
    for var, array in pairs:
        var.assign(array.astype(var.dtype))
