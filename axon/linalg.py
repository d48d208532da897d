"""``axon.linalg``: ``matmul`` and ``matrix_transpose`` under ``tf.linalg`` names."""

from axon import missing
from axon.ops import matmul, transpose


def matrix_transpose(a):
    """Swap the last two axes."""
    perm = list(range(a.ndim))
    perm[-2:] = perm[-1:-3:-1]
    return transpose(a, perm)


__all__ = ["matmul", "matrix_transpose"]

__getattr__ = missing.module_getattr(__name__)
