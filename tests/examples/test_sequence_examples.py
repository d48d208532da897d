"""The sequence examples run to the end in quick mode and print the figure each asserts."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = {
    "sentiment_bilstm": r"validation accuracy (\d\.\d+)",
    "transformer_classifier": r"final validation accuracy (\d\.\d+)",
    "lstm_forecast": r"LSTM (\d+\.\d+), persistence baseline",
}


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_example_runs(name):
    path = str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")
    env = dict(os.environ, AXON_EXAMPLES_QUICK="1", PYTHONPATH=path)
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env.setdefault(variable, "1")
    result = subprocess.run([sys.executable, str(ROOT / "examples" / f"{name}.py")], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"{name}.py failed:\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}"
    figure = re.search(EXAMPLES[name], result.stdout)
    assert figure, f"{name}.py did not print its figure:\n{result.stdout[-2000:]}"
    assert float(figure.group(1)) > 0
