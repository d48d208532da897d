"""Recurrent layers: the generic ``RNN(cell)`` and ``SimpleRNN``, ``LSTM``, ``GRU``.

A built-in cell with activations the fused kernels know runs as one op per call
(``axon/ops/recurrent.py``: one GEMM for the input projections, the recurrence on
preallocated buffers, the backward the same way in reverse). Any other cell (a
user-written one, ``StackedRNNCells``, an exotic activation) runs step by step
through the graph, with the same masking rules.

Keras's semantics: ``return_sequences``, ``return_state``, ``go_backwards`` (the
outputs stay in processing order), ``stateful`` (the final states of one batch
start the next; ``reset_states()`` zeroes them), ``initial_state``, masks (a
masked step keeps the states and repeats the previous output).
"""

from __future__ import annotations

from axon import backend as B
from axon import ops
from axon.autograd.op import no_grad
from axon.autograd.tensor import Tensor
from axon.layers.base import Layer
from axon.layers.rnn_cells import (
    DropoutRNNCell,
    GRUCell,
    LSTMCell,
    SimpleRNNCell,
    StackedRNNCells,
    _first_size,
    call_cell,
    initial_state,
)
from axon.ops.recurrent import recurrence


def _flatten(states) -> list:
    out = []
    for s in states:
        out.extend(_flatten(s) if isinstance(s, (list, tuple)) else [s])
    return out


def _unflatten(flat: list, like):
    it = iter(flat)

    def rebuild(s):
        return [rebuild(x) for x in s] if isinstance(s, (list, tuple)) else next(it)
    return rebuild(like)


class RNN(Layer):
    """Run a cell over the time axis of ``(batch, steps, features)`` inputs.

    Args:
        cell: a cell (a Layer with ``state_size`` and ``call(inputs, states)`` returning
            ``(output, new_states)``), or a list of cells (stacked).
        return_sequences: return every step's output ``(batch, steps, units)``
            instead of the last ``(batch, units)``.
        return_state: also return the final states (``[output, *states]``).
        go_backwards: read the sequence from its end (outputs in that order).
        stateful: the final states of a batch are the initial states of the next
            (the batch size must stay the same); ``reset_states()`` zeroes them.
        unroll: accepted for Keras compatibility; the fused kernels never build a graph
            per step, so there is nothing to unroll.
        zero_output_for_mask: masked steps output zeros instead of the previous output.

    Call arguments: ``inputs``, ``initial_state`` (a list of ``(batch, size)`` states),
    ``mask`` (``(batch, steps)`` booleans), ``training``.

    Example:
        >>> layer = axon.layers.RNN(axon.layers.LSTMCell(8), return_sequences=True)
        >>> layer(np.zeros((2, 5, 3), "float32")).shape
        (2, 5, 8)
    """

    supports_masking = True

    def __init__(self, cell, return_sequences: bool = False, return_state: bool = False,
                 go_backwards: bool = False, stateful: bool = False, unroll: bool = False,
                 zero_output_for_mask: bool = False, **kwargs):
        if isinstance(cell, (list, tuple)):
            cell = StackedRNNCells(cell)
        if not hasattr(cell, "call"):
            raise ValueError(f"Argument `cell` should have a `call` method. Received: cell={cell!r}")
        if getattr(cell, "state_size", None) is None:
            raise ValueError("The RNN cell should have a `state_size` attribute (an int, or a list of ints: one "
                             f"per state). Received: cell={cell!r}")
        super().__init__(**kwargs)
        self.cell = cell
        self.return_sequences = bool(return_sequences)
        self.return_state = bool(return_state)
        self.go_backwards = bool(go_backwards)
        self.stateful = bool(stateful)
        self.unroll = bool(unroll)
        self.zero_output_for_mask = bool(zero_output_for_mask)
        self.states = None

    @property
    def state_size(self) -> list:
        size = self.cell.state_size
        return list(size) if isinstance(size, (list, tuple)) else [size]

    @property
    def _output_size(self) -> int:
        return getattr(self.cell, "output_size", None) or _first_size(self.cell.state_size)

    def build(self, input_shape) -> None:
        if isinstance(input_shape, list):
            input_shape = input_shape[0]
        if len(input_shape) < 3:
            raise ValueError(f"Layer '{self.name}' ({type(self).__name__}) expects inputs of shape (batch, steps, "
                             f"features). Received input shape {tuple(input_shape)}.")
        if isinstance(self.cell, Layer) and not self.cell.built:
            step_shape = (input_shape[0],) + tuple(input_shape[2:])
            self.cell._build_shape = step_shape
            self.cell.build(step_shape)
            self.cell.built = True
        self.built = True

    # ------------------------------------------------------------------ call
    def call(self, sequences, initial_state=None, mask=None, training=None):
        x = sequences
        if x.ndim != 3:
            raise ValueError(f"Layer '{self.name}' ({type(self).__name__}) expects inputs of shape (batch, steps, "
                             f"features). Received shape {tuple(x.shape)}.")
        batch, steps = x.shape[0], x.shape[1]
        if steps == 0:
            raise ValueError(f"Layer '{self.name}': the input sequences have 0 time steps.")
        mask = self._check_mask(mask, batch, steps)
        states = self._initial_states(initial_state, batch)
        cell = self.cell
        fused = isinstance(cell, DropoutRNNCell) and cell._fused_kind and cell.fused_activations()
        if hasattr(cell, "make_dropout_masks"):
            cell.make_dropout_masks(batch, x.shape[-1], training)
        try:
            if fused:
                output, new_states = self._run_fused(x, states, mask, fused)
            else:
                output, new_states = self._run_steps(x, states, mask, training)
        finally:
            if hasattr(cell, "reset_dropout_mask"):
                cell.reset_dropout_mask()
        if self.stateful:
            with no_grad():
                self.states = [Tensor._wrap(s.data.copy()) for s in _flatten(new_states)]
        if self.return_state:
            return [output, *new_states]
        return output

    def _run_fused(self, x, states, mask, activations):
        cell = self.cell
        masks = cell._dropout_masks
        dp, rdp = masks if masks is not None else (None, None)
        if dp is not None:
            x = x * Tensor._wrap(dp[:, None, :])
        packed = recurrence(cell._fused_kind, x, cell.kernel, cell.recurrent_kernel, cell.bias, states, mask=mask,
                            recurrent_mask=rdp, go_backwards=self.go_backwards,
                            return_sequences=self.return_sequences,
                            zero_output_for_mask=self.zero_output_for_mask, activation=activations[0],
                            recurrent_activation=activations[1], **cell.fused_params())
        n_out = x.shape[1] if self.return_sequences else 1
        output = packed[:, :n_out] if self.return_sequences else packed[:, 0]
        new_states = [packed[:, n_out + i] for i in range(len(states))]
        return output, new_states

    def _run_steps(self, x, states, mask, training):
        steps = x.shape[1]
        order = range(steps - 1, -1, -1) if self.go_backwards else range(steps)
        structure = states
        outputs, prev = [], None
        for t in order:
            out, new = call_cell(self.cell, x[:, t], states, training)
            if mask is not None:
                m = mask[:, t:t + 1]
                if prev is None:
                    prev = Tensor._wrap(B.xp.zeros(out.shape, dtype=out.dtype))
                out = ops.where(m, out, 0.0 if self.zero_output_for_mask else prev)
                new = _unflatten([ops.where(m, n, s) for n, s in zip(_flatten(new), _flatten(states))], structure)
            states, prev = new, out
            if self.return_sequences:
                outputs.append(out)
        output = ops.stack(outputs, axis=1) if self.return_sequences else prev
        return output, states

    # -------------------------------------------------------------- helpers
    def _check_mask(self, mask, batch, steps):
        if mask is None:
            return None
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
            if mask is None:
                return None
        m = B.xp.asarray(mask.data if isinstance(mask, Tensor) else mask)
        if m.ndim == 3 and m.shape[-1] == 1:
            m = m[..., 0]
        if m.shape != (batch, steps):
            raise ValueError(f"Layer '{self.name}': the mask must have shape (batch, steps) = ({batch}, {steps}). "
                             f"Received a mask of shape {tuple(m.shape)}.")
        return m.astype(bool, copy=False)

    def _initial_states(self, initial_state, batch: int) -> list:
        if initial_state is None:
            if self.stateful:
                if self.states is None:
                    self.states = _flatten(initial_state_of(self.cell, batch))
                if self.states[0].shape[0] != batch:
                    raise ValueError(
                        f"Layer '{self.name}' is stateful: the batch size must stay {self.states[0].shape[0]} "
                        f"(the size of its stored states). Received a batch of {batch}. Call reset_states() "
                        "after changing it, or use a fixed batch size.")
                return _unflatten(list(self.states), initial_state_of(self.cell, batch))
            return initial_state_of(self.cell, batch)
        states = list(initial_state) if isinstance(initial_state, (list, tuple)) else [initial_state]
        expected = initial_state_of(self.cell, batch)
        flat = [s if isinstance(s, Tensor) else Tensor._wrap(B.xp.asarray(s, dtype=self.dtype))
                for s in _flatten(states)]
        want = _flatten(expected)
        if len(flat) != len(want) or any(tuple(s.shape) != tuple(w.shape) for s, w in zip(flat, want)):
            raise ValueError(
                f"Layer '{self.name}': `initial_state` must be {len(want)} tensor(s) of shape(s) "
                f"{[tuple(w.shape) for w in want]}. Received {[tuple(s.shape) for s in flat]}.")
        return _unflatten(flat, expected)

    def reset_states(self, states=None) -> None:
        """Zero the stored states of a stateful layer (or set them to ``states``)."""
        if not self.stateful:
            raise AttributeError(f"Layer '{self.name}' is not stateful: there are no states to reset.")
        if states is None:
            self.states = None
            return
        states = list(states) if isinstance(states, (list, tuple)) else [states]
        self.states = [Tensor._wrap(B.xp.asarray(s, dtype=self.dtype)) for s in states]

    reset_state = reset_states

    def compute_mask(self, inputs, mask=None):
        if isinstance(mask, (list, tuple)):
            mask = mask[0]
        output_mask = mask if self.return_sequences else None
        if self.return_state:
            return [output_mask] + [None] * len(_flatten(self.state_size))
        return output_mask

    def compute_output_shape(self, input_shape):
        if isinstance(input_shape, list):
            input_shape = input_shape[0]
        batch, steps = input_shape[0], input_shape[1]
        out = (batch, steps, self._output_size) if self.return_sequences else (batch, self._output_size)
        if self.return_state:
            return [out] + [(batch, n) for n in _flatten(self.state_size)]
        return out

    def get_config(self) -> dict:
        from axon.models.serialization import serialize_layer
        return {**super().get_config(), "cell": serialize_layer(self.cell), **self._rnn_config()}

    def _rnn_config(self) -> dict:
        return {"return_sequences": self.return_sequences, "return_state": self.return_state,
                "go_backwards": self.go_backwards, "stateful": self.stateful, "unroll": self.unroll,
                "zero_output_for_mask": self.zero_output_for_mask}

    @classmethod
    def from_config(cls, config: dict, custom_objects=None):
        from axon.models.serialization import deserialize_layer
        config = dict(config)
        config["cell"] = deserialize_layer(config["cell"], custom_objects)
        return cls(**config)


def initial_state_of(cell, batch: int) -> list:
    """Zero states for ``cell`` (a list per cell for stacked cells)."""
    if isinstance(cell, StackedRNNCells):
        return cell.get_initial_state(batch)
    return initial_state(cell, batch)


class _FusedRNN(RNN):
    """A recurrent layer that owns its cell (``SimpleRNN``, ``LSTM``, ``GRU``): the
    cell's arguments are the layer's, as in Keras."""

    cell_class = SimpleRNNCell
    _rnn_args = ("return_sequences", "return_state", "go_backwards", "stateful", "unroll", "zero_output_for_mask")
    _layer_args = ("name", "trainable", "dtype", "input_shape", "batch_input_shape", "input_dim", "autocast")

    def __init__(self, units, **kwargs):
        rnn_kwargs = {k: kwargs.pop(k) for k in self._rnn_args if k in kwargs}
        layer_kwargs = {k: kwargs.pop(k) for k in self._layer_args if k in kwargs}
        cell = self.cell_class(units, dtype=layer_kwargs.get("dtype"), trainable=layer_kwargs.get("trainable", True),
                               name=f"{self.cell_class.__name__[:-4].lower()}_cell", **kwargs)
        super().__init__(cell, **rnn_kwargs, **layer_kwargs)

    def __getattr__(self, name):
        # units, activation, dropout ... are the cell's (Keras exposes them on the layer)
        if name != "cell" and "cell" in self.__dict__ and not name.startswith("_"):
            return getattr(self.__dict__["cell"], name)
        raise AttributeError(f"{type(self).__name__!s} has no attribute {name!r}")

    def get_config(self) -> dict:
        cell_config = self.cell.get_config()
        for key in ("name", "trainable", "dtype"):
            cell_config.pop(key, None)
        return {**Layer.get_config(self), **cell_config, **self._rnn_config()}

    @classmethod
    def from_config(cls, config: dict, custom_objects=None):
        return cls(**config)


class SimpleRNN(_FusedRNN):
    """A fully connected RNN: ``h_t = activation(x_t @ kernel + h_{t-1} @ recurrent_kernel + bias)``.

    Takes ``SimpleRNNCell``'s arguments (units, activation='tanh', use_bias, initializers,
    regularizers, dropout, recurrent_dropout, seed) and ``RNN``'s (return_sequences,
    return_state, go_backwards, stateful, unroll).

    Example:
        >>> axon.layers.SimpleRNN(4)(np.zeros((2, 5, 3), "float32")).shape
        (2, 4)
    """

    cell_class = SimpleRNNCell


class LSTM(_FusedRNN):
    """Long short-term memory (Hochreiter & Schmidhuber, 1997), Keras's layout.

    Weights: ``kernel (input_dim, 4*units)``, ``recurrent_kernel (units, 4*units)``,
    ``bias (4*units,)``, gates in the order ``i, f, c, o``; with
    ``unit_forget_bias=True`` the forget gate's bias starts at 1. States ``[h, c]``.

    Example:
        >>> out, h, c = axon.layers.LSTM(8, return_state=True)(np.zeros((2, 5, 3), "float32"))
    """

    cell_class = LSTMCell


class GRU(_FusedRNN):
    """Gated recurrent unit (Cho et al., 2014), Keras's layout (``reset_after=True`` by default).

    Weights: ``kernel (input_dim, 3*units)``, ``recurrent_kernel (units, 3*units)``,
    ``bias (2, 3*units)`` (``(3*units,)`` with ``reset_after=False``), gates ``z, r, h``.

    Example:
        >>> axon.layers.GRU(8, return_sequences=True)(np.zeros((2, 5, 3), "float32")).shape
        (2, 5, 8)
    """

    cell_class = GRUCell



