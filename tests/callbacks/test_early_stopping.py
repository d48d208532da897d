import contextlib
import io

import numpy as np
import pytest

from axon.callbacks.early_stopping import EarlyStopping, resolve_mode
from tests.callbacks.fakes import fit


def losses(*values, key="val_loss"):
    return [{"loss": 1.0, key: v} for v in values]


def test_stops_after_patience_epochs_without_improvement():
    stop = EarlyStopping(patience=2)
    model, run = fit(stop, losses(1.0, 0.8, 0.9, 0.85, 0.7, 0.6))
    assert run == 4 and model.stop_training
    assert stop.stopped_epoch == 3 and stop.best_epoch == 1 and stop.best == 0.8 and stop.wait == 2


def test_patience_zero_stops_at_first_non_improvement():
    _, run = fit(EarlyStopping(patience=0), losses(1.0, 0.9, 0.8, 0.85, 0.5))
    assert run == 4


def test_restores_best_weights_when_stopping_early_and_reports_it():
    stop = EarlyStopping(patience=2, restore_best_weights=True, verbose=1)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        model, run = fit(stop, losses(1.0, 0.8, 0.9, 0.85, 0.7))
    assert run == 4
    np.testing.assert_array_equal(model.weights_list[0], np.full((2, 3), 1.0))
    np.testing.assert_array_equal(model.weights_list[1], np.full(3, 1.0))
    assert "Epoch 4: early stopping" in out.getvalue()
    assert "Restoring model weights from the end of the best epoch: 2." in out.getvalue()


def test_restores_best_weights_when_training_ends_without_early_stop():
    stop = EarlyStopping(patience=10, restore_best_weights=True)
    model, run = fit(stop, losses(1.0, 0.5, 0.7, 0.6))
    assert run == 4 and not model.stop_training
    np.testing.assert_array_equal(model.weights_list[0], np.full((2, 3), 1.0))


def test_keeps_final_weights_when_the_last_epoch_is_best():
    stop = EarlyStopping(patience=10, restore_best_weights=True, verbose=1)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        model, _ = fit(stop, losses(1.0, 0.9, 0.8))
    assert model.set_weights_calls == 0
    np.testing.assert_array_equal(model.weights_list[0], np.full((2, 3), 2.0))
    assert out.getvalue() == ""


def test_without_restore_the_weights_are_left_alone():
    model, _ = fit(EarlyStopping(patience=5), losses(1.0, 0.5, 0.7, 0.9))
    assert model.set_weights_calls == 0
    np.testing.assert_array_equal(model.weights_list[0], np.full((2, 3), 3.0))


def test_min_delta_ignores_small_improvements():
    values = losses(1.0, 0.95, 0.92, 0.9, 0.88)
    _, run = fit(EarlyStopping(patience=2, min_delta=0.1), values)
    assert run == 3
    _, run = fit(EarlyStopping(patience=2), values)
    assert run == 5


def test_auto_mode_maximises_accuracy():
    stop = EarlyStopping(monitor="val_accuracy", patience=2)
    _, run = fit(stop, losses(0.5, 0.6, 0.55, 0.58, 0.9, key="val_accuracy"))
    assert stop.mode == "max" and run == 4 and stop.best == 0.6


def test_explicit_mode_overrides_the_name():
    stop = EarlyStopping(monitor="val_accuracy", mode="min", patience=1)
    _, run = fit(stop, losses(0.5, 0.6, 0.7, key="val_accuracy"))
    assert run == 2


@pytest.mark.parametrize(("monitor", "mode"), [("val_loss", "min"), ("loss", "min"), ("val_auc", "max"),
                                               ("categorical_accuracy", "max"), ("val_mean_squared_error", "min"),
                                               ("precision", "max"), ("val_recall", "max")])
def test_resolve_mode_from_names(monitor, mode):
    assert resolve_mode(monitor, "auto", "EarlyStopping") == mode


def test_unknown_mode_warns_and_falls_back_to_auto():
    with pytest.warns(UserWarning, match="mode 'maximum' is unknown"):
        stop = EarlyStopping(monitor="val_accuracy", mode="maximum")
    assert stop.mode == "max"


def test_baseline_stops_when_it_is_never_reached():
    values = losses(0.9, 0.8, 0.7, 0.6)
    stop = EarlyStopping(patience=2, baseline=0.5)
    _, run = fit(stop, values)
    assert run == 2 and stop.stopped_epoch == 1
    _, run = fit(EarlyStopping(patience=2), values)
    assert run == 4


def test_baseline_reached_resets_patience():
    _, run = fit(EarlyStopping(patience=2, baseline=0.5), losses(0.9, 0.4, 0.45, 0.44, 0.3))
    assert run == 4


def test_start_from_epoch_ignores_warmup_epochs():
    stop = EarlyStopping(patience=1, start_from_epoch=2, restore_best_weights=True)
    model, run = fit(stop, losses(0.1, 0.2, 1.0, 1.1, 0.9))
    assert run == 4 and stop.best == 1.0 and stop.best_epoch == 2
    np.testing.assert_array_equal(model.weights_list[1], np.full(3, 2.0))


def test_missing_monitor_warns_with_available_keys():
    stop = EarlyStopping(monitor="val_loss", patience=0)
    with pytest.warns(UserWarning, match=r"`val_loss`.*Available keys: loss, accuracy"):
        model, run = fit(stop, [{"loss": 1.0, "accuracy": 0.5}, {"loss": 2.0, "accuracy": 0.5}])
    assert run == 2 and not model.stop_training


def test_instance_can_be_reused_across_fits():
    stop = EarlyStopping(patience=1)
    fit(stop, losses(0.1, 0.2, 0.3))
    _, run = fit(stop, losses(5.0, 4.0, 3.0))
    assert run == 3 and stop.stopped_epoch == 0 and stop.best == 3.0


def test_negative_patience_is_rejected():
    with pytest.raises(ValueError, match="patience=-1"):
        EarlyStopping(patience=-1)
