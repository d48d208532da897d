"""Zip archives read with bounds: a member is inflated only if its declared size
is honest for its compressed size, and never past that declared size, so a
zip bomb is refused before the memory is taken."""

from __future__ import annotations

import os
import zipfile

# Deflate reaches ~1000x only on degenerate data; real model files (JSON, float
# weights) stay far below this ratio.
MAX_EXPANSION = 100
_SLACK = 1 << 16


def open_zip(filepath, kind: str) -> zipfile.ZipFile:
    """Open ``filepath`` as a zip archive, with a clear error if it is not one."""
    path = os.fspath(filepath)
    if not os.path.exists(path):
        raise FileNotFoundError(f"No file at {path}.")
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as err:
        raise ValueError(f"{path} is not a {kind} file (not a readable zip archive: {err}). It may be truncated "
                         "or corrupted.") from None


def read_member(archive: zipfile.ZipFile, name: str, where: str, limit: int | None = None) -> bytes:
    """The bytes of member ``name``, refusing members that would inflate beyond
    ``MAX_EXPANSION`` times their stored size (or ``limit`` bytes).

    Raises:
        ValueError: the member is missing, a bomb, or corrupted.
    """
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise ValueError(f"{where} has no '{name}' entry: not a complete file.") from None
    bound = MAX_EXPANSION * info.compress_size + _SLACK
    if limit is not None:
        bound = min(bound, limit)
    if info.file_size > bound:
        raise ValueError(f"{where}: the entry '{name}' declares {info.file_size} bytes from {info.compress_size} "
                         "stored bytes, more than any genuine model file expands to (a zip bomb?); refused.")
    try:
        with archive.open(info) as member:
            data = member.read(info.file_size + 1)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as err:
        raise ValueError(f"{where}: the entry '{name}' is corrupted ({err}).") from None
    if len(data) != info.file_size:
        raise ValueError(f"{where}: the entry '{name}' does not hold the {info.file_size} bytes it declares; the file "
                         "is corrupted or crafted.")
    return data
