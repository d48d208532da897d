"""Guide "The Functional API" (keras.io/guides/functional_api), imports changed only."""

from __future__ import annotations

import numpy as np
import pytest

import axon as tf
from axon import keras
from axon.keras import layers


def _missing(*names):
    return [n for n in names if not hasattr(layers, n)]


def test_mnist_model_trains_saves_and_loads(mnist_like, tmp_path, capsys):
    inputs = keras.Input(shape=(784,))
    dense = layers.Dense(64, activation="relu")
    x = dense(inputs)
    x = layers.Dense(64, activation="relu")(x)
    outputs = layers.Dense(10)(x)
    model = keras.Model(inputs=inputs, outputs=outputs, name="mnist_model")
    model.summary()
    assert "Total params: 55,050" in capsys.readouterr().out  # 784*64+64 + 64*64+64 + 64*10+10

    (x_train, y_train), (x_test, y_test) = mnist_like
    x_train = x_train.reshape(len(x_train), 784).astype("float32") / 255
    x_test = x_test.reshape(len(x_test), 784).astype("float32") / 255
    model.compile(
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        optimizer=keras.optimizers.RMSprop(),
        metrics=["accuracy"],
    )
    history = model.fit(x_train, y_train, batch_size=64, epochs=2, validation_split=0.2, verbose=0)
    assert set(history.history) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert history.history["loss"][1] < history.history["loss"][0]
    test_scores = model.evaluate(x_test, y_test, verbose=0)
    assert test_scores[1] > 0.5  # "Test accuracy"

    model.save(tmp_path / "my_model.keras")
    expected = model.predict(x_test, verbose=0)
    del model
    # Recreate the exact same model purely from the file:
    model = keras.models.load_model(tmp_path / "my_model.keras")
    np.testing.assert_allclose(model.predict(x_test, verbose=0), expected, rtol=1e-6)


def test_one_graph_defines_several_models():
    encoder_input = keras.Input(shape=(28, 28, 1), name="img")
    x = layers.Conv2D(16, 3, activation="relu")(encoder_input)
    x = layers.Conv2D(32, 3, activation="relu")(x)
    x = layers.MaxPooling2D(3)(x)
    x = layers.Conv2D(32, 3, activation="relu")(x)
    x = layers.Conv2D(16, 3, activation="relu")(x)
    encoder_output = layers.GlobalMaxPooling2D()(x)
    encoder = keras.Model(encoder_input, encoder_output, name="encoder")
    assert encoder.output_shape == (None, 16)
    # 28 -> 26 -> 24 -> 8 -> 6 -> 4, params by hand:
    assert encoder.count_params() == (9 * 16 + 16) + (9 * 16 * 32 + 32) + (9 * 32 * 32 + 32) + (9 * 32 * 16 + 16)

    if _missing("Conv2DTranspose", "UpSampling2D"):
        pytest.skip(f"the decoder needs layers.{', '.join(_missing('Conv2DTranspose', 'UpSampling2D'))} "
                    "(issue 11 point 5, not in axon yet)")
    x = layers.Reshape((4, 4, 1))(encoder_output)
    x = layers.Conv2DTranspose(16, 3, activation="relu")(x)
    x = layers.Conv2DTranspose(32, 3, activation="relu")(x)
    x = layers.UpSampling2D(3)(x)
    x = layers.Conv2DTranspose(16, 3, activation="relu")(x)
    decoder_output = layers.Conv2DTranspose(1, 3, activation="relu")(x)
    autoencoder = keras.Model(encoder_input, decoder_output, name="autoencoder")
    assert autoencoder.output_shape == (None, 28, 28, 1)


def get_model():
    inputs = keras.Input(shape=(128,))
    outputs = layers.Dense(1)(inputs)
    return keras.Model(inputs, outputs)


def test_models_are_callable_like_layers_ensembling():
    model1 = get_model()
    model2 = get_model()
    model3 = get_model()
    inputs = keras.Input(shape=(128,))
    y1 = model1(inputs)
    y2 = model2(inputs)
    y3 = model3(inputs)
    if _missing("average"):
        pytest.skip("layers.average is not in axon yet (issue 11 point 5)")
    outputs = layers.average([y1, y2, y3])
    ensemble_model = keras.Model(inputs=inputs, outputs=outputs)
    x = np.random.default_rng(0).normal(size=(4, 128)).astype("float32")
    by_hand = (model1(x).numpy() + model2(x).numpy() + model3(x).numpy()) / 3
    np.testing.assert_allclose(ensemble_model.predict(x, verbose=0), by_hand, rtol=1e-5, atol=1e-6)
    assert ensemble_model.count_params() == 3 * 129


def test_toy_resnet(capsys):
    inputs = keras.Input(shape=(32, 32, 3), name="img")
    x = layers.Conv2D(32, 3, activation="relu")(inputs)
    x = layers.Conv2D(64, 3, activation="relu")(x)
    block_1_output = layers.MaxPooling2D(3)(x)

    x = layers.Conv2D(64, 3, activation="relu", padding="same")(block_1_output)
    x = layers.Conv2D(64, 3, activation="relu", padding="same")(x)
    block_2_output = layers.add([x, block_1_output])

    x = layers.Conv2D(64, 3, activation="relu", padding="same")(block_2_output)
    x = layers.Conv2D(64, 3, activation="relu", padding="same")(x)
    block_3_output = layers.add([x, block_2_output])

    x = layers.Conv2D(64, 3, activation="relu")(block_3_output)
    x = layers.GlobalAveragePooling2D()(x)
    x = layers.Dense(256, activation="relu")(x)
    x = layers.Dropout(0.5)(x)
    outputs = layers.Dense(10)(x)

    model = keras.Model(inputs, outputs, name="toy_resnet")
    model.summary()
    assert "Total params: 223,242" in capsys.readouterr().out  # the guide's figure

    rng = np.random.default_rng(0)
    x_train = rng.uniform(size=(64, 32, 32, 3)).astype("float32")
    y_train = keras.utils.to_categorical(rng.integers(0, 10, 64), 10)
    model.compile(
        optimizer=keras.optimizers.RMSprop(1e-3),
        loss=keras.losses.CategoricalCrossentropy(from_logits=True),
        metrics=["acc"],
    )
    history = model.fit(x_train[:48], y_train[:48], batch_size=16, epochs=1, validation_split=0.25, verbose=0)
    assert set(history.history) == {"loss", "acc", "val_loss", "val_acc"}

    # extract and reuse nodes in the graph of layers
    features_list = [layer.output for layer in model.layers]
    feat_extraction_model = keras.Model(inputs=model.input, outputs=features_list)
    features = feat_extraction_model(tf.ones((1, 32, 32, 3)))
    assert features[0].shape == (1, 32, 32, 3) and features[3].shape == (1, 9, 9, 64)
    np.testing.assert_allclose(features[-1].numpy(), model(tf.ones((1, 32, 32, 3))).numpy(), rtol=1e-5,
                               atol=1e-6)


class CustomDense(layers.Layer):
    def __init__(self, units=32):
        super().__init__()
        self.units = units

    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1], self.units), initializer="random_normal",
                                 trainable=True)
        self.b = self.add_weight(shape=(self.units,), initializer="random_normal", trainable=True)

    def call(self, inputs):
        return tf.matmul(inputs, self.w) + self.b

    def get_config(self):
        return {"units": self.units}


def test_custom_layer_in_a_functional_model_and_from_config():
    inputs = keras.Input((4,))
    outputs = CustomDense(10)(inputs)
    model = keras.Model(inputs, outputs)
    config = model.get_config()
    new_model = keras.Model.from_config(config, custom_objects={"CustomDense": CustomDense})
    assert new_model.count_params() == model.count_params() == 4 * 10 + 10
    new_model.set_weights(model.get_weights())
    x = np.ones((2, 4), "float32")
    np.testing.assert_allclose(new_model(x).numpy(), model(x).numpy(), rtol=1e-6)
