"""``keras.ops``: Keras 3's backend-agnostic operations, computed by axon.

``from axon.keras import ops`` gives the names Keras 3 programs use
(``ops.sum``, ``ops.take``, ``ops.softmax``, ``ops.image.resize``, ...) with
Keras 3's semantics, which follow NumPy where TensorFlow differs. They are
differentiable wherever Keras's are. A Keras op that axon lacks raises an
error saying so (see ``axon/missing.py``). This is a separate namespace from
``axon.ops``, axon's internal op package with TensorFlow's names.
"""

from axon import missing
from axon.keras.ops import image, nn, numpy
from axon.keras.ops.nn import *  # noqa: F403  (the namespace is the union of its parts, as in Keras)
from axon.keras.ops.numpy import *  # noqa: F403

__all__ = ["image", "nn", "numpy", *numpy.__all__, *nn.__all__]

__getattr__ = missing.module_getattr(__name__)
