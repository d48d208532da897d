"""``axon.models``: Sequential, functional and subclassed models, and saving."""

from axon.models.model import Model
from axon.models.saving import load_model
from axon.models.sequential import Sequential

__all__ = ["Model", "Sequential", "load_model"]
