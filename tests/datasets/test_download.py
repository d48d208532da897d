"""Downloads, with the network replaced by local bytes: checksum, temp file, cache, mirrors."""

import hashlib
import io

import numpy as np
import pytest

from axon.datasets import ChecksumError, DatasetNotFoundError, _files, fashion_mnist, mnist
from axon.datasets.idx import write_idx


def _serve(monkeypatch, files: dict, log: list | None = None):
    """Make ``open_url`` answer with ``files[url]`` (a missing URL fails like an HTTP error)."""
    def fake_open_url(url, timeout=60.0):
        if log is not None:
            log.append(url)
        if url not in files:
            raise OSError(f"HTTP Error 404: {url}")
        return io.BytesIO(files[url]), len(files[url])

    monkeypatch.setattr(_files, "open_url", fake_open_url)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_download_keeps_the_file_only_when_the_checksum_matches(tmp_path, monkeypatch):
    payload = b"axon" * 50_000
    _serve(monkeypatch, {"https://example.org/a.bin": payload})
    target = _files.download("https://example.org/a.bin", tmp_path / "a.bin", _sha(payload))
    assert target.read_bytes() == payload
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.bin"]

    with pytest.raises(ChecksumError, match="SHA-256") as info:
        _files.download("https://example.org/a.bin", tmp_path / "b.bin", "0" * 64)
    assert _sha(payload) in str(info.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.bin"]  # no b.bin, no temporary file


def test_failed_transfer_leaves_nothing(tmp_path, monkeypatch):
    class Broken(io.BytesIO):
        def read(self, n=-1):
            raise ConnectionResetError("connection reset")

    monkeypatch.setattr(_files, "open_url", lambda url, timeout=60.0: (Broken(), 10))
    with pytest.raises(ConnectionResetError):
        _files.download("https://example.org/x", tmp_path / "x", "0" * 64)
    assert list(tmp_path.iterdir()) == []


def test_mirrors_are_tried_in_turn(tmp_path, monkeypatch):
    payload = b"data"
    log = []
    _serve(monkeypatch, {"https://b.example/f": payload}, log)
    _files.download_any(["https://a.example/f", "https://b.example/f"], tmp_path / "f", _sha(payload))
    assert log == ["https://a.example/f", "https://b.example/f"]
    assert (tmp_path / "f").read_bytes() == payload


def _mnist_npz_bytes(tmp_path):
    gen = np.random.default_rng(0)
    arrays = {"x_train": gen.integers(0, 256, (4, 28, 28), dtype=np.uint8), "y_train": np.arange(4, dtype=np.uint8),
              "x_test": gen.integers(0, 256, (2, 28, 28), dtype=np.uint8), "y_test": np.arange(2, dtype=np.uint8)}
    np.savez(tmp_path / "source.npz", **arrays)
    return (tmp_path / "source.npz").read_bytes(), arrays


def test_mnist_downloads_checks_and_caches(data_home, tmp_path, monkeypatch):
    payload, arrays = _mnist_npz_bytes(tmp_path)
    monkeypatch.setattr(mnist, "SHA256", _sha(payload))
    log = []
    _serve(monkeypatch, {mnist.URLS[0]: payload}, log)
    (x, y), (xt, yt) = mnist.load_data()
    np.testing.assert_array_equal(x, arrays["x_train"])
    assert (data_home / "mnist" / "mnist.npz").read_bytes() == payload
    mnist.load_data()  # the second call reads the cache
    assert len(log) == 1


def test_mnist_checksum_mismatch_caches_nothing(data_home, tmp_path, monkeypatch):
    payload, _ = _mnist_npz_bytes(tmp_path)
    _serve(monkeypatch, {mnist.URLS[0]: payload})  # the real checksum will not match these bytes
    with pytest.raises(DatasetNotFoundError, match="SHA-256"):
        mnist.load_data()
    assert list((data_home / "mnist").iterdir()) == []


def test_mnist_caches_in_keras_folder_without_axon_data(tmp_path, monkeypatch):
    monkeypatch.delenv("AXON_DATA", raising=False)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    monkeypatch.setattr(_files, "SYSTEM_DIRS", [])
    payload, _ = _mnist_npz_bytes(tmp_path)
    monkeypatch.setattr(mnist, "SHA256", _sha(payload))
    _serve(monkeypatch, {mnist.URLS[0]: payload})
    mnist.load_data()
    assert (tmp_path / "keras" / "datasets" / "mnist.npz").is_file()


def test_fashion_mnist_downloads_its_four_files(data_home, tmp_path, monkeypatch):
    served, hashes = {}, {}
    gen = np.random.default_rng(1)
    arrays = {"train-images-idx3-ubyte.gz": gen.integers(0, 256, (3, 28, 28), dtype=np.uint8),
              "train-labels-idx1-ubyte.gz": np.array([9, 0, 3], dtype=np.uint8),
              "t10k-images-idx3-ubyte.gz": gen.integers(0, 256, (1, 28, 28), dtype=np.uint8),
              "t10k-labels-idx1-ubyte.gz": np.array([2], dtype=np.uint8)}
    for name, array in arrays.items():
        write_idx(tmp_path / name, array)
        data = (tmp_path / name).read_bytes()
        served[fashion_mnist.MIRRORS[1] + name] = data  # only the second mirror answers
        hashes[name] = _sha(data)
    monkeypatch.setattr(fashion_mnist, "SHA256", hashes)
    _serve(monkeypatch, served)
    (x, y), (xt, yt) = fashion_mnist.load_data()
    assert y.tolist() == [9, 0, 3] and yt.tolist() == [2] and x.shape == (3, 28, 28)
    assert sorted(p.name for p in (data_home / "fashion-mnist").iterdir()) == sorted(arrays)


def test_progress_without_tqdm_is_a_stderr_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(__import__("sys").modules, "tqdm.auto", None)  # makes `import tqdm.auto` fail
    payload = b"x" * 300_000
    _serve(monkeypatch, {"https://example.org/p": payload})
    _files.download("https://example.org/p", tmp_path / "p", _sha(payload))
    err = capsys.readouterr().err
    assert "Downloading p" in err and "0.3/0.3 MiB" in err
