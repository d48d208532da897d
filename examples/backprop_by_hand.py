"""Backpropagation by hand: the course's worked example, every number printed.

A 3-3-2 network of sigmoid units, input x = [0.02, 0.04, 0.01] and target
y = [0.9, 0.5], loss L = sum 1/2 (y - y_hat)^2. ``axon.explain.trace_step``
runs one step of gradient descent (learning rate 1) and prints the forward
values (v = W^T x + b, h = sigmoid(v)), the chain rule going back (dL/dy_hat,
dy_hat/dv, dL/dv, dL/dW) and each weight's old value, gradient and new value:
the same numbers as the hand calculation.

Run:  python examples/backprop_by_hand.py
"""

import numpy as np

from axon.explain import trace_step
from axon.keras import layers, models

x = np.array([[0.02, 0.04, 0.01]])
y = np.array([[0.9, 0.5]])
W1 = np.array([[0.25, 0.15, 0.30],   # rows: the inputs x1, x2, x3
               [0.25, 0.20, 0.35],   # columns: the hidden units h1, h2, h3
               [0.10, 0.25, 0.15]])
W2 = np.array([[0.40, 0.25],
               [0.35, 0.30],
               [0.01, 0.35]])

model = models.Sequential([
    layers.Input(shape=(3,)),
    layers.Dense(3, activation="sigmoid", name="hidden"),
    layers.Dense(2, activation="sigmoid", name="output"),
])
model.set_weights([W1, np.full(3, 0.4), W2, np.full(2, 0.7)])

trace = trace_step(model, x, y, learning_rate=1.0, loss="half_sse")

hidden, output = trace.layers
w = trace.weights["output/kernel"]
print("\nhidden h =", ", ".join(f"{v:.4f}" for v in hidden.output[0]),
      "| output y_hat =", ", ".join(f"{v:.4f}" for v in output.output[0]), f"| loss {trace.loss:.4f}")
print(f"dL/dW2[1][0] (h2 -> y_hat1) = {w.gradient[1, 0]:.4f}, updated weight {w.new[1, 0]:.4f}")
assert np.allclose(np.round(hidden.output[0], 4), [0.6025, 0.6019, 0.6038])
assert np.allclose(np.round(output.output[0], 4), [0.7609, 0.7760])
assert round(trace.loss, 4) == 0.0478
assert round(float(w.gradient[1, 0]), 4) == -0.0152 and round(float(w.new[1, 0]), 4) == 0.3652
assert trace.loss_after < trace.loss
