"""The devices the array backend computes on, under ``tf.config``'s names.

The NumPy backend has one device, the CPU. The CuPy backend adds the GPUs
CUDA reports. Also ``tf.config.experimental``: its device functions live here.
"""

from __future__ import annotations

from typing import NamedTuple

from axon import backend as B
from axon import missing


class PhysicalDevice(NamedTuple):
    """A device as ``tf.config.list_physical_devices`` describes it."""

    name: str
    device_type: str


class LogicalDevice(NamedTuple):
    """A device as ``tf.config.list_logical_devices`` describes it."""

    name: str
    device_type: str


_TYPES = ("CPU", "GPU")


def _gpu_count() -> int:
    if B.name != "cupy":
        return 0
    return int(B.xp.cuda.runtime.getDeviceCount())


def _check_type(device_type):
    if device_type is None:
        return None
    kind = str(device_type).upper()
    if kind not in _TYPES and kind != "TPU":
        raise ValueError(f"Unknown device_type {device_type!r}. Valid types: 'CPU', 'GPU' (and 'TPU', never present).")
    return kind


def list_physical_devices(device_type: str | None = None) -> list[PhysicalDevice]:
    """The devices of the active backend: the CPU, and the GPUs under the CuPy backend.

    Example:
        >>> len(axon.config.list_physical_devices("GPU"))   # 0 on the NumPy backend
        0
    """
    kind = _check_type(device_type)
    devices = [PhysicalDevice("/physical_device:CPU:0", "CPU")]
    devices += [PhysicalDevice(f"/physical_device:GPU:{i}", "GPU") for i in range(_gpu_count())]
    return [d for d in devices if kind is None or d.device_type == kind]


def list_logical_devices(device_type: str | None = None) -> list[LogicalDevice]:
    """The same devices under their logical names (``/device:CPU:0``)."""
    return [LogicalDevice(d.name.replace("/physical_device:", "/device:"), d.device_type)
            for d in list_physical_devices(device_type)]


def get_visible_devices(device_type: str | None = None) -> list[PhysicalDevice]:
    """Every physical device is visible in axon: the same list as ``list_physical_devices``."""
    return list_physical_devices(device_type)


def _check_gpu(device) -> None:
    if not isinstance(device, PhysicalDevice) or device not in list_physical_devices("GPU"):
        raise ValueError(f"Memory growth applies to a GPU from list_physical_devices('GPU'). Received: {device!r}")


def set_memory_growth(device: PhysicalDevice, enable: bool) -> None:
    """Let a GPU's memory grow on demand: what CuPy's memory pool always does.

    ``enable=True`` is therefore already the case; ``enable=False`` (reserve all
    of the GPU's memory up front) is not something axon does, and raises.
    """
    _check_gpu(device)
    if not enable:
        raise ValueError("axon cannot reserve a GPU's whole memory up front: CuPy's memory pool always grows "
                         "on demand. Leave memory growth enabled.")


def get_memory_growth(device: PhysicalDevice) -> bool:
    """True for every GPU: CuPy's memory pool grows on demand."""
    _check_gpu(device)
    return True


__all__ = ["LogicalDevice", "PhysicalDevice", "get_memory_growth", "get_visible_devices", "list_logical_devices",
           "list_physical_devices", "set_memory_growth"]

__getattr__ = missing.module_getattr(__name__)
