"""``paddle.optimizer``: Paddle's optimizers over axon's update rules.

A Paddle optimizer owns its parameter list (``parameters=``), reads each
parameter's accumulated ``.grad`` in ``step()``, clips (``grad_clip``), adds the
weight decay term (``weight_decay``: a float meaning ``L2Decay``, or a
``paddle.regularizer``; a parameter's own ``ParamAttr(regularizer=...)`` wins),
and hands each gradient to the axon rule with the learning rate times the
parameter's ``ParamAttr(learning_rate=...)``. ``clear_grad()`` resets the
gradients; ``state_dict()`` holds the rule's slots by parameter position.
"""

from __future__ import annotations

import numpy as np

from axon.autograd.op import no_grad
from axon.paddle.optimizer import rules
from axon.paddle.optimizer.lr import LRScheduler
from axon.paddle.regularizer import L2Decay, WeightDecayRegularizer
from axon.paddle.tensor import Parameter, Tensor


class Optimizer:
    """Base class of Paddle's optimizers.

    Args:
        learning_rate: a float or a ``paddle.optimizer.lr.LRScheduler``.
        parameters: the parameters to update (``model.parameters()``), or a list of
            dicts ``{'params': [...], 'learning_rate': multiplier, 'weight_decay': ...}``.
        weight_decay: a float (L2 decay coefficient) or ``paddle.regularizer.L2Decay/L1Decay``.
        grad_clip: ``paddle.nn.ClipGradByGlobalNorm``, ``ClipGradByNorm`` or ``ClipGradByValue``.
    """

    _decoupled = False  # AdamW applies its decay to the weights, not the gradients

    def __init__(self, learning_rate, parameters=None, weight_decay=None, grad_clip=None, name=None):
        if parameters is None:
            raise AttributeError("parameters argument given to the Optimizer should not be None in dygraph mode: "
                                 "pass parameters=model.parameters().")
        if not isinstance(learning_rate, (int, float, LRScheduler)) or isinstance(learning_rate, bool):
            raise TypeError(f"learning rate should be float or LRScheduler, got {type(learning_rate).__name__} here")
        if isinstance(learning_rate, (int, float)) and learning_rate < 0:
            raise ValueError(f"`learning_rate` must be >= 0. Received: {learning_rate!r}")
        self._learning_rate = learning_rate
        self._grad_clip = grad_clip
        self._lr_scale: dict = {}
        self._decay: dict = {}
        self._parameter_list: list[Parameter] = []
        groups = list(parameters)
        if groups and isinstance(groups[0], dict):
            for group in groups:
                decay = group.get("weight_decay", weight_decay)
                for p in group["params"]:
                    self._add(p, group.get("learning_rate", 1.0), decay)
        else:
            for p in groups:
                self._add(p, 1.0, weight_decay)
        self.regularization = self._regularizer(weight_decay)
        self._rule = self._make_rule()
        with no_grad():
            self._rule.build([p.value for p in self._parameter_list])

    def _add(self, p, scale, decay) -> None:
        if not isinstance(p, Tensor):
            raise TypeError(f"parameters must be paddle Tensors (model.parameters()). Received {type(p).__name__}.")
        self._parameter_list.append(p)
        self._lr_scale[id(p.value)] = float(scale)
        self._decay[id(p.value)] = self._regularizer(decay)

    @staticmethod
    def _regularizer(decay):
        if decay is None or isinstance(decay, WeightDecayRegularizer):
            return decay
        if isinstance(decay, (int, float)):
            return L2Decay(float(decay)) if decay else None
        raise TypeError(f"`weight_decay` must be a float or a paddle.regularizer.L2Decay/L1Decay. Received {decay!r}")

    def _make_rule(self):  # pragma: no cover - abstract
        raise NotImplementedError

    # ------------------------------------------------------------ the rate
    def get_lr(self) -> float:
        """The current learning rate (the scheduler's value when there is one)."""
        rate = self._learning_rate
        return float(rate()) if isinstance(rate, LRScheduler) else float(rate)

    def set_lr(self, value: float) -> None:
        """Set a float learning rate (not allowed when it is a scheduler)."""
        if isinstance(self._learning_rate, LRScheduler):
            raise RuntimeError("optimizer's learning rate can't be LRScheduler when invoke this API, because this "
                               "will lead to conflict.")
        self._learning_rate = float(value)

    def set_lr_scheduler(self, scheduler: LRScheduler) -> None:
        """Replace the learning rate by a scheduler."""
        if not isinstance(scheduler, LRScheduler):
            raise TypeError(f"set_lr_scheduler needs a paddle.optimizer.lr.LRScheduler. Received {scheduler!r}")
        self._learning_rate = scheduler

    # ------------------------------------------------------------ stepping
    def _params_grads(self, parameters=None) -> list:
        chosen = self._parameter_list if parameters is None else list(parameters)
        return [(p, p.value._grad) for p in chosen if p.value.requires_grad and p.value._grad is not None]

    @no_grad()
    def step(self) -> None:
        """Update every parameter that has a gradient, in place."""
        self._apply(self._params_grads())

    def _apply(self, params_grads: list) -> None:
        if not params_grads:
            return
        params_grads = [(p, g if g.dtype == p.value.data.dtype else g.astype(p.value.data.dtype))
                        for p, g in params_grads]
        if self._grad_clip is not None:
            params_grads = self._grad_clip(params_grads)
        rule, lr = self._rule, self.get_lr()
        rule.build([p.value for p, _ in params_grads])
        rule._step = int(rule._iterations.data) + 1
        for p, g in params_grads:
            var = p.value
            rate = lr * self._lr_scale.get(id(var), 1.0) * p.optimize_attr.get("learning_rate", 1.0)
            decay = p.regularizer or self._decay.get(id(var), self.regularization)
            if decay is not None:
                if self._decoupled:
                    raise TypeError("AdamW decays the weights itself; give it a float weight_decay, not a "
                                    "regularizer.")
                g = decay(var.data, g)
            elif self._decoupled:
                self._decay_weights(p, rate)
            rule.update_step(g, var, rate)
        rule._iterations.data += 1

    def _decay_weights(self, p, rate) -> None:
        """AdamW's decoupled decay (other optimizers have none)."""

    def minimize(self, loss, startup_program=None, parameters=None, no_grad_set=None):
        """Apply the gradients already computed by ``loss.backward()`` (dygraph: no backward here).

        Returns ``(None, params_grads)``.
        """
        chosen = None if parameters is None else list(parameters)
        params_grads = self._params_grads(chosen)
        if no_grad_set:
            skip = {id(getattr(t, "value", t)) for t in no_grad_set}
            params_grads = [(p, g) for p, g in params_grads if id(p.value) not in skip]
        with no_grad():
            self._apply(params_grads)
        return None, [(p, Tensor._wrap(_core(g))) for p, g in params_grads]

    def clear_grad(self, set_to_zero: bool = True) -> None:
        """Reset the gradients of the parameters (to zeros by default, as Paddle)."""
        for p in self._parameter_list:
            p.clear_gradient(set_to_zero)

    clear_gradients = clear_grad

    # --------------------------------------------------------------- state
    def state_dict(self) -> dict:
        """The rule's state (slots by parameter position, step count) and the scheduler's."""
        state = {k: np.array(v) for k, v in self._rule.get_state().items() if k != "learning_rate"}
        if isinstance(self._learning_rate, LRScheduler):
            state["LR_Scheduler"] = self._learning_rate.state_dict()
        return state

    def set_state_dict(self, state_dict: dict) -> None:
        """Restore ``state_dict()`` (from this optimizer or one over the same architecture)."""
        state = dict(state_dict)
        scheduler = state.pop("LR_Scheduler", None)
        if scheduler is not None and isinstance(self._learning_rate, LRScheduler):
            self._learning_rate.set_state_dict(scheduler)
        self._rule.set_state({k: np.asarray(v) for k, v in state.items()})

    set_dict = set_state_dict

    def __repr__(self) -> str:
        return f"{type(self).__name__}(learning_rate={self.get_lr():g}, parameters={len(self._parameter_list)})"


def _core(array):
    from axon.autograd.tensor import Tensor as Core

    return Core._wrap(array)


class SGD(Optimizer):
    """Stochastic gradient descent: ``w -= lr * g``.

    Example:
        >>> opt = paddle.optimizer.SGD(learning_rate=0.01, parameters=model.parameters())
        >>> loss.backward(); opt.step(); opt.clear_grad()
    """

    def __init__(self, learning_rate=0.001, parameters=None, weight_decay=None, grad_clip=None, multi_precision=False,
                 name=None):
        super().__init__(learning_rate, parameters, weight_decay, grad_clip, name)

    def _make_rule(self):
        return rules.sgd()


class Momentum(Optimizer):
    """Gradient descent with momentum: ``v = momentum * v + g``, ``w -= lr * v`` (Nesterov if asked)."""

    def __init__(self, learning_rate=0.001, momentum: float = 0.9, parameters=None, use_nesterov: bool = False,
                 weight_decay=None, grad_clip=None, multi_precision=False, rescale_grad: float = 1.0,
                 use_multi_tensor=False, name=None):
        if rescale_grad != 1.0:
            raise NotImplementedError("Momentum(rescale_grad != 1.0) is not supported by axon.paddle.")
        self._momentum, self._use_nesterov = float(momentum), bool(use_nesterov)
        super().__init__(learning_rate, parameters, weight_decay, grad_clip, name)

    def _make_rule(self):
        return rules.PaddleMomentum(self._momentum, self._use_nesterov)


class Adam(Optimizer):
    """Adam with Paddle's defaults (``epsilon=1e-8``) and epsilon placement."""

    def __init__(self, learning_rate=0.001, beta1: float = 0.9, beta2: float = 0.999, epsilon: float = 1e-08,
                 parameters=None, weight_decay=None, grad_clip=None, lazy_mode: bool = False,
                 multi_precision: bool = False, use_multi_tensor=False, amsgrad: bool = False, name=None):
        if lazy_mode:
            raise NotImplementedError("Adam(lazy_mode=True) (sparse updates) is not supported by axon.paddle.")
        self._betas, self._epsilon, self._amsgrad = (float(beta1), float(beta2)), float(epsilon), bool(amsgrad)
        super().__init__(learning_rate, parameters, weight_decay, grad_clip, name)

    def _make_rule(self):
        return rules.PaddleAdam(*self._betas, self._epsilon, self._amsgrad)


class AdamW(Adam):
    """Adam with decoupled weight decay: ``w -= lr * weight_decay * w`` before each update (0.01 by default).

    ``apply_decay_param_fun(name) -> bool`` chooses which parameters decay;
    ``lr_ratio(param) -> float`` scales the rate per parameter.
    """

    _decoupled = True

    def __init__(self, learning_rate=0.001, beta1: float = 0.9, beta2: float = 0.999, epsilon: float = 1e-08,
                 parameters=None, weight_decay: float = 0.01, lr_ratio=None, apply_decay_param_fun=None,
                 grad_clip=None, lazy_mode: bool = False, multi_precision: bool = False, amsgrad: bool = False,
                 name=None):
        if not isinstance(weight_decay, (int, float)):
            raise TypeError(f"AdamW: `weight_decay` must be a float. Received {weight_decay!r}")
        self._coeff, self._lr_ratio, self._apply_decay = float(weight_decay), lr_ratio, apply_decay_param_fun
        super().__init__(learning_rate, beta1, beta2, epsilon, parameters, None, grad_clip, lazy_mode,
                         multi_precision, amsgrad=amsgrad)

    def _apply(self, params_grads):
        if self._lr_ratio is not None:
            for p, _ in params_grads:
                self._lr_scale[id(p.value)] = float(self._lr_ratio(p))
        super()._apply(params_grads)

    def _decay_weights(self, p, rate) -> None:
        if self._coeff and (self._apply_decay is None or self._apply_decay(p.name)):
            p.value.data *= p.value.data.dtype.type(1.0 - rate * self._coeff)


class RMSProp(Optimizer):
    """RMSProp: ``ms = rho * ms + (1 - rho) g^2``; ``mom = momentum * mom + lr * g / sqrt(ms + eps)``; ``w -= mom``."""

    def __init__(self, learning_rate, rho: float = 0.95, epsilon: float = 1e-06, momentum: float = 0.0,
                 centered: bool = False, parameters=None, weight_decay=None, grad_clip=None, name=None):
        self._args = (float(rho), float(epsilon), float(momentum), bool(centered))
        super().__init__(learning_rate, parameters, weight_decay, grad_clip, name)

    def _make_rule(self):
        return rules.rmsprop(*self._args)


class Adagrad(Optimizer):
    """Adagrad: ``s += g^2``; ``w -= lr * g / (sqrt(s) + epsilon)``."""

    def __init__(self, learning_rate, epsilon: float = 1e-06, parameters=None, weight_decay=None, grad_clip=None,
                 name=None, initial_accumulator_value: float = 0.0):
        self._args = (float(epsilon), float(initial_accumulator_value))
        super().__init__(learning_rate, parameters, weight_decay, grad_clip, name)

    def _make_rule(self):
        return rules.PaddleAdagrad(*self._args)
