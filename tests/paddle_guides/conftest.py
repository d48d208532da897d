"""Small data for the Paddle guide programs: a slice of Fashion-MNIST (the Debian package's local
IDX files) where installed, else the 8x8 digits from scikit-learn scaled up to 28x28; CIFAR and
UCI housing files written by the tests themselves. Never the network."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

FASHION = Path("/usr/share/datasets/fashion-mnist")
TINTS = np.array([[0, 0, 0], [160, 0, 0], [0, 160, 0], [0, 0, 160], [160, 160, 0], [160, 0, 160], [0, 160, 160],
                  [160, 160, 160], [80, 0, 160], [160, 80, 0]], dtype=np.uint8)


def _write_idx(path: Path, array: np.ndarray) -> None:
    from axon.datasets.idx import write_idx

    write_idx(path, array)


@pytest.fixture(scope="session")
def mnist_files(tmp_path_factory):
    """``{'train': (image_path, label_path), 'test': (...)}``: IDX files of 1024 / 256 images."""
    if (FASHION / "train-images-idx3-ubyte.gz").exists():
        from axon.datasets.idx import read_idx

        sets = {mode: (read_idx(FASHION / f"{prefix}-images-idx3-ubyte.gz"),
                       read_idx(FASHION / f"{prefix}-labels-idx1-ubyte.gz"))
                for mode, prefix in (("train", "train"), ("test", "t10k"))}
    else:
        from sklearn.datasets import load_digits

        digits = load_digits()
        images = (np.pad(np.kron(digits.images, np.ones((3, 3))), ((0, 0), (2, 2), (2, 2))) * 255 / 16)
        images, labels = images.astype(np.uint8), digits.target.astype(np.uint8)
        sets = {"train": (images[:1400], labels[:1400]), "test": (images[1400:], labels[1400:])}
    folder = tmp_path_factory.mktemp("mnist")
    out = {}
    for mode, (images, labels) in sets.items():
        n = 1024 if mode == "train" else 256
        image_path, label_path = folder / f"{mode}-images.gz", folder / f"{mode}-labels.gz"
        _write_idx(image_path, images[:n])
        _write_idx(label_path, labels[:n])
        out[mode] = (str(image_path), str(label_path))
    return out


@pytest.fixture(scope="session")
def cifar_archive(tmp_path_factory):
    """A ``cifar-10-binary.tar.gz`` of 200 training and 50 test images whose class is their colour
    (one of ten RGB tints added to noise), so a small convnet learns it."""
    import tarfile

    from axon.datasets.cifar import write_cifar

    rng = np.random.default_rng(0)
    folder = tmp_path_factory.mktemp("cifar")
    parts = {}
    for name, n in [(f"data_batch_{i}.bin", 40) for i in range(1, 6)] + [("test_batch.bin", 50)]:
        labels = rng.integers(0, 10, n).astype(np.uint8)
        images = rng.integers(0, 80, (n, 32, 32, 3)).astype(np.uint8)
        images += TINTS[labels][:, None, None, :]
        write_cifar(folder / name, images, labels)
        parts[name] = folder / name
    archive = folder / "cifar-10-binary.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        for name, path in parts.items():
            tar.add(path, arcname=f"cifar-10-batches-bin/{name}")
    return str(archive)


@pytest.fixture(scope="session")
def housing_file(tmp_path_factory):
    """A ``housing.data`` of 506 rows (13 features and a price that depends linearly on them, plus noise)."""
    rng = np.random.default_rng(0)
    features = rng.uniform(0, 10, (506, 13))
    weights = rng.normal(size=13)
    price = features @ weights + 20 + rng.normal(0, 0.5, 506)
    path = tmp_path_factory.mktemp("housing") / "housing.data"
    np.savetxt(path, np.column_stack([features, price]), fmt="%.5f")
    return str(path)
