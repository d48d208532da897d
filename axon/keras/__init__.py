"""``axon.keras``: the Keras namespace. Only re-exports; no logic lives here.

``axon.keras.layers is axon.layers`` (and so on), so Keras programs run after
changing only their imports.
"""

import sys as _sys

from axon import activations, initializers, layers, regularizers
from axon.layers import Input

_SUBMODULES = {"activations": activations, "initializers": initializers, "layers": layers,
               "regularizers": regularizers}
for _name, _module in _SUBMODULES.items():
    _sys.modules[f"{__name__}.{_name}"] = _module

__all__ = ["Input", *_SUBMODULES]
