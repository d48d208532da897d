"""``axon.paddle``: the PaddlePaddle 2.x / 3.x dygraph and high-level API over axon's core.

    import axon.paddle as paddle                  # was: import paddle
    import axon.paddle.nn as nn                   # was: import paddle.nn as nn
    import axon.paddle.vision.transforms as T     # was: import paddle.vision.transforms as T

Tensors, layers, losses and optimizers are axon's ops, autodiff and update rules
under Paddle's names, layouts (NCHW images, ``Linear`` weights ``(in, out)``,
``Conv2D`` weights ``(out, in, kh, kw)``), defaults and printed formats.
``paddle.save`` / ``paddle.load`` use a safe (non-pickle) format under Paddle's
file names. ``import axon`` does not import this package.
"""

import numpy as _np

from axon.paddle import (
    autograd,
    callbacks,
    device,
    io,
    metric,
    nn,
    optimizer,
    regularizer,
    static,
    text,
    vision,
)
from axon.paddle.creation import (
    arange,
    bernoulli,
    diag,
    empty,
    empty_like,
    eye,
    full,
    full_like,
    linspace,
    meshgrid,
    multinomial,
    normal,
    ones,
    ones_like,
    rand,
    randint,
    randn,
    randperm,
    standard_normal,
    to_tensor,
    uniform,
    zeros,
    zeros_like,
)
from axon.paddle.device import CPUPlace, CUDAPlace, get_device, is_compiled_with_cuda, set_device
from axon.paddle.framework import (
    disable_static,
    enable_grad,
    enable_static,
    get_default_dtype,
    grad,
    in_dynamic_mode,
    is_grad_enabled,
    no_grad,
    seed,
    set_default_dtype,
    set_grad_enabled,
)
from axon.paddle.hapi import Model, summary
from axon.paddle.manipulation import (
    assign,
    broadcast_to,
    cast,
    chunk,
    concat,
    expand,
    expand_as,
    flatten,
    flip,
    gather,
    increment,
    index_select,
    masked_select,
    moveaxis,
    numel,
    one_hot,
    reshape,
    roll,
    shape,
    slice,
    split,
    squeeze,
    stack,
    t,
    tile,
    transpose,
    tril,
    triu,
    unbind,
    unsqueeze,
)
from axon.paddle.math import (
    abs,
    add,
    all,
    allclose,
    amax,
    amin,
    any,
    argmax,
    argmin,
    argsort,
    bmm,
    ceil,
    clip,
    cumsum,
    dist,
    divide,
    dot,
    equal,
    equal_all,
    exp,
    floor,
    floor_divide,
    floor_mod,
    greater_equal,
    greater_than,
    isclose,
    isfinite,
    isinf,
    isnan,
    less_equal,
    less_than,
    log,
    log2,
    log10,
    logical_and,
    logical_not,
    logical_or,
    logical_xor,
    logsumexp,
    matmul,
    max,
    maximum,
    mean,
    min,
    minimum,
    mm,
    mod,
    multiply,
    neg,
    nonzero,
    norm,
    not_equal,
    pow,
    reciprocal,
    remainder,
    round,
    rsqrt,
    scale,
    sigmoid,
    sign,
    sort,
    sqrt,
    square,
    std,
    subtract,
    sum,
    tanh,
    topk,
    unique,
    var,
    where,
)
from axon.paddle.param_attr import ParamAttr
from axon.paddle.serialization import load, save
from axon.paddle.tensor import Parameter, Tensor

# Paddle's dtypes: compare with x.dtype (NumPy dtypes here).
float16 = _np.dtype("float16")
float32 = _np.dtype("float32")
float64 = _np.dtype("float64")
int8 = _np.dtype("int8")
int16 = _np.dtype("int16")
int32 = _np.dtype("int32")
int64 = _np.dtype("int64")
uint8 = _np.dtype("uint8")
bool = _np.dtype("bool")  # noqa: A001 (Paddle's name)

__version__ = "3.3.1"


__all__ = [
    "CPUPlace", "CUDAPlace", "Model", "ParamAttr", "Parameter", "Tensor", "abs", "add", "all", "allclose", "amax",
    "amin", "any", "arange", "argmax", "argmin", "argsort", "assign", "autograd", "bernoulli", "bmm", "bool",
    "broadcast_to", "callbacks", "cast", "ceil", "chunk", "clip", "concat", "create_parameter", "cumsum", "device",
    "diag", "disable_static", "dist", "divide", "dot", "empty", "empty_like", "enable_grad", "enable_static",
    "equal", "equal_all", "exp", "expand", "expand_as", "eye", "flatten", "flip", "float16", "float32", "float64",
    "floor", "floor_divide", "floor_mod", "full", "full_like", "gather", "get_default_dtype", "get_device", "grad",
    "greater_equal", "greater_than", "in_dynamic_mode", "increment", "index_select", "int16", "int32", "int64",
    "int8", "io", "is_compiled_with_cuda", "is_grad_enabled", "is_tensor", "isclose", "isfinite", "isinf", "isnan",
    "less_equal", "less_than", "linspace", "load", "log", "log10", "log2", "logical_and", "logical_not",
    "logical_or", "logical_xor", "logsumexp", "masked_select", "matmul", "max", "maximum", "mean", "meshgrid",
    "metric", "min", "minimum", "mm", "mod", "moveaxis", "multinomial", "multiply", "neg", "nn", "no_grad",
    "nonzero", "norm", "normal", "not_equal", "numel", "one_hot", "ones", "ones_like", "optimizer", "pow", "rand",
    "randint", "randn", "randperm", "reciprocal", "regularizer", "remainder", "reshape", "roll", "round", "rsqrt",
    "save", "scale", "seed", "set_default_dtype", "set_device", "set_grad_enabled", "shape", "sigmoid", "sign",
    "slice", "sort", "split", "sqrt", "square", "squeeze", "stack", "standard_normal", "static", "std", "subtract",
    "sum", "summary", "t", "tanh", "text", "tile", "to_tensor", "topk", "transpose", "tril", "triu", "uint8",
    "unbind", "uniform", "unique", "unsqueeze", "var", "vision", "where", "zeros", "zeros_like",
]


def create_parameter(shape, dtype="float32", name=None, attr=None, is_bias=False,
                     default_initializer=None) -> Parameter:
    """A standalone trainable parameter (as a layer's ``create_parameter`` makes)."""
    return nn.Layer().create_parameter(shape, attr if attr is not None else name, dtype, is_bias,
                                       default_initializer)


def is_tensor(x) -> bool:
    """Whether ``x`` is a Paddle Tensor."""
    return isinstance(x, Tensor)



def __getattr__(name: str):
    import importlib

    if name == "fluid":
        return importlib.import_module("axon.paddle.fluid")
    if name == "jit":
        raise AttributeError("paddle.jit (to_static, jit.save / jit.load) compiles static graphs, which axon.paddle "
                             "does not have: run the Layer directly, and save weights with paddle.save(state_dict).")
    if name in ("distributed", "DataParallel", "amp", "inference", "onnx", "hub", "sparse", "fft", "signal",
                "quantization", "profiler", "utils", "incubate", "linalg", "distribution"):
        raise AttributeError(f"paddle.{name} is not available in axon.paddle.")
    raise AttributeError(f"module 'axon.paddle' has no attribute {name!r}")
