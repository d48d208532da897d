"""``Lion``: the sign of an interpolated momentum, found by program search."""

from __future__ import annotations

from axon import backend as B
from axon.optimizers.base import Optimizer, _check_number


class Lion(Optimizer):
    """Lion (Chen et al., 2023), Keras's formulation.

    Every entry moves by exactly ``lr`` (the sign of an interpolation between
    the momentum and the gradient), then the momentum is updated::

        w -= lr * sign(beta_1 * m + (1 - beta_1) * g)
        m = beta_2 * m + (1 - beta_2) * g

    Use a learning rate 3-10x smaller than Adam's (and a larger weight decay).

    Args:
        learning_rate: a float >= 0, a schedule or a callable. Defaults to 0.001.
        beta_1: the interpolation weight of the momentum in the step, in (0, 1].
        beta_2: the decay of the momentum, in [0, 1].
        **kwargs: the base arguments (``weight_decay``, ``clipnorm``, ``name``, ...).

    Example:
        >>> opt = axon.optimizers.Lion(learning_rate=1e-4, weight_decay=0.01)
    """

    slot_initial_values = {"momentum": 0.0}

    def __init__(self, learning_rate=0.001, beta_1: float = 0.9, beta_2: float = 0.99, weight_decay=None,
                 clipnorm=None, clipvalue=None, global_clipnorm=None, name: str = "lion", **kwargs):
        # beta_1 = 0 degenerates to signSGD, as Keras says when it refuses it.
        self.beta_1 = _check_number("beta_1", beta_1, low=0, high=1, low_open=True)
        self.beta_2 = _check_number("beta_2", beta_2, low=0, high=1)
        super().__init__(learning_rate, weight_decay, clipnorm, clipvalue, global_clipnorm, name, **kwargs)

    def update_step(self, gradient, variable, learning_rate: float) -> None:
        xp = B.xp
        g, w = gradient, variable.data
        m = self.slot(variable, "momentum")
        step = xp.multiply(m, self.beta_1, out=xp.empty_like(w))  # a real array, also for 0-d weights
        step += (1.0 - self.beta_1) * g
        xp.sign(step, out=step)
        step *= learning_rate
        w -= step
        m *= self.beta_2
        m += (1.0 - self.beta_2) * g

    def get_config(self) -> dict:
        return {**super().get_config(), "beta_1": self.beta_1, "beta_2": self.beta_2}
