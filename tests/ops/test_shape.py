"""Shape ops: reshape, transpose, concat, stack, squeeze, expand_dims, indexing, cast."""

import numpy as np
import pytest

import axon
from axon import ops
from axon.utils import gradient_check
from tests.ops.helpers import check_op


@pytest.mark.parametrize("shape, new", [((2, 3, 4), (4, 6)), ((2, 3, 4), (4, -1)), ((6,), (1, 2, 3)), ((), (1, 1))],
                         ids=str)
def test_reshape(shape, new):
    check_op([shape], lambda a: ops.reshape(a, new), lambda a: a.reshape(new))
    check_op([shape], lambda a: a.reshape(new), lambda a: a.reshape(new))


def test_reshape_bad_size_names_shapes():
    with pytest.raises(ValueError, match=r"\(2, 3\).*\(4, 2\)"):
        ops.reshape(axon.ones((2, 3)), (4, 2))


@pytest.mark.parametrize("perm", [None, (1, 0, 2), (2, 0, 1), (0, 2, 1)], ids=str)
def test_transpose(perm):
    check_op([(2, 3, 4)], lambda a: ops.transpose(a, perm), lambda a: np.transpose(a, perm))


def test_transpose_property():
    check_op([(2, 3)], lambda a: a.T, lambda a: a.T)


def test_transpose_bad_perm():
    with pytest.raises(ValueError, match="perm"):
        ops.transpose(axon.ones((2, 3)), (0, 0))


@pytest.mark.parametrize("shapes, axis", [
    (((2, 3), (2, 4)), 1), (((2, 3), (1, 3), (3, 3)), 0), (((2, 3, 1), (2, 3, 2)), -1)], ids=str)
def test_concat(shapes, axis):
    check_op(shapes, lambda *xs: ops.concat(list(xs), axis), lambda *xs: np.concatenate(xs, axis))


def test_concat_mismatch_is_a_value_error():
    with pytest.raises(ValueError, match="concat"):
        ops.concat([axon.ones((2, 3)), axon.ones((3, 4))], axis=1)


@pytest.mark.parametrize("axis", [0, 1, 2, -1])
def test_stack(axis):
    check_op([(2, 3)] * 3, lambda *xs: ops.stack(list(xs), axis), lambda *xs: np.stack(xs, axis))


def test_stack_needs_equal_shapes():
    with pytest.raises(ValueError, match="same shape"):
        ops.stack([axon.ones((2, 3)), axon.ones((3, 2))])


@pytest.mark.parametrize("axis", [None, 0, 2, -4, (0, 2)], ids=str)
def test_squeeze(axis):
    check_op([(1, 3, 1, 4)], lambda a: ops.squeeze(a, axis), lambda a: np.squeeze(a, axis))


def test_squeeze_of_an_axis_bigger_than_one_raises():
    with pytest.raises(ValueError, match="size 3"):
        ops.squeeze(axon.ones((1, 3)), 1)


@pytest.mark.parametrize("axis", [0, 1, 2, -1])
def test_expand_dims(axis):
    check_op([(3, 4)], lambda a: ops.expand_dims(a, axis), lambda a: np.expand_dims(a, axis))


BASIC = [1, -1, (slice(None), slice(1, 3)), (slice(None, None, -1), slice(None, None, 2)), (Ellipsis, 0),
         (None, 1), (1, slice(None), 2), ()]
ADVANCED = [[0, 0, 2], np.array([2, 0, 2, 2]), ([0, 2], [1, 1]), (slice(None), [1, 1, 3]),
            np.array([[0, 1], [1, 1]]), (np.array([0, 0]), slice(None), np.array([3, 3]))]


@pytest.mark.parametrize("index", BASIC + ADVANCED, ids=str)
def test_getitem(index):
    numpy_index = np.asarray(index) if isinstance(index, list) else index
    check_op([(3, 4, 5)], lambda a: a[index], lambda a: a[numpy_index])


def test_getitem_with_boolean_mask_and_tensor_index():
    mask = np.random.default_rng(2).uniform(size=(3, 4)) > 0.4
    check_op([(3, 4)], lambda a: a[mask], lambda a: a[mask])
    check_op([(3, 4)], lambda a: a[axon.tensor(mask)], lambda a: a[mask])
    check_op([(3, 4)], lambda a: a[axon.tensor(np.array([2, 2, 0]))], lambda a: a[[2, 2, 0]])


def test_getitem_repeated_index_accumulates():
    x = axon.tensor(np.arange(4.0), requires_grad=True)
    x[[1, 1, 1, 3]].sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [0.0, 3.0, 0.0, 1.0])


def test_iterating_a_tensor_gives_differentiable_rows():
    x = axon.tensor(np.ones((3, 2)), requires_grad=True)
    ops.add_n([row * float(i) for i, row in enumerate(x)]).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [[0.0, 0.0], [1.0, 1.0], [2.0, 2.0]])


def test_cast_forward_and_gradient_dtype_both_ways():
    x64 = axon.tensor(np.array([1.5, -2.25]), requires_grad=True)
    y = ops.cast(x64, "float32")
    assert y.dtype == np.float32 and y.requires_grad
    (y * 2.0).sum().backward()
    assert x64.grad.dtype == np.float64
    np.testing.assert_array_equal(x64.grad.numpy(), [2.0, 2.0])

    x32 = axon.tensor(np.array([1.5, -2.25], np.float32), requires_grad=True)
    z = ops.cast(x32, axon.float64)
    assert z.dtype == np.float64
    (z * z).sum().backward()
    assert x32.grad.dtype == np.float32
    np.testing.assert_allclose(x32.grad.numpy(), [3.0, -4.5])


def test_cast_gradient_matches_finite_differences():
    # float32 in the middle rounds the output; the function is linear, so a wide eps is exact
    x = np.random.default_rng(0).uniform(-1, 1, (3, 4))
    assert gradient_check(lambda a: ops.cast(a, "float32") * 3.0, [x], eps=1e-2) < 1e-5
    round_trip = ops.cast(ops.cast(axon.tensor(x), "float32"), "float64")
    assert round_trip.dtype == np.float64
    np.testing.assert_array_equal(round_trip.numpy(), x.astype(np.float32))


def test_cast_to_the_same_dtype_is_the_same_tensor():
    x = axon.tensor([1.0, 2.0])
    assert ops.cast(x, "float32") is x


def test_cast_to_integer_truncates_and_carries_no_gradient():
    x = axon.tensor([1.7, -2.7], requires_grad=True)
    y = ops.cast(x, axon.int32)
    np.testing.assert_array_equal(y.numpy(), [1, -2])  # towards zero, as tf.cast
    assert y.dtype == np.int32 and not y.requires_grad
    np.testing.assert_array_equal(ops.cast(np.array([0.0, 2.0]), "bool").numpy(), [False, True])


def test_astype_method():
    x = axon.tensor(np.array([1, 2], np.int64))
    assert x.astype("float32").dtype == np.float32
