"""``ModelCheckpoint``: save the model or its weights during training."""

from __future__ import annotations

import numbers
import os

import numpy as np

from axon.callbacks.base import Callback
from axon.callbacks.early_stopping import monitored_value, resolve_mode
from axon.callbacks.progbar import print_msg


class ModelCheckpoint(Callback):
    """Saves the model (``model.save``) or its weights (``model.save_weights``)
    every epoch or every ``save_freq`` batches.

    ``filepath`` may hold ``str.format`` fields filled from the epoch (1-based,
    as Keras counts in messages and names) and the logs, e.g.
    ``'ckpt/weights.{epoch:02d}-{val_loss:.2f}.npz'``; missing parent folders
    are created. With ``save_best_only`` it saves only when ``monitor``
    improves on the best value so far.

    Args:
        filepath: where to save, a path or a format string.
        monitor: the logs key compared with ``save_best_only``.
        verbose: 1 prints a line for each save (or skipped save).
        save_best_only: save only when ``monitor`` improves.
        save_weights_only: call ``model.save_weights`` instead of ``model.save``.
        mode: ``'min'``, ``'max'`` or ``'auto'`` (from the monitor's name).
        save_freq: ``'epoch'``, or a number of batches between saves.
        initial_value_threshold: the value ``monitor`` must beat for the first save.

    Example:
        >>> ckpt = ModelCheckpoint("ckpt/best.weights.npz", save_best_only=True, save_weights_only=True)
        >>> model.fit(x, y, validation_split=0.1, epochs=20, callbacks=[ckpt])
    """

    def __init__(self, filepath, monitor: str = "val_loss", verbose: int = 0, save_best_only: bool = False,
                 save_weights_only: bool = False, mode: str = "auto", save_freq="epoch",
                 initial_value_threshold: float | None = None):
        super().__init__()
        if save_freq != "epoch" and not (isinstance(save_freq, numbers.Integral) and save_freq > 0):
            raise ValueError(f"`save_freq` must be 'epoch' or a positive int (a number of batches). "
                             f"Received: save_freq={save_freq!r}")
        self.filepath = os.fspath(filepath)
        self.monitor = monitor
        self.verbose = int(verbose)
        self.save_best_only = bool(save_best_only)
        self.save_weights_only = bool(save_weights_only)
        self.mode = resolve_mode(monitor, mode, "ModelCheckpoint")
        self.save_freq = save_freq
        self.initial_value_threshold = initial_value_threshold
        if initial_value_threshold is not None:
            self.best = float(initial_value_threshold)
        else:
            self.best = np.inf if self.mode == "min" else -np.inf
        self._current_epoch = 0
        self._batches_since_save = 0

    def on_epoch_begin(self, epoch, logs=None):
        self._current_epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        if self.save_freq == "epoch":
            return
        self._batches_since_save += 1
        if self._batches_since_save >= self.save_freq:
            self._batches_since_save = 0
            self._save(self._current_epoch, batch, logs or {})

    def on_epoch_end(self, epoch, logs=None):
        if self.save_freq == "epoch":
            self._save(epoch, None, logs or {})

    def _file_path(self, epoch: int, batch, logs: dict) -> str:
        fields = dict(logs)
        fields["epoch"] = epoch + 1
        if batch is not None:
            fields.setdefault("batch", batch + 1)
        try:
            return self.filepath.format(**fields)
        except KeyError as err:
            raise KeyError(f"ModelCheckpoint could not fill the filepath {self.filepath!r}: no value for {err}. "
                           f"Available keys: epoch{', batch' if batch is not None else ''}, "
                           f"{', '.join(logs)}.") from None

    def _is_improvement(self, current) -> bool:
        return current < self.best if self.mode == "min" else current > self.best

    def _save(self, epoch: int, batch, logs: dict) -> None:
        path = self._file_path(epoch, batch, logs)
        if self.save_best_only:
            current = monitored_value(logs, self.monitor, "ModelCheckpoint(save_best_only=True)")
            if current is None:
                return
            if not self._is_improvement(current):
                if self.verbose > 0:
                    print_msg(f"Epoch {epoch + 1}: {self.monitor} did not improve from {self.best:.5f}")
                return
            if self.verbose > 0:
                print_msg(f"Epoch {epoch + 1}: {self.monitor} improved from {self.best:.5f} to {float(current):.5f}, "
                     f"saving model to {path}")
            self.best = float(current)
        elif self.verbose > 0:
            print_msg(f"Epoch {epoch + 1}: saving model to {path}")
        folder = os.path.dirname(path)
        if folder:
            os.makedirs(folder, exist_ok=True)
        if self.save_weights_only:
            self.model.save_weights(path)
        else:
            self.model.save(path)
