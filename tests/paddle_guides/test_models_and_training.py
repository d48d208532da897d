"""Guides "Model building", "Training, evaluation and prediction" (high-level and basic API) and
"Saving and loading" (paddlepaddle.org.cn, beginner), imports changed, on local data."""

from __future__ import annotations

import numpy as np
import pytest

import axon.paddle as paddle
import axon.paddle.nn.functional as F
import axon.paddle.vision.transforms as T
from axon.paddle import nn


@pytest.fixture(scope="module")
def datasets(mnist_files):
    transform = T.Normalize(mean=[127.5], std=[127.5], data_format="CHW")
    train = paddle.vision.datasets.MNIST(*mnist_files["train"], mode="train", transform=transform)
    test = paddle.vision.datasets.MNIST(*mnist_files["test"], mode="test", transform=transform)
    return train, test


class Mnist(nn.Layer):
    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.linear_1 = nn.Linear(784, 512)
        self.linear_2 = nn.Linear(512, 10)
        self.relu = nn.ReLU()
        self.dropout = nn.Dropout(0.2)

    def forward(self, inputs):
        y = self.flatten(inputs)
        y = self.linear_1(y)
        y = self.relu(y)
        y = self.dropout(y)
        return self.linear_2(y)


def test_building_models():
    mnist = nn.Sequential(nn.Flatten(1, -1), nn.Linear(784, 512), nn.ReLU(), nn.Dropout(0.2), nn.Linear(512, 10))
    assert [type(layer).__name__ for layer in mnist] == ["Flatten", "Linear", "ReLU", "Dropout", "Linear"]
    model = Mnist()
    assert [name for name, _ in model.named_sublayers()] == ["flatten", "linear_1", "linear_2", "relu", "dropout"]
    assert model.linear_1.weight.shape == [784, 512] and len(model.parameters()) == 4
    info = paddle.summary(model, (1, 28, 28))
    assert info["total_params"] == 784 * 512 + 512 + 512 * 10 + 10
    model.add_sublayer("extra", nn.Linear(10, 2))
    assert "extra.weight" in model.state_dict()
    w = model.create_parameter([3, 3], default_initializer=nn.initializer.Constant(1.0))
    model.add_parameter("scale", w)
    assert model.scale.numpy().sum() == 9.0 and not model.scale.stop_gradient
    other = Mnist()
    other.set_dict(Mnist().state_dict())
    conv = nn.Conv2D(3, 8, 3, weight_attr=paddle.ParamAttr(initializer=nn.initializer.KaimingNormal()))
    assert conv.weight.shape == [8, 3, 3, 3]


def test_high_level_api(datasets, capsys):
    train, test = datasets
    paddle.seed(0)
    model = paddle.Model(Mnist(), inputs=[paddle.static.InputSpec([None, 1, 28, 28], "float32", "image")])
    model.prepare(paddle.optimizer.Adam(learning_rate=0.001, parameters=model.parameters()),
                  nn.CrossEntropyLoss(), paddle.metric.Accuracy())
    model.fit(train, epochs=3, batch_size=64, verbose=1)
    printed = capsys.readouterr().out
    assert "Epoch 3/3" in printed and "step 16/16" in printed and "acc:" in printed
    result = model.evaluate(test, verbose=0)
    assert result["acc"] > 0.6, result
    prediction = model.predict(test, verbose=0)
    assert len(prediction) == 1 and len(prediction[0]) == len(test) and prediction[0][0].shape == (1, 10)
    assert model.predict_batch([test[0][0][None]])[0].shape == (1, 10)
    assert model.summary()["total_params"] == 407050


def test_basic_api_loop(datasets):
    train, test = datasets
    paddle.seed(0)
    mnist = Mnist()
    loader = paddle.io.DataLoader(train, batch_size=64, shuffle=True)
    mnist.train()
    opt = paddle.optimizer.Adam(learning_rate=0.001, parameters=mnist.parameters())
    for _ in range(3):
        for x_data, y_data in loader:
            predicts = mnist(x_data)
            loss = F.cross_entropy(predicts, y_data)
            acc = paddle.metric.accuracy(predicts, y_data)
            loss.backward()
            opt.step()
            opt.clear_grad()
    mnist.eval()
    accs = []
    for x_data, y_data in paddle.io.DataLoader(test, batch_size=64):
        accs.append(float(paddle.metric.accuracy(mnist(x_data), y_data)))
    assert np.mean(accs) > 0.6 and 0 <= float(acc) <= 1


def test_saving_and_loading(tmp_path, datasets):
    train, _ = datasets
    model = Mnist()
    opt = paddle.optimizer.Adam(learning_rate=0.001, parameters=model.parameters())
    x, y = next(iter(paddle.io.DataLoader(train, batch_size=8)))
    F.cross_entropy(model(x), y).backward()
    opt.step()
    paddle.save(model.state_dict(), str(tmp_path / "linear_net.pdparams"))
    paddle.save(opt.state_dict(), str(tmp_path / "adam.pdopt"))
    layer_state_dict = paddle.load(str(tmp_path / "linear_net.pdparams"))
    opt_state_dict = paddle.load(str(tmp_path / "adam.pdopt"))
    fresh = Mnist()
    fresh.set_state_dict(layer_state_dict)
    fresh_opt = paddle.optimizer.Adam(learning_rate=0.001, parameters=fresh.parameters())
    fresh_opt.set_state_dict(opt_state_dict)
    model.eval(), fresh.eval()
    np.testing.assert_array_equal(model(x).numpy(), fresh(x).numpy())
    # the high-level API: path.pdparams / path.pdopt, and the inference weights
    hapi = paddle.Model(Mnist())
    hapi.prepare(paddle.optimizer.SGD(parameters=hapi.parameters()), nn.CrossEntropyLoss())
    hapi.save(str(tmp_path / "checkpoint" / "test"))
    hapi.save(str(tmp_path / "inference" / "test"), training=False)
    assert sorted(p.name for p in (tmp_path / "checkpoint").iterdir()) == ["test.pdopt", "test.pdparams"]
    assert (tmp_path / "inference" / "test.pdiparams").exists()
    hapi.load(str(tmp_path / "checkpoint" / "test"))
