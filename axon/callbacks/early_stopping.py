"""``EarlyStopping``: stop training when a monitored value stops improving, and
``resolve_mode``, which decides whether a monitored value should go up or down
(shared with the checkpoint and learning-rate callbacks)."""

from __future__ import annotations

import re
import warnings

import numpy as np

from axon.callbacks.base import Callback
from axon.callbacks.progbar import print_msg

# Names of metrics where higher is better; everything else (losses, errors) is minimised.
_MAXIMIZED = re.compile(r"acc|auc|precision|recall|f1|fbeta|iou|io_u|r2|specificity|sensitivity|fmeasure")


def resolve_mode(monitor: str, mode: str, owner: str) -> str:
    """``'min'`` or ``'max'``: the direction in which ``monitor`` improves.

    ``mode='auto'`` reads it from the name: accuracy-like names (accuracy, auc,
    precision, recall, f1, iou, r2, ...) are maximised, losses and everything
    else minimised. An unknown mode warns and falls back to ``'auto'``, as Keras.

    Example:
        >>> resolve_mode("val_accuracy", "auto", "EarlyStopping")
        'max'
    """
    if mode not in ("auto", "min", "max"):
        warnings.warn(f"{owner}: mode {mode!r} is unknown, falling back to 'auto'. "
                      "Use 'auto', 'min' or 'max'.", stacklevel=3)
        mode = "auto"
    if mode != "auto":
        return mode
    name = monitor[4:] if monitor.startswith("val_") else monitor
    if name.endswith("loss"):
        return "min"
    return "max" if _MAXIMIZED.search(name) else "min"


def monitored_value(logs, monitor: str, owner: str):
    """``logs[monitor]``, or ``None`` with a warning that lists the available keys."""
    logs = logs or {}
    value = logs.get(monitor)
    if value is None:
        warnings.warn(f"{owner} is conditioned on `{monitor}`, which is not in the logs. "
                      f"Available keys: {', '.join(logs) or '(none)'}.", stacklevel=3)
    return value


def _snapshot(weights) -> list:
    return [w.copy() if hasattr(w, "copy") else np.array(w) for w in weights]


class EarlyStopping(Callback):
    """Stops training when ``monitor`` has not improved for ``patience`` epochs.

    An epoch improves when its value beats the best so far by more than
    ``min_delta`` (lower for ``'min'``, higher for ``'max'``). With a
    ``baseline``, the patience counter restarts only on values that also beat
    the baseline, so training stops after ``patience`` epochs that do not reach it.

    Args:
        monitor: the logs key to watch, e.g. ``'val_loss'`` or ``'val_accuracy'``.
        min_delta: the least change that counts as an improvement.
        patience: how many epochs without improvement to wait before stopping.
        verbose: 1 prints when it stops and when it restores weights.
        mode: ``'min'``, ``'max'`` or ``'auto'`` (from the name, see ``resolve_mode``).
        baseline: a value the monitored quantity must beat, or ``None``.
        restore_best_weights: restore the weights of the best epoch when
            training ends, whether it stopped early or ran all its epochs.
        start_from_epoch: epochs to wait before watching (a warm-up).

    Attributes:
        best: the best value seen. best_epoch: its epoch (0-based).
        stopped_epoch: the epoch training stopped at (0 if it did not).
        wait: epochs since the last improvement.

    Example:
        >>> stop = EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True)
        >>> model.fit(x, y, validation_split=0.2, epochs=100, callbacks=[stop])
    """

    def __init__(self, monitor: str = "val_loss", min_delta: float = 0, patience: int = 0, verbose: int = 0,
                 mode: str = "auto", baseline: float | None = None, restore_best_weights: bool = False,
                 start_from_epoch: int = 0):
        super().__init__()
        if int(patience) < 0:
            raise ValueError(f"`patience` must be >= 0. Received: patience={patience!r}")
        self.monitor = monitor
        self.min_delta = abs(float(min_delta))
        self.patience = int(patience)
        self.verbose = int(verbose)
        self.mode = resolve_mode(monitor, mode, "EarlyStopping")
        self.baseline = baseline
        self.restore_best_weights = bool(restore_best_weights)
        self.start_from_epoch = int(start_from_epoch)
        self._reset()

    def _reset(self) -> None:
        self.best = np.inf if self.mode == "min" else -np.inf
        self.best_epoch = 0
        self.best_weights = None
        self.stopped_epoch = 0
        self.wait = 0
        self._last_epoch = None

    def _is_improvement(self, value, reference) -> bool:
        if self.mode == "min":
            return value + self.min_delta < reference
        return value - self.min_delta > reference

    def on_train_begin(self, logs=None):
        self._reset()

    def on_epoch_end(self, epoch, logs=None):
        self._last_epoch = epoch
        current = monitored_value(logs, self.monitor, "EarlyStopping")
        if current is None or epoch < self.start_from_epoch:
            return
        if self.restore_best_weights and self.best_weights is None:
            # Until something improves, the first watched epoch is the best one.
            self.best_weights = _snapshot(self.model.get_weights())
            self.best_epoch = epoch
        self.wait += 1
        if self._is_improvement(current, self.best):
            self.best = float(current)
            self.best_epoch = epoch
            if self.restore_best_weights:
                self.best_weights = _snapshot(self.model.get_weights())
            if self.baseline is None or self._is_improvement(current, self.baseline):
                self.wait = 0
                return
            # Better than before but still short of the baseline: patience keeps running.
        if self.wait >= self.patience and epoch > 0:
            self.stopped_epoch = epoch
            self.model.stop_training = True

    def on_train_end(self, logs=None):
        if self.stopped_epoch > 0 and self.verbose > 0:
            print_msg(f"Epoch {self.stopped_epoch + 1}: early stopping")
        if self.restore_best_weights and self.best_weights is not None and self.best_epoch != self._last_epoch:
            if self.verbose > 0:
                print_msg(f"Restoring model weights from the end of the best epoch: {self.best_epoch + 1}.")
            self.model.set_weights(self.best_weights)
