"""``Adadelta``: steps scaled by the ratio of past update and gradient magnitudes."""

from __future__ import annotations

from axon import backend as B
from axon.optimizers.base import Optimizer, _check_number


class Adadelta(Optimizer):
    """Adadelta (Zeiler, 2012), Keras's formulation.

    With accumulators ``a`` (squared gradients) and ``d`` (squared updates)
    starting at zero, and ``rms(x) = sqrt(x + epsilon)``::

        a = rho * a + (1 - rho) * g**2
        delta = -rms(d) * g / rms(a)
        d = rho * d + (1 - rho) * delta**2
        w += lr * delta

    Args:
        learning_rate: a float >= 0, a schedule or a callable. Defaults to 0.001
            as in Keras (the paper's form is 1.0).
        rho: the decay of both accumulators, in [0, 1].
        epsilon: a small constant, inside the square roots.
        **kwargs: the base arguments (``weight_decay``, ``clipnorm``, ``name``, ...).

    Example:
        >>> opt = axon.optimizers.Adadelta(learning_rate=1.0)
    """

    slot_initial_values = {"accumulated_grad": 0.0, "accumulated_delta_var": 0.0}

    def __init__(self, learning_rate=0.001, rho: float = 0.95, epsilon: float = 1e-7, weight_decay=None,
                 clipnorm=None, clipvalue=None, global_clipnorm=None, name: str = "adadelta", **kwargs):
        self.rho = _check_number("rho", rho, low=0, high=1)
        self.epsilon = _check_number("epsilon", epsilon, low=0)
        super().__init__(learning_rate, weight_decay, clipnorm, clipvalue, global_clipnorm, name, **kwargs)

    def update_step(self, gradient, variable, learning_rate: float) -> None:
        xp = B.xp
        g, w, rho = gradient, variable.data, self.rho
        a, d = self.slot(variable, "accumulated_grad"), self.slot(variable, "accumulated_delta_var")
        a *= rho
        a += (1.0 - rho) * (g * g)
        delta = xp.sqrt(d + self.epsilon)
        delta *= g
        delta /= xp.sqrt(a + self.epsilon)  # delta is the step's magnitude, -delta the update
        d *= rho
        d += (1.0 - rho) * (delta * delta)
        delta *= learning_rate
        w -= delta

    def get_config(self) -> dict:
        return {**super().get_config(), "rho": self.rho, "epsilon": self.epsilon}
