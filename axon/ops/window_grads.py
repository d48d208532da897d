"""The gradients of convolution and pooling as ops of their own, for
higher-order gradients (``backward_graph``, see ``axon/autograd/op.py``).

A convolution ``y = conv(x, w)`` is bilinear, so its two gradients and the
convolution itself differentiate into one another: with ``dx = input_grad(g, w)``
and ``dw = kernel_grad(x, g)``,

- ``input_grad(g, w)`` gives ``conv(h, w)`` for ``g`` and ``kernel_grad(h, g)`` for ``w``;
- ``kernel_grad(x, g)`` gives ``input_grad(g, h)`` for ``x`` and ``conv(x, h)`` for ``g``.

Each op below runs the raw kernels of ``Convolution`` (im2col, col2im), so any
order of derivative costs what the first does. Pooling is linear in its input
once max pooling's selection is fixed (a constant, as in PyTorch: its second
derivative through the choice is zero): max pooling's gradient scatters into
the selected entries (and gathers back), average pooling's gradient and the
pooling itself are each other's transposes.
"""

from __future__ import annotations

import numpy as np

from axon import backend as B
from axon.autograd.op import Op
from axon.ops.conv import Convolution, pad_spatial, window_slice


# --------------------------------------------------------------- convolution
def _conv_op(geometry, w=None, xp=None) -> Convolution:
    """A ``Convolution`` holding ``geometry`` (4-D, no bias, no ReLU) to run its raw backward kernels."""
    op = Convolution()
    op.geometry, op.rank1, op.has_bias, op.out = geometry, False, False, None
    op.w, op.xp = w, xp
    return op


def conv_raw(x, w, geometry):
    """The raw forward convolution of 4-D ``x`` with ``w`` under ``geometry``."""
    _, pads, strides, dilation, _, _ = geometry
    op = Convolution()
    return op.forward(x, w, strides=strides, pads=pads, dilation=dilation)


def input_grad_raw(g, w, geometry):
    """``dx`` of a convolution for the upstream ``g`` (N, Ho, Wo, F)."""
    g2 = B.xp.ascontiguousarray(g).reshape(-1, g.shape[-1])
    return _conv_op(geometry, w=w)._input_grad(g2)


def kernel_grad_raw(x, g, geometry):
    """``dw`` of a convolution of ``x`` for the upstream ``g``."""
    _, pads, _, _, _, (kh, kw) = geometry
    g2 = B.xp.ascontiguousarray(g).reshape(-1, g.shape[-1])
    xp = pad_spatial(x.astype(g.dtype, copy=False), pads)
    dw = _conv_op(geometry, xp=xp)._kernel_grad(g2)
    return dw.reshape(kh, kw, x.shape[-1], g.shape[-1])


def conv_graph(x, w, geometry):
    """The convolution as a recorded op (4-D)."""
    _, pads, strides, dilation, _, _ = geometry
    return Convolution.apply(x, w, strides=strides, pads=pads, dilation=dilation)


class ConvInputGrad(Op):
    """``dx = input_grad(g, w)``: the convolution's input gradient as an op."""

    def forward(self, g, w, geometry):
        self.geometry, self.g, self.w = geometry, g, w
        return input_grad_raw(g, w, geometry)

    def backward(self, h):
        gg = conv_raw(h, self.w, self.geometry) if self.needs_grad[0] else None
        gw = kernel_grad_raw(h, self.g, self.geometry) if self.needs_grad[1] else None
        return gg, gw

    def backward_graph(self, h):
        g, w = self.inputs
        gg = conv_graph(h, w, self.geometry) if self.needs_grad[0] else None
        gw = ConvKernelGrad.apply(h, g, geometry=self.geometry) if self.needs_grad[1] else None
        return gg, gw


class ConvKernelGrad(Op):
    """``dw = kernel_grad(x, g)``: the convolution's kernel gradient as an op."""

    def forward(self, x, g, geometry):
        self.geometry, self.x, self.g = geometry, x, g
        return kernel_grad_raw(x, g, geometry)

    def backward(self, h):
        gx = input_grad_raw(self.g, h, self.geometry) if self.needs_grad[0] else None
        gg = conv_raw(self.x, h, self.geometry) if self.needs_grad[1] else None
        return gx, gg

    def backward_graph(self, h):
        x, g = self.inputs
        gx = ConvInputGrad.apply(g, h, geometry=self.geometry) if self.needs_grad[0] else None
        gg = conv_graph(x, h, self.geometry) if self.needs_grad[1] else None
        return gx, gg


def convolution_backward_graph(op: Convolution, grad):
    """``Convolution.backward_graph``: the gradients from the ops above (ReLU's mask a constant)."""
    from axon.ops.broadcast import constant_like
    from axon.ops.reduce import reduce_sum
    from axon.ops.shape import expand_dims, squeeze

    x, w = op.inputs[:2]
    if op.rank1:
        grad, x, w = expand_dims(grad, 1), expand_dims(x, 1), expand_dims(w, 0)
    if op.out is not None:  # relu'' = 0 (and relu'(0) = 0), as in PyTorch
        grad = grad * constant_like(op.out > 0, grad, *op.inputs)
    dx = ConvInputGrad.apply(grad, w, geometry=op.geometry) if op.needs_grad[0] else None
    dw = ConvKernelGrad.apply(x, grad, geometry=op.geometry) if op.needs_grad[1] else None
    if op.rank1:
        dx = None if dx is None else squeeze(dx, 1)
        dw = None if dw is None else squeeze(dw, 0)
    if not op.has_bias:
        return dx, dw
    return dx, dw, reduce_sum(grad, (0, 1, 2)) if op.needs_grad[2] else None


# ------------------------------------------------------------------- pooling
def max_selection(x, size, strides, pads):
    """Flat indices into the padded ``x`` (N, H, W, C) of each window's first maximum
    (row-major in the window, the entry the first-order backward picks), shaped like the output."""
    from axon.ops.pool import _lowest

    (ph, pw), (sh, sw) = size, strides
    xp = pad_spatial(x, pads, _lowest(x.dtype))
    ho, wo = (xp.shape[1] - ph) // sh + 1, (xp.shape[2] - pw) // sw + 1
    flat = np.arange(xp.size).reshape(xp.shape)
    best = idx = None
    for i in range(ph):
        for j in range(pw):
            rows, cols = window_slice(i, sh, ho), window_slice(j, sw, wo)
            values = xp[:, rows, cols, :]
            if best is None:
                best, idx = values.copy(), flat[:, rows, cols, :].copy()
                continue
            better = values > best  # strictly: ties stay with the first maximum
            best = np.where(better, values, best)
            idx = np.where(better, flat[:, rows, cols, :], idx)
    return idx, xp.shape


class FlatScatter(Op):
    """``g`` added at the flat positions ``index`` of a zero array of ``shape``."""

    def forward(self, g, index, shape):
        self.index = index
        total = int(np.prod(shape))
        out = np.bincount(index.reshape(-1), weights=g.reshape(-1), minlength=total)
        return out.astype(g.dtype, copy=False).reshape(shape)

    def backward(self, h):
        return h.reshape(-1)[self.index]

    def backward_graph(self, h):
        return FlatGather.apply(h, index=self.index)


class FlatGather(Op):
    """The entries of ``a`` at the flat positions ``index`` (shaped like ``index``)."""

    def forward(self, a, index):
        self.index, self.shape = index, a.shape
        return a.reshape(-1)[index]

    def backward(self, g):
        return FlatScatter().forward(g, self.index, self.shape)

    def backward_graph(self, g):
        return FlatScatter.apply(g, index=self.index, shape=self.shape)


class AvgPoolGrad(Op):
    """Average pooling's input gradient as an op; its own gradient is average pooling."""

    def forward(self, g, geometry, counts):
        from axon.ops.pool import Pool

        self.geometry, self.counts = geometry, counts
        op = Pool()
        op.mode, op.geometry, op.counts, op.rank1, op.arg = "avg", geometry, counts, False, None
        return op.backward(g)

    def backward(self, h):
        from axon.ops.pool import Pool

        _, size, strides, pads, _ = self.geometry
        return Pool().forward(h, mode="avg", size=size, strides=strides, pads=pads)

    def backward_graph(self, h):
        from axon.ops.pool import Pool

        _, size, strides, pads, _ = self.geometry
        return Pool.apply(h, mode="avg", size=size, strides=strides, pads=pads)


def pool_backward_graph(op, grad):
    """``Pool.backward_graph``: max pooling scatters into its (constant) selection,
    average pooling applies ``AvgPoolGrad``."""
    from axon.ops.shape import expand_dims, getitem, squeeze

    (_, hp, wp, _), size, strides, pads, _ = op.geometry
    if op.rank1:
        grad = expand_dims(grad, 1)
    if op.mode == "max":
        x = op.inputs[0].data
        index, padded = max_selection(x[:, None] if op.rank1 else x, size, strides, pads)
        from axon.ops.broadcast import constant_like

        # The selection is a constant derived from x: zero gradient, connected (as in PyTorch).
        dxp = FlatScatter.apply(grad * constant_like(1, grad, op.inputs[0]), index=index, shape=padded)
        (pt, pb), (pl, pr) = pads
        dx = getitem(dxp, (slice(None), slice(pt, hp - pb), slice(pl, wp - pr))) if any(map(any, pads)) else dxp
    else:
        dx = AvgPoolGrad.apply(grad, geometry=op.geometry, counts=op.counts)
    return squeeze(dx, 1) if op.rank1 else dx
