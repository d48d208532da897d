"""Paddle's pooling (``max_pool1d/2d``, ``avg_pool1d/2d``, ``adaptive_avg/max_pool1d/2d``) on axon's pooling op.

NCHW inputs are handed to the NHWC op as transposed views (a convolution's
output, itself a view of an NHWC buffer, becomes contiguous again), and the
result goes back as a view.
"""

from __future__ import annotations

import math

import numpy as np

from axon import backend as B
from axon import ops
from axon.autograd.tensor import Tensor as _Core
from axon.ops.conv import spatial_pads
from axon.ops.pool import pool as _pool
from axon.paddle.nn.functional.conv import (
    check_format,
    padding_arg,
    spatial_arg,
    to_channels_first,
    to_channels_last,
)
from axon.paddle.tensor import Tensor, core, wrap


def _ceil_pads(shape, size, stride, pads):
    """Extra padding after each axis so that ``ceil_mode`` keeps a last, partial window."""
    out = []
    for n, k, s, (a, b) in zip(shape, size, stride, pads):
        length = math.ceil((n + a + b - k) / s) + 1
        out.append((a, b + max((length - 1) * s + k - (n + a + b), 0)))
    return tuple(out)


def _pool_nd(name, x, kernel_size, stride, padding, ceil_mode, data_format, rank, mode, exclusive=True,
             divisor_override=None):
    channel_last = check_format(data_format, rank)
    t = core(x)
    if t.ndim != rank + 2:
        raise ValueError(f"{name}: expected a {rank + 2}-D input ({data_format}). Received shape {list(t.shape)}.")
    size = spatial_arg(kernel_size, rank, "kernel_size")
    strides = size if stride is None else spatial_arg(stride, rank, "stride")
    pads = padding_arg(padding, rank, channel_last)
    xl = t if channel_last else to_channels_last(t, rank)
    spatial = xl.shape[1:-1]
    if isinstance(pads, str):
        pads = spatial_pads(spatial, size, strides, (1,) * rank, pads)
    if ceil_mode:
        pads = _ceil_pads(spatial, size, strides, pads)
    y = _pool(xl, size, strides, pads, mode)
    if mode == "avg" and (not exclusive or divisor_override):
        # axon divides each window by its real (unpadded) elements; Paddle's exclusive=False divides by the
        # whole window, and divisor_override by the given number.
        counts = np.ones((1,) + tuple(y.shape[1:-1]) + (1,))
        for axis, (n, k, s, (a, _)) in enumerate(zip(spatial, size, strides, pads)):
            starts = np.arange(y.shape[1 + axis]) * s - a
            real = np.minimum(starts + k, n) - np.maximum(starts, 0)
            counts = counts * real.reshape((1,) * (1 + axis) + (-1,) + (1,) * (rank - axis))
        divisor = float(divisor_override) if divisor_override else float(np.prod(size))
        y = ops.multiply(y, _Core._wrap(B.xp.asarray(counts / divisor, dtype=y.dtype)))
    return wrap(y if channel_last else to_channels_first(y, rank))


def max_pool2d(x, kernel_size, stride=None, padding=0, return_mask: bool = False, ceil_mode: bool = False,
               data_format="NCHW", name=None) -> Tensor:
    """The maximum of each ``kernel_size`` window of NCHW ``x`` (``stride`` defaults to ``kernel_size``).

    Example:
        >>> F.max_pool2d(paddle.rand([1, 3, 28, 28]), 2).shape
        [1, 3, 14, 14]
    """
    if return_mask:
        raise NotImplementedError("max_pool2d(return_mask=True) is not supported by axon.paddle (no argmax "
                                  "output); use return_mask=False.")
    return _pool_nd("max_pool2d", x, kernel_size, stride, padding, ceil_mode, data_format, 2, "max")


def avg_pool2d(x, kernel_size, stride=None, padding=0, ceil_mode: bool = False, exclusive: bool = True,
               divisor_override=None, data_format="NCHW", name=None) -> Tensor:
    """The mean of each window of NCHW ``x``; ``exclusive=True`` leaves padding out of the mean."""
    return _pool_nd("avg_pool2d", x, kernel_size, stride, padding, ceil_mode, data_format, 2, "avg", exclusive,
                    divisor_override)


def max_pool1d(x, kernel_size, stride=None, padding=0, return_mask: bool = False, ceil_mode: bool = False,
               name=None) -> Tensor:
    """The maximum of each window of NCL ``x``."""
    if return_mask:
        raise NotImplementedError("max_pool1d(return_mask=True) is not supported by axon.paddle.")
    return _pool_nd("max_pool1d", x, kernel_size, stride, padding, ceil_mode, "NCL", 1, "max")


def avg_pool1d(x, kernel_size, stride=None, padding=0, exclusive: bool = True, ceil_mode: bool = False,
               name=None) -> Tensor:
    """The mean of each window of NCL ``x``."""
    return _pool_nd("avg_pool1d", x, kernel_size, stride, padding, ceil_mode, "NCL", 1, "avg", exclusive)


def _adaptive(name, x, output_size, data_format, rank, reduce):
    channel_last = check_format(data_format, rank)
    t = core(x)
    if t.ndim != rank + 2:
        raise ValueError(f"{name}: expected a {rank + 2}-D input ({data_format}). Received shape {list(t.shape)}.")
    spatial = t.shape[1:-1] if channel_last else t.shape[2:]
    sizes = [output_size] * rank if isinstance(output_size, (int, np.integer)) else list(output_size)
    sizes = [n if s is None else int(s) for s, n in zip(sizes, spatial)]
    xl = t if channel_last else to_channels_last(t, rank)
    if all(n % s == 0 for n, s in zip(spatial, sizes)):
        # Equal bins: split each axis into (bins, window) and reduce the window axes, one op
        # whatever the window's size (the pooling op would take one pass per window offset).
        split = [xl.shape[0]]
        for n, s in zip(spatial, sizes):
            split += [s, n // s]
        split.append(xl.shape[-1])
        y = reduce(ops.reshape(xl, tuple(split)), tuple(range(2, 2 * rank + 1, 2)))
    else:
        # Paddle's bins: [floor(i * n / s), ceil((i + 1) * n / s)) along each axis.
        bins = [[(i * n // s, -(-(i + 1) * n // s)) for i in range(s)] for n, s in zip(spatial, sizes)]
        cells = []
        for index in np.ndindex(*sizes):
            key = (slice(None),) + tuple(slice(*bins[a][i]) for a, i in enumerate(index)) + (slice(None),)
            cells.append(reduce(ops.getitem(xl, key), tuple(range(1, rank + 1))))
        y = ops.reshape(ops.stack(cells, 1), (xl.shape[0],) + tuple(sizes) + (xl.shape[-1],))
    return wrap(y if channel_last else to_channels_first(y, rank))


def adaptive_avg_pool2d(x, output_size, data_format="NCHW", name=None) -> Tensor:
    """Average pooling to a fixed ``output_size`` (an int or ``[oh, ow]``, None keeps that axis)."""
    return _adaptive("adaptive_avg_pool2d", x, output_size, data_format, 2, ops.reduce_mean)


def adaptive_max_pool2d(x, output_size, return_mask: bool = False, name=None) -> Tensor:
    """Max pooling to a fixed ``output_size``."""
    if return_mask:
        raise NotImplementedError("adaptive_max_pool2d(return_mask=True) is not supported by axon.paddle.")
    return _adaptive("adaptive_max_pool2d", x, output_size, "NCHW", 2, ops.reduce_max)


def adaptive_avg_pool1d(x, output_size, name=None) -> Tensor:
    """Average pooling of NCL ``x`` to ``output_size`` positions."""
    return _adaptive("adaptive_avg_pool1d", x, output_size, "NCL", 1, ops.reduce_mean)


def adaptive_max_pool1d(x, output_size, return_mask: bool = False, name=None) -> Tensor:
    """Max pooling of NCL ``x`` to ``output_size`` positions."""
    if return_mask:
        raise NotImplementedError("adaptive_max_pool1d(return_mask=True) is not supported by axon.paddle.")
    return _adaptive("adaptive_max_pool1d", x, output_size, "NCL", 1, ops.reduce_max)
