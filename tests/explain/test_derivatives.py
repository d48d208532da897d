"""axon.explain's second derivatives of activations (plot, table, traced step)."""

import numpy as np
import pytest

import axon
from axon import layers, models
from axon.explain import activation_derivatives, derivative_table

torch = pytest.importorskip("torch")

XS = np.array([-2.5, -1.0, -0.3, 0.4, 1.5, 3.0])
TORCH = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu, "elu": torch.nn.functional.elu,
         "exponential": torch.exp, "leaky_relu": lambda t: torch.nn.functional.leaky_relu(t, 0.2),
         "linear": lambda t: t * 1.0}


@pytest.mark.parametrize("name", sorted(TORCH))
def test_second_derivatives_match_torch(name):
    f, d1, d2 = activation_derivatives(name, XS)
    t = torch.tensor(XS, requires_grad=True)
    y = TORCH[name](t)
    (g1,) = torch.autograd.grad(y.sum(), t, create_graph=True)
    g2 = torch.autograd.grad(g1.sum(), t, allow_unused=True)[0] if g1.requires_grad else None
    np.testing.assert_allclose(f, y.detach().numpy(), rtol=1e-12)
    np.testing.assert_allclose(d1, g1.detach().numpy(), rtol=1e-12)
    np.testing.assert_allclose(d2, np.zeros_like(XS) if g2 is None else g2.numpy(), rtol=1e-10, atol=1e-14)


def test_closed_forms_and_table():
    _, _, d2 = activation_derivatives("sigmoid", XS)
    s = 1 / (1 + np.exp(-XS))
    np.testing.assert_allclose(d2, s * (1 - s) * (1 - 2 * s), rtol=1e-10)
    _, _, d2 = activation_derivatives(lambda x: x ** 3, XS)
    np.testing.assert_allclose(d2, 6 * XS)
    text = derivative_table(["tanh", "relu"], points=[-1, 0, 1])
    lines = text.splitlines()
    assert "x=-1" in lines[0] and lines[2].startswith("tanh") and "f''" in lines[4]
    assert lines[4].split()[1:] == [f"{v:.4f}" for v in -2 * np.tanh([-1, 0, 1]) * (1 - np.tanh([-1, 0, 1]) ** 2)]
    assert lines[7].split()[1:] == ["0.0000"] * 3      # relu'' = 0 (0 at the kink, as PyTorch)
    with pytest.raises(ValueError, match="vector to a vector"):
        activation_derivatives("softmax", XS)


def test_traced_step_shows_the_second_derivative(capsys):
    model = models.Sequential([layers.Input(shape=(2,)), layers.Dense(2, activation="tanh"),
                               layers.Dense(1, activation="sigmoid")])
    trace = axon.explain.trace_step(model, [[0.3, -0.2]], [[1.0]], learning_rate=0.1)
    hidden = trace.layers[0]
    t = np.tanh(hidden.pre_activation)
    np.testing.assert_allclose(hidden.activation_second_derivative, -2 * t * (1 - t * t), rtol=1e-5)
    assert "tanh''(v)" in capsys.readouterr().out
