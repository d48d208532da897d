"""matmul: 2-D, batched, broadcast batch and 1-D operands, against np.matmul."""

import numpy as np
import pytest

import axon
from axon import ops
from tests.ops.helpers import check_op


@pytest.mark.parametrize("shapes", [
    ((3, 4), (4, 5)),  # 2-D
    ((1, 4), (4, 1)),
    ((2, 3, 4), (2, 4, 5)),  # batched
    ((2, 3, 4), (4, 5)),  # broadcast batch, either side
    ((3, 4), (2, 4, 5)),
    ((2, 1, 3, 4), (5, 4, 2)),
    ((4,), (4, 5)),  # 1-D operands
    ((3, 4), (4,)),
    ((4,), (4,)),
    ((4,), (2, 4, 5)),
    ((2, 3, 4), (4,)),
], ids=str)
def test_matmul(shapes):
    check_op(shapes, ops.matmul, np.matmul)


def test_matmul_operator():
    check_op([(2, 3), (3, 2)], lambda a, b: a @ b, np.matmul)
    m = np.arange(8, dtype=np.float32).reshape(4, 2)
    check_op([(2, 3)], lambda a: m @ a, lambda a: m @ a)


@pytest.mark.parametrize("transpose_a, transpose_b", [(True, False), (False, True), (True, True)])
def test_matmul_transpose_flags(transpose_a, transpose_b):
    sa = (4, 3) if transpose_a else (3, 4)
    sb = (5, 4) if transpose_b else (4, 5)
    check_op([(2,) + sa, sb], lambda a, b: ops.matmul(a, b, transpose_a=transpose_a, transpose_b=transpose_b),
             lambda a, b: (a.swapaxes(-1, -2) if transpose_a else a) @ (b.T if transpose_b else b))


def test_linalg_matmul_and_matrix_transpose():
    check_op([(2, 3, 4)], axon.linalg.matrix_transpose, lambda a: a.swapaxes(-1, -2))
    assert axon.linalg.matmul is ops.matmul


def test_matmul_inner_mismatch_names_both_shapes():
    with pytest.raises(ValueError, match=r"\(3, 4\).*\(5, 2\)"):
        ops.matmul(axon.ones((3, 4)), axon.ones((5, 2)))


def test_matmul_batch_mismatch_names_both_shapes():
    with pytest.raises(ValueError, match=r"\(2, 3, 4\).*\(3, 4, 5\)"):
        ops.matmul(axon.ones((2, 3, 4)), axon.ones((3, 4, 5)))


def test_matmul_rejects_scalars():
    with pytest.raises(ValueError, match="rank >= 1"):
        ops.matmul(axon.ones(()), axon.ones((2, 2)))
