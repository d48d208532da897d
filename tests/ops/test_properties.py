"""Property-based tests: shapes and values drawn by hypothesis.

Kept small (25 examples each, no deadline) so the whole file runs in seconds.
"""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import axon
from axon import nn, ops
from axon.ops.broadcast import unbroadcast
from axon.utils import gradient_check

SETTINGS = settings(max_examples=25, deadline=None, database=None)
SHAPES = hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3, min_side=1, max_side=4)


def values(shape, low=-2.0, high=2.0):
    return hnp.arrays(np.float64, shape, elements=st.floats(low, high))


@st.composite
def broadcast_pair(draw, low_b=-2.0):
    shapes = draw(SHAPES)
    a = draw(values(shapes.input_shapes[0]))
    b = draw(values(shapes.input_shapes[1], low=low_b))
    return a, b, shapes.result_shape


@SETTINGS
@given(pair=broadcast_pair(low_b=0.5), op=st.sampled_from(["add", "subtract", "multiply", "divide"]))
def test_broadcasting_binary_ops_match_numpy_and_finite_differences(pair, op):
    a, b, shape = pair
    fn = getattr(ops, op)
    out = fn(axon.tensor(a), axon.tensor(b))
    assert out.shape == shape
    np.testing.assert_allclose(out.numpy(), getattr(np, op)(a, b), rtol=1e-12)
    assert gradient_check(fn, [a, b]) < 1e-6


@SETTINGS
@given(pair=broadcast_pair())
def test_gradient_of_a_broadcast_operand_has_its_shape(pair):
    a, b, _ = pair
    x, y = axon.tensor(a, requires_grad=True), axon.tensor(b, requires_grad=True)
    (x * y).sum().backward()
    assert x.grad.shape == a.shape and y.grad.shape == b.shape


@SETTINGS
@given(shapes=SHAPES, data=st.data())
def test_unbroadcast_equals_summing_the_stretched_entries(shapes, data):
    shape, out_shape = shapes.input_shapes[0], shapes.result_shape
    grad = data.draw(values(out_shape))
    # where each output entry came from, found without unbroadcast's axis logic
    size = int(np.prod(shape))
    source = np.broadcast_to(np.arange(size).reshape(shape), out_shape)
    expected = np.bincount(source.ravel(), weights=grad.ravel(), minlength=size).reshape(shape)
    np.testing.assert_allclose(unbroadcast(grad, shape), expected, rtol=1e-12, atol=1e-12)


@SETTINGS
@given(z=hnp.arrays(np.float32, hnp.array_shapes(min_dims=1, max_dims=3, max_side=5),
                    elements=st.floats(-1e4, 1e4, width=32)))
def test_softmax_rows_are_probabilities_for_any_logits(z):
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        p = nn.softmax(z).numpy()
        log_p = nn.log_softmax(z).numpy()
    assert p.dtype == np.float32
    assert ((p >= 0) & (p <= 1)).all()
    np.testing.assert_allclose(p.sum(axis=-1), 1.0, rtol=1e-5)
    assert np.isfinite(log_p).all() and (log_p <= 0).all()
    np.testing.assert_allclose(np.exp(log_p), p, atol=1e-6)


@SETTINGS
@given(z=hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=2, max_side=5), elements=st.floats(-5, 5)),
       shift=st.floats(-100, 100))
def test_softmax_ignores_a_constant_shift(z, shift):
    np.testing.assert_allclose(nn.softmax(z + shift).numpy(), nn.softmax(z).numpy(), rtol=1e-9, atol=1e-12)


@SETTINGS
@given(n=st.integers(1, 4), k=st.integers(1, 4), m=st.integers(1, 4), batch=st.sampled_from([(), (2,)]),
       data=st.data())
def test_matmul_gradients_for_any_sizes(n, k, m, batch, data):
    a = data.draw(values(batch + (n, k)))
    b = data.draw(values((k, m)))
    np.testing.assert_allclose(ops.matmul(a, b).numpy(), a @ b, rtol=1e-12, atol=1e-12)
    assert gradient_check(ops.matmul, [a, b]) < 1e-6


@SETTINGS
@given(x=hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=3, max_side=4), elements=st.floats(-3, 3)),
       data=st.data(), keepdims=st.booleans())
def test_reduce_sum_and_mean_over_any_axes(x, data, keepdims):
    axes = tuple(sorted(data.draw(st.sets(st.integers(0, x.ndim - 1), min_size=1))))
    for op, reference in [(ops.reduce_sum, np.sum), (ops.reduce_mean, np.mean)]:
        out = op(x, axis=axes, keepdims=keepdims)
        np.testing.assert_allclose(out.numpy(), reference(x, axis=axes, keepdims=keepdims), rtol=1e-12, atol=1e-12)
        assert gradient_check(lambda t, op=op: op(t, axis=axes, keepdims=keepdims), [x]) < 1e-6
