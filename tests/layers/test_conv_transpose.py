"""Conv1DTranspose and Conv2DTranspose: harness (shapes, params, config, float64
gradients, a step), forward and gradients against real Keras 3 (one reference call),
and PyTorch's conv_transpose2d on the full output."""

import numpy as np
import pytest

import axon
from axon.layers import Conv1DTranspose, Conv2DTranspose, Input
from tests.layers.harness import check_layer
from tests.reference import run_reference


@pytest.mark.parametrize("kwargs, input_shape, output_shape, params", [
    (dict(filters=3, kernel_size=3), (2, 4, 3, 2), (2, 6, 5, 3), 57),
    (dict(filters=2, kernel_size=3, strides=2, padding="same", activation="tanh"), (2, 3, 4, 3), (2, 6, 8, 2), 56),
    (dict(filters=2, kernel_size=2, strides=3), (1, 3, 3, 2), (1, 9, 9, 2), 18),
    (dict(filters=2, kernel_size=3, strides=2, output_padding=1, use_bias=False), (1, 3, 3, 2), (1, 8, 8, 2), 36),
    (dict(filters=2, kernel_size=2, dilation_rate=2, padding="same"), (1, 4, 4, 1), (1, 4, 4, 2), 10),
])
def test_conv2d_transpose_harness(kwargs, input_shape, output_shape, params):
    check_layer(lambda **kw: Conv2DTranspose(**kwargs, **kw), input_shape, output_shape, params=params)


@pytest.mark.parametrize("kwargs, input_shape, output_shape, params", [
    (dict(filters=3, kernel_size=3), (2, 5, 2), (2, 7, 3), 21),
    (dict(filters=2, kernel_size=3, strides=2, padding="same"), (2, 5, 3), (2, 10, 2), 20),
    (dict(filters=2, kernel_size=4, strides=2, output_padding=1), (2, 4, 3), (2, 11, 2), 26),
])
def test_conv1d_transpose_harness(kwargs, input_shape, output_shape, params):
    check_layer(lambda **kw: Conv1DTranspose(**kwargs, **kw), input_shape, output_shape, params=params)


KERAS_CASES = [
    ("Conv2DTranspose", dict(filters=4, kernel_size=3, strides=2, padding="same"), (2, 5, 6, 3)),
    ("Conv2DTranspose", dict(filters=4, kernel_size=3, strides=2, padding="valid"), (2, 5, 6, 3)),
    ("Conv2DTranspose", dict(filters=3, kernel_size=(4, 2), strides=(2, 1), padding="same"), (2, 4, 5, 6)),
    ("Conv2DTranspose", dict(filters=5, kernel_size=3, strides=2, padding="same", output_padding=0), (2, 4, 4, 2)),
    ("Conv2DTranspose", dict(filters=2, kernel_size=2, strides=3, padding="valid"), (2, 3, 3, 4)),
    ("Conv2DTranspose", dict(filters=8, kernel_size=3, padding="same", dilation_rate=2), (2, 5, 5, 3)),
    ("Conv1DTranspose", dict(filters=4, kernel_size=3, strides=2, padding="same"), (2, 7, 3)),
    ("Conv1DTranspose", dict(filters=4, kernel_size=5, strides=3, padding="valid", output_padding=2), (2, 6, 2)),
]


@pytest.fixture(scope="module")
def keras_results():
    gen = np.random.default_rng(0)
    arrays = {}
    for k, (cls, config, shape) in enumerate(KERAS_CASES):
        layer = getattr(axon.layers, cls)(bias_initializer="random_normal", **config)
        x = gen.standard_normal(shape).astype(np.float32)
        out = layer(x)
        arrays.update({f"x{k}": x, f"kernel{k}": layer.kernel.numpy(), f"bias{k}": layer.bias.numpy(),
                       f"up{k}": gen.standard_normal(out.shape).astype(np.float32)})
    script = f"""
import keras, tensorflow as tf
for k, (cls, config, shape) in enumerate({KERAS_CASES!r}):
    layer = getattr(keras.layers, cls)(**config)
    layer.build(shape)
    layer.set_weights([inputs[f"kernel{{k}}"], inputs[f"bias{{k}}"]])
    x = tf.constant(inputs[f"x{{k}}"])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = layer(x)
        loss = tf.reduce_sum(y * inputs[f"up{{k}}"])
    dx, dk, db = tape.gradient(loss, [x, layer.kernel.value, layer.bias.value])
    outputs.update({{f"y{{k}}": y.numpy(), f"dx{{k}}": dx.numpy(), f"dk{{k}}": dk.numpy(), f"db{{k}}": db.numpy()}})
    outputs[f"shape{{k}}"] = np.array([-1 if n is None else n for n in layer.compute_output_shape((None,) + shape[1:])])
"""
    return arrays, run_reference("keras", script, **arrays)


@pytest.mark.parametrize("k", range(len(KERAS_CASES)))
def test_forward_and_gradients_match_keras(keras_results, k):
    arrays, out = keras_results
    cls, config, shape = KERAS_CASES[k]
    layer = getattr(axon.layers, cls)(**config)
    x = axon.Tensor(arrays[f"x{k}"], requires_grad=True)
    layer(x)
    layer.set_weights([arrays[f"kernel{k}"], arrays[f"bias{k}"]])
    y = layer(x)
    (y * axon.Tensor(arrays[f"up{k}"])).sum().backward()
    np.testing.assert_allclose(y.numpy(), out[f"y{k}"], rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(x.grad.numpy(), out[f"dx{k}"], rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(layer.kernel.grad.numpy(), out[f"dk{k}"], rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(layer.bias.grad.numpy(), out[f"db{k}"], rtol=1e-4, atol=1e-4)
    expected = tuple(None if n == -1 else int(n) for n in out[f"shape{k}"])
    assert layer.compute_output_shape((None,) + shape[1:]) == expected


def test_full_output_matches_torch():
    torch = pytest.importorskip("torch")
    gen = np.random.default_rng(1)
    x = gen.standard_normal((2, 4, 5, 3)).astype(np.float32)
    # 'valid' with stride <= kernel is the whole transposed convolution: nothing cropped
    layer = Conv2DTranspose(6, 3, strides=2, bias_initializer="random_normal")
    xa = axon.Tensor(x, requires_grad=True)
    y = layer(xa)
    up = gen.standard_normal(y.shape).astype(np.float32)
    (y * axon.Tensor(up)).sum().backward()
    xt = torch.tensor(np.moveaxis(x, -1, 1), requires_grad=True)
    wt = torch.tensor(np.transpose(layer.kernel.numpy(), (3, 2, 0, 1)).copy(), requires_grad=True)
    bt = torch.tensor(layer.bias.numpy(), requires_grad=True)
    yt = torch.nn.functional.conv_transpose2d(xt, wt, bt, stride=2)
    (yt * torch.tensor(np.moveaxis(up, -1, 1))).sum().backward()
    np.testing.assert_allclose(y.numpy(), np.moveaxis(yt.detach().numpy(), 1, -1), rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(xa.grad.numpy(), np.moveaxis(xt.grad.numpy(), 1, -1), rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(layer.kernel.grad.numpy(), np.transpose(wt.grad.numpy(), (2, 3, 1, 0)), rtol=1e-4,
                               atol=1e-4)
    np.testing.assert_allclose(layer.bias.grad.numpy(), bt.grad.numpy(), rtol=1e-4, atol=1e-4)


def test_dcgan_generator_shapes_and_fit():
    model = axon.models.Sequential([
        Input((16,)), axon.layers.Dense(7 * 7 * 8), axon.layers.Reshape((7, 7, 8)),
        Conv2DTranspose(8, 5, strides=1, padding="same", use_bias=False),
        Conv2DTranspose(4, 5, strides=2, padding="same", activation="relu"),
        Conv2DTranspose(1, 5, strides=2, padding="same", activation="tanh"),
    ])
    assert model.output_shape == (None, 28, 28, 1)
    assert model.layers[2].count_params() == 5 * 5 * 8 * 8
    model.compile("adam", "mse")
    gen = np.random.default_rng(0)
    history = model.fit(gen.standard_normal((16, 16)), gen.uniform(-0.5, 0.5, (16, 28, 28, 1)), epochs=3,
                        verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]


def test_errors_and_config():
    with pytest.raises(ValueError, match="output_padding"):
        Conv2DTranspose(2, 3, strides=2, output_padding=2)
    with pytest.raises(ValueError, match="padding"):
        Conv1DTranspose(2, 3, padding="causal")
    layer = Conv2DTranspose(2, 3, strides=2, output_padding=1, kernel_constraint="max_norm", name="up")
    config = layer.get_config()
    assert config["output_padding"] == (1, 1) and "groups" not in config
    assert Conv2DTranspose.from_config(config).get_config() == config
    layer(np.zeros((1, 3, 3, 4), np.float32))
    with pytest.raises(ValueError, match="up"):
        layer(np.zeros((1, 3, 3, 5), np.float32))
