"""``paddle.nn.functional``'s common functions: ``linear``, ``dropout``, ``flatten``, ``embedding``,
``one_hot``, ``pad``, ``interpolate`` / ``upsample``, ``cosine_similarity``."""

from __future__ import annotations

import numpy as np

from axon import backend as B
from axon import ops
from axon.autograd.tensor import Tensor as _Core
from axon.ops.affine import affine
from axon.ops.dropout import keep_mask
from axon.paddle.tensor import Tensor, core, wrap


def linear(x, weight, bias=None, name=None) -> Tensor:
    """``x @ weight + bias`` with an ``(in, out)`` weight (Paddle's layout)."""
    t, w = core(x), core(weight)
    if t.shape[-1] != w.shape[0]:
        raise ValueError(f"linear: the input's last axis has {t.shape[-1]} features (shape {list(t.shape)}) but "
                         f"the weight of shape {list(w.shape)} expects {w.shape[0]} (Paddle's weight is (in, out)).")
    return wrap(affine(t, w, None if bias is None else core(bias)))


def dropout(x, p: float = 0.5, axis=None, training: bool = True, mode: str = "upscale_in_train",
            name=None) -> Tensor:
    """Zero each element with probability ``p`` in training.

    ``mode='upscale_in_train'`` (default) scales the kept ones by ``1 / (1 - p)``
    and leaves inference alone; ``'downscale_in_infer'`` keeps them as they are in
    training and multiplies by ``1 - p`` in inference. ``axis`` draws one decision
    per index of those axes (shared along the others).
    """
    p = float(p)
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"dropout: `p` must be in [0, 1]. Received: p={p!r}")
    if mode not in ("upscale_in_train", "downscale_in_infer"):
        raise ValueError(f"dropout: `mode` must be 'upscale_in_train' or 'downscale_in_infer'. Received: {mode!r}")
    t = core(x)
    if not training:
        return wrap(ops.multiply(t, 1.0 - p) if mode == "downscale_in_infer" else t)
    if p == 0.0:
        return wrap(t)
    if p == 1.0:
        return wrap(ops.multiply(t, 0.0))
    shape = t.shape
    if axis is not None:
        axes = [a % t.ndim for a in np.atleast_1d(axis)]
        shape = tuple(n if i in axes else 1 for i, n in enumerate(t.shape))
    mask = keep_mask(shape, p, t.dtype)
    if mode == "downscale_in_infer":
        mask = mask * t.dtype.type(1.0 - p)
    return wrap(ops.multiply(t, _Core._wrap(mask)))


def alpha_dropout(x, p: float = 0.5, training: bool = True, name=None) -> Tensor:
    """Dropout for SELU networks (keeps mean and variance)."""
    t = core(x)
    if not training or p == 0:
        return wrap(t)
    alpha = -1.7580993408473766
    keep = B.rng().random(t.shape) >= p
    a = ((1 - p) * (1 + p * alpha ** 2)) ** -0.5
    b = -a * alpha * p
    kept = ops.multiply(t, _Core._wrap(B.xp.asarray(keep, dtype=t.dtype)))
    dropped = _Core._wrap(B.xp.asarray(~keep * alpha, dtype=t.dtype))
    return wrap(ops.add(ops.multiply(ops.add(kept, dropped), a), b))


def flatten(x, start_axis: int = 1, stop_axis: int = -1, name=None) -> Tensor:
    """Merge the axes ``start_axis .. stop_axis`` into one."""
    from axon.paddle.manipulation import flatten as _flatten

    return _flatten(x, start_axis, stop_axis)


def embedding(x, weight, padding_idx=None, max_norm=None, norm_type: float = 2.0, sparse: bool = False,
              scale_grad_by_freq: bool = False, name=None) -> Tensor:
    """Rows of ``weight`` picked by the integer ids ``x``; the row ``padding_idx`` gets no gradient."""
    ids = np.asarray(B.to_numpy(core(x).data)).astype(np.int64)
    w = core(weight)
    if ids.size and (ids.min() < -w.shape[0] or ids.max() >= w.shape[0]):
        raise ValueError(f"embedding: ids must lie in [0, {w.shape[0]}) for a table of {w.shape[0]} rows. "
                         f"Received ids from {ids.min()} to {ids.max()}.")
    if max_norm is not None or scale_grad_by_freq:
        raise NotImplementedError("embedding: max_norm and scale_grad_by_freq are not supported by axon.paddle.")
    out = ops.getitem(w, B.xp.asarray(ids))
    if padding_idx is not None:
        pad = padding_idx % w.shape[0]
        out = ops.multiply(out, _Core._wrap(B.xp.asarray((ids != pad)[..., None], dtype=w.dtype)))
    return wrap(out)


def one_hot(x, num_classes: int, name=None) -> Tensor:
    """Integer labels as float32 one-hot vectors."""
    from axon.paddle.manipulation import one_hot as _one_hot

    return _one_hot(x, num_classes)


def pad(x, pad, mode: str = "constant", value: float = 0.0, data_format: str = "NCHW", name=None) -> Tensor:
    """Pad ``x``: ``pad`` lists (before, after) amounts, for every axis (``2 * ndim`` numbers) or for the
    spatial axes of an N-C-... tensor, last axis first (``[left, right, top, bottom]`` for NCHW)."""
    t = core(x)
    amounts = [int(v) for v in (pad.tolist() if isinstance(pad, Tensor) else pad)]
    if len(amounts) == 2 * t.ndim:
        pairs = [(amounts[2 * i], amounts[2 * i + 1]) for i in range(t.ndim)]
    elif len(amounts) % 2 == 0 and len(amounts) // 2 <= t.ndim - 2:
        spatial = [(amounts[2 * i], amounts[2 * i + 1]) for i in range(len(amounts) // 2)][::-1]
        lead = t.ndim - len(spatial)
        channel_last = data_format.endswith("C")
        pairs = [(0, 0)] * t.ndim
        axes = range(1, 1 + len(spatial)) if channel_last else range(lead, t.ndim)
        for a, pr in zip(axes, spatial):
            pairs[a] = pr
    else:
        raise ValueError(f"pad: `pad` must hold 2 numbers per axis (or per spatial axis). Received {amounts} for "
                         f"shape {list(t.shape)}.")
    if mode != "constant":
        modes = {"reflect": "reflect", "replicate": "edge", "circular": "wrap"}
        if mode not in modes:
            raise ValueError(f"pad: `mode` must be 'constant', 'reflect', 'replicate' or 'circular'. Received {mode!r}")
        index = np.pad(np.arange(int(np.prod(t.shape))).reshape(t.shape), pairs, mode=modes[mode])
        return wrap(ops.getitem(ops.reshape(t, (-1,)), B.xp.asarray(index)))
    if any(a < 0 or b < 0 for a, b in pairs):
        raise ValueError(f"pad: amounts must be >= 0. Received {amounts}.")
    parts = t
    for axis, (a, b) in enumerate(pairs):
        if not (a or b):
            continue
        blocks = []
        for n in (a, b):
            shape = list(parts.shape)
            shape[axis] = n
            blocks.append(_Core._wrap(B.xp.full(shape, value, dtype=parts.dtype)))
        parts = ops.concat([blocks[0], parts, blocks[1]], axis)
    return wrap(parts)


def interpolate(x, size=None, scale_factor=None, mode: str = "nearest", align_corners: bool = False,
                align_mode: int = 0, data_format: str = "NCHW", name=None) -> Tensor:
    """Resize the spatial axes of NCHW ``x`` to ``size`` or by ``scale_factor``.

    ``mode='nearest'`` picks ``floor(i * in / out)``; ``'bilinear'`` blends the two
    nearest rows and columns (``align_corners`` as Paddle). Differentiable.
    """
    t = core(x)
    if t.ndim != 4:
        raise ValueError(f"interpolate: expected a 4-D input. Received shape {list(t.shape)}.")
    channel_last = data_format == "NHWC"
    h, w = (t.shape[1], t.shape[2]) if channel_last else (t.shape[2], t.shape[3])
    if size is not None:
        oh, ow = ([size] * 2 if isinstance(size, int) else [int(s) for s in size])
    elif scale_factor is not None:
        sh, sw = ([scale_factor] * 2 if np.isscalar(scale_factor) else list(scale_factor))
        oh, ow = int(h * sh), int(w * sw)
    else:
        raise ValueError("interpolate: give `size` or `scale_factor`.")
    ha, wa = (1, 2) if channel_last else (2, 3)
    mode = mode.lower()
    if mode == "nearest":
        rh, rw = (h / oh, w / ow) if scale_factor is None else (1.0 / sh, 1.0 / sw)
        rows = np.minimum((np.arange(oh) * rh).astype(int), h - 1)
        cols = np.minimum((np.arange(ow) * rw).astype(int), w - 1)
        return wrap(_take(_take(t, rows, ha), cols, wa))
    if mode != "bilinear":
        raise NotImplementedError(f"interpolate: mode {mode!r} is not supported; use 'nearest' or 'bilinear'.")
    out = t
    for axis, n, m in ((ha, h, oh), (wa, w, ow)):
        if align_corners:
            pos = np.arange(m) * ((n - 1) / (m - 1) if m > 1 else 0.0)
        elif align_mode == 0:
            pos = np.clip((np.arange(m) + 0.5) * (n / m) - 0.5, 0, None)
        else:
            pos = np.arange(m) * (n / m)
        lo = np.minimum(np.floor(pos).astype(int), n - 1)
        hi = np.minimum(lo + 1, n - 1)
        frac = (pos - lo).astype(t.dtype)
        shape = [1] * 4
        shape[axis] = m
        weight = _Core._wrap(B.xp.asarray(frac.reshape(shape)))
        a, b = _take(out, lo, axis), _take(out, hi, axis)
        out = ops.add(a, ops.multiply(ops.subtract(b, a), weight))
    return wrap(out)


upsample = interpolate


def _take(t, index, axis: int):
    return ops.getitem(t, (slice(None),) * axis + (B.xp.asarray(index),))


def cosine_similarity(x1, x2, axis: int = 1, eps: float = 1e-8) -> Tensor:
    """``x1 . x2 / (|x1| |x2|)`` along ``axis``."""
    a, b = core(x1), core(x2)
    dot = ops.reduce_sum(ops.multiply(a, b), axis)
    norms = ops.multiply(ops.sqrt(ops.reduce_sum(ops.square(a), axis)), ops.sqrt(ops.reduce_sum(ops.square(b), axis)))
    return wrap(ops.divide(dot, ops.maximum(norms, float(eps))))
