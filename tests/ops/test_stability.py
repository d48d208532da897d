"""Numerical stability: softmax, log_softmax and the cross-entropies from logits stay
finite (values and gradients, with no floating-point warnings) at |logits| = 1e4."""

import numpy as np
import pytest

import axon
from axon import nn

BIG = np.array([[1e4, -1e4, 0.0], [-1e4, -1e4, -1e4], [1e4, 1e4 - 1.0, -1e4], [5e3, -1e4, 1e4]])
LABELS = np.eye(3)[[1, 0, 1, 2]]


def _finite_value_and_gradient(fn, dtype):
    z = axon.tensor(BIG.astype(dtype), requires_grad=True)
    # overflow, log(0) or 0 * inf would raise; underflow to 0 is expected and fine
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        out = fn(z)
        out.sum().backward()
    assert out.dtype == dtype and z.grad.dtype == dtype
    assert np.isfinite(out.numpy()).all(), out
    assert np.isfinite(z.grad.numpy()).all(), z.grad
    return out.numpy(), z.grad.numpy()


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_softmax_and_log_softmax_of_huge_logits(dtype):
    p, _ = _finite_value_and_gradient(nn.softmax, dtype)
    np.testing.assert_allclose(p.sum(axis=-1), 1.0, rtol=1e-6)
    np.testing.assert_allclose(p[0], [1.0, 0.0, 0.0], atol=1e-7)
    np.testing.assert_allclose(p[2], [1 / (1 + np.exp(-1)), 1 / (1 + np.e), 0.0], rtol=1e-5)
    log_p, g = _finite_value_and_gradient(nn.log_softmax, dtype)
    np.testing.assert_allclose(log_p[0], [0.0, -2e4, -1e4], rtol=1e-6)
    np.testing.assert_allclose(g.sum(axis=-1), 0.0, atol=1e-5)  # d/dz sum(log_softmax) = 1 - 3 softmax


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_softmax_cross_entropy_of_huge_logits(dtype):
    loss, g = _finite_value_and_gradient(lambda z: nn.softmax_cross_entropy_with_logits(LABELS, z), dtype)
    np.testing.assert_allclose(loss, [2e4, np.log(3), 1 + np.log1p(np.exp(-1)), 0.0], rtol=1e-5)
    np.testing.assert_allclose(g[0], [1.0, -1.0, 0.0], atol=1e-6)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_sparse_softmax_cross_entropy_of_huge_logits(dtype):
    labels = LABELS.argmax(axis=1)
    loss, _ = _finite_value_and_gradient(lambda z: nn.sparse_softmax_cross_entropy_with_logits(labels, z), dtype)
    np.testing.assert_allclose(loss, [2e4, np.log(3), 1 + np.log1p(np.exp(-1)), 0.0], rtol=1e-5)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_sigmoid_cross_entropy_of_huge_logits(dtype):
    labels = (LABELS > 0).astype(dtype)
    loss, g = _finite_value_and_gradient(lambda z: nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=z),
                                         dtype)
    # a confident right answer costs 0, a confident wrong one |z|
    np.testing.assert_allclose(loss[0], [1e4, 1e4, np.log(2)], rtol=1e-6)
    np.testing.assert_allclose(g[0], [1.0, -1.0, 0.5], atol=1e-6)


def test_sigmoid_of_huge_inputs_in_float32():
    x = axon.tensor(np.array([-1e4, -100.0, 0.0, 100.0, 1e4], np.float32), requires_grad=True)
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        s = nn.sigmoid(x)
        s.sum().backward()
    assert s.dtype == np.float32
    np.testing.assert_allclose(s.numpy(), [0.0, 0.0, 0.5, 1.0, 1.0], atol=1e-30)
    assert np.isfinite(x.grad.numpy()).all()
    np.testing.assert_allclose(x.grad.numpy()[2], 0.25)
