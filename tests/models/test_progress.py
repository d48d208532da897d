"""What fit, evaluate and predict print for each verbosity, and when the learning rate is logged."""

import io
import re
from contextlib import redirect_stdout

import numpy as np
import pytest

from axon import optimizers
from axon.callbacks import LearningRateScheduler, ReduceLROnPlateau
from axon.optimizers.schedules import ExponentialDecay
from tests.models.helpers import blobs, classifier


class Terminal(io.StringIO):
    def isatty(self):
        return True


def run(verbose, stream=None, **fit_kwargs):
    model = classifier()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    stream = stream if stream is not None else io.StringIO()
    with redirect_stdout(stream):
        model.fit(*blobs(40), epochs=2, batch_size=8, verbose=verbose, **fit_kwargs)
    return stream.getvalue()


def test_verbose_0_prints_nothing_anywhere():
    assert run(0) == ""
    model = classifier()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    out = io.StringIO()
    with redirect_stdout(out):
        model.evaluate(*blobs(10), verbose=0)
        model.predict(blobs(10)[0], verbose=0)
    assert out.getvalue() == ""


def test_verbose_2_prints_one_line_per_epoch():
    text = run(2, validation_split=0.25)
    lines = text.splitlines()
    assert lines[0] == "Epoch 1/2" and lines[2] == "Epoch 2/2" and len(lines) == 4
    assert re.match(r"4/4 - \d+s - \d+[mu]?s/step - accuracy: [\d.]+ - loss: [\d.]+ - val_accuracy: [\d.]+ "
                    r"- val_loss: [\d.]+$", lines[1]), lines[1]
    assert "\r" not in text and "━" not in text


def test_verbose_1_draws_a_bar_on_a_terminal():
    text = run(1, stream=Terminal())
    assert "Epoch 1/2" in text and "\r" in text and "5/5" in text and "━" in text
    assert re.search(r"accuracy: [\d.]+ - loss: [\d.]+", text)


def test_verbose_1_into_a_file_writes_the_final_bar_of_each_epoch_only():
    lines = run(1).splitlines()
    assert len(lines) == 4 and lines[1].startswith("5/5 ") and "\r" not in "".join(lines)


@pytest.mark.parametrize("terminal", [True, False])
def test_auto_is_a_bar_on_a_terminal_and_one_line_per_epoch_otherwise(terminal):
    text = run("auto", stream=Terminal() if terminal else io.StringIO())
    if terminal:
        assert "\r" in text and "━" in text
    else:
        assert re.fullmatch(r"(Epoch \d/2\n5/5 - \d+s - \d+[mu]?s/step - accuracy: [\d.]+ - loss: [\d.]+\n){2}", text)


def test_evaluate_and_predict_show_one_bar_with_verbose():
    model = classifier()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    out = io.StringIO()
    with redirect_stdout(out):
        model.evaluate(*blobs(40), batch_size=8, verbose=2)
        model.predict(blobs(40)[0], batch_size=8, verbose=2)
    lines = out.getvalue().splitlines()
    assert len(lines) == 2 and lines[0].startswith("5/5 - ") and "accuracy" in lines[0]
    assert lines[1].startswith("5/5 - ")


def test_a_bad_verbose_value_is_refused():
    with pytest.raises(ValueError, match="verbose"):
        run(3)


def history_keys(optimizer, callbacks=()):
    model = classifier()
    model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model.fit(*blobs(20), epochs=3, verbose=0, callbacks=list(callbacks)).history


def test_a_constant_learning_rate_is_not_logged():
    assert set(history_keys("adam")) == {"loss", "accuracy"}
    assert set(history_keys(optimizers.SGD(0.1))) == {"loss", "accuracy"}


def test_a_schedule_logs_the_learning_rate():
    schedule = ExponentialDecay(0.1, decay_steps=1, decay_rate=0.5)
    history = history_keys(optimizers.SGD(schedule))
    assert set(history) == {"loss", "accuracy", "learning_rate"}
    rates = history["learning_rate"]
    assert rates[0] > rates[1] > rates[2]
    np.testing.assert_allclose(rates, [0.1 * 0.5 ** steps for steps in (1, 2, 3)], rtol=1e-5)  # one step an epoch


def test_learning_rate_callbacks_log_the_learning_rate():
    history = history_keys(optimizers.SGD(0.1), [LearningRateScheduler(lambda epoch: 0.1 / (epoch + 1))])
    np.testing.assert_allclose(history["learning_rate"], [0.1, 0.05, 0.1 / 3], rtol=1e-6)
    history = history_keys("adam", [ReduceLROnPlateau(monitor="loss", patience=1)])
    assert "learning_rate" in history and len(history["learning_rate"]) == 3
