"""scikit-learn estimators around axon models: ``SKLearnClassifier`` and ``SKLearnRegressor``.

The estimator holds only parameters: ``build_fn`` (a function returning a
model), the training settings (``epochs``, ``batch_size`` ...) and any extra
keyword arguments, which go to ``build_fn``. ``fit`` builds a fresh model each
time, so ``clone``, ``get_params``/``set_params`` and scikit-learn's tools
(``GridSearchCV``, ``cross_val_score``, ``learning_curve``, ``Pipeline``,
``BaggingClassifier``, ``n_jobs`` included) work as with any estimator. A fitted
estimator pickles its model as its weights and rebuilds it with ``build_fn``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin
from sklearn.utils.validation import check_array, check_is_fitted

from axon import backend as B
from axon import random as axon_random


class _AxonEstimator(BaseEstimator):
    """What the classifier and the regressor share: parameters, building, fitting, pickling."""

    _default_compile: dict = {}

    def __init__(self, build_fn: Callable | None = None, *, epochs: int = 10, batch_size: int = 32, verbose: int = 0,
                 validation_split: float = 0.0, shuffle: bool = True, seed: int | None = None,
                 fit_kwargs: dict | None = None, **build_params):
        self.build_fn = build_fn
        self.epochs = epochs
        self.batch_size = batch_size
        self.verbose = verbose
        self.validation_split = validation_split
        self.shuffle = shuffle
        self.seed = seed
        self.fit_kwargs = fit_kwargs
        for name, value in build_params.items():
            setattr(self, name, value)

    # ----------------------------------------------------------- parameters
    def get_params(self, deep: bool = True) -> dict:
        """The constructor's arguments, ``build_fn``'s keyword arguments included."""
        params = super().get_params(deep=deep)
        params.update(self._build_params())
        return params

    def set_params(self, **params):
        """Set parameters; a name the constructor does not know becomes an argument of ``build_fn``."""
        known = self.get_params(deep=False)
        for name in [k for k in params if k not in known and "__" not in k]:
            self._check_build_param(name)
            setattr(self, name, params.pop(name))
        return super().set_params(**params) if params else self

    def _build_params(self) -> dict:
        """``build_fn``'s keyword arguments: public attributes that are neither constructor arguments nor fitted."""
        own = set(inspect.signature(_AxonEstimator.__init__).parameters)
        return {k: v for k, v in vars(self).items() if k not in own and not k.startswith("_") and not k.endswith("_")}

    def _check_build_param(self, name: str) -> None:
        try:
            parameters = inspect.signature(self.build_fn).parameters
        except (TypeError, ValueError):  # no build_fn yet, or no signature to read: let build_fn decide
            return
        if name not in parameters and not any(p.kind is p.VAR_KEYWORD for p in parameters.values()):
            raise ValueError(f"Invalid parameter {name!r} for {type(self).__name__}: build_fn "
                             f"{getattr(self.build_fn, '__name__', self.build_fn)!r} takes {list(parameters)}.")

    # -------------------------------------------------------------- building
    def _new_model(self, meta: dict):
        """A model from ``build_fn``, given the data's sizes when it asks for them, compiled if it was not."""
        if not callable(self.build_fn):
            raise ValueError(f"{type(self).__name__} needs build_fn, a function returning an axon model. "
                             f"Received: build_fn={self.build_fn!r}")
        kwargs = self._build_params()
        try:
            parameters = inspect.signature(self.build_fn).parameters
        except (TypeError, ValueError):
            parameters = {}
        kwargs.update({k: v for k, v in meta.items() if k in parameters and k not in kwargs})
        model = self.build_fn(**kwargs)
        if getattr(model, "optimizer", None) is None:
            model.compile(**self._default_compile)
        return model

    def _meta(self) -> dict:
        return {"n_features_in": self.n_features_in_}

    def _check_x(self, X, reset: bool) -> np.ndarray:
        if hasattr(X, "toarray"):  # a scipy sparse matrix
            X = X.toarray()
        if np.ndim(X) < 2:
            raise ValueError(f"Expected a 2-D array of shape (n_samples, n_features). Received shape "
                             f"{np.shape(X)}; reshape it with X.reshape(-1, 1) for one feature.")
        # scikit-learn's own checks: numbers only, no NaN or infinity (they train to NaN weights).
        X = check_array(X, dtype=B.floatx(), allow_nd=True, input_name="X", estimator=self)
        if reset:
            self.n_features_in_ = X.shape[1]
            self._sample_shape = X.shape[1:]
        elif X.shape[1] != self.n_features_in_:
            raise ValueError(f"X has {X.shape[1]} features, but {type(self).__name__} was fitted with "
                             f"{self.n_features_in_} features.")
        return X

    def _fit_model(self, X: np.ndarray, y: np.ndarray, sample_weight) -> None:
        if self.seed is not None:
            axon_random.set_seed(self.seed)
        self.model_ = self._new_model(self._meta())
        history = self.model_.fit(X, self._model_targets(y), epochs=self.epochs, batch_size=self.batch_size,
                                  verbose=self.verbose, validation_split=self.validation_split, shuffle=self.shuffle,
                                  sample_weight=sample_weight, **(self.fit_kwargs or {}))
        self.history_ = dict(history.history)

    def _model_targets(self, y: np.ndarray) -> np.ndarray:
        """The targets in the form the model's loss expects."""
        return y

    def _predict_raw(self, X) -> np.ndarray:
        check_is_fitted(self, "model_")
        X = self._check_x(X, reset=False)
        return np.asarray(self.model_.predict(X, batch_size=max(int(self.batch_size), 256), verbose=0))

    # -------------------------------------------------------------- pickling
    def __getstate__(self) -> dict:
        # axon models are stored as their weights and rebuilt with build_fn on unpickling.
        state = dict(super().__getstate__())
        if "model_" in state:
            state["model_"] = _Weights([B.to_numpy(w) for w in state["model_"].get_weights()])
        return state

    def __setstate__(self, state: dict) -> None:
        super().__setstate__(state)
        if isinstance(getattr(self, "model_", None), _Weights):
            weights = self.model_.weights
            self.model_ = self._new_model(self._meta())
            if not self.model_.built:
                self.model_.predict(np.zeros((1, *self._sample_shape), dtype=B.floatx()), verbose=0)
            self.model_.set_weights(weights)


class _Weights:
    """A fitted model's weights while the estimator is pickled."""

    def __init__(self, weights: list):
        self.weights = weights


class SKLearnClassifier(ClassifierMixin, _AxonEstimator):
    """A scikit-learn classifier that trains an axon model.

    ``fit`` encodes the labels (any values: ints, strings ...) as ``0 ..
    n_classes - 1`` in the order of ``classes_``, builds a fresh model with
    ``build_fn(**build_params)`` and trains it. The model ends in a softmax over
    ``n_classes`` (or one sigmoid unit for two classes); a model that is not
    compiled is compiled with Adam and sparse categorical cross-entropy, and a
    model compiled with ``categorical_crossentropy`` gets one-hot targets.
    ``build_fn`` also receives ``n_features_in`` and ``n_classes`` if it has
    parameters of those names.

    Args:
        build_fn: a function returning an axon model (compiled or not).
        epochs, batch_size, verbose, validation_split, shuffle: passed to ``model.fit``.
        seed: when given, ``axon.random.set_seed(seed)`` runs before each build.
        fit_kwargs: further arguments of ``model.fit`` (``callbacks`` ...).
        **build_params: keyword arguments of ``build_fn``, tunable like any parameter.

    Example:
        >>> def build(hidden=32, n_features_in=64, n_classes=10):
        ...     return axon.applications.MLP((n_features_in,), hidden=(hidden,), classes=n_classes)
        >>> clf = SKLearnClassifier(build, epochs=20, hidden=32)
        >>> GridSearchCV(clf, {"hidden": [8, 32]}, cv=3).fit(X, y).best_params_
    """

    _default_compile = {"optimizer": "adam", "loss": "sparse_categorical_crossentropy", "metrics": ["accuracy"]}

    def fit(self, X, y, sample_weight=None) -> SKLearnClassifier:
        """Train a fresh model on ``X`` (``(n_samples, n_features, ...)``) and labels ``y``."""
        X = self._check_x(X, reset=True)
        y = check_array(y, ensure_2d=False, dtype=None, input_name="y", estimator=self)
        if y.ndim == 2 and y.shape[1] == 1:
            y = y.reshape(-1)
        if y.ndim != 1 or len(y) != len(X):
            raise ValueError(f"y must hold one label per sample of X ({len(X)}). Received shape {y.shape}.")
        self.classes_, codes = np.unique(y, return_inverse=True)
        self.n_classes_ = len(self.classes_)
        self._fit_model(X, codes.reshape(-1), sample_weight)
        width = self._predict_raw(X[:1]).shape[-1]
        if width not in (self.n_classes_, 1) or (width == 1 and self.n_classes_ > 2):
            raise ValueError(f"The model has {width} outputs but y has {self.n_classes_} classes "
                             f"{self.classes_.tolist()}: give build_fn an `n_classes` parameter, or set the number "
                             "of output units to the number of classes.")
        return self

    def _model_targets(self, codes: np.ndarray) -> np.ndarray:
        """Class indices, one-hot rows for ``categorical_crossentropy``, a 0/1 column for ``binary_crossentropy``."""
        loss = _loss_name(self.model_.loss)
        if "categorical" in loss and "sparse" not in loss:
            return np.eye(self.n_classes_, dtype=B.floatx())[codes]
        if "binary" in loss:
            return codes.astype(B.floatx()).reshape(-1, 1)
        return codes

    def _meta(self) -> dict:
        return {"n_features_in": self.n_features_in_, "n_classes": self.n_classes_}

    def predict_proba(self, X) -> np.ndarray:
        """Class probabilities, shape ``(n_samples, n_classes)``, columns in ``classes_`` order."""
        return _as_probabilities(self._predict_raw(X))

    def predict(self, X) -> np.ndarray:
        """The most probable class of each sample, as values of ``classes_``."""
        proba = self.predict_proba(X)
        return self.classes_[np.argmax(proba, axis=1)]


class SKLearnRegressor(RegressorMixin, _AxonEstimator):
    """A scikit-learn regressor that trains an axon model.

    ``fit`` builds a fresh model with ``build_fn(**build_params)`` (compiled with
    Adam and mean squared error if it was not) and trains it on float targets;
    ``predict`` returns a 1-D array when ``y`` was 1-D. ``score`` is R^2.
    ``build_fn`` also receives ``n_features_in`` and ``n_outputs`` if it has
    parameters of those names. Arguments as ``SKLearnClassifier``.

    Example:
        >>> reg = SKLearnRegressor(build, epochs=50, units=16)
        >>> cross_val_score(reg, X, y, cv=5)          # R^2 per fold
    """

    _default_compile = {"optimizer": "adam", "loss": "mse"}

    def fit(self, X, y, sample_weight=None) -> SKLearnRegressor:
        """Train a fresh model on ``X`` and float targets ``y`` (``(n,)`` or ``(n, n_outputs)``)."""
        X = self._check_x(X, reset=True)
        y = check_array(y, ensure_2d=False, dtype=B.floatx(), input_name="y", estimator=self)
        if len(y) != len(X):
            raise ValueError(f"y must hold one target per sample of X ({len(X)}). Received shape {y.shape}.")
        self.y_ndim_ = y.ndim
        self.n_outputs_ = 1 if y.ndim == 1 else int(np.prod(y.shape[1:]))
        self._fit_model(X, y.reshape(len(y), -1) if y.ndim == 1 else y, sample_weight)
        return self

    def _meta(self) -> dict:
        return {"n_features_in": self.n_features_in_, "n_outputs": self.n_outputs_}

    def predict(self, X) -> np.ndarray:
        """The model's outputs; 1-D when the training targets were."""
        out = self._predict_raw(X)
        return out.reshape(len(out)) if self.y_ndim_ == 1 and out.ndim == 2 and out.shape[1] == 1 else out


def _loss_name(loss) -> str:
    """A loss's name in lower case without underscores: ``'categoricalcrossentropy'``."""
    name = loss if isinstance(loss, str) else getattr(loss, "name", None) or getattr(loss, "__name__", None)
    name = name or type(loss).__name__
    return str(name).lower().replace("_", "")


def _as_probabilities(out: np.ndarray) -> np.ndarray:
    """Model outputs as class probabilities: one sigmoid column becomes two, logits go through a softmax."""
    out = out.astype(np.float64).reshape(len(out), -1)
    if out.shape[1] == 1:
        p = out[:, 0] if 0.0 <= out.min() and out.max() <= 1.0 else 1.0 / (1.0 + np.exp(-out[:, 0]))
        return np.stack([1.0 - p, p], axis=1)
    if out.min() < 0.0 or not np.allclose(out.sum(axis=1), 1.0, atol=1e-3):
        out = np.exp(out - out.max(axis=1, keepdims=True))
        out /= out.sum(axis=1, keepdims=True)
    return out
