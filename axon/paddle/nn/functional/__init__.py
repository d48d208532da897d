"""``paddle.nn.functional``: the stateless forms of the layers, on axon's ops."""

from axon.paddle.nn.functional.activation import (
    elu,
    gelu,
    hardsigmoid,
    hardswish,
    hardtanh,
    leaky_relu,
    log_sigmoid,
    log_softmax,
    mish,
    prelu,
    relu,
    relu6,
    relu_,
    selu,
    sigmoid,
    silu,
    softmax,
    softplus,
    swish,
    tanh,
    tanhshrink,
)
from axon.paddle.nn.functional.common import (
    alpha_dropout,
    cosine_similarity,
    dropout,
    embedding,
    flatten,
    interpolate,
    linear,
    one_hot,
    pad,
    upsample,
)
from axon.paddle.nn.functional.conv import conv1d, conv2d, conv2d_transpose
from axon.paddle.nn.functional.loss import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    cross_entropy,
    kl_div,
    l1_loss,
    margin_ranking_loss,
    mse_loss,
    nll_loss,
    smooth_l1_loss,
    softmax_with_cross_entropy,
    square_error_cost,
)
from axon.paddle.nn.functional.norm import batch_norm, instance_norm, layer_norm, normalize
from axon.paddle.nn.functional.pooling import (
    adaptive_avg_pool1d,
    adaptive_avg_pool2d,
    adaptive_max_pool1d,
    adaptive_max_pool2d,
    avg_pool1d,
    avg_pool2d,
    max_pool1d,
    max_pool2d,
)

__all__ = [
    "adaptive_avg_pool1d", "adaptive_avg_pool2d", "adaptive_max_pool1d", "adaptive_max_pool2d", "alpha_dropout",
    "avg_pool1d", "avg_pool2d", "batch_norm", "binary_cross_entropy", "binary_cross_entropy_with_logits", "conv1d",
    "conv2d", "conv2d_transpose", "cosine_similarity", "cross_entropy", "dropout", "elu", "embedding", "flatten",
    "gelu", "hardsigmoid", "hardswish", "hardtanh", "instance_norm", "interpolate", "kl_div", "l1_loss",
    "layer_norm", "leaky_relu", "linear", "log_sigmoid", "log_softmax", "margin_ranking_loss", "max_pool1d",
    "max_pool2d", "mish", "mse_loss", "nll_loss", "normalize", "one_hot", "pad", "prelu", "relu", "relu6", "relu_",
    "selu", "sigmoid", "silu", "smooth_l1_loss", "softmax", "softmax_with_cross_entropy", "softplus",
    "square_error_cost", "swish", "tanh", "tanhshrink", "upsample",
]
