"""CIFAR-10: 60,000 32x32 colour images in 10 classes (``keras.datasets.cifar10``).

Labels: 0 airplane, 1 automobile, 2 bird, 3 cat, 4 deer, 5 dog, 6 frog,
7 horse, 8 ship, 9 truck (``CLASS_NAMES``). axon reads the *binary* version of
the dataset, never the pickled "python version" that Keras downloads.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from axon.datasets import _files
from axon.datasets.cifar import read_cifar, read_cifar_archive

NAMES = ("cifar10", "cifar-10")
CLASS_NAMES = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]
BATCHES = [f"data_batch_{i}.bin" for i in range(1, 6)] + ["test_batch.bin"]
FOLDER = "cifar-10-batches-bin"
ARCHIVE = "cifar-10-binary.tar.gz"
URLS = ("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz",)
# SHA-256 of the archive above (its MD5 published on the CIFAR page is c32a1d4ab5d03f1284b67883e8d87530).
SHA256 = "c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd"
EXPECTED = (f"{ARCHIVE} (the binary version), or its files {', '.join(BATCHES)} (plain or .gz, "
            f"optionally in a {FOLDER}/ subfolder)")


def _split(parts):
    x_train = np.concatenate([x for x, _ in parts[:-1]])
    y_train = np.concatenate([y for _, y in parts[:-1]])
    return (x_train, y_train), parts[-1]


def _local():
    for root, _ in _files.search_roots():
        for directory in [root / name for name in NAMES] + [root]:
            for folder in (directory, directory / FOLDER):
                paths = [_files.find_file(folder, [name]) for name in BATCHES]
                if all(paths):
                    return _split([read_cifar(path) for path in paths])
            if (directory / ARCHIVE).is_file():
                return _split(read_cifar_archive(directory / ARCHIVE, BATCHES, known={ARCHIVE: SHA256}))
    return None


def load_data():
    """Load CIFAR-10 as Keras does: ``(x_train, y_train), (x_test, y_test)``.

    ``x_train`` is uint8 ``(50000, 32, 32, 3)`` (channels last, values 0-255),
    ``y_train`` uint8 ``(50000, 1)`` with labels 0-9 (see ``CLASS_NAMES``); the
    test set has 10,000 images.

    Looked for in ``$AXON_DATA/cifar10/``, ``~/.keras/datasets/cifar10/`` and
    ``/usr/share/datasets/cifar10/`` (also directly in those roots): the archive
    ``cifar-10-binary.tar.gz``, read without unpacking, or its six ``.bin``
    files. If none is found the archive (163 MB) is downloaded, checked against
    its SHA-256 and cached.

    Raises:
        DatasetNotFoundError: when there is no local copy and the download fails.

    Example:
        >>> (x_train, y_train), (x_test, y_test) = axon.datasets.cifar10.load_data()
        >>> x_train.shape, y_train.shape
        ((50000, 32, 32, 3), (50000, 1))
    """
    data = _local()
    if data is not None:
        return data
    target = Path(_files.cache_dir(NAMES[0])) / ARCHIVE
    try:
        _files.download_any(URLS, target, SHA256)
    except OSError as err:
        raise _files.not_found("CIFAR-10", NAMES, EXPECTED, err) from err
    return _split(read_cifar_archive(target, BATCHES, known={ARCHIVE: SHA256}))
