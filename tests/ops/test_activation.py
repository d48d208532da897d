"""Activation ops (axon.nn): forward against NumPy, float64 finite-difference gradients."""

import numpy as np
import pytest

import axon
from axon import nn
from tests.ops.helpers import check_op


def np_sigmoid(x):
    return 1 / (1 + np.exp(-x))


def np_log_softmax(x, axis=-1):
    shifted = x - x.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


SHAPES = [(7,), (3, 4), (2, 3, 4)]


@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("fn, reference", [
    (nn.relu, lambda x: np.maximum(x, 0)),
    (nn.sigmoid, np_sigmoid),
    (nn.tanh, np.tanh),
    (nn.leaky_relu, lambda x: np.where(x > 0, x, 0.2 * x)),
    (lambda x: nn.leaky_relu(x, alpha=0.05), lambda x: np.where(x > 0, x, 0.05 * x)),
    (nn.elu, lambda x: np.where(x > 0, x, np.exp(x) - 1)),
    (lambda x: nn.elu(x, alpha=0.5), lambda x: np.where(x > 0, x, 0.5 * (np.exp(x) - 1))),
], ids=["relu", "sigmoid", "tanh", "leaky_relu", "leaky_relu_0.05", "elu", "elu_0.5"])
def test_elementwise_activation(fn, reference, shape):
    check_op([shape], fn, reference, low=-3.0, high=3.0)


@pytest.mark.parametrize("shape, axis", [((7,), -1), ((3, 4), -1), ((3, 4), 0), ((2, 3, 4), 1), ((2, 3, 4), -1)],
                         ids=str)
def test_softmax_and_log_softmax(shape, axis):
    check_op([shape], lambda z: nn.softmax(z, axis=axis), lambda z: np.exp(np_log_softmax(z, axis)), low=-3.0,
             high=3.0)
    check_op([shape], lambda z: nn.log_softmax(z, axis=axis), lambda z: np_log_softmax(z, axis), low=-3.0, high=3.0)


def test_relu_gradient_is_zero_at_zero():
    x = axon.tensor([-1.0, 0.0, 2.0], requires_grad=True)
    nn.relu(x).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [0.0, 0.0, 1.0])


def test_math_and_nn_share_the_activations():
    assert axon.math.sigmoid is nn.sigmoid and axon.math.tanh is nn.tanh


def test_activations_match_pytorch_in_float32():
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(0).normal(0, 3, (4, 6)).astype(np.float32)
    tx = torch.from_numpy(x)
    pairs = [
        (nn.relu, torch.relu), (nn.sigmoid, torch.sigmoid), (nn.tanh, torch.tanh),
        (nn.leaky_relu, lambda t: torch.nn.functional.leaky_relu(t, 0.2)),
        (nn.elu, torch.nn.functional.elu),
        (nn.softmax, lambda t: torch.softmax(t, -1)), (nn.log_softmax, lambda t: torch.log_softmax(t, -1)),
    ]
    for ours, theirs in pairs:
        np.testing.assert_allclose(ours(x).numpy(), theirs(tx).numpy(), rtol=1e-4, atol=1e-6)
