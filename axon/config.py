"""``axon.config``: the float type and the array backend, ``tf.config``'s
device listing and eager-execution switch, and the allocator tuning."""

from axon import devices as experimental
from axon import missing
from axon.backend import floatx, set_backend, set_floatx
from axon.devices import get_visible_devices, list_logical_devices, list_physical_devices
from axon.function import functions_run_eagerly, run_functions_eagerly


def backend() -> str:
    """The name of the active array backend, ``'numpy'`` or ``'cupy'``."""
    from axon import backend as B

    return B.name


def enable_malloc_tuning() -> bool:
    """Make glibc keep freed memory for reuse (Linux), for this whole process.

    A training step allocates and frees the same multi-megabyte arrays every
    batch; by default glibc gives them back to the system and the next step
    page-faults them in again (a fifth of the course CNN's step). This fixes
    glibc's mmap threshold at 32 MiB and raises its trim threshold, so those
    temporaries are reused while larger arrays (a whole dataset) still go back
    when freed. ``import axon`` does not do it (the settings are the host
    program's); ``axon train`` does. Returns True when applied, False where it
    cannot be (not glibc) or ``AXON_MALLOC_TUNING=0`` forbids it.

    Example:
        >>> axon.config.enable_malloc_tuning()   # in a training script of your own
        True
    """
    from axon.backend.allocator import keep_freed_memory

    return keep_freed_memory()


__all__ = ["floatx", "set_floatx", "set_backend", "backend",
           "experimental", "functions_run_eagerly", "get_visible_devices", "list_logical_devices",
           "list_physical_devices", "run_functions_eagerly", "enable_malloc_tuning"]

__getattr__ = missing.module_getattr(__name__)
