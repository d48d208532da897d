"""tile, repeat, pad, broadcast_to, split, unstack, take_along_axis, boolean_mask, identity, stop_gradient."""

import numpy as np
import pytest

import axon
from axon import ops
from tests.ops.helpers import check_op


@pytest.mark.parametrize("shape, multiples", [((2, 3), (2, 1)), ((2, 3), (3, 2)), ((4,), (3,))], ids=str)
def test_tile(shape, multiples):
    check_op([shape], lambda a: ops.tile(a, multiples), lambda a: np.tile(a, multiples))


@pytest.mark.parametrize("repeats, axis", [(2, None), (3, 0), (2, 1), ([1, 0, 2], 1), ([2, 1], 0)], ids=str)
def test_repeat(repeats, axis):
    check_op([(2, 3)], lambda a: axon.repeat(a, repeats, axis), lambda a: np.repeat(a, repeats, axis))


@pytest.mark.parametrize("mode, np_mode", [("CONSTANT", "constant"), ("REFLECT", "reflect"),
                                           ("SYMMETRIC", "symmetric"), ("edge", "edge"), ("wrap", "wrap")])
def test_pad_modes(mode, np_mode):
    pads = [(1, 2), (2, 0)]
    check_op([(3, 4)], lambda a: ops.pad(a, pads, mode=mode), lambda a: np.pad(a, pads, mode=np_mode))


def test_pad_constant_value_and_errors():
    out = ops.pad(axon.ones((1, 1)), [[1, 0], [0, 1]], constant_values=7.0)
    assert out.numpy().tolist() == [[7, 7], [1, 7]]
    with pytest.raises(ValueError, match="needs at most 2"):
        ops.pad(axon.ones((3,)), [[3, 0]], mode="REFLECT")
    with pytest.raises(ValueError, match="one per axis"):
        ops.pad(axon.ones((3,)), [[1, 1], [1, 1]])
    with pytest.raises(ValueError, match="mode"):
        ops.pad(axon.ones((3,)), [[1, 1]], mode="median")


def test_broadcast_to():
    check_op([(3, 1)], lambda a: ops.broadcast_to(a, (2, 3, 4)), lambda a: np.broadcast_to(a, (2, 3, 4)))
    with pytest.raises(ValueError, match="cannot be broadcast"):
        ops.broadcast_to(axon.ones((3,)), (4,))


@pytest.mark.parametrize("splits, axis", [(2, 1), ([1, 3], 1), ([2, -1], 1), (3, 0)], ids=str)
def test_split(splits, axis):
    sizes = [splits] if isinstance(splits, int) else splits
    bounds = np.cumsum([s if s != -1 else 4 - 2 for s in sizes])[:-1] if not isinstance(splits, int) else splits
    check_op([(3, 4)], lambda a: ops.concat([p * (i + 1) for i, p in enumerate(ops.split(a, splits, axis))], axis),
             lambda a: np.concatenate([p * (i + 1) for i, p in enumerate(np.split(a, bounds, axis))], axis))


def test_split_errors():
    with pytest.raises(ValueError, match="3 equal parts"):
        ops.split(axon.ones((4,)), 3)
    with pytest.raises(ValueError, match="do not add up"):
        ops.split(axon.ones((4,)), [1, 2])


def test_unstack():
    check_op([(2, 3)], lambda a: ops.unstack(a, axis=1)[2] * 2 + ops.unstack(a, axis=1)[0],
             lambda a: a[:, 2] * 2 + a[:, 0])
    assert len(ops.unstack(axon.ones((2, 3)))) == 2
    with pytest.raises(ValueError, match="num=3"):
        ops.unstack(axon.ones((2, 3)), num=3)


@pytest.mark.parametrize("shape, idx_shape, axis", [((3, 4), (3, 5), 1), ((3, 4), (2, 4), 0), ((3, 4), (1, 6), 1),
                                                     ((3, 1, 4), (3, 2, 4), 1)], ids=str)
def test_take_along_axis(shape, idx_shape, axis):
    idx = np.random.default_rng(0).integers(-shape[axis], shape[axis], idx_shape)
    check_op([shape], lambda a: ops.take_along_axis(a, idx, axis), lambda a: np.take_along_axis(a, idx, axis))


def test_boolean_mask():
    mask = np.array([[True, False, True], [False, False, True]])
    check_op([(2, 3, 2)], lambda a: ops.boolean_mask(a, mask), lambda a: a[mask])
    check_op([(2, 3)], lambda a: ops.boolean_mask(a, np.array([False, True, True]), axis=1),
             lambda a: a[:, [1, 2]])
    with pytest.raises(ValueError, match="must match"):
        ops.boolean_mask(axon.ones((2, 3)), np.array([True, False]), axis=1)
    with pytest.raises(TypeError, match="boolean"):
        ops.boolean_mask(axon.ones((2,)), np.array([1, 0]))


def test_identity_and_stop_gradient():
    check_op([(2, 3)], lambda a: ops.identity(a) * 3, lambda a: a * 3)
    x = axon.Variable([1.0, 2.0])
    with axon.GradientTape() as tape:
        y = axon.reduce_sum(x * ops.stop_gradient(x))
    np.testing.assert_allclose(tape.gradient(y, x).numpy(), [1.0, 2.0])
