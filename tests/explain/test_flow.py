"""axon.explain.gradient_flow: vanishing gradients in a deep sigmoid network."""

import numpy as np

import axon
from axon.explain.flow import gradient_flow
from axon.keras import layers, models


def deep_net(activation):
    axon.random.set_seed(0)  # the same Glorot-uniform initial weights for both activations
    return models.Sequential([layers.Input(shape=(20,))] +
                             [layers.Dense(32, activation=activation, name=f"d{i}") for i in range(10)] +
                             [layers.Dense(1, name="out")])


def test_first_layer_of_a_deep_sigmoid_net_gets_100x_less_gradient_than_relu():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(64, 20)).astype("float32")
    y = rng.normal(size=(64, 1)).astype("float32")
    sigmoid = gradient_flow(deep_net("sigmoid"), x, y, loss="mse")
    relu = gradient_flow(deep_net("relu"), x, y, loss="mse")
    assert list(sigmoid) == [f"d{i}" for i in range(10)] + ["out"]
    assert sigmoid["d0"] * 100 <= relu["d0"]
    # and within the sigmoid net the gradient shrinks going back to the input
    assert sigmoid["d0"] * 1000 <= sigmoid["d9"]


def test_values_are_mean_absolute_kernel_gradients():
    axon.random.set_seed(2)
    model = models.Sequential([layers.Input(shape=(3,)), layers.Dense(2, name="only")])
    x, y = np.ones((4, 3), "float32"), np.zeros((4, 2), "float32")
    with axon.GradientTape() as tape:
        loss = axon.losses.MeanSquaredError()(y, model(x))
    g = tape.gradient(loss, model.layers[0].kernel).numpy()
    model.compile("sgd", "mse")
    assert gradient_flow(model, x, y)["only"] == np.float32(np.abs(g).mean())
