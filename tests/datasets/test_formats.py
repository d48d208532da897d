"""IDX and CIFAR-binary readers and writers: round trips, byte layout, clear errors."""

import gzip
import io
import tarfile

import numpy as np
import pytest

from axon.datasets.cifar import parse_cifar, read_cifar, read_cifar_archive, write_cifar
from axon.datasets.idx import parse_idx, read_idx, write_idx


@pytest.mark.parametrize("dtype", ["uint8", "int8", "int16", "int32", "float32", "float64"])
@pytest.mark.parametrize("suffix", ["", ".gz"])
def test_idx_round_trip(tmp_path, dtype, suffix):
    array = (np.arange(2 * 3 * 4) - 5).astype(dtype).reshape(2, 3, 4)
    path = tmp_path / f"a.idx{suffix}"
    write_idx(path, array)
    back = read_idx(path)
    assert back.dtype == np.dtype(dtype) and back.shape == (2, 3, 4)
    np.testing.assert_array_equal(back, array)
    assert back.flags.writeable


def test_idx_bytes_follow_the_published_layout(tmp_path):
    write_idx(tmp_path / "labels", np.array([7, 2, 1], dtype=np.uint8))
    assert (tmp_path / "labels").read_bytes() == bytes([0, 0, 8, 1, 0, 0, 0, 3, 7, 2, 1])
    write_idx(tmp_path / "ints", np.array([1, 256], dtype=np.int32))
    assert (tmp_path / "ints").read_bytes()[8:] == bytes([0, 0, 0, 1, 0, 0, 1, 0])  # big-endian
    with gzip.open(tmp_path / "labels.gz", "wb") as f:
        f.write((tmp_path / "labels").read_bytes())
    assert read_idx(tmp_path / "labels.gz").tolist() == [7, 2, 1]


def test_idx_errors():
    with pytest.raises(ValueError, match="not an IDX file"):
        parse_idx(b"PK\x03\x04rest")
    with pytest.raises(ValueError, match="truncated"):
        parse_idx(bytes([0, 0, 8, 1, 0, 0, 0, 5, 1, 2]))
    with pytest.raises(ValueError, match="cannot store dtype"):
        write_idx("unused", np.zeros(2, dtype=np.int64))


def _images(n, seed=0):
    gen = np.random.default_rng(seed)
    return gen.integers(0, 256, (n, 32, 32, 3), dtype=np.uint8), gen.integers(0, 10, n, dtype=np.uint8)


def test_cifar_round_trip_and_layout(tmp_path):
    x, y = _images(3)
    write_cifar(tmp_path / "batch.bin", x, y)
    raw = (tmp_path / "batch.bin").read_bytes()
    assert len(raw) == 3 * 3073
    # record 1: its label, then the red plane row by row
    assert raw[3073] == y[1] and raw[3074:3074 + 32] == x[1, 0, :, 0].tobytes()
    assert raw[3074 + 1024] == x[1, 0, 0, 1]  # green plane starts after 1024 reds
    images, labels = read_cifar(tmp_path / "batch.bin")
    np.testing.assert_array_equal(images, x)
    assert labels.shape == (3, 1) and labels[:, 0].tolist() == y.tolist()
    assert images.flags.c_contiguous


def test_cifar_two_label_bytes_and_size_error():
    x, y = _images(2)
    coarse_fine = np.stack([y, 9 - y], axis=1)
    record = np.concatenate([coarse_fine, x.transpose(0, 3, 1, 2).reshape(2, -1)], axis=1).tobytes()
    images, labels = parse_cifar(record, label_bytes=2)
    np.testing.assert_array_equal(labels, coarse_fine)
    np.testing.assert_array_equal(images, x)
    with pytest.raises(ValueError, match="record size 3073"):
        parse_cifar(b"\x00" * 3000)


def test_cifar_archive_is_read_without_extracting(tmp_path):
    x, y = _images(2)
    write_cifar(tmp_path / "test_batch.bin", x, y)
    archive = tmp_path / "c.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(tmp_path / "test_batch.bin", arcname="cifar-10-batches-bin/test_batch.bin")
        tar.addfile(tarfile.TarInfo("cifar-10-batches-bin/readme.html"), io.BytesIO(b""))
    ((images, labels),) = read_cifar_archive(archive, ["test_batch.bin"])
    np.testing.assert_array_equal(images, x)
    with pytest.raises(FileNotFoundError, match="data_batch_1.bin"):
        read_cifar_archive(archive, ["data_batch_1.bin"])
