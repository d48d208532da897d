"""``python -m bench --quick`` runs end to end and its JSON holds every figure."""

import importlib.util
import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from bench.models import MODELS, build_axon, build_torch

ROOT = Path(__file__).resolve().parents[1]
HAS_TORCH = importlib.util.find_spec("torch") is not None
PER_MODEL = ("train samples/s", "inference samples/s", "peak RSS (MiB)", "RSS growth over epochs (MiB)")


def _run(tmp_path, *flags):
    out = tmp_path / "result.json"
    proc = subprocess.run([sys.executable, "-m", "bench", "--quick", "--out", str(out), *flags], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    return json.loads(out.read_text()), proc.stdout


def _number(value):
    return isinstance(value, (int, float)) and math.isfinite(value)


@pytest.fixture(scope="module")
def quick(tmp_path_factory):
    return _run(tmp_path_factory.mktemp("bench"))


def test_quick_run_reports_every_figure_for_both_frameworks(quick):
    result, printed = quick
    assert result["errors"] == []
    meta = result["meta"]
    assert meta["quick"] is True and meta["threads"] >= 1 and meta["cpu"] and meta["numpy"] and meta["date"]
    assert meta["axon_kernels"].startswith(("on (numba", "off ("))
    rows = {(r["model"], r["figure"]): r for r in result["rows"]}
    frameworks = ("axon", "torch") if HAS_TORCH else ("axon",)
    for model in MODELS:
        train = "train step (s)" if model == "alexnet" else "train epoch (s)"
        figures = (train, *PER_MODEL) + (() if model == "alexnet" else ("test accuracy (%)",))
        for figure in figures:
            row = rows[(model, figure)]
            for framework in frameworks:
                assert _number(row[framework]), (model, figure, framework, row)
        assert rows[(model, train)]["axon"] > 0
        assert 0 <= rows.get((model, "test accuracy (%)"), {"axon": 50})["axon"] <= 100
        if HAS_TORCH:
            assert _number(rows[(model, train)]["ratio"])
            assert result["figures"][model]["axon"]["params"] == result["figures"][model]["torch"]["params"]
    assert _number(rows[("-", "import (s)")]["axon"])
    assert _number(rows[("-", "float32 GEMM GFLOP/s, MLP shapes")]["axon"])
    assert _number(rows[("mlp", "share of GEMM peak (%)")]["axon"])
    assert "n/a (quick)" in printed and "MISSED" not in printed  # quick mode never judges timings


def test_no_torch_gives_axon_columns_only(tmp_path):
    result, _ = _run(tmp_path, "--no-torch", "--models", "mlp")
    assert result["meta"]["torch"] is None
    rows = {r["figure"]: r for r in result["rows"] if r["model"] == "mlp"}
    assert _number(rows["train epoch (s)"]["axon"])
    assert rows["train epoch (s)"]["torch"] is None and rows["train epoch (s)"]["ratio"] is None


def test_models_have_the_same_parameter_count_in_both_frameworks():
    pytest.importorskip("torch")
    for name in MODELS:
        torch_model = build_torch(name)
        assert build_axon(name).count_params() == sum(p.numel() for p in torch_model.parameters()), name


@pytest.mark.parametrize("name", ["mlp", "cnn", "lenet"])
def test_shared_start_gives_the_same_logits_in_both_frameworks(name):
    torch = pytest.importorskip("torch")
    from bench.models import initial_weights, set_torch_weights

    start = initial_weights(name, seed=3)
    axon_model = build_axon(name)
    axon_model.set_weights(start["weights"])
    torch_model = build_torch(name).eval()
    set_torch_weights(torch_model, start["weights"], start["flatten_input"])
    x = np.random.default_rng(0).random((5, 28, 28, 1), dtype=np.float32)
    expected = torch_model(torch.from_numpy(np.ascontiguousarray(x.transpose(0, 3, 1, 2)))).detach().numpy()
    np.testing.assert_allclose(axon_model.predict(x, verbose=0), expected, rtol=1e-4, atol=1e-5)


def test_shared_start_trains_to_the_same_weights_batch_for_batch():
    """axon's fit and the PyTorch loop of bench.worker see the same batches in the same order."""
    torch = pytest.importorskip("torch")
    import axon
    from bench.models import epoch_orders, initial_weights, set_torch_weights, torch_layout

    seed, n, batch, epochs = 5, 320, 64, 2
    rng = np.random.default_rng(1)
    x = rng.random((n, 28, 28, 1), dtype=np.float32)
    y = rng.integers(0, 10, n).astype(np.int64)
    start = initial_weights("mlp", seed)

    model = build_axon("mlp")
    model.set_weights(start["weights"])
    axon.random.set_seed(seed)
    model.compile(optimizer=axon.optimizers.SGD(0.1),
                  loss=axon.losses.SparseCategoricalCrossentropy(from_logits=True))
    model.fit(x, y, batch_size=batch, epochs=epochs, verbose=0)

    net = build_torch("mlp")
    set_torch_weights(net, start["weights"], start["flatten_input"])
    optimizer = torch.optim.SGD(net.parameters(), lr=0.1)
    xt, yt, orders = torch.from_numpy(x.transpose(0, 3, 1, 2).copy()), torch.from_numpy(y), epoch_orders(seed, n)
    for _ in range(epochs):
        order = torch.from_numpy(next(orders))
        for first in range(0, n, batch):
            index = order[first:first + batch]
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(net(xt[index]), yt[index]).backward()
            optimizer.step()

    trained = torch_layout(model.get_weights(), start["flatten_input"])
    for axon_w, torch_w in zip(trained, net.parameters()):
        np.testing.assert_allclose(axon_w, torch_w.detach().numpy(), rtol=1e-3, atol=1e-5)
    moved = torch_layout(start["weights"], start["flatten_input"])[0]
    assert np.abs(trained[0] - moved).max() > 1e-3  # training did move the weights
