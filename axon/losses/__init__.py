"""``axon.losses``: the Keras losses, as classes and as per-sample functions.

Classes (``MeanSquaredError()``, ``BinaryCrossentropy(from_logits=True)`` ...)
reduce to one scalar per batch; functions (``mse``, ``binary_crossentropy`` ...)
return one value per sample. ``get`` resolves the names Keras accepts in
``compile(loss=...)``.
"""

from __future__ import annotations

import inspect

from axon import object_registration
from axon.losses.base import (
    Loss,
    LossFunctionWrapper,
    Reduction,
    reduce_weighted_values,
    squeeze_or_expand_to_same_rank,
    standardize_reduction,
)
from axon.losses.crossentropy import (
    EPSILON,
    BinaryCrossentropy,
    CategoricalCrossentropy,
    SparseCategoricalCrossentropy,
    binary_crossentropy,
    categorical_crossentropy,
    sparse_categorical_crossentropy,
)
from axon.losses.hinge import CategoricalHinge, Hinge, SquaredHinge, categorical_hinge, hinge, squared_hinge
from axon.losses.probabilistic import (
    KLD,
    KLDivergence,
    Poisson,
    kl_divergence,
    kld,
    kullback_leibler_divergence,
    poisson,
)
from axon.losses.regression import (
    MAE,
    MAPE,
    MSE,
    MSLE,
    CosineSimilarity,
    Huber,
    LogCosh,
    MeanAbsoluteError,
    MeanAbsolutePercentageError,
    MeanSquaredError,
    MeanSquaredLogarithmicError,
    cosine_similarity,
    huber,
    log_cosh,
    logcosh,
    mae,
    mape,
    mean_absolute_error,
    mean_absolute_percentage_error,
    mean_squared_error,
    mean_squared_logarithmic_error,
    mse,
    msle,
)

_CLASSES = (Loss, LossFunctionWrapper, MeanSquaredError, MeanAbsoluteError, Huber, BinaryCrossentropy,
            CategoricalCrossentropy, SparseCategoricalCrossentropy, Hinge, SquaredHinge, CategoricalHinge,
            MeanAbsolutePercentageError, MeanSquaredLogarithmicError, LogCosh, CosineSimilarity, Poisson,
            KLDivergence)
_FUNCTIONS = (mean_squared_error, mean_absolute_error, huber, binary_crossentropy, categorical_crossentropy,
              sparse_categorical_crossentropy, hinge, squared_hinge, categorical_hinge,
              mean_absolute_percentage_error, mean_squared_logarithmic_error, log_cosh, cosine_similarity, poisson,
              kl_divergence)

_OBJECTS = {cls.__name__: cls for cls in _CLASSES}
_OBJECTS.update({fn.__name__: fn for fn in _FUNCTIONS})
_OBJECTS.update({"mse": mse, "MSE": mse, "mae": mae, "MAE": mae, "bce": binary_crossentropy,
                 "BCE": binary_crossentropy, "huber_loss": huber})
_BY_LOWER_NAME = {fn.__name__: fn for fn in _FUNCTIONS} | {"mse": mse, "mae": mae, "bce": binary_crossentropy}
_ALIASES = {"mape": mape, "msle": msle, "logcosh": logcosh, "kld": kld, "kullback_leibler_divergence": kld}
_OBJECTS.update(_ALIASES | {"MAPE": mape, "MSLE": msle, "KLD": kld})
_BY_LOWER_NAME.update(_ALIASES)


def get(identifier):
    """Resolve a loss from a name, a class, a config dict or a callable.

    A function name (``'mse'``, ``'categorical_crossentropy'``) gives the
    per-sample function and a class name (``'BinaryCrossentropy'``) an
    instance, as in Keras; a class is instantiated; callables and ``None``
    pass through. Wrap a function with ``LossFunctionWrapper`` to give it a reduction.

    Raises:
        ValueError: for an unknown name, listing the valid ones.

    Example:
        >>> axon.losses.get("mse") is axon.losses.mean_squared_error
        True
        >>> axon.losses.get("BinaryCrossentropy")
        <BinaryCrossentropy name='binary_crossentropy' reduction='sum_over_batch_size'>
    """
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, str):
        obj = object_registration.lookup(identifier) or _OBJECTS.get(identifier) or \
            _BY_LOWER_NAME.get(identifier.lower())
        if obj is None:
            raise ValueError(f"Unknown loss {identifier!r}. Valid names: {', '.join(sorted(_OBJECTS))}. A custom "
                             "loss is found by name once registered with @axon.saving.register_keras_serializable() "
                             "or passed in custom_objects=.")
        return obj() if inspect.isclass(obj) else obj
    if inspect.isclass(identifier):
        return identifier()
    if callable(identifier):
        return identifier
    raise ValueError(f"Could not interpret loss identifier {identifier!r}: give a name, a Loss or a callable.")


def serialize(loss):
    """A JSON-able description: ``{'class_name', 'config'}`` for a ``Loss``, the name of a function."""
    if loss is None:
        return None
    if isinstance(loss, Loss):
        return {"class_name": object_registration.registered_name(type(loss)) or type(loss).__name__,
                "config": loss.get_config()}
    return object_registration.get_registered_name(loss)


def deserialize(config):
    """The loss described by ``serialize``'s output (a name or a ``{'class_name', 'config'}`` dict)."""
    if isinstance(config, str):
        return get(config)
    name = config.get("class_name")
    cls = object_registration.lookup(name) or _OBJECTS.get(name)
    if not inspect.isclass(cls):
        raise object_registration.unknown_object_error("loss class", str(name))
    return cls.from_config(config.get("config", {}))


__all__ = [
    "EPSILON", "MAE", "MSE", "BinaryCrossentropy", "CategoricalCrossentropy", "CategoricalHinge", "Hinge", "Huber",
    "Loss", "LossFunctionWrapper", "MeanAbsoluteError", "MeanSquaredError", "Reduction",
    "SparseCategoricalCrossentropy", "SquaredHinge", "binary_crossentropy", "categorical_crossentropy",
    "categorical_hinge", "deserialize", "get", "hinge", "huber", "mae", "mean_absolute_error",
    "mean_squared_error", "mse", "reduce_weighted_values", "serialize", "sparse_categorical_crossentropy",
    "squared_hinge", "squeeze_or_expand_to_same_rank", "standardize_reduction",
]
__all__ += ["CosineSimilarity", "KLD", "KLDivergence", "LogCosh", "MAPE", "MSLE", "MeanAbsolutePercentageError",
            "MeanSquaredLogarithmicError", "Poisson", "cosine_similarity", "kl_divergence", "kld",
            "kullback_leibler_divergence", "log_cosh", "logcosh", "mape", "mean_absolute_percentage_error",
            "mean_squared_logarithmic_error", "msle", "poisson"]

from axon import missing as _missing  # noqa: E402  (the hook for names axon lacks)

__getattr__ = _missing.module_getattr(__name__)
