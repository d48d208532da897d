"""MNIST: 70,000 handwritten digits, 28x28 grayscale, labels 0-9 (``keras.datasets.mnist``)."""

from __future__ import annotations

from axon.datasets import _files
from axon.datasets._mnist_format import EXPECTED, find_idx_files, load_idx_files, load_npz

NAMES = ("mnist",)
NPZ = "mnist.npz"
URLS = ("https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz",)
# Published by Keras for the file above.
SHA256 = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"
KNOWN = {NPZ: SHA256}


def _local(npz: str):
    for root, _ in _files.search_roots():
        for directory in [root / name for name in NAMES]:
            if (directory / npz).is_file():
                return load_npz(directory / npz, KNOWN)
            paths = find_idx_files(directory)
            if paths:
                return load_idx_files(paths)
        if (root / npz).is_file():  # where Keras keeps it
            return load_npz(root / npz, KNOWN)
    return None


def load_data(path: str = NPZ):
    """Load MNIST as Keras does: ``(x_train, y_train), (x_test, y_test)``.

    ``x_train`` is uint8 ``(60000, 28, 28)`` with values 0-255, ``y_train``
    uint8 ``(60000,)`` with labels 0-9; the test set has 10,000 images.

    The files are looked for in ``$AXON_DATA/mnist/``, ``~/.keras/datasets/``
    (Keras's ``mnist.npz``) and ``/usr/share/datasets/mnist/``, as ``mnist.npz``
    or as the four original IDX files (plain or ``.gz``). If none is found,
    ``mnist.npz`` (11 MB) is downloaded, checked against its SHA-256 and cached.

    Args:
        path: the cache file name (Keras's argument; relative to the cache folder).

    Raises:
        DatasetNotFoundError: when there is no local copy and the download fails.

    Example:
        >>> (x_train, y_train), (x_test, y_test) = axon.datasets.mnist.load_data()
        >>> x_train.shape, y_train[:3]
        ((60000, 28, 28), array([5, 0, 4], dtype=uint8))
    """
    data = _local(path)
    if data is not None:
        return data
    directory = _files.cache_dir("mnist", keras_subdir="")
    try:
        target = _files.download_any(URLS, directory / path, SHA256)
    except OSError as err:
        raise _files.not_found("MNIST", NAMES, f"Keras's {NPZ} or {EXPECTED}", err) from err
    return load_npz(target, KNOWN)
