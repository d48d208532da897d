"""Reductions (sum, mean, max, min) and argmax/argmin, with TensorFlow's defaults."""

import numpy as np
import pytest

import axon
from axon import ops
from tests.ops.helpers import check_op

AXES = [None, 0, 1, -1, (0, 2), [2, 0], (0, 1, 2)]


@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize("axis", AXES, ids=str)
@pytest.mark.parametrize("op, reference", [
    (ops.reduce_sum, np.sum), (ops.reduce_mean, np.mean), (ops.reduce_max, np.max), (ops.reduce_min, np.min),
], ids=lambda v: getattr(v, "__name__", ""))
def test_reduction(op, reference, axis, keepdims):
    np_axis = tuple(axis) if isinstance(axis, list) else axis
    check_op([(2, 3, 4)], lambda a: op(a, axis=axis, keepdims=keepdims),
             lambda a: reference(a, axis=np_axis, keepdims=keepdims))


@pytest.mark.parametrize("method, reference", [("sum", np.sum), ("mean", np.mean), ("max", np.max), ("min", np.min)])
def test_tensor_reduction_methods(method, reference):
    check_op([(3, 4)], lambda a: getattr(a, method)(), reference)
    check_op([(3, 4)], lambda a: getattr(a, method)(axis=0, keepdims=True), lambda a: reference(a, 0, keepdims=True))


def test_reduce_of_a_scalar():
    check_op([()], ops.reduce_sum, np.sum)
    check_op([()], ops.reduce_max, np.max)


def test_reduce_max_splits_the_gradient_between_ties():
    x = axon.tensor([[1.0, 3.0, 3.0], [2.0, 0.0, 1.0]], requires_grad=True)
    ops.reduce_max(x, axis=1).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [[0.0, 0.5, 0.5], [1.0, 0.0, 0.0]])


def test_reduce_min_splits_the_gradient_between_ties():
    x = axon.tensor([2.0, 2.0, 5.0, 2.0], requires_grad=True)
    ops.reduce_min(x).backward()
    np.testing.assert_allclose(x.grad.numpy(), [1 / 3, 1 / 3, 0.0, 1 / 3])


def test_axis_out_of_range():
    with pytest.raises(ValueError, match="axis 2 is out of range"):
        ops.reduce_sum(axon.ones((2, 3)), axis=2)


def test_argmax_default_axis_is_0_like_tensorflow():
    x = np.array([[1.0, 9.0, 3.0], [4.0, 2.0, 6.0]])
    out = ops.argmax(x)
    np.testing.assert_array_equal(out.numpy(), [1, 0, 1])
    assert out.dtype == np.int64 and not out.requires_grad
    np.testing.assert_array_equal(ops.argmax(x, axis=1).numpy(), [1, 2])
    np.testing.assert_array_equal(ops.argmax(x, axis=-1).numpy(), [1, 2])
    assert ops.argmax(x, output_type=axon.int32).dtype == np.int32
    np.testing.assert_array_equal(ops.argmin(x).numpy(), [0, 1, 0])
    np.testing.assert_array_equal(ops.argmin(x, axis=1).numpy(), [0, 1])


def test_argmax_ties_take_the_first_index():
    np.testing.assert_array_equal(ops.argmax(np.array([[2.0, 5.0, 5.0]]), axis=1).numpy(), [1])


def test_argmax_of_a_vector_is_a_scalar():
    out = ops.argmax(axon.tensor([0.1, 0.7, 0.2]))
    assert out.shape == () and int(out) == 1
