"""to_categorical, normalize and set_random_seed against NumPy and Keras semantics."""

import random

import numpy as np
import pytest

import axon
from axon.utils.data_utils import normalize, set_random_seed, to_categorical


def test_to_categorical_matches_identity_rows():
    y = np.array([3, 0, 2, 3, 1])
    out = to_categorical(y)
    assert out.shape == (5, 4) and out.dtype == np.float32
    np.testing.assert_array_equal(out, np.eye(4, dtype=np.float32)[y])


def test_to_categorical_shapes_and_options():
    assert to_categorical(np.array([[1], [0]]), num_classes=3).shape == (2, 3)  # (N, 1) -> (N, C)
    assert to_categorical(np.zeros((2, 5), dtype=int), num_classes=4).shape == (2, 5, 4)
    assert to_categorical([1.0, 0.0], dtype="int32").dtype == np.int32
    assert to_categorical(axon.tensor([2, 0]), 3).tolist() == [[0, 0, 1], [1, 0, 0]]
    assert to_categorical(np.array([1, 2], dtype=np.uint8), 10).sum() == 2


def test_to_categorical_errors():
    with pytest.raises(ValueError, match="num_classes=3"):
        to_categorical([0, 3], num_classes=3)
    with pytest.raises(ValueError, match=">= 0"):
        to_categorical([0, -1])
    with pytest.raises(ValueError, match="integer"):
        to_categorical([0.5, 1.0])


@pytest.mark.parametrize("axis", [-1, 0, 1])
def test_normalize_l2_matches_numpy(axis):
    x = np.random.default_rng(0).normal(size=(4, 5)).astype(np.float32)
    expected = x / np.sqrt((x ** 2).sum(axis=axis, keepdims=True))
    out = normalize(x, axis=axis)
    np.testing.assert_allclose(out, expected, rtol=1e-6)
    np.testing.assert_allclose(np.linalg.norm(out, axis=axis), 1.0, rtol=1e-6)
    assert out.dtype == np.float32


def test_normalize_l1_and_zero_rows():
    x = np.array([[1.0, -3.0], [0.0, 0.0]])
    np.testing.assert_allclose(normalize(x, order=1), [[0.25, -0.75], [0.0, 0.0]])


def test_normalize_matches_sklearn():
    preprocessing = pytest.importorskip("sklearn.preprocessing")
    x = np.random.default_rng(1).normal(size=(6, 3))
    np.testing.assert_allclose(normalize(x), preprocessing.normalize(x), rtol=1e-12)


def test_set_random_seed_seeds_python_numpy_and_axon():
    def draw():
        return random.random(), np.random.rand(), axon.random.normal((3,)).numpy().tolist()

    set_random_seed(123)
    first = draw()
    set_random_seed(123)
    assert draw() == first
    with pytest.raises(ValueError, match="seed='1'"):
        set_random_seed("1")
