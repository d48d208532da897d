"""``paddle.summary``: Paddle's table of a network's layers, shapes and parameter counts."""

from __future__ import annotations

import collections
import numbers

import numpy as np

from axon.autograd.op import no_grad


def _shapes(x):
    if isinstance(x, (list, tuple)):
        return [_shapes(v) for v in x]
    return list(x.shape) if hasattr(x, "shape") else []


def _is_shape(size) -> bool:
    return isinstance(size, (list, tuple)) and all(v is None or isinstance(v, numbers.Number) for v in size)


def _check_input(size):
    if _is_shape(size):
        unknown = sum(v is None or v == -1 for v in size)
        if unknown > 1:
            raise ValueError("Option input_size only the dim of batch_size can be None or -1.")
        if any(v is not None and v != -1 and v <= 0 for v in size):
            raise ValueError(f"Expected element in input size greater than zero, but got {size}")
        return tuple(1 if v is None or v == -1 else int(v) for v in size)
    return [_check_input(s) for s in size]


def summary(net, input_size=None, dtypes=None, input=None) -> dict:  # noqa: A002
    """Print Paddle's summary table of ``net`` run on a random input of ``input_size`` (or on ``input``).

    Returns ``{'total_params': ..., 'trainable_params': ...}``.

    Example:
        >>> paddle.summary(paddle.vision.models.LeNet(), (1, 1, 28, 28))
        {'total_params': 61610, 'trainable_params': 61610}
    """
    if input_size is None and input is None:
        raise ValueError("summary: give input_size (e.g. (1, 1, 28, 28)) or input.")
    if input is None:
        if isinstance(input_size, int):
            input_size = (input_size,)
        input_size = _check_input([input_size] if isinstance(input_size, tuple) else input_size)
    training = net.training
    net.eval()
    try:
        text, info = summary_string(net, input_size, dtypes, input)
    finally:
        if training:
            net.train()
    print(text)
    return info


def summary_string(model, input_size=None, dtypes=None, input=None):  # noqa: A002
    """The summary table as a string, and the parameter counts."""
    from axon.paddle.creation import rand
    from axon.paddle.manipulation import cast
    from axon.paddle.nn import LayerList, Sequential

    rows = collections.OrderedDict()
    hooks = []

    def hook(layer, inputs, output):
        name = type(layer).__name__
        try:
            index = int(layer._full_name.split("_")[-1])
        except ValueError:
            index = len(rows)
        params = sum(int(np.prod(p.shape)) for p in layer._parameters.values() if p is not None)
        trainable = sum(int(np.prod(p.shape)) for p in layer._parameters.values()
                        if p is not None and p.trainable and not p.stop_gradient)
        rows[f"{name}-{index + 1}"] = {"input_shape": _shapes(inputs), "output_shape": _shapes(output),
                                       "nb_params": params, "trainable_params": trainable}

    def register(layer):
        if not isinstance(layer, (Sequential, LayerList)) and layer is not model:
            hooks.append(layer.register_forward_post_hook(hook))

    def build(size, dtype):
        if _is_shape(size):
            dtype = (dtype[0] if isinstance(dtype, (list, tuple)) else dtype) or "float32"
            return cast(rand(list(size)), dtype)
        dts = dtype if isinstance(dtype, (list, tuple)) else [dtype] * len(size)
        return [build(s, d) for s, d in zip(size, dts)]

    model.apply(register)
    if not model._sub_layers:  # a network with no sublayers is its own row
        hooks.append(model.register_forward_post_hook(hook))
    try:
        with no_grad():
            if input is not None:
                model(input)
            else:
                x = build(input_size, dtypes)
                model(*x) if isinstance(x, list) else model(x)
    finally:
        for h in hooks:
            h.remove()

    width = {"layer": 15, "input": 20, "output": 20, "params": 15, "table": 75}
    for key, row in rows.items():
        width["output"] = max(width["output"], len(str(row["output_shape"])))
        width["input"] = max(width["input"], len(str(row["input_shape"])))
        width["layer"] = max(width["layer"], len(key))
        width["params"] = max(width["params"], len(str(row["nb_params"])))
    width["table"] = max(width["table"], width["layer"] + width["input"] + width["output"] + width["params"] + 5)

    def line(a, b, c, d):
        return (f"{a:^{width['layer']}} {b:^{width['input']}} {c:^{width['output']}} "
                f"{d:^{width['params']}}\n")

    text = "-" * width["table"] + "\n" + line("Layer (type)", "Input Shape", "Output Shape", "Param #")
    text += "=" * width["table"] + "\n"
    total = trainable = 0
    total_output = 0
    for key, row in rows.items():
        text += line(key, str(row["input_shape"]), str(row["output_shape"]), f"{row['nb_params']:,}")
        total += row["nb_params"]
        trainable += row["trainable_params"]
        shape = row["output_shape"]
        if shape and isinstance(shape[0], list):
            total_output += sum(int(np.prod(s)) for s in shape if s)
        elif shape:
            total_output += int(np.prod(shape))

    def input_megabytes(size):
        if size is None:
            return 0.0
        if _is_shape(size):
            return abs(float(np.prod(size)) * 4.0 / 1024 ** 2)
        return sum(input_megabytes(s) for s in size)

    input_mb = input_megabytes(input_size)
    output_mb = abs(2.0 * total_output * 4.0 / 1024 ** 2)  # x2 for gradients
    params_mb = abs(total * 4.0 / 1024 ** 2)
    text += "=" * width["table"] + "\n"
    text += f"Total params: {total:,}\nTrainable params: {trainable:,}\nNon-trainable params: {total - trainable:,}\n"
    text += "-" * width["table"] + "\n"
    total_mb = input_mb + output_mb + params_mb
    text += (f"Input size (MB): {input_mb:0.2f}\nForward/backward pass size (MB): {output_mb:0.2f}\n"
             f"Params size (MB): {params_mb:0.2f}\nEstimated Total Size (MB): {total_mb:0.2f}\n")
    text += "-" * width["table"] + "\n"
    return text, {"total_params": total, "trainable_params": trainable}
