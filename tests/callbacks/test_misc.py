import contextlib
import io
import math

import pytest

from axon.callbacks.misc import LambdaCallback, TerminateOnNaN
from tests.callbacks.fakes import fit


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_terminate_on_nan_stops_at_the_bad_batch(bad):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        model, run = fit(TerminateOnNaN(), [{"loss": 1.0}] * 3, steps=3,
                         batch_logs=[{"loss": 1.0}, {"loss": bad}, {"loss": 0.5}])
    assert model.stop_training and run == 1
    assert out.getvalue() == "Batch 1: Invalid loss, terminating training\n"


def test_terminate_on_nan_lets_finite_losses_train():
    model, run = fit(TerminateOnNaN(), [{"loss": 1.0}] * 3, steps=2, batch_logs=[{"loss": 1.0}, {"loss": 2.0}])
    assert not model.stop_training and run == 3


def test_lambda_callback_calls_the_functions_with_the_hook_arguments():
    events = []
    cb = LambdaCallback(on_train_begin=lambda logs: events.append("begin"),
                        on_epoch_begin=lambda epoch, logs: events.append(("epoch", epoch)),
                        on_train_batch_end=lambda batch, logs: events.append(("batch", batch, logs["loss"])),
                        on_epoch_end=lambda epoch, logs: events.append(("end", epoch, logs["val_loss"])),
                        on_train_end=lambda logs: events.append("done"))
    fit(cb, [{"val_loss": 0.5}, {"val_loss": 0.25}], steps=1)
    assert events == ["begin", ("epoch", 0), ("batch", 0, 1.0), ("end", 0, 0.5),
                      ("epoch", 1), ("batch", 0, 1.0), ("end", 1, 0.25), "done"]


def test_lambda_callback_other_hooks_by_keyword_and_keras2_alias():
    events = []
    cb = LambdaCallback(on_batch_end=lambda batch, logs: events.append(batch),
                        on_test_end=lambda logs: events.append("test"))
    cb.on_train_batch_end(3, {})
    cb.on_test_end({})
    cb.on_epoch_end(0, {})  # unset hooks do nothing
    assert events == [3, "test"]


def test_lambda_callback_rejects_unknown_hooks_and_non_callables():
    with pytest.raises(TypeError, match="on_epoch_finish"):
        LambdaCallback(on_epoch_finish=print)
    with pytest.raises(TypeError, match="on_epoch_end"):
        LambdaCallback(on_epoch_end=3)
