"""``paddle.text.datasets.UCIHousing``: the Boston housing regression data from a local file."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from axon.paddle.io.dataset import Dataset

FEATURE_NAMES = ["CRIM", "ZN", "INDUS", "CHAS", "NOX", "RM", "AGE", "DIS", "RAD", "TAX", "PTRATIO", "B", "LSTAT",
                 "MEDV"]


class UCIHousing(Dataset):
    """UCI housing as Paddle prepares it: the whitespace-separated ``housing.data`` (506 rows of 14
    numbers), features scaled as ``(x - mean) / (max - min)`` over the whole file, the first 80% of rows
    for ``'train'`` and the rest for ``'test'``. Samples are ``(features float32 (13,), price float32 (1,))``.

    Args:
        data_file: the local ``housing.data`` (axon.paddle downloads nothing).
        mode: ``'train'`` or ``'test'``.
    """

    def __init__(self, data_file=None, mode: str = "train", download: bool = True):
        if mode not in ("train", "test"):
            raise ValueError(f"UCIHousing: `mode` must be 'train' or 'test'. Received: mode={mode!r}")
        if data_file is None or not Path(data_file).is_file():
            raise FileNotFoundError(f"UCIHousing: the data file {data_file!r} was not found and axon.paddle does not "
                                    "download data. Pass data_file= the local housing.data.")
        data = np.loadtxt(data_file, dtype=np.float64)
        if data.ndim != 2 or data.shape[1] != len(FEATURE_NAMES):
            raise ValueError(f"UCIHousing: {data_file} must hold rows of {len(FEATURE_NAMES)} numbers; got shape "
                             f"{data.shape}.")
        maximums, minimums, avgs = data.max(axis=0), data.min(axis=0), data.mean(axis=0)
        span = np.where(maximums - minimums == 0, 1, maximums - minimums)
        features = (data[:, :-1] - avgs[:-1]) / span[:-1]
        data = np.concatenate([features, data[:, -1:]], axis=1).astype(np.float32)
        offset = int(data.shape[0] * 0.8)
        self.data = data[:offset] if mode == "train" else data[offset:]
        self.dtype = "float32"

    def __getitem__(self, idx):
        row = self.data[idx]
        return row[:-1].copy(), row[-1:].copy()

    def _getitems(self, indices):
        rows = self.data[indices]
        return [rows[:, :-1], rows[:, -1:]]

    def __len__(self) -> int:
        return len(self.data)
