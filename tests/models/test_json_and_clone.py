"""Serialization of user code: to_json / model_from_json, clone_model, and custom
layers, activations, losses and metrics found again by name (never by running code)."""

from __future__ import annotations

import json

import numpy as np
import pytest

import axon
from axon import layers, losses, metrics
from axon.keras import Input, Model, Sequential
from axon.models import clone_model, load_model, model_from_json
from axon.saving import custom_object_scope, get_custom_objects, register_keras_serializable

X = np.random.default_rng(0).normal(size=(6, 4)).astype(np.float32)


@register_keras_serializable(package="guides")
class Scale(layers.Layer):
    """A custom layer with a weight and a constructor argument."""

    def __init__(self, factor=2.0, **kwargs):
        super().__init__(**kwargs)
        self.factor = factor

    def build(self, input_shape):
        self.s = self.add_weight(shape=(input_shape[-1],), initializer="ones", name="s")

    def call(self, inputs):
        return inputs * self.s * self.factor

    def get_config(self):
        return {**super().get_config(), "factor": self.factor}


@register_keras_serializable(package="guides")
def leaky_cube(x):
    return axon.maximum(x, 0.1 * x) ** 3


@register_keras_serializable(package="guides")
def doubled_mse(y_true, y_pred):
    return 2.0 * axon.reduce_mean(axon.square(y_true - y_pred), axis=-1)


@register_keras_serializable(package="guides")
class MaxError(metrics.Metric):
    def __init__(self, name="max_error", **kwargs):
        super().__init__(name=name, **kwargs)
        self.worst = self.add_variable(shape=(), initializer="zeros", name="worst")

    def update_state(self, y_true, y_pred, sample_weight=None):
        error = float(np.max(np.abs(np.asarray(y_true) - np.asarray(y_pred))))
        self.worst.assign(max(error, float(self.worst)))

    def result(self):
        return self.worst


def _functional():
    axon.random.set_seed(0)
    inputs = Input(shape=(4,), name="features")
    hidden = layers.Dense(5, activation=leaky_cube, name="hidden")(inputs)
    scaled = Scale(3.0, name="scale")(hidden)
    return Model(inputs, [layers.Dense(1, name="a")(scaled), layers.Dense(2, name="b")(scaled)], name="two_heads")


def _sequential():
    axon.random.set_seed(0)
    return Sequential([Input(shape=(4,)), layers.Dense(5, activation=leaky_cube, name="hidden"),
                       Scale(name="scale"), layers.Dense(1, name="out")], name="stack")


@pytest.mark.parametrize("build", [_functional, _sequential])
def test_to_json_and_back_gives_the_same_architecture(build):
    model = build()
    text = model.to_json()
    document = json.loads(text)
    assert document["class_name"] in ("Model", "Sequential") and "config" in document
    twin = model_from_json(text)
    assert twin.to_json() == text
    assert [type(layer) for layer in twin.layers] == [type(layer) for layer in model.layers]
    assert twin.get_layer("hidden").activation is leaky_cube
    twin.set_weights(model.get_weights())
    for a, b in zip(_as_list(model.predict(X, verbose=0)), _as_list(twin.predict(X, verbose=0))):
        np.testing.assert_allclose(a, b, rtol=1e-6)


def _as_list(value):
    return value if isinstance(value, list) else [value]


@pytest.mark.parametrize("build", [_functional, _sequential])
def test_clone_model_has_fresh_weights_and_the_same_structure(build):
    model = build()
    clone = clone_model(model)
    assert clone is not model and clone.count_params() == model.count_params()
    assert [layer.name for layer in clone.layers] == [layer.name for layer in model.layers]
    assert all(a is not b for a, b in zip(clone.weights, model.weights))
    kernel, clone_kernel = model.get_layer("hidden").kernel.numpy(), clone.get_layer("hidden").kernel.numpy()
    assert not np.allclose(kernel, clone_kernel)  # freshly initialised
    clone.set_weights(model.get_weights())
    for a, b in zip(_as_list(model.predict(X, verbose=0)), _as_list(clone.predict(X, verbose=0))):
        np.testing.assert_allclose(a, b, rtol=1e-6)


def test_clone_function_chooses_each_layer():
    model = _sequential()
    shared = model.get_layer("hidden")

    def keep_hidden(layer):
        if layer is shared:
            return layer
        config = layer.get_config()
        if isinstance(layer, layers.Dense):
            config["units"] = 3
        return type(layer).from_config(config)

    clone = clone_model(model, clone_function=keep_hidden)
    assert clone.get_layer("hidden") is shared
    assert clone.output_shape == (None, 3)
    with pytest.raises(TypeError, match="clone_function must return a Layer"):
        clone_model(model, clone_function=lambda layer: None)


def test_clone_with_new_input_tensors():
    model = _functional()
    inputs = Input(shape=(4,), name="other")
    clone = clone_model(model, input_tensors=inputs)
    assert clone.input is inputs and clone.output_shape == [(None, 1), (None, 2)]


def test_clone_of_a_subclassed_model_uses_its_config():
    @register_keras_serializable(package="guides")
    class Tiny(Model):
        def __init__(self, units=3, **kwargs):
            super().__init__(**kwargs)
            self.units = units
            self.dense = layers.Dense(units)

        def call(self, inputs):
            return self.dense(inputs)

        def get_config(self):
            return {**super().get_config(), "units": self.units}

    clone = clone_model(Tiny(units=7))
    assert isinstance(clone, Tiny) and clone.units == 7
    with pytest.raises(ValueError, match="subclassed"):
        clone_model(Tiny(), clone_function=lambda layer: layer)


def test_custom_objects_round_trip_through_a_saved_model(tmp_path):
    model = _functional()
    model.compile(optimizer="adam", loss=[doubled_mse, "mse"], metrics=[[MaxError()], ["mae"]])
    y = [np.zeros((6, 1), np.float32), np.zeros((6, 2), np.float32)]
    model.fit(X, y, epochs=1, verbose=0)
    model.save(tmp_path / "m.axon")
    restored = load_model(tmp_path / "m.axon")
    assert isinstance(restored.get_layer("scale"), Scale) and restored.get_layer("scale").factor == 3.0
    assert restored.compiled_loss.losses[0].fn is doubled_mse
    np.testing.assert_allclose(restored.predict(X, verbose=0)[1], model.predict(X, verbose=0)[1], rtol=1e-6)
    logs = restored.evaluate(X, y, verbose=0, return_dict=True)
    assert "a_max_error" in logs and logs["a_max_error"] > 0


def test_objects_from_custom_objects_or_a_scope_without_registration():
    class Shift(layers.Layer):
        def __init__(self, by=1.0, **kwargs):
            super().__init__(**kwargs)
            self.by = by

        def call(self, inputs):
            return inputs + self.by

        def get_config(self):
            return {**super().get_config(), "by": self.by}

    def softer(x):
        return axon.tanh(x) * 0.5

    model = Sequential([Input(shape=(4,)), layers.Dense(2, activation=softer, name="d"), Shift(2.0, name="s")])
    text = model.to_json()
    with pytest.raises(ValueError, match="(?s)Unknown activation 'softer'.*register_keras_serializable"):
        model_from_json(text)
    with pytest.raises(ValueError, match=r"(?s)Unknown layer class 'Shift'.*register_keras_serializable.*"
                                         r"custom_objects=\{'Shift': Shift\}"):
        model_from_json(text, custom_objects={"softer": softer})
    twin = model_from_json(text, custom_objects={"Shift": Shift, "softer": softer})
    assert twin.get_layer("s").by == 2.0 and twin.get_layer("d").activation is softer
    with custom_object_scope({"Shift": Shift, "softer": softer}):
        assert model_from_json(text).get_layer("d").activation is softer


def test_get_custom_objects_is_the_global_table():
    def halve(x):
        return x * 0.5

    table = get_custom_objects()
    assert table is axon.keras.utils.get_custom_objects()
    assert table["guides>Scale"] is Scale and table["guides>leaky_cube"] is leaky_cube
    table["halve"] = halve
    try:
        assert axon.activations.get("halve") is halve
        assert losses.get("guides>doubled_mse") is doubled_mse
        assert isinstance(metrics.get("guides>MaxError"), MaxError)
    finally:
        del table["halve"]
    with pytest.raises(ValueError, match="Unknown activation 'halve'"):
        axon.activations.get("halve")


def test_model_from_json_refuses_text_that_is_not_a_model():
    with pytest.raises(ValueError, match="not JSON"):
        model_from_json("import os")
    with pytest.raises(ValueError, match="'class_name'"):
        model_from_json("[1, 2]")


def test_endpoint_layer_graph_round_trips_through_json():
    @register_keras_serializable(package="guides")
    class Endpoint(layers.Layer):
        def call(self, targets, logits):
            self.add_loss(axon.reduce_mean(axon.square(targets - logits)))
            return logits

    inputs, targets = Input(shape=(3,), name="inputs"), Input(shape=(2,), name="targets")
    model = Model([inputs, targets], Endpoint(name="endpoint")(targets, layers.Dense(2, name="d")(inputs)))
    twin = model_from_json(model.to_json())
    twin.set_weights(model.get_weights())
    data = [np.ones((4, 3), np.float32), np.zeros((4, 2), np.float32)]
    np.testing.assert_allclose(twin(data).numpy(), model(data).numpy(), rtol=1e-6)
    assert float(twin.losses[0]) == pytest.approx(float(model.losses[0]))


def test_clone_keeps_shared_layers_shared_and_clones_nested_models():
    axon.random.set_seed(0)
    inner_in = Input(shape=(4,))
    inner = Model(inner_in, layers.Dense(3, name="inner_dense")(inner_in), name="inner")
    a, b = Input(shape=(4,), name="a"), Input(shape=(4,), name="b")
    shared = layers.Dense(4, name="shared")
    merged = layers.Concatenate()([inner(shared(a)), inner(shared(b))])
    model = Model([a, b], layers.Dense(1, name="head")(merged))
    clone = clone_model(model)
    assert clone.count_params() == model.count_params() == (16 + 4) + (12 + 3) + (6 + 1)
    assert len(clone.get_layer("shared")._inbound_nodes) == 2  # one layer, called twice
    assert clone.get_layer("inner") is not inner
    clone.set_weights(model.get_weights())
    x = [X, X[::-1]]
    np.testing.assert_allclose(clone.predict(x, verbose=0), model.predict(x, verbose=0), rtol=1e-6)
