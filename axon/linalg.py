"""``axon.linalg``: ``matmul`` and ``matrix_transpose`` under ``tf.linalg`` names."""

from axon import missing
from axon.ops import matmul, transpose
from axon.ops.creation import eye
from axon.ops.einsum import einsum
from axon.ops.norm import l2_normalize, norm


def matrix_transpose(a):
    """Swap the last two axes."""
    perm = list(range(a.ndim))
    perm[-2:] = perm[-1:-3:-1]
    return transpose(a, perm)


__all__ = ["einsum", "eye", "l2_normalize", "matmul", "matrix_transpose", "norm"]

__getattr__ = missing.module_getattr(__name__)
