"""``History``: the record of every epoch's logs, returned by ``fit``."""

from __future__ import annotations

from axon.callbacks.base import Callback


class History(Callback):
    """Collects the logs of each epoch: ``history.history['loss']`` is the list
    of epoch losses, and so on for every metric and ``val_`` metric.
    ``history.epoch`` lists the epoch indices."""

    def __init__(self):
        super().__init__()
        self.history: dict[str, list] = {}
        self.epoch: list[int] = []

    def on_train_begin(self, logs=None):
        self.epoch = []

    def on_epoch_end(self, epoch, logs=None):
        self.epoch.append(epoch)
        for key, value in (logs or {}).items():
            self.history.setdefault(key, []).append(value)
        if self.model is not None:
            self.model.history = self
