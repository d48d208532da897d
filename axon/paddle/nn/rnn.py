"""Paddle's recurrent layers ``SimpleRNN``, ``LSTM`` and ``GRU`` on axon's fused recurrence op.

Paddle keeps, per layer and direction, ``weight_ih_l{k}`` ``(gates * hidden, input)``,
``weight_hh_l{k}`` ``(gates * hidden, hidden)`` and two biases (``_reverse`` for the
backward direction); the op takes Keras's ``(input, gates * hidden)`` kernels, so each
call hands it transposed views (and, for GRU, Paddle's gate order ``r, z, c``
regrouped as Keras's ``z, r, h``). LSTM's gates ``i, f, c, o`` are the same in both.
Outputs are Paddle's: ``(outputs, final_states)`` with states ``(layers * directions, N, hidden)``.
"""

from __future__ import annotations

import math

import numpy as np

from axon import backend as B
from axon import ops
from axon.autograd.tensor import Tensor as _Core
from axon.ops.recurrent import recurrence
from axon.paddle.nn import functional as F
from axon.paddle.nn import initializer as I
from axon.paddle.nn.layer import Layer
from axon.paddle.tensor import core, wrap

_GATES = {"simple_rnn": 1, "lstm": 4, "gru": 3}


class _RNNBase(Layer):
    _kind = "simple_rnn"

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1, direction: str = "forward",
                 time_major: bool = False, dropout: float = 0.0, activation: str = "tanh", weight_ih_attr=None,
                 weight_hh_attr=None, bias_ih_attr=None, bias_hh_attr=None, proj_size: int = 0, name=None):
        super().__init__()
        if direction not in ("forward", "bidirect", "bidirectional"):
            raise ValueError(f"{type(self).__name__}: direction should be forward or bidirect (or bidirectional), "
                             f"received direction = {direction}")
        if proj_size:
            raise NotImplementedError(f"{type(self).__name__}(proj_size > 0) is not supported by axon.paddle.")
        if activation not in ("tanh", "relu"):
            raise ValueError(f"{type(self).__name__}: activation must be 'tanh' or 'relu'. Received {activation!r}")
        self.input_size, self.hidden_size, self.num_layers = input_size, hidden_size, num_layers
        self.num_directions = 1 if direction == "forward" else 2
        self.time_major, self.dropout, self.activation = time_major, float(dropout), activation
        gates = _GATES[self._kind] * hidden_size
        bound = 1.0 / math.sqrt(hidden_size)
        init = I.Uniform(-bound, bound)
        for layer in range(num_layers):
            for d in range(self.num_directions):
                suffix = f"_l{layer}" + ("_reverse" if d else "")
                width = input_size if layer == 0 else hidden_size * self.num_directions
                for key, shape, attr, is_bias in (("weight_ih", [gates, width], weight_ih_attr, False),
                                                  ("weight_hh", [gates, hidden_size], weight_hh_attr, False),
                                                  ("bias_ih", [gates], bias_ih_attr, True),
                                                  ("bias_hh", [gates], bias_hh_attr, True)):
                    param = self.create_parameter(shape, attr, is_bias=is_bias, default_initializer=init)
                    self.add_parameter(key + suffix, param)

    def _weights(self, suffix: str):
        """Keras's kernel, recurrent kernel and bias from Paddle's parameters (differentiable views)."""
        get = lambda key: None if self._parameters.get(key + suffix) is None else core(  # noqa: E731
            self._parameters[key + suffix])
        w_ih, w_hh, b_ih, b_hh = get("weight_ih"), get("weight_hh"), get("bias_ih"), get("bias_hh")
        kernel, recurrent = ops.transpose(w_ih), ops.transpose(w_hh)
        if self._kind == "gru":
            h = self.hidden_size
            regroup = lambda t, axis: ops.concat([_cols(t, axis, h, 2 * h), _cols(t, axis, 0, h),  # noqa: E731
                                                   _cols(t, axis, 2 * h, 3 * h)], axis)
            kernel, recurrent = regroup(kernel, 1), regroup(recurrent, 1)
            zero = _Core._wrap(B.xp.zeros(3 * h, dtype=kernel.dtype))
            bias = ops.stack([regroup(b_ih, 0) if b_ih is not None else zero,
                              regroup(b_hh, 0) if b_hh is not None else zero])
            return kernel, recurrent, bias
        parts = [b for b in (b_ih, b_hh) if b is not None]
        bias = None if not parts else (parts[0] if len(parts) == 1 else ops.add(*parts))
        return kernel, recurrent, bias

    def forward(self, inputs, initial_states=None, sequence_length=None):
        x = core(inputs)
        if x.ndim != 3:
            raise ValueError(f"{type(self).__name__} expects inputs of rank 3 ((batch, time, features), or (time, "
                             f"batch, features) with time_major). Received shape {list(x.shape)}.")
        if self.time_major:
            x = ops.transpose(x, (1, 0, 2))
        batch, steps, features = x.shape
        if features != self.input_size:
            raise ValueError(f"{type(self).__name__}: inputs have {features} features but input_size is "
                             f"{self.input_size}.")
        n_states = 2 if self._kind == "lstm" else 1
        total = self.num_layers * self.num_directions
        if initial_states is None:
            zeros = _Core._wrap(B.xp.zeros((total, batch, self.hidden_size), dtype=x.dtype))
            initial = [zeros] * n_states
        else:
            initial = [core(s) for s in (initial_states if n_states == 2 else [initial_states])]
        mask = None
        if sequence_length is not None:
            lengths = np.asarray(B.to_numpy(core(sequence_length).data)).reshape(-1)
            mask = np.arange(steps)[None, :] < lengths[:, None]
        finals = [[] for _ in range(n_states)]
        for layer in range(self.num_layers):
            outputs = []
            for d in range(self.num_directions):
                index = layer * self.num_directions + d
                kernel, recurrent, bias = self._weights(f"_l{layer}" + ("_reverse" if d else ""))
                states = [ops.getitem(s, index) for s in initial]
                packed = recurrence(self._kind, x, kernel, recurrent, bias, states, mask=mask, go_backwards=bool(d),
                                    zero_output_for_mask=True, activation=self.activation,
                                    reset_after=True)
                out = ops.getitem(packed, (slice(None), slice(0, steps)))
                if d:  # the op gives the backward pass's outputs in processing order: put them back in time order
                    out = ops.getitem(out, (slice(None), slice(None, None, -1)))
                outputs.append(out)
                for k in range(n_states):
                    finals[k].append(ops.getitem(packed, (slice(None), steps + k)))
            x = outputs[0] if len(outputs) == 1 else ops.concat(outputs, -1)
            if self.dropout and layer < self.num_layers - 1:
                x = F.dropout(x, self.dropout, training=self.training).value
        out = ops.transpose(x, (1, 0, 2)) if self.time_major else x
        states = [wrap(ops.stack(f, 0)) for f in finals]
        return wrap(out), (tuple(states) if n_states == 2 else states[0])

    def extra_repr(self) -> str:
        return (f"{self.input_size}, {self.hidden_size}, num_layers={self.num_layers}, "
                f"direction={'forward' if self.num_directions == 1 else 'bidirect'}")


def _cols(t, axis: int, start: int, stop: int):
    index = [slice(None)] * t.ndim
    index[axis] = slice(start, stop)
    return ops.getitem(t, tuple(index))


class SimpleRNN(_RNNBase):
    """Elman RNN: ``h_t = act(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh)`` (``activation`` tanh or relu).

    Returns ``(outputs, h)``: outputs ``(N, T, directions * hidden)``, h ``(layers * directions, N, hidden)``.
    """

    _kind = "simple_rnn"


class LSTM(_RNNBase):
    """LSTM (gates i, f, c, o). Returns ``(outputs, (h, c))``.

    Example:
        >>> lstm = paddle.nn.LSTM(16, 32, num_layers=2)
        >>> y, (h, c) = lstm(paddle.randn([4, 23, 16]))      # y: [4, 23, 32], h and c: [2, 4, 32]
    """

    _kind = "lstm"

    def __init__(self, input_size, hidden_size, num_layers=1, direction="forward", time_major=False, dropout=0.0,
                 weight_ih_attr=None, weight_hh_attr=None, bias_ih_attr=None, bias_hh_attr=None, proj_size=0,
                 name=None):
        super().__init__(input_size, hidden_size, num_layers, direction, time_major, dropout, "tanh", weight_ih_attr,
                         weight_hh_attr, bias_ih_attr, bias_hh_attr, proj_size)


class GRU(_RNNBase):
    """GRU (Paddle's gates r, z, c; ``h = z * h_prev + (1 - z) * c``). Returns ``(outputs, h)``."""

    _kind = "gru"

    def __init__(self, input_size, hidden_size, num_layers=1, direction="forward", time_major=False, dropout=0.0,
                 weight_ih_attr=None, weight_hh_attr=None, bias_ih_attr=None, bias_hh_attr=None, name=None):
        super().__init__(input_size, hidden_size, num_layers, direction, time_major, dropout, "tanh", weight_ih_attr,
                         weight_hh_attr, bias_ih_attr, bias_hh_attr)
