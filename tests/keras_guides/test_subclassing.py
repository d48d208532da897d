"""Guide "Making new layers and models via subclassing"
(keras.io/guides/making_new_layers_and_models_via_subclassing), imports changed only."""

from __future__ import annotations

import numpy as np
import pytest

import axon as tf
from axon import keras
from axon.keras import layers


class Linear(keras.layers.Layer):
    def __init__(self, units=32, input_dim=32):
        super().__init__()
        self.w = self.add_weight(shape=(input_dim, units), initializer="random_normal", trainable=True)
        self.b = self.add_weight(shape=(units,), initializer="zeros", trainable=True)

    def call(self, inputs):
        return tf.matmul(inputs, self.w) + self.b


class ComputeSum(keras.layers.Layer):
    def __init__(self, input_dim):
        super().__init__()
        self.total = self.add_weight(initializer="zeros", shape=(input_dim,), trainable=False)

    def call(self, inputs):
        self.total.assign_add(tf.reduce_sum(inputs, axis=0))
        return self.total


class LazyLinear(keras.layers.Layer):
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


class MLPBlock(keras.layers.Layer):
    def __init__(self):
        super().__init__()
        self.linear_1 = LazyLinear(32)
        self.linear_2 = LazyLinear(32)
        self.linear_3 = LazyLinear(1)

    def call(self, inputs):
        x = self.linear_1(inputs)
        x = tf.nn.relu(x)
        x = self.linear_2(x)
        x = tf.nn.relu(x)
        return self.linear_3(x)


def test_weights_and_state():
    x = tf.ones((2, 2))
    linear_layer = Linear(4, 2)
    y = linear_layer(x)
    np.testing.assert_allclose(y.numpy(), x.numpy() @ linear_layer.w.numpy(), rtol=1e-6)
    assert linear_layer.weights == [linear_layer.w, linear_layer.b]

    my_sum = ComputeSum(2)
    y = my_sum(x)
    np.testing.assert_array_equal(y.numpy(), [2.0, 2.0])
    y = my_sum(x)
    np.testing.assert_array_equal(y.numpy(), [4.0, 4.0])
    assert len(my_sum.weights) == 1 and len(my_sum.non_trainable_weights) == 1
    assert my_sum.trainable_weights == []


def test_layers_are_recursively_composable():
    mlp = MLPBlock()
    y = mlp(tf.ones(shape=(3, 64)))  # the first call to the `mlp` will create the weights
    assert y.shape == (3, 1)
    assert len(mlp.weights) == 6 and len(mlp.trainable_weights) == 6
    assert mlp.count_params() == (64 * 32 + 32) + (32 * 32 + 32) + (32 + 1)


class ActivityRegularizationLayer(keras.layers.Layer):
    def __init__(self, rate=1e-2):
        super().__init__()
        self.rate = rate

    def call(self, inputs):
        self.add_loss(self.rate * tf.reduce_mean(inputs))
        return inputs


class OuterLayer(keras.layers.Layer):
    def __init__(self):
        super().__init__()
        self.activity_reg = ActivityRegularizationLayer(1e-2)

    def call(self, inputs):
        return self.activity_reg(inputs)


class OuterLayerWithKernelRegularizer(keras.layers.Layer):
    def __init__(self):
        super().__init__()
        self.dense = keras.layers.Dense(32, kernel_regularizer=keras.regularizers.l2(1e-3))

    def call(self, inputs):
        return self.dense(inputs)


def test_add_loss_collects_losses_during_the_forward_pass():
    layer = OuterLayer()
    assert len(layer.losses) == 0  # No losses yet since the layer has never been called
    _ = layer(tf.zeros((1, 1)))
    assert len(layer.losses) == 1  # We created one loss value
    # `layer.losses` gets reset at the start of each __call__
    _ = layer(tf.zeros((1, 1)))
    assert len(layer.losses) == 1  # This is the loss created during the call above

    layer = OuterLayerWithKernelRegularizer()
    _ = layer(tf.zeros((1, 1)))
    assert len(layer.losses) == 1
    kernel = layer.dense.kernel.numpy()
    assert float(layer.losses[0]) == pytest.approx(1e-3 * float(np.sum(kernel ** 2)), rel=1e-5)

    inputs = keras.Input(shape=(3,))
    outputs = ActivityRegularizationLayer()(inputs)
    model = keras.Model(inputs, outputs)
    # If there is a loss passed in `compile`, the regularization losses get added to it
    model.compile(optimizer="adam", loss="mse")
    with pytest.warns(UserWarning, match="no trainable weights"):  # as Keras warns: this model has none
        model.fit(np.random.random((2, 3)), np.random.random((2, 3)), verbose=0)
    # It's also possible not to pass any loss in `compile`, since the model already has a loss to minimize
    model.compile(optimizer="adam")
    with pytest.warns(UserWarning, match="no trainable weights"):
        history = model.fit(np.ones((2, 3)), np.random.random((2, 3)), verbose=0)
    assert history.history["loss"][0] == pytest.approx(1e-2, rel=1e-5)  # rate * mean(ones)


class CustomDropout(keras.layers.Layer):
    def __init__(self, rate, **kwargs):
        super().__init__(**kwargs)
        self.rate = rate

    def call(self, inputs, training=None):
        if training:
            return tf.nn.dropout(inputs, rate=self.rate)
        return inputs


def test_the_training_argument():
    layer = CustomDropout(0.5)
    x = tf.ones((100, 100))
    np.testing.assert_array_equal(layer(x).numpy(), x.numpy())
    dropped = layer(x, training=True).numpy()
    assert set(np.unique(dropped)) <= {0.0, 2.0} and 0.4 < np.mean(dropped == 0.0) < 0.6


def test_get_config_and_from_config():
    layer = LazyLinear(64)
    config = layer.get_config()
    assert config == {"units": 64}
    new_layer = LazyLinear.from_config(config)
    assert new_layer.units == 64


class Sampling(layers.Layer):
    """Uses (z_mean, z_log_var) to sample z, the vector encoding a digit."""

    def call(self, inputs):
        z_mean, z_log_var = inputs
        batch = tf.shape(z_mean)[0] if hasattr(tf, "shape") else z_mean.shape[0]
        dim = z_mean.shape[1]
        epsilon = tf.random.normal(shape=(batch, dim))
        return z_mean + tf.exp(0.5 * z_log_var) * epsilon


class Encoder(layers.Layer):
    """Maps MNIST digits to a triplet (z_mean, z_log_var, z)."""

    def __init__(self, latent_dim=32, intermediate_dim=64, name="encoder", **kwargs):
        super().__init__(name=name, **kwargs)
        self.dense_proj = layers.Dense(intermediate_dim, activation="relu")
        self.dense_mean = layers.Dense(latent_dim)
        self.dense_log_var = layers.Dense(latent_dim)
        self.sampling = Sampling()

    def call(self, inputs):
        x = self.dense_proj(inputs)
        z_mean = self.dense_mean(x)
        z_log_var = self.dense_log_var(x)
        z = self.sampling((z_mean, z_log_var))
        return z_mean, z_log_var, z


class Decoder(layers.Layer):
    """Converts z, the encoded digit vector, back into a readable digit."""

    def __init__(self, original_dim, intermediate_dim=64, name="decoder", **kwargs):
        super().__init__(name=name, **kwargs)
        self.dense_proj = layers.Dense(intermediate_dim, activation="relu")
        self.dense_output = layers.Dense(original_dim, activation="sigmoid")

    def call(self, inputs):
        x = self.dense_proj(inputs)
        return self.dense_output(x)


class VariationalAutoEncoder(keras.Model):
    """Combines the encoder and decoder into an end-to-end model for training."""

    def __init__(self, original_dim, intermediate_dim=64, latent_dim=32, name="autoencoder", **kwargs):
        super().__init__(name=name, **kwargs)
        self.original_dim = original_dim
        self.encoder = Encoder(latent_dim=latent_dim, intermediate_dim=intermediate_dim)
        self.decoder = Decoder(original_dim, intermediate_dim=intermediate_dim)

    def call(self, inputs):
        z_mean, z_log_var, z = self.encoder(inputs)
        reconstructed = self.decoder(z)
        # Add KL divergence regularization loss.
        kl_loss = -0.5 * tf.reduce_mean(z_log_var - tf.square(z_mean) - tf.exp(z_log_var) + 1)
        self.add_loss(kl_loss)
        return reconstructed


def test_end_to_end_vae_with_a_training_loop_and_with_fit(mnist_like):
    (x_train, _), _ = mnist_like
    x_train = x_train.reshape(len(x_train), 784).astype("float32") / 255
    original_dim = 784
    vae = VariationalAutoEncoder(original_dim, 64, 32)
    optimizer = keras.optimizers.Adam(learning_rate=1e-3)
    mse_loss_fn = keras.losses.MeanSquaredError()
    loss_metric = keras.metrics.Mean()

    train_dataset = tf.data.Dataset.from_tensor_slices(x_train)
    train_dataset = train_dataset.shuffle(buffer_size=1024).batch(64)

    epoch_losses = []
    for epoch in range(2):  # noqa: B007  (the guide's loop, as written)
        for step, x_batch_train in enumerate(train_dataset):  # noqa: B007
            with tf.GradientTape() as tape:
                reconstructed = vae(x_batch_train)
                # Compute reconstruction loss
                loss = mse_loss_fn(x_batch_train, reconstructed)
                loss += sum(vae.losses)  # Add KLD regularization loss
            grads = tape.gradient(loss, vae.trainable_weights)
            optimizer.apply_gradients(zip(grads, vae.trainable_weights))
            loss_metric(loss)
        epoch_losses.append(float(loss_metric.result()))
        loss_metric.reset_state()
    assert epoch_losses[1] < epoch_losses[0]
    assert len(vae.trainable_weights) == 10  # 3 Dense in the encoder, 2 in the decoder

    # Since VariationalAutoEncoder subclasses Model, it has built-in training loops too
    vae = VariationalAutoEncoder(784, 64, 32)
    vae.compile(optimizer, loss=keras.losses.MeanSquaredError())
    history = vae.fit(x_train, x_train, epochs=2, batch_size=64, verbose=0)
    assert history.history["loss"][1] < history.history["loss"][0]
