"""Top-k accuracy: how often the true class is among the ``k`` highest-scored ones.

A class is in the top ``k`` when fewer than ``k`` classes score strictly higher
(TensorFlow's ``in_top_k``: ties at the boundary count as in).
"""

from __future__ import annotations

import numpy as np

from axon import backend as B
from axon.autograd.tensor import Tensor
from axon.metrics.base import MeanMetricWrapper, to_numpy


def _in_top_k(targets: np.ndarray, scores: np.ndarray, k: int) -> np.ndarray:
    """``targets`` (M,) class ids against ``scores`` (M, C): 1.0 where in the top ``k``."""
    scores = scores.reshape(-1, scores.shape[-1])
    ids = targets.reshape(-1).astype(np.int64)
    if ids.size != scores.shape[0]:
        raise ValueError(f"top-k accuracy: {ids.size} labels for {scores.shape[0]} rows of scores. Received y_true of "
                         f"shape {targets.shape} and y_pred of shape {scores.shape}.")
    if ids.size and (ids.min() < 0 or ids.max() >= scores.shape[1]):
        raise ValueError(f"top-k accuracy: class ids must lie in [0, {scores.shape[1]}). Received ids from "
                         f"{ids.min()} to {ids.max()}.")
    own = scores[np.arange(ids.size), ids]
    higher = (scores > own[:, None]).sum(axis=1)
    return (higher < k).astype(B.floatx())


def top_k_categorical_accuracy_values(y_true, y_pred, k: int = 5) -> np.ndarray:
    """Per-sample 1/0: is ``argmax(y_true)`` (one-hot) among the ``k`` highest ``y_pred``?"""
    t, p = to_numpy(y_true), to_numpy(y_pred)
    labels = t.argmax(axis=-1)
    return _in_top_k(labels, p, k).reshape(labels.shape)


def sparse_top_k_categorical_accuracy_values(y_true, y_pred, k: int = 5, from_sorted_ids: bool = False):
    """Per-sample 1/0: is the class id ``y_true`` among the ``k`` highest ``y_pred``?

    With ``from_sorted_ids=True``, ``y_pred`` holds class ids sorted by score
    (best first) and the first ``k`` are compared with ``y_true``.
    """
    t, p = to_numpy(y_true), to_numpy(y_pred)
    if t.ndim == p.ndim and t.shape[-1] == 1:
        t = t[..., 0]
    if from_sorted_ids:
        ids = t.reshape(-1, 1)
        return (p.reshape(ids.shape[0], -1)[:, :k] == ids).any(axis=1).astype(B.floatx()).reshape(t.shape)
    return _in_top_k(t, p, k).reshape(t.shape)


def top_k_categorical_accuracy(y_true, y_pred, k: int = 5) -> Tensor:
    """Per-sample top-k accuracy for one-hot ``y_true`` (see ``TopKCategoricalAccuracy``)."""
    return Tensor._wrap(top_k_categorical_accuracy_values(y_true, y_pred, k))


def sparse_top_k_categorical_accuracy(y_true, y_pred, k: int = 5, from_sorted_ids: bool = False) -> Tensor:
    """Per-sample top-k accuracy for integer ``y_true`` (see ``SparseTopKCategoricalAccuracy``)."""
    return Tensor._wrap(sparse_top_k_categorical_accuracy_values(y_true, y_pred, k, from_sorted_ids))


def _check_k(k) -> int:
    if not isinstance(k, (int, np.integer)) or isinstance(k, bool) or k < 1:
        raise ValueError(f"`k` must be a positive int. Received: k={k!r}")
    return int(k)


class TopKCategoricalAccuracy(MeanMetricWrapper):
    """How often the one-hot target's class is among the ``k`` highest predictions.

    Example:
        >>> m = axon.metrics.TopKCategoricalAccuracy(k=1)
        >>> m.update_state([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]])
        >>> float(m.result())
        0.5
    """

    def __init__(self, k: int = 5, name: str = "top_k_categorical_accuracy", dtype=None):
        super().__init__(top_k_categorical_accuracy_values, name=name, dtype=dtype, k=_check_k(k))


class SparseTopKCategoricalAccuracy(MeanMetricWrapper):
    """How often the integer target class is among the ``k`` highest predictions.

    Args:
        k: how many of the best-scored classes count.
        from_sorted_ids: ``y_pred`` holds class ids sorted by score instead of scores.

    Example:
        >>> m = axon.metrics.SparseTopKCategoricalAccuracy(k=1)
        >>> m.update_state([2, 1], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]])
        >>> float(m.result())
        0.5
    """

    def __init__(self, k: int = 5, name: str = "sparse_top_k_categorical_accuracy", dtype=None,
                 from_sorted_ids: bool = False):
        super().__init__(sparse_top_k_categorical_accuracy_values, name=name, dtype=dtype, k=_check_k(k),
                         from_sorted_ids=bool(from_sorted_ids))
