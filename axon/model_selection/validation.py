"""Estimating how well a model generalises: ``cross_validate`` and ``learning_curve``.

Both take a ``build_fn(**params)`` that returns a fresh compiled model, fit one
model per fold (and per training size), and score it with ``evaluate`` on the
data it was trained on (``loss``, ``accuracy`` ...) and on the held-out fold
(``val_loss``, ``val_accuracy`` ...), Keras's names. ``fit_and_score`` is that
one step, shared with ``grid_search``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping

import numpy as np

from axon import random as axon_random
from axon.model_selection._progress import fmt, say, scores_line, table
from axon.model_selection.split import check_cv, first_array, generator, take


def fit_and_score(build_fn: Callable, params: dict, train: tuple, val: tuple | None = None,
                  fit_kwargs: dict | None = None, evaluate_kwargs: dict | None = None,
                  seed: int | None = None) -> tuple[dict, object]:
    """Build a model with ``params``, fit it on ``train = (x, y)``, score it on ``train`` and ``val``.

    Returns ``(scores, model)``: ``scores`` holds ``evaluate``'s values on the
    training data under their names, on ``val`` with a ``val_`` prefix, and
    ``fit_time`` in seconds. ``seed`` (when given) seeds axon before the build,
    so the same call gives the same model.

    Example:
        >>> scores, model = fit_and_score(build, {"units": 32}, (x_train, y_train), (x_val, y_val))
        >>> scores["val_loss"]
    """
    if seed is not None:
        axon_random.set_seed(seed)
    model = build_fn(**params)
    if getattr(model, "optimizer", None) is None:
        raise TypeError(f"build_fn must return a compiled model (call model.compile(...) inside it). "
                        f"Received: {model!r} for params {params}")
    start = time.perf_counter()
    model.fit(train[0], train[1], **{"verbose": 0, **(fit_kwargs or {})})
    fit_time = time.perf_counter() - start
    evaluate_kwargs = {"verbose": 0, **(evaluate_kwargs or {}), "return_dict": True}
    scores = _numbers(model.evaluate(train[0], train[1], **evaluate_kwargs))
    if val is not None:
        scores.update({f"val_{k}": v for k, v in _numbers(model.evaluate(val[0], val[1], **evaluate_kwargs)).items()})
    scores["fit_time"] = fit_time
    return scores, model


def _numbers(logs: dict) -> dict:
    return {k: float(v) if np.ndim(v) == 0 else np.asarray(v) for k, v in logs.items()}


def folds_of(cv, x, y, seed: int | None) -> list[tuple[np.ndarray, np.ndarray]]:
    """The ``(train_idx, val_idx)`` pairs of ``cv`` (an int, a splitter or a list of pairs) on ``x, y``."""
    splitter = check_cv(cv, seed=seed)
    return [(np.asarray(t), np.asarray(v)) for t, v in splitter.split(first_array(x), y)]


def _mean_std(rows: list[dict], keys: list[str]) -> tuple[dict, dict]:
    mean = {k: np.mean([r[k] for r in rows], axis=0) for k in keys}
    std = {k: np.std([r[k] for r in rows], axis=0) for k in keys}
    return ({k: float(v) if np.ndim(v) == 0 else v for k, v in mean.items()},
            {k: float(v) if np.ndim(v) == 0 else v for k, v in std.items()})


# ---------------------------------------------------------- cross_validate
class CrossValidationResult(Mapping):
    """What ``cross_validate`` returns: per-fold scores with their mean and standard deviation.

    ``result.folds`` is a list of dicts, one per fold (``fold``, ``n_train``,
    ``n_val``, the scores and ``fit_time``); ``result[name]`` is the array of a
    score over the folds; ``result.mean`` and ``result.std`` map each score to
    its mean and standard deviation; ``print(result)`` shows the table.

    Example:
        >>> result = cross_validate(build, x, y, cv=5)
        >>> result.mean["val_accuracy"], result["val_accuracy"]
    """

    def __init__(self, folds: list[dict]):
        self.folds = folds
        self.metrics = [k for k in folds[0] if k not in ("fold", "n_train", "n_val")]
        self.mean, self.std = _mean_std(folds, self.metrics)

    def __getitem__(self, key: str) -> np.ndarray:
        if key not in self.metrics:
            raise KeyError(f"{key!r} is not a score of this result. Available: {self.metrics}")
        return np.asarray([f[key] for f in self.folds])

    def __iter__(self) -> Iterator[str]:
        return iter(self.metrics)

    def __len__(self) -> int:
        return len(self.metrics)

    def __str__(self) -> str:
        rows = self.folds + [{"fold": "mean", **self.mean}, {"fold": "std", **self.std}]
        return table(rows, ["fold", "n_train", "n_val", *self.metrics],
                     title=f"Cross-validation, {len(self.folds)} folds")

    def __repr__(self) -> str:
        key = next((k for k in self.metrics if k.startswith("val_")), self.metrics[0])
        return (f"CrossValidationResult({len(self.folds)} folds, {key}={fmt(self.mean[key])} "
                f"+/- {fmt(self.std[key])})")


def cross_validate(build_fn: Callable, x, y, cv=5, fit_kwargs: dict | None = None,
                   evaluate_kwargs: dict | None = None, verbose: int = 1, seed: int | None = None,
                   params: dict | None = None) -> CrossValidationResult:
    """Fit and score one fresh model per fold of ``cv``.

    Each fold trains ``build_fn(**params)`` on the other folds, then evaluates
    it on its training data (``loss``, ``accuracy`` ...) and on the held-out
    fold (``val_loss``, ``val_accuracy`` ...).

    Args:
        build_fn: a function returning a fresh compiled model.
        x, y: the data (arrays; a list or dict of arrays for several inputs).
        cv: the number of folds (shuffled ``KFold``), a splitter (``KFold``,
            ``StratifiedKFold``, ``LeaveOneOut`` or any scikit-learn splitter),
            or a list of ``(train_idx, val_idx)`` pairs.
        fit_kwargs: arguments of ``model.fit`` (``epochs``, ``batch_size`` ...).
        evaluate_kwargs: arguments of ``model.evaluate``.
        verbose: 0 silent, 1 a line per fold.
        seed: when given, seeds the folds of an int ``cv`` and axon before
            each fold's build, so the whole run is reproducible.
        params: keyword arguments for ``build_fn``.

    Returns:
        A ``CrossValidationResult`` (per-fold scores, ``mean``, ``std``, a printable table).

    Example:
        >>> result = cross_validate(build, x, y, cv=5, fit_kwargs={"epochs": 10}, seed=0)
        >>> print(result)
    """
    folds = folds_of(cv, x, y, seed)
    rows = []
    for i, (train_idx, val_idx) in enumerate(folds):
        scores, _ = fit_and_score(build_fn, params or {}, (take(x, train_idx), take(y, train_idx)),
                                  (take(x, val_idx), take(y, val_idx)), fit_kwargs, evaluate_kwargs, seed)
        rows.append({"fold": i + 1, "n_train": len(train_idx), "n_val": len(val_idx), **scores})
        if verbose:
            say(f"[cross_validate] fold {i + 1}/{len(folds)}: {scores_line(scores)}")
    return CrossValidationResult(rows)


# ---------------------------------------------------------- learning_curve
class LearningCurveResult(Mapping):
    """What ``learning_curve`` returns, readable as attributes or as keys.

    Attributes:
        train_sizes: the absolute training-set sizes, ints, shape ``(n_sizes,)``.
        train_scores: ``metric`` on each size's training data, shape ``(n_sizes, n_folds)``.
        val_scores: ``metric`` on the held-out folds, shape ``(n_sizes, n_folds)``.
        metric: the name of the score (``'loss'``, ``'accuracy'`` ...).
        train_mean, train_std, val_mean, val_std: over the folds, shape ``(n_sizes,)``.

    Example:
        >>> result = learning_curve(build, x, y, cv=5)
        >>> result.train_sizes, result["val_mean"]
    """

    _KEYS = ("train_sizes", "train_scores", "val_scores", "metric", "train_mean", "train_std", "val_mean", "val_std")

    def __init__(self, train_sizes, train_scores, val_scores, metric: str):
        self.train_sizes = np.asarray(train_sizes, dtype=np.int64)
        self.train_scores = np.asarray(train_scores, dtype=np.float64)
        self.val_scores = np.asarray(val_scores, dtype=np.float64)
        self.metric = metric
        self.train_mean, self.train_std = self.train_scores.mean(axis=1), self.train_scores.std(axis=1)
        self.val_mean, self.val_std = self.val_scores.mean(axis=1), self.val_scores.std(axis=1)

    def __getitem__(self, key: str):
        if key not in self._KEYS:
            raise KeyError(f"{key!r} is not a key of LearningCurveResult. Available: {list(self._KEYS)}")
        return getattr(self, key)

    def __iter__(self) -> Iterator[str]:
        return iter(self._KEYS)

    def __len__(self) -> int:
        return len(self._KEYS)

    def __str__(self) -> str:
        columns = (self.train_sizes, self.train_mean, self.train_std, self.val_mean, self.val_std)
        rows = [{"train_size": int(n), "train mean": tm, "train std": ts, "val mean": vm, "val std": vs}
                for n, tm, ts, vm, vs in zip(*columns)]
        return table(rows, title=f"Learning curve of {self.metric}, {self.train_scores.shape[1]} folds")

    def __repr__(self) -> str:
        return f"LearningCurveResult(metric={self.metric!r}, train_sizes={self.train_sizes.tolist()})"


def learning_curve(build_fn: Callable, x, y, train_sizes=(0.1, 0.325, 0.55, 0.775, 1.0), cv=5,
                   fit_kwargs: dict | None = None, metric: str = "loss", evaluate_kwargs: dict | None = None,
                   verbose: int = 1, seed: int | None = None, params: dict | None = None) -> LearningCurveResult:
    """Training and validation scores of models fit on growing parts of the training folds.

    For each fold of ``cv`` the training indices are shuffled once; the model
    of size ``n`` trains on their first ``n``, so the sets are nested. A gap
    between the curves that stays open as ``n`` grows means over-fitting (more
    data helps); two curves meeting at a poor score mean under-fitting (a
    bigger model helps).

    Args:
        build_fn: a function returning a fresh compiled model.
        x, y: the data.
        train_sizes: fractions in (0, 1] of the smallest training fold, or
            absolute sizes (ints); duplicates are dropped.
        cv: the number of folds, a splitter, or a list of ``(train_idx, val_idx)`` pairs.
        fit_kwargs: arguments of ``model.fit``.
        metric: the score to record: ``'loss'`` or a compiled metric's name.
        evaluate_kwargs: arguments of ``model.evaluate``.
        verbose: 0 silent, 1 a line per training size, 2 a line per fit.
        seed: when given, seeds the folds, the subsets and axon before each build.
        params: keyword arguments for ``build_fn``.

    Returns:
        A ``LearningCurveResult``.

    Example:
        >>> result = learning_curve(build, x, y, cv=5, fit_kwargs={"epochs": 20}, metric="accuracy", seed=0)
        >>> print(result)
    """
    metric = metric[4:] if metric.startswith("val_") else metric
    folds = folds_of(cv, x, y, seed)
    sizes = _absolute_sizes(train_sizes, min(len(t) for t, _ in folds))
    gen = generator(seed)
    orders = [t[gen.permutation(len(t))] for t, _ in folds]
    train_scores = np.zeros((len(sizes), len(folds)))
    val_scores = np.zeros((len(sizes), len(folds)))
    for i, n in enumerate(sizes):
        for j, (order, (_, val_idx)) in enumerate(zip(orders, folds)):
            subset = order[:n]
            scores, _ = fit_and_score(build_fn, params or {}, (take(x, subset), take(y, subset)),
                                      (take(x, val_idx), take(y, val_idx)), fit_kwargs, evaluate_kwargs, seed)
            if metric not in scores:
                names = [k for k in scores if not k.startswith("val_") and k != "fit_time"]
                raise ValueError(f"metric={metric!r} is not among the model's scores {names}: pass 'loss' or a "
                                 "metric given to compile().")
            train_scores[i, j], val_scores[i, j] = scores[metric], scores[f"val_{metric}"]
            if verbose > 1:
                say(f"[learning_curve] size {n}, fold {j + 1}/{len(folds)}: {scores_line(scores)}")
        if verbose == 1:
            say(f"[learning_curve] size {n} ({i + 1}/{len(sizes)}): train {metric} {fmt(train_scores[i].mean())} "
                f"- val {metric} {fmt(val_scores[i].mean())}")
    return LearningCurveResult(sizes, train_scores, val_scores, metric)


def _absolute_sizes(train_sizes, n_max: int) -> np.ndarray:
    sizes = np.asarray(train_sizes)
    if sizes.ndim != 1 or len(sizes) == 0:
        raise ValueError(f"`train_sizes` must be a non-empty list of sizes. Received: train_sizes={train_sizes!r}")
    if sizes.dtype.kind == "f":
        if sizes.min() <= 0 or sizes.max() > 1:
            raise ValueError(f"Fractional `train_sizes` must lie in (0, 1]. Received: train_sizes={train_sizes!r}")
        sizes = np.maximum(1, np.floor(sizes * n_max)).astype(np.int64)
    elif sizes.dtype.kind in "iu":
        if sizes.min() < 1 or sizes.max() > n_max:
            raise ValueError(f"Absolute `train_sizes` must lie in [1, {n_max}] (the smallest training fold). "
                             f"Received: train_sizes={train_sizes!r}")
    else:
        raise ValueError(f"`train_sizes` must be fractions or ints. Received: train_sizes={train_sizes!r}")
    return np.unique(sizes)
