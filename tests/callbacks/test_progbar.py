import contextlib
import io
import re

import pytest

from axon.callbacks import progbar as progbar_module
from axon.callbacks.base import CallbackList
from axon.callbacks.progbar import Progbar, ProgbarLogger, resolve_verbose
from tests.callbacks.fakes import FakeModel, fit

BATCH_LOGS = [{"loss": 0.75, "accuracy": 0.5}, {"loss": 0.5, "accuracy": 0.75}, {"loss": 0.25, "accuracy": 0.875}]
EPOCH_LOGS = [{"loss": 0.25, "accuracy": 0.875, "val_loss": 0.375, "val_accuracy": 0.8125},
              {"loss": 0.125, "accuracy": 0.9375, "val_loss": 0.3125, "val_accuracy": 0.84375}]
TIMING = r"\d+s \d+(?:s|ms|us)/step"


class Terminal(io.StringIO):
    """A captured stdout that says it is a terminal."""

    def isatty(self):
        return True


class Clock:
    """Replaces the progbar module's ``time`` so throttling can be tested without sleeping."""

    def __init__(self):
        self.now = 1000.0

    def time(self):
        return self.now


def run_fit(verbose, stream=None, steps=3, epoch_logs=EPOCH_LOGS):
    stream = stream if stream is not None else io.StringIO()
    with contextlib.redirect_stdout(stream):
        fit(ProgbarLogger(), epoch_logs, steps=steps, verbose=verbose, batch_logs=BATCH_LOGS)
    return stream


def test_verbose_2_prints_one_line_per_epoch():
    lines = run_fit(2).getvalue().splitlines()
    assert len(lines) == 4
    assert lines[0] == "Epoch 1/2" and lines[2] == "Epoch 2/2"
    assert re.fullmatch(r"3/3 - \d+s - \d+(?:s|ms|us)/step - accuracy: 0\.8750 - loss: 0\.2500 "
                        r"- val_accuracy: 0\.8125 - val_loss: 0\.3750", lines[1])
    assert lines[3].endswith("accuracy: 0.9375 - loss: 0.1250 - val_accuracy: 0.8438 - val_loss: 0.3125")


def test_verbose_1_off_a_terminal_prints_only_final_lines():
    text = run_fit(1).getvalue()
    assert "\r" not in text and "\x1b" not in text
    lines = text.splitlines()
    assert len(lines) == 4 and lines[0] == "Epoch 1/2"
    assert re.fullmatch(r"3/3 ━{20} " + TIMING + r" - accuracy: 0\.8750 - loss: 0\.2500 - val_accuracy: 0\.8125 "
                        r"- val_loss: 0\.3750", lines[1])


def test_verbose_1_on_a_terminal_redraws_in_place():
    text = run_fit(1, Terminal()).getvalue()
    assert text.startswith("Epoch 1/2\n\r")
    epoch_one = text.split("Epoch 2/2\n")[0]
    assert epoch_one.endswith("val_loss: 0.3750\n")
    assert epoch_one.count("\n") == 2  # the header and the finished bar; the rest are '\r' redraws
    plain = re.sub(r"\x1b\[[0-9;]*m", "", epoch_one)
    assert "3/3 ━━━━━━━━━━━━━━━━━━━━" in plain


def test_redraws_are_throttled_but_the_last_step_is_always_drawn(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(progbar_module, "time", clock)
    stream = Terminal()
    bar = Progbar(100, verbose=1)
    with contextlib.redirect_stdout(stream):
        for step in range(1, 101):
            clock.now += 0.001  # 1 ms a step: one redraw every 50 steps at most
            bar.update(step, {"loss": 1.0})
    draws = stream.getvalue().split("\r")[1:]
    assert 2 <= len(draws) <= 4
    assert re.sub(r"\x1b\[[0-9;]*m", "", draws[-1]).startswith("100/100 ━")
    assert draws[-1].endswith("\n")


def test_terminal_bar_shows_eta_while_running(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(progbar_module, "time", clock)
    stream = Terminal()
    bar = Progbar(10, verbose=1)
    with contextlib.redirect_stdout(stream):
        clock.now += 1.0
        bar.update(1)
        clock.now += 2.0
        bar.update(3)
    last = re.sub(r"\x1b\[[0-9;]*m", "", stream.getvalue().split("\r")[-1])
    # One step a second after the first: 7 steps left, ETA 7s.
    assert re.match(r" 3/10 ━{6}━{14} 7s 1s/step", last)


def test_ascii_fallback_when_stdout_cannot_encode_the_bar():
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="ascii")
    run_fit(1, stream)
    stream.flush()
    text = raw.getvalue().decode("ascii")
    assert "3/3 ==================== " in text


def test_ascii_fallback_on_a_terminal_shows_progress_dots():
    class AsciiTerminal(io.TextIOWrapper):
        def isatty(self):
            return True

    raw = io.BytesIO()
    stream = AsciiTerminal(raw, encoding="ascii")
    with contextlib.redirect_stdout(stream):
        Progbar(4, width=8, verbose=1).update(1)
    stream.flush()
    assert raw.getvalue().decode("ascii").startswith("\r1/4 ==...... ")


def test_verbose_0_is_silent():
    assert run_fit(0).getvalue() == ""


def test_unknown_steps_are_learned_in_the_first_epoch():
    text = run_fit(1, Terminal(), steps=None).getvalue()
    plain = re.sub(r"\x1b\[[0-9;]*m", "", text)
    first, second = plain.split("Epoch 2/2\n")
    assert "      1/Unknown" in first and "3/3 ━━━━━━━━━━━━━━━━━━━━" in first
    assert "Unknown" not in second and "3/3 ━" in second


def test_unknown_steps_with_verbose_2():
    lines = run_fit(2, steps=None).getvalue().splitlines()
    assert lines[1].startswith("3/3 - ") and lines[3].startswith("3/3 - ")


def test_small_values_use_scientific_notation():
    stream = io.StringIO()
    with contextlib.redirect_stdout(stream):
        Progbar(1, verbose=2, stateful_metrics=["learning_rate"]).update(1, {"learning_rate": 1e-5})
    assert stream.getvalue().endswith(" - learning_rate: 1.0000e-05\n")


def test_progbar_averages_values_not_declared_stateful():
    stream = io.StringIO()
    bar = Progbar(3, verbose=2, stateful_metrics=["acc"])
    with contextlib.redirect_stdout(stream):
        bar.update(1, [("loss", 1.0), ("acc", 0.5)])
        bar.update(3, [("loss", 4.0), ("acc", 0.25)])
    # loss: (1 * 1 + 4 * 2) / 3 = 3; acc is shown as last given.
    assert stream.getvalue().endswith(" - loss: 3.0000 - acc: 0.2500\n")


def test_evaluate_shows_one_bar_and_fit_validation_shows_none():
    logger = ProgbarLogger()
    cbs = CallbackList([logger], model=FakeModel(), epochs=1, steps=2, verbose=2)
    stream = io.StringIO()
    with contextlib.redirect_stdout(stream):
        cbs.on_test_begin()
        for step in range(2):
            cbs.on_test_batch_end(step, {"loss": 0.5})
        cbs.on_test_end({"loss": 0.5})
    assert re.fullmatch(r"2/2 - \d+s - \d+(?:s|ms|us)/step - loss: 0\.5000\n", stream.getvalue())

    stream = io.StringIO()
    with contextlib.redirect_stdout(stream):
        cbs.on_train_begin()
        cbs.on_epoch_begin(0)
        cbs.on_train_batch_end(0, {"loss": 1.0})
        cbs.on_test_begin()
        cbs.on_test_batch_end(0, {"loss": 2.0})
        cbs.on_test_end({"loss": 2.0})
        cbs.on_epoch_end(0, {"loss": 1.0, "val_loss": 2.0})
        cbs.on_train_end()
    lines = stream.getvalue().splitlines()
    assert lines[0] == "Epoch 1/1" and len(lines) == 2
    assert lines[1].startswith("1/2 - ") and lines[1].endswith("loss: 1.0000 - val_loss: 2.0000")


def test_predict_bar_has_no_metrics():
    cbs = CallbackList([ProgbarLogger()], model=FakeModel(), epochs=1, steps=None, verbose=1)
    stream = io.StringIO()
    with contextlib.redirect_stdout(stream):
        cbs.on_predict_begin()
        for step in range(4):
            cbs.on_predict_batch_end(step, {"outputs": [1, 2]})
        cbs.on_predict_end()
    assert re.fullmatch(r"4/4 ━{20} " + TIMING + "\n", stream.getvalue())


def test_resolve_verbose():
    with contextlib.redirect_stdout(io.StringIO()):
        assert resolve_verbose("auto") == 2
    with contextlib.redirect_stdout(Terminal()):
        assert resolve_verbose("auto") == 1
    assert [resolve_verbose(v) for v in (0, 1, 2)] == [0, 1, 2]
    with pytest.raises(ValueError, match="verbose=3"):
        resolve_verbose(3)
