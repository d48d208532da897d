"""Hyperparameter search: ``grid_search`` over every combination of a parameter grid.

Each candidate ``build_fn(**params)`` is fit and scored on a validation set
(``validation_data``, a hold-out, or the folds of ``cv``); the best one by
``metric`` wins and can be refit on all the data.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import numpy as np

from axon.callbacks.early_stopping import resolve_mode
from axon.model_selection._progress import fmt, say, scores_line, table
from axon.model_selection.split import holdout, num_samples, take
from axon.model_selection.validation import _mean_std, fit_and_score, folds_of


def parameter_grid(param_grid: dict | list[dict]) -> list[dict]:
    """Every combination of a grid, in order: ``{'a': [1, 2], 'b': [3]}`` gives ``[{a: 1, b: 3}, {a: 2, b: 3}]``.

    A list of grids gives the combinations of each in turn.

    Example:
        >>> parameter_grid({"units": [8, 32], "learning_rate": [0.1]})
        [{'units': 8, 'learning_rate': 0.1}, {'units': 32, 'learning_rate': 0.1}]
    """
    grids = [param_grid] if isinstance(param_grid, dict) else list(param_grid)
    candidates = []
    for grid in grids:
        if not isinstance(grid, dict):
            raise ValueError(f"`param_grid` must be a dict of lists or a list of such dicts. Received: {grid!r}")
        for name, values in grid.items():
            if not isinstance(values, (list, tuple, range, np.ndarray)) or len(values) == 0:
                raise ValueError(f"param_grid[{name!r}] must be a non-empty list of values. Received: {values!r}")
        candidates += [dict(zip(grid, combo)) for combo in itertools.product(*grid.values())]
    return candidates


class GridSearchResult:
    """What ``grid_search`` returns.

    Attributes:
        results: one dict per candidate, in grid order: ``params``, ``scores``
            (the mean over folds with ``cv``), ``std`` (with ``cv``), ``rank`` (1 is best).
        best_params: the winning candidate's parameters.
        best_score: its value of ``metric``.
        best_index: its position in ``results``.
        metric, mode: what was compared and in which direction (``'min'``/``'max'``).
        best_model: the best candidate refit on all the data (``refit=True``), else ``None``.

    ``print(result)`` shows one row per candidate, the best marked with ``*``.
    """

    def __init__(self, results: list[dict], metric: str, mode: str, best_model=None):
        self.results = results
        self.metric, self.mode = metric, mode
        values = np.array([r["scores"][metric] for r in results], dtype=np.float64)
        values = np.where(np.isnan(values), np.inf if mode == "min" else -np.inf, values)
        order = np.argsort(values if mode == "min" else -values, kind="stable")
        for rank, index in enumerate(order):
            results[index]["rank"] = rank + 1
        self.best_index = int(order[0])
        self.best_params = dict(results[self.best_index]["params"])
        self.best_score = float(results[self.best_index]["scores"][metric])
        self.best_model = best_model

    def __str__(self) -> str:
        names = list(dict.fromkeys(k for r in self.results for k in r["params"]))
        rows = []
        for i, r in enumerate(self.results):
            row = {"": "*" if i == self.best_index else "", **{n: r["params"].get(n, "") for n in names}}
            row.update({k: v for k, v in r["scores"].items() if np.ndim(v) == 0})
            if "std" in r:
                row[f"{self.metric} std"] = r["std"][self.metric]
            rows.append({**row, "rank": r["rank"]})
        return table(rows, title=f"Grid search: {len(self.results)} candidates, best {self.metric} "
                                 f"({self.mode}) = {fmt(self.best_score)} with {self.best_params}")

    def __repr__(self) -> str:
        return f"GridSearchResult(best_params={self.best_params}, best_score={fmt(self.best_score)})"


def grid_search(build_fn: Callable, param_grid: dict | list[dict], x, y, validation_data: tuple | None = None,
                cv=None, fit_kwargs: dict | None = None, metric: str | None = None, mode: str = "auto",
                verbose: int = 1, refit: bool = False, seed: int | None = None,
                evaluate_kwargs: dict | None = None, validation_fraction: float = 0.2) -> GridSearchResult:
    """Try every combination of ``param_grid`` and keep the best by ``metric``.

    The validation scores come from ``validation_data`` when given, else from
    the folds of ``cv`` (averaged), else from a hold-out of
    ``validation_fraction`` of ``(x, y)``.

    Args:
        build_fn: ``build_fn(**params)`` returns a fresh compiled model.
        param_grid: a dict of lists of values (every combination is tried), or a list of such dicts.
        x, y: the training data.
        validation_data: ``(x_val, y_val)`` to score the candidates on.
        cv: instead of ``validation_data``: an int, a splitter or a list of index pairs.
        fit_kwargs: arguments of ``model.fit`` (``epochs``, ``batch_size`` ...).
        metric: the score to compare, e.g. ``'val_loss'`` or ``'val_accuracy'``.
            ``None``: the first metric given to ``compile`` on the validation
            data (``'val_accuracy'`` ...), or ``'val_loss'`` when there is none.
        mode: ``'min'``, ``'max'``, or ``'auto'`` (from the metric's name, as ``EarlyStopping``).
        verbose: 0 silent, 1 a line per candidate, 2 also a line per fold.
        refit: refit the best candidate on all the data (``x, y`` and
            ``validation_data``) and return it as ``best_model``.
        seed: when given, seeds the hold-out or folds and axon before each
            build, so every candidate starts from the same random state.
        evaluate_kwargs: arguments of ``model.evaluate``.
        validation_fraction: the hold-out's size when neither ``validation_data`` nor ``cv`` is given.

    Returns:
        A ``GridSearchResult`` (``results``, ``best_params``, ``best_score``, ``best_model``, a printable table).

    Example:
        >>> search = grid_search(build, {"units": [100, 200, 300]}, x, y, validation_data=(x_val, y_val),
        ...                      fit_kwargs={"epochs": 10}, metric="val_accuracy", refit=True, seed=0)
        >>> search.best_params, search.best_model.evaluate(x_test, y_test)
    """
    candidates = parameter_grid(param_grid)
    if validation_data is not None and cv is not None:
        raise ValueError("Pass either validation_data or cv, not both.")
    if validation_data is not None:
        splits = [((x, y), tuple(validation_data))]
    elif cv is not None:
        splits = [((take(x, t), take(y, t)), (take(x, v), take(y, v))) for t, v in folds_of(cv, x, y, seed)]
    else:
        (xt, yt), (xv, yv) = holdout(x, y, validation_fraction=validation_fraction, seed=seed)
        splits = [((xt, yt), (xv, yv))]

    results = []
    for i, params in enumerate(candidates):
        fold_scores = []
        for j, (train, val) in enumerate(splits):
            scores, _ = fit_and_score(build_fn, params, train, val, fit_kwargs, evaluate_kwargs, seed)
            fold_scores.append(scores)
            if verbose > 1 and len(splits) > 1:
                say(f"[grid_search] {params} fold {j + 1}/{len(splits)}: {scores_line(scores)}")
        if metric is None:
            metric = _default_metric(fold_scores[0])
        if metric not in fold_scores[0]:
            raise ValueError(f"metric={metric!r} is not among the scores {list(fold_scores[0])}: pass one of "
                             "them (validation scores start with 'val_').")
        result = {"params": params}
        if len(splits) > 1:
            result["scores"], result["std"] = _mean_std(fold_scores, list(fold_scores[0]))
            result["folds"] = fold_scores
        else:
            result["scores"] = fold_scores[0]
        results.append(result)
        if verbose:
            say(f"[grid_search] candidate {i + 1}/{len(candidates)} {params}: {scores_line(result['scores'])}")

    search = GridSearchResult(results, metric, resolve_mode(metric, mode, "grid_search"))
    if refit:
        everything = (x, y) if validation_data is None else _concat((x, y), validation_data)
        _, search.best_model = fit_and_score(build_fn, search.best_params, everything, None, fit_kwargs,
                                             evaluate_kwargs, seed)
        if verbose:
            say(f"[grid_search] refit {search.best_params} on {num_samples(everything[0])} samples")
    return search


def _default_metric(scores: dict) -> str:
    """The first compiled metric on the validation data, else ``val_loss``."""
    names = [k for k in scores if k.startswith("val_") and not k.endswith("loss") and np.ndim(scores[k]) == 0]
    return names[0] if names else "val_loss"


def _concat(a: tuple, b: tuple) -> tuple:
    """``(x, y)`` pairs joined along the samples (arrays, or lists/dicts of arrays)."""
    def join(u, v):
        if isinstance(u, dict):
            return {k: join(u[k], v[k]) for k in u}
        if isinstance(u, (list, tuple)):
            return type(u)(join(p, q) for p, q in zip(u, v))
        return np.concatenate([np.asarray(u), np.asarray(v)])

    return join(a[0], b[0]), join(a[1], b[1])
