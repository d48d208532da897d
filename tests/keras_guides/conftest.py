"""Small data for the guide programs: a slice of Fashion-MNIST (the Debian package's
local files) shaped like Keras's MNIST, else the 8x8 digits from scikit-learn
scaled up to 28x28. Never the network."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

FASHION = Path("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz")


def _digits_as_mnist():
    from sklearn.datasets import load_digits

    digits = load_digits()
    images = np.kron(digits.images, np.ones((3, 3)))  # 8x8 -> 24x24
    images = np.pad(images, ((0, 0), (2, 2), (2, 2))) * (255.0 / 16.0)
    images = images.astype(np.uint8)
    labels = digits.target.astype(np.uint8)
    return (images[:1400], labels[:1400]), (images[1400:], labels[1400:])


@pytest.fixture(scope="session")
def mnist_like():
    """``(x_train, y_train), (x_test, y_test)``: uint8 images (N, 28, 28) and labels,
    1024 training and 256 test samples, as ``keras.datasets.mnist.load_data()`` gives them."""
    if FASHION.exists():
        from axon.datasets import fashion_mnist

        (x_train, y_train), (x_test, y_test) = fashion_mnist.load_data()
    else:
        (x_train, y_train), (x_test, y_test) = _digits_as_mnist()
    return (x_train[:1024], y_train[:1024]), (x_test[:256], y_test[:256])


@pytest.fixture(autouse=True)
def seeded():
    """Every guide program starts from the same seeds (axon's generator and NumPy's
    global one, which the guides use for their random data), so its figures repeat."""
    from axon.utils import set_random_seed

    set_random_seed(0)
