"""Guide "Writing a training loop from scratch in TensorFlow"
(keras.io/guides/writing_a_custom_training_loop_in_tensorflow), imports changed only."""

from __future__ import annotations

import numpy as np
import pytest

import axon as tf
from axon import keras


def get_model():
    inputs = keras.Input(shape=(784,), name="digits")
    x1 = keras.layers.Dense(64, activation="relu")(inputs)
    x2 = keras.layers.Dense(64, activation="relu")(x1)
    outputs = keras.layers.Dense(10, name="predictions")(x2)
    model = keras.Model(inputs=inputs, outputs=outputs)
    return model


def _datasets(mnist_like, batch_size=32):
    (x_train, y_train), (x_test, y_test) = mnist_like
    x_train = np.reshape(x_train, (-1, 784)).astype("float32") / 255
    x_test = np.reshape(x_test, (-1, 784)).astype("float32") / 255
    # Reserve 256 samples for validation.
    x_val = x_train[-256:]
    y_val = y_train[-256:]
    x_train = x_train[:-256]
    y_train = y_train[:-256]
    # Prepare the training dataset.
    train_dataset = tf.data.Dataset.from_tensor_slices((x_train, y_train))
    train_dataset = train_dataset.shuffle(buffer_size=1024).batch(batch_size)
    # Prepare the validation dataset.
    val_dataset = tf.data.Dataset.from_tensor_slices((x_val, y_val))
    val_dataset = val_dataset.batch(batch_size)
    return train_dataset, val_dataset


def test_an_end_to_end_example_with_metrics(mnist_like):
    model = get_model()
    # Instantiate an optimizer to train the model.
    optimizer = keras.optimizers.Adam(learning_rate=1e-3)
    # Instantiate a loss function.
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    # Prepare the metrics.
    train_acc_metric = keras.metrics.SparseCategoricalAccuracy()
    val_acc_metric = keras.metrics.SparseCategoricalAccuracy()
    train_dataset, val_dataset = _datasets(mnist_like)

    epochs = 3
    first_losses, train_accs, val_accs = [], [], []
    for epoch in range(epochs):  # noqa: B007  (the guide's loop, as written)
        # Iterate over the batches of the dataset.
        for step, (x_batch_train, y_batch_train) in enumerate(train_dataset):
            # Open a GradientTape to record the operations run during the forward pass,
            # which enables auto-differentiation.
            with tf.GradientTape() as tape:
                # Run the forward pass of the layer.
                logits = model(x_batch_train, training=True)  # Logits for this minibatch
                # Compute the loss value for this minibatch.
                loss_value = loss_fn(y_batch_train, logits)
            # Use the gradient tape to automatically retrieve the gradients of the trainable variables
            # with respect to the loss.
            grads = tape.gradient(loss_value, model.trainable_weights)
            # Run one step of gradient descent by updating the value of the variables to minimize the loss.
            optimizer.apply_gradients(zip(grads, model.trainable_weights))
            # Update training metric.
            train_acc_metric.update_state(y_batch_train, logits)
            if step == 0:
                first_losses.append(float(loss_value))
        # Display metrics at the end of each epoch.
        train_acc = train_acc_metric.result()
        train_accs.append(float(train_acc))
        # Reset training metrics at the end of each epoch
        train_acc_metric.reset_state()
        # Run a validation loop at the end of each epoch.
        for x_batch_val, y_batch_val in val_dataset:
            val_logits = model(x_batch_val, training=False)
            # Update val metrics
            val_acc_metric.update_state(y_batch_val, val_logits)
        val_acc = val_acc_metric.result()
        val_accs.append(float(val_acc))
        val_acc_metric.reset_state()
    assert first_losses[-1] < first_losses[0]
    assert train_accs[-1] > train_accs[0] and val_accs[-1] > 0.5
    assert optimizer.iterations.numpy() == 3 * 24  # 768 training samples in batches of 32


def test_speeding_up_the_training_step_with_tf_function(mnist_like):
    if not hasattr(tf, "function"):
        pytest.skip("tf.function is not in axon yet (issue 11 point 3)")
    model = get_model()
    optimizer = keras.optimizers.Adam(learning_rate=1e-3)
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    train_acc_metric = keras.metrics.SparseCategoricalAccuracy()
    val_acc_metric = keras.metrics.SparseCategoricalAccuracy()
    train_dataset, val_dataset = _datasets(mnist_like)

    @tf.function
    def train_step(x, y):
        with tf.GradientTape() as tape:
            logits = model(x, training=True)
            loss_value = loss_fn(y, logits)
        grads = tape.gradient(loss_value, model.trainable_weights)
        optimizer.apply_gradients(zip(grads, model.trainable_weights))
        train_acc_metric.update_state(y, logits)
        return loss_value

    @tf.function
    def test_step(x, y):
        val_logits = model(x, training=False)
        val_acc_metric.update_state(y, val_logits)

    losses = []
    for _epoch in range(2):
        for x_batch_train, y_batch_train in train_dataset:
            losses.append(float(train_step(x_batch_train, y_batch_train)))
        train_acc_metric.reset_state()
        for x_batch_val, y_batch_val in val_dataset:
            test_step(x_batch_val, y_batch_val)
    assert np.mean(losses[-24:]) < np.mean(losses[:24])
    assert float(val_acc_metric.result()) > 0.5


class ActivityRegularizationLayer(keras.layers.Layer):
    def call(self, inputs):
        self.add_loss(1e-2 * tf.reduce_sum(inputs))
        return inputs


def test_low_level_handling_of_losses_tracked_by_the_model(mnist_like):
    inputs = keras.Input(shape=(784,), name="digits")
    x = keras.layers.Dense(64, activation="relu")(inputs)
    # Insert activity regularization as a layer
    x = ActivityRegularizationLayer()(x)
    x = keras.layers.Dense(64, activation="relu")(x)
    outputs = keras.layers.Dense(10, name="predictions")(x)
    model = keras.Model(inputs=inputs, outputs=outputs)
    optimizer = keras.optimizers.Adam(learning_rate=1e-3)
    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    train_dataset, _ = _datasets(mnist_like)

    for x_batch_train, y_batch_train in train_dataset.take(5):
        with tf.GradientTape() as tape:
            logits = model(x_batch_train, training=True)
            loss_value = loss_fn(y_batch_train, logits)
            # Add any extra losses created during the forward pass.
            loss_value += sum(model.losses)
        grads = tape.gradient(loss_value, model.trainable_weights)
        optimizer.apply_gradients(zip(grads, model.trainable_weights))
        assert len(model.losses) == 1  # one per forward pass, replaced by the next
    model(x_batch_train)  # with the final weights
    hidden = keras.Model(model.input, model.layers[1].output)(x_batch_train).numpy()
    assert float(model.losses[0]) == pytest.approx(1e-2 * float(hidden.sum()), rel=1e-4)
