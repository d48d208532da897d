"""Callbacks that change the optimizer's learning rate during training:
``LearningRateScheduler`` (a function of the epoch) and ``ReduceLROnPlateau``
(divide it when a monitored value stalls)."""

from __future__ import annotations

import inspect
import numbers

import numpy as np

from axon.callbacks.base import Callback
from axon.callbacks.early_stopping import monitored_value, resolve_mode
from axon.callbacks.progbar import print_msg


def _current_learning_rate(model) -> float:
    optimizer = getattr(model, "optimizer", None)
    if optimizer is None or not hasattr(optimizer, "learning_rate"):
        raise ValueError("This callback changes the learning rate, so the model needs an optimizer with a "
                         "`learning_rate` attribute: compile the model first.")
    return float(optimizer.learning_rate)


def _log_learning_rate(model, logs) -> None:
    if logs is not None and "learning_rate" not in logs:
        logs["learning_rate"] = _current_learning_rate(model)


def _takes_two_arguments(fn) -> bool:
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):  # some builtins and C callables have no signature
        return True
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    return len(positional) >= 2 or any(p.kind == p.VAR_POSITIONAL for p in params)


class LearningRateScheduler(Callback):
    """Sets the learning rate at the start of every epoch to
    ``schedule(epoch, lr)``, where ``epoch`` counts from 0 and ``lr`` is the
    current rate; a ``schedule(epoch)`` of one argument works too.

    Args:
        schedule: a function returning the new learning rate as a float.
        verbose: 1 prints the rate set at each epoch.

    Example:
        >>> def schedule(epoch, lr):
        ...     return lr if epoch < 10 else lr * 0.9
        >>> model.fit(x, y, epochs=20, callbacks=[LearningRateScheduler(schedule)])
    """

    def __init__(self, schedule, verbose: int = 0):
        super().__init__()
        if not callable(schedule):
            raise ValueError(f"`schedule` must be a function of (epoch, lr) or (epoch). Received: {schedule!r}")
        self.schedule = schedule
        self.verbose = int(verbose)
        self._two_arguments = _takes_two_arguments(schedule)

    def on_epoch_begin(self, epoch, logs=None):
        lr = _current_learning_rate(self.model)
        new_lr = self.schedule(epoch, lr) if self._two_arguments else self.schedule(epoch)
        if isinstance(new_lr, np.ndarray) and new_lr.size == 1:
            new_lr = new_lr.item()
        if not isinstance(new_lr, numbers.Real) or isinstance(new_lr, bool):
            raise ValueError(f"The `schedule` function must return a float learning rate. "
                             f"Received: {new_lr!r} at epoch {epoch}.")
        self.model.optimizer.learning_rate = float(new_lr)
        if self.verbose > 0:
            print_msg(f"Epoch {epoch + 1}: LearningRateScheduler setting learning rate to {float(new_lr)}.")

    def on_epoch_end(self, epoch, logs=None):
        _log_learning_rate(self.model, logs)


class ReduceLROnPlateau(Callback):
    """Multiplies the learning rate by ``factor`` when ``monitor`` has not
    improved for ``patience`` epochs: ``lr = max(lr * factor, min_lr)``.

    After a reduction, ``cooldown`` epochs pass before the patience count
    starts again. An improvement means beating the best value by more than
    ``min_delta``.

    Args:
        monitor: the logs key to watch.
        factor: the multiplier, in [0, 1).
        patience: epochs without improvement before reducing.
        verbose: 1 prints each reduction.
        mode: ``'min'``, ``'max'`` or ``'auto'`` (from the monitor's name).
        min_delta: the least change that counts as an improvement.
        cooldown: epochs to wait after a reduction before counting again.
        min_lr: the learning rate's lower bound.

    Example:
        >>> reduce = ReduceLROnPlateau(monitor="val_loss", factor=0.2, patience=5, min_lr=1e-5)
        >>> model.fit(x, y, validation_split=0.1, epochs=50, callbacks=[reduce])
    """

    def __init__(self, monitor: str = "val_loss", factor: float = 0.1, patience: int = 10, verbose: int = 0,
                 mode: str = "auto", min_delta: float = 1e-4, cooldown: int = 0, min_lr: float = 0.0):
        super().__init__()
        if not isinstance(factor, numbers.Real) or not 0 <= factor < 1:
            raise ValueError(f"ReduceLROnPlateau needs a `factor` in [0, 1) (it multiplies the learning rate). "
                             f"Received: factor={factor!r}")
        if min_lr < 0:
            raise ValueError(f"`min_lr` must be >= 0. Received: min_lr={min_lr!r}")
        self.monitor = monitor
        self.factor = float(factor)
        self.patience = int(patience)
        self.verbose = int(verbose)
        self.mode = resolve_mode(monitor, mode, "ReduceLROnPlateau")
        self.min_delta = abs(float(min_delta))
        self.cooldown = int(cooldown)
        self.min_lr = float(min_lr)
        self._reset()

    def _reset(self) -> None:
        self.best = np.inf if self.mode == "min" else -np.inf
        self.wait = 0
        self.cooldown_counter = 0

    def _is_improvement(self, current) -> bool:
        if self.mode == "min":
            return current < self.best - self.min_delta
        return current > self.best + self.min_delta

    def in_cooldown(self) -> bool:
        """Whether the callback is still waiting after a reduction."""
        return self.cooldown_counter > 0

    def on_train_begin(self, logs=None):
        self._reset()

    def on_epoch_end(self, epoch, logs=None):
        _log_learning_rate(self.model, logs)
        current = monitored_value(logs, self.monitor, "ReduceLROnPlateau")
        if current is None:
            return
        if self.in_cooldown():
            self.cooldown_counter -= 1
            self.wait = 0
        if self._is_improvement(current):
            self.best = float(current)
            self.wait = 0
            return
        if self.in_cooldown():
            return
        self.wait += 1
        if self.wait < self.patience:
            return
        old_lr = _current_learning_rate(self.model)
        if old_lr > self.min_lr:
            new_lr = max(old_lr * self.factor, self.min_lr)
            self.model.optimizer.learning_rate = new_lr
            if self.verbose > 0:
                print_msg(f"Epoch {epoch + 1}: ReduceLROnPlateau reducing learning rate to {new_lr}.")
            self.cooldown_counter = self.cooldown
            self.wait = 0
