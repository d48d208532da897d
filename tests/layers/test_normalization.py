"""BatchNormalization and its fused ops: both modes, moving statistics, PyTorch parity, errors."""

import numpy as np
import pytest

import axon
from axon.layers.input_layer import Input
from axon.layers.normalization import BatchNormalization
from axon.ops.normalization import batch_normalization, fused_batch_norm
from tests.layers.harness import check_layer

RANDOM = {"gamma_initializer": "random_normal", "beta_initializer": "random_normal",
          "moving_mean_initializer": "random_normal",
          "moving_variance_initializer": {"class_name": "RandomUniform", "config": {"minval": 0.5, "maxval": 1.5}}}


@pytest.mark.parametrize("training", [False, True])
def test_harness_on_features(training):
    check_layer(lambda **kw: BatchNormalization(**RANDOM, **kw), input_shape=(6, 3), output_shape=(6, 3),
                params=12, training=training)


@pytest.mark.parametrize("training", [False, True])
def test_harness_on_images(training):
    check_layer(lambda **kw: BatchNormalization(**RANDOM, **kw), input_shape=(3, 4, 4, 2),
                output_shape=(3, 4, 4, 2), params=8, training=training)


def test_harness_without_gamma_and_beta():
    layer = check_layer(lambda **kw: BatchNormalization(center=False, scale=False, **kw), input_shape=(5, 3),
                        output_shape=(5, 3), params=6, training=True)
    assert layer.trainable_weights == []


def test_channels_first_axis_matches_channels_last():
    x = np.random.default_rng(0).standard_normal((4, 3, 5, 5)).astype(np.float32) * 2 + 1
    first = BatchNormalization(axis=1)(x, training=True).numpy()
    last = BatchNormalization()(x.transpose(0, 2, 3, 1), training=True).numpy()
    np.testing.assert_allclose(first, last.transpose(0, 3, 1, 2), rtol=1e-5, atol=1e-5)
    check_layer(lambda **kw: BatchNormalization(axis=1, **RANDOM, **kw), input_shape=(3, 2, 4),
                output_shape=(3, 2, 4), params=8, training=True)


@pytest.mark.parametrize("axis", [-1, 1])
def test_fused_ops_gradient_check(axis):
    gen = np.random.default_rng(1)
    x, gamma, beta = gen.standard_normal((4, 3, 5)), gen.standard_normal(3), gen.standard_normal(3)
    if axis == -1:
        gamma, beta = gen.standard_normal(5), gen.standard_normal(5)
    mean, var = gen.standard_normal(gamma.shape), gen.uniform(0.5, 2.0, gamma.shape)
    assert axon.utils.gradient_check(lambda a, g, b: fused_batch_norm(a, g, b, axis=axis), [x, gamma, beta]) < 1e-7
    assert axon.utils.gradient_check(
        lambda a, g, b: batch_normalization(a, mean, var, b, g, 1e-3, axis=axis), [x, gamma, beta]) < 1e-7


def test_training_normalises_with_the_biased_batch_variance():
    x = np.random.default_rng(2).standard_normal((64, 5)).astype(np.float32) * 3 + 7
    y = BatchNormalization(epsilon=1e-3)(x, training=True).numpy()
    expected = (x - x.mean(0)) / np.sqrt(x.var(0) + 1e-3)
    np.testing.assert_allclose(y, expected, rtol=1e-4, atol=1e-5)


def test_large_mean_small_spread_stays_accurate():
    x = (100 + 0.1 * np.random.default_rng(3).standard_normal((512, 4))).astype(np.float32)
    y = BatchNormalization(epsilon=1e-6)(x, training=True).numpy()
    np.testing.assert_allclose(y.std(0), 1.0, rtol=1e-3)
    np.testing.assert_allclose(y.mean(0), 0.0, atol=1e-3)


def test_moving_statistics_follow_the_keras_formula():
    gen = np.random.default_rng(4)
    layer = BatchNormalization(momentum=0.9)
    mm, mv = np.zeros(3), np.ones(3)
    for _ in range(3):
        x = gen.standard_normal((16, 2, 2, 3)).astype(np.float32) * 2 + 1
        layer(x, training=True)
        mm = mm * 0.9 + x.mean((0, 1, 2)) * 0.1
        mv = mv * 0.9 + x.var((0, 1, 2)) * 0.1  # the biased variance, as Keras 3
    np.testing.assert_allclose(layer.moving_mean.numpy(), mm, rtol=1e-5)
    np.testing.assert_allclose(layer.moving_variance.numpy(), mv, rtol=1e-5)
    # inference uses them
    x = gen.standard_normal((4, 2, 2, 3)).astype(np.float32)
    np.testing.assert_allclose(layer(x).numpy(), (x - mm) / np.sqrt(mv + 1e-3), rtol=1e-5, atol=1e-6)


def test_weights_order_and_trainability():
    layer = BatchNormalization()
    layer(np.zeros((2, 4), dtype=np.float32))
    assert [w.name for w in layer.weights] == ["gamma", "beta", "moving_mean", "moving_variance"]
    assert [w.name for w in layer.trainable_weights] == ["gamma", "beta"]
    assert [w.name for w in layer.non_trainable_weights] == ["moving_mean", "moving_variance"]
    np.testing.assert_array_equal(np.stack(layer.get_weights()), [[1] * 4, [0] * 4, [0] * 4, [1] * 4])
    layer.set_weights([np.full(4, 2.0), np.full(4, 3.0), np.full(4, 4.0), np.full(4, 5.0)])
    assert layer.moving_variance.numpy()[0] == 5.0


def test_frozen_layer_runs_in_inference_mode():
    gen = np.random.default_rng(5)
    layer = BatchNormalization()
    layer(gen.standard_normal((8, 3)).astype(np.float32), training=True)
    layer.trainable = False
    before = layer.get_weights()
    x = gen.standard_normal((8, 3)).astype(np.float32) + 5
    np.testing.assert_allclose(layer(x, training=True).numpy(), layer(x, training=False).numpy())
    for a, b in zip(before, layer.get_weights()):
        np.testing.assert_array_equal(a, b)
    assert layer.trainable_weights == [] and len(layer.non_trainable_weights) == 4
    assert [w.name for w in layer.weights] == ["gamma", "beta", "moving_mean", "moving_variance"]


def test_wrong_channel_count_after_build_names_layer_and_shapes():
    layer = BatchNormalization(name="bn1")
    layer(np.zeros((2, 5, 5, 3), dtype=np.float32))
    with pytest.raises(ValueError, match=r'"bn1".*\(None, 5, 5, 3\).*\(2, 5, 5, 4\)'):
        layer(np.zeros((2, 5, 5, 4), dtype=np.float32))


def test_construction_and_build_errors():
    with pytest.raises(ValueError, match="momentum=1.5"):
        BatchNormalization(momentum=1.5)
    with pytest.raises(ValueError, match="axis"):
        BatchNormalization(axis="last")
    with pytest.raises(ValueError, match=r"'bn2'.*axis"):
        BatchNormalization(axis=3, name="bn2")(np.zeros((2, 3), dtype=np.float32))


def test_symbolic_input_and_config():
    out = BatchNormalization()(Input((4, 4, 3)))
    assert out.shape == (None, 4, 4, 3)
    layer = BatchNormalization(axis=[1], momentum=0.9, epsilon=1e-5, center=False)
    clone = BatchNormalization.from_config(layer.get_config())
    assert (clone.axis, clone.momentum, clone.epsilon, clone.center, clone.scale) == (1, 0.9, 1e-5, False, True)


# ---------------------------------------------------------------- PyTorch parity
def _torch_pair(shape, momentum=0.9, eps=1e-3, seed=0):
    torch = pytest.importorskip("torch")
    gen = np.random.default_rng(seed)
    c = shape[-1]
    ours = BatchNormalization(momentum=momentum, epsilon=eps)
    ours(np.zeros(shape, dtype=np.float32))
    gamma, beta = gen.uniform(0.5, 1.5, c).astype(np.float32), gen.standard_normal(c).astype(np.float32)
    ours.set_weights([gamma, beta, np.zeros(c), np.ones(c)])
    ref = (torch.nn.BatchNorm1d if len(shape) == 2 else torch.nn.BatchNorm2d)(c, eps=eps, momentum=1 - momentum)
    with torch.no_grad():
        ref.weight.copy_(torch.from_numpy(gamma))
        ref.bias.copy_(torch.from_numpy(beta))
    return torch, ours, ref, gen


def _to_torch(torch, x):
    """NHWC -> NCHW for BatchNorm2d."""
    return torch.tensor(x if x.ndim == 2 else x.transpose(0, 3, 1, 2).copy(), requires_grad=True)


def _from_torch(t):
    a = t.detach().numpy()
    return a if a.ndim == 2 else a.transpose(0, 2, 3, 1)


@pytest.mark.parametrize("shape", [(32, 5), (8, 6, 6, 4)])
def test_training_mode_matches_pytorch(shape):
    torch, ours, ref, gen = _torch_pair(shape)
    ref.train()
    for _ in range(3):
        x = (gen.standard_normal(shape) * 2 + 0.5).astype(np.float32)
        upstream = gen.standard_normal(shape).astype(np.float32)
        xt = axon.tensor(x, requires_grad=True)
        for w in ours.trainable_weights:
            w.zero_grad()
        y = ours(xt, training=True)
        (y * axon.tensor(upstream)).sum().backward()
        xr = _to_torch(torch, x)
        ref.zero_grad()
        yr = ref(xr)
        (yr * _to_torch(torch, upstream).detach()).sum().backward()
        np.testing.assert_allclose(y.numpy(), _from_torch(yr), rtol=1e-4, atol=1e-5)
        np.testing.assert_allclose(xt.grad.numpy(), _from_torch(xr.grad), rtol=1e-4, atol=1e-4)
        np.testing.assert_allclose(ours.gamma.grad.numpy(), ref.weight.grad.numpy(), rtol=1e-4, atol=1e-4)
        np.testing.assert_allclose(ours.beta.grad.numpy(), ref.bias.grad.numpy(), rtol=1e-4, atol=1e-4)
    # same moving mean; the variances differ only by torch's unbiased (n / (n - 1)) correction
    np.testing.assert_allclose(ours.moving_mean.numpy(), ref.running_mean.numpy(), rtol=1e-4, atol=1e-6)
    assert not np.allclose(ours.moving_variance.numpy(), ref.running_var.numpy(), rtol=1e-4)


@pytest.mark.parametrize("shape", [(32, 5), (8, 6, 6, 4)])
def test_inference_mode_matches_pytorch(shape):
    torch, ours, ref, gen = _torch_pair(shape, seed=1)
    c = shape[-1]
    mean, var = gen.standard_normal(c).astype(np.float32), gen.uniform(0.2, 3.0, c).astype(np.float32)
    gamma, beta = ours.get_weights()[:2]
    ours.set_weights([gamma, beta, mean, var])
    with torch.no_grad():
        ref.running_mean.copy_(torch.from_numpy(mean))
        ref.running_var.copy_(torch.from_numpy(var))
    ref.eval()
    x = (gen.standard_normal(shape) * 2).astype(np.float32)
    upstream = gen.standard_normal(shape).astype(np.float32)
    xt = axon.tensor(x, requires_grad=True)
    y = ours(xt, training=False)
    (y * axon.tensor(upstream)).sum().backward()
    xr = _to_torch(torch, x)
    yr = ref(xr)
    (yr * _to_torch(torch, upstream).detach()).sum().backward()
    np.testing.assert_allclose(y.numpy(), _from_torch(yr), rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(xt.grad.numpy(), _from_torch(xr.grad), rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(ours.gamma.grad.numpy(), ref.weight.grad.numpy(), rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(ours.beta.grad.numpy(), ref.bias.grad.numpy(), rtol=1e-4, atol=1e-4)
    np.testing.assert_array_equal(ours.moving_mean.numpy(), mean)  # inference leaves the statistics alone
