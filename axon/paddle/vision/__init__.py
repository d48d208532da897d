"""``paddle.vision``: datasets, transforms and models."""

from axon.paddle.vision import datasets, models, transforms
from axon.paddle.vision.models import LeNet

_backend = "pil"


def set_image_backend(backend: str) -> None:
    """Choose what datasets give as images: ``'pil'`` (PIL images) or ``'cv2'`` (NumPy arrays)."""
    global _backend
    if backend not in ("pil", "cv2"):
        raise ValueError(f"Expected backend are one of ['pil', 'cv2'], but got {backend!r}")
    _backend = backend


def get_image_backend() -> str:
    """The image backend datasets use by default."""
    return _backend


__all__ = ["LeNet", "datasets", "get_image_backend", "models", "set_image_backend", "transforms"]
