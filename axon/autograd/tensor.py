"""``Tensor`` and ``Variable``: arrays that remember how they were computed.

A Tensor wraps an array of the active backend (``.data``). When it needs a
gradient (``requires_grad``), the op that produced it is kept in ``_op`` and
``backward()`` walks those links in reverse (see ``engine.py``).
"""

from __future__ import annotations

import numpy as np

from axon import backend as B
from axon.autograd import engine
from axon.autograd.op import is_grad_enabled


class Tensor:
    """An n-dimensional array with reverse-mode automatic differentiation.

    Example:
        >>> x = axon.tensor([1.0, 2.0, 3.0], requires_grad=True)
        >>> y = (x * x).sum()
        >>> y.backward()
        >>> x.grad.numpy()
        array([2., 4., 6.], dtype=float32)
    """

    # _keras_mask: the (batch, steps) booleans a masking layer attached (read with getattr, default None)
    __slots__ = ("data", "requires_grad", "_grad", "_op", "_name", "_keras_mask", "__weakref__")
    # Make NumPy hand mixed expressions (ndarray * Tensor) to Tensor's operators.
    __array_priority__ = 1000

    def __init__(self, data, dtype=None, requires_grad: bool = False):
        if isinstance(data, Tensor):
            data = data.data
        self.data = B.asarray(data, dtype)
        if requires_grad and self.data.dtype.kind not in "fc":
            raise TypeError(
                f"Only float tensors can require gradients. Received dtype={self.data.dtype}; "
                "cast the data to float first (e.g. dtype='float32')."
            )
        self.requires_grad = bool(requires_grad)
        self._grad = None
        self._op = None
        self._name = None

    @classmethod
    def _wrap(cls, array, requires_grad: bool = False) -> Tensor:
        """Wrap an array produced by an op, without conversion (the fast path)."""
        t = object.__new__(Tensor)
        t.data = array
        t.requires_grad = requires_grad
        t._grad = None
        t._op = None
        t._name = None
        return t

    # ----------------------------------------------------------------- facts
    @property
    def shape(self) -> tuple:
        """The shape, as a tuple of ints."""
        return self.data.shape

    @property
    def dtype(self) -> np.dtype:
        """The element type (a NumPy dtype)."""
        return self.data.dtype

    @property
    def ndim(self) -> int:
        """The number of dimensions."""
        return self.data.ndim

    @property
    def size(self) -> int:
        """The number of elements."""
        return self.data.size

    @property
    def name(self) -> str | None:
        """An optional name (Variables have one)."""
        return self._name

    def numpy(self) -> np.ndarray:
        """The values as a NumPy array (a view, not a copy, on the CPU)."""
        return B.to_numpy(self.data)

    def item(self):
        """The value of a one-element tensor as a Python number."""
        return self.data.item()

    def __array__(self, dtype=None, copy=None):
        array = B.to_numpy(self.data)
        return array if dtype is None else array.astype(dtype, copy=False)

    def __len__(self) -> int:
        if self.data.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return self.data.shape[0]

    def __iter__(self):
        for i in range(len(self)):
            yield self[i]

    def __float__(self) -> float:
        return float(self.data)

    def __int__(self) -> int:
        return int(self.data)

    def __index__(self) -> int:
        return int(self.data)

    def __bool__(self) -> bool:
        return bool(self.data)

    def __format__(self, spec: str) -> str:
        if self.data.ndim == 0 and spec:
            return format(self.data.item(), spec)
        return format(str(self), spec)

    def __repr__(self) -> str:
        body = np.array2string(self.numpy(), separator=", ", prefix="tensor(")
        grad = ", requires_grad=True" if self.requires_grad else ""
        return f"tensor({body}, dtype={self.dtype}{grad})"

    __hash__ = object.__hash__

    # -------------------------------------------------------------- autodiff
    @property
    def grad(self) -> Tensor | None:
        """The gradient accumulated by ``backward()``, or ``None`` (a Tensor with a
        graph of its own after ``backward(create_graph=True)``)."""
        g = self._grad
        return g if g is None or isinstance(g, Tensor) else Tensor._wrap(g)

    @grad.setter
    def grad(self, value) -> None:
        self._grad = None if value is None else B.asarray(getattr(value, "data", value), self.dtype)

    def _accumulate_grad(self, g) -> None:
        # Never in place: a gradient array may be shared with another leaf. A Tensor
        # (create_graph=True) keeps its graph: the sum is recorded.
        if self._grad is None:
            self._grad = g
        elif isinstance(g, Tensor) or isinstance(self._grad, Tensor):
            self._grad = ops.add(self._grad, g)
        else:
            self._grad = self._grad + g

    def zero_grad(self) -> None:
        """Forget the accumulated gradient."""
        self._grad = None

    def backward(self, grad=None, retain_graph: bool | None = None, create_graph: bool = False) -> None:
        """Compute the gradient of this tensor with respect to every leaf.

        Leaves that require gradients accumulate them in ``.grad`` (call
        ``zero_grad()`` between steps). The graph is freed afterwards unless
        ``retain_graph=True``.

        Args:
            grad: the upstream gradient, shaped like this tensor. May be omitted
                only for a tensor with a single element (a loss).
            retain_graph: keep the graph for another ``backward()``; defaults to
                ``create_graph``, as in PyTorch.
            create_graph: record the backward itself, so that each ``.grad`` is a
                Tensor with a graph and can be differentiated again (a second
                derivative, a gradient penalty). Every op on the way needs a
                differentiable backward (see ``axon/autograd/op.py``).

        Example:
            >>> x = axon.tensor(3.0, requires_grad=True)
            >>> (x ** 3).backward(create_graph=True)     # x.grad = 3x^2 = 27, with a graph
            >>> g = x.grad
            >>> x.zero_grad(); g.backward()               # x.grad = 6x = 18
        """
        if not self.requires_grad:
            raise RuntimeError(
                "backward() on a tensor that does not require a gradient: none of its inputs "
                "has requires_grad=True (or it was computed under no_grad())."
            )
        if grad is None:
            if self.data.size != 1:
                raise RuntimeError(
                    f"backward() without a `grad` argument needs a scalar (one-element) tensor; "
                    f"this one has shape {self.shape}. Reduce it first (e.g. .sum() or .mean()) "
                    "or pass grad= an array of that shape."
                )
            g = engine.ones_like(self.data)
        else:
            g = B.asarray(getattr(grad, "data", grad), self.dtype)
            if g.shape != self.shape:
                raise ValueError(f"backward(): grad has shape {g.shape} but the tensor has shape {self.shape}.")
        if create_graph:
            upstream = grad if isinstance(grad, Tensor) and grad.dtype == self.dtype else Tensor._wrap(g)
            engine.run_backward_graph(self, upstream)
            return
        engine.run_backward(self, g, retain_graph=bool(retain_graph))

    def detach(self) -> Tensor:
        """The same values, cut from the graph (no gradient flows through)."""
        return Tensor._wrap(self.data)

    def requires_grad_(self, flag: bool = True) -> Tensor:
        """Mark this leaf as needing a gradient; returns itself."""
        self.requires_grad = bool(flag)
        return self

    # ------------------------------------------------------------- operators
    def __add__(self, other):
        return ops.add(self, other)

    def __radd__(self, other):
        return ops.add(other, self)

    def __sub__(self, other):
        return ops.subtract(self, other)

    def __rsub__(self, other):
        return ops.subtract(other, self)

    def __mul__(self, other):
        return ops.multiply(self, other)

    def __rmul__(self, other):
        return ops.multiply(other, self)

    def __truediv__(self, other):
        return ops.divide(self, other)

    def __rtruediv__(self, other):
        return ops.divide(other, self)

    def __matmul__(self, other):
        return ops.matmul(self, other)

    def __rmatmul__(self, other):
        return ops.matmul(other, self)

    def __pow__(self, other):
        return ops.power(self, other)

    def __rpow__(self, other):
        return ops.power(other, self)

    def __neg__(self):
        return ops.negative(self)

    def __pos__(self):
        return self

    def __abs__(self):
        return ops.abs(self)

    def __getitem__(self, index):
        return ops.getitem(self, index)

    # Comparisons give boolean tensors and carry no gradient.
    def __eq__(self, other):
        return Tensor._wrap(self.data == _raw(other))

    def __ne__(self, other):
        return Tensor._wrap(self.data != _raw(other))

    def __lt__(self, other):
        return Tensor._wrap(self.data < _raw(other))

    def __le__(self, other):
        return Tensor._wrap(self.data <= _raw(other))

    def __gt__(self, other):
        return Tensor._wrap(self.data > _raw(other))

    def __ge__(self, other):
        return Tensor._wrap(self.data >= _raw(other))

    # --------------------------------------------------------------- methods
    @property
    def T(self) -> Tensor:
        """The transpose (axes reversed)."""
        return ops.transpose(self)

    def reshape(self, *shape) -> Tensor:
        """Same data, new shape (``-1`` infers one dimension)."""
        if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
            shape = tuple(shape[0])
        return ops.reshape(self, shape)

    def sum(self, axis=None, keepdims: bool = False) -> Tensor:
        """Sum over ``axis`` (all axes by default)."""
        return ops.reduce_sum(self, axis, keepdims)

    def mean(self, axis=None, keepdims: bool = False) -> Tensor:
        """Mean over ``axis`` (all axes by default)."""
        return ops.reduce_mean(self, axis, keepdims)

    def max(self, axis=None, keepdims: bool = False) -> Tensor:
        """Maximum over ``axis``; the gradient goes to the maximal entries."""
        return ops.reduce_max(self, axis, keepdims)

    def min(self, axis=None, keepdims: bool = False) -> Tensor:
        """Minimum over ``axis``; the gradient goes to the minimal entries."""
        return ops.reduce_min(self, axis, keepdims)

    def argmax(self, axis=None) -> Tensor:
        """Index of the maximum over ``axis`` (over the flattened tensor by default)."""
        return Tensor._wrap(self.data.argmax(axis=axis))

    def exp(self) -> Tensor:
        """Elementwise e**x."""
        return ops.exp(self)

    def log(self) -> Tensor:
        """Elementwise natural logarithm."""
        return ops.log(self)

    def astype(self, dtype) -> Tensor:
        """A copy cast to ``dtype`` (differentiable between float types)."""
        return ops.cast(self, dtype)


class Variable(Tensor):
    """A mutable tensor holding model state (weights, counters).

    Trainable variables require gradients and are watched by ``GradientTape``
    automatically. ``assign``/``assign_add``/``assign_sub`` update the values in
    place and are never recorded.

    Example:
        >>> w = axon.Variable([[1.0, 2.0]], name="w")
        >>> w.assign_sub([[0.5, 0.5]])
    """

    __slots__ = ("trainable", "_regularizer", "constraint")

    def __init__(self, initial_value, trainable: bool = True, name: str | None = None, dtype=None,
                 constraint=None):
        if callable(initial_value):
            initial_value = initial_value()
        super().__init__(initial_value, dtype=dtype)
        # Own the values: assign_* work in place and must never write into the caller's array.
        if self.data is _raw(initial_value) or self.data.base is not None:
            self.data = self.data.copy()
        self.trainable = bool(trainable)
        self.requires_grad = self.trainable and self.data.dtype.kind == "f"
        self._name = name
        self._regularizer = None
        # Applied by the optimizer after each update (Layer.add_weight sets it from kernel_constraint=...).
        self.constraint = constraint

    @Tensor.name.setter
    def name(self, value: str) -> None:
        self._name = value

    def _check(self, value):
        value = B.asarray(_raw(value), self.dtype)
        if value.shape != self.shape:
            raise ValueError(
                f"Cannot assign a value of shape {value.shape} to variable "
                f"{self._name or ''!s} of shape {self.shape}."
            )
        return value

    def assign(self, value) -> Variable:
        """Set the values (same shape), in place."""
        self.data[...] = self._check(value)
        return self

    def assign_add(self, delta) -> Variable:
        """Add ``delta`` in place."""
        self.data += self._check(delta)
        return self

    def assign_sub(self, delta) -> Variable:
        """Subtract ``delta`` in place."""
        self.data -= self._check(delta)
        return self

    def value(self) -> Tensor:
        """The current values as a tensor that stays in the graph."""
        return self

    read_value = value

    def __repr__(self) -> str:
        body = np.array2string(self.numpy(), separator=", ", prefix="Variable(")
        return f"<Variable '{self._name}' shape={self.shape} dtype={self.dtype}, {body}>"


def _raw(value):
    """The array behind a Tensor, or the value itself."""
    return value.data if isinstance(value, Tensor) else value


def tensor(data, dtype=None, requires_grad: bool = False) -> Tensor:
    """Create a tensor; Python floats become ``floatx()`` (float32)."""
    return Tensor(data, dtype=dtype, requires_grad=requires_grad)


def constant(value, dtype=None, shape=None, name=None) -> Tensor:
    """An immutable tensor, as ``tf.constant``."""
    t = Tensor(value, dtype=dtype)
    if shape is not None and tuple(shape) != t.shape:
        t.data = B.xp.broadcast_to(t.data, tuple(shape)).copy() if t.size == 1 else t.data.reshape(shape)
    t._name = name
    return t


def convert_to_tensor(value, dtype=None) -> Tensor:
    """Return ``value`` as a Tensor (unchanged if it already is one of that dtype)."""
    if isinstance(value, Tensor) and (dtype is None or B.as_dtype(dtype) == value.dtype):
        return value
    if isinstance(value, Tensor):
        return ops.cast(value, dtype)
    return Tensor(value, dtype=dtype)


def grad_enabled() -> bool:
    """Whether ops are being recorded right now."""
    return is_grad_enabled()


from axon import ops  # noqa: E402  (ops need Tensor defined first)
