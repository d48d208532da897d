"""``Adam`` and ``AdamW``: adaptive moment estimation, without and with decoupled weight decay."""

from __future__ import annotations

import math

from axon import backend as B
from axon.optimizers.base import Optimizer, _check_number


class Adam(Optimizer):
    """Adam (Kingma & Ba, 2014), Keras's formulation.

    At step ``t`` (1 for the first update), with moments ``m`` and ``v``
    starting at zero::

        m = m + (g - m) * (1 - beta_1)
        v = v + (g**2 - v) * (1 - beta_2)
        alpha = lr * sqrt(1 - beta_2**t) / (1 - beta_1**t)
        w -= alpha * m / (sqrt(v) + epsilon)

    The bias correction is folded into ``alpha``, so ``epsilon`` ("epsilon hat"
    in the paper) is added to the uncorrected ``sqrt(v)``. With
    ``amsgrad=True`` the running maximum of ``v`` is used in the denominator.

    Args:
        learning_rate: a float >= 0, a schedule or a callable. Defaults to 0.001.
        beta_1: decay of the first moment, in [0, 1).
        beta_2: decay of the second moment, in [0, 1).
        epsilon: a small constant for numerical stability.
        amsgrad: whether to use the AMSGrad variant (Reddi et al., 2018).
        **kwargs: the base arguments (``weight_decay``, ``clipnorm``, ``name``, ...).

    Example:
        >>> model.compile(optimizer=axon.optimizers.Adam(learning_rate=1e-3), loss="mse")
    """

    slot_initial_values = {"momentum": 0.0, "velocity": 0.0, "velocity_hat": 0.0}

    def __init__(self, learning_rate=0.001, beta_1: float = 0.9, beta_2: float = 0.999, epsilon: float = 1e-7,
                 amsgrad: bool = False, weight_decay=None, clipnorm=None, clipvalue=None, global_clipnorm=None,
                 name: str = "adam", **kwargs):
        self.beta_1 = _check_number("beta_1", beta_1, low=0, high=1, high_open=True)
        self.beta_2 = _check_number("beta_2", beta_2, low=0, high=1, high_open=True)
        self.epsilon = _check_number("epsilon", epsilon, low=0)
        self.amsgrad = bool(amsgrad)
        super().__init__(learning_rate, weight_decay, clipnorm, clipvalue, global_clipnorm, name, **kwargs)

    def _uses_slot(self, slot: str) -> bool:
        return self.amsgrad or slot != "velocity_hat"

    def update_step(self, gradient, variable, learning_rate: float) -> None:
        xp = B.xp
        g, w = gradient, variable.data
        m, v = self.slot(variable, "momentum"), self.slot(variable, "velocity")
        t = self._step  # 1 on the first update
        alpha = learning_rate * math.sqrt(1.0 - self.beta_2 ** t) / (1.0 - self.beta_1 ** t)
        tmp = xp.subtract(g, m, out=xp.empty_like(w))  # the one temporary, reused below
        tmp *= 1.0 - self.beta_1
        m += tmp
        xp.multiply(g, g, out=tmp)
        tmp -= v
        tmp *= 1.0 - self.beta_2
        v += tmp
        if self.amsgrad:
            v = xp.maximum(self.slot(variable, "velocity_hat"), v, out=self.slot(variable, "velocity_hat"))
        xp.sqrt(v, out=tmp)
        tmp += self.epsilon
        xp.divide(m, tmp, out=tmp)
        tmp *= alpha
        w -= tmp

    def get_config(self) -> dict:
        return {**super().get_config(), "beta_1": self.beta_1, "beta_2": self.beta_2, "epsilon": self.epsilon,
                "amsgrad": self.amsgrad}


class AdamW(Adam):
    """Adam with decoupled weight decay (Loshchilov & Hutter, 2019).

    Before each Adam update, ``w -= w * weight_decay * lr``; the decay does not
    pass through the moments (unlike an L2 penalty in the loss).

    Args:
        learning_rate: a float >= 0, a schedule or a callable. Defaults to 0.001.
        weight_decay: the decay rate, a float >= 0. Defaults to 0.004.
        beta_1, beta_2, epsilon, amsgrad: as in ``Adam``.

    Example:
        >>> opt = axon.optimizers.AdamW(learning_rate=1e-3, weight_decay=1e-2)
    """

    def __init__(self, learning_rate=0.001, weight_decay: float = 0.004, beta_1: float = 0.9, beta_2: float = 0.999,
                 epsilon: float = 1e-7, amsgrad: bool = False, clipnorm=None, clipvalue=None, global_clipnorm=None,
                 name: str = "adamw", **kwargs):
        if weight_decay is None:
            raise ValueError("AdamW needs a `weight_decay` float >= 0. Received: weight_decay=None")
        super().__init__(learning_rate, beta_1, beta_2, epsilon, amsgrad, weight_decay, clipnorm, clipvalue,
                         global_clipnorm, name, **kwargs)
