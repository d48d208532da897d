"""Guides "Data set definition and loading" and "Data preprocessing" (paddlepaddle.org.cn), imports changed."""

from __future__ import annotations

import numpy as np

import axon.paddle as paddle
import axon.paddle.vision.transforms as T
from axon.paddle.io import DataLoader, Dataset


class RandomDataset(Dataset):
    def __init__(self, num_samples):
        self.num_samples = num_samples

    def __getitem__(self, idx):
        image = np.random.default_rng(idx).random([784]).astype("float32")
        label = np.random.default_rng(idx).integers(0, 9, (1,)).astype("int64")
        return image, label

    def __len__(self):
        return self.num_samples


def test_builtin_dataset_and_transform(mnist_files):
    transform = T.Normalize(mean=[127.5], std=[127.5], data_format="CHW")
    train = paddle.vision.datasets.MNIST(*mnist_files["train"], mode="train", transform=transform)
    image, label = train[0]
    assert image.shape == (1, 28, 28) and label.shape == (1,) and label.dtype == np.int64
    assert image.min() >= -1.0 and image.max() <= 1.0
    loader = DataLoader(train, batch_size=64, shuffle=True, drop_last=True)
    images, labels = next(iter(loader))
    assert images.shape == [64, 1, 28, 28] and labels.shape == [64, 1] and len(loader) == 1024 // 64
    # the batch read at once equals the samples read one by one
    first = next(iter(DataLoader(train, batch_size=4)))[0].numpy()
    np.testing.assert_allclose(first, np.stack([train[i][0] for i in range(4)]), rtol=1e-6)


def test_custom_dataset_and_samplers():
    dataset = RandomDataset(10)
    loader = DataLoader(dataset, batch_size=4, shuffle=False, drop_last=False, num_workers=2)
    shapes = [(x.shape, y.shape) for x, y in loader]
    assert shapes == [([4, 784], [4, 1])] * 2 + [([2, 784], [2, 1])]
    sampler = paddle.io.BatchSampler(sampler=paddle.io.SequenceSampler(dataset), batch_size=3, drop_last=True)
    assert list(sampler) == [[0, 1, 2], [3, 4, 5], [6, 7, 8]]
    paddle.seed(0)
    order = list(paddle.io.RandomSampler(dataset))
    assert sorted(order) == list(range(10))
    dist = paddle.io.DistributedBatchSampler(dataset, batch_size=2, num_replicas=2, rank=1)
    assert list(dist) == [[1, 3], [5, 7], [9]]
    train, val = paddle.io.random_split(dataset, [8, 2])
    assert len(train) == 8 and len(val) == 2 and not set(train.indices) & set(val.indices)


def test_image_transforms_on_arrays_and_pil():
    from PIL import Image

    paddle.seed(0)
    image = np.random.default_rng(0).integers(0, 256, (40, 50, 3)).astype("uint8")
    transform = T.Compose([T.Resize((36, 36)), T.RandomCrop(32, padding=2), T.RandomHorizontalFlip(0.5),
                           T.ColorJitter(0.4, 0.4, 0.4, 0.1), T.RandomRotation(10), T.CenterCrop(28),
                           T.Transpose(), T.Normalize(mean=[127.5] * 3, std=[127.5] * 3)])
    out = transform(image)
    assert out.shape == (3, 28, 28) and out.dtype == np.float32
    pil = T.Grayscale()(Image.fromarray(image))
    assert np.asarray(pil).shape == (40, 50)
    tensor = T.ToTensor()(Image.fromarray(image))
    assert tensor.shape == [3, 40, 50] and float(tensor.max()) <= 1.0
