"""Every op's differentiable backward: second derivatives against finite
differences of the first derivative (float64), see ``higher_order.py``."""

from __future__ import annotations

import numpy as np
import pytest

from axon import ops
from axon.ops.affine import affine
from axon.ops.conv import conv
from axon.ops.dropout import Dropout
from axon.ops.normalization import batch_normalization, fused_batch_norm
from axon.ops.pool import pool
from axon.ops.prelu import prelu
from tests.autograd.higher_order import check_second_order
from tests.ops.helpers import BROADCAST_SHAPES

BINARY = {
    "add": ops.add, "subtract": ops.subtract, "multiply": ops.multiply, "maximum": ops.maximum,
    "minimum": ops.minimum,
}


@pytest.mark.parametrize("name", sorted(BINARY))
@pytest.mark.parametrize("shapes", BROADCAST_SHAPES)
def test_binary(name, shapes):
    check_second_order(BINARY[name], shapes)


@pytest.mark.parametrize("shapes", BROADCAST_SHAPES[:4])
def test_divide_and_power(shapes):
    check_second_order(ops.divide, shapes, low=[-1.0, 0.5], high=[1.0, 2.0])
    check_second_order(ops.power, shapes, low=[0.5, -2.0], high=[2.0, 2.0])


UNARY = [
    (ops.negative, -1, 1), (ops.exp, -1, 1), (ops.log, 0.5, 2), (ops.sqrt, 0.5, 2), (ops.square, -1, 1),
    (ops.abs, -1, 1), (ops.relu, -1, 1), (ops.sigmoid, -3, 3), (ops.tanh, -2, 2),
    (lambda x: ops.leaky_relu(x, 0.3), -1, 1), (lambda x: ops.elu(x, 0.7), -2, 2),
    (lambda x: ops.clip_by_value(x, -0.5, 0.4), -1, 1), (lambda x: x ** 3, -2, 2),
    (lambda x: ops.softmax(x, axis=0), -2, 2), (lambda x: ops.softmax(x), -2, 2),
    (lambda x: ops.log_softmax(x, axis=1), -2, 2),
]


@pytest.mark.parametrize("case", range(len(UNARY)))
def test_unary(case):
    fn, low, high = UNARY[case]
    check_second_order(fn, [(3, 4)], low=low, high=high)


def test_where():
    cond = np.array([[True, False, True, False, True]])
    check_second_order(lambda a, b: ops.where(cond, a * a, b), [(4, 5), (4, 1)])


@pytest.mark.parametrize("shapes", [((3, 4), (4, 5)), ((2, 3, 4), (4, 5)), ((2, 3, 4), (2, 4, 2)),
                                    ((4,), (4, 3)), ((3, 4), (4,)), ((1, 3, 4), (2, 4, 2))])
def test_matmul(shapes):
    check_second_order(ops.matmul, shapes)


@pytest.mark.parametrize("reduce", [ops.reduce_sum, ops.reduce_mean, ops.reduce_max, ops.reduce_min])
@pytest.mark.parametrize("axis, keepdims", [(None, False), (1, False), ((0, 2), True), (-1, True)])
def test_reductions(reduce, axis, keepdims):
    check_second_order(lambda x: reduce(x * x, axis, keepdims), [(2, 3, 4)])


SHAPE_OPS = [
    lambda x: ops.reshape(x, (4, 6)), lambda x: ops.transpose(x, (2, 0, 1)), lambda x: ops.squeeze(x[:1], 0),
    lambda x: ops.expand_dims(x, 1), lambda x: x[1, :, 1:3], lambda x: x[..., None],
    lambda x: x[[0, 1, 1]], lambda x: x[:, [2, 0, 2]], lambda x: x[x.numpy() > 0],
    lambda x: ops.broadcast_to(x[:, :1], (2, 3, 4)), lambda x: ops.concat([x, x * x], axis=1),
    lambda x: ops.stack([x, x * 2], axis=2), lambda x: ops.cast(x, "float64"),
]


@pytest.mark.parametrize("case", range(len(SHAPE_OPS)))
def test_shape_ops(case):
    check_second_order(SHAPE_OPS[case], [(2, 3, 4)])


@pytest.mark.parametrize("relu", [False, True])
@pytest.mark.parametrize("bias", [False, True])
def test_affine(relu, bias):
    if bias:
        check_second_order(lambda x, w, b: affine(x, w, b, relu=relu), [(2, 3, 4), (4, 5), (5,)])
    else:
        check_second_order(lambda x, w: affine(x, w, relu=relu), [(6, 4), (4, 5)])


def test_cross_entropies():
    gen = np.random.default_rng(3)
    labels = gen.dirichlet(np.ones(5), size=4)
    check_second_order(lambda z: ops.softmax_cross_entropy_with_logits(labels, z), [(4, 5)], low=-2, high=2)
    check_second_order(lambda y, z: ops.softmax_cross_entropy_with_logits(y, z, axis=0), [(4, 5), (4, 5)],
                       low=[0, -2], high=[1, 2])
    sparse = np.array([[0, 4, 2], [1, 1, 3]])
    check_second_order(lambda z: ops.sparse_softmax_cross_entropy_with_logits(sparse, z), [(2, 3, 5)])
    check_second_order(ops.sigmoid_cross_entropy_with_logits, [(3, 4), (3, 4)], low=[0, -3], high=[1, 3])


def test_dropout_and_prelu():
    mask = (np.random.default_rng(0).random((3, 4)) > 0.5) * 2.0
    check_second_order(lambda x: Dropout.apply(x * x, mask=mask), [(3, 4)])
    check_second_order(prelu, [(3, 4), (4,)])
    check_second_order(lambda x, a: prelu(x * x - 0.3, a), [(2, 3, 4), (3, 1)])


@pytest.mark.parametrize("axis", [-1, 1])
def test_batch_norm(axis):
    check_second_order(lambda x, g, b: fused_batch_norm(x, g, b, axis=axis, epsilon=1e-3), [(4, 3, 3), (3,), (3,)])
    mean, var = np.array([0.1, -0.2, 0.3]), np.array([0.5, 1.5, 2.0])
    check_second_order(lambda x, g, b: batch_normalization(x * x, mean, var, b, g, 1e-3, axis=axis),
                       [(4, 3, 3), (3,), (3,)])


CONVS = [
    dict(shapes=[(2, 5, 5, 2), (3, 3, 2, 3)], kwargs={}),
    dict(shapes=[(2, 6, 5, 3), (2, 3, 3, 4), (4,)], kwargs=dict(strides=2, padding="same")),
    dict(shapes=[(1, 7, 7, 5), (3, 2, 5, 2), (2,)], kwargs=dict(dilation_rate=2, relu=True)),
    dict(shapes=[(2, 6, 9), (3, 9, 4), (4,)], kwargs=dict(padding="causal", relu=True)),
    dict(shapes=[(2, 8, 2), (3, 2, 3)], kwargs=dict(strides=2, padding="same")),
]


@pytest.mark.parametrize("case", range(len(CONVS)))
def test_conv(case):
    shapes, kwargs = CONVS[case]["shapes"], CONVS[case]["kwargs"]
    check_second_order(lambda x, w, *b: conv(x, w, *b, **kwargs), shapes)


POOLS = [
    ((2, 4, 4, 3), dict(pool_size=2)), ((1, 5, 5, 2), dict(pool_size=3, strides=2, padding="same")),
    ((2, 5, 4, 2), dict(pool_size=(2, 3), strides=1)), ((2, 7, 3), dict(pool_size=2, padding="same")),
    ((2, 4, 4, 8), dict(pool_size=2)),
]


@pytest.mark.parametrize("mode", ["max", "avg"])
@pytest.mark.parametrize("case", range(len(POOLS)))
def test_pool(mode, case):
    shape, kwargs = POOLS[case]
    check_second_order(lambda x: pool(x * x, mode=mode, **kwargs), [shape])
