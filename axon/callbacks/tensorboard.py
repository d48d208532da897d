"""``TensorBoard``: write training curves (and optionally weight histograms)
as TensorBoard event files, through tensorboardX."""

from __future__ import annotations

import os
import time
import warnings

import numpy as np

from axon import backend as B
from axon.callbacks.base import Callback


def _summary_writer_class():
    try:
        from tensorboardX import SummaryWriter
    except ImportError as err:
        raise ImportError("The TensorBoard callback writes event files with tensorboardX, which is not "
                          "installed. Install it with `pip install tensorboardX`.") from err
    return SummaryWriter


class TensorBoard(Callback):
    """Logs the metrics of each epoch for TensorBoard (``tensorboard --logdir logs``).

    As in Keras, training values go to ``log_dir/train`` and validation values
    (the ``val_`` keys, without the prefix) to ``log_dir/validation``, as
    scalars tagged ``epoch_loss``, ``epoch_accuracy``, ``epoch_learning_rate``
    ..., at step ``epoch``. ``evaluate`` adds ``evaluation_<name>_vs_iterations``
    to the validation run. Needs ``tensorboardX`` (``pip install tensorboardX``).

    Args:
        log_dir: the folder of the event files.
        histogram_freq: every how many epochs to write histograms of the
            weights (0: never).
        write_graph: accepted for Keras compatibility; axon writes no graph.
        write_images: accepted for Keras compatibility; no effect.
        write_steps_per_second: also log ``epoch_steps_per_second``.
        update_freq: ``'epoch'``, ``'batch'`` or every how many batches to
            write ``batch_<name>`` scalars (at the global batch number).
        profile_batch, embeddings_freq, embeddings_metadata: accepted for
            Keras compatibility; profiling and embeddings are not supported.

    Example:
        >>> model.fit(x, y, validation_split=0.1, epochs=10, callbacks=[TensorBoard(log_dir="logs/run1")])
    """

    def __init__(self, log_dir="logs", histogram_freq: int = 0, write_graph: bool = True, write_images: bool = False,
                 write_steps_per_second: bool = False, update_freq="epoch", profile_batch=0, embeddings_freq: int = 0,
                 embeddings_metadata=None):
        super().__init__()
        if update_freq == "batch":
            update_freq = 1
        if update_freq != "epoch" and not (isinstance(update_freq, int) and update_freq > 0):
            raise ValueError(f"`update_freq` must be 'epoch', 'batch' or a positive int. "
                             f"Received: update_freq={update_freq!r}")
        if int(histogram_freq) < 0:
            raise ValueError(f"`histogram_freq` must be >= 0. Received: histogram_freq={histogram_freq!r}")
        if profile_batch or embeddings_freq:
            warnings.warn("TensorBoard: profiling (`profile_batch`) and embeddings (`embeddings_freq`) are not "
                          "supported by axon and are ignored.", stacklevel=2)
        self.log_dir = os.fspath(log_dir)
        self.histogram_freq = int(histogram_freq)
        self.write_graph = bool(write_graph)
        self.write_images = bool(write_images)
        self.write_steps_per_second = bool(write_steps_per_second)
        self.update_freq = update_freq
        self._writers: dict = {}
        self._global_train_batch = 0
        self._epoch_start = 0.0
        self._epoch_batches = 0
        self._in_fit = False

    def _writer(self, run: str):
        if run not in self._writers:
            self._writers[run] = _summary_writer_class()(os.path.join(self.log_dir, run))
        return self._writers[run]

    def _write_scalars(self, run: str, prefix: str, logs: dict, step: int) -> None:
        writer = None
        for name, value in logs.items():
            if isinstance(value, (int, float, np.number)) and not isinstance(value, bool):
                writer = writer or self._writer(run)
                writer.add_scalar(f"{prefix}{name}", float(value), global_step=step)

    def on_train_begin(self, logs=None):
        self._in_fit = True
        self._global_train_batch = 0
        _summary_writer_class()  # fail at the start of training, not after the first epoch

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch_start = time.time()
        self._epoch_batches = 0

    def on_train_batch_end(self, batch, logs=None):
        self._global_train_batch += 1
        self._epoch_batches += 1
        if self.update_freq != "epoch" and self._global_train_batch % self.update_freq == 0:
            self._write_scalars("train", "batch_", logs or {}, self._global_train_batch)

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        train = {k: v for k, v in logs.items() if not k.startswith("val_")}
        validation = {k[4:]: v for k, v in logs.items() if k.startswith("val_")}
        if self.write_steps_per_second:
            train["steps_per_second"] = self._epoch_batches / max(time.time() - self._epoch_start, 1e-12)
        self._write_scalars("train", "epoch_", train, epoch)
        self._write_scalars("validation", "epoch_", validation, epoch)
        if self.histogram_freq and epoch % self.histogram_freq == 0:
            self._write_histograms(epoch)
        for writer in self._writers.values():
            writer.flush()

    def on_test_end(self, logs=None):
        self._write_scalars("validation", "evaluation_", {f"{k}_vs_iterations": v for k, v in (logs or {}).items()},
                            self._global_train_batch)
        if not self._in_fit:
            self._close()

    def on_train_end(self, logs=None):
        self._in_fit = False
        self._close()

    def _named_weights(self) -> list:
        layers = getattr(self.model, "layers", None)
        if layers:
            return [(f"{layer.name}/{w.name}", B.to_numpy(w.data)) for layer in layers for w in layer.weights]
        return [(f"weight_{i}", np.asarray(w)) for i, w in enumerate(self.model.get_weights())]

    def _write_histograms(self, epoch: int) -> None:
        writer = self._writer("train")
        for name, value in self._named_weights():
            if value.size:
                writer.add_histogram(f"{name}/histogram", value.astype(np.float64, copy=False), global_step=epoch)

    def _close(self) -> None:
        for writer in self._writers.values():
            writer.close()
        self._writers = {}
