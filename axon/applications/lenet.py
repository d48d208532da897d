"""``LeNet5`` and the course's small CNN."""

from __future__ import annotations

from axon import layers
from axon.models import Sequential


def LeNet5(input_shape=(28, 28, 1), classes: int = 10, output_activation: str | None = None,  # noqa: N802
           name: str = "lenet5") -> Sequential:
    """LeNet-5 as the course writes it: Conv2D(6, 3, same, relu), MaxPool 2,
    Conv2D(16, 5, relu), MaxPool 2, Flatten, Dense(120), Dense(84), Dense(classes).

    61,610 parameters on 28x28x1 inputs with 10 classes. The head gives logits
    unless ``output_activation`` is set (compile with ``from_logits=True``).
    """
    from axon.layers.conv import Conv2D
    from axon.layers.core import Flatten
    from axon.layers.pooling import MaxPooling2D

    height, width = input_shape[0], input_shape[1]
    if min(height, width) < 16:
        raise ValueError(f"LeNet5 needs images of at least 16x16 pixels (its second convolution is 5x5 after "
                         f"a 2x2 pooling). Received input_shape={tuple(input_shape)}; use SimpleCNN or MLP.")
    return Sequential([
        layers.Input(shape=tuple(input_shape)),
        Conv2D(6, 3, padding="same", activation="relu"),
        MaxPooling2D(2),
        Conv2D(16, 5, activation="relu"),
        MaxPooling2D(2),
        Flatten(),
        layers.Dense(120),
        layers.Dense(84),
        layers.Dense(classes, activation=output_activation),
    ], name=name)


def SimpleCNN(input_shape=(28, 28, 1), classes: int = 10, filters=(8, 16), dense: int = 100,  # noqa: N802
              dropout: float = 0.25, output_activation: str | None = None, name: str = "cnn") -> Sequential:
    """The course CNN: Conv2D(8, 5, same, relu), MaxPool 2, Conv2D(16, 5, same, relu),
    MaxPool 2, Flatten, Dense(100, relu), Dropout(0.25), Dense(classes)."""
    from axon.layers.conv import Conv2D
    from axon.layers.core import Dropout, Flatten
    from axon.layers.pooling import MaxPooling2D

    model = Sequential(name=name)
    model.add(layers.Input(shape=tuple(input_shape)))
    for f in filters:
        model.add(Conv2D(f, 5, padding="same", activation="relu"))
        model.add(MaxPooling2D(2))
    model.add(Flatten())
    model.add(layers.Dense(dense, activation="relu"))
    if dropout:
        model.add(Dropout(dropout))
    model.add(layers.Dense(classes, activation=output_activation))
    return model
