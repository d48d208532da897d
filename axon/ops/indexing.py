"""Gathering rows by integer index, and its mirror, adding rows back by index.

Every gather (``gather``, ``gather_nd``, ``take``, an Embedding lookup) is one
``GatherRows`` on a 2-D view of the table, wrapped in differentiable reshapes
and transposes. Its backward is ``scatter_add_rows``: the rows of the upstream
gradient summed into the table rows they were read from. Repeated indices are
accumulated by sorting the indices once and summing each run of equal indices
with ``np.add.reduceat`` (no Python loop, no ``np.add.at``, which visits the
values one at a time).
"""

from __future__ import annotations

import math

import numpy as np

from axon import backend as B
from axon.autograd.op import Op
from axon.autograd.tensor import Tensor
from axon.ops.broadcast import as_tensor, normalize_axis
from axon.ops.shape import reshape, transpose


def scatter_add_rows(grad_rows, indices, num_rows: int):
    """Sum the rows of ``grad_rows`` into a zero table of ``num_rows`` rows.

    ``out[i] = sum(grad_rows[k] for k where indices[k] == i)``, the backward of
    reading ``table[indices]``. Indices may repeat (a token seen twice in a
    batch gets both gradients).

    Args:
        grad_rows: an array of shape ``(n, *row_shape)``.
        indices: ``n`` integers in ``[0, num_rows)`` (any shape with ``n`` values).
        num_rows: the number of rows of the result.

    Returns:
        An array of shape ``(num_rows, *row_shape)`` and ``grad_rows``'s dtype.

    Example:
        >>> scatter_add_rows(np.ones((3, 2)), np.array([1, 0, 1]), 3)
        array([[1., 1.], [2., 2.], [0., 0.]])
    """
    xp = B.xp
    indices = indices.reshape(-1)
    out = xp.zeros((int(num_rows),) + grad_rows.shape[1:], dtype=grad_rows.dtype)
    if indices.size == 0:
        return out
    order = xp.argsort(indices, kind="stable")
    sorted_idx = indices[order]
    is_start = xp.empty(sorted_idx.shape, dtype=bool)
    is_start[0] = True
    xp.not_equal(sorted_idx[1:], sorted_idx[:-1], out=is_start[1:])
    starts = xp.flatnonzero(is_start)
    if starts.size == indices.size:  # no repeats: a plain scatter
        out[indices] = grad_rows
    else:
        out[sorted_idx[starts]] = np.add.reduceat(grad_rows[order], starts, axis=0)
    return out


class GatherRows(Op):
    """``table[rows]`` for a 2-D ``table``: output shape ``rows.shape + (table.shape[1],)``."""

    def forward(self, table, rows):
        self.num_rows, self.rows = table.shape[0], rows
        return table[rows]

    def backward(self, grad):
        return scatter_add_rows(grad.reshape(-1, grad.shape[-1]), self.rows, self.num_rows)

    def backward_graph(self, grad):
        return ScatterAddRows.apply(reshape(grad, (-1, grad.shape[-1])), rows=self.rows, num_rows=self.num_rows)


class ScatterAddRows(Op):
    """``scatter_add_rows`` as an op (GatherRows's backward, for higher-order
    gradients); its own gradient gathers the rows back."""

    def forward(self, grad_rows, rows, num_rows):
        self.rows = rows
        return scatter_add_rows(grad_rows, rows, num_rows)

    def backward(self, grad):
        return grad[self.rows.reshape(-1)]

    def backward_graph(self, grad):
        return GatherRows.apply(grad, rows=self.rows.reshape(-1))


def _int_indices(name: str, indices):
    idx = as_tensor(indices).data
    if idx.dtype.kind not in "iu":
        raise TypeError(f"{name}: indices must be integers (int32 or int64). Received dtype={idx.dtype}.")
    return idx


def _check_range(name: str, idx, size: int, what: str) -> None:
    if idx.size and (int(idx.min()) < 0 or int(idx.max()) >= size):
        bad = int(idx.min()) if int(idx.min()) < 0 else int(idx.max())
        raise IndexError(f"{name}: index {bad} is out of range for {what} of size {size}; "
                         f"indices must be in [0, {size}).")


def gather_rows(table, rows) -> Tensor:
    """Rows of a 2-D ``table`` by integer ``rows`` (any shape): ``table[rows]``.

    The lookup behind ``Embedding``: the gradient of ``table`` adds each
    upstream row into the row it came from (``scatter_add_rows``).
    """
    t = as_tensor(table)
    if t.ndim != 2:
        raise ValueError(f"gather_rows: table must be 2-D. Received shape {t.shape}.")
    idx = _int_indices("gather_rows", rows)
    _check_range("gather_rows", idx, t.shape[0], "a table")
    return GatherRows.apply(t, rows=idx)


def gather(params, indices, validate_indices=None, axis=None, batch_dims: int = 0, name=None) -> Tensor:
    """Slices of ``params`` along ``axis`` picked by integer ``indices`` (``tf.gather``).

    The output shape is ``params.shape[:axis] + indices.shape[batch_dims:] +
    params.shape[axis + 1:]``. With ``batch_dims=b`` the first ``b`` axes of
    ``params`` and ``indices`` are batch axes, paired one to one:
    ``out[b0, ..., i, ...] = params[b0, ..., indices[b0, i], ...]``. Indices
    out of ``[0, params.shape[axis])`` raise an IndexError (as TensorFlow does
    on CPU). The gradient of ``params`` accumulates repeated indices.

    Example:
        >>> axon.gather(axon.constant([[1, 2], [3, 4], [5, 6]]), [2, 0])
        [[5, 6], [1, 2]]
    """
    p = as_tensor(params)
    idx = _int_indices("gather", indices)
    b = int(batch_dims)
    if b < 0:
        b += idx.ndim
    if not 0 <= b <= min(idx.ndim, p.ndim - 1):
        raise ValueError(f"gather: batch_dims={batch_dims} must be in [-{idx.ndim}, {idx.ndim}] and less than "
                         f"the rank of params ({p.ndim}).")
    ax = b if axis is None else normalize_axis(axis, p.ndim)[0]
    if ax < b:
        raise ValueError(f"gather: axis={axis} must not be less than batch_dims={batch_dims}.")
    if p.shape[:b] != idx.shape[:b]:
        raise ValueError(f"gather: the first batch_dims={b} axes of params {p.shape} and indices {idx.shape} "
                         "must be equal.")
    size = p.shape[ax]
    _check_range("gather", idx, size, f"axis {ax} of params")
    batch, mid, post = p.shape[:b], p.shape[b:ax], p.shape[ax + 1:]
    n_batch, n_mid, n_post = math.prod(batch), math.prod(mid), math.prod(post)
    # Rows of the table: (batch, position along axis); columns: (mid, post).
    table = reshape(p, (n_batch, n_mid, size, n_post))
    if n_mid != 1:
        table = transpose(table, (0, 2, 1, 3))
    table = reshape(table, (n_batch * size, n_mid * n_post))
    flat_idx = idx.reshape(n_batch, -1).astype(np.int64)
    if n_batch > 1:
        flat_idx = flat_idx + (B.xp.arange(n_batch) * size)[:, None]
    out = GatherRows.apply(table, rows=flat_idx)  # (n_batch, n_idx, n_mid * n_post)
    n_idx = flat_idx.shape[1]
    if n_mid != 1:
        out = transpose(reshape(out, (n_batch, n_idx, n_mid, n_post)), (0, 2, 1, 3))
    return reshape(out, batch + mid + idx.shape[b:] + post)


def gather_nd(params, indices, batch_dims: int = 0, name=None) -> Tensor:
    """Elements or slices of ``params`` addressed by the last axis of ``indices`` (``tf.gather_nd``).

    ``indices`` has shape ``(..., k)``: each row of ``k`` integers addresses the
    first ``k`` axes of ``params`` (after ``batch_dims`` batch axes), so the
    output shape is ``indices.shape[:-1] + params.shape[batch_dims + k:]``.

    Example:
        >>> axon.gather_nd(axon.constant([[1, 2], [3, 4]]), [[1, 0], [0, 1]])
        [3, 2]
    """
    p = as_tensor(params)
    idx = _int_indices("gather_nd", indices)
    b = int(batch_dims)
    if idx.ndim < 1:
        raise ValueError("gather_nd: indices must have at least one axis (the last one holds the coordinates).")
    k = idx.shape[-1]
    if not 0 <= b < idx.ndim or b + k > p.ndim:
        raise ValueError(f"gather_nd: indices of shape {idx.shape} with batch_dims={b} address {b + k} axes, "
                         f"but params has shape {p.shape}.")
    if p.shape[:b] != idx.shape[:b]:
        raise ValueError(f"gather_nd: the first batch_dims={b} axes of params {p.shape} and indices {idx.shape} "
                         "must be equal.")
    batch, inner, post = p.shape[:b], p.shape[b:b + k], p.shape[b + k:]
    n_batch, n_inner = math.prod(batch), math.prod(inner)
    coords = idx.reshape(n_batch, -1, k).astype(np.int64)
    for axis_k, size in enumerate(inner):
        _check_range("gather_nd", coords[..., axis_k], size, f"axis {b + axis_k} of params")
    strides = B.xp.asarray([math.prod(inner[j + 1:]) for j in range(k)], dtype=np.int64)
    flat_idx = (coords * strides).sum(axis=-1) + (B.xp.arange(n_batch) * n_inner)[:, None]
    table = reshape(p, (n_batch * n_inner, math.prod(post)))
    out = GatherRows.apply(table, rows=flat_idx)
    return reshape(out, idx.shape[:-1] + post)


__all__ = ["gather", "gather_nd", "gather_rows", "scatter_add_rows"]
