"""Layers that merge a list of tensors into one: ``Concatenate`` along an axis,
and the elementwise ``Add``, ``Subtract``, ``Multiply``, ``Average``,
``Maximum``, ``Minimum``, and ``Dot`` (a batched dot product); with the lowercase
functional forms (``add([a, b])``)."""

from __future__ import annotations

from axon.layers.base import Layer, _shape_str
from axon.ops.elementwise import add as _add
from axon.ops.elementwise import maximum as _maximum
from axon.ops.elementwise import minimum as _minimum
from axon.ops.elementwise import multiply as _multiply
from axon.ops.elementwise import power as _power
from axon.ops.elementwise import subtract as _subtract
from axon.ops.matmul import matmul as _matmul
from axon.ops.reduce import reduce_sum as _reduce_sum
from axon.ops.shape import Concat
from axon.ops.shape import reshape as _reshape
from axon.ops.shape import transpose as _transpose


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


class Dot(_Merge):
    """The dot product of two batches of tensors along ``axes`` (Keras's ``batch_dot``).

    For each sample, the entries of ``inputs[0]`` along ``axes[0]`` are multiplied
    with those of ``inputs[1]`` along ``axes[1]`` and summed; the output keeps the
    other axes of the first input, then those of the second (at least ``(N, 1)``).
    With ``normalize=True`` both are first L2-normalised along those axes, so the
    result is a cosine similarity.

    Args:
        axes: an int (the same axis of both) or a pair; axis 0 (the batch) is not allowed.
        normalize: whether to L2-normalise the inputs along ``axes`` first.

    Example:
        >>> a, b = axon.keras.Input((10, 8)), axon.keras.Input((12, 8))
        >>> scores = axon.layers.Dot(axes=(2, 2))([a, b])     # shape (None, 10, 12)
    """

    _max_inputs = 2

    def __init__(self, axes, normalize: bool = False, **kwargs):
        super().__init__(**kwargs)
        valid = isinstance(axes, int) and not isinstance(axes, bool) or (
            isinstance(axes, (list, tuple)) and len(axes) == 2
            and all(isinstance(a, int) and not isinstance(a, bool) for a in axes))
        if not valid:
            raise ValueError(f"`axes` must be an int or a pair of ints. Received: axes={axes!r}")
        self.axes = axes if isinstance(axes, int) else tuple(axes)
        self.normalize = bool(normalize)

    def compute_mask(self, inputs, mask=None):
        return None

    def _axes_for(self, shapes) -> tuple:
        pair = (self.axes, self.axes) if isinstance(self.axes, int) else self.axes
        axes = []
        for axis, shape in zip(pair, shapes):
            if not -len(shape) <= axis < len(shape) or axis % len(shape) == 0:
                raise ValueError(f"Layer '{self.name}' (Dot): axes={self.axes!r} must name a non-batch axis of "
                                 f"each input. Received shapes {_shapes_str(shapes)}.")
            axes.append(axis % len(shape))
        return tuple(axes)

    def _output_shape_for(self, shapes) -> tuple:
        a0, a1 = self._axes_for(shapes)
        s0, s1 = shapes
        if len(s0) < 2 or len(s1) < 2 or (s0[a0] is not None and s1[a1] is not None and s0[a0] != s1[a1]):
            raise ValueError(f"Layer '{self.name}' (Dot) needs inputs of rank >= 2 whose sizes agree on the "
                             f"summed axes ({a0} of the first, {a1} of the second). Received shapes "
                             f"{_shapes_str(shapes)}.")
        rest = tuple(n for i, n in enumerate(s0[1:], 1) if i != a0) + tuple(
            n for i, n in enumerate(s1[1:], 1) if i != a1)
        return (s0[0],) + (rest or (1,))

    def call(self, inputs):
        out_shape = self._check_shapes([tuple(x.shape) for x in inputs] if isinstance(inputs, list)
                                       else tuple(inputs.shape))
        x, y = inputs
        a0, a1 = self._axes_for([x.shape, y.shape])
        if self.normalize:
            x, y = _l2_normalize(x, a0), _l2_normalize(y, a1)
        # x -> (N, P, d) and y -> (N, d, Q): one batched matrix product
        x = _transpose(x, [0] + [i for i in range(1, x.ndim) if i != a0] + [a0])
        y = _transpose(y, [0, a1] + [i for i in range(1, y.ndim) if i != a1])
        d = x.shape[-1]
        product = _matmul(_reshape(x, (x.shape[0], -1, d)), _reshape(y, (y.shape[0], d, -1)))
        return _reshape(product, (product.shape[0],) + out_shape[1:])

    def get_config(self) -> dict:
        return {**super().get_config(), "axes": self.axes, "normalize": self.normalize}


def _l2_normalize(x, axis: int):
    """``x / max(||x||, 1e-7)`` along ``axis`` (Keras's ``normalize``)."""
    squares = _reduce_sum(_multiply(x, x), axis=axis, keepdims=True)
    return _multiply(x, _power(_maximum(squares, 1e-14), -0.5))


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


def dot(inputs, axes=-1, normalize: bool = False, **kwargs):
    """The functional form of ``Dot``: ``dot([a, b], axes)`` is ``Dot(axes)([a, b])``.

    Example:
        >>> similarity = axon.layers.dot([u, v], axes=1, normalize=True)    # cosine, shape (N, 1)
    """
    return Dot(axes=axes, normalize=normalize, **kwargs)([inputs[0], inputs[1]] if isinstance(inputs, tuple)
                                                           else inputs)


def concatenate(inputs, axis: int = -1, **kwargs):
    """The functional form of ``Concatenate``: ``concatenate(inputs, axis)`` is
    ``Concatenate(axis=axis)(inputs)``.

    Example:
        >>> y = axon.layers.concatenate([a, b], axis=-1)
    """
    return Concatenate(axis=axis, **kwargs)(inputs)
