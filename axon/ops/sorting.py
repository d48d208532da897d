"""Sorting: sort, argsort and top_k. Sorted values are picked with
``take_along_axis``, so their gradient goes back to where each value came from."""

from __future__ import annotations

import numpy as np

from axon import backend as B
from axon.autograd.tensor import Tensor
from axon.ops.broadcast import as_tensor, normalize_axis
from axon.ops.manipulation import take_along_axis


def _direction(direction: str) -> bool:
    kind = str(direction).upper()
    if kind not in ("ASCENDING", "DESCENDING"):
        raise ValueError(f"direction must be 'ASCENDING' or 'DESCENDING'. Received direction={direction!r}.")
    return kind == "DESCENDING"


def _order(data, axis: int, descending: bool, stable: bool = True):
    if descending:  # stable descending order: sort the negated ranks, keeping ties in order
        flipped = np.flip(data, axis=axis)
        order = np.flip(np.argsort(flipped, axis=axis, kind="stable"), axis=axis)
        return data.shape[axis] - 1 - order
    return np.argsort(data, axis=axis, kind="stable" if stable else None)


def argsort(values, axis: int = -1, direction: str = "ASCENDING", stable: bool = False, name=None) -> Tensor:
    """The indices that sort ``values`` along ``axis`` (int32, ``tf.argsort``). Ties keep their order."""
    t = as_tensor(values)
    ax = normalize_axis(axis, t.ndim)[0] if t.ndim else 0
    if t.ndim == 0:
        return Tensor._wrap(B.xp.zeros((), dtype=np.int32))
    return Tensor._wrap(_order(t.data, ax, _direction(direction)).astype(np.int32))


def sort(values, axis: int = -1, direction: str = "ASCENDING", name=None) -> Tensor:
    """``values`` sorted along ``axis`` (``tf.sort``); differentiable."""
    t = as_tensor(values)
    if t.ndim == 0:
        return t
    ax = normalize_axis(axis, t.ndim)[0]
    return take_along_axis(t, _order(t.data, ax, _direction(direction)), axis=ax)


def top_k(input, k: int = 1, sorted: bool = True, name=None) -> tuple[Tensor, Tensor]:  # noqa: A002
    """The ``k`` largest entries of the last axis and their indices (int32), largest first (``tf.math.top_k``).

    Equal values keep their order (the lower index first). The values are
    differentiable. ``sorted=False`` gives the same (sorted) result.
    """
    t = as_tensor(input)
    k = int(k)
    if t.ndim == 0 or not 0 <= k <= t.shape[-1]:
        raise ValueError(f"top_k: k={k} must be between 0 and the size of the last axis "
                         f"(shape {t.shape}).")
    order = _order(t.data, t.ndim - 1, descending=True)[..., :k]
    return take_along_axis(t, order, axis=-1), Tensor._wrap(order.astype(np.int32))


__all__ = ["argsort", "sort", "top_k"]
