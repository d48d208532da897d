"""``axon.utils``: gradient checking and data helpers."""

from axon.utils.data_utils import normalize, set_random_seed, to_categorical
from axon.utils.gradcheck import gradient_check

__all__ = ["gradient_check", "normalize", "set_random_seed", "to_categorical"]
