"""Keras files both ways, checked by real Keras 3 (TensorFlow backend): a zoo of
models saved by axon (``.keras``, ``.h5``, ``.weights.h5``) is loaded by Keras
and predicts what axon predicts, and the same zoo saved by Keras is loaded by
axon and predicts what Keras predicts. One reference run serves the module."""

from __future__ import annotations

import numpy as np
import pytest

import axon
from axon import layers
from axon.applications import LeNet5, SimpleCNN
from axon.models import Sequential
from axon.saving import register_keras_serializable
from tests.reference import run_reference

pytest.importorskip("h5py")


@register_keras_serializable(package="AxonIO")
class ChannelScale(layers.Layer):
    """y = x * s, one learned factor per channel (the custom layer of the zoo)."""

    def __init__(self, init: float = 1.0, **kwargs):
        super().__init__(**kwargs)
        self.init = init

    def build(self, input_shape):
        self.s = self.add_weight(name="s", shape=(input_shape[-1],), initializer=axon.initializers.Constant(self.init))

    def call(self, inputs):
        return inputs * self.s

    def get_config(self):
        return {**super().get_config(), "init": self.init}


def _mlp():
    return Sequential([layers.Input((12,)), layers.Dense(16, activation="relu"), layers.Dropout(0.3),
                       layers.Dense(5, activation="softmax")], name="mlp")


def _two_inputs():
    a, b = axon.keras.Input((6,), name="a"), axon.keras.Input((4,), name="b")
    merged = layers.Concatenate()([layers.Dense(8, activation="tanh")(a), layers.Dense(8, activation="relu")(b)])
    added = layers.Add()([layers.Dense(8)(merged), layers.Dense(8)(merged)])
    return axon.keras.Model([a, b], layers.Dense(3)(added), name="two_inputs")


def _batchnorm():
    return Sequential([layers.Input((10, 10, 3)), layers.Conv2D(4, 3, padding="same"), layers.BatchNormalization(),
                       layers.Activation("relu"), layers.GlobalAveragePooling2D(), layers.Dense(2)], name="bn")


def _custom():
    inputs = axon.keras.Input((7,))
    return axon.keras.Model(inputs, layers.Dense(3)(ChannelScale(init=0.5)(inputs)), name="custom")


def _rnn():
    return Sequential([layers.Input((6, 3)), layers.Bidirectional(layers.LSTM(5, return_sequences=True)),
                       layers.GRU(4, return_sequences=True), layers.SimpleRNN(3), layers.Dense(2)], name="rnn")


def _attention():
    query, value = axon.keras.Input((5, 8), name="query"), axon.keras.Input((3, 6), name="value")
    attended = layers.MultiHeadAttention(2, 4)(query, value)
    return axon.keras.Model([query, value], layers.Dense(2)(layers.GlobalAveragePooling1D()(attended)),
                            name="attention")


def _spatial():
    return Sequential([
        layers.Input((6, 7, 3)), layers.ZeroPadding2D(((1, 2), (0, 1))),
        layers.Conv2DTranspose(4, 3, strides=2, padding="same", activation="relu"), layers.Cropping2D(((1, 0), (2, 1))),
        layers.DepthwiseConv2D(3, depth_multiplier=2, padding="same"),
        layers.SeparableConv2D(5, 3, strides=2, activation="tanh"), layers.UpSampling2D((2, 3)),
        layers.Conv2DTranspose(2, (2, 3), strides=(1, 2), output_padding=(0, 1)),
        layers.UpSampling2D(2, interpolation="bilinear"), layers.Permute((3, 1, 2)), layers.GlobalAveragePooling2D(),
        layers.RepeatVector(4), layers.TimeDistributed(layers.Dense(3)), layers.LayerNormalization(),
    ], name="spatial")


ZOO = {
    "mlp": (_mlp, (12,)),
    "cnn": (lambda: SimpleCNN((28, 28, 1), classes=10), (28, 28, 1)),
    "lenet": (lambda: LeNet5((28, 28, 1)), (28, 28, 1)),
    "two_inputs": (_two_inputs, [(6,), (4,)]),
    "bn": (_batchnorm, (10, 10, 3)),
    "custom": (_custom, (7,)),
    "rnn": (_rnn, (6, 3)),
    "attention": (_attention, [(5, 8), (3, 6)]),
    "spatial": (_spatial, (6, 7, 3)),
}
FORMATS = ["keras", "h5", "weights.h5"]

# The same zoo written with Keras, and the round trip of axon's files.
SCRIPT = r"""
import keras
from keras import layers

d = str(inputs["dir"])
rng = np.random.default_rng(0)

@keras.saving.register_keras_serializable(package="AxonIO")
class ChannelScale(layers.Layer):
    def __init__(self, init=1.0, **kwargs):
        super().__init__(**kwargs)
        self.init = init
    def build(self, input_shape):
        self.s = self.add_weight(name="s", shape=(input_shape[-1],),
                                 initializer=keras.initializers.Constant(self.init))
    def call(self, x):
        return x * self.s
    def get_config(self):
        return {**super().get_config(), "init": self.init}

def mlp():
    return keras.Sequential([keras.Input((12,)), layers.Dense(16, activation="relu"), layers.Dropout(0.3),
                             layers.Dense(5, activation="softmax")], name="mlp")
def cnn():
    return keras.Sequential([keras.Input((28, 28, 1)), layers.Conv2D(8, 5, padding="same", activation="relu"),
                             layers.MaxPooling2D(2), layers.Conv2D(16, 5, padding="same", activation="relu"),
                             layers.MaxPooling2D(2), layers.Flatten(), layers.Dense(100, activation="relu"),
                             layers.Dropout(0.25), layers.Dense(10)], name="cnn")
def lenet():
    return keras.Sequential([keras.Input((28, 28, 1)), layers.Conv2D(6, 3, padding="same", activation="relu"),
                             layers.MaxPooling2D(2), layers.Conv2D(16, 5, activation="relu"), layers.MaxPooling2D(2),
                             layers.Flatten(), layers.Dense(120), layers.Dense(84), layers.Dense(10)], name="lenet5")
def two_inputs():
    a, b = keras.Input((6,), name="a"), keras.Input((4,), name="b")
    merged = layers.Concatenate()([layers.Dense(8, activation="tanh")(a), layers.Dense(8, activation="relu")(b)])
    added = layers.Add()([layers.Dense(8)(merged), layers.Dense(8)(merged)])
    return keras.Model([a, b], layers.Dense(3)(added), name="two_inputs")
def bn():
    return keras.Sequential([keras.Input((10, 10, 3)), layers.Conv2D(4, 3, padding="same"),
                             layers.BatchNormalization(), layers.Activation("relu"),
                             layers.GlobalAveragePooling2D(), layers.Dense(2)], name="bn")
def custom():
    x = keras.Input((7,))
    return keras.Model(x, layers.Dense(3)(ChannelScale(init=0.5)(x)), name="custom")

def rnn():
    return keras.Sequential([keras.Input((6, 3)), layers.Bidirectional(layers.LSTM(5, return_sequences=True)),
                             layers.GRU(4, return_sequences=True), layers.SimpleRNN(3), layers.Dense(2)], name="rnn")

def attention():
    query, value = keras.Input((5, 8), name="query"), keras.Input((3, 6), name="value")
    attended = layers.MultiHeadAttention(2, 4)(query, value)
    return keras.Model([query, value], layers.Dense(2)(layers.GlobalAveragePooling1D()(attended)),
                       name="attention")

def spatial():
    return keras.Sequential([
        keras.Input((6, 7, 3)), layers.ZeroPadding2D(((1, 2), (0, 1))),
        layers.Conv2DTranspose(4, 3, strides=2, padding="same", activation="relu"), layers.Cropping2D(((1, 0), (2, 1))),
        layers.DepthwiseConv2D(3, depth_multiplier=2, padding="same"),
        layers.SeparableConv2D(5, 3, strides=2, activation="tanh"), layers.UpSampling2D((2, 3)),
        layers.Conv2DTranspose(2, (2, 3), strides=(1, 2), output_padding=(0, 1)),
        layers.UpSampling2D(2, interpolation="bilinear"), layers.Permute((3, 1, 2)), layers.GlobalAveragePooling2D(),
        layers.RepeatVector(4), layers.TimeDistributed(layers.Dense(3)), layers.LayerNormalization(),
    ], name="spatial")

def feed(name):
    if name in ("two_inputs", "attention"):
        return [inputs[f"{name}_0"], inputs[f"{name}_1"]]
    return inputs[name]

def predict(model, name):
    return keras.ops.convert_to_numpy(model(feed(name), training=False))

for name in ["mlp", "cnn", "lenet", "two_inputs", "bn", "custom", "rnn", "attention", "spatial"]:
    # axon's files, read by Keras
    outputs[f"{name}/keras"] = predict(keras.models.load_model(f"{d}/axon_{name}.keras"), name)
    outputs[f"{name}/h5"] = predict(keras.models.load_model(f"{d}/axon_{name}.h5"), name)
    model = globals()[name]()
    model.load_weights(f"{d}/axon_{name}.weights.h5")
    outputs[f"{name}/weights.h5"] = predict(model, name)
    # Keras's files, for axon to read: random weights, BatchNormalization statistics included
    model = globals()[name]()
    model.set_weights([w + rng.normal(0, 0.1, w.shape).astype("float32") for w in model.get_weights()])
    model.compile(optimizer="adam", loss="mean_squared_error")
    model.save(f"{d}/keras_{name}.keras")
    model.save(f"{d}/keras_{name}.h5")
    model.save_weights(f"{d}/keras_{name}.weights.h5")
    outputs[f"{name}/prediction"] = predict(model, name)

# Training resumes across frameworks: the optimizer state travels in the .keras file.
tx, ty = inputs["train_x"], inputs["train_y"]
model = keras.models.load_model(f"{d}/axon_trained.keras")
outputs["axon_trained/iterations"] = np.array(int(model.optimizer.iterations))
model.fit(tx, ty, epochs=1, batch_size=32, shuffle=False, verbose=0)
outputs["axon_trained/resumed"] = model.predict(tx, verbose=0)
model = keras.Sequential([keras.Input((4,)), layers.Dense(5, activation="tanh"), layers.Dense(2)])
model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mean_squared_error")
model.fit(tx, ty, epochs=3, batch_size=32, shuffle=False, verbose=0)
model.save(f"{d}/keras_trained.keras")
model.fit(tx, ty, epochs=1, batch_size=32, shuffle=False, verbose=0)
outputs["keras_trained/resumed"] = model.predict(tx, verbose=0)
"""


def _inputs(name, rng):
    shape = ZOO[name][1]
    if isinstance(shape, list):
        return [rng.normal(size=(5, *s)).astype("float32") for s in shape]
    return rng.normal(size=(5, *shape)).astype("float32")


@pytest.fixture(scope="module")
def exchange(tmp_path_factory):
    folder = tmp_path_factory.mktemp("keras_exchange")
    rng = np.random.default_rng(1)
    arrays, expected = {}, {}
    for name, (builder, _) in ZOO.items():
        model = builder()
        # Initial weights plus noise: biases and BatchNormalization statistics are not trivial.
        model.set_weights([w + rng.normal(0, 0.1, w.shape).astype("float32") for w in model.get_weights()])
        model.compile(optimizer=axon.optimizers.Adam(0.01), loss="mse")
        x = _inputs(name, rng)
        if isinstance(x, list):
            arrays.update({f"{name}_{i}": v for i, v in enumerate(x)})
        else:
            arrays[name] = x
        expected[name] = (x, model.predict(x, verbose=0))
        model.save(folder / f"axon_{name}.keras")
        model.save(folder / f"axon_{name}.h5")
        model.save_weights(folder / f"axon_{name}.weights.h5")
    # a trained model whose Adam moments Keras must pick up
    train_x, train_y = rng.normal(size=(32, 4)).astype("float32"), rng.normal(size=(32, 2)).astype("float32")
    trained = Sequential([layers.Input((4,)), layers.Dense(5, activation="tanh"), layers.Dense(2)])
    trained.compile(optimizer=axon.optimizers.Adam(0.01), loss="mse")
    trained.fit(train_x, train_y, epochs=3, batch_size=32, shuffle=False, verbose=0)
    trained.save(folder / "axon_trained.keras")
    trained.fit(train_x, train_y, epochs=1, batch_size=32, shuffle=False, verbose=0)
    expected["axon_trained"] = trained.predict(train_x, verbose=0)
    expected["train"] = (train_x, train_y)
    arrays.update(train_x=train_x, train_y=train_y)
    out = run_reference("keras", SCRIPT, dir=np.array(str(folder)), **arrays)
    return folder, expected, out


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", list(ZOO))
def test_keras_loads_what_axon_saves_and_predicts_the_same(exchange, name, fmt):
    _, expected, out = exchange
    np.testing.assert_allclose(out[f"{name}/{fmt}"], expected[name][1], rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", list(ZOO))
def test_axon_loads_what_keras_saves_and_predicts_the_same(exchange, name, fmt):
    folder, expected, out = exchange
    path = folder / f"keras_{name}.{fmt}"
    if fmt == "weights.h5":
        model = ZOO[name][0]()
        model.load_weights(path)
    else:
        model = axon.keras.models.load_model(path)
        assert model.optimizer is not None and type(model.optimizer).__name__ == "Adam"
    np.testing.assert_allclose(model.predict(expected[name][0], verbose=0), out[f"{name}/prediction"],
                               rtol=1e-5, atol=1e-5)


def test_a_keras_model_loaded_by_axon_trains(exchange):
    folder, expected, _ = exchange
    model = axon.keras.models.load_model(folder / "keras_mlp.keras")
    x = expected["mlp"][0]
    y = np.eye(5, dtype="float32")[[0, 1, 2, 3, 4]]
    before = model.evaluate(x, y, verbose=0)
    model.fit(x, y, epochs=5, verbose=0)
    assert model.evaluate(x, y, verbose=0) < before


def test_training_resumes_across_frameworks_with_the_optimizer_state(exchange):
    folder, expected, out = exchange
    assert int(out["axon_trained/iterations"]) == 3
    np.testing.assert_allclose(out["axon_trained/resumed"], expected["axon_trained"], rtol=1e-5, atol=1e-5)
    train_x, train_y = expected["train"]
    model = axon.keras.models.load_model(folder / "keras_trained.keras")
    assert int(model.optimizer.iterations) == 3
    model.fit(train_x, train_y, epochs=1, batch_size=32, shuffle=False, verbose=0)
    np.testing.assert_allclose(model.predict(train_x, verbose=0), out["keras_trained/resumed"], rtol=1e-5, atol=1e-5)
