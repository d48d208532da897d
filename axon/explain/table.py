"""The text table of a traced training step: forward values, the chain rule
going back, and the weight updates."""

from __future__ import annotations

import numpy as np

from axon.explain.losses import FORMULAS

_QUANTITY = 34  # width of the "quantity" column
_LAYER = 18  # width of the "layer" column


def format_trace(trace, precision: int = 4, max_rows: int = 12) -> str:
    """The three parts of the table for a ``StepTrace`` (see ``trace_step``).

    Arrays of a batch of one sample are shown without the batch axis; a weight
    with more than ``max_rows`` entries lists its first ``max_rows`` and how
    many more there are.
    """
    lines: list[str] = []
    formula = FORMULAS.get(trace.loss_name, f"L = {trace.loss_name}(y, y_hat)")
    lines.append(f"One training step: {formula}, learning rate {trace.learning_rate:g}")
    lines.append("")
    lines += _forward(trace, precision)
    lines.append("")
    lines += _backward(trace, precision)
    lines.append("")
    lines += _updates(trace, precision, max_rows)
    return "\n".join(lines)


def _forward(trace, p: int) -> list[str]:
    out = ["Forward pass", _row("layer", "quantity", "value"), _rule()]
    last = len(trace.layers) - 1
    for i, lt in enumerate(trace.layers):
        head = f"{lt.name} ({lt.kind})"
        src = "x" if i == 0 else "h"
        dst = "y_hat" if i == last else "h"
        if i == 0:
            out.append(_row(head, "x (input)", _fmt(lt.inputs, p)))
            head = ""
        if lt.pre_activation is not None:
            if lt.kind != "Activation":
                out.append(_row(head, _linear_formula(lt, src), _fmt(lt.pre_activation, p)))
                head = ""
            out.append(_row(head, f"{dst} = {lt.activation}(v)", _fmt(lt.output, p)))
        else:
            out.append(_row(head, f"{dst} = {_op_name(lt)}({src})", _fmt(lt.output, p)))
    out.append(_row("target", "y", _fmt(trace.y_true, p)))
    out.append(_row("loss", "L", f"{trace.loss:.{p}f}"))
    return out


def _backward(trace, p: int) -> list[str]:
    out = ["Backward pass (chain rule, from the loss back to the input)", _row("layer", "quantity", "value"), _rule()]
    last = len(trace.layers) - 1
    for i in range(last, -1, -1):
        lt = trace.layers[i]
        head = f"{lt.name} ({lt.kind})"
        dst = "y_hat" if i == last else "h"
        src = "x" if i == 0 else "h"
        grad_out = "dL/dy_hat" + (" = y_hat - y" if i == last and trace.loss_name == "half_sse" else "")
        out.append(_row(head, grad_out if i == last else f"dL/d{dst}", _fmt(lt.grad_output, p)))
        if lt.pre_activation is not None:
            if lt.activation_derivative is not None:
                out.append(_row("", f"d{dst}/dv = {lt.activation}'(v)", _fmt(lt.activation_derivative, p)))
                if lt.activation_second_derivative is not None:
                    out.append(_row("", f"d2{dst}/dv2 = {lt.activation}''(v)",
                                    _fmt(lt.activation_second_derivative, p)))
                out.append(_row("", f"dL/dv = dL/d{dst} * d{dst}/dv", _fmt(lt.grad_pre_activation, p)))
            else:
                out.append(_row("", f"dL/dv (through {lt.activation})", _fmt(lt.grad_pre_activation, p)))
        delta = "dL/dv" if lt.pre_activation is not None else f"dL/d{dst}"
        for w in lt.weights:
            out.append(_row("", _weight_formula(lt, w, src, delta), _fmt(w.gradient, p)))
        if i > 0 and lt.kind != "Activation":
            label = f"dL/d{src} = W {delta} (sent back)" if lt.kind == "Dense" else f"dL/d{src} (sent back)"
            out.append(_row("", label, _fmt(lt.grad_input, p)))
    return out


def _updates(trace, p: int, max_rows: int) -> list[str]:
    out = [f"Weight update: w_new = w - {trace.learning_rate:g} * dL/dw",
           f"{'weight':<{_LAYER + 8}}{'old':>12}{'dL/dw':>12}{'new':>12}", "-" * (_LAYER + 44)]
    for lt in trace.layers:
        for w in lt.weights:
            old, new = np.asarray(w.old), np.asarray(w.new)
            grad = np.zeros_like(old) if w.gradient is None else np.asarray(w.gradient)
            for count, index in enumerate(np.ndindex(old.shape)):
                if count == max_rows:
                    out.append(f"  ... {old.size - max_rows} more entries of {w.name}")
                    break
                name = w.name + ("[" + ", ".join(str(k) for k in index) + "]" if index else "")
                out.append(f"{name:<{_LAYER + 8}}{_num(old[index], p):>12}{_num(grad[index], p):>12}"
                           f"{_num(new[index], p):>12}")
    if trace.loss_after is not None:
        out.append(f"Loss before the step {trace.loss:.{p}f}, after {trace.loss_after:.{p}f}")
    return out


def _linear_formula(lt, src: str) -> str:
    if lt.kind == "Dense":
        return f"v = W^T {src} + b"
    if lt.kind.startswith("Conv"):
        return f"v = conv({src}, W) + b"
    return f"v = {lt.kind}({src}) before {lt.activation}"


def _weight_formula(lt, w, src: str, delta: str) -> str:
    short = w.name.rsplit("/", 1)[-1]
    if lt.kind == "Dense" and short == "kernel":
        return f"dL/dW = {src}^T {delta}"
    if lt.kind == "Dense" and short == "bias":
        return f"dL/db = {delta}" + (" (summed over the batch)" if np.ndim(lt.output) > 1 and
                                     np.shape(lt.output)[0] > 1 else "")
    return f"dL/d{short}"


def _op_name(lt) -> str:
    return lt.kind if lt.activation is None else lt.activation


def _num(value, p: int) -> str:
    """Fixed point, or scientific for a nonzero value too small to show in ``p`` decimals."""
    value = float(value)
    if value != 0.0 and abs(value) < 0.5 * 10.0 ** -p:
        return f"{value:.{max(p - 2, 1)}e}"
    return f"{value:.{p}f}"


def _row(layer: str, quantity: str, value: str) -> str:
    pad = " " * (_LAYER + _QUANTITY + 2)
    value = value.replace("\n", "\n" + pad)
    return f"{layer:<{_LAYER}} {quantity:<{_QUANTITY}} {value}".rstrip()


def _rule() -> str:
    return "-" * (_LAYER + _QUANTITY + 30)


def _fmt(value, p: int) -> str:
    """An array as text, without the batch axis for a batch of one sample."""
    if value is None:
        return "-"
    if isinstance(value, list):
        return "; ".join(_fmt(v, p) for v in value)
    a = np.asarray(value)
    if a.ndim >= 2 and a.shape[0] == 1:
        a = a[0]
    return np.array2string(a, precision=p, floatmode="fixed", separator=", ", suppress_small=False,
                           threshold=64, edgeitems=3, max_line_width=80)
