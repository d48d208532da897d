"""``SGD``: gradient descent, with optional (Nesterov) momentum."""

from __future__ import annotations

from axon import backend as B
from axon.optimizers.base import Optimizer, _check_number


class SGD(Optimizer):
    """Stochastic gradient descent, optionally with momentum.

    Without momentum: ``w -= lr * g``. With momentum (Keras's form, a velocity
    ``m`` starting at zero)::

        m = momentum * m - lr * g
        w += m                            # nesterov=False
        w += momentum * m - lr * g        # nesterov=True

    Args:
        learning_rate: a float >= 0, a schedule or a callable. Defaults to 0.01.
        momentum: in [0, 1]; 0 is plain gradient descent.
        nesterov: whether to use Nesterov momentum.
        **kwargs: the base arguments (``weight_decay``, ``clipnorm``,
            ``clipvalue``, ``global_clipnorm``, ``name``, legacy ``lr``/``decay``).

    Example:
        >>> opt = axon.optimizers.SGD(learning_rate=0.1, momentum=0.9)
        >>> opt.apply_gradients(zip(grads, model.trainable_weights))
    """

    slot_initial_values = {"momentum": 0.0}

    def __init__(self, learning_rate=0.01, momentum: float = 0.0, nesterov: bool = False, weight_decay=None,
                 clipnorm=None, clipvalue=None, global_clipnorm=None, name: str = "SGD", **kwargs):
        self.momentum = _check_number("momentum", momentum, low=0, high=1)
        self.nesterov = bool(nesterov)
        super().__init__(learning_rate, weight_decay, clipnorm, clipvalue, global_clipnorm, name, **kwargs)

    def _uses_slot(self, slot: str) -> bool:
        return self.momentum != 0.0

    def update_step(self, gradient, variable, learning_rate: float) -> None:
        w = variable.data
        # out= keeps a 0-d variable's temporary an array (in-place ops need one)
        step = B.xp.multiply(gradient, learning_rate, out=B.xp.empty_like(w))
        if self.momentum == 0.0:
            w -= step
            return
        m = self.slot(variable, "momentum")
        m *= self.momentum
        m -= step
        if self.nesterov:
            w -= step
            w += B.xp.multiply(m, self.momentum, out=step)
        else:
            w += m

    def get_config(self) -> dict:
        return {**super().get_config(), "momentum": self.momentum, "nesterov": self.nesterov}
