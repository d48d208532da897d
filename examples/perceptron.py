"""The perceptron: one neuron, a sign activation, and Rosenblatt's learning rule.

On the logical AND and OR (linearly separable) the rule stops after a few
epochs with no mistakes left, as the convergence theorem promises; on XOR,
which no straight line separates, it keeps making mistakes until it gives up.
Then it separates two clouds of 2-D points.

Run:  python examples/perceptron.py      (AXON_EXAMPLES_QUICK=1 for a short run)
"""

import os

import numpy as np

import axon
from axon.applications.perceptron import Perceptron

QUICK = os.environ.get("AXON_EXAMPLES_QUICK") == "1"
inputs = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
gates = {"AND": [0, 0, 0, 1], "OR": [0, 1, 1, 1], "XOR": [0, 1, 1, 0]}

for gate, targets in gates.items():
    p = Perceptron(learning_rate=1.0, max_epochs=20).fit(inputs, targets)
    print(f"{gate:<4} mistakes per epoch {p.errors_}  w={p.coef_}  b={p.intercept_:+.1f}  "
          f"predictions {p.predict(inputs).tolist()}")
    if gate == "XOR":
        assert p.errors_[-1] > 0, "XOR is not linearly separable: the rule never settles"
    else:
        assert p.errors_[-1] == 0 and p.score(inputs, targets) == 1.0

# Two separable clouds: points above / below the line x2 = 0.5 x1 + 1, with a margin.
axon.random.set_seed(0)
rng = np.random.default_rng(0)
n = 100 if QUICK else 1000
points = rng.uniform(-5, 5, size=(4 * n, 2))
distance = points[:, 1] - (0.5 * points[:, 0] + 1)
points, distance = points[np.abs(distance) > 0.5][:n], distance[np.abs(distance) > 0.5][:n]
labels = np.where(distance > 0, 1, -1)
p = Perceptron(max_epochs=1000, shuffle=True).fit(points, labels)
print(f"{n} points: {len(p.errors_)} epochs, mistakes in the last one: {p.errors_[-1]}, "
      f"accuracy {p.score(points, labels):.3f}")
print(f"learned boundary: x2 = {-p.coef_[0] / p.coef_[1]:.2f} x1 + {-p.intercept_ / p.coef_[1]:.2f}  "
      "(true: x2 = 0.50 x1 + 1.00)")
assert p.errors_[-1] == 0 and p.score(points, labels) == 1.0
