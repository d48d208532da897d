"""``axon.saving``: registration of custom layers and model loading (re-exports)."""

from axon.models.saving import get_registered_object, load_model, register_keras_serializable, save_model

__all__ = ["get_registered_object", "load_model", "register_keras_serializable", "save_model"]
