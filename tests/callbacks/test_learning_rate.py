import contextlib
import io

import numpy as np
import pytest

from axon.callbacks.base import Callback
from axon.callbacks.learning_rate import LearningRateScheduler, ReduceLROnPlateau
from tests.callbacks.fakes import FakeModel, fit


class LearningRateLog(Callback):
    """Records the learning rate in use during each epoch."""

    def __init__(self):
        super().__init__()
        self.rates = []

    def on_train_batch_begin(self, batch, logs=None):
        if batch == 0:
            self.rates.append(self.model.optimizer.learning_rate)


def test_scheduler_with_epoch_and_lr():
    seen = LearningRateLog()
    model, _ = fit([LearningRateScheduler(lambda epoch, lr: lr * 0.5 if epoch >= 2 else lr), seen],
                   [{"loss": 1.0}] * 5, model=FakeModel(0.8))
    assert seen.rates == pytest.approx([0.8, 0.8, 0.4, 0.2, 0.1])
    assert model.optimizer.learning_rate == pytest.approx(0.1)


def test_scheduler_with_epoch_only():
    logs = [{"loss": 1.0} for _ in range(3)]
    seen = LearningRateLog()
    fit([LearningRateScheduler(lambda epoch: 0.1 / (epoch + 1)), seen], logs)
    assert seen.rates == pytest.approx([0.1, 0.05, 0.1 / 3])


def test_scheduler_adds_learning_rate_to_epoch_logs():
    captured = []

    class Capture(Callback):
        def on_epoch_end(self, epoch, logs=None):
            captured.append(dict(logs))

    fit([LearningRateScheduler(lambda epoch: 0.01 * (epoch + 1)), Capture()], [{"loss": 1.0}] * 2)
    assert [c["learning_rate"] for c in captured] == pytest.approx([0.01, 0.02])


def test_scheduler_accepts_numpy_floats_and_prints_when_verbose():
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        model, _ = fit(LearningRateScheduler(lambda epoch, lr: np.float32(0.25), verbose=1), [{"loss": 1.0}])
    assert model.optimizer.learning_rate == 0.25
    assert "Epoch 1: LearningRateScheduler setting learning rate to 0.25." in out.getvalue()


def test_scheduler_rejects_non_numbers():
    with pytest.raises(ValueError, match=r"must return a float.*'fast'"):
        fit(LearningRateScheduler(lambda epoch, lr: "fast"), [{"loss": 1.0}])


def reduce_run(values, **kwargs):
    seen = LearningRateLog()
    reduce = ReduceLROnPlateau(**kwargs)
    model, _ = fit([reduce, seen], [{"val_loss": v} for v in values], model=FakeModel(1.0))
    return seen.rates, model.optimizer.learning_rate


def test_reduce_on_plateau_after_patience():
    rates, final = reduce_run([1.0, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9], factor=0.5, patience=2)
    # Epochs 2 and 3 stall: the rate halves for epoch 4; epochs 4 and 5 stall: halves for epoch 6.
    assert rates == pytest.approx([1.0, 1.0, 1.0, 1.0, 0.5, 0.5, 0.25])
    assert final == pytest.approx(0.25)


def test_reduce_on_plateau_min_delta():
    # 0.99995 is better than 1.0 by less than min_delta=1e-4: not an improvement.
    rates, _ = reduce_run([1.0, 0.99995, 0.9999, 0.5], factor=0.1, patience=1)
    assert rates == pytest.approx([1.0, 1.0, 0.1, 0.01])


def test_reduce_on_plateau_cooldown():
    rates, _ = reduce_run([1.0] * 8, factor=0.5, patience=1, cooldown=2)
    # As Keras counts: reduce at the end of epoch 1 (counter = 2); epoch 2 ends in cooldown (counter 1);
    # epoch 3 brings the counter to 0 and counts for patience again, so it reduces at once.
    assert rates == pytest.approx([1.0, 1.0, 0.5, 0.5, 0.25, 0.25, 0.125, 0.125])
    rates, _ = reduce_run([1.0] * 8, factor=0.5, patience=1, cooldown=0)
    assert rates == pytest.approx([1.0, 1.0, 0.5, 0.25, 0.125, 0.0625, 0.03125, 0.015625])


def test_reduce_on_plateau_respects_min_lr():
    rates, final = reduce_run([1.0] * 6, factor=0.1, patience=1, min_lr=0.005)
    assert rates == pytest.approx([1.0, 1.0, 0.1, 0.01, 0.005, 0.005])
    assert final == pytest.approx(0.005)


def test_reduce_on_plateau_max_mode_for_accuracy_and_verbose_message():
    seen = LearningRateLog()
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        fit([ReduceLROnPlateau(monitor="val_accuracy", factor=0.5, patience=1, verbose=1), seen],
            [{"val_accuracy": a} for a in (0.5, 0.6, 0.7, 0.65)], model=FakeModel(1.0))
    assert seen.rates == pytest.approx([1.0, 1.0, 1.0, 1.0])
    assert "Epoch 4: ReduceLROnPlateau reducing learning rate to 0.5." in out.getvalue()


def test_reduce_on_plateau_logs_learning_rate_used_in_the_epoch():
    captured = []

    class Capture(Callback):
        def on_epoch_end(self, epoch, logs=None):
            captured.append(logs["learning_rate"])

    fit([ReduceLROnPlateau(factor=0.5, patience=1), Capture()], [{"val_loss": 1.0}] * 3, model=FakeModel(1.0))
    assert captured == pytest.approx([1.0, 1.0, 0.5])


def test_reduce_on_plateau_keeps_a_logged_learning_rate():
    logs = {"val_loss": 1.0, "learning_rate": 0.123}
    reduce = ReduceLROnPlateau()
    reduce.set_model(FakeModel(1.0))
    reduce.on_epoch_end(0, logs)
    assert logs["learning_rate"] == 0.123


@pytest.mark.parametrize("factor", [1.0, 2.0, -0.5])
def test_reduce_on_plateau_rejects_bad_factor(factor):
    with pytest.raises(ValueError, match=f"factor={factor}"):
        ReduceLROnPlateau(factor=factor)


def test_reduce_on_plateau_warns_on_missing_monitor():
    with pytest.warns(UserWarning, match="`val_loss`.*Available keys: loss"):
        fit(ReduceLROnPlateau(), [{"loss": 1.0}])
