"""The model examples run to the end (each asserts its own outcome) in quick mode."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ["regularization_l2", "dropout", "early_stopping", "transfer_learning", "multilabel", "perceptron",
            "backprop_by_hand", "newton_vs_gradient_descent", "gradient_penalty"]
NEEDS_FASHION_MNIST = {"regularization_l2", "dropout", "early_stopping"}


def fashion_mnist_is_local() -> bool:
    from axon.datasets import _files
    from axon.datasets._mnist_format import find_idx_files
    from axon.datasets.fashion_mnist import NAMES

    return any(find_idx_files(d) for d in _files.candidate_dirs(NAMES))


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_runs(name):
    if name in NEEDS_FASHION_MNIST and not fashion_mnist_is_local():
        pytest.skip("Fashion-MNIST has no local copy here (tests never download)")
    path = str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")
    env = dict(os.environ, AXON_EXAMPLES_QUICK="1", PYTHONPATH=path)
    # Small matrices: one BLAS thread is as fast, and threads collapse on a busy machine.
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env.setdefault(variable, "1")
    result = subprocess.run([sys.executable, str(ROOT / "examples" / f"{name}.py")], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"{name}.py failed:\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}"
    assert result.stdout.strip(), f"{name}.py printed nothing"
