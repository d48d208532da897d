"""Second derivatives of the ops added alongside the core set (activations,
gathers, layer normalization), by finite differences of the first derivative."""

from __future__ import annotations

import numpy as np
import pytest

import axon
from axon import activations, ops
from axon.ops.normalization import layer_normalization
from axon.ops.smooth_activation import gelu
from axon.ops.special import erf
from tests.autograd.higher_order import check_second_order

ACTIVATIONS = ["softplus", "softsign", "silu", "mish", "selu", "celu", "log_sigmoid", "hard_tanh", "relu6",
               "hard_sigmoid", "hard_silu", "exponential", "elu", "leaky_relu", "gelu"]


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_activations(name):
    fn = activations.get(name)
    # values away from the kinks of the piecewise-linear ones (0, 6, +-3, +-1)
    values = np.array([[-4.2, -2.7, -0.8, -0.35], [0.3, 0.9, 2.4, 3.5], [5.3, 6.8, -1.6, 1.3]])
    check_second_order(fn, None, arrays=[values])


def test_gelu_approximate_and_erf():
    check_second_order(lambda x: gelu(x, approximate=True), [(3, 4)], low=-3, high=3)
    check_second_order(erf, [(3, 4)], low=-2, high=2)
    check_second_order(erf, None, arrays=[np.array([0.1, -0.3, 0.7, 1.9, -4.0])])


def test_gathers():
    check_second_order(lambda t: ops.gather(t * t, np.array([2, 0, 2, 1])), [(3, 4)])
    check_second_order(lambda t: ops.gather(t * t, np.array([[3, 0], [3, 3]]), axis=1), [(2, 4, 3)])
    check_second_order(lambda t: ops.gather_nd(t * t, np.array([[0, 1], [1, 2], [0, 1]])), [(2, 3, 4)])
    check_second_order(lambda t: (t * t)[np.array([1, 1, 0])], [(2, 3)])


@pytest.mark.parametrize("axis", [-1, [1, 2]])
def test_layer_normalization(axis):
    sizes = (4,) if axis == -1 else (3, 4)
    check_second_order(lambda x, g, b: layer_normalization(x, g, b, axis=axis), [(2, 3, 4), sizes, sizes])
    check_second_order(lambda x: layer_normalization(x * x, axis=axis), [(2, 3, 4)])


RNN_CASES = [
    ("simple_rnn", {}, 1), ("simple_rnn", dict(go_backwards=True, return_sequences=False, activation="relu"), 1),
    ("lstm", {}, 4), ("lstm", dict(mask=True, return_sequences=False), 4),
    ("lstm", dict(mask=True, zero_output_for_mask=True, recurrent_mask=True), 4),
    ("gru", dict(reset_after=True), 3), ("gru", dict(reset_after=False, mask=True, go_backwards=True), 3),
]


@pytest.mark.parametrize("case", range(len(RNN_CASES)))
def test_recurrences(case):
    from axon.ops.recurrent import recurrence

    kind, params, k = RNN_CASES[case]
    params = dict(params)
    batch, steps, features, units = 2, 3, 2, 2
    if params.pop("mask", False):
        params["mask"] = np.array([[True, False, True], [True, True, False]])
    if params.pop("recurrent_mask", False):
        params["recurrent_mask"] = np.array([[2.0, 0.0], [2.0, 2.0]])
    bias_shape = (2, k * units) if kind == "gru" and params.get("reset_after", True) else (k * units,)
    shapes = [(batch, steps, features), (features, k * units), (units, k * units), bias_shape]
    shapes += [(batch, units)] * (2 if kind == "lstm" else 1)

    def fn(x, w, r, b, *states):
        return recurrence(kind, x, w, r, b, list(states), **params)

    check_second_order(fn, shapes, low=-0.8, high=0.8)


def _torch_cases():
    torch = pytest.importorskip("torch")
    tf = torch.nn.functional
    from axon.ops.smooth_activation import mish, silu, softplus, softsign
    return {
        "exp": (ops.exp, torch.exp, 1), "log": (lambda x: ops.log(x * x + 0.5), lambda x: torch.log(x * x + 0.5), 1),
        "sqrt": (lambda x: ops.sqrt(x * x + 0.5), lambda x: torch.sqrt(x * x + 0.5), 1),
        "abs": (ops.abs, torch.abs, 1), "relu": (ops.relu, torch.relu, 1), "sigmoid": (ops.sigmoid, torch.sigmoid, 1),
        "tanh": (ops.tanh, torch.tanh, 1), "softmax": (ops.softmax, lambda x: torch.softmax(x, -1), 1),
        "log_softmax": (ops.log_softmax, lambda x: torch.log_softmax(x, -1), 1),
        "leaky_relu": (ops.leaky_relu, lambda x: tf.leaky_relu(x, 0.2), 1), "elu": (ops.elu, tf.elu, 1),
        "gelu": (activations.gelu, tf.gelu, 1), "silu": (silu, tf.silu, 1), "softplus": (softplus, tf.softplus, 1),
        "mish": (mish, tf.mish, 1), "softsign": (softsign, tf.softsign, 1), "selu": (activations.selu, tf.selu, 1),
        "multiply": (ops.multiply, torch.mul, 2), "divide": (lambda a, b: a / (b * b + 0.5),
                                                             lambda a, b: a / (b * b + 0.5), 2),
        "power": (lambda a, b: ops.power(a * a + 0.5, b), lambda a, b: torch.pow(a * a + 0.5, b), 2),
        "maximum": (ops.maximum, torch.maximum, 2), "matmul": (ops.matmul, torch.matmul, 2),
        "max": (lambda x: ops.reduce_max(x, 1), lambda x: x.max(1).values, 1),
        "mean": (lambda x: ops.reduce_mean(x * x, 0), lambda x: (x * x).mean(0), 1),
        "layer_norm": (lambda x: layer_normalization(x), lambda x: tf.layer_norm(x, (4,), eps=1e-3), 1),
    }


@pytest.mark.parametrize("name", ["exp", "log", "sqrt", "abs", "relu", "sigmoid", "tanh", "softmax", "log_softmax",
                                  "leaky_relu", "elu", "gelu", "silu", "softplus", "mish", "softsign", "selu",
                                  "multiply", "divide", "power", "maximum", "matmul", "max", "mean", "layer_norm"])
def test_hvp_per_op_against_torch(name):
    """H v of s(x) = sum(w * f(x) + f(x)^2 / 2) against torch.autograd.functional.hvp."""
    import torch

    from axon.autograd import functional

    ours, theirs, arity = _torch_cases()[name]
    gen = np.random.default_rng(7)
    shapes = [(3, 4), (4, 4)] if name == "matmul" else [(3, 4)] * arity
    xs = [gen.uniform(-1.5, 1.5, s) for s in shapes]
    vs = [gen.standard_normal(s) for s in shapes]
    with torch.no_grad():
        w = gen.standard_normal(tuple(theirs(*[torch.tensor(a) for a in xs]).shape))

    def s_ours(*t):
        f = ours(*t)
        return (f * w).sum() + (f * f).sum() * 0.5

    def s_theirs(*t):
        f = theirs(*t)
        return (f * torch.tensor(w)).sum() + (f * f).sum() * 0.5

    _, hv = functional.hvp(s_ours, tuple(axon.tensor(a) for a in xs), tuple(axon.tensor(v) for v in vs))
    _, thv = torch.autograd.functional.hvp(s_theirs, tuple(torch.tensor(a) for a in xs),
                                           tuple(torch.tensor(v) for v in vs))
    for a, b in zip(hv, thv):
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-8, atol=1e-10)


DEPTHWISE = [
    dict(shapes=[(2, 5, 5, 2), (3, 3, 2, 2)], kwargs={}),
    dict(shapes=[(1, 6, 5, 3), (2, 3, 3, 1), (3,)], kwargs=dict(strides=2, padding="same")),
    dict(shapes=[(1, 7, 6, 2), (2, 2, 2, 3), (6,)], kwargs=dict(dilation_rate=2)),
    dict(shapes=[(2, 7, 2), (3, 2, 2)], kwargs=dict(padding="causal")),
]


@pytest.mark.parametrize("case", range(len(DEPTHWISE)))
def test_depthwise_conv(case):
    from axon.ops.depthwise_conv import depthwise_conv

    shapes, kwargs = DEPTHWISE[case]["shapes"], DEPTHWISE[case]["kwargs"]
    check_second_order(lambda x, w, *b: depthwise_conv(x, w, *b, **kwargs), shapes)


TRANSPOSED = [
    dict(shapes=[(2, 3, 3, 2), (3, 3, 4, 2)], kwargs=dict(strides=2, padding="same")),
    dict(shapes=[(1, 3, 4, 3), (2, 3, 2, 3), (2,)], kwargs=dict(strides=(2, 1), padding="valid")),
    dict(shapes=[(2, 4, 2), (3, 3, 2), (3,)], kwargs=dict(strides=2, padding="same", dilation_rate=1)),
]


@pytest.mark.parametrize("case", range(len(TRANSPOSED)))
def test_conv_transpose(case):
    from axon.ops.conv_transpose import conv_transpose

    shapes, kwargs = TRANSPOSED[case]["shapes"], TRANSPOSED[case]["kwargs"]
    check_second_order(lambda x, w, *b: conv_transpose(x, w, *b, **kwargs), shapes)


def test_repeat_pad_resize():
    from axon.ops.repeat import pad, repeat
    from axon.ops.resize import resize_bilinear

    check_second_order(lambda x: repeat(x * x, 3, axis=1), [(2, 3, 2)])
    check_second_order(lambda x: pad(x * x, [[1, 0], [2, 1]], constant_values=0.5), [(2, 3)])
    check_second_order(lambda x: resize_bilinear(x * x, (5, 3)), [(1, 3, 4, 2)])


def test_adjoint_helper_for_a_linear_op():
    from axon.autograd.op import Op, adjoint

    class Flip(Op):  # y = 2 * x reversed: linear in x
        def forward(self, a):
            return a[::-1] * 2

        def backward(self, grad):
            return grad[::-1] * 2

        def backward_graph(self, grad):
            return adjoint(self, grad, Flip.apply)

    check_second_order(lambda x: Flip.apply(x * x), [(5,)])
    check_second_order(lambda x: Flip.apply(x) ** 3, [(5,)])


def test_every_op_has_a_differentiable_backward():
    """Each Op in axon.ops defines backward_graph or composite (see axon/autograd/op.py);
    the others would raise a clear error under create_graph."""
    import importlib
    import pkgutil

    import axon.ops
    from axon.autograd.op import Op

    for module in pkgutil.iter_modules(axon.ops.__path__):
        importlib.import_module(f"axon.ops.{module.name}")
    pending, stack = [], list(Op.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls.__module__.startswith("axon.") and cls.backward_graph is Op.backward_graph \
                and cls.composite is Op.composite:
            pending.append(f"{cls.__module__}.{cls.__name__}")
    assert not pending, (f"ops without a differentiable backward: {sorted(pending)}; give each a backward_graph or "
                         "a composite (see the docstring of axon/autograd/op.py)")
