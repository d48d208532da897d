"""GradientTape: watching, persistence, source structures, unconnected sources,
output_gradients."""

import numpy as np
import pytest

import axon
from axon import ops


def test_watch_a_constant_and_ask_after_the_block():
    x = axon.constant(3.0)
    with axon.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    assert tape.gradient(y, x).item() == pytest.approx(6.0)
    assert not x.requires_grad  # a watched constant is a constant again afterwards


def test_gradient_inside_the_block():
    x = axon.constant([1.0, 2.0])
    with axon.GradientTape() as tape:
        tape.watch(x)
        y = ops.reduce_sum(x ** 3)
        g = tape.gradient(y, x)
    np.testing.assert_allclose(g.numpy(), [3.0, 12.0])


def test_unwatched_constant_gets_none():
    x = axon.constant(3.0)
    with axon.GradientTape() as tape:
        y = x * x
    assert tape.gradient(y, x) is None


def test_variables_are_watched_automatically():
    w = axon.Variable([[1.0, 2.0]])
    x = axon.constant([[3.0], [4.0]])
    with axon.GradientTape() as tape:
        loss = ops.reduce_sum(ops.matmul(w, x))
    g = tape.gradient(loss, w)
    assert isinstance(g, axon.Tensor) and g.shape == (1, 2)
    np.testing.assert_array_equal(g.numpy(), [[3.0, 4.0]])
    assert w.grad is None  # the tape returns gradients, it does not accumulate them


def test_non_trainable_variable_is_not_watched():
    v = axon.Variable(2.0, trainable=False)
    with axon.GradientTape() as tape:
        y = v * v
    assert tape.gradient(y, v) is None


def test_persistent_tape_gives_gradients_twice():
    x = axon.constant(3.0)
    with axon.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * x
        z = y * y
    assert tape.gradient(z, x).item() == pytest.approx(108.0)  # 4 x^3
    assert tape.gradient(y, x).item() == pytest.approx(6.0)
    assert tape.gradient(z, y).item() == pytest.approx(18.0)  # an intermediate source


def test_non_persistent_tape_raises_on_the_second_call():
    x = axon.constant(3.0)
    with axon.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    tape.gradient(y, x)
    with pytest.raises(RuntimeError, match="persistent=True"):
        tape.gradient(y, x)


def test_list_tuple_and_dict_sources():
    a, b = axon.Variable(2.0), axon.Variable(5.0)
    with axon.GradientTape(persistent=True) as tape:
        y = a * b + a
    grads = tape.gradient(y, [a, b])
    assert isinstance(grads, list) and [g.item() for g in grads] == [6.0, 2.0]
    grads = tape.gradient(y, (a, b))
    assert isinstance(grads, tuple) and [g.item() for g in grads] == [6.0, 2.0]
    grads = tape.gradient(y, {"a": a, "b": b})
    assert {k: g.item() for k, g in grads.items()} == {"a": 6.0, "b": 2.0}


def test_unconnected_source_is_none_or_zeros():
    a, b = axon.Variable([1.0, 2.0]), axon.Variable([[3.0, 4.0]])
    with axon.GradientTape(persistent=True) as tape:
        y = ops.reduce_sum(a * 2.0)
    assert tape.gradient(y, [a, b])[1] is None
    zero = tape.gradient(y, b, unconnected_gradients="zero")
    assert zero.shape == (1, 2) and zero.dtype == b.dtype
    np.testing.assert_array_equal(zero.numpy(), [[0.0, 0.0]])
    with pytest.raises(ValueError, match="unconnected_gradients"):
        tape.gradient(y, b, unconnected_gradients="zeros")


def test_target_that_does_not_depend_on_anything():
    a = axon.Variable(1.0)
    with axon.GradientTape() as tape:
        y = axon.constant(2.0) * 3.0
    assert tape.gradient(y, a) is None


def test_non_scalar_target_is_summed_and_output_gradients_weigh_it():
    x = axon.Variable([1.0, 2.0, 3.0])
    with axon.GradientTape(persistent=True) as tape:
        y = x * x
    np.testing.assert_array_equal(tape.gradient(y, x).numpy(), [2.0, 4.0, 6.0])
    g = tape.gradient(y, x, output_gradients=[1.0, 0.0, -2.0])
    np.testing.assert_array_equal(g.numpy(), [2.0, 0.0, -12.0])


def test_list_of_targets_adds_their_gradients():
    x = axon.Variable(2.0)
    with axon.GradientTape() as tape:
        targets = [x * x, x * 3.0]
    assert tape.gradient(targets, x).item() == pytest.approx(7.0)


def test_stop_recording():
    x = axon.Variable(2.0)
    with axon.GradientTape() as tape:
        y = x * x
        with tape.stop_recording():
            z = y * 10.0
    assert not z.requires_grad
    assert tape.gradient(y, x).item() == pytest.approx(4.0)


def test_tape_records_inside_no_grad():
    x = axon.constant(1.5)
    with axon.no_grad(), axon.GradientTape() as tape:
        tape.watch(x)
        y = ops.exp(x)
    assert tape.gradient(y, x).item() == pytest.approx(np.exp(1.5), rel=1e-6)


def test_watch_rejects_non_tensors_and_integer_tensors():
    with axon.GradientTape() as tape:
        with pytest.raises(TypeError, match="Tensor"):
            tape.watch(3.0)
        with pytest.raises(TypeError, match="float"):
            tape.watch(axon.constant([1, 2]))


def test_gradient_step_with_a_tape_lowers_a_loss():
    gen = np.random.default_rng(0)
    x, y = gen.normal(size=(8, 3)), gen.normal(size=(8, 1))
    w = axon.Variable(np.zeros((3, 1)))

    def loss():
        return ops.reduce_mean(ops.square(ops.matmul(x, w) - y))

    before = loss().item()
    with axon.GradientTape() as tape:
        value = loss()
    w.assign_sub(0.1 * tape.gradient(value, w).numpy())
    assert loss().item() < before


def test_gradient_of_a_watched_constant_with_respect_to_itself():
    x = axon.constant([1.0, 2.0])
    with axon.GradientTape() as tape:
        tape.watch(x)
    np.testing.assert_array_equal(tape.gradient(x, x).numpy(), [1.0, 1.0])


def test_watch_accessed_variables_false_follows_only_what_was_watched():
    a, b = axon.Variable(2.0), axon.Variable(3.0)
    with axon.GradientTape(watch_accessed_variables=False) as tape:
        tape.watch(a)
        y = a * b
    da, db = tape.gradient(y, [a, b])
    assert float(da.numpy()) == 3.0
    assert db is None
    with axon.GradientTape(watch_accessed_variables=False) as tape:
        y = a * b
    assert tape.gradient(y, [a, b], unconnected_gradients="zero")[1].numpy() == 0.0
