"""``stop_gradient``: a value that every order of differentiation treats as a constant."""

from __future__ import annotations

from axon.autograd.tensor import Tensor
from axon.ops.broadcast import as_tensor


def stop_gradient(input, name=None) -> Tensor:  # noqa: A002 (TensorFlow's name)
    """The same values, with no gradient flowing back through them (in any order:
    first derivatives, gradients of gradients, Jacobians), as ``tf.stop_gradient``.

    Example:
        >>> y = x * axon.stop_gradient(x)     # dy/dx = x, not 2x
    """
    return Tensor._wrap(as_tensor(input).data)
