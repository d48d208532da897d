"""Transposed, depthwise and separable convolutions, up-sampling, padding,
cropping, RepeatVector and TimeDistributed as ONNX nodes (channels-last values,
Transposes around the channels-first operators)."""

from __future__ import annotations

import numpy as np

from axon import backend as B
from axon.io.onnx_export import NotExportable, _pad_attrs, _pads, _to_channels_first, _to_channels_last, activation
from axon.io.onnx_layers import _where, handles

_LARGE = np.iinfo(np.int64).max


def _array(var):
    return B.to_numpy(var.data).astype(np.float32)


@handles("Conv1DTranspose", "Conv2DTranspose")
def _conv_transpose(g, layer, xs, shapes):
    rank = layer.rank
    spatial = shapes[0][1:-1]
    out = layer.compute_output_shape(shapes[0])[1:-1]
    if any(n is None for n in (*spatial, *out)):
        raise NotExportable(f"{_where(layer)}: a transposed convolution is exported for known spatial sizes only.")
    begin, end, extra = [], [], []
    for n, o, k, s, d in zip(spatial, out, layer.kernel_size, layer.strides, layer.dilation_rate):
        total = s * (n - 1) + (k - 1) * d + 1 - o  # what ONNX's full output has beyond Keras's
        extra.append(max(-total, 0))
        total = max(total, 0)
        begin.append(total // 2)
        end.append(total - total // 2)
    weight = np.ascontiguousarray(_array(layer.kernel).transpose((2, 1, 0) if rank == 1 else (3, 2, 0, 1)))
    inputs = [_to_channels_first(g, xs[0], rank, layer.name), g.const(weight, f"{layer.name}/kernel")]
    if layer.use_bias:
        inputs.append(g.weight(layer.bias, f"{layer.name}/bias"))
    y = g.op("ConvTranspose", inputs, layer.name, kernel_shape=list(layer.kernel_size), strides=list(layer.strides),
             dilations=list(layer.dilation_rate), pads=begin + end, output_padding=extra)
    return activation(g, layer.activation, _to_channels_last(g, y, rank, layer.name), layer.name, _where(layer))


def _depthwise(g, layer, x, kernel, shape, base):
    """A depthwise convolution (one group per input channel) of channels-last ``x``."""
    rank = layer.rank
    k = _array(kernel)  # (*kernel_size, channels, multiplier)
    channels = k.shape[-2] * k.shape[-1]
    weight = np.moveaxis(k.reshape(*k.shape[:-2], channels), -1, 0)[:, None]  # output c*m + j
    pads = _pads(layer.padding, shape[1:-1], layer.kernel_size, layer.strides, layer.dilation_rate, _where(layer))
    return g.op("Conv", [_to_channels_first(g, x, rank, base), g.const(np.ascontiguousarray(weight), f"{base}/dw")],
                base, kernel_shape=list(layer.kernel_size), strides=list(layer.strides),
                dilations=list(layer.dilation_rate), group=int(k.shape[-2]), **_pad_attrs(pads))


@handles("DepthwiseConv1D", "DepthwiseConv2D", "SeparableConv1D", "SeparableConv2D")
def _depthwise_separable(g, layer, xs, shapes):
    rank = layer.rank
    separable = type(layer).__name__.startswith("Separable")
    y = _depthwise(g, layer, xs[0], layer.depthwise_kernel if separable else layer.kernel, shapes[0], layer.name)
    inputs = [y]
    if separable:
        point = _array(layer.pointwise_kernel)  # (1, [1,] channels * m, filters)
        point = point.reshape(point.shape[-2], point.shape[-1]).T.reshape(point.shape[-1], point.shape[-2],
                                                                          *([1] * rank))
        inputs = [g.op("Conv", [y, g.const(np.ascontiguousarray(point), f"{layer.name}/pw")], layer.name,
                       kernel_shape=[1] * rank)]
    if layer.use_bias:
        bias = _array(layer.bias).reshape(1, -1, *([1] * rank))
        inputs = [g.op("Add", [inputs[0], g.const(bias, f"{layer.name}/bias")], layer.name)]
    y = _to_channels_last(g, inputs[0], rank, layer.name)
    return activation(g, layer.activation, y, layer.name, _where(layer))


@handles("UpSampling1D", "UpSampling2D")
def _upsampling(g, layer, xs, shapes):
    rank = len(shapes[0]) - 2
    size = [layer.size] if rank == 1 else list(layer.size)
    bilinear = getattr(layer, "interpolation", "nearest") == "bilinear"
    x = _to_channels_first(g, xs[0], rank, layer.name)
    scales = g.const(np.array([1, 1, *size], np.float32), f"{layer.name}/scales")
    roi = g.const(np.zeros(0, np.float32), f"{layer.name}/roi")
    attrs = {"mode": "linear", "coordinate_transformation_mode": "half_pixel"} if bilinear else \
        {"mode": "nearest", "coordinate_transformation_mode": "asymmetric", "nearest_mode": "floor"}
    y = g.op("Resize", [x, roi, scales], layer.name, **attrs)
    return _to_channels_last(g, y, rank, layer.name)


@handles("ZeroPadding1D", "ZeroPadding2D")
def _zero_padding(g, layer, xs, shapes):
    ndim = len(shapes[0])
    begin = [0, *[p[0] for p in layer.padding], 0]
    end = [0, *[p[1] for p in layer.padding], 0]
    assert len(begin) == ndim
    return g.op("Pad", [xs[0], g.const(np.array(begin + end, np.int64), f"{layer.name}/pads")], layer.name)


@handles("Cropping1D", "Cropping2D")
def _cropping(g, layer, xs, shapes):
    axes = list(range(1, len(layer.cropping) + 1))
    starts = [c[0] for c in layer.cropping]
    ends = [-c[1] if c[1] else _LARGE for c in layer.cropping]
    return g.op("Slice", [xs[0], g.const(np.array(starts, np.int64), f"{layer.name}/starts"),
                          g.const(np.array(ends, np.int64), f"{layer.name}/ends"),
                          g.const(np.array(axes, np.int64), f"{layer.name}/axes")], layer.name)


@handles("RepeatVector")
def _repeat_vector(g, layer, xs, shapes):
    y = g.op("Unsqueeze", [xs[0], g.const(np.array([1], np.int64), f"{layer.name}/axis")], layer.name)
    return g.op("Tile", [y, g.const(np.array([1, layer.n, 1], np.int64), f"{layer.name}/repeats")], layer.name)


@handles("TimeDistributed")
def _time_distributed(g, layer, xs, shapes):
    from axon.io.onnx_export import _emit_layer

    shape = shapes[0]
    if any(n is None for n in shape[1:]):
        raise NotExportable(f"{_where(layer)}: TimeDistributed is exported for a known number of steps only.")
    folded = g.op("Reshape", [xs[0], g.const(np.array([-1, *shape[2:]], np.int64), f"{layer.name}/fold")],
                  layer.name)
    (y,), (inner,) = _emit_layer(g, layer.layer, [folded], [(None, *shape[2:])])
    if any(n is None for n in inner[1:]):
        raise NotExportable(f"{_where(layer)}: the wrapped layer's output size must be known.")
    return g.op("Reshape", [y, g.const(np.array([-1, shape[1], *inner[1:]], np.int64), f"{layer.name}/unfold")],
                layer.name)
