"""axon.plot.images, confusion_matrix, feature_maps and gradient_flow."""

import numpy as np
import pytest

import axon
from axon.keras import layers, models
from axon.layers.conv import Conv2D
from axon.layers.pooling import MaxPooling2D
from axon.plot.feature_maps import feature_maps
from axon.plot.gradients import gradient_flow
from axon.plot.images import confusion_matrix, images
from tests.plot.conftest import assert_png


def test_images_marks_wrong_predictions_in_red(tmp_path):
    x = np.random.default_rng(0).random((6, 8, 8))
    y = np.array([0, 1, 2, 0, 1, 2])
    pred = np.eye(3)[[0, 1, 1, 0, 2, 2]]  # probability rows; samples 2 and 4 are wrong
    fig = images(x, y, pred, class_names=["a", "b", "c"], n=6, path=tmp_path / "grid.png")
    assert_png(tmp_path / "grid.png")
    titles = [(ax.get_title(), ax.title.get_color()) for ax in fig.axes if ax.get_title()]
    assert titles[0] == ("a", "green")
    assert titles[2] == ("b (c)", "red") and titles[4] == ("c (b)", "red")
    assert sum(color == "red" for _, color in titles) == 2


@pytest.mark.parametrize("shape", [(5, 8, 8, 1), (5, 64), (5, 6, 6, 3)])
def test_images_accepts_channel_and_flat_layouts(tmp_path, shape):
    fig = images(np.random.default_rng(1).random(shape), y=np.arange(5), n=4)
    assert sum(bool(ax.get_images()) for ax in fig.axes) == 4


def test_images_rejects_non_square_flat_images():
    with pytest.raises(ValueError, match="square"):
        images(np.zeros((2, 10)))


def test_confusion_matrix_counts_and_normalizes(tmp_path):
    y_true = [0, 0, 1, 1, 1, 2]
    y_pred = [0, 1, 1, 1, 2, 2]
    fig = confusion_matrix(y_true, y_pred, class_names=["x", "y", "z"], path=tmp_path / "cm.png")
    assert_png(tmp_path / "cm.png")
    counts = fig.axes[0].get_images()[0].get_array()
    np.testing.assert_array_equal(counts, [[1, 1, 0], [0, 2, 1], [0, 0, 1]])
    assert [t.get_text() for t in fig.axes[0].texts][:3] == ["1", "1", "0"]
    rates = confusion_matrix(y_true, np.eye(3)[y_pred], normalize=True).axes[0].get_images()[0].get_array()
    np.testing.assert_allclose(rates.sum(axis=1), 1.0)
    np.testing.assert_allclose(rates[1], [0, 2 / 3, 1 / 3])
    with pytest.raises(ValueError, match="normalize"):
        confusion_matrix(y_true, y_pred, normalize="rows")


def conv_model():
    axon.random.set_seed(0)
    return models.Sequential([layers.Input(shape=(8, 8, 1)), Conv2D(6, 3, padding="same", activation="relu",
                                                                    name="conv"),
                              MaxPooling2D(2), layers.Flatten(), layers.Dense(3)])


@pytest.mark.parametrize("layer", ["conv", 0])
def test_feature_maps_one_panel_per_channel(tmp_path, layer):
    model = conv_model()
    image = np.random.default_rng(0).random((8, 8, 1))
    fig = feature_maps(model, layer, image, path=tmp_path / "maps.png")
    assert_png(tmp_path / "maps.png")
    shown = [ax.get_images()[0].get_array() for ax in fig.axes if ax.get_images()]
    assert len(shown) == 6
    expected = model.layers[0](image[None].astype("float32")).numpy()[0]
    np.testing.assert_allclose(shown[5], expected[..., 5], rtol=1e-6)


def test_feature_maps_of_a_functional_model_and_a_2d_image():
    inputs = layers.Input(shape=(8, 8, 1))
    maps = Conv2D(4, 3, activation="tanh", name="c1")(inputs)
    model = models.Model(inputs, layers.Dense(2)(layers.Flatten()(maps)))
    fig = feature_maps(model, model.get_layer("c1"), np.ones((8, 8)), max_channels=3)
    assert sum(bool(ax.get_images()) for ax in fig.axes) == 3
    assert fig.axes[0].get_images()[0].get_array().shape == (6, 6)


def test_gradient_flow_plot_compares_models(tmp_path):
    fig = gradient_flow({"sigmoid": {"a": 1e-6, "b": 1e-3}, "relu": {"a": 1e-2, "b": 1e-2}},
                        path=tmp_path / "flow.png")
    assert_png(tmp_path / "flow.png")
    assert fig.axes[0].get_yscale() == "log" and len(fig.axes[0].get_lines()) == 2
