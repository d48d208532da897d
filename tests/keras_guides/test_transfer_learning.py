"""Guide "Transfer learning & fine-tuning" (keras.io/guides/transfer_learning), imports
changed only; the pretrained Xception is replaced by a small convolutional base
trained here first (no downloads in tests)."""

from __future__ import annotations

import numpy as np

from axon import keras
from axon.keras import layers


def test_freezing_layers_understanding_the_trainable_attribute():
    layer = keras.layers.Dense(3)
    layer.build((None, 4))  # Create the weights
    assert (len(layer.weights), len(layer.trainable_weights), len(layer.non_trainable_weights)) == (2, 2, 0)

    layer = keras.layers.BatchNormalization()
    layer.build((None, 4))  # Create the weights
    assert (len(layer.weights), len(layer.trainable_weights), len(layer.non_trainable_weights)) == (4, 2, 2)

    layer = keras.layers.Dense(3)
    layer.build((None, 4))  # Create the weights
    layer.trainable = False  # Freeze the layer
    assert (len(layer.weights), len(layer.trainable_weights), len(layer.non_trainable_weights)) == (2, 0, 2)


def test_a_frozen_layer_does_not_change_during_training():
    # Make a model with 2 layers
    layer1 = keras.layers.Dense(3, activation="relu")
    layer2 = keras.layers.Dense(3, activation="sigmoid")
    model = keras.Sequential([keras.Input(shape=(3,)), layer1, layer2])
    # Freeze the first layer
    layer1.trainable = False
    # Keep a copy of the weights of layer1 for later reference
    initial_layer1_weights_values = layer1.get_weights()
    initial_layer2_weights_values = layer2.get_weights()
    # Train the model
    model.compile(optimizer="adam", loss="mse")
    model.fit(np.random.random((2, 3)), np.random.random((2, 3)), verbose=0)
    # Check that the weights of layer1 have not changed during training
    final_layer1_weights_values = layer1.get_weights()
    np.testing.assert_allclose(initial_layer1_weights_values[0], final_layer1_weights_values[0])
    np.testing.assert_allclose(initial_layer1_weights_values[1], final_layer1_weights_values[1])
    assert not np.allclose(initial_layer2_weights_values[0], layer2.get_weights()[0])


def test_recursive_setting_of_the_trainable_attribute():
    inner_model = keras.Sequential([
        keras.Input(shape=(3,)),
        keras.layers.Dense(3, activation="relu"),
        keras.layers.Dense(3, activation="relu"),
    ])
    model = keras.Sequential([keras.Input(shape=(3,)), inner_model, keras.layers.Dense(3, activation="sigmoid")])
    model.trainable = False  # Freeze the outer model
    assert inner_model.trainable is False  # All layers in `model` are now frozen
    assert inner_model.layers[0].trainable is False  # `trainable` is propagated recursively


def _pretrained_base(x, y):
    """Stands in for keras.applications.Xception(weights="imagenet", include_top=False)."""
    base = keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        layers.Conv2D(8, 3, activation="relu"),
        layers.BatchNormalization(),
        layers.MaxPooling2D(2),
        layers.Conv2D(16, 3, activation="relu"),
    ], name="base")
    pretrain = keras.Sequential([base, layers.GlobalAveragePooling2D(), layers.Dense(10)])
    pretrain.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    pretrain.fit(x, y, epochs=1, batch_size=64, verbose=0)
    return base


def test_the_typical_transfer_learning_workflow(mnist_like):
    (x_train, y_train), (x_test, y_test) = mnist_like
    x_train = x_train[..., None].astype("float32") / 255
    x_test = x_test[..., None].astype("float32") / 255
    base_model = _pretrained_base(x_train[:512], y_train[:512])
    # the new task: is it class 0?
    new_x, new_y = x_train[512:], (y_train[512:] == 0).astype("float32")

    data_augmentation = keras.Sequential([layers.RandomFlip("horizontal"), layers.RandomRotation(0.1)])
    base_model.trainable = False
    bn = base_model.layers[1]
    moving_mean = bn.moving_mean.numpy().copy()
    base_before = base_model.get_weights()

    # Create new model on top
    inputs = keras.Input(shape=(28, 28, 1))
    x = data_augmentation(inputs)  # Apply random data augmentation
    # The base model contains batchnorm layers. We want to keep them in inference mode when we unfreeze
    # the base model for fine-tuning, so we make sure that the base_model is running in inference mode here.
    x = base_model(x, training=False)
    x = keras.layers.GlobalAveragePooling2D()(x)
    x = keras.layers.Dropout(0.2)(x)  # Regularize with dropout
    outputs = keras.layers.Dense(1)(x)
    model = keras.Model(inputs, outputs)
    assert len(model.trainable_weights) == 2  # the new head only
    assert model.count_params() == base_model.count_params() + 16 + 1

    model.compile(
        optimizer=keras.optimizers.Adam(),
        loss=keras.losses.BinaryCrossentropy(from_logits=True),
        metrics=[keras.metrics.BinaryAccuracy()],
    )
    history = model.fit(new_x, new_y, epochs=2, batch_size=64, validation_data=(x_test, (y_test == 0) * 1.0),
                        verbose=0)
    assert history.history["loss"][1] < history.history["loss"][0]
    for a, b in zip(base_before, base_model.get_weights()):
        np.testing.assert_array_equal(a, b)  # frozen: weights and batchnorm statistics unchanged

    # Fine-tuning: unfreeze the base model, recompile with a very low learning rate.
    base_model.trainable = True
    model.compile(
        optimizer=keras.optimizers.Adam(1e-5),  # Very low learning rate
        loss=keras.losses.BinaryCrossentropy(from_logits=True),
        metrics=[keras.metrics.BinaryAccuracy()],
    )
    assert len(model.trainable_weights) == 2 + 6  # conv kernels and biases, BN gamma and beta
    model.fit(new_x, new_y, epochs=1, batch_size=64, verbose=0)
    assert not np.allclose(base_model.layers[0].get_weights()[0], base_before[0])
    # called with training=False, batchnorm kept its moving statistics while its gamma/beta trained
    np.testing.assert_array_equal(bn.moving_mean.numpy(), moving_mean)
