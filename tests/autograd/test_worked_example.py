"""The course's worked backpropagation example, by GradientTape and by backward().

A 3-3-2 network with sigmoid units: v = W1^T x + b1, h = sigmoid(v),
y_hat = sigmoid(W2^T h + b2), loss = sum 1/2 (y - y_hat)^2. The rows of W1 are
the inputs and its columns the hidden units (with x as a row vector, x @ W1).
The numbers are the ones worked out by hand in the course.
"""

import numpy as np
import pytest

import axon
from axon import nn, ops

X = np.array([[0.02, 0.04, 0.01]])
W1 = np.array([[0.25, 0.15, 0.30], [0.25, 0.20, 0.35], [0.10, 0.25, 0.15]])
B1 = np.full(3, 0.4)
W2 = np.array([[0.40, 0.25], [0.35, 0.30], [0.01, 0.35]])
B2 = np.full(2, 0.7)
Y = np.array([[0.9, 0.5]])


def chain_rule():
    """The gradients written out by hand, in NumPy float64."""
    sig = 1 / (1 + np.exp(-(X @ W1 + B1)))
    out = 1 / (1 + np.exp(-(sig @ W2 + B2)))
    delta2 = (out - Y) * out * (1 - out)  # dL/dz2
    delta1 = (delta2 @ W2.T) * sig * (1 - sig)  # dL/dv
    return {"W1": X.T @ delta1, "b1": delta1[0], "W2": sig.T @ delta2, "b2": delta2[0]}


def forward(w1, b1, w2, b2, x=X, y=Y):
    h = nn.sigmoid(ops.matmul(x, w1) + b1)
    y_hat = nn.sigmoid(ops.matmul(h, w2) + b2)
    loss = ops.reduce_sum(0.5 * ops.square(y - y_hat))
    return h, y_hat, loss


def check_hand_numbers(h, y_hat, loss, grads):
    np.testing.assert_array_equal(np.round(h.numpy(), 4), [[0.6025, 0.6019, 0.6038]])
    np.testing.assert_array_equal(np.round(y_hat.numpy(), 4), [[0.7609, 0.7760]])
    assert round(loss.item(), 4) == 0.0478
    assert round(float(grads["W2"][1, 0]), 4) == -0.0152
    expected = chain_rule()
    for name, g in grads.items():
        assert g.shape == expected[name].shape, name
        np.testing.assert_allclose(g, expected[name], rtol=1e-10, atol=1e-14, err_msg=name)


def test_worked_example_with_gradient_tape():
    params = {"W1": axon.Variable(W1), "b1": axon.Variable(B1), "W2": axon.Variable(W2), "b2": axon.Variable(B2)}
    with axon.GradientTape() as tape:
        h, y_hat, loss = forward(*params.values())
    grads = tape.gradient(loss, params)
    check_hand_numbers(h, y_hat, loss, {k: g.numpy() for k, g in grads.items()})

    for name, v in params.items():  # one SGD step, learning rate 1
        v.assign_sub(1.0 * grads[name].numpy())
    assert round(float(params["W2"].numpy()[1, 0]), 4) == 0.3652
    assert forward(*params.values())[2].item() < loss.item()


def test_worked_example_with_backward():
    params = {k: axon.tensor(v.copy(), requires_grad=True) for k, v in
              {"W1": W1, "b1": B1, "W2": W2, "b2": B2}.items()}
    h, y_hat, loss = forward(*params.values())
    loss.backward()
    check_hand_numbers(h, y_hat, loss, {k: t.grad.numpy() for k, t in params.items()})

    with axon.no_grad():
        stepped = params["W2"] - 1.0 * params["W2"].grad
    assert round(float(stepped.numpy()[1, 0]), 4) == 0.3652


def test_worked_example_in_float32():
    params = [axon.Variable(a.astype(np.float32)) for a in (W1, B1, W2, B2)]
    with axon.GradientTape() as tape:
        _, _, loss = forward(*params, x=X.astype(np.float32), y=Y.astype(np.float32))
    grads = tape.gradient(loss, params)
    assert loss.dtype == np.float32 and all(g.dtype == np.float32 for g in grads)
    for g, expected in zip(grads, chain_rule().values()):
        np.testing.assert_allclose(g.numpy(), expected, rtol=1e-4, atol=1e-7)
    assert loss.item() == pytest.approx(0.0478, abs=5e-5)
