"""``tf.function`` and ``tf.TensorSpec``: axon runs every function eagerly.

TensorFlow traces a decorated Python function into a graph and runs the graph;
axon has no graph compiler, so ``axon.function`` returns a function that runs
the Python code itself, with the same results. Its options are honoured in the
only sense they have without a graph: ``input_signature`` is checked on every
call (the number of arguments, their ranks, sizes and dtypes, as TensorFlow
checks them), and ``jit_compile``, ``reduce_retracing`` and ``autograph`` are
validated and recorded (there is no tracing to reduce or compile).
"""

from __future__ import annotations

import functools
import types

import numpy as np

from axon import backend as B

_run_eagerly = False


def run_functions_eagerly(run_eagerly: bool) -> None:
    """Record TensorFlow's switch for running ``tf.function``-decorated code eagerly.

    axon always runs functions eagerly, whatever this says: the switch only sets
    what ``functions_run_eagerly()`` reports (as TensorFlow's does), so programs
    that toggle it for debugging run unchanged.
    """
    global _run_eagerly
    if not isinstance(run_eagerly, (bool, np.bool_)):
        raise TypeError(f"run_functions_eagerly expects a bool. Received: run_eagerly={run_eagerly!r}")
    _run_eagerly = bool(run_eagerly)


def functions_run_eagerly() -> bool:
    """The value last given to ``run_functions_eagerly`` (False by default, as in TensorFlow)."""
    return _run_eagerly


class TensorSpec:
    """The shape and dtype a tensor argument must have (``tf.TensorSpec``).

    ``None`` in ``shape`` accepts any size on that axis; ``shape=None`` accepts
    any rank.

    Example:
        >>> spec = axon.TensorSpec(shape=[None, 28, 28], dtype=axon.float32)
        >>> spec.is_compatible_with(axon.zeros((5, 28, 28)))
        True
    """

    def __init__(self, shape=None, dtype="float32", name: str | None = None):
        self.shape = None if shape is None else tuple(None if n is None else int(n) for n in shape)
        self.dtype = B.as_dtype(dtype)
        self.name = name

    def is_compatible_with(self, value) -> bool:
        """True when ``value`` (a Tensor, array, TensorSpec or number) fits this spec."""
        shape, dtype = _shape_and_dtype(value)
        if dtype != self.dtype:
            return False
        if self.shape is None or shape is None:
            return True
        return len(shape) == len(self.shape) and all(s is None or n is None or s == n
                                                     for s, n in zip(self.shape, shape))

    def __eq__(self, other) -> bool:
        return isinstance(other, TensorSpec) and (self.shape, self.dtype, self.name) == (
            other.shape, other.dtype, other.name)

    def __hash__(self) -> int:
        return hash((self.shape, self.dtype, self.name))

    def __repr__(self) -> str:
        return f"TensorSpec(shape={self.shape}, dtype={self.dtype.name}, name={self.name!r})"


def _shape_and_dtype(value):
    if isinstance(value, TensorSpec):
        return value.shape, value.dtype
    from axon.autograd.tensor import Tensor, convert_to_tensor

    data = value.data if isinstance(value, Tensor) else value
    if not hasattr(data, "dtype"):
        data = convert_to_tensor(data).data
    return tuple(data.shape), data.dtype


def _check_signature(name: str, signature, args, kwargs) -> None:
    if kwargs:
        raise TypeError(f"{name}: a function with an input_signature takes its arguments by position only. "
                        f"Received keyword arguments {sorted(kwargs)}.")
    if len(args) != len(signature):
        raise TypeError(f"{name}: input_signature has {len(signature)} entries but the call passed "
                        f"{len(args)} arguments.")
    for i, (spec, arg) in enumerate(zip(signature, args)):
        if isinstance(spec, (list, tuple)):
            if not isinstance(arg, (list, tuple)) or len(arg) != len(spec):
                raise TypeError(f"{name}: argument {i} must be a sequence of {len(spec)} tensors to match "
                                f"input_signature. Received {type(arg).__name__}.")
            _check_signature(name, spec, tuple(arg), {})
        elif not spec.is_compatible_with(arg):
            shape, dtype = _shape_and_dtype(arg)
            raise ValueError(f"{name}: argument {i} (shape {shape}, dtype {dtype.name}) does not match "
                             f"input_signature[{i}] = {spec}.")


class Function:
    """A Python function decorated with ``axon.function`` (see ``function``)."""

    def __init__(self, python_function, input_signature=None, autograph: bool = True, jit_compile=None,
                 reduce_retracing: bool = False, name: str | None = None):
        if not callable(python_function):
            raise TypeError(f"function: expected a callable to decorate. Received {python_function!r}.")
        if input_signature is not None:
            input_signature = tuple(input_signature)
            _check_specs(input_signature)
        if jit_compile not in (None, True, False):
            raise ValueError(f"function: jit_compile must be None, True or False. Received {jit_compile!r}.")
        self.python_function = python_function
        self.input_signature = input_signature
        self.autograph = bool(autograph)
        self.jit_compile = jit_compile
        self.reduce_retracing = bool(reduce_retracing)
        self._name = name or getattr(python_function, "__name__", "function")
        functools.update_wrapper(self, python_function)

    def __call__(self, *args, **kwargs):
        if self.input_signature is not None:
            _check_signature(self._name, self.input_signature, args, kwargs)
        return self.python_function(*args, **kwargs)

    def __get__(self, instance, owner=None):
        # A decorated method binds like a plain one; the signature excludes ``self``.
        if instance is None:
            return self
        return Function(types.MethodType(self.python_function, instance), self.input_signature, self.autograph,
                        self.jit_compile, self.reduce_retracing, self._name)

    def __repr__(self) -> str:
        return f"<axon.function {self._name} (runs eagerly)>"


def _check_specs(signature) -> None:
    for spec in signature:
        if isinstance(spec, (list, tuple)):
            _check_specs(spec)
        elif not isinstance(spec, TensorSpec):
            raise TypeError(f"function: input_signature must hold TensorSpec objects (axon.TensorSpec). "
                            f"Received {spec!r}.")


def function(func=None, input_signature=None, autograph: bool = True, jit_compile=None,
             reduce_retracing: bool = False, experimental_relax_shapes=None, name: str | None = None):
    """TensorFlow's ``tf.function``: in axon, the function runs eagerly, unchanged.

    Usable bare (``@axon.function``) or with arguments
    (``@axon.function(jit_compile=True)``), on functions and methods. The
    results are those of calling the Python function; there is no tracing, so
    Python side effects (``print``) happen on every call, and there is no
    graph to compile: ``jit_compile``, ``reduce_retracing`` (and its old name
    ``experimental_relax_shapes``) and ``autograph`` are checked and recorded
    only. ``input_signature`` (a list of ``axon.TensorSpec``) is enforced: a
    call whose arguments do not match it raises, as in TensorFlow.

    Example:
        >>> @axon.function(input_signature=[axon.TensorSpec([None], axon.float32)])
        ... def double(x):
        ...     return 2 * x
        >>> double(axon.constant([1.0, 2.0]))
    """
    if experimental_relax_shapes is not None:
        reduce_retracing = bool(experimental_relax_shapes)

    def decorate(fn):
        return Function(fn, input_signature, autograph, jit_compile, reduce_retracing, name)

    return decorate if func is None else decorate(func)


__all__ = ["Function", "TensorSpec", "function", "functions_run_eagerly", "run_functions_eagerly"]
