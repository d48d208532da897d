"""The CIFAR *binary* format (``cifar-10-binary.tar.gz``): read and write.

Each record is ``label_bytes`` label bytes (1 for CIFAR-10; 2, coarse then
fine, for CIFAR-100) followed by a 32x32 colour image as 3072 bytes: the 1024
red values row by row, then green, then blue. Reading never unpickles anything
(the "python version" of CIFAR is a pickle and is not supported).
"""

from __future__ import annotations

import tarfile
import zlib
from pathlib import Path

import numpy as np

from axon.datasets._files import read_bytes

IMAGE_BYTES = 32 * 32 * 3


def parse_cifar(data: bytes, label_bytes: int = 1, name: str = "CIFAR data") -> tuple[np.ndarray, np.ndarray]:
    """Images ``(n, 32, 32, 3)`` uint8 (channels last) and labels ``(n, label_bytes)`` uint8.

    Raises:
        ValueError: when the size is not a whole number of records.
    """
    record = label_bytes + IMAGE_BYTES
    if len(data) % record:
        raise ValueError(f"{name} is not CIFAR binary data: {len(data)} bytes is not a multiple of the record size "
                         f"{record} ({label_bytes} label byte(s) + {IMAGE_BYTES} image bytes).")
    records = np.frombuffer(data, dtype=np.uint8).reshape(-1, record)
    labels = records[:, :label_bytes].copy()
    images = records[:, label_bytes:].reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1)
    return np.ascontiguousarray(images), labels


def read_cifar(path, label_bytes: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Read a CIFAR binary batch file (e.g. ``data_batch_1.bin``, plain or ``.gz``)."""
    return parse_cifar(read_bytes(Path(path)), label_bytes, name=str(path))


def read_cifar_archive(path, members, label_bytes: int = 1, known: dict | None = None
                       ) -> list[tuple[np.ndarray, np.ndarray]]:
    """Read the batch files named ``members`` (base names) from a ``.tar.gz`` archive,
    without extracting anything to disk.

    Raises:
        FileNotFoundError: when a member is missing from the archive.
    """
    from axon.datasets import _files

    _files.check_known(Path(path), known)
    wanted = {name: None for name in members}
    try:
        with tarfile.open(path, "r:*") as archive:
            for info in archive:
                base = info.name.rsplit("/", 1)[-1]
                if info.isfile() and base in wanted and wanted[base] is None:
                    wanted[base] = archive.extractfile(info).read()
    except (tarfile.TarError, EOFError, OSError, zlib.error) as err:
        raise _files.damaged(path, f"is truncated or corrupted ({type(err).__name__}: {err})") from None
    missing = [name for name, data in wanted.items() if data is None]
    if missing:
        raise FileNotFoundError(f"{path} does not contain {', '.join(missing)}; is it cifar-10-binary.tar.gz?")
    return [parse_cifar(data, label_bytes, name=f"{path}:{name}") for name, data in wanted.items()]


def write_cifar(path, images, labels) -> None:
    """Write images ``(n, 32, 32, 3)`` and labels ``(n,)`` or ``(n, k)`` as a CIFAR binary file."""
    images = np.asarray(images, dtype=np.uint8)
    labels = np.asarray(labels, dtype=np.uint8).reshape(len(images), -1)
    if images.shape[1:] != (32, 32, 3):
        raise ValueError(f"CIFAR images must have shape (n, 32, 32, 3). Received: {images.shape}")
    records = np.concatenate([labels, images.transpose(0, 3, 1, 2).reshape(len(images), -1)], axis=1)
    Path(path).write_bytes(records.tobytes())
