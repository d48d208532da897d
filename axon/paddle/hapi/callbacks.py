"""``paddle.callbacks``: hooks into ``paddle.Model.fit`` / ``evaluate`` / ``predict``.

``fit`` always runs a ``ProgBarLogger`` (Paddle's progress lines), a
``ModelCheckpoint`` (writes only with ``save_dir``) and an ``LRScheduler``
(steps the optimizer's scheduler after every batch) unless the program gives
its own.
"""

from __future__ import annotations

import numbers
import os
import warnings

from axon.paddle.hapi.progressbar import ProgressBar


class Callback:
    """Base class; override the hooks you need. ``self.model`` and ``self.params`` are set by ``fit``."""

    def __init__(self):
        self.model, self.params = None, {}

    def set_params(self, params: dict) -> None:
        """Receive ``batch_size``, ``epochs``, ``steps``, ``verbose``, ``metrics``."""
        self.params = params

    def set_model(self, model) -> None:
        """Receive the ``paddle.Model``."""
        self.model = model

    def on_train_begin(self, logs=None): ...
    def on_train_end(self, logs=None): ...
    def on_eval_begin(self, logs=None): ...
    def on_eval_end(self, logs=None): ...
    def on_predict_begin(self, logs=None): ...
    def on_predict_end(self, logs=None): ...
    def on_epoch_begin(self, epoch, logs=None): ...
    def on_epoch_end(self, epoch, logs=None): ...
    def on_train_batch_begin(self, step, logs=None): ...
    def on_train_batch_end(self, step, logs=None): ...
    def on_eval_batch_begin(self, step, logs=None): ...
    def on_eval_batch_end(self, step, logs=None): ...
    def on_predict_batch_begin(self, step, logs=None): ...
    def on_predict_batch_end(self, step, logs=None): ...


class CallbackList:
    """Calls every callback's hook in order."""

    def __init__(self, callbacks):
        self.callbacks = list(callbacks)

    def set_params(self, params) -> None:
        for c in self.callbacks:
            c.set_params(params)

    def set_model(self, model) -> None:
        for c in self.callbacks:
            c.set_model(model)

    def _call(self, name, *args) -> None:
        for c in self.callbacks:
            getattr(c, name)(*args)

    def on_begin(self, mode, logs=None):
        self._call(f"on_{mode}_begin", logs)

    def on_end(self, mode, logs=None):
        self._call(f"on_{mode}_end", logs)

    def on_epoch_begin(self, epoch, logs=None):
        self._call("on_epoch_begin", epoch, logs)

    def on_epoch_end(self, epoch, logs=None):
        self._call("on_epoch_end", epoch, logs)

    def on_batch_begin(self, mode, step, logs=None):
        self._call(f"on_{mode}_batch_begin", step, logs)

    def on_batch_end(self, mode, step, logs=None):
        self._call(f"on_{mode}_batch_end", step, logs)


def config_callbacks(callbacks=None, model=None, batch_size=None, epochs=None, steps=None, log_freq=2, verbose=2,
                     save_freq=1, save_dir=None, metrics=None, mode="train") -> CallbackList:
    """The callbacks ``fit`` / ``evaluate`` / ``predict`` run, Paddle's defaults added."""
    cbks = list(callbacks or [])
    if not any(isinstance(c, ProgBarLogger) for c in cbks) and (verbose or mode == "train"):
        cbks = [ProgBarLogger(log_freq, verbose=verbose)] + cbks
    if not any(isinstance(c, ModelCheckpoint) for c in cbks):
        cbks = cbks + [ModelCheckpoint(save_freq, save_dir)]
    if not any(isinstance(c, LRScheduler) for c in cbks):
        cbks = cbks + [LRScheduler()]
    out = CallbackList(cbks)
    out.set_model(model)
    out.set_params({"batch_size": batch_size, "epochs": epochs, "steps": steps, "verbose": verbose,
                    "metrics": metrics or ["loss"]})
    return out


class ProgBarLogger(Callback):
    """Print the loss and metrics: a progress bar (``verbose=1``) or a line per ``log_freq`` steps (2).

    The loss shown is the current step's, the metrics the average so far (Paddle's convention).
    """

    def __init__(self, log_freq: int = 1, verbose: int = 2):
        super().__init__()
        self.log_freq, self.verbose, self.epochs = log_freq, verbose, None

    def _is_print(self) -> bool:
        return bool(self.verbose)

    def on_train_begin(self, logs=None):
        self.epochs = self.params["epochs"]
        self.steps = self.params["steps"]
        self.train_metrics = self.params["metrics"]
        if self._is_print():
            print("The loss value printed in the log is the current step, and the metric is the average value of "
                  "previous steps.")

    def on_epoch_begin(self, epoch=None, logs=None):
        self.steps = self.params["steps"]
        self.epoch, self.train_step = epoch, 0
        if self.epochs and self._is_print():
            print(f"Epoch {epoch + 1}/{self.epochs}")
        self.train_progbar = ProgressBar(num=self.steps, verbose=self.verbose)

    def _updates(self, logs, mode):
        metrics = getattr(self, f"{mode}_metrics")
        values = [(k, logs[k]) for k in metrics if k in logs]
        getattr(self, f"{mode}_progbar").update(getattr(self, f"{mode}_step"), values)

    def on_train_batch_end(self, step, logs=None):
        self.train_step += 1
        if self._is_print() and self.train_step % self.log_freq == 0:
            if self.steps is None or self.train_step < self.steps:
                self._updates(logs or {}, "train")

    def on_epoch_end(self, epoch, logs=None):
        if self._is_print() and self.steps is not None:
            self._updates(logs or {}, "train")

    def on_eval_begin(self, logs=None):
        logs = logs or {}
        self.eval_steps, self.eval_metrics = logs.get("steps"), logs.get("metrics", [])
        self.eval_step, self.evaled_samples = 0, 0
        self.eval_progbar = ProgressBar(num=self.eval_steps, verbose=self.verbose)
        if self._is_print():
            print("Eval begin...")

    def on_eval_batch_end(self, step, logs=None):
        logs = logs or {}
        self.eval_step += 1
        self.evaled_samples += logs.get("batch_size", 1)
        if self._is_print() and self.eval_step % self.log_freq == 0:
            if self.eval_steps is None or self.eval_step < self.eval_steps:
                self._updates(logs, "eval")

    def on_eval_end(self, logs=None):
        if self._is_print() and self.eval_steps is not None:
            self._updates(logs or {}, "eval")
            print(f"Eval samples: {self.evaled_samples}")

    def on_predict_begin(self, logs=None):
        logs = logs or {}
        self.test_steps, self.test_metrics = logs.get("steps"), logs.get("metrics", [])
        self.test_step, self.tested_samples = 0, 0
        self.test_progbar = ProgressBar(num=self.test_steps, verbose=self.verbose)
        if self._is_print():
            print("Predict begin...")

    def on_predict_batch_end(self, step, logs=None):
        logs = logs or {}
        self.test_step += 1
        self.tested_samples += logs.get("batch_size", 1)
        if self.test_step % self.log_freq == 0 and self._is_print():
            if self.test_steps is None or self.test_step < self.test_steps:
                self._updates(logs, "test")

    def on_predict_end(self, logs=None):
        if self._is_print():
            if self.test_step % self.log_freq != 0 or self.verbose == 1:
                self._updates(logs or {}, "test")
            print(f"Predict samples: {self.tested_samples}")


class ModelCheckpoint(Callback):
    """Save the model (``.pdparams`` / ``.pdopt``) to ``save_dir/<epoch>`` every ``save_freq`` epochs and to
    ``save_dir/final`` at the end; nothing without ``save_dir``."""

    def __init__(self, save_freq: int = 1, save_dir=None):
        super().__init__()
        self.save_freq, self.save_dir = save_freq, save_dir

    def on_epoch_end(self, epoch, logs=None):
        if self.save_dir and (epoch + 1) % self.save_freq == 0:
            self.model.save(os.path.join(self.save_dir, str(epoch)))

    def on_train_end(self, logs=None):
        if self.save_dir:
            self.model.save(os.path.join(self.save_dir, "final"))


class LRScheduler(Callback):
    """Step the optimizer's ``paddle.optimizer.lr`` scheduler after every batch (``by_step``) or epoch."""

    def __init__(self, by_step: bool = True, by_epoch: bool = False):
        super().__init__()
        if by_step and by_epoch:
            raise ValueError("by_step and by_epoch cannot both be True.")
        self.by_step, self.by_epoch = by_step, by_epoch

    def _step(self):
        from axon.paddle.optimizer.lr import LRScheduler as Schedule

        opt = getattr(self.model, "_optimizer", None)
        rate = getattr(opt, "_learning_rate", None)
        if isinstance(rate, Schedule):
            rate.step()

    def on_train_batch_end(self, step, logs=None):
        if self.by_step:
            self._step()

    def on_epoch_end(self, epoch, logs=None):
        if self.by_epoch:
            self._step()


def _monitored(logs, monitor):
    if logs is None or monitor not in logs:
        warnings.warn(f"Monitor of the callback is {monitor!r}, which is not in the evaluation logs "
                      f"({sorted(logs or {})}).", stacklevel=3)
        return None
    value = logs[monitor]
    if isinstance(value, (list, tuple)):
        value = value[0]
    return float(value) if isinstance(value, numbers.Number) or hasattr(value, "__float__") else None


class EarlyStopping(Callback):
    """Stop ``fit`` when the evaluated ``monitor`` has not improved by ``min_delta`` for ``patience``
    evaluations; with ``save_best_model`` and a ``save_dir`` the best model is saved to ``save_dir/best_model``.

    Needs ``eval_data`` in ``fit`` (it watches the evaluation logs).
    """

    def __init__(self, monitor: str = "loss", mode: str = "auto", patience: int = 0, verbose: int = 1,
                 min_delta: float = 0, baseline=None, save_best_model: bool = True):
        super().__init__()
        if mode not in ("auto", "min", "max"):
            raise ValueError(f"EarlyStopping: mode must be 'auto', 'min' or 'max'. Received {mode!r}")
        if mode == "auto":
            mode = "max" if "acc" in monitor else "min"
        self.monitor, self.mode, self.patience, self.verbose = monitor, mode, patience, verbose
        self.min_delta = abs(min_delta) * (1 if mode == "max" else -1)
        self.baseline, self.save_best_model = baseline, save_best_model
        self.save_dir = None

    def on_train_begin(self, logs=None):
        self.wait_epoch, self.stopped_epoch = 0, 0
        inf = float("inf")
        self.best_value = self.baseline if self.baseline is not None else (-inf if self.mode == "max" else inf)
        self.save_dir = getattr(self.model, "_save_dir", None)

    def _better(self, value) -> bool:
        return value > self.best_value if self.mode == "max" else value < self.best_value

    def on_eval_end(self, logs=None):
        current = _monitored(logs, self.monitor)
        if current is None:
            return
        if self._better(current - self.min_delta):
            self.best_value, self.wait_epoch = current, 0
            if self.save_best_model and self.save_dir:
                self.model.save(os.path.join(self.save_dir, "best_model"))
        else:
            self.wait_epoch += 1
        if self.wait_epoch >= self.patience:
            self.model.stop_training = True
            if self.verbose > 0:
                print(f"Epoch {self.stopped_epoch + 1}: Early stopping.")
                if self.save_best_model and self.save_dir:
                    best = os.path.abspath(os.path.join(self.save_dir, "best_model"))
                    print(f"Best checkpoint has been saved at {best}")
        self.stopped_epoch += 1


class ReduceLROnPlateau(Callback):
    """Multiply a float learning rate by ``factor`` when the evaluated ``monitor`` stops improving."""

    def __init__(self, monitor: str = "loss", factor: float = 0.1, patience: int = 10, verbose: int = 1,
                 mode: str = "auto", min_delta: float = 1e-4, cooldown: int = 0, min_lr: float = 0):
        super().__init__()
        if factor >= 1.0:
            raise ValueError("ReduceLROnPlateau does not support a factor >= 1.0.")
        if mode == "auto":
            mode = "max" if "acc" in monitor else "min"
        self.monitor, self.factor, self.patience, self.verbose, self.mode = monitor, factor, patience, verbose, mode
        self.min_delta, self.cooldown, self.min_lr = min_delta, cooldown, min_lr
        self.wait = self.cooldown_counter = 0
        self.best = float("inf") if mode == "min" else -float("inf")

    def on_eval_end(self, logs=None):
        current = _monitored(logs, self.monitor)
        if current is None:
            return
        better = current < self.best - self.min_delta if self.mode == "min" else current > self.best + self.min_delta
        if self.cooldown_counter > 0:
            self.cooldown_counter -= 1
            self.wait = 0
        if better:
            self.best, self.wait = current, 0
        elif self.cooldown_counter <= 0:
            self.wait += 1
            if self.wait >= self.patience:
                opt = self.model._optimizer
                old = opt.get_lr()
                if old > self.min_lr:
                    opt.set_lr(max(old * self.factor, self.min_lr))
                    if self.verbose > 0:
                        print(f"Epoch: reducing learning rate from {old} to {opt.get_lr()}.")
                self.cooldown_counter, self.wait = self.cooldown, 0


class VisualDL(Callback):
    """VisualDL logging is not available in axon.paddle (refused with the alternative)."""

    def __init__(self, log_dir=None):
        super().__init__()
        raise NotImplementedError("paddle.callbacks.VisualDL needs the VisualDL service, which axon.paddle does not "
                                  "use. The loss and metrics are printed by ProgBarLogger; to keep them, write a "
                                  "Callback whose on_epoch_end(epoch, logs) stores logs (or plot them with axon.plot).")
