"""The fused cross-entropies from logits: values, gradients in both arguments, errors."""

import numpy as np
import pytest

import axon
from axon import nn
from axon.utils import gradient_check
from tests.ops.helpers import check_op, draw
from tests.ops.test_activation import np_log_softmax, np_sigmoid


@pytest.mark.parametrize("shape, axis", [((5,), -1), ((4, 5), -1), ((4, 5), 0), ((2, 3, 4), -1)], ids=str)
def test_softmax_cross_entropy(shape, axis):
    # labels need not be one-hot (or even sum to 1): the gradient formula holds for any labels
    check_op([shape, shape], lambda y, z: nn.softmax_cross_entropy_with_logits(y, z, axis=axis),
             lambda y, z: -(y * np_log_softmax(z, axis)).sum(axis=axis), low=(0.0, -3.0), high=(1.0, 3.0))


def test_softmax_cross_entropy_with_one_hot_labels_keyword_form():
    z = draw([(4, 3)], -2.0, 2.0)[0]
    labels = np.eye(3)[[0, 2, 1, 1]]
    loss = nn.softmax_cross_entropy_with_logits(labels=labels, logits=z)
    np.testing.assert_allclose(loss.numpy(), -np_log_softmax(z)[np.arange(4), [0, 2, 1, 1]], rtol=1e-12)


@pytest.mark.parametrize("shape", [(6, 4), (2, 3, 5), (4,)], ids=str)
def test_sparse_softmax_cross_entropy(shape):
    labels = np.random.default_rng(3).integers(0, shape[-1], shape[:-1])
    expected = -np.take_along_axis(np_log_softmax(draw([shape], -3.0, 3.0)[0]), labels[..., None], -1)[..., 0]
    check_op([shape], lambda z: nn.sparse_softmax_cross_entropy_with_logits(labels, z),
             lambda z: expected, low=-3.0, high=3.0)


def test_sparse_gradient_on_transposed_logits():
    # (N, C, L) logits moved to (N, L, C) by a transpose (Paddle's axis=1): a view that is not in
    # C order. The gradient must still subtract the one-hot.
    z = axon.tensor(draw([(2, 4, 3)], -3.0, 3.0, seed=5)[0], requires_grad=True)
    labels = np.array([[0, 3, 1], [2, 3, 0]])
    nn.sparse_softmax_cross_entropy_with_logits(labels, axon.transpose(z, (0, 2, 1))).sum().backward()
    moved = z.numpy().transpose(0, 2, 1)
    e = np.exp(moved - moved.max(-1, keepdims=True))
    expected = e / e.sum(-1, keepdims=True) - np.eye(4)[labels]
    np.testing.assert_allclose(z.grad.numpy(), expected.transpose(0, 2, 1), rtol=1e-10, atol=1e-12)


def test_sparse_equals_dense_with_one_hot_labels_and_accepts_tensors():
    z = draw([(5, 4)], -3.0, 3.0, seed=4)[0]
    labels = np.array([3, 0, 1, 1, 2])
    sparse = nn.sparse_softmax_cross_entropy_with_logits(axon.tensor(labels), z)
    dense = nn.softmax_cross_entropy_with_logits(np.eye(4)[labels], z)
    np.testing.assert_allclose(sparse.numpy(), dense.numpy(), rtol=1e-12)
    float_labels = nn.sparse_softmax_cross_entropy_with_logits(labels.astype(np.float32), z)
    np.testing.assert_allclose(float_labels.numpy(), dense.numpy(), rtol=1e-12)


@pytest.mark.parametrize("shape", [(5,), (4, 3)], ids=str)
def test_sigmoid_cross_entropy(shape):
    def reference(y, z):
        return -(y * np.log(np_sigmoid(z)) + (1 - y) * np.log(1 - np_sigmoid(z)))

    check_op([shape, shape], lambda y, z: nn.sigmoid_cross_entropy_with_logits(labels=y, logits=z), reference,
             low=(0.0, -4.0), high=(1.0, 4.0))


def test_cross_entropy_gradient_is_softmax_minus_labels():
    z = axon.tensor(draw([(3, 4)], -1.0, 1.0)[0], requires_grad=True)
    y = np.eye(4)[[1, 3, 0]]
    nn.softmax_cross_entropy_with_logits(y, z).sum().backward()
    np.testing.assert_allclose(z.grad.numpy(), np.exp(np_log_softmax(z.numpy())) - y, rtol=1e-12)


def test_cross_entropy_of_a_mean_loss():
    z, y = draw([(6, 3), (6, 3)], -2.0, 2.0, seed=5)
    error = gradient_check(lambda z: axon.reduce_mean(nn.softmax_cross_entropy_with_logits(y, z)), [z])
    assert error < 1e-6


def test_dense_cross_entropy_shape_mismatch_points_to_sparse():
    with pytest.raises(ValueError, match=r"\(4,\).*\(4, 3\).*sparse"):
        nn.softmax_cross_entropy_with_logits(np.zeros(4), np.zeros((4, 3)))


def test_sparse_label_out_of_range_says_which():
    with pytest.raises(ValueError, match=r"label value of 3.*\[0, 2\]"):
        nn.sparse_softmax_cross_entropy_with_logits(np.array([0, 3]), np.zeros((2, 3)))
    with pytest.raises(ValueError, match=r"label value of -1"):
        nn.sparse_softmax_cross_entropy_with_logits(np.array([-1, 0]), np.zeros((2, 3)))


def test_sparse_labels_must_be_integers_and_match_the_batch():
    with pytest.raises(ValueError, match="integer"):
        nn.sparse_softmax_cross_entropy_with_logits(np.array([0.5, 1.0]), np.zeros((2, 3)))
    with pytest.raises(ValueError, match=r"\(3,\).*\(2,\)"):
        nn.sparse_softmax_cross_entropy_with_logits(np.array([0, 1, 2]), np.zeros((2, 3)))


def test_sigmoid_cross_entropy_shape_mismatch():
    with pytest.raises(ValueError, match=r"\(3,\).*\(3, 1\)"):
        nn.sigmoid_cross_entropy_with_logits(labels=np.zeros(3), logits=np.zeros((3, 1)))


def test_cross_entropies_match_pytorch_in_float32():
    torch = pytest.importorskip("torch")
    gen = np.random.default_rng(6)
    z = gen.normal(0, 3, (5, 4)).astype(np.float32)
    labels = np.array([0, 3, 2, 2, 1])
    expected = torch.nn.functional.cross_entropy(torch.from_numpy(z), torch.from_numpy(labels), reduction="none")
    np.testing.assert_allclose(nn.sparse_softmax_cross_entropy_with_logits(labels, z).numpy(), expected.numpy(),
                               rtol=1e-4)
    y = gen.uniform(0, 1, (5, 4)).astype(np.float32)
    expected = torch.nn.functional.binary_cross_entropy_with_logits(torch.from_numpy(z), torch.from_numpy(y),
                                                                    reduction="none")
    np.testing.assert_allclose(nn.sigmoid_cross_entropy_with_logits(labels=y, logits=z).numpy(), expected.numpy(),
                               rtol=1e-4, atol=1e-6)
