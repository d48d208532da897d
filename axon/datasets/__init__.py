"""``axon.datasets``: small datasets as NumPy arrays (``keras.datasets``).

``mnist``, ``fashion_mnist`` and ``cifar10`` have Keras's ``load_data()``; each
reads a local copy first and downloads (with a checksum) only when there is
none. ``digits`` (axon) needs no download at all. File formats live in ``idx``
(MNIST's IDX) and ``cifar`` (CIFAR's binary records).
"""

from axon.datasets import cifar, cifar10, digits, fashion_mnist, idx, mnist
from axon.datasets._files import ChecksumError, DatasetNotFoundError

__all__ = ["ChecksumError", "DatasetNotFoundError", "cifar", "cifar10", "digits", "fashion_mnist", "idx", "mnist"]
