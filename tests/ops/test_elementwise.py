"""Elementwise ops: forward against NumPy and float64 finite-difference gradients,
on broadcasting shapes and with Python scalars."""

import numpy as np
import pytest

import axon
from axon import ops
from tests.ops.helpers import BROADCAST_SHAPES, check_op

BINARY = [
    (ops.add, np.add, (-1.0, -1.0)),
    (ops.subtract, np.subtract, (-1.0, -1.0)),
    (ops.multiply, np.multiply, (-1.0, -1.0)),
    (ops.divide, np.divide, (-1.0, 0.5)),  # divisor kept away from 0
    (ops.maximum, np.maximum, (-1.0, -1.0)),
    (ops.minimum, np.minimum, (-1.0, -1.0)),
    (ops.power, np.power, (0.5, -1.0)),  # positive base: differentiable in both
]


@pytest.mark.parametrize("shapes", BROADCAST_SHAPES, ids=str)
@pytest.mark.parametrize("op, reference, low", BINARY, ids=lambda v: getattr(v, "__name__", ""))
def test_binary_op_broadcasting(op, reference, low, shapes):
    check_op(shapes, op, reference, low=low, high=(1.0, 1.5))


@pytest.mark.parametrize("fn, reference", [
    (lambda a, b: a + b, np.add),
    (lambda a, b: a - b, np.subtract),
    (lambda a, b: a * b, np.multiply),
    (lambda a, b: a / b, np.divide),
    (lambda a, b: a ** b, np.power),
], ids=["+", "-", "*", "/", "**"])
def test_operators_match_the_ops(fn, reference):
    check_op([(3, 4), (4,)], fn, reference, low=(0.5, 0.5), high=(1.5, 1.5))


@pytest.mark.parametrize("fn, reference", [
    (lambda a: a + 2.0, lambda a: a + 2.0),
    (lambda a: 2.0 - a, lambda a: 2.0 - a),
    (lambda a: a * 3, lambda a: a * 3),
    (lambda a: 2.0 / a, lambda a: 2.0 / a),
    (lambda a: a ** 3, lambda a: a ** 3),
    (lambda a: 2.0 ** a, lambda a: 2.0 ** a),
    (lambda a: -a, np.negative),
    (ops.negative, np.negative),
], ids=["x+2", "2-x", "x*3", "2/x", "x**3", "2**x", "-x", "negative"])
def test_python_scalar_operands(fn, reference):
    check_op([(3, 4)], fn, reference, low=0.5, high=1.5)


def test_python_scalar_keeps_float32():
    x = axon.tensor(np.ones(3, np.float32))
    assert (x * 0.5).dtype == np.float32
    assert (2.0 - x).dtype == np.float32
    assert (x ** 2).dtype == np.float32


def test_numpy_array_on_the_left_gives_a_tensor():
    x = axon.tensor(np.ones(3), requires_grad=True)
    y = np.arange(3.0) * x
    assert isinstance(y, axon.Tensor)
    y.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [0.0, 1.0, 2.0])


@pytest.mark.parametrize("op, reference, low, high", [
    (ops.exp, np.exp, -2.0, 2.0),
    (ops.log, np.log, 0.2, 3.0),
    (ops.sqrt, np.sqrt, 0.2, 3.0),
    (ops.square, np.square, -2.0, 2.0),
    (ops.abs, np.abs, -2.0, 2.0),
], ids=lambda v: getattr(v, "__name__", ""))
@pytest.mark.parametrize("shape", [(), (7,), (3, 4)], ids=str)
def test_unary_op(op, reference, low, high, shape):
    check_op([shape], op, reference, low=low, high=high)


def test_tensor_methods_exp_log():
    check_op([(2, 3)], lambda a: a.exp().log() * a.exp(), lambda a: a * np.exp(a), low=0.1, high=1.0)


def test_abs_gradient_at_zero_is_zero():
    x = axon.tensor([-2.0, 0.0, 3.0], requires_grad=True)
    ops.abs(x).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [-1.0, 0.0, 1.0])


def test_maximum_and_minimum_ties_go_to_the_first_operand():
    a = axon.tensor([1.0, 2.0], requires_grad=True)
    b = axon.tensor([1.0, 0.0], requires_grad=True)
    (ops.maximum(a, b) + ops.minimum(a, b)).sum().backward()
    np.testing.assert_array_equal(a.grad.numpy(), [2.0, 1.0])
    np.testing.assert_array_equal(b.grad.numpy(), [0.0, 1.0])


@pytest.mark.parametrize("low, high", [(-0.5, 0.5), (-2.0, 0.3), (0.0, 10.0)])
def test_clip_by_value(low, high):
    check_op([(4, 5)], lambda a: ops.clip_by_value(a, low, high), lambda a: np.clip(a, low, high), low=-1.5, high=1.5)


def test_clip_by_value_passes_gradient_only_inside():
    x = axon.tensor([-2.0, 0.5, 3.0], requires_grad=True)
    ops.clip_by_value(x, -1.0, 1.0).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [0.0, 1.0, 0.0])


@pytest.mark.parametrize("shapes", [((4, 5), (4, 5)), ((4, 5), ()), ((5,), (4, 1))], ids=str)
def test_where(shapes):
    cond = np.random.default_rng(1).uniform(size=(4, 5)) > 0.5
    check_op(shapes, lambda a, b: ops.where(cond, a, b), lambda a, b: np.where(cond, a, b))


def test_where_with_broadcast_condition_and_tensor_condition():
    cond = axon.tensor(np.array([[True], [False], [True]]))
    check_op([(3, 4), (4,)], lambda a, b: ops.where(cond, a, b), lambda a, b: np.where(cond.numpy(), a, b))


def test_where_with_condition_only_gives_indices_like_tensorflow():
    idx = ops.where(np.array([[True, False], [False, True]]))
    np.testing.assert_array_equal(idx.numpy(), [[0, 0], [1, 1]])
    assert idx.dtype == np.int64


def test_where_with_one_branch_missing_raises():
    with pytest.raises(ValueError, match="both x and y"):
        ops.where(np.array([True]), np.array([1.0]))


def test_add_n():
    check_op([(3, 2), (3, 2), (3, 2)], lambda a, b, c: ops.add_n([a, b, c]), lambda a, b, c: a + b + c)


def test_sign_forward_and_no_gradient():
    x = axon.tensor([-3.0, 0.0, 2.5], requires_grad=True)
    s = ops.sign(x)
    np.testing.assert_array_equal(s.numpy(), [-1.0, 0.0, 1.0])
    assert s.dtype == np.float32 and not s.requires_grad


@pytest.mark.parametrize("compare, reference", [
    (lambda a, b: a == b, np.equal), (lambda a, b: a != b, np.not_equal), (lambda a, b: a < b, np.less),
    (lambda a, b: a <= b, np.less_equal), (lambda a, b: a > b, np.greater), (lambda a, b: a >= b, np.greater_equal),
], ids=["==", "!=", "<", "<=", ">", ">="])
def test_comparisons_are_boolean_and_carry_no_gradient(compare, reference):
    a = np.array([[1.0, 2.0, 3.0], [3.0, 2.0, 1.0]])
    b = np.array([2.0, 2.0, 2.0])
    out = compare(axon.tensor(a, requires_grad=True), axon.tensor(b))
    assert out.dtype == np.bool_ and not out.requires_grad
    np.testing.assert_array_equal(out.numpy(), reference(a, b))
    np.testing.assert_array_equal(compare(axon.tensor(a), 2.0).numpy(), reference(a, 2.0))


@pytest.mark.parametrize("op", [ops.add, ops.subtract, ops.multiply, ops.divide, ops.maximum, ops.power],
                         ids=lambda op: op.__name__)
def test_shapes_that_do_not_broadcast_name_both_shapes(op):
    with pytest.raises(ValueError, match=r"\(3, 4\).*\(5,\)"):
        op(axon.ones((3, 4)), axon.ones((5,)))


def test_gradients_keep_the_input_dtype():
    x = axon.tensor(np.ones((2, 3), np.float32), requires_grad=True)
    y = axon.tensor(np.ones(3), requires_grad=True)  # float64
    (x * y).sum().backward()
    assert x.grad.dtype == np.float32 and y.grad.dtype == np.float64
