"""keras.io example "Trainer pattern" (examples/keras_recipes/trainer_pattern), imports
changed only, on a slice of the data for one epoch each."""

from __future__ import annotations

import numpy as np

import axon as tf
from axon import keras


class MyTrainer(keras.Model):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def train_step(self, data):
        x, y = data
        with tf.GradientTape() as tape:
            y_pred = self.model(x, training=True)  # Forward pass
            # Compute loss value
            loss = self.compiled_loss(y, y_pred, regularization_losses=self.losses)
        # Compute gradients
        trainable_vars = self.trainable_variables
        gradients = tape.gradient(loss, trainable_vars)
        # Update weights
        self.optimizer.apply_gradients(zip(gradients, trainable_vars))
        # Update metrics configured in `compile()`
        self.compiled_metrics.update_state(y, y_pred)
        # Return a dict mapping metric names to current value.
        return {m.name: m.result() for m in self.metrics}

    def call(self, x):
        # Equivalent to `call()` of the wrapped keras.Model
        x = self.model(x)
        return x


def test_trainer_pattern(mnist_like):
    (x_train, y_train), (x_test, y_test) = mnist_like
    x_train, x_test = x_train / 255.0, x_test / 255.0

    # A model defined using Sequential API
    model_a = keras.models.Sequential(
        [
            keras.layers.Flatten(input_shape=(28, 28)),
            keras.layers.Dense(256, activation="relu"),
            keras.layers.Dropout(0.2),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )
    # A model defined using Functional API
    func_input = keras.Input(shape=(28, 28, 1))
    x = keras.layers.Flatten(input_shape=(28, 28))(func_input)
    x = keras.layers.Dense(512, activation="relu")(x)
    x = keras.layers.Dropout(0.4)(x)
    func_output = keras.layers.Dense(10, activation="softmax")(x)
    model_b = keras.Model(func_input, func_output)
    assert model_a.count_params() == 784 * 256 + 256 + 2570
    assert model_b.count_params() == 784 * 512 + 512 + 5130

    trainer_1 = MyTrainer(model_a)
    trainer_2 = MyTrainer(model_b)

    trainer_1.compile(keras.optimizers.SGD(), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    h1 = trainer_1.fit(x_train, y_train, epochs=2, batch_size=64, validation_data=(x_test, y_test), verbose=0)
    trainer_2.compile(keras.optimizers.Adam(), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    h2 = trainer_2.fit(x_train, y_train, epochs=1, batch_size=64, validation_data=(x_test, y_test), verbose=0)

    assert set(h1.history) == set(h2.history) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert h1.history["loss"][1] < h1.history["loss"][0]
    assert h2.history["val_accuracy"][0] > 0.5
    # the trainer's metrics are the wrapped model's: its loss on the test set by hand
    probabilities = model_b.predict(x_test, verbose=0)
    by_hand = -np.mean(np.log(probabilities[np.arange(len(y_test)), y_test]))
    assert abs(h2.history["val_loss"][0] - by_hand) < 1e-4
