"""The axon command's user errors: one line, exit status 2, nothing trained first;
--help explains every flag with its default and shows examples; evaluate uses the
dataset recorded beside the model (issue 12, points 16-18)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from axon import cli

ROOT = Path(__file__).resolve().parents[1]


def fails(capsys, *argv) -> str:
    """Run the command; it must fail with status 2 and one line on stderr, no traceback."""
    assert cli.main(list(argv)) == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in captured.err, captured.err
    return lines[0]


@pytest.mark.parametrize("argv, message", [
    (["--optimizer", "adma"], r"--optimizer 'adma'.*adma"),
    (["--batch-size", "0"], r"--batch-size must be >= 1, not 0"),
    (["--validation-split", "1.5"], r"--validation-split must be >= 0 and < 1, not 1.5"),
    (["--learning-rate", "-1"], r"--learning-rate must be > 0, not -1"),
    (["--epochs", "0"], r"--epochs must be >= 1, not 0"),
    (["--epochs", "two"], r"--epochs must be an integer, not 'two'"),
    (["--verbose", "3"], r"--verbose must be auto, 0, 1 or 2"),
])
def test_bad_flags_are_one_line_and_exit_2(capsys, monkeypatch, argv, message):
    trained = []
    monkeypatch.setattr(cli, "load_dataset", lambda name: trained.append(name))
    import re
    assert re.search(message, fails(capsys, "train", *argv))
    assert not trained


def test_out_naming_a_file_is_refused_before_training(capsys, monkeypatch, tmp_path):
    monkeypatch.setattr(cli, "load_dataset", lambda name: pytest.fail("trained although --out is a file"))
    target = tmp_path / "results.txt"
    target.write_text("keep me")
    assert f"--out {target} is a file" in fails(capsys, "train", "--out", str(target))
    assert target.read_text() == "keep me"


def test_missing_damaged_or_folder_model_files(capsys, tmp_path):
    assert f"no model file at {tmp_path / 'none.axon'}" in fails(capsys, "evaluate", str(tmp_path / "none.axon"))
    assert "is a folder" in fails(capsys, "summary", str(tmp_path))
    broken = tmp_path / "broken.axon"
    broken.write_bytes(b"PK\x03\x04 not really")
    assert str(broken) in fails(capsys, "summary", str(broken))
    assert str(broken) in fails(capsys, "evaluate", str(broken))


def test_the_console_command_exits_2_without_a_traceback(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "axon.cli", "summary", str(tmp_path / "missing.axon")],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip() == f"axon: error: no model file at {tmp_path / 'missing.axon'}"


@pytest.mark.parametrize("command", [[], ["train"], ["evaluate"], ["summary"], ["bench"]])
def test_help_explains_every_flag_with_its_default_and_two_examples(capsys, command):
    assert cli.main([*command, "--help"]) == 0
    text = capsys.readouterr().out
    examples = text.split("examples:")[1].strip().splitlines()
    assert len([line for line in examples if line.strip().startswith("axon ")]) >= 2, text
    if command == ["train"]:
        text = " ".join(text.split())  # help lines wrap with the terminal's width
        for flag, default in [("--model", "cnn"), ("--dataset", "digits"), ("--epochs", "30"),
                              ("--batch-size", "32"), ("--optimizer", "adam"), ("--validation-split", "0.1"),
                              ("--seed", "0"), ("--verbose", "auto"), ("--learning-rate", "the optimizer's own"),
                              ("--out", "runs/MODEL-DATASET")]:
            assert flag in text and f"default: {default}" in text, (flag, text)


def test_evaluate_uses_the_dataset_recorded_beside_the_model(tmp_path, monkeypatch, capsys):
    import numpy as np

    from axon.layers import Dense, Flatten, Input
    from axon.models import Sequential

    model = Sequential([Input((4, 4, 1)), Flatten(), Dense(3)])
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    model.save(tmp_path / "model.axon")
    (tmp_path / "history.json").write_text(json.dumps({"dataset": "cifar10", "model": "mlp"}))
    asked = []

    def fake(name):
        asked.append(name)
        x, y = np.zeros((6, 4, 4, 1), np.float32), np.zeros(6, np.int64)
        return (x, y), (x, y)

    monkeypatch.setattr(cli, "load_dataset", fake)
    assert cli.main(["evaluate", str(tmp_path / "model.axon")]) == 0
    assert asked == ["cifar10"] and "6 cifar10 test images" in capsys.readouterr().out
    assert cli.main(["evaluate", str(tmp_path / "model.axon"), "--dataset", "mnist"]) == 0
    assert asked[-1] == "mnist"
    (tmp_path / "history.json").unlink()
    assert cli.main(["evaluate", str(tmp_path / "model.axon")]) == 0
    assert asked[-1] == "digits"
