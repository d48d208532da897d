"""``axon.models``: Sequential, functional and subclassed models, and saving."""

from axon.io import load_model
from axon.models.cloning import clone_model
from axon.models.model import Model
from axon.models.sequential import Sequential
from axon.models.serialization import model_from_json

__all__ = ["Model", "Sequential", "load_model"]
__all__ += ["clone_model", "model_from_json"]
