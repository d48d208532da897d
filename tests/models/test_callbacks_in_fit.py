"""Every callback end to end, driven by real models through fit."""

import csv
import io
from contextlib import redirect_stdout

import numpy as np
import pytest

import axon
from axon import optimizers
from axon.callbacks import (
    Callback,
    CSVLogger,
    EarlyStopping,
    LambdaCallback,
    LearningRateScheduler,
    ModelCheckpoint,
    ReduceLROnPlateau,
    TensorBoard,
    TerminateOnNaN,
)
from axon.layers.dense import Dense
from axon.layers.input_layer import Input
from axon.models import Sequential, load_model
from tests.models.helpers import blobs, classifier


def overshooting_regression():
    """Linear regression that trains towards w = 2 while its validation set wants w = 1:
    the validation loss falls, bottoms out mid-training, then rises."""
    rng = np.random.default_rng(0)
    x = rng.normal(size=(32, 1)).astype(np.float32)
    model = Sequential([Input(shape=(1,)), Dense(1, use_bias=False, kernel_initializer="zeros")])
    model.compile(optimizer=optimizers.SGD(0.05), loss="mse")
    return model, (x, 2 * x), (x, 1 * x)


class WeightLog(Callback):
    def __init__(self):
        super().__init__()
        self.weights = []

    def on_epoch_end(self, epoch, logs=None):
        self.weights.append(float(self.model.get_weights()[0][0, 0]))


def fit_overshooting(callbacks, epochs=30):
    model, train, val = overshooting_regression()
    log = WeightLog()
    history = model.fit(*train, batch_size=32, epochs=epochs, validation_data=val, shuffle=False, verbose=0,
                        callbacks=[log, *callbacks])
    return model, history.history, log.weights


def test_early_stopping_restores_the_best_weights_when_it_stops():
    stop = EarlyStopping(monitor="val_loss", patience=2, restore_best_weights=True)
    model, history, weights = fit_overshooting([stop])
    best = int(np.argmin(history["val_loss"]))
    assert 2 < best < 27 and len(history["val_loss"]) == best + 3  # stopped after `patience` worse epochs
    assert stop.stopped_epoch == best + 2 and stop.best_epoch == best
    assert float(model.get_weights()[0][0, 0]) == weights[best] != weights[-1]


def test_early_stopping_restores_the_best_weights_when_training_runs_to_the_end():
    stop = EarlyStopping(monitor="val_loss", patience=100, restore_best_weights=True)
    model, history, weights = fit_overshooting([stop])
    assert len(history["val_loss"]) == 30 and stop.stopped_epoch == 0
    best = int(np.argmin(history["val_loss"]))
    assert best < 29 and float(model.get_weights()[0][0, 0]) == weights[best]
    _, _, x_val = overshooting_regression()
    model.compile(optimizer="sgd", loss="mse")
    assert model.evaluate(*x_val, verbose=0) == pytest.approx(min(history["val_loss"]), rel=1e-5)


def test_early_stopping_without_restoring_keeps_the_last_weights():
    model, history, weights = fit_overshooting([EarlyStopping(patience=2)])
    assert float(model.get_weights()[0][0, 0]) == weights[-1]


def test_model_checkpoint_save_best_only_keeps_the_best_model(tmp_path):
    path = tmp_path / "ckpt" / "best.axon"
    checkpoint = ModelCheckpoint(path, monitor="val_loss", save_best_only=True)
    _, history, weights = fit_overshooting([checkpoint])
    best = int(np.argmin(history["val_loss"]))
    restored = load_model(path)
    assert float(restored.get_weights()[0][0, 0]) == weights[best]
    assert checkpoint.best == pytest.approx(history["val_loss"][best])


def test_model_checkpoint_weights_only_with_epoch_in_the_name(tmp_path):
    checkpoint = ModelCheckpoint(str(tmp_path / "w-{epoch:02d}-{val_loss:.3f}.weights.npz"), save_weights_only=True)
    _, history, weights = fit_overshooting([checkpoint], epochs=3)
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == [f"w-{e + 1:02d}-{history['val_loss'][e]:.3f}.weights.npz" for e in range(3)]
    fresh, _, _ = overshooting_regression()
    fresh.load_weights(tmp_path / files[1])
    assert float(fresh.get_weights()[0][0, 0]) == weights[1]


def test_learning_rate_scheduler_sets_the_rate_of_every_epoch():
    model = classifier()
    model.compile(optimizer=optimizers.SGD(0.5), loss="sparse_categorical_crossentropy")
    seen = []
    history = model.fit(*blobs(20), epochs=3, verbose=0, callbacks=[
        LearningRateScheduler(lambda epoch, lr: 0.1 * 0.5 ** epoch),
        LambdaCallback(on_epoch_begin=lambda epoch, logs: seen.append(float(model.optimizer.learning_rate)))])
    assert seen == pytest.approx([0.1, 0.05, 0.025])
    assert history.history["learning_rate"] == pytest.approx([0.1, 0.05, 0.025])


def test_a_zero_learning_rate_schedule_freezes_training():
    model = classifier()
    model.compile(optimizer=optimizers.SGD(0.5), loss="sparse_categorical_crossentropy")
    before = model.get_weights()
    model.fit(*blobs(20), epochs=2, verbose=0, callbacks=[LearningRateScheduler(lambda epoch: 0.0)])
    assert all(np.array_equal(a, b) for a, b in zip(before, model.get_weights()))


def test_reduce_lr_on_plateau_divides_the_rate_when_the_monitor_stalls():
    model = classifier()
    model.compile(optimizer=optimizers.SGD(0.1), loss="sparse_categorical_crossentropy")
    reduce = ReduceLROnPlateau(monitor="loss", factor=0.5, patience=1, min_delta=10.0, min_lr=0.02)
    history = model.fit(*blobs(20), epochs=4, verbose=0, callbacks=[reduce])
    assert history.history["learning_rate"] == pytest.approx([0.1, 0.1, 0.05, 0.025])
    assert float(model.optimizer.learning_rate) == pytest.approx(0.02)


def test_csv_logger_writes_the_history(tmp_path):
    path = tmp_path / "log.csv"
    model = classifier()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(*blobs(30), epochs=3, validation_split=0.2, verbose=0, callbacks=[CSVLogger(path)])
    with open(path, newline="") as f:
        table = list(csv.DictReader(f))
    assert [int(row["epoch"]) for row in table] == [0, 1, 2]
    assert set(table[0]) == {"epoch", "loss", "accuracy", "val_loss", "val_accuracy"}
    for key, values in history.history.items():
        assert [float(row[key]) for row in table] == pytest.approx(values)


def test_terminate_on_nan_stops_cleanly_at_the_bad_batch():
    x, y = blobs(12)
    x[5, 1] = np.nan  # in the third batch of two samples
    model = classifier()
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    batches = []
    out = io.StringIO()
    with redirect_stdout(out):
        history = model.fit(x, y, batch_size=2, epochs=3, shuffle=False, verbose=0, callbacks=[
            TerminateOnNaN(), LambdaCallback(on_train_batch_end=lambda batch, logs: batches.append(batch))])
    assert batches == [0, 1, 2] and len(history.history["loss"]) == 1
    assert np.isnan(history.history["loss"][0])
    assert "Batch 2: Invalid loss, terminating training" in out.getvalue()


def test_lambda_callback_sees_every_hook_in_order():
    events = []
    model = classifier()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    log = LambdaCallback(
        on_train_begin=lambda logs: events.append("train_begin"),
        on_epoch_begin=lambda epoch, logs: events.append(f"epoch_begin {epoch}"),
        on_train_batch_end=lambda batch, logs: events.append(f"batch {batch}"),
        on_test_end=lambda logs: events.append("validated"),
        on_epoch_end=lambda epoch, logs: events.append(f"epoch_end {epoch} {sorted(logs)}"),
        on_train_end=lambda logs: events.append("train_end"))
    model.fit(*blobs(20), batch_size=8, epochs=2, validation_split=0.2, verbose=0, callbacks=[log])
    epoch = ["batch 0", "batch 1", "validated"]
    keys = "['loss', 'val_loss']"
    assert events == ["train_begin", "epoch_begin 0", *epoch, f"epoch_end 0 {keys}", "epoch_begin 1", *epoch,
                      f"epoch_end 1 {keys}", "train_end"]


def test_a_callback_can_stop_training():
    class StopAfterTwo(Callback):
        def on_epoch_end(self, epoch, logs=None):
            if epoch == 1:
                self.model.stop_training = True

    model = classifier()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    history = model.fit(*blobs(20), epochs=10, verbose=0, callbacks=[StopAfterTwo()])
    assert len(history.history["loss"]) == 2


def test_tensorboard_writes_the_epoch_curves(tmp_path):
    pytest.importorskip("tensorboardX")
    from tests.callbacks.test_tensorboard import scalars

    axon.random.set_seed(0)
    model = classifier()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(*blobs(30), epochs=2, validation_split=0.2, verbose=0,
                        callbacks=[TensorBoard(log_dir=tmp_path, histogram_freq=1)])
    train, validation = scalars(tmp_path / "train"), scalars(tmp_path / "validation")
    for epoch in range(2):
        assert train[("epoch_loss", epoch)] == pytest.approx(history.history["loss"][epoch])
        assert train[("epoch_accuracy", epoch)] == pytest.approx(history.history["accuracy"][epoch])
        assert validation[("epoch_loss", epoch)] == pytest.approx(history.history["val_loss"][epoch])
