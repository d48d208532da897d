"""A stand-in model and a minimal training loop to drive callbacks without training anything."""

from __future__ import annotations

import numpy as np

from axon.callbacks.base import CallbackList


class FakeOptimizer:
    def __init__(self, learning_rate: float = 0.1):
        self.learning_rate = learning_rate


class FakeModel:
    """Weights are filled with the epoch number, so restored weights tell which epoch they come from."""

    def __init__(self, learning_rate: float = 0.1):
        self.stop_training = False
        self.optimizer = FakeOptimizer(learning_rate)
        self.name = "fake_model"
        self.weights_list = [np.full((2, 3), -1.0, np.float32), np.full(3, -1.0, np.float32)]
        self.saved: list[tuple[str, str]] = []
        self.set_weights_calls = 0

    def get_weights(self):
        return [w.copy() for w in self.weights_list]

    def set_weights(self, weights):
        self.set_weights_calls += 1
        self.weights_list = [np.array(w) for w in weights]

    def train_epoch(self, epoch: int) -> None:
        for w in self.weights_list:
            w[...] = epoch

    def save(self, path):
        with open(path, "w") as f:
            f.write("model")
        self.saved.append(("model", path))

    def save_weights(self, path):
        with open(path, "wb") as f:
            np.savez(f, *self.weights_list)
        self.saved.append(("weights", path))


def fit(callbacks, epoch_logs, model=None, steps=2, verbose=0, batch_logs=None):
    """Run the hooks as fit does: each epoch trains ``steps`` batches, then ends with a copy of
    ``epoch_logs[epoch]``. Returns (model, number of epochs run)."""
    model = model or FakeModel()
    callbacks = callbacks if isinstance(callbacks, list) else [callbacks]
    cbs = CallbackList(callbacks, model=model, epochs=len(epoch_logs), steps=steps, verbose=verbose)
    cbs.on_train_begin()
    run = 0
    logs = {}
    for epoch, logs in enumerate(epoch_logs):
        cbs.on_epoch_begin(epoch)
        for step in range(steps or 3):
            cbs.on_train_batch_begin(step)
            model.train_epoch(epoch)
            cbs.on_train_batch_end(step, dict(batch_logs[step]) if batch_logs else {"loss": 1.0})
            if model.stop_training:
                break
        logs = dict(logs)
        cbs.on_epoch_end(epoch, logs)
        run += 1
        if model.stop_training:
            break
    cbs.on_train_end(logs)
    return model, run
