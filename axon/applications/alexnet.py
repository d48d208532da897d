"""``AlexNet``: the course's small AlexNet for 32x32 (CIFAR-sized) images."""

from __future__ import annotations

from axon import layers
from axon.models import Sequential


def AlexNet(input_shape=(32, 32, 3), classes: int = 10, dense_units=(4096, 2048, 1024),  # noqa: N802
            dropout: float = 0.4, classifier_activation: str | None = "softmax", name: str = "alexnet") -> Sequential:
    """A small AlexNet: five 3x3 convolutions and three wide Dense layers.

    Conv2D 16, 32, 64, 128, 256 filters (3x3, ``same``, ReLU) with 2x2 max
    pooling after the 1st, 2nd and 5th, then Flatten, Dense 4096, 2048, 1024
    (ReLU) each followed by Dropout(0.4), and a Dense(classes) head. It keeps
    the shape of the 2012 network (a deep convolutional stack, then most of the
    parameters in the fully connected layers, regularised by dropout) at a size
    that trains on CIFAR-10: 27.7 million parameters for 32x32x3 inputs,
    nearly all in the first Dense layer.

    Args:
        input_shape: one image, channels last; at least 8x8 (three poolings).
        classes: the number of classes.
        dense_units: the widths of the three Dense layers (smaller ones for a quick run).
        dropout: the Dropout rate after each Dense layer.
        classifier_activation: the head's activation; ``None`` for logits.

    Example:
        >>> model = axon.applications.AlexNet((32, 32, 3), classes=10)
        >>> model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    """
    from axon.layers.conv import Conv2D
    from axon.layers.core import Dropout, Flatten
    from axon.layers.pooling import MaxPooling2D

    input_shape = tuple(input_shape)
    if len(input_shape) != 3 or min(input_shape[:2]) < 8:
        raise ValueError(f"AlexNet needs images (height, width, channels) of at least 8x8 pixels (it pools three "
                         f"times by 2). Received input_shape={input_shape}.")
    model = Sequential(name=name)
    model.add(layers.Input(shape=input_shape))
    for i, filters in enumerate((16, 32, 64, 128, 256)):
        model.add(Conv2D(filters, 3, padding="same", activation="relu"))
        if i in (0, 1, 4):
            model.add(MaxPooling2D(2))
    model.add(Flatten())
    for units in dense_units:
        model.add(layers.Dense(units, activation="relu"))
        model.add(Dropout(dropout))
    model.add(layers.Dense(classes, activation=classifier_activation))
    return model
