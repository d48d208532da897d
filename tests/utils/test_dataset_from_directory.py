"""text_dataset_from_directory and image_dataset_from_directory on real folders of files."""

import numpy as np
import pytest

from axon.utils import image_dataset_from_directory, text_dataset_from_directory


def _texts(root, n=5):
    for label in ("neg", "pos"):
        (root / label).mkdir()
        for i in range(n):
            (root / label / f"{i}.txt").write_text(f"{label} review number {i}", encoding="utf-8")
    (root / "pos" / "notes.md").write_text("not a text sample")


def test_text_dataset_split_and_labels(tmp_path, capsys):
    _texts(tmp_path)
    train, val = text_dataset_from_directory(tmp_path, batch_size=4, validation_split=0.2, subset="both", seed=3)
    assert "Found 10 files belonging to 2 classes." in capsys.readouterr().out
    assert train.class_names == ["neg", "pos"]
    texts, labels = [], []
    for ds in (train, val):
        for x, y in ds:
            texts.extend(x.tolist())
            labels.extend(y.tolist())
    assert len(texts) == 10 and len(set(texts)) == 10
    assert all(t.startswith(["neg", "pos"][y]) for t, y in zip(texts, labels))
    assert sum(len(x) for x, _ in val) == 2
    cut = text_dataset_from_directory(tmp_path, batch_size=None, max_length=3, shuffle=False, label_mode="binary",
                                      verbose=False)
    first = next(iter(cut))
    assert first[0].item() == "neg" and first[1].tolist() == [0.0]


def test_text_dataset_errors(tmp_path):
    _texts(tmp_path)
    with pytest.raises(ValueError, match="seed"):
        text_dataset_from_directory(tmp_path, validation_split=0.2, subset="training")
    with pytest.raises(ValueError, match="class_names"):
        text_dataset_from_directory(tmp_path, class_names=["a", "b"])
    with pytest.raises(ValueError, match="does not exist"):
        text_dataset_from_directory(tmp_path / "missing")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ValueError, match="No text files"):
        text_dataset_from_directory(tmp_path / "empty")


def test_image_dataset(tmp_path):
    image = pytest.importorskip("PIL.Image")
    gen = np.random.default_rng(0)
    for label in ("cats", "dogs"):
        (tmp_path / label).mkdir()
        for i in range(3):
            pixels = gen.integers(0, 255, (10 + i, 12, 3), dtype=np.uint8)
            image.fromarray(pixels).save(tmp_path / label / f"{i}.png")
    ds = image_dataset_from_directory(tmp_path, image_size=(8, 6), batch_size=4, label_mode="categorical",
                                      shuffle=False, verbose=False)
    batches = list(ds)
    assert [b[0].shape for b in batches] == [(4, 8, 6, 3), (2, 8, 6, 3)]
    assert batches[0][0].dtype == np.float32 and batches[0][0].max() <= 255
    np.testing.assert_array_equal(batches[1][1], [[0, 1], [0, 1]])
    gray = image_dataset_from_directory(tmp_path, image_size=(4, 4), color_mode="grayscale", batch_size=6,
                                        shuffle=False, verbose=False)
    assert next(iter(gray))[0].shape == (6, 4, 4, 1)
