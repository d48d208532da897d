"""``Adamax``: Adam with the infinity norm in place of the second moment."""

from __future__ import annotations

from axon import backend as B
from axon.optimizers.base import Optimizer, _check_number


class Adamax(Optimizer):
    """Adamax (Kingma & Ba, 2014, section 7), Keras's formulation.

    At step ``t`` (1 for the first update), with ``m`` and ``u`` starting at zero::

        m = m + (g - m) * (1 - beta_1)
        u = max(beta_2 * u, |g|)
        w -= lr * m / ((1 - beta_1**t) * (u + epsilon))

    Args:
        learning_rate: a float >= 0, a schedule or a callable. Defaults to 0.001.
        beta_1: decay of the first moment, in [0, 1).
        beta_2: decay of the infinity norm, in [0, 1).
        epsilon: a small constant for numerical stability.
        **kwargs: the base arguments (``weight_decay``, ``clipnorm``, ``name``, ...).

    Example:
        >>> opt = axon.optimizers.Adamax(learning_rate=2e-3)
    """

    slot_initial_values = {"momentum": 0.0, "norm": 0.0}

    def __init__(self, learning_rate=0.001, beta_1: float = 0.9, beta_2: float = 0.999, epsilon: float = 1e-7,
                 weight_decay=None, clipnorm=None, clipvalue=None, global_clipnorm=None, name: str = "adamax",
                 **kwargs):
        self.beta_1 = _check_number("beta_1", beta_1, low=0, high=1, high_open=True)
        self.beta_2 = _check_number("beta_2", beta_2, low=0, high=1, high_open=True)
        self.epsilon = _check_number("epsilon", epsilon, low=0)
        super().__init__(learning_rate, weight_decay, clipnorm, clipvalue, global_clipnorm, name, **kwargs)

    def update_step(self, gradient, variable, learning_rate: float) -> None:
        xp = B.xp
        g, w = gradient, variable.data
        m, u = self.slot(variable, "momentum"), self.slot(variable, "norm")
        m += (g - m) * (1.0 - self.beta_1)
        u *= self.beta_2
        xp.maximum(u, xp.abs(g), out=u)
        step = m / (u + self.epsilon)
        step *= learning_rate / (1.0 - self.beta_1 ** self._step)
        w -= step

    def get_config(self) -> dict:
        return {**super().get_config(), "beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon}
