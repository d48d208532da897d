"""Image resizing as an op: each output pixel a fixed weighted sum of input pixels.

Bilinear interpolation (TensorFlow's ``tf.image.resize`` without antialiasing:
half-pixel centres, ``src = (dst + 0.5) * in / out - 0.5`` clamped to the image)
is separable: ``y = A_h @ x @ A_w.T`` per sample and channel, with small dense
interpolation matrices ``A`` (out x in, two non-zeros a row). So the forward is
two batched GEMMs and the backward the same two with the matrices transposed.
"""

from __future__ import annotations

import numpy as np

from axon import backend as B
from axon.autograd.op import Op
from axon.autograd.tensor import Tensor
from axon.ops.broadcast import as_tensor


def bilinear_matrix(size_in: int, size_out: int, dtype) -> np.ndarray:
    """The ``(size_out, size_in)`` matrix of linear interpolation weights (half-pixel centres)."""
    src = (np.arange(size_out) + 0.5) * (size_in / size_out) - 0.5
    src = np.clip(src, 0, size_in - 1)
    low = np.floor(src).astype(np.int64)
    high = np.minimum(low + 1, size_in - 1)
    frac = src - low
    a = np.zeros((size_out, size_in))
    rows = np.arange(size_out)
    a[rows, low] += 1 - frac  # one entry per row each time; low == high at the border adds up to 1
    a[rows, high] += frac
    return B.xp.asarray(a.astype(dtype))


def _apply(x, ah, aw):
    """``y[n, i, j, c] = sum_{h, w} ah[i, h] * aw[j, w] * x[n, h, w, c]`` as two batched GEMMs."""
    n, h, w, c = x.shape
    rows = np.matmul(ah, x.reshape(n, h, w * c))                      # (n, Ho, w*c)
    out = np.matmul(aw, rows.reshape(n * ah.shape[0], w, c))          # (n*Ho, Wo, c)
    return out.reshape(n, ah.shape[0], aw.shape[0], c)


class Resize(Op):
    """``y = A_h x A_w^T`` on each (sample, channel) plane of NHWC ``x``; backward ``A_h^T dy A_w``."""

    def forward(self, x, ah, aw):
        self.ah, self.aw = ah, aw
        return _apply(x, ah, aw)

    def backward(self, grad):
        return _apply(grad, self.ah.T, self.aw.T)

    def backward_graph(self, grad):
        return Resize.apply(grad, ah=self.ah.T, aw=self.aw.T)  # linear: its own transpose, recorded


def resize_bilinear(images, size) -> Tensor:
    """(axon) Bilinear resize of NHWC ``images`` to ``size = (height, width)``, as
    ``tf.image.resize(images, size, method='bilinear')`` (half-pixel centres, no antialiasing).

    Example:
        >>> resize_bilinear(np.zeros((1, 4, 4, 3), "float32"), (8, 8)).shape
        (1, 8, 8, 3)
    """
    x = as_tensor(images)
    if x.ndim != 4 or x.dtype.kind != "f":
        raise ValueError(f"resize_bilinear: expected float images (N, H, W, C). Received shape {x.shape}, "
                         f"dtype {x.dtype}.")
    height, width = (int(v) for v in size)
    if height <= 0 or width <= 0:
        raise ValueError(f"resize_bilinear: `size` must be two positive ints. Received: size={size!r}")
    ah = bilinear_matrix(x.shape[1], height, x.dtype)
    aw = bilinear_matrix(x.shape[2], width, x.dtype)
    return Resize.apply(x, ah=ah, aw=aw)
