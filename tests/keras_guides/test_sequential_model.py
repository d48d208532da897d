"""Guide "The Sequential model" (keras.io/guides/sequential_model), imports changed only."""

from __future__ import annotations

import numpy as np
import pytest

import axon as tf
from axon import keras
from axon.keras import layers


def test_a_sequential_model_is_a_stack_of_layers():
    model = keras.Sequential(
        [
            layers.Dense(2, activation="relu", name="layer1"),
            layers.Dense(3, activation="relu", name="layer2"),
            layers.Dense(4, name="layer3"),
        ]
    )
    x = tf.ones((3, 3))
    y = model(x)
    assert y.shape == (3, 4)

    # the same as calling the layers one after the other
    layer1, layer2, layer3 = model.layers
    np.testing.assert_allclose(y.numpy(), layer3(layer2(layer1(x))).numpy(), rtol=1e-6)
    assert [layer.name for layer in model.layers] == ["layer1", "layer2", "layer3"]

    model = keras.Sequential()
    model.add(layers.Dense(2, activation="relu"))
    model.add(layers.Dense(3, activation="relu"))
    model.add(layers.Dense(4))
    model.pop()
    assert len(model.layers) == 2


def test_weights_are_created_on_the_first_call():
    layer = layers.Dense(3)
    assert layer.weights == []  # empty until the layer knows its input
    x = tf.ones((1, 4))
    layer(x)
    assert [w.shape for w in layer.weights] == [(4, 3), (3,)]

    model = keras.Sequential([layers.Dense(2, activation="relu"), layers.Dense(3, activation="relu"),
                              layers.Dense(4)])
    with pytest.raises(ValueError, match="isn't built"):  # no weights at this stage
        model.count_params()
    model(tf.ones((1, 4)))
    assert len(model.weights) == 6
    assert model.count_params() == (4 * 2 + 2) + (2 * 3 + 3) + (3 * 4 + 4)


def test_specifying_the_input_shape_in_advance(capsys):
    model = keras.Sequential()
    model.add(keras.Input(shape=(4,)))
    model.add(layers.Dense(2, activation="relu"))
    model.summary()
    assert "Total params: 10" in capsys.readouterr().out
    assert len(model.layers) == 1  # the Input is not a layer of the model

    model = keras.Sequential()
    model.add(layers.Dense(2, activation="relu", input_shape=(4,)))
    assert model.count_params() == 10


def test_summary_while_adding_conv_layers(capsys):
    model = keras.Sequential()
    model.add(keras.Input(shape=(250, 250, 3)))  # 250x250 RGB images
    model.add(layers.Conv2D(32, 5, strides=2, activation="relu"))
    model.add(layers.Conv2D(32, 3, activation="relu"))
    model.add(layers.MaxPooling2D(3))
    model.summary()
    # (250 - 5) // 2 + 1 = 123, then 121, then pooled by 3: 40
    assert model.output_shape == (None, 40, 40, 32)
    assert "Total params: 11,680" in capsys.readouterr().out  # 2,432 + 9,248

    model.add(layers.Conv2D(32, 3, activation="relu"))
    model.add(layers.Conv2D(32, 3, activation="relu"))
    model.add(layers.MaxPooling2D(3))
    model.add(layers.Conv2D(32, 3, activation="relu"))
    model.add(layers.Conv2D(32, 3, activation="relu"))
    model.add(layers.MaxPooling2D(2))
    model.summary()
    assert model.output_shape == (None, 4, 4, 32)  # 40 -> 38 -> 36 -> 12 -> 10 -> 8 -> 4

    model.add(layers.GlobalMaxPooling2D())
    model.add(layers.Dense(10))
    first = 5 * 5 * 3 * 32 + 32
    others = 5 * (3 * 3 * 32 * 32 + 32)
    assert model.count_params() == first + others + 32 * 10 + 10 == 49_002


def test_feature_extraction_with_a_sequential_model():
    initial_model = keras.Sequential(
        [
            keras.Input(shape=(250, 250, 3)),
            layers.Conv2D(32, 5, strides=2, activation="relu"),
            layers.Conv2D(32, 3, activation="relu", name="my_intermediate_layer"),
            layers.Conv2D(32, 3, activation="relu"),
        ]
    )
    feature_extractor = keras.Model(
        inputs=initial_model.inputs,
        outputs=initial_model.get_layer(name="my_intermediate_layer").output,
    )
    x = tf.ones((1, 250, 250, 3))
    features = feature_extractor(x)
    assert features.shape == (1, 121, 121, 32)

    feature_extractor = keras.Model(
        inputs=initial_model.inputs,
        outputs=[layer.output for layer in initial_model.layers],
    )
    features = feature_extractor(x)
    assert [f.shape for f in features] == [(1, 123, 123, 32), (1, 121, 121, 32), (1, 119, 119, 32)]
    np.testing.assert_allclose(features[-1].numpy(), initial_model(x).numpy(), rtol=1e-5, atol=1e-6)


def test_transfer_learning_freezes_all_layers_but_the_last(mnist_like):
    (x_train, y_train), _ = mnist_like
    x_train = x_train.reshape(-1, 784).astype("float32") / 255
    model = keras.Sequential([
        keras.Input(shape=(784,)),
        layers.Dense(32, activation="relu"),
        layers.Dense(32, activation="relu"),
        layers.Dense(32, activation="relu"),
        layers.Dense(10),
    ])
    # Presumably you would want to first load pre-trained weights.
    before = [layer.get_weights() for layer in model.layers]
    # Freeze all layers except the last one.
    for layer in model.layers[:-1]:
        layer.trainable = False
    assert len(model.trainable_weights) == 2

    # Recompile and train (this will only update the weights of the last layer).
    model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    history = model.fit(x_train, y_train, epochs=2, batch_size=64, verbose=0)
    assert history.history["loss"][1] < history.history["loss"][0]
    for layer, weights in zip(model.layers[:-1], before):
        for now, then in zip(layer.get_weights(), weights):
            np.testing.assert_array_equal(now, then)
    assert not np.allclose(model.layers[-1].get_weights()[0], before[-1][0])
