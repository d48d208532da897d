"""Tensors made from shapes: zeros, ones, *_like, range and one_hot (TensorFlow semantics)."""

import numpy as np
import pytest

import axon
from axon import ops


@pytest.mark.parametrize("make, value", [(ops.zeros, 0.0), (ops.ones, 1.0)])
def test_zeros_and_ones(make, value):
    t = make((2, 3))
    assert t.shape == (2, 3) and t.dtype == np.float32 and not t.requires_grad
    np.testing.assert_array_equal(t.numpy(), np.full((2, 3), value))
    assert make(4).shape == (4,)
    assert make([]).shape == ()
    assert make(axon.tensor(np.array([2, 1]))).shape == (2, 1)
    assert make((2,), dtype="int32").dtype == np.int32
    assert make((2,), dtype=axon.float64).dtype == np.float64


@pytest.mark.parametrize("make, value", [(ops.zeros_like, 0), (ops.ones_like, 1)])
def test_zeros_like_and_ones_like_keep_shape_and_dtype(make, value):
    x = np.arange(6, dtype=np.int64).reshape(2, 3)
    t = make(x)
    assert t.shape == (2, 3) and t.dtype == np.int64
    np.testing.assert_array_equal(t.numpy(), np.full((2, 3), value))
    assert make(axon.tensor(np.ones(3, np.float32))).dtype == np.float32
    assert make(x, dtype="float32").dtype == np.float32


def test_range_like_tensorflow():
    r = ops.range(5)  # one argument: the limit
    np.testing.assert_array_equal(r.numpy(), [0, 1, 2, 3, 4])
    assert r.dtype == np.int32
    np.testing.assert_array_equal(ops.range(2, 10, 3).numpy(), [2, 5, 8])
    np.testing.assert_array_equal(ops.range(5, 0, -2).numpy(), [5, 3, 1])
    f = ops.range(0.0, 1.0, 0.25)
    assert f.dtype == np.float32
    np.testing.assert_array_equal(f.numpy(), [0.0, 0.25, 0.5, 0.75])
    assert ops.range(3, dtype="float64").dtype == np.float64
    assert ops.range(0).shape == (0,)


def test_one_hot_like_tensorflow():
    out = ops.one_hot([0, 2, 1], depth=3)
    assert out.dtype == np.float32
    np.testing.assert_array_equal(out.numpy(), np.eye(3)[[0, 2, 1]])


def test_one_hot_on_off_values_and_out_of_range_indices():
    out = ops.one_hot(np.array([1, -1, 4]), depth=3, on_value=5.0, off_value=-1.0)
    np.testing.assert_array_equal(out.numpy(), [[-1, 5, -1], [-1, -1, -1], [-1, -1, -1]])


def test_one_hot_depth_axis_and_rank():
    idx = np.array([[0, 1], [2, 0]])
    out = ops.one_hot(idx, depth=4)
    assert out.shape == (2, 2, 4)
    np.testing.assert_array_equal(out.numpy(), np.eye(4)[idx])
    first = ops.one_hot([0, 2], depth=3, axis=0)  # classes along axis 0
    np.testing.assert_array_equal(first.numpy(), np.eye(3)[[0, 2]].T)
    assert ops.one_hot([1], 2, dtype="int32").dtype == np.int32


def test_one_hot_rejects_fractional_indices():
    with pytest.raises(TypeError, match="integers"):
        ops.one_hot(np.array([0.5]), depth=2)
    np.testing.assert_array_equal(ops.one_hot(np.array([1.0]), depth=2).numpy(), [[0, 1]])
