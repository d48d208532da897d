"""keras.io example "Simple custom layer example: Antirectifier"
(examples/keras_recipes/antirectifier), imports changed only, on a small slice."""

from __future__ import annotations

import numpy as np

import axon as tf
from axon import keras
from axon.keras import layers


class Antirectifier(layers.Layer):
    def __init__(self, initializer="he_normal", **kwargs):
        super().__init__(**kwargs)
        self.initializer = keras.initializers.get(initializer)

    def build(self, input_shape):
        output_dim = input_shape[-1]
        self.kernel = self.add_weight(
            shape=(output_dim * 2, output_dim),
            initializer=self.initializer,
            name="kernel",
            trainable=True,
        )

    def call(self, inputs):
        inputs -= tf.reduce_mean(inputs, axis=-1, keepdims=True)
        pos = tf.nn.relu(inputs)
        neg = tf.nn.relu(-inputs)
        concatenated = tf.concat([pos, neg], axis=-1)
        mixed = tf.matmul(concatenated, self.kernel)
        return mixed

    def get_config(self):
        # Implement get_config to enable serialization. This is optional.
        base_config = super().get_config()
        config = {"initializer": keras.initializers.serialize(self.initializer)}
        return dict(list(base_config.items()) + list(config.items()))


def test_antirectifier_forward_by_hand():
    layer = Antirectifier()
    x = np.array([[1.0, -2.0, 4.0]], np.float32)
    out = layer(x).numpy()
    centred = x - x.mean(axis=-1, keepdims=True)
    by_hand = np.concatenate([np.maximum(centred, 0), np.maximum(-centred, 0)], axis=-1) @ layer.kernel.numpy()
    np.testing.assert_allclose(out, by_hand, rtol=1e-5)
    assert layer.kernel.shape == (6, 3)
    clone = Antirectifier.from_config(layer.get_config())
    assert clone.get_config() == layer.get_config()


def test_test_drive_it_on_mnist(mnist_like):
    # Training parameters
    batch_size = 128
    epochs = 2

    # The data, split between train and test sets
    (x_train, y_train), (x_test, y_test) = mnist_like
    x_train = x_train.reshape(-1, 784)
    x_test = x_test.reshape(-1, 784)
    x_train = x_train.astype("float32")
    x_test = x_test.astype("float32")
    x_train /= 255
    x_test /= 255

    # Build the model
    model = keras.Sequential(
        [
            keras.Input(shape=(784,)),
            layers.Dense(256),
            Antirectifier(),
            layers.Dense(256),
            Antirectifier(),
            layers.Dropout(0.5),
            layers.Dense(10),
        ]
    )
    # 784*256+256, 512*256, 256*256+256, 512*256, 256*10+10
    assert model.count_params() == 200_960 + 131_072 + 65_792 + 131_072 + 2_570

    # Compile the model
    model.compile(
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        optimizer=keras.optimizers.RMSprop(),
        metrics=[keras.metrics.SparseCategoricalAccuracy()],
    )
    # Train the model
    history = model.fit(x_train, y_train, batch_size=batch_size, epochs=epochs, validation_split=0.15, verbose=0)
    assert history.history["loss"][1] < history.history["loss"][0]
    # Test the model
    loss, accuracy = model.evaluate(x_test, y_test, verbose=0)
    assert accuracy > 0.5
