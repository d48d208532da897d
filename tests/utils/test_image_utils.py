"""keras.utils.array_to_img / img_to_array / save_img / load_img: Keras's scaling and
channel rules (transcribed), round trips through PNG files and bytes, resizing with
and without keeping the aspect ratio, and errors."""

import io

import numpy as np
import pytest

import axon

PIL = pytest.importorskip("PIL")
from PIL import Image  # noqa: E402

utils = axon.keras.utils


def test_array_to_img_scales_like_keras_and_picks_the_mode():
    x = np.random.default_rng(0).uniform(-2, 3, (5, 7, 3))
    img = utils.array_to_img(x)
    assert img.mode == "RGB" and img.size == (7, 5)
    expected = ((x - x.min()) / (x - x.min()).max() * 255).astype("float32").astype("uint8")
    np.testing.assert_array_equal(np.asarray(img), expected)
    assert utils.array_to_img(np.zeros((4, 4, 4))).mode == "RGBA"
    assert utils.array_to_img(np.zeros((4, 4, 1))).mode == "L"
    assert utils.array_to_img(np.full((4, 4, 1), 1000.0), scale=False).mode == "I"
    unscaled = utils.array_to_img(np.full((2, 3, 3), 7.0), scale=False)
    assert np.asarray(unscaled).max() == 7
    first = utils.array_to_img(np.transpose(x, (2, 0, 1)), data_format="channels_first")
    np.testing.assert_array_equal(np.asarray(first), expected)


def test_img_to_array_shapes_and_dtype():
    img = Image.fromarray(np.arange(12, dtype=np.uint8).reshape(3, 4), "L")
    x = utils.img_to_array(img)
    assert x.shape == (3, 4, 1) and x.dtype == np.float32
    assert utils.img_to_array(img, data_format="channels_first").shape == (1, 3, 4)
    rgb = Image.fromarray(np.zeros((3, 4, 3), np.uint8))
    assert utils.img_to_array(rgb, dtype="float64").dtype == np.float64
    assert utils.img_to_array(rgb, data_format="channels_first").shape == (3, 3, 4)


def test_save_and_load_round_trip(tmp_path):
    x = np.random.default_rng(1).integers(0, 256, (6, 8, 3)).astype(np.float32)
    path = tmp_path / "picture.png"
    utils.save_img(path, x, scale=False)
    np.testing.assert_array_equal(utils.img_to_array(utils.load_img(path)), x)
    gray = utils.load_img(str(path), color_mode="grayscale")
    assert gray.mode == "L" and utils.img_to_array(gray).shape == (6, 8, 1)
    assert utils.load_img(path, color_mode="rgba").mode == "RGBA"
    small = utils.load_img(path, target_size=(3, 4), interpolation="bilinear")
    assert small.size == (4, 3)
    buffer = io.BytesIO(path.read_bytes())
    assert utils.load_img(buffer).size == (8, 6)


def test_keep_aspect_ratio_crops_the_centre(tmp_path):
    x = np.zeros((4, 8, 3), np.float32)
    x[:, 2:6] = 255  # the centre square is white, the sides black
    path = tmp_path / "wide.png"
    utils.save_img(path, x, scale=False)
    img = utils.load_img(path, target_size=(4, 4), keep_aspect_ratio=True)
    assert img.size == (4, 4) and np.asarray(img).min() == 255
    squashed = utils.load_img(path, target_size=(4, 4))
    assert np.asarray(squashed).min() == 0


def test_jpeg_of_rgba_warns_and_converts(tmp_path):
    with pytest.warns(UserWarning, match="RGBA"):
        utils.save_img(tmp_path / "a.jpg", np.random.default_rng(0).uniform(size=(4, 4, 4)))
    assert utils.load_img(tmp_path / "a.jpg").size == (4, 4)


def test_errors():
    with pytest.raises(ValueError, match="rank 3"):
        utils.array_to_img(np.zeros((2, 2)))
    with pytest.raises(ValueError, match="2 channels"):
        utils.array_to_img(np.zeros((2, 2, 2)))
    with pytest.raises(ValueError, match="color_mode"):
        utils.load_img(io.BytesIO(b""), color_mode="cmyk")
    with pytest.raises(TypeError, match="io.BytesIO"):
        utils.load_img(3)
    with pytest.raises(ValueError, match="data_format"):
        utils.img_to_array(Image.new("L", (2, 2)), data_format="nchw")
