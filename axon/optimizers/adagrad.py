"""``Adagrad``: per-parameter rates that shrink with the sum of past squared gradients."""

from __future__ import annotations

from axon import backend as B
from axon.optimizers.base import Optimizer, _check_number


class Adagrad(Optimizer):
    """Adagrad (Duchi et al., 2011), Keras's formulation.

    With an accumulator ``s`` starting at ``initial_accumulator_value``::

        s += g**2
        w -= lr * g / sqrt(s + epsilon)

    Args:
        learning_rate: a float >= 0, a schedule or a callable. Defaults to 0.001
            (Adagrad often prefers larger rates; the paper's form is 1.0).
        initial_accumulator_value: the accumulators' starting value, >= 0.
        epsilon: a small constant, inside the square root as in Keras.
        **kwargs: the base arguments (``weight_decay``, ``clipnorm``, ``name``, ...).

    Example:
        >>> opt = axon.optimizers.Adagrad(learning_rate=0.1)
    """

    slot_initial_values = {"accumulator": 0.1}

    def __init__(self, learning_rate=0.001, initial_accumulator_value: float = 0.1, epsilon: float = 1e-7,
                 weight_decay=None, clipnorm=None, clipvalue=None, global_clipnorm=None, name: str = "adagrad",
                 **kwargs):
        self.initial_accumulator_value = _check_number("initial_accumulator_value", initial_accumulator_value,
                                                       low=0)
        self.epsilon = _check_number("epsilon", epsilon, low=0)
        # Per instance: the accumulators start at this optimizer's value.
        self.slot_initial_values = {"accumulator": self.initial_accumulator_value}
        super().__init__(learning_rate, weight_decay, clipnorm, clipvalue, global_clipnorm, name, **kwargs)

    def update_step(self, gradient, variable, learning_rate: float) -> None:
        xp = B.xp
        g, w = gradient, variable.data
        s = self.slot(variable, "accumulator")
        tmp = xp.multiply(g, g, out=xp.empty_like(w))  # the one temporary, reused below
        s += tmp
        xp.add(s, self.epsilon, out=tmp)
        xp.sqrt(tmp, out=tmp)
        xp.divide(g, tmp, out=tmp)
        tmp *= learning_rate
        w -= tmp

    def get_config(self) -> dict:
        return {**super().get_config(), "initial_accumulator_value": self.initial_accumulator_value,
                "epsilon": self.epsilon}
