"""Metrics built on thresholded confusion counts: ``TruePositives``,
``FalsePositives``, ``TrueNegatives``, ``FalseNegatives``, ``Precision``,
``Recall`` and ``AUC``.

Every prediction is compared with every threshold (positive when
``y_pred > threshold``) in one vectorised pass: ``searchsorted`` gives, for each
prediction, how many thresholds lie below it, a weighted ``bincount`` counts
the labels per such index, and a cumulative sum from the top turns that into
the counts at each threshold. Cost ``O(n log T)`` for ``n`` predictions and
``T`` thresholds, with no ``(n, T)`` matrix.
"""

from __future__ import annotations

import numpy as np

from axon.autograd.tensor import Tensor
from axon.metrics.base import Metric, squeeze_or_expand, to_numpy
from axon.ops.activation import stable_sigmoid

NEG_INF = -1e10
EPSILON = 1e-7


def divide_no_nan(a, b):
    """``a / b`` elementwise, 0 where ``b == 0``."""
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    return np.divide(a, b, out=np.zeros(np.broadcast(a, b).shape), where=b != 0)


def _filter_top_k(x: np.ndarray, k: int) -> np.ndarray:
    """Keep the ``k`` largest entries of each row, set the others to ``NEG_INF``."""
    order = np.argsort(-x, axis=-1, kind="stable")[..., :k]
    keep = np.zeros(x.shape, dtype=bool)
    np.put_along_axis(keep, order, True, axis=-1)
    return np.where(keep, x, NEG_INF)


def _broadcast_weights(sample_weight, shape: tuple) -> np.ndarray:
    """Sample weights broadcast to the predictions' shape (per-sample weights repeat along the other axes)."""
    if sample_weight is None:
        return np.ones(shape)
    w = to_numpy(sample_weight).astype(np.float64, copy=False)
    if w.ndim == len(shape) + 1 and w.shape[-1] == 1:
        w = w[..., 0]
    if 0 < w.ndim < len(shape):
        w = w.reshape(w.shape + (1,) * (len(shape) - w.ndim))
    try:
        return np.broadcast_to(w, shape)
    except ValueError:
        raise ValueError(f"`sample_weight` of shape {w.shape} does not match predictions of shape {shape}. "
                         "Give one weight per sample.") from None


def confusion_counts(y_true, y_pred, thresholds, sample_weight=None, top_k: int | None = None,
                     class_id: int | None = None, multi_label: bool = False, label_weights=None) -> dict:
    """Weighted true/false positive/negative counts at each threshold.

    A prediction is positive at threshold ``t`` when ``y_pred > t``; a label is
    positive when it is non-zero. All entries are pooled unless ``multi_label``,
    which keeps one column of counts per label (last axis).

    Args:
        thresholds: 1-d array of thresholds, in any order.
        top_k: keep only the ``top_k`` largest predictions of each row (the others are negative).
        class_id: look only at this column of the last axis.
        label_weights: one weight per label (last axis) multiplying the sample weights.

    Returns:
        ``{'tp', 'fp', 'tn', 'fn'}``, each of shape ``(T,)`` (or ``(T, num_labels)``).
    """
    t, p = to_numpy(y_true), to_numpy(y_pred).astype(np.float64, copy=False)
    p, t = squeeze_or_expand(p, t)
    if t.shape != p.shape:
        hint = (" Each entry of `y_pred` is compared with a label: one-hot encode class ids "
                "(axon.utils.to_categorical), or use one sigmoid output.") if t.ndim == p.ndim - 1 else ""
        raise ValueError(f"`y_true` and `y_pred` must have the same shape. Received: y_true.shape={t.shape}, "
                         f"y_pred.shape={p.shape}.{hint}")
    w = _broadcast_weights(sample_weight, p.shape)
    if label_weights is not None:
        w = w * np.asarray(label_weights, np.float64)
    if top_k is not None:
        p = _filter_top_k(p, top_k)
    if class_id is not None:
        t, p, w = t[..., class_id], p[..., class_id], w[..., class_id]
    thresholds = np.asarray(thresholds, np.float64)
    order = np.argsort(thresholds, kind="stable")
    n_t = thresholds.size
    # index[i] = how many thresholds lie strictly below p[i]: positive at exactly those
    index = np.searchsorted(thresholds[order], p, side="left")
    labels = 1 if not multi_label else (p.shape[-1] if p.ndim else 1)
    if multi_label:
        index = index + (n_t + 1) * np.arange(labels)
    positive = t.astype(bool)
    pos_w, neg_w = np.where(positive, w, 0.0).ravel(), np.where(positive, 0.0, w).ravel()

    def above(weights):
        counts = np.bincount(index.ravel(), weights=weights, minlength=(n_t + 1) * labels).reshape(labels, n_t + 1)
        above_sorted = np.cumsum(counts[:, ::-1], axis=1)[:, ::-1][:, 1:]  # weight of entries above each threshold
        out = np.empty_like(above_sorted)
        out[:, order] = above_sorted
        return out.T if multi_label else out[0]

    tp, fp = above(pos_w), above(neg_w)
    total_pos = pos_w.reshape(-1, labels).sum(axis=0) if multi_label else pos_w.sum()
    total_neg = neg_w.reshape(-1, labels).sum(axis=0) if multi_label else neg_w.sum()
    return {"tp": tp, "fp": fp, "fn": total_pos - tp, "tn": total_neg - fp}


def _parse_thresholds(thresholds, default: float):
    """``(array of thresholds, single)``: a number or None gives one threshold and a scalar result."""
    if thresholds is None:
        return np.array([default]), True
    single = np.ndim(thresholds) == 0
    values = np.atleast_1d(np.asarray(thresholds, np.float64))
    if values.size == 0 or (values < 0).any() or (values > 1).any():
        raise ValueError(f"Threshold values must be in [0, 1]. Received: thresholds={thresholds!r}")
    return values, single


class _ConfusionMetric(Metric):
    """Shared state of the thresholded metrics: ``true_positives``, ``false_positives``,
    ``true_negatives``, ``false_negatives`` per threshold."""

    def __init__(self, thresholds=None, top_k: int | None = None, class_id: int | None = None,
                 name: str | None = None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        if top_k is not None and (not isinstance(top_k, int) or top_k < 1):
            raise ValueError(f"`top_k` must be a positive int or None. Received: top_k={top_k!r}")
        self.init_thresholds, self.top_k, self.class_id = thresholds, top_k, class_id
        self.thresholds, self._single = _parse_thresholds(thresholds, 0.5 if top_k is None else NEG_INF)
        self.reset_state()

    def reset_state(self) -> None:
        n = self.thresholds.size
        self.true_positives, self.false_positives = np.zeros(n), np.zeros(n)
        self.true_negatives, self.false_negatives = np.zeros(n), np.zeros(n)

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        c = confusion_counts(y_true, y_pred, self.thresholds, sample_weight, self.top_k, self.class_id)
        self.true_positives += c["tp"]
        self.false_positives += c["fp"]
        self.true_negatives += c["tn"]
        self.false_negatives += c["fn"]

    def _value(self) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError

    def result(self) -> Tensor:
        value = self._value()
        return self._wrap(value[0] if self._single else value)

    def get_config(self) -> dict:
        return {**super().get_config(), "thresholds": self.init_thresholds}


class TruePositives(_ConfusionMetric):
    """The (weighted) number of true positives, at ``thresholds`` (0.5 by default)."""

    def __init__(self, thresholds=None, name: str | None = None, dtype=None):
        super().__init__(thresholds, name=name, dtype=dtype)

    def _value(self):
        return self.true_positives


class FalsePositives(TruePositives):
    """The (weighted) number of false positives, at ``thresholds`` (0.5 by default)."""

    def _value(self):
        return self.false_positives


class TrueNegatives(TruePositives):
    """The (weighted) number of true negatives, at ``thresholds`` (0.5 by default)."""

    def _value(self):
        return self.true_negatives


class FalseNegatives(TruePositives):
    """The (weighted) number of false negatives, at ``thresholds`` (0.5 by default)."""

    def _value(self):
        return self.false_negatives


class Precision(_ConfusionMetric):
    """Precision, ``TP / (TP + FP)``: the fraction of predicted positives that are positive.

    Every entry of ``y_pred`` (in [0, 1]) is a prediction, positive when above
    the threshold; for one-hot multi-class outputs use ``class_id`` or ``top_k``.

    Args:
        thresholds: a float (default 0.5) or a list of floats in [0, 1]; with a
            list, ``result()`` holds one value per threshold.
        top_k: count only the ``top_k`` highest predictions of each row as positive.
        class_id: compute the metric for this class (column) only.

    Example:
        >>> m = axon.metrics.Precision()
        >>> m.update_state([0, 1, 1, 1], [1, 0, 1, 1])
        >>> float(m.result())  # 2 of the 3 predicted positives are right
        0.6666...
    """

    def __init__(self, thresholds=None, top_k: int | None = None, class_id: int | None = None,
                 name: str | None = None, dtype=None):
        super().__init__(thresholds, top_k, class_id, name=name or "precision", dtype=dtype)

    def _value(self):
        return divide_no_nan(self.true_positives, self.true_positives + self.false_positives)

    def get_config(self) -> dict:
        return {**super().get_config(), "top_k": self.top_k, "class_id": self.class_id}


class Recall(Precision):
    """Recall, ``TP / (TP + FN)``: the fraction of positives that are found.

    Arguments as for ``Precision``.

    Example:
        >>> m = axon.metrics.Recall()
        >>> m.update_state([0, 1, 1, 1], [1, 0, 1, 1])
        >>> float(m.result())
        0.6666...
    """

    def __init__(self, thresholds=None, top_k: int | None = None, class_id: int | None = None,
                 name: str | None = None, dtype=None):
        super().__init__(thresholds, top_k, class_id, name=name or "recall", dtype=dtype)

    def _value(self):
        return divide_no_nan(self.true_positives, self.true_positives + self.false_negatives)


class AUC(Metric):
    """Area under the ROC or precision-recall curve, approximated on ``num_thresholds``
    thresholds (a Riemann sum over the confusion counts, as Keras computes it).

    ROC: the trapezoidal area under (false positive rate, recall). PR with
    ``'interpolation'``: the interpolation of Davis & Goadrich (2006) between
    thresholds. The finer the thresholds, the closer to the exact area (with the
    default 200, typically within 1e-2 of scikit-learn's ``roc_auc_score``).

    Args:
        num_thresholds: number of thresholds, evenly spaced in [0, 1] (> 1).
        curve: ``'ROC'`` (default) or ``'PR'``.
        summation_method: ``'interpolation'`` (default), ``'minoring'`` or ``'majoring'``.
        thresholds: explicit thresholds in [0, 1] instead of evenly spaced ones.
        multi_label: one curve per label column, then their (weighted) mean.
        num_labels: the number of labels with ``multi_label``.
        label_weights: weights of the labels in that mean (or of each label's
            entries without ``multi_label``).
        from_logits: apply a sigmoid to ``y_pred`` first.

    Example:
        >>> m = axon.metrics.AUC(num_thresholds=3)
        >>> m.update_state([0, 0, 1, 1], [0, 0.5, 0.3, 0.9])
        >>> float(m.result())
        0.75
    """

    def __init__(self, num_thresholds: int = 200, curve: str = "ROC", summation_method: str = "interpolation",
                 name: str | None = None, dtype=None, thresholds=None, multi_label: bool = False,
                 num_labels: int | None = None, label_weights=None, from_logits: bool = False):
        super().__init__(name=name or "auc", dtype=dtype)
        curve, summation_method = str(curve).upper(), str(summation_method).lower()
        if curve not in ("ROC", "PR"):
            raise ValueError(f"`curve` must be 'ROC' or 'PR'. Received: curve={curve!r}")
        if summation_method not in ("interpolation", "minoring", "majoring"):
            raise ValueError("`summation_method` must be 'interpolation', 'minoring' or 'majoring'. "
                             f"Received: summation_method={summation_method!r}")
        if thresholds is not None:
            inner, _ = _parse_thresholds(thresholds, 0.5)
            inner = np.sort(inner)
            num_thresholds = inner.size + 2
        else:
            if not isinstance(num_thresholds, int) or num_thresholds <= 1:
                raise ValueError(f"`num_thresholds` must be an int > 1. Received: num_thresholds={num_thresholds!r}")
            inner = np.arange(1, num_thresholds - 1) / (num_thresholds - 1)
        # the end thresholds sit just outside [0, 1] so predictions of exactly 0 and 1 are counted
        self.thresholds = np.concatenate([[-EPSILON], inner, [1.0 + EPSILON]])
        self.num_thresholds, self.curve, self.summation_method = num_thresholds, curve, summation_method
        self._init_thresholds = None if thresholds is None else [float(x) for x in np.atleast_1d(thresholds)]
        self.multi_label, self.num_labels, self.from_logits = bool(multi_label), num_labels, bool(from_logits)
        self.label_weights = None if label_weights is None else np.asarray(label_weights, np.float64)
        self.reset_state()

    def reset_state(self) -> None:
        shape = (self.num_thresholds, self.num_labels) if self.multi_label and self.num_labels else \
            (self.num_thresholds,)
        self.true_positives, self.false_positives = np.zeros(shape), np.zeros(shape)
        self.true_negatives, self.false_negatives = np.zeros(shape), np.zeros(shape)

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        p = to_numpy(y_pred)
        if self.from_logits:
            p = stable_sigmoid(p.astype(np.float64))
        c = confusion_counts(y_true, p, self.thresholds, sample_weight, multi_label=self.multi_label,
                             label_weights=None if self.multi_label else self.label_weights)
        if c["tp"].shape != self.true_positives.shape:
            if self.true_positives.any() or self.false_positives.any() or self.true_negatives.any() \
                    or self.false_negatives.any():
                raise ValueError(f"AUC: the number of labels changed between batches: {c['tp'].shape[1:]} "
                                 f"after {self.true_positives.shape[1:]}.")
            self.num_labels = c["tp"].shape[1] if self.multi_label else None
            self.reset_state()
        self.true_positives += c["tp"]
        self.false_positives += c["fp"]
        self.true_negatives += c["tn"]
        self.false_negatives += c["fn"]

    def _interpolate_pr_auc(self):
        tp, fp, fn = self.true_positives, self.false_positives, self.false_negatives
        dtp = tp[:-1] - tp[1:]
        p = tp + fp
        dp = p[:-1] - p[1:]
        slope = divide_no_nan(dtp, np.maximum(dp, 0))
        intercept = tp[1:] - slope * p[1:]
        both = (p[:-1] > 0) & (p[1:] > 0)
        ratio = np.where(both, divide_no_nan(p[:-1], np.maximum(p[1:], 0)), 1.0)
        return divide_no_nan(slope * (dtp + intercept * np.log(ratio)), np.maximum(tp[1:] + fn[1:], 0))

    def _riemann_terms(self):
        if self.curve == "PR" and self.summation_method == "interpolation":
            return self._interpolate_pr_auc()
        tp, fp, tn, fn = self.true_positives, self.false_positives, self.true_negatives, self.false_negatives
        recall = divide_no_nan(tp, tp + fn)
        if self.curve == "ROC":
            x, y = divide_no_nan(fp, fp + tn), recall
        else:
            x, y = recall, divide_no_nan(tp, tp + fp)
        if self.summation_method == "interpolation":
            heights = (y[:-1] + y[1:]) / 2
        elif self.summation_method == "minoring":
            heights = np.minimum(y[:-1], y[1:])
        else:
            heights = np.maximum(y[:-1], y[1:])
        return (x[:-1] - x[1:]) * heights

    def result(self) -> Tensor:
        terms = self._riemann_terms()
        if not self.multi_label:
            return self._wrap(terms.sum())
        by_label = terms.sum(axis=0)
        if self.label_weights is None:
            return self._wrap(by_label.mean() if by_label.size else 0.0)
        return self._wrap(divide_no_nan((by_label * self.label_weights).sum(), self.label_weights.sum()))

    def get_config(self) -> dict:
        return {**super().get_config(), "num_thresholds": self.num_thresholds, "curve": self.curve,
                "summation_method": self.summation_method, "thresholds": self._init_thresholds,
                "multi_label": self.multi_label, "num_labels": self.num_labels,
                "label_weights": None if self.label_weights is None else self.label_weights.tolist(),
                "from_logits": self.from_logits}
