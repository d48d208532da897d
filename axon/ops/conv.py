"""Convolution as an op: im2col through a strided view, one GEMM, and its backward.

Images are channels_last (``NHWC``; sequences ``NWC``) and kernels are
``(kh, kw, in_channels, out_channels)`` as in TensorFlow and Keras. What is
computed is a cross-correlation (the kernel is not flipped), as in every deep
learning framework:

    y[n, h, w, f] = b[f] + sum_{i, j, c} x[n, h*sh + i*dh, w*sw + j*dw, c] * k[i, j, c, f]

Forward: the receptive fields are read through a strided view of the padded
input (no Python loop over pixels), copied once into a column matrix whose
columns are ordered ``(kh, kw, C)`` (plus a column of ones for the bias), and
multiplied by the kernel in ONE GEMM, which leaves the output already in NHWC
order. Backward: the kernel and bias gradients are the GEMM ``cols.T @ dy``;
the input gradient of each of the ``kh * kw`` kernel offsets (``dy @ k[i, j].T``)
is added (``+=``) into the strided slice of the input that offset read
(col2im), never ``np.add.at``, and skipped when the input needs no gradient.
The columns are never kept whole: the batch is processed a few samples at a
time, each slice's columns built, multiplied while in cache and dropped, and
built again in backward. This file also holds the window geometry (padding
amounts, output lengths) that pooling shares.
"""

from __future__ import annotations

import math
import threading

import numpy as np

from axon import backend as B
from axon import kernels
from axon.autograd.op import Op
from axon.autograd.tensor import Tensor
from axon.ops.activation import relu_grad
from axon.ops.broadcast import as_tensor

# The columns are built, multiplied and dropped this many bytes at a time (and
# rebuilt the same way for the kernel gradient), so that the GEMM and the fused
# ReLU find them and their output in cache. In a course CNN step (128x28x28x1 -> 8
# and 128x14x14x8 -> 16, 5x5): 13.4-14.2 ms against 15.1-16.2 ms with the whole
# batch's columns (20 MB for the second) kept from forward to backward. In its
# predict() at batch 1000: 10.8 + 17.1 ms against 16.0 + 22.1 ms with 16 MB slices.
COLUMN_SLICE_BYTES = 2 * 2**20

# At most this many bytes of spare buffers are kept (``scratch``), and the few-channel
# input gradient's slabs are built this many bytes at a time.
COLUMN_BUFFER_BYTES = 256 * 2**20

# With this many input channels or fewer the columns are built in the (K, M)
# layout, whose copy writes whole rows of pixels: 0.46 ms vs 1.76 ms for the
# (M, K) layout on 128x28x28x1 with a 5x5 kernel; from 6 channels on, the (M, K)
# copy of runs of kw*C values wins (4.7 vs 10 ms on 128x28x28x6).
_FEW_CHANNELS = 3

# With this many input channels or fewer, the input gradient is one GEMM for all
# kernel offsets (channels-first col2im) instead of one small GEMM per offset:
# as fast on a quiet machine (5.8 vs 5.9 ms, 128x14x14x8 -> 16, 5x5) and far
# steadier on a busy one, where each small multi-threaded GEMM waits for a core
# (44 vs 368 ms measured under load). With more channels the per-offset GEMMs
# are large and their NHWC adds faster (14.6 vs 20.3 ms, 128x28x28x16 -> 32, 3x3).
_FEW_CHANNELS_DX = 8

# With the compiled kernels (axon.kernels) and at least this many input channels,
# the input gradient is one GEMM ``dy @ k.T`` and a compiled col2im pass straight
# into the unpadded gradient: 2.9 ms against 5.7-6.0 ms in a course CNN step (128x14x14x8 -> 16, 5x5).
# With fewer channels the compiled pass's inner loop is too short to pay.
_COMPILED_DX_CHANNELS = 4

# That GEMM and col2im run on COLUMN_SLICE_BYTES slices of column gradients too,
# which col2im then reads back from cache: 3.0 vs 5.2 ms for the whole batch at
# once (128x14x14x8 -> 16, 5x5), whose 20 MB went to memory and back.

# ------------------------------------------------------------------ geometry
def normalize_tuple(value, n: int, name: str) -> tuple[int, ...]:
    """``value`` (an int or a sequence of ``n`` ints) as a tuple of ``n`` positive ints.

    Raises:
        ValueError: quoting ``value`` when it is not of that form.

    Example:
        >>> normalize_tuple(3, 2, "kernel_size")
        (3, 3)
    """
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        out = (int(value),) * n
    else:
        try:
            out = tuple(int(v) for v in value)
        except (TypeError, ValueError):
            out = ()
        if len(out) != n or any(isinstance(v, bool) or int(v) != v for v in value):
            out = ()
    if not out or any(v <= 0 for v in out):
        raise ValueError(f"`{name}` must be a positive int or a tuple of {n} positive ints. "
                         f"Received: {name}={value!r}")
    return out


def normalize_padding(padding, allowed=("valid", "same")) -> str:
    """``padding`` lower-cased, checked against ``allowed``."""
    if not isinstance(padding, str) or padding.lower() not in allowed:
        raise ValueError(f"`padding` must be one of {', '.join(repr(p) for p in allowed)}. "
                         f"Received: padding={padding!r}")
    return padding.lower()


def padding_amounts(size: int, kernel: int, stride: int, dilation: int, padding) -> tuple[int, int]:
    """Zeros added before and after one spatial axis of length ``size``.

    ``'valid'`` adds none; ``'same'`` adds, as TensorFlow does,
    ``total = max((ceil(n / s) - 1) * s + (k - 1) * d + 1 - n, 0)`` with
    ``total // 2`` before (so the extra one goes after); ``'causal'`` adds
    ``(k - 1) * d`` before only; a pair ``(before, after)`` is used as given.

    Example:
        >>> padding_amounts(28, 5, 1, 1, "same")
        (2, 2)
    """
    if not isinstance(padding, str):
        return int(padding[0]), int(padding[1])
    extent = (kernel - 1) * dilation + 1
    if padding == "same":
        total = max((math.ceil(size / stride) - 1) * stride + extent - size, 0)
        return total // 2, total - total // 2
    if padding == "causal":
        return extent - 1, 0
    return 0, 0


def output_length(size: int | None, kernel: int, stride: int, dilation: int, padding) -> int | None:
    """Length of one output axis: ``floor((n + pad - (k - 1) * d - 1) / s) + 1``.

    That is ``ceil(n / s)`` for ``'same'`` and ``ceil((n - (k - 1) * d) / s)``
    for ``'valid'``; ``None`` stays ``None`` (an unknown length).
    """
    if size is None:
        return None
    before, after = padding_amounts(size, kernel, stride, dilation, padding)
    return (size + before + after - (kernel - 1) * dilation - 1) // stride + 1


def pad_spatial(x, pads, value=0):
    """``x`` (N, H, W, C) with ``pads = ((top, bottom), (left, right))`` filled with ``value``.

    Returns ``x`` itself when nothing is added (no copy).
    """
    (pt, pb), (pl, pr) = pads
    if not (pt or pb or pl or pr):
        return x
    n, h, w, c = x.shape
    shape = (n, h + pt + pb, w + pl + pr, c)
    out = B.xp.zeros(shape, dtype=x.dtype) if value == 0 else B.xp.full(shape, value, dtype=x.dtype)
    out[:, pt:pt + h, pl:pl + w, :] = x
    return out


def window_slice(offset: int, stride: int, count: int) -> slice:
    """The positions ``offset, offset + stride, ...`` (``count`` of them) that one
    kernel offset visits along an axis."""
    return slice(offset, offset + stride * (count - 1) + 1, stride)


# ----------------------------------------------------------------- scratch
# Column matrices are tens of MB, allocated and freed every step. Fresh memory of
# that size comes from the OS page by page (the C allocator returns it when
# freed): ~2,500 page faults and 4-5 ms of a 17 ms Conv2D(8->16, 5x5) step on
# 128x14x14x8. A few freed buffers (at most _SPARE_MAX, together at most
# COLUMN_BUFFER_BYTES) are kept and reused instead.
_SPARE: list = []
_SPARE_MAX = 4
_SPARE_LOCK = threading.Lock()


def scratch(shape: tuple, dtype):
    """An uninitialised array, carved from a kept buffer when one fits (NumPy only)."""
    dtype = np.dtype(dtype)
    if B.name != "numpy":
        return B.xp.empty(shape, dtype=dtype)  # CuPy has its own memory pool
    nbytes = math.prod(shape) * dtype.itemsize
    with _SPARE_LOCK:
        for i, buf in enumerate(_SPARE):
            if nbytes <= buf.nbytes <= 2 * nbytes:
                del _SPARE[i]
                break
        else:
            # Big ones are rounded up to whole MiB so that requests of nearly equal size
            # (the columns with and without the bias column, say) share buffers instead
            # of churning the heap: that was a one-off 16 MB RSS step in the course CNN.
            size = nbytes if nbytes < 2**20 else -(-nbytes // 2**20) * 2**20
            buf = np.empty(size, dtype=np.uint8)
    return buf[:nbytes].view(dtype).reshape(shape)


def recycle(array) -> None:
    """Give an array made by ``scratch`` back for reuse; the caller must hold no view of it."""
    if array is None or B.name != "numpy":
        return
    while array.base is not None:
        array = array.base
    if array.dtype == np.uint8 and array.ndim == 1:
        with _SPARE_LOCK:
            _SPARE.append(array)
            del _SPARE[:-_SPARE_MAX]
            while len(_SPARE) > 1 and sum(buf.nbytes for buf in _SPARE) > COLUMN_BUFFER_BYTES:
                del _SPARE[0]


# -------------------------------------------------------------------- im2col
def receptive_fields(xp, kh: int, kw: int, strides: tuple, dilation: tuple, out_hw: tuple):
    """The receptive fields of ``xp`` (padded, NHWC) as a strided view ``(N, Ho, Wo, kh, kw, C)``.

    ``fields[n, h, w, i, j, c]`` is ``xp[n, h*sh + i*dh, w*sw + j*dw, c]``; no
    copy is made (``sliding_window_view``). Built once per pass and sliced per
    batch slice: the view costs about 8 us, a slice of it 0.1 us.
    """
    (sh, sw), (dh, dw), (ho, wo) = strides, dilation, out_hw
    windows = B.xp.lib.stride_tricks.sliding_window_view(
        xp, ((kh - 1) * dh + 1, (kw - 1) * dw + 1), axis=(1, 2))  # (N, H', W', C, kh', kw')
    windows = windows[:, ::sh, ::sw, :, ::dh, ::dw][:, :ho, :wo]
    return windows.transpose(0, 1, 2, 4, 5, 3)


def im2col(fields, ones: bool = False):
    """The ``(N*Ho*Wo, kh*kw*C)`` column matrix of ``fields`` (a ``receptive_fields`` view).

    Row ``(n, h, w)`` holds the field's values in ``(i, j, c)`` order, then a
    column of ones when ``ones`` (the bias column), copied once. With few
    channels the copy is laid out ``(K, M)`` and the transposed view returned:
    the same matrix for a GEMM, built from whole rows of pixels. The buffer
    comes from ``scratch``: ``recycle`` it when done.
    """
    n, ho, wo, kh, kw, c = fields.shape
    k, m, extra = kh * kw * c, n * ho * wo, int(ones)
    if c <= _FEW_CHANNELS:
        cols = scratch((k + extra, m), fields.dtype)
        np.copyto(cols[:k].reshape(kh, kw, c, n, ho, wo), fields.transpose(3, 4, 5, 0, 1, 2))
        if ones:
            cols[k] = 1
        return cols.T
    cols = scratch((n, ho, wo, k + extra), fields.dtype)
    np.copyto(cols[..., :k].reshape(n, ho, wo, kh, kw, c), fields)
    if ones:
        cols[..., k] = 1
    return cols.reshape(m, k + extra)


def _batch_chunks(n: int, bytes_per_sample: int, budget: int = COLUMN_BUFFER_BYTES):
    """``(start, stop)`` ranges of the batch whose columns fit ``budget`` bytes."""
    step = max(1, budget // max(bytes_per_sample, 1))
    return [(s, min(s + step, n)) for s in range(0, n, step)]


class Convolution(Op):
    """2-D cross-correlation of NHWC ``x`` with a ``(kh, kw, C, F)`` kernel, plus an
    optional bias; 3-D ``x`` (NWC) with a ``(k, C, F)`` kernel is the 1-D case."""

    def forward(self, x, w, *bias, strides, pads, dilation, relu=False):
        self.rank1 = x.ndim == 3
        if self.rank1:
            x, w = x[:, None], w[None]
        needs = self.needs_grad or (False,) * (2 + len(bias))
        dtype = np.result_type(x.dtype, w.dtype)
        xp = pad_spatial(x.astype(dtype, copy=False), pads)
        n, hp, wp, c = xp.shape
        kh, kw, _, f = w.shape
        ho = (hp - (kh - 1) * dilation[0] - 1) // strides[0] + 1
        wo = (wp - (kw - 1) * dilation[1] - 1) // strides[1] + 1
        # The bias is one more row of the kernel matrix, facing a column of ones in
        # cols: the GEMM adds it (no extra pass over the output) and the kernel
        # gradient's GEMM returns its gradient as one more row.
        self.has_bias = bool(bias)
        w2 = w.reshape(kh * kw * c, f)
        if bias:
            w2 = B.xp.concatenate([w2, bias[0].reshape(1, f).astype(dtype, copy=False)])
        out = B.xp.empty((n, ho, wo, f), dtype=dtype)
        fields = receptive_fields(xp, kh, kw, strides, dilation, (ho, wo))
        for start, stop in _batch_chunks(n, ho * wo * w2.shape[0] * dtype.itemsize, COLUMN_SLICE_BYTES):
            cols = im2col(fields[start:stop], ones=self.has_bias)
            part = out[start:stop].reshape(-1, f)
            np.matmul(cols, w2, out=part)
            if relu:  # while the chunk is still in cache
                np.maximum(part, 0, out=part)
            recycle(cols)
        self.geometry = (xp.shape, pads, strides, dilation, (ho, wo), (kh, kw))
        self.kernel_shape = w.shape[1:] if self.rank1 else w.shape
        self.w = w if needs[0] else None
        self.xp = xp if needs[1] else None
        self.out = out if relu and any(needs) else None
        return out[:, 0] if self.rank1 else out

    def backward(self, grad):
        if self.rank1:
            grad = grad[:, None]
        if self.out is not None:
            grad = relu_grad(grad, self.out)
        g2 = B.xp.ascontiguousarray(grad).reshape(-1, grad.shape[-1])
        dx = self._input_grad(g2) if self.needs_grad[0] else None
        k = self.geometry[-1][0] * self.geometry[-1][1] * self.geometry[0][3]
        dwb = self._kernel_grad(g2) if self.needs_grad[1] else None  # (K [+ 1 bias row], F)
        dw = dwb[:k].reshape(self.kernel_shape) if dwb is not None else None
        if not self.has_bias:
            return dx, dw
        if not self.needs_grad[2]:
            return dx, dw, None
        # Without the kernel GEMM, the bias gradient alone is a GEMV (ones @ dy),
        # ~10x faster than dy.sum(axis=0) on a tall matrix.
        db = dwb[k] if dwb is not None else B.xp.ones(g2.shape[0], dtype=g2.dtype) @ g2
        return dx, dw, db

    def backward_graph(self, grad):
        from axon.ops.window_grads import convolution_backward_graph

        return convolution_backward_graph(self, grad)

    def _kernel_grad(self, g2):
        """``cols.T @ dy`` (the orientation measured fastest for these shapes), the
        columns built again slice by slice as in forward."""
        (n, _, _, c), _, strides, dilation, (ho, wo), (kh, kw) = self.geometry
        k = kh * kw * c + int(self.has_bias)
        dw = B.xp.zeros((k, g2.shape[1]), dtype=g2.dtype)
        fields = receptive_fields(self.xp, kh, kw, strides, dilation, (ho, wo))
        for start, stop in _batch_chunks(n, ho * wo * k * g2.dtype.itemsize, COLUMN_SLICE_BYTES):
            cols = im2col(fields[start:stop], ones=self.has_bias)
            dw += cols.T @ g2[start * ho * wo:stop * ho * wo]
            recycle(cols)
        return dw

    def _input_grad(self, g2):
        """col2im: the gradient of each kernel offset's columns added (``+=``) into the
        strided slice of the input that offset read."""
        (n, hp, wp, c), ((pt, pb), (pl, pr)), (sh, sw), (dh, dw), (ho, wo), (kh, kw) = self.geometry
        compiled = kernels.get("conv") if c >= _COMPILED_DX_CHANNELS else None
        if compiled is not None:
            # A few samples at a time, so that each slice of column gradients is
            # still in cache when col2im reads it back.
            k, pixels = kh * kw * c, ho * wo
            chunks = _batch_chunks(n, pixels * k * g2.dtype.itemsize, COLUMN_SLICE_BYTES)
            dcols = scratch(((chunks[0][1] - chunks[0][0]) * pixels, k), g2.dtype)
            w2t = self.w.reshape(k, -1).T
            dx = B.xp.empty((n, hp - pt - pb, wp - pl - pr, c), dtype=g2.dtype)
            for start, stop in chunks:
                part = dcols[:(stop - start) * pixels]
                np.matmul(g2[start * pixels:stop * pixels], w2t, out=part)
                compiled.col2im(part, kh, kw, sh, sw, dh, dw, pt, pl, ho, wo, dx[start:stop])
            recycle(dcols)
        elif c <= _FEW_CHANNELS_DX:
            dx = self._input_grad_channels_first(g2)
        else:
            dxp = B.xp.zeros((n, hp, wp, c), dtype=g2.dtype)
            part = scratch((g2.shape[0], c), g2.dtype)
            fields = part.reshape(n, ho, wo, c)
            for i in range(kh):
                for j in range(kw):
                    np.matmul(g2, self.w[i, j].T, out=part)
                    dxp[:, window_slice(i * dh, sh, ho), window_slice(j * dw, sw, wo), :] += fields
            recycle(part)
            dx = dxp[:, pt:hp - pb, pl:wp - pr, :]
        return dx[:, 0] if self.rank1 else dx

    def _input_grad_channels_first(self, g2):
        """Few channels: ONE GEMM ``k @ dy.T`` gives every offset's gradient as a
        (C, N, Ho, Wo) slab, added into a channels-first buffer (runs of Wo values
        on both sides), transposed back to NHWC at the end."""
        (n, hp, wp, c), ((pt, pb), (pl, pr)), (sh, sw), (dh, dw), (ho, wo), (kh, kw) = self.geometry
        w2 = self.w.reshape(kh * kw * c, -1)
        dxt = B.xp.zeros((c, n, hp, wp), dtype=g2.dtype)
        for start, stop in _batch_chunks(n, ho * wo * kh * kw * c * g2.dtype.itemsize):
            slabs = scratch((kh, kw, c, stop - start, ho, wo), g2.dtype)
            np.matmul(w2, g2[start * ho * wo:stop * ho * wo].T, out=slabs.reshape(w2.shape[0], -1))
            for i in range(kh):
                for j in range(kw):
                    dxt[:, start:stop, window_slice(i * dh, sh, ho), window_slice(j * dw, sw, wo)] += slabs[i, j]
            recycle(slabs)
        return B.xp.ascontiguousarray(dxt[:, :, pt:hp - pb, pl:wp - pr].transpose(1, 2, 3, 0))


# -------------------------------------------------------- public functions
def tf_spatial_arg(value, rank: int, name: str) -> tuple[int, ...]:
    """TensorFlow's form of ``strides``/``ksize``/``dilations``: an int, or a list
    of 1, ``rank`` or ``rank + 2`` ints (the last with 1 for batch and channels)."""
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return normalize_tuple(value, rank, name)
    values = list(value)
    if len(values) == 1:
        return normalize_tuple(values[0], rank, name)
    if len(values) == rank + 2:
        if values[0] != 1 or values[-1] != 1:
            raise ValueError(f"`{name}` must be 1 on the batch and channel axes. Received: {name}={value!r}")
        values = values[1:-1]
    return normalize_tuple(values, rank, name)


def tf_padding(padding, rank: int):
    """TensorFlow's ``padding``: ``'SAME'``/``'VALID'`` (any case) or explicit
    ``[[0, 0], [before, after], ..., [0, 0]]`` pairs, one per axis."""
    if isinstance(padding, str):
        return normalize_padding(padding)
    pairs = [tuple(int(v) for v in pair) for pair in padding]
    if len(pairs) != rank + 2 or any(len(p) != 2 or min(p) < 0 for p in pairs) or any(pairs[0]) or any(pairs[-1]):
        raise ValueError(f"Explicit `padding` must be {rank + 2} pairs of non-negative ints with zeros for the "
                         f"batch and channel axes. Received: padding={padding!r}")
    return pairs[1:-1]


def spatial_pads(shape, window, strides, dilation, padding) -> tuple:
    """Per spatial axis ``(before, after)`` amounts for ``padding`` (a mode or pairs)."""
    if isinstance(padding, str):
        return tuple(padding_amounts(n, k, s, d, padding) for n, k, s, d in zip(shape, window, strides, dilation))
    return tuple(tuple(p) for p in padding)


def check_output(op: str, shape, window, strides, dilation, pads) -> None:
    """Raise a clear ValueError when the window does not fit the (padded) input."""
    extents = [(k - 1) * d + 1 for k, d in zip(window, dilation)]
    if any(n + a + b < e for n, (a, b), e in zip(shape, pads, extents)):
        raise ValueError(f"{op}: the window {tuple(extents)} (dilation included) is larger than the padded "
                         f"input {tuple(n + a + b for n, (a, b) in zip(shape, pads))} (spatial shape "
                         f"{tuple(shape)}). Use padding='same' or a smaller kernel/pool size.")


def conv(inputs, kernel, bias=None, strides=1, padding="valid", dilation_rate=1, relu: bool = False) -> Tensor:
    """Convolution of channels_last ``inputs`` with ``kernel`` plus ``bias`` (axon; what Conv1D/Conv2D call).

    ``y[n, h, w, f] = bias[f] + sum_{i, j, c} x[n, h*sh + i*dh, w*sw + j*dw, c] * kernel[i, j, c, f]``
    on the input padded as ``padding`` says. Rank 4 inputs (N, H, W, C) take a
    ``(kh, kw, C, F)`` kernel; rank 3 inputs (N, W, C) a ``(k, C, F)`` kernel.

    Args:
        inputs: images (N, H, W, C) or sequences (N, W, C).
        kernel: the filters, ``(kh, kw, C, F)`` or ``(k, C, F)``.
        bias: ``(F,)`` or None.
        strides, dilation_rate: an int or one int per spatial axis.
        padding: ``'valid'``, ``'same'``, ``'causal'`` (1-D only) or ``(before, after)`` pairs per spatial axis.
        relu: apply ``max(y, 0)`` inside the op (what a layer with ``activation='relu'``
            asks for): done on each chunk of the output while it is in cache, with no
            array of its own, and its gradient is taken in the op's backward.

    Example:
        >>> conv(np.ones((1, 5, 5, 1), "float32"), np.ones((3, 3, 1, 1), "float32")).shape
        (1, 3, 3, 1)
    """
    x = as_tensor(inputs)
    w = as_tensor(kernel, x)
    rank = x.ndim - 2
    if rank not in (1, 2) or w.ndim != rank + 2:
        raise ValueError(f"conv: expected inputs of rank 3 (N, W, C) or 4 (N, H, W, C) and a kernel of the same "
                         f"rank. Received inputs of shape {x.shape} and kernel of shape {w.shape}.")
    if w.shape[-2] != x.shape[-1]:
        raise ValueError(f"conv: the kernel's input channels ({w.shape[-2]}, kernel shape {w.shape}) must equal "
                         f"the input's channels ({x.shape[-1]}, input shape {x.shape}).")
    strides = normalize_tuple(strides, rank, "strides")
    dilation = normalize_tuple(dilation_rate, rank, "dilation_rate")
    if isinstance(padding, str):
        padding = normalize_padding(padding, ("valid", "same", "causal") if rank == 1 else ("valid", "same"))
    window = w.shape[:rank]
    pads = spatial_pads(x.shape[1:-1], window, strides, dilation, padding)
    check_output("conv", x.shape[1:-1], window, strides, dilation, pads)
    if rank == 1:
        strides, dilation, pads = (1,) + strides, (1,) + dilation, ((0, 0),) + pads
    params = dict(strides=strides, pads=pads, dilation=dilation, relu=bool(relu))
    if bias is None:
        return Convolution.apply(x, w, **params)
    b = as_tensor(bias, x)
    if b.shape != (w.shape[-1],):
        raise ValueError(f"conv: bias must have shape ({w.shape[-1]},). Received: bias of shape {b.shape}.")
    return Convolution.apply(x, w, b, **params)


def conv2d(input, filters, strides, padding, data_format: str = "NHWC", dilations=None, name=None) -> Tensor:
    """TensorFlow's ``tf.nn.conv2d``: 2-D cross-correlation of NHWC images.

    Args:
        input: images ``(N, H, W, C)``.
        filters: ``(kh, kw, C, F)``.
        strides: an int or a list of 1, 2 or 4 ints (``[1, sh, sw, 1]``).
        padding: ``'SAME'``, ``'VALID'`` or ``[[0, 0], [top, bottom], [left, right], [0, 0]]``.
        data_format: only ``'NHWC'``.
        dilations: like ``strides``; None means 1.

    Example:
        >>> axon.nn.conv2d(np.ones((1, 4, 4, 1), "float32"), np.ones((2, 2, 1, 3), "float32"), 1, "SAME").shape
        (1, 4, 4, 3)
    """
    check_data_format(data_format, "NHWC")
    _check_rank("conv2d", input, 4, "(N, H, W, C)")
    return conv(input, filters, None, tf_spatial_arg(strides, 2, "strides"), tf_padding(padding, 2),
                tf_spatial_arg(1 if dilations is None else dilations, 2, "dilations"))


def conv1d(input, filters, stride, padding, data_format: str = "NWC", dilations=None, name=None) -> Tensor:
    """TensorFlow's ``tf.nn.conv1d``: 1-D cross-correlation of NWC sequences with a ``(k, C, F)`` kernel."""
    check_data_format(data_format, "NWC")
    _check_rank("conv1d", input, 3, "(N, W, C)")
    return conv(input, filters, None, tf_spatial_arg(stride, 1, "stride"), tf_padding(padding, 1),
                tf_spatial_arg(1 if dilations is None else dilations, 1, "dilations"))


def convolution(input, filters, strides=None, padding="VALID", data_format=None, dilations=None,
                name=None) -> Tensor:
    """TensorFlow's ``tf.nn.convolution``: ``conv1d`` or ``conv2d`` chosen by the input's rank."""
    rank = as_tensor(input).ndim - 2
    if rank not in (1, 2):
        raise ValueError(f"convolution: supports 1-D and 2-D inputs (rank 3 or 4). Received rank {rank + 2}.")
    check_data_format(data_format or ("NWC" if rank == 1 else "NHWC"), "NWC" if rank == 1 else "NHWC")
    return conv(input, filters, None, tf_spatial_arg(1 if strides is None else strides, rank, "strides"),
                tf_padding(padding, rank), tf_spatial_arg(1 if dilations is None else dilations, rank, "dilations"))


def _check_rank(op: str, value, rank: int, layout: str) -> None:
    shape = tuple(getattr(value, "shape", np.shape(value)))
    if len(shape) != rank:
        raise ValueError(f"{op}: expected an input of rank {rank} {layout}. Received shape {shape}.")


def check_data_format(data_format: str, expected: str) -> None:
    """Raise a clear ValueError unless ``data_format`` is the channels_last ``expected``."""
    if data_format != expected:
        raise ValueError(f"Only data_format={expected!r} (channels last) is supported. "
                         f"Received: data_format={data_format!r}. Transpose the input to {expected}.")
