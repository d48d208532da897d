"""Bounded reads of zip archives and ``.npy`` / ``.npz`` data from files that
may be hostile or damaged.

A model file is read so that it can never make axon allocate much more than the
bytes the file honestly holds: a compressed member is inflated in a stream that
stops at a size limit (a 1 MB file cannot inflate to 1 GiB); an array's declared
shape and dtype are checked against the bytes behind them before anything is
allocated; only plain numeric arrays are accepted (never pickled objects, text,
dates or records). Every problem is a ``ValueError`` naming the file and what is
wrong in it. Usable by any format reader built on zip and NumPy arrays.
"""

from __future__ import annotations

import ast
import io
import math
import os
import struct
import zipfile
import zlib

import numpy as np

# The dtype kinds an array in a model file may have: booleans, integers, floats.
NUMERIC_KINDS = "biuf"
_MAX_HEADER = 64 * 1024


def open_zip(path, what: str = "an axon file") -> zipfile.ZipFile:
    """``path`` opened as a zip archive; a ``ValueError`` naming it when it is not one."""
    path = os.fspath(path)
    if not os.path.exists(path):
        raise FileNotFoundError(f"No file at {path}.")
    if os.path.isdir(path):
        raise IsADirectoryError(f"{path} is a directory, not {what}.")
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, struct.error) as err:
        raise ValueError(f"{path} is not {what} (not a readable zip archive: {err}). It may be truncated or "
                         "corrupted.") from None


def read_member(archive: zipfile.ZipFile, name: str, path, max_bytes: int, compressed_ok: bool = True) -> bytes:
    """The bytes of member ``name``, refusing more than ``max_bytes`` once inflated.

    The limit is enforced while reading (a member's declared size can lie), so a
    compressed member never grows past ``max_bytes + 1`` bytes in memory. With
    ``compressed_ok=False`` a compressed member is refused outright.
    """
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise ValueError(f"{path} has no '{name}' entry: not the expected file, or truncated.") from None
    if info.compress_type != zipfile.ZIP_STORED and not compressed_ok:
        raise ValueError(f"{path}: '{name}' is compressed, which this format never is (a compressed member could "
                         "inflate far beyond the file's size). Refusing to read it.")
    if info.file_size > max_bytes:
        raise ValueError(f"{path}: '{name}' declares {info.file_size:,} bytes, more than the {max_bytes:,} allowed "
                         "for it. Refusing to read it.")
    try:
        with archive.open(info) as member:
            data = member.read(max_bytes + 1)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError,
            RuntimeError, zlib.error, struct.error) as err:
        raise ValueError(f"{path}: '{name}' is corrupted ({err}).") from None
    if len(data) > max_bytes:
        raise ValueError(f"{path}: '{name}' inflates to more than the {max_bytes:,} bytes allowed for it "
                         f"({info.compress_size:,} bytes compressed). Refusing to read it.")
    return data


def parse_npy(data: bytes, where: str) -> np.ndarray:
    """One ``.npy`` payload as a read-only array, after checking that its header
    is well formed, its dtype numeric and its shape exactly what its bytes hold."""
    try:
        if data[:6] != b"\x93NUMPY":
            raise ValueError("not .npy data")
        major = data[6]
        size_format, encoding = {1: ("<H", "latin1"), 2: ("<I", "latin1"), 3: ("<I", "utf8")}[major]
        start = 8 + struct.calcsize(size_format)
        (header_len,) = struct.unpack(size_format, data[8:start])
        if header_len > _MAX_HEADER or start + header_len > len(data):
            raise ValueError("bad header length")
        header = ast.literal_eval(data[start:start + header_len].decode(encoding))
        if not isinstance(header, dict) or set(header) != {"descr", "fortran_order", "shape"}:
            raise ValueError("bad header")
        descr, fortran, shape = header["descr"], header["fortran_order"], header["shape"]
        if not isinstance(descr, (str, list)) or not isinstance(fortran, bool) or not isinstance(shape, tuple) or \
                not all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in shape):
            raise ValueError(f"bad header {header!r}")
        dtype = np.dtype(descr)
    except (KeyError, IndexError, ValueError, TypeError, SyntaxError, MemoryError, RecursionError,
            UnicodeDecodeError, struct.error) as err:
        raise ValueError(f"{where} is not a valid array ({err}).") from None
    if dtype.hasobject:
        raise ValueError(f"{where} has dtype {dtype}, which axon refuses to load: it holds pickled Python "
                         "objects, and unpickling can run code.")
    if dtype.kind not in NUMERIC_KINDS or dtype.fields is not None or dtype.subdtype is not None:
        raise ValueError(f"{where} has dtype {dtype} ({_kind_name(dtype)}), which axon refuses to load: model "
                         "files hold numeric arrays only (booleans, integers, floats).")
    body = len(data) - start - header_len
    expected = math.prod(shape) * dtype.itemsize
    if body != expected:
        raise ValueError(f"{where} declares shape {shape} of {dtype} ({expected:,} bytes) but holds {body:,} bytes.")
    array = np.frombuffer(data, dtype=dtype, count=math.prod(shape), offset=start + header_len)
    return array.reshape(shape, order="F" if fortran else "C")


def read_npz(data: bytes, where: str, max_member_bytes: int | None = None) -> dict:
    """The arrays of an ``.npz`` payload (``np.savez``) as ``{name: array}``, each
    checked by ``parse_npy``; inflation of compressed members is bounded by
    ``max_member_bytes`` (default: the size of ``data`` itself)."""
    limit = len(data) if max_member_bytes is None else max_member_bytes
    try:
        inner = zipfile.ZipFile(io.BytesIO(data))
        names = inner.namelist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, struct.error) as err:
        raise ValueError(f"{where} is not a valid .npz array archive ({err}): axon refuses to load it.") from None
    arrays = {}
    with inner:
        for name in names:
            if not name.endswith(".npy"):
                raise ValueError(f"{where} holds '{name}', which is not an array (.npy).")
            payload = read_member(inner, name, where, limit)
            key = name[:-4]
            if key in arrays:
                raise ValueError(f"{where} holds '{name}' twice.")
            arrays[key] = parse_npy(payload, f"{where}: '{key}'")
    return arrays


def _kind_name(dtype: np.dtype) -> str:
    if dtype.fields is not None:
        return "records"
    if dtype.subdtype is not None:
        return "sub-arrays"
    return {"O": "Python objects", "U": "text", "S": "bytes", "M": "dates", "m": "time spans", "V": "raw bytes",
            "c": "complex numbers"}.get(dtype.kind, dtype.kind)
