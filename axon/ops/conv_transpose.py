"""Transposed convolution as an op: the input gradient of a convolution, run forward.

A convolution with a ``(kh, kw, F, C)`` kernel maps an (N, Ho, Wo, F) image to
(N, Hi, Wi, C); its transpose maps (N, Hi, Wi, C) back to (N, Ho, Wo, F) with the
same kernel (Keras's Conv2DTranspose kernel shape, ``(kh, kw, filters, in_channels)``):

    y[n, h*sh + i*dh - pt, w*sw + j*dw - pl, f] += sum_c x[n, h, w, c] * k[i, j, f, c]

So this op reuses the convolution's machinery (``axon/ops/conv.py``) both ways:
its forward is the convolution's col2im input gradient, its input gradient is a
plain convolution of ``dy`` with the kernel, and its kernel gradient is the
convolution's kernel gradient with the roles of input and output exchanged.
The output size and padding follow TensorFlow's ``conv_transpose`` (as Keras
on TensorFlow): the padding is the one a ``'same'``/``'valid'`` convolution of
the output would use.
"""

from __future__ import annotations

from axon.autograd.op import Op
from axon.autograd.tensor import Tensor
from axon.ops.broadcast import as_tensor
from axon.ops.conv import Convolution, normalize_padding, normalize_tuple, output_length, padding_amounts


def transpose_output_length(size: int | None, kernel: int, stride: int, dilation: int, padding: str,
                            output_padding: int | None = None) -> int | None:
    """Length of one output axis of a transposed convolution (Keras's rule).

    ``'valid'``: ``(n - 1) * s + k' + output_padding`` with ``output_padding``
    defaulting to ``max(k', s) - k'``; ``'same'``: ``n * s``, or
    ``(n - 1) * s + k' % 2 + output_padding`` when it is given; ``k'`` is the
    dilated kernel ``(k - 1) * d + 1``.

    Example:
        >>> transpose_output_length(7, 3, 2, 1, "same")
        14
    """
    if size is None:
        return None
    extent = (kernel - 1) * dilation + 1
    if padding == "valid":
        extra = max(extent, stride) - extent if output_padding is None else output_padding
        return (size - 1) * stride + extent + extra
    if output_padding is None:
        return size * stride
    return (size - 1) * stride + extent % 2 + output_padding


class ConvolutionTranspose(Op):
    """Transposed 2-D convolution of NHWC ``x`` with a ``(kh, kw, F, C)`` kernel, plus an
    optional bias of shape ``(F,)``; 3-D ``x`` (NWC) with a ``(k, F, C)`` kernel is the 1-D case."""

    def forward(self, x, w, *bias, strides, pads, dilation, out_hw):
        self.rank1 = x.ndim == 3
        if self.rank1:
            x, w = x[:, None], w[None]
        n, hi, wi, c = x.shape
        kh, kw, f, _ = w.shape
        (pt, pb), (pl, pr) = pads
        # A convolution op set up as if it had mapped the output to the input: its
        # input gradient (col2im, compiled where available) is this op's forward.
        conv = Convolution()
        conv.rank1, conv.w, conv.has_bias = False, w, False
        conv.geometry = ((n, out_hw[0] + pt + pb, out_hw[1] + pl + pr, f), pads, strides, dilation, (hi, wi),
                         (kh, kw))
        self.geometry = conv.geometry
        out = conv._input_grad(x.reshape(-1, c))
        if bias:
            out += bias[0].astype(out.dtype, copy=False)
        needs = self.needs_grad or (False,) * (2 + len(bias))
        self.w, self.x = w, (x if needs[1] else None)
        self.params = dict(strides=strides, pads=pads, dilation=dilation)
        return out[:, 0] if self.rank1 else out

    def backward(self, grad):
        if self.rank1:
            grad = grad[:, None]
        needs = self.needs_grad
        dx = dw = None
        if needs[0] or needs[1]:
            # dx is the convolution of dy with the kernel; dw is that convolution's kernel
            # gradient against x (its columns are read from the padded dy it keeps).
            conv = Convolution()
            conv.needs_grad = (False, needs[1])
            dx = conv.forward(grad, self.w, **self.params)
            if needs[1]:
                dw = conv._kernel_grad(self.x.reshape(-1, self.x.shape[-1])).reshape(self.w.shape)
                dw = dw[0] if self.rank1 else dw
            dx = (dx[:, 0] if self.rank1 else dx) if needs[0] else None
        if len(needs) == 2:
            return dx, dw
        return dx, dw, (grad.sum(axis=(0, 1, 2)) if needs[2] else None)

    def backward_graph(self, grad):
        """The same gradients as recorded ops: this op is the convolution's input gradient,
        so its gradients are the convolution (for x) and its kernel gradient (for w)."""
        from axon.ops.reduce import reduce_sum
        from axon.ops.shape import expand_dims, squeeze
        from axon.ops.window_grads import ConvKernelGrad, conv_graph

        x, w = self.inputs[:2]
        if self.rank1:
            grad, x, w = expand_dims(grad, 1), expand_dims(x, 1), expand_dims(w, 0)
        dx = conv_graph(grad, w, self.geometry) if self.needs_grad[0] else None
        dw = ConvKernelGrad.apply(grad, x, geometry=self.geometry) if self.needs_grad[1] else None
        if self.rank1:
            dx = None if dx is None else squeeze(dx, 1)
            dw = None if dw is None else squeeze(dw, 0)
        if len(self.needs_grad) == 2:
            return dx, dw
        return dx, dw, (reduce_sum(grad, (0, 1, 2)) if self.needs_grad[2] else None)


def conv_transpose(inputs, kernel, bias=None, strides=1, padding="valid", output_padding=None,
                   dilation_rate=1) -> Tensor:
    """Transposed convolution of channels_last ``inputs`` (axon; what Conv1DTranspose/Conv2DTranspose call).

    ``y[n, h*sh + i*dh - pt, w*sw + j*dw - pl, f] += sum_c x[n, h, w, c] * kernel[i, j, f, c]``,
    plus ``bias[f]``: the gradient of a convolution with respect to its input,
    used as a layer that upsamples. Output sizes follow ``transpose_output_length``.

    Args:
        inputs: images (N, H, W, C) or sequences (N, W, C).
        kernel: ``(kh, kw, F, C)`` or ``(k, F, C)``: note the output channels come first.
        bias: ``(F,)`` or None.
        strides, dilation_rate: an int or one int per spatial axis.
        padding: ``'valid'`` or ``'same'``.
        output_padding: None, an int or one int per spatial axis (each below its stride):
            the output's extra length.

    Example:
        >>> conv_transpose(np.ones((1, 4, 4, 3), "float32"), np.ones((3, 3, 8, 3), "float32"), strides=2,
        ...                padding="same").shape
        (1, 8, 8, 8)
    """
    x = as_tensor(inputs)
    w = as_tensor(kernel, x)
    rank = x.ndim - 2
    if rank not in (1, 2) or w.ndim != rank + 2:
        raise ValueError(f"conv_transpose: expected inputs of rank 3 (N, W, C) or 4 (N, H, W, C) and a kernel of "
                         f"the same rank. Received inputs of shape {x.shape} and kernel of shape {w.shape}.")
    if w.shape[-1] != x.shape[-1]:
        raise ValueError(f"conv_transpose: the kernel's last axis ({w.shape[-1]}, kernel shape {w.shape}) must "
                         f"equal the input's channels ({x.shape[-1]}, input shape {x.shape}); the kernel is "
                         "(kh, kw, filters, in_channels).")
    strides = normalize_tuple(strides, rank, "strides")
    dilation = normalize_tuple(dilation_rate, rank, "dilation_rate")
    padding = normalize_padding(padding)
    extra = check_output_padding(output_padding, strides, rank)
    window = w.shape[:rank]
    spatial = x.shape[1:-1]
    out = tuple(transpose_output_length(n, k, s, d, padding, e)
                for n, k, s, d, e in zip(spatial, window, strides, dilation, extra))
    pads = tuple(padding_amounts(o, k, s, d, padding) for o, k, s, d in zip(out, window, strides, dilation))
    back = tuple(output_length(o, k, s, d, padding) for o, k, s, d in zip(out, window, strides, dilation))
    if back != tuple(spatial) or min(out) <= 0:
        raise ValueError(f"conv_transpose: output_padding={output_padding!r} gives an output of spatial shape {out} "
                         f"that a convolution (kernel {tuple(window)}, strides {strides}, padding '{padding}') "
                         f"would not map back to the input's {tuple(spatial)}.")
    if rank == 1:
        strides, dilation, pads, out = (1,) + strides, (1,) + dilation, ((0, 0),) + pads, (1,) + out
    params = dict(strides=strides, pads=pads, dilation=dilation, out_hw=out)
    if bias is None:
        return ConvolutionTranspose.apply(x, w, **params)
    b = as_tensor(bias, x)
    if b.shape != (w.shape[-2],):
        raise ValueError(f"conv_transpose: bias must have shape ({w.shape[-2]},). Received: bias of shape {b.shape}.")
    return ConvolutionTranspose.apply(x, w, b, **params)


def check_output_padding(output_padding, strides: tuple, rank: int) -> tuple:
    """``output_padding`` as one int (or None) per axis, each in ``[0, stride)``."""
    if output_padding is None:
        return (None,) * rank
    values = (output_padding,) * rank if isinstance(output_padding, int) else tuple(output_padding)
    if len(values) != rank or any(not isinstance(v, int) or isinstance(v, bool) or not 0 <= v < s
                                  for v, s in zip(values, strides)):
        raise ValueError(f"`output_padding` must be None, an int or {rank} ints, each >= 0 and strictly less than "
                         f"the stride. Received: output_padding={output_padding!r}, strides={strides}")
    return values
