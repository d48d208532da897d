"""Recurrent cells: ``SimpleRNNCell``, ``LSTMCell``, ``GRUCell`` and ``StackedRNNCells``.

A cell computes one time step, ``output, new_states = cell(inputs, states)``,
with Keras's weights (``kernel (input_dim, k*units)``, ``recurrent_kernel
(units, k*units)``, ``bias``). ``layers.RNN`` runs a cell over a sequence: the
built-in cells through the fused ops of ``axon/ops/recurrent.py`` (one op per
sequence), any other cell step by step through the graph.
"""

from __future__ import annotations

from axon import activations, initializers, regularizers
from axon import backend as B
from axon.autograd.tensor import Tensor
from axon.layers.base import Layer
from axon.ops.dropout import check_rate, keep_mask
from axon.ops.recurrent import ACTIVATIONS

_NAMES = {activations.tanh: "tanh", activations.sigmoid: "sigmoid", activations.relu: "relu",
          activations.linear: "linear"}


def fused_name(activation) -> str | None:
    """The fused kernels' name for an activation, or None when it has none (then the graph path runs)."""
    name = _NAMES.get(activation)
    return name if name in ACTIVATIONS else None


def _positive_units(units) -> int:
    if not isinstance(units, int) or isinstance(units, bool) or units <= 0:
        raise ValueError(f"`units` must be a positive int. Received: units={units!r}")
    return units


class DropoutRNNCell(Layer):
    """What the built-in cells share: configuration, weights, and the dropout masks
    Keras keeps fixed over the time steps of one sequence (one input mask ``(batch,
    input_dim)``, one recurrent mask ``(batch, units)``)."""

    gates = 1
    _fused_kind = ""

    def __init__(self, units, activation="tanh", use_bias=True, kernel_initializer="glorot_uniform",
                 recurrent_initializer="orthogonal", bias_initializer="zeros", kernel_regularizer=None,
                 recurrent_regularizer=None, bias_regularizer=None, kernel_constraint=None,
                 recurrent_constraint=None, bias_constraint=None, dropout=0.0, recurrent_dropout=0.0, seed=None,
                 **kwargs):
        super().__init__(**kwargs)
        self.units = _positive_units(units)
        self.activation = activations.get(activation)
        self.use_bias = bool(use_bias)
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.recurrent_initializer = initializers.get(recurrent_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.recurrent_regularizer = regularizers.get(recurrent_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint, self.recurrent_constraint, self.bias_constraint = \
            _constraint(kernel_constraint), _constraint(recurrent_constraint), _constraint(bias_constraint)
        self.dropout = check_rate(dropout)
        self.recurrent_dropout = check_rate(recurrent_dropout)
        self.seed = seed
        self._generator = None if seed is None else B.generator(seed)
        self.state_size = self.units
        self.output_size = self.units
        self._dropout_masks = None

    def build(self, input_shape) -> None:
        input_dim = input_shape[-1]
        if input_dim is None:
            raise ValueError(f"Layer '{self.name}': the last axis of the input must be known. "
                             f"Received input shape {tuple(input_shape)}.")
        k = self.gates * self.units
        self.kernel = self.add_weight("kernel", (input_dim, k), self.kernel_initializer, self.kernel_regularizer,
                                      constraint=self.kernel_constraint)
        self.recurrent_kernel = self.add_weight("recurrent_kernel", (self.units, k), self.recurrent_initializer,
                                                self.recurrent_regularizer, constraint=self.recurrent_constraint)
        self.bias = self.add_weight("bias", self._bias_shape(), self._bias_init(), self.bias_regularizer,
                                    constraint=self.bias_constraint) if self.use_bias else None
        self.built = True

    def _bias_shape(self) -> tuple:
        return (self.gates * self.units,)

    def _bias_init(self):
        return self.bias_initializer

    # ------------------------------------------------------------ dropout
    def make_dropout_masks(self, batch: int, input_dim: int, training) -> None:
        """Draw this sequence's dropout masks (None when not training or rates are 0)."""
        if not training:
            self._dropout_masks = None
            return
        gen = self._generator
        dp = keep_mask((batch, input_dim), self.dropout, self.dtype, gen) if self.dropout else None
        rdp = keep_mask((batch, self.units), self.recurrent_dropout, self.dtype, gen) \
            if self.recurrent_dropout else None
        self._dropout_masks = (dp, rdp) if dp is not None or rdp is not None else None

    def reset_dropout_mask(self) -> None:
        """Forget the masks (called after each sequence)."""
        self._dropout_masks = None

    def _dropped(self, inputs: Tensor, h: Tensor, training):
        masks = self._dropout_masks
        if masks is None and training and (self.dropout or self.recurrent_dropout):
            self.make_dropout_masks(inputs.shape[0], inputs.shape[-1], training)  # a direct call on one step
            masks, self._dropout_masks = self._dropout_masks, None
        if masks is None:
            return inputs, h
        dp, rdp = masks
        return (inputs if dp is None else inputs * Tensor._wrap(dp)), (h if rdp is None else h * Tensor._wrap(rdp))

    def fused_activations(self):
        """``(activation, recurrent_activation)`` names for the fused op, or None."""
        act = fused_name(self.activation)
        ract = fused_name(getattr(self, "recurrent_activation", activations.sigmoid))
        return None if act is None or ract is None else (act, ract)

    def fused_params(self) -> dict:
        return {}

    def get_initial_state(self, batch_size: int) -> list:
        sizes = self.state_size if isinstance(self.state_size, (list, tuple)) else [self.state_size]
        return [Tensor._wrap(B.xp.zeros((batch_size, n), dtype=self.dtype)) for n in sizes]

    def get_config(self) -> dict:
        return {
            **super().get_config(), "units": self.units, "activation": activations.serialize(self.activation),
            "use_bias": self.use_bias,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "recurrent_initializer": initializers.serialize(self.recurrent_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
            "recurrent_regularizer": regularizers.serialize(self.recurrent_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "dropout": self.dropout, "recurrent_dropout": self.recurrent_dropout, "seed": self.seed,
        }


def _constraint(value):
    if value is None:
        return None
    try:
        from axon import constraints
    except ImportError:
        raise NotImplementedError(
            f"Weight constraints are not available in this version of axon (received {value!r}); "
            "leave the *_constraint arguments as None.") from None
    return constraints.get(value)


class SimpleRNNCell(DropoutRNNCell):
    """One step of a fully connected RNN: ``h_t = activation(x_t @ kernel + h_{t-1} @ recurrent_kernel + bias)``.

    Example:
        >>> rnn = axon.layers.RNN(axon.layers.SimpleRNNCell(8))
    """

    _fused_kind = "simple_rnn"

    def call(self, inputs, states, training=None):
        h = states[0] if isinstance(states, (list, tuple)) else states
        x, h_in = self._dropped(inputs, h, training)
        z = x @ self.kernel + h_in @ self.recurrent_kernel
        if self.bias is not None:
            z = z + self.bias
        out = self.activation(z)
        return out, [out]


class LSTMCell(DropoutRNNCell):
    """One LSTM step, Keras's gate order ``i, f, c, o``::

        i, f, o = recurrent_activation(x @ W + h @ R + b) (their blocks), c~ = activation(...)
        c' = f * c + i * c~;  h' = o * activation(c')

    Args:
        unit_forget_bias: start the forget gate's bias at 1 (the rest at ``bias_initializer``).
    """

    gates = 4
    _fused_kind = "lstm"

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", unit_forget_bias=True, **kwargs):
        kwargs.pop("implementation", None)
        super().__init__(units, activation=activation, **kwargs)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.unit_forget_bias = bool(unit_forget_bias)
        self.state_size = [self.units, self.units]

    def _bias_init(self):
        if not self.unit_forget_bias:
            return self.bias_initializer
        base, u = self.bias_initializer, self.units

        def init(shape, dtype=None):
            parts = [base((u,), dtype), B.xp.ones((u,), dtype=dtype or self.dtype), base((2 * u,), dtype)]
            return B.xp.concatenate([B.xp.asarray(p) for p in parts])
        return init

    def call(self, inputs, states, training=None):
        h, c = states[0], states[1]
        x, h_in = self._dropped(inputs, h, training)
        u = self.units
        z = x @ self.kernel + h_in @ self.recurrent_kernel
        if self.bias is not None:
            z = z + self.bias
        i = self.recurrent_activation(z[:, :u])
        f = self.recurrent_activation(z[:, u:2 * u])
        cc = self.activation(z[:, 2 * u:3 * u])
        o = self.recurrent_activation(z[:, 3 * u:])
        c = f * c + i * cc
        h = o * self.activation(c)
        return h, [h, c]

    def get_config(self) -> dict:
        return {**super().get_config(), "recurrent_activation": activations.serialize(self.recurrent_activation),
                "unit_forget_bias": self.unit_forget_bias}


class GRUCell(DropoutRNNCell):
    """One GRU step, Keras's gate order ``z, r, h``::

        z, r = recurrent_activation(x @ W + h @ R + b) (their blocks)
        h~ = activation(x @ W_h + b_h + r * (h @ R_h + b'_h))      (reset_after=True, the default)
        h' = z * h + (1 - z) * h~

    With ``reset_after=True`` the bias is ``(2, 3*units)`` (input bias, recurrent bias),
    as in Keras and cuDNN; with False it is ``(3*units,)`` and ``h~ = activation(x @ W_h + b_h + (r * h) @ R_h)``.
    """

    gates = 3
    _fused_kind = "gru"

    def __init__(self, units, activation="tanh", recurrent_activation="sigmoid", reset_after=True, **kwargs):
        kwargs.pop("implementation", None)
        super().__init__(units, activation=activation, **kwargs)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.reset_after = bool(reset_after)

    def _bias_shape(self) -> tuple:
        return (2, 3 * self.units) if self.reset_after else (3 * self.units,)

    def fused_params(self) -> dict:
        return {"reset_after": self.reset_after}

    def call(self, inputs, states, training=None):
        h = states[0] if isinstance(states, (list, tuple)) else states
        x, h_in = self._dropped(inputs, h, training)
        u = self.units
        b_in = b_rec = None
        if self.bias is not None:
            b_in, b_rec = (self.bias[0], self.bias[1]) if self.reset_after else (self.bias, None)
        xz = x @ self.kernel
        if b_in is not None:
            xz = xz + b_in
        if self.reset_after:
            hz = h_in @ self.recurrent_kernel
            if b_rec is not None:
                hz = hz + b_rec
            z = self.recurrent_activation(xz[:, :u] + hz[:, :u])
            r = self.recurrent_activation(xz[:, u:2 * u] + hz[:, u:2 * u])
            hh = self.activation(xz[:, 2 * u:] + r * hz[:, 2 * u:])
        else:
            hz = h_in @ self.recurrent_kernel[:, :2 * u]
            z = self.recurrent_activation(xz[:, :u] + hz[:, :u])
            r = self.recurrent_activation(xz[:, u:2 * u] + hz[:, u:])
            hh = self.activation(xz[:, 2 * u:] + (r * h_in) @ self.recurrent_kernel[:, 2 * u:])
        out = z * h + (1.0 - z) * hh
        return out, [out]

    def get_config(self) -> dict:
        return {**super().get_config(), "recurrent_activation": activations.serialize(self.recurrent_activation),
                "reset_after": self.reset_after}


class StackedRNNCells(Layer):
    """Several cells run as one: each step feeds the output of one cell to the next.

    The states are the cells' states in order (a list per cell).

    Example:
        >>> layer = axon.layers.RNN(axon.layers.StackedRNNCells([LSTMCell(8), LSTMCell(4)]))
    """

    def __init__(self, cells, **kwargs):
        super().__init__(**kwargs)
        cells = list(cells)
        if not cells:
            raise ValueError("StackedRNNCells needs at least one cell.")
        for cell in cells:
            if not hasattr(cell, "call") or not hasattr(cell, "state_size"):
                raise ValueError(f"Every cell needs a `call` method and a `state_size`. Received: {cell!r}")
        self.cells = cells

    @property
    def state_size(self) -> list:
        return [c.state_size for c in self.cells]

    @property
    def output_size(self) -> int:
        last = self.cells[-1]
        return getattr(last, "output_size", None) or _first_size(last.state_size)

    def build(self, input_shape) -> None:
        shape = tuple(input_shape)
        for cell in self.cells:
            if isinstance(cell, Layer) and not cell.built:
                cell._build_shape = shape
                cell.build(shape)
                cell.built = True
            shape = shape[:-1] + (getattr(cell, "output_size", None) or _first_size(cell.state_size),)
        self.built = True

    def get_initial_state(self, batch_size: int) -> list:
        return [initial_state(c, batch_size) for c in self.cells]

    def make_dropout_masks(self, batch: int, input_dim: int, training) -> None:
        for cell in self.cells:
            if isinstance(cell, DropoutRNNCell):
                cell.make_dropout_masks(batch, input_dim, training)
            input_dim = getattr(cell, "output_size", None) or _first_size(cell.state_size)

    def reset_dropout_mask(self) -> None:
        for cell in self.cells:
            if isinstance(cell, DropoutRNNCell):
                cell.reset_dropout_mask()

    def call(self, inputs, states, training=None):
        new_states = []
        x = inputs
        for cell, state in zip(self.cells, states):
            state = list(state) if isinstance(state, (list, tuple)) else [state]
            x, new = call_cell(cell, x, state, training)
            new_states.append(new)
        return x, new_states

    def get_config(self) -> dict:
        from axon.models.serialization import serialize_layer
        return {**super().get_config(), "cells": [serialize_layer(c) for c in self.cells]}

    @classmethod
    def from_config(cls, config: dict, custom_objects=None):
        from axon.models.serialization import deserialize_layer
        config = dict(config)
        config["cells"] = [deserialize_layer(c, custom_objects) for c in config["cells"]]
        return cls(**config)


def _first_size(state_size) -> int:
    return state_size[0] if isinstance(state_size, (list, tuple)) else state_size


def initial_state(cell, batch_size: int) -> list:
    """A cell's zero states (``cell.get_initial_state`` when it has one)."""
    fn = getattr(cell, "get_initial_state", None)
    if fn is not None:
        state = fn(batch_size)
        return list(state) if isinstance(state, (list, tuple)) else [state]
    sizes = cell.state_size if isinstance(cell.state_size, (list, tuple)) else [cell.state_size]
    dtype = getattr(cell, "dtype", B.floatx())
    return [Tensor._wrap(B.xp.zeros((batch_size, n), dtype=dtype)) for n in sizes]


def call_cell(cell, inputs, states: list, training):
    """``cell(inputs, states)`` as Keras calls it (states as a list); returns
    ``(output, new_states as a list)``."""
    kwargs = {"training": training} if _takes_training(cell) else {}
    out, new = cell.call(inputs, states, **kwargs) if isinstance(cell, Layer) else cell(inputs, states, **kwargs)
    new = list(new) if isinstance(new, (list, tuple)) else [new]
    return out, new


def _takes_training(cell) -> bool:
    import inspect
    params = inspect.signature(cell.call).parameters
    return "training" in params


__all__ = ["DropoutRNNCell", "GRUCell", "LSTMCell", "SimpleRNNCell", "StackedRNNCells"]
