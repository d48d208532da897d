"""``axon.config``: the float type and the array backend."""

from axon.backend import floatx, set_backend, set_floatx


def backend() -> str:
    """The name of the active array backend, ``'numpy'`` or ``'cupy'``."""
    from axon import backend as B

    return B.name


__all__ = ["floatx", "set_floatx", "set_backend", "backend"]
