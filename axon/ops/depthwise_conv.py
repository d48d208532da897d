"""Depthwise convolution as an op: each input channel filtered on its own.

With a ``(kh, kw, C, M)`` kernel (``M`` the depth multiplier), output channel
``c * M + m`` is

    y[n, h, w, c*M + m] = b[c*M + m] + sum_{i, j} x[n, h*sh + i*dh, w*sw + j*dw, c] * k[i, j, c, m]

on the input padded as a convolution's (``axon/ops/conv.py``'s geometry and
padding). Each kernel offset reads a strided slice of the padded input, and since a
channel's filter is only ``kh * kw`` numbers, the output is ``kh * kw``
multiply-add passes over those slices (a GEMM per channel would be all
overhead). Backward: the input gradient is added (``+=``) into the strided slice
each offset read (col2im), never ``np.add.at``; the kernel gradient is one
reduction over batch and pixels per offset.
"""

from __future__ import annotations

import numpy as np

from axon import backend as B
from axon.autograd.op import Op
from axon.autograd.tensor import Tensor
from axon.ops.broadcast import as_tensor
from axon.ops.conv import (
    check_output,
    normalize_padding,
    normalize_tuple,
    pad_spatial,
    spatial_pads,
    window_slice,
)


def _offsets(kh: int, kw: int, strides, dilation, out_hw):
    """``(i, j, rows, cols)``: each kernel offset and the strided slices of the padded input it reads."""
    (sh, sw), (dh, dw), (ho, wo) = strides, dilation, out_hw
    return [(i, j, window_slice(i * dh, sh, ho), window_slice(j * dw, sw, wo)) for i in range(kh) for j in range(kw)]


def forward_raw(x, w, strides, pads, dilation):
    """The depthwise convolution of 4-D ``x`` with ``(kh, kw, C, M)`` ``w`` (no bias) on raw arrays.

    One multiply-add pass over the output per kernel offset (a channel's filter
    is a handful of numbers: a GEMM per channel would be all overhead).
    Returns the output ``(N, Ho, Wo, C*M)``, the padded input and the geometry
    ``(padded shape, pads, strides, dilation, (Ho, Wo), (kh, kw, M))`` the gradients use.
    """
    dtype = np.result_type(x.dtype, w.dtype)
    xp = pad_spatial(x.astype(dtype, copy=False), pads)
    n, hp, wp, c = xp.shape
    kh, kw, _, m = w.shape
    ho = (hp - (kh - 1) * dilation[0] - 1) // strides[0] + 1
    wo = (wp - (kw - 1) * dilation[1] - 1) // strides[1] + 1
    w = w.astype(dtype, copy=False)
    out = B.xp.zeros((n, ho, wo, c, m), dtype=dtype)
    for i, j, rows, cols in _offsets(kh, kw, strides, dilation, (ho, wo)):
        out += xp[:, rows, cols, :, None] * w[i, j]
    return out.reshape(n, ho, wo, c * m), xp, (xp.shape, pads, strides, dilation, (ho, wo), (kh, kw, m))


def input_grad_raw(g, w, geometry):
    """``dx`` (N, H, W, C) of the depthwise convolution for the upstream ``g``: each kernel
    offset's share added (``+=``) into the strided slice it read (col2im)."""
    (n, hp, wp, c), ((pt, pb), (pl, pr)), strides, dilation, (ho, wo), (kh, kw, m) = geometry
    g5 = g.reshape(n, ho, wo, c, m)
    dxp = B.xp.zeros((n, hp, wp, c), dtype=np.result_type(g.dtype, w.dtype))
    for i, j, rows, cols in _offsets(kh, kw, strides, dilation, (ho, wo)):
        dxp[:, rows, cols, :] += g5[..., 0] * w[i, j, :, 0] if m == 1 else (g5 * w[i, j]).sum(axis=-1)
    return dxp[:, pt:hp - pb, pl:wp - pr, :]


def kernel_grad_raw(x, g, geometry, padded=False):
    """``dw`` (kh, kw, C, M) of the depthwise convolution of ``x`` (already padded when
    ``padded``) for the upstream ``g``: per offset, ``sum(x_slice * dy)`` over batch and pixels."""
    (n, _, _, c), pads, strides, dilation, (ho, wo), (kh, kw, m) = geometry
    xp = x if padded else pad_spatial(x.astype(g.dtype, copy=False), pads)
    g3 = g.reshape(n * ho * wo, c, m)
    dw = B.xp.empty((kh, kw, c, m), dtype=g.dtype)
    for i, j, rows, cols in _offsets(kh, kw, strides, dilation, (ho, wo)):
        patch = B.xp.ascontiguousarray(xp[:, rows, cols, :]).reshape(-1, c)
        dw[i, j] = np.einsum("pc,pcm->cm", patch, g3)
    return dw


class DepthwiseConvolution(Op):
    """Depthwise 2-D convolution of NHWC ``x`` with a ``(kh, kw, C, M)`` kernel and an
    optional ``(C*M,)`` bias; 3-D ``x`` (NWC) with a ``(k, C, M)`` kernel is the 1-D case."""

    def forward(self, x, w, *bias, strides, pads, dilation):
        self.rank1 = x.ndim == 3
        if self.rank1:
            x, w = x[:, None], w[None]
        out, xp, self.geometry = forward_raw(x, w, strides, pads, dilation)
        if bias:
            out += bias[0].astype(out.dtype, copy=False)
        needs = self.needs_grad or (False,) * (2 + len(bias))
        self.xp = xp if needs[1] else None
        self.w = w if needs[0] else None
        return out[:, 0] if self.rank1 else out

    def backward(self, grad):
        if self.rank1:
            grad = grad[:, None]
        dx = input_grad_raw(grad, self.w, self.geometry) if self.needs_grad[0] else None
        dw = kernel_grad_raw(self.xp, grad, self.geometry, padded=True) if self.needs_grad[1] else None
        if self.rank1:
            dx = None if dx is None else dx[:, 0]
            dw = None if dw is None else dw[0]
        if len(self.needs_grad) == 2:
            return dx, dw
        return dx, dw, (grad.sum(axis=(0, 1, 2)) if self.needs_grad[2] else None)

    def backward_graph(self, grad):
        """The gradients as recorded ops (the convolution is bilinear: its two gradients
        and itself differentiate into one another, as in ``axon/ops/window_grads.py``)."""
        from axon.ops.reduce import reduce_sum
        from axon.ops.shape import expand_dims, squeeze

        x, w = self.inputs[:2]
        if self.rank1:
            grad, x, w = expand_dims(grad, 1), expand_dims(x, 1), expand_dims(w, 0)
        dx = DepthwiseInputGrad.apply(grad, w, geometry=self.geometry) if self.needs_grad[0] else None
        dw = DepthwiseKernelGrad.apply(x, grad, geometry=self.geometry) if self.needs_grad[1] else None
        if self.rank1:
            dx = None if dx is None else squeeze(dx, 1)
            dw = None if dw is None else squeeze(dw, 0)
        if len(self.needs_grad) == 2:
            return dx, dw
        return dx, dw, (reduce_sum(grad, (0, 1, 2)) if self.needs_grad[2] else None)


def _conv_graph(x, w, geometry):
    _, pads, strides, dilation, _, _ = geometry
    return DepthwiseConvolution.apply(x, w, strides=strides, pads=pads, dilation=dilation)


class DepthwiseInputGrad(Op):
    """``dx = input_grad(g, w)`` of the depthwise convolution, as an op (for higher orders)."""

    def forward(self, g, w, geometry):
        self.geometry, self.g, self.w = geometry, g, w
        return input_grad_raw(g, w, geometry)

    def backward(self, h):
        _, pads, strides, dilation, _, _ = self.geometry
        gg = forward_raw(h, self.w, strides, pads, dilation)[0] if self.needs_grad[0] else None
        gw = kernel_grad_raw(h, self.g, self.geometry) if self.needs_grad[1] else None
        return gg, gw

    def backward_graph(self, h):
        g, w = self.inputs
        gg = _conv_graph(h, w, self.geometry) if self.needs_grad[0] else None
        gw = DepthwiseKernelGrad.apply(h, g, geometry=self.geometry) if self.needs_grad[1] else None
        return gg, gw


class DepthwiseKernelGrad(Op):
    """``dw = kernel_grad(x, g)`` of the depthwise convolution, as an op (for higher orders)."""

    def forward(self, x, g, geometry):
        self.geometry, self.x, self.g = geometry, x, g
        return kernel_grad_raw(x, g, geometry)

    def backward(self, h):
        _, pads, strides, dilation, _, _ = self.geometry
        gx = input_grad_raw(self.g, h, self.geometry) if self.needs_grad[0] else None
        gg = forward_raw(self.x, h, strides, pads, dilation)[0] if self.needs_grad[1] else None
        return gx, gg

    def backward_graph(self, h):
        x, g = self.inputs
        gx = DepthwiseInputGrad.apply(g, h, geometry=self.geometry) if self.needs_grad[0] else None
        gg = _conv_graph(x, h, self.geometry) if self.needs_grad[1] else None
        return gx, gg


def depthwise_conv(inputs, kernel, bias=None, strides=1, padding="valid", dilation_rate=1) -> Tensor:
    """Depthwise convolution of channels_last ``inputs`` (axon; what DepthwiseConv2D calls).

    Each input channel ``c`` is convolved with its own ``M`` filters
    ``kernel[..., c, :]``, giving output channels ``c * M + m``.

    Args:
        inputs: images (N, H, W, C) or sequences (N, W, C).
        kernel: ``(kh, kw, C, M)`` or ``(k, C, M)``.
        bias: ``(C * M,)`` or None.
        strides, dilation_rate: an int or one int per spatial axis.
        padding: ``'valid'`` or ``'same'`` (``'causal'`` for 1-D).

    Example:
        >>> depthwise_conv(np.ones((1, 5, 5, 3), "float32"), np.ones((3, 3, 3, 2), "float32")).shape
        (1, 3, 3, 6)
    """
    x = as_tensor(inputs)
    w = as_tensor(kernel, x)
    rank = x.ndim - 2
    if rank not in (1, 2) or w.ndim != rank + 2 or w.shape[-2] != x.shape[-1]:
        raise ValueError(f"depthwise_conv: expected inputs (N, W, C) or (N, H, W, C) and a kernel "
                         f"(k..., C, depth_multiplier) with the input's C. Received inputs of shape {x.shape} and "
                         f"kernel of shape {w.shape}.")
    strides = normalize_tuple(strides, rank, "strides")
    dilation = normalize_tuple(dilation_rate, rank, "dilation_rate")
    padding = normalize_padding(padding, ("valid", "same", "causal") if rank == 1 else ("valid", "same"))
    window = w.shape[:rank]
    pads = spatial_pads(x.shape[1:-1], window, strides, dilation, padding)
    check_output("depthwise_conv", x.shape[1:-1], window, strides, dilation, pads)
    if rank == 1:
        strides, dilation, pads = (1,) + strides, (1,) + dilation, ((0, 0),) + pads
    params = dict(strides=strides, pads=pads, dilation=dilation)
    if bias is None:
        return DepthwiseConvolution.apply(x, w, **params)
    b = as_tensor(bias, x)
    if b.shape != (w.shape[-2] * w.shape[-1],):
        raise ValueError(f"depthwise_conv: bias must have shape ({w.shape[-2] * w.shape[-1]},). Received: bias of "
                         f"shape {b.shape}.")
    return DepthwiseConvolution.apply(x, w, b, **params)
