"""``axon.saving``: registration of custom layers and model loading (re-exports)."""

from axon.io import load_model, save_model
from axon.models.saving import get_registered_object, register_keras_serializable
from axon.object_registration import (
    CustomObjectScope,
    custom_object_scope,
    get_custom_objects,
    get_registered_name,
)

__all__ = ["get_registered_object", "load_model", "register_keras_serializable", "save_model"]
__all__ += ["CustomObjectScope", "custom_object_scope", "get_custom_objects", "get_registered_name"]
