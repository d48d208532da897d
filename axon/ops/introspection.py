"""A tensor's shape, size and rank as tensors (``tf.shape``, ``tf.size``, ``tf.rank``)."""

from __future__ import annotations

from axon import backend as B
from axon.autograd.tensor import Tensor
from axon.ops.broadcast import as_tensor


def _int_type(out_type):
    dt = B.as_dtype(out_type)
    if dt.kind not in "iu":
        raise TypeError(f"out_type must be an integer type (int32 or int64). Received {out_type!r}.")
    return dt


def shape(input, out_type="int32", name=None) -> Tensor:  # noqa: A002 (TensorFlow's name)
    """The shape of ``input`` as a 1-D int32 tensor (``tf.shape``); ``input.shape`` gives a tuple."""
    return Tensor._wrap(B.xp.asarray(as_tensor(input).shape, dtype=_int_type(out_type)))


def size(input, out_type="int32", name=None) -> Tensor:  # noqa: A002
    """The number of elements of ``input`` as an int32 scalar tensor (``tf.size``)."""
    return Tensor._wrap(B.xp.asarray(as_tensor(input).size, dtype=_int_type(out_type)))


def rank(input, name=None) -> Tensor:  # noqa: A002
    """The number of axes of ``input`` as an int32 scalar tensor (``tf.rank``)."""
    return Tensor._wrap(B.xp.asarray(as_tensor(input).ndim, dtype="int32"))


__all__ = ["rank", "shape", "size"]
