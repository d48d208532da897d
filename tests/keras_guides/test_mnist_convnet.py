"""keras.io example "Simple MNIST convnet" (examples/vision/mnist_convnet), imports changed
only, on a slice of Fashion-MNIST (or the scaled-up digits) for one epoch."""

from __future__ import annotations

import io
from contextlib import redirect_stdout

import numpy as np

from axon import keras
from axon.keras import layers


def test_simple_mnist_convnet(mnist_like):
    # Model / data parameters
    num_classes = 10
    input_shape = (28, 28, 1)

    # Load the data and split it between train and test sets
    (x_train, y_train), (x_test, y_test) = mnist_like

    # Scale images to the [0, 1] range
    x_train = x_train.astype("float32") / 255
    x_test = x_test.astype("float32") / 255
    # Make sure images have shape (28, 28, 1)
    x_train = np.expand_dims(x_train, -1)
    x_test = np.expand_dims(x_test, -1)
    assert x_train.shape == (1024, 28, 28, 1)

    # convert class vectors to binary class matrices
    y_train = keras.utils.to_categorical(y_train, num_classes)
    y_test = keras.utils.to_categorical(y_test, num_classes)

    model = keras.Sequential(
        [
            keras.Input(shape=input_shape),
            layers.Conv2D(32, kernel_size=(3, 3), activation="relu"),
            layers.MaxPooling2D(pool_size=(2, 2)),
            layers.Conv2D(64, kernel_size=(3, 3), activation="relu"),
            layers.MaxPooling2D(pool_size=(2, 2)),
            layers.Flatten(),
            layers.Dropout(0.5),
            layers.Dense(num_classes, activation="softmax"),
        ]
    )
    printed = io.StringIO()
    with redirect_stdout(printed):
        model.summary()
    # 3*3*1*32+32 = 320, 3*3*32*64+64 = 18,496, 5*5*64*10+10 = 16,010: the example's 34,826
    assert "Total params: 34,826" in printed.getvalue()
    assert model.layers[3].output_shape == (None, 5, 5, 64)

    batch_size = 128
    epochs = 1
    model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
    history = model.fit(x_train, y_train, batch_size=batch_size, epochs=epochs, validation_split=0.1, verbose=0)
    assert set(history.history) == {"loss", "accuracy", "val_loss", "val_accuracy"}

    score = model.evaluate(x_test, y_test, verbose=0)
    # one short epoch already beats chance (0.1) by far
    assert score[1] > 0.4 and score[0] < np.log(10)  # below the loss of a uniform guess
