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

from numba import njit


@njit(cache=True, boundscheck=False)
def max_pool_forward(x, ph, pw, out, arg):
    """``out`` (N, Ho, Wo, C) = window maxima of ``x`` (N, >= Ho*ph, >= Wo*pw, C); ``arg`` (uint8) their offsets."""
    n_, ho_, wo_, c_ = out.shape
    for n in range(n_):
        for oh in range(ho_):
            for ow in range(wo_):
                h0, w0 = oh * ph, ow * pw
                for c in range(c_):
                    out[n, oh, ow, c] = x[n, h0, w0, c]
                    arg[n, oh, ow, c] = 0
                for i in range(ph):
                    for j in range(pw):
                        k = i * pw + j
                        for c in range(c_):
                            v = x[n, h0 + i, w0 + j, c]
                            if v > out[n, oh, ow, c]:
                                out[n, oh, ow, c] = v
                                arg[n, oh, ow, c] = k


@njit(cache=True, boundscheck=False)
def max_pool_backward(grad, arg, ph, pw, dx):
    """Write the windows of ``dx`` (N, >= Ho*ph, >= Wo*pw, C): ``grad`` at each argmax, zero elsewhere."""
    n_, ho_, wo_, c_ = grad.shape
    zero = dx.dtype.type(0)
    for n in range(n_):
        for oh in range(ho_):
            for ow in range(wo_):
                for i in range(ph):
                    for j in range(pw):
                        k = i * pw + j
                        for c in range(c_):
                            g = grad[n, oh, ow, c]
                            dx[n, oh * ph + i, ow * pw + j, c] = g if arg[n, oh, ow, c] == k else zero
