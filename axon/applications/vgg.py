"""``VGG11``: VGG's configuration A (11 weight layers) for small images."""

from __future__ import annotations

from axon import layers
from axon.models import Sequential

#: The convolution widths of VGG configuration A; ``"M"`` is a 2x2 max pooling.
VGG11_CONFIG = (64, "M", 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M")


def VGG11(input_shape=(32, 32, 3), classes: int = 10, width: int = 1, dense_units: int = 512,  # noqa: N802
          dropout: float = 0.5, classifier_activation: str | None = "softmax", name: str = "vgg11") -> Sequential:
    """VGG-11 (configuration A) sized for 32x32 images.

    Eight 3x3 ``same`` convolutions with ReLU in the pattern 64, M, 128, M, 256,
    256, M, 512, 512, M, 512, 512, M (``M`` a 2x2 max pooling), then a small
    classifier head: Flatten, two Dense(512) + ReLU + Dropout(0.5), and
    Dense(classes). The original ends with two Dense(4096) for 224x224 images;
    after five poolings a 32x32 image is 1x1x512, so a narrower head suffices.
    Stacking 3x3 convolutions gives a large receptive field with few weights:
    two 3x3 layers see 5x5, three see 7x7.

    Args:
        input_shape: one image, channels last; at least 32x32 (five poolings).
        classes: the number of classes.
        width: divide every channel count (and the head) by this, e.g. 4 for a
            quick experiment or a test (16, 32, 64, 128 channels).
        dense_units: the width of the two hidden Dense layers (before ``width``).
        dropout: the Dropout rate in the head.
        classifier_activation: the head's activation; ``None`` for logits.

    Example:
        >>> model = axon.applications.VGG11((32, 32, 3), classes=10, width=4)
    """
    from axon.layers.conv import Conv2D
    from axon.layers.core import Dropout, Flatten
    from axon.layers.pooling import MaxPooling2D

    if not isinstance(width, int) or isinstance(width, bool) or width < 1:
        raise ValueError(f"`width` must be a positive int (the channel divisor). Received: width={width!r}")
    input_shape = tuple(input_shape)
    if len(input_shape) != 3 or min(input_shape[:2]) < 32:
        raise ValueError(f"VGG11 needs images (height, width, channels) of at least 32x32 pixels (it pools five "
                         f"times by 2). Received input_shape={input_shape}.")
    model = Sequential(name=name)
    model.add(layers.Input(shape=input_shape))
    for item in VGG11_CONFIG:
        if item == "M":
            model.add(MaxPooling2D(2))
        else:
            model.add(Conv2D(max(item // width, 1), 3, padding="same", activation="relu"))
    model.add(Flatten())
    for _ in range(2):
        model.add(layers.Dense(max(dense_units // width, 1), activation="relu"))
        model.add(Dropout(dropout))
    model.add(layers.Dense(classes, activation=classifier_activation))
    return model
