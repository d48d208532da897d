"""The update rules behind ``paddle.optimizer``: axon's optimizers where Paddle's formula is
theirs, and the few lines that differ where it is not.

- SGD and RMSProp are axon's ``SGD`` and ``RMSprop`` (RMSProp: ``eps`` inside the square root,
  momentum on the scaled step, as Paddle).
- Adam: Paddle adds ``epsilon * sqrt(1 - beta2^t)`` to ``sqrt(v)`` where Keras adds
  ``epsilon``; axon's Adam runs with that epsilon at each step.
- Momentum: Paddle's velocity is ``v = mu * v + g`` and the step ``lr * v`` (Nesterov:
  ``lr * (g + mu * v)``), which differs from Keras's once the rate changes.
- Adagrad: ``w -= lr * g / (sqrt(sum g^2) + eps)`` (Keras puts eps under the root).
"""

from __future__ import annotations

import math

from axon import backend as B
from axon.optimizers import SGD, Adagrad, Adam, RMSprop
from axon.optimizers.base import Optimizer


class PaddleAdam(Adam):
    """Axon's Adam with Paddle's epsilon placement."""

    def __init__(self, beta_1, beta_2, epsilon, amsgrad=False):
        super().__init__(0.0, beta_1, beta_2, epsilon, amsgrad)
        self.paddle_epsilon = epsilon

    def update_step(self, gradient, variable, learning_rate: float) -> None:
        self.epsilon = self.paddle_epsilon * math.sqrt(1.0 - self.beta_2 ** self._step)
        super().update_step(gradient, variable, learning_rate)


class PaddleMomentum(Optimizer):
    """``v = mu * v + g``; ``w -= lr * v`` (or ``lr * (g + mu * v)`` with Nesterov)."""

    slot_initial_values = {"velocity": 0.0}

    def __init__(self, momentum: float, nesterov: bool):
        super().__init__(0.0)
        self.momentum, self.nesterov = float(momentum), bool(nesterov)

    def update_step(self, gradient, variable, learning_rate: float) -> None:
        xp = B.xp
        v = self.slot(variable, "velocity")
        v *= self.momentum
        v += gradient
        w = variable.data
        if self.nesterov:
            step = xp.multiply(v, self.momentum, out=xp.empty_like(w))
            step += gradient
        else:
            step = xp.array(v, copy=True)
        step *= learning_rate
        w -= step


class PaddleAdagrad(Adagrad):
    """``s += g^2``; ``w -= lr * g / (sqrt(s) + eps)``."""

    def __init__(self, epsilon: float, initial_accumulator_value: float):
        super().__init__(0.0, initial_accumulator_value, epsilon)

    def update_step(self, gradient, variable, learning_rate: float) -> None:
        xp = B.xp
        s = self.slot(variable, "accumulator")
        tmp = xp.multiply(gradient, gradient, out=xp.empty_like(variable.data))
        s += tmp
        xp.sqrt(s, out=tmp)
        tmp += self.epsilon
        xp.divide(gradient, tmp, out=tmp)
        tmp *= learning_rate
        variable.data -= tmp


def sgd() -> Optimizer:
    """Plain gradient descent."""
    return SGD(0.0)


def rmsprop(rho: float, epsilon: float, momentum: float, centered: bool) -> Optimizer:
    """Axon's RMSprop, whose formula is Paddle's."""
    return RMSprop(0.0, rho=rho, momentum=momentum, epsilon=epsilon, centered=centered)
