"""``axon.keras``: the Keras namespace. Only re-exports; no logic lives here.

``axon.keras.layers is axon.layers`` (and so on), so Keras programs run after
changing only their imports. ``axon.keras.wrappers`` (scikit-learn estimators)
is a module of its own, so that ``import axon`` does not import scikit-learn.
"""

import sys as _sys

from axon import (
    activations,
    applications,
    callbacks,
    constraints,
    data,
    datasets,
    initializers,
    layers,
    losses,
    metrics,
    missing,
    models,
    optimizers,
    regularizers,
    saving,
    utils,
)
from axon.keras import backend, ops, random
from axon.layers import Input
from axon.models import Model, Sequential
from axon.models.serialization import register_keras_serializable

_SUBMODULES = {
    "activations": activations, "backend": backend, "callbacks": callbacks, "constraints": constraints,
    "datasets": datasets,
    "initializers": initializers, "layers": layers, "losses": losses, "metrics": metrics, "models": models,
    "optimizers": optimizers, "regularizers": regularizers, "saving": saving, "utils": utils,
    "applications": applications,
}
for _name, _module in _SUBMODULES.items():
    _sys.modules[f"{__name__}.{_name}"] = _module
_sys.modules[f"{__name__}.optimizers.schedules"] = optimizers.schedules
for _name in ("mnist", "fashion_mnist", "cifar10", "digits"):
    _sys.modules[f"{__name__}.datasets.{_name}"] = getattr(datasets, _name)

__all__ = ["Input", "Model", "Sequential", "data", "ops", "random", "register_keras_serializable", *_SUBMODULES]

__getattr__ = missing.module_getattr(__name__)
