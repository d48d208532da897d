import glob
import os
import struct
import sys

import numpy as np
import pytest

from axon.callbacks.tensorboard import TensorBoard
from tests.callbacks.fakes import fit

event_pb2 = pytest.importorskip("tensorboardX.proto.event_pb2")


def read_events(run_dir):
    """Every (tag, step, value) in a run folder's event files; value is a float or a histogram proto."""
    found = []
    for path in sorted(glob.glob(os.path.join(run_dir, "events.out.tfevents.*"))):
        with open(path, "rb") as f:
            data = f.read()
        pos = 0
        while pos < len(data):
            (length,) = struct.unpack("<Q", data[pos:pos + 8])
            event = event_pb2.Event.FromString(data[pos + 12:pos + 12 + length])
            pos += 12 + length + 4  # length, its crc, the record, its crc
            for value in event.summary.value:
                found.append((value.tag, event.step, value.histo if value.HasField("histo") else value.simple_value))
    return found


def scalars(run_dir):
    return {(tag, step): value for tag, step, value in read_events(run_dir) if isinstance(value, float)}


LOGS = [{"loss": 0.5, "accuracy": 0.75, "val_loss": 0.625, "val_accuracy": 0.5, "learning_rate": 0.125},
        {"loss": 0.25, "accuracy": 0.875, "val_loss": 0.375, "val_accuracy": 0.625, "learning_rate": 0.0625}]


def test_epoch_scalars_in_train_and_validation_runs(tmp_path):
    fit(TensorBoard(log_dir=tmp_path), LOGS)
    assert sorted(os.listdir(tmp_path)) == ["train", "validation"]
    train, validation = scalars(tmp_path / "train"), scalars(tmp_path / "validation")
    assert train == pytest.approx({("epoch_loss", 0): 0.5, ("epoch_accuracy", 0): 0.75,
                                   ("epoch_learning_rate", 0): 0.125, ("epoch_loss", 1): 0.25,
                                   ("epoch_accuracy", 1): 0.875, ("epoch_learning_rate", 1): 0.0625})
    assert validation == pytest.approx({("epoch_loss", 0): 0.625, ("epoch_accuracy", 0): 0.5,
                                        ("epoch_loss", 1): 0.375, ("epoch_accuracy", 1): 0.625})


def test_no_validation_run_without_val_logs(tmp_path):
    fit(TensorBoard(log_dir=tmp_path), [{"loss": 1.0}])
    assert os.listdir(tmp_path) == ["train"]


def test_batch_scalars_with_integer_update_freq(tmp_path):
    batch_logs = [{"loss": 3.0}, {"loss": 2.0}, {"loss": 1.0}]
    fit(TensorBoard(log_dir=tmp_path, update_freq=2), [{"loss": 1.0}] * 2, steps=3, batch_logs=batch_logs)
    batch = {key: v for key, v in scalars(tmp_path / "train").items() if key[0] == "batch_loss"}
    # Global batches 1..6; every second one is written: 2 (loss 2), 4 (loss 3), 6 (loss 1).
    assert batch == {("batch_loss", 2): 2.0, ("batch_loss", 4): 3.0, ("batch_loss", 6): 1.0}


def test_histograms_and_steps_per_second(tmp_path):
    fit(TensorBoard(log_dir=tmp_path, histogram_freq=2, write_steps_per_second=True), [{"loss": 1.0}] * 3)
    events = read_events(tmp_path / "train")
    histograms = sorted((tag, step) for tag, step, value in events if not isinstance(value, float))
    assert histograms == [("weight_0/histogram", 0), ("weight_0/histogram", 2),
                          ("weight_1/histogram", 0), ("weight_1/histogram", 2)]
    histo = next(value for tag, step, value in events if tag == "weight_0/histogram" and step == 2)
    assert histo.num == 6 and histo.min == 2.0 and histo.max == 2.0
    assert sum(1 for tag, _, _ in events if tag == "epoch_steps_per_second") == 3


def test_evaluate_writes_evaluation_scalars_and_closes(tmp_path):
    board = TensorBoard(log_dir=tmp_path)
    board.on_test_begin()
    board.on_test_end({"loss": 0.5})
    assert scalars(tmp_path / "validation") == {("evaluation_loss_vs_iterations", 0): 0.5}


def test_bad_update_freq_is_rejected():
    with pytest.raises(ValueError, match="update_freq='step'"):
        TensorBoard(update_freq="step")


def test_missing_tensorboardx_is_a_clear_import_error(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "tensorboardX", None)
    with pytest.raises(ImportError, match="pip install tensorboardX"):
        fit(TensorBoard(log_dir=tmp_path), [{"loss": 1.0}])
    assert not os.path.exists(tmp_path / "train")


def test_event_files_are_closed_and_readable_at_train_end(tmp_path):
    board = TensorBoard(log_dir=tmp_path)
    fit(board, [{"loss": np.float32(0.5)}])
    files = glob.glob(str(tmp_path / "train" / "events.out.tfevents.*"))
    assert len(files) == 1 and os.path.getsize(files[0]) > 0
    assert scalars(tmp_path / "train") == {("epoch_loss", 0): 0.5}
