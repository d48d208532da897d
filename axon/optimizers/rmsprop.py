"""``RMSprop``: divide the gradient by a running root mean square of recent gradients."""

from __future__ import annotations

from axon import backend as B
from axon.optimizers.base import Optimizer, _check_number


class RMSprop(Optimizer):
    """RMSprop (Hinton, 2012), Keras's formulation.

    With ``v`` the running mean of squared gradients::

        v = rho * v + (1 - rho) * g**2
        step = lr * g / sqrt(v + epsilon)
        w -= step                          # momentum == 0
        m = momentum * m + step; w -= m    # momentum > 0

    With ``centered=True``, a running mean of gradients ``a`` is kept too and
    the denominator becomes ``sqrt(v - a**2 + epsilon)`` (the gradient's
    estimated variance).

    Args:
        learning_rate: a float >= 0, a schedule or a callable. Defaults to 0.001.
        rho: the discounting factor of the averages, in [0, 1].
        momentum: in [0, 1].
        epsilon: a small constant, inside the square root as in Keras.
        centered: whether to normalise by the variance instead of the second moment.
        **kwargs: the base arguments (``weight_decay``, ``clipnorm``, ``name``, ...).

    Example:
        >>> model.compile(optimizer=axon.optimizers.RMSprop(learning_rate=1e-3), loss="mse")
    """

    slot_initial_values = {"velocity": 0.0, "momentum": 0.0, "average_gradient": 0.0}

    def __init__(self, learning_rate=0.001, rho: float = 0.9, momentum: float = 0.0, epsilon: float = 1e-7,
                 centered: bool = False, weight_decay=None, clipnorm=None, clipvalue=None, global_clipnorm=None,
                 name: str = "rmsprop", **kwargs):
        self.rho = _check_number("rho", rho, low=0, high=1)
        self.momentum = _check_number("momentum", momentum, low=0, high=1)
        self.epsilon = _check_number("epsilon", epsilon, low=0)
        self.centered = bool(centered)
        super().__init__(learning_rate, weight_decay, clipnorm, clipvalue, global_clipnorm, name, **kwargs)

    def _uses_slot(self, slot: str) -> bool:
        if slot == "momentum":
            return self.momentum > 0.0
        if slot == "average_gradient":
            return self.centered
        return True

    def update_step(self, gradient, variable, learning_rate: float) -> None:
        xp = B.xp
        g, w = gradient, variable.data
        v = self.slot(variable, "velocity")
        rho = self.rho
        tmp = xp.multiply(g, g, out=xp.empty_like(w))  # the one temporary, reused below
        tmp *= 1.0 - rho
        v *= rho
        v += tmp
        if self.centered:
            a = self.slot(variable, "average_gradient")
            a *= rho
            a += xp.multiply(g, 1.0 - rho, out=tmp)
            xp.multiply(a, a, out=tmp)
            xp.subtract(v, tmp, out=tmp)
            tmp += self.epsilon
        else:
            xp.add(v, self.epsilon, out=tmp)
        xp.sqrt(tmp, out=tmp)
        xp.divide(g, tmp, out=tmp)
        tmp *= learning_rate
        if self.momentum > 0.0:
            m = self.slot(variable, "momentum")
            m *= self.momentum
            m += tmp
            w -= m
        else:
            w -= tmp

    def get_config(self) -> dict:
        return {**super().get_config(), "rho": self.rho, "momentum": self.momentum, "epsilon": self.epsilon,
                "centered": self.centered}
