"""What MNIST and Fashion-MNIST share: four IDX files (or Keras's ``.npz``) per dataset."""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

import numpy as np

from axon.datasets import _files
from axon.datasets.idx import read_idx

# The names the files have on the original sites, and once unpacked by some tools.
IDX_FILES = {
    "x_train": ("train-images-idx3-ubyte", "train-images.idx3-ubyte"),
    "y_train": ("train-labels-idx1-ubyte", "train-labels.idx1-ubyte"),
    "x_test": ("t10k-images-idx3-ubyte", "t10k-images.idx3-ubyte"),
    "y_test": ("t10k-labels-idx1-ubyte", "t10k-labels.idx1-ubyte"),
}
EXPECTED = ("the four IDX files train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and "
            "t10k-labels-idx1-ubyte (each plain or .gz)")


def find_idx_files(directory: Path) -> dict | None:
    """The paths of the four IDX files in ``directory``, or None unless all are there."""
    paths = {key: _files.find_file(directory, names) for key, names in IDX_FILES.items()}
    return paths if all(paths.values()) else None


def _checked(arrays: dict, where) -> tuple:
    for part in ("train", "test"):
        x, y = arrays[f"x_{part}"], arrays[f"y_{part}"]
        if x.ndim != 3 or y.ndim != 1 or len(x) != len(y):
            raise ValueError(f"The {part} files in {where} do not match: images {x.shape} {x.dtype}, labels "
                             f"{y.shape} {y.dtype}; expected images (n, rows, cols) and n labels.")
    return (arrays["x_train"], arrays["y_train"]), (arrays["x_test"], arrays["y_test"])


def load_idx_files(paths: dict, known: dict | None = None) -> tuple:
    """``(x_train, y_train), (x_test, y_test)`` from the four IDX files (each checked
    against ``known``, file name -> SHA-256)."""
    return _checked({key: read_idx(path, known) for key, path in paths.items()}, Path(paths["x_train"]).parent)


def load_npz(path: Path, known: dict | None = None) -> tuple:
    """``(x_train, y_train), (x_test, y_test)`` from a Keras ``.npz`` file, never unpickling."""
    _files.check_known(path, known)
    try:
        with open(path, "rb") as handle, np.load(handle, allow_pickle=False) as f:
            missing = [key for key in IDX_FILES if key not in f.files]
            if missing:
                raise ValueError(f"{path} lacks the arrays {missing}; it holds {f.files}.")
            arrays = {key: f[key] for key in IDX_FILES}
    except ValueError as err:
        if "allow_pickle" in str(err):
            raise ValueError(f"{path} holds pickled objects, which axon never loads (a pickle can run code). "
                             "Replace it with the original file.") from err
        raise _files.damaged(path, f"cannot be read ({err})") from None
    except (OSError, EOFError, zipfile.BadZipFile, zlib.error) as err:
        raise _files.damaged(path, f"is truncated or corrupted ({type(err).__name__}: {err})") from None
    return _checked(arrays, path)
