"""Preprocessing layers: augmentation geometry, fill modes, training switch, seeds, scaling layers."""

import numpy as np
import pytest

import axon
from axon.data.dataset import Dataset
from axon.layers.preprocessing import (
    Normalization,
    RandomFlip,
    RandomRotation,
    RandomTranslation,
    RandomZoom,
    Rescaling,
    affine_sample,
)
from tests.layers.harness import check_layer


def _images(n=8, h=6, w=6, c=2, seed=0):
    return np.random.default_rng(seed).random((n, h, w, c)).astype(np.float32)


RANDOM_LAYERS = [
    lambda: RandomFlip(),
    lambda: RandomRotation(0.2),
    lambda: RandomTranslation(0.2, 0.3),
    lambda: RandomZoom(0.3, 0.2),
]


@pytest.mark.parametrize("make", RANDOM_LAYERS)
def test_identity_at_inference_and_active_in_training(make):
    x = _images()
    layer = make()
    np.testing.assert_array_equal(layer(x, training=False).numpy(), x)
    np.testing.assert_array_equal(layer(x).numpy(), x)
    out = layer(x, training=True).numpy()
    assert out.shape == x.shape and out.dtype == np.float32
    assert not np.array_equal(out, x)
    assert layer.compute_output_shape((None, 6, 6, 2)) == (None, 6, 6, 2)


@pytest.mark.parametrize("make", RANDOM_LAYERS)
def test_config_round_trip(make):
    layer = make()
    clone = type(layer).from_config(layer.get_config())
    assert clone.get_config() == layer.get_config()


def test_flips_are_exact_and_per_image():
    x = _images(64)
    out = RandomFlip("horizontal", seed=0)(x, training=True).numpy()
    flipped = np.array([np.array_equal(o, xi[:, ::-1]) for o, xi in zip(out, x)])
    kept = np.array([np.array_equal(o, xi) for o, xi in zip(out, x)])
    assert np.all(flipped | kept) and 10 < flipped.sum() < 54
    out = RandomFlip("vertical", seed=0)(x, training=True).numpy()
    assert all(np.array_equal(o, xi) or np.array_equal(o, xi[::-1]) for o, xi in zip(out, x))
    out = RandomFlip(seed=1)(x, training=True).numpy()
    kinds = {next(k for k, f in enumerate([lambda a: a, lambda a: a[:, ::-1], lambda a: a[::-1],
                                           lambda a: a[::-1, ::-1]]) if np.array_equal(o, f(xi)))
             for o, xi in zip(out, x)}
    assert kinds == {0, 1, 2, 3}


def test_rotation_by_zero_is_identity():
    x = _images()
    np.testing.assert_array_equal(RandomRotation(0.0)(x, training=True).numpy(), x)


@pytest.mark.parametrize("interpolation", ["nearest", "bilinear"])
def test_quarter_turns_match_rot90(interpolation):
    x = _images(3, 7, 7, 2)
    ccw = RandomRotation((0.25, 0.25), interpolation=interpolation)(x, training=True).numpy()
    np.testing.assert_allclose(ccw, np.rot90(x, 1, axes=(1, 2)), atol=1e-5)
    cw = RandomRotation((-0.25, -0.25), interpolation=interpolation)(x, training=True).numpy()
    np.testing.assert_allclose(cw, np.rot90(x, -1, axes=(1, 2)), atol=1e-5)
    x = _images(2, 4, 6, 1)  # a half turn also maps a non-square image onto itself
    half = RandomRotation((0.5, 0.5), interpolation=interpolation)(x, training=True).numpy()
    np.testing.assert_allclose(half, x[:, ::-1, ::-1], atol=1e-5)


def test_translation_shifts_by_whole_pixels():
    x = _images(2, 8, 8, 1)
    down = RandomTranslation((0.25, 0.25), 0.0, fill_mode="constant", fill_value=-1.0)(x, training=True).numpy()
    np.testing.assert_array_equal(down[:, 2:], x[:, :-2])
    assert np.all(down[:, :2] == -1.0)
    left = RandomTranslation(0.0, (-0.125, -0.125), fill_mode="nearest")(x, training=True).numpy()
    np.testing.assert_array_equal(left[:, :, :-1], x[:, :, 1:])
    np.testing.assert_array_equal(left[:, :, -1], x[:, :, -1])


@pytest.mark.parametrize("fill_mode, expected", [
    ("reflect", [1, 0, 0, 1]),
    ("wrap", [2, 3, 0, 1]),
    ("nearest", [0, 0, 0, 1]),
    ("constant", [5, 5, 0, 1]),
])
def test_fill_modes(fill_mode, expected):
    row = np.arange(4, dtype=np.float32).reshape(1, 1, 4, 1)
    shift = RandomTranslation(0.0, (0.5, 0.5), fill_mode=fill_mode, fill_value=5.0)
    assert shift(row, training=True).numpy().ravel().tolist() == expected


def test_bilinear_interpolates_between_neighbours():
    x = np.arange(4, dtype=np.float32).reshape(1, 1, 4, 1)
    half_pixel = np.array([[[1.0, 0.0, -0.5], [0.0, 1.0, 0.0]]])
    out = affine_sample(x, half_pixel, "bilinear", "nearest")
    np.testing.assert_allclose(out.ravel(), [0.0, 0.5, 1.5, 2.5])


def test_zoom():
    x = np.arange(16, dtype=np.float32).reshape(1, 4, 4, 1)
    np.testing.assert_array_equal(RandomZoom(0.0)(x, training=True).numpy(), x)
    zoom_in = RandomZoom((-0.5, -0.5), interpolation="nearest")(x, training=True).numpy()[0, :, :, 0]
    np.testing.assert_array_equal(zoom_in, [[5, 5, 6, 6], [5, 5, 6, 6], [9, 9, 10, 10], [9, 9, 10, 10]])
    x = _images(1, 5, 5, 1)
    zoom_out = RandomZoom((1.0, 1.0), fill_mode="constant", interpolation="nearest")(x, training=True).numpy()
    assert zoom_out[0, 2, 2, 0] == x[0, 2, 2, 0]  # the centre stays
    assert zoom_out[0, 1, 1, 0] == x[0, 0, 0, 0] and zoom_out[0, 0, 0, 0] == 0  # twice smaller, then padding
    wide = RandomZoom((0.0, 0.0), width_factor=(1.0, 1.0), fill_mode="constant", interpolation="nearest")
    np.testing.assert_array_equal(wide(x, training=True).numpy()[0, :, 2], x[0, :, 2])  # rows untouched


def test_seeded_layers_are_reproducible_and_vary_between_calls():
    x = _images(16)
    a, b = RandomRotation(0.3, seed=4), RandomRotation(0.3, seed=4)
    first = a(x, training=True).numpy()
    np.testing.assert_array_equal(first, b(x, training=True).numpy())
    assert not np.array_equal(first, a(x, training=True).numpy())
    axon.random.set_seed(9)
    c = RandomTranslation(0.2, 0.2)(x, training=True).numpy()
    axon.random.set_seed(9)
    np.testing.assert_array_equal(c, RandomTranslation(0.2, 0.2)(x, training=True).numpy())


def test_each_image_gets_its_own_transform():
    x = np.repeat(_images(1), 8, axis=0)
    out = RandomRotation(0.5, seed=0)(x, training=True).numpy()
    assert len({o.tobytes() for o in out}) == 8


def test_single_image_and_uint8_input():
    image = (_images(1)[0] * 255).astype(np.uint8)
    out = RandomFlip("horizontal", seed=0)(image, training=True)
    assert out.shape == image.shape and out.dtype == np.float32


def test_argument_errors():
    with pytest.raises(ValueError, match="mode='diagonal'"):
        RandomFlip("diagonal")
    with pytest.raises(ValueError, match="fill_mode='mirror'"):
        RandomRotation(0.1, fill_mode="mirror")
    with pytest.raises(ValueError, match="interpolation='cubic'"):
        RandomZoom(0.1, interpolation="cubic")
    with pytest.raises(ValueError, match=r"lower <= upper"):
        RandomRotation((0.3, 0.1))
    with pytest.raises(ValueError, match=r"\[-1, 1\]"):
        RandomTranslation(1.5, 0.0)
    with pytest.raises(ValueError, match="Received shape"):
        RandomRotation(0.1)(np.zeros((2, 3)), training=True)


def test_rescaling():
    check_layer(lambda **kw: Rescaling(0.5, offset=-1.0, **kw), input_shape=(3, 4), output_shape=(3, 4), params=0)
    x = np.array([[0, 127.5, 255]], dtype=np.float32)
    np.testing.assert_allclose(Rescaling(1 / 127.5, offset=-1)(x).numpy(), [[-1, 0, 1]], atol=1e-6)
    per_channel = Rescaling([1.0, 2.0], offset=[0.0, 1.0])
    np.testing.assert_allclose(per_channel(np.ones((1, 2))).numpy(), [[1.0, 3.0]])
    assert Rescaling.from_config(per_channel.get_config()).get_config() == per_channel.get_config()


def test_normalization_with_given_statistics():
    check_layer(lambda **kw: Normalization(mean=[1.0, 2.0, 3.0], variance=[4.0, 1.0, 0.25], **kw), input_shape=(5, 3),
                output_shape=(5, 3), params=0)
    out = Normalization(mean=[1.0, 2.0], variance=[4.0, 1.0])(np.array([[3.0, 2.0]])).numpy()
    np.testing.assert_allclose(out, [[1.0, 0.0]])


def test_normalization_adapt_on_array_and_dataset():
    x = np.random.default_rng(0).normal(loc=[1.0, -2.0, 5.0], scale=[0.5, 2.0, 3.0], size=(500, 3))
    norm = Normalization()
    norm.adapt(x)
    np.testing.assert_allclose(norm.mean.numpy(), x.mean(0), rtol=1e-5)
    np.testing.assert_allclose(norm.variance.numpy(), x.var(0), rtol=1e-5)
    out = norm(x).numpy()
    np.testing.assert_allclose(out.mean(0), 0.0, atol=1e-5)
    np.testing.assert_allclose(out.std(0), 1.0, rtol=1e-4)
    batched = Normalization()
    batched.adapt(Dataset.from_tensor_slices(x).batch(64))
    np.testing.assert_allclose(batched.get_weights()[1], x.var(0), rtol=1e-5)
    assert [w.shape for w in batched.get_weights()] == [(3,), (3,)]
    inverse = Normalization(mean=norm.mean.numpy(), variance=norm.variance.numpy(), invert=True)
    np.testing.assert_allclose(inverse(out).numpy(), x, rtol=1e-4, atol=1e-4)


def test_normalization_per_channel_images_and_scalar():
    images = np.random.default_rng(1).random((10, 4, 4, 3)) * [1.0, 10.0, 100.0]
    norm = Normalization(axis=-1)
    norm.adapt(images)
    out = norm(images).numpy()
    np.testing.assert_allclose(out.mean(axis=(0, 1, 2)), 0.0, atol=1e-4)
    scalar = Normalization(axis=None)
    scalar.adapt(images)
    assert scalar.mean.shape == () and abs(float(scalar(images).numpy().mean())) < 1e-4


def test_normalization_errors():
    with pytest.raises(ValueError, match="both `mean` and `variance`"):
        Normalization(mean=1.0)
    with pytest.raises(ValueError, match="features only"):
        Normalization().adapt(Dataset.from_tensor_slices((np.zeros((4, 2)), np.zeros(4))).batch(2))


def test_normalization_harness_with_adapted_weights():
    check_layer(lambda **kw: Normalization(**kw), input_shape=(4, 3), output_shape=(4, 3), params=6)


def test_augmentation_in_a_model_trained_on_a_dataset():
    from axon.layers import Dense, Flatten, Input
    from axon.models import Sequential

    x = np.random.default_rng(0).integers(0, 256, (32, 8, 8, 1)).astype(np.uint8)
    y = np.arange(32) % 2
    model = Sequential([Input((8, 8, 1)), Rescaling(1 / 255), RandomFlip(seed=0), RandomRotation(0.1, seed=0),
                        Flatten(), Dense(2, activation="softmax")])
    model.compile("adam", "sparse_categorical_crossentropy")
    history = model.fit(Dataset.from_tensor_slices((x, y)).shuffle(32, seed=0).batch(8), epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2
    np.testing.assert_array_equal(model.predict(x, verbose=0), model.predict(x, verbose=0))  # no augmentation
