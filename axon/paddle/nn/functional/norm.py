"""Paddle's normalization functions: ``batch_norm``, ``layer_norm``, ``instance_norm``, ``normalize``.

``batch_norm`` is axon's fused batch-norm op. Paddle's ``momentum`` (0.9 by
default) weighs the old running statistic, as Keras's does:
``running = running * momentum + batch_stat * (1 - momentum)``.
"""

from __future__ import annotations

from axon import ops
from axon.ops.normalization import batch_normalization, fused_batch_norm
from axon.paddle.tensor import Tensor, core, wrap


def _to_last(t, channel_last: bool):
    """The channel axis moved last (a view), so the op normalizes axis -1."""
    if channel_last or t.ndim == 2:
        return t
    return ops.transpose(t, (0,) + tuple(range(2, t.ndim)) + (1,))


def _from_last(t, channel_last: bool):
    if channel_last or t.ndim == 2:
        return t
    return ops.transpose(t, (0, t.ndim - 1) + tuple(range(1, t.ndim - 1)))


def batch_norm(x, running_mean, running_var, weight, bias, training: bool = False, momentum: float = 0.9,
               epsilon: float = 1e-05, data_format: str = "NCHW", use_global_stats=None, name=None) -> Tensor:
    """Normalize each channel of ``x`` (axis 1, or the last axis for channels-last formats).

    In training (and unless ``use_global_stats``) with the batch's mean and biased
    variance, updating ``running_mean`` / ``running_var`` in place; otherwise with
    the running statistics.
    """
    t = core(x)
    if t.ndim < 2:
        raise ValueError(f"batch_norm: expected an input of rank >= 2 (N, C, ...). Received shape {list(t.shape)}.")
    channel_last = data_format in ("NHWC", "NLC", "NDHWC")
    xl = _to_last(t, channel_last)
    scale = core(weight) if weight is not None else None
    offset = core(bias) if bias is not None else None
    use_global = (not training) if use_global_stats is None else bool(use_global_stats)
    c = xl.shape[-1]
    if scale is None:
        from axon.paddle.creation import ones

        scale = ones([c], dtype=xl.dtype).value
    if offset is None:
        from axon.paddle.creation import zeros

        offset = zeros([c], dtype=xl.dtype).value
    if use_global:
        y = batch_normalization(xl, core(running_mean).data, core(running_var).data, offset, scale, epsilon, -1)
    else:
        y = fused_batch_norm(xl, scale, offset, -1, epsilon, core(running_mean), core(running_var), momentum)
    return wrap(_from_last(y, channel_last))


def layer_norm(x, normalized_shape, weight=None, bias=None, epsilon: float = 1e-05, name=None) -> Tensor:
    """Normalize over the trailing ``normalized_shape`` axes: ``(x - mean) / sqrt(var + eps) * weight + bias``."""
    t = core(x)
    n = 1 if isinstance(normalized_shape, int) else len(normalized_shape)
    axes = tuple(range(t.ndim - n, t.ndim))
    mean = ops.reduce_mean(t, axes, True)
    centred = ops.subtract(t, mean)
    var = ops.reduce_mean(ops.square(centred), axes, True)
    y = ops.divide(centred, ops.sqrt(ops.add(var, float(epsilon))))
    if weight is not None:
        y = ops.multiply(y, core(weight))
    if bias is not None:
        y = ops.add(y, core(bias))
    return wrap(y)


def instance_norm(x, running_mean=None, running_var=None, weight=None, bias=None, use_input_stats: bool = True,
                  momentum: float = 0.9, eps: float = 1e-05, data_format: str = "NCHW", name=None) -> Tensor:
    """Normalize each sample's each channel over its spatial axes."""
    t = core(x)
    axes = tuple(range(2, t.ndim))
    mean = ops.reduce_mean(t, axes, True)
    centred = ops.subtract(t, mean)
    y = ops.divide(centred, ops.sqrt(ops.add(ops.reduce_mean(ops.square(centred), axes, True), float(eps))))
    shape = (1, -1) + (1,) * (t.ndim - 2)
    if weight is not None:
        y = ops.multiply(y, ops.reshape(core(weight), shape))
    if bias is not None:
        y = ops.add(y, ops.reshape(core(bias), shape))
    return wrap(y)


def normalize(x, p: float = 2, axis: int = 1, epsilon: float = 1e-12, name=None) -> Tensor:
    """``x / max(||x||_p, epsilon)`` along ``axis``."""
    from axon.paddle.math import norm

    t = core(x)
    n = norm(t, p, axis, keepdim=True).value
    return wrap(ops.divide(t, ops.maximum(n, float(epsilon))))
