"""UpSampling1D/2D, ZeroPadding1D/2D, Cropping1D/2D, Permute, RepeatVector and Identity:
harness (shapes, config, float64 gradients), forward and input gradients against real
Keras 3 (one reference call), output shapes with unknown sizes, and errors."""

import numpy as np
import pytest

import axon
from axon.layers import (
    Cropping1D,
    Cropping2D,
    Identity,
    Input,
    Permute,
    RepeatVector,
    UpSampling2D,
    ZeroPadding2D,
)
from tests.layers.harness import check_layer
from tests.reference import run_reference

CASES = [
    ("UpSampling1D", dict(size=3), (2, 4, 3), (2, 12, 3)),
    ("UpSampling2D", dict(), (2, 3, 4, 2), (2, 6, 8, 2)),
    ("UpSampling2D", dict(size=(1, 3)), (2, 3, 4, 2), (2, 3, 12, 2)),
    ("UpSampling2D", dict(size=2, interpolation="bilinear"), (2, 3, 4, 2), (2, 6, 8, 2)),
    ("UpSampling2D", dict(size=(3, 2), interpolation="bilinear"), (1, 4, 3, 3), (1, 12, 6, 3)),
    ("ZeroPadding1D", dict(padding=(1, 3)), (2, 4, 3), (2, 8, 3)),
    ("ZeroPadding2D", dict(), (2, 3, 4, 2), (2, 5, 6, 2)),
    ("ZeroPadding2D", dict(padding=((1, 0), (2, 3))), (2, 3, 4, 2), (2, 4, 9, 2)),
    ("Cropping1D", dict(cropping=(1, 2)), (2, 6, 3), (2, 3, 3)),
    ("Cropping2D", dict(cropping=((1, 0), (1, 2))), (2, 4, 5, 2), (2, 3, 2, 2)),
    ("Cropping2D", dict(cropping=1), (2, 4, 5, 2), (2, 2, 3, 2)),
    ("Permute", dict(dims=(2, 1)), (2, 3, 4), (2, 4, 3)),
    ("Permute", dict(dims=(3, 1, 2)), (2, 3, 4, 5), (2, 5, 3, 4)),
    ("RepeatVector", dict(n=3), (2, 4), (2, 3, 4)),
    ("Identity", dict(), (2, 3), (2, 3)),
]
IDS = [f"{c[0]}-{i}" for i, c in enumerate(CASES)]


@pytest.mark.parametrize("name, kwargs, input_shape, output_shape", CASES, ids=IDS)
def test_harness(name, kwargs, input_shape, output_shape):
    check_layer(lambda **kw: getattr(axon.layers, name)(**kwargs, **kw), input_shape, output_shape, params=0)


@pytest.fixture(scope="module")
def keras_results():
    gen = np.random.default_rng(0)
    arrays = {}
    for k, (_, _, input_shape, output_shape) in enumerate(CASES):
        arrays[f"x{k}"] = gen.standard_normal(input_shape).astype(np.float32)
        arrays[f"up{k}"] = gen.standard_normal(output_shape).astype(np.float32)
    script = f"""
import keras, tensorflow as tf
for k, (name, kwargs, input_shape) in enumerate({[c[:3] for c in CASES]!r}):
    layer = getattr(keras.layers, name)(**kwargs)
    x = tf.constant(inputs[f"x{{k}}"])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = layer(x)
        loss = tf.reduce_sum(y * inputs[f"up{{k}}"])
    outputs[f"y{{k}}"] = y.numpy()
    outputs[f"dx{{k}}"] = tape.gradient(loss, x).numpy()
    shape = layer.compute_output_shape((None,) + tuple(input_shape[1:]))
    outputs[f"shape{{k}}"] = np.array([-1 if n is None else n for n in shape])
"""
    return arrays, run_reference("keras", script, **arrays)


@pytest.mark.parametrize("k", range(len(CASES)), ids=IDS)
def test_forward_and_gradient_match_keras(keras_results, k):
    arrays, out = keras_results
    name, kwargs, input_shape, _ = CASES[k]
    layer = getattr(axon.layers, name)(**kwargs)
    x = axon.Tensor(arrays[f"x{k}"], requires_grad=True)
    y = layer(x)
    (y * axon.Tensor(arrays[f"up{k}"])).sum().backward()
    np.testing.assert_allclose(y.numpy(), out[f"y{k}"], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(x.grad.numpy(), out[f"dx{k}"], rtol=1e-5, atol=1e-5)
    expected = tuple(None if n == -1 else int(n) for n in out[f"shape{k}"])
    assert layer.compute_output_shape((None,) + input_shape[1:]) == expected


def test_unknown_sizes_stay_unknown_in_symbolic_shapes():
    assert UpSampling2D(2).compute_output_shape((None, None, 7, 3)) == (None, None, 14, 3)
    assert ZeroPadding2D(1).compute_output_shape((None, None, 7, 3)) == (None, None, 9, 3)
    assert Cropping1D(1).compute_output_shape((None, None, 3)) == (None, None, 3)
    assert tuple(RepeatVector(4)(Input((8,))).shape) == (None, 4, 8)


def test_convolutional_autoencoder_round_trip_shapes_and_fit():
    model = axon.models.Sequential([
        Input((8, 8, 1)), axon.layers.Conv2D(4, 3, padding="same", activation="relu"), axon.layers.MaxPooling2D(2),
        ZeroPadding2D(1), Cropping2D(1), UpSampling2D(2, interpolation="bilinear"),
        axon.layers.Conv2D(1, 3, padding="same"),
    ])
    assert model.output_shape == (None, 8, 8, 1)
    model.compile("adam", "mse")
    x = np.random.default_rng(0).uniform(size=(16, 8, 8, 1)).astype(np.float32)
    history = model.fit(x, x, epochs=3, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]


def test_errors_name_what_was_wrong():
    with pytest.raises(ValueError, match="interpolation"):
        UpSampling2D(interpolation="bicubic")
    with pytest.raises(ValueError, match="padding"):
        ZeroPadding2D(((1, 2, 3), (1, 1)))
    with pytest.raises(ValueError, match="dims"):
        Permute((1, 3))
    with pytest.raises(ValueError, match="channels_last"):
        UpSampling2D(data_format="channels_first")
    with pytest.raises(ValueError, match="removes everything"):
        Cropping2D(3, name="crop")(np.zeros((1, 5, 8, 1), np.float32))
    with pytest.raises(ValueError, match="expected ndim=2"):
        RepeatVector(2)(np.zeros((1, 3, 4), np.float32))
    assert Identity().get_config()["name"].startswith("identity")
