"""``trace_step``: one training step taken apart, layer by layer.

The forward pass is run one layer call at a time; each layer with an
activation is split into its pre-activation ``v = W^T x + b`` and its
activation ``h = f(v)``, so that the gradient of the loss can be read at every
point of the chain rule (``dL/dh``, ``dh/dv = f'(v)``, ``dL/dv``, ``dL/dW``) by
asking the GradientTape for the gradients of those intermediate tensors. Then
each weight takes one plain gradient-descent step ``w <- w - lr * dL/dw``.
"""

from __future__ import annotations

import contextlib
import sys
from dataclasses import dataclass, field

import numpy as np

from axon import activations
from axon import backend as B
from axon.autograd.op import enable_grad, no_grad
from axon.autograd.tape import GradientTape
from axon.autograd.tensor import Tensor
from axon.explain import losses as explain_losses
from axon.explain.walk import run_layers
from axon.ops import add_n

#: Activations applied entry by entry, whose local derivative f'(v) is an array like v.
ELEMENTWISE = {"linear", "sigmoid", "tanh", "relu", "elu", "leaky_relu", "softplus", "exponential"}


@dataclass
class WeightUpdate:
    """One weight's gradient-descent step: ``new = old - learning_rate * gradient``."""

    name: str
    old: np.ndarray
    gradient: np.ndarray | None
    new: np.ndarray


@dataclass
class LayerTrace:
    """What one layer call computed going forward and received going back.

    ``pre_activation`` (v), ``activation_derivative`` (f'(v)),
    ``activation_second_derivative`` (f''(v), how fast that slope changes) and
    ``grad_pre_activation`` (dL/dv) are ``None`` for a layer without an
    activation to split off (Flatten, pooling, a linear Dense ...).
    """

    name: str
    kind: str
    activation: str | None
    inputs: np.ndarray | list
    pre_activation: np.ndarray | None
    output: np.ndarray
    grad_output: np.ndarray | None = None
    activation_derivative: np.ndarray | None = None
    activation_second_derivative: np.ndarray | None = None
    grad_pre_activation: np.ndarray | None = None
    grad_input: np.ndarray | list | None = None
    weights: list[WeightUpdate] = field(default_factory=list)


@dataclass
class StepTrace:
    """The whole step: per-layer traces, the loss before (and after) the update.

    ``trace.weights['dense_1/kernel'].gradient`` reads one weight's gradient;
    ``print(trace)`` (or ``trace.table()``) shows everything as a table.
    """

    layers: list[LayerTrace]
    loss: float
    loss_name: str
    learning_rate: float
    y_true: np.ndarray
    y_pred: np.ndarray
    loss_after: float | None = None

    @property
    def weights(self) -> dict[str, WeightUpdate]:
        """Every updated weight by ``'<layer>/<weight>'`` name."""
        return {w.name: w for layer in self.layers for w in layer.weights}

    @property
    def grad_y_pred(self) -> np.ndarray | None:
        """``dL/dy_hat``: the gradient of the loss with respect to the model's output."""
        return self.layers[-1].grad_output if self.layers else None

    def table(self, precision: int = 4, max_rows: int = 12) -> str:
        """The trace as text: forward values, backward gradients, weight updates."""
        from axon.explain.table import format_trace

        return format_trace(self, precision=precision, max_rows=max_rows)

    def __str__(self) -> str:
        return self.table()


def trace_step(model, x, y, learning_rate: float = 0.1, loss=None, training: bool = True, apply: bool = True,
               print: bool = True) -> StepTrace:
    """Run ONE training step of plain gradient descent and show every number in it.

    For each layer: its input, the pre-activation ``v = W^T x + b``, the
    activation ``h = f(v)``; going back, ``dL/dh``, the local derivative
    ``dh/dv = f'(v)``, ``dL/dv = dL/dh * f'(v)``, the weight gradients
    (``dL/dW = x^T dL/dv``) and ``dL/dx`` sent to the layer before; then each
    weight's old value, gradient and new value ``w - learning_rate * dL/dw``.

    Args:
        model: a ``Sequential`` or functional model with one output (compiled or not).
        x, y: one batch (often a single sample, as in a hand-worked example).
        learning_rate: the step size of the update.
        loss: ``'half_sse'`` (``sum 1/2 (y - y_hat)^2`` per sample, the textbook
            loss, whose ``dL/dy_hat = y_hat - y``), ``'sse'``, or any Keras loss
            (``'mse'``, ``'binary_crossentropy'`` ...). ``None`` takes the model's
            compiled loss, else ``'half_sse'``. Per-sample values are averaged
            over the batch; regularization penalties are added as in ``fit``.
        training: run Dropout / BatchNormalization in training mode.
        apply: update the weights (``False`` only computes and shows the step).
        print: print the table.

    Returns:
        A ``StepTrace``.

    Example:
        >>> trace = axon.explain.trace_step(model, [[0.02, 0.04, 0.01]], [[0.9, 0.5]], learning_rate=1.0)
        >>> trace.weights["dense_1/kernel"].gradient[1, 0]   # dL/dW2 for hidden unit 2 -> output 1
        -0.0152...
    """
    loss_fn, loss_name = explain_losses.resolve(loss, model)
    x_t = Tensor._wrap(B.xp.asarray(getattr(x, "data", x), dtype=model.dtype))
    y_arr = B.xp.asarray(getattr(y, "data", y))
    records: list[dict] = []

    def traced_call(layer, inputs, mode):
        fn = _split_activation(layer)
        if fn is None:
            out = layer(inputs, training=mode)
            pre = None
        elif _is_activation_layer(layer):
            pre, out = inputs, layer(inputs, training=mode)
        else:
            with _without_activation(layer):
                pre = layer(inputs, training=mode)
            out = fn(pre)
        records.append({"layer": layer, "inputs": inputs, "pre": pre, "out": out, "fn": fn})
        return out

    with GradientTape() as tape:
        tape.watch(x_t)
        y_hat = run_layers(model, x_t, traced_call, training=training)
        if isinstance(y_hat, (list, tuple)):
            raise ValueError(f"trace_step works on models with one output; model '{model.name}' has {len(y_hat)}.")
        total = loss_fn(y_arr, y_hat)
        penalties = model.losses
        if penalties:
            total = total + add_n(penalties)
    variables = _unique(model.trainable_weights)
    tensors = _unique([t for r in records for t in _flat(r["inputs"]) + [r["pre"], r["out"]] if t is not None])
    grads = tape.gradient(total, tensors + variables)
    grad_of = {id(s): (None if g is None else B.to_numpy(g.data)) for s, g in zip(tensors + variables, grads)}

    layers = [_layer_trace(r, grad_of, float(learning_rate)) for r in records]
    if apply:
        done: set[int] = set()
        for r, lt in zip(records, layers):
            for v, update in zip(_unique(r["layer"].trainable_weights), lt.weights):
                if update.gradient is not None and id(v) not in done:
                    done.add(id(v))
                    v.assign(update.new)
    loss_after = None
    if apply:
        with no_grad():
            loss_after = float(B.to_numpy(loss_fn(y_arr, run_layers(model, x_t, training=training)).data))
    trace = StepTrace(layers=layers, loss=float(B.to_numpy(total.data)), loss_name=loss_name,
                      learning_rate=float(learning_rate), y_true=B.to_numpy(y_arr), y_pred=B.to_numpy(y_hat.data),
                      loss_after=loss_after)
    if print:
        sys.stdout.write(trace.table() + "\n")
    return trace


def _layer_trace(record: dict, grad_of: dict, learning_rate: float) -> LayerTrace:
    layer, fn = record["layer"], record["fn"]
    inputs = record["inputs"]
    pre = record["pre"]
    derivative = None if pre is None else local_derivative(fn, pre.data)
    second = None if derivative is None else local_derivative(fn, pre.data, order=2)
    updates = []
    for v in _unique(layer.trainable_weights):
        old = B.to_numpy(v.data).copy()
        g = grad_of.get(id(v))
        new = old if g is None else (old - learning_rate * g).astype(old.dtype)
        updates.append(WeightUpdate(name=f"{layer.name}/{v.name}", old=old, gradient=g, new=new))
    flat_inputs = _flat(inputs)
    grad_in = [grad_of.get(id(t)) for t in flat_inputs]
    return LayerTrace(
        name=layer.name,
        kind=type(layer).__name__,
        activation=None if fn is None else activations.serialize(fn),
        inputs=[_np(t) for t in flat_inputs] if isinstance(inputs, (list, tuple)) else _np(inputs),
        pre_activation=None if pre is None else _np(pre),
        output=_np(record["out"]),
        grad_output=grad_of.get(id(record["out"])),
        activation_derivative=derivative,
        activation_second_derivative=second,
        grad_pre_activation=None if pre is None else grad_of.get(id(pre)),
        grad_input=grad_in if isinstance(inputs, (list, tuple)) else grad_in[0],
        weights=updates,
    )


def local_derivative(fn, v, order: int = 1) -> np.ndarray | None:
    """``f'(v)`` (``f''(v)`` with ``order=2``) entry by entry, by automatic
    differentiation of ``sum(f(v))`` (the second by differentiating the first).

    Only for elementwise activations (``None`` for softmax, whose Jacobian is a matrix).
    """
    if activations.serialize(fn) not in ELEMENTWISE:
        return None
    if order == 2:
        from axon.explain.derivatives import activation_derivatives

        return activation_derivatives(fn, B.to_numpy(v))[2].astype(B.to_numpy(v).dtype)
    vt = Tensor._wrap(B.xp.array(v), requires_grad=True)
    with enable_grad():
        fn(vt).sum().backward()
    return B.to_numpy(vt._grad) if vt._grad is not None else np.zeros_like(B.to_numpy(v))


def _split_activation(layer):
    """The activation to show separately from the layer's linear part, or None."""
    fn = getattr(layer, "activation", None)
    if fn is None or not callable(fn) or fn is activations.linear:
        return None
    return fn


def _is_activation_layer(layer) -> bool:
    from axon.layers.core import Activation

    return isinstance(layer, Activation)


@contextlib.contextmanager
def _without_activation(layer):
    """Let ``layer`` compute its pre-activation only (its activation is applied apart)."""
    fn = layer.activation
    layer.activation = activations.linear
    try:
        yield
    finally:
        layer.activation = fn


def _flat(value) -> list:
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _unique(items: list) -> list:
    seen, out = set(), []
    for item in items:
        if id(item) not in seen:
            seen.add(id(item))
            out.append(item)
    return out


def _np(t) -> np.ndarray:
    return B.to_numpy(getattr(t, "data", t))
