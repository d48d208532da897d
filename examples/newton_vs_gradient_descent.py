"""Newton's method against gradient descent on a 2-parameter model.

Logistic regression with one feature, ``p(y=1 | x) = sigmoid(w x + b)``, fitted
by minimising the mean binary cross-entropy ``L(w, b)``. The feature is not
centred (it lies around 3), so ``w`` and ``b`` pull against each other: the
loss is a long narrow valley. Gradient descent steps along ``-grad L`` and
zigzags down the valley for hundreds of steps; Newton's method solves
``H d = -grad L`` with the 2x2 Hessian ``H`` of second derivatives, which knows
the valley's shape, and near the minimum doubles the number of correct digits
each step. The Hessian comes from higher-order autodiff, spelled both ways:

- TensorFlow: a GradientTape nested in another, the outer one taking the
  Jacobian of the inner one's gradient;
- PyTorch: ``axon.autograd.hessian(f, theta)``.

Run:  python examples/newton_vs_gradient_descent.py      (AXON_EXAMPLES_QUICK=1 for a short run)
"""

import os

import numpy as np

import axon

QUICK = os.environ.get("AXON_EXAMPLES_QUICK") == "1"
TOLERANCE = 1e-8  # stop when |grad L| is below this
rng = np.random.default_rng(0)
x = rng.normal(3.0, 0.5, size=200)
y = (rng.uniform(size=x.size) < 1 / (1 + np.exp(-(2.0 * x - 6.0)))).astype(float)  # true w = 2, b = -6


def loss(theta):
    """Mean cross-entropy of the logits w x + b (theta = [w, b])."""
    logits = theta[0] * x + theta[1]
    return axon.ops.sigmoid_cross_entropy_with_logits(y, logits).mean()


def gradient_and_hessian(theta):
    """L, grad L and the Hessian of L at theta, with two nested tapes."""
    t = axon.Variable(theta, dtype="float64")
    with axon.GradientTape() as outer:
        with axon.GradientTape() as inner:
            value = loss(t)
        g = inner.gradient(value, t)        # recorded by the outer tape
    return float(value), g.numpy(), outer.jacobian(g, t).numpy()


print("Newton's method: theta <- theta - H^-1 grad L")
theta = np.zeros(2)
for newton_steps in range(20):
    value, g, h = gradient_and_hessian(theta)
    print(f"  step {newton_steps}: L = {value:.10f}  |grad L| = {np.linalg.norm(g):.1e}  theta = {theta.round(6)}")
    if np.linalg.norm(g) < TOLERANCE:
        break
    theta = theta - np.linalg.solve(h, g)
newton = theta
# The same Hessian, PyTorch's spelling.
np.testing.assert_allclose(axon.autograd.hessian(loss, axon.tensor(newton)).numpy(), h, rtol=1e-8)
print(f"  condition number of H at the minimum: {np.linalg.cond(h):.0f}")

# Gradient descent with the largest stable step: 1 / (the largest curvature at the start).
h0 = gradient_and_hessian(np.zeros(2))[2]
lr = 1.0 / np.linalg.eigvalsh(h0).max()
print(f"Gradient descent: theta <- theta - {lr:.3f} grad L")
theta = np.zeros(2)
limit = 2000 if QUICK else 100000
for gd_steps in range(limit + 1):
    t = axon.Variable(theta, dtype="float64")
    with axon.GradientTape() as tape:
        value = loss(t)
    g = tape.gradient(value, t).numpy()
    if gd_steps % (limit // 10) == 0:
        print(f"  step {gd_steps:>6}: L = {float(value):.10f}  |grad L| = {np.linalg.norm(g):.1e}")
    if np.linalg.norm(g) < TOLERANCE:
        break
    theta = theta - lr * g

print(f"Newton reached |grad L| < {TOLERANCE:g} in {newton_steps} steps, theta = {newton.round(6)}; "
      f"gradient descent after {gd_steps} steps has theta = {theta.round(6)}")
assert newton_steps <= 10, "Newton's method converges in a handful of steps"
assert gd_steps >= 50 * newton_steps, "gradient descent needs far more steps in the narrow valley"
assert np.linalg.norm(theta - newton) < 0.5, "gradient descent heads to the same minimum"
