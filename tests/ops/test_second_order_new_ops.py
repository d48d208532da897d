"""Gradients of gradients through gather, tile, pad, cumsum, einsum, logsumexp, sort and norms."""

import numpy as np
import pytest

import axon
from axon import ops
from tests.autograd.higher_order import check_second_order


@pytest.mark.parametrize("name, fn", [
    ("gather", lambda t: ops.gather(t, np.array([2, 0, 2]), axis=1)),
    ("gather_nd", lambda t: ops.gather_nd(t, np.array([[1, 0], [1, 0]]))),
    ("tile", lambda t: ops.tile(t, (2, 1))),
    ("repeat", lambda t: axon.repeat(t, [1, 0, 2], axis=1)),
    ("pad", lambda t: ops.pad(t, [(1, 0), (0, 2)])),
    ("pad_reflect", lambda t: ops.pad(t, [(1, 1), (0, 2)], mode="REFLECT")),
    ("cumsum", lambda t: ops.cumsum(t, axis=1, reverse=True)),
    ("einsum", lambda t: ops.einsum("ij,kj->ik", t, t)),
    ("logsumexp", lambda t: ops.reduce_logsumexp(t, axis=1)),
    ("prod", lambda t: ops.reduce_prod(t, axis=1)),
    ("prod_all", lambda t: ops.reduce_prod(t)),
    ("sort", lambda t: ops.sort(t, axis=0)),
    ("take_along_axis", lambda t: ops.take_along_axis(t, np.array([[0, 0], [2, 1]]), axis=1)),
    ("norm", lambda t: ops.norm(t, axis=1)),
    ("identity", lambda t: ops.identity(t) * t),
], ids=lambda v: v if isinstance(v, str) else "")
def test_second_order(name, fn):
    check_second_order(fn, [(2, 3)], low=0.5, high=1.5)
