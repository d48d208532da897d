"""Max pooling in one pass per direction (numba): the max and its argmax together.

Images are NHWC and unpadded; a window's padded positions are skipped, which is
TensorFlow's ``-inf`` padding. ``arg`` holds, per output, the offset
``i * pw + j`` of the first maximum of its window in row-major order (ties go
to the first, as in the NumPy path and PyTorch), so backward is one scatter.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True, boundscheck=False)
def max_pool_forward(x, ph, pw, sh, sw, pt, pl, out, arg):
    """``out`` (N, Ho, Wo, C) = window maxima of ``x`` (N, H, W, C); ``arg`` (uint8) their offsets."""
    n_, h_, w_, c_ = x.shape
    ho_, wo_ = out.shape[1], out.shape[2]
    for n in range(n_):
        for oh in range(ho_):
            top = oh * sh - pt
            h0, h1 = max(top, 0), min(top + ph, h_)
            for ow in range(wo_):
                left = ow * sw - pl
                w0, w1 = max(left, 0), min(left + pw, w_)
                k0 = (h0 - top) * pw + (w0 - left)
                for c in range(c_):
                    out[n, oh, ow, c] = x[n, h0, w0, c]
                    arg[n, oh, ow, c] = k0
                for h in range(h0, h1):
                    for w in range(w0, w1):
                        k = (h - top) * pw + (w - left)
                        for c in range(c_):
                            v = x[n, h, w, c]
                            if v > out[n, oh, ow, c]:
                                out[n, oh, ow, c] = v
                                arg[n, oh, ow, c] = k


@njit(cache=True, boundscheck=False)
def max_pool_backward(grad, arg, pw, sh, sw, pt, pl, dx):
    """``dx`` (N, H, W, C, filled here) = ``grad`` routed to each window's argmax (summed where windows overlap)."""
    n_, h_, w_, c_ = dx.shape
    ho_, wo_ = grad.shape[1], grad.shape[2]
    for n in range(n_):
        dx[n] = 0
        for oh in range(ho_):
            for ow in range(wo_):
                for c in range(c_):
                    i, j = divmod(np.int64(arg[n, oh, ow, c]), pw)
                    dx[n, oh * sh - pt + i, ow * sw - pl + j, c] += grad[n, oh, ow, c]
