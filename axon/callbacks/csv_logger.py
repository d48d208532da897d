"""``CSVLogger``: write each epoch's logs as a row of a CSV file."""

from __future__ import annotations

import collections.abc
import csv
import os

import numpy as np

from axon.callbacks.base import Callback


def _cell(value):
    if isinstance(value, np.ndarray) and value.ndim == 0:
        return value.item()
    if isinstance(value, collections.abc.Iterable) and not isinstance(value, str):
        return f"[{', '.join(map(str, value))}]"
    return value


class CSVLogger(Callback):
    """Streams epoch results to a CSV file: a header ``epoch,<sorted keys>``,
    then one row per epoch, on disk as soon as the epoch ends (so the file
    can be watched during training).

    When the first epoch has no ``val_`` values (``validation_freq > 1``), the
    ``val_`` columns are added anyway and hold ``NA`` until validation runs, as
    in Keras.

    Args:
        filename: the CSV file's path.
        separator: the column separator.
        append: add to an existing file (its header is kept) instead of
            overwriting it.

    Example:
        >>> model.fit(x, y, epochs=10, callbacks=[CSVLogger("training.csv")])
    """

    def __init__(self, filename, separator: str = ",", append: bool = False):
        super().__init__()
        self.filename = os.fspath(filename)
        self.sep = separator
        self.append = bool(append)
        self.keys: list | None = None
        self._write_header = True

    def on_train_begin(self, logs=None):
        self.keys = None
        if self.append and os.path.exists(self.filename):
            with open(self.filename, encoding="utf-8") as f:
                self._write_header = not f.readline()
        else:
            self._write_header = True
            open(self.filename, "w").close()  # a new run starts an empty file, as Keras does

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        if self.keys is None:
            self.keys = sorted(logs)
            if self.keys and not any(k.startswith("val_") for k in self.keys):
                self.keys += [f"val_{k}" for k in self.keys if k != "learning_rate"]
        # Opened for each row, so the file is complete on disk after every epoch and never left open.
        with open(self.filename, "a", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=["epoch", *self.keys], delimiter=self.sep, lineterminator="\n")
            if self._write_header:
                writer.writeheader()
                self._write_header = False
            row = {"epoch": epoch}
            row.update((key, _cell(logs.get(key, "NA"))) for key in self.keys)
            writer.writerow(row)
