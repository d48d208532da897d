"""axon.paddle end to end on small inputs: tensors, layers' gradients, the loop, files, errors."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

import axon.paddle as paddle
import axon.paddle.nn.functional as F
from axon.paddle import nn
from tests.ops.helpers import check_op


def _p(fn):
    """A Paddle function as an axon-tensor function, for check_op."""
    return lambda *xs: fn(*[paddle.Tensor(x) for x in xs]).value


def test_import_axon_does_not_import_paddle():
    code = "import sys, axon; assert 'axon.paddle' not in sys.modules; import axon.paddle as p; print(p.Tensor)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True).returncode == 0


def test_tensor_basics_follow_paddle():
    x = paddle.to_tensor([[1.0, 2.0], [3.0, 4.0]], stop_gradient=False)
    assert x.shape == [2, 2] and x.dtype == paddle.float32 and not x.stop_gradient
    assert paddle.to_tensor([1, 2]).dtype == paddle.int64 and paddle.to_tensor([1.0]).stop_gradient
    y = (x * x).sum()
    y.backward()
    np.testing.assert_allclose(x.grad.numpy(), 2 * x.numpy())
    x.clear_gradient()
    assert np.all(x.grad.numpy() == 0)
    assert paddle.matmul(x, x, transpose_y=True).shape == [2, 2]
    assert paddle.argmax(x, axis=1).tolist() == [1, 1]
    assert bool(paddle.equal_all(x, x.clone())) and bool(paddle.allclose(x, x + 1e-9))
    assert x.t().tolist() == [[1.0, 3.0], [2.0, 4.0]] and x.reshape([4]).shape == [4]
    z = paddle.zeros([2, 3])
    z.add_(paddle.ones([2, 3]))
    assert z.sum().item() == 6.0 and z.reshape_([3, 2]).shape == [3, 2]


def test_paddle_grad_returns_gradients():
    x = paddle.to_tensor([2.0, 3.0], stop_gradient=False)
    (dx,) = paddle.grad((x * x * x).sum(), x)
    np.testing.assert_allclose(dx.numpy(), [12.0, 27.0])
    assert x.grad is None


def test_layer_finds_sublayers_and_round_trips_state():
    class Net(nn.Layer):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(4, 3)
            self.blocks = nn.LayerList([nn.Linear(3, 3), nn.Linear(3, 2)])
            self.bn = nn.BatchNorm1D(2)

        def forward(self, x):
            x = self.fc(x)
            for b in self.blocks:
                x = b(x)
            return self.bn(x)

    net = Net()
    assert [n for n, _ in net.named_parameters()] == [
        "fc.weight", "fc.bias", "blocks.0.weight", "blocks.0.bias", "blocks.1.weight", "blocks.1.bias",
        "bn.weight", "bn.bias", "bn._mean", "bn._variance"]  # running statistics: non-trainable parameters
    assert net.fc.weight.shape == [4, 3] and "bn._mean" in net.state_dict()
    other = Net()
    other.set_state_dict(net.state_dict())
    x = paddle.randn([5, 4])
    net.eval(), other.eval()
    np.testing.assert_allclose(net(x).numpy(), other(x).numpy())


@pytest.mark.parametrize("kwargs", [dict(padding=1), dict(stride=2, padding="SAME"), dict(padding=[1, 0, 2, 1]),
                                    dict(dilation=2), dict(groups=2)])
def test_conv2d_gradients(kwargs):
    cin = 4 if kwargs.get("groups") else 3
    check_op([(2, cin, 7, 6), (4, cin // kwargs.get("groups", 1), 3, 3), (4,)],
             _p(lambda x, w, b: F.conv2d(x, w, b, **kwargs)), None)


def test_conv2d_matches_a_direct_sum():
    rng = np.random.default_rng(0)
    x, w = rng.normal(size=(1, 2, 5, 5)), rng.normal(size=(3, 2, 3, 3))
    out = F.conv2d(paddle.to_tensor(x), paddle.to_tensor(w), padding=1).numpy()
    xp = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
    expected = np.zeros((1, 3, 5, 5))
    for i in range(5):
        for j in range(5):
            expected[0, :, i, j] = np.einsum("chw,ochw->o", xp[0, :, i:i + 3, j:j + 3], w)
    np.testing.assert_allclose(out, expected, rtol=1e-10)


@pytest.mark.parametrize("fn", [
    lambda x: F.max_pool2d(x, 2),
    lambda x: F.avg_pool2d(x, 3, 2, padding=1, exclusive=False),
    lambda x: F.max_pool2d(x, 3, 2, ceil_mode=True),
    lambda x: F.adaptive_avg_pool2d(x, 3),
    lambda x: F.conv2d_transpose(x, paddle.Tensor(np.linspace(-1, 1, 3 * 2 * 9).reshape(3, 2, 3, 3)), stride=2,
                                 padding=1, output_padding=1),
])
def test_pooling_and_transposed_conv_gradients(fn):
    check_op([(2, 3, 7, 7)], _p(fn), None)


@pytest.mark.parametrize("kwargs", [dict(), dict(reduction="sum"), dict(ignore_index=1),
                                    dict(weight=np.array([0.2, 1.0, 2.0, 0.5])), dict(label_smoothing=0.1)])
def test_cross_entropy_gradient(kwargs):
    labels = paddle.to_tensor([[0], [1], [3], [1], [2]])
    weight = kwargs.pop("weight", None)
    check_op([(5, 4)], _p(lambda x: F.cross_entropy(x, labels, weight=None if weight is None else paddle.to_tensor(
        weight), **kwargs)), None)


def test_cross_entropy_refuses_wrong_label_shapes():
    with pytest.raises(ValueError, match="labels of shape"):
        F.cross_entropy(paddle.randn([4, 3]), paddle.to_tensor([[0, 1], [1, 0], [0, 1], [1, 1]]))


def test_nhwc_data_into_nchw_conv_is_explained():
    with pytest.raises(ValueError, match="looks channels-last"):
        nn.Conv2D(1, 6, 3)(paddle.randn([2, 28, 28, 1]))


def test_optimizer_needs_parameters():
    with pytest.raises(AttributeError, match="should not be None"):
        paddle.optimizer.Adam(learning_rate=0.1)


def test_save_load_round_trip_and_pickle_refused(tmp_path):
    import pickle

    net = nn.Linear(3, 2)
    opt = paddle.optimizer.Adam(parameters=net.parameters(),
                                learning_rate=paddle.optimizer.lr.StepDecay(0.1, step_size=2))
    net(paddle.randn([4, 3])).mean().backward()
    opt.step()
    paddle.save(net.state_dict(), tmp_path / "m.pdparams")
    paddle.save(opt.state_dict(), tmp_path / "m.pdopt")
    state = paddle.load(tmp_path / "m.pdparams")
    np.testing.assert_array_equal(state["weight"].numpy(), net.weight.numpy())
    assert paddle.load(tmp_path / "m.pdopt")["LR_Scheduler"]["last_epoch"] == 0
    bad = tmp_path / "real.pdparams"
    bad.write_bytes(pickle.dumps({"weight": [1.0]}))
    with pytest.raises(ValueError, match="never unpickles"):
        paddle.load(bad)


def test_fluid_is_refused_with_the_dygraph_way():
    with pytest.raises(ImportError, match="dygraph"):
        import axon.paddle.fluid  # noqa: F401


def test_model_fit_evaluate_predict_on_arrays(capsys):
    paddle.seed(1)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(64, 4)).astype("float32")
    y = (x[:, :1] > 0).astype("int64")
    data = paddle.io.TensorDataset([x, y])
    model = paddle.Model(nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 2)))
    model.prepare(paddle.optimizer.Adam(0.05, parameters=model.parameters()), nn.CrossEntropyLoss(),
                  paddle.metric.Accuracy())
    model.fit(data, epochs=5, batch_size=16, verbose=0)
    res = model.evaluate(data, batch_size=16, verbose=0)
    assert res["acc"] > 0.9 and isinstance(res["loss"], list)
    out = model.predict(data, batch_size=16, stack_outputs=True, verbose=0)
    assert out[0].shape == (64, 2)


def test_dataloader_batches_and_drop_last():
    data = paddle.io.TensorDataset([np.arange(10).reshape(10, 1).astype("float32"), np.arange(10)])
    batches = list(paddle.io.DataLoader(data, batch_size=4, drop_last=True))
    assert len(batches) == 2 and batches[1][0].shape == [4, 1] and batches[1][1].tolist() == [4, 5, 6, 7]
    assert len(paddle.io.DataLoader(data, batch_size=4)) == 3


def test_precision_and_recall_count_thresholded_probabilities():
    from axon.paddle.metric import Precision, Recall

    preds = np.array([0.9, 0.2, 0.7, 0.6, 0.1], dtype=np.float32)  # thresholded: 1 0 1 1 0
    labels = np.array([1, 1, 0, 1, 1])  # tp 2, fp 1, fn 2
    precision, recall = Precision(), Recall()
    for metric in (precision, recall):
        metric.update(preds[:3], labels[:3])
        metric.update(preds[3:], labels[3:])
    assert precision.accumulate() == 2 / 3 and recall.accumulate() == 1 / 2
    assert (precision.name(), recall.name()) == ("precision", "recall")
    precision.reset()
    assert precision.accumulate() == 0.0
