"""Paddle's loss functions on axon's fused, numerically stable ops.

``cross_entropy`` takes logits (``use_softmax=True``) or probabilities, hard
labels ``(N,)`` / ``(N, 1)`` or soft labels ``(N, C)``, a class ``weight``,
``ignore_index``, ``label_smoothing`` and a class ``axis``. With a weight the
mean is ``sum(w[y_i] * loss_i) / sum(w[y_i])``, as Paddle computes it.
"""

from __future__ import annotations

import numpy as np

from axon import backend as B
from axon import ops
from axon.autograd.tensor import Tensor as _Core
from axon.paddle.tensor import Tensor, core, wrap

_REDUCTIONS = ("mean", "sum", "none")


def _check_reduction(reduction: str) -> None:
    if reduction not in _REDUCTIONS:
        raise ValueError(f"`reduction` must be 'mean', 'sum' or 'none'. Received: reduction={reduction!r}")


def _reduce(loss, reduction: str):
    if reduction == "mean":
        return ops.reduce_mean(loss)
    if reduction == "sum":
        return ops.reduce_sum(loss)
    return loss


def _const(array):
    return _Core._wrap(B.xp.asarray(array))


def _hard_labels(name, logits: _Core, label, axis: int):
    """The integer labels with the class axis removed, or a clear error."""
    raw = core(label).data
    if raw.dtype.kind == "f":
        raise ValueError(f"{name}: hard labels must be integers (int64); received {raw.dtype}. Pass soft_label=True "
                         "for probability labels.")
    expected = logits.shape[:axis] + logits.shape[axis + 1:]
    if raw.shape != expected:
        if raw.ndim == logits.ndim and raw.shape[axis] == 1 and raw.shape[:axis] + raw.shape[axis + 1:] == expected:
            raw = raw.reshape(expected)
        else:
            raise ValueError(f"{name}: labels of shape {list(raw.shape)} do not fit an input of shape "
                             f"{list(logits.shape)}: expected {list(expected)} or {list(expected[:axis]) + [1]} "
                             f"(one class id per sample, class axis {axis}).")
    return raw.astype(np.int64, copy=False)


def cross_entropy(input, label, weight=None, ignore_index: int = -100, reduction: str = "mean",  # noqa: A002
                  soft_label: bool = False, axis: int = -1, use_softmax: bool = True, label_smoothing: float = 0.0,
                  name=None) -> Tensor:
    """Cross-entropy between ``input`` (logits, or probabilities with ``use_softmax=False``) and ``label``.

    Example:
        >>> F.cross_entropy(paddle.randn([4, 10]), paddle.to_tensor([[1], [0], [3], [9]]))
    """
    _check_reduction(reduction)
    x = core(input)
    axis = int(axis) % x.ndim
    classes = x.shape[axis]
    soft = bool(soft_label)
    if not soft and label_smoothing:
        raw = _hard_labels("cross_entropy", x, label, axis)
        label = np.moveaxis(np.eye(classes, dtype=x.dtype)[raw], -1, axis)
        soft = True
    if soft:
        y = core(label)
        if tuple(y.shape) != tuple(x.shape):
            raise ValueError(f"cross_entropy: soft labels of shape {list(y.shape)} must match the input "
                             f"{list(x.shape)}.")
        if label_smoothing:
            y = ops.add(ops.multiply(y, 1.0 - label_smoothing), label_smoothing / classes)
        logp = ops.log_softmax(x, axis) if use_softmax else ops.log(x)
        loss = ops.negative(ops.reduce_sum(ops.multiply(y, logp), axis, True))
        if weight is None:
            return wrap(_reduce(loss, reduction))
        w = core(weight).data.reshape((1,) * axis + (-1,) + (1,) * (x.ndim - axis - 1))
        per = ops.reduce_sum(ops.multiply(y, _const(w)), axis, True)
        loss = ops.multiply(loss, per)
        if reduction == "mean":
            return wrap(ops.divide(ops.reduce_sum(loss), ops.reduce_sum(per)))
        return wrap(_reduce(loss, reduction))
    raw = _hard_labels("cross_entropy", x, label, axis)
    kept = raw != ignore_index
    everything_kept = bool(kept.all())
    safe = np.where(kept, raw, 0) if not everything_kept else raw
    if safe.size and (safe.min() < 0 or safe.max() >= classes):
        bad = int(safe.min()) if safe.min() < 0 else int(safe.max())
        raise ValueError(f"cross_entropy: label {bad} is outside [0, {classes - 1}] for an input with {classes} "
                         f"classes on axis {axis}.")
    label_shape = core(label).shape
    if use_softmax and weight is None and everything_kept:
        # The common case, one fused op: softmax and cross-entropy with the (p - onehot) gradient.
        if axis != x.ndim - 1:
            # Classes last, as rows of one contiguous matrix (the fused op's backward writes into its rows).
            moved = ops.transpose(x, tuple(i for i in range(x.ndim) if i != axis) + (axis,))
            loss = ops.sparse_softmax_cross_entropy_with_logits(safe.reshape(-1), ops.reshape(moved, (-1, classes)))
        else:
            loss = ops.sparse_softmax_cross_entropy_with_logits(safe, x)
        if reduction == "none":
            return wrap(ops.reshape(loss, label_shape))
        return wrap(_reduce(loss, reduction))
    logp = ops.log_softmax(x, axis) if use_softmax else ops.log(x)
    grids = list(np.ogrid[tuple(slice(n) for n in safe.shape)])
    picked = ops.getitem(logp, tuple(grids[:axis]) + (safe,) + tuple(grids[axis:]))
    loss = ops.negative(picked)
    mask = kept.astype(x.dtype)
    if weight is not None:
        mask = mask * B.to_numpy(core(weight).data)[safe].astype(x.dtype)
    loss = ops.multiply(loss, _const(mask))
    if reduction == "mean":
        return wrap(ops.divide(ops.reduce_sum(loss), float(max(mask.sum(), np.finfo(x.dtype).tiny))))
    if reduction == "none":
        return wrap(ops.reshape(loss, label_shape))
    return wrap(ops.reduce_sum(loss))


def softmax_with_cross_entropy(logits, label, soft_label: bool = False, ignore_index: int = -100,
                               numeric_stable_mode: bool = True, return_softmax: bool = False, axis: int = -1):
    """Per-sample cross-entropy of logits (Paddle 1.x name), keeping the class axis as size 1."""
    loss = cross_entropy(logits, label, None, ignore_index, "none", soft_label, axis)
    x = core(logits)
    shape = list(x.shape)
    shape[int(axis) % x.ndim] = 1
    loss = wrap(ops.reshape(loss.value, tuple(shape)))
    if return_softmax:
        return loss, wrap(ops.softmax(x, int(axis)))
    return loss


def nll_loss(input, label, weight=None, ignore_index: int = -100, reduction: str = "mean", name=None) -> Tensor:  # noqa: A002
    """Negative log-likelihood of log-probabilities ``input`` ``(N, C, ...)`` at integer ``label`` ``(N, ...)``."""
    _check_reduction(reduction)
    x = core(input)
    if x.ndim < 2:
        raise ValueError(f"nll_loss: the input must be (N, C) or (N, C, d1, ...). Received {list(x.shape)}.")
    raw = _hard_labels("nll_loss", x, label, 1)
    kept = raw != ignore_index
    safe = np.where(kept, raw, 0)
    grids = list(np.ogrid[tuple(slice(n) for n in safe.shape)])
    loss = ops.negative(ops.getitem(x, (grids[0], safe) + tuple(grids[1:])))
    mask = kept.astype(x.dtype)
    if weight is not None:
        mask = mask * B.to_numpy(core(weight).data)[safe].astype(x.dtype)
    loss = ops.multiply(loss, _const(mask))
    if reduction == "mean":
        return wrap(ops.divide(ops.reduce_sum(loss), float(max(mask.sum(), np.finfo(x.dtype).tiny))))
    return wrap(_reduce(loss, reduction))


def _pair(name, input, label):  # noqa: A002
    x = core(input)
    y = core(label, like=x)
    if tuple(x.shape) != tuple(y.shape):
        raise ValueError(f"{name}: input of shape {list(x.shape)} and label of shape {list(y.shape)} must match.")
    if y.dtype != x.dtype:
        y = ops.cast(y, x.dtype)
    return x, y


def mse_loss(input, label, reduction: str = "mean", name=None) -> Tensor:  # noqa: A002
    """``(input - label) ** 2``, reduced."""
    _check_reduction(reduction)
    x, y = _pair("mse_loss", input, label)
    return wrap(_reduce(ops.square(ops.subtract(x, y)), reduction))


def l1_loss(input, label, reduction: str = "mean", name=None) -> Tensor:  # noqa: A002
    """``|input - label|``, reduced."""
    _check_reduction(reduction)
    x, y = _pair("l1_loss", input, label)
    return wrap(_reduce(ops.abs(ops.subtract(x, y)), reduction))


def smooth_l1_loss(input, label, reduction: str = "mean", delta: float = 1.0, name=None) -> Tensor:  # noqa: A002
    """Huber loss: ``0.5 d^2`` where ``|d| < delta``, else ``delta * (|d| - 0.5 delta)``."""
    _check_reduction(reduction)
    x, y = _pair("smooth_l1_loss", input, label)
    d = ops.subtract(x, y)
    a = ops.abs(d)
    quadratic = ops.multiply(ops.square(d), 0.5)
    linear = ops.multiply(ops.subtract(a, 0.5 * delta), float(delta))
    return wrap(_reduce(ops.where(a.data < delta, quadratic, linear), reduction))


def binary_cross_entropy(input, label, weight=None, reduction: str = "mean", name=None) -> Tensor:  # noqa: A002
    """``-(y log p + (1 - y) log(1 - p))`` of probabilities ``input`` (log clipped at -100, as Paddle)."""
    _check_reduction(reduction)
    p, y = _pair("binary_cross_entropy", input, label)
    log_p = ops.maximum(ops.log(p), -100.0)
    log_q = ops.maximum(ops.log(ops.subtract(1.0, p)), -100.0)
    loss = ops.negative(ops.add(ops.multiply(y, log_p), ops.multiply(ops.subtract(1.0, y), log_q)))
    if weight is not None:
        loss = ops.multiply(loss, core(weight))
    return wrap(_reduce(loss, reduction))


def binary_cross_entropy_with_logits(logit, label, weight=None, reduction: str = "mean", pos_weight=None,
                                     name=None) -> Tensor:
    """Sigmoid and binary cross-entropy of ``logit`` in one stable op; ``pos_weight`` weighs the positives."""
    _check_reduction(reduction)
    z, y = _pair("binary_cross_entropy_with_logits", logit, label)
    if pos_weight is None:
        loss = ops.sigmoid_cross_entropy_with_logits(y, z)
    else:
        # (1 - y) z + (1 + (pw - 1) y) softplus(-z), softplus(-z) = log(1 + e^-|z|) + max(-z, 0)
        pw = core(pos_weight)
        softplus = ops.add(ops.log(ops.add(ops.exp(ops.negative(ops.abs(z))), 1.0)), ops.relu(ops.negative(z)))
        scale = ops.add(ops.multiply(ops.subtract(pw, 1.0), y), 1.0)
        loss = ops.add(ops.multiply(ops.subtract(1.0, y), z), ops.multiply(scale, softplus))
    if weight is not None:
        loss = ops.multiply(loss, core(weight))
    return wrap(_reduce(loss, reduction))


def kl_div(input, label, reduction: str = "mean", log_target: bool = False, name=None) -> Tensor:  # noqa: A002
    """``label * (log(label) - input)`` with ``input`` log-probabilities; ``'batchmean'`` divides by N."""
    x, y = _pair("kl_div", input, label)
    if log_target:
        loss = ops.multiply(ops.exp(y), ops.subtract(y, x))
    else:
        safe = _const(np.where(B.to_numpy(y.data) > 0, B.to_numpy(y.data), 1).astype(y.dtype))
        loss = ops.multiply(y, ops.subtract(ops.log(safe), x))
    if reduction == "batchmean":
        return wrap(ops.divide(ops.reduce_sum(loss), float(x.shape[0])))
    _check_reduction(reduction)
    return wrap(_reduce(loss, reduction))


def margin_ranking_loss(input, other, label, margin: float = 0.0, reduction: str = "mean", name=None) -> Tensor:  # noqa: A002
    """``max(0, -label * (input - other) + margin)``."""
    _check_reduction(reduction)
    x, o, y = core(input), core(other), core(label)
    return wrap(_reduce(ops.relu(ops.add(ops.multiply(ops.negative(y), ops.subtract(x, o)), float(margin))),
                        reduction))


def square_error_cost(input, label) -> Tensor:  # noqa: A002
    """``(input - label) ** 2`` elementwise (Paddle 1.x name used by the linear-regression guides)."""
    x, y = _pair("square_error_cost", input, label)
    return wrap(ops.square(ops.subtract(x, y)))
