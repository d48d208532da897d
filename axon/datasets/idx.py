"""The IDX file format of MNIST and Fashion-MNIST: read and write.

An IDX file is a 4-byte magic number (two zero bytes, a type code, the number
of dimensions), each dimension as a big-endian int32, then the values in C
order, big-endian. Files ending in ``.gz`` are gzip-compressed.
"""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import numpy as np

from axon.datasets._files import read_bytes

_TYPES = {0x08: np.dtype("u1"), 0x09: np.dtype("i1"), 0x0B: np.dtype(">i2"), 0x0C: np.dtype(">i4"),
          0x0D: np.dtype(">f4"), 0x0E: np.dtype(">f8")}
_CODES = {dt.newbyteorder("=") if dt.itemsize > 1 else dt: code for code, dt in _TYPES.items()}


def parse_idx(data: bytes, name: str = "IDX data") -> np.ndarray:
    """The array stored in the IDX bytes ``data`` (native byte order, writable).

    Raises:
        ValueError: when ``data`` is not valid IDX (bad magic, type or size).
    """
    if len(data) < 4 or data[0] != 0 or data[1] != 0 or data[2] not in _TYPES:
        raise ValueError(f"{name} is not an IDX file: its first bytes are {data[:4]!r}, expected 00 00 <type> <ndim> "
                         "with type 0x08 (uint8), 0x09, 0x0B, 0x0C, 0x0D or 0x0E.")
    dtype, ndim = _TYPES[data[2]], data[3]
    header = 4 + 4 * ndim
    shape = tuple(int(n) for n in np.frombuffer(data, dtype=">u4", count=ndim, offset=4))
    expected = header + int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    if len(data) != expected:
        raise ValueError(f"{name} is truncated or corrupted: shape {shape} of {dtype.name} needs {expected} bytes, "
                         f"the file holds {len(data)}.")
    values = np.frombuffer(data, dtype=dtype, offset=header).reshape(shape)
    return values.astype(dtype.newbyteorder("="), copy=True)


def read_idx(path, known: dict | None = None) -> np.ndarray:
    """Read the array in an IDX file (plain or ``.gz``).

    Example:
        >>> x = read_idx("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz")
        >>> x.shape, x.dtype
        ((10000, 28, 28), dtype('uint8'))
    """
    return parse_idx(read_bytes(Path(path), known), name=str(path))


def write_idx(path, array) -> None:
    """Write ``array`` as an IDX file, gzip-compressed when ``path`` ends in ``.gz``.

    Raises:
        ValueError: for a dtype IDX cannot hold (it holds uint8, int8, int16,
            int32, float32 and float64).
    """
    array = np.asarray(array)
    dtype = array.dtype.newbyteorder("=") if array.dtype.itemsize > 1 else array.dtype
    if dtype not in _CODES:
        raise ValueError(f"IDX cannot store dtype {array.dtype}. Use uint8, int8, int16, int32, float32 or float64.")
    code = _CODES[dtype]
    header = bytes([0, 0, code, array.ndim]) + np.asarray(array.shape, dtype=">u4").tobytes()
    body = np.ascontiguousarray(array, dtype=_TYPES[code]).tobytes()
    path = os.fspath(path)
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "wb") as f:
        f.write(header + body)
