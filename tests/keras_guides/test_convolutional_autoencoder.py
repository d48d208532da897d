"""keras.io example "Convolutional autoencoder for image denoising"
(examples/vision/autoencoder), imports changed only, on a slice of the data."""

from __future__ import annotations

import io
from contextlib import redirect_stdout

import numpy as np
from axon.keras.models import Model

from axon.keras import layers


def preprocess(array):
    """Normalizes the supplied array and reshapes it."""
    array = array.astype("float32") / 255.0
    array = np.reshape(array, (len(array), 28, 28, 1))
    return array


def noise(array):
    """Adds random noise to each image in the supplied array."""
    noise_factor = 0.4
    noisy_array = array + noise_factor * np.random.normal(loc=0.0, scale=1.0, size=array.shape)
    return np.clip(noisy_array, 0.0, 1.0)


def test_convolutional_autoencoder_for_image_denoising(mnist_like):
    (train_data, _), (test_data, _) = mnist_like
    train_data, test_data = train_data[:64], test_data[:32]
    # Normalize and reshape the data
    train_data = preprocess(train_data)
    test_data = preprocess(test_data)
    # Create a copy of the data with added noise
    noisy_train_data = noise(train_data)
    noisy_test_data = noise(test_data)

    input = layers.Input(shape=(28, 28, 1))  # noqa: A001  (the example's name)
    # Encoder
    x = layers.Conv2D(32, (3, 3), activation="relu", padding="same")(input)
    x = layers.MaxPooling2D((2, 2), padding="same")(x)
    x = layers.Conv2D(32, (3, 3), activation="relu", padding="same")(x)
    x = layers.MaxPooling2D((2, 2), padding="same")(x)
    # Decoder
    x = layers.Conv2DTranspose(32, (3, 3), strides=2, activation="relu", padding="same")(x)
    x = layers.Conv2DTranspose(32, (3, 3), strides=2, activation="relu", padding="same")(x)
    x = layers.Conv2D(1, (3, 3), activation="sigmoid", padding="same")(x)

    # Autoencoder
    autoencoder = Model(input, x)
    autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
    printed = io.StringIO()
    with redirect_stdout(printed):
        autoencoder.summary()
    # 320 + 9,248 + 9,248 + 9,248 + 289: the example's 28,353
    assert "Total params: 28,353" in printed.getvalue()
    assert autoencoder.output_shape == (None, 28, 28, 1)

    history = autoencoder.fit(x=train_data, y=train_data, epochs=2, batch_size=16, shuffle=True,
                              validation_data=(test_data, test_data), verbose=0)
    assert history.history["loss"][1] < history.history["loss"][0]
    predictions = autoencoder.predict(test_data, verbose=0)
    assert predictions.shape == test_data.shape and predictions.min() >= 0 and predictions.max() <= 1

    # Now train on the noisy inputs and the clean targets
    history = autoencoder.fit(x=noisy_train_data, y=train_data, epochs=1, batch_size=16, shuffle=True,
                              validation_data=(noisy_test_data, test_data), verbose=0)
    denoised = autoencoder.predict(noisy_test_data, verbose=0)
    by_hand = -np.mean(test_data * np.log(np.clip(denoised, 1e-7, 1)) +
                       (1 - test_data) * np.log(np.clip(1 - denoised, 1e-7, 1)))
    assert abs(history.history["val_loss"][0] - by_hand) < 1e-3
