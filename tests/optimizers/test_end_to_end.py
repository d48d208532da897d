"""Each optimizer minimises a badly scaled quadratic through GradientTape."""

import numpy as np
import pytest

from axon.autograd.tape import GradientTape
from axon.autograd.tensor import Tensor, Variable
from axon.optimizers import get
from axon.optimizers.schedules import ExponentialDecay

CASES = [
    ("sgd", {"learning_rate": 0.1}),
    ("sgd", {"learning_rate": 0.05, "momentum": 0.9, "nesterov": True}),
    ("rmsprop", {"learning_rate": ExponentialDecay(0.05, decay_steps=50, decay_rate=0.5), "momentum": 0.5}),
    ("adam", {"learning_rate": ExponentialDecay(0.1, decay_steps=50, decay_rate=0.5)}),
    ("adamw", {"learning_rate": ExponentialDecay(0.1, decay_steps=50, decay_rate=0.5), "weight_decay": 1e-3}),
    ("adagrad", {"learning_rate": 0.5}),
]


@pytest.mark.parametrize("name, config", CASES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CASES)])
def test_reaches_the_optimum_of_a_quadratic(name, config):
    rng = np.random.default_rng(0)
    target_w, target_b = rng.normal(size=(3, 4)).astype(np.float32), rng.normal(size=4).astype(np.float32)
    scale = Tensor(np.linspace(0.5, 2.0, 12, dtype=np.float32).reshape(3, 4))
    w, b = Variable(np.zeros((3, 4), np.float32), name="w"), Variable(np.zeros(4, np.float32), name="b")
    opt = get({"class_name": name, "config": config})

    def loss_fn():
        return (scale * (w - target_w) * (w - target_w)).sum() + ((b - target_b) * (b - target_b)).sum()

    first = float(loss_fn())
    for _ in range(300):
        with GradientTape() as tape:
            loss = loss_fn()
        opt.apply_gradients(zip(tape.gradient(loss, [w, b]), [w, b]))
    assert float(loss_fn()) < 1e-4 * first
    np.testing.assert_allclose(w.numpy(), target_w, atol=0.02)
    np.testing.assert_allclose(b.numpy(), target_b, atol=0.02)
