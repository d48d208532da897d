"""The model-selection examples run to completion (and pass their own checks) in quick mode."""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def run_example(script: str, folder: Path) -> str:
    env = {**os.environ, "AXON_EXAMPLES_QUICK": "1", "MPLBACKEND": "Agg",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(EXAMPLES.parent), os.environ.get("PYTHONPATH")]))}
    done = subprocess.run([sys.executable, str(EXAMPLES / script), str(folder)], cwd=folder, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    return done.stdout


def _can_plot() -> bool:
    """Whether the example can draw: matplotlib is installed and axon.plot has learning_curve."""
    if importlib.util.find_spec("matplotlib") is None:
        return False
    try:
        from axon import plot
    except ImportError:
        return False
    return hasattr(plot, "learning_curve")


def test_hidden_size_search(tmp_path):
    pytest.importorskip("sklearn")  # the digits ship with scikit-learn
    out = run_example("hidden_size_search.py", tmp_path)
    assert "Chosen:" in out and "test accuracy" in out


def test_kfold_vs_loo(tmp_path):
    out = run_example("kfold_vs_loo.py", tmp_path)
    assert "leave-one-out" in out and "5-fold" in out


def test_learning_curves(tmp_path):
    out = run_example("learning_curves.py", tmp_path)
    assert "under-fitting" in out and "over-fitting" in out
    if _can_plot():
        assert (tmp_path / "learning_curves_small.png").stat().st_size > 0
        assert (tmp_path / "learning_curves_large.png").stat().st_size > 0
