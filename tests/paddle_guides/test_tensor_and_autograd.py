"""Guides "Tensor introduction" and "Automatic differentiation" (paddlepaddle.org.cn, beginner), imports changed."""

from __future__ import annotations

import numpy as np
import pytest

import axon.paddle as paddle


def test_creating_tensors():
    ndim_1 = paddle.to_tensor([2.0, 3.0, 4.0], dtype="float64")
    assert ndim_1.shape == [3] and ndim_1.dtype == paddle.float64
    ndim_2 = paddle.to_tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    assert ndim_2.shape == [2, 3] and ndim_2.dtype == paddle.float32
    assert paddle.to_tensor(2).dtype == paddle.int64
    assert paddle.zeros([2, 3]).numpy().sum() == 0 and paddle.ones([2, 3]).numpy().sum() == 6
    assert paddle.full([2, 3], 9).tolist() == [[9] * 3] * 2
    assert paddle.arange(1, 9, 2).tolist() == [1, 3, 5, 7]
    assert paddle.linspace(1, 9, 5).tolist() == [1.0, 3.0, 5.0, 7.0, 9.0]
    paddle.seed(1)
    a = paddle.rand([2, 3]).numpy()
    paddle.seed(1)
    np.testing.assert_array_equal(a, paddle.rand([2, 3]).numpy())
    assert paddle.randint(0, 10, [4]).dtype == paddle.int64


def test_shape_dtype_and_place():
    x = paddle.ones([2, 3, 4, 5])
    assert (x.ndim, x.shape[0], x.shape[-1], x.size) == (4, 2, 5, 120)
    assert x.reshape([2, 5, 12]).shape == [2, 5, 12] and x.reshape([0, -1]).shape == [2, 60]
    assert x.astype("float64").dtype == paddle.float64
    assert paddle.unsqueeze(x, axis=0).shape == [1, 2, 3, 4, 5] and paddle.squeeze(x[:1], axis=0).shape == [3, 4, 5]
    assert paddle.flatten(x, start_axis=1).shape == [2, 60]
    assert str(x.place) == "Place(cpu)" and paddle.get_device() == "cpu"
    paddle.set_device("cpu")
    with pytest.raises(ValueError, match="CPU only"):
        paddle.set_device("gpu:0")


def test_indexing_and_math():
    x = paddle.to_tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]])
    assert x[0].tolist() == [1.0, 2.0, 3.0] and x[:, 1].tolist() == [2.0, 5.0, 8.0] and x[-1, -1].item() == 9.0
    x[0, 0] = 10.0
    assert x[0, 0].item() == 10.0
    y = paddle.to_tensor([[1.0, 1.0, 1.0]] * 3)
    assert (x + y).tolist()[1] == [5.0, 6.0, 7.0] and paddle.add(x, y).shape == [3, 3]
    assert x.abs().max().item() == 10.0 and x.sum(axis=1).shape == [3] and x.mean().item() == pytest.approx(6.0)
    assert x.matmul(y).shape == [3, 3] and (x @ y).shape == [3, 3]
    assert x.greater_than(y).all().item() and not x.equal_all(y).item() and x.allclose(x.clone()).item()
    assert paddle.isfinite(x).all().item() and not paddle.isnan(paddle.to_tensor([np.nan])).logical_not().item()
    assert x.t().tolist()[0] == [10.0, 4.0, 7.0] and x.dist(x).item() == 0.0
    assert x.norm().item() == pytest.approx(float(np.linalg.norm(x.numpy())))
    z = paddle.zeros([3])
    z.add_(paddle.ones([3]))
    z.reshape_([1, 3])
    assert z.shape == [1, 3] and z.tolist() == [[1.0, 1.0, 1.0]]
    assert paddle.concat([x, y], axis=0).shape == [6, 3] and paddle.stack([x, y]).shape == [2, 3, 3]
    parts = paddle.split(x, 3, axis=1)
    assert len(parts) == 3 and parts[0].shape == [3, 1]


def test_automatic_differentiation():
    x = paddle.to_tensor([1.0, 2.0, 3.0], stop_gradient=False)
    y = paddle.to_tensor([4.0, 5.0, 6.0], stop_gradient=False)
    z = x ** 2 + 4 * y
    z.backward(paddle.ones([3]))
    assert x.grad.tolist() == [2.0, 4.0, 6.0] and y.grad.tolist() == [4.0, 4.0, 4.0]
    a = paddle.to_tensor(2.0, stop_gradient=False)
    b = paddle.to_tensor(5.0, stop_gradient=True)
    c = a * b
    c.backward()
    assert a.grad.item() == 5.0 and b.grad is None and not c.stop_gradient
    # gradients accumulate until cleared
    (a * b).backward()
    assert a.grad.item() == 10.0
    a.clear_grad()
    assert a.grad.item() == 0.0
    (dx,) = paddle.grad(paddle.sum(x * x), x)
    assert dx.tolist() == [2.0, 4.0, 6.0]
    with paddle.no_grad():
        w = x * 2
    assert w.stop_gradient
    d = x.detach()
    assert d.stop_gradient and (d * 2).stop_gradient
