"""The array module behind axon: NumPy by default, CuPy on a GPU.

This is the only place that knows which array library is active. Every other
module reads ``backend.xp`` at call time (never ``from axon.backend import xp``,
which would freeze the choice), asks ``floatx()`` for the default float type and
draws random numbers from ``rng()``, the one seeded generator of the process.

Math in ``axon.ops`` is written with NumPy's functions: CuPy arrays implement
NumPy's dispatch protocols (``__array_ufunc__``, ``__array_function__``), so the
same code runs on both; only array *creation* must go through ``xp``.
"""

from __future__ import annotations

import os

import numpy as np

from axon.backend.allocator import keep_freed_memory
from axon.backend.dtypes import as_dtype

__all__ = [
    "xp", "name", "set_backend", "floatx", "set_floatx", "rng", "set_seed",
    "to_numpy", "asarray", "as_dtype", "generator",
]

xp = np
name = "numpy"
_floatx = np.dtype("float32")


def generator(seed=None):
    """A new random generator of the active backend.

    NumPy's is a Philox counter-based generator, the family TensorFlow's random
    ops use (the numbers differ from TensorFlow's all the same).
    """
    if name == "numpy":
        return np.random.Generator(np.random.Philox(seed))
    return xp.random.default_rng(seed)


_rng = generator()


def set_backend(backend: str) -> None:
    """Select the array library: ``'numpy'`` (default) or ``'cupy'`` (a GPU).

    Raises:
        ValueError: for any other name.
        ImportError: for ``'cupy'`` when CuPy is not installed.
    """
    global xp, name, _rng
    if backend == "numpy":
        xp, name = np, "numpy"
    elif backend == "cupy":
        try:
            import cupy
        except ImportError as err:
            raise ImportError(
                "axon backend 'cupy' needs CuPy, which is not installed. Install the "
                "build for your CUDA version (e.g. `pip install cupy-cuda12x`) or use "
                "set_backend('numpy')."
            ) from err
        xp, name = cupy, "cupy"
    else:
        raise ValueError(f"Unknown backend {backend!r}. Valid backends: 'numpy', 'cupy'.")
    _rng = generator()


def floatx() -> str:
    """The default float type of weights and data, ``'float32'`` unless set."""
    return _floatx.name


def set_floatx(dtype) -> None:
    """Set the default float type (``'float16'``, ``'float32'`` or ``'float64'``)."""
    global _floatx
    dt = as_dtype(dtype)
    if dt.kind != "f":
        raise ValueError(f"floatx must be a float type. Received: dtype={dtype!r}")
    _floatx = dt


def rng():
    """The process-wide random generator (seeded by ``set_seed``)."""
    return _rng


def set_seed(seed: int | None) -> None:
    """Reseed the generator behind initializers, dropout and shuffling."""
    global _rng
    _rng = generator(seed)


def to_numpy(array) -> np.ndarray:
    """Return ``array`` as a NumPy array (copies from the GPU under CuPy)."""
    if name == "cupy" and not isinstance(array, np.ndarray):
        return array.get()
    return np.asarray(array)


def asarray(data, dtype=None):
    """Convert ``data`` to an array of the active backend.

    Python floats (and lists of them) become ``floatx()``; arrays keep their
    dtype unless ``dtype`` is given.
    """
    if dtype is not None:
        return xp.asarray(data, dtype=as_dtype(dtype))
    if isinstance(data, (np.ndarray, np.generic)) or (name == "cupy" and isinstance(data, xp.ndarray)):
        return xp.asarray(data)
    array = xp.asarray(data)
    if array.dtype == np.float64:
        array = array.astype(_floatx)
    return array


keep_freed_memory()

if os.environ.get("AXON_BACKEND"):
    set_backend(os.environ["AXON_BACKEND"])
