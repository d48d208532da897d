"""Fashion-MNIST: 70,000 28x28 grayscale images of 10 kinds of clothing (``keras.datasets.fashion_mnist``).

Labels: 0 T-shirt/top, 1 Trouser, 2 Pullover, 3 Dress, 4 Coat, 5 Sandal,
6 Shirt, 7 Sneaker, 8 Bag, 9 Ankle boot (``CLASS_NAMES``).
"""

from __future__ import annotations

from axon.datasets import _files
from axon.datasets._mnist_format import EXPECTED, IDX_FILES, find_idx_files, load_idx_files

NAMES = ("fashion-mnist", "fashion_mnist")
CLASS_NAMES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
               "Ankle boot"]
MIRRORS = ("https://storage.googleapis.com/tensorflow/tf-keras-datasets/",
           "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/")
# SHA-256 of the original gzip files, as published by Zalando and Keras.
SHA256 = {
    "train-images-idx3-ubyte.gz": "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84",
    "train-labels-idx1-ubyte.gz": "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845",
    "t10k-images-idx3-ubyte.gz": "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073",
    "t10k-labels-idx1-ubyte.gz": "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5",
}
# SHA-256 of the IDX data inside them (the same in any copy compressed anew, e.g.
# Debian's dataset-fashion-mnist package, or unpacked).
CONTENT_SHA256 = {
    "train-images-idx3-ubyte.gz": "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
    "train-labels-idx1-ubyte.gz": "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
    "t10k-images-idx3-ubyte.gz": "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
    "t10k-labels-idx1-ubyte.gz": "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
}


def _known() -> dict:
    return {name: (SHA256[name], CONTENT_SHA256.get(name)) for name in SHA256}


def load_data():
    """Load Fashion-MNIST as Keras does: ``(x_train, y_train), (x_test, y_test)``.

    ``x_train`` is uint8 ``(60000, 28, 28)`` with values 0-255, ``y_train``
    uint8 ``(60000,)`` with labels 0-9 (see ``CLASS_NAMES``); the test set has
    10,000 images.

    The four IDX files (plain or ``.gz``) are looked for in
    ``$AXON_DATA/fashion-mnist/``, ``~/.keras/datasets/fashion-mnist/`` and
    ``/usr/share/datasets/fashion-mnist/`` (Debian's ``dataset-fashion-mnist``
    package). If none is found they are downloaded (30 MB), checked against
    their SHA-256 and cached.

    Raises:
        DatasetNotFoundError: when there is no local copy and the download fails.

    Example:
        >>> (x_train, y_train), (x_test, y_test) = axon.datasets.fashion_mnist.load_data()
        >>> CLASS_NAMES[y_train[0]]
        'Ankle boot'
    """
    for directory in _files.candidate_dirs(NAMES):
        paths = find_idx_files(directory)
        if paths:
            return load_idx_files(paths, _known())
    directory = _files.cache_dir(NAMES[0])
    try:
        for names in IDX_FILES.values():
            name = names[0] + ".gz"
            if _files.find_file(directory, [name]) is None:
                _files.download_any([base + name for base in MIRRORS], directory / name, SHA256[name])
    except OSError as err:
        raise _files.not_found("Fashion-MNIST", NAMES, EXPECTED, err) from err
    return load_idx_files(find_idx_files(directory), _known())
