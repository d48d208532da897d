"""Ops that rearrange or repeat values: tile, repeat, pad, split, unstack,
take_along_axis, boolean_mask and identity."""

from __future__ import annotations

import math

import numpy as np

from axon import backend as B
from axon.autograd.op import Op
from axon.autograd.tensor import Tensor
from axon.ops.broadcast import as_tensor, normalize_axis
from axon.ops.indexing import GatherRows, _check_range, _int_indices
from axon.ops.shape import getitem, reshape


class Tile(Op):
    def forward(self, a, multiples):
        self.shape, self.multiples = a.shape, multiples
        return np.tile(a, multiples)

    def backward(self, grad):
        # Interleave (multiple, size) per axis, then sum the multiples away.
        return grad.reshape(self._split()).sum(axis=tuple(range(0, 2 * len(self.shape), 2)))

    def backward_graph(self, grad):
        from axon.ops.reduce import reduce_sum

        return reduce_sum(reshape(grad, self._split()), axis=tuple(range(0, 2 * len(self.shape), 2)))

    def _split(self):
        return [n for pair in zip(self.multiples, self.shape) for n in pair]


class ConstantPad(Op):
    def forward(self, a, pads, value):
        self.inner = tuple(slice(lo, lo + n) for (lo, _), n in zip(pads, a.shape))
        return np.pad(a, pads, mode="constant", constant_values=value)

    def backward(self, grad):
        return grad[self.inner]

    def backward_graph(self, grad):
        return getitem(grad, self.inner)


class Identity(Op):
    def forward(self, a):
        return a.copy()

    def backward(self, grad):
        return grad

    def backward_graph(self, grad):
        return grad


def tile(input, multiples, name=None) -> Tensor:  # noqa: A002 (TensorFlow's name)
    """Repeat the whole tensor ``multiples[i]`` times along axis ``i`` (``tf.tile``)."""
    t = as_tensor(input)
    reps = tuple(int(m) for m in (multiples.data.tolist() if isinstance(multiples, Tensor) else multiples))
    if len(reps) != t.ndim or min(reps, default=1) < 0:
        raise ValueError(f"tile: multiples must hold one non-negative count per axis of the input "
                         f"(rank {t.ndim}). Received multiples={reps}.")
    return Tile.apply(t, multiples=reps)


def repeat(input, repeats, axis=None) -> Tensor:  # noqa: A002
    """Repeat each element ``repeats`` times along ``axis`` (flattened when None), as ``np.repeat``.

    ``repeats`` is one count, or one count per element along ``axis``.
    """
    t = as_tensor(input)
    if axis is None:
        t, ax = reshape(t, (-1,)), 0
    else:
        ax = normalize_axis(axis, t.ndim)[0]
    counts = B.to_numpy(repeats.data if isinstance(repeats, Tensor) else np.asarray(repeats))
    if counts.dtype.kind not in "iu" or (counts.size and int(counts.min()) < 0):
        raise ValueError(f"repeat: repeats must be non-negative integers. Received repeats={repeats!r}.")
    n = t.shape[ax]
    if counts.size not in (1, n) or counts.ndim > 1:
        raise ValueError(f"repeat: repeats has {counts.size} counts but axis {ax} has {n} elements.")
    # Repeating is gathering each index ``counts[i]`` times: the gradient adds the copies back.
    source = np.repeat(np.arange(n), counts.reshape(-1) if counts.size == n else int(counts.reshape(-1)[0]))
    from axon.ops.indexing import gather

    return gather(t, B.xp.asarray(source), axis=ax)


def _pad_indices(n: int, lo: int, hi: int, mode: str):
    """The source index of every position of an axis padded by ``lo`` and ``hi``."""
    positions = np.arange(-lo, n + hi)
    if mode == "edge":
        return np.clip(positions, 0, n - 1)
    if mode == "wrap":
        return positions % n
    if mode == "reflect":  # mirror without repeating the edge: period 2n - 2
        folded = positions % max(2 * n - 2, 1)
        return np.where(folded < n, folded, 2 * n - 2 - folded)
    folded = positions % (2 * n)  # symmetric: mirror including the edge
    return np.where(folded < n, folded, 2 * n - 1 - folded)


def pad(tensor, paddings, mode: str = "CONSTANT", constant_values=0, name=None) -> Tensor:
    """Pad each axis by ``paddings[i] = (before, after)`` values (``tf.pad``).

    ``mode`` is ``"CONSTANT"`` (``constant_values``), ``"REFLECT"`` (mirror
    without the edge), ``"SYMMETRIC"`` (mirror with the edge), or NumPy's
    ``"edge"`` / ``"wrap"``; case does not matter. Differentiable in every mode.
    """
    t = as_tensor(tensor)
    pads = B.to_numpy(paddings.data if isinstance(paddings, Tensor) else np.asarray(paddings)).astype(np.int64)
    if pads.shape != (t.ndim, 2) or (pads < 0).any():
        raise ValueError(f"pad: paddings must be non-negative pairs (before, after), one per axis of the input "
                         f"(shape {t.shape}). Received paddings={pads.tolist()}.")
    kind = str(mode).lower()
    pads = tuple((int(lo), int(hi)) for lo, hi in pads)
    if kind == "constant":
        value = constant_values.item() if isinstance(constant_values, Tensor) else constant_values
        return ConstantPad.apply(t, pads=pads, value=value)
    if kind not in ("reflect", "symmetric", "edge", "wrap"):
        raise ValueError(f"pad: mode must be 'CONSTANT', 'REFLECT', 'SYMMETRIC', 'edge' or 'wrap'. "
                         f"Received mode={mode!r}.")
    out = t
    for axis, (lo, hi) in enumerate(pads):
        n = t.shape[axis]
        limit = n - 1 if kind == "reflect" else n
        if kind in ("reflect", "symmetric") and max(lo, hi) > limit:
            raise ValueError(f"pad: {mode} padding of axis {axis} by {max(lo, hi)} needs at most {limit} "
                             f"(the axis has {n} values).")
        if lo or hi:
            from axon.ops.indexing import gather

            out = gather(out, B.xp.asarray(_pad_indices(n, lo, hi, kind)), axis=axis)
    return out


def split(value, num_or_size_splits, axis=0, num=None, name=None) -> list[Tensor]:
    """Split along ``axis`` into equal parts (an int) or parts of the given sizes (``tf.split``).

    One size may be -1 (the rest).
    """
    t = as_tensor(value)
    ax = normalize_axis(axis, t.ndim)[0]
    n = t.shape[ax]
    if isinstance(num_or_size_splits, (int, np.integer)):
        parts = int(num_or_size_splits)
        if parts <= 0 or n % parts:
            raise ValueError(f"split: axis {ax} of size {n} cannot be split into {parts} equal parts.")
        sizes = [n // parts] * parts
    else:
        sizes = [int(s) for s in (num_or_size_splits.data.tolist() if isinstance(num_or_size_splits, Tensor)
                                  else num_or_size_splits)]
        if sizes.count(-1) == 1:
            sizes[sizes.index(-1)] = n - (sum(sizes) + 1)
        if sum(sizes) != n or min(sizes, default=0) < 0:
            raise ValueError(f"split: sizes {list(num_or_size_splits)} do not add up to the {n} values of axis {ax}.")
    bounds = np.concatenate([[0], np.cumsum(sizes)])
    lead = (slice(None),) * ax
    return [getitem(t, lead + (slice(int(a), int(b)),)) for a, b in zip(bounds[:-1], bounds[1:])]


def unstack(value, num=None, axis=0, name=None) -> list[Tensor]:
    """The slices along ``axis``, as a list (``tf.unstack``)."""
    t = as_tensor(value)
    ax = normalize_axis(axis, t.ndim)[0]
    if num is not None and int(num) != t.shape[ax]:
        raise ValueError(f"unstack: num={num} but axis {ax} has {t.shape[ax]} values.")
    lead = (slice(None),) * ax
    return [getitem(t, lead + (i,)) for i in range(t.shape[ax])]


def take_along_axis(arr, indices, axis) -> Tensor:
    """Values of ``arr`` picked along ``axis`` by ``indices`` (``np.take_along_axis``).

    ``indices`` has the rank of ``arr`` and broadcasts against it on the other
    axes; negative indices count from the end. The gradient adds repeated picks.
    """
    t = as_tensor(arr)
    idx = _int_indices("take_along_axis", indices)
    if axis is None:
        t, ax = reshape(t, (-1,)), 0
    else:
        ax = normalize_axis(axis, t.ndim)[0]
    if idx.ndim != t.ndim:
        raise ValueError(f"take_along_axis: indices (shape {idx.shape}) must have the rank of arr (shape {t.shape}).")
    n = t.shape[ax]
    idx = B.xp.where(idx < 0, idx + n, idx)
    _check_range("take_along_axis", idx, n, f"axis {ax}")
    out_shape = []
    for i, (a, b) in enumerate(zip(t.shape, idx.shape)):
        if i != ax and a != b and 1 not in (a, b):
            raise ValueError(f"take_along_axis: indices of shape {idx.shape} do not broadcast against arr of "
                             f"shape {t.shape} outside axis {ax}.")
        out_shape.append(b if i == ax else max(a, b))
    out_shape = tuple(out_shape)
    coords = [B.xp.broadcast_to(idx, out_shape) if i == ax else
              B.xp.arange(out_shape[i]).reshape((-1,) + (1,) * (t.ndim - 1 - i)) * (t.shape[i] != 1)
              for i in range(t.ndim)]
    flat = np.ravel_multi_index(tuple(B.xp.broadcast_to(c, out_shape) for c in coords), t.shape)
    out = GatherRows.apply(reshape(t, (-1, 1)), rows=flat)
    return reshape(out, out_shape)


def boolean_mask(tensor, mask, axis=None, name=None) -> Tensor:
    """The entries of ``tensor`` where ``mask`` is True (``tf.boolean_mask``).

    ``mask`` covers ``tensor``'s axes ``axis .. axis + mask.ndim - 1`` (from 0
    by default); those axes become one axis holding the selected entries.
    """
    t = as_tensor(tensor)
    m = as_tensor(mask).data
    if m.dtype.kind != "b":
        raise TypeError(f"boolean_mask: mask must be boolean. Received dtype={m.dtype}.")
    ax = 0 if axis is None else normalize_axis(axis, t.ndim)[0]
    if m.ndim == 0 or t.shape[ax:ax + m.ndim] != m.shape:
        raise ValueError(f"boolean_mask: mask of shape {m.shape} must match axes {ax}..{ax + m.ndim - 1} of the "
                         f"tensor (shape {t.shape}).")
    lead, covered, rest = t.shape[:ax], math.prod(m.shape), t.shape[ax + m.ndim:]
    picked = B.xp.flatnonzero(m.reshape(-1))
    if ax == 0:
        out = GatherRows.apply(reshape(t, (covered, -1)), rows=picked)
        return reshape(out, (picked.size,) + rest)
    from axon.ops.indexing import gather

    return gather(reshape(t, lead + (covered,) + rest), picked, axis=ax)


def identity(input, name=None) -> Tensor:  # noqa: A002
    """A copy of ``input`` through which gradients flow unchanged (``tf.identity``)."""
    return Identity.apply(as_tensor(input))


__all__ = ["boolean_mask", "identity", "pad", "repeat", "split", "take_along_axis", "tile", "unstack"]
