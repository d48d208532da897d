"""Intersection-over-union metrics (segmentation): ``IoU``, ``MeanIoU``, ``BinaryIoU``,
``OneHotIoU`` and ``OneHotMeanIoU``, from one accumulated confusion matrix.

For class ``c``: ``IoU = TP / (TP + FP + FN)``; the result is the mean over the
target classes that occur (in labels or predictions), as Keras 3 computes it.
"""

from __future__ import annotations

import numpy as np

from axon.autograd.tensor import Tensor
from axon.metrics.base import Metric, to_numpy

_EPSILON = 1e-7


class IoU(Metric):
    """The mean IoU over ``target_class_ids``, from integer labels and predictions.

    Labels and predictions are flattened; entries outside ``[0, num_classes)`` or
    equal to ``ignore_class`` are skipped. ``sparse_y_true=False`` /
    ``sparse_y_pred=False`` take the argmax along ``axis`` first (one-hot or scores).

    Args:
        num_classes: the number of classes.
        target_class_ids: the classes whose IoU is averaged.
        ignore_class: a label to leave out (e.g. 255 for "void" pixels).

    Example:
        >>> m = axon.metrics.IoU(num_classes=2, target_class_ids=[0])
        >>> m.update_state([0, 0, 1, 1], [0, 1, 0, 1])
        >>> round(float(m.result()), 4)      # class 0: 1 / (1 + 1 + 1)
        0.3333
    """

    def __init__(self, num_classes: int, target_class_ids, name: str | None = None, dtype=None,
                 ignore_class: int | None = None, sparse_y_true: bool = True, sparse_y_pred: bool = True,
                 axis: int = -1):
        super().__init__(name=name, dtype=dtype)
        if not isinstance(num_classes, (int, np.integer)) or isinstance(num_classes, bool) or num_classes < 1:
            raise ValueError(f"`num_classes` must be a positive int. Received: num_classes={num_classes!r}")
        self.num_classes = int(num_classes)
        ids = [int(i) for i in target_class_ids]
        if not ids or min(ids) < 0 or max(ids) >= self.num_classes:
            raise ValueError(f"`target_class_ids` must be class ids in [0, {self.num_classes}). Received: "
                             f"target_class_ids={list(target_class_ids)!r}")
        self.target_class_ids = ids
        self.ignore_class = None if ignore_class is None else int(ignore_class)
        self.sparse_y_true, self.sparse_y_pred, self.axis = bool(sparse_y_true), bool(sparse_y_pred), int(axis)
        self.reset_state()

    def reset_state(self) -> None:
        self.total_cm = np.zeros((self.num_classes, self.num_classes), dtype=np.float64)

    def _labels(self, y_true, y_pred):
        t, p = to_numpy(y_true), to_numpy(y_pred)
        if not self.sparse_y_true:
            t = t.argmax(axis=self.axis)
        if not self.sparse_y_pred:
            p = p.argmax(axis=self.axis)
        return t, p

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        t, p = self._labels(y_true, y_pred)
        t, p = t.reshape(-1).astype(np.int64), p.reshape(-1).astype(np.int64)
        if t.size != p.size:
            raise ValueError(f"Metric '{self.name}': y_true and y_pred hold {t.size} and {p.size} labels; they must "
                             "have the same number.")
        w = np.ones(t.size) if sample_weight is None else np.broadcast_to(
            to_numpy(sample_weight).astype(np.float64).reshape(-1) if np.ndim(to_numpy(sample_weight)) else
            float(to_numpy(sample_weight)), t.shape)
        keep = (t >= 0) & (t < self.num_classes) & (p >= 0) & (p < self.num_classes)
        if self.ignore_class is not None:
            keep &= t != self.ignore_class
        cells = t[keep] * self.num_classes + p[keep]
        self.total_cm += np.bincount(cells, weights=w[keep], minlength=self.num_classes ** 2).reshape(
            self.num_classes, self.num_classes)

    def result(self) -> Tensor:
        cm = self.total_cm
        tp = np.diag(cm)
        denominator = cm.sum(axis=0) + cm.sum(axis=1) - tp
        ids = self.target_class_ids
        tp, denominator = tp[ids], denominator[ids]
        valid = denominator > 1e-9
        iou = np.where(valid, tp / (denominator + _EPSILON), 0.0)
        return self._wrap(iou.sum() / (valid.sum() + _EPSILON))

    def get_config(self) -> dict:
        return {**super().get_config(), "num_classes": self.num_classes, "target_class_ids": self.target_class_ids,
                "ignore_class": self.ignore_class, "sparse_y_true": self.sparse_y_true,
                "sparse_y_pred": self.sparse_y_pred, "axis": self.axis}


class MeanIoU(IoU):
    """The mean IoU over all ``num_classes`` classes (the usual segmentation score).

    Example:
        >>> m = axon.metrics.MeanIoU(num_classes=2)
        >>> m.update_state([0, 0, 1, 1], [0, 1, 0, 1])
        >>> round(float(m.result()), 4)
        0.3333
    """

    def __init__(self, num_classes: int, name: str | None = None, dtype=None, ignore_class: int | None = None,
                 sparse_y_true: bool = True, sparse_y_pred: bool = True, axis: int = -1):
        super().__init__(num_classes, list(range(int(num_classes))) if isinstance(num_classes, (int, np.integer))
                         else [], name, dtype, ignore_class, sparse_y_true, sparse_y_pred, axis)

    def get_config(self) -> dict:
        config = super().get_config()
        config.pop("target_class_ids")
        return config


class BinaryIoU(IoU):
    """IoU for binary tasks: predictions ``>= threshold`` are class 1, the rest class 0.

    Example:
        >>> m = axon.metrics.BinaryIoU(target_class_ids=[0, 1], threshold=0.3)
        >>> m.update_state([0, 1, 0, 1], [0.1, 0.2, 0.4, 0.7])
    """

    def __init__(self, target_class_ids=(0, 1), threshold: float = 0.5, name: str | None = None, dtype=None):
        super().__init__(2, target_class_ids, name=name, dtype=dtype)
        self.threshold = float(threshold)

    def _labels(self, y_true, y_pred):
        return to_numpy(y_true).astype(np.int64), (to_numpy(y_pred) >= self.threshold).astype(np.int64)

    def get_config(self) -> dict:
        return {"name": self.name, "dtype": self.dtype, "target_class_ids": self.target_class_ids,
                "threshold": self.threshold}


class OneHotIoU(IoU):
    """``IoU`` for one-hot labels and per-class scores (the argmax of each is taken)."""

    def __init__(self, num_classes: int, target_class_ids, name: str | None = None, dtype=None,
                 ignore_class: int | None = None, sparse_y_pred: bool = False, axis: int = -1):
        super().__init__(num_classes, target_class_ids, name, dtype, ignore_class, sparse_y_true=False,
                         sparse_y_pred=sparse_y_pred, axis=axis)

    def get_config(self) -> dict:
        config = super().get_config()
        config.pop("sparse_y_true")
        return config


class OneHotMeanIoU(MeanIoU):
    """``MeanIoU`` for one-hot labels and per-class scores."""

    def __init__(self, num_classes: int, name: str | None = None, dtype=None, ignore_class: int | None = None,
                 sparse_y_pred: bool = False, axis: int = -1):
        super().__init__(num_classes, name, dtype, ignore_class, sparse_y_true=False, sparse_y_pred=sparse_y_pred,
                         axis=axis)

    def get_config(self) -> dict:
        config = super().get_config()
        config.pop("sparse_y_true")
        return config
