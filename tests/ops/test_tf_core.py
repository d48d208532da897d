"""Sorting, running sums, comparisons, reductions, norms, einsum, creation and shape facts (TensorFlow's names)."""

import numpy as np
import pytest

import axon
import axon as tf
from axon import ops
from tests.ops.helpers import check_op


@pytest.mark.parametrize("axis", [0, 1, -1])
def test_sort_and_argsort(axis):
    check_op([(4, 5)], lambda a: ops.sort(a, axis=axis), lambda a: np.sort(a, axis=axis))
    check_op([(4, 5)], lambda a: ops.sort(a, axis=axis, direction="DESCENDING"),
             lambda a: -np.sort(-a, axis=axis))
    x = np.random.default_rng(1).standard_normal((4, 5))
    order = ops.argsort(x, axis=axis)
    assert order.dtype == np.int32
    np.testing.assert_array_equal(order.numpy(), np.argsort(x, axis=axis, kind="stable"))


def test_ties_keep_their_order_and_top_k():
    x = np.array([[3.0, 1.0, 3.0, 2.0]])
    assert ops.argsort(x, direction="DESCENDING").numpy().tolist() == [[0, 2, 3, 1]]
    values, indices = ops.top_k(x, k=3)
    assert values.numpy().tolist() == [[3, 3, 2]] and indices.numpy().tolist() == [[0, 2, 3]]
    assert indices.dtype == np.int32
    check_op([(3, 6)], lambda a: ops.top_k(a, k=2)[0], lambda a: -np.sort(-a, axis=-1)[:, :2])
    with pytest.raises(ValueError, match="k=7"):
        ops.top_k(x, 7)
    with pytest.raises(ValueError, match="direction"):
        ops.sort(x, direction="up")


@pytest.mark.parametrize("exclusive", [False, True])
@pytest.mark.parametrize("reverse", [False, True])
def test_cumsum(exclusive, reverse):
    def reference(a):
        b = np.flip(a, 1) if reverse else a
        out = np.cumsum(b, axis=1) - (b if exclusive else 0)
        return np.flip(out, 1) if reverse else out

    check_op([(3, 4)], lambda a: ops.cumsum(a, axis=1, exclusive=exclusive, reverse=reverse), reference)


def test_comparisons_and_logic():
    x, y = tf.constant([1.0, 2.0, 3.0]), tf.constant([2.0, 2.0, 2.0])
    for name, fn in [("equal", np.equal), ("not_equal", np.not_equal), ("greater", np.greater),
                     ("greater_equal", np.greater_equal), ("less", np.less), ("less_equal", np.less_equal)]:
        out = getattr(tf, name)(x, y)
        assert out.dtype == np.bool_
        np.testing.assert_array_equal(out.numpy(), fn(x.numpy(), y.numpy()))
    assert tf.greater(x, 2).numpy().tolist() == [False, False, True]
    a, b = tf.constant([True, False]), tf.constant([True, True])
    assert tf.logical_and(a, b).numpy().tolist() == [True, False]
    assert tf.logical_or(a, b).numpy().tolist() == [True, True]
    assert tf.logical_not(a).numpy().tolist() == [False, True]
    assert tf.math.logical_xor(a, b).numpy().tolist() == [False, True]
    assert tf.reduce_any(a).numpy() and not tf.reduce_all(a).numpy()
    assert tf.reduce_all(tf.constant([[True], [False]]), axis=1).numpy().tolist() == [True, False]
    assert tf.math.is_nan(tf.constant([np.nan, 1.0])).numpy().tolist() == [True, False]
    with pytest.raises(TypeError, match="boolean"):
        tf.logical_and(x, y)
    with pytest.raises(ValueError, match="broadcast"):
        tf.equal(tf.ones((2,)), tf.ones((3,)))


@pytest.mark.parametrize("axis, keepdims", [(None, False), (1, False), ((0, 2), True), (-1, True)], ids=str)
def test_statistics(axis, keepdims):
    ax = axis
    check_op([(2, 3, 4)], lambda a: ops.reduce_prod(a, axis, keepdims), lambda a: np.prod(a, ax, keepdims=keepdims))
    check_op([(2, 3, 4)], lambda a: ops.reduce_logsumexp(a, axis, keepdims),
             lambda a: np.log(np.sum(np.exp(a), ax, keepdims=keepdims)))
    check_op([(2, 3, 4)], lambda a: ops.reduce_variance(a, axis, keepdims), lambda a: np.var(a, ax, keepdims=keepdims))
    check_op([(2, 3, 4)], lambda a: ops.reduce_std(a, axis, keepdims), lambda a: np.std(a, ax, keepdims=keepdims))


def test_prod_gradient_with_zeros_and_logsumexp_extremes():
    x = tf.Variable([[0.0, 2.0, 3.0], [0.0, 0.0, 5.0]])
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(tf.reduce_prod(x, axis=1))
    np.testing.assert_allclose(tape.gradient(y, x).numpy(), [[6, 0, 0], [0, 0, 0]])
    big = tf.constant([1000.0, 1000.0])
    np.testing.assert_allclose(tf.reduce_logsumexp(big).numpy(), 1000 + np.log(2), rtol=1e-6)
    assert tf.reduce_logsumexp(tf.constant([-np.inf, -np.inf])).numpy() == -np.inf


def test_moments():
    check_op([(4, 3)], lambda a: ops.moments(a, axes=[0])[0] + ops.moments(a, axes=[0])[1],
             lambda a: a.mean(0) + a.var(0))
    mean, var = ops.moments(tf.ones((2, 3)), axes=[0, 1], keepdims=True)
    assert mean.shape == var.shape == (1, 1)


@pytest.mark.parametrize("ord, axis", [("euclidean", None), (1, 1), (np.inf, 0), (3, 1), ("fro", (0, 1)),
                                        (1, (0, 1)), (np.inf, (1, 0))], ids=str)
def test_norm(ord, axis):
    np_ord = None if ord == "euclidean" else ord
    check_op([(3, 4)], lambda a: ops.norm(a, ord=ord, axis=axis),
             lambda a: np.linalg.norm(a.reshape(-1) if axis is None else a, ord=np_ord, axis=axis), low=0.1)


def test_l2_normalize_and_clipping():
    check_op([(3, 4)], lambda a: ops.l2_normalize(a, axis=1),
             lambda a: a / np.sqrt(np.maximum((a * a).sum(1, keepdims=True), 1e-12)))
    check_op([(3, 4)], lambda a: ops.clip_by_norm(a, 0.5),
             lambda a: a * 0.5 / max(np.sqrt((a * a).sum()), 0.5))
    check_op([(3, 4)], lambda a: ops.clip_by_norm(a, 0.5, axes=[1]),
             lambda a: a * 0.5 / np.maximum(np.sqrt((a * a).sum(1, keepdims=True)), 0.5))
    zero = tf.Variable([0.0, 0.0])
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(tf.clip_by_norm(zero, 1.0))
    assert np.isfinite(tape.gradient(y, zero).numpy()).all()
    a, b = tf.constant([3.0]), tf.constant([4.0])
    clipped, total = tf.clip_by_global_norm([a, None, b], 1.0)
    assert float(total) == pytest.approx(5.0) and clipped[1] is None
    np.testing.assert_allclose(clipped[0].numpy(), [0.6], rtol=1e-6)
    check_op([(2,), (3,)], lambda u, v: ops.clip_by_global_norm([u, v], 0.5)[0][0], None)


@pytest.mark.parametrize("equation, shapes", [
    ("ij,jk->ik", [(2, 3), (3, 4)]), ("bij,bjk->bik", [(2, 2, 3), (2, 3, 4)]), ("i,i->", [(3,), (3,)]),
    ("ij->", [(2, 3)]), ("...ij,...jk->...ik", [(2, 2, 3), (2, 3, 4)]), ("ij,jk", [(2, 3), (3, 4)]),
    ("ijk->ki", [(2, 3, 4)]), ("ij,kl->ijkl", [(2, 3), (1, 2)]), ("ab,bc,cd->ad", [(2, 3), (3, 4), (4, 2)]),
    ("bhqd,bhkd->bhqk", [(1, 2, 3, 4), (1, 2, 5, 4)]),
], ids=str)
def test_einsum(equation, shapes):
    check_op(shapes, lambda *xs: ops.einsum(equation, *xs), lambda *xs: np.einsum(equation, *xs))


def test_einsum_errors():
    with pytest.raises(ValueError, match="names 2 operands"):
        ops.einsum("ij,jk->ik", tf.ones((2, 3)))
    with pytest.raises(ValueError, match="size 3 in one operand and 4"):
        ops.einsum("ij,jk->ik", tf.ones((2, 3)), tf.ones((4, 2)))
    with pytest.raises(ValueError, match="diagonal"):
        ops.einsum("ii->i", tf.ones((2, 2)))


def test_creation_and_shape_facts():
    assert tf.fill([2, 3], 9).numpy().tolist() == [[9] * 3] * 2 and tf.fill([2], 9).dtype == np.int32
    np.testing.assert_allclose(tf.linspace(0.0, 1.0, 5).numpy(), [0, 0.25, 0.5, 0.75, 1])
    assert tf.linspace(0.0, 1.0, 5).dtype == np.float32
    assert tf.eye(2, batch_shape=[3]).shape == (3, 2, 2) and tf.eye(2, 3).numpy().sum() == 2
    x = tf.ones((2, 3))
    assert tf.shape(x).numpy().tolist() == [2, 3] and tf.shape(x).dtype == np.int32
    assert int(tf.size(x)) == 6 and int(tf.rank(x)) == 2 and tf.size(x).dtype == np.int32


def test_python_numbers_become_int32_and_float32():
    assert tf.constant(4).dtype == tf.int32 and tf.constant(4.0).dtype == tf.float32
    assert tf.constant([1, 2]).dtype == tf.int32 and tf.constant(2**40).dtype == tf.int64
    assert tf.range(3).dtype == tf.int32


def test_tf_random_shuffle_categorical_truncated_normal():
    x = tf.reshape(tf.range(10), (5, 2))
    shuffled = tf.random.shuffle(x, seed=1).numpy()
    assert sorted(shuffled[:, 0].tolist()) == [0, 2, 4, 6, 8] and (shuffled[:, 1] == shuffled[:, 0] + 1).all()
    logits = tf.constant(np.log([[0.1, 0.9], [1.0, 1e-9]]))
    draws = tf.random.categorical(logits, 4000, seed=0).numpy()
    assert draws.shape == (2, 4000) and draws.dtype == np.int64
    assert abs(draws[0].mean() - 0.9) < 0.03 and draws[1].max() == 0
    t = tf.random.truncated_normal((1000,), stddev=2.0, seed=0).numpy()
    assert np.abs(t).max() <= 4.0 and 1.0 < t.std() < 2.0


def test_namespaces_hold_the_aliases():
    for name in ["sigmoid", "tanh", "gather", "boolean_mask", "clip_by_global_norm", "reduce_prod", "einsum"]:
        assert callable(getattr(axon, name))
    for name in ["top_k", "reduce_std", "reduce_variance", "erf", "l2_normalize", "cumsum", "softplus"]:
        assert callable(getattr(axon.math, name))
    for name in ["gelu", "selu", "swish", "silu", "softplus", "log_softmax", "l2_normalize", "moments"]:
        assert callable(getattr(axon.nn, name))
    assert axon.linalg.norm is ops.norm and axon.linalg.einsum is ops.einsum


def test_sin_cos_to_second_order():
    from tests.autograd.higher_order import check_second_order

    check_op([(3, 4)], tf.math.sin, np.sin, low=-3, high=3)
    check_op([(3, 4)], tf.math.cos, np.cos, low=-3, high=3)
    check_second_order(tf.math.sin, [(3, 4)], low=-3, high=3)
    check_second_order(tf.math.cos, [(3, 4)], low=-3, high=3)
    assert ops_keras_sin_is_tf_sin()
    with pytest.raises(TypeError, match="float"):
        tf.math.sin(tf.constant([1]))


def ops_keras_sin_is_tf_sin():
    from axon.keras import ops as keras_ops

    return keras_ops.sin is tf.math.sin and keras_ops.cos is tf.math.cos
