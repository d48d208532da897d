"""``axon.nn``: TensorFlow's ``tf.nn`` functions."""

from axon import missing
from axon.ops.activation import elu, leaky_relu, log_softmax, relu, sigmoid, softmax, tanh
from axon.ops.conv import conv1d, conv2d, convolution
from axon.ops.crossentropy import (
    sigmoid_cross_entropy_with_logits,
    softmax_cross_entropy_with_logits,
    sparse_softmax_cross_entropy_with_logits,
)
from axon.ops.dropout import dropout
from axon.ops.norm import l2_normalize
from axon.ops.normalization import batch_normalization, fused_batch_norm
from axon.ops.pool import avg_pool1d, avg_pool2d, max_pool1d, max_pool2d
from axon.ops.smooth_activation import gelu, selu, silu, softplus, softsign
from axon.ops.sorting import top_k
from axon.ops.statistics import moments

__all__ = [
    "avg_pool1d", "avg_pool2d", "conv1d", "conv2d", "convolution", "max_pool1d", "max_pool2d",
    "batch_normalization", "dropout", "fused_batch_norm",
    "elu", "leaky_relu", "log_softmax", "relu", "sigmoid", "softmax", "tanh",
    "sigmoid_cross_entropy_with_logits", "softmax_cross_entropy_with_logits",
    "sparse_softmax_cross_entropy_with_logits",
    "gelu", "l2_normalize", "moments", "selu", "silu", "softplus", "softsign", "swish", "top_k",
]

swish = silu

__getattr__ = missing.module_getattr(__name__)
