"""The array module behind axon: NumPy by default, CuPy on a GPU.

This is the only place that knows which array library is active. Every other
module reads ``backend.xp`` at call time (never ``from axon.backend import xp``,
which would freeze the choice), asks ``floatx()`` for the default float type and
draws random numbers from ``rng()``, the calling thread's seeded generator.

Math in ``axon.ops`` is written with NumPy's functions: CuPy arrays implement
NumPy's dispatch protocols (``__array_ufunc__``, ``__array_function__``), so the
same code runs on both; only array *creation* must go through ``xp``.
"""

from __future__ import annotations

import os
import threading
import zlib

import numpy as np

from axon.backend import allocator
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


class _Stream(threading.local):
    """One generator per thread, so that a thread's random numbers (its model's
    initial weights, its shuffles, its dropout masks) never depend on what other
    threads draw or seed meanwhile. ``backend`` says which backend it was made for."""

    generator = None
    backend = None


_stream = _Stream()
_seed = None   # the last seed given to set_seed: new threads derive theirs from it
_seed_lock = threading.Lock()


def set_backend(backend: str) -> None:
    """Select the array library: ``'numpy'`` (default) or ``'cupy'`` (a GPU).

    Raises:
        ValueError: for any other name.
        ImportError: for ``'cupy'`` when CuPy is not installed.
    """
    global xp, name
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
    set_seed(None)  # other threads remake their generators at their next draw


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
    """The calling thread's random generator (seeded by ``set_seed``).

    The thread that called ``set_seed(s)`` draws from ``generator(s)`` itself;
    a thread that draws without having seeded gets its own stream, derived from
    the last seed set (in any thread) and its thread name. A thread's stream is
    never touched by other threads, so a seeded program repeats exactly even
    when several threads build, train or augment at once.
    """
    stream = _stream
    if stream.backend != name:
        with _seed_lock:
            seed = _seed
        if seed is not None:
            key = zlib.crc32(threading.current_thread().name.encode())
            seed = int(np.random.SeedSequence(seed, spawn_key=(key,)).generate_state(1, np.uint64)[0])
        stream.generator, stream.backend = generator(seed), name
    return stream.generator


def set_seed(seed: int | None) -> None:
    """Reseed the calling thread's generator (initializers, dropout, shuffling).

    It becomes ``generator(seed)``; threads that start drawing later derive
    their streams from ``seed`` (see ``rng``).
    """
    global _seed
    with _seed_lock:
        _seed = seed
    _stream.generator, _stream.backend = generator(seed), name


def to_numpy(array) -> np.ndarray:
    """Return ``array`` as a NumPy array (copies from the GPU under CuPy)."""
    if name == "cupy" and not isinstance(array, np.ndarray):
        return array.get()
    return np.asarray(array)


def asarray(data, dtype=None):
    """Convert ``data`` to an array of the active backend.

    Python floats (and lists of them) become ``floatx()`` and Python ints
    int32 (int64 when a value does not fit), as in TensorFlow; arrays keep
    their dtype unless ``dtype`` is given.
    """
    if dtype is not None:
        return xp.asarray(data, dtype=as_dtype(dtype))
    if isinstance(data, (np.ndarray, np.generic)) or (name == "cupy" and isinstance(data, xp.ndarray)):
        return xp.asarray(data)
    array = xp.asarray(data)
    if array.dtype == np.float64:
        array = array.astype(_floatx)
    elif array.dtype == np.int64 and (array.size == 0 or _INT32.min <= array.min() and array.max() <= _INT32.max):
        array = array.astype(np.int32)  # Python ints are int32, as in TensorFlow (int64 when they do not fit)
    return array


_INT32 = np.iinfo(np.int32)


if allocator.requested_by_environment():
    allocator.keep_freed_memory()

if os.environ.get("AXON_BACKEND"):
    set_backend(os.environ["AXON_BACKEND"])
