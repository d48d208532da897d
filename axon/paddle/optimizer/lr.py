"""``paddle.optimizer.lr``: learning rate schedulers, stepped by the user (``scheduler.step()``).

A scheduler passed as an optimizer's ``learning_rate`` is read at every
``optimizer.step()``; ``scheduler.step()`` (once per epoch or per batch, as the
program chooses) moves it on. Formulas as Paddle's.
"""

from __future__ import annotations

import bisect
import math
import warnings


class LRScheduler:
    """Base class: ``get_lr()`` computes the rate for ``last_epoch``; ``step()`` advances it.

    Example:
        >>> sched = paddle.optimizer.lr.StepDecay(0.1, step_size=10, gamma=0.5)
        >>> opt = paddle.optimizer.SGD(learning_rate=sched, parameters=net.parameters())
        >>> for epoch in range(30):
        ...     train_one_epoch()
        ...     sched.step()
    """

    def __init__(self, learning_rate: float = 0.1, last_epoch: int = -1, verbose: bool = False):
        if not isinstance(learning_rate, (int, float)) or learning_rate < 0:
            raise TypeError(f"{type(self).__name__}: `learning_rate` must be a number >= 0. "
                            f"Received: {learning_rate!r}")
        self.base_lr = float(learning_rate)
        self.last_lr = float(learning_rate)
        self.last_epoch = last_epoch
        self.verbose = verbose
        self.step()

    def __call__(self) -> float:
        return self.last_lr

    def step(self, epoch=None) -> None:
        """Advance to the next epoch (or to ``epoch``) and recompute ``last_lr``."""
        self.last_epoch = self.last_epoch + 1 if epoch is None else int(epoch)
        self.last_lr = float(self.get_lr())
        if self.verbose:
            warnings.warn(f"Epoch {self.last_epoch}: {type(self).__name__} set learning rate to {self.last_lr}.",
                          stacklevel=2)

    def get_lr(self) -> float:  # pragma: no cover - abstract
        raise NotImplementedError

    def state_dict(self) -> dict:
        """The numbers that define the scheduler's position (numbers only)."""
        return {k: v for k, v in vars(self).items() if isinstance(v, (int, float, bool)) or v is None}

    def set_state_dict(self, state_dict: dict) -> None:
        """Restore ``state_dict()``."""
        for k, v in state_dict.items():
            if k in vars(self):
                setattr(self, k, v)

    set_dict = set_state_dict


class StepDecay(LRScheduler):
    """``lr * gamma ** (epoch // step_size)``."""

    def __init__(self, learning_rate, step_size: int, gamma: float = 0.1, last_epoch=-1, verbose=False):
        if not isinstance(step_size, int) or step_size <= 0:
            raise ValueError(f"StepDecay: `step_size` must be a positive int. Received: {step_size!r}")
        self.step_size, self.gamma = step_size, gamma
        super().__init__(learning_rate, last_epoch, verbose)

    def get_lr(self):
        return self.base_lr * self.gamma ** (self.last_epoch // self.step_size)


class MultiStepDecay(LRScheduler):
    """``lr * gamma ** (number of milestones passed)``."""

    def __init__(self, learning_rate, milestones, gamma: float = 0.1, last_epoch=-1, verbose=False):
        self.milestones, self.gamma = list(milestones), gamma
        super().__init__(learning_rate, last_epoch, verbose)

    def get_lr(self):
        return self.base_lr * self.gamma ** bisect.bisect_right(self.milestones, self.last_epoch)


class PiecewiseDecay(LRScheduler):
    """``values[i]`` while ``epoch < boundaries[i]``, the last value after."""

    def __init__(self, boundaries, values, last_epoch=-1, verbose=False):
        if len(values) != len(boundaries) + 1:
            raise ValueError(f"PiecewiseDecay: needs one more value than boundaries. Received {len(boundaries)} "
                             f"boundaries and {len(values)} values.")
        self.boundaries, self.values = list(boundaries), [float(v) for v in values]
        super().__init__(last_epoch=last_epoch, verbose=verbose)

    def get_lr(self):
        for boundary, value in zip(self.boundaries, self.values):
            if self.last_epoch < boundary:
                return value
        return self.values[-1]


class ExponentialDecay(LRScheduler):
    """``lr * gamma ** epoch``."""

    def __init__(self, learning_rate, gamma: float, last_epoch=-1, verbose=False):
        self.gamma = gamma
        super().__init__(learning_rate, last_epoch, verbose)

    def get_lr(self):
        return self.base_lr * self.gamma ** self.last_epoch


class NaturalExpDecay(LRScheduler):
    """``lr * exp(-gamma * epoch)``."""

    def __init__(self, learning_rate, gamma: float, last_epoch=-1, verbose=False):
        self.gamma = gamma
        super().__init__(learning_rate, last_epoch, verbose)

    def get_lr(self):
        return self.base_lr * math.exp(-self.gamma * self.last_epoch)


class InverseTimeDecay(LRScheduler):
    """``lr / (1 + gamma * epoch)``."""

    def __init__(self, learning_rate, gamma: float, last_epoch=-1, verbose=False):
        self.gamma = gamma
        super().__init__(learning_rate, last_epoch, verbose)

    def get_lr(self):
        return self.base_lr / (1 + self.gamma * self.last_epoch)


class PolynomialDecay(LRScheduler):
    """``(lr - end_lr) * (1 - epoch / decay_steps) ** power + end_lr`` (restarting with ``cycle``)."""

    def __init__(self, learning_rate, decay_steps: int, end_lr: float = 0.0001, power: float = 1.0,
                 cycle: bool = False, last_epoch=-1, verbose=False):
        self.decay_steps, self.end_lr, self.power, self.cycle = int(decay_steps), float(end_lr), power, cycle
        super().__init__(learning_rate, last_epoch, verbose)

    def get_lr(self):
        epoch, steps = self.last_epoch, self.decay_steps
        if self.cycle:
            steps = steps * max(math.ceil(epoch / steps), 1)
        else:
            epoch = min(epoch, steps)
        return (self.base_lr - self.end_lr) * (1 - epoch / steps) ** self.power + self.end_lr


class CosineAnnealingDecay(LRScheduler):
    """Cosine annealing from ``lr`` to ``eta_min`` over ``T_max`` epochs (Paddle's recursive form)."""

    def __init__(self, learning_rate, T_max: int, eta_min: float = 0, last_epoch=-1, verbose=False):  # noqa: N803
        if not isinstance(T_max, int) or T_max <= 0:
            raise ValueError(f"CosineAnnealingDecay: `T_max` must be a positive int. Received: {T_max!r}")
        self.T_max, self.eta_min = T_max, float(eta_min)
        super().__init__(learning_rate, last_epoch, verbose)

    def get_lr(self):
        e, t = self.last_epoch, self.T_max
        if e == 0:
            return self.base_lr
        if (e - 1 - t) % (2 * t) == 0:
            return self.last_lr + (self.base_lr - self.eta_min) * (1 - math.cos(math.pi / t)) / 2
        return ((1 + math.cos(math.pi * e / t)) / (1 + math.cos(math.pi * (e - 1) / t))
                * (self.last_lr - self.eta_min) + self.eta_min)


class LinearWarmup(LRScheduler):
    """From ``start_lr`` to ``end_lr`` linearly over ``warmup_steps``, then ``learning_rate``
    (a number or another scheduler, stepped from 0)."""

    def __init__(self, learning_rate, warmup_steps: int, start_lr: float, end_lr: float, last_epoch=-1,
                 verbose=False):
        self.learning_rate = learning_rate
        self.warmup_steps, self.start_lr, self.end_lr = int(warmup_steps), float(start_lr), float(end_lr)
        base = learning_rate if isinstance(learning_rate, (int, float)) else end_lr
        super().__init__(base, last_epoch, verbose)

    def get_lr(self):
        if self.last_epoch < self.warmup_steps:
            return (self.end_lr - self.start_lr) * self.last_epoch / self.warmup_steps + self.start_lr
        if isinstance(self.learning_rate, LRScheduler):
            self.learning_rate.step(self.last_epoch - self.warmup_steps)
            return self.learning_rate()
        return float(self.learning_rate)


class LambdaDecay(LRScheduler):
    """``lr * lr_lambda(epoch)``."""

    def __init__(self, learning_rate, lr_lambda, last_epoch=-1, verbose=False):
        self.lr_lambda = lr_lambda
        super().__init__(learning_rate, last_epoch, verbose)

    def get_lr(self):
        return self.base_lr * self.lr_lambda(self.last_epoch)


class MultiplicativeDecay(LRScheduler):
    """``lr * prod(lr_lambda(e) for e in 1..epoch)``."""

    def __init__(self, learning_rate, lr_lambda, last_epoch=-1, verbose=False):
        self.lr_lambda = lr_lambda
        super().__init__(learning_rate, last_epoch, verbose)

    def get_lr(self):
        rate = self.base_lr
        for epoch in range(1, self.last_epoch + 1):
            rate *= self.lr_lambda(epoch)
        return rate


class NoamDecay(LRScheduler):
    """``lr * d_model ** -0.5 * min(epoch ** -0.5, epoch * warmup_steps ** -1.5)`` (the Transformer's)."""

    def __init__(self, d_model: int, warmup_steps: int, learning_rate: float = 1.0, last_epoch=-1, verbose=False):
        self.d_model, self.warmup_steps = d_model, warmup_steps
        super().__init__(learning_rate, last_epoch, verbose)

    def get_lr(self):
        a = 1.0 if self.last_epoch == 0 else self.last_epoch ** -0.5
        b = self.warmup_steps ** -1.5 * self.last_epoch
        return self.base_lr * self.d_model ** -0.5 * min(a, b)


class ReduceOnPlateau(LRScheduler):
    """Multiply the rate by ``factor`` when ``step(metric)`` has not improved for ``patience`` calls."""

    def __init__(self, learning_rate, mode: str = "min", factor: float = 0.1, patience: int = 10,
                 threshold: float = 1e-4, threshold_mode: str = "rel", cooldown: int = 0, min_lr: float = 0,
                 epsilon: float = 1e-8, verbose=False):
        if mode not in ("min", "max") or threshold_mode not in ("rel", "abs"):
            raise ValueError(f"ReduceOnPlateau: mode must be 'min' or 'max' and threshold_mode 'rel' or 'abs'. "
                             f"Received: mode={mode!r}, threshold_mode={threshold_mode!r}")
        if factor >= 1.0:
            raise ValueError(f"ReduceOnPlateau: `factor` must be < 1. Received: {factor!r}")
        self.mode, self.factor, self.patience, self.threshold = mode, factor, patience, threshold
        self.threshold_mode, self.cooldown, self.min_lr, self.epsilon = threshold_mode, cooldown, min_lr, epsilon
        self.cooldown_counter, self.best, self.num_bad_epochs = 0, None, 0
        self.base_lr = self.last_lr = float(learning_rate)
        self.last_epoch, self.verbose = 0, verbose

    def get_lr(self):
        return self.last_lr

    def step(self, metrics=None, epoch=None) -> None:
        """Record ``metrics`` (a number or a one-element tensor) and lower the rate after a plateau."""
        if metrics is None:
            raise ValueError("ReduceOnPlateau.step() needs the monitored value: scheduler.step(loss).")
        self.last_epoch = self.last_epoch + 1 if epoch is None else int(epoch)
        current = float(metrics.item() if hasattr(metrics, "item") else metrics)
        if self.cooldown_counter > 0:
            self.cooldown_counter -= 1
            return
        if self.best is None or self._is_better(current, self.best):
            self.best, self.num_bad_epochs = current, 0
        else:
            self.num_bad_epochs += 1
        if self.num_bad_epochs > self.patience:
            self.cooldown_counter, self.num_bad_epochs = self.cooldown, 0
            new_lr = max(self.last_lr * self.factor, self.min_lr)
            if self.last_lr - new_lr > self.epsilon:
                self.last_lr = new_lr

    def _is_better(self, current: float, best: float) -> bool:
        if self.mode == "min":
            return current < (best - best * self.threshold if self.threshold_mode == "rel" else best - self.threshold)
        return current > (best + best * self.threshold if self.threshold_mode == "rel" else best + self.threshold)
