"""``keras.ops.image``: image operations."""

from axon.ops.image import resize

__all__ = ["resize"]
