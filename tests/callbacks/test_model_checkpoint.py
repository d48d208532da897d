import contextlib
import io
import os

import numpy as np
import pytest

from axon.callbacks.model_checkpoint import ModelCheckpoint
from tests.callbacks.fakes import fit


def val_losses(*values):
    return [{"loss": 1.0, "val_loss": v} for v in values]


def test_saves_weights_every_epoch_with_formatted_names(tmp_path):
    path = tmp_path / "ckpt" / "nested" / "weights.{epoch:02d}-{val_loss:.2f}.npz"
    model, _ = fit(ModelCheckpoint(path, save_weights_only=True), val_losses(0.5, 0.25, 0.125))
    names = sorted(os.listdir(tmp_path / "ckpt" / "nested"))
    assert names == ["weights.01-0.50.npz", "weights.02-0.25.npz", "weights.03-0.12.npz"]
    assert [kind for kind, _ in model.saved] == ["weights"] * 3
    with np.load(tmp_path / "ckpt" / "nested" / "weights.02-0.25.npz") as saved:
        np.testing.assert_array_equal(saved["arr_0"], np.full((2, 3), 1.0))


def test_save_best_only_saves_on_improvement(tmp_path):
    path = str(tmp_path / "model-{epoch}.axon")
    ckpt = ModelCheckpoint(path, save_best_only=True, verbose=1)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        model, _ = fit(ckpt, val_losses(1.0, 0.8, 0.9, 0.7, 0.7))
    assert [os.path.basename(p) for _, p in model.saved] == ["model-1.axon", "model-2.axon", "model-4.axon"]
    assert all(kind == "model" for kind, _ in model.saved)
    assert ckpt.best == 0.7
    text = out.getvalue()
    assert "Epoch 2: val_loss improved from 1.00000 to 0.80000, saving model to" in text
    assert "Epoch 3: val_loss did not improve from 0.80000" in text


def test_save_best_only_maximises_accuracy_in_auto_mode(tmp_path):
    ckpt = ModelCheckpoint(str(tmp_path / "best.npz"), monitor="val_accuracy", save_best_only=True,
                           save_weights_only=True)
    logs = [{"val_accuracy": a} for a in (0.5, 0.4, 0.6, 0.55)]
    model, _ = fit(ckpt, logs)
    assert len(model.saved) == 2 and ckpt.best == 0.6
    with np.load(tmp_path / "best.npz") as saved:
        np.testing.assert_array_equal(saved["arr_1"], np.full(3, 2.0))


def test_initial_value_threshold_must_be_beaten(tmp_path):
    ckpt = ModelCheckpoint(str(tmp_path / "m.npz"), save_best_only=True, initial_value_threshold=0.75)
    model, _ = fit(ckpt, val_losses(1.0, 0.8, 0.7, 0.72))
    assert len(model.saved) == 1 and ckpt.best == 0.7


def test_integer_save_freq_saves_every_n_batches(tmp_path):
    ckpt = ModelCheckpoint(str(tmp_path / "m-{epoch}-{batch}.npz"), save_freq=2, save_weights_only=True)
    model, _ = fit(ckpt, val_losses(1.0, 0.9), steps=3)
    assert [os.path.basename(p) for _, p in model.saved] == ["m-1-2.npz", "m-2-1.npz", "m-2-3.npz"]


def test_missing_monitor_warns_and_skips(tmp_path):
    ckpt = ModelCheckpoint(str(tmp_path / "m.npz"), save_best_only=True)
    with pytest.warns(UserWarning, match="Available keys: loss"):
        model, _ = fit(ckpt, [{"loss": 1.0}])
    assert model.saved == []


def test_unknown_field_in_filepath_is_a_clear_error(tmp_path):
    ckpt = ModelCheckpoint(str(tmp_path / "m-{val_acc}.npz"))
    with pytest.raises(KeyError, match="val_acc"):
        fit(ckpt, val_losses(1.0))


def test_bad_save_freq_is_rejected(tmp_path):
    with pytest.raises(ValueError, match="save_freq='batch'"):
        ModelCheckpoint(str(tmp_path / "m.npz"), save_freq="batch")
