"""A gradient penalty: the norm of a gradient inside the loss (WGAN-GP).

A Wasserstein critic ``D`` scores samples so that ``E[D(real)] - E[D(fake)]``
estimates the earth mover's distance between the two distributions, provided
``D`` is 1-Lipschitz. WGAN-GP (Gulrajani et al., 2017) asks for that softly,
adding ``lambda * E[(|grad_x D(x_hat)| - 1)^2]`` on points ``x_hat`` drawn
between real and fake samples. Training the critic therefore differentiates a
gradient: the inner tape gives ``grad_x D``, and the outer tape, which records
that computation, gives the penalty's gradient with respect to the weights.

Here "real" and "fake" are two Gaussian clouds in 2-D, the second shifted by
(2, 0): one is the other moved 2 units, so the distance the critic should find
is 2, and its gradient norm on the interpolates should be about 1.

Run:  python examples/gradient_penalty.py      (AXON_EXAMPLES_QUICK=1 for a short run)
"""

import os

import numpy as np

import axon
from axon import layers, models, optimizers

QUICK = os.environ.get("AXON_EXAMPLES_QUICK") == "1"
LAMBDA, BATCH, STEPS = 10.0, 128, 150 if QUICK else 1500
SHIFT = np.array([2.0, 0.0], dtype="float32")
axon.random.set_seed(0)
rng = np.random.default_rng(0)

critic = models.Sequential([layers.Input(shape=(2,)), layers.Dense(64, activation="relu"),
                            layers.Dense(64, activation="relu"), layers.Dense(1)])
optimizer = optimizers.Adam(learning_rate=1e-3, beta_1=0.5, beta_2=0.9)


def critic_step():
    real = rng.normal(0.0, 0.5, size=(BATCH, 2)).astype("float32")
    fake = rng.normal(0.0, 0.5, size=(BATCH, 2)).astype("float32") + SHIFT
    eps = rng.uniform(size=(BATCH, 1)).astype("float32")
    x_hat = axon.constant(eps * real + (1 - eps) * fake)
    with axon.GradientTape() as outer:
        with axon.GradientTape() as inner:
            inner.watch(x_hat)
            score = critic(x_hat)
        g = inner.gradient(score, x_hat)                    # d D / d x_hat, recorded by `outer`
        norm = axon.sqrt(axon.reduce_sum(g * g, axis=1) + 1e-12)
        penalty = axon.reduce_mean((norm - 1.0) ** 2)
        distance = axon.reduce_mean(critic(real)) - axon.reduce_mean(critic(fake))
        loss = -distance + LAMBDA * penalty
    grads = outer.gradient(loss, critic.trainable_weights)  # through the gradient: second order
    optimizer.apply_gradients(zip(grads, critic.trainable_weights))
    return float(distance), float(penalty), float(axon.reduce_mean(norm))


for step in range(STEPS + 1):
    distance, penalty, mean_norm = critic_step()
    if step % (STEPS // 6) == 0:
        print(f"step {step:>5}: E[D(real)] - E[D(fake)] = {distance:.3f}  penalty = {penalty:.4f}  "
              f"mean |grad D| = {mean_norm:.3f}")

# The estimate on fresh samples (a big batch, so little sampling noise).
real = rng.normal(0.0, 0.5, size=(4096, 2)).astype("float32")
fake = rng.normal(0.0, 0.5, size=(4096, 2)).astype("float32") + SHIFT
with axon.no_grad():
    distance = float(axon.reduce_mean(critic(real)) - axon.reduce_mean(critic(fake)))
print(f"The critic estimates the distance as {distance:.2f} (true: 2.00) with |grad D| about {mean_norm:.2f}")
assert 1.6 < distance < 2.5, "the critic's estimate approaches the earth mover's distance"
assert abs(mean_norm - 1.0) < 0.25, "the penalty keeps the critic's gradient norm near 1"
