"""Guide "Save, serialize, and export models" (keras.io/guides/serialization_and_saving),
imports changed only (files go to a temporary folder)."""

from __future__ import annotations

import numpy as np
import pytest

from axon import keras


def get_model():
    # Create a simple model.
    inputs = keras.Input(shape=(32,))
    outputs = keras.layers.Dense(1)(inputs)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer=keras.optimizers.Adam(), loss="mean_squared_error")
    return model


def test_saving_and_loading_a_whole_model(tmp_path):
    model = get_model()
    # Train the model.
    test_input = np.random.random((128, 32))
    test_target = np.random.random((128, 1))
    model.fit(test_input, test_target, verbose=0)
    # Calling `save('my_model.keras')` creates a zip archive `my_model.keras`.
    model.save(tmp_path / "my_model.keras")
    # It can be used to reconstruct the model identically.
    reconstructed_model = keras.models.load_model(tmp_path / "my_model.keras")
    # Let's check:
    np.testing.assert_allclose(model.predict(test_input, verbose=0), reconstructed_model.predict(test_input,
                                                                                              verbose=0))
    # The reconstructed model is already compiled and has retained the optimizer state,
    # so training can resume:
    a = model.fit(test_input, test_target, shuffle=False, verbose=0).history["loss"]
    b = reconstructed_model.fit(test_input, test_target, shuffle=False, verbose=0).history["loss"]
    assert a == pytest.approx(b, rel=1e-5)


@keras.saving.register_keras_serializable(package="my_package", name="custom_fn")
def custom_fn(x):
    return x**2


@keras.saving.register_keras_serializable(package="MyLayers")
class CustomLayer(keras.layers.Layer):
    def __init__(self, factor):
        super().__init__()
        self.factor = factor

    def call(self, x):
        return x * self.factor

    def get_config(self):
        return {"factor": self.factor}


def _custom_model():
    inputs = keras.Input(shape=(3,))
    x = CustomLayer(0.5)(inputs)
    outputs = keras.layers.Dense(3, activation=custom_fn)(x)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer="rmsprop", loss="mean_squared_error", metrics=["mean_absolute_error"])
    return model


def test_custom_objects_registered(tmp_path):
    model = _custom_model()
    assert keras.saving.get_registered_name(custom_fn) == "my_package>custom_fn"
    assert keras.saving.get_custom_objects()["MyLayers>CustomLayer"] is CustomLayer
    model.save(tmp_path / "custom_model.keras")
    reconstructed_model = keras.models.load_model(tmp_path / "custom_model.keras")
    x = np.random.random((4, 3))
    np.testing.assert_allclose(model.predict(x, verbose=0), reconstructed_model.predict(x, verbose=0), rtol=1e-6)
    assert reconstructed_model.layers[-1].activation is custom_fn


def test_passing_custom_objects_and_the_scope():
    model = _custom_model()
    config = model.get_config()

    class CustomLayerAgain(CustomLayer):  # not registered: found through custom_objects only
        pass

    custom_objects = {"MyLayers>CustomLayer": CustomLayerAgain, "my_package>custom_fn": custom_fn}
    with keras.saving.custom_object_scope(custom_objects):
        new_model = keras.Model.from_config(config)
    assert type(new_model.layers[1]) is CustomLayerAgain and new_model.layers[1].factor == 0.5


def test_in_memory_model_cloning():
    model = _custom_model()
    new_model = keras.models.clone_model(model)
    assert new_model.count_params() == model.count_params() == 12
    assert new_model.layers[1] is not model.layers[1] and new_model.layers[1].factor == 0.5


def test_get_config_and_from_config():
    layer = keras.layers.Dense(3, activation="relu")
    layer_config = layer.get_config()
    new_layer = keras.layers.Dense.from_config(layer_config)
    assert new_layer.units == 3 and new_layer.get_config() == layer_config

    model = keras.Sequential([keras.Input((32,)), keras.layers.Dense(1)])
    config = model.get_config()
    new_model = keras.Sequential.from_config(config)
    assert new_model.count_params() == 33

    inputs = keras.Input((32,))
    outputs = keras.layers.Dense(1)(inputs)
    model = keras.Model(inputs, outputs)
    config = model.get_config()
    new_model = keras.Model.from_config(config)
    assert new_model.output_shape == (None, 1)

    # to_json() and keras.models.model_from_json()
    model = keras.Sequential([keras.Input((32,)), keras.layers.Dense(1)])
    json_config = model.to_json()
    new_model = keras.models.model_from_json(json_config)
    assert new_model.to_json() == json_config


def create_layer():
    layer = keras.layers.Dense(64, activation="relu", name="dense_2")
    layer.build((None, 784))
    return layer


def test_saving_and_loading_weights(tmp_path):
    layer_1 = create_layer()
    layer_2 = create_layer()
    # Copy weights from layer 1 to layer 2
    layer_2.set_weights(layer_1.get_weights())
    for a, b in zip(layer_1.get_weights(), layer_2.get_weights()):
        np.testing.assert_array_equal(a, b)

    # Create a simple functional model
    inputs = keras.Input(shape=(784,), name="digits")
    x = keras.layers.Dense(64, activation="relu", name="dense_1")(inputs)
    x = keras.layers.Dense(64, activation="relu", name="dense_2")(x)
    outputs = keras.layers.Dense(10, name="predictions")(x)
    functional_model = keras.Model(inputs=inputs, outputs=outputs, name="3_layer_mlp")

    # Define a subclassed model with the same architecture
    class SubclassedModel(keras.Model):
        def __init__(self, output_dim, name=None):
            super().__init__(name=name)
            self.output_dim = output_dim
            self.dense_1 = keras.layers.Dense(64, activation="relu", name="dense_1")
            self.dense_2 = keras.layers.Dense(64, activation="relu", name="dense_2")
            self.dense_3 = keras.layers.Dense(output_dim, name="predictions")

        def call(self, inputs):
            x = self.dense_1(inputs)
            x = self.dense_2(x)
            x = self.dense_3(x)
            return x

    subclassed_model = SubclassedModel(10)
    # Call the subclassed model once to create the weights.
    subclassed_model(np.ones((1, 784)))
    # Copy weights from functional_model to subclassed_model.
    subclassed_model.set_weights(functional_model.get_weights())
    assert len(functional_model.weights) == len(subclassed_model.weights)
    for a, b in zip(functional_model.weights, subclassed_model.weights):
        np.testing.assert_allclose(a.numpy(), b.numpy())

    # Saving weights to disk & loading them back
    sequential_model = keras.Sequential([
        keras.Input(shape=(784,), name="digits"),
        keras.layers.Dense(64, activation="relu", name="dense_1"),
        keras.layers.Dense(64, activation="relu", name="dense_2"),
        keras.layers.Dense(10, name="predictions"),
    ])
    sequential_model.save_weights(tmp_path / "ckpt.weights.h5")
    load_status = sequential_model.load_weights(tmp_path / "ckpt.weights.h5")
    del load_status
    twin = keras.models.clone_model(sequential_model)
    twin.load_weights(tmp_path / "ckpt.weights.h5")
    x = np.random.random((2, 784))
    np.testing.assert_allclose(twin.predict(x, verbose=0), sequential_model.predict(x, verbose=0), rtol=1e-6)
