"""``axon.keras.backend``: Keras's backend helpers (re-exports)."""

from axon.backend import floatx, set_floatx
from axon.layers.base import clear_session

__all__ = ["clear_session", "floatx", "set_floatx"]
