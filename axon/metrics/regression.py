"""Regression metrics: ``MeanSquaredError``, ``MeanAbsoluteError``,
``RootMeanSquaredError`` and ``R2Score`` (the coefficient of determination)."""

from __future__ import annotations

import warnings

import numpy as np

from axon.autograd.tensor import Tensor
from axon.metrics.base import Mean, MeanMetricWrapper, Metric, squeeze_or_expand, to_numpy


def _errors(y_true, y_pred) -> np.ndarray:
    t, p = squeeze_or_expand(to_numpy(y_true), to_numpy(y_pred))
    return p.astype(np.float64, copy=False) - t


def squared_error_values(y_true, y_pred) -> np.ndarray:
    """Per-sample ``mean((y_pred - y_true)**2, axis=-1)`` on NumPy arrays."""
    e = _errors(y_true, y_pred)
    return (e * e).mean(axis=-1) if e.ndim > 1 else e * e


def absolute_error_values(y_true, y_pred) -> np.ndarray:
    """Per-sample ``mean(|y_pred - y_true|, axis=-1)`` on NumPy arrays."""
    e = np.abs(_errors(y_true, y_pred))
    return e.mean(axis=-1) if e.ndim > 1 else e


class MeanSquaredError(MeanMetricWrapper):
    """The mean of ``(y_pred - y_true)**2`` over everything seen since the last reset.

    Example:
        >>> m = axon.metrics.MeanSquaredError()
        >>> m.update_state([[0, 1], [0, 0]], [[1, 1], [0, 0]])
        >>> float(m.result())
        0.25
    """

    def __init__(self, name: str = "mean_squared_error", dtype=None):
        super().__init__(squared_error_values, name=name, dtype=dtype)


class MeanAbsoluteError(MeanMetricWrapper):
    """The mean of ``|y_pred - y_true|`` over everything seen since the last reset."""

    def __init__(self, name: str = "mean_absolute_error", dtype=None):
        super().__init__(absolute_error_values, name=name, dtype=dtype)


class RootMeanSquaredError(Mean):
    """The square root of the mean squared error: ``sqrt(mean((y_pred - y_true)**2))``."""

    def __init__(self, name: str = "root_mean_squared_error", dtype=None):
        super().__init__(name=name, dtype=dtype)

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        t, p = squeeze_or_expand(to_numpy(y_true), to_numpy(y_pred))
        e = p.astype(np.float64, copy=False) - t
        super().update_state(e * e, sample_weight)

    def result(self) -> Tensor:
        return self._wrap(np.sqrt(self.total / self.count) if self.count else 0.0)


class R2Score(Metric):
    """The coefficient of determination, ``1 - SS_res / SS_tot`` per output column,
    with ``SS_res = sum(w * (y - y_hat)**2)`` and ``SS_tot = sum(w * (y - mean(y))**2)``.

    1 is a perfect fit, 0 is no better than predicting the mean.

    Args:
        class_aggregation: how columns are combined: ``'uniform_average'``
            (default), ``'variance_weighted_average'`` or ``None`` (one score per column).
        num_regressors: the number of independent variables; above 0 gives the
            adjusted R2, ``1 - (1 - R2) * (n - 1) / (n - p - 1)``.

    Example:
        >>> m = axon.metrics.R2Score()
        >>> m.update_state(np.array([[1.0], [4.0], [3.0]]), np.array([[2.0], [4.0], [4.0]]))
        >>> float(m.result())
        0.5714...
    """

    def __init__(self, class_aggregation: str | None = "uniform_average", num_regressors: int = 0,
                 name: str = "r2_score", dtype=None):
        super().__init__(name=name, dtype=dtype)
        if class_aggregation not in (None, "uniform_average", "variance_weighted_average"):
            raise ValueError("`class_aggregation` must be one of None, 'uniform_average', "
                             f"'variance_weighted_average'. Received: class_aggregation={class_aggregation!r}")
        if not isinstance(num_regressors, int) or num_regressors < 0:
            raise ValueError(f"`num_regressors` must be a non-negative int. Received: "
                             f"num_regressors={num_regressors!r}")
        self.class_aggregation, self.num_regressors = class_aggregation, num_regressors
        self.reset_state()

    def reset_state(self) -> None:
        self.sum = self.squared_sum = self.total_mse = self.count = None
        self.num_samples = 0

    def update_state(self, y_true, y_pred, sample_weight=None) -> None:
        t, p = squeeze_or_expand(to_numpy(y_true).astype(np.float64), to_numpy(y_pred).astype(np.float64))
        t, p = (t[:, None] if t.ndim == 1 else t), (p[:, None] if p.ndim == 1 else p)
        if t.ndim != 2 or t.shape != p.shape:
            raise ValueError("R2Score expects 2-d inputs of the same shape (batch_size, output_dim). Received: "
                             f"y_true.shape={t.shape}, y_pred.shape={p.shape}.")
        w = np.ones(()) if sample_weight is None else to_numpy(sample_weight).astype(np.float64)
        w = np.broadcast_to(w.reshape(-1, 1) if w.ndim == 1 else w, t.shape)
        counts = ((w * t).sum(axis=0), (w * t * t).sum(axis=0), (w * (t - p) ** 2).sum(axis=0), w.sum(axis=0))
        if self.sum is None:
            self.sum, self.squared_sum, self.total_mse, self.count = counts
        elif counts[0].shape != self.sum.shape:
            raise ValueError(f"R2Score: the number of outputs changed between batches: {t.shape[1]} after "
                             f"{self.sum.shape[0]}.")
        else:
            self.sum, self.squared_sum = self.sum + counts[0], self.squared_sum + counts[1]
            self.total_mse, self.count = self.total_mse + counts[2], self.count + counts[3]
        self.num_samples += t.size

    def result(self) -> Tensor:
        if self.sum is None:
            return self._wrap(0.0)
        mean = self.sum / self.count
        total = self.squared_sum - self.sum * mean
        with np.errstate(divide="ignore", invalid="ignore"):
            raw = 1 - self.total_mse / total
        # a constant target has no variance to explain: 1 for a perfect fit, else 0 (as scikit-learn)
        raw = np.where(total > 0, raw, np.where(self.total_mse == 0, 1.0, 0.0))
        if self.class_aggregation == "uniform_average":
            score = raw.mean()
        elif self.class_aggregation == "variance_weighted_average":
            score = (total * raw).sum() / total.sum() if total.sum() else 0.0
        else:
            score = raw
        if self.num_regressors:
            n, k = self.num_samples, self.num_regressors
            if k >= n - 1:
                warnings.warn(f"R2Score: num_regressors={k} needs more than {k + 1} samples for the adjusted R2 "
                              f"(received {n}); returning the plain R2.", stacklevel=2)
            else:
                score = 1 - (1 - score) * (n - 1) / (n - k - 1)
        return self._wrap(score)

    def get_config(self) -> dict:
        return {**super().get_config(), "class_aggregation": self.class_aggregation,
                "num_regressors": self.num_regressors}
