"""Sequential: built from a list or with add(), pop(), layers, input shapes, lazy building, get_layer, calls."""

import numpy as np
import pytest

import axon
from axon.layers.core import Flatten
from axon.layers.dense import Dense
from axon.layers.input_layer import Input
from axon.models import Sequential
from tests.models.helpers import binary, blobs, quiet


def test_list_and_add_build_the_same_model():
    axon.random.set_seed(0)
    listed = Sequential([Input(shape=(4,)), Dense(8, activation="relu"), Dense(3)])
    axon.random.set_seed(0)
    added = Sequential()
    added.add(Input(shape=(4,)))
    added.add(Dense(8, activation="relu"))
    added.add(Dense(3))
    assert listed.count_params() == added.count_params() == (4 * 8 + 8) + (8 * 3 + 3)
    x = np.random.default_rng(0).normal(size=(5, 4)).astype(np.float32)
    np.testing.assert_array_equal(listed.predict(x, verbose=0), added.predict(x, verbose=0))
    assert [type(layer).__name__ for layer in added.layers] == ["Dense", "Dense"]  # the Input is not a layer


@pytest.mark.parametrize("first", ["input_shape", "Input"])
def test_an_input_shape_builds_the_model_at_once(first):
    stack = [Dense(6, input_shape=(10,))] if first == "input_shape" else [Input(shape=(10,)), Dense(6)]
    model = Sequential(stack + [Dense(2)])
    assert model.built
    assert [layer.output_shape for layer in model.layers] == [(None, 6), (None, 2)]
    assert model.count_params() == 66 + 14
    _, text = quiet(model.summary)
    assert "(None, 6)" in text and "Total params: 80" in text


def test_without_input_shape_it_is_built_by_the_first_fit():
    # The coffee-roasting program: no input shape anywhere, raw (4, 2) data.
    model = Sequential([Dense(5, activation="sigmoid"), Dense(1, activation="sigmoid")])
    assert not model.built
    with pytest.raises(ValueError, match="isn't built"):
        model.layers[0].count_params()
    model.compile(optimizer="sgd", loss="binary_crossentropy", metrics=["accuracy"])
    x = np.array([[200.0, 17.0], [120.0, 5.0], [425.0, 20.0], [212.0, 18.0]])
    y = np.array([[1], [0], [0], [1]])
    history = model.fit(x, y, epochs=3, verbose=0)
    assert model.built and model.count_params() == 21
    assert model.layers[0].get_weights()[0].shape == (2, 5)
    assert set(history.history) == {"loss", "accuracy"} and len(history.history["loss"]) == 3
    assert model.predict(x, verbose=0).shape == (4, 1)


def test_build_with_an_input_shape():
    model = Sequential([Dense(3), Dense(1)])
    model.build((None, 7))
    assert model.built and model.count_params() == (7 * 3 + 3) + 4
    assert model.layers[-1].output_shape == (None, 1)


def test_pop_removes_the_last_layer():
    model = Sequential([Input(shape=(4,)), Dense(8), Dense(3, name="head")])
    removed = model.pop()
    assert removed.name == "head" and len(model.layers) == 1
    model.add(Dense(2, name="new_head"))
    assert model.layers[-1].output_shape == (None, 2)
    assert model.predict(np.zeros((2, 4), np.float32), verbose=0).shape == (2, 2)
    model.pop()
    model.pop()
    with pytest.raises(TypeError, match="no layers"):
        model.pop()


def test_add_checks_what_it_receives():
    model = Sequential([Dense(2, name="twice")])
    with pytest.raises(TypeError, match="expects a Layer instance"):
        model.add("dense")
    with pytest.raises(ValueError, match="unique names.*twice"):
        model.add(Dense(3, name="twice"))
    with pytest.raises(ValueError, match="first item"):
        model.add(Input(shape=(3,)))


def test_get_layer_by_name_and_index():
    model = Sequential([Input(shape=(4,)), Dense(8, name="hidden"), Dense(3, name="out")])
    assert model.get_layer("hidden") is model.layers[0]
    assert model.get_layer(index=1) is model.layers[1]
    assert model.get_layer(index=-1).name == "out"
    with pytest.raises(ValueError, match=r"No such layer: 'missing'.*hidden.*out"):
        model.get_layer("missing")
    with pytest.raises(ValueError, match="out of range"):
        model.get_layer(index=5)


def test_calling_the_model_matches_predict_and_the_layers():
    x, _ = blobs(10)
    model = Sequential([Input(shape=(4,)), Dense(8, activation="relu"), Dense(3)])
    out = model(x, training=False)
    assert isinstance(out, axon.Tensor) and out.shape == (10, 3)
    by_hand = model.layers[1](model.layers[0](x))
    np.testing.assert_allclose(out.numpy(), by_hand.numpy(), rtol=1e-6)
    np.testing.assert_allclose(model.predict(x, batch_size=3, verbose=0), out.numpy(), rtol=1e-6)


def test_nested_sequential_trains_as_one_model():
    axon.random.set_seed(0)
    inner = Sequential([Dense(6, activation="relu"), Dense(4, activation="relu")], name="inner")
    model = Sequential([Input(shape=(4,)), inner, Dense(1, activation="sigmoid")])
    assert model.count_params() == (4 * 6 + 6) + (6 * 4 + 4) + 5
    assert len(model.trainable_weights) == 6
    x, y = binary()
    model.compile(optimizer="adam", loss="binary_crossentropy")
    before = inner.get_weights()
    model.fit(x, y, epochs=2, verbose=0)
    assert all(not np.array_equal(a, b) for a, b in zip(before, inner.get_weights()))


def test_flatten_first_layer_with_input_shape():
    model = Sequential([Flatten(input_shape=(8, 8)), Dense(25, activation="relu"), Dense(1, activation="sigmoid")])
    assert model.count_params() == 64 * 25 + 25 + 26
    assert model.layers[0].output_shape == (None, 64)
