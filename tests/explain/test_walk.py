"""axon.explain.layer_output and the layer-by-layer walk."""

import numpy as np
import pytest

import axon
from axon.explain.walk import layer_output, run_layers
from axon.keras import layers, models


def test_layer_output_of_a_sequential_model_by_name_index_and_layer():
    axon.random.set_seed(0)
    model = models.Sequential([layers.Input(shape=(3,)), layers.Dense(4, activation="relu", name="a"),
                               layers.Dense(2, name="b")])
    x = np.random.default_rng(0).normal(size=(5, 3)).astype("float32")
    expected = model.layers[0](x).numpy()
    for ref in ("a", 0, model.layers[0]):
        np.testing.assert_allclose(layer_output(model, ref, x), expected, rtol=1e-6)
    np.testing.assert_allclose(layer_output(model, -1, x), model.predict(x, verbose=0), rtol=1e-6)


def test_layer_output_of_a_functional_model():
    axon.random.set_seed(0)
    inputs = layers.Input(shape=(3,), name="x")
    hidden = layers.Dense(4, activation="tanh", name="hidden")(inputs)
    model = models.Model(inputs, layers.Dense(1)(hidden))
    x = np.ones((2, 3), "float32")
    np.testing.assert_allclose(layer_output(model, "hidden", x), model.get_layer("hidden")(x).numpy())
    np.testing.assert_array_equal(layer_output(model, "x", x), x)
    np.testing.assert_allclose(run_layers(model, x).numpy(), model.predict(x, verbose=0), rtol=1e-6)


def test_unknown_layers_are_named_in_the_error():
    model = models.Sequential([layers.Input(shape=(3,)), layers.Dense(2, name="only")])
    with pytest.raises(ValueError, match="only"):
        layer_output(model, "missing", np.ones((1, 3)))
    with pytest.raises(ValueError, match="not a layer of model"):
        layer_output(model, layers.Dense(2), np.ones((1, 3)))
    with pytest.raises(TypeError, match="layer name"):
        layer_output(model, 1.5, np.ones((1, 3)))
