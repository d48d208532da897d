"""axon: a small, readable deep learning framework on NumPy with a Keras API.

``import axon as tf`` gives the TensorFlow-style core (tensors, autodiff, ops);
``axon.keras`` the Keras API built on it.
"""

from axon import (
    activations,
    backend,
    callbacks,
    config,
    constraints,
    data,
    datasets,
    initializers,
    layers,
    linalg,
    losses,
    math,
    metrics,
    missing,
    model_selection,
    models,
    nn,
    ops,
    optimizers,
    random,
    regularizers,
    saving,
    utils,
)
from axon.autograd import (
    GradientTape,
    Tensor,
    UnconnectedGradients,
    Variable,
    constant,
    convert_to_tensor,
    enable_grad,
    grad,
    hessians,
    no_grad,
    tensor,
)
from axon.backend.dtypes import bool_ as bool  # noqa: A001 (TensorFlow's name)
from axon.backend.dtypes import float16, float32, float64, int8, int32, int64, uint8
from axon.function import TensorSpec, function
from axon.ops import (
    abs,
    add,
    add_n,
    argmax,
    argmin,
    argsort,
    boolean_mask,
    broadcast_to,
    cast,
    clip_by_global_norm,
    clip_by_norm,
    clip_by_value,
    concat,
    cumsum,
    divide,
    einsum,
    equal,
    exp,
    expand_dims,
    eye,
    fill,
    gather,
    gather_nd,
    greater,
    greater_equal,
    identity,
    less,
    less_equal,
    linspace,
    log,
    logical_and,
    logical_not,
    logical_or,
    matmul,
    maximum,
    minimum,
    multiply,
    negative,
    norm,
    not_equal,
    one_hot,
    ones,
    ones_like,
    pad,
    pow,
    range,
    rank,
    reduce_all,
    reduce_any,
    reduce_logsumexp,
    reduce_max,
    reduce_mean,
    reduce_min,
    reduce_prod,
    reduce_sum,
    reshape,
    shape,
    sigmoid,
    sign,
    size,
    sort,
    split,
    sqrt,
    square,
    squeeze,
    stack,
    stop_gradient,
    subtract,
    tanh,
    tile,
    transpose,
    unstack,
    where,
    zeros,
    zeros_like,
)
from axon.ops.manipulation import repeat  # not via axon.ops: axon.ops.repeat is a module

__version__ = "0.1.0"

from axon import (  # noqa: E402
    applications,
    explain,
    keras,  # noqa: E402  (needs everything above)
    plot,
)

__all__ = [
    "GradientTape", "Tensor", "Variable", "abs", "activations", "add", "add_n", "applications", "argmax", "argmin",
    "backend", "bool", "callbacks", "cast", "clip_by_value", "concat", "config", "constant", "convert_to_tensor",
    "constraints", "data", "datasets", "divide", "enable_grad", "exp", "expand_dims", "explain", "float16",
    "float32", "float64",
    "initializers", "int32", "int64", "int8", "keras", "layers", "linalg", "log", "losses", "math", "matmul",
    "maximum", "metrics", "minimum", "model_selection", "models", "multiply", "negative", "nn", "no_grad", "one_hot",
    "ones", "ones_like", "ops", "optimizers", "plot", "pow", "random", "range", "reduce_max", "reduce_mean",
    "reduce_min", "reduce_sum", "regularizers", "reshape", "saving", "sign", "sqrt", "square", "squeeze", "stack",
    "subtract", "tensor", "transpose", "uint8", "utils", "where", "zeros", "zeros_like",
    "gather", "gather_nd",
    "TensorSpec", "function",
    "UnconnectedGradients", "grad", "hessians", "stop_gradient",
    "argsort", "boolean_mask", "broadcast_to", "clip_by_global_norm", "clip_by_norm", "cumsum", "einsum", "equal",
    "eye", "fill", "greater", "greater_equal", "identity", "less", "less_equal", "linspace", "logical_and",
    "logical_not", "logical_or", "norm", "not_equal", "pad", "rank", "reduce_all", "reduce_any", "reduce_logsumexp",
    "reduce_prod", "repeat", "shape", "sigmoid", "size", "sort", "split", "tanh", "tile", "unstack",
]


def _lazy_module(name: str):
    # axon.wrappers imports scikit-learn (slow): load it only when asked for.
    if name == "wrappers":
        import importlib

        return importlib.import_module("axon.wrappers")
    raise AttributeError(f"module 'axon' has no attribute {name!r}")


__getattr__ = missing.module_getattr(__name__, fallback=_lazy_module)
