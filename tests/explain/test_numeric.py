"""axon.explain.check_gradients: whole-model finite differences in float64."""

import numpy as np
import pytest

import axon
from axon.autograd.op import Op
from axon.explain.numeric import check_gradients
from axon.keras import layers, models
from axon.layers.conv import Conv2D


def test_a_tiny_model_passes_and_is_left_as_it_was():
    axon.random.set_seed(0)
    model = models.Sequential([layers.Input(shape=(4,)), layers.Dense(5, activation="tanh"),
                               layers.Dense(3, activation="softmax")])
    before = model.get_weights()
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(6, 4)), np.eye(3)[rng.integers(0, 3, 6)]
    assert check_gradients(model, x, y, loss="categorical_crossentropy") < 1e-6
    assert all(w.dtype == np.float32 for w in model.weights) and model.layers[0].dtype == "float32"
    for a, b in zip(before, model.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_a_small_conv_model_with_regularization_passes():
    axon.random.set_seed(1)
    model = models.Sequential([layers.Input(shape=(5, 5, 1)),
                               Conv2D(2, 3, activation="sigmoid", kernel_regularizer=axon.regularizers.L2(0.1)),
                               layers.Flatten(), layers.Dense(2)])
    x = np.random.default_rng(1).normal(size=(3, 5, 5, 1))
    assert check_gradients(model, x, np.zeros((3, 2)), max_entries=10) < 1e-6


class WrongSquare(Op):
    """x^2 with a deliberately wrong derivative (x instead of 2x)."""

    def forward(self, x):
        self.x = x
        return x * x

    def backward(self, grad):
        return grad * self.x


class WrongLayer(axon.layers.Layer):
    def call(self, inputs):
        return WrongSquare.apply(inputs)


def test_a_wrong_backward_is_caught():
    axon.random.set_seed(0)
    model = models.Sequential([layers.Input(shape=(3,)), layers.Dense(2), WrongLayer()])
    error = check_gradients(model, np.ones((2, 3)), np.zeros((2, 2)))
    assert error > 0.1


@pytest.mark.parametrize("eps", [1e-5, 1e-7])
def test_eps_is_the_finite_difference_step(eps):
    axon.random.set_seed(0)
    model = models.Sequential([layers.Input(shape=(2,)), layers.Dense(1, activation="sigmoid")])
    assert check_gradients(model, np.ones((1, 2)), np.ones((1, 1)), eps=eps) < 1e-5
