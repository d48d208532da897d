"""``axon.config``: the float type and the array backend, and ``tf.config``'s
device listing and eager-execution switch."""

from axon import devices as experimental
from axon import missing
from axon.backend import floatx, set_backend, set_floatx
from axon.devices import get_visible_devices, list_logical_devices, list_physical_devices
from axon.function import functions_run_eagerly, run_functions_eagerly


def backend() -> str:
    """The name of the active array backend, ``'numpy'`` or ``'cupy'``."""
    from axon import backend as B

    return B.name


__all__ = ["floatx", "set_floatx", "set_backend", "backend",
           "experimental", "functions_run_eagerly", "get_visible_devices", "list_logical_devices",
           "list_physical_devices", "run_functions_eagerly"]

__getattr__ = missing.module_getattr(__name__)
