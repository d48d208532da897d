"""affine: x @ kernel + bias (+ ReLU), the op Dense runs, against NumPy and finite differences."""

import numpy as np
import pytest

import axon
from axon.ops.affine import affine
from tests.ops.helpers import check_op


@pytest.mark.parametrize("x_shape", [(5, 4), (2, 3, 4), (4,)], ids=str)
@pytest.mark.parametrize("relu", [False, True])
def test_affine_values_and_gradients(x_shape, relu):
    def reference(x, w, b):
        out = x @ w + b
        return np.maximum(out, 0) if relu else out

    check_op([x_shape, (4, 3), (3,)], lambda x, w, b: affine(x, w, b, relu=relu), reference)
    check_op([x_shape, (4, 3)], lambda x, w: affine(x, w, relu=relu),
             lambda x, w: np.maximum(x @ w, 0) if relu else x @ w)


def test_dense_layer_gives_what_matmul_bias_and_relu_give():
    gen = np.random.default_rng(0)
    x = gen.standard_normal((6, 5)).astype(np.float32)
    layer = axon.layers.Dense(4, activation="relu", bias_initializer="glorot_uniform")
    w = axon.Variable(x)
    with axon.GradientTape() as tape:
        out = layer(w)
        loss = axon.reduce_sum(out * np.arange(24, dtype=np.float32).reshape(6, 4))
    grads = tape.gradient(loss, [w, layer.kernel, layer.bias])
    kernel, bias = layer.kernel.numpy(), layer.bias.numpy()
    z = x @ kernel + bias
    np.testing.assert_allclose(out.numpy(), np.maximum(z, 0), rtol=1e-6)
    upstream = np.arange(24, dtype=np.float32).reshape(6, 4) * (z > 0)
    np.testing.assert_allclose(grads[0].numpy(), upstream @ kernel.T, rtol=1e-5)
    np.testing.assert_allclose(grads[1].numpy(), x.T @ upstream, rtol=1e-5)
    np.testing.assert_allclose(grads[2].numpy(), upstream.sum(axis=0), rtol=1e-5)
    assert (z < 0).any() and (z > 0).any()


def test_affine_records_nothing_under_no_grad_and_keeps_float32():
    x = axon.Variable(np.ones((2, 3), np.float32))
    with axon.no_grad():
        out = affine(x, np.ones((3, 2), np.float32), np.zeros(2, np.float32), relu=True)
    assert out._op is None and out.dtype == np.float32


def test_affine_errors_name_the_shapes():
    with pytest.raises(ValueError, match=r"\(2, 3\).*\(4, 2\)"):
        affine(np.ones((2, 3)), np.ones((4, 2)))
    with pytest.raises(ValueError, match=r"bias must have shape \(2,\)"):
        affine(np.ones((2, 3)), np.ones((3, 2)), np.ones(3))
