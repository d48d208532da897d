"""fit against a NumPy transcription of what Keras computes for the same program.

The program is the digits 0/1 course program (s06): Flatten(8, 8) -> Dense(25, relu)
-> Dense(15, relu) -> Dense(1, sigmoid), compile(loss="BinaryCrossentropy") so
Keras's default RMSprop(0.001, rho=0.9, epsilon=1e-7 inside the square root), one
batch of 10 unscaled images (values up to 255), and Keras's cross-entropy from the
logits behind the sigmoid. From the same initial weights, every epoch's loss and the
final weights must agree.
"""

import numpy as np
import pytest

import axon
from axon.layers.core import Flatten
from axon.layers.dense import Dense
from axon.models import Sequential


def keras_reference(x, y, weights, epochs):
    """Full-batch RMSprop on binary cross-entropy from logits, as Keras's TensorFlow backend does it."""
    params = [w.copy() for w in weights]
    velocities = [np.zeros_like(p) for p in params]
    losses = []
    n = len(x)
    for _ in range(epochs):
        w1, b1, w2, b2, w3, b3 = params
        z1 = x @ w1 + b1
        h1 = np.maximum(z1, 0)
        z2 = h1 @ w2 + b2
        h2 = np.maximum(z2, 0)
        z3 = h2 @ w3 + b3
        # -(y log s(z) + (1 - y) log(1 - s(z))) = max(z, 0) - z y + log(1 + exp(-|z|))
        losses.append(float(np.mean(np.maximum(z3, 0) - z3 * y + np.log1p(np.exp(-np.abs(z3))))))
        dz3 = (1 / (1 + np.exp(-z3)) - y) / n
        dz2 = (dz3 @ w3.T) * (z2 > 0)
        dz1 = (dz2 @ w2.T) * (z1 > 0)
        grads = [x.T @ dz1, dz1.sum(0), h1.T @ dz2, dz2.sum(0), h2.T @ dz3, dz3.sum(0)]
        for i, g in enumerate(grads):
            velocities[i] = 0.9 * velocities[i] + 0.1 * g * g
            params[i] = params[i] - 0.001 * g / np.sqrt(velocities[i] + 1e-7)
    return losses, params


@pytest.fixture
def float64():
    """Both sides in float64: RMSprop's first steps are lr * sign(g) even for tiny
    gradients, so float32 rounding noise would grow along the run and hide real differences."""
    axon.config.set_floatx("float64")
    yield
    axon.config.set_floatx("float32")


def test_fit_with_default_rmsprop_and_bce_matches_the_keras_reference(float64):
    rng = np.random.default_rng(0)
    images = np.where(rng.random((10, 8, 8)) < 0.5, 255.0, rng.integers(0, 16, (10, 8, 8)))  # float64, unscaled
    labels = (np.arange(10) % 2).astype(np.float64)
    axon.random.set_seed(3)
    model = Sequential([Flatten(input_shape=(8, 8)), Dense(25, activation="relu"), Dense(15, activation="relu"),
                        Dense(1, activation="sigmoid")])
    initial = model.get_weights()
    model.compile(loss="BinaryCrossentropy")
    history = model.fit(images, labels, epochs=30, verbose=0)
    assert model.get_weights()[0].dtype == np.float64
    losses, params = keras_reference(images.reshape(10, 64), labels[:, None], initial, epochs=30)
    np.testing.assert_allclose(history.history["loss"], losses, rtol=1e-9)
    for mine, reference in zip(model.get_weights(), params):
        np.testing.assert_allclose(mine, reference, rtol=1e-7, atol=1e-12)
