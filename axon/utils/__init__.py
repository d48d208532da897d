"""``axon.utils``: gradient checking and data helpers."""

from axon.models.step_data import pack_x_y_sample_weight, unpack_x_y_sample_weight
from axon.utils.data_utils import normalize, set_random_seed, to_categorical
from axon.utils.dataset_from_directory import image_dataset_from_directory, text_dataset_from_directory
from axon.utils.gradcheck import gradient_check
from axon.utils.image_utils import array_to_img, img_to_array, load_img, save_img
from axon.utils.plot_model import plot_model
from axon.utils.sequence import pad_sequences

__all__ = ["gradient_check", "plot_model", "normalize", "set_random_seed", "to_categorical"]
from axon.object_registration import (  # noqa: E402  (Keras also has these under keras.utils)
    CustomObjectScope,
    custom_object_scope,
    get_custom_objects,
    get_registered_name,
    register_keras_serializable,
)

__all__ += ["pack_x_y_sample_weight", "unpack_x_y_sample_weight"]
__all__ += ["CustomObjectScope", "custom_object_scope", "get_custom_objects", "get_registered_name",
            "register_keras_serializable"]
__all__ += ["pad_sequences", "text_dataset_from_directory", "image_dataset_from_directory"]
__all__ += ["array_to_img", "img_to_array", "load_img", "save_img"]
from axon.models.batch_sources import PyDataset, Sequence  # noqa: E402

__all__ += ["PyDataset", "Sequence"]

from axon import missing as _missing  # noqa: E402  (the hook for names axon lacks)

__getattr__ = _missing.module_getattr(__name__)
