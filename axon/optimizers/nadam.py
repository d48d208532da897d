"""``Nadam``: Adam with Nesterov momentum (Dozat, 2016), Keras's formulation."""

from __future__ import annotations

from axon import backend as B
from axon.optimizers.base import Optimizer, _check_number


class Nadam(Optimizer):
    """Nadam, Keras 3's formulation.

    With the momentum schedule ``u_t = beta_1 * (1 - 0.5 * 0.96**t)`` and its running
    product ``U_t = u_1 * ... * u_t``, at step ``t`` (1 for the first update)::

        m = m + (g - m) * (1 - beta_1)
        v = v + (g**2 - v) * (1 - beta_2)
        m_hat = u_{t+1} * m / (1 - U_t * u_{t+1}) + (1 - u_t) * g / (1 - U_t)
        v_hat = v / (1 - beta_2**t)
        w -= lr * m_hat / (sqrt(v_hat) + epsilon)

    ``U_t`` depends only on the step, so it is recomputed from ``iterations``
    (Keras keeps it as a variable; restored state gives the same value).

    Args:
        learning_rate: a float >= 0, a schedule or a callable. Defaults to 0.001.
        beta_1: decay of the first moment, in [0, 1).
        beta_2: decay of the second moment, in [0, 1).
        epsilon: a small constant for numerical stability.
        **kwargs: the base arguments (``weight_decay``, ``clipnorm``, ``name``, ...).

    Example:
        >>> model.compile(optimizer=axon.optimizers.Nadam(learning_rate=1e-3), loss="mse")
    """

    slot_initial_values = {"momentum": 0.0, "velocity": 0.0}

    def __init__(self, learning_rate=0.001, beta_1: float = 0.9, beta_2: float = 0.999, epsilon: float = 1e-7,
                 weight_decay=None, clipnorm=None, clipvalue=None, global_clipnorm=None, name: str = "nadam",
                 **kwargs):
        self.beta_1 = _check_number("beta_1", beta_1, low=0, high=1, high_open=True)
        self.beta_2 = _check_number("beta_2", beta_2, low=0, high=1, high_open=True)
        self.epsilon = _check_number("epsilon", epsilon, low=0)
        self._u_product = (0, 1.0)  # (t, U_t)
        super().__init__(learning_rate, weight_decay, clipnorm, clipvalue, global_clipnorm, name, **kwargs)

    def _u(self, t: int) -> float:
        return self.beta_1 * (1.0 - 0.5 * 0.96 ** t)

    def _product(self, t: int) -> float:
        """``U_t = u_1 * ... * u_t``, extended from the last step's value."""
        done, value = self._u_product
        if done > t:
            done, value = 0, 1.0
        for s in range(done + 1, t + 1):
            value *= self._u(s)
        self._u_product = (t, value)
        return value

    def update_step(self, gradient, variable, learning_rate: float) -> None:
        xp = B.xp
        g, w = gradient, variable.data
        m, v = self.slot(variable, "momentum"), self.slot(variable, "velocity")
        t = self._step
        u_t, u_next = self._u(t), self._u(t + 1)
        product = self._product(t)
        m += (g - m) * (1.0 - self.beta_1)
        v += (g * g - v) * (1.0 - self.beta_2)
        m_hat = m * (u_next / (1.0 - product * u_next))
        m_hat += g * ((1.0 - u_t) / (1.0 - product))
        denominator = xp.sqrt(v * (1.0 / (1.0 - self.beta_2 ** t)))
        denominator += self.epsilon
        m_hat /= denominator
        m_hat *= learning_rate
        w -= m_hat

    def get_config(self) -> dict:
        return {**super().get_config(), "beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon}
