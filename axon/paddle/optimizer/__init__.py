"""``paddle.optimizer``: SGD, Momentum, Adam, AdamW, RMSProp, Adagrad and the ``lr`` schedulers."""

from axon.paddle.optimizer import lr
from axon.paddle.optimizer.optimizer import SGD, Adagrad, Adam, AdamW, Momentum, Optimizer, RMSProp

__all__ = ["SGD", "Adagrad", "Adam", "AdamW", "Momentum", "Optimizer", "RMSProp", "lr"]
