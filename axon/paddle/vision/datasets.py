"""``paddle.vision.datasets``: MNIST, FashionMNIST, Cifar10 and Cifar100 from local files.

``MNIST(image_path=..., label_path=...)`` reads IDX files (``.gz`` or plain) with
axon's IDX reader; without paths it looks in axon's data folders (``AXON_DATA``,
``~/.keras/datasets``, ``/usr/share/datasets/<name>``). ``Cifar10(data_file=...)``
reads the *binary* CIFAR archive (``cifar-10-binary.tar.gz``); the "python
version" Paddle downloads is a pickle, which axon never loads. Nothing is
downloaded: ``download=True`` with no local file is refused with the places looked in.

Samples are ``(image, label)`` as Paddle gives them: the image a PIL image
(``backend='pil'``, the default) or a float32 array (``backend='cv2'``), passed
through ``transform``; the label an int64 array of shape ``(1,)`` for MNIST and
``()`` for CIFAR.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from axon.datasets._files import candidate_dirs, find_file
from axon.datasets.idx import read_idx
from axon.paddle.io.dataset import Dataset

_MNIST_FILES = {
    ("train", "images"): ["train-images-idx3-ubyte.gz", "train-images-idx3-ubyte"],
    ("train", "labels"): ["train-labels-idx1-ubyte.gz", "train-labels-idx1-ubyte"],
    ("test", "images"): ["t10k-images-idx3-ubyte.gz", "t10k-images-idx3-ubyte"],
    ("test", "labels"): ["t10k-labels-idx1-ubyte.gz", "t10k-labels-idx1-ubyte"],
}


def _check_mode(mode: str, name: str) -> str:
    mode = str(mode).lower()
    if mode not in ("train", "test"):
        raise ValueError(f"{name}: `mode` must be 'train' or 'test'. Received: mode={mode!r}")
    return mode


def _check_backend(backend) -> str:
    from axon.paddle.vision import get_image_backend

    backend = backend or get_image_backend()
    if backend not in ("pil", "cv2"):
        raise ValueError(f"`backend` must be 'pil' or 'cv2'. Received: backend={backend!r}")
    return backend


class _ImageDataset(Dataset):
    """Images held as one uint8 array, labels as one int64 array; ``__getitem__`` as Paddle's."""

    images: np.ndarray
    labels: np.ndarray

    def __init__(self, transform, backend):
        self.transform = transform
        self.backend = _check_backend(backend)
        self.dtype = "float32"

    def __getitem__(self, idx):
        image, label = self.images[idx], self.labels[idx]
        if self.backend == "pil":
            from PIL import Image

            image = Image.fromarray(image)
        else:
            image = image.astype(np.float32)
        if self.transform is not None:
            image = self.transform(image)
        if self.backend == "cv2" and isinstance(image, np.ndarray):
            image = image.astype(self.dtype)
        return image, label.copy()

    def __len__(self) -> int:
        return len(self.images)

    def __getattr__(self, name):
        # Whole batches at once when every transform can take a stack of images (Normalize,
        # ToTensor, Transpose ...): the same values as sample by sample, one NumPy pass.
        if name == "_getitems":
            transform = self.__dict__.get("transform")
            if transform is None and self.__dict__.get("backend") == "pil":
                raise AttributeError(name)  # PIL images do not stack into a Tensor
            if transform is None or hasattr(transform, "_batch"):
                return self._read_batch
        raise AttributeError(name)

    def _read_batch(self, indices):
        images = self.images[indices]
        images = images.astype(np.float32) if self.transform is None else self.transform._batch(images)
        return [np.asarray(images, dtype=self.dtype) if images.dtype.kind == "f" else images, self.labels[indices]]


class MNIST(_ImageDataset):
    """The MNIST digits (60,000 training / 10,000 test images of 28x28).

    Args:
        image_path, label_path: the IDX files (``.gz`` or plain); None looks in axon's data folders.
        mode: ``'train'`` or ``'test'``.
        transform: applied to each image (e.g. ``T.Normalize(mean=[127.5], std=[127.5])``).
        download: must find local files (axon.paddle does not download); False refuses clearly.
        backend: ``'pil'`` (PIL images) or ``'cv2'`` (float32 arrays).

    Example:
        >>> ds = paddle.vision.datasets.MNIST(image_path="train-images-idx3-ubyte.gz",
        ...                                   label_path="train-labels-idx1-ubyte.gz", mode="train")
    """

    NAME = "mnist"

    def __init__(self, image_path=None, label_path=None, mode: str = "train", transform=None, download: bool = True,
                 backend=None):
        super().__init__(transform, backend)
        self.mode = _check_mode(mode, type(self).__name__)
        image_path = image_path or self._find("images", download)
        label_path = label_path or self._find("labels", download)
        for path in (image_path, label_path):
            if not Path(path).is_file():
                raise FileNotFoundError(f"{type(self).__name__}: {path} does not exist. Give image_path= and "
                                        "label_path= the IDX files (e.g. train-images-idx3-ubyte.gz).")
        self.images = read_idx(image_path)
        labels = read_idx(label_path)
        if self.images.ndim != 3 or labels.ndim != 1 or len(labels) != len(self.images):
            raise ValueError(f"{type(self).__name__}: {image_path} and {label_path} do not hold matching images "
                             f"(N, 28, 28) and labels (N,); got shapes {self.images.shape} and {labels.shape}.")
        self.labels = labels.astype(np.int64).reshape(-1, 1)

    def _find(self, kind: str, download: bool) -> str:
        names = _MNIST_FILES[(self.mode, kind)]
        dirs = candidate_dirs([self.NAME, self.NAME.replace("_", "-")])
        for directory in dirs:
            found = find_file(directory, names)
            if found is not None:
                return str(found)
        places = ", ".join(str(d) for d in dirs) or "(none)"
        why = "download=False was given and" if not download else "axon.paddle does not download data, and"
        raise FileNotFoundError(f"{type(self).__name__}: {why} no local copy of {names[0]} was found (looked in "
                                f"{places}). Pass image_path= and label_path=, or set AXON_DATA to the folder holding "
                                "the IDX files.")


class FashionMNIST(MNIST):
    """Fashion-MNIST: clothing images in MNIST's format (Debian's ``dataset-fashion-mnist`` package
    puts them in ``/usr/share/datasets/fashion-mnist``)."""

    NAME = "fashion-mnist"


class Cifar10(_ImageDataset):
    """CIFAR-10 (50,000 training / 10,000 test colour images of 32x32, 10 classes) from the binary archive.

    Args:
        data_file: ``cifar-10-binary.tar.gz`` (None looks in axon's data folders).
        mode: ``'train'`` or ``'test'``.
        transform: applied to each HWC image.
        backend: ``'pil'`` or ``'cv2'``.
    """

    ARCHIVE = "cifar-10-binary.tar.gz"
    MEMBERS = {"train": [f"data_batch_{i}.bin" for i in range(1, 6)], "test": ["test_batch.bin"]}
    LABEL_BYTES = 1

    def __init__(self, data_file=None, mode: str = "train", transform=None, download: bool = True, backend=None):
        from axon.datasets.cifar import read_cifar_archive

        super().__init__(transform, backend)
        self.mode = _check_mode(mode, type(self).__name__)
        path = data_file or self._find(download)
        if not Path(path).is_file():
            raise FileNotFoundError(f"{type(self).__name__}: {path} does not exist.")
        if "python" in os.path.basename(str(path)):
            raise ValueError(f"{type(self).__name__}: {path} is the Python (pickle) version of CIFAR, which axon "
                             f"never unpickles (a pickle can run code). Use the binary version, {self.ARCHIVE}, "
                             "from the same site.")
        parts = read_cifar_archive(path, self.MEMBERS[self.mode], self.LABEL_BYTES)
        self.images = np.concatenate([p[0] for p in parts])
        self.labels = np.concatenate([p[1][:, -1] for p in parts]).astype(np.int64)

    def _find(self, download: bool) -> str:
        dirs = candidate_dirs(["cifar10", "cifar-10", "cifar100", "cifar-100"])
        for directory in dirs:
            found = find_file(directory, [self.ARCHIVE])
            if found is not None:
                return str(found)
        raise FileNotFoundError(f"{type(self).__name__}: no local {self.ARCHIVE} found (looked in "
                                f"{', '.join(str(d) for d in dirs)}) and axon.paddle does not download data. Pass "
                                "data_file=.")


class Cifar100(Cifar10):
    """CIFAR-100 (fine labels) from ``cifar-100-binary.tar.gz``."""

    ARCHIVE = "cifar-100-binary.tar.gz"
    MEMBERS = {"train": ["train.bin"], "test": ["test.bin"]}
    LABEL_BYTES = 2


class DatasetFolder(Dataset):
    """Images in ``root/<class>/<file>``: samples ``(image, class index)``."""

    def __init__(self, root, loader=None, extensions=(".jpg", ".jpeg", ".png", ".bmp"), transform=None,
                 is_valid_file=None):
        root = Path(root)
        self.classes = sorted(d.name for d in root.iterdir() if d.is_dir())
        self.class_to_idx = {c: i for i, c in enumerate(self.classes)}
        check = is_valid_file or (lambda p: str(p).lower().endswith(tuple(extensions)))
        self.samples = [(str(p), self.class_to_idx[c]) for c in self.classes
                        for p in sorted((root / c).rglob("*")) if p.is_file() and check(p)]
        if not self.samples:
            raise RuntimeError(f"DatasetFolder: no image files found under {root}.")
        self.loader, self.transform = loader or _pil_loader, transform

    def __getitem__(self, idx):
        path, target = self.samples[idx]
        sample = self.loader(path)
        if self.transform is not None:
            sample = self.transform(sample)
        return sample, np.array([target], dtype=np.int64)

    def __len__(self) -> int:
        return len(self.samples)


def _pil_loader(path):
    from PIL import Image

    with open(path, "rb") as f:
        return Image.open(f).convert("RGB")
