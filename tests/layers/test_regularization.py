"""SpatialDropout1D/2D, GaussianNoise, GaussianDropout, ActivityRegularization and
TimeDistributed: harness (shapes, config, float64 gradients, a step), the statistics of
the noise, identity at inference, activity losses as Keras computes them, and errors."""

import numpy as np
import pytest

import axon
from axon.layers import (
    ActivityRegularization,
    Conv2D,
    Dense,
    GaussianDropout,
    GaussianNoise,
    Input,
    SpatialDropout1D,
    SpatialDropout2D,
    TimeDistributed,
)
from tests.layers.harness import check_layer


@pytest.mark.parametrize("make, input_shape, output_shape, params", [
    (lambda **kw: SpatialDropout1D(0.3, **kw), (2, 4, 3), (2, 4, 3), 0),
    (lambda **kw: SpatialDropout2D(0.3, **kw), (2, 3, 4, 3), (2, 3, 4, 3), 0),
    (lambda **kw: GaussianNoise(0.5, **kw), (3, 4), (3, 4), 0),
    (lambda **kw: GaussianDropout(0.4, **kw), (3, 4), (3, 4), 0),
    (lambda **kw: ActivityRegularization(l1=0.1, l2=0.2, **kw), (3, 4), (3, 4), 0),
    (lambda **kw: TimeDistributed(Dense(3, activation="tanh", dtype=kw.get("dtype")), **kw), (2, 4, 5), (2, 4, 3),
     18),
    (lambda **kw: TimeDistributed(Conv2D(2, 3, dtype=kw.get("dtype")), **kw), (2, 3, 5, 5, 2), (2, 3, 3, 3, 2),
     38),
])
def test_harness_at_inference(make, input_shape, output_shape, params):
    check_layer(make, input_shape, output_shape, params=params)


@pytest.mark.parametrize("make, shape", [(lambda: SpatialDropout1D(0.5, seed=1), (2, 4, 3)),
                                         (lambda: GaussianDropout(0.4, seed=1), (3, 4)),
                                         (lambda: GaussianNoise(0.5, seed=1), (3, 4))])
def test_training_gradients_use_the_same_noise(make, shape):
    # with a fixed seed the noise of two calls differs, so compare autodiff with the noise
    # the forward used: d sum(y * r) / dx is r * mask (multiplicative) or r (additive)
    layer = make()
    x = axon.Tensor(np.random.default_rng(0).standard_normal(shape), requires_grad=True)
    y = layer(x, training=True)
    r = np.random.default_rng(1).standard_normal(shape)
    (y * axon.Tensor(r)).sum().backward()
    if isinstance(layer, GaussianNoise):
        np.testing.assert_allclose(x.grad.numpy(), r, rtol=1e-6)
    else:
        np.testing.assert_allclose(x.grad.numpy(), r * (y.numpy() / x.numpy()), rtol=1e-5)


def test_noise_statistics_and_inference_identity():
    axon.random.set_seed(0)
    x = np.ones((200, 50, 8), np.float32)
    spatial = SpatialDropout1D(0.25)(x, training=True).numpy()
    assert np.all(spatial == spatial[:, :1, :])                       # one draw per (sample, channel)
    assert abs((spatial[:, 0, :] == 0).mean() - 0.25) < 0.05 and np.allclose(np.unique(spatial), [0.0, 1 / 0.75])
    images = SpatialDropout2D(0.5)(np.ones((100, 4, 4, 6), np.float32), training=True).numpy()
    assert np.all(images == images[:, :1, :1, :])
    noisy = GaussianNoise(0.3)(np.zeros((400, 100), np.float32), training=True).numpy()
    assert abs(noisy.std() - 0.3) < 0.01 and abs(noisy.mean()) < 0.01
    scaled = GaussianDropout(0.2)(np.ones((400, 100), np.float32), training=True).numpy()
    assert abs(scaled.mean() - 1) < 0.01 and abs(scaled.std() - np.sqrt(0.2 / 0.8)) < 0.01
    for layer in (SpatialDropout1D(0.5), GaussianNoise(1.0), GaussianDropout(0.5)):
        np.testing.assert_array_equal(layer(x).numpy(), x)


def test_seeded_layers_are_reproducible():
    x = np.ones((4, 5), np.float32)
    a = GaussianNoise(1.0, seed=3)(x, training=True).numpy()
    b = GaussianNoise(1.0, seed=3)(x, training=True).numpy()
    np.testing.assert_array_equal(a, b)


def test_activity_penalties_are_divided_by_the_batch_size_as_in_keras():
    x = np.random.default_rng(0).standard_normal((4, 3)).astype(np.float32)
    layer = ActivityRegularization(l1=0.1, l2=0.2)
    np.testing.assert_array_equal(layer(x).numpy(), x)
    expected = (0.1 * np.abs(x).sum() + 0.2 * (x ** 2).sum()) / 4
    assert layer.losses[0].item() == pytest.approx(expected, rel=1e-6)
    dense = Dense(2, kernel_initializer="ones", activity_regularizer=axon.regularizers.L2(0.5))
    out = dense(x).numpy()
    assert dense.losses[0].item() == pytest.approx(0.5 * (out ** 2).sum() / 4, rel=1e-6)


def test_time_distributed_shares_weights_across_steps_and_fits():
    inner = Dense(3)
    td = TimeDistributed(inner)
    x = np.random.default_rng(0).standard_normal((2, 4, 5)).astype(np.float32)
    y = td(x).numpy()
    for t in range(4):
        np.testing.assert_allclose(y[:, t], inner(x[:, t]).numpy(), rtol=1e-6)
    assert td.weights == inner.weights
    model = axon.models.Sequential([Input((4, 5)), TimeDistributed(Dense(2)), axon.layers.Flatten(), Dense(1)])
    assert model.layers[0].output_shape == (None, 4, 2)
    model.compile("adam", "mse")
    history = model.fit(x.repeat(8, axis=0), np.ones((16, 1)), epochs=3, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]
    clone = axon.models.Sequential.from_config(model.get_config())
    assert isinstance(clone.layers[0].layer, Dense)


def test_errors():
    with pytest.raises(ValueError, match="rate"):
        SpatialDropout2D(1.5)
    with pytest.raises(ValueError, match="stddev"):
        GaussianNoise(-1)
    with pytest.raises(ValueError, match="Layer instance"):
        TimeDistributed("dense")
    with pytest.raises(ValueError, match="rank >= 3"):
        TimeDistributed(Dense(2), name="td")(np.zeros((2, 3), np.float32))
    with pytest.raises(ValueError, match="expected ndim=3"):
        SpatialDropout1D(0.1)(np.zeros((2, 3), np.float32))
