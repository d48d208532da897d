"""``axon.callbacks``: hooks into the training loop, as in Keras."""

from axon.callbacks.base import Callback, CallbackList
from axon.callbacks.csv_logger import CSVLogger
from axon.callbacks.early_stopping import EarlyStopping
from axon.callbacks.history import History
from axon.callbacks.learning_rate import LearningRateScheduler, ReduceLROnPlateau
from axon.callbacks.misc import LambdaCallback, TerminateOnNaN
from axon.callbacks.model_checkpoint import ModelCheckpoint
from axon.callbacks.progbar import Progbar, ProgbarLogger
from axon.callbacks.tensorboard import TensorBoard

__all__ = [
    "CSVLogger", "Callback", "CallbackList", "EarlyStopping", "History", "LambdaCallback", "LearningRateScheduler",
    "ModelCheckpoint", "Progbar", "ProgbarLogger", "ReduceLROnPlateau", "TensorBoard", "TerminateOnNaN",
]

from axon import missing as _missing  # noqa: E402  (the hook for names axon lacks)

__getattr__ = _missing.module_getattr(__name__)
