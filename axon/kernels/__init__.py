"""Optional compiled kernels (numba) for the few ops where NumPy's passes dominate.

axon works without them: every op has a NumPy path, and these kernels are used
only when all of this holds: the NumPy backend is active, numba is installed
(``pip install 'axon[fast]'``), and the environment variable ``AXON_JIT`` is not
``0``. They are single passes over memory that NumPy can only express as several
whole-array passes plus temporaries: max pooling with its argmax, the col2im
of a convolution's input gradient (the GEMMs stay with BLAS), and ReLU.

numba is imported on first use, not by ``import axon``; each kernel is compiled
on its first call and cached on disk next to its module.

Example:
    >>> from axon import kernels
    >>> k = kernels.get("pool")   # the module of pooling kernels, or None
"""

from __future__ import annotations

import importlib
import os
import sys

from axon import backend as B

_MODULES = {"pool": "axon.kernels.pool", "conv": "axon.kernels.conv", "elementwise": "axon.kernels.elementwise"}
_loaded: dict = {}
_failed = False


def enabled() -> bool:
    """Whether compiled kernels may be used now: the NumPy backend, ``AXON_JIT`` not ``0``,
    and no failed import of numba so far."""
    return B.name == "numpy" and not _failed and os.environ.get("AXON_JIT", "1") != "0"


def get(name: str, if_loaded: bool = False):
    """The kernel module ``name`` (``'pool'``, ``'conv'`` or ``'elementwise'``), or None when kernels
    are off or numba cannot be imported.

    With ``if_loaded``, also None while numba has not been imported yet: for a
    kernel whose gain alone does not pay for loading numba and LLVM (~120 MB).
    """
    global _failed
    if not enabled() or (if_loaded and "numba" not in sys.modules):
        return None
    module = _loaded.get(name)
    if module is None:
        try:
            module = importlib.import_module(_MODULES[name])
        except ImportError:
            _failed = True  # numba missing (or broken): the NumPy paths take over for good
            return None
        _loaded[name] = module
    return module
