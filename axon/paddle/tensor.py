"""Paddle's ``Tensor``: a thin wrapper over an axon ``Tensor`` with Paddle's names.

The axon tensor (``.value``) does all the work: its ops, its graph, its
gradient. The wrapper only speaks Paddle: ``shape`` is a list, ``stop_gradient``
is the opposite of ``requires_grad`` (True for data, False for parameters),
``grad`` is a Tensor, and the methods take Paddle's argument names (``axis``,
``keepdim``, ``perm``). Wrapping costs one small object per op result.
"""

from __future__ import annotations

import numpy as np

from axon import backend as B
from axon import ops
from axon.autograd.tensor import Tensor as _Core
from axon.autograd.tensor import Variable


class Tensor:
    """A Paddle tensor: an n-dimensional array with reverse-mode autodiff.

    Create one with ``paddle.to_tensor``. ``stop_gradient`` is True for data
    (no gradient is computed for it); set it to False to get ``x.grad`` after
    ``loss.backward()``.

    Example:
        >>> x = paddle.to_tensor([1.0, 2.0, 3.0], stop_gradient=False)
        >>> (x * x).sum().backward()
        >>> x.grad.numpy()
        array([2., 4., 6.], dtype=float32)
    """

    __slots__ = ("value", "__weakref__")
    # NumPy hands mixed expressions (ndarray * Tensor) to Tensor's operators.
    __array_priority__ = 1000

    def __init__(self, value=None, dtype=None, stop_gradient: bool = True):
        if isinstance(value, Tensor):
            value = value.value
        core = value if isinstance(value, _Core) else _Core(to_array(value, dtype))
        if not stop_gradient and core.dtype.kind == "f":
            core.requires_grad = True
        self.value = core

    # ----------------------------------------------------------------- facts
    @property
    def shape(self) -> list:
        """The shape as a list of ints (Paddle's convention)."""
        return list(self.value.data.shape)

    @property
    def dtype(self) -> np.dtype:
        """The element type (compare with ``paddle.float32`` and friends)."""
        return self.value.data.dtype

    @property
    def ndim(self) -> int:
        """The number of dimensions."""
        return self.value.data.ndim

    @property
    def size(self) -> int:
        """The number of elements."""
        return int(self.value.data.size)

    @property
    def place(self) -> str:
        """Where the data lives: always the CPU (``Place(cpu)``) on NumPy."""
        from axon.paddle.device import CPUPlace

        return CPUPlace()

    @property
    def name(self) -> str:
        """The tensor's name (generated for parameters)."""
        return self.value.name or "generated_tensor"

    @name.setter
    def name(self, value: str) -> None:
        self.value._name = value

    @property
    def persistable(self) -> bool:
        """True for parameters and buffers (saved in a state dict)."""
        return isinstance(self.value, Variable)

    def dim(self) -> int:
        """The number of dimensions."""
        return self.ndim

    def numel(self) -> int:
        """The number of elements."""
        return self.size

    def numpy(self) -> np.ndarray:
        """The values as a NumPy array."""
        return self.value.numpy()

    def item(self, *index):
        """One element as a Python number (the only one, or the one at ``index``)."""
        data = self.value.data
        if not index and data.size != 1:
            raise ValueError(f"item() without an index needs a one-element tensor; this one has shape {self.shape}.")
        return data.item(*index)

    def tolist(self) -> list:
        """The values as nested Python lists."""
        return self.value.data.tolist()

    def __array__(self, dtype=None, copy=None):
        array = B.to_numpy(self.value.data)
        return array if dtype is None else array.astype(dtype, copy=False)

    def __len__(self) -> int:
        return len(self.value)

    def __iter__(self):
        for i in range(len(self)):
            yield self[i]

    # One-element tensors of any shape convert, as in Paddle (float(acc) of a [1] tensor).
    def __float__(self) -> float:
        return float(self.item())

    def __int__(self) -> int:
        return int(self.item())

    def __index__(self) -> int:
        return int(self.item())

    def __bool__(self) -> bool:
        return bool(self.item())

    def __format__(self, spec: str) -> str:
        if self.value.data.ndim == 0 and spec:
            return format(self.value.data.item(), spec)
        return format(str(self), spec)

    def __repr__(self) -> str:
        body = np.array2string(self.numpy(), separator=", ", prefix="       ")
        return (f"Tensor(shape={self.shape}, dtype={np.dtype(self.dtype).name}, place=Place(cpu), "
                f"stop_gradient={self.stop_gradient},\n       {body})")

    __hash__ = object.__hash__

    # -------------------------------------------------------------- autodiff
    @property
    def stop_gradient(self) -> bool:
        """True when no gradient is computed for this tensor (the default for data)."""
        return not self.value.requires_grad

    @stop_gradient.setter
    def stop_gradient(self, flag: bool) -> None:
        if not flag and self.value.dtype.kind not in "fc":
            raise TypeError(f"Only float tensors can have gradients; this one is {_dtype_name(self.dtype)}. "
                            "Cast it first: x = x.astype('float32').")
        self.value.requires_grad = not flag

    @property
    def grad(self) -> Tensor | None:
        """The gradient accumulated by ``backward()`` (a Tensor), or None."""
        g = self.value._grad
        return None if g is None else Tensor._wrap(_Core._wrap(g))

    @grad.setter
    def grad(self, value) -> None:
        self.value.grad = None if value is None else to_array(value, self.dtype)

    @property
    def is_leaf(self) -> bool:
        """True for a tensor not computed by a recorded op (data, parameters)."""
        return self.value._op is None

    def backward(self, grad_tensor=None, retain_graph: bool = False) -> None:
        """Accumulate the gradient of this tensor into ``.grad`` of every leaf that needs one."""
        if not self.value.requires_grad:
            raise RuntimeError("backward() on a tensor with stop_gradient=True: none of the tensors it was computed "
                               "from has stop_gradient=False (parameters have it; set x.stop_gradient = False "
                               "on data you want gradients for).")
        grad = None if grad_tensor is None else to_array(grad_tensor, self.dtype)
        self.value.backward(grad, retain_graph=retain_graph)

    def clear_gradient(self, set_to_zero: bool = True) -> None:
        """Reset ``.grad``: to zeros (Paddle's default) or to None."""
        if set_to_zero and self.value._grad is not None:
            self.value._grad = B.xp.zeros_like(self.value.data)
        else:
            self.value._grad = None

    clear_grad = clear_gradient

    def detach(self) -> Tensor:
        """The same values, cut from the graph."""
        return Tensor._wrap(self.value.detach())

    def clone(self) -> Tensor:
        """A copy that stays in the graph (gradients flow back to this tensor)."""
        return Tensor._wrap(ops.multiply(self.value, _Core._wrap(B.xp.asarray(1, dtype=self.dtype))))

    # ------------------------------------------------------------- operators
    def __add__(self, y):
        return _m.add(self, y)

    def __radd__(self, y):
        return _m.add(y, self)

    def __sub__(self, y):
        return _m.subtract(self, y)

    def __rsub__(self, y):
        return _m.subtract(y, self)

    def __mul__(self, y):
        return _m.multiply(self, y)

    def __rmul__(self, y):
        return _m.multiply(y, self)

    def __truediv__(self, y):
        return _m.divide(self, y)

    def __rtruediv__(self, y):
        return _m.divide(y, self)

    def __floordiv__(self, y):
        return _m.floor_divide(self, y)

    def __mod__(self, y):
        return _m.remainder(self, y)

    def __matmul__(self, y):
        return _m.matmul(self, y)

    def __rmatmul__(self, y):
        return _m.matmul(y, self)

    def __pow__(self, y):
        return _m.pow(self, y)

    def __rpow__(self, y):
        return _m.pow(y, self)

    def __neg__(self):
        return _m.neg(self)

    def __pos__(self):
        return self

    def __abs__(self):
        return _m.abs(self)

    def __invert__(self):
        return _m.logical_not(self)

    def __and__(self, y):
        return _m.logical_and(self, y)

    def __or__(self, y):
        return _m.logical_or(self, y)

    def __getitem__(self, index):
        return _s.getitem(self, index)

    def __eq__(self, y):
        return _m.equal(self, y)

    def __ne__(self, y):
        return _m.not_equal(self, y)

    def __lt__(self, y):
        return _m.less_than(self, y)

    def __le__(self, y):
        return _m.less_equal(self, y)

    def __gt__(self, y):
        return _m.greater_than(self, y)

    def __ge__(self, y):
        return _m.greater_equal(self, y)

    # --------------------------------------------------------------- methods
    @property
    def T(self) -> Tensor:
        """The transpose (axes reversed)."""
        return _s.transpose(self, list(range(self.ndim))[::-1])

    def astype(self, dtype) -> Tensor:
        """A copy cast to ``dtype`` (differentiable between float types)."""
        return _s.cast(self, dtype)

    def cast(self, dtype) -> Tensor:
        """As ``astype``."""
        return _s.cast(self, dtype)

    def reshape(self, shape, name=None) -> Tensor:
        """Same data, new shape."""
        return _s.reshape(self, shape)

    def flatten(self, start_axis: int = 0, stop_axis: int = -1, name=None) -> Tensor:
        """Merge axes ``start_axis .. stop_axis``."""
        return _s.flatten(self, start_axis, stop_axis)

    def transpose(self, perm, name=None) -> Tensor:
        """Permute the axes."""
        return _s.transpose(self, perm)

    def t(self) -> Tensor:
        """Transpose of a tensor of rank <= 2."""
        return _s.t(self)

    def squeeze(self, axis=None, name=None) -> Tensor:
        """Drop axes of size 1."""
        return _s.squeeze(self, axis)

    def unsqueeze(self, axis, name=None) -> Tensor:
        """Insert axes of size 1."""
        return _s.unsqueeze(self, axis)

    def expand(self, shape, name=None) -> Tensor:
        """Broadcast to ``shape``."""
        return _s.expand(self, shape)

    def tile(self, repeat_times, name=None) -> Tensor:
        """Repeat along each axis."""
        return _s.tile(self, repeat_times)

    def split(self, num_or_sections, axis: int = 0, name=None) -> list:
        """Split along ``axis``."""
        return _s.split(self, num_or_sections, axis)

    def chunk(self, chunks: int, axis: int = 0, name=None) -> list:
        """Split into ``chunks`` equal parts."""
        return _s.chunk(self, chunks, axis)

    def unbind(self, axis: int = 0) -> list:
        """The slices along ``axis``."""
        return _s.unbind(self, axis)

    def gather(self, index, axis: int = 0, name=None) -> Tensor:
        """The slices at ``index`` along ``axis``."""
        return _s.gather(self, index, axis)

    def flip(self, axis, name=None) -> Tensor:
        """Reverse along ``axis``."""
        return _s.flip(self, axis)

    def matmul(self, y, transpose_x: bool = False, transpose_y: bool = False, name=None) -> Tensor:
        """Matrix product."""
        return _m.matmul(self, y, transpose_x, transpose_y)

    def mm(self, mat2, name=None) -> Tensor:
        """Matrix product."""
        return _m.matmul(self, mat2)

    def dot(self, y, name=None) -> Tensor:
        """Inner product along the last axis."""
        return _m.dot(self, y)

    def add(self, y, name=None) -> Tensor:
        """``x + y``."""
        return _m.add(self, y)

    def subtract(self, y, name=None) -> Tensor:
        """``x - y``."""
        return _m.subtract(self, y)

    def multiply(self, y, name=None) -> Tensor:
        """``x * y``."""
        return _m.multiply(self, y)

    def divide(self, y, name=None) -> Tensor:
        """``x / y``."""
        return _m.divide(self, y)

    def pow(self, y, name=None) -> Tensor:
        """``x ** y``."""
        return _m.pow(self, y)

    def scale(self, scale: float = 1.0, bias: float = 0.0, bias_after_scale: bool = True, act=None,
              name=None) -> Tensor:
        """``x * scale + bias``."""
        return _m.scale(self, scale, bias, bias_after_scale, act)

    def exp(self, name=None) -> Tensor:
        """``e ** x``."""
        return _m.exp(self)

    def log(self, name=None) -> Tensor:
        """Natural logarithm."""
        return _m.log(self)

    def sqrt(self, name=None) -> Tensor:
        """Square root."""
        return _m.sqrt(self)

    def rsqrt(self, name=None) -> Tensor:
        """``1 / sqrt(x)``."""
        return _m.rsqrt(self)

    def square(self, name=None) -> Tensor:
        """``x ** 2``."""
        return _m.square(self)

    def abs(self, name=None) -> Tensor:
        """``|x|``."""
        return _m.abs(self)

    def sign(self, name=None) -> Tensor:
        """-1, 0 or 1."""
        return _m.sign(self)

    def floor(self, name=None) -> Tensor:
        """Round down."""
        return _m.floor(self)

    def ceil(self, name=None) -> Tensor:
        """Round up."""
        return _m.ceil(self)

    def round(self, name=None) -> Tensor:
        """Round half away from zero."""
        return _m.round(self)

    def reciprocal(self, name=None) -> Tensor:
        """``1 / x``."""
        return _m.reciprocal(self)

    def tanh(self, name=None) -> Tensor:
        """Hyperbolic tangent."""
        return _m.tanh(self)

    def sigmoid(self, name=None) -> Tensor:
        """Logistic sigmoid."""
        return _m.sigmoid(self)

    def clip(self, min=None, max=None, name=None) -> Tensor:  # noqa: A002
        """Clamp into ``[min, max]``."""
        return _m.clip(self, min, max)

    def maximum(self, y, name=None) -> Tensor:
        """Elementwise maximum."""
        return _m.maximum(self, y)

    def minimum(self, y, name=None) -> Tensor:
        """Elementwise minimum."""
        return _m.minimum(self, y)

    def sum(self, axis=None, dtype=None, keepdim: bool = False, name=None) -> Tensor:
        """Sum over ``axis``."""
        return _m.sum(self, axis, dtype, keepdim)

    def mean(self, axis=None, keepdim: bool = False, name=None) -> Tensor:
        """Mean over ``axis``."""
        return _m.mean(self, axis, keepdim)

    def max(self, axis=None, keepdim: bool = False, name=None) -> Tensor:
        """Maximum over ``axis``."""
        return _m.max(self, axis, keepdim)

    def min(self, axis=None, keepdim: bool = False, name=None) -> Tensor:
        """Minimum over ``axis``."""
        return _m.min(self, axis, keepdim)

    def var(self, axis=None, unbiased: bool = True, keepdim: bool = False, name=None) -> Tensor:
        """Variance over ``axis``."""
        return _m.var(self, axis, unbiased, keepdim)

    def std(self, axis=None, unbiased: bool = True, keepdim: bool = False, name=None) -> Tensor:
        """Standard deviation over ``axis``."""
        return _m.std(self, axis, unbiased, keepdim)

    def argmax(self, axis=None, keepdim: bool = False, dtype="int64", name=None) -> Tensor:
        """Index of the maximum."""
        return _m.argmax(self, axis, keepdim, dtype)

    def argmin(self, axis=None, keepdim: bool = False, dtype="int64", name=None) -> Tensor:
        """Index of the minimum."""
        return _m.argmin(self, axis, keepdim, dtype)

    def argsort(self, axis: int = -1, descending: bool = False, name=None) -> Tensor:
        """Positions that sort the tensor."""
        return _m.argsort(self, axis, descending)

    def sort(self, axis: int = -1, descending: bool = False, name=None) -> Tensor:
        """Sorted values."""
        return _m.sort(self, axis, descending)

    def topk(self, k: int, axis: int = -1, largest: bool = True, sorted: bool = True, name=None):  # noqa: A002
        """The ``k`` largest values and their indices."""
        return _m.topk(self, k, axis, largest, sorted)

    def cumsum(self, axis=None, dtype=None, name=None) -> Tensor:
        """Cumulative sum."""
        return _m.cumsum(self, axis, dtype)

    def logsumexp(self, axis=None, keepdim: bool = False, name=None) -> Tensor:
        """``log(sum(exp(x)))``."""
        return _m.logsumexp(self, axis, keepdim)

    def norm(self, p="fro", axis=None, keepdim: bool = False, name=None) -> Tensor:
        """The p-norm."""
        return _m.norm(self, p, axis, keepdim)

    def dist(self, y, p: float = 2, name=None) -> Tensor:
        """``norm(x - y, p)``."""
        return _m.dist(self, y, p)

    def equal(self, y, name=None) -> Tensor:
        """Elementwise ``==``."""
        return _m.equal(self, y)

    def not_equal(self, y, name=None) -> Tensor:
        """Elementwise ``!=``."""
        return _m.not_equal(self, y)

    def greater_than(self, y, name=None) -> Tensor:
        """Elementwise ``>``."""
        return _m.greater_than(self, y)

    def greater_equal(self, y, name=None) -> Tensor:
        """Elementwise ``>=``."""
        return _m.greater_equal(self, y)

    def less_than(self, y, name=None) -> Tensor:
        """Elementwise ``<``."""
        return _m.less_than(self, y)

    def less_equal(self, y, name=None) -> Tensor:
        """Elementwise ``<=``."""
        return _m.less_equal(self, y)

    def equal_all(self, y, name=None) -> Tensor:
        """True when shapes and values are equal."""
        return _m.equal_all(self, y)

    def allclose(self, y, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False, name=None) -> Tensor:
        """True when close everywhere."""
        return _m.allclose(self, y, rtol, atol, equal_nan)

    def isclose(self, y, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False, name=None) -> Tensor:
        """Elementwise closeness."""
        return _m.isclose(self, y, rtol, atol, equal_nan)

    def isfinite(self, name=None) -> Tensor:
        """Elementwise: finite."""
        return _m.isfinite(self)

    def isnan(self, name=None) -> Tensor:
        """Elementwise: NaN."""
        return _m.isnan(self)

    def isinf(self, name=None) -> Tensor:
        """Elementwise: infinite."""
        return _m.isinf(self)

    def logical_not(self, name=None) -> Tensor:
        """Elementwise not."""
        return _m.logical_not(self)

    def any(self, axis=None, keepdim: bool = False, name=None) -> Tensor:
        """Whether any element is true."""
        return _m.any(self, axis, keepdim)

    def all(self, axis=None, keepdim: bool = False, name=None) -> Tensor:
        """Whether every element is true."""
        return _m.all(self, axis, keepdim)

    def nonzero(self, as_tuple: bool = False):
        """Indices of the non-zero elements."""
        return _m.nonzero(self, as_tuple)

    def where(self, x=None, y=None, name=None) -> Tensor:
        """``paddle.where(self, x, y)``."""
        return _m.where(self, x, y)

    # ---------------------------------------------------- in-place updates
    def set_value(self, value) -> None:
        """Overwrite the values in place (same shape), outside autodiff."""
        array = to_array(value, self.dtype)
        if tuple(array.shape) != tuple(self.value.shape):
            raise ValueError(f"set_value(): the value has shape {list(array.shape)} but the tensor has shape "
                             f"{self.shape}.")
        self.value.data[...] = array

    def _update(self, array) -> Tensor:
        """In-place ops: new values for this tensor, allowed only outside a gradient's path."""
        if self.value.requires_grad and self.value._op is None and not isinstance(self.value, Variable):
            raise RuntimeError("In-place operation on a leaf tensor that needs a gradient (stop_gradient=False); "
                               "use the out-of-place form (x.add(y) instead of x.add_(y)).")
        if isinstance(self.value, Variable):
            self.value.data[...] = array
        else:
            self.value.data = array
        return self

    def zero_(self) -> Tensor:
        """Set every element to zero in place."""
        return self._update(B.xp.zeros_like(self.value.data))

    def fill_(self, value) -> Tensor:
        """Set every element to ``value`` in place."""
        return self._update(B.xp.full_like(self.value.data, value))

    def add_(self, y) -> Tensor:
        """``x += y`` in place."""
        return self._update((self.value.data + to_array(y, self.dtype)).astype(self.dtype, copy=False))

    def subtract_(self, y) -> Tensor:
        """``x -= y`` in place."""
        return self._update((self.value.data - to_array(y, self.dtype)).astype(self.dtype, copy=False))

    def multiply_(self, y) -> Tensor:
        """``x *= y`` in place."""
        return self._update((self.value.data * to_array(y, self.dtype)).astype(self.dtype, copy=False))

    def scale_(self, scale: float = 1.0, bias: float = 0.0) -> Tensor:
        """``x = x * scale + bias`` in place."""
        return self._update((self.value.data * scale + bias).astype(self.dtype, copy=False))

    def reshape_(self, shape) -> Tensor:
        """Change the shape in place."""
        return self._update(self.value.data.reshape(_shape_arg(shape, self.value.data)))

    def squeeze_(self, axis=None) -> Tensor:
        """Drop axes of size 1 in place."""
        return self._update(self.squeeze(axis).value.data)

    def unsqueeze_(self, axis) -> Tensor:
        """Insert axes of size 1 in place."""
        return self._update(self.unsqueeze(axis).value.data)

    def __setitem__(self, index, value) -> None:
        data = self.value.data
        if self.value.requires_grad and not isinstance(self.value, Variable) and self.value._op is None:
            raise RuntimeError("Item assignment on a leaf tensor that needs a gradient (stop_gradient=False).")
        data[_index(index)] = to_array(value, self.dtype)

    # ------------------------------------------------------------- plumbing
    @staticmethod
    def _wrap(core) -> Tensor:
        t = object.__new__(Tensor)
        t.value = core
        return t

    def cpu(self) -> Tensor:
        """This tensor (axon runs on the CPU)."""
        return self

    def cuda(self, *args, **kwargs) -> Tensor:
        """This tensor: axon.paddle runs on the CPU; ``cuda()`` keeps it there."""
        return self

    def pin_memory(self) -> Tensor:
        """This tensor (nothing to pin on the CPU)."""
        return self


class Parameter(Tensor):
    """A trainable tensor owned by a layer (``stop_gradient=False``, ``trainable=True``).

    Wraps an axon ``Variable``: optimizers update it in place.
    """

    __slots__ = ("optimize_attr", "regularizer", "need_clip")

    def __init__(self, data, name: str | None = None, trainable: bool = True):
        self.value = data if isinstance(data, Variable) else Variable(to_array(data, None), trainable, name)
        self.optimize_attr = {"learning_rate": 1.0}  # multiplies the optimizer's learning rate
        self.regularizer = None  # a paddle.regularizer term of its own, else the optimizer's weight_decay
        self.need_clip = True

    @property
    def trainable(self) -> bool:
        """Whether optimizers update this parameter."""
        return self.value.trainable

    @trainable.setter
    def trainable(self, flag: bool) -> None:
        self.value.trainable = bool(flag)
        self.value.requires_grad = bool(flag) and self.value.dtype.kind == "f"

    @property
    def stop_gradient(self) -> bool:
        """False for a trainable parameter; True freezes it (as ``trainable = False``)."""
        return not self.value.requires_grad

    @stop_gradient.setter
    def stop_gradient(self, flag: bool) -> None:
        self.trainable = not flag

    def __repr__(self) -> str:
        body = np.array2string(self.numpy(), separator=", ", prefix="       ")
        return (f"Parameter containing:\nTensor(shape={self.shape}, dtype={np.dtype(self.dtype).name}, "
                f"place=Place(cpu), stop_gradient={self.stop_gradient},\n       {body})")


# ------------------------------------------------------------------ helpers
def _dtype_name(dtype) -> str:
    return f"paddle.{np.dtype(dtype).name}"


def to_array(data, dtype=None):
    """``data`` (a Tensor, array, number or nested list) as an array of the backend.

    Paddle's rules: Python floats become the default dtype (float32), Python ints
    int64, bools bool; NumPy arrays keep their dtype.
    """
    from axon.paddle.framework import get_default_dtype

    if isinstance(data, Tensor):
        data = data.value.data
    elif isinstance(data, _Core):
        data = data.data
    if dtype is not None:
        return B.xp.asarray(data, dtype=to_dtype(dtype))
    if isinstance(data, (np.ndarray, np.generic)) or (B.name == "cupy" and isinstance(data, B.xp.ndarray)):
        return B.xp.asarray(data)
    array = np.asarray(data)
    if array.dtype == np.float64:
        array = array.astype(get_default_dtype())
    elif array.dtype.kind in "iu":
        array = array.astype(np.int64)
    return B.xp.asarray(array)


def to_dtype(dtype) -> np.dtype:
    """A Paddle dtype (``'float32'``, ``paddle.float32``, ``np.float32``) as a NumPy dtype."""
    if isinstance(dtype, str) and dtype.startswith("paddle."):
        dtype = dtype[len("paddle."):]
    return B.as_dtype(dtype)


def core(x, like=None) -> _Core:
    """The axon tensor behind ``x`` (a Paddle Tensor, an axon Tensor, an array or a number)."""
    if isinstance(x, Tensor):
        return x.value
    if isinstance(x, _Core):
        return x
    if isinstance(x, (bool, int, float)) and like is not None:
        return _Core._wrap(B.xp.asarray(x, dtype=like.dtype if like.dtype.kind == "f" else None))
    return _Core._wrap(to_array(x))


def wrap(t) -> Tensor:
    """An axon tensor as a Paddle Tensor."""
    return Tensor._wrap(t)


def _shape_arg(shape, data=None) -> tuple:
    """A Paddle shape argument (list, tuple, Tensor; 0 keeps that axis) as a tuple."""
    if isinstance(shape, Tensor):
        shape = shape.tolist()
    if isinstance(shape, (int, np.integer)):
        shape = [shape]
    out = [int(s.item()) if isinstance(s, Tensor) else int(s) for s in shape]
    if data is not None:
        out = [data.shape[i] if s == 0 and i < data.ndim else s for i, s in enumerate(out)]
    return tuple(out)


def _index(index):
    """An indexing key with Tensors turned into arrays."""
    if isinstance(index, Tensor):
        return index.value.data
    if isinstance(index, tuple):
        return tuple(i.value.data if isinstance(i, Tensor) else i for i in index)
    if isinstance(index, list):
        return np.asarray(index)
    return index


# The methods above delegate to the function modules, which import this one.
from axon.paddle import manipulation as _s  # noqa: E402
from axon.paddle import math as _m  # noqa: E402
