"""The Keras 3 activations beyond the course set (gelu, selu, silu, softplus, softsign,
hard_sigmoid, hard_silu, relu6, mish) and erf: forward against NumPy, float64 finite
differences, PyTorch's forward and gradients, names and the Activation layer."""

import math

import numpy as np
import pytest

import axon
from axon import activations
from axon.ops.special import erf, erf_array
from tests.ops.helpers import check_op

_erf = np.vectorize(math.erf)


def np_sigmoid(x):
    return 1 / (1 + np.exp(-x))


def np_softplus(x):
    return np.log1p(np.exp(x))


ALPHA, SCALE = 1.6732632423543772848170429916717, 1.0507009873554804934193349852946

REFERENCES = {
    "gelu": lambda x: x * 0.5 * (1 + _erf(x / np.sqrt(2))),
    "gelu_tanh": lambda x: 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3))),
    "selu": lambda x: SCALE * np.where(x > 0, x, ALPHA * (np.exp(x) - 1)),
    "silu": lambda x: x * np_sigmoid(x),
    "softplus": np_softplus,
    "softsign": lambda x: x / (1 + np.abs(x)),
    "hard_sigmoid": lambda x: np.clip(x + 3, 0, 6) / 6,
    "hard_silu": lambda x: x * np.clip(x + 3, 0, 6) / 6,
    "relu6": lambda x: np.clip(x, 0, 6),
    "mish": lambda x: x * np.tanh(np_softplus(x)),
    "exponential": np.exp,
    "log_sigmoid": lambda x: -np_softplus(-x),
    "hard_tanh": lambda x: np.clip(x, -1, 1),
    "celu": lambda x: np.where(x > 0, x, np.exp(x) - 1),
}
FUNCTIONS = {name: activations.get(name) for name in REFERENCES if name != "gelu_tanh"}
FUNCTIONS["gelu_tanh"] = lambda x: activations.gelu(x, approximate=True)


@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_forward_and_gradient(name):
    # -7..7 crosses every kink (-3, 0, 3, 6); the draw avoids sitting on one
    check_op([(4, 25)], FUNCTIONS[name], REFERENCES[name], low=-7.0, high=7.0, rtol32=2e-6)


@pytest.mark.parametrize("name, torch_name", [
    ("gelu", "gelu"), ("gelu_tanh", "gelu"), ("selu", "selu"), ("silu", "silu"), ("softplus", "softplus"),
    ("softsign", "softsign"), ("hard_sigmoid", "hardsigmoid"), ("hard_silu", "hardswish"), ("relu6", "relu6"),
    ("mish", "mish"), ("celu", "celu"), ("log_sigmoid", "logsigmoid"), ("hard_tanh", "hardtanh"),
])
def test_matches_torch(name, torch_name):
    torch = pytest.importorskip("torch")
    gen = np.random.default_rng(1)
    x = (gen.standard_normal((6, 50)) * 4).astype(np.float32)
    upstream = gen.standard_normal(x.shape).astype(np.float32)
    xa = axon.Tensor(x, requires_grad=True)
    (FUNCTIONS[name](xa) * axon.Tensor(upstream)).sum().backward()
    xt = torch.tensor(x, requires_grad=True)
    fn = getattr(torch.nn.functional, torch_name)
    out = fn(xt, approximate="tanh") if name == "gelu_tanh" else fn(xt)
    (out * torch.tensor(upstream)).sum().backward()
    np.testing.assert_allclose(FUNCTIONS[name](x).numpy(), out.detach().numpy(), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(xa.grad.numpy(), xt.grad.numpy(), rtol=1e-5, atol=1e-5)


def test_no_overflow_at_large_inputs():
    x = np.array([-1e4, -50.0, 50.0, 1e4], np.float32)
    for name, fn in FUNCTIONS.items():
        if name != "exponential":
            assert np.all(np.isfinite(fn(x).numpy())), name


def test_erf_precision_and_gradient():
    x = np.concatenate([np.linspace(-6, 6, 2001), np.logspace(-10, -1, 50)])
    np.testing.assert_allclose(erf_array(x), _erf(x), rtol=2e-15, atol=1e-16)
    check_op([(3, 7)], erf, _erf, low=-3.0, high=3.0)
    np.testing.assert_array_equal(erf_array(np.array([np.inf, -np.inf, 0.0])), [1.0, -1.0, 0.0])


def test_names_aliases_and_activation_layer():
    assert activations.get("swish") is activations.silu and activations.get("hard_swish") is activations.hard_silu
    assert activations.serialize(activations.get("swish")) == "silu"
    for name in ("gelu", "selu", "silu", "softplus", "softsign", "hard_sigmoid", "relu6", "mish", "exponential"):
        fn = activations.get(name)
        assert activations.serialize(fn) == name
        x = np.linspace(-4, 4, 9, dtype=np.float32)
        layer = axon.layers.Activation(name)
        np.testing.assert_allclose(layer(x[None]).numpy()[0], REFERENCES[name](x.astype(np.float64)), rtol=2e-6,
                                   atol=1e-6)
        assert axon.layers.Activation.from_config(layer.get_config()).get_config() == layer.get_config()
        dense = axon.layers.Dense(2, activation=name)
        assert axon.layers.Dense.from_config(dense.get_config()).activation is fn
    with pytest.raises(ValueError, match="Unknown activation 'gleu'.*gelu"):
        activations.get("gleu")
