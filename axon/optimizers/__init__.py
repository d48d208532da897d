"""``axon.optimizers``: SGD, RMSprop, Adam, AdamW, Adagrad, Nadam, Adamax, Adadelta, Lion, the learning rate
``schedules``, and ``get``/``serialize``/``deserialize`` for Keras's names.

Example:
    >>> opt = axon.optimizers.get("adam")           # Adam(learning_rate=0.001)
    >>> opt = axon.optimizers.SGD(lr=0.1, momentum=0.9)
"""

from __future__ import annotations

import difflib

from axon.optimizers import schedules
from axon.optimizers.adadelta import Adadelta
from axon.optimizers.adagrad import Adagrad
from axon.optimizers.adam import Adam, AdamW
from axon.optimizers.adamax import Adamax
from axon.optimizers.base import LearningRateValue, Optimizer
from axon.optimizers.lion import Lion
from axon.optimizers.nadam import Nadam
from axon.optimizers.rmsprop import RMSprop
from axon.optimizers.sgd import SGD

__all__ = ["Optimizer", "SGD", "RMSprop", "Adam", "AdamW", "Adagrad", "LearningRateValue", "schedules",
           "get", "serialize", "deserialize", "Nadam", "Adamax", "Adadelta", "Lion"]

_OPTIMIZERS = {cls.__name__.lower(): cls for cls in (SGD, RMSprop, Adam, AdamW, Adagrad, Nadam, Adamax,
                                                             Adadelta, Lion)}


def _lookup(name: str) -> type[Optimizer]:
    cls = _OPTIMIZERS.get(str(name).lower())
    if cls is None:
        valid = ", ".join(repr(n) for n in sorted(_OPTIMIZERS))
        close = difflib.get_close_matches(str(name).lower(), list(_OPTIMIZERS), n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise ValueError(f"Unknown optimizer {name!r}.{hint} Valid names: {valid} (or the class names, "
                         "e.g. 'Adam').")
    return cls


def serialize(optimizer: Optimizer) -> dict:
    """``{'class_name': 'Adam', 'config': {...}}``, JSON-able."""
    return {"class_name": type(optimizer).__name__, "config": optimizer.get_config()}


def deserialize(config: dict, custom_objects: dict | None = None) -> Optimizer:
    """Create an optimizer from ``serialize()``'s dict (``custom_objects`` maps
    extra class names to classes)."""
    name = config["class_name"]
    cls = (custom_objects or {}).get(name) or _lookup(name)
    return cls.from_config(config.get("config", {}))


def get(identifier) -> Optimizer:
    """Resolve an optimizer the way Keras's ``compile`` does.

    Accepts a name (``'adam'``, ``'RMSprop'``, case-insensitive) giving the
    defaults, an instance (returned as is), a class (instantiated) or a
    ``serialize()`` dict.

    Raises:
        ValueError: for an unknown name (suggesting the closest valid one) or
            anything else that is not an optimizer.
    """
    if isinstance(identifier, Optimizer):
        return identifier
    if isinstance(identifier, type) and issubclass(identifier, Optimizer):
        return identifier()
    if isinstance(identifier, str):
        return _lookup(identifier)()
    if isinstance(identifier, dict) and "class_name" in identifier:
        return deserialize(identifier)
    raise ValueError(f"Could not interpret optimizer identifier: {identifier!r}. Give a name such as 'adam', "
                     "an Optimizer instance or class, or a serialized config dict.")

from axon import missing as _missing  # noqa: E402  (the hook for names axon lacks)

__getattr__ = _missing.module_getattr(__name__)
