"""HDF5 through h5py, read defensively: the optional import, opening a file
that may be truncated, and reading a weight only after its shape, dtype and
stored size have been checked against what the model expects."""

from __future__ import annotations

import numpy as np


def h5py():
    """The ``h5py`` module, imported on first use (``pip install axon[keras-io]``)."""
    try:
        import h5py as module
    except ImportError:
        raise ImportError("Reading and writing Keras .keras/.h5 files needs h5py: pip install 'axon[keras-io]' "
                          "(or pip install h5py).") from None
    return module


def open_read(source, where: str):
    """Open ``source`` (a path or a binary file object) for reading, with a clear
    error for a file that is not HDF5 or was cut short."""
    module = h5py()
    try:
        return module.File(source, "r")
    except (OSError, ValueError) as err:
        raise ValueError(f"{where} is not a readable HDF5 file ({err}). It may be truncated or corrupted.") from None


def read_weight(dataset, expected_shape: tuple, where: str, limit: int) -> np.ndarray:
    """The array of ``dataset`` once it is known to be a plain numeric array of
    ``expected_shape`` whose bytes are all in the file (at most ``limit`` bytes):
    a dataset declaring more than the file holds (compressed, external, virtual)
    is refused before anything is allocated.

    Raises:
        ValueError: naming ``where`` and both shapes on a mismatch.
    """
    module = h5py()
    if not isinstance(dataset, module.Dataset):
        raise ValueError(f"{where}: expected a weight array in the file, found a group.")
    if tuple(dataset.shape or ()) != tuple(expected_shape):
        raise ValueError(f"{where}: the model expects shape {tuple(expected_shape)} but the file has "
                         f"{tuple(dataset.shape or ())}.")
    if dataset.dtype.kind not in "fiub" or dataset.dtype.itemsize > 8:
        raise ValueError(f"{where}: the file stores it as {dataset.dtype}, not a numeric array.")
    nbytes = int(np.prod(expected_shape, dtype=np.int64)) * dataset.dtype.itemsize
    if nbytes > limit or dataset.is_virtual or dataset.external or dataset.compression is not None:
        raise ValueError(f"{where}: the dataset declares {nbytes} bytes stored in a way axon does not read "
                         f"(compressed, external or virtual, or more than the file's {limit} bytes).")
    try:
        return dataset[()] if dataset.shape else np.asarray(dataset[()])
    except (OSError, ValueError) as err:
        raise ValueError(f"{where}: the weight could not be read ({err}); the file is truncated or "
                         "corrupted.") from None
