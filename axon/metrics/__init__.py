"""``axon.metrics``: the Keras metrics (stateful classes), their per-sample
functions, and ``get``, which resolves the names ``compile(metrics=[...])`` accepts.

The string ``'accuracy'`` (or ``'acc'``) depends on the loss and the shapes,
so ``get`` returns it unchanged and the model resolves it on its first batch
with ``resolve_accuracy(loss, y_true.shape, y_pred.shape, name=...)``.
"""

from __future__ import annotations

import inspect

from axon import object_registration
from axon.losses import mae, mean_absolute_error, mean_squared_error, mse
from axon.metrics.accuracy import (
    Accuracy,
    BinaryAccuracy,
    CategoricalAccuracy,
    SparseCategoricalAccuracy,
    accuracy,
    binary_accuracy,
    categorical_accuracy,
    resolve_accuracy,
    sparse_categorical_accuracy,
)
from axon.metrics.base import Mean, MeanMetricWrapper, Metric, Sum
from axon.metrics.confusion import (
    AUC,
    FalseNegatives,
    FalsePositives,
    Precision,
    Recall,
    TrueNegatives,
    TruePositives,
)
from axon.metrics.f_score import F1Score, FBetaScore
from axon.metrics.iou import BinaryIoU, IoU, MeanIoU, OneHotIoU, OneHotMeanIoU
from axon.metrics.loss_metrics import (
    BinaryCrossentropy,
    CategoricalCrossentropy,
    CategoricalHinge,
    CosineSimilarity,
    Hinge,
    KLDivergence,
    LogCoshError,
    MeanAbsolutePercentageError,
    MeanSquaredLogarithmicError,
    Poisson,
    SparseCategoricalCrossentropy,
    SquaredHinge,
    cosine_similarity,
)
from axon.metrics.regression import MeanAbsoluteError, MeanSquaredError, R2Score, RootMeanSquaredError
from axon.metrics.top_k import (
    SparseTopKCategoricalAccuracy,
    TopKCategoricalAccuracy,
    sparse_top_k_categorical_accuracy,
    top_k_categorical_accuracy,
)

_CLASSES = (Metric, Mean, Sum, MeanMetricWrapper, Accuracy, BinaryAccuracy, CategoricalAccuracy,
            SparseCategoricalAccuracy, Precision, Recall, TruePositives, FalsePositives, TrueNegatives,
            FalseNegatives, AUC, FBetaScore, F1Score, MeanSquaredError, MeanAbsoluteError, RootMeanSquaredError,
            R2Score, MeanAbsolutePercentageError, MeanSquaredLogarithmicError, LogCoshError, CosineSimilarity, Poisson,
            KLDivergence, BinaryCrossentropy, CategoricalCrossentropy, SparseCategoricalCrossentropy, Hinge,
            SquaredHinge, CategoricalHinge, TopKCategoricalAccuracy, SparseTopKCategoricalAccuracy, IoU, MeanIoU,
            BinaryIoU, OneHotIoU, OneHotMeanIoU)
_BY_CLASS_NAME = {cls.__name__: cls for cls in _CLASSES}

# function-style names: the metric class to build, named as the user wrote it
_BY_NAME = {
    "mse": MeanSquaredError, "mean_squared_error": MeanSquaredError,
    "mae": MeanAbsoluteError, "mean_absolute_error": MeanAbsoluteError,
    "rmse": RootMeanSquaredError, "root_mean_squared_error": RootMeanSquaredError,
    "binary_accuracy": BinaryAccuracy, "categorical_accuracy": CategoricalAccuracy,
    "sparse_categorical_accuracy": SparseCategoricalAccuracy,
    "precision": Precision, "recall": Recall, "auc": AUC, "f1_score": F1Score, "r2_score": R2Score,
    "true_positives": TruePositives, "false_positives": FalsePositives,
    "true_negatives": TrueNegatives, "false_negatives": FalseNegatives,
    "mape": MeanAbsolutePercentageError, "mean_absolute_percentage_error": MeanAbsolutePercentageError,
    "msle": MeanSquaredLogarithmicError, "mean_squared_logarithmic_error": MeanSquaredLogarithmicError,
    "logcosh": LogCoshError, "log_cosh": LogCoshError, "cosine_similarity": CosineSimilarity,
    "poisson": Poisson, "kl_divergence": KLDivergence, "kld": KLDivergence,
    "binary_crossentropy": BinaryCrossentropy, "categorical_crossentropy": CategoricalCrossentropy,
    "sparse_categorical_crossentropy": SparseCategoricalCrossentropy, "hinge": Hinge,
    "squared_hinge": SquaredHinge, "categorical_hinge": CategoricalHinge,
    "top_k_categorical_accuracy": TopKCategoricalAccuracy,
    "sparse_top_k_categorical_accuracy": SparseTopKCategoricalAccuracy,
}
_LOSS_NAMES = ("binary_crossentropy", "categorical_crossentropy", "sparse_categorical_crossentropy", "hinge",
               "squared_hinge", "categorical_hinge", "huber")
_ACCURACY_NAMES = ("accuracy", "acc")

_FUNCTIONS = {fn.__name__: fn for fn in (accuracy, binary_accuracy, categorical_accuracy,
                                         sparse_categorical_accuracy, mean_squared_error, mean_absolute_error,
                                         top_k_categorical_accuracy, sparse_top_k_categorical_accuracy,
                                         cosine_similarity)}


def _function(name: str):
    """A per-sample metric function (or a loss function) by name."""
    if name in _FUNCTIONS:
        return _FUNCTIONS[name]
    from axon import losses

    return losses.get(name)


def get(identifier):
    """Resolve a metric from a name, a class, an instance, a config dict or a function.

    * ``'accuracy'`` / ``'acc'`` (any case) are returned unchanged: their meaning
      depends on the loss and shapes (see ``resolve_accuracy``);
    * a function-style name (``'mse'``, ``'binary_accuracy'``, ``'auc'``,
      ``'binary_crossentropy'`` ...) gives a new metric named as written, so
      ``History`` shows the same key;
    * a class name (``'Precision'``) or a class gives a new instance with its default name;
    * a ``Metric`` passes through; any other callable ``fn(y_true, y_pred)`` is
      averaged by a ``MeanMetricWrapper`` named after it.

    Raises:
        ValueError: for an unknown name, listing the valid ones.

    Example:
        >>> axon.metrics.get("mae")
        <MeanAbsoluteError name='mae'>
    """
    if identifier is None or isinstance(identifier, Metric):
        return identifier
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, str):
        custom = object_registration.lookup(identifier)
        if custom is not None:
            return get(custom)
        if identifier.lower() in _ACCURACY_NAMES:
            return identifier
        if identifier in _BY_CLASS_NAME:
            return _BY_CLASS_NAME[identifier]()
        key = identifier.lower()
        if key in _BY_NAME:
            return _BY_NAME[key](name=identifier)
        if key in _LOSS_NAMES:
            return MeanMetricWrapper(_function(key), name=identifier)
        valid = sorted(set(_BY_NAME) | set(_BY_CLASS_NAME) | set(_LOSS_NAMES) | set(_ACCURACY_NAMES))
        raise ValueError(f"Unknown metric {identifier!r}. Valid names: {', '.join(valid)}. A custom metric is "
                         "found by name once registered with @axon.saving.register_keras_serializable() or passed "
                         "in custom_objects=.")
    if inspect.isclass(identifier):
        return identifier()
    if callable(identifier):
        return MeanMetricWrapper(identifier)
    raise ValueError(f"Could not interpret metric identifier {identifier!r}: give a name, a Metric or a callable.")


def serialize(metric):
    """A JSON-able description: ``{'class_name', 'config'}`` for a ``Metric``; a string stays a string."""
    if metric is None or isinstance(metric, str):
        return metric
    if isinstance(metric, Metric):
        return {"class_name": object_registration.registered_name(type(metric)) or type(metric).__name__,
                "config": metric.get_config()}
    return object_registration.get_registered_name(metric)


def deserialize(config):
    """The metric described by ``serialize``'s output."""
    if isinstance(config, str):
        return get(config)
    name = config.get("class_name")
    cls = object_registration.lookup(name) or _BY_CLASS_NAME.get(name)
    if not inspect.isclass(cls):
        raise object_registration.unknown_object_error("metric class", str(name))
    return cls.from_config(config.get("config", {}))


__all__ = [
    "AUC", "Accuracy", "BinaryAccuracy", "CategoricalAccuracy", "F1Score", "FBetaScore", "FalseNegatives",
    "FalsePositives", "Mean", "MeanAbsoluteError", "MeanMetricWrapper", "MeanSquaredError", "Metric", "Precision",
    "R2Score", "Recall", "RootMeanSquaredError", "SparseCategoricalAccuracy", "Sum", "TrueNegatives",
    "TruePositives", "accuracy", "binary_accuracy", "categorical_accuracy", "deserialize", "get", "mae",
    "mean_absolute_error", "mean_squared_error", "mse", "resolve_accuracy", "serialize",
    "sparse_categorical_accuracy",
]
__all__ += ["BinaryCrossentropy", "BinaryIoU", "CategoricalCrossentropy", "CategoricalHinge", "CosineSimilarity",
            "Hinge", "IoU", "KLDivergence", "LogCoshError", "MeanAbsolutePercentageError", "MeanIoU",
            "MeanSquaredLogarithmicError", "OneHotIoU", "OneHotMeanIoU", "Poisson", "SparseCategoricalCrossentropy",
            "SparseTopKCategoricalAccuracy", "SquaredHinge", "TopKCategoricalAccuracy", "cosine_similarity",
            "sparse_top_k_categorical_accuracy", "top_k_categorical_accuracy"]

from axon import missing as _missing  # noqa: E402  (the hook for names axon lacks)

__getattr__ = _missing.module_getattr(__name__)
