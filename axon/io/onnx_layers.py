"""Each axon layer as ONNX nodes: ``HANDLERS[class name](g, layer, xs, shapes)``
returns the output value's name. Inputs and outputs are in Keras's layout."""

from __future__ import annotations

import numpy as np

from axon import backend as B
from axon.io.onnx_export import (
    NotExportable,
    _channels_last,
    _pad_attrs,
    _pads,
    _to_channels_first,
    _to_channels_last,
    activation,
)

HANDLERS = {}


def handles(*names):
    def register(fn):
        for name in names:
            HANDLERS[name] = fn
        return fn
    return register


def _where(layer):
    return f"Layer '{layer.name}' ({type(layer).__name__})"


@handles("Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "GaussianNoise", "GaussianDropout",
         "AlphaDropout", "ActivityRegularization", "Identity", "RandomFlip", "RandomRotation", "RandomTranslation",
         "RandomZoom", "RandomContrast", "RandomBrightness", "RandomCrop")
def _identity(g, layer, xs, shapes):
    # Training-time noise and augmentation: the identity at inference.
    return xs[0]


@handles("Dense")
def _dense(g, layer, xs, shapes):
    y = g.op("MatMul", [xs[0], g.weight(layer.kernel, f"{layer.name}/kernel")], layer.name)
    if layer.use_bias:
        y = g.op("Add", [y, g.weight(layer.bias, f"{layer.name}/bias")], layer.name)
    return activation(g, layer.activation, y, layer.name, _where(layer))


@handles("Activation")
def _activation_layer(g, layer, xs, shapes):
    return activation(g, layer.activation, xs[0], layer.name, _where(layer))


@handles("ReLU")
def _relu(g, layer, xs, shapes):
    if layer.threshold != 0:
        raise NotExportable(f"{_where(layer)}: threshold={layer.threshold} is not exported.")
    x = xs[0]
    y = g.op("Relu", [x], layer.name) if layer.negative_slope == 0 else \
        g.op("LeakyRelu", [x], layer.name, alpha=float(layer.negative_slope))
    if layer.max_value is not None:
        y = g.op("Min", [y, g.const(np.float32(layer.max_value), f"{layer.name}/max")], layer.name)
    return y


@handles("LeakyReLU")
def _leaky(g, layer, xs, shapes):
    return g.op("LeakyRelu", [xs[0]], layer.name, alpha=float(layer.negative_slope))


@handles("ELU")
def _elu(g, layer, xs, shapes):
    return g.op("Elu", [xs[0]], layer.name, alpha=float(layer.alpha))


@handles("PReLU")
def _prelu(g, layer, xs, shapes):
    return g.op("PRelu", [xs[0], g.weight(layer.alpha, f"{layer.name}/alpha")], layer.name)


@handles("Softmax")
def _softmax(g, layer, xs, shapes):
    if not isinstance(layer.axis, int):
        raise NotExportable(f"{_where(layer)}: a softmax over several axes {layer.axis} is not exported.")
    return g.op("Softmax", [xs[0]], layer.name, axis=layer.axis)


@handles("Conv1D", "Conv2D")
def _conv(g, layer, xs, shapes):
    _channels_last(layer, _where(layer))
    rank = layer.rank
    perm = (2, 1, 0) if rank == 1 else (3, 2, 0, 1)
    pads = _pads(layer.padding, shapes[0][1:-1], layer.kernel_size, layer.strides, layer.dilation_rate, _where(layer))
    inputs = [_to_channels_first(g, xs[0], rank, layer.name), g.weight(layer.kernel, f"{layer.name}/kernel", perm)]
    if layer.use_bias:
        inputs.append(g.weight(layer.bias, f"{layer.name}/bias"))
    y = g.op("Conv", inputs, layer.name, kernel_shape=list(layer.kernel_size), strides=list(layer.strides),
             dilations=list(layer.dilation_rate), group=int(layer.groups), **_pad_attrs(pads))
    y = _to_channels_last(g, y, rank, layer.name)
    return activation(g, layer.activation, y, layer.name, _where(layer))


@handles("MaxPooling1D", "MaxPooling2D", "AveragePooling1D", "AveragePooling2D")
def _pool(g, layer, xs, shapes):
    _channels_last(layer, _where(layer))
    rank = len(layer.pool_size)
    pads = _pads(layer.padding, shapes[0][1:-1], layer.pool_size, layer.strides, (1,) * rank, _where(layer))
    op = "MaxPool" if type(layer).__name__.startswith("Max") else "AveragePool"
    y = g.op(op, [_to_channels_first(g, xs[0], rank, layer.name)], layer.name, kernel_shape=list(layer.pool_size),
             strides=list(layer.strides), **_pad_attrs(pads))
    return _to_channels_last(g, y, rank, layer.name)


@handles("GlobalAveragePooling1D", "GlobalAveragePooling2D", "GlobalMaxPooling1D", "GlobalMaxPooling2D")
def _global_pool(g, layer, xs, shapes):
    _channels_last(layer, _where(layer))
    axes = list(range(1, len(shapes[0]) - 1))
    op = "ReduceMax" if "Max" in type(layer).__name__ else "ReduceMean"
    return g.reduce(op, xs[0], axes, layer.name, keepdims=layer.keepdims)


def _norm_shape(layer, shape, axes):
    """Where a per-feature vector goes so it broadcasts against ``shape``."""
    return [shape[a] if a in axes else 1 for a in range(1, len(shape))]


@handles("BatchNormalization")
def _batchnorm(g, layer, xs, shapes):
    # Inference: y = x * scale + shift with the moving statistics folded in.
    ndim = len(shapes[0])
    axis = layer.axis % ndim
    mean, var = B.to_numpy(layer.moving_mean.data), B.to_numpy(layer.moving_variance.data)
    gamma = B.to_numpy(layer.gamma.data) if layer.gamma is not None else np.ones_like(mean)
    beta = B.to_numpy(layer.beta.data) if layer.beta is not None else np.zeros_like(mean)
    scale = (gamma / np.sqrt(var + layer.epsilon)).astype(np.float32)
    shift = (beta - mean * scale).astype(np.float32)
    shape = _norm_shape(layer, shapes[0], [axis])
    y = g.op("Mul", [xs[0], g.const(scale.reshape(shape), f"{layer.name}/scale")], layer.name)
    return g.op("Add", [y, g.const(shift.reshape(shape), f"{layer.name}/shift")], layer.name)


@handles("LayerNormalization")
def _layernorm(g, layer, xs, shapes):
    ndim = len(shapes[0])
    axes = sorted(a % ndim for a in (layer.axis if isinstance(layer.axis, (list, tuple)) else [layer.axis]))
    mean = g.reduce("ReduceMean", xs[0], axes, layer.name)
    centred = g.op("Sub", [xs[0], mean], layer.name)
    var = g.reduce("ReduceMean", g.op("Mul", [centred, centred], layer.name), axes, layer.name)
    std = g.op("Sqrt", [g.op("Add", [var, g.const(np.float32(layer.epsilon), f"{layer.name}/eps")], layer.name)],
               layer.name)
    y = g.op("Div", [centred, std], layer.name)
    shape = _norm_shape(layer, shapes[0], axes)
    if layer.gamma is not None:
        gamma = B.to_numpy(layer.gamma.data).astype(np.float32).reshape(shape)
        y = g.op("Mul", [y, g.const(gamma, f"{layer.name}/gamma")], layer.name)
    if layer.beta is not None:
        beta = B.to_numpy(layer.beta.data).astype(np.float32).reshape(shape)
        y = g.op("Add", [y, g.const(beta, f"{layer.name}/beta")], layer.name)
    return y


@handles("Flatten")
def _flatten(g, layer, xs, shapes):
    _channels_last(layer, _where(layer))
    return g.op("Reshape", [xs[0], g.const(np.array([0, -1], np.int64), f"{layer.name}/shape")], layer.name)


@handles("Reshape")
def _reshape(g, layer, xs, shapes):
    target = np.array([0, *layer.target_shape], np.int64)
    return g.op("Reshape", [xs[0], g.const(target, f"{layer.name}/shape")], layer.name)


@handles("Permute")
def _permute(g, layer, xs, shapes):
    return g.op("Transpose", [xs[0]], layer.name, perm=[0, *[int(d) for d in layer.dims]])


_MERGES = {"Add": "Sum", "Maximum": "Max", "Minimum": "Min", "Average": "Mean"}


@handles("Add", "Maximum", "Minimum", "Average", "Multiply", "Subtract", "Concatenate")
def _merge(g, layer, xs, shapes):
    name = type(layer).__name__
    if name in _MERGES:
        return g.op(_MERGES[name], xs, layer.name)
    if name == "Subtract":
        return g.op("Sub", xs, layer.name)
    if name == "Multiply":
        y = xs[0]
        for x in xs[1:]:
            y = g.op("Mul", [y, x], layer.name)
        return y
    return g.op("Concat", xs, layer.name, axis=int(layer.axis))


@handles("Rescaling")
def _rescaling(g, layer, xs, shapes):
    y = g.op("Mul", [xs[0], g.const(np.asarray(layer.scale, np.float32), f"{layer.name}/scale")], layer.name)
    return g.op("Add", [y, g.const(np.asarray(layer.offset, np.float32), f"{layer.name}/offset")], layer.name)


@handles("Embedding")
def _embedding(g, layer, xs, shapes):
    if getattr(layer, "mask_zero", False):
        raise NotExportable(f"{_where(layer)}: mask_zero=True makes a mask, which the ONNX export does not carry; "
                            "export a model built with mask_zero=False.")
    ids = g.op("Cast", [xs[0]], layer.name, to=g.onnx.TensorProto.INT64)
    return g.op("Gather", [g.weight(layer.embeddings, f"{layer.name}/embeddings"), ids], layer.name, axis=0)


@handles("MultiHeadAttention")
def _multi_head_attention(g, layer, xs, shapes):
    where = _where(layer)
    if any(len(s) != 3 for s in shapes) or layer.attention_axes not in (None, (1,), (-2,)):
        raise NotExportable(f"{where}: only (batch, time, features) inputs attending over time are exported.")
    query, value = xs[0], xs[1]
    key = xs[2] if len(xs) > 2 else value
    h, dk, dv = layer.num_heads, layer.key_dim, layer.value_dim
    base = layer.name

    def project(x, kernel, bias, size, name):
        w = B.to_numpy(kernel.data).astype(np.float32)
        y = g.op("MatMul", [x, g.const(w.reshape(w.shape[0], h * size), f"{base}/{name}_kernel")], base)
        if bias is not None:
            y = g.op("Add", [y, g.const(B.to_numpy(bias.data).astype(np.float32).reshape(h * size),
                                        f"{base}/{name}_bias")], base)
        y = g.op("Reshape", [y, g.const(np.array([0, -1, h, size], np.int64), f"{base}/{name}_heads")], base)
        return g.op("Transpose", [y], base, perm=[0, 2, 1, 3])  # (batch, heads, time, size)

    q = project(query, layer.query_kernel, layer.query_bias, dk, "query")
    k = project(key, layer.key_kernel, layer.key_bias, dk, "key")
    v = project(value, layer.value_kernel, layer.value_bias, dv, "value")
    q = g.op("Mul", [q, g.const(np.float32(1.0 / np.sqrt(dk)), f"{base}/scale")], base)
    scores = g.op("MatMul", [q, g.op("Transpose", [k], base, perm=[0, 1, 3, 2])], base)
    attended = g.op("MatMul", [g.op("Softmax", [scores], base, axis=-1), v], base)
    merged = g.op("Transpose", [attended], base, perm=[0, 2, 1, 3])
    merged = g.op("Reshape", [merged, g.const(np.array([0, 0, h * dv], np.int64), f"{base}/merge")], base)
    w = B.to_numpy(layer.output_kernel.data).astype(np.float32)
    y = g.op("MatMul", [merged, g.const(w.reshape(h * dv, w.shape[-1]), f"{base}/output_kernel")], base)
    if layer.output_bias is not None:
        y = g.op("Add", [y, g.weight(layer.output_bias, f"{base}/output_bias")], base)
    return y


@handles("Dot")
def _dot(g, layer, xs, shapes):
    a0, a1 = layer._axes_for([shapes[0], shapes[1]])
    out_shape = layer.compute_output_shape([shapes[0], shapes[1]])
    d = shapes[0][a0]
    if d is None or any(n is None for n in out_shape[1:]):
        raise NotExportable(f"{_where(layer)}: exported for known sizes only.")
    x, y = xs
    if layer.normalize:
        eps = g.const(np.float32(1e-12), f"{layer.name}/eps")
        half = g.const(np.float32(-0.5), f"{layer.name}/half")
        x, y = [g.op("Mul", [v, g.op("Pow", [g.op("Max", [g.reduce("ReduceSum", g.op("Mul", [v, v], layer.name),
                                                                   [axis], layer.name), eps], layer.name),
                                          half], layer.name)], layer.name)
                for v, axis in ((x, a0), (y, a1))]
    x = g.op("Transpose", [x], layer.name, perm=[0] + [i for i in range(1, len(shapes[0])) if i != a0] + [a0])
    y = g.op("Transpose", [y], layer.name, perm=[0, a1] + [i for i in range(1, len(shapes[1])) if i != a1])
    x = g.op("Reshape", [x, g.const(np.array([0, -1, d], np.int64), f"{layer.name}/x")], layer.name)
    y = g.op("Reshape", [y, g.const(np.array([0, d, -1], np.int64), f"{layer.name}/y")], layer.name)
    product = g.op("MatMul", [x, y], layer.name)
    return g.op("Reshape", [product, g.const(np.array([0, *out_shape[1:]], np.int64), f"{layer.name}/out")],
                layer.name)
