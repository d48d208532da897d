"""SimpleRNN, LSTM, GRU and Bidirectional as ONNX's RNN, LSTM and GRU operators.

Keras lays a cell's gates side by side in its kernels (LSTM ``i f c o``, GRU
``z r h``) with the input axis first; ONNX wants ``[directions, gates*units,
input]`` with LSTM's gates in the order ``i o f c``. Keras's GRU with
``reset_after=True`` is ONNX's ``linear_before_reset=1``.
"""

from __future__ import annotations

import numpy as np

from axon import activations
from axon import backend as B
from axon.io.onnx_export import NotExportable
from axon.io.onnx_layers import handles

_OPS = {"SimpleRNN": "RNN", "LSTM": "LSTM", "GRU": "GRU"}
_ACTIVATIONS = {"tanh": "Tanh", "sigmoid": "Sigmoid", "relu": "Relu", "hard_sigmoid": "HardSigmoid"}


def _where(layer):
    return f"Layer '{layer.name}' ({type(layer).__name__})"


def _onnx_activation(fn, where):
    name = activations.serialize(fn)
    if name not in _ACTIVATIONS:
        raise NotExportable(f"{where}: the activation {name!r} has no ONNX recurrent form.")
    return _ACTIVATIONS[name]


def _weights(layer):
    """(W, R, B) of one direction in ONNX's layout."""
    cell, units = layer.cell, layer.cell.units
    kernel = B.to_numpy(cell.kernel.data).T
    recurrent = B.to_numpy(cell.recurrent_kernel.data).T
    bias = B.to_numpy(cell.bias.data) if cell.use_bias else np.zeros(kernel.shape[0], np.float32)
    name = type(layer).__name__
    if name == "LSTM":
        order = np.concatenate([np.arange(units) + units * k for k in (0, 3, 1, 2)])  # i f c o -> i o f c
        kernel, recurrent, bias = kernel[order], recurrent[order], bias[..., order]
    if name == "GRU" and cell.reset_after:
        w_bias, r_bias = bias[0], bias[1]
    else:
        w_bias, r_bias = bias, np.zeros_like(bias)
    return kernel, recurrent, np.concatenate([w_bias, r_bias])


def _attrs(layer, where):
    cell = layer.cell
    name = type(layer).__name__
    act = _onnx_activation(cell.activation, where)
    attrs = {"hidden_size": int(cell.units)}
    if name == "SimpleRNN":
        attrs["activations"] = [act]
    elif name == "LSTM":
        rec = _onnx_activation(cell.recurrent_activation, where)
        attrs["activations"] = [rec, act, act]
    else:
        rec = _onnx_activation(cell.recurrent_activation, where)
        attrs["activations"] = [rec, act]
        attrs["linear_before_reset"] = int(cell.reset_after)
    if "HardSigmoid" in attrs["activations"]:
        # Keras 3's hard_sigmoid is relu6(x + 3) / 6
        attrs["activation_alpha"] = [1 / 6 if a == "HardSigmoid" else 0.0 for a in attrs["activations"]]
        attrs["activation_beta"] = [0.5 if a == "HardSigmoid" else 0.0 for a in attrs["activations"]]
    return attrs


def _check(layer, where):
    if type(layer).__name__ not in _OPS:
        raise NotExportable(f"{where}: only SimpleRNN, LSTM and GRU layers export to ONNX (a generic RNN(cell) "
                            "does not).")
    for option in ("return_state", "stateful"):
        if getattr(layer, option, False):
            raise NotExportable(f"{where}: {option}=True is not exported.")


def _run(g, layers_, x, shapes, base, where, direction):
    """The ONNX recurrent node over ``x`` (batch, time, features); returns (Y, Y_h)."""
    weights = [_weights(layer) for layer in layers_]
    w = g.const(np.stack([a for a, _, _ in weights]).astype(np.float32), f"{base}/W")
    r = g.const(np.stack([b for _, b, _ in weights]).astype(np.float32), f"{base}/R")
    b = g.const(np.stack([c for _, _, c in weights]).astype(np.float32), f"{base}/B")
    time_major = g.op("Transpose", [x], base, perm=[1, 0, 2])
    op = _OPS[type(layers_[0]).__name__]
    outputs = 3 if op == "LSTM" else 2
    attrs = _attrs(layers_[0], where)
    for key in ("activations", "activation_alpha", "activation_beta"):
        if key in attrs:
            attrs[key] = attrs[key] * len(layers_)  # one list per direction
    results = g.op(op, [time_major, w, r, b], base, outputs=outputs, direction=direction, **attrs)
    return results[0], results[1]


def _sequences(g, y, base, directions):
    """ONNX's Y (time, directions, batch, units) as Keras's (batch, time, directions * units)."""
    y = g.op("Transpose", [y], base, perm=[2, 0, 1, 3])
    return g.op("Reshape", [y, g.const(np.array([0, 0, -1], np.int64), f"{base}/shape")], base)


def _last(g, y_h, base):
    """ONNX's Y_h (directions, batch, units) as Keras's (batch, directions * units)."""
    y_h = g.op("Transpose", [y_h], base, perm=[1, 0, 2])
    return g.op("Reshape", [y_h, g.const(np.array([0, -1], np.int64), f"{base}/shape")], base)


@handles("SimpleRNN", "LSTM", "GRU")
def _recurrent(g, layer, xs, shapes):
    where = _where(layer)
    _check(layer, where)
    if layer.go_backwards:
        raise NotExportable(f"{where}: go_backwards=True is exported inside Bidirectional only.")
    y, y_h = _run(g, [layer], xs[0], shapes, layer.name, where, "forward")
    return _sequences(g, y, layer.name, 1) if layer.return_sequences else _last(g, y_h, layer.name)


@handles("Bidirectional")
def _bidirectional(g, layer, xs, shapes):
    where = _where(layer)
    forward, backward = layer.forward_layer, layer.backward_layer
    for rnn in (forward, backward):
        _check(rnn, where)
    if type(forward) is not type(backward) or layer.merge_mode != "concat":
        raise NotExportable(f"{where}: only merge_mode='concat' with the same layer both ways is exported "
                            f"(received merge_mode={layer.merge_mode!r}).")
    y, y_h = _run(g, [forward, backward], xs[0], shapes, layer.name, where, "bidirectional")
    return _sequences(g, y, layer.name, 2) if layer.return_sequences else _last(g, y_h, layer.name)
