"""Local dataset files: known files are checked against their published SHA-256,
and a truncated or corrupt file is a ValueError naming it and what to do."""

import gzip
from pathlib import Path

import numpy as np
import pytest

from axon.datasets import _files, cifar10, fashion_mnist, mnist
from tests.datasets.test_loaders import _fake_split, _write_idx_set


@pytest.fixture
def checked(monkeypatch):
    monkeypatch.setattr(_files, "CHECK_KNOWN_FILES", True)


def test_a_known_file_that_is_not_the_original_is_refused_naming_it(data_home, checked):
    _write_idx_set(data_home / "fashion-mnist", _fake_split(), gz=True)
    with pytest.raises(ValueError, match=r"fashion-mnist/t(rain|10k)-\w+-idx\d-ubyte\.gz is damaged or not the "
                                         r"original file: its SHA-256 is [0-9a-f]{64}, the published one is "
                                         r"[0-9a-f]{64} \(or [0-9a-f]{64} for the data inside\)\. Delete it"):
        fashion_mnist.load_data()
    (data_home / "mnist").mkdir()
    (x, y), (xt, yt) = _fake_split()
    np.savez(data_home / "mnist" / "mnist.npz", x_train=x, y_train=y, x_test=xt, y_test=yt)
    with pytest.raises(ValueError, match=r"mnist\.npz is damaged or not the original file.*" + mnist.SHA256):
        mnist.load_data()
    (data_home / "cifar10").mkdir()
    (data_home / "cifar10" / cifar10.ARCHIVE).write_bytes(b"not the archive")
    with pytest.raises(ValueError, match=r"cifar-10-binary\.tar\.gz is damaged.*" + cifar10.SHA256):
        cifar10.load_data()


def test_a_file_with_the_published_hash_is_accepted(data_home, checked, monkeypatch):
    _write_idx_set(data_home / "fashion-mnist", _fake_split(), gz=True)
    hashes = {p.name: _files.sha256_of(p) for p in (data_home / "fashion-mnist").iterdir()}
    monkeypatch.setattr(fashion_mnist, "SHA256", hashes)
    (x, _), _ = fashion_mnist.load_data()
    assert x.shape == (5, 28, 28)


def test_a_copy_compressed_anew_or_unpacked_is_known_by_its_content(data_home, checked, monkeypatch):
    folder = data_home / "fashion-mnist"
    _write_idx_set(folder, _fake_split(), gz=False)
    contents = {p.name + ".gz": _files.sha256_of(p) for p in folder.iterdir()}
    monkeypatch.setattr(fashion_mnist, "CONTENT_SHA256", contents)
    (x, _), _ = fashion_mnist.load_data()  # plain files: their content is the known one
    for p in list(folder.iterdir()):
        p.with_name(p.name + ".gz").write_bytes(gzip.compress(p.read_bytes(), compresslevel=1))
        p.unlink()
    (x2, _), _ = fashion_mnist.load_data()  # recompressed: not the published .gz, same content
    np.testing.assert_array_equal(x, x2)


@pytest.mark.skipif(not Path("/usr/share/datasets/fashion-mnist").is_dir(),
                    reason="Debian's dataset-fashion-mnist is not installed")
def test_debians_package_passes_the_check(checked):
    (x, y), (xt, yt) = fashion_mnist.load_data()
    assert x.shape == (60000, 28, 28) and xt.shape == (10000, 28, 28)


def test_a_truncated_gz_names_the_file_and_says_to_delete_it(data_home):
    folder = data_home / "mnist"
    _write_idx_set(folder, _fake_split(), gz=True)
    path = folder / "train-images-idx3-ubyte.gz"
    path.write_bytes(path.read_bytes()[:40])
    with pytest.raises(ValueError, match=r"train-images-idx3-ubyte\.gz is truncated or corrupted.*Delete it"):
        mnist.load_data()
    path.write_bytes(gzip.compress(b"x" * 100)[:-9] + b"garbage!!")
    with pytest.raises(ValueError, match=r"train-images-idx3-ubyte\.gz is truncated or corrupted"):
        mnist.load_data()


def test_a_corrupt_npz_names_the_file(data_home):
    (data_home / "mnist").mkdir()
    (data_home / "mnist" / "mnist.npz").write_bytes(b"PK\x03\x04 broken")
    with pytest.raises(ValueError, match=r"mnist\.npz (is truncated or corrupted|cannot be read).*Delete it"):
        mnist.load_data()
