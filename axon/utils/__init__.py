"""``axon.utils``: gradient checking and data helpers."""

from axon.utils.gradcheck import gradient_check

__all__ = ["gradient_check"]
