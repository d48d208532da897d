"""``paddle.device``: where tensors live. axon.paddle runs on the CPU (NumPy)."""

from __future__ import annotations


class CPUPlace:
    """The CPU, the one place axon.paddle computes on."""

    def __repr__(self) -> str:
        return "Place(cpu)"

    def __eq__(self, other) -> bool:
        return isinstance(other, CPUPlace)

    __hash__ = object.__hash__


class CUDAPlace:
    """A GPU: not available in axon.paddle (refused with the alternative)."""

    def __init__(self, device_id: int = 0):
        raise RuntimeError("axon.paddle computes on the CPU only: CUDAPlace is not available. Use paddle.CPUPlace() "
                           "or leave the place out.")


def set_device(device: str) -> str:
    """Select the device: ``'cpu'`` works; ``'gpu'`` / ``'gpu:0'`` is refused with an explanation."""
    if str(device).lower().split(":")[0] != "cpu":
        raise ValueError(f"axon.paddle computes on the CPU only. Received: set_device({device!r}); use "
                         "paddle.set_device('cpu').")
    return "cpu"


def get_device() -> str:
    """The current device: ``'cpu'``."""
    return "cpu"


def is_compiled_with_cuda() -> bool:
    """False: axon.paddle has no CUDA build."""
    return False


def get_all_device_type() -> list:
    """The device types available: ``['cpu']``."""
    return ["cpu"]


class cuda:  # noqa: N801 (Paddle's module name)
    """``paddle.device.cuda``: no GPUs here."""

    @staticmethod
    def device_count() -> int:
        """0: no GPU."""
        return 0
