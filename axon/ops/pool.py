"""Max and average pooling as one op, on channels_last images (NHWC) and sequences (NWC).

Every output is a reduction over one window; the windows are read as
``ph * pw`` strided slices of the (padded) input, one per offset in the
window, so the work is a few whole-array ``np.maximum`` / ``+`` calls and
never a loop over pixels. When the stride equals the pool size and nothing is
padded (the usual ``MaxPooling2D(2)``), the slices do not overlap and the
backward writes each one exactly once.

``'same'`` padding follows TensorFlow: max pooling pads with ``-inf`` (padding
never wins), average pooling divides by the number of real, unpadded
elements in each window. The max gradient goes to one element of each window
(the first maximum in row-major order, as PyTorch does), found again in
backward from the saved input and output instead of tracking an argmax in
forward: the forward stays a bare ``np.maximum`` (measured faster overall).
With the compiled kernels (``axon.kernels``, numba), max pooling over disjoint
windows is instead one pass that keeps each window's argmax (one byte per
output) and a backward that writes each window once from it.
"""

from __future__ import annotations

import numpy as np

from axon import backend as B
from axon import kernels
from axon.autograd.op import Op
from axon.autograd.tensor import Tensor
from axon.ops.broadcast import as_tensor
from axon.ops.conv import (
    check_data_format,
    check_output,
    normalize_padding,
    normalize_tuple,
    pad_spatial,
    spatial_pads,
    tf_padding,
    tf_spatial_arg,
    window_slice,
)


def _lowest(dtype):
    """The padding value that never wins a max: -inf, or the smallest integer."""
    return -np.inf if np.dtype(dtype).kind == "f" else np.iinfo(dtype).min


def _compiled_fits(x, size, strides, pads) -> bool:
    """Whether the compiled max pooling forward applies: float data, disjoint unpadded
    windows, and whole vectors of channels (with other channel counts its loops
    measured slower than NumPy's: 0.41 vs 0.21 ms on 64x28x28x6; the backward of
    such windows is compiled all the same, from the saved input and output)."""
    return (x.dtype.kind == "f" and tuple(strides) == tuple(size) and not any(map(any, pads))
            and x.shape[-1] % 8 == 0 and size[0] * size[1] <= 255)


def _window_counts(size: int, window: int, stride: int, before: int, out: int):
    """How many real (unpadded) elements each output's window covers along one axis."""
    starts = np.arange(out) * stride - before
    return np.minimum(starts + window, size) - np.maximum(starts, 0)


class Pool(Op):
    """Max (``mode='max'``) or average (``mode='avg'``) pooling of NHWC ``x``;
    3-D ``x`` (NWC) is the 1-D case."""

    def forward(self, x, mode, size, strides, pads):
        self.rank1 = x.ndim == 3
        if self.rank1:
            x = x[:, None]
        if mode == "avg" and x.dtype.kind != "f":
            x = x.astype(B.floatx())
        self.arg = None
        if mode == "max" and _compiled_fits(x, size, strides, pads):
            compiled = kernels.get("pool")
            if compiled is not None:
                return self._max_compiled(compiled, x, size)
        n, h, w, c = x.shape
        (ph, pw), (sh, sw), ((pt, pb), (pl, pr)) = size, strides, pads
        xp = pad_spatial(x, pads, _lowest(x.dtype) if mode == "max" else 0)
        ho, wo = (xp.shape[1] - ph) // sh + 1, (xp.shape[2] - pw) // sw + 1
        slices = [xp[:, window_slice(i, sh, ho), window_slice(j, sw, wo), :] for i in range(ph) for j in range(pw)]
        if mode == "max":
            out = slices[0].copy() if len(slices) == 1 else np.maximum(slices[0], slices[1])
            for part in slices[2:]:
                np.maximum(out, part, out=out)
        else:
            out = slices[0].copy() if len(slices) == 1 else slices[0] + slices[1]
            for part in slices[2:]:
                out += part
        self.counts = None
        if mode == "avg":
            if pt or pb or pl or pr:
                self.counts = (_window_counts(h, ph, sh, pt, ho)[:, None, None]
                               * _window_counts(w, pw, sw, pl, wo)[None, :, None])
                self.counts = B.xp.asarray(self.counts, dtype=out.dtype)
                out /= self.counts
            else:
                out *= out.dtype.type(1.0 / (ph * pw))
        self.mode, self.geometry = mode, (xp.shape, size, strides, pads, (ho, wo))
        if mode == "max" and self.needs_grad and self.needs_grad[0]:
            self.xp, self.out = xp, out
        return out[:, 0] if self.rank1 else out

    def _max_compiled(self, compiled, x, size):
        """Max pooling of disjoint windows by the compiled kernel, keeping the argmax offsets."""
        x = B.xp.ascontiguousarray(x)
        (n, h, w, c), (ph, pw) = x.shape, size
        out = B.xp.empty((n, h // ph, w // pw, c), dtype=x.dtype)
        arg = B.xp.empty(out.shape, dtype=np.uint8)
        compiled.max_pool_forward(x, ph, pw, out, arg)
        self.mode, self.geometry = "max", (x.shape, size, size, ((0, 0), (0, 0)), out.shape[1:3])
        if self.needs_grad and self.needs_grad[0]:
            self.arg, self.compiled = arg, compiled
        return out[:, 0] if self.rank1 else out

    def backward(self, grad):
        (n, hp, wp, c), (ph, pw), (sh, sw), ((pt, pb), (pl, pr)), (ho, wo) = self.geometry
        if self.rank1:
            grad = grad[:, None]
        if self.arg is not None:
            covered = (hp, wp) == (ho * ph, wo * pw)  # else the rows/columns no window reads stay zero
            dx = (B.xp.empty if covered else B.xp.zeros)((n, hp, wp, c), dtype=grad.dtype)
            self.compiled.max_pool_backward(B.xp.ascontiguousarray(grad), self.arg, ph, pw, dx)
            return dx[:, 0] if self.rank1 else dx
        # Windows that neither overlap nor pad: each slice of dx is written once.
        disjoint = (sh, sw) == (ph, pw) and not (pt or pb or pl or pr)
        covered = disjoint and (hp, wp) == (ho * ph, wo * pw)
        dxp = (B.xp.empty if covered else B.xp.zeros)((n, hp, wp, c), dtype=grad.dtype)
        if self.mode == "max" and disjoint and grad.dtype.kind == "f":
            compiled = kernels.get("pool")
            if compiled is not None:
                compiled.max_pool_backward_from_values(self.xp, self.out, B.xp.ascontiguousarray(grad), ph, pw, dxp)
                return dxp[:, 0] if self.rank1 else dxp
        targets = [dxp[:, window_slice(i, sh, ho), window_slice(j, sw, wo), :] for i in range(ph) for j in range(pw)]
        if self.mode == "max":
            self._max_grad(grad, targets, disjoint)
        else:
            g = grad / self.counts if self.counts is not None else grad * grad.dtype.type(1.0 / (ph * pw))
            for target in targets:
                if disjoint:
                    target[...] = g
                else:
                    target += g
        dx = dxp[:, pt:hp - pb, pl:wp - pr, :]
        return dx[:, 0] if self.rank1 else dx

    def backward_graph(self, grad):
        from axon.ops.window_grads import pool_backward_graph

        return pool_backward_graph(self, grad)

    def _max_grad(self, grad, targets, disjoint: bool) -> None:
        """Route each output's gradient to the first element of its window equal to the max."""
        _, (_, pw), (sh, sw), _, (ho, wo) = self.geometry
        out, xp = self.out, self.xp
        taken = B.xp.zeros(out.shape, dtype=bool)
        hit = B.xp.empty(out.shape, dtype=bool)
        last = len(targets) - 1
        for k, target in enumerate(targets):
            i, j = divmod(k, pw)
            np.equal(xp[:, window_slice(i, sh, ho), window_slice(j, sw, wo), :], out, out=hit)
            if k:
                np.greater(hit, taken, out=hit)  # hit and not taken: ties go to the first maximum
            if k < last:
                np.logical_or(taken, hit, out=taken)
            if disjoint:
                np.multiply(grad, hit, out=target)
            else:
                target += grad * hit


def pool(inputs, pool_size, strides=None, padding="valid", mode: str = "max") -> Tensor:
    """Max or average pooling of channels_last ``inputs`` (axon; what the pooling layers call).

    ``y[n, h, w, c] = max`` (or mean) of ``x[n, h*sh + i, w*sw + j, c]`` over
    ``0 <= i < ph, 0 <= j < pw``; with ``'same'`` padding the mean counts only
    real elements.

    Args:
        inputs: images (N, H, W, C) or sequences (N, W, C).
        pool_size: an int or one int per spatial axis.
        strides: like ``pool_size``; None means ``pool_size``.
        padding: ``'valid'``, ``'same'`` or ``(before, after)`` pairs per spatial axis.
        mode: ``'max'`` or ``'avg'``.

    Example:
        >>> pool(np.arange(16.0).reshape(1, 4, 4, 1), 2).numpy()[0, :, :, 0]
        array([[ 5.,  7.],
               [13., 15.]])
    """
    x = as_tensor(inputs)
    rank = x.ndim - 2
    if rank not in (1, 2):
        raise ValueError(f"pool: expected inputs of rank 3 (N, W, C) or 4 (N, H, W, C). "
                         f"Received inputs of shape {x.shape}.")
    if mode not in ("max", "avg"):
        raise ValueError(f"`mode` must be 'max' or 'avg'. Received: mode={mode!r}")
    size = normalize_tuple(pool_size, rank, "pool_size")
    strides = size if strides is None else normalize_tuple(strides, rank, "strides")
    if isinstance(padding, str):
        padding = normalize_padding(padding)
    ones = (1,) * rank
    pads = spatial_pads(x.shape[1:-1], size, strides, ones, padding)
    check_output(f"{mode}_pool", x.shape[1:-1], size, strides, ones, pads)
    if any(max(p) >= k for p, k in zip(pads, size)):
        raise ValueError(f"{mode}_pool: padding {pads} must be smaller than the pool size {size} "
                         "(a window would hold only padding).")
    if rank == 1:
        size, strides, pads = (1,) + size, (1,) + strides, ((0, 0),) + pads
    return Pool.apply(x, mode=mode, size=size, strides=strides, pads=pads)


def _tf_pool(input, ksize, strides, padding, data_format, rank: int, mode: str) -> Tensor:
    check_data_format(data_format, "NWC" if rank == 1 else "NHWC")
    return pool(input, tf_spatial_arg(ksize, rank, "ksize"), tf_spatial_arg(strides, rank, "strides"),
                tf_padding(padding, rank), mode)


def max_pool2d(input, ksize, strides, padding, data_format: str = "NHWC", name=None) -> Tensor:
    """TensorFlow's ``tf.nn.max_pool2d``: the maximum of each window of NHWC images.

    Args:
        input: images ``(N, H, W, C)``.
        ksize, strides: an int or a list of 1, 2 or 4 ints (``[1, ph, pw, 1]``).
        padding: ``'SAME'`` (pads with -inf), ``'VALID'`` or explicit pairs.

    Example:
        >>> axon.nn.max_pool2d(np.ones((1, 28, 28, 8), "float32"), 2, 2, "VALID").shape
        (1, 14, 14, 8)
    """
    return _tf_pool(input, ksize, strides, padding, data_format, 2, "max")


def avg_pool2d(input, ksize, strides, padding, data_format: str = "NHWC", name=None) -> Tensor:
    """TensorFlow's ``tf.nn.avg_pool2d``: the mean of each window of NHWC images
    (with ``'SAME'``, the mean of the real elements only)."""
    return _tf_pool(input, ksize, strides, padding, data_format, 2, "avg")


def max_pool1d(input, ksize, strides, padding, data_format: str = "NWC", name=None) -> Tensor:
    """TensorFlow's ``tf.nn.max_pool1d`` on NWC sequences."""
    return _tf_pool(input, ksize, strides, padding, data_format, 1, "max")


def avg_pool1d(input, ksize, strides, padding, data_format: str = "NWC", name=None) -> Tensor:
    """TensorFlow's ``tf.nn.avg_pool1d`` on NWC sequences."""
    return _tf_pool(input, ksize, strides, padding, data_format, 1, "avg")
