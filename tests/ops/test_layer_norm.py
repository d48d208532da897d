"""layer_normalization: forward against NumPy, float64 finite differences for the
input, gamma and beta, on one or several axes, with and without gamma/beta."""

import numpy as np
import pytest

from axon.ops.normalization import layer_normalization
from tests.ops.helpers import check_op


def numpy_layer_norm(x, gamma, beta, axes, eps=1e-3):
    mean = x.mean(axis=axes, keepdims=True)
    var = x.var(axis=axes, keepdims=True)
    shape = [x.shape[i] if i in axes else 1 for i in range(x.ndim)]
    out = (x - mean) / np.sqrt(var + eps)
    if gamma is not None:
        out = out * gamma.reshape(shape)
    if beta is not None:
        out = out + beta.reshape(shape)
    return out


@pytest.mark.parametrize("shape, axis, axes", [
    ((4, 6), -1, (1,)),
    ((2, 3, 5), -1, (2,)),
    ((2, 3, 4, 2), [1, 2, 3], (1, 2, 3)),
    ((3, 4, 5), [1], (1,)),
    ((3, 4, 5), [-1, 1], (1, 2)),
])
def test_layer_norm_forward_and_gradients(shape, axis, axes):
    sizes = tuple(shape[a] for a in axes)
    check_op([shape, sizes, sizes], lambda x, g, b: layer_normalization(x, g, b, axis),
             lambda x, g, b: numpy_layer_norm(x, g, b, axes), rtol32=1e-4)


def test_layer_norm_without_gamma_or_beta():
    check_op([(3, 5)], lambda x: layer_normalization(x, axis=-1), lambda x: numpy_layer_norm(x, None, None, (1,)),
             rtol32=1e-4)
    check_op([(3, 5), (5,)], lambda x, b: layer_normalization(x, None, b),
             lambda x, b: numpy_layer_norm(x, None, b, (1,)), rtol32=1e-4)


def test_layer_norm_errors():
    x = np.zeros((2, 3), np.float32)
    with pytest.raises(ValueError, match="`gamma` must have shape \\(3,\\)"):
        layer_normalization(x, np.ones(4, np.float32))
    with pytest.raises(ValueError, match="axis 2 is out of range"):
        layer_normalization(x, axis=2)
