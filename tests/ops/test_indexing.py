"""Gather ops and the row scatter-add behind their gradients."""

import numpy as np
import pytest

import axon
from axon.ops.indexing import gather, gather_nd, gather_rows, scatter_add_rows
from tests.ops.helpers import check_op


def _np_gather(params, idx, axis, batch_dims=0):
    """tf.gather's definition, written out with loops over the batch axes."""
    if batch_dims == 0:
        return np.take(params, idx, axis=axis)
    return np.stack([_np_gather(p, i, axis - 1, batch_dims - 1) for p, i in zip(params, idx)])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("row_shape", [(), (5,), (2, 3)], ids=str)
def test_scatter_add_rows_matches_add_at_with_repeats(dtype, row_shape):
    gen = np.random.default_rng(0)
    idx = gen.integers(0, 7, (4, 9))  # 36 indices into 7 rows: many repeats
    rows = gen.standard_normal((36,) + row_shape).astype(dtype)
    expected = np.zeros((10,) + row_shape, dtype)
    np.add.at(expected, idx.reshape(-1), rows)
    out = scatter_add_rows(rows, idx, 10)
    assert out.dtype == dtype and out.shape == (10,) + row_shape
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-5)


def test_scatter_add_rows_unique_and_empty():
    rows = np.arange(6.0).reshape(3, 2)
    np.testing.assert_array_equal(scatter_add_rows(rows, np.array([2, 0, 3]), 4),
                                  [[2, 3], [0, 0], [0, 1], [4, 5]])
    assert scatter_add_rows(np.zeros((0, 2)), np.zeros(0, np.int64), 3).tolist() == [[0, 0]] * 3


def test_embedding_sized_gradient_matches_add_at():
    gen = np.random.default_rng(1)
    ids = np.minimum(gen.zipf(1.3, (64, 200)), 1999)  # frequent tokens repeat, as in text
    table = axon.Variable(gen.standard_normal((2000, 16)).astype(np.float32))
    with axon.GradientTape() as tape:
        loss = axon.reduce_sum(gather_rows(table, ids) * 2.0)
    grad = tape.gradient(loss, table).numpy()
    expected = np.zeros((2000, 16), np.float32)
    np.add.at(expected, ids.reshape(-1), np.full((ids.size, 16), 2.0, np.float32))
    np.testing.assert_allclose(grad, expected, rtol=1e-6)


@pytest.mark.parametrize("shape, idx, axis", [
    ((5, 3), [[0, 4], [4, 4], [1, 0]], 0),
    ((2, 5, 3), [3, 1, 3, 3], 1),
    ((2, 3, 5), [[4, 0], [0, 0]], -1),
    ((6,), [5, 5, 0], None),
    ((4, 3), 2, 0),
], ids=str)
def test_gather_forward_and_gradient(shape, idx, axis):
    idx = np.asarray(idx)
    ax = 0 if axis is None else axis
    check_op([shape], lambda p: gather(p, idx, axis=axis), lambda p: np.take(p, idx, axis=ax))


@pytest.mark.parametrize("shape, idx_shape, axis, batch_dims", [
    ((3, 5), (3, 4), 1, 1),
    ((2, 3, 5, 2), (2, 3, 6), 2, 2),
    ((2, 4, 5), (2, 3), 2, 1),
    ((2, 4, 5), (2, 3), -2, -1),
], ids=str)
def test_gather_batch_dims(shape, idx_shape, axis, batch_dims):
    ax = axis % len(shape)
    b = batch_dims % len(idx_shape)
    idx = np.random.default_rng(2).integers(0, shape[ax], idx_shape)
    check_op([shape], lambda p: gather(p, idx, axis=axis, batch_dims=batch_dims),
             lambda p: _np_gather(p, idx, ax, b))


@pytest.mark.parametrize("shape, idx, batch_dims", [
    ((3, 4), [[1, 0], [2, 3], [1, 0]], 0),
    ((3, 4, 2), [[2], [0], [2]], 0),
    ((3, 4, 2), [[[0, 1, 1]], [[2, 3, 0]]], 0),
    ((2, 4, 3), [[[1], [1]], [[3], [0]]], 1),
], ids=str)
def test_gather_nd(shape, idx, batch_dims):
    idx = np.asarray(idx)

    def reference(p):
        if batch_dims == 0:
            return p[tuple(np.moveaxis(idx, -1, 0))]
        return np.stack([pb[tuple(np.moveaxis(ib, -1, 0))] for pb, ib in zip(p, idx)])

    check_op([shape], lambda p: gather_nd(p, idx, batch_dims=batch_dims), reference)


def test_gather_int_params_and_top_level_names():
    params = axon.constant(np.array([[1, 2], [3, 4], [5, 6]]))
    assert axon.gather(params, [2, 0]).numpy().tolist() == [[5, 6], [1, 2]]
    assert axon.gather_nd(params, [[1, 0], [0, 1]]).numpy().tolist() == [3, 2]


def test_gather_errors_are_clear():
    p = axon.ones((3, 4))
    with pytest.raises(IndexError, match=r"index 3 is out of range.*\[0, 3\)"):
        gather(p, [0, 3])
    with pytest.raises(IndexError, match="out of range"):
        gather(p, [-1])
    with pytest.raises(TypeError, match="integers"):
        gather(p, np.array([0.5]))
    with pytest.raises(ValueError, match="batch_dims"):
        gather(p, np.zeros((3, 2), np.int64), axis=0, batch_dims=1)
    with pytest.raises(ValueError, match="address 3 axes"):
        gather_nd(p, [[0, 1, 2]])
    with pytest.raises(ValueError, match="2-D"):
        gather_rows(axon.ones((3,)), [0])


def test_getitem_with_repeated_int_array_accumulates():
    idx = np.array([[2, 0], [2, -1]])
    check_op([(4, 3)], lambda p: p[idx], lambda p: p[idx])
    check_op([(5,)], lambda p: p[np.array([1, 1, 4])], lambda p: p[np.array([1, 1, 4])])
