"""``axon.nn``: TensorFlow's ``tf.nn`` functions."""

from axon.ops.activation import elu, leaky_relu, log_softmax, relu, sigmoid, softmax, tanh
from axon.ops.crossentropy import (
    sigmoid_cross_entropy_with_logits,
    softmax_cross_entropy_with_logits,
    sparse_softmax_cross_entropy_with_logits,
)
from axon.ops.dropout import dropout
from axon.ops.normalization import batch_normalization, fused_batch_norm

__all__ = [
    "batch_normalization", "dropout", "fused_batch_norm",
    "elu", "leaky_relu", "log_softmax", "relu", "sigmoid", "softmax", "tanh",
    "sigmoid_cross_entropy_with_logits", "softmax_cross_entropy_with_logits",
    "sparse_softmax_cross_entropy_with_logits",
]
