"""The symbolic graph a user can touch: layer.input / output, model.input / output /
inputs / outputs, and the feature-extractor idioms built from them."""

from __future__ import annotations

import numpy as np
import pytest

import axon
from axon import layers
from axon.keras import Input, Model, Sequential
from axon.layers.input_layer import KerasTensor


def _cnn_layers():
    return [layers.Conv2D(4, 3, activation="relu", name="conv1"), layers.Conv2D(6, 3, name="conv2"),
            layers.Flatten(name="flat"), layers.Dense(3, name="head")]


def _sequential_from_input():
    axon.random.set_seed(0)
    return Sequential([Input(shape=(8, 8, 1)), *_cnn_layers()])


def _sequential_from_input_shape():
    axon.random.set_seed(0)
    first = layers.Conv2D(4, 3, activation="relu", name="conv1", input_shape=(8, 8, 1))
    return Sequential([first, *_cnn_layers()[1:]])


def _functional():
    axon.random.set_seed(0)
    inputs = Input(shape=(8, 8, 1), name="image")
    x = inputs
    for layer in _cnn_layers():
        x = layer(x)
    return Model(inputs, x)


BUILDERS = [_sequential_from_input, _sequential_from_input_shape, _functional]
IMAGES = np.random.default_rng(0).normal(size=(5, 8, 8, 1)).astype(np.float32)


@pytest.mark.parametrize("build", BUILDERS)
def test_model_input_and_output(build):
    model = build()
    assert isinstance(model.input, KerasTensor) and model.input.shape == (None, 8, 8, 1)
    assert model.inputs == [model.input]
    assert isinstance(model.output, KerasTensor) and model.output.shape == (None, 3)
    assert model.outputs == [model.output]
    assert model.input_shape == (None, 8, 8, 1) and model.output_shape == (None, 3)


@pytest.mark.parametrize("build", BUILDERS)
def test_layer_input_output_and_shapes(build):
    model = build()
    conv1, conv2 = model.get_layer("conv1"), model.get_layer("conv2")
    assert conv1.input is model.input
    assert conv2.input is conv1.output
    assert conv2.output.shape == (None, 4, 4, 6)
    assert conv2.input_shape == (None, 6, 6, 4) and conv2.output_shape == (None, 4, 4, 6)
    assert model.get_layer("head").output is model.output


@pytest.mark.parametrize("build", BUILDERS)
def test_feature_extractor_shares_weights_with_the_original(build):
    model = build()
    extractor = Model(inputs=model.input, outputs=model.get_layer("conv2").output)
    features = extractor.predict(IMAGES, verbose=0)
    assert features.shape == (5, 4, 4, 6)
    conv1, conv2 = model.get_layer("conv1"), model.get_layer("conv2")
    np.testing.assert_allclose(features, conv2(conv1(IMAGES)).numpy(), rtol=1e-5, atol=1e-6)
    assert extractor.get_layer("conv2") is conv2
    conv2.set_weights([w * 2.0 for w in conv2.get_weights()])  # one set of weights, seen by both models
    np.testing.assert_allclose(extractor.predict(IMAGES, verbose=0), conv2(conv1(IMAGES)).numpy(), rtol=1e-5,
                               atol=1e-6)
    assert extractor.count_params() == 4 * (9 + 1) + 6 * (9 * 4 + 1)


@pytest.mark.parametrize("build", BUILDERS)
def test_every_layers_output_at_once(build):
    model = build()
    everything = Model(model.inputs, [layer.output for layer in model.layers])
    outs = everything.predict(IMAGES, verbose=0)
    shapes = [o.shape for o in outs]
    expected = [(5, 6, 6, 4), (5, 4, 4, 6), (5, 96), (5, 3)]
    assert shapes[-4:] == expected  # a functional model lists its Input layer first
    np.testing.assert_allclose(outs[-1], model.predict(IMAGES, verbose=0), rtol=1e-5, atol=1e-6)


def test_sequential_built_by_its_first_batch_gets_a_graph():
    axon.random.set_seed(0)
    model = Sequential([layers.Dense(4, name="hidden"), layers.Dense(2, name="out")])
    with pytest.raises(AttributeError, match="no defined input yet"):
        _ = model.input
    model.compile(optimizer="sgd", loss="mse")
    model.fit(np.zeros((4, 3), np.float32), np.zeros((4, 2), np.float32), verbose=0)
    assert model.input.shape == (None, 3)
    hidden = Model(model.input, model.get_layer("hidden").output)
    assert hidden.predict(np.ones((2, 3), np.float32), verbose=0).shape == (2, 4)


def test_adding_layers_records_one_call_each():
    model = Sequential([Input(shape=(3,)), layers.Dense(4, name="a")])
    model.add(layers.Dense(2, name="b"))
    model.add(layers.Dense(1, name="c"))
    assert [len(layer._inbound_nodes) for layer in model.layers] == [1, 1, 1]
    model.pop()
    assert model.output is model.get_layer("b").output
    model.add(layers.Dense(5, name="d"))
    assert model.output.shape == (None, 5)


def test_a_layer_never_called_symbolically_says_so():
    with pytest.raises(AttributeError, match="never been called.*Input"):
        _ = layers.Dense(3, name="lonely").output


def test_layer_with_several_tensor_arguments_in_a_functional_model():
    class Endpoint(layers.Layer):
        def call(self, targets, logits):
            self.add_loss(axon.reduce_mean(axon.square(targets - logits)))
            return logits

    inputs, targets = Input(shape=(3,), name="inputs"), Input(shape=(2,), name="targets")
    endpoint = Endpoint(name="endpoint")
    out = endpoint(targets, layers.Dense(2)(inputs))
    assert out.shape == (None, 2) and endpoint.input == [targets, endpoint._inbound_nodes[0].call_args[0]]
    model = Model([inputs, targets], out)
    assert model.losses == []  # shape inference ran the layer on zeros; that loss is not kept
    x, t = np.ones((4, 3), np.float32), np.zeros((4, 2), np.float32)
    pred = model([x, t])
    assert float(model.losses[0]) == pytest.approx(float(np.mean(pred.numpy() ** 2)), rel=1e-6)
