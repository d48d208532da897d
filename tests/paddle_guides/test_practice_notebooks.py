"""Practice notebooks: linear regression on UCI housing, a CIFAR-10 convnet and image segmentation
(paddlepaddle.org.cn practices), imports changed, on files and arrays the tests write."""

from __future__ import annotations

import numpy as np

import axon.paddle as paddle
import axon.paddle.nn.functional as F
import axon.paddle.vision.transforms as T
from axon.paddle import nn


def test_linear_regression_on_uci_housing(housing_file):
    train = paddle.text.datasets.UCIHousing(data_file=housing_file, mode="train")
    test = paddle.text.datasets.UCIHousing(data_file=housing_file, mode="test")
    assert len(train) == 404 and len(test) == 102 and train[0][0].shape == (13,)
    paddle.seed(0)
    model = nn.Linear(13, 1)
    opt = paddle.optimizer.SGD(learning_rate=0.1, parameters=model.parameters())
    loader = paddle.io.DataLoader(train, batch_size=32, shuffle=True)
    for _ in range(200):
        for x, y in loader:
            loss = F.square_error_cost(model(x), y).mean()
            loss.backward()
            opt.step()
            opt.clear_grad()
    x, y = next(iter(paddle.io.DataLoader(test, batch_size=len(test))))
    mse = float(F.mse_loss(model(x), y))
    assert mse < 1.0, mse  # the noise has variance 0.25


class MyNet(nn.Layer):
    def __init__(self, num_classes=10):
        super().__init__()
        self.conv1 = nn.Conv2D(3, 8, 3, padding=1)
        self.bn1 = nn.BatchNorm2D(8)
        self.pool = nn.MaxPool2D(2, 2)
        self.conv2 = nn.Conv2D(8, 16, 3, padding=1)
        self.gap = nn.AdaptiveAvgPool2D(1)
        self.fc = nn.Linear(16, num_classes)

    def forward(self, x):
        x = self.pool(F.relu(self.bn1(self.conv1(x))))
        x = self.gap(F.relu(self.conv2(x)))
        return self.fc(paddle.flatten(x, 1))


def test_cifar10_convnet(cifar_archive):
    transform = T.Compose([T.Transpose(), T.Normalize(mean=[127.5] * 3, std=[127.5] * 3)])
    train = paddle.vision.datasets.Cifar10(data_file=cifar_archive, mode="train", transform=transform)
    test = paddle.vision.datasets.Cifar10(data_file=cifar_archive, mode="test", transform=transform)
    assert len(train) == 200 and train[0][0].shape == (3, 32, 32) and train[0][1].shape == ()
    paddle.seed(0)
    model = paddle.Model(MyNet())
    model.prepare(paddle.optimizer.Adam(0.01, parameters=model.parameters()), nn.CrossEntropyLoss(),
                  paddle.metric.Accuracy())
    model.fit(train, epochs=5, batch_size=32, verbose=0)
    assert model.evaluate(test, batch_size=50, verbose=0)["acc"] > 0.5


class SegNet(nn.Layer):
    """An encoder-decoder in the style of the U-Net practice: down with strided convolutions, up with
    transposed ones, a class score per pixel."""

    def __init__(self, num_classes=3):
        super().__init__()
        self.down = nn.Sequential(nn.Conv2D(1, 8, 3, stride=2, padding=1), nn.BatchNorm2D(8), nn.ReLU())
        self.up = nn.Sequential(nn.Conv2DTranspose(8, 8, 3, stride=2, padding=1, output_padding=1), nn.ReLU())
        self.head = nn.Conv2D(8 + 1, num_classes, 1)

    def forward(self, x):
        return self.head(paddle.concat([self.up(self.down(x)), x], axis=1))


def test_image_segmentation():
    rng = np.random.default_rng(0)
    images = rng.normal(0, 0.1, (32, 1, 16, 16)).astype("float32")
    masks = np.zeros((32, 1, 16, 16), dtype="int64")
    for i in range(32):
        r, c = rng.integers(2, 10, 2)
        images[i, 0, r:r + 5, c:c + 5] += 1.0
        masks[i, 0, r:r + 5, c:c + 5] = 1 + i % 2
        images[i, 0, r:r + 5, c:c + 5] *= 1 + i % 2
    paddle.seed(0)
    net = SegNet()
    opt = paddle.optimizer.Adam(0.02, parameters=net.parameters())
    loss_fn = nn.CrossEntropyLoss(axis=1)
    x, y = paddle.to_tensor(images), paddle.to_tensor(masks)
    for _ in range(40):
        loss = loss_fn(net(x), y)
        loss.backward()
        opt.step()
        opt.clear_grad()
    net.eval()
    pixel_accuracy = float((net(x).argmax(axis=1, keepdim=True) == y).astype("float32").mean())
    assert pixel_accuracy > 0.9, pixel_accuracy


class AdditionRNN(nn.Layer):
    """The addition-RNN practice, shortened: read "a+b" one character at a time, classify the sum."""

    def __init__(self, symbols=11, hidden=64):
        super().__init__()
        self.embedding = nn.Embedding(symbols, 16)
        self.lstm = nn.LSTM(16, hidden)
        self.fc = nn.Linear(hidden, 19)

    def forward(self, x):
        _, (h, _) = self.lstm(self.embedding(x))
        return self.fc(h[-1])


def test_addition_rnn():
    a, b = np.meshgrid(np.arange(10), np.arange(10))
    a, b = a.ravel(), b.ravel()
    x = np.stack([a, np.full_like(a, 10), b], axis=1).astype("int64")  # symbol 10 is '+'
    y = (a + b).astype("int64")
    paddle.seed(0)
    net = AdditionRNN()
    opt = paddle.optimizer.Adam(0.01, parameters=net.parameters())
    data = paddle.io.TensorDataset([x, y])
    for _ in range(60):
        for xb, yb in paddle.io.DataLoader(data, batch_size=25, shuffle=True):
            loss = F.cross_entropy(net(xb), yb)
            loss.backward()
            opt.step()
            opt.clear_grad()
    net.eval()
    accuracy = float((net(paddle.to_tensor(x)).argmax(axis=1) == paddle.to_tensor(y)).astype("float32").mean())
    assert accuracy > 0.9, accuracy
