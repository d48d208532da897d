"""``Optimizer``: what every axon optimizer shares (Keras 3's contract).

The base class owns the learning rate (a float, a schedule or a callable), the
step counter ``iterations``, gradient clipping, decoupled weight decay, the
per-variable state ("slots", created on the first update) and saving that
state. A subclass declares its slots in ``slot_initial_values`` and writes
``update_step`` on raw arrays, updating them in place.

One call of ``apply_gradients`` makes one pass over the variables: for each,
the gradient is cast to the variable's dtype, weight decay is applied
(``w -= w * weight_decay * lr``) and then the subclass's update; then each
variable with a ``constraint`` (``kernel_constraint=`` of a layer) is replaced
by ``constraint(variable)``; finally ``iterations`` grows by one. Nothing is recorded for autodiff.
"""

from __future__ import annotations

import math
import numbers
import re

import numpy as np

from axon import backend as B
from axon.autograd.op import no_grad
from axon.autograd.tensor import Variable
from axon.optimizers import schedules

# Keras 3 arguments axon accepts only at their default (the features are not implemented).
_INERT_DEFAULTS = {"use_ema": False, "ema_momentum": 0.99, "ema_overwrite_frequency": None,
                   "loss_scale_factor": None, "gradient_accumulation_steps": None, "jit_compile": None}


class LearningRateValue(float):
    """The learning rate read from an optimizer: a float that also answers
    TensorFlow's ``numpy()`` and ``assign(value)``.

    Use ``float(opt.learning_rate)`` in array math: NumPy treats float
    subclasses as float64 and would promote float32 arrays.
    """

    __slots__ = ("_optimizer",)

    def __new__(cls, value: float, optimizer: Optimizer | None = None):
        obj = super().__new__(cls, value)
        obj._optimizer = optimizer
        return obj

    def numpy(self) -> np.float32:
        """The value as a NumPy float32 scalar."""
        return np.float32(self)

    def assign(self, value) -> None:
        """Set the optimizer's learning rate (``opt.learning_rate = value``)."""
        self._optimizer.learning_rate = value


class _VariableList(list):
    """A list that can also be called, so ``opt.variables`` (Keras 3) and
    ``opt.variables()`` (tf.keras 2) both work."""

    def __call__(self) -> list:
        return list(self)


def _check_number(name: str, value, low=None, high=None, low_open=False, high_open=False, allow_none=False):
    """Validate a hyperparameter, quoting the received value in the error."""
    if value is None and allow_none:
        return None
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(value)
    if ok and low is not None:
        ok = value > low if low_open else value >= low
    if ok and high is not None:
        ok = value < high if high_open else value <= high
    if not ok:
        lo = "(" if low_open else "["
        hi = ")" if high_open else "]"
        span = f"in {lo}{low}, {high}{hi}" if high is not None else ("> 0" if low_open else f">= {low}")
        raise ValueError(f"`{name}` must be a number {span}{' or None' if allow_none else ''}. "
                         f"Received: {name}={value!r}")
    return float(value)


class Optimizer:
    """Base class of the optimizers: apply gradients to variables, in place.

    Args:
        learning_rate: a float >= 0, a ``schedules.LearningRateSchedule``
            (evaluated at ``iterations`` each step) or a callable with no
            arguments returning the rate.
        weight_decay: if set, decoupled weight decay ``w -= w * weight_decay * lr``
            before each update.
        clipnorm: if set, each gradient is rescaled so that its L2 norm is at
            most this value.
        clipvalue: if set, each gradient entry is clipped to
            ``[-clipvalue, clipvalue]``.
        global_clipnorm: if set, all gradients are rescaled together so that
            their joint L2 norm is at most this value.
        name: the optimizer's name.
        lr: the tf.keras 2 spelling of ``learning_rate``.
        decay: (tf.keras 2) the rate applied is ``lr / (1 + decay * iterations)``.

    Only one of ``clipnorm``, ``clipvalue`` and ``global_clipnorm`` may be set.

    Example:
        >>> opt = axon.optimizers.SGD(learning_rate=0.1)
        >>> with axon.GradientTape() as tape:
        ...     loss = (w * w).sum()
        >>> opt.apply_gradients(zip(tape.gradient(loss, [w]), [w]))
    """

    #: The slots a subclass keeps per variable, with their initial value.
    slot_initial_values: dict[str, float] = {}

    def __init__(self, learning_rate, weight_decay=None, clipnorm=None, clipvalue=None,
                 global_clipnorm=None, name: str | None = None, **kwargs):
        if "lr" in kwargs:
            learning_rate = kwargs.pop("lr")
        self.decay = _check_number("decay", kwargs.pop("decay", 0.0) or 0.0, low=0)
        for key, default in _INERT_DEFAULTS.items():
            if key in kwargs and kwargs.pop(key) not in (default, None, False):
                raise ValueError(f"axon optimizers do not implement `{key}`; leave it at its default ({default!r}).")
        if kwargs:
            raise ValueError(f"Argument(s) not recognized by {type(self).__name__}: {kwargs}. Valid "
                             "base arguments: learning_rate (lr), weight_decay, clipnorm, clipvalue, "
                             "global_clipnorm, name.")
        self.name = name or type(self).__name__.lower()
        self.weight_decay = _check_number("weight_decay", weight_decay, low=0, allow_none=True)
        self.clipnorm = _check_number("clipnorm", clipnorm, low=0, low_open=True, allow_none=True)
        self.clipvalue = _check_number("clipvalue", clipvalue, low=0, low_open=True, allow_none=True)
        self.global_clipnorm = _check_number("global_clipnorm", global_clipnorm, low=0, low_open=True,
                                             allow_none=True)
        if sum(c is not None for c in (clipnorm, clipvalue, global_clipnorm)) > 1:
            raise ValueError("Only one of `clipnorm`, `clipvalue` and `global_clipnorm` can be set. "
                             f"Received: clipnorm={clipnorm}, clipvalue={clipvalue}, "
                             f"global_clipnorm={global_clipnorm}")
        self._learning_rate = None
        self.learning_rate = learning_rate
        self._iterations = Variable(0, trainable=False, name="iteration", dtype="int64")
        self._step = 1  # iterations + 1 during apply(), read once per step (a GPU counter syncs to read)
        self._tracked: list = []          # the model variables, in the order first seen
        self._index: dict[int, int] = {}  # id(variable) -> position in _tracked
        self._slots: dict[str, list[Variable]] = {}
        self._pending_state: dict[str, np.ndarray] = {}
        self._exclude_ids: set[int] = set()
        self._exclude_pattern = None
        self.built = False

    # ------------------------------------------------------------ learning rate
    @property
    def learning_rate(self) -> LearningRateValue:
        """The current learning rate: the constant, or the schedule's value at ``iterations``.

        Assign a float to change it (``opt.learning_rate = 0.01``) or a schedule
        to replace it.
        """
        return LearningRateValue(self._current_learning_rate(), self)

    @learning_rate.setter
    def learning_rate(self, value) -> None:
        if callable(value):
            self._learning_rate = value
            return
        if isinstance(self._learning_rate, schedules.LearningRateSchedule):
            raise TypeError(
                f"This optimizer's learning rate is the schedule {type(self._learning_rate).__name__}, "
                f"so it cannot be set to a number (received {value!r}). Create the optimizer with a "
                "float `learning_rate` to change it during training, or assign another schedule.")
        value = getattr(value, "data", value)
        if hasattr(value, "item") and getattr(value, "size", 1) == 1:
            value = value.item()
        self._learning_rate = _check_number("learning_rate", value, low=0)

    lr = learning_rate  # tf.keras 2 alias, also assignable

    def _current_learning_rate(self) -> float:
        rate = self._learning_rate
        if isinstance(rate, schedules.LearningRateSchedule):
            return float(rate(int(self._iterations.data)))
        if callable(rate):
            return float(rate())
        return rate

    def _applied_learning_rate(self) -> float:
        rate = self._current_learning_rate()
        if self.decay:
            rate /= 1.0 + self.decay * int(self._iterations.data)
        return rate

    # -------------------------------------------------------------- iterations
    @property
    def iterations(self) -> Variable:
        """The number of steps taken, a non-trainable int64 ``Variable`` (``int(opt.iterations)``)."""
        return self._iterations

    @iterations.setter
    def iterations(self, value) -> None:
        self._iterations.assign(int(value))

    # ------------------------------------------------------------------ slots
    def build(self, variables) -> None:
        """Create the slots of every variable not seen before (called by ``apply``).

        Variables are numbered in the order they are first seen; that number
        keys their saved state (``'momentum/0'``).
        """
        xp = B.xp
        for var in variables:
            if id(var) in self._index:
                continue
            i = len(self._tracked)
            self._index[id(var)] = i
            self._tracked.append(var)
            base = var.name or f"variable_{i}"
            for slot, initial in self.slot_initial_values.items():
                if not self._uses_slot(slot):
                    continue
                data = xp.full(var.shape, initial, dtype=var.dtype)
                key = f"{slot}/{i}"
                if key in self._pending_state:
                    data[...] = xp.asarray(self._checked(key, self._pending_state.pop(key), var.shape))
                self._slots.setdefault(slot, []).append(Variable(data, trainable=False, name=f"{base}_{slot}"))
        self.built = True

    def _uses_slot(self, slot: str) -> bool:
        """Whether this configuration needs ``slot`` (e.g. SGD's momentum only when momentum > 0)."""
        return True

    def slot(self, variable, name: str):
        """The raw array of slot ``name`` for ``variable`` (updated in place by ``update_step``)."""
        return self._slots[name][self._index[id(variable)]].data

    @property
    def variables(self) -> _VariableList:
        """The optimizer's own state: ``iterations`` then each variable's slots."""
        out = _VariableList([self._iterations])
        for i in range(len(self._tracked)):
            out.extend(slots[i] for slots in self._slots.values())
        return out

    # ----------------------------------------------------------------- apply
    def apply_gradients(self, grads_and_vars) -> Variable:
        """Apply one step from ``(gradient, variable)`` pairs; a ``None`` gradient is skipped.

        Gradients may be Tensors or arrays. Returns ``iterations``.
        """
        pairs = list(grads_and_vars)
        self.apply([g for g, _ in pairs], [v for _, v in pairs])
        return self._iterations

    def apply(self, grads, variables=None) -> None:
        """Apply one step: ``grads[i]`` updates ``variables[i]`` in place.

        Without ``variables``, the gradients follow the order of the variables
        the optimizer was built with.

        Raises:
            ValueError: when no gradient at all is given, or shapes differ.
        """
        grads = list(grads)
        if not grads:
            return
        if variables is None:
            if len(grads) != len(self._tracked):
                raise ValueError(f"apply() without `variables` needs one gradient per variable the optimizer was "
                                 f"built with ({len(self._tracked)}). Received {len(grads)} gradients.")
            variables = self._tracked
        variables = list(variables)
        if len(grads) != len(variables):
            raise ValueError(f"Received {len(grads)} gradients for {len(variables)} variables.")
        pairs = [(g, v) for g, v in zip(grads, variables) if g is not None]
        if not pairs:
            raise ValueError("No gradients provided for any variable: every gradient is None. Check that the "
                             "loss depends on the variables (and was computed inside the GradientTape).")
        xp = B.xp
        grads, variables = [], []
        for g, var in pairs:
            g = xp.asarray(getattr(g, "data", g), dtype=var.dtype)
            if g.shape != var.shape:
                raise ValueError(f"The gradient for variable {var.name!r} has shape {g.shape}, "
                                 f"but the variable has shape {var.shape}.")
            grads.append(g)
            variables.append(var)
        self.build(variables)
        grads = self._clip_gradients(grads)
        lr = self._applied_learning_rate()
        self._step = int(self._iterations.data) + 1
        keep = 1.0 - self.weight_decay * lr if self.weight_decay else None
        with no_grad():
            for g, var in zip(grads, variables):
                if keep is not None and self._use_weight_decay(var):
                    var.data *= keep
                self.update_step(g, var, lr)
            for var in variables:
                if var.constraint is not None:  # Keras: projected after the update
                    var.assign(var.constraint(var))
            self._iterations.data += 1

    def update_step(self, gradient, variable, learning_rate: float) -> None:
        """Update ``variable.data`` in place from the raw ``gradient`` array (subclasses)."""
        raise NotImplementedError(f"{type(self).__name__} must implement update_step(gradient, variable, "
                                  "learning_rate).")

    def minimize(self, loss, var_list, tape=None) -> Variable:
        """Compute the gradients of ``loss`` (a callable with no arguments) and apply them.

        ``var_list`` may be a list or a callable returning it. Returns ``iterations``.
        """
        from axon.autograd.tape import GradientTape

        if callable(loss):
            with GradientTape() as tape:
                value = loss()
            var_list = var_list() if callable(var_list) else list(var_list)
        else:
            if tape is None:
                raise ValueError("minimize() with a loss tensor needs the `tape` that recorded it.")
            value, var_list = loss, (var_list() if callable(var_list) else list(var_list))
        grads = tape.gradient(value, var_list)
        return self.apply_gradients(zip(grads, var_list))

    # Keras's helpers for custom update steps.
    def assign(self, variable, value) -> None:
        """Set ``variable`` to ``value`` in place."""
        variable.assign(value)

    def assign_add(self, variable, value) -> None:
        """Add ``value`` to ``variable`` in place."""
        variable.assign_add(value)

    def assign_sub(self, variable, value) -> None:
        """Subtract ``value`` from ``variable`` in place."""
        variable.assign_sub(value)

    # --------------------------------------------------------------- clipping
    def _clip_gradients(self, grads: list) -> list:
        xp = B.xp
        if self.clipnorm is not None:
            c, out = self.clipnorm, []
            for g in grads:
                n = _norm(g)
                out.append(g if n <= c else g * (c / n))  # n is NaN for a non-finite g: it stays non-finite
            return out
        if self.global_clipnorm is not None:
            c = self.global_clipnorm
            total = math.sqrt(sum(_norm(g) ** 2 for g in grads))
            if not math.isfinite(total):  # as Keras: a non-finite norm makes every gradient NaN
                return [g * float("nan") for g in grads]
            scale = c / max(total, c)
            return grads if scale == 1.0 else [g * scale for g in grads]
        if self.clipvalue is not None:
            return [xp.clip(g, -self.clipvalue, self.clipvalue) for g in grads]
        return grads

    # ----------------------------------------------------------- weight decay
    def exclude_from_weight_decay(self, var_list=None, var_names=None) -> None:
        """Exempt variables from weight decay: those in ``var_list``, and those whose
        name contains any string in ``var_names`` (e.g. ``['bias']``)."""
        self._exclude_ids = {id(v) for v in var_list or ()}
        self._exclude_pattern = re.compile("|".join(map(re.escape, var_names))) if var_names else None

    def _use_weight_decay(self, variable) -> bool:
        if id(variable) in self._exclude_ids:
            return False
        return not (self._exclude_pattern is not None and self._exclude_pattern.search(variable.name or ""))

    # ------------------------------------------------------------------ state
    def get_state(self) -> dict[str, np.ndarray]:
        """The optimizer's state as NumPy arrays, keyed by variable position.

        Keys: ``'iterations'``, ``'learning_rate'`` (when it is a number) and
        ``'<slot>/<i>'`` for the i-th variable seen (``'momentum/0'``). Restoring
        it with ``set_state`` makes training continue exactly.
        """
        state = {"iterations": np.array(int(self._iterations.data), dtype=np.int64)}
        if isinstance(self._learning_rate, float):
            state["learning_rate"] = np.array(self._learning_rate, dtype=np.float64)
        for slot, values in self._slots.items():
            for i, v in enumerate(values):
                state[f"{slot}/{i}"] = np.array(B.to_numpy(v.data))
        return state

    def set_state(self, state: dict) -> None:
        """Restore what ``get_state`` returned.

        Slots of variables not seen yet are kept and filled in when they are
        (so a loaded model's optimizer resumes on its first step).

        Raises:
            ValueError: for a key this optimizer does not have, or a shape mismatch.
        """
        valid = {s for s in self.slot_initial_values if self._uses_slot(s)}
        for key in state:
            slot, _, index = key.partition("/")
            if key not in ("iterations", "learning_rate") and (slot not in valid or not index.isdigit()):
                raise ValueError(f"Unknown optimizer state key {key!r} for {type(self).__name__} configured as "
                                 f"{self.get_config()}. Valid keys: 'iterations', 'learning_rate' and "
                                 f"'<slot>/<i>' with slot in {sorted(valid)}.")
        if "iterations" in state:
            self._iterations.assign(int(np.asarray(state["iterations"])))
        if "learning_rate" in state and not callable(self._learning_rate):
            self.learning_rate = float(np.asarray(state["learning_rate"]))
        for key, value in state.items():
            slot, _, index = key.partition("/")
            if not index:
                continue
            if int(index) < len(self._tracked):
                target = self._slots[slot][int(index)]
                target.data[...] = B.xp.asarray(self._checked(key, value, target.shape))
            else:
                self._pending_state[key] = np.asarray(value)

    @staticmethod
    def _checked(key: str, value, shape: tuple):
        value = np.asarray(B.to_numpy(value))
        if value.shape != tuple(shape):
            raise ValueError(f"Optimizer state {key!r} has shape {value.shape}, but its variable has shape "
                             f"{tuple(shape)}.")
        return value

    def get_weights(self) -> list[np.ndarray]:
        """The values of ``variables`` as NumPy arrays (tf.keras 2)."""
        return [np.array(B.to_numpy(v.data)) for v in self.variables]

    def set_weights(self, weights) -> None:
        """Set ``variables`` from a list like ``get_weights()`` returns."""
        variables = self.variables
        if len(weights) != len(variables):
            raise ValueError(f"set_weights() expects {len(variables)} arrays (build the optimizer first). "
                             f"Received {len(weights)}.")
        for v, w in zip(variables, weights):
            v.assign(w)

    # ----------------------------------------------------------------- config
    def get_config(self) -> dict:
        """The constructor arguments, JSON-able (a schedule is serialized as a dict)."""
        rate = self._learning_rate
        if isinstance(rate, schedules.LearningRateSchedule):
            rate = schedules.serialize(rate)
        elif not isinstance(rate, float):
            rate = self._current_learning_rate()
        config = {"name": self.name, "learning_rate": rate, "weight_decay": self.weight_decay,
                  "clipnorm": self.clipnorm, "global_clipnorm": self.global_clipnorm, "clipvalue": self.clipvalue}
        if self.decay:
            config["decay"] = self.decay
        return config

    @classmethod
    def from_config(cls, config: dict) -> Optimizer:
        """Create an optimizer from ``get_config()``'s dict."""
        config = dict(config)
        if isinstance(config.get("learning_rate"), dict):
            config["learning_rate"] = schedules.deserialize(config["learning_rate"])
        return cls(**config)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} name={self.name!r} learning_rate={self._current_learning_rate():g}>"


def _norm(g) -> float:
    """The L2 norm of an array, as a Python float."""
    flat = g.reshape(-1)
    return math.sqrt(float(B.xp.dot(flat, flat)))
