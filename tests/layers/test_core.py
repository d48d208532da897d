"""Activation, Flatten, Reshape, Dropout, Lambda: shapes, gradients, config, errors."""

import numpy as np
import pytest

import axon
from axon.layers.core import Activation, Dropout, Flatten, Lambda, Reshape
from axon.layers.input_layer import Input
from tests.layers.harness import check_layer


@pytest.mark.parametrize("activation", ["relu", "sigmoid", "tanh", "softmax", "elu", "linear"])
def test_activation_harness(activation):
    layer = check_layer(lambda **kw: Activation(activation, **kw), input_shape=(3, 4), output_shape=(3, 4), params=0)
    assert layer.get_config()["activation"] == activation


def test_activation_matches_the_function():
    x = np.array([[-2.0, 0.5, 3.0]], dtype=np.float32)
    np.testing.assert_allclose(Activation("relu")(x).numpy(), [[0.0, 0.5, 3.0]])
    np.testing.assert_allclose(Activation(axon.activations.tanh)(x).numpy(), np.tanh(x), rtol=1e-6)


def test_flatten_keeps_the_batch_axis():
    check_layer(lambda **kw: Flatten(**kw), input_shape=(2, 3, 4, 2), output_shape=(2, 24), params=0)
    assert Flatten().compute_output_shape((None, 28, 28, 1)) == (None, 784)
    assert Flatten().compute_output_shape((None, None, 3)) == (None, None)
    assert Flatten()(np.zeros((5,), dtype=np.float32)).shape == (5, 1)


def test_flatten_order_is_row_major_and_channels_first_moves_channels_last():
    x = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    np.testing.assert_array_equal(Flatten()(x).numpy(), x.reshape(2, 12))
    np.testing.assert_array_equal(Flatten(data_format="channels_first")(x).numpy(),
                                  x.transpose(0, 2, 1).reshape(2, 12))
    with pytest.raises(ValueError, match="data_format='nhwc'"):
        Flatten(data_format="nhwc")


def test_reshape_harness_and_minus_one():
    check_layer(lambda **kw: Reshape((3, -1), **kw), input_shape=(2, 12), output_shape=(2, 3, 4), params=0)
    check_layer(lambda **kw: Reshape((2, 2, 3), **kw), input_shape=(2, 3, 4), output_shape=(2, 2, 2, 3), params=0)
    x = np.arange(12, dtype=np.float32).reshape(1, 12)
    np.testing.assert_array_equal(Reshape((3, 4))(x).numpy(), x.reshape(1, 3, 4))
    assert Reshape((7, 7, -1)).compute_output_shape((None, 196)) == (None, 7, 7, 4)
    assert Reshape((-1, 2)).compute_output_shape((None, None)) == (None, None, 2)


def test_reshape_in_a_functional_graph():
    out = Reshape((2, -1))(Input((6,)))
    assert out.shape == (None, 2, 3)


def test_reshape_size_mismatch_names_layer_and_shapes():
    layer = Reshape((4,), name="to_four")
    with pytest.raises(ValueError, match=r"'to_four'.*\(None, 6\).*6 values.*\(4,\).*4 values"):
        layer(np.zeros((2, 6), dtype=np.float32))
    with pytest.raises(ValueError, match=r"\(None, 7\).*multiple of 2"):
        Reshape((2, -1))(np.zeros((2, 7), dtype=np.float32))
    with pytest.raises(ValueError, match=r"\(None, 5\)"):
        Reshape((4,)).compute_output_shape((None, 5))


@pytest.mark.parametrize("target", [(0, 2), (-1, -1), (2.5,), "ab"])
def test_reshape_refuses_bad_target_shape(target):
    with pytest.raises(ValueError, match="target_shape"):
        Reshape(target)


def test_dropout_is_the_identity_at_inference():
    check_layer(lambda **kw: Dropout(0.5, **kw), input_shape=(4, 6), output_shape=(4, 6), params=0)
    x = np.random.default_rng(0).standard_normal((8, 10)).astype(np.float32)
    layer = Dropout(0.5)
    np.testing.assert_array_equal(layer(x).numpy(), x)
    np.testing.assert_array_equal(layer(x, training=False).numpy(), x)


def test_dropout_in_training_drops_about_rate_and_scales_the_rest():
    axon.random.set_seed(0)
    x = np.random.default_rng(0).uniform(1.0, 2.0, (300, 300)).astype(np.float32)
    y = Dropout(0.25)(x, training=True).numpy()
    dropped = y == 0
    assert abs(dropped.mean() - 0.25) < 0.01
    np.testing.assert_allclose(y[~dropped], x[~dropped] / 0.75, rtol=1e-6)


def test_dropout_gradient_is_the_mask():
    axon.random.set_seed(5)
    x = axon.tensor(np.random.default_rng(1).uniform(1.0, 2.0, (10, 10)), requires_grad=True)
    y = Dropout(0.4)(x, training=True)
    y.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), (y.numpy() != 0) / 0.6, rtol=1e-6)


def test_dropout_is_reproducible_under_set_seed():
    x = np.ones((20, 30), dtype=np.float32)
    axon.random.set_seed(123)
    first = Dropout(0.5)(x, training=True).numpy()
    axon.random.set_seed(123)
    np.testing.assert_array_equal(Dropout(0.5)(x, training=True).numpy(), first)


def test_dropout_seed_gives_the_layer_its_own_stream():
    x = np.ones((20, 30), dtype=np.float32)
    a, b = Dropout(0.5, seed=9), Dropout(0.5, seed=9)
    first = a(x, training=True).numpy()
    axon.random.set_seed(0)  # the global seed does not matter
    np.testing.assert_array_equal(b(x, training=True).numpy(), first)
    assert not np.array_equal(a(x, training=True).numpy(), first)  # the stream moves on


def test_dropout_noise_shape_and_config():
    axon.random.set_seed(2)
    layer = Dropout(0.5, noise_shape=(None, 1, 8), seed=4)
    y = layer(np.ones((3, 5, 8), dtype=np.float32), training=True).numpy()
    assert np.all(y.min(axis=1) == y.max(axis=1))
    clone = Dropout.from_config(layer.get_config())
    assert (clone.rate, clone.noise_shape, clone.seed) == (0.5, (None, 1, 8), 4)


@pytest.mark.parametrize("rate", [1.5, 1.0, -0.2])
def test_dropout_refuses_rate_outside_0_1(rate):
    with pytest.raises(ValueError, match=rf"`rate` must .*Received: rate={rate}"):
        Dropout(rate)


def test_lambda_layer():
    layer = Lambda(lambda x, k: x * k, arguments={"k": 3.0})
    x = np.ones((2, 3), dtype=np.float32)
    np.testing.assert_array_equal(layer(x).numpy(), 3 * x)
    assert layer.compute_output_shape((None, 3)) == (None, 3)
    assert Lambda(lambda x: x.sum(axis=-1)).compute_output_shape((None, 4, 5)) == (None, 4)
    assert Lambda(lambda x: x, output_shape=(7,)).compute_output_shape((None, 7)) == (None, 7)
    clone = Lambda.from_config(layer.get_config())
    np.testing.assert_array_equal(clone(x).numpy(), 3 * x)
    square = Lambda(lambda t: t * t, dtype="float64")
    assert axon.utils.gradient_check(square, [np.arange(4.0).reshape(2, 2)]) < 1e-7
    with pytest.raises(TypeError, match="callable"):
        Lambda(3)
