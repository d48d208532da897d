"""F-scores: ``FBetaScore`` and ``F1Score``, per class or averaged (micro, macro, weighted)."""

from __future__ import annotations

import numpy as np

from axon.autograd.tensor import Tensor
from axon.metrics.base import Metric, to_numpy

EPSILON = 1e-7


class FBetaScore(Metric):
    """The F-beta score, ``(1 + b**2) * P * R / (b**2 * P + R)``, from the precision
    ``P`` and recall ``R`` of each class (column).

    Inputs are 2-d: ``y_true`` one-hot / multi-hot ``(N, C)``, ``y_pred`` scores
    ``(N, C)``. With ``threshold=None`` the highest score of each row is the
    predicted class; with a threshold, every score above it is a predicted label.

    Args:
        average: ``None`` (one score per class), ``'micro'`` (pool all classes'
            counts), ``'macro'`` (mean of the class scores) or ``'weighted'``
            (mean weighted by each class's number of true labels).
        beta: the weight of recall against precision (> 0).
        threshold: in (0, 1], or None for the argmax.

    Example:
        >>> m = axon.metrics.FBetaScore(beta=2.0, threshold=0.5)
        >>> m.update_state(np.array([[1, 1, 1], [1, 0, 0], [1, 1, 0]]),
        ...                np.array([[0.2, 0.6, 0.7], [0.2, 0.6, 0.6], [0.6, 0.8, 0.0]]))
        >>> m.result().numpy()
        array([0.3846..., 0.9090..., 0.8333...], dtype=float32)
    """

    def __init__(self, average: str | None = None, beta: float = 1.0, threshold: float | None = None,
                 name: str = "fbeta_score", dtype=None):
        super().__init__(name=name, dtype=dtype)
        if average not in (None, "micro", "macro", "weighted"):
            raise ValueError("`average` must be one of None, 'micro', 'macro', 'weighted'. "
                             f"Received: average={average!r}")
        if not isinstance(beta, (int, float)) or beta <= 0:
            raise ValueError(f"`beta` must be a positive number. Received: beta={beta!r}")
        if threshold is not None and (not isinstance(threshold, (int, float)) or not 0 < threshold <= 1):
            raise ValueError(f"`threshold` must be a number in (0, 1] or None. Received: threshold={threshold!r}")
        self.average, self.beta = average, float(beta)
        self.threshold = None if threshold is None else float(threshold)
        self.reset_state()

    def reset_state(self) -> None:
        self.true_positives = self.false_positives = self.false_negatives = self.intermediate_weights = None

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        t, p = to_numpy(y_true).astype(np.float64), to_numpy(y_pred).astype(np.float64)
        t, p = (t[:, None] if t.ndim == 1 else t), (p[:, None] if p.ndim == 1 else p)
        if t.ndim != 2 or t.shape != p.shape:
            raise ValueError(f"{type(self).__name__} expects 2-d inputs of the same shape (batch_size, "
                             f"num_classes). Received: y_true.shape={t.shape}, y_pred.shape={p.shape}.")
        if self.threshold is None:
            # the row's maximum is the prediction; abs > 1e-9 keeps an all-zero row all-negative
            predicted = (p >= p.max(axis=-1, keepdims=True)) & (np.abs(p) > 1e-9)
        else:
            predicted = p > self.threshold
        predicted = predicted.astype(np.float64)
        w = None if sample_weight is None else to_numpy(sample_weight).astype(np.float64).reshape(-1, 1)
        axis = None if self.average == "micro" else 0

        def weighted_sum(values):
            return (values if w is None else values * w).sum(axis=axis)

        counts = (weighted_sum(predicted * t), weighted_sum(predicted * (1 - t)),
                  weighted_sum((1 - predicted) * t), weighted_sum(t))
        if self.true_positives is None:
            self.true_positives, self.false_positives, self.false_negatives, self.intermediate_weights = counts
        else:
            if np.shape(counts[0]) != np.shape(self.true_positives):
                raise ValueError(f"{type(self).__name__}: the number of classes changed between batches: "
                                 f"{p.shape[-1]} after {np.size(self.true_positives)}.")
            self.true_positives = self.true_positives + counts[0]
            self.false_positives = self.false_positives + counts[1]
            self.false_negatives = self.false_negatives + counts[2]
            self.intermediate_weights = self.intermediate_weights + counts[3]

    def result(self) -> Tensor:
        if self.true_positives is None:
            return self._wrap(0.0)
        tp, fp, fn = self.true_positives, self.false_positives, self.false_negatives
        precision = tp / (tp + fp + EPSILON)
        recall = tp / (tp + fn + EPSILON)
        b2 = self.beta ** 2
        score = (1 + b2) * precision * recall / (b2 * precision + recall + EPSILON)
        if self.average == "weighted":
            weights = self.intermediate_weights / (self.intermediate_weights.sum() + EPSILON)
            score = (score * weights).sum()
        elif self.average is not None:
            score = np.mean(score)
        return self._wrap(score)

    def get_config(self) -> dict:
        return {**super().get_config(), "average": self.average, "beta": self.beta, "threshold": self.threshold}


class F1Score(FBetaScore):
    """The F1 score, ``2 * P * R / (P + R)``: ``FBetaScore`` with ``beta=1``.

    Example:
        >>> m = axon.metrics.F1Score(average="macro", threshold=0.5)
        >>> m.update_state(np.array([[1, 0], [0, 1]]), np.array([[0.9, 0.2], [0.6, 0.4]]))
        >>> float(m.result())  # class 0: P=1/2, R=1 -> 2/3; class 1: 0
        0.3333...
    """

    def __init__(self, average: str | None = None, threshold: float | None = None, name: str = "f1_score",
                 dtype=None):
        super().__init__(average=average, beta=1.0, threshold=threshold, name=name, dtype=dtype)

    def get_config(self) -> dict:
        config = super().get_config()
        del config["beta"]
        return config
