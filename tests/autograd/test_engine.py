"""Tensor.backward and the graph walk: accumulation, freeing, errors, no_grad,
deep chains and shared inputs."""

import numpy as np
import pytest

import axon
from axon import ops
from axon.autograd.op import Op, is_grad_enabled
from axon.utils import gradient_check


def test_grad_accumulates_over_two_backward_calls():
    x = axon.tensor([1.0, 2.0], requires_grad=True)
    (x * x).sum().backward()
    (3.0 * x).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [2.0 + 3.0, 4.0 + 3.0])
    x.zero_grad()
    assert x.grad is None


def test_second_backward_through_a_freed_graph_raises():
    x = axon.tensor([1.0, 2.0], requires_grad=True)
    y = (x * x).sum()
    y.backward()
    with pytest.raises(RuntimeError, match="already been freed.*retain_graph=True"):
        y.backward()


def test_retain_graph_allows_a_second_backward():
    x = axon.tensor([1.0, 2.0], requires_grad=True)
    y = (x * x).sum()
    y.backward(retain_graph=True)
    y.backward()
    np.testing.assert_array_equal(x.grad.numpy(), [4.0, 8.0])


def test_backward_on_a_non_scalar_needs_grad():
    x = axon.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match=r"shape \(2,\).*\.sum\(\).*grad="):
        (x * 2.0).backward()


def test_backward_with_an_explicit_grad():
    x = axon.tensor([1.0, 2.0, 3.0], requires_grad=True)
    (x * x).backward(grad=[1.0, 0.5, -1.0])
    np.testing.assert_array_equal(x.grad.numpy(), [2.0, 2.0, -6.0])
    x.zero_grad()
    (x * 1.0).backward(grad=axon.tensor([0.0, 1.0, 0.0]))
    np.testing.assert_array_equal(x.grad.numpy(), [0.0, 1.0, 0.0])


def test_backward_with_a_grad_of_the_wrong_shape():
    x = axon.tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(ValueError, match=r"\(3,\).*\(2,\)"):
        (x * 2.0).backward(grad=[1.0, 1.0, 1.0])


def test_backward_on_a_tensor_without_gradient_raises():
    with pytest.raises(RuntimeError, match="requires_grad"):
        axon.tensor(2.0).backward()


def test_one_element_tensor_needs_no_grad_argument():
    x = axon.tensor([[3.0]], requires_grad=True)
    (x * x).backward()
    np.testing.assert_array_equal(x.grad.numpy(), [[6.0]])


def test_no_grad_records_nothing():
    x = axon.tensor([1.0, 2.0], requires_grad=True)
    with axon.no_grad():
        assert not is_grad_enabled()
        y = ops.exp(x * 2.0).sum()
    assert is_grad_enabled()
    assert not y.requires_grad and y._op is None
    z = x * 2.0
    assert z.requires_grad and z._op is not None


def test_no_grad_is_restored_after_an_exception():
    with pytest.raises(KeyError), axon.no_grad():
        raise KeyError
    assert is_grad_enabled()


def test_enable_grad_inside_no_grad():
    x = axon.tensor(1.0, requires_grad=True)
    with axon.no_grad(), axon.enable_grad():
        assert (x * 2.0).requires_grad


def test_constants_record_nothing():
    y = axon.tensor([1.0]) * 2.0
    assert not y.requires_grad and y._op is None


def test_deep_chain_has_no_recursion_limit():
    x = axon.tensor(1.0, requires_grad=True, dtype="float64")
    y = x
    for _ in range(5000):
        y = y * 1.0001
    y.backward()
    np.testing.assert_allclose(x.grad.item(), 1.0001 ** 5000, rtol=1e-10)


@pytest.mark.parametrize("build, expected", [
    (lambda x: x + x * 2.0, 3.0),  # x reaches the root directly and through another op
    (lambda x: x * 2.0 + x, 3.0),
    (lambda x: (lambda a: a + a * 2.0)(x * 3.0), 9.0),  # a diamond below the leaf
    (lambda x: x * x, 4.0),  # the same tensor as both operands
    (lambda x: (lambda a, b: a * b)(x * 2.0, x + 1.0), 4.0 * 2.0 + 2.0),  # d/dx 2x(x+1) = 4x + 2
], ids=["x+2x", "2x+x", "a+2a", "x*x", "2x(x+1)"])
def test_diamond_graphs_accumulate_every_path(build, expected):
    x = axon.tensor(2.0, requires_grad=True)
    build(x).backward()
    assert x.grad.item() == pytest.approx(expected)


def test_shared_subexpression_in_a_wide_graph():
    gen = np.random.default_rng(0)
    w = gen.normal(size=(3, 3))

    def fn(x):
        h = ops.tanh(x @ w)
        return ops.reduce_sum(h * h, axis=0) + ops.reduce_mean(h @ w, axis=0) - ops.sigmoid(h).sum()

    assert gradient_check(fn, [gen.normal(size=(4, 3))]) < 1e-6


def test_intermediate_tensors_get_no_grad_and_graph_is_freed():
    x = axon.tensor([1.0, 2.0], requires_grad=True)
    h = x * 2.0
    y = (h * h).sum()
    y.backward()
    assert h.grad is None and x.grad is not None
    assert y._op.freed and h._op.freed


def test_detach_cuts_the_graph():
    x = axon.tensor([1.0, 2.0], requires_grad=True)
    y = (x.detach() * x).sum()
    y.backward()
    np.testing.assert_array_equal(x.grad.numpy(), [1.0, 2.0])


def test_only_float_tensors_can_require_grad():
    with pytest.raises(TypeError, match="float"):
        axon.tensor([1, 2], requires_grad=True)


def test_gradient_check_catches_a_wrong_backward():
    class WrongSquare(Op):
        def forward(self, a):
            self.a = a
            return a * a

        def backward(self, grad):
            return grad * self.a  # missing factor 2

    x = np.random.default_rng(0).uniform(0.5, 1.0, (3,))
    assert gradient_check(lambda t: WrongSquare.apply(t), [x]) > 0.1
    assert gradient_check(lambda t: t * t, [x]) < 1e-8


def test_gradient_check_needs_a_differentiable_output():
    with pytest.raises(ValueError, match="depends on the inputs"):
        gradient_check(lambda t: axon.tensor(1.0), [np.ones(2)])


def test_gradient_check_of_a_big_input_uses_directions_and_still_catches_errors():
    class HalfGradientExp(Op):
        def forward(self, a):
            self.out = np.exp(a)
            return self.out

        def backward(self, grad):
            return 0.5 * grad * self.out

    gen = np.random.default_rng(0)
    a, b = gen.normal(size=(80, 70)), gen.normal(size=(70, 3))  # 5600 > max_elements entries
    assert gradient_check(lambda x, y: ops.tanh(x @ y), [a, b]) < 1e-6
    assert gradient_check(lambda x: HalfGradientExp.apply(x * 0.1), [a]) > 0.1
