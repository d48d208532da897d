"""Dot (and the functional ``dot``): float64 finite differences, forward and gradients
against real Keras 3 for several axes and normalize (one reference call), shapes,
config and errors."""

import numpy as np
import pytest

import axon
from axon.layers import Dot, Input, dot
from axon.utils import gradient_check
from tests.reference import run_reference

CASES = [
    (dict(axes=1), (3, 5), (3, 5), (3, 1)),
    (dict(axes=-1, normalize=True), (3, 5), (3, 5), (3, 1)),
    (dict(axes=(2, 2)), (2, 4, 3), (2, 6, 3), (2, 4, 6)),
    (dict(axes=(1, 2)), (2, 4, 3), (2, 6, 4), (2, 3, 6)),
    (dict(axes=(1, 1), normalize=True), (2, 4, 3), (2, 4, 5), (2, 3, 5)),
    (dict(axes=(1, 2)), (2, 5), (2, 3, 5), (2, 3)),
]


@pytest.mark.parametrize("kwargs, shape_a, shape_b, out_shape", CASES)
def test_gradients_and_shapes(kwargs, shape_a, shape_b, out_shape):
    gen = np.random.default_rng(0)
    a, b = gen.standard_normal(shape_a), gen.standard_normal(shape_b)
    layer = Dot(dtype="float64", **kwargs)
    assert layer([a, b]).shape == out_shape
    assert layer.compute_output_shape([(None,) + shape_a[1:], (None,) + shape_b[1:]]) == (None,) + out_shape[1:]
    assert gradient_check(lambda x, y: layer([x, y]), [a, b]) < 1e-6
    assert Dot.from_config(layer.get_config()).get_config() == layer.get_config()


@pytest.fixture(scope="module")
def keras_results():
    gen = np.random.default_rng(1)
    arrays = {}
    for k, (_, shape_a, shape_b, out_shape) in enumerate(CASES):
        arrays.update({f"a{k}": gen.standard_normal(shape_a).astype(np.float32),
                       f"b{k}": gen.standard_normal(shape_b).astype(np.float32),
                       f"up{k}": gen.standard_normal(out_shape).astype(np.float32)})
    script = f"""
import keras, tensorflow as tf
for k, kwargs in enumerate({[c[0] for c in CASES]!r}):
    a, b = tf.constant(inputs[f"a{{k}}"]), tf.constant(inputs[f"b{{k}}"])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch([a, b])
        y = keras.layers.Dot(**kwargs)([a, b])
        loss = tf.reduce_sum(y * inputs[f"up{{k}}"])
    outputs[f"y{{k}}"] = y.numpy()
    outputs[f"da{{k}}"], outputs[f"db{{k}}"] = [g.numpy() for g in tape.gradient(loss, [a, b])]
"""
    return arrays, run_reference("keras", script, **arrays)


@pytest.mark.parametrize("k", range(len(CASES)))
def test_matches_keras(keras_results, k):
    arrays, out = keras_results
    a = axon.Tensor(arrays[f"a{k}"], requires_grad=True)
    b = axon.Tensor(arrays[f"b{k}"], requires_grad=True)
    y = dot([a, b], **CASES[k][0])
    (y * axon.Tensor(arrays[f"up{k}"])).sum().backward()
    np.testing.assert_allclose(y.numpy(), out[f"y{k}"], rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(a.grad.numpy(), out[f"da{k}"], rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(b.grad.numpy(), out[f"db{k}"], rtol=1e-4, atol=1e-5)


def test_in_a_functional_model():
    u, v = Input((8,)), Input((8,))
    model = axon.models.Model([u, v], dot([axon.layers.Dense(4)(u), axon.layers.Dense(4)(v)], axes=1,
                                          normalize=True))
    assert model.output_shape == (None, 1)
    gen = np.random.default_rng(0)
    model.compile("adam", "mse")
    history = model.fit([gen.standard_normal((32, 8)), gen.standard_normal((32, 8))], np.ones((32, 1)), epochs=3,
                        verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]


def test_errors():
    with pytest.raises(ValueError, match="axes"):
        Dot(axes=(1, 2, 3))
    with pytest.raises(ValueError, match="sizes agree"):
        Dot(axes=1, name="d")([np.ones((2, 3)), np.ones((2, 4))])
    with pytest.raises(ValueError, match="non-batch axis"):
        Dot(axes=0)([np.ones((2, 3)), np.ones((2, 3))])
    with pytest.raises(ValueError, match="exactly 2"):
        Dot(axes=1)([np.ones((2, 3))] * 3)
