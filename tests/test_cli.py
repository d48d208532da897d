"""The ``axon`` command: train, evaluate and summary, in-process through main() and once as a console command."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from axon import cli

ROOT = Path(__file__).resolve().parents[1]
pytest.importorskip("sklearn")  # the default dataset is scikit-learn's digits


def run_main(capsys, *argv):
    assert cli.main(list(argv)) == 0
    return capsys.readouterr().out


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """One short training run shared by the tests below."""
    out = tmp_path_factory.mktemp("run")
    assert cli.main(["train", "--epochs", "2", "--out", str(out), "--verbose", "0"]) == 0
    return out


def test_train_writes_the_model_the_history_and_the_curves(trained):
    assert (trained / "model.axon").is_file()
    record = json.loads((trained / "history.json").read_text())
    assert record["model"] == "cnn" and record["dataset"] == "digits" and record["epochs"] == 2
    assert set(record["history"]) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert len(record["history"]["loss"]) == 2 and 0 <= record["test_accuracy"] <= 1
    pytest.importorskip("matplotlib")
    assert (trained / "curves.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_evaluate_reports_the_test_metrics_of_a_saved_model(trained, capsys):
    out = run_main(capsys, "evaluate", str(trained / "model.axon"), "--dataset", "digits")
    record = json.loads((trained / "history.json").read_text())
    assert f"accuracy: {record['test_accuracy']:.4f}" in out and "359 digits test images" in out


def test_summary_prints_the_table_of_a_saved_model(trained, capsys):
    out = run_main(capsys, "summary", str(trained / "model.axon"))
    assert 'Model: "cnn"' in out and "Conv2D" in out and "Total params:" in out


def test_train_prints_the_summary_and_the_test_accuracy(tmp_path, capsys):
    out = run_main(capsys, "train", "--model", "mlp", "--epochs", "1", "--out", str(tmp_path), "--verbose", "2",
                   "--optimizer", "sgd", "--learning-rate", "0.1")
    assert 'Model: "mlp"' in out and "Epoch 1/1" in out
    assert "Test accuracy:" in out and f"Saved {tmp_path / 'model.axon'}" in out


def test_curves_are_skipped_when_plotting_is_unavailable(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "axon.plot", None)  # `from axon.plot import ...` raises ImportError
    out = run_main(capsys, "train", "--model", "mlp", "--epochs", "1", "--out", str(tmp_path), "--verbose", "0")
    assert "curves.png" not in out and not (tmp_path / "curves.png").exists()
    assert (tmp_path / "model.axon").is_file()


def test_unknown_choices_are_refused(capsys):
    assert cli.main(["train", "--dataset", "imagenet"]) == 2
    assert "invalid choice" in capsys.readouterr().err
    assert cli.main(["train", "--model", "lenet5", "--epochs", "1"]) == 2
    assert "needs images of at least 16x16" in capsys.readouterr().err


def test_evaluating_on_the_wrong_dataset_is_a_clear_error(trained, capsys):
    if not Path("/usr/share/datasets/fashion-mnist").is_dir():
        pytest.skip("Fashion-MNIST is not installed")
    assert cli.main(["evaluate", str(trained / "model.axon"), "--dataset", "fashion_mnist"]) == 2
    assert re.search(r"cannot evaluate .* on fashion_mnist: .*expected shape \(None, 8, 8, 1\)",
                     capsys.readouterr().err)


def test_the_default_training_reaches_97_percent(tmp_path):
    """`axon train` with its defaults: the acceptance bar of the command."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OPENBLAS_NUM_THREADS": "1"}
    result = subprocess.run([sys.executable, "-m", "axon.cli", "train", "--out", str(tmp_path), "--verbose", "0"],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    record = json.loads((tmp_path / "history.json").read_text())
    assert record["test_accuracy"] >= 0.97, record["test_accuracy"]
    assert np.isfinite(record["history"]["val_loss"]).all()
