"""Differentiable primitives, one small family a file.

Every public function here checks its arguments and applies one ``Op`` (a
forward and a backward on raw arrays, side by side).
"""

from axon.ops.activation import elu, leaky_relu, log_softmax, relu, sigmoid, softmax, tanh
from axon.ops.creation import one_hot, ones, ones_like, range, zeros, zeros_like
from axon.ops.crossentropy import (
    sigmoid_cross_entropy_with_logits,
    softmax_cross_entropy_with_logits,
    sparse_softmax_cross_entropy_with_logits,
)
from axon.ops.elementwise import (
    abs,
    add,
    add_n,
    clip_by_value,
    divide,
    exp,
    log,
    maximum,
    minimum,
    multiply,
    negative,
    pow,
    power,
    sign,
    sqrt,
    square,
    subtract,
    where,
)
from axon.ops.gradient import stop_gradient
from axon.ops.indexing import gather, gather_nd, gather_rows, scatter_add_rows
from axon.ops.matmul import matmul
from axon.ops.reduce import argmax, argmin, reduce_max, reduce_mean, reduce_min, reduce_sum
from axon.ops.shape import broadcast_to, cast, concat, expand_dims, getitem, reshape, squeeze, stack, transpose

__all__ = [
    "abs", "add", "add_n", "argmax", "argmin", "cast", "clip_by_value", "concat", "divide", "elu", "exp",
    "expand_dims", "getitem", "leaky_relu", "log", "log_softmax", "matmul", "maximum", "minimum",
    "multiply", "negative", "one_hot", "ones", "ones_like", "pow", "power", "range", "reduce_max",
    "reduce_mean", "reduce_min", "reduce_sum", "relu", "reshape", "sigmoid",
    "sigmoid_cross_entropy_with_logits", "sign", "softmax", "softmax_cross_entropy_with_logits",
    "sparse_softmax_cross_entropy_with_logits", "sqrt", "square", "squeeze", "stack", "subtract",
    "tanh", "transpose", "where", "zeros", "zeros_like",
    "gather", "gather_nd", "gather_rows", "scatter_add_rows",
    "broadcast_to", "stop_gradient",
]
