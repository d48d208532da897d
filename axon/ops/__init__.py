"""Differentiable primitives, one small family a file.

Every public function here checks its arguments and applies one ``Op`` (a
forward and a backward on raw arrays, side by side).
"""

from axon.ops.activation import elu, leaky_relu, log_softmax, relu, sigmoid, softmax, tanh
from axon.ops.comparison import (
    equal,
    greater,
    greater_equal,
    is_finite,
    is_inf,
    is_nan,
    less,
    less_equal,
    logical_and,
    logical_not,
    logical_or,
    logical_xor,
    not_equal,
    reduce_all,
    reduce_any,
)
from axon.ops.creation import eye, fill, linspace, one_hot, ones, ones_like, range, zeros, zeros_like
from axon.ops.crossentropy import (
    sigmoid_cross_entropy_with_logits,
    softmax_cross_entropy_with_logits,
    sparse_softmax_cross_entropy_with_logits,
)
from axon.ops.cumulative import cumsum
from axon.ops.einsum import einsum
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
from axon.ops.introspection import rank, shape, size
from axon.ops.manipulation import (
    boolean_mask,
    identity,
    pad,
    split,
    take_along_axis,
    tile,
    unstack,
)
from axon.ops.matmul import matmul
from axon.ops.norm import clip_by_global_norm, clip_by_norm, global_norm, l2_normalize, norm
from axon.ops.reduce import argmax, argmin, reduce_max, reduce_mean, reduce_min, reduce_sum
from axon.ops.shape import broadcast_to, cast, concat, expand_dims, getitem, reshape, squeeze, stack, transpose
from axon.ops.sorting import argsort, sort, top_k
from axon.ops.statistics import moments, reduce_logsumexp, reduce_prod, reduce_std, reduce_variance

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
    "equal", "greater", "greater_equal", "is_finite", "is_inf", "is_nan", "less", "less_equal", "logical_and",
    "logical_not", "logical_or", "logical_xor", "not_equal", "reduce_all", "reduce_any", "eye", "fill", "linspace",
    "cumsum", "einsum", "rank", "shape", "size", "boolean_mask", "identity", "pad",
    "split", "take_along_axis", "tile", "unstack", "clip_by_global_norm", "clip_by_norm",
    "global_norm", "l2_normalize", "norm", "argsort", "sort", "top_k", "moments", "reduce_logsumexp", "reduce_prod",
    "reduce_std", "reduce_variance",
]
