"""axon.paddle against real PaddlePaddle 3.3 (the reference venv): the same program, the same numbers.

``reference_cases.py`` runs unchanged under both (``paddle`` is the real one or
axon.paddle): every layer and loss with given weights (outputs and gradients),
each optimizer over 10 steps, the lr schedulers, DataLoader batching, and
``paddle.summary``'s table for LeNet. One reference run per module.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import axon.paddle as paddle
from tests.paddle import reference_cases as cases
from tests.reference import run_reference

ROOT = Path(__file__).resolve().parents[2]
SOURCE = Path(cases.__file__).read_text(encoding="utf-8")


def _inputs() -> dict:
    rng = np.random.default_rng(42)
    arrays = {}
    for key, _, shape in cases.layer_cases(paddle, rng):
        arrays[f"{key}/x"] = rng.normal(size=shape).astype("float32")
    # The upstream gradient needs the output shape: run the axon layer once to get it.
    for key, make, _ in cases.layer_cases(paddle, rng):
        out = make()(paddle.to_tensor(arrays[f"{key}/x"]))
        out = out[0] if isinstance(out, tuple) else out
        arrays[f"{key}/g"] = rng.normal(size=out.shape).astype("float32")
    arrays["embedding/w"] = rng.normal(size=(6, 3)).astype("float32")
    arrays["embedding/g"] = rng.normal(size=(2, 3, 3)).astype("float32")
    for key, shape, _ in cases.loss_cases(paddle):
        arrays[f"loss/{key}"] = rng.normal(size=shape).astype("float32") * 2
    arrays["opt/x"] = rng.normal(size=(8, 4)).astype("float32")
    arrays["opt/y"] = rng.normal(size=(8, 2)).astype("float32")
    arrays["opt/w"] = rng.normal(size=(4, 2)).astype("float32")
    arrays["opt/b"] = rng.normal(size=(2,)).astype("float32")
    arrays["dl/x"] = np.arange(30, dtype="float32").reshape(10, 3)
    arrays["dl/y"] = np.arange(10, dtype="int64")
    arrays["ag/x"] = rng.normal(size=(4,)).astype("float32")
    arrays["ag/xb"] = rng.normal(size=(3, 4)).astype("float32")
    return arrays


SCRIPT = SOURCE + """
import paddle
paddle.seed(0)
text, info = summary_text(paddle)  # first: layer numbers count from 1 in a fresh process
outputs["summary/text"] = np.array(text)
outputs["summary/total"] = np.array(int(info["total_params"]))
outputs.update(run_layers(paddle, inputs))
outputs.update(run_losses(paddle, inputs))
outputs.update(run_optimizers(paddle, inputs))
outputs.update(run_schedulers(paddle))
outputs.update(run_dataloader(paddle, inputs))
outputs.update(run_autograd(paddle, inputs))
"""


@pytest.fixture(scope="module")
def both():
    arrays = _inputs()
    reference = run_reference("paddle", SCRIPT, **arrays)
    ours = {}
    ours.update(cases.run_layers(paddle, arrays))
    ours.update(cases.run_losses(paddle, arrays))
    ours.update(cases.run_optimizers(paddle, arrays))
    ours.update(cases.run_schedulers(paddle))
    ours.update(cases.run_dataloader(paddle, arrays))
    ours.update(cases.run_autograd(paddle, arrays))
    # In a fresh process, as the reference's: the layer numbers count every layer of a type made so far.
    code = "import axon.paddle as p; from tests.paddle.reference_cases import summary_text as s; print(s(p)[0], end='')"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    ours["summary/text"] = np.array(done.stdout)
    ours["summary/total"] = np.array(cases.summary_text(paddle)[1]["total_params"])
    return reference, ours


def _compare(reference, ours, prefix, rtol=1e-4, atol=1e-5):
    keys = sorted(k for k in reference if k.startswith(prefix))
    assert keys, f"the reference computed nothing for {prefix}"
    for key in keys:
        assert key in ours, f"axon.paddle did not compute {key}"
        want, got = reference[key], ours[key]
        if want.dtype.kind in "US":
            assert str(got) == str(want), key
            continue
        assert got.shape == want.shape, f"{key}: shape {got.shape}, Paddle gives {want.shape}"
        np.testing.assert_allclose(got, want, rtol=rtol, atol=atol, err_msg=key)


@pytest.mark.parametrize("key", [c[0] for c in cases.layer_cases(paddle, None)] + ["embedding"])
def test_layer_outputs_and_gradients_match_paddle(both, key):
    _compare(*both, f"{key}/")


@pytest.mark.parametrize("key", [c[0] for c in cases.loss_cases(paddle)])
def test_loss_values_and_gradients_match_paddle(both, key):
    _compare(*both, f"loss/{key}/")


@pytest.mark.parametrize("key", [c[0] for c in cases.optimizer_cases(paddle)])
def test_ten_optimizer_steps_match_paddle(both, key):
    _compare(*both, f"opt/{key}/", rtol=1e-4, atol=1e-5)


def test_lr_schedulers_match_paddle(both):
    _compare(*both, "lr/", rtol=1e-6, atol=1e-9)


def test_dataloader_batches_match_paddle(both):
    _compare(*both, "dl/")


def test_higher_order_gradients_match_paddle(both):
    _compare(*both, "ag/")


def test_summary_table_matches_paddle(both):
    reference, ours = both
    assert str(ours["summary/text"]) == str(reference["summary/text"])
    assert int(ours["summary/total"]) == int(reference["summary/total"]) == 61610
