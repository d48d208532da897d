"""Loaders on local files: IDX and npz (MNIST), Debian's Fashion-MNIST, CIFAR binary, digits."""

import gzip
import os
import tarfile
from pathlib import Path

import numpy as np
import pytest

from axon.datasets import DatasetNotFoundError, cifar10, digits, fashion_mnist, mnist
from axon.datasets.cifar import write_cifar
from axon.datasets.idx import write_idx

DEBIAN_FASHION = Path("/usr/share/datasets/fashion-mnist")


def _fake_split(n_train=5, n_test=3, seed=0):
    gen = np.random.default_rng(seed)
    return ((gen.integers(0, 256, (n_train, 28, 28), dtype=np.uint8), gen.integers(0, 10, n_train, dtype=np.uint8)),
            (gen.integers(0, 256, (n_test, 28, 28), dtype=np.uint8), gen.integers(0, 10, n_test, dtype=np.uint8)))


def _write_idx_set(folder: Path, split, gz: bool):
    folder.mkdir(parents=True, exist_ok=True)
    (x, y), (xt, yt) = split
    ext = ".gz" if gz else ""
    for name, array in [("train-images-idx3-ubyte", x), ("train-labels-idx1-ubyte", y),
                        ("t10k-images-idx3-ubyte", xt), ("t10k-labels-idx1-ubyte", yt)]:
        write_idx(folder / (name + ext), array)


def _assert_same(loaded, split):
    for got, want in zip([a for pair in loaded for a in pair], [a for pair in split for a in pair]):
        assert got.dtype == np.uint8
        np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("gz", [False, True])
def test_mnist_reads_idx_files_from_axon_data(data_home, gz):
    split = _fake_split()
    _write_idx_set(data_home / "mnist", split, gz)
    _assert_same(mnist.load_data(), split)


def test_mnist_reads_keras_npz_without_pickle(data_home, tmp_path):
    split = _fake_split(seed=1)
    keras_dir = tmp_path / "keras" / "datasets"
    keras_dir.mkdir(parents=True)
    (x, y), (xt, yt) = split
    np.savez(keras_dir / "mnist.npz", x_train=x, y_train=y, x_test=xt, y_test=yt)
    _assert_same(mnist.load_data(), split)


def test_mnist_npz_with_pickled_objects_is_refused(data_home):
    (data_home / "mnist").mkdir()
    objects = np.empty(2, dtype=object)
    np.savez(data_home / "mnist" / "mnist.npz", x_train=objects, y_train=objects, x_test=objects, y_test=objects)
    with pytest.raises(ValueError, match="pickled"):
        mnist.load_data()


def test_axon_data_comes_before_keras_cache(data_home, tmp_path):
    first, second = _fake_split(seed=2), _fake_split(seed=3)
    _write_idx_set(data_home / "mnist", first, gz=True)
    _write_idx_set(tmp_path / "keras" / "datasets" / "mnist", second, gz=True)
    _assert_same(mnist.load_data(), first)


def test_mismatched_files_are_reported(data_home):
    (x, y), test = _fake_split()
    _write_idx_set(data_home / "mnist", ((x, y[:4]), test), gz=False)
    with pytest.raises(ValueError, match="do not match"):
        mnist.load_data()


def test_nothing_found_says_where_it_looked_and_what_to_do(data_home):
    with pytest.raises(DatasetNotFoundError) as info:
        mnist.load_data()
    message = str(info.value)
    assert str(data_home / "mnist") in message
    assert os.path.join("keras", "datasets", "mnist") in message
    assert "AXON_DATA" in message and "mnist.npz" in message and "network disabled" in message
    assert not any(p.is_file() for p in data_home.rglob("*"))  # no partial download left


def test_fashion_mnist_from_its_own_folder(data_home):
    split = _fake_split(seed=4)
    _write_idx_set(data_home / "fashion-mnist", split, gz=True)
    _assert_same(fashion_mnist.load_data(), split)


@pytest.mark.skipif(not DEBIAN_FASHION.is_dir(), reason="Debian's dataset-fashion-mnist is not installed")
def test_fashion_mnist_from_debian_package(tmp_path, monkeypatch):
    monkeypatch.delenv("AXON_DATA", raising=False)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    (x, y), (xt, yt) = fashion_mnist.load_data()
    assert x.shape == (60000, 28, 28) and xt.shape == (10000, 28, 28)
    assert y.shape == (60000,) and yt.shape == (10000,)
    assert {a.dtype for a in (x, y, xt, yt)} == {np.dtype(np.uint8)}
    assert y.min() == 0 and y.max() == 9 and np.bincount(y).tolist() == [6000] * 10
    assert y[:10].tolist() == [9, 0, 0, 3, 0, 2, 7, 2, 5, 5]
    assert yt[:10].tolist() == [9, 2, 1, 1, 6, 1, 4, 6, 5, 7]
    assert fashion_mnist.CLASS_NAMES[y[0]] == "Ankle boot"
    assert x.max() == 255 and x[0, 0, 0] == 0


def _cifar_parts(n=2):
    gen = np.random.default_rng(5)
    return [(gen.integers(0, 256, (n, 32, 32, 3), dtype=np.uint8), gen.integers(0, 10, n, dtype=np.uint8))
            for _ in cifar10.BATCHES]


def test_cifar10_reads_binary_batches(data_home):
    parts = _cifar_parts()
    folder = data_home / "cifar10" / "cifar-10-batches-bin"
    folder.mkdir(parents=True)
    for name, (x, y) in zip(cifar10.BATCHES, parts):
        write_cifar(folder / name, x, y)
    (x, y), (xt, yt) = cifar10.load_data()
    assert x.shape == (10, 32, 32, 3) and y.shape == (10, 1) and xt.shape == (2, 32, 32, 3) and yt.shape == (2, 1)
    assert x.dtype == y.dtype == np.uint8
    np.testing.assert_array_equal(x, np.concatenate([p[0] for p in parts[:5]]))
    np.testing.assert_array_equal(y[:, 0], np.concatenate([p[1] for p in parts[:5]]))
    np.testing.assert_array_equal(xt, parts[5][0])


def test_cifar10_reads_the_archive(data_home, tmp_path):
    parts = _cifar_parts(1)
    with tarfile.open(data_home / "cifar-10-binary.tar.gz", "w:gz") as tar:
        for name, (x, y) in zip(cifar10.BATCHES, parts):
            write_cifar(tmp_path / name, x, y)
            tar.add(tmp_path / name, arcname=f"cifar-10-batches-bin/{name}")
    (x, y), (xt, yt) = cifar10.load_data()
    assert x.shape == (5, 32, 32, 3) and yt[:, 0].tolist() == parts[5][1].tolist()


def test_cifar10_reads_gzipped_batches(data_home):
    parts = _cifar_parts(1)
    folder = data_home / "cifar-10"
    folder.mkdir()
    for name, (x, y) in zip(cifar10.BATCHES, parts):
        write_cifar(folder / name, x, y)
        (folder / (name + ".gz")).write_bytes(gzip.compress((folder / name).read_bytes()))
        (folder / name).unlink()
    assert cifar10.load_data()[1][0].shape == (1, 32, 32, 3)


def test_cifar10_not_found_mentions_the_binary_archive(data_home):
    with pytest.raises(DatasetNotFoundError, match="cifar-10-binary.tar.gz"):
        cifar10.load_data()


def test_digits_split_is_stratified_and_reproducible():
    pytest.importorskip("sklearn")
    (x, y), (xt, yt) = digits.load_data(test_split=0.2, seed=0)
    assert x.shape == (1438, 8, 8) and xt.shape == (359, 8, 8)
    assert x.dtype == y.dtype == np.uint8 and x.max() == 16 and x.min() == 0
    counts, test_counts = np.bincount(y, minlength=10), np.bincount(yt, minlength=10)
    np.testing.assert_allclose(test_counts / (counts + test_counts), 0.2, atol=0.02)
    (x2, y2), _ = digits.load_data(test_split=0.2, seed=0)
    np.testing.assert_array_equal(x2, x)
    (_, y3), _ = digits.load_data(test_split=0.2, seed=1)
    assert y3.tolist() != y.tolist()
    assert y[:50].tolist() != sorted(y[:50].tolist())
    from sklearn.datasets import load_digits

    full = load_digits()
    all_images = np.concatenate([x, xt]).reshape(len(full.images), -1)
    assert sorted(map(bytes, all_images)) == sorted(map(bytes, full.images.astype(np.uint8).reshape(len(x) + len(xt),
                                                                                                     -1)))


def test_digits_rejects_bad_split():
    with pytest.raises(ValueError, match="test_split=1.5"):
        digits.load_data(test_split=1.5)
