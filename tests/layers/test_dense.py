"""Dense: shapes, parameters, gradients, config, errors."""

import numpy as np
import pytest

from axon.layers import Dense
from tests.layers.harness import check_layer


@pytest.mark.parametrize("activation", [None, "relu", "sigmoid", "tanh", "softmax"])
def test_dense_harness(activation):
    check_layer(lambda **kw: Dense(3, activation=activation, **kw), input_shape=(4, 5), output_shape=(4, 3),
                params=18, low=0.1 if activation == "relu" else -1.0)


def test_dense_on_rank3_input_uses_last_axis():
    check_layer(lambda **kw: Dense(2, use_bias=False, **kw), input_shape=(2, 3, 4), output_shape=(2, 3, 2), params=8)


def test_dense_rejects_bad_units():
    with pytest.raises(ValueError, match="units=0"):
        Dense(0)


def test_dense_wrong_input_size_names_layer_and_shapes():
    layer = Dense(2, name="head")
    layer(np.zeros((1, 3)))
    with pytest.raises(ValueError, match=r'"head".*\(None, 3\).*\(1, 4\)'):
        layer(np.zeros((1, 4)))
