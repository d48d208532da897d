"""Guide "Training & evaluation with the built-in methods"
(keras.io/guides/training_with_built_in_methods), imports changed only."""

from __future__ import annotations

import numpy as np
import pytest

import axon as tf
from axon import keras
from axon.keras import layers


def _mnist(mnist_like):
    (x_train, y_train), (x_test, y_test) = mnist_like
    # Preprocess the data (these are NumPy arrays)
    x_train = x_train.reshape(len(x_train), 784).astype("float32") / 255
    x_test = x_test.reshape(len(x_test), 784).astype("float32") / 255
    y_train = y_train.astype("float32")
    y_test = y_test.astype("float32")
    # Reserve 256 samples for validation
    x_val = x_train[-256:]
    y_val = y_train[-256:]
    x_train = x_train[:-256]
    y_train = y_train[:-256]
    return x_train, y_train, x_val, y_val, x_test, y_test


def get_uncompiled_model():
    inputs = keras.Input(shape=(784,), name="digits")
    x = layers.Dense(64, activation="relu", name="dense_1")(inputs)
    x = layers.Dense(64, activation="relu", name="dense_2")(x)
    outputs = layers.Dense(10, activation="softmax", name="predictions")(x)
    model = keras.Model(inputs=inputs, outputs=outputs)
    return model


def get_compiled_model():
    model = get_uncompiled_model()
    model.compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy",
                  metrics=["sparse_categorical_accuracy"])
    return model


def test_api_overview_a_first_end_to_end_example(mnist_like):
    x_train, y_train, x_val, y_val, x_test, y_test = _mnist(mnist_like)
    model = get_uncompiled_model()
    model.compile(
        optimizer=keras.optimizers.RMSprop(),  # Optimizer
        # Loss function to minimize
        loss=keras.losses.SparseCategoricalCrossentropy(),
        # List of metrics to monitor
        metrics=[keras.metrics.SparseCategoricalAccuracy()],
    )
    history = model.fit(x_train, y_train, batch_size=64, epochs=2,
                        # We pass some validation for monitoring validation loss and metrics at the end of each epoch
                        validation_data=(x_val, y_val), verbose=0)
    assert set(history.history) == {"loss", "sparse_categorical_accuracy", "val_loss",
                                    "val_sparse_categorical_accuracy"}
    results = model.evaluate(x_test, y_test, batch_size=128, verbose=0)
    assert len(results) == 2 and results[1] > 0.5  # "test loss, test acc"
    predictions = model.predict(x_test[:3], verbose=0)
    assert predictions.shape == (3, 10)
    np.testing.assert_allclose(predictions.sum(axis=1), 1.0, rtol=1e-5)


def custom_mean_squared_error(y_true, y_pred):
    return tf.reduce_mean(tf.square(y_true - y_pred), axis=-1)


class CustomMSE(keras.losses.Loss):
    def __init__(self, regularization_factor=0.1, name="custom_mse"):
        super().__init__(name=name)
        self.regularization_factor = regularization_factor

    def call(self, y_true, y_pred):
        mse = tf.reduce_mean(tf.square(y_true - y_pred), axis=-1)
        reg = tf.reduce_mean(tf.square(0.5 - y_pred), axis=-1)
        return mse + reg * self.regularization_factor


class CategoricalTruePositives(keras.metrics.Metric):
    def __init__(self, name="categorical_true_positives", **kwargs):
        super().__init__(name=name, **kwargs)
        self.true_positives = self.add_variable(shape=(), name="ctp", initializer="zeros")

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_pred = tf.reshape(tf.argmax(y_pred, axis=1), (-1, 1))
        values = tf.cast(y_true, "int32") == tf.cast(y_pred, "int32")
        values = tf.cast(values, "float32")
        if sample_weight is not None:
            sample_weight = tf.cast(sample_weight, "float32")
            values = tf.multiply(values, sample_weight)
        self.true_positives.assign_add(tf.reduce_sum(values))

    def result(self):
        return self.true_positives

    def reset_state(self):
        # The state of the metric will be reset at the start of each epoch.
        self.true_positives.assign(0.0)


def test_custom_losses_and_metrics(mnist_like):
    x_train, y_train, *_ = _mnist(mnist_like)
    model = get_uncompiled_model()
    model.compile(optimizer=keras.optimizers.Adam(), loss=custom_mean_squared_error)
    # We need to one-hot encode the labels to use MSE
    y_train_one_hot = keras.utils.to_categorical(y_train, num_classes=10)
    losses = model.fit(x_train, y_train_one_hot, batch_size=64, epochs=2, verbose=0).history["loss"]
    assert losses[1] < losses[0]

    model = get_uncompiled_model()
    model.compile(optimizer=keras.optimizers.Adam(), loss=CustomMSE())
    losses = model.fit(x_train, y_train_one_hot, batch_size=64, epochs=2, verbose=0).history["loss"]
    assert losses[1] < losses[0]

    model = get_uncompiled_model()
    model.compile(
        optimizer=keras.optimizers.RMSprop(learning_rate=1e-3),
        loss=keras.losses.SparseCategoricalCrossentropy(),
        metrics=[CategoricalTruePositives()],
    )
    history = model.fit(x_train, y_train[:, None], batch_size=64, epochs=2, verbose=0).history
    predicted = model.predict(x_train, verbose=0).argmax(axis=1)
    assert history["categorical_true_positives"][-1] <= len(x_train)
    results = model.evaluate(x_train, y_train[:, None], verbose=0, return_dict=True)
    assert results["categorical_true_positives"] == float(np.sum(predicted == y_train))


class ActivityRegularizationLayer(layers.Layer):
    def call(self, inputs):
        self.add_loss(tf.reduce_sum(inputs) * 0.1)
        return inputs  # Pass-through layer.


class LogisticEndpoint(keras.layers.Layer):
    def __init__(self, name=None):
        super().__init__(name=name)
        self.loss_fn = keras.losses.BinaryCrossentropy(from_logits=True)

    def call(self, targets, logits, sample_weights=None):
        # Compute the training-time loss value and add it to the layer using `self.add_loss()`.
        loss = self.loss_fn(targets, logits, sample_weights)
        self.add_loss(loss)
        # Return the inference-time prediction tensor (for `.predict()`).
        return tf.nn.softmax(logits)


def test_handling_losses_that_dont_fit_the_standard_signature(mnist_like):
    x_train, y_train, *_ = _mnist(mnist_like)
    inputs = keras.Input(shape=(784,), name="digits")
    x = layers.Dense(64, activation="relu", name="dense_1")(inputs)
    # Insert activity regularization as a layer
    x = ActivityRegularizationLayer()(x)
    x = layers.Dense(64, activation="relu", name="dense_2")(x)
    outputs = layers.Dense(10, name="predictions")(x)
    model = keras.Model(inputs=inputs, outputs=outputs)
    model.compile(optimizer=keras.optimizers.RMSprop(learning_rate=1e-3),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    # The displayed loss will be much higher than before due to the regularization component.
    history = model.fit(x_train, y_train, batch_size=64, epochs=1, verbose=0)
    assert history.history["loss"][0] > 2.0

    inputs = keras.Input(shape=(3,), name="inputs")
    targets = keras.Input(shape=(10,), name="targets")
    logits = keras.layers.Dense(10)(inputs)
    predictions = LogisticEndpoint(name="predictions")(targets, logits)
    model = keras.Model(inputs=[inputs, targets], outputs=predictions)
    model.compile(optimizer="adam")  # No loss argument!
    data = {
        "inputs": np.random.random((3, 3)),
        "targets": np.random.random((3, 10)),
    }
    history = model.fit(data, verbose=0)
    assert len(history.history["loss"]) == 1 and history.history["loss"][0] > 0


def test_automatically_setting_apart_a_validation_holdout_set(mnist_like):
    x_train, y_train, *_ = _mnist(mnist_like)
    model = get_compiled_model()
    history = model.fit(x_train, y_train, batch_size=64, validation_split=0.2, epochs=1, verbose=0)
    assert "val_sparse_categorical_accuracy" in history.history


def test_training_and_evaluation_from_datasets(mnist_like):
    x_train, y_train, x_val, y_val, x_test, y_test = _mnist(mnist_like)
    model = get_compiled_model()
    # First, let's create a training Dataset instance.
    train_dataset = tf.data.Dataset.from_tensor_slices((x_train, y_train))
    # Shuffle and slice the dataset.
    train_dataset = train_dataset.shuffle(buffer_size=1024).batch(64)
    # Now we get a test dataset.
    test_dataset = tf.data.Dataset.from_tensor_slices((x_test, y_test))
    test_dataset = test_dataset.batch(64)
    # Since the dataset already takes care of batching, we don't pass a `batch_size` argument.
    model.fit(train_dataset, epochs=2, verbose=0)
    result = model.evaluate(test_dataset, verbose=0, return_dict=True)
    assert set(result) == {"loss", "sparse_categorical_accuracy"}

    # Only use the 5 batches per epoch (that's 5 * 64 samples)
    model = get_compiled_model()
    history = model.fit(train_dataset, epochs=2, steps_per_epoch=5, verbose=0)
    assert model.optimizer.iterations.numpy() == 10 and len(history.history["loss"]) == 2

    # Prepare the validation dataset
    val_dataset = tf.data.Dataset.from_tensor_slices((x_val, y_val)).batch(64)
    history = model.fit(train_dataset, epochs=1, validation_data=val_dataset, validation_steps=2, verbose=0)
    assert "val_loss" in history.history


def test_sample_weights_and_class_weights(mnist_like):
    x_train, y_train, *_ = _mnist(mnist_like)
    class_weight = {0: 1.0, 1: 1.0, 2: 1.0, 3: 1.0, 4: 1.0,
                    # Set weight "2" for class "5", making this class 2x more important
                    5: 2.0, 6: 1.0, 7: 1.0, 8: 1.0, 9: 1.0}
    model = get_compiled_model()
    history = model.fit(x_train, y_train, class_weight=class_weight, batch_size=64, epochs=1, verbose=0)

    sample_weight = np.ones(shape=(len(y_train),))
    sample_weight[y_train == 5] = 2.0
    model2 = get_compiled_model()
    model2.set_weights(model.get_weights())
    model.set_weights(model2.get_weights())
    a = model.evaluate(x_train, y_train, sample_weight=sample_weight, verbose=0)
    model2.compile(optimizer="rmsprop", loss="sparse_categorical_crossentropy")
    b = model2.evaluate(x_train, y_train, sample_weight=sample_weight, verbose=0)
    assert a[0] == pytest.approx(b, rel=1e-6) and history.history["loss"][0] > 0


def test_passing_data_to_multi_input_multi_output_models():
    image_input = keras.Input(shape=(32, 32, 3), name="img_input")
    timeseries_input = keras.Input(shape=(None, 10), name="ts_input")
    x1 = layers.Conv2D(3, 3)(image_input)
    x1 = layers.GlobalMaxPooling2D()(x1)
    x2 = layers.Conv1D(3, 3)(timeseries_input)
    x2 = layers.GlobalMaxPooling1D()(x2)
    x = layers.concatenate([x1, x2])
    score_output = layers.Dense(1, name="score_output")(x)
    class_output = layers.Dense(5, name="class_output")(x)
    model = keras.Model(inputs=[image_input, timeseries_input], outputs=[score_output, class_output])
    assert model.count_params() == (27 * 3 + 3) + (30 * 3 + 3) + (6 + 1) + (6 * 5 + 5)

    model.compile(
        optimizer=keras.optimizers.RMSprop(1e-3),
        loss={"score_output": keras.losses.MeanSquaredError(),
              "class_output": keras.losses.CategoricalCrossentropy()},
        metrics={"score_output": [keras.metrics.MeanAbsoluteError()],
                 "class_output": [keras.metrics.CategoricalAccuracy()]},
        loss_weights={"score_output": 2.0, "class_output": 1.0},
    )
    # Generate dummy NumPy data
    img_data = np.random.random_sample(size=(100, 32, 32, 3))
    ts_data = np.random.random_sample(size=(100, 20, 10))
    score_targets = np.random.random_sample(size=(100, 1))
    class_targets = np.random.random_sample(size=(100, 5))
    # Fit on dicts (the guide feeds raw scores to CategoricalCrossentropy: axon says so)
    with pytest.warns(UserWarning, match="looks like logits"):
        history = model.fit({"img_input": img_data, "ts_input": ts_data},
                            {"score_output": score_targets, "class_output": class_targets},
                            batch_size=32, epochs=1, verbose=0)
    assert {"loss", "score_output_loss", "class_output_loss"} <= set(history.history)
    logs = history.history
    assert logs["loss"][0] == pytest.approx(2.0 * logs["score_output_loss"][0] + logs["class_output_loss"][0],
                                            rel=1e-4)


def test_using_callbacks(mnist_like):
    x_train, y_train, *_ = _mnist(mnist_like)
    model = get_compiled_model()
    callbacks = [
        keras.callbacks.EarlyStopping(
            # Stop training when `val_loss` is no longer improving
            monitor="val_loss",
            # "no longer improving" being defined as "no better than 1e-2 less"
            min_delta=1e-2,
            # "no longer improving" being further defined as "for at least 2 epochs"
            patience=2,
            verbose=1,
        )
    ]
    history = model.fit(x_train, y_train, epochs=20, batch_size=64, callbacks=callbacks, validation_split=0.2,
                        verbose=0)
    assert len(history.history["loss"]) < 20

    class LossHistory(keras.callbacks.Callback):
        def on_train_begin(self, logs):
            self.per_batch_losses = []

        def on_batch_end(self, batch, logs):
            self.per_batch_losses.append(logs.get("loss"))

        def on_train_batch_end(self, batch, logs):
            self.on_batch_end(batch, logs)

    loss_history = LossHistory()
    model.fit(x_train[:128], y_train[:128], batch_size=64, epochs=1, callbacks=[loss_history], verbose=0)
    assert len(loss_history.per_batch_losses) == 2


def test_using_learning_rate_schedules(mnist_like):
    x_train, y_train, *_ = _mnist(mnist_like)
    initial_learning_rate = 0.1
    lr_schedule = keras.optimizers.schedules.ExponentialDecay(
        initial_learning_rate, decay_steps=100000, decay_rate=0.96, staircase=True
    )
    optimizer = keras.optimizers.RMSprop(learning_rate=lr_schedule)
    assert float(optimizer.learning_rate) == pytest.approx(0.1)
    model = get_uncompiled_model()
    model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy")
    model.fit(x_train[:64], y_train[:64], epochs=1, verbose=0)
    assert optimizer.iterations.numpy() == 2
