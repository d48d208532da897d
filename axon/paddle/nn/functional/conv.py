"""Paddle's convolutions (``conv1d``, ``conv2d``, ``conv2d_transpose``) on axon's one convolution op.

Paddle's images are NCHW and its kernels ``(out, in / groups, kh, kw)``; axon's op
is NHWC with ``(kh, kw, in, out)`` kernels. The input and kernel are handed over
as transposed *views* and the output comes back as a transposed view, so no
layout copy is made here: the NHWC buffer the op writes is what the next op reads
(a ReLU keeps the layout, a pooling's own transpose to NHWC is contiguous again).
"""

from __future__ import annotations

import numpy as np

from axon import backend as B
from axon import ops
from axon.autograd.op import Op
from axon.autograd.tensor import Tensor as _Core
from axon.ops.conv import conv as _conv
from axon.paddle.tensor import Tensor, core, wrap


def spatial_arg(value, rank: int, name: str) -> tuple:
    """An int or ``rank`` ints as a tuple of positive ints."""
    values = [value] * rank if isinstance(value, (int, np.integer)) else list(value)
    if len(values) != rank or any(int(v) <= 0 for v in values):
        raise ValueError(f"`{name}` must be a positive int or a list of {rank} positive ints. Received: "
                         f"{name}={value!r}")
    return tuple(int(v) for v in values)


def padding_arg(padding, rank: int, channel_last: bool):
    """Paddle's ``padding``: ``'same'``/``'valid'``, an int, ``rank`` ints, ``2 * rank`` ints
    (before, after per axis) or ``rank + 2`` pairs including the batch and channel axes;
    returned as axon's mode string or ``(before, after)`` pairs."""
    if isinstance(padding, str):
        mode = padding.lower()
        if mode not in ("same", "valid"):
            raise ValueError(f"`padding` must be 'SAME', 'VALID', an int or a list. Received: padding={padding!r}")
        return mode
    if isinstance(padding, (int, np.integer)):
        return ((int(padding),) * 2,) * rank
    values = list(padding)
    if values and isinstance(values[0], (list, tuple)):
        pairs = [tuple(int(v) for v in p) for p in values]
        if len(pairs) == rank + 2:
            outer = (pairs[0], pairs[-1]) if channel_last else (pairs[0], pairs[1])
            if any(outer[0]) or any(outer[1]):
                raise ValueError(f"`padding` on the batch and channel axes must be 0. Received: padding={padding!r}")
            pairs = pairs[1:-1] if channel_last else pairs[2:]
        if len(pairs) != rank:
            raise ValueError(f"`padding` as pairs needs {rank} (or {rank + 2}) pairs. Received: padding={padding!r}")
        return tuple(pairs)
    if len(values) == rank:
        return tuple((int(v), int(v)) for v in values)
    if len(values) == 2 * rank:
        return tuple((int(values[2 * i]), int(values[2 * i + 1])) for i in range(rank))
    raise ValueError(f"`padding` must be an int, {rank} ints or {2 * rank} ints for a {rank}-D convolution. "
                     f"Received: padding={padding!r}")


def check_format(data_format: str, rank: int) -> bool:
    """True for channels-last (``'NHWC'`` / ``'NLC'``), False for channels-first; else an error."""
    first, last = ("NCL", "NLC") if rank == 1 else ("NCHW", "NHWC")
    if data_format not in (first, last):
        raise ValueError(f"`data_format` must be {first!r} or {last!r}. Received: data_format={data_format!r}")
    return data_format == last


class _Contiguous(Op):
    """The same values in C order (a layout change; the gradient passes through)."""

    def forward(self, x):
        return np.ascontiguousarray(x)

    def backward(self, grad):
        return grad

    def backward_graph(self, grad):
        return grad


def to_channels_last(x: _Core, rank: int) -> _Core:
    """NC... as N...C: a transposed view, or a C-order copy when the view would not be contiguous
    (NCHW data from a loader): the convolution reads its windows far faster from contiguous pixels."""
    view = ops.transpose(x, (0,) + tuple(range(2, rank + 2)) + (1,))
    return view if view.data.flags.c_contiguous else _Contiguous.apply(view)


def to_channels_first(x: _Core, rank: int) -> _Core:
    """N...C as NC... (a transposed view)."""
    return ops.transpose(x, (0, rank + 1) + tuple(range(1, rank + 1)))


def _convolve(name, x, weight, bias, stride, padding, dilation, groups, data_format, rank, relu=False):
    channel_last = check_format(data_format, rank)
    x, w = core(x), core(weight)
    layout = data_format
    if x.ndim != rank + 2:
        raise ValueError(f"{name}: expected a {rank + 2}-D input ({layout}). Received shape {list(x.shape)}.")
    channels = x.shape[-1] if channel_last else x.shape[1]
    groups = int(groups)
    if groups <= 0 or w.shape[0] % groups:
        raise ValueError(f"{name}: `groups` ({groups}) must be a positive divisor of the output channels "
                         f"({w.shape[0]}).")
    if channels != w.shape[1] * groups:
        hint = ""
        if not channel_last and x.shape[-1] == w.shape[1] * groups:
            hint = (f" The input looks channels-last (NHWC); transpose it with x.transpose([0, {rank + 1}, "
                    f"{', '.join(str(i) for i in range(1, rank + 1))}]) or pass data_format='"
                    f"{'NLC' if rank == 1 else 'NHWC'}'.")
        raise ValueError(f"{name}: the input has {channels} channels on axis {rank + 1 if channel_last else 1} "
                         f"(shape {list(x.shape)}, data_format={layout!r}), but the weight of shape {list(w.shape)} "
                         f"expects {w.shape[1] * groups}.{hint}")
    stride = spatial_arg(stride, rank, "stride")
    dilation = spatial_arg(dilation, rank, "dilation")
    pads = padding_arg(padding, rank, channel_last)
    xl = x if channel_last else to_channels_last(x, rank)
    # (out, in, k...) -> (k..., in, out): a view; the op reads it once per call.
    kernel = ops.transpose(w, tuple(range(2, rank + 2)) + (1, 0))
    b = None if bias is None else core(bias)
    if groups == 1:
        y = _conv(xl, kernel, b, stride, pads, dilation, relu=relu)
    else:
        cin, cout = w.shape[1], w.shape[0] // groups
        parts = []
        for g in range(groups):
            xs = ops.getitem(xl, (Ellipsis, slice(g * cin, (g + 1) * cin)))
            ks = ops.getitem(kernel, (Ellipsis, slice(g * cout, (g + 1) * cout)))
            bs = None if b is None else ops.getitem(b, slice(g * cout, (g + 1) * cout))
            parts.append(_conv(xs, ks, bs, stride, pads, dilation, relu=relu))
        y = ops.concat(parts, -1)
    return wrap(y if channel_last else to_channels_first(y, rank))


def conv2d(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1, data_format="NCHW", name=None) -> Tensor:
    """2-D convolution (cross-correlation) of NCHW ``x`` with an ``(out, in / groups, kh, kw)`` weight.

    ``padding``: ``'SAME'``, ``'VALID'``, an int, ``[ph, pw]``, ``[top, bottom, left, right]``
    or four pairs including the batch and channel axes.

    Example:
        >>> F.conv2d(paddle.ones([1, 1, 5, 5]), paddle.ones([2, 1, 3, 3]), padding=1).shape
        [1, 2, 5, 5]
    """
    return _convolve("conv2d", x, weight, bias, stride, padding, dilation, groups, data_format, 2)


def conv1d(x, weight, bias=None, stride=1, padding=0, dilation=1, groups=1, data_format="NCL", name=None) -> Tensor:
    """1-D convolution of NCL ``x`` with an ``(out, in / groups, k)`` weight."""
    return _convolve("conv1d", x, weight, bias, stride, padding, dilation, groups, data_format, 1)


def conv2d_transpose(x, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1, dilation=1,
                     data_format="NCHW", output_size=None, name=None) -> Tensor:
    """Transposed 2-D convolution (the gradient of ``conv2d`` with respect to its input) of NCHW ``x``
    with an ``(in, out / groups, kh, kw)`` weight.

    Computed as a convolution of the input spread out by ``stride`` (zeros between
    the pixels) and padded by ``dilation * (k - 1) - padding``, with the kernel
    flipped: output size ``(n - 1) * stride - 2 * padding + dilation * (k - 1) + 1 + output_padding``.
    """
    channel_last = check_format(data_format, 2)
    xt, w = core(x), core(weight)
    if xt.ndim != 4:
        raise ValueError(f"conv2d_transpose: expected a 4-D input ({data_format}). Received shape {list(xt.shape)}.")
    if groups != 1:
        raise NotImplementedError("conv2d_transpose with groups > 1 is not supported by axon.paddle; use groups=1.")
    channels = xt.shape[-1] if channel_last else xt.shape[1]
    if channels != w.shape[0]:
        raise ValueError(f"conv2d_transpose: the input has {channels} channels (shape {list(xt.shape)}) but the "
                         f"weight of shape {list(w.shape)} expects {w.shape[0]}.")
    stride = spatial_arg(stride, 2, "stride")
    dilation = spatial_arg(dilation, 2, "dilation")
    pads = padding_arg(padding, 2, channel_last)
    if isinstance(pads, str):
        raise NotImplementedError("conv2d_transpose: give `padding` as numbers ('SAME'/'VALID' are not supported).")
    extra = spatial_arg(output_padding, 2, "output_padding") if output_padding else (0, 0)
    xl = xt if channel_last else to_channels_last(xt, 2)
    n, h, wd, c = xl.shape
    kh, kw = w.shape[2], w.shape[3]
    if output_size is not None:
        size = spatial_arg(output_size, 2, "output_size")
        base = [(s - 1) * st - p[0] - p[1] + d * (k - 1) + 1 for s, st, p, d, k in
                zip((h, wd), stride, pads, dilation, (kh, kw))]
        extra = tuple(int(o) - b for o, b in zip(size, base))
        if any(e < 0 or e >= st for e, st in zip(extra, stride)):
            raise ValueError(f"conv2d_transpose: output_size {list(size)} is not reachable (the natural size is "
                             f"{base}).")
    xs = _spread(xl, stride)
    conv_pads = tuple((d * (k - 1) - p[0], d * (k - 1) - p[1] + e)
                      for d, k, p, e in zip(dilation, (kh, kw), pads, extra))
    if any(p < 0 for pair in conv_pads for p in pair):
        raise NotImplementedError(f"conv2d_transpose: padding {pads} larger than dilation * (kernel - 1) is not "
                                  "supported.")
    kernel = ops.transpose(ops.getitem(w, (slice(None), slice(None), slice(None, None, -1), slice(None, None, -1))),
                           (2, 3, 0, 1))
    y = _conv(xs, kernel, None if bias is None else core(bias), 1, conv_pads, dilation)
    return wrap(y if channel_last else to_channels_first(y, 2))


def _spread(x: _Core, stride: tuple) -> _Core:
    """NHWC ``x`` with ``stride - 1`` zero rows / columns between its pixels (differentiable)."""
    for axis, s in ((1, stride[0]), (2, stride[1])):
        if s == 1:
            continue
        zeros = _Core._wrap(B.xp.zeros(x.shape, dtype=x.dtype))
        stacked = ops.stack([x] + [zeros] * (s - 1), axis + 1)
        shape = list(x.shape)
        shape[axis] *= s
        x = ops.reshape(stacked, tuple(shape))
        index = [slice(None)] * 4
        index[axis] = slice(0, shape[axis] - (s - 1))
        x = ops.getitem(x, tuple(index))
    return x
