"""Layers that merge a list of tensors into one: ``Concatenate`` along an axis,
and the elementwise ``Add``, ``Subtract``, ``Multiply``, ``Average``,
``Maximum``, ``Minimum``; with the lowercase functional forms (``add([a, b])``)."""

from __future__ import annotations

from axon.layers.base import Layer, _shape_str
from axon.ops.elementwise import add as _add
from axon.ops.elementwise import maximum as _maximum
from axon.ops.elementwise import minimum as _minimum
from axon.ops.elementwise import multiply as _multiply
from axon.ops.elementwise import subtract as _subtract
from axon.ops.shape import Concat


def _shapes_str(shapes) -> str:
    return "[" + ", ".join(_shape_str(s) for s in shapes) + "]"


class _Merge(Layer):
    """Base of the elementwise merges: checks the list of inputs and their shapes,
    then folds ``_merge`` over them."""

    _min_inputs = 2
    _max_inputs: int | None = None
    supports_masking = True

    def compute_mask(self, inputs, mask=None):
        """The steps every input keeps (Keras's rule: the masks ANDed), None when no input has a mask."""
        if mask is None:
            return None
        masks = [m for m in mask if m is not None] if isinstance(mask, (list, tuple)) else [mask]
        if not masks:
            return None
        out = masks[0]
        for m in masks[1:]:
            out = out & m
        return out

    def _check_shapes(self, shapes) -> tuple:
        """Validate the list of input shapes and return the output shape."""
        kind = type(self).__name__
        if not isinstance(shapes, list) or not shapes or not isinstance(shapes[0], (list, tuple)):
            raise ValueError(f"Layer '{self.name}' ({kind}) must be called on a list of tensors. "
                             f"Received an input of shape {_shape_str(shapes)}.")
        n = len(shapes)
        if n < self._min_inputs or (self._max_inputs is not None and n > self._max_inputs):
            wanted = (f"exactly {self._max_inputs}" if self._max_inputs == self._min_inputs
                      else f"at least {self._min_inputs}")
            raise ValueError(f"Layer '{self.name}' ({kind}) must be called on a list of {wanted} tensors. "
                             f"Received {n}: {_shapes_str(shapes)}.")
        return self._output_shape_for(shapes)

    def _output_shape_for(self, shapes) -> tuple:
        """The broadcast shape: sizes must agree per axis, where 1 stretches and None is unknown."""
        rank = max(len(s) for s in shapes)
        out = []
        for i in range(1, rank + 1):
            sizes = {s[-i] for s in shapes if len(s) >= i} - {1}
            known = sizes - {None}
            if len(known) > 1:
                raise ValueError(
                    f"Layer '{self.name}' ({type(self).__name__}) needs inputs of the same shape (or shapes that "
                    f"broadcast: equal sizes or 1 on each axis). Received shapes {_shapes_str(shapes)}.")
            out.append(known.pop() if known else (None if None in sizes else 1))
        return tuple(reversed(out))

    def build(self, input_shape) -> None:
        self._check_shapes(input_shape)
        self.built = True

    def call(self, inputs):
        self._check_shapes([tuple(x.shape) for x in inputs] if isinstance(inputs, list) else tuple(inputs.shape))
        out = inputs[0]
        for x in inputs[1:]:
            out = self._merge(out, x)
        return out

    def _merge(self, a, b):  # pragma: no cover - abstract
        raise NotImplementedError

    def compute_output_shape(self, input_shape):
        return self._check_shapes(input_shape)


class Add(_Merge):
    """Adds a list of tensors elementwise (a residual connection).

    Example:
        >>> a, b = axon.keras.Input((4,)), axon.keras.Input((4,))
        >>> y = axon.layers.Add()([a, b])                 # shape (None, 4)
    """

    def _merge(self, a, b):
        return _add(a, b)


class Subtract(_Merge):
    """Subtracts the second of two tensors from the first: ``inputs[0] - inputs[1]``.

    Example:
        >>> y = axon.layers.Subtract()([np.ones((2, 3)), np.ones((2, 3))])   # zeros
    """

    _max_inputs = 2

    def _merge(self, a, b):
        return _subtract(a, b)


class Multiply(_Merge):
    """Multiplies a list of tensors elementwise (e.g. a gate).

    Example:
        >>> y = axon.layers.Multiply()([x, gate])
    """

    def _merge(self, a, b):
        return _multiply(a, b)


class Average(_Merge):
    """The elementwise mean of a list of tensors (e.g. an ensemble of heads).

    Example:
        >>> y = axon.layers.Average()([head1, head2, head3])
    """

    def call(self, inputs):
        return super().call(inputs) * (1.0 / len(inputs))

    def _merge(self, a, b):
        return _add(a, b)


class Maximum(_Merge):
    """The elementwise maximum of a list of tensors.

    Example:
        >>> y = axon.layers.Maximum()([a, b])
    """

    def _merge(self, a, b):
        return _maximum(a, b)


class Minimum(_Merge):
    """The elementwise minimum of a list of tensors.

    Example:
        >>> y = axon.layers.Minimum()([a, b])
    """

    def _merge(self, a, b):
        return _minimum(a, b)


class Concatenate(_Merge):
    """Joins a list of tensors along ``axis``; all other axes must match.

    Args:
        axis: the axis to join along (default: the last, the features or channels).

    Example:
        >>> a, b = axon.keras.Input((28, 28, 8)), axon.keras.Input((28, 28, 16))
        >>> y = axon.layers.Concatenate()([a, b])       # shape (None, 28, 28, 24)
    """

    _min_inputs = 1

    def __init__(self, axis: int = -1, **kwargs):
        super().__init__(**kwargs)
        self.axis = int(axis)

    def _output_shape_for(self, shapes) -> tuple:
        rank = len(shapes[0])
        bad = any(len(s) != rank for s in shapes) or not -rank <= self.axis < rank
        axis = self.axis % rank if rank else 0
        if not bad:
            for i in range(rank):
                sizes = {s[i] for s in shapes} - {None}
                if i != axis and len(sizes) > 1:
                    bad = True
        if bad:
            raise ValueError(
                f"Layer '{self.name}' (Concatenate) needs inputs of the same rank whose shapes match except on "
                f"the concatenation axis (axis={self.axis}). Received shapes {_shapes_str(shapes)}.")
        joined = [s[axis] for s in shapes]
        out = [next((s[i] for s in shapes if s[i] is not None), None) for i in range(rank)]
        out[axis] = None if None in joined else sum(joined)
        return tuple(out)

    def call(self, inputs):
        self._check_shapes([tuple(x.shape) for x in inputs] if isinstance(inputs, list) else tuple(inputs.shape))
        return Concat.apply(*inputs, axis=self.axis % inputs[0].ndim)

    def get_config(self) -> dict:
        return {**super().get_config(), "axis": self.axis}


def add(inputs, **kwargs):
    """The functional form of ``Add``: ``add([a, b])`` is ``Add()([a, b])``.

    Example:
        >>> y = axon.layers.add([x, shortcut])
    """
    return Add(**kwargs)(inputs)


def subtract(inputs, **kwargs):
    """The functional form of ``Subtract``: ``subtract([a, b])`` is ``a - b``."""
    return Subtract(**kwargs)(inputs)


def multiply(inputs, **kwargs):
    """The functional form of ``Multiply``: the elementwise product of ``inputs``."""
    return Multiply(**kwargs)(inputs)


def average(inputs, **kwargs):
    """The functional form of ``Average``: the elementwise mean of ``inputs``."""
    return Average(**kwargs)(inputs)


def maximum(inputs, **kwargs):
    """The functional form of ``Maximum``: the elementwise maximum of ``inputs``."""
    return Maximum(**kwargs)(inputs)


def minimum(inputs, **kwargs):
    """The functional form of ``Minimum``: the elementwise minimum of ``inputs``."""
    return Minimum(**kwargs)(inputs)


def concatenate(inputs, axis: int = -1, **kwargs):
    """The functional form of ``Concatenate``: ``concatenate(inputs, axis)`` is
    ``Concatenate(axis=axis)(inputs)``.

    Example:
        >>> y = axon.layers.concatenate([a, b], axis=-1)
    """
    return Concatenate(axis=axis, **kwargs)(inputs)
