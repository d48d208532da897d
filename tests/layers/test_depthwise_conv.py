"""DepthwiseConv1D/2D and SeparableConv1D/2D: harness (shapes, params, config, float64
gradients, a step), forward and gradients against real Keras 3 (one reference call),
and errors."""

import numpy as np
import pytest

import axon
from axon.layers import DepthwiseConv1D, DepthwiseConv2D, SeparableConv1D, SeparableConv2D
from tests.layers.harness import check_layer
from tests.reference import run_reference


@pytest.mark.parametrize("make, input_shape, output_shape, params", [
    (lambda **kw: DepthwiseConv2D(3, **kw), (2, 5, 6, 3), (2, 3, 4, 3), 30),
    (lambda **kw: DepthwiseConv2D(2, strides=2, padding="same", depth_multiplier=2, activation="tanh", **kw),
     (2, 5, 5, 2), (2, 3, 3, 4), 20),
    (lambda **kw: DepthwiseConv1D(3, padding="causal", dilation_rate=2, use_bias=False, **kw), (2, 7, 3), (2, 7, 3),
     9),
    (lambda **kw: SeparableConv2D(4, 3, padding="same", **kw), (2, 4, 5, 3), (2, 4, 5, 4), 27 + 12 + 4),
    (lambda **kw: SeparableConv2D(2, (2, 3), strides=(1, 2), depth_multiplier=2, **kw), (2, 4, 6, 2),
     (2, 3, 2, 2), 24 + 8 + 2),
    (lambda **kw: SeparableConv1D(3, 3, strides=2, **kw), (2, 9, 2), (2, 4, 3), 6 + 6 + 3),
])
def test_harness(make, input_shape, output_shape, params):
    check_layer(make, input_shape, output_shape, params=params)


CASES = [
    ("DepthwiseConv2D", dict(kernel_size=3, padding="same", depth_multiplier=2), (2, 6, 5, 3)),
    ("DepthwiseConv2D", dict(kernel_size=3, strides=2), (2, 7, 7, 4)),
    ("DepthwiseConv1D", dict(kernel_size=3, padding="same"), (2, 8, 3)),
    ("SeparableConv2D", dict(filters=5, kernel_size=3, padding="same", depth_multiplier=2), (2, 6, 5, 3)),
    ("SeparableConv2D", dict(filters=4, kernel_size=3, strides=2, dilation_rate=1), (2, 7, 7, 2)),
    ("SeparableConv1D", dict(filters=4, kernel_size=3, dilation_rate=2), (2, 9, 3)),
]


@pytest.fixture(scope="module")
def keras_results():
    gen = np.random.default_rng(0)
    arrays = {}
    for k, (name, config, shape) in enumerate(CASES):
        layer = getattr(axon.layers, name)(bias_initializer="random_normal", **config)
        x = gen.standard_normal(shape).astype(np.float32)
        y = layer(x)
        arrays[f"x{k}"] = x
        arrays[f"up{k}"] = gen.standard_normal(y.shape).astype(np.float32)
        for i, w in enumerate(layer.get_weights()):
            arrays[f"w{k}_{i}"] = w
    script = f"""
import keras, tensorflow as tf
for k, (name, config, shape) in enumerate({CASES!r}):
    layer = getattr(keras.layers, name)(**config)
    layer.build(shape)
    layer.set_weights([inputs[f"w{{k}}_{{i}}"] for i in range(len(layer.weights))])
    x = tf.constant(inputs[f"x{{k}}"])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = layer(x)
        loss = tf.reduce_sum(y * inputs[f"up{{k}}"])
    grads = tape.gradient(loss, [x] + [w.value for w in layer.trainable_weights])
    outputs[f"y{{k}}"] = y.numpy()
    for i, g in enumerate(grads):
        outputs[f"g{{k}}_{{i}}"] = g.numpy()
"""
    return arrays, run_reference("keras", script, **arrays)


@pytest.mark.parametrize("k", range(len(CASES)))
def test_forward_and_gradients_match_keras(keras_results, k):
    arrays, out = keras_results
    name, config, shape = CASES[k]
    layer = getattr(axon.layers, name)(**config)
    x = axon.Tensor(arrays[f"x{k}"], requires_grad=True)
    layer(x)
    layer.set_weights([arrays[f"w{k}_{i}"] for i in range(len(layer.weights))])
    y = layer(x)
    (y * axon.Tensor(arrays[f"up{k}"])).sum().backward()
    np.testing.assert_allclose(y.numpy(), out[f"y{k}"], rtol=1e-4, atol=1e-5)
    for i, t in enumerate([x] + layer.trainable_weights):
        np.testing.assert_allclose(t.grad.numpy(), out[f"g{k}_{i}"], rtol=1e-4, atol=1e-4, err_msg=str(i))


def test_weight_names_shapes_and_config():
    layer = SeparableConv2D(8, 3, depth_multiplier=2, pointwise_constraint="max_norm")
    layer(np.zeros((1, 5, 5, 3), np.float32))
    assert [w.name for w in layer.weights] == ["depthwise_kernel", "pointwise_kernel", "bias"]
    assert [w.shape for w in layer.weights] == [(3, 3, 3, 2), (1, 1, 6, 8), (8,)]
    assert layer.pointwise_kernel.constraint is not None
    assert SeparableConv2D.from_config(layer.get_config()).get_config() == layer.get_config()
    depthwise = DepthwiseConv2D(3, depthwise_constraint="non_neg")
    depthwise(np.zeros((1, 5, 5, 3), np.float32))
    assert [w.name for w in depthwise.weights] == ["kernel", "bias"]


def test_errors():
    with pytest.raises(ValueError, match="depth_multiplier"):
        DepthwiseConv2D(3, depth_multiplier=0)
    with pytest.raises(ValueError, match="does not fit"):
        DepthwiseConv2D(5, name="dw")(np.zeros((1, 3, 3, 2), np.float32))
    with pytest.raises(ValueError, match="`bias_constraint` was given"):
        SeparableConv2D(2, 3, use_bias=False, bias_constraint="non_neg")
