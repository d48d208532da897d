"""``model.summary()``: Keras's table of layers, output shapes and parameter counts."""

from __future__ import annotations

import sys

from axon.callbacks.progbar import can_encode

_BOX = {"top": "┏┳┓━", "head": "┃┃┃", "rule": "┡╇┩━", "row": "│││", "sep": "├┼┤─", "bottom": "└┴┘─"}


def _fmt_shape(shape) -> str:
    if isinstance(shape, list):
        return ", ".join(_fmt_shape(s) for s in shape)
    return "(" + ", ".join("None" if n is None else str(n) for n in shape) + ("," if len(shape) == 1 else "") + ")"


def _fmt_bytes(n: int) -> str:
    size = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.2f} {unit}"
        size /= 1024
    return f"{size:.2f} GB"  # pragma: no cover


def _rows(model) -> list[tuple[str, str, str]]:
    rows = []
    for layer in model.layers:
        try:
            shape = _fmt_shape(layer.output_shape)
        except (AttributeError, ValueError):
            shape = "?"
        params = f"{layer.count_params():,}" if layer.built else "0 (unbuilt)"
        rows.append((f"{layer.name} ({type(layer).__name__})", shape, params))
    return rows


def summary_lines(model, line_length: int | None = None) -> list[str]:
    """The lines of the summary table of ``model``."""
    rows = _rows(model)
    header = ("Layer (type)", "Output Shape", "Param #")
    widths = [max([len(header[i])] + [len(r[i]) for r in rows]) + 2 for i in range(3)]
    widths = [max(widths[0], 31), max(widths[1], 22), max(widths[2], 13)]
    if line_length:
        scale = line_length / sum(widths)
        widths = [max(int(w * scale), len(h) + 2) for w, h in zip(widths, header)]

    def cells(values, chars):
        left, mid, right = chars[0], chars[1], chars[2]
        texts = [f" {values[0]:<{widths[0] - 2}} ", f" {values[1]:<{widths[1] - 2}} ",
                 f" {values[2]:>{widths[2] - 2}} "]
        return left + mid.join(texts) + right

    def rule(chars):
        return chars[0] + chars[1].join(chars[3] * w for w in widths) + chars[2]

    weights = model.weights if model.built else []
    trainable = sum(w.size for w in model.trainable_weights) if model.built else 0
    total = sum(w.size for w in weights)
    lines = [f'Model: "{model.name}"']
    if can_encode(sys.stdout, "━┃│┏"):
        lines.append(rule(_BOX["top"]))
        lines.append(cells(header, _BOX["head"]))
        lines.append(rule(_BOX["rule"]))
        for i, row in enumerate(rows):
            lines.append(cells(row, _BOX["row"]))
            if i < len(rows) - 1:
                lines.append(rule(_BOX["sep"]))
        lines.append(rule(_BOX["bottom"]))
    else:
        width = sum(widths) + 4
        lines += ["_" * width, cells(header, "   "), "=" * width]
        for i, row in enumerate(rows):
            lines.append(cells(row, "   "))
            lines.append("_" * width if i < len(rows) - 1 else "=" * width)
    lines.append(f" Total params: {total:,} ({_fmt_bytes(4 * total)})")
    lines.append(f" Trainable params: {trainable:,} ({_fmt_bytes(4 * trainable)})")
    lines.append(f" Non-trainable params: {total - trainable:,} ({_fmt_bytes(4 * (total - trainable))})")
    return lines


def print_summary(model, line_length: int | None = None, print_fn=None, show_trainable: bool = False) -> None:
    """Print the summary table (to stdout, or line by line to ``print_fn``)."""
    emit = print_fn or print
    for line in summary_lines(model, line_length):
        emit(line)
