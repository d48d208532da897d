"""Max pooling over disjoint windows in one pass per direction (numba).

For the usual pooling, windows that tile the image (stride equal to the pool
size, no padding), the forward keeps each window's argmax, the offset
``i * pw + j`` of its first maximum in row-major order (ties go to the first,
as in the NumPy path and PyTorch), one byte per output; the backward then
writes every element of every window once: the gradient at the argmax, zero
elsewhere. The inner loops run over channels, so they are used only when the
channel count is a multiple of the vector width (``axon.ops.pool`` decides).
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True, boundscheck=False)
def max_pool_forward(x, ph, pw, out, arg):
    """``out`` (N, Ho, Wo, C) = window maxima of ``x`` (N, >= Ho*ph, >= Wo*pw, C); ``arg`` (uint8) their offsets.

    Written row by row, one window offset at a time over a whole output row:
    the inner loops are then long and branch-free, which the compiler
    vectorises (0.14 ms against 0.52 ms window by window on 128x28x28x8).
    """
    n_, ho_, wo_, c_ = out.shape
    for n in range(n_):
        for oh in range(ho_):
            out_row, arg_row = out[n, oh], arg[n, oh]
            for i in range(ph):
                x_row = x[n, oh * ph + i]
                for j in range(pw):
                    k = np.uint8(i * pw + j)
                    for ow in range(wo_):
                        for c in range(c_):
                            v = x_row[ow * pw + j, c]
                            if k == 0:
                                out_row[ow, c] = v
                                arg_row[ow, c] = 0
                            else:
                                best = out_row[ow, c]
                                take = v > best  # strictly greater: ties stay with the first
                                out_row[ow, c] = v if take else best
                                arg_row[ow, c] = k if take else arg_row[ow, c]


@njit(cache=True, boundscheck=False)
def max_pool_backward(grad, arg, ph, pw, dx):
    """Write the windows of ``dx`` (N, >= Ho*ph, >= Wo*pw, C): ``grad`` at each argmax, ``grad * 0`` elsewhere
    (zero, or NaN for a NaN gradient, as in the NumPy path)."""
    n_, ho_, wo_, c_ = grad.shape
    for n in range(n_):
        for oh in range(ho_):
            grad_row, arg_row = grad[n, oh], arg[n, oh]
            for i in range(ph):
                dx_row = dx[n, oh * ph + i]
                for j in range(pw):
                    k = i * pw + j
                    for ow in range(wo_):
                        for c in range(c_):
                            dx_row[ow * pw + j, c] = grad_row[ow, c] * (1 if arg_row[ow, c] == k else 0)
